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
