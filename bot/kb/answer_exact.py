"""An answer that is an option's own words ("retainer or ongoing fees"), and the typo fixes
risky enough to confirm a reading that rests on them."""

from __future__ import annotations

from rapidfuzz.distance import OSA

from bot.contracts import AnswerReading
from bot.kb.answer_index import DimReader
from bot.kb.answer_types import option_side
from bot.kb.answer_vocab import BREAK, word_form

Words = tuple[tuple[str, ...], tuple[str, ...], tuple[bool, ...]]


def risky_fixes(typed: Words) -> frozenset[int]:
    """Typo-corrected words, and only the risky corrections: a three-letter word, or one two
    edits away ("sme" may be "same" or "some")."""
    words, raw, _ = typed
    return frozenset(
        k
        for k, w in enumerate(words)
        if w != BREAK
        and (typed_form := word_form(raw[k])) != w
        and (len(raw[k]) <= 3 or OSA.distance(typed_form, w) > 1)
    )


def exact_option(reader: DimReader, typed: Words) -> AnswerReading | None:
    """An answer that is an option's own words ("retainer or ongoing fees"), else None."""
    words, raw, _ = typed
    content = tuple(w for w in words if w != BREAK)
    exact = reader.exact.get(content) if content else None
    if exact is None:
        return None
    guessed = len(risky_fixes(typed)) == len(content)  # ("bth" alone; "over tim" has context)
    return AnswerReading(
        reader.dim.id,
        "confirm" if guessed else "read",
        exact.id,
        option_side(exact.score),
        (" ".join(w for w in raw if w != BREAK),),
    )
