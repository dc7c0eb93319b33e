"""A dimension step: a question of the knowledge base's, typed answers read, never misread.

A button (or its exact label, or its number) is taken as it is. Anything else goes to
`Brain.read_answer`: a sure reading is recorded and echoed in one short line with the next
question ("Noted: …"), so a misreading shows at once and /back fixes it; a best guess is asked
about first (the answer check) and nothing is recorded until the person says yes; an
unreadable answer gets the usual re-prompt ladder.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from bot.core.errors import DataError, UnknownReferenceError
from bot.core.suggest import hint
from bot.engine.asked import asking, asks_detail, without_questions
from bot.engine.flow_schema import StepSchema
from bot.engine.matching import simplify
from bot.engine.model import Flow, StepDef
from bot.engine.picks import after_no, correction, option_number, unsure, wants_result
from bot.engine.replies import Choice
from bot.engine.settled import NOW
from bot.engine.step_kind import Host, Kind, flow_error, kind_of
from bot.engine.steps.answer_check import AnswerCheck
from bot.engine.steps.answers import elsewhere, exact_choice, keep_ahead, option_label, record
from bot.engine.steps.told_check import ToldCheck
from bot.engine.told import MIN_TOLD, dimension_slots, keep, open_items, parse
from bot.engine.turn import Turn


class DimensionSchema(StepSchema):
    """A dimension step names its dimension; its prompt and answer labels are optional."""

    needs_prompt = False
    takes_options = True
    needs_dimension = True

    def default_slot(self) -> str | None:
        return self.dimension


class DimensionStep(Kind):
    """Stores the answer id in `slot` (the dimension id unless given)."""

    name = "dimension"
    schema = DimensionSchema
    offers_now = True

    def dimension_of(self, step: StepDef) -> str | None:
        return step.dimension

    def answered(self, step: StepDef, answers: Mapping[str, str]) -> bool:
        return (step.slot or step.dimension or "") in answers

    def check_answers(
        self, flow: Flow, step: StepDef, answers: Mapping[str, Iterable[str]]
    ) -> list[DataError]:
        """Relabelled answers must be answers of the dimension."""
        if step.dimension is None or step.dimension not in answers:
            return []
        answer_ids = set(answers[step.dimension])
        return [
            flow_error(
                UnknownReferenceError,
                flow,
                step,
                f"dimension '{step.dimension}' has no answer '{opt.id}'",
                opt.line,
                fix=hint(opt.id, answer_ids) or f"answers: {', '.join(sorted(answer_ids))}",
            )
            for opt in step.options
            if opt.id not in answer_ids
        ]

    def arrive(self, host: Host, t: Turn, flow: Flow, step: StepDef) -> None:
        """Confirm the answers the person already gave, if several are open; else ask."""
        items = open_items(t.proposal, t.session.answers)
        t.proposal = ()
        slot = step.slot or step.dimension or ""
        kept = _take_kept(t, flow)
        told = parse(items)
        if len(told) < MIN_TOLD:
            told = _lone_told(host, t, flow, told)
        together = kept | told  # the words just said win over words typed earlier
        if len(together) >= MIN_TOLD or slot in together:
            # (one answer, to this very question: confirmed too, not asked as if never said)
            order = {s: n for n, s in enumerate(dimension_slots(flow).values())}
            ranked = sorted(together.items(), key=lambda kv: order.get(kv[0], len(order)))
            host.pend(t, (ToldCheck.marker, *(f"{k}={v}" for k, v in ranked)))
        elif together:  # one answer, to a later question: kept for it, checked when it comes
            keep(t, together)
        host.prompt(t, flow, step)

    def buttons(self, host: Host, t: Turn, flow: Flow, step: StepDef, *, now: bool) -> list[Choice]:
        dim = host.brain.dimension(step.dimension or "")
        base = [Choice(o.id, option_label(host, step, o.id)) for o in dim.options] if dim else []
        if now and host.settled(t, flow, step):
            base.append(Choice(NOW, host.messages.plain("engine.result_now_button", t.lang)))
        return base

    def text(self, host: Host, t: Turn, flow: Flow, step: StepDef, text: str) -> None:
        declined, t.session = t.session.declined, t.session.evolve(declined="")
        if self._no_answer(host, t, flow, step, text):
            return
        # "what do you mean by partnership? they're guests": the answer is what follows; with a
        # question asked ("..., which would you pick?") the owner is unsure: never sure
        words = host.pick_words(t.lang)
        kept, asked_too = without_questions(text, words)
        if asked_too and kept and asks_detail(text, words):
            # "monthly invoice. do you need the exact number?": how exact, not which answer
            host.say(t, "engine.rough_enough", kind="notice")
            asked_too = False
        text = kept or text
        reading = host.brain.read_answer(step.dimension or "", text, t.lang)
        if asked_too and reading.status == "read":
            reading = replace(reading, status="confirm")
        # an answer the reader cannot read may be a question
        asked = text.rstrip().endswith("?")
        if (asked or reading.status == "unread") and host.faq(t, flow, step, text):
            return
        dim = host.brain.dimension(step.dimension or "")
        known = {o.id for o in dim.options} if dim else set()
        # unread here, but an answer to another question: say so (a guess is asked about: the
        # words of many a fine answer touch another question too)
        if reading.status == "unread" and _answers_elsewhere(host, t, flow, step, text):
            host.prompt(t, flow, step)
        elif reading.option is None or reading.option not in known:
            host.miss(t, flow, step)
        elif (
            reading.status != "read"
            and t.declined == f"{step.slot or step.dimension}={reading.option}"
        ):
            # the guess just declined, made again: the buttons, not the same check again
            host.say(t, "engine.answer_choose", kind="notice")
            host.prompt(t, flow, step)
        elif (reading.status == "read" and not t.recheck) or _second_try(
            step, reading.status, reading.option, declined
        ):
            host.say(
                t,
                "engine.answer_noted",
                kind="notice",
                answer=option_label(host, step, reading.option),
            )
            record(host, t, flow, step, reading.option, text)
        elif reading.status == "confirm" or t.recheck:
            host.pend(t, AnswerCheck.pending(reading.option, text))
            host.prompt(t, flow, step)
        else:
            host.miss(t, flow, step)

    def _no_answer(self, host: Host, t: Turn, flow: Flow, step: StepDef, text: str) -> bool:
        """Replies dealt with before any reading: a button's words, a request for the result,
        "not sure", a question back. True when `text` was one of them."""
        words = host.pick_words(t.lang)
        choices = host.choices(t, flow, step)
        chosen = exact_choice(text, choices, step)
        if chosen is None and (at := option_number(text, len(choices), words)) is not None:
            chosen = choices[at].id  # "option 3", "the third one"
        if chosen is None and wants_result(text, words):
            if NOW in {c.id for c in choices}:
                chosen = NOW
            else:
                host.say(t, "engine.result_not_yet", kind="notice")
                host.prompt(t, flow, step)
                return True
        if chosen is not None:
            host.choose(t, flow, step, chosen)
            return True
        if unsure(text, words):
            host.say(t, "engine.unsure", kind="notice")
            host.prompt(t, flow, step)
            return True
        question = asking(text, words)
        # never an answer ("what do you mean by tailor?"), unless an answer comes before it
        if question is not None and not without_questions(text, words)[0]:
            if not host.faq(t, flow, step, text):
                self.explain(host, t, flow, step, question)
            return True
        return _corrected(host, t, flow, step, text)

    def why(self, host: Host, t: Turn, flow: Flow, step: StepDef) -> None:
        """/why: what the question is after, and how it tells clients from customers."""
        dim = host.brain.dimension(step.dimension or "")
        if dim is None or not dim.meaning or t.session.pending:
            super().why(host, t, flow, step)
            return
        host.say(t, "engine.why_question", kind="notice", meaning=dim.meaning)
        host.prompt(t, flow, step)

    def explain(self, host: Host, t: Turn, flow: Flow, step: StepDef, question: str) -> None:
        """What the question is after, then the question again."""
        dim = host.brain.dimension(step.dimension or "")
        meaning = (dim.meaning or dim.question) if dim else ""
        host.say(t, f"engine.question_{question}", kind="notice", meaning=meaning)
        host.prompt(t, flow, step)


def _second_try(step: StepDef, status: str, option: str, declined: str) -> bool:
    """A guess at the words typed right after "No, let me choose" for this question, other than
    the reading declined: taken (and echoed), not asked about a second time."""
    slot = step.slot or step.dimension or ""
    return (
        status == "confirm" and declined.startswith(f"{slot}=") and declined != f"{slot}={option}"
    )


def _corrected(host: Host, t: Turn, flow: Flow, step: StepDef, text: str) -> bool:
    """ "no wait, i meant some tweaks": the last question's answer, changed (when the words
    answer that question); True when it was."""
    words = host.pick_words(t.lang)
    if t.session.history and simplify(text) in words.complaints:
        # "thats not what i said??": the last answer goes, and its question comes again
        host.say(t, "engine.correction_back", kind="notice")
        host.back(t, flow)
        return True
    rest, by_no = correction(text, words), False
    if rest is None and (after := after_no(text, words)) != text:
        rest, by_no = after, True  # "no the PT is totally tailored!!" at the next question
    last = flow.steps.get(t.session.history[-1]) if t.session.history and rest else None
    dimension = kind_of(last).dimension_of(last) if last is not None else None
    if last is None or dimension is None or rest is None:
        return False
    here = step.dimension or ""
    if by_no:
        # a no, then words stating the last question's answer and not this one's
        stated = host.brain.stated_answers(rest, t.lang)
        if dimension not in stated or here in stated:
            return False
    # only words that surely answer the last question, and not this one, change it
    if host.brain.read_answer(dimension, rest, t.lang).status != "read" or (
        not by_no and here and host.brain.read_answer(here, rest, t.lang).status == "read"
    ):
        return False
    host.back(t, flow, prompt=False)
    host.say(t, "engine.correction_done", kind="notice")
    kind_of(last).text(host, t, flow, last, rest)
    return True


def _answers_elsewhere(host: Host, t: Turn, flow: Flow, step: StepDef, text: str) -> bool:
    """Words that answer another question: kept for it if it is still to come, and said so."""
    other = elsewhere(host, t, step, text)
    if other is None:
        return False
    kept = keep_ahead(host, t, flow, step, text)
    if kept is None:
        dim_id, name = other
        done = dim_id in t.session.answers
        key = "engine.answer_elsewhere_done" if done else "engine.answer_elsewhere"
        host.say(t, key, kind="notice", dimension=name)
    else:
        host.say(t, "engine.answer_kept", kind="notice", dimension=kept)
    return True


def _take_kept(t: Turn, flow: Flow) -> dict[str, str]:
    """The answers typed ahead for dimension questions still open, taken out of
    `Session.ahead` (what is kept for other steps stays)."""
    dims = set(dimension_slots(flow).values())
    open_ = {k: v for k, v in parse(t.session.ahead).items() if k not in t.session.answers}
    rest = tuple(f"{k}={v}" for k, v in open_.items() if k not in dims)
    t.session = t.session.evolve(ahead=rest)
    return {k: v for k, v in open_.items() if k in dims}


def _lone_told(host: Host, t: Turn, flow: Flow, told: dict[str, str]) -> dict[str, str]:
    """One stated answer, as the words it came from read as an answer to its question: the
    same, or what those words surely say instead ("landlords stay for years, vendors are
    one-off" states *years* for one group; read as an answer, some stay); none when the reading
    is only a guess (a statement about one group is no answer for all)."""
    if len(told) != 1 or not t.proposed_by:
        return {}
    ((slot, option),) = told.items()
    dimension = {s: d for d, s in dimension_slots(flow).items()}.get(slot, slot)
    reading = host.brain.read_answer(dimension, t.proposed_by, t.lang)
    if reading.option == option or (reading.status == "read" and reading.option is not None):
        return {slot: reading.option or option}
    return {}
