"""The industry step's state between turns, as typed values.

What the step has offered lives in `Session.pending` and a pressed button's id travels in
Telegram's callback data, so both keep their compact string forms of earlier versions:
pending `("c", id, …)`, `("s",)`, `("i", id, …)` and button ids `c0`, `s3`, `i1`. Sessions
stored by an earlier version load unchanged; anything else reads as "nothing offered" (None).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Stage(Enum):
    """What the industry step has just offered."""

    CANDIDATES = "c"  # close matches of a description ("which one fits best?")
    SECTORS = "s"  # the list of sectors
    INDUSTRIES = "i"  # the industries of one sector

    @property
    def named(self) -> bool:
        """Whether the offer lists industries by name (so "the second" picks one)."""
        return self is not Stage.SECTORS


@dataclass(frozen=True, slots=True)
class Offer:
    """What the industry step offered: a stage and, for named stages, the industry ids shown."""

    stage: Stage
    ids: tuple[str, ...] = ()

    @classmethod
    def read(cls, pending: tuple[str, ...]) -> Offer | None:
        """The offer kept in `pending`, or None when nothing is offered."""
        stage = next((s for s in Stage if pending[:1] == (s.value,)), None)
        return cls(stage, pending[1:]) if stage is not None else None

    def pending(self) -> tuple[str, ...]:
        """The form kept in `Session.pending`."""
        return (self.stage.value, *self.ids)


@dataclass(frozen=True, slots=True)
class Press:
    """A pressed industry or sector button: which list, and which place in it."""

    stage: Stage
    index: int

    @classmethod
    def read(cls, option: str) -> Press | None:
        """The button an option id names, or None for any other id."""
        stage = next((s for s in Stage if option[:1] == s.value), None)
        digits = option[1:]
        if stage is None or not digits.isdigit():
            return None
        return cls(stage, int(digits))

    @property
    def id(self) -> str:
        """The button's id."""
        return f"{self.stage.value}{self.index}"
