"""The vocabulary for reading typed answers (knowledge/answers.yaml), parsed and validated.

Phrases become tuples of folded words (`answer_words`), the same form the reader gives the
answers it reads, so both sides always agree on spelling.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.core.errors import DataError, SchemaError, UnknownReferenceError
from bot.core.suggest import hint as suggest
from bot.core.yamlio import LinedDict, LinedList
from bot.kb.loader import _Ctx, _load
from bot.kb.normalize import singular

Phrase = tuple[str, ...]
BREAK = "|"  # the word a clause mark becomes
AMOUNT_LEVELS = ("most", "full", "part", "none")
FREQUENCY_LEVELS = ("often", "sometimes", "rarely", "never")

_APOSTROPHES = re.compile(r"['’‘`´]")
# punctuation that ends a clause (not a decimal point or a thousands comma)
_CLAUSE_MARK = re.compile(r"(?<!\d)[.,](?!\d)|[;:!?()\[\]\"“”…\n]+|\s[-–—]+\s|[–—]|(?<=[a-z])-$")
_RANGE = re.compile(r"(\d)\s*[-–]\s*(\d)")
# "£200/month", "50 per hr": a rate ("/" before a unit of time or a person is "a")
_PER_UNIT = re.compile(r"/\s*(month|mo|mth|year|yr|week|wk|hour|hr|day|night|session|visit|"
                       r"person|head|class|lesson|user|seat)\b")
# "a lock is a lock", "coffee is coffee", "a wash and cut is a wash and cut": all the same
_SAME_THING = re.compile(r"\b(?:an? )?((?:[a-z]+ ){0,3}?[a-z]+) is (?:an? )?\1\b")
_DIGIT_WORD = re.compile(r"(\d)([a-z])|([a-z])(\d)")
TOKEN = re.compile(r"[a-z]+|\d+(?:\.\d+)?|\|")
_SYMBOLS = (("w/o", " without "), ("%", " percent "), ("&", " and "), ("+", " plus "),
            ("/", " "), ("@", " at "))


def fold_answer(text: str) -> str:
    """Lower case, accents and apostrophes dropped, clause marks as BREAK, ranges as 'to'."""
    low = text.lower()
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
    """"runn" (from running) is "run", "stopp" is "stop"; "sell", "staff", "miss" stay."""
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
    dimensions: Mapping[str, DimensionVocab] = field(default_factory=dict)


WEIGHT_CUE, WEIGHT_WEAK = 1.0, 0.5
_TOP_KEYS = (
    "negators", "comparatives", "dont_know", "lacking", "shorthand", "negation_reach", "fillers",
    "plain_words", "yes_words",
    "no_words", "uncertain", "amounts", "middle", "contrast", "numbers", "units", "per", "every",
    "frequencies", "groups", "dimensions")
_DIM_KEYS = ("yes", "no", "alone", "durations", "periods", "frequencies", "topic", "cues",
             "weak", "borrow", "per_other", "stated")


class _Parser:
    """Parses answers.yaml against the dimensions' option ids, collecting errors."""

    def __init__(self, path: Path, errors: list[DataError],
                 options: Mapping[str, tuple[str, ...]]) -> None:
        self.ctx = _Ctx(path, errors)
        self.options = options
        self.where: dict[tuple[Phrase, str], tuple[LinedDict, str]] = {}  # cue -> its list

    def phrases(self, node: LinedDict, key: str, what: str) -> frozenset[Phrase]:
        out: set[Phrase] = set()
        for text in self.ctx.texts(node, key, what, required=False):
            words = answer_words(text)
            if not words or BREAK in words:
                self.ctx.error(SchemaError, f"phrase {text!r} in {what} has no words or has "
                               "punctuation", node, key, hint="write plain words")
                continue
            out.add(words)
        return frozenset(out)

    def option(self, node: Any, key: str | int, value: Any, did: str) -> str | None:
        """An option reference "a" or "a|b" checked against the dimension's options."""
        if not isinstance(value, str) or not value.strip():
            self.ctx.error(SchemaError, f"option of '{did}' must be an option id", node, key,
                           hint="an id from dimensions.yaml")
            return None
        known = self.options.get(did, ())
        ids = [part.strip() for part in value.split("|")]
        if not any(i in known for i in ids):
            self.ctx.error(UnknownReferenceError, f"dimension '{did}' has no option "
                           f"'{value}'", node, key,
                           hint=suggest(ids[0], known) or f"options: {', '.join(known)}")
            return None
        return value.strip()

    def words_map(self, node: LinedDict, key: str, levels: tuple[str, ...], what: str
                  ) -> dict[Phrase, str]:
        out: dict[Phrase, str] = {}
        raw = node.get(key)
        if raw is None:
            return out
        group = self.ctx.mapping(raw, f"'{key}'", node, key)
        if group is None:
            return out
        self.ctx.keys(group, levels, f"'{key}'")
        for level in levels:
            if level in group:
                for phrase in self.phrases(group, level, f"{what} '{level}'"):
                    out.setdefault(phrase, level)
        return out

    def numbers(self, node: LinedDict, key: str) -> dict[str, float]:
        out: dict[str, float] = {}
        raw = node.get(key)
        if raw is None:
            return out
        group = self.ctx.mapping(raw, f"'{key}'", node, key)
        for word, value in (group or {}).items():
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                self.ctx.error(SchemaError, f"'{key}.{word}' must be a positive number", group,
                               word, hint="e.g. 7")
                continue
            out[word_form(str(word).lower())] = float(value)
        return out

    def shorthand(self, node: LinedDict) -> dict[str, str]:
        """Typed shorthand ("n", "rly", "1") -> the folded words meant ("" drops it)."""
        out: dict[str, str] = {}
        raw = node.get("shorthand")
        group = self.ctx.mapping(raw, "'shorthand'", node, "shorthand") if raw else None
        for typed, meant in (group or {}).items():
            if meant is None:
                meant = ""
            if not isinstance(meant, str | int) or " " in str(typed).strip():
                self.ctx.error(SchemaError, f"shorthand '{typed}' must be one word mapped to "
                               "text", group, typed, hint='e.g. rly: really')
                continue
            folded = " ".join(w for w in TOKEN.findall(fold_answer(str(meant))) if w != BREAK)
            if " " in folded:
                self.ctx.error(SchemaError, f"shorthand '{typed}' must stand for one word",
                               group, typed, hint="e.g. n: and")
                continue
            out[str(typed).lower()] = folded
        return out

    def rules(self, node: LinedDict, key: str, did: str) -> tuple[Rule, ...]:
        raw = node.get(key)
        if raw is None:
            return ()
        items = self.ctx.seq(raw, f"'{did}'", node, key)
        out: list[Rule] = []
        for i, item in enumerate(items or ()):
            rule = self.ctx.mapping(item, f"rule {i + 1} of '{did}.{key}'", items, i)
            if rule is None:
                continue
            self.ctx.keys(rule, ("up_to", "option", "sure", "with"), f"a rule of '{did}'")
            up_to = rule.get("up_to")
            if up_to is not None and (isinstance(up_to, bool) or not isinstance(
                    up_to, int | float)):
                self.ctx.error(SchemaError, f"'up_to' of rule {i + 1} in '{did}.{key}' must be "
                               "a number of days", rule, "up_to", hint="e.g. 30")
                up_to = None
            opt = self.option(rule, "option", rule.get("option"), did)
            sure = rule.get("sure", True)
            if not isinstance(sure, bool):
                self.ctx.error(SchemaError, "'sure' must be true or false", rule, "sure",
                               hint="sure: false")
                sure = True
            if opt is not None:
                out.append(Rule(None if up_to is None else float(up_to), opt, sure,
                                self.phrases(rule, "with", f"'{did}.{key}'")))
        return tuple(out)

    def level_options(self, node: LinedDict, key: str, levels: tuple[str, ...], did: str
                      ) -> dict[str, str]:
        raw = node.get(key)
        if raw is None:
            return {}
        group = self.ctx.mapping(raw, f"'{did}.{key}'", node, key)
        if group is None:
            return {}
        self.ctx.keys(group, levels, f"'{did}.{key}'")
        out: dict[str, str] = {}
        for level, value in group.items():
            opt = self.option(group, level, value, did)
            if opt is not None and level in levels:
                out[level] = opt
        return out

    def cues(self, node: LinedDict, key: str, weight: float, did: str
             ) -> list[tuple[Phrase, str, float]]:
        raw = node.get(key)
        if raw is None:
            return []
        group = self.ctx.mapping(raw, f"'{did}.{key}'", node, key)
        out: list[tuple[Phrase, str, float]] = []
        for ref in group or {}:
            opt = self.option(group, ref, ref, did)
            if opt is None or group is None:
                continue
            for phrase in sorted(self.phrases(group, ref, f"'{did}.{key}.{ref}'")):
                out.append((phrase, opt, weight))
                self.where.setdefault((phrase, opt), (group, ref))
        return out

    def dimension(self, node: Any, did: str, parent: LinedDict) -> DimensionVocab | None:
        dim = self.ctx.mapping(node, f"dimension '{did}'", parent, did)
        if dim is None:
            return None
        if did not in self.options:
            self.ctx.error(UnknownReferenceError, f"no dimension '{did}' with options in "
                           "dimensions.yaml", parent, did,
                           hint=suggest(did, self.options) or "see dimensions.yaml")
            return None
        for flag, word in (("True", "yes"), ("False", "no")):  # YAML reads bare yes/no as booleans
            if flag in dim and word not in dim:
                dim[word] = dim.pop(flag)
                dim.key_lines[word] = dim.key_lines.get(flag, dim.line)
        self.ctx.keys(dim, _DIM_KEYS, f"dimension '{did}'")
        cues = self.cues(dim, "cues", WEIGHT_CUE, did) + self.cues(dim, "weak", WEIGHT_WEAK, did)
        owner: dict[Phrase, str] = {}
        for phrase, ref, _weight in cues:
            if owner.setdefault(phrase, ref) != ref:
                node, key = self.where.get((phrase, ref), (dim, "cues"))
                self.ctx.error(SchemaError, f"phrase {' '.join(phrase)!r} of '{did}' points to "
                               f"both '{owner[phrase]}' and '{ref}'", node, key,
                               hint="keep it under one option")
        yes = self.option(dim, "yes", dim["yes"], did) if "yes" in dim else None
        borrow = self.ctx.texts(dim, "borrow", f"'{did}'", required=False)
        for other in borrow:
            if other not in self.options or other == did:
                self.ctx.error(UnknownReferenceError, f"'{did}' borrows from unknown dimension "
                               f"'{other}'", dim, "borrow",
                               hint=suggest(other, self.options) or "see dimensions.yaml")
        per_other = (self.option(dim, "per_other", dim["per_other"], did)
                     if "per_other" in dim else None)
        no = self.option(dim, "no", dim["no"], did) if "no" in dim else None
        return DimensionVocab(
            yes=yes, no=no,
            alone=self.level_options(dim, "alone", AMOUNT_LEVELS, did),
            durations=self.rules(dim, "durations", did),
            periods=self.rules(dim, "periods", did),
            frequencies=self.level_options(dim, "frequencies", FREQUENCY_LEVELS, did),
            topic=self.phrases(dim, "topic", f"'{did}.topic'"),
            cues=tuple(cues),
            borrow=tuple(b for b in borrow if b in self.options and b != did),
            stated=self.ctx.number(dim, "stated", f"'{did}'", 0.5, 10.0, default=1.5),
            per_other=per_other,
        )

    def parse(self, data: Any) -> AnswerVocab | None:
        ctx = self.ctx
        root = ctx.mapping(data, "answers.yaml")
        if root is None:
            return None
        ctx.keys(root, _TOP_KEYS, "answers.yaml")
        reach = root.get("negation_reach", 5)
        if isinstance(reach, bool) or not isinstance(reach, int) or not 1 <= reach <= 12:
            ctx.error(SchemaError, "'negation_reach' must be a whole number 1..12", root,
                      "negation_reach", hint="e.g. 5")
            reach = 5
        dims: dict[str, DimensionVocab] = {}
        raw_dims = root.get("dimensions")
        group = ctx.mapping(raw_dims, "'dimensions'", root, "dimensions") if raw_dims else None
        for did, node in (group or {}).items():
            parsed = self.dimension(node, did, group) if group is not None else None
            if parsed is not None:
                dims[did] = parsed
        return AnswerVocab(
            negators=self.phrases(root, "negators", "'negators'"),
            comparatives=self.phrases(root, "comparatives", "'comparatives'"),
            dont_know=self.phrases(root, "dont_know", "'dont_know'"),
            lacking=self.phrases(root, "lacking", "'lacking'"),
            shorthand=self.shorthand(root),
            negation_reach=reach,
            fillers=frozenset(w for p in self.phrases(root, "fillers", "'fillers'") for w in p),
            plain_words=frozenset(w for p in self.phrases(root, "plain_words", "'plain_words'")
                                  for w in p),
            yes_words=self.phrases(root, "yes_words", "'yes_words'"),
            no_words=self.phrases(root, "no_words", "'no_words'"),
            uncertain=self.phrases(root, "uncertain", "'uncertain'"),
            amounts=self.words_map(root, "amounts", AMOUNT_LEVELS, "amounts"),
            middle=self.phrases(root, "middle", "'middle'"),
            contrast=self.phrases(root, "contrast", "'contrast'"),
            numbers=self.numbers(root, "numbers"),
            units=self.numbers(root, "units"),
            per=self.phrases(root, "per", "'per'"),
            every=self.numbers(root, "every"),
            frequencies=self.words_map(root, "frequencies", FREQUENCY_LEVELS, "frequencies"),
            groups=self.words_map(root, "groups", ("client", "customer"), "groups"),
            dimensions=dims,
        )


def parse_answers(path: Path, errors: list[DataError],
                  options: Mapping[str, tuple[str, ...]]) -> AnswerVocab:
    """The vocabulary in `path` (empty when the file is absent); problems go to `errors`."""
    if not path.is_file():
        return AnswerVocab()
    data = _load(path, errors)
    if data is None:
        return AnswerVocab()
    if not isinstance(data, LinedDict | LinedList):
        errors.append(SchemaError("answers.yaml must be a mapping", _Ctx(path, errors).loc(data),
                                  hint="see docs/knowledge.md"))
        return AnswerVocab()
    return _Parser(path, errors, options).parse(data) or AnswerVocab()
