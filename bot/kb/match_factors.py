"""The factors an alias's score is multiplied by, from where its words stand in the text
(spread, swapped order, modifier of a longer name, goods sold, the trade named weighs most):
docs/knowledge.md, "Matching"."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from bot.kb.positions import GENERIC_HEADS, LINK_WORDS

Resolve = Callable[[str], tuple[tuple[str, float], ...]]
# an industry's best alias so far: score, alias text, first word index, index after the last
Best = tuple[float, str, int, int]

MODIFIER = 0.8  # factor for an alias that only covers a compound's leading words
SPREAD = 0.06  # factor lost per extra word between an alias's words in the text ...
INTERRUPT = 0.12  # ... or per such word that names something itself ("family LAW practice"
# is not a "family practice": a telling word the alias leaves unexplained)
SPREAD_FLOOR = 0.7  # ... down to at most this factor
UNEXPLAINED = 0.4  # a close candidate loses up to this share for the telling words it leaves
# unexplained that the close candidate explaining most explains (weighted by rarity) ...
EXPLAIN_WINDOW = 25.0  # ... among the candidates within this of the top
EXPLAIN_MIN = 40.0  # ... and at least this good
SWAPPED = 0.92  # factor for an alias whose words, all as written, stand side by side in
# another order
AGENT_ENDINGS = ("er", "or", "ist", "ian", "smith", "man")  # words naming a person's trade
GOODS = 0.85  # factor for an alias found among the goods a named business sells
# ("corner shop selling ... sweets" is not a sweet shop)
MIN_SPECIFIC = 0.85  # aliases made only of common words count this much (up to 1)
EARLY = 0.12  # up to this share of the score depends on being named early in the text


def early(first: int) -> float:
    """People name their business first: an alias found late counts a little less."""
    return 1.0 - EARLY * min(1.0, first / 6.0)


def spread(
    tokens: Sequence[str],
    where: Sequence[int],
    first: int,
    last: int,
    spots: list[int],
    resolve: Resolve,
) -> float:
    """Factor for the words between an alias's words (`spots`, in the alias's order): a
    little per plain word, more for a single word wedged inside the alias's words, in
    their order and with no small word around it, that names something itself ("family
    LAW practice" is no "family practice"; "hair and nail salon" still is a hair salon)."""
    inside = set(spots)
    gaps = [p for p in range(first + 1, last) if p not in inside]
    if not gaps:
        return 1.0
    if (
        len(gaps) == 1
        and where[last] - where[first] == last - first
        and spots == sorted(spots)
        and resolve(tokens[gaps[0]])
    ):
        return 1.0 - INTERRUPT
    return max(SPREAD_FLOOR, 1.0 - SPREAD * len(gaps))


def single(
    tokens: Sequence[str], where: Sequence[int], at: int, goods: frozenset[int]
) -> tuple[float, bool, bool]:
    """For an alias matched by the word at `at` alone: its earliness factor, whether the
    word modifies a longer name, and whether it names goods sold."""
    nxt = at + 1
    modifier = (
        nxt < len(tokens)
        and where[nxt] == where[at] + 1
        and tokens[nxt] not in GENERIC_HEADS
        and tokens[nxt] not in LINK_WORDS
        and not doing(tokens[at], tokens[nxt])
    ) or (
        nxt + 1 < len(tokens)
        and where[nxt] == where[at] + 2
        and where[nxt + 1] == where[nxt] + 1
        and tokens[nxt + 1] in GENERIC_HEADS
    )
    return early(at), modifier, at in goods and at > 0


def modifier_after(
    tokens: Sequence[str], where: Sequence[int], last: int, spots: list[int]
) -> float:
    """MODIFIER when the alias ending at `last` only covers a compound's leading words."""
    nxt = last + 1
    n_tokens = len(tokens)
    if (
        nxt < n_tokens
        and where[nxt] == where[last] + 1
        and nxt not in spots
        and tokens[nxt] not in GENERIC_HEADS
        and tokens[nxt] not in LINK_WORDS
        and not doing(tokens[last], tokens[nxt])
    ):
        return MODIFIER
    if (
        nxt + 1 < n_tokens
        and where[nxt] == where[last] + 2
        and where[nxt + 1] == where[nxt] + 1
        and tokens[nxt + 1] in GENERIC_HEADS
        and nxt not in spots
        and nxt + 1 not in spots
    ):
        return MODIFIER  # "aquarium and reptile shop": an aquarium shop
    return 1.0


def across_link(tokens: Sequence[str], head: int, last: int, spots: list[int]) -> float:
    """GOODS when the alias's head word (its last, the thing it names) stands before a verb
    that starts what the business sells or does and other words of it after ("cafe SERVING
    cakes and coffee" is no cake-and-coffee cafe, "mechanic SERVICING bikes" no bike
    mechanic): it takes the goods for the business."""
    for p in range(head + 1, last):
        if tokens[p] in LINK_WORDS and p not in spots:
            return GOODS
    return 1.0


def doing(noun: str, word: str) -> bool:
    """A person followed by an -ing word is doing something ("locksmith cutting keys"), not
    a modifier of a longer name."""
    return word.endswith("ing") and noun.endswith(AGENT_ENDINGS)


def explain_pool(own: dict[int, Best]) -> list[int]:
    """The close candidates the trade named is weighed among."""
    if len(own) < 2:
        return []
    floor = max(EXPLAIN_MIN, max(v[0] for v in own.values()) - EXPLAIN_WINDOW)
    return [n for n, v in own.items() if v[0] >= floor]


def explain(
    own: dict[int, Best],
    pool: list[int],
    explains: dict[int, frozenset[int]],
    tokens: Sequence[str],
    aside: frozenset[int],
    idf: Mapping[str, float],
    resolve: Resolve,
) -> None:
    """Among close candidates, one that leaves a telling word unexplained loses ground to
    the one that explains most ("family law practice" names law, which "family practice"
    leaves out). A word counts by its rarity (IDF); goods sold do not count. `pool`: the
    close candidates (explain_pool)."""
    union = {p for n in pool for p in explains.get(n, ()) if p not in aside}
    if not union:
        return
    weight = {p: max((idf[w] * sim for w, sim in resolve(tokens[p])), default=0.0) for p in union}
    total = sum(weight.values())
    if total <= 0:
        return
    share = {n: sum(weight[p] for p in explains.get(n, ()) if p in weight) / total for n in pool}
    lead = max(pool, key=lambda n: share[n])
    most = share[lead]
    for n in pool:
        if not explains.get(n, frozenset()) & explains.get(lead, frozenset()):
            continue  # another business named elsewhere in the text, not a rival reading
        score, alias, at, end = own[n]
        own[n] = (score * (1.0 - UNEXPLAINED * (most - share[n])), alias, at, end)
