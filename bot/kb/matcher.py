"""Industry matching: aliases indexed once at start-up, typos and long descriptions tolerated.

Each alias is a bag of normalised words weighted by rarity (IDF over industries). A text's
words are resolved against that vocabulary (wordindex.py), and an alias scores by the share of
its weight the text covers, times the factors of match_factors.py (where its words stand). An
alias found where the people served are named ("IT support for dental practices",
served.served_parts) scores below FLOOR: it is listed, never offered as the business, and
reported unscaled in Ranking.served for the one-shot verdict to weigh who is served.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from bot.kb import match_factors as mf
from bot.kb.match_state import NO_BEST, Alias, MatchText, head_served, indexed_aliases, single_score
from bot.kb.model import Industry
from bot.kb.normalize import fold
from bot.kb.positions import LINK_WORDS, match_positions
from bot.kb.ranking import (
    CONFIDENT,
    FLOOR,
    GAP,
    MAX_CHOICES,
    WINDOW,
    Candidate,
    Ranking,
    self_named_first,
    status,
)
from bot.kb.same_words import SameWords
from bot.kb.served_vocab import ServedVocab
from bot.kb.titles import read_title
from bot.kb.trade_words import TradeWords, guessed, reordered
from bot.kb.wordindex import SIM_SPLIT, SIM_TYPO, WordIndex

__all__ = ["CONFIDENT", "FLOOR", "GAP", "MAX_CHOICES", "WINDOW", "Candidate", "Matcher", "Ranking"]

MIN_SCORE = 25.0  # candidates below this are dropped from the ranking altogether
SIM_HEAD = 0.9  # similarity of another generic head of the same kind (law practice / law firm)
# generic heads that name the same kind of business: "family law practice" is a "family law firm"
HEAD_KINDS = (
    ("practice", "firm", "company", "agency", "clinic"),
    ("shop", "store", "outlet", "boutique", "emporium"),
    ("centre", "center", "studio", "clinic"),
    ("lawyer", "solicitor", "attorney"),
)
_SAME_HEAD = {
    w: tuple(dict.fromkeys(o for kind in HEAD_KINDS if w in kind for o in kind if o != w))
    for kind in HEAD_KINDS
    for w in kind
}
WHOLE = 0.8  # an alias covering this share of its weight counts as explaining its words
NAMED = 70.0  # a served business its alias found at this score: its words are not the work's
SERVED = 0.45  # factor for an alias found where the people served are named ("... for hotels"):
# below FLOOR even at 100, so the business is never taken from the people it serves


class Matcher:
    """Ranks industries for a text; build once, query many times (thread-safe reads)."""

    def __init__(
        self,
        industries: Sequence[Industry],
        known_words: Iterable[str],
        served: ServedVocab,
        same: SameWords | None = None,
    ) -> None:
        self.industries = tuple(industries)
        self.served = served  # knowledge/served.yaml: who a text says is served
        raw, self.idf, self.aliases = indexed_aliases(self.industries)
        # per alias, the accumulated weight below which it cannot pass its cover or MIN_SCORE
        # (a hair lower, so rounding never drops one that the exact test below keeps)
        self._need = [
            max(a.least * a.mass, MIN_SCORE * a.mass / (100.0 * a.specific)) * (1.0 - 1e-9)
            for a in self.aliases
        ]
        self.postings: dict[str, list[int]] = defaultdict(list)
        for k, a in enumerate(self.aliases):
            for t in a.tokens:
                self.postings[t].append(k)
        self.words = WordIndex(self.idf, known_words, same)
        self.vocab = self.words.vocab
        aliases = ((n, toks) for n, _, toks in raw)
        self.trade_words = TradeWords.of(self.industries, aliases, self._own_words)

    def _own_words(self, text: str) -> list[str]:
        """A description's tokens without the people served and the size words (as a text is
        read: "IT support for law firms" says nothing of law)."""
        tokens, _, served, _ = match_positions(self.served, text)
        return [
            t for k, t in enumerate(tokens) if k not in served and t not in self.served.standing
        ]

    def resolve(self, word: str) -> tuple[tuple[str, float], ...]:
        """Vocabulary words `word` stands for, with a similarity 0..1."""
        return self.words.resolve(word)

    # --- ranking --------------------------------------------------------------------------
    def rank(self, text: str) -> Ranking:
        """All industries the text may mean, best first, with the match status."""
        at = match_positions(self.served, title := read_title(text))
        return self_named_first(self.rank_tokens(*at), fold(title).split(), at.where, at.served)

    def rank_tokens(
        self,
        tokens: Sequence[str],
        where: Sequence[int] = (),
        served: frozenset[int] = frozenset(),
        goods: frozenset[int] = frozenset(),
    ) -> Ranking:
        """Rank from normalised tokens (`where`: each token's word index, for compounds;
        `served`: tokens that name who is served; `goods`: tokens that name goods sold)."""
        st = MatchText(tokens, where or range(len(tokens)), served, goods)
        acc = self._accumulate(st)
        own, aliases = st.own, self.aliases
        bounds = self._bounds(acc)
        for bound, k in bounds:
            a = aliases[k]
            if bound > own.get(a.industry, NO_BEST)[0]:
                self._place(st, a, bound)
        pool = mf.explain_pool(own)
        if len(pool) > 1:  # rivals to weigh
            mf.explain(
                own,
                pool,
                self._widen(st, bounds, pool),
                tokens,
                goods,
                self.idf,
                self.words.resolve,
            )
        return self._ranking(st)

    def _widen(
        self, st: MatchText, bounds: list[tuple[float, int]], pool: list[int]
    ) -> dict[int, frozenset[int]]:
        """Per industry named in the business's own words, the tokens its best alias and any
        other alias it has, nearly whole in the text, explain: "pet portraits photographer"
        is explained by a pet photographer's aliases together, not by "portrait photographer"."""
        wide = {n: set(st.explains.get(n, ())) for n in pool}
        at_pos, served, aliases = st.at_pos, st.served, self.aliases
        least = WHOLE * 100.0 * mf.MIN_SPECIFIC
        for bound, k in bounds:
            if bound < least:
                break  # (bounds come best first)
            a = aliases[k]
            if a.industry not in wide or bound < WHOLE * 100.0 * a.specific:
                continue
            spots = [at_pos[t] for t in a.tokens if t in at_pos]
            if spots and min(spots) not in served:
                wide[a.industry].update(p for p in spots if p not in served)
        return {n: frozenset(v) for n, v in wide.items()}

    def _accumulate(self, st: MatchText) -> dict[int, float]:
        """The weight each alias's words reached in the text (generic heads standing in for
        another of their kind only for aliases another word already reached)."""
        self._match_words(st)
        matched, idf, postings = st.matched, self.idf, self.postings
        acc: dict[int, float] = defaultdict(float)
        for word, (sim, _pos) in matched.items():
            weight = idf[word] * sim
            for k in postings[word]:
                acc[k] += weight
        heads = st.heads
        for pos, tok in enumerate(st.tokens):
            for v in _SAME_HEAD.get(tok, ()):
                if v in self.vocab and v not in matched:
                    heads.setdefault(v, (SIM_HEAD, pos))
        for v in heads:
            weight = idf[v] * SIM_HEAD
            for k in postings[v]:
                if k in acc:
                    acc[k] += weight
        matched.update(heads)
        st.at_pos = {w: p for w, (_sim, p) in matched.items()}
        return acc

    def _match_words(self, st: MatchText) -> None:
        """Each vocabulary word the text's tokens stand for, at its best similarity."""
        matched = st.matched

        def credit(word: str, sim: float, pos: int) -> None:
            prev = matched.get(word)
            if prev is None or sim > prev[0]:
                matched[word] = (sim, pos if prev is None else min(pos, prev[1]))

        resolve, vocab, tokens, served = self.words.resolve, self.vocab, st.tokens, st.served
        last_pos = len(tokens) - 1
        for pos, tok in enumerate(tokens):
            for word, sim in resolve(tok):
                if sim == SIM_TYPO and pos in served:
                    continue  # names of the people served are not typos ("commuters")
                credit(word, sim, pos)
            if pos < last_pos:
                joined = tok + tokens[pos + 1]
                if joined in vocab:
                    credit(joined, SIM_SPLIT, pos)

    def _bounds(self, acc: dict[int, float]) -> list[tuple[float, int]]:
        """An upper bound per alias (the other factors are <= 1), best first: the full score
        is worked out only where the bound can still beat the industry's best."""
        bounds: list[tuple[float, int]] = []
        need, aliases = self._need, self.aliases
        # most aliases share one common word with the text: one comparison drops them
        for k in [k for k, got in acc.items() if got >= need[k]]:
            a = aliases[k]
            cover = acc[k] / a.mass
            if cover >= a.least and (bound := 100.0 * cover * a.specific) >= MIN_SCORE:
                bounds.append((bound, k))
        bounds.sort(reverse=True)
        return bounds

    def _place(self, st: MatchText, a: Alias, bound: float) -> None:
        """Score one alias with every factor and keep it if it is its industry's best."""
        bad: tuple[str, ...] = ()
        if st.heads:
            fit = self._stand_in(st, a, bound)
            if fit is None:
                return
            bound, bad = fit
        at_pos, served = st.at_pos, st.served
        spots = [at_pos[t] for t in a.tokens if t in at_pos and t not in bad]
        first, last = min(spots), max(spots)
        best = st.other if first in served else st.own
        if served and best is st.own and head_served(self.served, st, a):
            # "IT support for law firms" is not an "IT contracting firm": the last word of
            # an alias names the thing, and that thing is served here ("cleaning for
            # offices" still is "office cleaning"), unless the alias names the served too
            spots = [p for p in spots if p not in served]
            bound = self._own_bound(st, a)
            if bound < 0:
                return
            last = max(spots)
        if bound <= best.get(a.industry, NO_BEST)[0]:
            return
        if first == last:
            if first and st.tokens[first] in LINK_WORDS:
                return  # "cheesemaker SELLING at markets" names no trade by its verb alone
            score = single_score(st, bound, first, best is st.other)
        else:
            score = self._span_score(st, a, bound, spots, (first, last), best is st.other)
        if score > best.get(a.industry, NO_BEST)[0]:
            best[a.industry] = (score, a.text, st.where[first], st.where[last] + 1)
            if best is st.own:
                st.explains[a.industry] = frozenset(spots)

    def _own_bound(self, st: MatchText, a: Alias) -> float:
        """The alias's bound from the business's own words only (-1: too little left)."""
        matched = st.matched
        got = sum(
            self.idf[t] * matched[t][0]
            for t in a.tokens
            if t in matched and matched[t][1] not in st.served
        )
        bound = 100.0 * got / a.mass * a.specific
        if got / a.mass < a.least or bound < MIN_SCORE:
            return -1.0
        return bound

    def _stand_in(
        self, st: MatchText, a: Alias, bound: float
    ) -> tuple[float, tuple[str, ...]] | None:
        """A generic head stands in for another ("practice" for "firm") only beside the
        alias's other words, never for a whole alias ("boutique") or twice over: the bound
        without the heads that may not stand in, or None when that drops the alias."""
        stood = [t for t in a.tokens if t in st.heads]
        if not stood:
            return bound, ()
        matched = st.matched
        others = {matched[t][1] for t in a.tokens if t in matched and t not in st.heads}
        bad = tuple(t for t in stood if not others or matched[t][1] in others)
        if bad:
            bound -= 100.0 * sum(self.idf[t] * SIM_HEAD for t in bad) / a.mass * a.specific
            if bound < MIN_SCORE or bound / a.specific / 100.0 < a.least:
                return None
        return bound, bad

    def _span_score(
        self,
        st: MatchText,
        a: Alias,
        bound: float,
        spots: list[int],
        span: tuple[int, int],
        is_served: bool,
    ) -> float:
        """An alias matched by several words: earliness, spread or swapped order, modifier,
        goods (the people served come after the business anyway: no earliness for them)."""
        first, last = span
        score = bound * (1.0 if is_served else mf.early(first))
        if last - first >= len(spots):
            score *= mf.spread(st.tokens, st.where, first, last, spots, self.words.resolve)
        elif (
            len(spots) > 1
            and spots[0] > spots[-1]
            and all(st.matched[t][0] == 1.0 for t in a.tokens if t in st.matched)
        ):
            score *= mf.SWAPPED  # "home care" is not a "care home"
        score *= mf.modifier_after(st.tokens, st.where, last, spots)
        head = st.at_pos.get(a.tokens[-1], last)
        score *= mf.across_link(st.tokens, head, last, spots)
        if first in st.goods and first > 0:
            score *= mf.GOODS
        return score

    def _ranking(self, st: MatchText) -> Ranking:
        """The industries named among the people served are not the business (still listed,
        scaled down); on a tie, the alias that explains more of the text wins ("coffee shop"
        over "coffee")."""
        merged = {
            n: Candidate(self.industries[n], round(s, 1), alias, at, False, end)
            for n, (s, alias, at, end) in st.own.items()
        }
        for n, (s, alias, at, end) in st.other.items():
            if n not in merged or s * SERVED > merged[n].score:
                merged[n] = Candidate(
                    self.industries[n], round(s * SERVED, 1), alias, at, True, end
                )
        # the text's own words, and served words that name no business or party (a served part
        # may hold the work: "we see patients for everyday illnesses, prescriptions")
        own, served = (
            [self.trade_words.spelled(t, self.words.resolve) for t in tokens]
            for tokens in st.trade_tokens(self.served, NAMED)
        )
        ranked = reordered(
            self.trade_words,
            sorted(
                merged.items(),
                key=lambda i: (-i[1].score, i[1].start - i[1].end, i[1].industry.name),
            ),
            own,
            self.industries,
            served,
        )
        if status(ranked) == "unknown" and (
            guess := guessed(self.trade_words, self.industries, own)
        ):
            ranked = (guess, *(c for c in ranked if c.industry is not guess.industry))
        served_ranked = tuple(
            sorted(
                (
                    Candidate(self.industries[n], round(s, 1), alias, at, True, end)
                    for n, (s, alias, at, end) in st.other.items()
                ),
                key=lambda c: (-c.score, c.industry.name),
            )
        )
        return Ranking(status(ranked), ranked, served_ranked)
