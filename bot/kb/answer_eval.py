"""Labelled typed answers (tests/kb/fixtures/answers.yaml) and how well the reader does on them.

File format: `answers:` maps each dimension id to a list of `[side, text]` pairs, side being
client, mixed or customer (the end of the scale the answer means). In each dimension every third
group of three answers (the 7th-9th, 16th-18th, ...) is the held-out part.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.contracts import AnswerReading
from bot.core.errors import DataError, DataErrors, Location, SchemaError
from bot.core.yamlio import LinedDict, LinedList, load_file

SIDES = ("client", "mixed", "customer")
OUTCOMES = ("right", "confirmed", "confirmed_wrong", "unread", "wrong")


@dataclass(frozen=True, slots=True)
class AnswerCase:
    """One labelled answer."""

    id: str
    dimension: str
    side: str
    text: str
    held: bool


def is_held(index: int) -> bool:
    """Whether the answer at 0-based `index` of its dimension is in the held-out part."""
    return (index // 3) % 3 == 2


def read_answer_cases(path: Path, dimensions: frozenset[str] | None = None) -> list[AnswerCase]:
    """Cases from an answers file; DataErrors naming file:line on any problem."""
    data = load_file(path)
    where = str(path)
    root = data.get("answers") if isinstance(data, LinedDict) else None
    if not isinstance(root, LinedDict):
        raise DataErrors(
            [
                SchemaError(
                    "expected a mapping with an 'answers:' mapping",
                    Location(where, 1),
                    hint="see tests/kb/fixtures/answers.yaml",
                )
            ]
        )
    errors: list[DataError] = []
    cases: list[AnswerCase] = []
    for dim, items in root.items():
        cases += _dimension_cases(where, dim, items, root.line_of(dim), dimensions, errors)
    DataErrors.raise_if_any(errors)
    return cases


def _dimension_cases(
    where: str,
    dim: str,
    items: Any,
    line: int,
    dimensions: frozenset[str] | None,
    errors: list[DataError],
) -> list[AnswerCase]:
    """The cases under one dimension of an answers file; its problems go to `errors`."""
    if dimensions is not None and dim not in dimensions:
        errors.append(
            SchemaError(
                f"unknown dimension '{dim}'",
                Location(where, line),
                hint=f"one of: {', '.join(sorted(dimensions))}",
            )
        )
        return []
    if not isinstance(items, LinedList):
        errors.append(
            SchemaError(
                f"'{dim}' must be a list of [side, text]",
                Location(where, line),
                hint='- [client, "..."]',
            )
        )
        return []
    cases: list[AnswerCase] = []
    for i, item in enumerate(items):
        at = Location(where, items.line_of(i))
        if not (
            isinstance(item, list)
            and len(item) == 2
            and item[0] in SIDES
            and isinstance(item[1], str)
        ):
            errors.append(
                SchemaError(
                    f"answer {i + 1} of '{dim}' must be [side, text]",
                    at,
                    hint="side: client, mixed or customer",
                )
            )
            continue
        cases.append(AnswerCase(f"{dim}:{i + 1}", dim, item[0], item[1], is_held(i)))
    return cases


def outcome(case: AnswerCase, reading: AnswerReading) -> str:
    """How a reading fares against the label (one of OUTCOMES)."""
    if reading.status == "unread":
        return "unread"
    if reading.status == "confirm":
        return "confirmed" if reading.side == case.side else "confirmed_wrong"
    return "right" if reading.side == case.side else "wrong"


@dataclass
class Figures:
    """Counts of outcomes for a set of answers."""

    counts: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, *outcomes: str) -> float:
        return sum(self.counts[o] for o in outcomes) / self.total if self.total else 0.0

    @property
    def read_right(self) -> float:
        """Read right without asking."""
        return self.share("right")

    @property
    def right_after_confirm(self) -> float:
        """Right once the guesses worth confirming are confirmed."""
        return self.share("right", "confirmed")

    @property
    def read_wrong(self) -> float:
        """Read wrong without asking (the misreadings a user would not be asked about)."""
        return self.share("wrong")


@dataclass
class Evaluation:
    """Figures per dimension and part, and the answers read wrong."""

    by_dimension: dict[str, Figures] = field(default_factory=dict)
    by_part: dict[str, Figures] = field(default_factory=dict)
    misses: list[tuple[AnswerCase, AnswerReading, str]] = field(default_factory=list)

    @property
    def overall(self) -> Figures:
        out = Figures()
        for f in self.by_part.values():
            out.counts.update(f.counts)
        return out


def evaluate(brain: Any, cases: list[AnswerCase]) -> Evaluation:
    """Read every case with `brain.read_answer` and count the outcomes."""
    ev = Evaluation()
    for case in cases:
        reading = brain.read_answer(case.dimension, case.text)
        result = outcome(case, reading)
        ev.by_dimension.setdefault(case.dimension, Figures()).counts[result] += 1
        ev.by_part.setdefault("held" if case.held else "tuned", Figures()).counts[result] += 1
        if result != "right":
            ev.misses.append((case, reading, result))
    return ev
