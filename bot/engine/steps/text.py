"""A text step: free text, up to `max_length` characters, stored as it is."""

from __future__ import annotations

from bot.engine.flow_schema import StepSchema
from bot.engine.model import Flow, StepDef
from bot.engine.step_kind import Host, Kind
from bot.engine.turn import Turn


class TextSchema(StepSchema):
    """A text step stores the text in its slot."""

    needs_slot = True


class TextStep(Kind):
    """Any text; too long a text is refused with the limit."""

    name = "text"
    schema = TextSchema

    def text(self, host: Host, t: Turn, flow: Flow, step: StepDef, text: str) -> None:
        if len(text) > step.max_length:
            host.say(t, "engine.too_long", kind="error", code="too_long", limit=step.max_length)
            host.prompt(t, flow, step)
            return
        host.set(t, {step.slot or step.id: text})
        host.advance(t, flow, step, None)
