"""How well confidence matches accuracy on a labelled set (`advisor eval --calibration`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

EDGES = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001)


@dataclass(frozen=True, slots=True)
class Bin:
    """Verdicts given with a confidence in [low, high): how many, how sure, how often right."""

    low: float
    high: float
    n: int
    mean_confidence: float
    accuracy: float


def table(results: Iterable[tuple[float, bool]]) -> list[Bin]:
    """(confidence, right) pairs grouped into confidence bands; empty bands are left out."""
    groups: list[list[tuple[float, bool]]] = [[] for _ in EDGES[:-1]]
    for confidence, right in results:
        for i, (lo, hi) in enumerate(pairwise(EDGES)):
            if lo <= confidence < hi:
                groups[i].append((confidence, right))
                break
    return [
        Bin(
            EDGES[i],
            min(1.0, EDGES[i + 1]),
            len(g),
            sum(c for c, _ in g) / len(g),
            sum(1 for _, r in g if r) / len(g),
        )
        for i, g in enumerate(groups)
        if g
    ]


def render(title: str, bins: list[Bin]) -> list[str]:
    """The table as aligned text lines."""
    lines = [title, "  confidence      n   mean conf   right"]
    for b in bins:
        lines.append(
            f"  {b.low:4.0%}-{b.high:4.0%}  {b.n:5d}   {b.mean_confidence:8.1%}  {b.accuracy:6.1%}"
        )
    return lines
