"""Where a description's words stand: goods sold after the business is named, a place nearby,
the people served; and the industry-matching tokens with those positions."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from bot.kb.normalize import NUM, STOPWORDS, fold, singular, strip_filler, token
from bot.kb.served import clause_words, ends_at_comma, served_words
from bot.kb.served_vocab import ServedVocab

# "corner shop selling newspapers and sweets": the business is named before the verb, the goods
# after it are secondary evidence (a sweet shop would say so first). Singular forms.
GOODS_OPENERS = frozenset(("selling", "sell", "stocking"))
# Words after an alias that do not make it a modifier of a longer name: a generic head
# ("family law practice" is still family law) or a verb that starts the rest of the description
# ("sports shop selling boots", "bakery cafe serving brunch").
GENERIC_HEADS = frozenset(
    (
        "practice",
        "firm",
        "shop",
        "store",
        "company",
        "service",
        "studio",
        "agency",
        "centre",
        "center",
        "clinic",
        "office",
        "outlet",
        "specialist",
        "provider",
        "place",
        "parlour",
        "parlor",
        "operator",
        "boutique",
        "unit",
        "team",
        "outfit",
        "venture",
        "man",
        "guy",
        "lady",
    )
)
LINK_WORDS = frozenset(
    (
        *GOODS_OPENERS,
        "serving",
        "offering",
        "doing",
        "making",
        "providing",
        "specialising",
        "specializing",
        "based",
        "located",
        "running",
        "open",
        "visiting",
        "covering",
        "supplying",
        "run",
        "building",
        "fitting",
        "installing",
        "putting",
        "buying",
        "sending",
        "delivering",
        "teaching",
        "giving",
        "helping",
        "working",
        "using",
        "looking",
        "taking",
        "servicing",
        "repairing",
        "maintaining",
        "treating",
    )
)
_GOODS_RE = re.compile(r"\b(?:sell(?:s|ing)?|stocking)\b", re.IGNORECASE)


@lru_cache(maxsize=16384)
def goods_words(v: ServedVocab, text: str) -> frozenset[int]:
    """Indices among the words of fold(text) that name the goods sold after a business was
    named ("... selling newspapers and sweets"); empty when the text starts with the verb."""
    if not _GOODS_RE.search(text):
        return frozenset()
    raw, marks = clause_words(text)
    ws = tuple(map(singular, raw))
    out: set[int] = set()
    inside = False
    named = False  # a content word stands before the verb in this clause
    for i, w in enumerate(ws):
        if (i in marks and ends_at_comma(v, ws, marks, i)) or w in v.clause_starters:
            inside = named = False
        if w in GOODS_OPENERS:
            inside = inside or named
            continue
        if inside:
            out.add(i)
        elif w not in STOPWORDS:
            named = True
    return frozenset(out)


# "busy cafe near the station": a place named after one of these is where the business is, not
# what it is (matched like the people served, but no evidence of who buys)
PLACE_OPENERS = frozenset(("near", "opposite", "beside", "behind", "nearby", "inside", "within"))
_PLACE_RE = re.compile(
    r"\b(?:near|opposite|beside|behind|nearby|inside|within|next to|close to|at|in an?)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=16384)
def place_words(v: ServedVocab, text: str) -> frozenset[int]:
    """Indices among the words of fold(text) that name where the business is."""
    if not _PLACE_RE.search(text):
        return frozenset()
    raw, marks = clause_words(text)
    ws = raw
    out: set[int] = set()
    inside = False
    for i, w in enumerate(ws):
        if (i in marks and ends_at_comma(v, ws, marks, i)) or w in v.clause_starters:
            inside = False
        if w in PLACE_OPENERS or (w in ("next", "close") and ws[i + 1 : i + 2] == ("to",)):
            inside = i > 0
            continue
        if w == "at" and i > 0 and _plural_ahead(ws, i):
            inside = True  # "DJ at weddings", "stall at farmers markets": where it works
            continue
        if _in_a_place(ws, i):
            inside = True  # "juice bar in a gym": the gym is where the bar is
            continue
        if inside:
            out.add(i)
    return frozenset(out)


def _in_a_place(ws: tuple[str, ...], i: int) -> bool:
    """Word `i` is the "in" of "<a named business> in a/an <place>" ("pharmacy in a health
    centre"; not "specialising in a ...", "we are in a ..." or a text that starts with it)."""
    if ws[i] != "in" or i == 0 or ws[i + 1 : i + 2] not in (("a",), ("an",)):
        return False
    before = ws[i - 1]
    return before not in STOPWORDS and not before.endswith(("ing", "ed", "ise", "ize"))


def _plural_ahead(ws: tuple[str, ...], i: int) -> bool:
    """A plural or a number follows word `i` before any small word ("at weddings", "at
    farmers markets", "at 3 schools"; not "at home", "at the weekend")."""
    for w in ws[i + 1 : i + 4]:
        if w == NUM or (len(w) > 3 and singular(w) != w):
            return True
        if w in STOPWORDS:
            return False
    return False


class Positions(NamedTuple):
    """Industry-matching tokens with where they stand in the text."""

    tokens: tuple[str, ...]
    where: tuple[int, ...]  # each token's index among the words of fold(text)
    served: frozenset[int]  # tokens that stand where the people served are named
    goods: frozenset[int] = frozenset()  # tokens that name the goods sold (see goods_words)


def match_positions(v: ServedVocab, text: str) -> Positions:
    """`match_tokens`, each token's index among all words (to see which words touch), and
    the tokens that stand where the people served are named (see `served_words`)."""
    toks: list[str] = []
    where: list[int] = []
    served: set[int] = set()
    sold: set[int] = set()
    goods = goods_words(v, text)
    folded = fold(text)
    all_words = strip_filler(folded).split()
    offset = len(folded.split()) - len(all_words)
    named = served_words(v, text) | place_words(v, text)
    for i, s in enumerate(map(token, all_words), offset):
        if s not in STOPWORDS:
            if i in goods:
                sold.add(len(toks))
            if i in named:
                served.add(len(toks))
            toks.append(s)
            where.append(i)
    return Positions(tuple(toks), tuple(where), frozenset(served), frozenset(sold))
