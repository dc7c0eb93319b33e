"""Conditions under which a step is asked at all (`ask_if:` in a flow), computed from answers.

`answers_point_two_ways`: a lukewarm business and a business with two distinct groups (contract
clients plus walk-in customers) give the same middling answers, so when the answers point two
ways and the verdict on them is hybrid, the flow asks one follow-up on where the revenue comes
from (slot `groups`: `accounts`, `split`, `one_off` or `one`). That slot is not a scored
dimension: the verdict is unchanged, its explanation and the advice say which kind of hybrid it
is. A clear verdict needs no follow-up: one stray answer does not make a law firm two groups.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from bot.engine.step_kind import kind_of

if TYPE_CHECKING:
    from bot.contracts import Brain
    from bot.engine.model import Flow

# Two or more "some of each" answers already describe two kinds of people (or one lukewarm
# kind, which the follow-up's `one` answer tells apart).
MIXED_ENOUGH = 2
# ... and this many, under a clear verdict less sure than this, may be two groups the verdict
# averaged away: asked too (the answer `split`, or the other side's group, makes it hybrid)
MANY_MIXED = 4
UNSURE_CLEAR = 0.85

# (flow, answers, brain, the slot the verdict reads the trade from) -> whether to ask
Guard = Callable[["Flow", Mapping[str, str], "Brain", str], bool]


def answer_sides(flow: Flow, answers: Mapping[str, str], brain: Brain) -> Counter[str]:
    """How many recorded dimension answers lean client, customer or sit in the middle."""
    sides: Counter[str] = Counter()
    seen: set[str] = set()
    for step in flow.steps.values():
        slot = step.slot or step.dimension
        dimension = kind_of(step).dimension_of(step)
        if not dimension or not slot or slot in seen:
            continue
        seen.add(slot)
        dim = brain.dimension(dimension)
        chosen = answers.get(slot)
        opt = next((o for o in dim.options if o.id == chosen), None) if dim and chosen else None
        if opt is not None and opt.side is not None:
            sides[opt.side] += 1
    return sides


def answers_point_two_ways(
    flow: Flow, answers: Mapping[str, str], brain: Brain, industry_slot: str
) -> bool:
    """Some answers lean client and some customer, or several sit in the middle, and the
    verdict on the answers so far is hybrid."""
    sides = answer_sides(flow, answers, brain)
    if not ((sides["client"] >= 1 and sides["customer"] >= 1) or sides["mixed"] >= MIXED_ENOUGH):
        return False
    industry, text = answers.get(industry_slot), answers.get(f"{industry_slot}_text", "")
    verdict = brain.assess(industry, answers, text)
    # many answers in the middle under a clear but unsure verdict: an insurance broker with
    # business clients for years and private drivers who switch each renewal
    middling = sides["mixed"] >= MANY_MIXED and verdict.confidence < UNSURE_CLEAR
    return verdict.label == "hybrid" or middling


GUARDS: dict[str, Guard] = {"answers_point_two_ways": answers_point_two_ways}
