"""Interface messages from `dialogues/messages.yaml`, looked up by dotted key and language.

Wording that differs per front-end (the console has numbered options, Telegram has buttons)
lives in the file's `frontends:` section; `Messages.for_frontend` applies it, so the engine gets
the right words without knowing which front-end it serves.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

from pydantic import RootModel, model_validator

from bot.core.errors import DataError, DataErrors, Location, SchemaError
from bot.core.richtext import RichText, fill, placeholders
from bot.core.schema import flatten_texts, rule_error, validate
from bot.core.yamlio import load_file

DEFAULT_LANG = "en"
FRONTENDS_KEY = "frontends"  # the one top-level key that is not a language
Flat = dict[str, tuple[str, Location]]  # dotted key -> (template, where it is written)


class MessagesFile(RootModel[dict[str, dict[str, Any]]]):
    """Language (or `frontends`) -> a tree of messages (its leaves checked by `flatten_texts`)."""

    @model_validator(mode="after")
    def _english(self) -> Self:
        if DEFAULT_LANG not in self.root:
            raise rule_error(
                SchemaError,
                f"expected a mapping with an '{DEFAULT_LANG}' section",
                hint="English is required",
            )
        return self


class FrontendsSection(RootModel[dict[str, dict[str, dict[str, Any]]]]):
    """Front-end name -> language -> a tree of messages."""


def _check_against_english(where: str, flat: Flat, english: Flat, errors: list[DataError]) -> None:
    """Every key must exist in English, with the same placeholders."""
    for key, (template, loc) in flat.items():
        if key not in english:
            errors.append(SchemaError(f"'{where}.{key}' has no English original", loc))
        elif placeholders(template) != placeholders(english[key][0]):
            errors.append(
                SchemaError(
                    f"'{where}.{key}' uses placeholders {sorted(placeholders(template))}, "
                    f"English uses {sorted(placeholders(english[key][0]))}",
                    loc,
                )
            )


def _read_frontends(
    node: Any, english: Flat, path: str, errors: list[DataError]
) -> dict[str, dict[str, dict[str, str]]]:
    """`frontends: {name: {lang: {dotted keys}}}`, checked like a language section."""
    try:
        section = validate(FrontendsSection, node, path, what=f"'{FRONTENDS_KEY}'")
    except DataErrors as exc:
        errors.extend(exc.errors)
        return {}
    out: dict[str, dict[str, dict[str, str]]] = {}
    for name, langs in section.root.items():
        for lang in langs:
            flat = flatten_texts(node[name][lang], path, "message", errors)
            _check_against_english(f"{FRONTENDS_KEY}.{name}.{lang}", flat, english, errors)
            out.setdefault(name, {})[lang] = {k: v for k, (v, _) in flat.items()}
    return out


@dataclass(frozen=True)
class Messages:
    """Templates by language and key; English fills in for any key another language lacks."""

    by_lang: Mapping[str, Mapping[str, str]]
    # front-end -> language -> key -> template, applied by `for_frontend`
    frontends: Mapping[str, Mapping[str, Mapping[str, str]]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Messages:
        """The messages of `path`; DataErrors naming file:line for every problem."""
        data = load_file(path)
        where = str(path)
        if not isinstance(data, dict):
            raise DataErrors(
                [
                    SchemaError(
                        f"expected a mapping with an '{DEFAULT_LANG}' section", Location(where, 1)
                    )
                ]
            )
        sections = validate(MessagesFile, data, where, what=path.name)
        errors: list[DataError] = []
        flat = {
            lang: flatten_texts(data[lang], where, "message", errors)
            for lang in sections.root
            if lang != FRONTENDS_KEY
        }
        for lang, texts in flat.items():
            _check_against_english(lang, texts, flat[DEFAULT_LANG], errors)
        frontends = (
            _read_frontends(data[FRONTENDS_KEY], flat[DEFAULT_LANG], where, errors)
            if FRONTENDS_KEY in data
            else {}
        )
        DataErrors.raise_if_any(errors)
        return cls(
            {lang: {k: v for k, (v, _) in texts.items()} for lang, texts in flat.items()}, frontends
        )

    @property
    def languages(self) -> tuple[str, ...]:
        """The language codes with a section of their own."""
        return tuple(sorted(self.by_lang))

    def speaks(self, lang: str) -> bool:
        """Whether `lang` (or its base, `pt` for `pt-BR`) has a section of its own."""
        return lang.split("-")[0].lower() in self.by_lang

    def for_frontend(self, name: str) -> Messages:
        """These messages with front-end `name`'s wording over the shared one."""
        overrides = self.frontends.get(name, {})
        merged = {
            lang: {**texts, **overrides.get(lang, {})} for lang, texts in self.by_lang.items()
        }
        return Messages(merged, self.frontends)

    def has(self, key: str) -> bool:
        return key in self.by_lang[DEFAULT_LANG]

    def template(self, key: str, lang: str = DEFAULT_LANG) -> str:
        """The raw template; a missing key is a programming error (validated by tests)."""
        localized = self.by_lang.get(lang.split("-")[0].lower(), {})
        return localized.get(key) or self.by_lang[DEFAULT_LANG][key]

    def get(self, key: str, lang: str = DEFAULT_LANG, **values: object) -> RichText:
        """The message as rich text with placeholders filled by plain values."""
        return fill(self.template(key, lang), values)

    def plain(self, key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
        """The message as plain text (button labels, callback answers)."""
        return "".join(s.text for s in self.get(key, lang, **values))
