"""Text to a normal form: case, accents, punctuation, emoji, filler and plurals folded away.

Everything the knowledge base matches (aliases, cue phrases, FAQ phrasings) and everything a user
types go through the same functions, so both sides always agree on spelling.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

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
_DIGIT = re.compile(r"\d")
# Pasted markup is noise: tags go, entities become the characters they stand for.
HTML_TAG = re.compile(r"</?[a-z][a-z0-9]*(?:\s[^<>]*)?/?>")
# "b&b", "b & b", "b and b" -> "bnb": one word, so a lone "b" matches nothing by itself.
_LETTER_AND_LETTER = re.compile(r"\b([a-z]) and ([a-z])\b")
_SYMBOLS = (("&", " and "), ("+", " and "), ("/", " per "), ("%", " percent "), ("@", " at "))
# "will writer", "will drafting": the noun (a testament), not the verb "will", a small word
_WILL_NOUN = re.compile(r"\bwill (?=writ|draft|maker|making|servic|storag)")

# Openers people put before the actual business ("we run a ...", "my business is ...").
_FILLER = re.compile(
    r"^(?:(?:hi|hello|hey|well|so|ok|okay)\s+)*"
    r"(?:(?:we|i)\s+(?:run|own|operate|have|are|am|started|founded|do|offer)"
    # "we manage a hotel" runs it; "we manage rental properties" is the trade itself
    r"|(?:we|i)\s+manage(?=\s+(?:a|an|the|my|our|this)\s)"
    r"|(?:my|our)\s+(?:business|company|firm|shop|store|startup)\s+(?:is|does|sells)"
    r"|it\s+is|its|this\s+is|im|were|weve|ive|i\s+work\s+as|i\s+work\s+in)"
    r"(?:\s+(?:a|an|the|my|our|in|as|doing))*\s+"
)

# Words that carry no meaning for telling businesses apart (dropped for industry matching only;
# cue phrases keep them, because "for years" and "per hour" need their small words).
STOPWORDS = frozenset(
    (
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "for",
        "with",
        "to",
        "in",
        "on",
        "at",
        "by",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "we",
        "i",
        "our",
        "my",
        "us",
        "me",
        "you",
        "your",
        "they",
        "their",
        "them",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "some",
        "any",
        "all",
        "lot",
        "lots",
        "very",
        "really",
        "just",
        "also",
        "so",
        "do",
        "does",
        "did",
        "doing",
        "have",
        "has",
        "had",
        "which",
        "who",
        "what",
        "where",
        "when",
        "how",
        "than",
        "then",
        "there",
        "here",
        "into",
        "about",
        "up",
        "out",
        "more",
        "most",
        "mostly",
        "only",
        "own",
        "same",
        "such",
        "can",
        "will",
        "would",
        "should",
        "could",
        "get",
        "gets",
        "got",
        "per",
        "like",
        "etc",
        "other",
        "others",
        "mainly",
        "mostly",
        "business",
        "company",
        "im",
        "were",
        "its",
        "s",
        "qnum",
        "qmoney",
    )
)


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


# "IT" (information technology) would fold to the pronoun "it", a stopword: written in
# capitals in mixed-case text, or before one of these words, it becomes the word INFOTECH.
INFOTECH = "infotech"
_IT_CAPS = re.compile(r"\bIT\b")
_IT_BEFORE = re.compile(
    r"\bit(?= (?:support|services?|equipment|hardware|software|training|courses?|strategy|"
    r"helpdesk|help desk|department|contract(?:ing|or|ors)?|assets?|staff|setup|consult\w*|"
    r"security|infrastructure|solutions|systems|networks?|recruit\w*|outsourc\w*|projects?|"
    r"managers?|directors?|technicians?|engineers?|admin\w*|audits?|firms?|company|companies|"
    r"providers?|specialists?|provision|management)\b)"
)


def _plain(text: str) -> str:
    """Lower case with "IT" as INFOTECH, cue markers as words, markup and accents gone."""
    if "IT" in text and not text.isupper():
        text = _IT_CAPS.sub(INFOTECH, text)
    low = text.lower()
    if "it " in low:
        low = _IT_BEFORE.sub(INFOTECH, low)
    for marker, word in _MARKERS:
        low = low.replace(marker, word)
    if "<" in low or "&" in low:
        low = HTML_TAG.sub(" ", html.unescape(low))
    if not low.isascii():
        low = unicodedata.normalize("NFKD", low)
        low = "".join(ch for ch in low if not unicodedata.combining(ch))
    return low


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower case, accents and emoji removed, amounts and numbers as marker words."""
    low = _plain(text)
    digits = _DIGIT.search(low) is not None  # amounts and numbers need a digit
    if digits:
        low = _MONEY_RE.sub(f" {MONEY} ", low)
    for symbol, word in _SYMBOLS:
        if symbol in low:
            low = low.replace(symbol, word)
    low = low.replace("'", "").replace("’", "")
    if digits:
        low = _NUM_RE.sub(f" {NUM} ", low)
    low = _NON_WORD.sub(" ", low).strip()
    if "will " in low:
        low = _WILL_NOUN.sub("wills ", low)
    if " and " in low and _LETTER_AND_LETTER.search(low):  # (a search is cheaper than a sub)
        return _LETTER_AND_LETTER.sub(r"\1n\2", low)
    return low


def strip_filler(folded: str) -> str:
    """Drop an opener like "we run a" or "my business is" from folded text."""
    return _FILLER.sub("", folded + " ", count=1).strip()


@lru_cache(maxsize=16384)
def words(text: str) -> tuple[str, ...]:
    """Every word, folded and singular (small words kept): the form cue phrases match."""
    return tuple(singular(w) for w in fold(text).split())


# Everyday verbs for a trade's own word ("we fix iphones" is a repair shop): aliases and texts
# both go through this, so either wording matches the other.
SYNONYMS = {
    "fix": "repair",
    "fixing": "repair",
    "fixed": "repair",
    "mend": "repair",
    "mending": "repair",
}


# Plural nouns whose singular is a small word ("I write wills" is not the verb "will")
KEPT_PLURALS = frozenset(("wills",))


@lru_cache(maxsize=65536)
def token(word: str) -> str:
    """A folded word as an industry-matching token: singular, everyday verbs unified."""
    if word in KEPT_PLURALS:
        return word
    s = singular(word)
    return SYNONYMS.get(s, s)


@lru_cache(maxsize=16384)
def match_tokens(text: str) -> tuple[str, ...]:
    """Meaningful words, folded, opener removed, singular: the form industry aliases match."""
    return tuple(s for w in strip_filler(fold(text)).split() if (s := token(w)) not in STOPWORDS)


def normal_form(text: str) -> str:
    """A readable normal form: "We run a Bakery!! 🍞" -> "bakery"."""
    return " ".join(singular(w) for w in strip_filler(fold(text)).split())


# Derivational endings that link related words (trainer/training, therapist/therapy).
_ENDINGS = (
    "ation",
    "ancy",
    "ency",
    "ment",
    "ing",
    "ery",
    "ist",
    "ian",
    "ant",
    "er",
    "ry",
    "al",
    "y",
)


@lru_cache(maxsize=65536)
def root(word: str) -> str | None:
    """A rough root of a word with a derivational ending (training -> train), or None."""
    if len(word) < 5:
        return None
    for end in _ENDINGS:
        if word.endswith(end) and len(word) - len(end) >= 4:
            return word[: -len(end)]
    return None
