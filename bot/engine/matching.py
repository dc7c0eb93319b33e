"""Matching typed text to a step's options: numbers, ids, labels and synonyms, with typos."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

_PUNCT = re.compile(r"[^\w\s]+", re.UNICODE)
_SPACE = re.compile(r"\s+")
FUZZY_CUTOFF = 82.0
FUZZY_MARGIN = 6.0


@dataclass(frozen=True, slots=True)
class Candidate:
    """An option as the matcher sees it."""

    id: str
    label: str
    synonyms: tuple[str, ...] = ()


def simplify(text: str) -> str:
    """Lowercase, strip accents, punctuation, emoji and extra spaces."""
    if text.isascii():  # nothing to decompose: skip the walk over every character
        no_marks = text.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", text.casefold())
        no_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACE.sub(" ", _PUNCT.sub(" ", no_marks.replace("_", " "))).strip()


# Option ids, labels and synonyms come from the flows and the knowledge base (a bounded set):
# simplified once, not at every typed answer.
_option_form = lru_cache(maxsize=8192)(simplify)


EXTRA_WORDS = 3  # words beside an option's own that still press it ("long term please")


def match_option(text: str, options: Sequence[Candidate]) -> str | None:
    """The id of the option `text` designates, or None when nothing fits clearly."""
    raw = text.strip()
    # isdecimal, not isdigit: "²" is a digit that int() refuses
    if raw.isdecimal() and 1 <= int(raw) <= len(options):
        return options[int(raw) - 1].id
    wanted = simplify(raw)
    if not wanted:
        return None
    forms: list[tuple[str, str]] = []
    for opt in options:
        for form in (opt.id, opt.label, *opt.synonyms):
            simple = _option_form(form)
            if simple == wanted:
                return opt.id
            if simple:
                forms.append((simple, opt.id))
    return _fuzzy(wanted, forms)


def _fuzzy(wanted: str, forms: Sequence[tuple[str, str]]) -> str | None:
    """The option whose (simplified) form is clearly closest to `wanted`, if one is."""
    best: dict[str, float] = {}
    for simple, oid in forms:
        score = fuzz.ratio(wanted, simple)
        if (
            len(simple) >= 4
            and len(wanted) >= 4
            and " " in simple
            and len(wanted.split()) <= len(simple.split()) + EXTRA_WORDS
        ):
            # ("skip hire" is no press of "Skip": one word of a longer text is no choice)
            # "long term please" should still choose "long term"; a sentence that holds an
            # option's words is no press of it ("print and copy I guess? why would I be an
            # art gallery lol" does not choose "Art gallery")
            score = max(score, fuzz.token_set_ratio(wanted, simple) - 4)
        best[oid] = max(best.get(oid, 0.0), score)
    ranked = sorted(best.items(), key=lambda kv: kv[1], reverse=True)
    if not ranked or ranked[0][1] < FUZZY_CUTOFF:
        return None
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < FUZZY_MARGIN:
        return None
    return ranked[0][0]
