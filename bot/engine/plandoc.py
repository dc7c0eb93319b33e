"""The relationship plan as a document: the verdict and why, strengths, three priorities with
first steps, a 30/60/90-day plan, the figures to track and the chart.

Everything here is wording and order; the advice itself comes ranked from the knowledge base
(`Assessment.plan`), and front-ends render the `Document` (PDF in `bot.ops.plan_pdf`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence

from bot.contracts import AdviceItem, Assessment
from bot.core.messages import Messages
from bot.core.richtext import RichText, text
from bot.engine.replies import DocBlock, Document

PRIORITIES = 3  # "the three priorities": the 30/60/90-day plan gives each a month
MAX_DESCRIPTION = 300  # the user's description, cut: the page is for the plan, not the input
MAX_STRENGTHS = 5
_SLUG = re.compile(r"[^a-z0-9]+")
# A first step says when from the day of reading ("this week"); in the plan's later months
# that day is a month or two away, so the time is said from the month's start instead.
_FROM_NOW = re.compile(r"\b(this week|today)\b", re.IGNORECASE)
_FROM_MONTH_START = {
    "this week": "in the first week of the month",
    "today": "on the first day of the month",
}


def _cut(text: str, limit: int) -> str:
    """One line of at most `limit` characters, cut at a word with '…'."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    head = flat[: limit - 1]
    space = head.rfind(" ")
    return (head[:space] if space > limit // 2 else head).rstrip(" ,;:-") + "…"


def slug(name: str, limit: int = 40) -> str:
    """ASCII words joined by '-', safe in any file name ("Café & bar" -> "cafe-bar")."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return _SLUG.sub("-", ascii_text.lower()).strip("-")[:limit].strip("-")


def _sentence(text: str) -> str:
    """A step as a sentence ending with a full stop, so the next sentence can follow it."""
    text = text.strip()
    return text if not text or text[-1] in ".!?…" else text + "."


def _inline(text: str) -> str:
    """A phrase to use mid-sentence: "Share of repeat buyers" -> "share of repeat buyers";
    acronyms ("NPS after each visit") stay as they are."""
    text = text.strip()
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _step(item: AdviceItem, month: int = 1) -> str:
    """What to do first for an item: its first step, else the advice itself; in a later
    `month` of the plan, timed from that month's start."""
    step = _sentence(item.first_step or item.text)
    return step if month == 1 else _FROM_NOW.sub(_from_month_start, step)


def _from_month_start(found: re.Match[str]) -> str:
    said = found.group(0)
    new = _FROM_MONTH_START[said.lower()]
    return new[0].upper() + new[1:] if said[0].isupper() else new


Say = Callable[..., RichText]


def _priorities(top: Sequence[AdviceItem], say: Say) -> list[DocBlock]:
    """The priorities, each with why, a first step and the figure to watch."""
    blocks = [DocBlock("heading", say("priorities_heading"))]
    for n, item in enumerate(top, 1):
        blocks.append(DocBlock("text", say("priority", n=n, text=item.text)))
        if item.why:
            blocks.append(DocBlock("indent", say("why", why=item.why)))
        if item.first_step:
            blocks.append(DocBlock("indent", say("first_step", step=item.first_step)))
        if item.figure:
            blocks.append(DocBlock("indent", say("figure", figure=item.figure)))
    return blocks


def _days(top: Sequence[AdviceItem], figures: Sequence[str], say: Say) -> list[DocBlock]:
    """The first 90 days: each month starts one priority, in rank order."""
    watch = _inline(top[0].figure or figures[0]) if figures else ""
    blocks = [DocBlock("heading", say("days_heading"))]
    for n, item in enumerate(top, 1):
        # with figures, each month measures too
        key = f"days_{n}" if figures else f"days_{n}_plain"
        blocks.append(DocBlock("text", say(key, step=_step(item, n), figure=watch)))
    return blocks


def plan_document(
    assessment: Assessment, messages: Messages, lang: str = "en", description: str = ""
) -> Document | None:
    """The plan document for an assessment; None when there is no advice to plan with."""
    plan = assessment.plan
    if plan is None or not plan.items or assessment.label == "unknown":
        return None

    def say(key: str, **values: object) -> RichText:
        return messages.get(f"plan.{key}", lang, **values)

    blocks: list[DocBlock] = [DocBlock("title", say("title"))]
    if description.strip():
        blocks.append(
            DocBlock("text", say("business", description=_cut(description, MAX_DESCRIPTION)))
        )
    if plan.industry:
        blocks.append(DocBlock("text", say("industry", industry=plan.industry)))
    blocks += [DocBlock("heading", say("verdict_heading")), DocBlock("text", assessment.summary)]

    blocks.append(DocBlock("heading", say("strengths_heading")))
    strengths = [s for s in plan.strengths if s.strip()][:MAX_STRENGTHS]
    if strengths:
        blocks += [DocBlock("bullet", text(s)) for s in strengths]
    else:
        blocks.append(DocBlock("text", say("strengths_none")))

    top = plan.items[:PRIORITIES]
    figures = list(dict.fromkeys(i.figure.strip() for i in top if i.figure.strip()))
    blocks += _priorities(top, say) + _days(top, figures, say)
    if figures:
        blocks.append(DocBlock("heading", say("figures_heading")))
        blocks += [DocBlock("bullet", text(f)) for f in figures]

    blocks += [DocBlock("heading", say("chart_heading")), DocBlock("chart")]
    name = messages.plain("plan.file_name", lang)
    industry = slug(plan.industry or "")
    return Document(
        filename=slug(f"{name}-{industry}" if industry else name) or "plan",
        title=messages.plain("plan.title", lang),
        caption=say("caption"),
        blocks=tuple(blocks),
        chart=assessment.chart,
    )
