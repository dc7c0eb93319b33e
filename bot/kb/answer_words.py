"""Word sets and small text helpers of the answer reader (clauses, phrases, sentence shapes)."""

from __future__ import annotations

from functools import lru_cache

from bot.kb.answer_types import Span
from bot.kb.answer_vocab import BREAK, TOKEN, Phrase, Rule, fold_answer, word_form

# words after "yes"/"no" that show it was said on its own ("no they'd stay", "yes most would")
PRONOUNS = frozenset(
    word_form(w)
    for w in (
        "they",
        "we",
        "i",
        "theyd",
        "theyll",
        "theyre",
        "it",
        "its",
        "that",
        "thats",
        "most",
        "id",
        "ill",
        "im",
        "he",
        "she",
        "people",
        "our",
        "my",
    )
)
# a new subject two or more words after a negator starts a statement it does not reach ("when
# I say it isn't worth restoring they believe me"); "don't think they would" still negates
NEW_SUBJECTS = frozenset(
    word_form(w) for w in ("they", "we", "i", "you", "he", "she", "theyd", "theyll", "youd")
)
# an opening "nah" answers the question; these words after it start the statement that follows
INTERJECTED_NO = frozenset(word_form(w) for w in ("nah", "nope", "naw", "no", "nay"))
SUBJECTS_AFTER_NO = NEW_SUBJECTS | frozenset(
    word_form(w) for w in ("anyone", "anybody", "everyone", "everybody", "people", "it", "its")
)
COUNTS = {word_form("once"): 1.0, word_form("twice"): 2.0}
TIMES = frozenset(word_form(w) for w in ("time", "times", "x"))
PER = frozenset(("a", "an", "per"))
EVERY = frozenset(word_form(w) for w in ("every", "each"))
PER_ITEM = frozenset(("per",))
WITHOUT = (word_form("without"),)
NOT_A_NO = frozenset(word_form(w) for w in ("without", "no", "nothing", "none", "nobody"))
REFUSING = frozenset(word_form(w) for w in ("neither", "nor"))  # "neither really": no option
PERCENT = word_form("percent")
MONEY = frozenset(
    word_form(w)
    for w in (
        "quid",
        "pounds",
        "pound",
        "dollars",
        "dollar",
        "euros",
        "euro",
        "bucks",
        "p",
        "pence",
    )
)
# an opening no that is only an interjection: "nope, standard", "nah all standard"
INTERJECTIONS = frozenset((word_form(w),) for w in ("no", "nah", "nope", "naw", "nay"))
# before "kind of"/"sort of" these make it a kind, not a hedge ("this kind of audit")
KIND_OF = frozenset(
    word_form(w)
    for w in (
        "this",
        "that",
        "these",
        "those",
        "the",
        "what",
        "which",
        "any",
        "every",
        "each",
        "some",
        "same",
        "one",
        "my",
        "our",
        "their",
        "your",
    )
)
KIND = frozenset(word_form(w) for w in ("kind", "sort", "type"))
MODALS = frozenset(word_form(w) for w in ("would", "will", "wouldnt", "wont"))
# a clause that opens with these concludes the answer ("..., so no")
CONCLUDE = frozenset((word_form(w),) for w in ("so", "therefore", "meaning", "hence")) | {
    (word_form("which"), word_form("means")),
    (word_form("in"), word_form("short")),
}
# a clause that opens with these restricts what came before ("..., not on pricing")
RESTRICT = frozenset(
    (word_form(a), word_form(b))
    for a in ("not", "but")
    for b in ("on", "for", "with", "about", "in", "when", "over", "not")
)
ONCE, EITHER, OR = word_form("once"), word_form("either"), "or"
# after "once" these make it "when" ("once a company signs", "once they see it")
SUBJECTS = frozenset(
    word_form(w)
    for w in (
        "a",
        "an",
        "the",
        "they",
        "we",
        "you",
        "i",
        "it",
        "he",
        "she",
        "their",
        "our",
        "your",
        "people",
        "someone",
        "somebody",
        "everything",
        "theyre",
        "youre",
        "its",
        "were",
        "im",
    )
)
NEGATED_AMOUNT = {"most": "part", "full": "none", "part": "none", "none": "part"}
BETWEEN_NUMBERS = frozenset(
    word_form(w)
    for w in (
        "of",
        "to",
        "or",
        "and",
        "more",
        "than",
        "over",
        "under",
        "plus",
        "about",
        "around",
        "roughly",
        "nearly",
        "almost",
        "least",
        "at",
        "maybe",
        "other",
    )
)


@lru_cache(maxsize=4096)
def answer_words_cached(text: str) -> Phrase:
    """A text's folded words (cached: labels and synonyms are folded once)."""
    return tuple(word_form(w) for w in TOKEN.findall(fold_answer(text)))


def clause_start(words: tuple[str, ...], clause_words: list[int], c: int) -> Phrase:
    """The first two words of clause `c` (word clauses, between punctuation)."""
    idx = [k for k, n in enumerate(clause_words) if n == c and words[k] != BREAK]
    return tuple(words[k] for k in idx[:2])


def opens(words: tuple[str, ...], span: Span, before: list[Span], fillers: frozenset[str]) -> bool:
    """Whether a yes or no opens the answer (only fillers or hedges before it): "for the big
    decisions yes, ..." is not a yes to the question."""
    return not any(
        words[k] not in fillers
        and words[k] != BREAK
        and not any(sp.start <= k < sp.end for sp in before)  # ("probably yes")
        for k in range(span.start)
    )


def said_alone(
    words: tuple[str, ...], span: Span, kinds: dict[str, object], neg_starts: set[Phrase]
) -> bool:
    """Whether an opening yes or no is the answer itself, not part of what follows."""
    after = words[span.end] if span.end < len(words) else BREAK
    if after == BREAK or after in PRONOUNS:
        return True
    if "yes" in kinds:  # "yes in a second", not "would not"
        return (after,) not in neg_starts
    if words[span.start : span.end] not in INTERJECTIONS and ("neg" in kinds or "freq" in kinds):
        return False  # "never really leave", "hardly ever switch": a negator
    # only a bare "no" may belong to what follows ("no relationship"): "nah all standard" is a no
    return words[span.start : span.end] != ("no",)


def modal_end(words: tuple[str, ...], span: Span, subject: int = 2) -> bool:
    """A "would" or "wouldn't" that ends a clause after its subject: "the price-sensitive ones
    would, the loyal ones wouldn't" answers yes for one group and no for the other."""
    return (
        span.end - span.start == 1
        and words[span.start] in MODALS
        and span.start >= subject
        # (a subject of two words or more, or one that names a group: "the agency wouldn't")
        and BREAK not in words[span.start - subject : span.start]
        and (span.end >= len(words) or words[span.end] == BREAK)
    )


def clause_end(words: tuple[str, ...], i: int) -> int:
    """Where the clause that holds word `i` ends."""
    for k in range(i, len(words)):
        if words[k] == BREAK:
            return k
    return len(words)


def clause_ids(words: tuple[str, ...]) -> list[int]:
    """Each word's clause number (clause marks start a new clause)."""
    out: list[int] = []
    n = 0
    for w in words:
        if w == BREAK:
            n += 1
        out.append(n)
    return out


def pick_rule(rules: tuple[Rule, ...], days: float, near: tuple[str, ...]) -> Rule | None:
    """The first rule that fits a length in days (a rule `with` words needs one nearby)."""
    for rule in rules:
        if rule.up_to is not None and days > rule.up_to:
            continue
        if rule.with_words and not has_phrase(near, rule.with_words):
            continue
        return rule
    return None


def has_phrase(words: tuple[str, ...], phrases: frozenset[Phrase]) -> bool:
    """Whether any of `phrases` occurs in `words`."""
    by_first = _by_first(phrases)
    for i, w in enumerate(words):
        for p in by_first.get(w, ()):
            if words[i : i + len(p)] == p:
                return True
    return False


@lru_cache(maxsize=64)
def _by_first(phrases: frozenset[Phrase]) -> dict[str, tuple[Phrase, ...]]:
    """Phrases by their first word (a vocabulary's few lists, indexed once)."""
    out: dict[str, list[Phrase]] = {}
    for p in phrases:
        if p:
            out.setdefault(p[0], []).append(p)
    return {w: tuple(ps) for w, ps in out.items()}


def shared_start(a: str, b: str) -> int:
    """How many letters two words share at their start."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n
