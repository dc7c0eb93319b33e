"""What matcher.py works on: the aliases as indexed, the state of one text being ranked, and
the scoring of an alias matched by a single word."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from bot.kb import match_factors as mf
from bot.kb.match_factors import Best
from bot.kb.model import Industry
from bot.kb.normalize import match_tokens
from bot.kb.served import names_served
from bot.kb.served_vocab import ServedVocab
from bot.kb.titles import read_title
from bot.kb.wordindex import idf_weights

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
    least: float = 0.4  # the share of its weight a text must cover for it to be a candidate


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

    def trade_tokens(self, v: ServedVocab, named: float) -> tuple[list[str], list[str]]:
        """The tokens the trade words read: the business's own, and those among the people
        served that name no business an alias found at `named` or more ("dentists" in "payroll
        for dentists" is someone else's trade) nor people (`consumers`, `owners`, `parties`)."""
        found = {w for s, _, at, end in self.other.values() if s >= named for w in range(at, end)}
        own: list[str] = []
        served: list[str] = []
        for k, t in enumerate(self.tokens):
            if t in v.standing:
                continue
            if k not in self.served:
                own.append(t)
            elif self.where[k] not in found and t not in v.people:
                served.append(t)
        return own, served


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


def make_alias(
    industry: int, text: str, tokens: tuple[str, ...], idf: dict[str, float], least: float
) -> Alias:
    """An alias's tokens with their weight and how specific they are."""
    mass = sum(idf[t] for t in tokens)
    specific = mf.MIN_SPECIFIC + 0.15 * min(1.0, mass / MASS_REF)
    return Alias(industry, text, tokens, mass, specific, least)


MIN_COVER = 0.4  # aliases whose words the text covers less than this are not candidates
# ... and formal titles, less than this: "Business coaching services" is no match for "football
# coaching", its other words are merely generic
TITLE_COVER = 0.75
Row = tuple[int, str, tuple[str, ...]]  # industry index, alias, its matcher tokens


def alias_rows(industries: Sequence[Industry]) -> tuple[list[Row], list[Row]]:
    """Each industry's name and aliases, then its formal titles read as everyday words."""

    def rows(texts: Callable[[Industry], Iterable[str]]) -> list[Row]:
        return [
            (n, text, toks)
            for n, ind in enumerate(industries)
            for text in dict.fromkeys(texts(ind))
            if (toks := tuple(dict.fromkeys(match_tokens(text))))
        ]

    return rows(lambda i: (i.name, *i.aliases)), rows(lambda i: map(read_title, i.titles))


def indexed_aliases(
    industries: Sequence[Industry],
) -> tuple[list[Row], dict[str, float], tuple[Alias, ...]]:
    """Every alias row (names and aliases, then titles), the words' rarity, the aliases."""
    names, titles = alias_rows(industries)
    raw = names + titles
    idf = idf_weights(raw, max(1, len(industries)), extra=len(titles))
    least = [MIN_COVER] * len(names) + [TITLE_COVER] * len(titles)
    return raw, idf, tuple(make_alias(*row, idf, c) for row, c in zip(raw, least, strict=True))
