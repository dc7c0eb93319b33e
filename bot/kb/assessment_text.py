"""The wording of an interview assessment: the summary (verdict, industry line, what weighed
most, what would change it) and the per-dimension details (used by classifier.py)."""

from __future__ import annotations

from collections.abc import Mapping

from bot.contracts import Verdict
from bot.core.richtext import RichText, join
from bot.kb.interview_verdict import Reading, what_would_change
from bot.kb.model import Industry, KnowledgeBase
from bot.kb.textutil import listing, rich

SURE = 0.8  # below this confidence the summary says what would make the verdict surer
CLOSE_CALL = 0.5  # below this, a close call ("looks hybrid (38% confident)" read oddly)
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


def summary(
    kb: KnowledgeBase,
    readings: list[Reading],
    industry: Industry | None,
    label: Verdict,
    lean: float,
    confidence: float,
    lang: str,
    labels: Mapping[str, str] | None = None,
) -> RichText:
    parts: list[RichText] = [
        rich(
            kb,
            "assess.summary" if confidence >= CLOSE_CALL else "assess.summary_close",
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
            f"({lean_word(kb, r.position, lang)})"
            for r in heavy
        ]
        parts.append(rich(kb, "assess.weighed_most", lang, items=listing(kb, items, lang)))
    if confidence < SURE:
        parts.append(_surer(kb, readings, label, lang))
    parts.append(_change_line(kb, readings, industry, label, lean, lang, labels))
    return join(parts)


def _change_line(
    kb: KnowledgeBase,
    readings: list[Reading],
    industry: Industry | None,
    label: Verdict,
    lean: float,
    lang: str,
    labels: Mapping[str, str] | None = None,
) -> RichText:
    """The one different answer that would change the verdict, or move it most."""
    change = what_would_change(readings, industry, label, lean, labels)
    if change is None:
        return rich(kb, "assess.would_not_change", lang)
    key = "assess.would_change" if change.flips else "assess.would_move"
    target = change.verdict if change.flips else ("client" if change.lean > lean else "customer")
    return rich(
        kb,
        key,
        lang,
        answer=change.option_label,
        question=change.dimension.question,
        verdict=kb.text(f"verdict.{target}", lang),
    )


def details(kb: KnowledgeBase, readings: list[Reading], lang: str) -> RichText:
    lines: list[RichText] = [rich(kb, "assess.details_title", lang)]
    for r in readings:
        name = kb.text(f"dimension_short.{r.dimension.id}", lang)
        lean = lean_word(kb, r.position, lang)
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


def lean_word(kb: KnowledgeBase, position: float, lang: str) -> str:
    if position > 0.15:
        return kb.text("lean.client", lang)
    if position < -0.15:
        return kb.text("lean.customer", lang)
    return kb.text("lean.neutral", lang)
