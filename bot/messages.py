"""Interface messages from `dialogues/messages.yaml`, looked up by dotted key and language."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.errors import DataError, DataErrors, Location, SchemaError
from bot.richtext import RichText, fill, placeholders
from bot.yamlio import LinedDict, load_file

DEFAULT_LANG = "en"


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


@dataclass(frozen=True)
class Messages:
    """Templates by language and key; English fills in for any key another language lacks."""

    by_lang: Mapping[str, Mapping[str, str]]

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
            flat: dict[str, tuple[str, int]] = {}
            _flatten(section, "", str(path), flat, errors)
            lined[lang] = flat
        english = lined[DEFAULT_LANG]
        for lang, flat in lined.items():
            for key, (template, line) in flat.items():
                if key not in english:
                    errors.append(SchemaError(f"'{lang}.{key}' has no English original",
                                              Location(str(path), line)))
                elif placeholders(template) != placeholders(english[key][0]):
                    errors.append(SchemaError(
                        f"'{lang}.{key}' uses placeholders {sorted(placeholders(template))}, "
                        f"English uses {sorted(placeholders(english[key][0]))}",
                        Location(str(path), line)))
        DataErrors.raise_if_any(errors)
        return cls({lang: {k: v for k, (v, _) in flat.items()} for lang, flat in lined.items()})

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
