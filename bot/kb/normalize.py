"""Text to a normal form: case, accents, punctuation, emoji, filler and plurals folded away.

Everything the knowledge base matches (aliases, cue phrases, FAQ phrasings) and everything a user
types go through the same functions, so both sides always agree on spelling.
"""

from __future__ import annotations

import html
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
_DIGIT = re.compile(r"\d")
# Pasted markup is noise: tags go, entities become the characters they stand for.
_TAG = re.compile(r"</?[a-z][a-z0-9]*(?:\s[^<>]*)?/?>")
# "b&b", "b & b", "b and b" -> "bnb": one word, so a lone "b" matches nothing by itself.
_LETTER_AND_LETTER = re.compile(r"\b([a-z]) and ([a-z])\b")
_SYMBOLS = (("&", " and "), ("+", " and "), ("/", " per "), ("%", " percent "), ("@", " at "))

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


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower case, accents and emoji removed, amounts and numbers as marker words."""
    if "IT" in text and not text.isupper():
        text = _IT_CAPS.sub(INFOTECH, text)
    low = text.lower()
    if "it " in low:
        low = _IT_BEFORE.sub(INFOTECH, low)
    for marker, word in _MARKERS:
        low = low.replace(marker, word)
    if "<" in low or "&" in low:
        low = _TAG.sub(" ", html.unescape(low))
    if not low.isascii():
        low = unicodedata.normalize("NFKD", low)
        low = "".join(ch for ch in low if not unicodedata.combining(ch))
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


@lru_cache(maxsize=65536)
def _token(word: str) -> str:
    """A folded word as an industry-matching token: singular, everyday verbs unified."""
    s = singular(word)
    return SYNONYMS.get(s, s)


@lru_cache(maxsize=16384)
def match_tokens(text: str) -> tuple[str, ...]:
    """Meaningful words, folded, opener removed, singular: the form industry aliases match."""
    return tuple(s for w in strip_filler(fold(text)).split() if (s := _token(w)) not in STOPWORDS)


# --- formal industry titles ---------------------------------------------------------------
# Statistics offices name industries in a grammar of their own ("Offices of Lawyers", "Furniture
# Retailers", "Skiing Facilities", "Retail sale of books in specialised stores", "Other
# Personal Care Services", "Casinos (except Casino Hotels)"). read_title rewrites it into
# everyday words before anything is matched; plain descriptions pass through unchanged.
_EXCEPT = re.compile(
    r"\s*\(?\b(?:except|excluding|other than)\b[^()]*?(?:\)|(?=[,;.]|$))", re.IGNORECASE
)
_PAREN = re.compile(r"\s*\(([^()]*)\)")
_PERSONAL = re.compile(r"\b(?:we|i|our|my|us|me|you|your|im|i'm|we're)\b", re.IGNORECASE)
_TITLE_RULES = tuple(
    (re.compile(p, re.IGNORECASE), r)
    for p, r in (
        (r"^\s*(?:all\s+)?others?\s+", ""),  # "Other Personal Care Services"
        (r"[,\s]+n\.?\s*e\.?\s*c\.?\s*$|[,\s]+not elsewhere classified\s*$", ""),
        (r"^\s*offices? of\s+", ""),  # "Offices of Lawyers": the lawyers' practice
        (r"^\s*(?:operation|activities) of\s+", ""),  # "Activities of travel agencies"
        (
            r"^\s*retail (?:sale|trade) (?:of|in)\s+(.*?)(?:\s+in (?:non-)?speciali[sz]ed stores)?\s*$",
            r"\1 shop",
        ),  # "Retail sale of books in specialised stores"
        (r"^\s*retail (?:sale|trade) via\s+(.*)$", r"\1 retail"),
        (r"\bretailers?\s*$", "shop"),  # "Furniture Retailers"
        (r"^(.*\S)\s+(?:facilities|establishments|activities)\s*$", r"\1"),
    )
)


@lru_cache(maxsize=16384)
def read_title(text: str) -> str:
    """Formal industry-title grammar as everyday words: "Offices of Lawyers" -> "Lawyers",
    "Furniture Retailers" -> "Furniture shop", "Skiing Facilities" -> "Skiing"; an "except"
    clause is dropped and other parentheses go last, as secondary evidence."""
    if len(text) > 160 or _PERSONAL.search(text):
        return text  # a description ("I work with retailers"), not a title
    out = _EXCEPT.sub("", text)
    extra = [m.strip() for m in _PAREN.findall(out) if m.strip()]
    out = _PAREN.sub("", out)
    for pattern, repl in _TITLE_RULES:
        out = pattern.sub(repl, out, count=1)
    out = out.strip()
    if not out:
        return text
    return ". ".join((out, *extra)) if extra else out


# --- who is served ------------------------------------------------------------------------
# "IT support for law firms", "we supply chefs to hotels", "payroll, clients like builders":
# the words after such an opener name the people served, not the business, up to the end of
# the clause. Businesses named there are matched at a discount (matcher.py) and count only as
# weak evidence of who buys (oneshot.py).
SERVED_OPENERS = frozenset(("for", "serving", "serve", "visiting"))
# ... and these verbs after "we" or "i" ("we insure funeral directors", "we advise farms")
SERVED_VERBS = frozenset(
    (
        "advise",
        "advising",
        "insure",
        "insuring",
        "audit",
        "represent",
        "help",
        "support",
        "mentor",
        "fund",
        "finance",
        "defend",
        "equip",
        "staff",
        "visit",
        "manage",
    )
)
_OWN_OBJECT = frozenset(("a", "an", "the", "my", "our", "this", "two", "three", "several"))
SERVED_PHRASES = (  # several words that open the served part (singular forms)
    ("on", "behalf", "of"),
    ("client", "like"),
    ("client", "such", "as"),
    ("client", "include"),
    ("client", "including"),
    ("client", "are"),
    ("client", "is"),
    ("customer", "like"),
    ("customer", "include"),
    ("customer", "are"),
    ("work", "with"),
    ("working", "with"),
    ("partner", "with"),
    ("contract", "with"),
)
# "for" that does not name a party: "for years", "for hire", "a shop for fishing gear"
_NOT_AFTER_FOR = frozenset(
    (
        "sale",
        "rent",
        "hire",
        "free",
        "example",
        "instance",
        "life",
        "now",
        "ever",
        "year",
        "decade",
        "month",
        "week",
        "day",
        "hour",
        "generation",
        "living",
        "good",
        "over",
        "around",
        "about",
        "more",
        "less",
        "up",
    )
)
_NOT_BEFORE_FOR = frozenset(
    (
        "look",
        "looking",
        "known",
        "famous",
        "pay",
        "paid",
        "wait",
        "waiting",
        "ask",
        "asking",
        "search",
        "searching",
        "shop",
        "store",
        "boutique",
        "outlet",
        "stall",
        "apply",
        "responsible",
        "ready",
        "thank",
        "thanks",
    )
)
# "to" names a party only before a number, words like these or a plural reached without small
# words ("we sell to the trade", "to hot tub dealers"); otherwise it is mostly "to" + verb
# ("we teach kids to swim").
_TO_PARTY = frozenset(
    (
        "the",
        "local",
        "small",
        "independent",
        "other",
        "big",
        "large",
        "major",
        "national",
        "private",
        "public",
        "busy",
        "all",
        "many",
        "most",
        "some",
        "both",
        "retail",
        "commercial",
        "corporate",
        NUM,
    )
)
_NOT_BEFORE_TO = frozenset(
    (
        "from",
        "next",
        "close",
        "due",
        "according",
        "up",
        "similar",
        "compared",
        "thanks",
        "door",
        "back",
        "want",
        "need",
        "have",
        "used",
        "able",
        "going",
        "how",
        "way",
        "prefer",
        "like",
        "love",
    )
)
# "the social media of 15 restaurants" names the served; "a chain of gyms", "the owner of two
# cafes", "the rent of karaoke rooms" name the business.
_OF_NOT_AFTER = frozenset(("my", "our", "your", "this"))
_OF_NOT_BEFORE = frozenset(
    (
        "owner",
        "founder",
        "cofounder",
        "director",
        "manager",
        "head",
        "boss",
        "proprietor",
        "operator",
        "chain",
        "group",
        "network",
        "fleet",
        "team",
        "couple",
        "lot",
        "number",
        "range",
        "variety",
        "kind",
        "sort",
        "type",
        "member",
        "part",
        "one",
        "all",
        "most",
        "some",
        "many",
        "few",
        "each",
        "both",
        "pair",
        "set",
        "selection",
        "collection",
        "franchise",
        "portfolio",
        "family",
        "rent",
        "rental",
        "hire",
        "sale",
        "resale",
        "purchase",
        "repair",
        "delivery",
        "supply",
        "installation",
        "production",
        "manufacture",
        "making",
        "import",
        "export",
        "fitting",
        "printing",
    )
)
_SUPPLY = frozenset(("supply", "supplying"))
# Words that start a new clause and so end the served part ("cafe for cyclists, we also ...")
_CLAUSE_STARTERS = frozenset(
    (
        "plus",
        "but",
        "also",
        "while",
        "whereas",
        "alongside",
        "besides",
        "then",
        "we",
        "i",
        "our",
        "my",
        "they",
        "under",
    )
)
# small words inside compounds ("walk-in customers", "pop-up shops"), so not after a name
_PARTICLES = frozenset(("in", "on", "up", "out", "off"))
_CLAUSE_MARKS = re.compile(r"(?<!\d)[,.](?!\d)|[;:!?()\[\]|]+|\s[-–—]+\s|[–—]")
_PHRASES_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _phrase in SERVED_PHRASES:
    _PHRASES_BY_FIRST.setdefault(_phrase[0], []).append(_phrase)
_OPENER_FIRST = frozenset(
    (*SERVED_OPENERS, *SERVED_VERBS, *_SUPPLY, "to", "from", "of", *_PHRASES_BY_FIRST)
)
# a quick test that a text may name who is served at all (plurals of the phrase words too)
_OPENER_RE = re.compile(rf"\b(?:{'|'.join(sorted(_OPENER_FIRST))})s?\b", re.IGNORECASE)


_COMMA, _STOP = "qcomma", "qstop"


def _mark_word(mark: re.Match[str]) -> str:
    return f" {_COMMA} " if mark.group().strip() == "," else f" {_STOP} "


def _opener(ws: tuple[str, ...], plural: tuple[bool, ...], i: int) -> int:
    """How many words open a served part at word `i` (0: none)."""
    for phrase in _PHRASES_BY_FIRST.get(ws[i], ()):
        if ws[i : i + len(phrase)] == phrase:
            return len(phrase)
    if i + 1 >= len(ws):
        return 0
    w, nxt, prev = ws[i], ws[i + 1], ws[i - 1] if i else ""
    if w in SERVED_VERBS and prev in ("we", "i", "also"):
        # "we manage rental properties" (for others), but "we manage a hotel" runs it
        return int(w != "manage" or nxt not in _OWN_OBJECT)
    if w == "supplying" or (w == "supply" and prev in ("we", "i", "also", "that", "who")):
        # "supplying fishing fleets", but "supplying fish to restaurants" names the goods first
        for k in range(i + 1, min(len(ws), i + 7)):
            if ws[k] in ("to", "for") or ws[k] in _CLAUSE_STARTERS:
                return int(ws[k] not in ("to", "for"))
        return 1
    if w in SERVED_OPENERS:
        after = ws[i + 2] if nxt == NUM and i + 2 < len(ws) else nxt  # "for 20 years"
        return 0 if w == "for" and (after in _NOT_AFTER_FOR or prev in _NOT_BEFORE_FOR) else 1
    if w in ("to", "from"):
        if prev in _NOT_BEFORE_TO or (w == "from" and nxt == NUM):
            return 0
        if nxt in _TO_PARTY:
            return 1
        for k in range(i + 1, min(len(ws), i + 4)):
            if plural[k]:
                return 1
            if ws[k] in STOPWORDS:
                break
        return 0
    if w == "of":
        return int(
            nxt not in _OF_NOT_AFTER
            and prev not in _OF_NOT_BEFORE
            and any(x in ("the", "their", "its") for x in ws[max(0, i - 3) : i])
        )
    return 0


class Served(NamedTuple):
    """One part of a text that names who is served, as word indices among fold(text)'s words."""

    opener: int  # where the opener ("for", "on behalf of") starts
    start: int  # the first word served
    end: int  # just after the last
    heads: tuple[int, ...]  # the last word of each name ("law firms", "kids' clubs")


@lru_cache(maxsize=16384)
def clause_words(text: str) -> tuple[tuple[str, ...], dict[int, bool]]:
    """The words of fold(text) and where clause marks stand: word index -> True when a mark
    other than a comma stands before it, False for a comma (one fold keeps them in place)."""
    raw: list[str] = []
    marks: dict[int, bool] = {}
    for w in fold(_CLAUSE_MARKS.sub(_mark_word, text)).split():
        if w in (_COMMA, _STOP):
            marks[len(raw)] = marks.get(len(raw), False) or w == _STOP
        else:
            raw.append(w)
    return tuple(raw), marks


@lru_cache(maxsize=16384)
def served_parts(text: str) -> tuple[Served, ...]:
    """The parts of a text that name who is served (see SERVED_OPENERS)."""
    if not _OPENER_RE.search(text):
        return ()
    raw, marks = clause_words(text)
    ws = tuple(map(singular, raw))
    # plurals, so "to" can tell "to restaurants" from "to swim"
    plural = tuple(len(w) > 3 and s != w for w, s in zip(raw, ws, strict=True))
    parts: list[Served] = []
    opened: tuple[int, int] | None = None
    i = 0
    n = len(ws)
    while i <= n:
        w = ws[i] if i < n else ""
        # (every opener starts with one of _OPENER_FIRST: most words need no closer look)
        k = _opener(ws, plural, i) if w in _OPENER_FIRST else 0
        if opened and (
            k
            or not w
            or w in _CLAUSE_STARTERS
            or (w == "and" and i + 1 < n and ws[i + 1] in _CLAUSE_STARTERS)
            or _ends_at_comma(ws, marks, i)
        ):
            first, start = opened
            if i > start:
                heads = tuple(
                    h
                    for h in range(start, i)
                    if h + 1 == i
                    or h + 1 in marks
                    or (ws[h + 1] in STOPWORDS and ws[h + 1] not in _PARTICLES)
                )
                parts.append(Served(first, start, i, heads))
            opened = None
        if k:
            opened = (i, i + k)
            i += k
        else:
            i += 1
    return tuple(parts)


def _ends_at_comma(ws: tuple[str, ...], marks: dict[int, bool], i: int) -> bool:
    """A mark before word `i` ends the served part, unless it is a comma inside a list that
    goes on to "and"/"or" ("for cafes, bars and hotels", not "for two chains, 5-year deals")."""
    if i not in marks:
        return False
    if marks[i] or ws[i] in ("and", "or"):
        return True
    for k in range(i, len(ws)):
        if k > i and k in marks and marks[k]:
            return True
        if ws[k] in ("and", "or"):
            return k + 1 < len(ws) and ws[k + 1] in _CLAUSE_STARTERS
    return True


def names_served(text: str) -> bool:
    """Whether a text (an alias, say) names who is served: "bookkeeping for small firms"."""
    return bool(served_parts(text))


@lru_cache(maxsize=16384)
def served_words(text: str) -> frozenset[int]:
    """Indices among the words of fold(text) that name who is served."""
    return frozenset(i for part in served_parts(text) for i in range(part.start, part.end))


# --- what is sold ---------------------------------------------------------------------------
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
    )
)
_GOODS_RE = re.compile(r"\b(?:sell(?:s|ing)?|stocking)\b", re.IGNORECASE)


@lru_cache(maxsize=16384)
def goods_words(text: str) -> frozenset[int]:
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
        if (i in marks and _ends_at_comma(ws, marks, i)) or w in _CLAUSE_STARTERS:
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
PLACE_OPENERS = frozenset(("near", "opposite", "beside", "behind", "nearby"))
_PLACE_RE = re.compile(
    r"\b(?:near|opposite|beside|behind|nearby|next to|close to)\b", re.IGNORECASE
)


@lru_cache(maxsize=16384)
def place_words(text: str) -> frozenset[int]:
    """Indices among the words of fold(text) that name where the business is."""
    if not _PLACE_RE.search(text):
        return frozenset()
    raw, marks = clause_words(text)
    ws = raw
    out: set[int] = set()
    inside = False
    for i, w in enumerate(ws):
        if (i in marks and _ends_at_comma(ws, marks, i)) or w in _CLAUSE_STARTERS:
            inside = False
        if w in PLACE_OPENERS or (w in ("next", "close") and ws[i + 1 : i + 2] == ("to",)):
            inside = i > 0
            continue
        if inside:
            out.add(i)
    return frozenset(out)


class Positions(NamedTuple):
    """Industry-matching tokens with where they stand in the text."""

    tokens: tuple[str, ...]
    where: tuple[int, ...]  # each token's index among the words of fold(text)
    served: frozenset[int]  # tokens that stand where the people served are named
    goods: frozenset[int] = frozenset()  # tokens that name the goods sold (see goods_words)


def match_positions(text: str) -> Positions:
    """`match_tokens`, each token's index among all words (to see which words touch), and
    the tokens that stand where the people served are named (see `served_words`)."""
    toks: list[str] = []
    where: list[int] = []
    served: set[int] = set()
    sold: set[int] = set()
    goods = goods_words(text)
    folded = fold(text)
    all_words = strip_filler(folded).split()
    offset = len(folded.split()) - len(all_words)
    named = served_words(text) | place_words(text)
    for i, s in enumerate(map(_token, all_words), offset):
        if s not in STOPWORDS:
            if i in goods:
                sold.add(len(toks))
            if i in named:
                served.add(len(toks))
            toks.append(s)
            where.append(i)
    return Positions(tuple(toks), tuple(where), frozenset(served), frozenset(sold))


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
