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
from typing import Any, NamedTuple

from bot.contracts import Verdict
from bot.core.richtext import RichText, join
from bot.kb.advice import advice_plan
from bot.kb.cues import CueIndex, Scan
from bot.kb.matcher import FLOOR, WINDOW, Matcher, Ranking
from bot.kb.model import Industry, KnowledgeBase, Side
from bot.kb.normalize import fold, read_title, served_parts, singular
from bot.kb.quotes import as_typed
from bot.kb.textutil import listing, plain, rich

PRIOR_WEIGHT = 1.7  # points a perfect industry match is worth
PRIOR_FROM = 40.0  # match score at which the prior starts to count (full at 100)
HYBRID_PART = 0.8  # a part of the text must lean at least this much each way ...
HYBRID_BALANCE = 0.3  # ... and the smaller side be at least this share of the larger
HYBRID_JOINED_PART = 0.5  # two parts leaning opposite ways at least this much ...
HYBRID_JOINED_BALANCE = 0.15  # ... are two groups when the smaller side is this share of the larger
HYBRID_SETTLE = 1.2  # cue margin that overrides a hybrid industry label
# dimensions whose cues state a standing arrangement with a group (contract, standing order)
ARRANGEMENT = frozenset(("relationship", "engagement"))
SERVED_WEIGHT = 0.4  # who is served, as weak evidence: organisations lean client, people customer
SERVED_ORG = 55.0  # an industry named among the served this well (unscaled) is an organisation
MAX_CANDIDATES = 3
MIN_LISTED = 30.0  # candidates below this score are not listed at all
_SIGN = {"client": 1.0, "customer": -1.0, "hybrid": 0.0}
# "restaurant owners", "tattoo studios": the organisation is named just before these words
OWNERS = frozenset(
    (
        "owner",
        "manager",
        "operator",
        "group",
        "chain",
        "franchisee",
        "landlord",
        "proprietor",
        "studio",
        "shop",
        "store",
        "salon",
        "clinic",
        "practice",
        "centre",
        "center",
        "firm",
        "company",
        "site",
        "venue",
        "outlet",
        "branch",
        "office",
        "premise",
        "workshop",
        "yard",
        "house",
        "home",
        "service",
        "provider",
        "maker",
        "dealer",
        "supplier",
        "brand",
        "label",
        "agency",
        "school",
        "business",
        "operation",
        "team",
    )
)
# People buying for themselves ("surf lessons for tourists", "cheap repairs for students")
CONSUMERS = frozenset(
    (
        "tourist",
        "visitor",
        "holidaymaker",
        "traveller",
        "traveler",
        "backpacker",
        "daytripper",
        "parent",
        "mum",
        "mom",
        "mother",
        "dad",
        "father",
        "kid",
        "child",
        "children",
        "baby",
        "toddler",
        "teen",
        "teenager",
        "student",
        "learner",
        "beginner",
        "adult",
        "senior",
        "pensioner",
        "retiree",
        "elderly",
        "homeowner",
        "householder",
        "tenant",
        "resident",
        "local",
        "neighbour",
        "commuter",
        "cyclist",
        "walker",
        "hiker",
        "runner",
        "gamer",
        "bride",
        "groom",
        "couple",
        "men",
        "women",
        "man",
        "woman",
        "girl",
        "boy",
        "lady",
        "ladies",
        "people",
        "person",
        "individual",
        "public",
        "consumer",
        "shopper",
        "guest",
        "passenger",
        "fan",
        "anyone",
        "everyone",
        "passerby",
        "passer",
        "crowd",  # (not "customer": the owner's word)
        # ... and their occasions ("cakes for birthdays", "I groom horses for shows")
        "wedding",
        "party",
        "birthday",
        "prom",
        "christening",
        "anniversary",
        "hen",
        "stag",
        "show",
        "celebration",
        "graduation",
        "holiday",
    )
)


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
    served = _served(ranking, text)
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
    prior = {"client": 0.0, "customer": 0.0, "hybrid": 0.0}
    lean = scan.segment_lean() or [0.0]
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
    # who is served counts once per side
    counted: dict[str, _Served] = {}
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
        tuple((s.side, s.quote) for s in counted.values() if not _quoted(scan, s)),
    )


def _quoted(scan: Scan, served: _Served) -> bool:
    """A cue of the same side already quotes these words ("for ... owners")."""
    return any(
        h.side == served.side and served.opener <= scan.word_at[h.start] < served.end
        for h in scan.hits
    )


def _part(scan: Scan, word: int, lean: list[float]) -> int:
    part = scan.word_segment[word] if word < len(scan.word_segment) else 0
    return min(part, len(lean) - 1)


class _Served(NamedTuple):
    side: Side
    quote: str  # the words as typed (folded), to show as a reason
    opener: int  # word index of the part's first word ("for") ...
    end: int  # ... and just after its last


def _served(ranking: Ranking, text: str) -> list[_Served]:
    """Who the text says is served: people buying for themselves lean customer, an
    organisation (an industry named there) leans client."""
    found: list[_Served] = []
    parts = served_parts(text)
    all_words = fold(text).split() if parts else []
    for part in parts:
        quote = " ".join(all_words[part.opener : min(part.end, part.start + 4)])
        heads = set(part.heads)
        # "for kids" but not "for kids' clubs"; "for restaurant owners" names restaurants
        named = heads | {h - 1 for h in heads if singular(all_words[h]) in OWNERS}
        if singular(all_words[part.heads[0]]) in CONSUMERS:
            found.append(_Served("customer", quote, part.opener, part.end))
        elif any(
            c.score >= SERVED_ORG and part.start <= c.start and c.end - 1 in named
            for c in ranking.served
        ):
            found.append(_Served("client", quote, part.opener, part.end))
    return found


def _joined(ev: Evidence) -> bool:
    """A part joined on by "also / plus / as well as / and" states an arrangement (contract,
    standing order: a relationship or engagement cue; a payment clause is about the same
    people) and leans client, while another part leans customer: two groups of buyers."""
    # a group is what its own words say: the industry's prior, which stands for the whole
    # business, may hide a group ("an accountant doing one-off returns and ...")
    lean, cues = ev.part_lean, ev.scan.segment_lean()
    if not lean or len(cues) != len(lean):
        return False
    low = [min(a, b) for a, b in zip(lean, cues, strict=True)]
    high = [max(a, b) for a, b in zip(lean, cues, strict=True)]
    return any(
        h.side == "client"
        and h.segment in ev.scan.joined
        and h.cue.dimension in ARRANGEMENT
        and high[h.segment] >= HYBRID_JOINED_PART
        and any(x <= -HYBRID_JOINED_PART for i, x in enumerate(low) if i != h.segment)
        for h in ev.scan.hits
    )


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
    joined = _joined(ev) and balance >= HYBRID_JOINED_BALANCE
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
    reasons: list[str] = []
    if ev.ranking.status == "confident" and industry is not None:
        reasons.append(
            plain(
                kb,
                "oneshot.explain_industry",
                lang,
                industry=industry.name,
                usually=plain(kb, f"usually.{industry.label}", lang),
            )
        )
    elif ev.ranking.status == "ambiguous":
        names = [c.industry.name for c in close]
        reasons.append(plain(kb, "oneshot.explain_ambiguous", lang, names=listing(kb, names, lang)))
    phrases: list[str] = []
    for side in ("client", "customer"):
        # quoted as typed: the normalised words hold markers like qnum (bot/kb/quotes.py)
        found = list(
            dict.fromkeys(
                [
                    *(as_typed(text, h.quote) for h in ev.scan.hits if h.side == side),
                    *(as_typed(text, q) for s, q in ev.served if s == side),
                ]
            )
        )
        phrases.extend(found)
        if found:
            quoted = listing(kb, [f"“{p}”" for p in found[:4]], lang)
            reasons.append(plain(kb, f"oneshot.explain_{side}", lang, cues=quoted))
    if label == "hybrid":
        reasons.append(plain(kb, "oneshot.explain_both", lang))
    if not reasons:
        reasons.append(plain(kb, "oneshot.explain_nothing", lang))
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
        lambda: _card(kb, label, name, explanation, lang, industry, text, confidence),
    )


def _card(
    kb: KnowledgeBase,
    label: Verdict,
    industry: str | None,
    reason: str,
    lang: str,
    matched: Industry | None = None,
    text: str = "",
    confidence: float = 1.0,
) -> RichText:
    if label == "unknown":
        return rich(kb, "oneshot.card_unknown", lang)
    parts: list[RichText] = [
        rich(kb, "oneshot.card_title", lang, verdict=kb.text(f"verdict.{label}", lang))
    ]
    if industry:
        parts.append(rich(kb, "oneshot.card_industry", lang, industry=industry))
    parts.append(rich(kb, "oneshot.card_reason", lang, reason=reason))
    # the two biggest levers for this trade (knowledge/advice), else the verdict's playbook
    plan = advice_plan(kb, label, confidence, matched, {}, lang, text)
    tips = [i.text for i in plan.items[:2]] or list(kb.lang(lang).playbooks[label].top[:2])
    parts.append(rich(kb, "oneshot.card_tips", lang))
    parts.extend(rich(kb, "assess.bullet", lang, text=t) for t in tips)
    return join(parts)
