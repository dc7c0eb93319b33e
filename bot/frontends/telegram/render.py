"""Engine replies -> Telegram messages: HTML text, splitting, inline keyboards, callback data.

All text goes through `bot.core.richtext.to_html`, which escapes every span, so user text can never
become markup. Long texts are split on the rich-text spans *before* rendering, so a chunk never
cuts an HTML tag in half; limits are counted in UTF-16 code units, as Telegram counts them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions

from bot.contracts import Chart
from bot.core.richtext import RichText, Span, join, to_html, to_plain
from bot.engine.replies import Choice, Document, Reply

MAX_TEXT = 4096
MAX_CAPTION = 1024  # a photo's or document's caption, counted after entities are parsed
MAX_DOCUMENT = 50 * 1024 * 1024  # what a bot may upload with sendDocument
MAX_FILE_NAME = 64
MAX_CALLBACK = 64
SEP = "|"
# Callback data namespaces: interview buttons are "<turn>|<step>|<choice>"; group one-shot
# buttons are "g|<asker id>|<industry id>" so that only the asker can use them.
GROUP_PREFIX = "g"
SHARE = "share"
_SAFE_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,40}$")
_START_PAYLOAD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_FILE_NAME_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
# Labels this short sit two to a row; longer ones get a row each (phones are narrow).
PAIR_LABEL_MAX = 18
_B = dict[str, str]  # one button as the Bot API takes it


def utf16_len(text: str) -> int:
    """Length as Telegram counts it."""
    return len(text.encode("utf-16-le")) // 2


# ------------------------------------------------------------------ callback data


@dataclass(frozen=True, slots=True)
class ButtonPress:
    """Decoded interview button: the choice, the step it belonged to and the turn it was shown."""

    turn: int
    step: str
    choice: str


@dataclass(frozen=True, slots=True)
class GroupPress:
    """Decoded group button: who may press it and what it picks."""

    owner: int
    industry: str


def encode_press(turn: int, step: str, choice: str) -> str:
    """Callback data for an interview button (always within Telegram's 64 bytes)."""
    data = f"{turn}{SEP}{step}{SEP}{choice}"
    assert SEP not in step and SEP not in choice, "ids must not contain the separator"
    assert 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK, f"callback data too long: {data!r}"
    return data


def encode_group(owner: int, industry: str) -> str:
    """Callback data for a group button that only `owner` may use."""
    data = f"{GROUP_PREFIX}{SEP}{owner}{SEP}{industry}"
    assert SEP not in industry
    assert len(data.encode("utf-8")) <= MAX_CALLBACK, f"callback data too long: {data!r}"
    return data


def decode(data: str | None) -> ButtonPress | GroupPress | None:
    """Parse callback data; None for anything malformed or forged beyond repair."""
    if not data or len(data.encode("utf-8")) > MAX_CALLBACK:
        return None
    parts = data.split(SEP)
    if len(parts) != 3 or not all(parts):
        return None
    head, middle, tail = parts
    # isdecimal, not isdigit: a tampered client can send "²", which int() refuses
    if head == GROUP_PREFIX:
        if not middle.isdecimal() or not _SAFE_ID.match(tail):
            return None
        return GroupPress(int(middle), tail)
    if not head.isdecimal() or not _SAFE_ID.match(middle) or not _SAFE_ID.match(tail):
        return None
    return ButtonPress(int(head), middle, tail)


def start_payload(raw: str) -> str:
    """A deep-link payload Telegram accepts, or "" (for hand-typed `/start something`)."""
    return raw if _START_PAYLOAD.match(raw) else ""


def deep_link(username: str, payload: str) -> str:
    """`https://t.me/<bot>?start=<payload>` (payload must already be valid)."""
    assert _START_PAYLOAD.match(payload), payload
    return f"https://t.me/{username}?start={payload}"


# ------------------------------------------------------------------ splitting


def _cut_point(plain: str, limit: int) -> int:
    """Where to end the first chunk of `plain` (in code points) so it fits in `limit` units."""
    if len(plain) <= limit // 2 or utf16_len(plain) <= limit:
        return len(plain)  # the usual case, without a loop over every character
    # largest prefix (in code points) within the UTF-16 limit
    end, units = 0, 0
    for ch in plain:
        units += 2 if ord(ch) > 0xFFFF else 1
        if units > limit:
            break
        end += 1
    if end >= len(plain):
        return len(plain)
    window = plain[:end]
    for sep in ("\n\n", "\n", " "):
        at = window.rfind(sep)
        if at > end // 4:  # a boundary too close to the start would waste a whole message
            return at + len(sep)
    return end


def _slice(rt: RichText, start: int, stop: int) -> RichText:
    """The spans covering plain-text positions [start, stop)."""
    out: list[Span] = []
    pos = 0
    for span in rt:
        a, b = pos, pos + len(span.text)
        pos = b
        lo, hi = max(a, start), min(b, stop)
        if lo < hi:
            out.append(Span(span.text[lo - a : hi - a], span.bold, span.italic))
    return tuple(out)


def split_rich(rt: RichText, limit: int = MAX_TEXT) -> list[RichText]:
    """Split rich text into pieces of at most `limit` UTF-16 units (paragraph, line, space)."""
    plain = to_plain(rt)
    chunks: list[RichText] = []
    start = 0
    while start < len(plain):
        # leading blank space would be dropped by Telegram anyway
        while start < len(plain) and plain[start] in "\n ":
            start += 1
        if start >= len(plain):
            break
        cut = start + _cut_point(plain[start:], limit)
        piece = _slice(rt, start, cut)
        # trailing whitespace at a cut is noise
        if piece and to_plain(piece).strip():
            chunks.append(piece)
        start = cut
    return chunks


def render_chunks(rt: RichText, limit: int = MAX_TEXT) -> list[str]:
    """Telegram HTML for each message `rt` needs."""
    return [to_html(piece) for piece in split_rich(rt, limit)]


def caption_html(rt: RichText) -> str:
    """A caption within Telegram's limit: the first piece of the text, cut at a boundary."""
    pieces = split_rich(rt, MAX_CAPTION)
    return to_html(pieces[0]) if pieces else ""


def file_name(base: str, extension: str) -> str:
    """A file name any phone shows and saves: ASCII letters, digits, '-' and '_'."""
    stem = _FILE_NAME_UNSAFE.sub("-", base).strip("-")[: MAX_FILE_NAME - len(extension) - 1]
    return f"{stem.strip('-') or 'file'}.{extension}"


# ------------------------------------------------------------------ keyboards


def _rows(buttons: list[_B]) -> list[list[_B]]:
    if all(len(b["text"]) <= PAIR_LABEL_MAX for b in buttons) and len(buttons) > 3:
        return [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    return [[b] for b in buttons]


class Keyboard(InlineKeyboardMarkup):
    """An inline keyboard that keeps the JSON it was built from and sends exactly that.

    python-telegram-bot turns a markup back into dicts button by button on every send
    (`to_dict`), which cost about as much as building it; every question sends one.
    """

    __slots__ = ("_rows",)
    _rows: list[list[_B]]

    def __init__(self, rows: list[list[_B]]) -> None:
        super().__init__(
            [
                [
                    InlineKeyboardButton(
                        b["text"],
                        callback_data=b.get("callback_data"),
                        switch_inline_query=b.get("switch_inline_query"),
                    )
                    for b in row
                ]
                for row in rows
            ]
        )
        # set past PTB's freeze: the JSON is part of what the object is, fixed from here on
        object.__setattr__(self, "_rows", rows)

    def to_dict(self, recursive: bool = True) -> dict[str, Any]:
        """The Bot API form: the rows as built (a copy, callers may change it)."""
        return {"inline_keyboard": [[dict(b) for b in row] for row in self._rows]}


def keyboard(reply: Reply, *, share_query: str = "") -> InlineKeyboardMarkup | None:
    """Inline keyboard for a reply's choices (`share` becomes a switch-inline button)."""
    if not reply.choices or reply.step is None:
        return None
    return _keyboard(reply.turn, reply.step, reply.choices, share_query)


# Keyboards are immutable and few: a flow has a handful of questions, each shown at a small
# number of question counts, so users at the same point of the interview share one (building
# one costs python-telegram-bot an object per button).
@lru_cache(maxsize=512)
def _keyboard(turn: int, step: str, choices: tuple[Choice, ...], share_query: str) -> Keyboard:
    buttons: list[_B] = []
    for choice in choices:
        if choice.id == SHARE:
            buttons.append({"text": choice.label, "switch_inline_query": share_query})
        else:
            buttons.append(
                {"text": choice.label, "callback_data": encode_press(turn, step, choice.id)}
            )
    return Keyboard(_rows(buttons))


class _NoPreview(LinkPreviewOptions):
    """Link previews off, in JSON once (PTB's generic `to_dict` ran on every message)."""

    __slots__ = ()

    def to_dict(self, recursive: bool = True) -> dict[str, Any]:
        """The Bot API form."""
        return {"is_disabled": True}


NO_PREVIEW: LinkPreviewOptions = _NoPreview(is_disabled=True)


# ------------------------------------------------------------------ planning messages


@dataclass(frozen=True)
class Outgoing:
    """One message to send: HTML chunks (keyboard on the last one), after an optional chart;
    or a document with its caption (and the keyboard)."""

    chunks: tuple[str, ...]
    keyboard: InlineKeyboardMarkup | None = None
    chart: Chart | None = None
    document: Document | None = None
    caption: str = ""


def plan(replies: Sequence[Reply], *, share_query: str = "") -> list[Outgoing]:
    """Turn engine replies into as few messages as reads well.

    Consecutive plain replies (no buttons, no chart) are merged into the next message, so a
    "Got it" notice and the next question arrive as one message: fewer notifications for the
    user and fewer API calls (rate limits).
    """
    out: list[Outgoing] = []
    pending: list[RichText] = []
    for reply in replies:
        markup = keyboard(reply, share_query=share_query)
        if reply.document is not None:
            # a file's caption holds 1024 characters, not 4096: what came before goes first
            if pending:
                out.append(Outgoing(tuple(render_chunks(join(pending, sep="\n\n")))))
                pending = []
            out.append(
                Outgoing((), markup, document=reply.document, caption=caption_html(reply.text))
            )
            continue
        if markup is None and reply.chart is None:
            pending.append(reply.text)
            continue
        text = join([*pending, reply.text], sep="\n\n")
        pending = []
        out.append(Outgoing(tuple(render_chunks(text)), markup, reply.chart))
    if pending:
        out.append(Outgoing(tuple(render_chunks(join(pending, sep="\n\n")))))
    return [o for o in out if o.chunks or o.chart is not None or o.document is not None]
