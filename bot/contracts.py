"""The shared contracts: labels, verdicts, the chart, readings, advice and the Brain protocol.

The neutral ground both `bot.engine` and `bot.kb` import, so neither imports the other. The
engine only sees the knowledge base through `Brain`; `bot.kb` provides the real implementation
(`bot.kb.brain.KnowledgeBrain`). Keeping the seam here lets the engine stay free of matching
and scoring details, and lets flows be validated against any knowledge base.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, Protocol

from bot.core.richtext import RichText

# The two-groups follow-up's answers that name a share of the revenue (`Brain.read_share`; a
# fourth, "one", says there is one group in between)
TWO_GROUPS = ("accounts", "split", "one_off")

Label = Literal["client", "customer", "hybrid"]
Verdict = Literal["client", "customer", "hybrid", "unknown"]
MatchStatus = Literal["confident", "ambiguous", "unknown"]
# How an answer typed in free text was read: sure, a guess worth confirming, or not at all.
ReadStatus = Literal["read", "confirm", "unread"]
# An answer option's place on the client-customer scale.
OptionSide = Literal["client", "mixed", "customer"]


@dataclass(frozen=True, slots=True)
class ChartBar:
    """One dimension on the result chart: -1 = fully customer-based, +1 = fully client-based."""

    label: str
    position: float


@dataclass(frozen=True, slots=True)
class Chart:
    """Data for the result chart; front-ends draw it (the engine does no I/O).

    `overall` is the verdict's position (-1..+1; NaN = no verdict yet; None = no overall row)
    and `verdict` the headline drawn above it, e.g. "Overall: client-based, 87% sure"."""

    title: str
    bars: tuple[ChartBar, ...]
    left_label: str
    right_label: str
    overall: float | None = None
    verdict: str = ""


@dataclass(frozen=True, slots=True)
class IndustryRef:
    """An industry as the interview shows it."""

    id: str
    name: str
    label: Label
    sector: str
    score: float = 0.0
    offer: str = "services"  # "goods" or "services": how the specialisation question is put


@dataclass(frozen=True, slots=True)
class SectorRef:
    """A sector: a group of industries to pick from when matching fails."""

    id: str
    name: str


@dataclass(frozen=True, slots=True)
class IndustryMatch:
    """The matcher's answer: `confident` has one clear winner first in `candidates`;
    `ambiguous` has two or more close ones for the user to pick; `unknown` has nothing usable."""

    status: MatchStatus
    candidates: tuple[IndustryRef, ...]


@dataclass(frozen=True, slots=True)
class AnswerOption:
    """One answer to a dimension question: id, button label, typed synonyms, and its side of
    the client-customer scale (None when the knowledge base does not say)."""

    id: str
    label: str
    synonyms: tuple[str, ...] = ()
    side: OptionSide | None = None


@dataclass(frozen=True, slots=True)
class DimensionRef:
    """A dimension the interview asks about, with its default question and answers."""

    id: str
    name: str
    question: str
    options: tuple[AnswerOption, ...]
    meaning: str = ""  # what the question asks, in other words ("what do you mean?")


@dataclass(frozen=True, slots=True)
class AnswerReading:
    """A free-text answer to a dimension question as the knowledge base reads it.

    `option` is the option id read (`read`) or proposed (`confirm`), None when `unread`;
    `why` holds the words of the answer that decided it, for diagnostics."""

    dimension: str
    status: ReadStatus
    option: str | None = None
    side: OptionSide | None = None
    why: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AdviceItem:
    """One piece of ranked advice: what to do, why, a first step for this week, the figure
    to watch."""

    text: str
    first_step: str
    figure: str
    why: str = ""


@dataclass(frozen=True, slots=True)
class AdvicePlan:
    """Advice as structured plain text (for the plan document and `advisor plan --json`).

    `items` are in rank order, the biggest lever first; `strengths` acknowledge answers that are
    already good practice for this verdict."""

    label: Verdict
    confidence: float
    industry: str | None
    strengths: tuple[str, ...] = ()
    items: tuple[AdviceItem, ...] = ()


@dataclass(frozen=True, slots=True)
class Assessment:
    """The verdict with everything needed to explain it."""

    label: Verdict
    confidence: float
    summary: RichText
    details: RichText
    advice: RichText
    more: RichText
    chart: Chart
    plan: AdvicePlan | None = None


class Brain(Protocol):
    """The knowledge base as the engine uses it (no I/O, deterministic)."""

    def match_industry(self, text: str) -> IndustryMatch: ...

    def industry(self, industry_id: str) -> IndustryRef | None: ...

    def sectors(self) -> tuple[SectorRef, ...]: ...

    def industries_in_sector(self, sector_id: str) -> tuple[IndustryRef, ...]: ...

    def dimension(self, dimension_id: str) -> DimensionRef | None: ...

    def read_answer(self, dimension_id: str, text: str, lang: str = "en") -> AnswerReading:
        """How a free-text answer to a dimension question reads."""
        ...

    def stated_answers(self, text: str, lang: str = "en") -> Mapping[str, AnswerReading]:
        """Dimensions a description already answers (dimension id -> reading), so the
        interview need not ask them again."""
        ...

    def read_share(self, text: str, lang: str = "en", *, sides_named: bool = False) -> str | None:
        """Where the revenue comes from, as typed ("regulars bring in about 60%"): `accounts`
        (most from long-term accounts), `split` or `one_off`; None when it says no share (with
        `sides_named`, also when it names no side: a share said in passing of something else)."""
        ...

    def assess(
        self,
        industry_id: str | None,
        answers: Mapping[str, str],
        description: str = "",
        lang: str = "en",
        labels: Mapping[str, str] | None = None,
    ) -> Assessment:
        """Classify from the industry prior, the description's cues and the answers
        (dimension id -> answer option id; other keys are ignored). `labels`: how the flow
        showed answers ("specialization.generic" -> "Standard goods"), so the explanation
        quotes what the person saw."""
        ...

    def faq(self, text: str, lang: str = "en") -> RichText | None:
        """An answer if `text` is a question the FAQ covers well, else None."""
        ...
