"""Free text at a dimension step: read it, never silently misread it.

A button (or its exact label, or its number) is taken as it is. Anything else goes to
`Brain.read_answer`: a sure reading is recorded and echoed in one short line with the next
question ("Noted: …"), so a misreading shows at once and /back fixes it; a best guess is asked
about first ("I read that as …. Right?" Yes / No, let me choose) and nothing is recorded until
the person says yes; an unreadable answer gets the usual re-prompt ladder.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.engine.matching import Candidate, match_option, simplify
from bot.engine.model import Flow, StepDef
from bot.engine.picks import yes_no
from bot.engine.replies import Choice
from bot.engine.told import MIN_TOLD, TOLD, labels, open_items, parse, proposal

if TYPE_CHECKING:
    from bot.engine.engine import Engine, _Turn

CONFIRM = "k"  # `pending[0]` while a reading waits for yes/no: then option id, then the text
YES, NO = "yes", "no"
TELLING_WORDS = 6  # an answer this long may also answer other questions
KEPT_TEXT = 500  # the answer's words kept with a pending reading (to read other cues later)


def exact_choice(text: str, choices: Sequence[Choice], step: StepDef | None = None
                 ) -> str | None:
    """A choice designated exactly: its number, id or label, or a synonym the step gives it
    (case and punctuation aside). Looser readings are the answer reader's job."""
    raw = text.strip()
    if raw.isdecimal() and 1 <= int(raw) <= len(choices):
        return choices[int(raw) - 1].id
    wanted = simplify(raw)
    extra = {o.id: o.synonyms for o in step.options} if step is not None else {}
    for choice in choices:
        forms = (choice.id, choice.label, *extra.get(choice.id, ()))
        if wanted and wanted in (simplify(f) for f in forms):
            return choice.id
    return None


def state(t: _Turn) -> str:
    """The dimension step's sub-state: CONFIRM, TOLD or "" (the question itself)."""
    pending = t.session.pending
    return pending[0] if pending and pending[0] in (CONFIRM, TOLD) else ""


def yes_no_choices(engine: Engine, lang: str, sub: str) -> tuple[Choice, ...]:
    """The two buttons of a confirmation."""
    prefix = "engine.answer_confirm" if sub == CONFIRM else "engine.told_confirm"
    return (Choice(YES, engine.messages.plain(f"{prefix}_yes", lang)),
            Choice(NO, engine.messages.plain(f"{prefix}_no", lang)))


def option_label(engine: Engine, step: StepDef, option: str) -> str:
    """The label an option shows at this step (a step may relabel its answers)."""
    relabel = next((o for o in step.options if o.id == option), None)
    if relabel is not None:
        return relabel.label
    dim = engine.brain.dimension(step.dimension or "")
    opt = next((o for o in dim.options if o.id == option), None) if dim else None
    return opt.label if opt else option


def show_confirmation(engine: Engine, t: _Turn, flow: Flow, step: StepDef) -> None:
    """The pending confirmation (a reading, or the stated answers) asked again."""
    sub = state(t)
    choices = yes_no_choices(engine, t.lang, sub)
    if sub == CONFIRM:
        engine._say(t, "engine.answer_confirm", kind="prompt", choices=choices, step=step.id,
                    answer=option_label(engine, step, t.session.pending[1]))
        return
    items = [engine.messages.plain("engine.told_item", t.lang, dimension=name, answer=label)
             for name, label in labels(engine.brain, flow, t.session.pending[1:])]
    engine._say(t, "engine.told_confirm", kind="prompt", choices=choices, step=step.id,
                items="; ".join(items))


def offer_told(engine: Engine, t: _Turn, flow: Flow, step: StepDef) -> bool:
    """Show the confirmation of stated answers at `step` if any are still open."""
    items = open_items(t.proposal, t.session.answers)
    t.proposal = ()
    if len(items) < MIN_TOLD or step.kind != "dimension":
        return False
    engine._pend(t, (TOLD, *items))
    show_confirmation(engine, t, flow, step)
    return True


def text(engine: Engine, t: _Turn, flow: Flow, step: StepDef, raw: str) -> None:
    """Typed text at a dimension step, in whatever sub-state it is."""
    sub = state(t)
    if sub:
        choices = yes_no_choices(engine, t.lang, sub)
        answer = yes_no(raw, engine.pick_words(t.lang)) or match_option(
            raw, [Candidate(c.id, c.label) for c in choices])
        if answer in (YES, NO):
            choose(engine, t, flow, step, answer)
            return
        # not yes or no: an answer to the question itself (the stated answers are dropped,
        # they will be asked), read afresh
        t.session = t.session.evolve(pending=(), ask=t.session.ask + 1)
    chosen = exact_choice(raw, engine._choices(t, flow, step), step)
    if chosen is not None:
        engine._choose(t, flow, step, chosen)
        return
    reading = engine.brain.read_answer(step.dimension or "", raw, t.lang)
    # a question is not an answer; and an answer the reader cannot read may be a question
    asking = raw.rstrip().endswith("?")
    if (asking or reading.status == "unread") and engine._faq(t, flow, step, raw):
        return
    dim = engine.brain.dimension(step.dimension or "")
    known = {o.id for o in dim.options} if dim else set()
    if reading.option in known and reading.status == "read":
        assert reading.option is not None
        engine._say(t, "engine.answer_noted", kind="notice",
                    answer=option_label(engine, step, reading.option))
        record(engine, t, flow, step, reading.option, raw)
        return
    if reading.option in known and reading.status == "confirm":
        assert reading.option is not None
        engine._pend(t, (CONFIRM, reading.option, raw[:KEPT_TEXT]))
        show_confirmation(engine, t, flow, step)
        return
    engine._miss(t, flow, step)


def choose(engine: Engine, t: _Turn, flow: Flow, step: StepDef, answer: str) -> None:
    """Yes or No to the pending confirmation."""
    pending = t.session.pending
    sub = state(t)
    if sub == CONFIRM:
        if answer == YES:
            record(engine, t, flow, step, pending[1], pending[2] if len(pending) > 2 else "")
            return
        t.session = t.session.evolve(pending=(), ask=t.session.ask + 1)
        engine._say(t, "engine.answer_choose", kind="notice")
        engine._prompt(t, flow, step)
        return
    t.session = t.session.evolve(pending=(), ask=t.session.ask + 1)
    if answer == YES:
        engine._set(t, parse(pending[1:]))
        engine._enter(t, flow, step)
        return
    engine._say(t, "engine.told_declined", kind="notice")
    engine._prompt(t, flow, step)


def record(engine: Engine, t: _Turn, flow: Flow, step: StepDef, option: str, said: str) -> None:
    """Record a typed answer and move on; other dimensions it states are offered next."""
    slot = step.slot or step.dimension or step.id
    engine._set(t, {slot: option})
    # a short answer answers the question asked; a longer one may say more worth noting
    if len(said.split()) >= TELLING_WORDS:
        t.proposal = proposal(engine.brain, flow, t.session.answers, said, t.lang,
                              exclude=(step.dimension or "",))
    engine._advance(t, flow, step, option)
