"""Relationship-management advice for a verdict, plus mismatch warnings from the answers."""

from __future__ import annotations

from collections.abc import Mapping

from bot.engine.brain import AdviceItem, AdvicePlan, Verdict
from bot.kb.model import Industry, KnowledgeBase, Label, Mismatch
from bot.kb.textutil import rich
from bot.richtext import RichText, join


def mismatches(kb: KnowledgeBase, label: Label, answers: Mapping[str, str],
               lang: str = "en") -> tuple[Mismatch, ...]:
    """The practices among `answers` that contradict a `label` business."""
    return tuple(m for m in kb.lang(lang).mismatches
                 if m.verdict == label and answers.get(m.dimension) == m.answer)


def top_advice(kb: KnowledgeBase, label: Label, answers: Mapping[str, str],
               lang: str = "en") -> RichText:
    """The three main actions, then any mismatch warnings."""
    book = kb.lang(lang).playbooks[label]
    parts: list[RichText] = [rich(kb, "assess.advice_title", lang)]
    parts += [rich(kb, "assess.item", lang, n=n, text=t) for n, t in enumerate(book.top, 1)]
    found = mismatches(kb, label, answers, lang)
    if found:
        parts.append(rich(kb, "assess.mismatch_title", lang))
        parts += [rich(kb, "assess.bullet", lang, text=m.text) for m in found]
    return join(parts)


def more_advice(kb: KnowledgeBase, label: Label, lang: str = "en") -> RichText:
    """The longer list behind the "more" button."""
    book = kb.lang(lang).playbooks[label]
    title = rich(kb, "assess.more_title", lang, verdict=kb.text(f"verdict.{label}", lang))
    return join([title, *(rich(kb, "assess.bullet", lang, text=t) for t in book.more)])


def advice_plan(kb: KnowledgeBase, label: Verdict, confidence: float, industry: Industry | None,
                answers: Mapping[str, str], lang: str = "en") -> AdvicePlan:
    """The advice as structured plain text, biggest lever first (baseline: the playbook)."""
    name = industry.name if industry is not None else None
    if label == "unknown":
        return AdvicePlan(label, confidence, name)
    book = kb.lang(lang).playbooks[label]
    items = tuple(AdviceItem(text, "", "") for text in book.top)
    return AdvicePlan(label, confidence, name, (), items)
