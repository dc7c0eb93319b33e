"""Telegram's HTML parse mode, strictly: the same tags, entities and error texts as the Bot API.

Returns the plain text and the message entities (offsets in UTF-16 code units, as Telegram
counts them). Anything Telegram would refuse raises `EntityParseError` with Telegram's wording.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

# tag -> entity type (None: handled specially)
_TAGS: dict[str, str | None] = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": None,
    "a": None,
    "code": "code",
    "pre": "pre",
    "blockquote": None,
    "tg-emoji": "custom_emoji",
}
_START_TAG = re.compile(
    r"([a-zA-Z][a-zA-Z0-9-]*)"
    r"((?:\s+[a-zA-Z][a-zA-Z0-9-]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?)*)\s*"
)
_ATTR = re.compile(r"([a-zA-Z][a-zA-Z0-9-]*)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?")
_ENTITY = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|lt|gt|amp|quot);")


class EntityParseError(ValueError):
    """Telegram's "can't parse entities" error."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"Bad Request: can't parse entities: {detail}")


def utf16_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


@dataclass
class _Open:
    tag: str
    offset: int
    attrs: dict[str, str] = field(default_factory=dict)


def _byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode("utf-8"))


def parse_html(source: str) -> tuple[str, list[dict[str, object]]]:
    """Parse Telegram HTML into (text, entities); raise EntityParseError like Telegram would."""
    out: list[str] = []
    pos16 = 0
    stack: list[_Open] = []
    entities: list[dict[str, object]] = []
    i = 0
    n = len(source)
    while i < n:
        ch = source[i]
        if ch == "<":
            end = source.find(">", i)
            if end == -1:
                raise EntityParseError(
                    f"Unclosed start tag at byte offset {_byte_offset(source, i)}"
                )
            inner = source[i + 1 : end]
            if inner.startswith("/"):
                name = inner[1:].strip().lower()
                if not stack:
                    raise EntityParseError(
                        f"Unexpected end tag at byte offset {_byte_offset(source, i)}"
                    )
                top = stack.pop()
                if name and name != top.tag:
                    raise EntityParseError(
                        f"Unmatched end tag at byte offset {_byte_offset(source, i)}, "
                        f'expected "</{top.tag}>", found "</{name}>"'
                    )
                _close(top, pos16, entities)
            else:
                match = _START_TAG.fullmatch(inner)
                if not match:
                    raise EntityParseError(
                        f'Unsupported start tag "{inner[:20]}" at byte offset '
                        f"{_byte_offset(source, i)}"
                    )
                name = match.group(1).lower()
                if name not in _TAGS:
                    raise EntityParseError(
                        f'Unsupported start tag "{name}" at byte offset {_byte_offset(source, i)}'
                    )
                attrs = {
                    a.group(1).lower(): html.unescape((a.group(2) or "").strip("\"'"))
                    for a in _ATTR.finditer(match.group(2))
                }
                if name == "span" and attrs.get("class") != "tg-spoiler":
                    raise EntityParseError(
                        'Tag "span" must have class "tg-spoiler" at byte offset '
                        f"{_byte_offset(source, i)}"
                    )
                if name == "a" and not attrs.get("href"):
                    raise EntityParseError(
                        f'Tag "a" must have attribute "href" at byte offset '
                        f"{_byte_offset(source, i)}"
                    )
                stack.append(_Open(name, pos16, attrs))
            i = end + 1
            continue
        if ch == ">":
            # Telegram accepts a bare '>' in text
            out.append(ch)
            pos16 += 1
            i += 1
            continue
        if ch == "&":
            m = _ENTITY.match(source, i)
            if m:
                decoded = html.unescape(m.group(0))
                out.append(decoded)
                pos16 += utf16_len(decoded)
                i = m.end()
                continue
            # an ampersand that starts no entity is kept literally, as Telegram does
        out.append(ch)
        pos16 += utf16_len(ch)
        i += 1
    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].tag}"')
    entities.sort(key=lambda e: (e["offset"], -int(str(e["length"]))))
    return "".join(out), entities


def _close(tag: _Open, pos16: int, entities: list[dict[str, object]]) -> None:
    length = pos16 - tag.offset
    if length <= 0:
        return
    kind = _TAGS[tag.tag]
    entity: dict[str, object] = {"offset": tag.offset, "length": length}
    if tag.tag == "span":
        kind = "spoiler"
    elif tag.tag == "a":
        kind = "text_link"
        entity["url"] = tag.attrs["href"]
    elif tag.tag == "blockquote":
        kind = "expandable_blockquote" if "expandable" in tag.attrs else "blockquote"
    elif tag.tag == "tg-emoji":
        entity["custom_emoji_id"] = tag.attrs.get("emoji-id", "")
    entity["type"] = kind
    entities.append(entity)
