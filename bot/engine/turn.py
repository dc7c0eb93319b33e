"""What one event produces (`Outcome`) and the scratch state while it is processed (`Turn`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.engine.replies import Reply
from bot.engine.session import Session


@dataclass(frozen=True)
class Outcome:
    """What one step produced: the new session (None = delete it) and what to say."""

    session: Session | None
    replies: list[Reply]
    forget: bool = False
    unmatched: tuple[str, ...] = ()
    verdict: str | None = None
    notes: dict[str, str] = field(default_factory=dict)


@dataclass
class Turn:
    """Scratch state while one event is processed."""

    session: Session
    lang: str
    replies: list[Reply] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    verdict: str | None = None
    proposal: tuple[str, ...] = ()  # stated answers to confirm at the next question
    proposed_by: str = ""  # ... and the words they were read from
    # typed at a yes/no check instead of yes or no: a sure reading is still asked about (the
    # words may be meant for the next question: "instagram mostly" at a check about payment)
    recheck: bool = False
    # ... and after "no, <words>" there, the guess the no declined ("slot=option")
    declined: str = ""
