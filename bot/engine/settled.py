"""Whether the verdict is settled: no answers to the questions left could change it.

The verdict moves one way along the client-customer scale as any one answer moves, so the
answers still open can at most push it as far as "every open question answered on the client
side" or "every one on the customer side". When those two give the same verdict, every other
combination gives it too (and so do the answers as they stand, open questions left out or read
from the description), and the interview can offer "See the result now". A test tries every
combination wherever this says so (tests/engine/test_listening.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from bot.contracts import Brain, DimensionRef

NOW = "now"  # the id of the "See the result now" button


def extreme_option(dim: DimensionRef, side: str) -> str | None:
    """The option furthest to `side` ("client" first in the list, "customer" last)."""
    options = [o for o in dim.options if o.side == side]
    if not options:
        return None
    return options[0].id if side == "client" else options[-1].id


def too_early(answered: int, open_count: int) -> bool:
    """With more questions open than answered the verdict cannot be settled yet (the weights
    of the dimensions are too close for that; a test checks it), so it is not worked out."""
    return open_count > answered


def settled(
    brain: Brain,
    industry: str | None,
    answers: Mapping[str, str],
    description: str,
    open_dimensions: Iterable[tuple[str, str]],
    lang: str,
) -> bool:
    """True when the verdict is the same however the open (slot, dimension) questions go."""
    lean_client = dict(answers)
    lean_customer = dict(answers)
    any_open = False
    for slot, dim_id in open_dimensions:
        dim = brain.dimension(dim_id)
        if dim is None:
            return False
        high, low = extreme_option(dim, "client"), extreme_option(dim, "customer")
        if high is None or low is None:
            return False
        lean_client[slot], lean_customer[slot] = high, low
        any_open = True
    if not any_open:
        return False
    high_label = brain.assess(industry, lean_client, description, lang).label
    return high_label != "unknown" and (
        brain.assess(industry, lean_customer, description, lang).label == high_label
    )
