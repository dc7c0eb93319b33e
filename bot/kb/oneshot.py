"""One-shot verdict for a free-text description: industry prior plus cue evidence.

Scoring (docs/knowledge.md): the best industry matches give a prior of up to PRIOR_WEIGHT
points, split over their labels by match score (only industries named in the business's own
words, not among the people it serves); every cue phrase found adds its weight to its side;
who is served adds a little (SERVED_WEIGHT): organisations to the client side, people buying
for themselves to the customer side. The larger side wins. A text is hybrid when one part of
it clearly leans client and another clearly leans customer and the totals are not lopsided,
or when the industry matched with confidence is hybrid and the cues do not settle it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from bot.contracts import Verdict
from bot.core.richtext import RichText
from bot.kb.cues import CueIndex, Scan
from bot.kb.matcher import FLOOR, WINDOW, Matcher, Ranking
from bot.kb.model import KnowledgeBase
from bot.kb.oneshot_text import explain, verdict_card
from bot.kb.served_sides import ServedSide, quoted_by_cue, served_sides
from bot.kb.titles import read_title

PRIOR_WEIGHT = 1.7  # points a perfect industry match is worth
PRIOR_FROM = 25.0  # match score at which the prior starts to count (full at 100)
HYBRID_PART = 0.8  # a part of the text must lean at least this much each way ...
HYBRID_BALANCE = 0.3  # ... and the smaller side be at least this share of the larger
HYBRID_JOINED_PART = 0.5  # two parts leaning opposite ways at least this much ...
HYBRID_JOINED_BALANCE = 0.15  # ... are two groups when the smaller side is this share of the larger
HYBRID_SETTLE = 1.2  # cue margin that overrides a hybrid industry label
# dimensions whose cues state a standing arrangement with a group (contract, standing order)
ARRANGEMENT = frozenset(("relationship", "engagement"))
SERVED_WEIGHT = 0.4  # who is served, as weak evidence: organisations lean client, people customer
MAX_CANDIDATES = 3
MIN_LISTED = 30.0  # candidates below this score are not listed at all
_SIGN = {"client": 1.0, "customer": -1.0, "hybrid": 0.0}


@dataclass(frozen=True, slots=True)
class Evidence:
    """Everything the one-shot verdict is computed from."""

    ranking: Ranking
    scan: Scan
    prior: dict[str, float]
    client: float
    customer: float
    part_lean: tuple[float, ...] = ()  # per part of the text: cues plus the industries named there
    served: tuple[tuple[str, str], ...] = ()  # (side, quote) for who the text says is served


@dataclass(frozen=True)
class OneShot:
    """A one-shot verdict with its reasons, as data, card and JSON."""

    label: Verdict
    confidence: float
    industry: str | None
    candidates: list[tuple[str, float]]
    explanation: str
    client_score: float = 0.0
    customer_score: float = 0.0
    cues: list[str] = field(default_factory=list)
    make_card: Callable[[], RichText] = field(default=tuple, repr=False, compare=False)

    @cached_property
    def card(self) -> RichText:
        """The verdict card for groups and inline answers (built on first use)."""
        return self.make_card()

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "confidence": round(self.confidence, 3),
            "industry": self.industry,
            "candidates": [{"industry": n, "score": round(s, 3)} for n, s in self.candidates],
            "explanation": self.explanation,
        }


def gather(matcher: Matcher, cues: CueIndex, text: str) -> Evidence:
    """Industry ranking, cue hits and the side totals for a text."""
    text = read_title(text)  # "Furniture Retailers" reads as "Furniture shop"
    ranking = matcher.rank(text)
    scan = cues.scan(text)
    served = served_sides(matcher.served, ranking, text)
    orgs = [(s.opener, s.end) for s in served if s.side == "client"]
    if orgs:
        # "photography for comic book stores": customer cues inside the name of an organisation
        # served say nothing about the business
        scan = replace(
            scan,
            hits=tuple(
                h
                for h in scan.hits
                if h.side == "client" or not any(a <= scan.word_at[h.start] < b for a, b in orgs)
            ),
        )
    lean = scan.segment_lean() or [0.0]
    prior = _prior(ranking, scan, lean)
    # who is served counts once per side
    counted: dict[str, ServedSide] = {}
    for s in served:
        counted.setdefault(s.side, s)
    for s in counted.values():
        lean[_part(scan, s.opener, lean)] += SERVED_WEIGHT * _SIGN[s.side]
    client = prior["client"] + prior["hybrid"] / 2 + scan.total("client")
    customer = prior["customer"] + prior["hybrid"] / 2 + scan.total("customer")
    client += SERVED_WEIGHT * ("client" in counted)
    customer += SERVED_WEIGHT * ("customer" in counted)
    return Evidence(
        ranking,
        scan,
        prior,
        client,
        customer,
        tuple(lean),
        tuple((s.side, s.quote) for s in counted.values() if not quoted_by_cue(scan, s)),
    )


def _prior(ranking: Ranking, scan: Scan, lean: list[float]) -> dict[str, float]:
    """The industry prior per label; each industry also leans the part where it was named."""
    prior = {"client": 0.0, "customer": 0.0, "hybrid": 0.0}
    # only industries named in the business's own words give a prior: the ones it serves are
    # evidence of who buys (below)
    own = [c for c in ranking.ranked if not c.served]
    if own and own[0].score >= FLOOR:
        top = own[0].score
        close = [c for c in own[:MAX_CANDIDATES] if c.score >= max(FLOOR, top - WINDOW)]
        strength = PRIOR_WEIGHT * min(1.0, max(0.0, (top - PRIOR_FROM) / (100.0 - PRIOR_FROM)))
        total = sum(c.score for c in close)
        for c in close:
            share = strength * c.score / total
            prior[c.industry.label] += share
            # the industry also leans the part of the text where it was named
            lean[_part(scan, c.start, lean)] += share * _SIGN[c.industry.label]
    return prior


def _part(scan: Scan, word: int, lean: list[float]) -> int:
    part = scan.word_segment[word] if word < len(scan.word_segment) else 0
    return min(part, len(lean) - 1)


def _joined(ev: Evidence) -> float:
    """A part joined on by "also / plus / as well as / and" states an arrangement (contract,
    standing order: a relationship or engagement cue; a payment clause is about the same
    people) and leans client, while another part leans customer: two groups of buyers. The
    share the arrangement's own client cues make of the other parts' customer cues (0: no
    two groups); customer words inside the arrangement part say what is done for that group
    ("a contract printing the council's leaflets"), so they do not cancel it."""
    # a group is what its own words say: the industry's prior, which stands for the whole
    # business, may hide a group ("an accountant doing one-off returns and ...")
    lean, cues = ev.part_lean, ev.scan.segment_lean()
    if not lean or len(cues) != len(lean):
        return 0.0
    low = [min(a, b) for a, b in zip(lean, cues, strict=True)]
    high = [max(a, b) for a, b in zip(lean, cues, strict=True)]
    own = [0.0] * len(cues)
    for h in ev.scan.hits:
        if h.side == "client":
            own[h.segment] += h.weight
    share = 0.0
    for seg in {
        h.segment
        for h in ev.scan.hits
        if h.side == "client" and h.segment in ev.scan.joined and h.cue.dimension in ARRANGEMENT
    }:
        if max(high[seg], own[seg]) >= HYBRID_JOINED_PART and any(
            x <= -HYBRID_JOINED_PART for i, x in enumerate(low) if i != seg
        ):
            rest = sum(-x for i, x in enumerate(cues) if i != seg and x < 0)
            share = max(share, 1.0 if rest <= own[seg] else own[seg] / rest)
    return share


def decide(ev: Evidence) -> tuple[Verdict, float]:
    """The label and a confidence 0..1 from the evidence."""
    c, k = ev.client, ev.customer
    if c == 0 and k == 0 and ev.prior["hybrid"] == 0:
        return "unknown", 0.0
    big, small = max(c, k), min(c, k)
    balance = small / big if big else 1.0
    lean = ev.part_lean
    two_sided = bool(lean) and max(lean) >= HYBRID_PART and -min(lean) >= HYBRID_PART
    cue_margin = abs(ev.scan.total("client") - ev.scan.total("customer"))
    prior_total = sum(ev.prior.values())
    hybrid_prior = (
        ev.ranking.status == "confident"
        and prior_total > 0
        and ev.prior["hybrid"] / prior_total > 0.5
    )
    # two groups joined in one text ("walk-in repairs, plus a fleet on contract"): a smaller
    # but clear second side is enough, since one contract is a whole second group of buyers
    groups = _joined(ev)
    joined = groups > 0 and max(balance, groups) >= HYBRID_JOINED_BALANCE
    if (
        (two_sided and balance >= HYBRID_BALANCE)
        or joined
        or (hybrid_prior and cue_margin < HYBRID_SETTLE)
    ):
        return "hybrid", round(0.45 + 0.4 * balance, 3)
    margin = (big - small) / (big + small + 0.5)
    return ("client" if c > k else "customer"), round(min(0.99, 0.5 + 0.5 * margin), 3)


def classify(
    kb: KnowledgeBase, matcher: Matcher, cues: CueIndex, text: str, lang: str = "en"
) -> OneShot:
    """The one-shot verdict for `text`."""
    ev = gather(matcher, cues, text)
    label, confidence = decide(ev)
    ranked = [c for c in ev.ranking.ranked[:MAX_CANDIDATES] if c.score >= MIN_LISTED]
    candidates = [(c.industry.name, c.score / 100.0) for c in ranked]
    close = ev.ranking.close
    industry = close[0].industry if close else None
    reasons, phrases = explain(kb, ev.ranking, ev.scan, ev.served, industry, label, text, lang)
    explanation = "; ".join(reasons)
    name = industry.name if industry else None
    return OneShot(
        label,
        confidence,
        name,
        candidates,
        explanation,
        round(ev.client, 3),
        round(ev.customer, 3),
        phrases,
        lambda: verdict_card(kb, label, name, explanation, lang, industry, text, confidence),
    )
