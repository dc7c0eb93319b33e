"""The words of a typed answer as features for the learned reading (`answer_model`).

Shared by training and reading so both see an answer the same way: the reader's folded,
typo-fixed words, any number as one word; a word within NEG_REACH words after a negator
carries a "~" ("wouldn't switch" gives "~switch"); pairs of neighbouring words inside a
clause; each feature once plain (it means the same in every question: "years", "both") and
once tied to the dimension ("payment:per_project"); the dimension itself (a prior) and how
many clauses there are (two groups are often said in two clauses).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from bot.kb.answer_vocab import BREAK, Phrase

NEG_REACH = 3  # words after a negator that it turns around
NEG = "NEG"  # what a negator becomes
NUMBER = "0"  # what any number becomes: "18" alone says nothing, "0 year" does
# An article or a number starts a pair only with an amount or a length of time: "a few" is not
# "few", but "£18 a wash" and "£900 a month" share "0 a", which says nothing.
LOOSE = frozenset(("a", "an", "the", NUMBER))
TIGHT = frozenset(
    ("few", "bit", "little", "lot", "couple", "handful", "while", "one", "time", "day", "week")
)
TIGHT |= {"month", "year", "decade"}


def answer_features(dimension: str, words: Sequence[str], negators: frozenset[Phrase]) -> list[str]:
    """The features of one answer, from the reader's words (BREAK marks a clause end)."""
    grams, breaks = _grams(words, negators)
    out = [g for gram in sorted(grams) for g in (gram, f"{dimension}:{gram}")]
    out.append(f"dim:{dimension}")
    out.append(f"clauses:{min(breaks, 2)}")
    return out


def topic_features(words: Sequence[str], negators: frozenset[Phrase]) -> list[str]:
    """The features of a statement for telling which question it answers: its words and pairs
    alone (no dimension is known yet)."""
    return sorted(_grams(words, negators)[0])


def _grams(words: Sequence[str], negators: frozenset[Phrase]) -> tuple[set[str], int]:
    """An answer's words (numbers folded, turned words marked) and neighbour pairs, and how
    many clause ends it has."""
    seq: list[str] = []
    reach = 0
    for w in words:
        if w[0].isdigit():
            w = NUMBER
        if w == BREAK:
            reach = 0
            seq.append(BREAK)
        elif (w,) in negators:
            reach = NEG_REACH
            seq.append(NEG)
        else:
            seq.append("~" + w if reach else w)
            reach = max(reach - 1, 0)
    grams = {t for t in seq if t != BREAK}
    grams.update(
        f"{a}_{b}"
        for a, b in itertools.pairwise(seq)
        if BREAK not in (a, b) and not (a in LOOSE and b not in TIGHT)
    )
    return grams, seq.count(BREAK)
