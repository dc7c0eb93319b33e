"""Helpers of the dimension step and its confirmations: exact choices, labels, recording."""

from __future__ import annotations

from collections.abc import Sequence

from bot.engine.matching import simplify
from bot.engine.model import Flow, StepDef
from bot.engine.replies import Choice
from bot.engine.step_kind import Host
from bot.engine.told import labels, parse, proposal, propose
from bot.engine.turn import Turn

TELLING_WORDS = 6  # an answer this long may also answer other questions


def exact_choice(text: str, choices: Sequence[Choice], step: StepDef | None = None) -> str | None:
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


def option_label(host: Host, step: StepDef, option: str) -> str:
    """The label an option shows at this step (a step may relabel its answers)."""
    relabel = next((o for o in step.options if o.id == option), None)
    if relabel is not None:
        return relabel.label
    dim = host.brain.dimension(step.dimension or "")
    opt = next((o for o in dim.options if o.id == option), None) if dim else None
    return opt.label if opt else option


def elsewhere(host: Host, t: Turn, step: StepDef, text: str) -> str | None:
    """The name of another question `text` answers, when it answers that one and not this
    step's ("we email them every month" to "how do people pay you?"); else None."""
    stated = host.brain.stated_answers(text, t.lang)
    if not stated or (step.dimension or "") in stated:
        return None
    dim = host.brain.dimension(next(iter(stated)))
    return dim.name.lower() if dim else None


def keep_ahead(host: Host, t: Turn, flow: Flow, step: StepDef, text: str) -> str | None:
    """Keep what `text` answers of the questions still open (not this step's) for when they
    come (`Session.ahead`); the name of the first such question, or None if it answers none."""
    items = proposal(
        host.brain, flow, t.session.answers, text, t.lang, exclude=(step.dimension or "",)
    )
    named = labels(host.brain, flow, items)
    if not named:
        return None
    kept = parse(t.session.ahead) | parse(items)
    t.session = t.session.evolve(ahead=tuple(f"{k}={v}" for k, v in kept.items()))
    return named[0][0].lower()


def record(host: Host, t: Turn, flow: Flow, step: StepDef, option: str, said: str) -> None:
    """Record a typed answer and move on; other dimensions it states are offered next."""
    slot = step.slot or step.dimension or step.id
    host.set(t, {slot: option})
    # a short answer answers the question asked; a longer one may say more worth noting
    if len(said.split()) >= TELLING_WORDS:
        propose(t, host.brain, flow, said, exclude=(step.dimension or "",))
    host.advance(t, flow, step, option)
