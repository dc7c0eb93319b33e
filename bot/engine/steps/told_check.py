"""The told check: "From what you said: …. Right?" for answers a description already gave.

Held in `Session.pending` as `("f", "slot=option", …)` (see `bot/engine/told.py`); yes records
them all and passes over their questions, no asks the questions one by one.
"""

from __future__ import annotations

from bot.engine.model import Flow, StepDef
from bot.engine.step_kind import Host
from bot.engine.steps.confirmation import YES, Confirmation
from bot.engine.told import TOLD, labels, parse
from bot.engine.turn import Turn


class ToldCheck(Confirmation):
    """Confirms the stated answers in one go."""

    name = "told_check"
    marker = TOLD
    label_key = "engine.told_confirm"

    def prompt(self, host: Host, t: Turn, flow: Flow, step: StepDef) -> None:
        items = [
            host.messages.plain("engine.told_item", t.lang, dimension=name, answer=label)
            for name, label in labels(host.brain, flow, t.session.pending[1:])
        ]
        host.say(
            t,
            "engine.told_confirm",
            kind="prompt",
            choices=self.choices(host, t, flow, step),
            step=step.id,
            items="; ".join(items),
        )

    def choose(self, host: Host, t: Turn, flow: Flow, step: StepDef, option: str) -> None:
        pending = t.session.pending
        t.session = t.session.evolve(pending=(), ask=t.session.ask + 1)
        if option == YES:
            host.set(t, parse(pending[1:]))
            host.enter(t, flow, step)
            return
        host.say(t, "engine.told_declined", kind="notice")
        host.prompt(t, flow, step)
