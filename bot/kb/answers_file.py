"""knowledge/answers.yaml: its schema, then the option references and phrase owners checked
(the runtime vocabulary, `AnswerVocab`, and how phrases are folded: `bot.kb.answer_vocab`)."""

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from annotated_types import Gt
from pydantic import AfterValidator, Field, Strict, StrictBool, ValidationInfo

from bot.core.errors import DataError, SchemaError, UnknownReferenceError
from bot.core.schema import rule_error
from bot.core.suggest import hint as suggest
from bot.kb.answer_vocab import (
    BREAK,
    TOKEN,
    WEIGHT_CUE,
    WEIGHT_WEAK,
    AnswerVocab,
    DimensionVocab,
    Phrase,
    Rule,
    answer_words,
    fold_answer,
    word_form,
)
from bot.kb.fields import KbSchema, MaybeText, Number, Text, Texts, at, in_range, read, yes_no_keys

_words = lru_cache(maxsize=65536)(answer_words)  # the schema and the build both fold each text


def _plain(text: str, info: ValidationInfo) -> str:
    words = _words(text)
    if not words or BREAK in words:
        raise rule_error(
            SchemaError,
            f"phrase {text!r} in '{info.field_name}' has no words or has punctuation",
            hint="write plain words",
        )
    return text


PlainPhrase = Annotated[Text, AfterValidator(_plain)]  # plain words, folded like typed answers
Phrases = tuple[PlainPhrase, ...]


def _one_word(text: str | None) -> str:
    """Folded shorthand meaning: "" drops the typed word."""
    return " ".join(w for w in TOKEN.findall(fold_answer(text or "")) if w != BREAK)


def _shorthand(given: dict[str, str | None]) -> dict[str, str | None]:
    for typed, meant in given.items():
        if len(typed.split()) > 2 or " " in _one_word(meant):
            raise rule_error(
                SchemaError,
                f"shorthand '{typed}' must stand for one word",
                hint="e.g. n: and (a key may be two words typed apart: who ever: whoever)",
                key=typed,
            )
    return given


Positive = dict[str, Annotated[Number, Gt(0)]]


class AmountWords(KbSchema):
    """Words for how many (of the people served)."""

    most: Phrases = ()
    full: Phrases = ()
    part: Phrases = ()
    none: Phrases = ()


class FrequencyWords(KbSchema):
    """Words for how often."""

    often: Phrases = ()
    sometimes: Phrases = ()
    rarely: Phrases = ()
    never: Phrases = ()


class GroupWords(KbSchema):
    """Words naming a group of people on one side."""

    client: Phrases = ()
    customer: Phrases = ()


class AmountOptions(KbSchema):
    """The option each amount means."""

    most: MaybeText | None = None
    full: MaybeText | None = None
    part: MaybeText | None = None
    none: MaybeText | None = None


class FrequencyOptions(KbSchema):
    """The option each frequency means."""

    often: MaybeText | None = None
    sometimes: MaybeText | None = None
    rarely: MaybeText | None = None
    never: MaybeText | None = None


class RuleSchema(KbSchema):
    """A length rule."""

    up_to: Number | None = None
    option: Text
    sure: StrictBool = True
    with_: Phrases = Field((), alias="with")


class DimensionWords(KbSchema):
    """How answers to one dimension's question are read."""

    yes: Text | None = None
    yes_sure: StrictBool = True
    no: Text | None = None
    alone: AmountOptions = AmountOptions()
    durations: tuple[RuleSchema, ...] = ()
    periods: tuple[RuleSchema, ...] = ()
    frequencies: FrequencyOptions = FrequencyOptions()
    topic: Phrases = ()
    cues: dict[str, Phrases] = Field(default_factory=dict)
    weak: dict[str, Phrases] = Field(default_factory=dict)
    borrow: Texts = ()
    per_other: Text | None = None
    stated: Annotated[Number, in_range(0.5, 10.0)] = 1.5
    visit_up_to: Annotated[Number, in_range(0.0, 60.0)] = 0.0


class AnswersFile(KbSchema):
    """The whole file."""

    negators: Phrases = ()
    comparatives: Phrases = ()
    dont_know: Phrases = ()
    lacking: Phrases = ()
    shorthand: Annotated[dict[str, MaybeText | None], AfterValidator(_shorthand)] = Field(
        default_factory=dict
    )
    negation_reach: Annotated[int, Strict(), in_range(1, 12)] = 5
    fillers: Phrases = ()
    plain_words: Phrases = ()
    quiet_words: Phrases = ()
    no_topic: Phrases = ()
    yes_words: Phrases = ()
    no_words: Phrases = ()
    uncertain: Phrases = ()
    amounts: AmountWords = AmountWords()
    middle: Phrases = ()
    contrast: Phrases = ()
    numbers: Positive = Field(default_factory=dict)
    units: Positive = Field(default_factory=dict)
    per: Phrases = ()
    every: Positive = Field(default_factory=dict)
    frequencies: FrequencyWords = FrequencyWords()
    groups: GroupWords = GroupWords()
    own_side: Phrases = ()
    joins: Phrases = ()
    topic_decoys: Phrases = ()
    group_links: Phrases = ()
    concessive: Phrases = ()
    small_groups: Phrases = ()
    people: Phrases = ()
    dimensions: dict[str, DimensionWords] = Field(default_factory=dict)


def _phrases(texts: tuple[str, ...]) -> frozenset[Phrase]:
    return frozenset(_words(t) for t in texts)


def _levels(words: KbSchema) -> dict[Phrase, str]:
    """Phrase -> the level (field) it is listed under; the first level wins."""
    out: dict[Phrase, str] = {}
    for level in type(words).model_fields:
        for text in getattr(words, level):
            out.setdefault(_words(text), level)
    return out


def _numbers(given: dict[str, float]) -> dict[str, float]:
    return {word_form(word.lower()): float(value) for word, value in given.items()}


class _Checks:
    """The logic checks of one answers.yaml: option references, phrases owned once."""

    def __init__(
        self, path: Path, errors: list[DataError], options: Mapping[str, tuple[str, ...]]
    ) -> None:
        self.path, self.errors, self.options = path, errors, options

    def error(
        self, cls: type[DataError], message: str, node: Any, key: str | int, hint: str
    ) -> None:
        self.errors.append(cls(message, at(self.path, node, key), hint=hint))

    def option(self, did: str, value: str | None, node: Any, key: str) -> str | None:
        """An option reference "a" or "a|b", None when it names no option of `did`."""
        if value is None:
            return None
        known = self.options.get(did, ())
        ids = [part.strip() for part in value.split("|")]
        if not any(i in known for i in ids):
            self.error(
                UnknownReferenceError,
                f"dimension '{did}' has no option '{value}'",
                node,
                key,
                suggest(ids[0], known) or f"options: {', '.join(known)}",
            )
            return None
        return value

    def levels(self, did: str, given: KbSchema, node: Any) -> dict[str, str]:
        out: dict[str, str] = {}
        for level in type(given).model_fields:
            opt = self.option(did, getattr(given, level), node, level)
            if opt is not None:
                out[level] = opt
        return out

    def rules(self, did: str, given: tuple[RuleSchema, ...], node: Any) -> tuple[Rule, ...]:
        out: list[Rule] = []
        for rule, raw in zip(given, node or (), strict=True):
            opt = self.option(did, rule.option, raw, "option")
            if opt is not None:
                out.append(Rule(rule.up_to, opt, rule.sure, _phrases(rule.with_)))
        return tuple(out)

    def cues(self, did: str, dim: DimensionWords, raw: Any) -> list[tuple[Phrase, str, float]]:
        """Cues and weak cues; a phrase listed under two options is an error."""
        out: list[tuple[Phrase, str, float]] = []
        owner: dict[Phrase, str] = {}
        for key, weight in (("cues", WEIGHT_CUE), ("weak", WEIGHT_WEAK)):
            group = raw.get(key)
            for ref, texts in getattr(dim, key).items():
                opt = self.option(did, ref, group, ref)
                if opt is None:
                    continue
                for phrase in sorted(_phrases(texts)):
                    if owner.setdefault(phrase, opt) != opt:
                        self.error(
                            SchemaError,
                            f"phrase {' '.join(phrase)!r} of '{did}' points "
                            f"to both '{owner[phrase]}' and '{opt}'",
                            group,
                            ref,
                            "keep it under one option",
                        )
                    out.append((phrase, opt, weight))
        return out

    def dimension(self, did: str, dim: DimensionWords, raw: Any) -> DimensionVocab:
        for other in dim.borrow:
            if other not in self.options or other == did:
                self.error(
                    UnknownReferenceError,
                    f"'{did}' borrows from unknown dimension '{other}'",
                    raw,
                    "borrow",
                    suggest(other, self.options) or "see dimensions.yaml",
                )
        return DimensionVocab(
            yes=self.option(did, dim.yes, raw, "yes"),
            yes_sure=dim.yes_sure,
            no=self.option(did, dim.no, raw, "no"),
            alone=self.levels(did, dim.alone, raw.get("alone")),
            durations=self.rules(did, dim.durations, raw.get("durations")),
            periods=self.rules(did, dim.periods, raw.get("periods")),
            frequencies=self.levels(did, dim.frequencies, raw.get("frequencies")),
            topic=_phrases(dim.topic),
            cues=tuple(self.cues(did, dim, raw)),
            borrow=tuple(b for b in dim.borrow if b in self.options and b != did),
            stated=dim.stated,
            visit_up_to=dim.visit_up_to,
            per_other=self.option(did, dim.per_other, raw, "per_other"),
        )

    def dimensions(self, given: dict[str, DimensionWords], node: Any) -> dict[str, DimensionVocab]:
        out: dict[str, DimensionVocab] = {}
        for did, dim in given.items():
            if did not in self.options:
                self.error(
                    UnknownReferenceError,
                    f"no dimension '{did}' with options in dimensions.yaml",
                    node,
                    did,
                    suggest(did, self.options) or "see dimensions.yaml",
                )
                continue
            out[did] = self.dimension(did, dim, node[did])
        return out


def parse_answers(
    path: Path, errors: list[DataError], options: Mapping[str, tuple[str, ...]] | None
) -> AnswerVocab:
    """The vocabulary in `path` (empty when absent); problems go to `errors`. `options` is None
    when dimensions.yaml failed its schema: the schema is checked, the references are not."""
    if not path.is_file():
        return AnswerVocab()
    parsed, data = read(AnswersFile, path, errors, prepare=yes_no_keys)
    if parsed is None or options is None:
        return AnswerVocab()
    checks = _Checks(path, errors, options)
    p = parsed
    return AnswerVocab(
        negators=_phrases(p.negators),
        comparatives=_phrases(p.comparatives),
        dont_know=_phrases(p.dont_know),
        lacking=_phrases(p.lacking),
        shorthand={typed.lower(): _one_word(meant) for typed, meant in p.shorthand.items()},
        negation_reach=p.negation_reach,
        fillers=frozenset(w for ph in _phrases(p.fillers) for w in ph),
        plain_words=frozenset(w for ph in _phrases(p.plain_words) for w in ph),
        quiet_words=frozenset(w for ph in _phrases(p.quiet_words) for w in ph),
        no_topic=frozenset(w for ph in _phrases(p.no_topic) for w in ph),
        yes_words=_phrases(p.yes_words),
        no_words=_phrases(p.no_words),
        uncertain=_phrases(p.uncertain),
        amounts=_levels(p.amounts),
        middle=_phrases(p.middle),
        contrast=_phrases(p.contrast),
        numbers=_numbers(p.numbers),
        units=_numbers(p.units),
        per=_phrases(p.per),
        every=_numbers(p.every),
        frequencies=_levels(p.frequencies),
        groups=_levels(p.groups),
        own_side=_phrases(p.own_side),
        joins=frozenset(w for ph in _phrases(p.joins) for w in ph),
        topic_decoys=_phrases(p.topic_decoys),
        group_links=_phrases(p.group_links),
        concessive=_phrases(p.concessive),
        small_groups=_phrases(p.small_groups),
        people=frozenset(w for ph in _phrases(p.people) for w in ph),
        dimensions=checks.dimensions(p.dimensions, data.get("dimensions")),
    )
