"""Doubts that turn a sure reading into a question: a silent misreading changes a verdict,
while a confirmation costs one tap."""

from __future__ import annotations

from bot.contracts import AnswerReading
from bot.kb.answer_types import Span
from bot.kb.answer_vocab import BREAK, AnswerVocab, word_form
from bot.kb.served_vocab import ServedVocab

# words of a clause set against the reading ("... but the finance director decides") that no
# phrase explains: this many make the clause a possible second group the reader cannot see
UNREAD_WORDS = 2
MIN_LETTERS = 4  # shorter words are mostly function words ("and", "of", "is")
# words before a clause's subject ("the kids …, and the grown-ups …")
LEAD = frozenset(
    word_form(w)
    for w in (
        *("the", "our", "my", "their", "and", "but", "then", "so", "both", "all", "some", "most"),
        *("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    )
)
# words for everyone served, which set no group apart ("clients stay, customers trust us")
GENERIC_PEOPLE = (
    "client",
    "customer",
    "people",
    "person",
    "everyone",
    "anyone",
    "user",
    "individual",
)


def doubted(
    reading: AnswerReading,
    vocab: AnswerVocab,
    words: tuple[str, ...],
    raw: tuple[str, ...],
    spans: list[Span],
) -> AnswerReading:
    """A reading at an end of the scale is confirmed first when a clause set against it ("but",
    "while", "plus"...) says something the vocabulary does not cover: it may name another group
    of people, or a limit ("they ask our advice but the finance director decides")."""
    if reading.status != "read" or reading.side in (None, "mixed"):
        return reading
    silent = _silent_contrast(vocab, words, raw, spans)
    if silent is None:
        return reading
    why = (*reading.why, f"not understood: {silent} (asked first)")
    return AnswerReading(reading.dimension, "confirm", reading.option, reading.side, why)


def _silent_contrast(
    vocab: AnswerVocab, words: tuple[str, ...], raw: tuple[str, ...], spans: list[Span]
) -> str | None:
    """The words of the first clause opened by a contrast word in which no phrase was found
    and at least UNREAD_WORDS words are unexplained, or None."""
    covered: set[int] = set()
    opens: dict[int, int] = {}  # where a contrast-opened clause starts -> where its word was
    for sp in spans:
        covered.update(range(sp.start, sp.end))
        if any(t[0] == "contrast" for t in sp.tags):
            opens[sp.end] = sp.start
    known = vocab.fillers | vocab.plain_words
    starts = set(opens.values())
    for start, at in sorted(opens.items()):
        end = next(
            (k for k in range(start, len(words)) if words[k] == BREAK or k in starts), len(words)
        )
        clause = range(start, end)
        if any(k in covered for k in clause):
            continue
        unread = [
            k
            for k in clause
            if len(words[k]) >= MIN_LETTERS and words[k].isalpha() and words[k] not in known
        ]
        if len(unread) >= UNREAD_WORDS:
            return " ".join(raw[at:end])
    return None


def people_words(served: ServedVocab, vocab: AnswerVocab) -> frozenset[str]:
    """Words that name a kind of people or organisation served ("kids", "chefs", "schools",
    "the others"), folded as answers are; the generic ones ("clients", "people") name no group."""
    named = {*served.consumers, *served.parties, *vocab.people}
    named.update(p[0] for p in vocab.groups if len(p) == 1)
    return frozenset(word_form(w) for w in named) - {word_form(w) for w in GENERIC_PEOPLE}


def two_subjects(words: tuple[str, ...], people: frozenset[str]) -> bool:
    """Whether two clauses open with different groups of people ("the tourists right there,
    the chefs after a month"; "kids keep coming back, adults buy one chair"; "the players
    who get hooked …, the others buy one"): two groups, maybe, and one group's words do not
    speak for both. LEAD words may come first ("the", "our")."""
    subjects: set[str] = set()
    start = 0
    for end in [k for k, w in enumerate(words) if w == BREAK] + [len(words)]:
        k = start
        while k < end and (words[k] in LEAD or words[k].isdigit()):
            k += 1
        if k + 1 < end and words[k] in people and words[k + 1] != "of":  # ("a couple of")
            subjects.add(words[k])
        start = end + 1
    return len(subjects) > 1
