"""Sending to Telegram: rich text (split when long), engine replies, charts, documents and the
"typing…" indicator. Knows nothing about updates or handlers."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from telegram import Bot, InlineKeyboardMarkup, Message, ReplyParameters
from telegram.constants import ChatAction, ParseMode
from telegram.error import TelegramError

from bot.contracts import Chart
from bot.core.richtext import RichText
from bot.engine.replies import Reply
from bot.frontends.telegram.render import (
    MAX_DOCUMENT,
    NO_PREVIEW,
    Outgoing,
    file_name,
    plan,
    render_chunks,
)
from bot.ops.charts import cached_chart, render_chart
from bot.ops.metrics import METRICS
from bot.ops.plan_pdf import render_plan

log = logging.getLogger(__name__)

TYPING_DELAY = 0.25  # seconds: faster answers arrive before a "typing…" could even show


def share_query(replies: Sequence[Reply]) -> str:
    """What the Share button pre-fills in inline mode: the kind of business, nothing else."""
    return next((r.extra["share"][:64] for r in replies if r.extra.get("share")), "")


class Sender:
    """Sends messages, photos and files; shows "typing…" while slow work runs."""

    def __init__(self, typing_delay: float | None = TYPING_DELAY) -> None:
        self.typing_delay = typing_delay

    @asynccontextmanager
    async def typing(
        self, bot: Bot, chat_id: int, action: str = ChatAction.TYPING, thread_id: int | None = None
    ) -> AsyncIterator[None]:
        """Show "typing…" if the work inside takes longer than `typing_delay` (0: always,
        None: never)."""
        if self.typing_delay is None:
            yield
            return

        async def show() -> None:
            with contextlib.suppress(TelegramError):
                await bot.send_chat_action(chat_id, action, message_thread_id=thread_id)

        if self.typing_delay <= 0:
            await show()
            yield
            return

        # a timer, not a sleeping task: most turns end long before it fires, and a task costs
        # its creation, a cancellation and one more pass of the event loop on every turn
        shown: list[asyncio.Task[None]] = []
        timer = asyncio.get_running_loop().call_later(
            self.typing_delay, lambda: shown.append(asyncio.ensure_future(show()))
        )
        try:
            yield
        finally:
            timer.cancel()
            for task in shown:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    async def send_rich(
        self,
        bot: Bot,
        chat_id: int,
        rt: RichText,
        *,
        markup: InlineKeyboardMarkup | None = None,
        reply_to: int | None = None,
        thread_id: int | None = None,
    ) -> list[Message]:
        """Send rich text (split if long); the keyboard goes under the last part."""
        chunks = render_chunks(rt)
        sent: list[Message] = []
        for i, chunk in enumerate(chunks):
            last = i == len(chunks) - 1
            sent.append(
                await bot.send_message(
                    chat_id,
                    chunk,
                    parse_mode=ParseMode.HTML,
                    link_preview_options=NO_PREVIEW,
                    reply_markup=markup if last else None,
                    message_thread_id=thread_id,
                    reply_parameters=(
                        ReplyParameters(reply_to, allow_sending_without_reply=True)
                        if reply_to and i == 0
                        else None
                    ),
                )
            )
        METRICS.reply_sent(len(sent))
        return sent

    async def send_replies(
        self, bot: Bot, chat_id: int, replies: Sequence[Reply], *, share: str = ""
    ) -> None:
        """Send engine replies: merged, split, with keyboards, charts as photos, documents as
        files."""
        for out in plan(replies, share_query=share):
            if out.document is not None:
                await self.send_document(bot, chat_id, out)
                continue
            if out.chart is not None:
                await self.send_chart(bot, chat_id, out.chart)
            for i, chunk in enumerate(out.chunks):
                last = i == len(out.chunks) - 1
                await bot.send_message(
                    chat_id,
                    chunk,
                    parse_mode=ParseMode.HTML,
                    link_preview_options=NO_PREVIEW,
                    reply_markup=out.keyboard if last else None,
                )
            METRICS.reply_sent(len(out.chunks))

    async def send_chart(self, bot: Bot, chat_id: int, chart: Chart) -> None:
        """The result chart as a PNG photo."""
        # a chart drawn recently (same answers) is at hand: no thread, no "uploading…"
        png = cached_chart(chart)
        if png is None:
            async with self.typing(bot, chat_id, ChatAction.UPLOAD_PHOTO):
                # Pillow work is CPU-bound: keep the event loop free for other conversations
                png = await asyncio.to_thread(render_chart, chart)
        await bot.send_photo(chat_id, png)

    async def send_document(self, bot: Bot, chat_id: int, out: Outgoing) -> None:
        """Render the document as a PDF (in a worker thread) and send it with its caption and
        buttons; if it could not be uploaded, the caption and buttons still go out as text."""
        doc = out.document
        assert doc is not None
        async with self.typing(bot, chat_id, ChatAction.UPLOAD_DOCUMENT):
            # fpdf2 is CPU-bound: keep the event loop free for other conversations
            data = await asyncio.to_thread(render_plan, doc)
        if len(data) > MAX_DOCUMENT:
            log.error("document %s is %d bytes, over Telegram's limit", doc.filename, len(data))
            if out.caption:
                await bot.send_message(
                    chat_id, out.caption, parse_mode=ParseMode.HTML, reply_markup=out.keyboard
                )
            return
        await bot.send_document(
            chat_id,
            data,
            filename=file_name(doc.filename, "pdf"),
            caption=out.caption or None,
            parse_mode=ParseMode.HTML,
            reply_markup=out.keyboard,
        )
