"""The wording of a one-shot verdict: the explanation's reasons and the card shown in groups
and inline answers (used by oneshot.py)."""

from __future__ import annotations

from bot.contracts import Verdict
from bot.core.richtext import RichText, join
from bot.kb.advice import advice_plan
from bot.kb.cues import Scan
from bot.kb.matcher import Ranking
from bot.kb.model import Industry, KnowledgeBase
from bot.kb.quotes import as_typed
from bot.kb.textutil import listing, plain, rich


def explain(
    kb: KnowledgeBase,
    ranking: Ranking,
    scan: Scan,
    served: tuple[tuple[str, str], ...],
    industry: Industry | None,
    label: Verdict,
    text: str,
    lang: str,
) -> tuple[list[str], list[str]]:
    """The reasons for a verdict, and the phrases quoted in them (as typed)."""
    reasons: list[str] = []
    if ranking.status == "confident" and industry is not None:
        reasons.append(
            plain(
                kb,
                "oneshot.explain_industry",
                lang,
                industry=industry.name,
                usually=plain(kb, f"usually.{industry.label}", lang),
            )
        )
    elif ranking.status == "ambiguous":
        names = [c.industry.name for c in ranking.close]
        reasons.append(plain(kb, "oneshot.explain_ambiguous", lang, names=listing(kb, names, lang)))
    phrases: list[str] = []
    for side in ("client", "customer"):
        # quoted as typed: the normalised words hold markers like qnum (bot/kb/quotes.py)
        found = list(
            dict.fromkeys(
                [
                    *(as_typed(text, h.quote) for h in scan.hits if h.side == side),
                    *(as_typed(text, q) for s, q in served if s == side),
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
    return reasons, phrases


def verdict_card(
    kb: KnowledgeBase,
    label: Verdict,
    industry: str | None,
    reason: str,
    lang: str,
    matched: Industry | None = None,
    text: str = "",
    confidence: float = 1.0,
) -> RichText:
    """The verdict card for groups and inline answers."""
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
