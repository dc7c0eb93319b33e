"""The knowledge base as immutable, typed objects (built by `bot.kb.loader`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from bot.contracts import TWO_GROUPS
from bot.kb.same_words import SameWords
from bot.kb.served_vocab import ServedVocab
from bot.kb.shares import ShareWords

if TYPE_CHECKING:
    from bot.kb.answer_model import AnswerModel
    from bot.kb.answer_vocab import AnswerVocab

Label = Literal["client", "customer", "hybrid"]
Side = Literal["client", "customer"]

LABELS: tuple[Label, ...] = ("client", "customer", "hybrid")
OFFERS = ("goods", "services")  # what an industry sells
SIDES: tuple[Side, ...] = ("client", "customer")
# Hybrid businesses: what the interview's `groups` answer says (docs/knowledge.md); `two` in a
# tip stands for any of the three two-group answers.
GROUPS = (*TWO_GROUPS, "one")
# The ten dimensions every knowledge base must define, in interview order.
DIMENSION_IDS: tuple[str, ...] = (
    "industry",
    "relationship",
    "engagement",
    "customization",
    "trust",
    "payment",
    "communication",
    "satisfaction",
    "loyalty",
    "specialization",
)


@dataclass(frozen=True, slots=True)
class Option:
    """One answer to a dimension question; `score` runs from -1 (customer) to +1 (client)."""

    id: str
    label: str
    synonyms: tuple[str, ...]
    score: float


@dataclass(frozen=True, slots=True)
class Cue:
    """A phrase in a description that is evidence for one side."""

    phrase: str
    side: Side
    weight: float
    dimension: str


@dataclass(frozen=True, slots=True)
class Dimension:
    """One way clients and customers differ, with its interview question and cues."""

    id: str
    name: str
    client: str
    customer: str
    weight: float
    question: str
    options: tuple[Option, ...]
    cues: tuple[Cue, ...]
    meaning: str = ""  # what the question asks, in other words

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True, slots=True)
class Sector:
    """A group of industries."""

    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Industry:
    """A kind of business with its usual label and the ways people name it."""

    id: str
    name: str
    label: Label
    why: str
    sector: str
    aliases: tuple[str, ...]
    described: tuple[str, ...] = ()  # owners' everyday words for it (the trade words only)
    titles: tuple[str, ...] = ()  # statistics offices' titles for it (matched as aliases)
    offer: str = "services"  # what it sells: "goods" or "services"
    examples: tuple[str, ...] = ()  # owners' labelled descriptions (the trade words only)


@dataclass(frozen=True, slots=True)
class Playbook:
    """Relationship-management advice for one verdict: a short top list and a longer one."""

    top: tuple[str, ...]
    more: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Mismatch:
    """Advice for a practice that contradicts the verdict (e.g. client-based, rare contact)."""

    verdict: Label
    dimension: str
    answer: str
    text: str


@dataclass(frozen=True, slots=True)
class FaqEntry:
    """One frequently asked question: several phrasings, one answer template."""

    id: str
    questions: tuple[str, ...]
    answer: str
    # word sets: a question holding every word of one set is about this entry ("nps")
    keywords: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class LangPack:
    """Everything user-facing in one language."""

    texts: Mapping[str, str]
    playbooks: Mapping[str, Playbook]
    mismatches: tuple[Mismatch, ...]
    faq: tuple[FaqEntry, ...]
    industry_questions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Tip:
    """One piece of advice with where it applies (knowledge/advice/, docs/knowledge.md).

    An empty filter applies to everything; `skip_if` lists answers (dimension -> option ids)
    meaning the business already does it, so it is never recommended to them."""

    id: str
    text: str
    first_step: str
    figure: str
    why: str
    topic: str
    impact: float
    verdicts: tuple[Label, ...] = LABELS
    groups: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    only: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    skip_if: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    boost_if: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AnswerNote:
    """What one answer means for each verdict: a strength to keep, or a gap with its advice."""

    dimension: str
    option: str
    strength: str
    good_for: tuple[Label, ...]
    gaps: Mapping[str, tuple[Tip, ...]]


@dataclass(frozen=True, slots=True)
class SectorNotes:
    """A sector's CRM outline and the traits of its industries (e.g. `care`)."""

    sector: str
    crm_fields: str
    crm_segments: str
    crm_stages: str
    traits: Mapping[str, tuple[str, ...]]  # trait -> industry ids; ("*",) = the whole sector
    # trait -> its own (fields, segments, stages): a wedding photographer keeps no renewal dates
    crm_for: Mapping[str, tuple[str, str, str]] = field(default_factory=dict)

    def crm(self, traits: frozenset[str]) -> dict[str, str]:
        """The CRM outline's placeholders for a business with `traits`."""
        own = next((self.crm_for[t] for t in self.crm_for if t in traits), None)
        fields, segments, stages = own or (self.crm_fields, self.crm_segments, self.crm_stages)
        return {"crm_fields": fields, "crm_segments": segments, "crm_stages": stages}


@dataclass(frozen=True, slots=True)
class TraitRule:
    """A trait read from the description (sole trader, online only, premises)."""

    trait: str
    phrases: tuple[str, ...]
    not_phrases: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Counsel:
    """The advice knowledge: tips, answer notes, sector notes, trait rules (English)."""

    tips: tuple[Tip, ...] = ()
    answers: Mapping[tuple[str, str], AnswerNote] = field(default_factory=dict)
    sectors: Mapping[str, SectorNotes] = field(default_factory=dict)
    traits: tuple[TraitRule, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.tips)


@dataclass(frozen=True)
class KnowledgeBase:
    """The whole knowledge base, validated."""

    dimensions: tuple[Dimension, ...]
    sectors: tuple[Sector, ...]
    industries: tuple[Industry, ...]
    langs: Mapping[str, LangPack]
    default_lang: str = "en"
    counsel: Counsel = field(default_factory=Counsel)
    answers: AnswerVocab | None = None  # knowledge/answers.yaml (None: not given)
    answer_model: AnswerModel | None = None  # knowledge/answer_model.json (None: rules alone)
    served: ServedVocab = field(default_factory=ServedVocab)  # knowledge/served.yaml
    same_words: SameWords = field(default_factory=SameWords)  # knowledge/words.yaml
    shares: ShareWords = field(default_factory=ShareWords)  # knowledge/shares.yaml
    _dims: dict[str, Dimension] = field(default_factory=dict, repr=False)
    _inds: dict[str, Industry] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._dims.update({d.id: d for d in self.dimensions})
        self._inds.update({i.id: i for i in self.industries})

    def dimension(self, dimension_id: str) -> Dimension | None:
        return self._dims.get(dimension_id)

    def industry(self, industry_id: str) -> Industry | None:
        return self._inds.get(industry_id)

    def lang(self, lang: str) -> LangPack:
        """The language pack for `lang` ("pt-BR" -> "pt"), English when there is none."""
        return self.langs.get(lang.split("-")[0].lower()) or self.langs[self.default_lang]

    def text(self, key: str, lang: str = "en") -> str:
        """A template by dotted key; falls back to the default language."""
        return self.lang(lang).texts.get(key) or self.langs[self.default_lang].texts[key]

    @property
    def cues(self) -> tuple[Cue, ...]:
        return tuple(c for d in self.dimensions for c in d.cues)
