"""The answer check: "I read that as X. Right?" [Yes] [No, let me choose].

A dimension step's typed answer that the knowledge base reads only as a best guess is asked
about first; nothing is recorded until the person says yes. Held in `Session.pending` as
`("k", option id, the words typed)`.
"""

from __future__ import annotations

from bot.engine.model import Flow, StepDef
from bot.engine.step_kind import Host
from bot.engine.steps.answers import option_label, record
from bot.engine.steps.confirmation import YES, Confirmation
from bot.engine.turn import Turn

CONFIRM = "k"
AMEND_WORDS = 4  # "yes most of them": a yes amended by a few words of how many
KEPT_TEXT = 500  # the answer's words kept with a pending reading (to read other cues later)


class AnswerCheck(Confirmation):
    """Yes records the reading and moves on; No shows the question's buttons again."""

    name = "answer_check"
    marker = CONFIRM
    label_key = "engine.answer_confirm"

    @staticmethod
    def pending(option: str, said: str) -> tuple[str, ...]:
        """The pending state that asks about reading `said` as `option`."""
        return (CONFIRM, option, said[:KEPT_TEXT])

    def prompt(self, host: Host, t: Turn, flow: Flow, step: StepDef) -> None:
        host.say(
            t,
            "engine.answer_confirm",
            kind="prompt",
            choices=self.choices(host, t, flow, step),
            step=step.id,
            answer=option_label(host, step, t.session.pending[1]),
        )

    def declined(self, t: Turn, step: StepDef) -> str:
        return f"{step.slot or step.dimension or ''}={t.session.pending[1]}"

    def restates(self, host: Host, t: Turn, step: StepDef, text: str) -> bool:
        """The words read again as the reading checked (sure or not): the person said it twice."""
        reading = host.brain.read_answer(step.dimension or "", text, t.lang)
        return reading.status != "unread" and reading.option == t.session.pending[1]

    def amends(self, host: Host, t: Turn, step: StepDef, said: str) -> bool:
        if len(said.split()) > AMEND_WORDS:
            return False  # (a longer remark after a yes is a detail: "yes, for the big jobs")
        reading = host.brain.read_answer(step.dimension or "", said, t.lang)
        return reading.status == "read" and reading.option not in (None, t.session.pending[1])

    def choose(self, host: Host, t: Turn, flow: Flow, step: StepDef, option: str) -> None:
        pending = t.session.pending
        if option == YES:
            record(host, t, flow, step, pending[1], pending[2] if len(pending) > 2 else "")
            return
        slot = step.slot or step.dimension or ""
        t.session = t.session.evolve(
            pending=(), ask=t.session.ask + 1, declined=f"{slot}={pending[1]}"
        )
        host.say(t, "engine.answer_choose", kind="notice")
        host.prompt(t, flow, step)
