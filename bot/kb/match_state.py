"""What matcher.py works on: the aliases as indexed, the state of one text being ranked, and
the scoring of an alias matched by a single word."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.kb import match_factors as mf
from bot.kb.match_factors import Best
from bot.kb.served import names_served
from bot.kb.served_vocab import ServedVocab

MASS_REF = 4.0  # alias weight (sum of IDF) from which an alias counts as fully specific
NO_BEST: Best = (0.0, "", 0, 0)


@dataclass(frozen=True, slots=True)
class Alias:
    """One alias of an industry: its tokens, their weight and how specific they are."""

    industry: int
    text: str
    tokens: tuple[str, ...]
    mass: float
    specific: float  # 0.85..1: aliases made only of common words count a little less


class MatchText:
    """One text being ranked: its tokens, the words they matched and the best alias so far
    per industry, kept apart by where it starts (the business's own words or the served)."""

    __slots__ = (
        "at_pos",
        "explains",
        "goods",
        "heads",
        "matched",
        "other",
        "own",
        "served",
        "single",
        "tokens",
        "where",
    )

    def __init__(
        self,
        tokens: Sequence[str],
        where: Sequence[int],
        served: frozenset[int],
        goods: frozenset[int],
    ) -> None:
        self.tokens, self.where, self.served, self.goods = tokens, where, served, goods
        self.matched: dict[str, tuple[float, int]] = {}  # vocabulary word -> (sim, token)
        self.heads: dict[str, tuple[float, int]] = {}  # generic heads standing for another
        self.at_pos: dict[str, int] = {}  # where each word was found
        self.single: dict[int, tuple[float, bool, bool]] = {}  # one-word factors, by place
        self.own: dict[int, Best] = {}
        self.other: dict[int, Best] = {}
        self.explains: dict[int, frozenset[int]] = {}  # the tokens an own best alias explains


def head_served(v: ServedVocab, st: MatchText, a: Alias) -> bool:
    """Whether the alias's last word, the one naming the thing, stands among the served."""
    head = st.matched.get(a.tokens[-1])
    return head is not None and head[1] in st.served and not names_served(v, a.text)


def single_score(st: MatchText, bound: float, at: int, is_served: bool) -> float:
    """An alias matched by one word of the text: its factors depend on where it stands
    only, and many aliases in a long text are matched by one word."""
    rule = st.single.get(at)
    if rule is None:
        rule = st.single[at] = mf.single(st.tokens, st.where, at, st.goods)
    score = bound * (1.0 if is_served else rule[0])
    if rule[1]:
        score *= mf.MODIFIER
    if rule[2]:
        score *= mf.GOODS
    return score


def make_alias(industry: int, text: str, tokens: tuple[str, ...], idf: dict[str, float]) -> Alias:
    """An alias's tokens with their weight and how specific they are."""
    mass = sum(idf[t] for t in tokens)
    return Alias(industry, text, tokens, mass, mf.MIN_SPECIFIC + 0.15 * min(1.0, mass / MASS_REF))
