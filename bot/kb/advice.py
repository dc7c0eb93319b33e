"""Relationship-management advice composed for one business (knowledge/advice/).

Candidates are the tips of knowledge/advice (practices, the sector's and the trade's levers)
plus the gap advice of every answer that contradicts the verdict. A tip is dropped when it
does not fit the verdict, the hybrid's groups, the sector or trade, the business's traits
(sole trader, online only, premises, care ...) or when an answer says the business already
does it (`skip_if`). The rest are ranked by impact (plus a boost per answer that makes the
tip more urgent), one per topic. Answers that are already good practice become strengths.
Without knowledge/advice, the playbooks and mismatches of advice.yaml are used (baseline).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from bot.contracts import AdviceItem, AdvicePlan, Verdict
from bot.core.richtext import RichText, join
from bot.kb.model import GROUPS, Industry, KnowledgeBase, Label, Mismatch, Tip
from bot.kb.normalize import words
from bot.kb.textutil import rich

BOOST = 0.75  # added to a tip's impact per answer listed in its boost_if
MAX_ITEMS = 8  # three with the verdict, the rest behind "More advice"
SHOWN_STRENGTHS = 4  # the result message names this many strengths (the plan keeps all)
SIDE = 0.33  # an option scoring beyond this leans to one side (as bot.kb.answers)
UNSURE = 0.6  # below this confidence the business has the trait `unsure` (tips may test it)
# (and `mostly_ongoing` when most revenue comes from long-term accounts: the groups answer)


@dataclass(frozen=True, slots=True)
class Profile:
    """What the advice knows about the business."""

    label: Label
    industry: Industry | None
    answers: Mapping[str, str]
    traits: frozenset[str]
    group: str  # hybrids: accounts | split | one_off | one; "" otherwise


def read_group(kb: KnowledgeBase, answers: Mapping[str, str]) -> str | None:
    """The interview's `groups` answer, else inferred from three or more answers: some on
    each side mean two groups (`split`), none on one side one lukewarm group (`one`); None
    when too little is known."""
    given = answers.get("groups", "")
    if given in GROUPS:
        return given
    client = customer = answered = 0
    for dim in kb.dimensions:
        opt = dim.option(answers.get(dim.id, ""))
        if opt is not None:
            answered += 1
            client += opt.score > SIDE
            customer += opt.score < -SIDE
    if client and customer:
        return "split"
    return "one" if answered >= 3 else None


def hybrid_group(kb: KnowledgeBase, answers: Mapping[str, str]) -> str:
    """The hybrid's groups for the advice; unknown reads as two groups, the common case of
    hybrid industries (some buy once, some stay)."""
    return read_group(kb, answers) or "split"


@lru_cache(maxsize=512)
def _phrases(phrases: tuple[str, ...]) -> tuple[str, ...]:
    """Trait phrases as padded normalised strings, for substring tests on a padded text."""
    return tuple(f" {' '.join(words(p))} " for p in phrases if words(p))


def business_traits(
    kb: KnowledgeBase, industry: Industry | None, description: str
) -> frozenset[str]:
    """Traits of the business: its industry's (sector notes) and the description's rules."""
    found: set[str] = set()
    text = f" {' '.join(words(description))} " if description else ""
    if industry is not None:
        notes = kb.counsel.sectors.get(industry.sector)
        for trait, ids in notes.traits.items() if notes else ():
            if "*" in ids or industry.id in ids:
                found.add(trait)
    for rule in kb.counsel.traits:
        said = any(p in text for p in _phrases(rule.phrases))
        by_sector = industry is not None and industry.sector in rule.sectors
        if any(p in text for p in _phrases(rule.not_phrases)):
            found.discard(rule.trait)  # ("piano lessons for companies' staff": no households)
        elif said or by_sector:
            found.add(rule.trait)
    return frozenset(found)


def _fits(tip: Tip, p: Profile) -> bool:
    if p.label not in tip.verdicts:
        return False
    if tip.groups and p.label == "hybrid" and p.group not in tip.groups:
        return False
    ind = p.industry
    if tip.sectors and (ind is None or ind.sector not in tip.sectors):
        return False
    if tip.industries and (ind is None or ind.id not in tip.industries):
        return False
    if any(t not in p.traits for t in tip.only) or any(t in p.traits for t in tip.unless):
        return False
    return not any(p.answers.get(d) in ids for d, ids in tip.skip_if.items())


def _score(tip: Tip, p: Profile) -> float:
    boosts = sum(1 for d, ids in tip.boost_if.items() if p.answers.get(d) in ids)
    # a trade's own lever beats its sector's, which beats a general practice of equal impact
    return tip.impact + BOOST * boosts + (0.2 if tip.industries else 0.1 if tip.sectors else 0)


def _filled(kb: KnowledgeBase, tip: Tip, p: Profile) -> AdviceItem | None:
    values: dict[str, str] = {}
    if p.industry is not None and (notes := kb.counsel.sectors.get(p.industry.sector)):
        values = notes.crm(p.traits)
    try:
        return AdviceItem(
            tip.text.format(**values),
            tip.first_step.format(**values),
            tip.figure.format(**values),
            tip.why.format(**values),
        )
    except KeyError:  # a CRM outline is needed and no sector is known
        return None


def candidates(kb: KnowledgeBase, p: Profile) -> list[tuple[float, Tip]]:
    """Every tip that fits the business, with its score (unsorted, topics not merged)."""
    out = [(_score(t, p), t) for t in kb.counsel.tips if _fits(t, p)]
    for dim in kb.dimensions:
        note = kb.counsel.answers.get((dim.id, p.answers.get(dim.id, "")))
        for tip in note.gaps.get(p.label, ()) if note else ():
            if _fits(tip, p):
                # a gap weighs with its dimension: payment and relationship before loyalty
                out.append((_score(tip, p) + dim.weight / 2, tip))
                break  # the first variant that fits
    return out


def strengths(kb: KnowledgeBase, label: Label, answers: Mapping[str, str]) -> tuple[str, ...]:
    """Answers that are already good practice for this verdict, as acknowledgements."""
    out = []
    for dim in kb.dimensions:
        note = kb.counsel.answers.get((dim.id, answers.get(dim.id, "")))
        if note is not None and label in note.good_for and note.strength:
            out.append(note.strength)
    return tuple(out)


def advice_plan(
    kb: KnowledgeBase,
    label: Verdict,
    confidence: float,
    industry: Industry | None,
    answers: Mapping[str, str],
    lang: str = "en",
    description: str = "",
) -> AdvicePlan:
    """The advice as structured plain text, the biggest lever first."""
    name = industry.name if industry is not None else None
    if label == "unknown":
        return AdvicePlan(label, confidence, name)
    if not kb.counsel:
        book = kb.lang(lang).playbooks[label]
        return AdvicePlan(
            label, confidence, name, (), tuple(AdviceItem(text, "", "") for text in book.top)
        )
    traits = business_traits(kb, industry, description)
    if confidence < UNSURE:
        traits |= {"unsure"}
    if read_group(kb, answers) == "accounts":
        traits |= {"mostly_ongoing"}  # most revenue already comes from long-term accounts
    p = Profile(
        label, industry, answers, traits, hybrid_group(kb, answers) if label == "hybrid" else ""
    )
    ranked = sorted(candidates(kb, p), key=lambda st: (-st[0], st[1].id))
    items: list[AdviceItem] = []
    topics: set[str] = set()
    for _, tip in ranked:
        if tip.topic in topics:
            continue
        item = _filled(kb, tip, p)
        if item is None:
            continue
        topics.add(tip.topic)
        items.append(item)
        if len(items) == MAX_ITEMS:
            break
    return AdvicePlan(label, confidence, name, strengths(kb, label, answers), tuple(items))


# --- rendering ---------------------------------------------------------------------------------


def render_top(kb: KnowledgeBase, plan: AdvicePlan, lang: str = "en") -> RichText:
    """The three biggest levers with why (the first), a first step and a figure each, then
    what the business already does well."""
    parts: list[RichText] = [rich(kb, "assess.advice_title", lang)]
    for n, item in enumerate(plan.items[:3], 1):
        parts.append(rich(kb, "advice.item", lang, n=n, text=item.text))
        if n == 1 and item.why:
            parts.append(rich(kb, "advice.why", lang, why=item.why))
        parts.append(rich(kb, "advice.first_step", lang, first_step=item.first_step))
        parts.append(rich(kb, "advice.figure", lang, figure=item.figure))
    if plan.strengths:
        parts.append(rich(kb, "advice.strengths_title", lang))
        parts += [rich(kb, "assess.bullet", lang, text=s) for s in plan.strengths[:SHOWN_STRENGTHS]]
    return join(parts)


def render_more(kb: KnowledgeBase, plan: AdvicePlan, lang: str = "en") -> RichText:
    """The rest of the ranked advice, behind the "More advice" button."""
    verdict = kb.text(f"verdict.{plan.label}", lang)
    parts: list[RichText] = [rich(kb, "assess.more_title", lang, verdict=verdict)]
    rest = plan.items[3:]
    if not rest:
        parts.append(rich(kb, "advice.no_more", lang))
    for item in rest:
        parts.append(rich(kb, "assess.bullet", lang, text=item.text))
        parts.append(rich(kb, "advice.first_step", lang, first_step=item.first_step))
        parts.append(rich(kb, "advice.figure", lang, figure=item.figure))
    return join(parts)


# --- baseline (a knowledge base without knowledge/advice) -----------------------------------


def mismatches(
    kb: KnowledgeBase, label: Label, answers: Mapping[str, str], lang: str = "en"
) -> tuple[Mismatch, ...]:
    """The practices among `answers` that contradict a `label` business."""
    return tuple(
        m
        for m in kb.lang(lang).mismatches
        if m.verdict == label and answers.get(m.dimension) == m.answer
    )


def top_advice(
    kb: KnowledgeBase, label: Label, answers: Mapping[str, str], lang: str = "en"
) -> RichText:
    """The three main actions of the playbook, then any mismatch warnings."""
    book = kb.lang(lang).playbooks[label]
    parts: list[RichText] = [rich(kb, "assess.advice_title", lang)]
    parts += [rich(kb, "assess.item", lang, n=n, text=t) for n, t in enumerate(book.top, 1)]
    found = mismatches(kb, label, answers, lang)
    if found:
        parts.append(rich(kb, "assess.mismatch_title", lang))
        parts += [rich(kb, "assess.bullet", lang, text=m.text) for m in found]
    return join(parts)


def more_advice(kb: KnowledgeBase, label: Label, lang: str = "en") -> RichText:
    """The playbook's longer list behind the "more" button."""
    book = kb.lang(lang).playbooks[label]
    title = rich(kb, "assess.more_title", lang, verdict=kb.text(f"verdict.{label}", lang))
    return join([title, *(rich(kb, "assess.bullet", lang, text=t) for t in book.more)])
