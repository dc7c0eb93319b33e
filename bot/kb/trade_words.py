"""A second opinion on which trade a text names: the words each industry is described with.

The matcher scores a text against whole aliases. A description in words no alias has ("we
pick up dog poo from gardens every week", "band practice rooms hired out by the hour") can
then be won by an alias that shares one word with it ("pick your own", "rooms for hire").
Counting, per industry, the words and word pairs of its name, aliases, `why` and `described`
phrases (owners' own words) gives how likely each close candidate is to use the text's words
(naive Bayes, add-`ALPHA` smoothing, later words counting less). `Matcher` reorders its first
`TOP` candidates by their score plus `WEIGHT` points per unit of that log-probability, and
where no alias matched at all offers the likeliest industry to confirm (`guessed`). Built from
the knowledge base at load: no training step, no data file. Chosen on fresh labelled
descriptions (docs/knowledge.md, "Trade words").
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Iterable, Sequence

from bot.kb.model import Industry
from bot.kb.ranking import FLOOR, Candidate

TOP = 20  # candidates reordered
WEIGHT = 5.0  # score points per unit of log-probability among them
ALPHA = 0.1  # add-alpha smoothing of the word counts
GUESS = 0.1  # a text no alias matches: the trade words' best industry is offered from this ...
GUESS_WORDS = 2  # ... when at least this many of its words are telling:
TELLING = 0.035  # used by at most this share of the industries ("hawk", "mess"; not "monthly")
FADE = 0.3  # the k-th word of the text counts 1 / (1 + FADE * k): the trade named first weighs most


def trade_features(tokens: Sequence[str]) -> list[str]:
    """A text's matcher tokens and each pair of neighbouring tokens."""
    return [*tokens, *(f"{a}_{b}" for a, b in itertools.pairwise(tokens))]


class TradeWords:
    """Word counts per industry (by the matcher's industry index)."""

    def __init__(self, docs: Iterable[tuple[int, Sequence[str]]]) -> None:
        counts: dict[int, Counter[str]] = {}
        for n, tokens in docs:
            counts.setdefault(n, Counter()).update(trade_features(tokens))
        vocab = {f for c in counts.values() for f in c}
        self.known = frozenset(vocab)
        used = Counter(f for c in counts.values() for f in c if "_" not in f)
        self.telling = frozenset(f for f, k in used.items() if k <= TELLING * len(counts))
        smooth = ALPHA * len(vocab)
        # per industry, log P(feature | industry) for the features it has, and for any other
        self._logp: dict[int, dict[str, float]] = {}
        self._unseen: dict[int, float] = {}
        for n, c in counts.items():
            norm = math.log(c.total() + smooth)
            self._logp[n] = {f: math.log(k + ALPHA) - norm for f, k in c.items()}
            self._unseen[n] = math.log(ALPHA) - norm
        self._empty = math.log(ALPHA) - math.log(smooth or 1.0)

    def log_odds(self, tokens: Sequence[str], industries: Sequence[int]) -> list[float] | None:
        """For each of `industries`, the log-probability that it is the one using `tokens`
        (among them alone); None when no token is known (nothing to say)."""
        pairs = [f"{a}_{b}" for a, b in itertools.pairwise(tokens)]
        feats = [
            (f, 1.0 / (1.0 + FADE * i))
            for i, f in (*enumerate(tokens), *enumerate(pairs))
            if f in self.known
        ]
        if not feats or len(industries) < 2:
            return None
        scores = []
        for n in industries:
            get = self._logp.get(n, {}).get
            unseen = self._unseen.get(n, self._empty)
            total = 0.0
            for f, w in feats:
                total += w * get(f, unseen)
            scores.append(total)
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
    odds = words.log_odds(own, range(len(industries)))
    if odds is None:
        return None
    best = max(range(len(odds)), key=odds.__getitem__)
    if math.exp(odds[best]) < GUESS:
        return None
    return Candidate(industries[best], FLOOR, industries[best].name)


def reordered(
    words: TradeWords, ranked: Sequence[tuple[int, Candidate]], own: Sequence[str]
) -> tuple[Candidate, ...]:
    """The first `TOP` candidates (industry index, candidate) reordered by score plus the trade
    words' odds for `own` (the text's tokens, the people served left out). The scores stay
    where they were, best first, so how sure the match is does not change, only which
    industry it is sure of."""
    top = ranked[:TOP]
    odds = words.log_odds(own, [n for n, _ in top])
    if odds is None:
        return tuple(c for _, c in ranked)
    order = sorted(range(len(top)), key=lambda k: -(top[k][1].score + WEIGHT * odds[k]))
    moved = [
        c if j == k else Candidate(c.industry, top[j][1].score, c.alias, c.start, c.served, c.end)
        for j, k in enumerate(order)
        for c in (top[k][1],)
    ]
    return (*moved, *(c for _, c in ranked[len(top) :]))
