"""Every text key the knowledge-base code uses, with the placeholders its template may use."""

from __future__ import annotations

from bot.kb.model import DIMENSION_IDS, LABELS, SIDES

REQUIRED_TEXTS: dict[str, frozenset[str]] = {
    **{f"verdict.{v}": frozenset() for v in (*LABELS, "unknown")},
    **{f"usually.{v}": frozenset() for v in LABELS},
    **{f"lean.{v}": frozenset() for v in ("client", "customer", "neutral")},
    **{f"dimension_short.{d}": frozenset() for d in DIMENSION_IDS},
    "assess.summary": frozenset({"verdict", "confidence"}),
    "assess.summary_unknown": frozenset(),
    "assess.industry": frozenset({"industry", "usually", "why"}),
    "assess.details_title": frozenset(),
    "assess.line_answer": frozenset({"dimension", "answer", "lean"}),
    "assess.line_cue": frozenset({"dimension", "cue", "lean"}),
    "assess.line_industry": frozenset({"dimension", "industry", "lean"}),
    "assess.line_skipped": frozenset({"dimension"}),
    "assess.weighed_most": frozenset({"items"}),
    "assess.industry_overruled": frozenset({"industry", "usually", "reasons", "verdict"}),
    "assess.industry_to_hybrid": frozenset({"industry", "usually", "reasons", "verdict"}),
    "assess.surer_mixed": frozenset({"dimensions"}),
    "assess.hybrid_two": frozenset(),
    "assess.hybrid_one": frozenset(),
    "assess.surer_skipped": frozenset({"dimensions"}),
    "assess.surer_middle": frozenset({"dimensions"}),
    **{
        f"reason.{side}.{d}": frozenset()
        for side in SIDES
        for d in DIMENSION_IDS
        if d != "industry"
    },
    "assess.would_change": frozenset({"answer", "question", "verdict"}),
    "assess.would_move": frozenset({"answer", "question", "verdict"}),
    "assess.would_not_change": frozenset(),
    "assess.advice_title": frozenset(),
    "assess.mismatch_title": frozenset(),
    "assess.more_title": frozenset({"verdict"}),
    "assess.item": frozenset({"n", "text"}),
    "assess.bullet": frozenset({"text"}),
    "advice.item": frozenset({"n", "text"}),
    "advice.why": frozenset({"why"}),
    "advice.first_step": frozenset({"first_step"}),
    "advice.figure": frozenset({"figure"}),
    "advice.strengths_title": frozenset(),
    "advice.no_more": frozenset(),
    "chart.title": frozenset(),
    "chart.left": frozenset(),
    "chart.right": frozenset(),
    "chart.overall": frozenset({"verdict", "confidence"}),
    "chart.overall_unknown": frozenset(),
    "oneshot.card_title": frozenset({"verdict"}),
    "oneshot.card_industry": frozenset({"industry"}),
    "oneshot.card_reason": frozenset({"reason"}),
    "oneshot.card_tips": frozenset(),
    "oneshot.card_unknown": frozenset(),
    "oneshot.explain_industry": frozenset({"industry", "usually"}),
    "oneshot.explain_client": frozenset({"cues"}),
    "oneshot.explain_customer": frozenset({"cues"}),
    "oneshot.explain_both": frozenset(),
    "oneshot.explain_nothing": frozenset(),
    "oneshot.explain_ambiguous": frozenset({"names"}),
    "faq.industry_answer": frozenset({"industry", "usually", "why"}),
    "faq.industry_ambiguous": frozenset({"names"}),
    "list.sep": frozenset(),
    "list.last": frozenset(),
}
