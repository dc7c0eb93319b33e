"""What the dimension step's yes/no confirmations share: two buttons and reading yes or no."""

from __future__ import annotations

from typing import ClassVar

from bot.engine.asked import asking, without_questions
from bot.engine.matching import Candidate, match_option
from bot.engine.model import Flow, StepDef
from bot.engine.picks import after_no, after_yes, yes_no
from bot.engine.replies import Choice
from bot.engine.step_kind import Host, Kind, kind_of
from bot.engine.steps.answers import elsewhere, keep_ahead
from bot.engine.turn import Turn

YES, NO = "yes", "no"


class Confirmation(Kind):
    """A yes/no sub-step of a dimension step, held in `Session.pending`."""

    parent = "dimension"
    in_flows = False
    skip_button = False
    label_key: ClassVar[str] = ""  # messages key; its `_yes` and `_no` entries label the buttons
    # the check is about this step's question: after "no, …" the words are its answer (a check
    # of several stated answers is not: "no, mostly one off" may be about any of them)
    this_question: ClassVar[bool] = True

    def choices(
        self, host: Host, t: Turn, flow: Flow, step: StepDef, *, now: bool = True
    ) -> tuple[Choice, ...]:
        return (
            Choice(YES, host.messages.plain(f"{self.label_key}_yes", t.lang)),
            Choice(NO, host.messages.plain(f"{self.label_key}_no", t.lang)),
        )

    def declined(self, t: Turn, step: StepDef) -> str:
        """What a no to this check declines ("slot=option", kept in `Turn.declined` for the
        words after the no), if anything."""
        return ""

    def restates(self, host: Host, t: Turn, step: StepDef, text: str) -> bool:
        """Whether `text`, neither yes nor no, says again what is being checked (a yes)."""
        return False

    def amends(self, host: Host, t: Turn, step: StepDef, said: str) -> bool:
        """Whether the few words after a yes ("yes most of them") read surely as another option
        of this question than the one checked."""
        return False

    def _amended(self, host: Host, t: Turn, flow: Flow, step: StepDef, said: str) -> bool:
        """The words after a yes: "yes most of them" at "I read that as “Some would”" amends
        the reading (they are the answer, read afresh and echoed, so a misreading shows; True);
        otherwise a yes first is a yes ("yep, tho estate agents send people our way"), and what
        follows is kept if it answers a question still to come ("yes. oh and we email
        monthly")."""
        if self.amends(host, t, step, said):
            t.session = t.session.evolve(pending=(), ask=t.session.ask + 1)
            kind_of(step).text(host, t, flow, step, said)
            return True
        if elsewhere(host, t, step, said) is not None:
            keep_ahead(host, t, flow, step, said)
        return False

    def text(self, host: Host, t: Turn, flow: Flow, step: StepDef, text: str) -> None:
        words = host.pick_words(t.lang)
        choices = self.choices(host, t, flow, step)
        answer = yes_no(text, words) or match_option(
            text, [Candidate(c.id, c.label) for c in choices]
        )
        said = after_yes(text, words)
        if answer is None and said is not None:
            if self._amended(host, t, flow, step, said):
                return
            answer = YES
        if answer in (YES, NO):
            self.choose(host, t, flow, step, answer)
            return
        question = asking(text, words)
        if question is not None:  # "what do you mean by judgement?": answered, the check stays
            if not host.faq(t, flow, step, text):
                kind_of(step).explain(host, t, flow, step, question)
            return
        said, asked_too = without_questions(text, words)
        if said and asked_too:
            # ("where did “when one of us needs to” come from? we email weekly": the quoted
            # reading is asked about, not said)
            text = said
        rest = after_no(text, words)
        if rest == text and elsewhere(host, t, step, text) is not None:
            # typed ahead ("we email them monthly" at "I read that as …. Right?"): the check
            # stands, and the words are kept for their own question, checked when it comes
            kept = keep_ahead(host, t, flow, step, text)
            if kept is None:
                host.say(t, "engine.check_first", kind="notice")
            else:
                host.say(t, "engine.check_kept", kind="notice", dimension=kept)
            host.prompt(t, flow, step)
            return
        if rest == text and self.restates(host, t, step, text):
            self.choose(host, t, flow, step, YES)  # "entirely, that's what they pay for"
            return
        # not yes or no: an answer to the question itself (what was pending is dropped, it
        # will be asked), read afresh; "no, more like some tweaks" is the answer after the no
        # ("no, not a mix; a fixed fee per matter": the guess declined is not offered again)
        t.declined = self.declined(t, step) if rest != text else ""
        t.session = t.session.evolve(pending=(), ask=t.session.ask + 1)
        t.recheck = rest == text or not self.this_question  # (after "no", the answer meant)
        kind_of(step).text(host, t, flow, step, rest)
