"""Helpers of the dimension step and its confirmations: exact choices, labels, recording."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.engine.matching import simplify
from bot.engine.model import Flow, StepDef
from bot.engine.replies import Choice
from bot.engine.step_kind import Host, kind_of
from bot.engine.told import dimension_slots, keep, labels, parse, proposal, propose
from bot.engine.turn import Turn

TELLING_WORDS = 6  # an answer this long may also answer other questions
# A share of the revenue said in passing ("offices are ~75% of revenue") is kept for the
# two-groups follow-up only when it names a percentage, a split or a fraction: "mostly
# regulars" or "some for 3 years" in another answer is no statement about revenue.
# a share (not how often: "half the time", "50% of the time")
# (nor a period: "each quarter", "every half term")
_SHARE_SAID = re.compile(
    r"(?:\d\s*(?:%|percent|per ?cent)"
    r"|(?<!each )(?<!every )(?<!per )(?<!once a )\b(?:half|thirds?|quarters?|fifths?)\b)"
    r"(?!\s+(?:of\s+)?the\s+time)",
    re.I,
)
_SPLIT = re.compile(r"\b(\d{1,3})\s*[/-]\s*(\d{1,3})\b")  # "60/40" (not "6-8 weeks")


def _says_share(text: str) -> bool:
    """Whether `text` names a share: a percentage, a fraction or a split adding up to 100."""
    splits = (abs(int(a) + int(b) - 100) <= 5 for a, b in _SPLIT.findall(text))
    return bool(_SHARE_SAID.search(text)) or any(splits)


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


def elsewhere(host: Host, t: Turn, step: StepDef, text: str) -> tuple[str, str] | None:
    """The id and name of another question `text` answers, when it answers that one and not
    this step's ("we email them every month" to "how do people pay you?"); else None."""
    stated = host.brain.stated_answers(text, t.lang)
    if not stated or (step.dimension or "") in stated:
        return None
    dim = host.brain.dimension(next(iter(stated)))
    return (dim.id, dim.name.lower()) if dim else None


def keep_ahead(host: Host, t: Turn, flow: Flow, step: StepDef, text: str) -> str | None:
    """Keep what `text` answers of the questions still open (not this step's) for when they
    come (`Session.ahead`); the name of the first such question, or None if it answers none."""
    said = said_answers(host, t, flow, text, exclude=(step.dimension or "",))
    named = labels(host.brain, flow, tuple(f"{k}={v}" for k, v in said.items()))
    _keep_share(host, t, flow, text)
    if not named:
        return None
    keep(t, said)
    return named[0][0].lower()


def said_answers(
    host: Host, t: Turn, flow: Flow, text: str, exclude: Sequence[str] = ()
) -> dict[str, str]:
    """slot -> option for the open questions `text` answers (`exclude`: dimensions left out).
    The words were typed as an answer: each question they answer reads them as one (two groups
    in "offices pay monthly, walk-ins on collection" are a mix, not one of them)."""
    items = proposal(host.brain, flow, t.session.answers, text, t.lang, exclude=exclude)
    dims = {slot: dim for dim, slot in dimension_slots(flow).items()}
    return {
        slot: _as_answer(host, t, dims.get(slot, slot), text, option)
        for slot, option in parse(items).items()
    }


def _as_answer(host: Host, t: Turn, dimension: str, text: str, stated: str) -> str:
    """`text` read as the answer to `dimension`'s question, else what a description states."""
    reading = host.brain.read_answer(dimension, text, t.lang)
    return reading.option if reading.status != "unread" and reading.option else stated


def record(host: Host, t: Turn, flow: Flow, step: StepDef, option: str, said: str) -> None:
    """Record a typed answer and move on; other dimensions it states are offered next."""
    slot = step.slot or step.dimension or step.id
    host.set(t, {slot: option})
    _keep_share(host, t, flow, said)
    # a short answer answers the question asked; a longer one may say more worth noting
    if len(said.split()) >= TELLING_WORDS:
        propose(t, host.brain, flow, said, exclude=(step.dimension or "",))
    host.advance(t, flow, step, option)


def _keep_share(host: Host, t: Turn, flow: Flow, said: str) -> None:
    """Keep a share of the revenue said in an answer for the share step ("offices are ~75% of
    revenue" said about payment), so the follow-up is not asked cold."""
    if not _says_share(said):
        return
    share = host.brain.read_share(said, t.lang, sides_named=True)
    slots = [s.slot for s in flow.steps.values() if kind_of(s).takes_shares and s.slot]
    if share is None or not slots or slots[0] in t.session.answers:
        return
    keep(t, {slots[0]: share})
