"""The matcher's vocabulary: a text's word resolved to alias words exactly, by root, by one
typo or by a compound split, each with a similarity 0..1 (docs/knowledge.md, "Matching")."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.kb.normalize import root
from bot.kb.same_words import SameWords

SIM_TYPO = 0.88  # similarity credited to a one-typo word
SIM_ROOT = 0.85  # ... to a related word form (trainer / training)
SIM_SPLIT = 0.95  # ... to a word split in two or joined (barbershop / barber shop)
SIM_TYPO2 = 0.8  # ... to a long word two typos away, when it is the only one ("vetinary")
LONG = 8  # letters a word needs before two typos are looked for
_CACHE_MAX = 50_000


class WordIndex:
    """Vocabulary words with one-deletion and root indexes; resolve() is cached."""

    def __init__(
        self,
        idf: Mapping[str, float],
        known_words: Iterable[str] = (),
        same: SameWords | None = None,
    ) -> None:
        self.vocab = frozenset(idf)
        # knowledge/words.yaml: "jewelry" finds "jewellery", "nite" finds "night"
        self.same = same or SameWords()
        self._same_index = self.same.index(self.vocab)
        # words the knowledge base uses as cues or answers are never "corrected"
        self.known = self.vocab | frozenset(known_words)
        self.deletes: dict[str, set[str]] = defaultdict(set)
        self.roots: dict[str, set[str]] = defaultdict(set)
        for w in self.vocab:
            if len(w) >= 4:
                for d in deletes(w):
                    self.deletes[d].add(w)
            r = root(w)
            if r:
                self.roots[r].add(w)
        self._cache: dict[str, tuple[tuple[str, float], ...]] = {}
        self._long = sorted(w for w in self.vocab if len(w) >= LONG - 2)

    def resolve(self, word: str) -> tuple[tuple[str, float], ...]:
        """Vocabulary words `word` stands for, with a similarity 0..1."""
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        found: dict[str, float] = {}
        if word in self.vocab:
            found[word] = 1.0
        elif (other := _ie_form(word)) in self.vocab:
            found[other] = 1.0  # "roadies" made singular is "roady", the alias says "roadie"
        for same in self._same_index.get(self.same.key(word), ()):
            found.setdefault(same, 1.0)
        self._related(word, found)
        if word not in self.known and len(word) >= 4:
            for v in self._typo_candidates(word):
                found.setdefault(v, SIM_TYPO)
            if not found and len(word) >= 7:
                self._split(word, found)
            if not found and len(word) >= LONG:
                self._two_typos(word, found)
        result = tuple(found.items())
        if len(self._cache) < _CACHE_MAX:
            self._cache[word] = result
        return result

    def _related(self, word: str, found: dict[str, float]) -> None:
        """Words sharing `word`'s root, or of which `word` is the root."""
        r = root(word)
        if r:
            for v in self.roots.get(r, ()):
                found.setdefault(v, SIM_ROOT)
        # the word may itself be the root of vocabulary words ("we manage" ~ "management")
        if len(word) >= 5:  # (short words like "work" are too loose a root)
            for v in self.roots.get(word, ()):
                found.setdefault(v, SIM_ROOT)

    def _split(self, word: str, found: dict[str, float]) -> None:
        """A long unknown word as two vocabulary words ("barbershop")."""
        for i in range(3, len(word) - 2):
            a, b = word[:i], word[i:]
            if a in self.vocab and b in self.vocab:
                found.setdefault(a, SIM_SPLIT)
                found.setdefault(b, SIM_SPLIT)
                return

    def _two_typos(self, word: str, found: dict[str, float]) -> None:
        """The one vocabulary word two typos from a long unknown word, if only one is."""
        near = process.extract(word, self._long, scorer=OSA.distance, score_cutoff=2, limit=2)
        if len(near) == 1 and near[0][0][0] == word[0]:
            found[near[0][0]] = SIM_TYPO2

    def _typo_candidates(self, word: str) -> set[str]:
        pool: set[str] = set(self.deletes.get(word, ()))
        for d in deletes(word):
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


def _ie_form(word: str) -> str:
    """The other singular of a plural in -ies: "roady" <-> "roadie" ("" when neither)."""
    if len(word) < 4:
        return ""
    if word.endswith("ie"):
        return word[:-2] + "y"
    return word[:-1] + "ie" if word.endswith("y") else ""


def deletes(word: str) -> set[str]:
    """Every one-deletion variant of a word."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def idf_weights(
    raw: Sequence[tuple[int, str, tuple[str, ...]]], total: int, extra: int = 0
) -> dict[str, float]:
    """Each alias word's rarity across industries (`raw`: industry index, alias, words). The
    last `extra` aliases (formal titles) count only for words no other alias has: a title's
    "business" or "services" does not make those words less telling in everyday names."""
    own = len(raw) - extra
    df: dict[str, int] = defaultdict(int)
    for part in (raw[:own], raw[own:]):
        per_industry: dict[int, set[str]] = defaultdict(set)
        for n, _text, toks in part:
            per_industry[n].update(toks)
        seen = set(df)
        for words in per_industry.values():
            for w in words:
                if w not in seen:
                    df[w] += 1
    return {w: math.log(1.0 + total / c) for w, c in df.items()}
