"""What a front-end hands the engine: one event per user action."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, get_args

CommandName = Literal["start", "cancel", "restart", "back", "help", "skip", "forget", "why"]
COMMANDS: tuple[CommandName, ...] = get_args(CommandName)
# never offered for a mistyped command: it deletes what is stored ("/more" is no "/forget")
NOT_SUGGESTED = frozenset({"forget"})


def suggestable(names: Iterable[str]) -> list[str]:
    """The commands a mistyped one may be taken for, in their order (`NOT_SUGGESTED` left out)."""
    return [n for n in names if n not in NOT_SUGGESTED]


@dataclass(frozen=True, slots=True)
class TextInput:
    """Free text typed by the user."""

    text: str


@dataclass(frozen=True, slots=True)
class OptionChosen:
    """A button pressed: the step it belonged to, the option, and the turn it was shown at;
    `shown_at` is when the question carrying it was sent (Unix time), when the front-end knows:
    with no session left, a recent one means the interview was lost, not left idle."""

    step: str
    option: str
    turn: int | None = None
    shown_at: float | None = None


@dataclass(frozen=True, slots=True)
class Command:
    """A global command (/start, /cancel, …); `payload` carries a deep-link argument."""

    name: CommandName
    payload: str = ""


@dataclass(frozen=True, slots=True)
class Unsupported:
    """Input the bot cannot read (sticker, photo, voice, location…)."""

    kind: str


Event = TextInput | OptionChosen | Command | Unsupported
