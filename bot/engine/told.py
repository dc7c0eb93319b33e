"""Don't ask what you have been told: answers a description (or an earlier answer) already gives.

`proposal` turns `Brain.stated_answers` into pending items ("slot=option") for the dimension
steps still ahead; the engine shows them in one confirmation ("From what you said: …. Right?")
and, once confirmed, records them and passes over those questions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from bot.contracts import Brain
from bot.engine.model import Flow
from bot.engine.step_kind import kind_of
from bot.engine.turn import Turn

TOLD = "f"  # `pending[0]` while a confirmation of stated answers waits for yes/no
# Two or more stated answers are confirmed in one go at the next question; one alone is kept for
# its own question and confirmed there (steps/dimension.py).
MIN_TOLD = 2


def dimension_slots(flow: Flow) -> dict[str, str]:
    """Dimension id -> the slot its steps fill, for every dimension the flow asks about."""
    out: dict[str, str] = {}
    for step in flow.steps.values():
        dimension = kind_of(step).dimension_of(step)
        if dimension:
            out.setdefault(dimension, step.slot or dimension)
    return out


def proposal(
    brain: Brain,
    flow: Flow,
    answers: Mapping[str, str],
    text: str,
    lang: str,
    exclude: Iterable[str] = (),
) -> tuple[str, ...]:
    """ "slot=option" items for dimensions `text` answers that are still open, in flow order."""
    if not text.strip():
        return ()
    stated = brain.stated_answers(text, lang)
    if not stated:
        return ()
    skip = set(exclude)
    items: list[str] = []
    for dim_id, slot in dimension_slots(flow).items():
        reading = stated.get(dim_id)
        if reading is None or dim_id in skip or slot in answers or reading.option is None:
            continue
        if reading.status not in ("read", "confirm"):
            continue
        dim = brain.dimension(dim_id)
        if dim is None or all(o.id != reading.option for o in dim.options):
            continue
        items.append(f"{slot}={reading.option}")
    return tuple(items)


def propose(t: Turn, brain: Brain, flow: Flow, text: str, exclude: Iterable[str] = ()) -> None:
    """Hold the answers `text` states for the next question to confirm, and the words."""
    t.proposal = proposal(brain, flow, t.session.answers, text, t.lang, exclude)
    t.proposed_by = text


def parse(items: Iterable[str]) -> dict[str, str]:
    """Pending items back into slot -> option."""
    return dict(item.split("=", 1) for item in items if "=" in item)


def open_items(items: Iterable[str], answers: Mapping[str, str]) -> tuple[str, ...]:
    """The items whose slot is still unanswered."""
    return tuple(i for i in items if "=" in i and i.split("=", 1)[0] not in answers)


def labels(brain: Brain, flow: Flow, items: Iterable[str]) -> list[tuple[str, str]]:
    """(dimension name, answer label) for each item, as the confirmation shows them."""
    by_slot = {slot: dim for dim, slot in dimension_slots(flow).items()}
    out: list[tuple[str, str]] = []
    for slot, option in parse(items).items():
        dim = brain.dimension(by_slot.get(slot, slot))
        opt = next((o for o in dim.options if o.id == option), None) if dim else None
        if dim is not None and opt is not None:
            out.append((dim.name, opt.label))
    return out


def keep(t: Turn, items: Mapping[str, str]) -> None:
    """Add `items` (slot -> option) to the answers kept for questions still to come
    (`Session.ahead`); a later one for the same slot replaces the earlier."""
    kept = parse(t.session.ahead) | dict(items)
    t.session = t.session.evolve(ahead=tuple(f"{k}={v}" for k, v in kept.items()))
