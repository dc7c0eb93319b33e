"""FAQ answers: fuzzy match over every phrasing, plus "is a/an X client-based?" for any X."""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from bot.core.richtext import RichText, fill
from bot.kb.matcher import Matcher
from bot.kb.model import FaqEntry, KnowledgeBase
from bot.kb.normalize import fold, words
from bot.kb.textutil import listing, rich

ENTRY_FIRST = 90.0  # an entry this close wins over reading the question as "is a <business> …"
ORDER_PENALTY = 25.0  # "can a client become a customer" is not "… a customer become a client"
_ORDERED = ("client", "customer")  # words whose order decides the direction of a question ...
_DIRECTED = frozenset(("become", "turn", "into", "convert", "move", "switch"))  # ... with these
KEYWORD_SCORE = 86.0  # a question holding all words of an entry's keyword set
QUESTION_CUTOFF = 82.0  # similarity needed when the text looks like a question
STATEMENT_CUTOFF = 92.0  # ... and when it does not (interview answers must not trigger FAQs)
_QUESTION_WORDS = frozenset(
    (
        "what",
        "why",
        "how",
        "is",
        "are",
        "can",
        "could",
        "do",
        "does",
        "should",
        "which",
        "who",
        "when",
        "where",
        "define",
        "difference",
        "explain",
        "vs",
        "versus",
        "tell",
    )
)


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
        found = process.extract(
            query,
            self.phrasings,
            scorer=_score,
            processor=None,
            score_cutoff=cutoff - ORDER_PENALTY,
            limit=12,
        )
        order = _order(query)
        scored = [
            (score - (ORDER_PENALTY if order and _order(phrase) not in (order, ()) else 0.0), i)
            for phrase, score, i in found
        ]
        best = max(scored, default=None, key=lambda si: (si[0], -si[1]))
        if (best is None or best[0] < KEYWORD_SCORE) and looks_like_question(text):
            keyed = self._keyword_entry(set(query.split()))
            if keyed is not None:
                return keyed, KEYWORD_SCORE
        if best is None or best[0] < cutoff:
            return None
        return self.entries[best[1]], float(best[0])

    def _keyword_entry(self, said: set[str]) -> FaqEntry | None:
        """The entry with the longest keyword set fully present in the question."""
        best: tuple[int, FaqEntry] | None = None
        for entry in self.kb.lang(self.lang).faq:
            for key in entry.keywords:
                if set(key) <= said and (best is None or len(key) > best[0]):
                    best = (len(key), entry)
        return best[1] if best else None

    def industry_answer(self, text: str) -> RichText | None:
        """Answer "is a bakery client-based?" for any industry the matcher recognises."""
        found = self._industry(text)
        return found[0] if found else None

    def _industry(self, text: str) -> tuple[RichText, bool] | None:
        """The industry answer, and whether the industry was recognised (not a guess)."""
        folded = fold(text)
        for pattern in self.patterns:
            m = pattern.search(folded)
            if not m:
                continue
            ranking = self.matcher.rank(m.group("industry"))
            close = ranking.close
            if ranking.status == "confident":
                ind = close[0].industry
                return rich(
                    self.kb,
                    "faq.industry_answer",
                    self.lang,
                    industry=ind.name,
                    usually=self.kb.text(f"usually.{ind.label}", self.lang),
                    why=ind.why,
                ), True
            if ranking.status == "ambiguous" and len({c.industry.label for c in close}) == 1:
                ind = close[0].industry
                return rich(
                    self.kb,
                    "faq.industry_answer",
                    self.lang,
                    industry=ind.name,
                    usually=self.kb.text(f"usually.{ind.label}", self.lang),
                    why=ind.why,
                ), True
            if ranking.status == "ambiguous":
                names = listing(self.kb, [c.industry.name for c in close], self.lang)
                return rich(self.kb, "faq.industry_ambiguous", self.lang, names=names), False
        return None

    def answer(self, text: str) -> RichText | None:
        """An answer if the FAQ covers `text` well, else None."""
        if not text.strip():
            return None
        hit = self.entry(text)
        if hit is not None and hit[1] >= ENTRY_FIRST:  # "is a patient a client?" is no industry
            return fill(hit[0].answer)
        found = self._industry(text)
        if found is not None and (found[1] or hit is None):
            return found[0]  # a guessed industry gives way to an entry about the question
        return fill(hit[0].answer) if hit else None


def _order(phrase: str) -> tuple[str, ...]:
    """Which of "client" and "customer" come first, when a phrase about turning one into the
    other holds both."""
    split = phrase.split()
    if not _DIRECTED.intersection(split):
        return ()
    seen = [w for w in split if w in _ORDERED]
    first = tuple(dict.fromkeys(seen))
    return first if len(first) == 2 else ()


def _score(a: str, b: str, *, score_cutoff: float | None = None, **_: object) -> float:
    """Whole-phrase similarity, tolerant of word order (no partial matches: too eager)."""
    return max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))
