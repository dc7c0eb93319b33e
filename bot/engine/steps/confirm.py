"""A confirm step: a yes/no question of the flow; stores `yes` or `no`."""

from __future__ import annotations

from bot.engine.flow_schema import StepSchema
from bot.engine.matching import Candidate
from bot.engine.model import Flow, StepDef
from bot.engine.replies import Choice
from bot.engine.step_kind import Host, Kind
from bot.engine.turn import Turn


class ConfirmSchema(StepSchema):
    """A confirm step stores yes or no in its slot."""

    needs_slot = True


class ConfirmStep(Kind):
    """Yes or no; the labels and the words accepted live in messages.yaml."""

    name = "confirm"
    schema = ConfirmSchema

    def buttons(self, host: Host, t: Turn, flow: Flow, step: StepDef, *, now: bool) -> list[Choice]:
        return [
            Choice("yes", host.messages.plain("engine.yes_label", t.lang)),
            Choice("no", host.messages.plain("engine.no_label", t.lang)),
        ]

    def candidate(self, host: Host, step: StepDef, choice: Choice) -> Candidate:
        key = "engine.yes_words" if choice.id == "yes" else "engine.no_words"
        synonyms = tuple(w.strip() for w in host.messages.plain(key).split(","))
        return Candidate(choice.id, choice.label, synonyms)
