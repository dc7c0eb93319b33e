"""Cue phrases found in a description: evidence for the client or the customer side."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from bot.kb.model import Cue, Side
from bot.kb.normalize import words
from bot.kb.served import served_words
from bot.kb.served_vocab import ServedVocab

# Words that turn a cue around ("no contracts", "without appointment").
NEGATORS = frozenset({"no", "not", "without", "never", "non", "nor", "dont", "doesnt"})
# Words that may stand between a negator and the cue it turns: "we don't do contracts", "I
# don't have any long term clients" (not "we never miss a monthly review": "miss" is no such word).
_GAP_WORDS = (
    "do does did have has had got get any really much many offer provide sell take use need "
    "want ever usually often"
)
NEGATION_GAP = frozenset(_GAP_WORDS.split())
NEGATION_REACH = 3  # words between a negator and its cue, at most
# Words and marks that separate the parts of a description ("X, plus Y", "A but B"), so a text
# can show one model in one part and the other model in another.
BOUNDARY_WORDS = frozenset(
    {"and", "plus", "but", "also", "while", "whereas", "alongside", "besides", "then", "or"}
)
# Articles never matter to a cue: "on a monthly retainer" holds "on monthly retainer".
ARTICLES = frozenset({"a", "an", "the"})
# In a cue phrase, "..." stands for up to GAP_MAX words: "for ... brands" holds
# "for snack brands" and "for big consumer brands".
GAP = "..."
GAP_MAX = 3
_SEGMENT_MARKS = re.compile(
    r"(?<!\d)[,.](?!\d)|[;:!?()\[\]|]+|\s[-–—]+\s|[–—]"  # "$9.99" and "1,000" stay whole
)


@dataclass(frozen=True, slots=True)
class Hit:
    """One cue found at word positions [start, end) of part `segment`."""

    cue: Cue
    side: Side
    weight: float
    start: int
    end: int
    segment: int
    negated: bool = False
    shown: str = ""  # how to quote it to the user: the phrase, or the words a gap matched

    @property
    def quote(self) -> str:
        return self.shown or self.cue.phrase


@dataclass(frozen=True, slots=True)
class Scan:
    """All cue hits of a text and the sums per side."""

    hits: tuple[Hit, ...]
    words: tuple[str, ...]
    segments: int
    word_segment: tuple[int, ...] = ()  # part of each word of normalize.fold(text), articles too
    word_at: tuple[int, ...] = ()  # for each of `words`, its index among the words of fold(text)
    joined: frozenset[int] = frozenset()  # parts opened by a joining word ("also", "plus", "and")

    def total(self, side: Side) -> float:
        return sum(h.weight for h in self.hits if h.side == side)

    def segment_lean(self) -> list[float]:
        """Per part of the text: client evidence minus customer evidence."""
        lean = [0.0] * self.segments
        for h in self.hits:
            lean[h.segment] += h.weight if h.side == "client" else -h.weight
        return lean


class CueIndex:
    """Cue phrases indexed by first word; longest match wins, left to right."""

    def __init__(self, cues: Sequence[Cue], served: ServedVocab) -> None:
        self.served = served  # knowledge/served.yaml: cues among the served are set apart
        by_first: dict[str, list[tuple[tuple[str, ...], Cue, tuple[int, str] | None]]]
        by_first = defaultdict(list)
        for cue in cues:
            toks = phrase_words(cue.phrase)
            if toks and toks[0] != GAP:
                # for a phrase with a gap: where the first gap is and the word after it
                g = toks.index(GAP) if GAP in toks else -1
                nxt = toks[g + 1] if 0 <= g < len(toks) - 1 else ""
                after = None if g < 0 else (g, "" if nxt == GAP else nxt)
                by_first[toks[0]].append((toks, cue, after))
        self.by_first = {k: sorted(v, key=lambda tc: -len(tc[0])) for k, v in by_first.items()}

    def scan(self, text: str) -> Scan:
        """Every cue phrase found in the text, by part, negations turned around."""
        toks, seg_of, kept_upto, served, word_at = _cue_words(self.served, text)
        seg_ids, joined = _parts(toks, seg_of)
        hits = self._hits(toks, seg_ids)
        # a shop-type word among the people served names the clientele ("IT for cafes"), not
        # the business, so it is no evidence of a customer business
        hits = [
            h
            for h in hits
            if not (
                h.cue.dimension == "industry"
                and h.side == "customer"
                and not h.negated
                and h.start in served
            )
        ]
        word_segment = tuple(seg_ids[max(0, k - 1)] if seg_ids else 0 for k in kept_upto)
        return Scan(
            tuple(hits),
            tuple(toks),
            (seg_ids[-1] + 1) if seg_ids else 0,
            word_segment,
            tuple(word_at),
            frozenset(joined),
        )

    def _hits(self, toks: list[str], seg_ids: list[int]) -> list[Hit]:
        """Cue phrases left to right, the longest first at each word."""
        hits: list[Hit] = []
        i = 0
        n = len(toks)
        words_at = tuple(toks)
        by_first = self.by_first
        while i < n:
            options = by_first.get(words_at[i])
            hit = None if options is None else _first_hit(options, toks, words_at, i, seg_ids)
            if hit is None:
                i += 1
            else:
                hits.append(hit)
                i = hit.end
        return hits


_Option = tuple[tuple[str, ...], Cue, tuple[int, str] | None]


def _first_hit(
    options: list[_Option], toks: list[str], words_at: tuple[str, ...], i: int, seg_ids: list[int]
) -> Hit | None:
    """The first (longest) phrase of `options` that matches at word `i`, as a hit."""
    for phrase, cue, after in options:
        if after is None:
            # a phrase without gaps matches exactly its own words: one tuple comparison
            if words_at[i : i + len(phrase)] != phrase:
                continue
            end = i + len(phrase)
        else:
            # a phrase with a gap: its words before the gap, then the word after it
            # within reach, before the general matcher
            g, nxt = after
            if words_at[i : i + g] != phrase[:g] or (
                nxt and nxt not in words_at[i + g : i + g + GAP_MAX + 1]
            ):
                continue
            end = _match(phrase, toks, i)
        if end > 0:
            k = end - i
            at = None if phrase[0] in NEGATORS else _negator(toks, i, seg_ids)
            negated = at is not None
            if negated and at != i - 1 and cue.side == "customer":
                return None  # "we don't do memberships" is no sign of a client business either
            side: Side = cue.side
            weight = cue.weight
            if negated:
                side = "customer" if cue.side == "client" else "client"
                weight = cue.weight / 2
            # a turned cue is quoted with its negator ("don't do contracts")
            first = i if at is None else at
            shown = " ".join(toks[first : i + k]) if GAP in phrase or negated else ""
            return Hit(cue, side, weight, i, i + k, seg_ids[i], negated, shown)
    return None


def _negator(toks: list[str], i: int, seg_ids: list[int]) -> int | None:
    """Where the negator that turns the cue at word `i` stands, if one does: just before it,
    or a few words before with only words like "do", "have", "any" between, in the same part."""
    if i > 0 and toks[i - 1] in NEGATORS:
        return i - 1  # just before: "no contracts", and "not while you wait" across a "while"
    for j in range(i - 1, max(-1, i - 2 - NEGATION_REACH), -1):
        if seg_ids[j] != seg_ids[i]:
            return None
        if toks[j] in NEGATORS:
            return j
        if toks[j] not in NEGATION_GAP:
            return None
    return None


def _cue_words(
    v: ServedVocab, text: str
) -> tuple[list[str], list[int], list[int], set[int], list[int]]:
    """The text's words without articles, the marked part of each, how many were kept up to
    every word, which of them name the people served, and each one's index among all words."""
    toks: list[str] = []
    seg_of: list[int] = []
    kept_upto: list[int] = []  # for every word, how many words were kept up to it
    named = served_words(v, text)
    served: set[int] = set()
    word_at: list[int] = []
    seg = 0
    at = 0  # index of the word among all words (articles too)
    for part in _SEGMENT_MARKS.split(text):
        kept = False
        for w in words(part):
            if w in ARTICLES:
                kept_upto.append(len(toks))
            else:
                if at in named:
                    served.add(len(toks))
                word_at.append(at)
                toks.append(w)
                seg_of.append(seg)
                kept_upto.append(len(toks))
                kept = True
            at += 1
        if kept:
            seg += 1
    return toks, seg_of, kept_upto, served, word_at


def _parts(toks: list[str], seg_of: list[int]) -> tuple[list[int], set[int]]:
    """Each word's part: "and", "plus", "but" start a new part too (after cue matching, so
    "grab and go" holds); and the parts opened by a joining word."""
    seg_ids: list[int] = []
    joined: set[int] = set()
    shift = 0
    for i, w in enumerate(toks):
        word_join = w in BOUNDARY_WORDS or (w == "as" and toks[i + 1 : i + 3] == ["well", "as"])
        if i and (seg_of[i] != seg_of[i - 1] or word_join):
            shift += 1
        if i and word_join and w not in ("or", "then", "but", "whereas"):
            joined.add(shift)  # "... plus a fleet on contract": a second group joined on
        seg_ids.append(shift)
    return seg_ids, joined


def phrase_words(phrase: str) -> tuple[str, ...]:
    """A cue phrase as the words it matches ("..." kept as the gap marker)."""
    out: list[str] = []
    for n, part in enumerate(phrase.split(GAP)):
        if n:
            out.append(GAP)
        out.extend(w for w in words(part) if w not in ARTICLES)
    return tuple(out)


def _match(phrase: tuple[str, ...], toks: list[str], i: int) -> int:
    """End position if `phrase` matches `toks` from `i` (shortest gaps first), else -1."""
    if not phrase:
        return i
    head, rest = phrase[0], phrase[1:]
    if head == GAP:
        for skip in range(GAP_MAX + 1):
            end = _match(rest, toks, i + skip)
            if end >= 0 and (rest or skip == 0):
                return end
        return -1
    if i < len(toks) and toks[i] == head:
        return _match(rest, toks, i + 1)
    return -1
