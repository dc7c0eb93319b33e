"""Interview classification: industry prior + answers + description cues -> Assessment
(the weighing is in interview_verdict.py, the wording in assessment_text.py)."""

from __future__ import annotations

import math
from collections.abc import Mapping

from bot.contracts import TWO_GROUPS, Assessment, Chart, ChartBar, Verdict
from bot.core.richtext import RichText, join
from bot.kb.advice import (
    SIDE,
    advice_plan,
    more_advice,
    read_group,
    render_more,
    render_top,
    top_advice,
)
from bot.kb.assessment_text import details as details_text
from bot.kb.assessment_text import summary as summary_text
from bot.kb.cues import CueIndex
from bot.kb.interview_verdict import HYBRID_MAX, Reading, readings_for, verdict_from
from bot.kb.matcher import Matcher
from bot.kb.model import KnowledgeBase, Label
from bot.kb.textutil import rich


def assess(
    kb: KnowledgeBase,
    matcher: Matcher,
    cues: CueIndex,
    industry_id: str | None,
    answers: Mapping[str, str],
    description: str = "",
    lang: str = "en",
    labels: Mapping[str, str] | None = None,
) -> Assessment:
    """The interview verdict with summary, details, advice, more advice and chart (`labels`:
    answers as the flow showed them, "dimension.option" -> label)."""
    industry = kb.industry(industry_id) if industry_id else None
    if industry is None and description:
        ranking = matcher.rank(description)
        if ranking.status == "confident":
            industry = ranking.ranked[0].industry
    hits = cues.scan(description).hits if description else ()
    readings = readings_for(kb, industry, answers, hits, description, labels or {})
    label, lean, confidence = verdict_from(readings, industry)
    label, kept_note = _other_group(readings, label, answers.get("groups"))
    group = read_group(kb, answers) if label == "hybrid" and kb.counsel else None
    if group in TWO_GROUPS:
        # the owner said the revenue comes from two groups: answers in the middle are that
        # mix, not doubt, and the hybrid verdict is as sure as a hybrid gets
        confidence = max(confidence, HYBRID_MAX)
    chart = _chart(kb, readings, label, lean, confidence, lang)
    details = details_text(kb, readings, lang)
    if label == "unknown":
        empty: RichText = ()
        return Assessment(
            "unknown", 0.0, rich(kb, "assess.summary_unknown", lang), details, empty, empty, chart
        )
    summary = summary_text(kb, readings, industry, label, lean, confidence, lang, labels or {})
    if (note := kept_note or _group_note(label, group, answers.get("groups"))) is not None:
        summary = join([summary, rich(kb, note, lang)])
    plan = advice_plan(kb, label, confidence, industry, answers, lang, description)
    if kb.counsel:
        advice, more = render_top(kb, plan, lang), render_more(kb, plan, lang)
    else:
        advice = top_advice(kb, _as_label(label), answers, lang)
        more = more_advice(kb, _as_label(label), lang)
    return Assessment(label, confidence, summary, details, advice, more, chart, plan)


# The revenue answers that make a clear verdict two groups: half each, or most from the other side
OTHER_GROUP: dict[str, tuple[str, ...]] = {
    "client": ("split", "one_off"),
    "customer": ("split", "accounts"),
}


# ... and those that keep it, with a smaller second group of the other kind
SAME_GROUP: dict[str, tuple[str, ...]] = {"client": ("accounts",), "customer": ("one_off",)}


def _other_group(
    readings: list[Reading], label: Verdict, said: str | None
) -> tuple[Verdict, str | None]:
    """The verdict once the revenue answer is known, and the text key saying why a clear one
    stays clear. Much revenue from the other side's kind of buyer makes it hybrid: two groups
    the answers had averaged away; unless no answer leans that way and what is bought leans
    this way (an architect's one-off homeowners are one-off clients)."""
    if said not in OTHER_GROUP.get(label, ()):
        return label, None
    if _other_side_said(readings, label):
        return "hybrid", None
    return label, "assess.one_off_clients" if label == "client" else "assess.regular_customers"


# What is bought, whoever buys it: tailored, relied-on, specialist work is a client's however
# long they stay (the seeds name architects client-based, one project each)
CORE = ("customization", "trust", "specialization")


def _other_side_said(readings: list[Reading], label: str) -> bool:
    """Whether an answer leans to the side other than `label` (client or customer), or a core
    answer (what is bought) does not lean to `label`'s."""
    sign = -1.0 if label == "client" else 1.0
    said = {r.dimension.id: r for r in readings if r.source == "answer"}
    return any(sign * r.position > SIDE for r in said.values()) or any(
        d not in said or -sign * said[d].position <= SIDE for d in CORE
    )


def _group_note(label: str, group: str | None, said: str | None) -> str | None:
    """The text key that says how the revenue splits: two groups served two ways (and which
    brings most) or one group in between, for a hybrid; a smaller second group beside a clear
    verdict (said, not averaged away in silence)."""
    if group is not None:
        return f"assess.hybrid_{group if group in ('one', 'accounts', 'one_off') else 'two'}"
    return f"assess.also_{said}" if said in SAME_GROUP.get(label, ()) else None


def _as_label(v: Verdict) -> Label:
    return "hybrid" if v == "unknown" else v


def _chart(
    kb: KnowledgeBase,
    readings: list[Reading],
    label: Verdict,
    lean: float,
    confidence: float,
    lang: str,
) -> Chart:
    """The bars for each dimension and the overall lean."""
    return Chart(
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
