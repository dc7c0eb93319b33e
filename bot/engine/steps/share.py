"""A share step: the two-groups follow-up ("roughly how much of your revenue comes from
long-term accounts?"), a choice whose typed answers may say the share in the owner's words.

"regulars bring in about 60%", "fleet is maybe a fifth", "mostly passing trade": read by
`Brain.read_share` and echoed ("Noted: …") so a misreading shows at once and /back fixes it.
The options must include the three the reading gives: `accounts`, `split` and `one_off`.
"""

from __future__ import annotations

from bot.contracts import TWO_GROUPS
from bot.core.errors import DataError, MissingOptionError
from bot.engine.model import Flow, StepDef
from bot.engine.step_kind import Host, flow_error
from bot.engine.steps.answers import exact_choice
from bot.engine.steps.choice import ChoiceStep
from bot.engine.told import parse
from bot.engine.turn import Turn


class ShareStep(ChoiceStep):
    """One of the flow's options; typed shares of the revenue are read too."""

    name = "share"
    takes_shares = True

    def check(self, flow: Flow, step: StepDef) -> list[DataError]:
        ids = {o.id for o in step.options}
        return [
            flow_error(
                MissingOptionError,
                flow,
                step,
                f"a share step needs an option '{want}' (what a typed share is read as)",
                step.line,
                fix=f"add an option with id: {want}",
            )
            for want in TWO_GROUPS  # what Brain.read_share gives
            if want not in ids
        ]

    def arrive(self, host: Host, t: Turn, flow: Flow, step: StepDef) -> None:
        """A share already said in an earlier answer is noted (and echoed, so /back fixes a
        misreading), not asked again."""
        kept = parse(t.session.ahead).get(step.slot or "")
        label = next((o.label_in(t.lang) for o in step.options if o.id == kept), None)
        if kept is None or label is None:
            host.prompt(t, flow, step)
            return
        host.say(t, "engine.share_from_earlier", kind="notice", answer=label)
        host.choose(t, flow, step, kept)

    def text(self, host: Host, t: Turn, flow: Flow, step: StepDef, text: str) -> None:
        if exact_choice(text, host.choices(t, flow, step), step) is None:
            read = host.brain.read_share(text, t.lang)
            label = next((o.label_in(t.lang) for o in step.options if o.id == read), None)
            if read is not None and label is not None:
                host.say(t, "engine.answer_noted", kind="notice", answer=label)
                host.choose(t, flow, step, read)
                return
        super().text(host, t, flow, step, text)
