"""Doubts that turn a sure reading into a question: a silent misreading changes a verdict,
while a confirmation costs one tap."""

from __future__ import annotations

from bot.contracts import AnswerReading
from bot.kb.answer_types import Span
from bot.kb.answer_vocab import BREAK, AnswerVocab

# words of a clause set against the reading ("... but the finance director decides") that no
# phrase explains: this many make the clause a possible second group the reader cannot see
UNREAD_WORDS = 2
MIN_LETTERS = 4  # shorter words are mostly function words ("and", "of", "is")


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
