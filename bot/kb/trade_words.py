"""A second opinion on which trade a text names: the words each industry is described with.

The matcher scores a text against whole aliases. A description in words no alias has ("we
pick up dog poo from gardens every week", "band practice rooms hired out by the hour") can
then be won by an alias that shares one word with it ("pick your own", "rooms for hire").
Counting, per industry, the words and word pairs of its name, aliases, `why` and `described`
phrases (owners' own words), and at `EXAMPLE` weight those of knowledge/examples.yaml's labelled
descriptions (the people served left out), gives how likely each industry is to use the text's
words (naive Bayes, add-`ALPHA` smoothing, later words counting less; the words where the people
served are named after its own, at `SERVED_WORDS`, but never a served business's or the
people's: `MatchText.trade_tokens`). `Matcher` reorders its first `TOP` candidates, together
with the `ADDED` industries the words make likeliest among the rest (at `ADDED_SCORE`, the trade
an alias missed, or their own score when one found them further down), by their score plus
`WEIGHT` points per unit of that log-probability; where no alias matched at all it offers the
likeliest industry to confirm (`guessed`). Built from the knowledge base at load: no training
step. Chosen on fresh labelled descriptions (docs/knowledge.md, "Trade words").
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence

from bot.kb.model import Industry
from bot.kb.normalize import match_tokens
from bot.kb.ranking import FLOOR, Candidate
from bot.kb.wordindex import SIM_TYPO

TOP = 20  # candidates reordered
ADDED = 3  # ... with the industries the words make likeliest, where no alias found them,
ADDED_SCORE = 50.0  # ... starting from this score (FLOOR: offered, never sure by itself),
KEEP = 3  # ... and kept only when reordered among this many first
WEIGHT = 15.0  # score points per unit of log-probability among them
WHOLE = 100.0  # but where an alias is found whole at the top ("family-run pharmacy"): ...
WEIGHT_WHOLE = 5.0  # ... this weight, and no industry added (a modifier is no new trade)
ALPHA = 0.1  # add-alpha smoothing of the word counts
GUESS = 0.1  # a text no alias matches: the trade words' best industry is offered from this ...
GUESS_WORDS = 2  # ... when at least this many of its words are telling:
TELLING = 0.035  # used by at most this share of the industries ("hawk", "mess"; not "monthly")
EXAMPLE = 0.5  # what a word of an owner's labelled description counts (knowledge/examples.yaml)
SERVED_WORDS = 1.0  # what a word naming the people served counts (a served part may be the work)
FADE = 0.3  # the k-th word of the text counts 1 / (1 + FADE * k): the trade named first weighs most


def trade_features(tokens: Sequence[str]) -> list[str]:
    """A text's matcher tokens and each pair of neighbouring tokens."""
    return [*tokens, *_pairs(tokens)]


def _pairs(tokens: Sequence[str]) -> list[str]:
    return [f"{a}_{b}" for a, b in itertools.pairwise(tokens)]


def _count(counts: dict[str, float], tokens: Sequence[str], weight: float) -> None:
    for f in trade_features(tokens):
        counts[f] = counts.get(f, 0.0) + weight


class TradeWords:
    """Word counts per industry (by the matcher's industry index)."""

    def __init__(
        self,
        docs: Iterable[tuple[int, Sequence[str]]],
        examples: Iterable[tuple[int, Sequence[str]]] = (),
    ) -> None:
        counts: dict[int, dict[str, float]] = {}
        for n, tokens in docs:
            _count(counts.setdefault(n, {}), tokens, 1.0)
        for n, tokens in examples:  # (owners' descriptions count less than the knowledge's)
            _count(counts.setdefault(n, {}), tokens, EXAMPLE)
        gain: dict[str, list[tuple[int, float]]] = {}
        for n, c in counts.items():
            for f, k in c.items():
                gain.setdefault(f, []).append((n, math.log1p(k / ALPHA)))
        # per feature, what each industry using it gains over an unseen one, log((k + a) / a)
        # whatever its total: scoring every industry touches only those using a text's features
        self._gain = gain
        self.known = frozenset(gain)
        limit = TELLING * len(counts)
        self.telling = frozenset(f for f, ns in gain.items() if "_" not in f and len(ns) <= limit)
        smooth = ALPHA * len(gain)
        # per industry, log P(any feature it lacks | industry)
        self._unseen = {
            n: math.log(ALPHA) - math.log(sum(c.values()) + smooth) for n, c in counts.items()
        }
        self._empty = math.log(ALPHA) - math.log(smooth or 1.0)
        # industries by how likely a feature they never use is (the likeliest for a text of
        # features no industry uses)
        self.by_unseen = sorted(self._unseen, key=self._unseen.__getitem__, reverse=True)

    @classmethod
    def of(
        cls,
        industries: Sequence[Industry],
        aliases: Iterable[tuple[int, Sequence[str]]],
        own_words: Callable[[str], Sequence[str]],
    ) -> TradeWords:
        """The words of the industries' aliases (industry index, tokens), `why` and `described`
        lines, and of their examples as `own_words` reads a description."""
        return cls(
            [
                *aliases,
                *(
                    (n, match_tokens(text))
                    for n, ind in enumerate(industries)
                    for text in (ind.why, *ind.described)
                ),
            ],
            ((n, own_words(text)) for n, ind in enumerate(industries) for text in ind.examples),
        )

    def spelled(self, token: str, resolve: Callable[[str], Sequence[tuple[str, float]]]) -> str:
        """A token these words do not know, as the one vocabulary word its typo stands for
        (`resolve`: the matcher's; "plummer" -> "plumber"), so a misspelt trade still weighs
        most."""
        if token in self.known:
            return token
        found = resolve(token)
        if same := [w for w, sim in found if sim == 1.0 and w in self.known]:
            return same[0]  # the same word spelled another way ("jewelry": "jewellery")
        typo = [w for w, sim in found if sim == SIM_TYPO]
        return typo[0] if len(typo) == 1 else token

    def _features(
        self, tokens: Sequence[str], served: Sequence[str] = ()
    ) -> list[tuple[str, float]]:
        """The text's known features, each with its weight (later ones count less; those of
        the people served, after the text's own, at `SERVED_WORDS`)."""
        return [*self._weighted(tokens, 1.0, 0), *self._weighted(served, SERVED_WORDS, len(tokens))]

    def _weighted(self, tokens: Sequence[str], weight: float, at: int) -> list[tuple[str, float]]:
        """The known features of `tokens` (and their pairs), the k-th weighing `weight` / (1 +
        FADE * (at + k))."""
        return [
            (f, weight / (1.0 + FADE * (at + i)))
            for i, f in (*enumerate(tokens), *enumerate(_pairs(tokens)))
            if f in self.known
        ]

    def unseen(self, n: int) -> float:
        """log P(a feature industry `n` never uses | industry `n`)."""
        return self._unseen.get(n, self._empty)

    def sparse(self, tokens: Sequence[str], served: Sequence[str] = ()) -> Likelihoods | None:
        """The log-likelihood of `tokens` (then of `served`, after them) for every industry,
        kept as what the industries using one of its features gain; None when no token is
        known (nothing to say)."""
        feats = self._features(tokens, served)
        if not feats:
            return None
        gained: dict[int, float] = defaultdict(float)
        for f, w in feats:
            for n, g in self._gain[f]:
                gained[n] += w * g
        return Likelihoods(self, sum(w for _, w in feats), gained)

    def likelihoods(self, tokens: Sequence[str], size: int) -> list[float] | None:
        """For industry indexes 0..size-1, the log-likelihood of `tokens` (up to a shared
        constant); None when no token is known (nothing to say)."""
        found = self.sparse(tokens)
        return None if found is None else [found.of(n) for n in range(size)]

    def log_odds(self, tokens: Sequence[str], industries: Sequence[int]) -> list[float] | None:
        """For each of `industries`, the log-probability that it is the one using `tokens`
        (among them alone); None when no token is known (nothing to say)."""
        if len(industries) < 2:
            return None
        every = self.likelihoods(tokens, 1 + max(industries))
        return None if every is None else _normalised([every[n] for n in industries])


class Likelihoods:
    """A text's log-likelihood per industry: `mass` (its features' weight) times the
    industry's unseen-feature log-probability, plus what the industries using them gain."""

    def __init__(self, words: TradeWords, mass: float, gained: dict[int, float]) -> None:
        self.words, self.mass, self.gained = words, mass, gained

    def of(self, n: int) -> float:
        """Industry `n`'s log-likelihood."""
        return self.mass * self.words.unseen(n) + self.gained.get(n, 0.0)

    def likeliest(self, k: int, size: int, skip: Collection[int]) -> list[int]:
        """The `k` likeliest industries under `size` not in `skip`: among those using a
        feature and the few using none with the likeliest unseen features (no full sort)."""
        mass, unseen = self.mass, self.words.unseen
        pool = [
            (mass * unseen(n) + g, -n) for n, g in self.gained.items() if n < size and n not in skip
        ]
        rest = (n for n in self.words.by_unseen if n < size and n not in skip)
        pool += [(mass * unseen(n), -n) for n in itertools.islice(rest, k) if n not in self.gained]
        return [-n for _, n in heapq.nlargest(k, pool)]


def _normalised(scores: list[float]) -> list[float]:
    """Log-likelihoods as log-probabilities among themselves."""
    top = max(scores)
    total = top + math.log(sum(math.exp(s - top) for s in scores))
    return [s - total for s in scores]


def guessed(
    words: TradeWords, industries: Sequence[Industry], own: Sequence[str]
) -> Candidate | None:
    """For a text no alias matched: the industry whose words most likely produced it, offered
    at `FLOOR` (to be confirmed, never taken as sure) when the trade words are sure enough of it
    (`GUESS` among every industry) and `GUESS_WORDS` of its words tell trades apart ("we clear
    dog mess from back gardens every week"; not "monthly retainers with the same clients")."""
    if sum(t in words.telling for t in own) < GUESS_WORDS:
        return None
    every = words.likelihoods(own, len(industries))
    if every is None or len(every) < 2:
        return None
    odds = _normalised(every)
    best = max(range(len(odds)), key=odds.__getitem__)
    if math.exp(odds[best]) < GUESS:
        return None
    return Candidate(industries[best], FLOOR, "")  # (no alias found it)


def reordered(
    words: TradeWords,
    ranked: Sequence[tuple[int, Candidate]],
    own: Sequence[str],
    industries: Sequence[Industry],
    served: Sequence[str] = (),
) -> tuple[Candidate, ...]:
    """The first `TOP` candidates (industry index, candidate) and the `ADDED` industries the
    trade words make likeliest, reordered by score plus the trade words' odds for `own` (the
    text's tokens, the people served left out) and `served` (their words that name no business
    or people, after them). The scores stay where they were, best first,
    so how sure the match is does not change, only which industry it is sure of."""
    found = words.sparse(own, served) if ranked else None
    if found is None:
        return tuple(c for _, c in ranked)
    top = list(ranked[:TOP])
    best = ranked[0][1].score
    # nothing offered (the people served alone, "we insure florists"): `guessed` decides
    added = ADDED if FLOOR <= best < WHOLE else 0
    weight = WEIGHT_WHOLE if best >= WHOLE else WEIGHT
    if added:
        # (an industry the aliases found beyond the first TOP may be added too, with its score)
        later = dict(ranked[TOP:])
        top += [
            (n, c if (c := later.get(n)) and c.score > ADDED_SCORE else _added(industries[n]))
            for n in found.likeliest(added, len(industries), {n for n, _ in top})
        ]
    odds = _normalised([found.of(n) for n, _ in top])
    order = sorted(range(len(top)), key=lambda k: -(top[k][1].score + weight * odds[k]))
    # an added industry stays only among the first few (never a long tail of loose guesses)
    aliased = min(len(ranked), TOP)
    order = [k for at, k in enumerate(order) if k < aliased or at < KEEP]
    # ... and never makes the match surer than the aliases found it
    scores = sorted((min(top[k][1].score, best) for k in order), reverse=True)
    moved = [
        c if c.score == s else Candidate(c.industry, s, c.alias, c.start, c.served, c.end)
        for s, k in zip(scores, order, strict=True)
        for c in (top[k][1],)
    ]
    kept = {c.industry.id for c in moved}
    return (*moved, *(c for _, c in ranked[TOP:] if c.industry.id not in kept))


def _added(industry: Industry) -> Candidate:
    """An industry the trade words add where no alias found it."""
    return Candidate(industry, ADDED_SCORE, "")
