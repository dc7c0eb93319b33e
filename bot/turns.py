"""What the conversation service reports after every turn, and the observer it reports to.

The service (the consumer) defines this interface; `bot/ops/metrics.py` implements it. It lives
in a module of its own, importing nothing from the bot, so ops code can implement it without
importing the top-level service.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class TurnInfo:
    """What happened in one turn, as the conversation service reports it."""

    flow: str
    step_before: str | None
    step_after: str | None
    verdict: str | None
    latency: float
    error: str | None


class TurnObserver(Protocol):
    """Anything told about every turn (metrics, tests)."""

    def on_turn(self, info: TurnInfo) -> None:
        """One turn finished."""
        ...

    def step_left(self, flow: str, step: str) -> None:
        """An interview was abandoned at `step` (expired while idle)."""
        ...
