"""What the engine hands back: plain data each front-end renders in its own way."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from bot.core.richtext import RichText

ReplyKind = Literal["prompt", "notice", "result", "error"]
# A document block: the page title, a section heading, a paragraph, a bullet, a line indented
# under the previous one, or the place where the document's chart goes.
BlockKind = Literal["title", "heading", "text", "bullet", "indent", "chart"]


@dataclass(frozen=True, slots=True)
class Choice:
    """One button: a short id (goes into callback data) and the label the user sees."""

    id: str
    label: str


@dataclass(frozen=True, slots=True)
class ChartBar:
    """One dimension on the result chart: -1 = fully customer-based, +1 = fully client-based."""

    label: str
    position: float


@dataclass(frozen=True, slots=True)
class Chart:
    """Data for the result chart; front-ends draw it (the engine does no I/O).

    `overall` is the verdict's position (-1..+1; NaN = no verdict yet; None = no overall row)
    and `verdict` the headline drawn above it, e.g. "Overall: client-based, 87% sure"."""

    title: str
    bars: tuple[ChartBar, ...]
    left_label: str
    right_label: str
    overall: float | None = None
    verdict: str = ""


@dataclass(frozen=True, slots=True)
class DocBlock:
    """One block of a document, worded and styled (user text sits inside spans, as plain text)."""

    kind: BlockKind
    text: RichText = ()


@dataclass(frozen=True, slots=True)
class Document:
    """A file to hand over (the relationship plan); front-ends render and send or save it.

    `filename` is a safe base name without extension; `caption` goes with the file."""

    filename: str
    title: str
    caption: RichText
    blocks: tuple[DocBlock, ...]
    chart: Chart | None = None


@dataclass(frozen=True, slots=True)
class Reply:
    """One message to show.

    `choices` belong to step `step` as shown at turn `turn`; a front-end that makes buttons puts
    (step, choice id, turn) into the callback data so a stale button can be recognised.
    """

    text: RichText
    kind: ReplyKind = "prompt"
    choices: tuple[Choice, ...] = ()
    step: str | None = None
    turn: int = 0
    chart: Chart | None = None
    extra: dict[str, str] = field(default_factory=dict)
    document: Document | None = None
