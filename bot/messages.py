"""Interface messages from `dialogues/messages.yaml`, looked up by dotted key and language.

Wording that differs per front-end (the console has numbered options, Telegram has buttons)
lives in the file's `frontends:` section; `Messages.for_frontend` applies it, so the engine gets
the right words without knowing which front-end it serves.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.core.errors import DataError, DataErrors, Location, SchemaError
from bot.core.richtext import RichText, fill, placeholders
from bot.core.yamlio import LinedDict, load_file

DEFAULT_LANG = "en"
FRONTENDS_KEY = "frontends"  # the one top-level key that is not a language


def _flatten(
    node: Any, prefix: str, path: str, out: dict[str, tuple[str, int]], errors: list[DataError]
) -> None:
    if not isinstance(node, LinedDict):
        return
    for key, value in node.items():
        dotted = f"{prefix}.{key}" if prefix else key
        if isinstance(value, LinedDict):
            _flatten(value, dotted, path, out, errors)
        elif isinstance(value, str) and value.strip():
            out[dotted] = (value, node.line_of(key))
        else:
            errors.append(
                SchemaError(
                    f"message '{dotted}' must be a non-empty string",
                    Location(path, node.line_of(key)),
                    hint="quote the text",
                )
            )


def _check_against_english(
    where: str, flat: Mapping[str, tuple[str, int]], english: Mapping[str, tuple[str, int]],
    path: str, errors: list[DataError],
) -> None:
    """Every key must exist in English, with the same placeholders."""
    for key, (template, line) in flat.items():
        if key not in english:
            errors.append(SchemaError(f"'{where}.{key}' has no English original",
                                      Location(path, line)))
        elif placeholders(template) != placeholders(english[key][0]):
            errors.append(SchemaError(
                f"'{where}.{key}' uses placeholders {sorted(placeholders(template))}, "
                f"English uses {sorted(placeholders(english[key][0]))}",
                Location(path, line)))


def _read_frontends(
    node: Any, english: Mapping[str, tuple[str, int]], path: str, errors: list[DataError]
) -> dict[str, dict[str, dict[str, str]]]:
    """`frontends: {name: {lang: {dotted keys}}}`, checked like a language section."""
    out: dict[str, dict[str, dict[str, str]]] = {}
    if not isinstance(node, LinedDict):
        errors.append(SchemaError(f"'{FRONTENDS_KEY}' must map front-end names to languages",
                                  Location(path, 1)))
        return out
    for name, langs in node.items():
        if not isinstance(langs, LinedDict):
            errors.append(SchemaError(f"'{FRONTENDS_KEY}.{name}' must map languages to messages",
                                      Location(path, node.line_of(name))))
            continue
        for lang, section in langs.items():
            flat: dict[str, tuple[str, int]] = {}
            _flatten(section, "", path, flat, errors)
            _check_against_english(f"{FRONTENDS_KEY}.{name}.{lang}", flat, english, path, errors)
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
        data = load_file(path)
        errors: list[DataError] = []
        if not isinstance(data, LinedDict) or DEFAULT_LANG not in data:
            raise DataErrors(
                [SchemaError("expected a mapping with an 'en' section", Location(str(path), 1))]
            )
        lined: dict[str, dict[str, tuple[str, int]]] = {}
        for lang, section in data.items():
            if lang == FRONTENDS_KEY:
                continue
            flat: dict[str, tuple[str, int]] = {}
            _flatten(section, "", str(path), flat, errors)
            lined[lang] = flat
        english = lined[DEFAULT_LANG]
        for lang, flat in lined.items():
            _check_against_english(lang, flat, english, str(path), errors)
        frontends = (_read_frontends(data[FRONTENDS_KEY], english, str(path), errors)
                     if FRONTENDS_KEY in data else {})
        DataErrors.raise_if_any(errors)
        return cls({lang: {k: v for k, (v, _) in flat.items()} for lang, flat in lined.items()},
                   frontends)

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
        merged = {lang: {**texts, **overrides.get(lang, {})}
                  for lang, texts in self.by_lang.items()}
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
