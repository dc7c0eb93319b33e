"""`KnowledgeBrain`: the knowledge base behind the engine's `Brain` interface."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from bot.contracts import (
    AnswerOption,
    AnswerReading,
    Assessment,
    DimensionRef,
    IndustryMatch,
    IndustryRef,
    SectorRef,
)
from bot.core.richtext import RichText
from bot.kb.answer_vocab import topicless_words
from bot.kb.answers import AnswerReader, option_side
from bot.kb.classifier import assess
from bot.kb.cues import CueIndex, phrase_words
from bot.kb.faq import FaqIndex
from bot.kb.matcher import Matcher, Ranking
from bot.kb.model import Dimension, Industry, KnowledgeBase
from bot.kb.normalize import STOPWORDS, words
from bot.kb.oneshot import OneShot, classify
from bot.kb.shares import read_share

STATED_CACHE = 64  # replies whose stated answers are remembered


def _industry_ref(ind: Industry, score: float = 0.0) -> IndustryRef:
    return IndustryRef(ind.id, ind.name, ind.label, ind.sector, round(score, 3), ind.offer)


def _dimension_ref(dim: Dimension) -> DimensionRef:
    return DimensionRef(
        dim.id,
        dim.name,
        dim.question,
        tuple(AnswerOption(o.id, o.label, o.synonyms, option_side(o.score)) for o in dim.options),
        dim.meaning,
    )


class KnowledgeBrain:
    """Deterministic, I/O-free answers from a validated knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        # Words the knowledge base uses elsewhere are never "corrected" into an industry word.
        known: set[str] = set(STOPWORDS)
        for cue in kb.cues:
            known.update(phrase_words(cue.phrase))
        for dim in kb.dimensions:
            for opt in dim.options:
                for syn in (opt.label, *opt.synonyms):
                    known.update(words(syn))
        if kb.answers is not None:  # hedges and how-much words ("kinda" is no "kindy")
            v = kb.answers
            for group in (v.yes_words, v.no_words, v.uncertain, v.middle, v.dont_know, v.amounts):
                known.update(w for phrase in group for w in phrase)
            known.update(v.shorthand)
        self.matcher = Matcher(kb.industries, known, kb.served, kb.same_words)
        self.cues = CueIndex(kb.cues, kb.served)
        self._faq: dict[str, FaqIndex] = {
            lang: FaqIndex(kb, self.matcher, lang) for lang in kb.langs
        }
        self._refs = {i.id: _industry_ref(i) for i in kb.industries}
        # alphabetical by the name users read, so a long list of buttons is easy to scan
        self._sectors = tuple(
            sorted((SectorRef(s.id, s.name) for s in kb.sectors), key=lambda s: s.name.casefold())
        )
        self._by_sector: dict[str, tuple[IndustryRef, ...]] = {
            s.id: tuple(
                sorted(
                    (self._refs[i.id] for i in kb.industries if i.sector == s.id),
                    key=lambda r: r.name,
                )
            )
            for s in kb.sectors
        }
        self._dims = tuple(_dimension_ref(d) for d in kb.dimensions)
        self._dim_by_id = {d.id: d for d in self._dims}
        self.answers = AnswerReader(kb)
        self._quiet = topicless_words(kb.answers) if kb.answers is not None else frozenset()
        # one reply is looked at for stated answers more than once in a turn (is it about
        # another question? what does it keep for later?): the last few are remembered
        self._stated: dict[str, dict[str, AnswerReading]] = {}

    @classmethod
    def load(cls, knowledge_dir: Path) -> KnowledgeBrain:
        """Load, validate in full (DataErrors lists every problem) and index."""
        from bot.kb.loader import load_knowledge  # YAML: not needed for a cached brain

        return cls(load_knowledge(knowledge_dir))

    # --- the Brain protocol --------------------------------------------------------------------
    def match_industry(self, text: str) -> IndustryMatch:
        ranking = self.matcher.rank(text)
        return IndustryMatch(
            ranking.status, tuple(_industry_ref(c.industry, c.score / 100.0) for c in ranking.close)
        )

    def industry(self, industry_id: str) -> IndustryRef | None:
        return self._refs.get(industry_id)

    def sectors(self) -> tuple[SectorRef, ...]:
        return self._sectors

    def industries_in_sector(self, sector_id: str) -> tuple[IndustryRef, ...]:
        return self._by_sector.get(sector_id, ())

    def dimension(self, dimension_id: str) -> DimensionRef | None:
        return self._dim_by_id.get(dimension_id)

    def read_answer(self, dimension_id: str, text: str, lang: str = "en") -> AnswerReading:
        return self.answers.read(dimension_id, text)

    def stated_answers(self, text: str, lang: str = "en") -> Mapping[str, AnswerReading]:
        found = self._stated.get(text)
        if found is None:
            found = self.answers.stated(text)
            if len(self._stated) >= STATED_CACHE:
                self._stated.pop(next(iter(self._stated)))
            self._stated[text] = found
        return dict(found)  # a copy: the remembered one stays as read

    def read_share(self, text: str, lang: str = "en", *, sides_named: bool = False) -> str | None:
        fixed = self.answers.folded(text) if isinstance(text, str) else ()
        return read_share(
            self.kb.shares, text, sides_named=sides_named, fixed=fixed, quiet=self._quiet
        )

    def assess(
        self,
        industry_id: str | None,
        answers: Mapping[str, str],
        description: str = "",
        lang: str = "en",
        labels: Mapping[str, str] | None = None,
    ) -> Assessment:
        return assess(
            self.kb, self.matcher, self.cues, industry_id, answers, description, lang, labels
        )

    def faq(self, text: str, lang: str = "en") -> RichText | None:
        index = self._faq.get(lang.split("-")[0].lower()) or self._faq[self.kb.default_lang]
        return index.answer(text)

    # --- beyond the protocol -------------------------------------------------------------------
    def dimensions(self) -> tuple[DimensionRef, ...]:
        """Every dimension, in interview order (industry first)."""
        return self._dims

    def known_dimension_ids(self) -> frozenset[str]:
        return frozenset(self._dim_by_id)

    def answer_ids(self) -> dict[str, frozenset[str]]:
        """Dimension id -> the ids of its answers (for validating flows that relabel them)."""
        return {d.id: frozenset(o.id for o in d.options) for d in self._dims}

    def classify_text(self, text: str, lang: str = "en") -> OneShot:
        """One-shot verdict for a free-text description."""
        return classify(self.kb, self.matcher, self.cues, text, lang)

    def rank(self, text: str) -> Ranking:
        """Every candidate industry for `text`, best first (for diagnostics)."""
        return self.matcher.rank(text)
