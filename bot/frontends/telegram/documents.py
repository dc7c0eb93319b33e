"""Sending an engine `Document` (the relationship plan) as a Telegram file with sendDocument."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from telegram.constants import ChatAction, ParseMode

from bot.frontends.telegram.render import MAX_DOCUMENT, Outgoing, file_name
from bot.ops.plan_pdf import render_plan

if TYPE_CHECKING:
    from bot.frontends.telegram.handlers import Context, Frontend

log = logging.getLogger(__name__)


async def send_document(frontend: Frontend, context: Context, chat_id: int,
                        out: Outgoing) -> None:
    """Render the document as a PDF (in a worker thread) and send it with its caption and
    buttons; if it could not be uploaded, the caption and buttons still go out as text."""
    doc = out.document
    assert doc is not None
    async with frontend.typing(context, chat_id, ChatAction.UPLOAD_DOCUMENT):
        # fpdf2 is CPU-bound: keep the event loop free for other conversations
        data = await asyncio.to_thread(render_plan, doc)
    if len(data) > MAX_DOCUMENT:
        log.error("document %s is %d bytes, over Telegram's limit", doc.filename, len(data))
        if out.caption:
            await context.bot.send_message(chat_id, out.caption, parse_mode=ParseMode.HTML,
                                           reply_markup=out.keyboard)
        return
    await context.bot.send_document(
        chat_id, data, filename=file_name(doc.filename, "pdf"), caption=out.caption or None,
        parse_mode=ParseMode.HTML, reply_markup=out.keyboard)
