"""A choice step: buttons from the flow's `options`; typed text may name one (or a synonym)."""

from __future__ import annotations

from bot.engine.flow_schema import StepSchema
from bot.engine.matching import Candidate
from bot.engine.model import Flow, StepDef
from bot.engine.replies import Choice
from bot.engine.step_kind import Host, Kind
from bot.engine.turn import Turn


class ChoiceSchema(StepSchema):
    """A choice step lists its options and stores the chosen id in its slot."""

    needs_slot = True
    needs_options = True
    takes_options = True


class ChoiceStep(Kind):
    """One of the flow's options; stores the option id."""

    name = "choice"
    schema = ChoiceSchema

    def buttons(self, host: Host, t: Turn, flow: Flow, step: StepDef, *, now: bool) -> list[Choice]:
        return [Choice(o.id, o.label_in(t.lang)) for o in step.options]

    def candidate(self, host: Host, step: StepDef, choice: Choice) -> Candidate:
        opt = next((o for o in step.options if o.id == choice.id), None)
        return Candidate(choice.id, choice.label, opt.synonyms if opt else ())
