"""texts.yaml, advice.yaml and faq.yaml: one section per language, English required.

Schemas first; then the logic checks: required texts and their placeholders, mismatches that
name real dimensions and answers, faq ids used once.
"""

import re
from pathlib import Path
from typing import Annotated, Any, Self, cast

from pydantic import AfterValidator, RootModel, ValidationInfo, model_validator

from bot.core.errors import DataError, DuplicateIdError, SchemaError, UnknownReferenceError
from bot.core.richtext import placeholders
from bot.core.schema import flatten_texts, rule_error
from bot.core.suggest import hint as suggest
from bot.kb.fields import Ident, KbSchema, SomeTexts, Text, Texts, at, one_of, read
from bot.kb.locations import Locations
from bot.kb.model import LABELS, Dimension, FaqEntry, Label, Mismatch, Playbook
from bot.kb.normalize import words
from bot.kb.required_texts import REQUIRED_TEXTS

DEFAULT_LANG = "en"
Advice = tuple[dict[str, Playbook], tuple[Mismatch, ...]]
Faq = tuple[tuple[FaqEntry, ...], tuple[str, ...]]


def _english(sections: dict[str, Any]) -> dict[str, Any]:
    if DEFAULT_LANG not in sections:
        raise rule_error(SchemaError, f"no '{DEFAULT_LANG}:' section", hint="English is required")
    return sections


class TextsFile(RootModel[dict[str, dict[str, Any]]]):
    """Language -> a tree of texts (checked leaf by leaf in `parse_texts`)."""

    @model_validator(mode="after")
    def _has_english(self) -> Self:
        _english(self.root)
        return self


def _three(top: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
    if len(top) != 3:
        raise rule_error(
            SchemaError,
            f"a playbook has {len(top)} top items",
            hint="the verdict shows exactly three",
        )
    return top


class PlaybookSchema(KbSchema):
    """Advice for one verdict: the three shown first and the rest."""

    top: Annotated[SomeTexts, AfterValidator(_three)]
    more: SomeTexts


class PlaybooksSchema(KbSchema):
    """One playbook per verdict."""

    client: PlaybookSchema
    customer: PlaybookSchema
    hybrid: PlaybookSchema


class MismatchSchema(KbSchema):
    """Advice for an answer that contradicts the verdict."""

    verdict: Annotated[Text, one_of(LABELS, what="verdict")]
    dimension: Text
    answer: Text
    text: Text


class AdviceLang(KbSchema):
    """advice.yaml's section for one language."""

    playbooks: PlaybooksSchema
    mismatches: tuple[MismatchSchema, ...] = ()


class AdviceFile(RootModel[dict[str, AdviceLang]]):
    """Language -> its advice."""

    @model_validator(mode="after")
    def _has_english(self) -> Self:
        _english(self.root)
        return self


def _patterns(patterns: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
    for i, pattern in enumerate(patterns):
        try:
            compiled = re.compile(pattern)
        except re.error as exc:
            raise rule_error(
                SchemaError,
                f"industry question pattern is not a valid regex: {exc}",
                hint="escape special characters",
                key=i,
            ) from None
        if "industry" not in compiled.groupindex:
            raise rule_error(
                SchemaError,
                "industry question pattern has no (?P<industry>...) group",
                hint="name the part that holds the business",
                key=i,
            )
    return patterns


class FaqEntrySchema(KbSchema):
    """One question, several phrasings, one answer."""

    id: Ident
    questions: SomeTexts
    answer: Text
    keywords: Texts = ()


class FaqLang(KbSchema):
    """faq.yaml's section for one language."""

    industry_questions: Annotated[Texts, AfterValidator(_patterns)] = ()
    entries: tuple[FaqEntrySchema, ...]


class FaqFile(RootModel[dict[str, FaqLang]]):
    """Language -> its questions."""

    @model_validator(mode="after")
    def _has_english(self) -> Self:
        _english(self.root)
        return self


def parse_texts(path: Path, errors: list[DataError]) -> dict[str, dict[str, str]]:
    """Language -> dotted key -> template; every required key present, placeholders known."""
    parsed, data = read(TextsFile, path, errors)
    if parsed is None:
        return {}
    flat = {lang: flatten_texts(data[lang], str(path), "text", errors) for lang in parsed.root}
    english = flat[DEFAULT_LANG]
    for key, allowed in REQUIRED_TEXTS.items():
        if key not in english:
            errors.append(
                SchemaError(
                    f"text '{key}' is missing",
                    at(path, data, DEFAULT_LANG),
                    hint=f"add it under {DEFAULT_LANG}: (placeholders: "
                    f"{', '.join(sorted(allowed)) or 'none'})",
                )
            )
    for lang, texts in flat.items():
        for key, (template, loc) in texts.items():
            wanted = REQUIRED_TEXTS.get(key)
            if wanted is None:
                if lang != DEFAULT_LANG and key not in english:
                    errors.append(
                        SchemaError(
                            f"'{lang}.{key}' has no English original",
                            loc,
                            hint="check the key's spelling",
                        )
                    )
                continue
            extra = placeholders(template) - wanted
            if extra:
                errors.append(
                    SchemaError(
                        f"text '{lang}.{key}' uses unknown placeholders {sorted(extra)}",
                        loc,
                        hint=f"allowed: {', '.join(sorted(wanted)) or 'none'}",
                    )
                )
    return {lang: {k: v for k, (v, _) in texts.items()} for lang, texts in flat.items()}


def parse_advice(
    path: Path, errors: list[DataError], dims: dict[str, Dimension] | None, where: Locations
) -> dict[str, Advice]:
    """Language -> (playbooks by verdict, mismatches); `dims` None: not checked against."""
    parsed, data = read(AdviceFile, path, errors)
    if parsed is None:
        return {}
    out: dict[str, Advice] = {}
    for lang, section in parsed.root.items():
        books: dict[str, Playbook] = {
            label: Playbook(b.top, b.more)
            for label in LABELS
            if (b := getattr(section.playbooks, label))
        }
        mismatches: list[Mismatch] = []
        for m, raw in zip(section.mismatches, data[lang].get("mismatches") or (), strict=True):
            if dims is None or _mismatch_refers(path, m, raw, dims, errors):
                mismatches.append(Mismatch(cast(Label, m.verdict), m.dimension, m.answer, m.text))
                where.where[("mismatch", lang, m.verdict, m.dimension, m.answer)] = at(path, raw)
        out[lang] = (books, tuple(mismatches))
    return out


def _mismatch_refers(
    path: Path, m: MismatchSchema, raw: Any, dims: dict[str, Dimension], errors: list[DataError]
) -> bool:
    """Whether the mismatch names a known dimension and one of its answers."""
    dim = dims.get(m.dimension)
    if dim is None:
        errors.append(
            UnknownReferenceError(
                f"mismatch names unknown dimension '{m.dimension}'",
                at(path, raw, "dimension"),
                hint=suggest(m.dimension, dims) or "see dimensions.yaml",
            )
        )
        return False
    if dim.option(m.answer) is None:
        ids = [o.id for o in dim.options]
        errors.append(
            UnknownReferenceError(
                f"dimension '{m.dimension}' has no answer '{m.answer}'",
                at(path, raw, "answer"),
                hint=suggest(m.answer, ids) or f"answers: {', '.join(ids)}",
            )
        )
        return False
    return True


def parse_faq(path: Path, errors: list[DataError], where: Locations) -> dict[str, Faq]:
    """Language -> (entries, industry question patterns); each id used once."""
    parsed, data = read(FaqFile, path, errors)
    if parsed is None:
        return {}
    out: dict[str, Faq] = {}
    for lang, section in parsed.root.items():
        entries: list[FaqEntry] = []
        seen: dict[str, int] = {}
        for e, raw in zip(section.entries, data[lang]["entries"], strict=True):
            if e.id in seen:
                errors.append(
                    DuplicateIdError(
                        f"faq id '{e.id}' is used twice (first on line {seen[e.id]})",
                        at(path, raw, "id"),
                        hint="give each entry its own id",
                    )
                )
            seen[e.id] = raw.line_of("id")
            qnode = raw["questions"]
            for k, q in enumerate(e.questions):
                where.put(
                    ("faq", lang, q.lower()),
                    at(path, qnode, k) if isinstance(qnode, list) else at(path, raw),
                )
            keywords = (tuple(words(k)) for k in e.keywords)
            entries.append(FaqEntry(e.id, e.questions, e.answer, tuple(k for k in keywords if k)))
        out[lang] = (tuple(entries), section.industry_questions)
    return out
