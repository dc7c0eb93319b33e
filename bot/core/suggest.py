"""'Did you mean …?' suggestions for misspelled ids and commands."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process


def did_you_mean(word: str, choices: Iterable[str], *, cutoff: float = 60.0) -> str | None:
    """The closest choice to ``word``, or None if nothing is close."""
    pool = [c for c in choices if c != word]
    if not pool:
        return None
    best = process.extractOne(word, pool, scorer=fuzz.ratio, score_cutoff=cutoff)
    return best[0] if best else None


def hint(word: str, choices: Iterable[str]) -> str | None:
    """A ready-made hint sentence, or None."""
    best = did_you_mean(word, choices)
    return f"did you mean '{best}'?" if best else None
