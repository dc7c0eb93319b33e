"""A message step: says its prompt and moves on."""

from __future__ import annotations

from bot.core.richtext import fill
from bot.engine.model import StepDef
from bot.engine.replies import Reply
from bot.engine.step_kind import Host, Kind
from bot.engine.turn import Turn


class MessageStep(Kind):
    """Words on the way; waits for nothing."""

    name = "message"
    asks = False
    passes = True

    def pass_by(self, host: Host, t: Turn, step: StepDef) -> None:
        t.replies.append(Reply(fill(step.prompt_in(t.lang)), kind="notice"))
