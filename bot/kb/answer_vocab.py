"""The vocabulary for reading typed answers (knowledge/answers.yaml; parsed and validated by
`bot.kb.answers_file`).

Phrases become tuples of folded words (`answer_words`), the same form the reader gives the
answers it reads, so both sides always agree on spelling.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from bot.kb.normalize import HTML_TAG, STOPWORDS, singular

Phrase = tuple[str, ...]
BREAK = "|"  # the word a clause mark becomes
AMOUNT_LEVELS = ("most", "full", "part", "none")
FREQUENCY_LEVELS = ("often", "sometimes", "rarely", "never")

_APOSTROPHES = re.compile(r"['’‘`´]")
# punctuation that ends a clause (not a decimal point or a thousands comma)
_CLAUSE_MARK = re.compile(r"(?<!\d)[.,](?!\d)|[;:!?()\[\]\"“”…\n]+|\s[-–—]+\s|[–—]|(?<=[a-z])-$")
_RANGE = re.compile(r"(\d)\s*[-–]\s*(\d)")
# "£200/month", "50 per hr": a rate ("/" before a unit of time or a person is "a")
_PER_UNIT = re.compile(
    r"/\s*(month|mo|mth|year|yr|week|wk|hour|hr|day|night|session|visit|"
    r"person|head|class|lesson|user|seat)\b"
)
# "a lock is a lock", "coffee is coffee", "a wash and cut is a wash and cut": all the same
_SAME_THING = re.compile(r"\b(?:an? )?((?:[a-z]+ ){0,3}?[a-z]+) is (?:an? )?\1\b")
_DIGIT_WORD = re.compile(r"(\d)([a-z])|([a-z])(\d)")
TOKEN = re.compile(r"[a-z]+|\d+(?:\.\d+)?|\|")
_SYMBOLS = (
    ("w/o", " without "),
    ("%", " percent "),
    ("&", " and "),
    ("+", " plus "),
    ("/", " "),
    ("@", " at "),
)


def fold_answer(text: str) -> str:
    """Lower case, accents and apostrophes dropped, clause marks as BREAK, ranges as 'to'."""
    low = text.lower()
    if "<" in low:
        low = HTML_TAG.sub(" ", low)  # markup pasted or typed is no answer ("<b>bold</b>")
    if not low.isascii():
        low = unicodedata.normalize("NFKD", low)
        low = "".join(ch for ch in low if not unicodedata.combining(ch))
    low = _APOSTROPHES.sub("", low)
    low = _CLAUSE_MARK.sub(f" {BREAK} ", low)
    low = _RANGE.sub(r"\1 to \2", low)
    low = _PER_UNIT.sub(r" a \1", low)
    low = _SAME_THING.sub(r" \1 same thing ", low)
    for symbol, word in _SYMBOLS:
        if symbol in low:
            low = low.replace(symbol, word)
    return _DIGIT_WORD.sub(lambda m: f"{m[1] or m[3]} {m[2] or m[4]}", low)


def _undouble(stem: str) -> str:
    """ "runn" (from running) is "run", "stopp" is "stop"; "sell", "staff", "miss" stay."""
    if len(stem) >= 4 and stem[-1] == stem[-2] and stem[-1] in "bgmnprt":
        return stem[:-1]
    return stem


@lru_cache(maxsize=65536)
def word_form(word: str) -> str:
    """A folded word's rough stem: singular, without -ing/-ed/-e ("personalised" and
    "personalise" are both "personalis"); numbers unchanged."""
    if word[0].isdigit() or word == BREAK:
        return word
    w = singular(word)
    if len(w) > 5 and w.endswith("ing"):
        w = _undouble(w[:-3])
    elif len(w) > 4 and w.endswith("ed"):
        w = _undouble(w[:-2])
    if len(w) > 4 and w.endswith("e"):
        w = w[:-1]
    return w


def answer_words(text: str) -> Phrase:
    """The folded, singular words of a text, clause marks as BREAK."""
    return tuple(word_form(w) for w in TOKEN.findall(fold_answer(text)))


@dataclass(frozen=True, slots=True)
class Rule:
    """A length rule: up to `up_to` days (None: any), the option it means, and whether a
    reading by it is sure or only worth confirming."""

    up_to: float | None
    option: str
    sure: bool = True
    with_words: frozenset[Phrase] = frozenset()


@dataclass(frozen=True, slots=True)
class DimensionVocab:
    """How answers to one dimension's question are read."""

    yes: str | None = None
    yes_sure: bool = True  # False: a bare yes only suggests `yes` (a How-question)
    no: str | None = None
    alone: Mapping[str, str] = field(default_factory=dict)
    durations: tuple[Rule, ...] = ()
    periods: tuple[Rule, ...] = ()
    frequencies: Mapping[str, str] = field(default_factory=dict)
    topic: frozenset[Phrase] = frozenset()
    cues: tuple[tuple[Phrase, str, float], ...] = ()  # phrase, option ("a|b"), weight
    borrow: tuple[str, ...] = ()  # dimensions whose cues count here too, by side
    per_other: str | None = None  # the option "per <thing>" means ("per load", "per job")
    stated: float = 1.5  # weight a description's words need to answer this dimension
    # in a description, a stay this short (days) is one visit, not the relationship
    visit_up_to: float = 0.0


@dataclass(frozen=True, slots=True)
class AnswerVocab:
    """Everything knowledge/answers.yaml says."""

    negators: frozenset[Phrase] = frozenset()
    comparatives: frozenset[Phrase] = frozenset()
    dont_know: frozenset[Phrase] = frozenset()
    lacking: frozenset[Phrase] = frozenset()
    shorthand: Mapping[str, str] = field(default_factory=dict)  # typed word -> word(s) meant
    negation_reach: int = 5
    fillers: frozenset[str] = frozenset()
    plain_words: frozenset[str] = frozenset()  # ordinary words never "corrected" as typos
    quiet_words: frozenset[str] = frozenset()  # never shown alone as why the model read an answer
    no_topic: frozenset[str] = frozenset()  # with the yes/no and amount words: no topic named
    yes_words: frozenset[Phrase] = frozenset()
    no_words: frozenset[Phrase] = frozenset()
    uncertain: frozenset[Phrase] = frozenset()
    amounts: Mapping[Phrase, str] = field(default_factory=dict)
    middle: frozenset[Phrase] = frozenset()
    contrast: frozenset[Phrase] = frozenset()
    numbers: Mapping[str, float] = field(default_factory=dict)
    units: Mapping[str, float] = field(default_factory=dict)
    per: frozenset[Phrase] = frozenset()
    every: Mapping[str, float] = field(default_factory=dict)
    frequencies: Mapping[Phrase, str] = field(default_factory=dict)
    groups: Mapping[Phrase, str] = field(default_factory=dict)  # phrase -> client|customer
    # the business's own people and costs (staff, suppliers, rent): a description's clause
    # about them states nothing about the people it serves ("we pay our staff monthly")
    own_side: frozenset[Phrase] = frozenset()
    # words that join two statements in a description ("... for years and pay monthly"): each
    # part is looked at on its own for stated answers
    joins: frozenset[str] = frozenset()
    # phrases that hold a topic word in another sense ("stay open"): they name no topic
    topic_decoys: frozenset[Phrase] = frozenset()
    # a statement opening with one of these names the other group of the one before it
    # ("..., the rest book a one-off clean"): both are read together
    group_links: frozenset[Phrase] = frozenset()
    # what follows one of these in a statement is only supposed ("even if it were cheaper")
    concessive: frozenset[Phrase] = frozenset()
    # a group said to be small ("a few private clients", "a tiny sliver"): not a second group
    # that pulls an answer to the middle
    small_groups: frozenset[Phrase] = frozenset()
    # kinds of people served, besides those of served.yaml: two clauses opening with two of
    # them ("the kids …, the grown-ups …") may speak of two groups
    people: frozenset[str] = frozenset()
    dimensions: Mapping[str, DimensionVocab] = field(default_factory=dict)


WEIGHT_CUE, WEIGHT_WEAK = 1.0, 0.5


def topicless_words(v: AnswerVocab) -> frozenset[str]:
    """Words that say how much or whether, never what about ("for some of them yes", "only a
    few"): a statement of these alone names no question's topic."""
    words: set[str] = set(STOPWORDS) | v.fillers | v.quiet_words | v.no_topic
    words |= set(v.numbers)
    for phrases in (v.yes_words, v.no_words, v.uncertain, v.middle, v.dont_know, v.amounts):
        # (single words only: "a touch", "most of the time" lend "touch", "time" nothing)
        words.update(phrase[0] for phrase in phrases if len(phrase) == 1)
    return frozenset(words)


def group_ends(v: AnswerVocab) -> tuple[list[frozenset[Phrase]], frozenset[Phrase]]:
    """The group words of each end (client, customer), and the words that make one group the
    main one ("most", "a few", "hardly any"): two groups named and neither of these, two groups."""
    ends = [
        frozenset(p for p, side in v.groups.items() if side == e) for e in ("client", "customer")
    ]
    main = frozenset(p for p, amount in v.amounts.items() if amount in ("most", "none"))
    return ends, v.small_groups | main


def joined(tokens: list[str], short: Mapping[str, str]) -> list[str]:
    """Two words typed apart for one ("who ever" for whoever), joined when shorthand has them."""
    out: list[str] = []
    k = 0
    while k < len(tokens):
        pair = " ".join(tokens[k : k + 2])
        if k + 1 < len(tokens) and pair in short:
            out.append(pair)
            k += 2
        else:
            out.append(tokens[k])
            k += 1
    return out
