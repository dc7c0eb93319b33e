"""Labelled typed answers (tests/kb/fixtures/answers.yaml) and how well the reader does on them.

File format: `answers:` maps each dimension id to a list of `[side, text]` pairs, side being
client, mixed or customer (the end of the scale the answer means). In each dimension every third
group of three answers (the 7th-9th, 16th-18th, ...) is the held-out part.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, StringConstraints, ValidationInfo

from bot.contracts import AnswerReading
from bot.core.errors import DataError, DataErrors, SchemaError
from bot.core.schema import Schema, rule_error
from bot.core.suggest import hint as suggest
from bot.kb.fields import one_of, read

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


def _known_dimension(dim: str, info: ValidationInfo) -> str:
    """A dimension id the knowledge base has, when the reader was given them."""
    known = sorted((info.context or {}).get("dimensions") or ())
    if known and dim not in known:
        raise rule_error(
            SchemaError,
            f"unknown dimension '{dim}'",
            hint=suggest(dim, known) or f"one of: {', '.join(known)}",
        )
    return dim


_PAIR_HINT = '- [client, "we have worked together for years"]'


def _pair(value: Any) -> Any:
    """`[side, text]` (pydantic's own words would be about tuples)."""
    if not (isinstance(value, list) and len(value) == 2):
        raise rule_error(
            SchemaError, "an answer must be [side, text]", hint=_PAIR_HINT, placed=True
        )
    return value


def _listed(value: Any) -> Any:
    """The answers of one dimension: a list."""
    if not isinstance(value, list):
        raise rule_error(
            SchemaError, "must be a list of [side, text] pairs", hint=_PAIR_HINT, placed=True
        )
    return value


# An answer as typed: kept as written (not trimmed), never empty.
Pair = Annotated[
    tuple[
        Annotated[str, one_of(SIDES, what="side", placed=True)],
        Annotated[str, StringConstraints(min_length=1)],
    ],
    BeforeValidator(_pair),
]
Pairs = Annotated[tuple[Pair, ...], BeforeValidator(_listed)]


class AnswersFile(Schema):
    """An answers file: dimension id -> its labelled answers, each `[side, text]`."""

    answers: dict[Annotated[str, AfterValidator(_known_dimension)], Pairs]


def read_answer_cases(path: Path, dimensions: frozenset[str] | None = None) -> list[AnswerCase]:
    """Cases from an answers file; DataErrors naming file:line on any problem.

    With `dimensions`, each dimension id must be one of them."""
    errors: list[DataError] = []
    parsed, _ = read(AnswersFile, path, errors, context={"dimensions": dimensions})
    DataErrors.raise_if_any(errors)
    assert parsed is not None  # read reports every failure in `errors`
    return [
        AnswerCase(f"{dim}:{i + 1}", dim, side, text, is_held(i))
        for dim, pairs in parsed.answers.items()
        for i, (side, text) in enumerate(pairs)
    ]


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
