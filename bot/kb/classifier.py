"""Interview classification: industry prior + answers + description cues -> Assessment.

Each dimension gets a position from -1 (customer) to +1 (client): from the user's answer when
there is one, else from the description's cues for that dimension (counted at CUE_SHARE of the
weight), else it is skipped. The industry dimension takes +1/-1/0 from the industry's label.
The weighted mean `lean` decides: above LEAN_CLIENT client-based, below -LEAN_CLIENT
customer-based, in between hybrid.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from bot.contracts import Assessment, Chart, ChartBar, Verdict
from bot.core.richtext import RichText, join
from bot.kb.advice import (
    advice_plan,
    more_advice,
    read_group,
    render_more,
    render_top,
    top_advice,
)
from bot.kb.cues import CueIndex, Hit
from bot.kb.matcher import Matcher
from bot.kb.model import Dimension, Industry, KnowledgeBase, Label
from bot.kb.quotes import as_typed
from bot.kb.textutil import listing, rich

LEAN_CLIENT = 0.2  # |lean| at or above this is a clear verdict; below it, hybrid
HYBRID_INDUSTRY_BAND = 0.35  # a hybrid industry stays hybrid unless |lean| reaches this
CUE_SHARE = 0.6  # weight of a dimension read from the description, relative to an answer
CUE_SCALE = 1.0  # cue points that make a description-read position ~0.76 (tanh)
MAX_CONFIDENCE = 0.95  # a questionnaire never makes the verdict certain
PRIOR_POSITION: dict[str, float] = {"client": 1.0, "customer": -1.0, "hybrid": 0.0}

Source = Literal["answer", "cue", "industry", "skipped"]


@dataclass(frozen=True, slots=True)
class Reading:
    """What one dimension contributes."""

    dimension: Dimension
    position: float
    weight: float
    source: Source
    answer: str = ""

    @property
    def pull(self) -> float:
        return self.position * self.weight


def _readings(
    kb: KnowledgeBase,
    industry: Industry | None,
    answers: Mapping[str, str],
    hits: tuple[Hit, ...],
    description: str = "",
) -> list[Reading]:
    out: list[Reading] = []
    for dim in kb.dimensions:
        if dim.id == "industry":
            if industry is not None:
                out.append(
                    Reading(
                        dim, PRIOR_POSITION[industry.label], dim.weight, "industry", industry.name
                    )
                )
            else:
                out.append(Reading(dim, 0.0, 0.0, "skipped"))
            continue
        opt = dim.option(answers.get(dim.id, ""))
        if opt is not None:
            out.append(Reading(dim, opt.score, dim.weight, "answer", opt.label))
            continue
        mine = [h for h in hits if h.cue.dimension == dim.id]
        net = sum(h.weight if h.side == "client" else -h.weight for h in mine)
        if mine and net:
            strongest = max(mine, key=lambda h: h.weight)
            out.append(
                Reading(
                    dim,
                    math.tanh(net / CUE_SCALE),
                    dim.weight * CUE_SHARE,
                    "cue",
                    as_typed(description, strongest.quote),
                )
            )
        else:
            out.append(Reading(dim, 0.0, 0.0, "skipped"))
    return out


# Confidence of a clear verdict: logistic in |lean| x sqrt(evidence), where evidence is the
# weight read (answers, industry, cues) as a share of all dimensions' weight. Fitted by log
# loss on the labelled sets in tests/kb/fixtures, each read as an interview from its
# description (`advisor eval FILE --calibration`, docs/knowledge.md). Middle answers add
# evidence but no pull, answers both ways cancel: both lower the confidence.
CONF_BIAS = -0.9
CONF_SLOPE = 11.0
# A hybrid verdict: right about a third of the time from a description alone; answers that
# really point both ways (more evidence, lean near 0) make it surer, up to HYBRID_MAX.
HYBRID_BASE = 0.35
HYBRID_GAIN = 0.45
HYBRID_MAX = 0.8
# Answers pointing against a clear verdict lower it beyond what they take off the lean: three
# of nine against should not read 95% (share of weight against x MIXED_PENALTY is taken off).
MIXED_PENALTY = 0.6


def _verdict(readings: list[Reading], industry: Industry | None) -> tuple[Verdict, float, float]:
    """Label, lean (-1..1) and confidence (0..1)."""
    total_w = full_w = toward_client = toward_customer = 0.0
    for r in readings:  # one pass: what_would_change calls this once per possible answer
        total_w += r.weight
        full_w += r.dimension.weight
        pull = r.position * r.weight
        if pull > 0:
            toward_client += pull
        else:
            toward_customer -= pull
    if total_w == 0:
        return "unknown", 0.0, 0.0
    lean = (toward_client - toward_customer) / total_w
    evidence = total_w / max(1e-9, full_w)
    band = (
        HYBRID_INDUSTRY_BAND if industry is not None and industry.label == "hybrid" else LEAN_CLIENT
    )
    if abs(lean) < band:
        sure = HYBRID_BASE + HYBRID_GAIN * evidence * (1.0 - abs(lean) / band)
        return "hybrid", lean, round(min(HYBRID_MAX, sure), 3)
    label: Verdict = "client" if lean > 0 else "customer"
    z = CONF_BIAS + CONF_SLOPE * abs(lean) * math.sqrt(evidence)
    against = (toward_customer if lean > 0 else toward_client) / total_w
    sure = min(MAX_CONFIDENCE, 1.0 / (1.0 + math.exp(-z))) * (1.0 - MIXED_PENALTY * against)
    return label, lean, round(sure, 3)


def _lean_word(kb: KnowledgeBase, position: float, lang: str) -> str:
    if position > 0.15:
        return kb.text("lean.client", lang)
    if position < -0.15:
        return kb.text("lean.customer", lang)
    return kb.text("lean.neutral", lang)


@dataclass(frozen=True, slots=True)
class Change:
    """One different answer and the verdict it would give."""

    dimension: Dimension
    option_label: str
    verdict: Verdict
    lean: float
    flips: bool


def what_would_change(
    readings: list[Reading], industry: Industry | None, label: Verdict, lean: float
) -> Change | None:
    """The single answer change that flips the verdict with the smallest step, or else the
    one that moves the lean furthest from where it is."""
    best: tuple[tuple[float, float], Change] | None = None
    for i, r in enumerate(readings):
        dim = r.dimension
        for opt in dim.options:
            if r.source == "answer" and opt.label == r.answer:
                continue
            trial = list(readings)
            trial[i] = Reading(dim, opt.score, dim.weight, "answer", opt.label)
            new_label, new_lean, _ = _verdict(trial, industry)
            flips = new_label != label
            step = abs(opt.score - r.position) if r.source == "answer" else 2.0
            # rank: flips first (small step, then big weight), then the biggest move
            key = (0.0 if flips else 1.0, step - dim.weight if flips else -abs(new_lean - lean))
            change = Change(dim, opt.label, new_label, new_lean, flips)
            if best is None or key < best[0]:
                best = (key, change)
    return best[1] if best else None


def assess(
    kb: KnowledgeBase,
    matcher: Matcher,
    cues: CueIndex,
    industry_id: str | None,
    answers: Mapping[str, str],
    description: str = "",
    lang: str = "en",
) -> Assessment:
    """The interview verdict with summary, details, advice, more advice and chart."""
    industry = kb.industry(industry_id) if industry_id else None
    if industry is None and description:
        ranking = matcher.rank(description)
        if ranking.status == "confident":
            industry = ranking.ranked[0].industry
    hits = cues.scan(description).hits if description else ()
    readings = _readings(kb, industry, answers, hits, description)
    label, lean, confidence = _verdict(readings, industry)
    chart = Chart(
        title=kb.text("chart.title", lang),
        # a skipped dimension is NaN, drawn hollow: it must not read as "balanced"
        bars=tuple(
            ChartBar(
                kb.text(f"dimension_short.{r.dimension.id}", lang),
                math.nan if r.source == "skipped" else round(r.position, 3),
            )
            for r in readings
        ),
        left_label=kb.text("chart.left", lang),
        right_label=kb.text("chart.right", lang),
        overall=math.nan if label == "unknown" else round(lean, 3),
        verdict=kb.text("chart.overall_unknown", lang)
        if label == "unknown"
        else kb.text("chart.overall", lang).format(
            verdict=kb.text(f"verdict.{label}", lang), confidence=round(confidence * 100)
        ),
    )
    details = _details(kb, readings, lang)
    if label == "unknown":
        empty: RichText = ()
        return Assessment(
            "unknown", 0.0, rich(kb, "assess.summary_unknown", lang), details, empty, empty, chart
        )
    summary = _summary(kb, readings, industry, label, lean, confidence, lang)
    group = read_group(kb, answers) if label == "hybrid" and kb.counsel else None
    if group is not None:
        # two groups served two ways, or one group in between: the advice differs, say which
        summary = join(
            [summary, rich(kb, f"assess.hybrid_{'one' if group == 'one' else 'two'}", lang)]
        )
    plan = advice_plan(kb, label, confidence, industry, answers, lang, description)
    if kb.counsel:
        advice, more = render_top(kb, plan, lang), render_more(kb, plan, lang)
    else:
        advice = top_advice(kb, _as_label(label), answers, lang)
        more = more_advice(kb, _as_label(label), lang)
    return Assessment(label, confidence, summary, details, advice, more, chart, plan)


def _as_label(v: Verdict) -> Label:
    return "hybrid" if v == "unknown" else v


SURE = 0.8  # below this confidence the summary says what would make the verdict surer
_DIRECTION: dict[str, float] = {"client": 1.0, "customer": -1.0}


def _reasons(kb: KnowledgeBase, readings: list[Reading], direction: float, lang: str) -> list[str]:
    """Short reasons for the readings that pull towards `direction`, strongest first."""
    out: list[str] = []
    for r in sorted(readings, key=lambda r: -r.pull * direction):
        if r.pull * direction <= 0 or r.source == "industry" or len(out) == 3:
            continue
        side = "client" if r.position > 0 else "customer"
        out.append(
            kb.text(f"reason.{side}.{r.dimension.id}", lang)
            if r.source == "answer"
            else f"“{r.answer}”"
        )
    return out


def _industry_line(
    kb: KnowledgeBase,
    readings: list[Reading],
    industry: Industry,
    label: Verdict,
    lean: float,
    lang: str,
) -> RichText:
    """The industry's usual lean, and when the answers overrule it, that they do and why."""
    usually = kb.text(f"usually.{industry.label}", lang)
    if industry.label == label:
        return rich(
            kb, "assess.industry", lang, industry=industry.name, usually=usually, why=industry.why
        )
    reasons = _reasons(kb, readings, _DIRECTION.get(label, 1.0 if lean > 0 else -1.0), lang)
    key = "assess.industry_overruled" if label in _DIRECTION else "assess.industry_to_hybrid"
    if label not in _DIRECTION and industry.label in _DIRECTION:
        reasons = _reasons(kb, readings, -_DIRECTION[industry.label], lang)
    if not reasons:
        return rich(
            kb, "assess.industry", lang, industry=industry.name, usually=usually, why=industry.why
        )
    return rich(
        kb,
        key,
        lang,
        industry=industry.name,
        usually=usually,
        reasons=listing(kb, reasons, lang),
        verdict=kb.text(f"verdict.{label}", lang),
    )


def _surer(kb: KnowledgeBase, readings: list[Reading], label: Verdict, lang: str) -> RichText:
    """What would make a verdict surer: clearer answers where they point both ways or sit in
    the middle, else the questions not answered."""

    def names(rs: list[Reading]) -> str:
        return listing(
            kb, [kb.text(f"dimension_short.{r.dimension.id}", lang).lower() for r in rs[:3]], lang
        )

    asked = [r for r in readings if r.dimension.options]
    direction = _DIRECTION.get(label, 0.0)
    against = [r for r in asked if r.source != "skipped" and r.position * direction < -0.33]
    if direction and against:
        return rich(kb, "assess.surer_mixed", lang, dimensions=names(against))
    middle = [r for r in asked if r.source == "answer" and abs(r.position) <= 0.33]
    skipped = [r for r in asked if r.source == "skipped"]
    if skipped:
        return rich(kb, "assess.surer_skipped", lang, dimensions=names(skipped))
    if middle:
        return rich(kb, "assess.surer_middle", lang, dimensions=names(middle))
    return ()


def _summary(
    kb: KnowledgeBase,
    readings: list[Reading],
    industry: Industry | None,
    label: Verdict,
    lean: float,
    confidence: float,
    lang: str,
) -> RichText:
    parts: list[RichText] = [
        rich(
            kb,
            "assess.summary",
            lang,
            verdict=kb.text(f"verdict.{label}", lang),
            confidence=round(confidence * 100),
        )
    ]
    if industry is not None:
        parts.append(_industry_line(kb, readings, industry, label, lean, lang))
    # a clear verdict lists only what pulled its way: what pulled against it is explained by
    # the industry line above and by "what would change it" below
    direction = _DIRECTION.get(label, 0.0)
    heavy = sorted(
        (r for r in readings if abs(r.pull) > 0 and (not direction or r.pull * direction > 0)),
        key=lambda r: -abs(r.pull),
    )[:3]
    if heavy:
        items = [
            f"{kb.text(f'dimension_short.{r.dimension.id}', lang)} "
            f"({_lean_word(kb, r.position, lang)})"
            for r in heavy
        ]
        parts.append(rich(kb, "assess.weighed_most", lang, items=listing(kb, items, lang)))
    if confidence < SURE:
        parts.append(_surer(kb, readings, label, lang))
    change = what_would_change(readings, industry, label, lean)
    if change is None:
        parts.append(rich(kb, "assess.would_not_change", lang))
    else:
        key = "assess.would_change" if change.flips else "assess.would_move"
        target = (
            change.verdict if change.flips else ("client" if change.lean > lean else "customer")
        )
        parts.append(
            rich(
                kb,
                key,
                lang,
                answer=change.option_label,
                question=change.dimension.question,
                verdict=kb.text(f"verdict.{target}", lang),
            )
        )
    return join(parts)


def _details(kb: KnowledgeBase, readings: list[Reading], lang: str) -> RichText:
    lines: list[RichText] = [rich(kb, "assess.details_title", lang)]
    for r in readings:
        name = kb.text(f"dimension_short.{r.dimension.id}", lang)
        lean = _lean_word(kb, r.position, lang)
        if r.source == "answer":
            lines.append(
                rich(kb, "assess.line_answer", lang, dimension=name, answer=r.answer, lean=lean)
            )
        elif r.source == "cue":
            lines.append(rich(kb, "assess.line_cue", lang, dimension=name, cue=r.answer, lean=lean))
        elif r.source == "industry":
            lines.append(
                rich(kb, "assess.line_industry", lang, dimension=name, industry=r.answer, lean=lean)
            )
        else:
            lines.append(rich(kb, "assess.line_skipped", lang, dimension=name))
    return join(lines)
