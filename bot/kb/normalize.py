"""Text to a normal form: case, accents, punctuation, emoji, filler and plurals folded away.

Everything the knowledge base matches (aliases, cue phrases, FAQ phrasings) and everything a user
types go through the same functions, so both sides always agree on spelling.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

# Amounts and numbers become marker words so cue phrases can say "<money>" or "<num> year".
MONEY = "qmoney"
NUM = "qnum"
_MARKERS = (("<money>", f" {MONEY} "), ("<num>", f" {NUM} "))
_MONEY_RE = re.compile(
    r"[$£€¥]\s*\d+(?:[.,]\d+)*\s*k?\b"
    r"|\b\d+(?:[.,]\d+)*\s*(?:usd|eur|gbp|dollars?|euros?|pounds?|bucks)\b"
)
_NUM_RE = re.compile(r"\b\d+(?:[.,]\d+)*(?:st|nd|rd|th|s)?\b")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_SYMBOLS = (("&", " and "), ("+", " and "), ("/", " per "), ("%", " percent "), ("@", " at "))

# Openers people put before the actual business ("we run a ...", "my business is ...").
_FILLER = re.compile(
    r"^(?:(?:hi|hello|hey|well|so|ok|okay)\s+)*"
    r"(?:(?:we|i)\s+(?:run|own|operate|manage|have|are|am|started|founded|do|offer)"
    r"|(?:my|our)\s+(?:business|company|firm|shop|store|startup)\s+(?:is|does|sells)"
    r"|it\s+is|its|this\s+is|im|were|weve|ive|i\s+work\s+as|i\s+work\s+in)"
    r"(?:\s+(?:a|an|the|my|our|in|as|doing))*\s+"
)

# Words that carry no meaning for telling businesses apart (dropped for industry matching only;
# cue phrases keep them, because "for years" and "per hour" need their small words).
STOPWORDS = frozenset((
    "a", "an", "the", "and", "or", "of", "for", "with", "to", "in", "on", "at", "by", "from",
    "as", "is", "are", "was", "were", "be", "been", "being", "we", "i", "our", "my", "us", "me",
    "you", "your", "they", "their", "them", "it", "its", "this", "that", "these", "those",
    "some", "any", "all", "lot", "lots", "very", "really", "just", "also", "so", "do", "does",
    "did", "doing", "have", "has", "had", "which", "who", "what", "where", "when", "how",
    "than", "then", "there", "here", "into", "about", "up", "out", "more", "most", "mostly",
    "only", "own", "same", "such", "can", "will", "would", "should", "could", "get", "gets",
    "got", "per", "like", "etc", "other", "others", "mainly", "mostly", "business", "company",
    "im", "were", "its", "s", "qnum", "qmoney",
))


@lru_cache(maxsize=65536)
def singular(word: str) -> str:
    """A plural noun's singular by simple English rules (consistent, not perfect)."""
    if len(word) <= 3 or word.endswith(("ss", "us", "is", "ous", "aas")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses", "zes")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def fold(text: str) -> str:
    """Lower case, accents and emoji removed, amounts and numbers as marker words."""
    low = text.lower()
    for marker, word in _MARKERS:
        low = low.replace(marker, word)
    if not low.isascii():
        low = unicodedata.normalize("NFKD", low)
        low = "".join(ch for ch in low if not unicodedata.combining(ch))
    low = _MONEY_RE.sub(f" {MONEY} ", low)
    for symbol, word in _SYMBOLS:
        low = low.replace(symbol, word)
    low = low.replace("'", "").replace("’", "")
    low = _NUM_RE.sub(f" {NUM} ", low)
    return _NON_WORD.sub(" ", low).strip()


def strip_filler(folded: str) -> str:
    """Drop an opener like "we run a" or "my business is" from folded text."""
    return _FILLER.sub("", folded + " ", count=1).strip()


@lru_cache(maxsize=16384)
def words(text: str) -> tuple[str, ...]:
    """Every word, folded and singular (small words kept): the form cue phrases match."""
    return tuple(singular(w) for w in fold(text).split())


@lru_cache(maxsize=16384)
def match_tokens(text: str) -> tuple[str, ...]:
    """Meaningful words, folded, opener removed, singular: the form industry aliases match."""
    return tuple(
        s for w in strip_filler(fold(text)).split() if (s := singular(w)) not in STOPWORDS
    )


# Words after which a business type names who is served, not what the business is
# ("IT support for dental practices", "the social media of 15 restaurants").
OBJECT_WORDS = frozenset(("for", "of", "to", "serving", "servicing", "supplying", "supply"))
OBJECT_REACH = 4  # how many words back such a word still counts


class Positions(NamedTuple):
    """Industry-matching tokens with where they stand in the text."""

    tokens: tuple[str, ...]
    where: tuple[int, ...]  # each token's index among the words of fold(text)
    objects: frozenset[int]  # tokens that stand where the people served are named


def match_positions(text: str) -> Positions:
    """`match_tokens`, each token's index among all words (to see which words touch), and
    the tokens that stand where the people served are named (see OBJECT_WORDS)."""
    toks: list[str] = []
    where: list[int] = []
    objects: set[int] = set()
    folded = fold(text)
    all_words = strip_filler(folded).split()
    offset = len(folded.split()) - len(all_words)
    for i, w in enumerate(all_words):
        s = singular(w)
        if s not in STOPWORDS:
            if any(x in OBJECT_WORDS for x in all_words[max(0, i - OBJECT_REACH):i]):
                objects.add(len(toks))
            toks.append(s)
            where.append(i + offset)
    return Positions(tuple(toks), tuple(where), frozenset(objects))


def normal_form(text: str) -> str:
    """A readable normal form: "We run a Bakery!! 🍞" -> "bakery"."""
    return " ".join(singular(w) for w in strip_filler(fold(text)).split())


# Derivational endings that link related words (trainer/training, therapist/therapy).
_ENDINGS = ("ation", "ancy", "ency", "ing", "ery", "ist", "ian", "ant", "er", "ry", "al", "y")


@lru_cache(maxsize=65536)
def root(word: str) -> str | None:
    """A rough root of a word with a derivational ending (training -> train), or None."""
    if len(word) < 5:
        return None
    for end in _ENDINGS:
        if word.endswith(end) and len(word) - len(end) >= 4:
            return word[: -len(end)]
    return None
