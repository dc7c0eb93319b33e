"""The matcher's answer: ranked candidates and whether one of them is a confident match
(thresholds explained in docs/knowledge.md, "Matching")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.contracts import MatchStatus
from bot.kb.model import Industry
from bot.kb.normalize import match_tokens

# --- thresholds (scores run 0..100); docs/knowledge.md explains them ---------------------------
CONFIDENT = 75.0  # top candidate at least this good ...
GAP = 12.0  # ... and this far ahead of the next industry: a confident match
FLOOR = 50.0  # below this nothing is offered: the match is unknown
WINDOW = 15.0  # candidates within this of the top are the close ones shown when ambiguous
MAX_CHOICES = 3  # at most this many close candidates are offered
WHOLE = 95.0  # a trade named this fully, in two words or more, beside a one-word name ...
WHOLE_GAP = 5.0  # ... this far behind is a confident match too


@dataclass(frozen=True, slots=True)
class Candidate:
    """One ranked industry with its score (0..100) and the alias that matched best."""

    industry: Industry
    score: float
    alias: str
    start: int = 0  # index of the alias's first word among the words of fold(text)
    served: bool = False  # the alias was found where the people served are named
    end: int = 0  # index just after the alias's last word


@dataclass(frozen=True, slots=True)
class Ranking:
    """The matcher's full answer: status and ranked candidates (all, best first)."""

    status: MatchStatus
    ranked: tuple[Candidate, ...]
    served: tuple[Candidate, ...] = ()  # industries named among the people served, unscaled

    @property
    def close(self) -> tuple[Candidate, ...]:
        """The candidates worth offering: confident -> the winner; ambiguous -> the close ones."""
        if self.status == "unknown" or not self.ranked:
            return ()
        if self.status == "confident":
            return self.ranked[:1]
        top = self.ranked[0].score
        return tuple(c for c in self.ranked[:MAX_CHOICES] if c.score >= max(FLOOR, top - WINDOW))


def status(ranked: Sequence[Candidate]) -> MatchStatus:
    """confident, ambiguous or unknown, from the scores of the ranked candidates."""
    if not ranked or ranked[0].score < FLOOR:
        return "unknown"
    top = ranked[0].score
    second = ranked[1].score if len(ranked) > 1 else 0.0
    if top >= CONFIDENT and second <= top - GAP:
        return "confident"
    return "confident" if _named_whole(ranked) else "ambiguous"


def _named_whole(ranked: Sequence[Candidate]) -> bool:
    """The best names the trade fully in two words or more ("freelance copywriter"), the next
    only one word of the text ("newsletters" for "newsletter business"): the trade is sure."""
    top, nxt = ranked[0], ranked[1] if len(ranked) > 1 else None
    return (
        nxt is not None
        and top.score >= WHOLE
        and nxt.score <= top.score - WHOLE_GAP
        and len(match_tokens(top.alias)) >= 2
        and len(match_tokens(nxt.alias)) == 1
    )


# Words that name oneself by trade right before it ("I'm an architect", "we're a bakery"), as
# folded words: the trade said so is the trade, whatever work is listed after it.
SELF_NAMING = (
    ("i", "m", "a"),
    ("i", "m", "an"),
    ("im", "a"),
    ("im", "an"),
    ("i", "am", "a"),
    ("i", "am", "an"),
    ("we", "re", "a"),
    ("we", "re", "an"),
    ("were", "a"),
    ("we", "are", "a"),
    ("we", "are", "an"),
    ("i", "work", "as", "a"),
    ("i", "work", "as", "an"),
)


def self_named(words: Sequence[str], at: int) -> bool:
    """Whether the words right before word `at` name oneself ("well I'm an | architect")."""
    return any(tuple(words[max(0, at - len(p)) : at]) == p for p in SELF_NAMING)


FIRST_WHOLE = 90.0  # a trade named first, nearly whole ("I'm an architect, mostly lofts") ...
FIRST_LEAD = 10.0  # ... is put first unless a trade named after it leads by more than this


def named_first(ranked: Sequence[Candidate], first: int) -> tuple[Candidate, ...]:
    """The candidates with the trade the text names first (its alias starting at word `first`,
    the first of the business's own words) put first when it is nearly as good as the best:
    the work that follows ("mostly house extensions and loft conversions") says what the
    trade does, not which it is. The scores stay where they were, best first."""
    if len(ranked) < 2 or ranked[0].start <= first:
        return tuple(ranked)
    top = ranked[0]
    for k, c in enumerate(ranked[1:MAX_CHOICES], 1):
        if (
            not c.served
            and not top.served
            and c.start == first
            and c.score >= FIRST_WHOLE
            and top.score - c.score <= FIRST_LEAD
        ):
            order = [c, *ranked[:k], *ranked[k + 1 :]]
            return tuple(
                o if o.score == s else Candidate(o.industry, s, o.alias, o.start, o.served, o.end)
                for o, s in zip(order, (r.score for r in ranked), strict=True)
            )
    return tuple(ranked)


def self_named_first(
    ranking: Ranking, words: Sequence[str], where: Sequence[int], served: frozenset[int]
) -> Ranking:
    """`ranking` with the trade one names oneself by first ("I'm an architect, mostly loft
    conversions"; `words`: the folded text's words, `where`: each token's word, `served`: the
    tokens naming who is served)."""
    first = next((w for k, w in enumerate(where) if k not in served), None)
    if first is None or not self_named(words, first):
        return ranking
    ranked = named_first(ranking.ranked, first)
    return Ranking(status(ranked), ranked, ranking.served)
