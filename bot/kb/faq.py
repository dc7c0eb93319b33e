"""FAQ answers: fuzzy match over every phrasing, plus "is a/an X client-based?" for any X."""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from bot.kb.matcher import Matcher
from bot.kb.model import FaqEntry, KnowledgeBase
from bot.kb.normalize import fold, words
from bot.kb.textutil import listing, rich
from bot.richtext import RichText, fill

QUESTION_CUTOFF = 82.0  # similarity needed when the text looks like a question
STATEMENT_CUTOFF = 92.0  # ... and when it does not (interview answers must not trigger FAQs)
_QUESTION_WORDS = frozenset((
    "what", "why", "how", "is", "are", "can", "could", "do", "does", "should", "which", "who",
    "when", "where", "define", "difference", "explain", "vs", "versus", "tell",
))


def looks_like_question(text: str) -> bool:
    """A question mark, or a question word first."""
    if "?" in text:
        return True
    first = fold(text).split()[:1]
    return bool(first) and first[0] in _QUESTION_WORDS


class FaqIndex:
    """All phrasings of one language, normalised once."""

    def __init__(self, kb: KnowledgeBase, matcher: Matcher, lang: str) -> None:
        self.kb = kb
        self.lang = lang
        self.matcher = matcher
        pack = kb.lang(lang)
        self.entries: list[FaqEntry] = []
        self.phrasings: list[str] = []
        for entry in pack.faq:
            for q in entry.questions:
                self.entries.append(entry)
                self.phrasings.append(" ".join(words(q)))
        self.patterns = [re.compile(p) for p in pack.industry_questions]

    def entry(self, text: str) -> tuple[FaqEntry, float] | None:
        """The best FAQ entry for `text` with its score, if good enough."""
        query = " ".join(words(text))
        if not query or not self.phrasings:
            return None
        cutoff = QUESTION_CUTOFF if looks_like_question(text) else STATEMENT_CUTOFF
        best = process.extractOne(query, self.phrasings, scorer=_score, processor=None,
                                  score_cutoff=cutoff)
        if best is None:
            return None
        return self.entries[best[2]], float(best[1])

    def industry_answer(self, text: str) -> RichText | None:
        """Answer "is a bakery client-based?" for any industry the matcher recognises."""
        folded = fold(text)
        for pattern in self.patterns:
            m = pattern.search(folded)
            if not m:
                continue
            ranking = self.matcher.rank(m.group("industry"))
            close = ranking.close
            if ranking.status == "confident":
                ind = close[0].industry
                return rich(self.kb, "faq.industry_answer", self.lang, industry=ind.name,
                            usually=self.kb.text(f"usually.{ind.label}", self.lang), why=ind.why)
            if ranking.status == "ambiguous" and len({c.industry.label for c in close}) == 1:
                ind = close[0].industry
                return rich(self.kb, "faq.industry_answer", self.lang, industry=ind.name,
                            usually=self.kb.text(f"usually.{ind.label}", self.lang), why=ind.why)
            if ranking.status == "ambiguous":
                names = listing(self.kb, [c.industry.name for c in close], self.lang)
                return rich(self.kb, "faq.industry_ambiguous", self.lang, names=names)
        return None

    def answer(self, text: str) -> RichText | None:
        """An answer if the FAQ covers `text` well, else None."""
        if not text.strip():
            return None
        found = self.industry_answer(text)
        if found is not None:
            return found
        hit = self.entry(text)
        return fill(hit[0].answer) if hit else None


def _score(a: str, b: str, *, score_cutoff: float | None = None, **_: object) -> float:
    """Whole-phrase similarity, tolerant of word order (no partial matches: too eager)."""
    return max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))
