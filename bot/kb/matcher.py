"""Industry matching: aliases indexed once at start-up, typos and long descriptions tolerated.

Each alias is a bag of normalised words weighted by rarity (IDF over industries). A text's
words are resolved against that vocabulary exactly, by word root (trainer ~ training), by
compound split (barbershop ~ barber shop) or by one typo (rapidfuzz OSA distance 1, candidates
found through a one-deletion index), and an alias scores by the share of its weight the text
covers. Short aliases made only of common words score a little lower; aliases named near the
start of the text a little higher (people name their business first); an alias that only
covers the first words of a compound scores lower ("pension" in "pension plan administrator"
is not the business: in English the last word of a compound names the thing). An alias found
where the people served are named ("IT support for dental practices", normalize.served_parts)
scores below FLOOR: it is listed, never offered as the business, and reported unscaled in
Ranking.served for the one-shot verdict to weigh who is served.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from bot.contracts import MatchStatus
from bot.kb.model import Industry
from bot.kb.normalize import (
    GENERIC_HEADS,
    LINK_WORDS,
    match_positions,
    match_tokens,
    names_served,
    read_title,
    root,
)

# --- thresholds (scores run 0..100); docs/knowledge.md explains them ---------------------------
CONFIDENT = 75.0  # top candidate at least this good ...
GAP = 12.0  # ... and this far ahead of the next industry: a confident match
FLOOR = 50.0  # below this nothing is offered: the match is unknown
WINDOW = 15.0  # candidates within this of the top are the close ones shown when ambiguous
MAX_CHOICES = 3  # at most this many close candidates are offered
MIN_COVER = 0.4  # aliases whose words the text covers less than this are not candidates
MIN_SCORE = 25.0  # candidates below this are dropped from the ranking altogether
MASS_REF = 4.0  # alias weight (sum of IDF) from which an alias counts as fully specific
SIM_TYPO = 0.88  # similarity credited to a one-typo word
SIM_ROOT = 0.85  # ... to a related word form (trainer / training)
SIM_SPLIT = 0.95  # ... to a word split in two or joined (barbershop / barber shop)
SIM_HEAD = 0.9  # ... to another generic head of the same kind (law practice / law firm)
# generic heads that name the same kind of business: "family law practice" is a "family law firm"
HEAD_KINDS = (
    ("practice", "firm", "company", "agency", "clinic"),
    ("shop", "store", "outlet", "boutique", "emporium"),
    ("centre", "center", "studio", "clinic"),
)
_SAME_HEAD = {
    w: tuple(dict.fromkeys(o for kind in HEAD_KINDS if w in kind for o in kind if o != w))
    for kind in HEAD_KINDS
    for w in kind
}
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
SERVED = 0.45  # factor for an alias found where the people served are named ("... for hotels"):
# below FLOOR even at 100, so the business is never taken from the people it serves
EARLY = 0.12  # up to this share of the score depends on being named early in the text
_CACHE_MAX = 50_000


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


@dataclass(frozen=True, slots=True)
class _Alias:
    industry: int
    text: str
    tokens: tuple[str, ...]
    mass: float
    specific: float  # 0.85..1: aliases made only of common words count a little less


class Matcher:
    """Ranks industries for a text; build once, query many times (thread-safe reads)."""

    def __init__(self, industries: Sequence[Industry], known_words: Iterable[str] = ()) -> None:
        self.industries = tuple(industries)
        per_industry: list[set[str]] = []
        raw: list[tuple[int, str, tuple[str, ...]]] = []
        for n, ind in enumerate(self.industries):
            words: set[str] = set()
            for alias in dict.fromkeys((ind.name, *ind.aliases)):
                toks = tuple(dict.fromkeys(match_tokens(alias)))
                if toks:
                    raw.append((n, alias, toks))
                    words.update(toks)
            per_industry.append(words)
        df: dict[str, int] = defaultdict(int)
        for words in per_industry:
            for w in words:
                df[w] += 1
        total = max(1, len(self.industries))
        self.idf = {w: math.log(1.0 + total / c) for w, c in df.items()}
        self.aliases = tuple(_alias(n, text, toks, self.idf) for n, text, toks in raw)
        # per alias, the accumulated weight below which it cannot pass MIN_COVER or MIN_SCORE
        # (a hair lower, so rounding never drops one that the exact test below keeps)
        self._need = [
            max(MIN_COVER * a.mass, MIN_SCORE * a.mass / (100.0 * a.specific)) * (1.0 - 1e-9)
            for a in self.aliases
        ]
        self.postings: dict[str, list[int]] = defaultdict(list)
        for k, a in enumerate(self.aliases):
            for t in a.tokens:
                self.postings[t].append(k)
        self.vocab = frozenset(self.idf)
        self.known = self.vocab | frozenset(known_words)
        self.deletes: dict[str, set[str]] = defaultdict(set)
        self.roots: dict[str, set[str]] = defaultdict(set)
        for w in self.vocab:
            if len(w) >= 4:
                for d in _deletes(w):
                    self.deletes[d].add(w)
            r = root(w)
            if r:
                self.roots[r].add(w)
        self._cache: dict[str, tuple[tuple[str, float], ...]] = {}

    # --- word resolution ------------------------------------------------------------------
    def resolve(self, word: str) -> tuple[tuple[str, float], ...]:
        """Vocabulary words `word` stands for, with a similarity 0..1."""
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        found: dict[str, float] = {}
        if word in self.vocab:
            found[word] = 1.0
        r = root(word)
        if r:
            for v in self.roots.get(r, ()):
                found.setdefault(v, SIM_ROOT)
        # the word may itself be the root of vocabulary words ("we manage" ~ "management")
        if len(word) >= 5:  # (short words like "work" are too loose a root)
            for v in self.roots.get(word, ()):
                found.setdefault(v, SIM_ROOT)
        if word not in self.known and len(word) >= 4:
            for v in self._typo_candidates(word):
                found.setdefault(v, SIM_TYPO)
            if not found and len(word) >= 7:
                for i in range(3, len(word) - 2):
                    a, b = word[:i], word[i:]
                    if a in self.vocab and b in self.vocab:
                        found.setdefault(a, SIM_SPLIT)
                        found.setdefault(b, SIM_SPLIT)
                        break
        result = tuple(found.items())
        if len(self._cache) < _CACHE_MAX:
            self._cache[word] = result
        return result

    def _typo_candidates(self, word: str) -> set[str]:
        pool: set[str] = set(self.deletes.get(word, ()))
        for d in _deletes(word):
            if d in self.vocab:
                pool.add(d)
            pool.update(self.deletes.get(d, ()))
        out: set[str] = set()
        for v in pool:
            if len(word) == 4 and len(v) == 4:
                # two short words: only swapped letters, or "shop" would match "ship"
                if sorted(v) == sorted(word) and OSA.distance(word, v) <= 1:
                    out.add(v)
            elif OSA.distance(word, v) <= 1:
                out.add(v)
        return out

    def _spread(
        self, tokens: Sequence[str], where: Sequence[int], first: int, last: int, spots: list[int]
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
            and self.resolve(tokens[gaps[0]])
        ):
            return 1.0 - INTERRUPT
        return max(SPREAD_FLOOR, 1.0 - SPREAD * len(gaps))

    @staticmethod
    def _single(
        tokens: Sequence[str], where: Sequence[int], at: int, goods: frozenset[int]
    ) -> tuple[float, bool, bool]:
        """For an alias matched by the word at `at` alone: its earliness factor, whether the
        word modifies a longer name, and whether it names goods sold (as in rank_tokens)."""
        nxt = at + 1
        modifier = (
            nxt < len(tokens)
            and where[nxt] == where[at] + 1
            and tokens[nxt] not in GENERIC_HEADS
            and tokens[nxt] not in LINK_WORDS
            and not _doing(tokens[at], tokens[nxt])
        ) or (
            nxt + 1 < len(tokens)
            and where[nxt] == where[at] + 2
            and where[nxt + 1] == where[nxt] + 1
            and tokens[nxt + 1] in GENERIC_HEADS
        )
        return 1.0 - EARLY * min(1.0, at / 6.0), modifier, at in goods and at > 0

    def _explain(
        self,
        own: dict[int, tuple[float, str, int, int]],
        explains: dict[int, frozenset[int]],
        tokens: Sequence[str],
        aside: frozenset[int],
    ) -> None:
        """Among close candidates, one that leaves a telling word unexplained loses ground to
        the one that explains most ("family law practice" names law, which "family practice"
        leaves out). A word counts by its rarity (IDF); goods sold do not count."""
        if len(own) < 2:
            return
        floor = max(EXPLAIN_MIN, max(v[0] for v in own.values()) - EXPLAIN_WINDOW)
        pool = [n for n, v in own.items() if v[0] >= floor]
        if len(pool) < 2:
            return
        union = {p for n in pool for p in explains.get(n, ()) if p not in aside}
        if not union:
            return
        weight = {
            p: max((self.idf[w] * sim for w, sim in self.resolve(tokens[p])), default=0.0)
            for p in union
        }
        total = sum(weight.values())
        if total <= 0:
            return
        share = {
            n: sum(weight[p] for p in explains.get(n, ()) if p in weight) / total for n in pool
        }
        lead = max(pool, key=lambda n: share[n])
        most = share[lead]
        for n in pool:
            if not explains.get(n, frozenset()) & explains.get(lead, frozenset()):
                continue  # another business named elsewhere in the text, not a rival reading
            score, alias, at, end = own[n]
            own[n] = (score * (1.0 - UNEXPLAINED * (most - share[n])), alias, at, end)

    # --- ranking --------------------------------------------------------------------------
    def rank(self, text: str) -> Ranking:
        """All industries the text may mean, best first, with the match status."""
        return self.rank_tokens(*match_positions(read_title(text)))

    def rank_tokens(
        self,
        tokens: Sequence[str],
        where: Sequence[int] = (),
        served: frozenset[int] = frozenset(),
        goods: frozenset[int] = frozenset(),
    ) -> Ranking:
        """Rank from normalised tokens (`where`: each token's word index, for compounds;
        `served`: tokens that name who is served; `goods`: tokens that name goods sold)."""
        where = where or range(len(tokens))
        matched: dict[str, tuple[float, int]] = {}

        def credit(word: str, sim: float, pos: int) -> None:
            prev = matched.get(word)
            if prev is None or sim > prev[0]:
                matched[word] = (sim, pos if prev is None else min(pos, prev[1]))

        resolve, vocab, idf, postings = self.resolve, self.vocab, self.idf, self.postings
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
        acc: dict[int, float] = defaultdict(float)
        for word, (sim, _pos) in matched.items():
            weight = idf[word] * sim
            for k in postings[word]:
                acc[k] += weight
        # a generic head stands in for another of its kind ("practice" for "firm"), credited
        # only to aliases another word of the text already reached (cheap, and never a whole
        # alias by itself)
        heads: dict[str, tuple[float, int]] = {}
        for pos, tok in enumerate(tokens):
            for v in _SAME_HEAD.get(tok, ()):
                if v in self.vocab and v not in matched:
                    heads.setdefault(v, (SIM_HEAD, pos))
        for v in heads:
            weight = self.idf[v] * SIM_HEAD
            for k in self.postings[v]:
                if k in acc:
                    acc[k] += weight
        matched.update(heads)
        # First an upper bound per alias (the other factors are <= 1), then the full score
        # only where the bound can still beat the industry's best: most aliases stop here.
        bounds: list[tuple[float, int]] = []
        need = self._need
        aliases = self.aliases
        # most aliases share one common word with the text: one comparison drops them
        for k in [k for k, got in acc.items() if got >= need[k]]:
            a = aliases[k]
            cover = acc[k] / a.mass
            if cover >= MIN_COVER and (bound := 100.0 * cover * a.specific) >= MIN_SCORE:
                bounds.append((bound, k))
        bounds.sort(reverse=True)
        # the best alias per industry, kept apart by where it starts: in the business's own
        # words or among the people served (scaled down below, once the text is known)
        own: dict[int, tuple[float, str, int, int]] = {}
        other: dict[int, tuple[float, str, int, int]] = {}
        none = (0.0, "", 0, 0)
        explains: dict[int, frozenset[int]] = {}  # the tokens an own best alias explains
        at_pos = {w: p for w, (_sim, p) in matched.items()}  # where each word was found
        single: dict[int, tuple[float, bool, bool]] = {}  # factors for a one-word match, by place
        n_tokens = len(tokens)
        for bound, k in bounds:
            a = aliases[k]
            if bound <= own.get(a.industry, none)[0]:
                continue
            bad: tuple[str, ...] = ()
            if heads and (stood := [t for t in a.tokens if t in heads]):
                # a generic head stands in for another ("practice" for "firm") only beside the
                # alias's other words, never for a whole alias ("boutique") or twice over
                others = {matched[t][1] for t in a.tokens if t in matched and t not in heads}
                bad = tuple(t for t in stood if not others or matched[t][1] in others)
                if bad:
                    bound -= 100.0 * sum(self.idf[t] * SIM_HEAD for t in bad) / a.mass * a.specific
                    if bound < MIN_SCORE or bound / a.specific / 100.0 < MIN_COVER:
                        continue
            if bad:
                spots = [at_pos[t] for t in a.tokens if t in at_pos and t not in bad]
            else:
                spots = [at_pos[t] for t in a.tokens if t in at_pos]
            if len(spots) == 1:
                first = last = spots[0]
            else:
                first, last = min(spots), max(spots)
            best = other if first in served else own
            head = matched.get(a.tokens[-1])
            if best is own and head is not None and head[1] in served and not names_served(a.text):
                # "IT support for law firms" is not an "IT contracting firm": the last word of
                # an alias names the thing, and that thing is served here ("cleaning for
                # offices" still is "office cleaning"), unless the alias names the served too
                spots = [p for p in spots if p not in served]
                got = sum(
                    self.idf[t] * matched[t][0]
                    for t in a.tokens
                    if t in matched and matched[t][1] not in served
                )
                bound = 100.0 * got / a.mass * a.specific
                if got / a.mass < MIN_COVER or bound < MIN_SCORE:
                    continue
                last = max(spots)
            if bound <= best.get(a.industry, none)[0]:
                continue
            if first == last:
                # one word of the text: its factors depend on where it stands only, and many
                # aliases in a long text are matched by one word
                rule = single.get(first)
                if rule is None:
                    rule = single[first] = self._single(tokens, where, first, goods)
                score = bound * (1.0 if best is other else rule[0])
                if rule[1]:
                    score *= MODIFIER
                if rule[2]:
                    score *= GOODS
                if score > best.get(a.industry, none)[0]:
                    best[a.industry] = (score, a.text, where[first], where[last] + 1)
                    if best is own:
                        explains[a.industry] = frozenset(spots)
                continue
            # (the people served come after the business anyway: no earliness for them)
            early = 1.0 if best is other else 1.0 - EARLY * min(1.0, first / 6.0)
            score = bound * early
            if last - first >= len(spots):
                score *= self._spread(tokens, where, first, last, spots)
            elif (
                len(spots) > 1
                and spots[0] > spots[-1]
                and all(matched[t][0] == 1.0 for t in a.tokens if t in matched)
            ):
                score *= SWAPPED  # "home care" is not a "care home"
            nxt = last + 1
            if (
                nxt < n_tokens
                and where[nxt] == where[last] + 1
                and nxt not in spots
                and tokens[nxt] not in GENERIC_HEADS
                and tokens[nxt] not in LINK_WORDS
                and not _doing(tokens[last], tokens[nxt])
            ):
                score *= MODIFIER
            elif (
                nxt + 1 < n_tokens
                and where[nxt] == where[last] + 2
                and where[nxt + 1] == where[nxt] + 1
                and tokens[nxt + 1] in GENERIC_HEADS
                and nxt not in spots
                and nxt + 1 not in spots
            ):
                score *= MODIFIER  # "aquarium and reptile shop": an aquarium shop
            if first in goods and first > 0:
                score *= GOODS
            if score > best.get(a.industry, none)[0]:
                best[a.industry] = (score, a.text, where[first], where[last] + 1)
                if best is own:
                    explains[a.industry] = frozenset(spots)
        self._explain(own, explains, tokens, goods)
        # "IT support for law firms": the firms served are not the business (still listed)
        merged = {
            n: Candidate(self.industries[n], round(s, 1), alias, at, False, end)
            for n, (s, alias, at, end) in own.items()
        }
        for n, (s, alias, at, end) in other.items():
            if n not in merged or s * SERVED > merged[n].score:
                merged[n] = Candidate(
                    self.industries[n], round(s * SERVED, 1), alias, at, True, end
                )
        # on a tie, the alias that explains more of the text ("coffee shop" over "coffee")
        ranked = tuple(
            sorted(merged.values(), key=lambda c: (-c.score, c.start - c.end, c.industry.name))
        )
        served_ranked = tuple(
            sorted(
                (
                    Candidate(self.industries[n], round(s, 1), alias, at, True, end)
                    for n, (s, alias, at, end) in other.items()
                ),
                key=lambda c: (-c.score, c.industry.name),
            )
        )
        return Ranking(_status(ranked), ranked, served_ranked)


def _doing(noun: str, word: str) -> bool:
    """A person followed by an -ing word is doing something ("locksmith cutting keys"), not
    a modifier of a longer name."""
    return word.endswith("ing") and noun.endswith(AGENT_ENDINGS)


def _alias(industry: int, text: str, tokens: tuple[str, ...], idf: dict[str, float]) -> _Alias:
    mass = sum(idf[t] for t in tokens)
    return _Alias(industry, text, tokens, mass, 0.85 + 0.15 * min(1.0, mass / MASS_REF))


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _status(ranked: Sequence[Candidate]) -> MatchStatus:
    if not ranked or ranked[0].score < FLOOR:
        return "unknown"
    top = ranked[0].score
    second = ranked[1].score if len(ranked) > 1 else 0.0
    if top >= CONFIDENT and second <= top - GAP:
        return "confident"
    return "ambiguous"
