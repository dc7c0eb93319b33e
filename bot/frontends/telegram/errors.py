"""The one error handler: logs every failure (no token, no user text), counts it, apologises."""

from __future__ import annotations

import contextlib
import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.error import ChatMigrated, Forbidden, TelegramError, TimedOut

from bot.frontends.telegram.addressing import thread_of, was_addressed
from bot.frontends.telegram.context import Context, Frontend, count_error, lang_of

log = logging.getLogger(__name__)


async def on_error(frontend: Frontend, update: object, context: Context) -> None:
    """Log, count, and apologise where the user is waiting for an answer."""
    error = context.error
    kind = type(error).__name__
    upd = update if isinstance(update, Update) else None
    count_error(kind)
    if await quiet_failure(frontend, upd, error):
        return
    log.error("update %s failed with %s", upd.update_id if upd else "?", kind, exc_info=error)
    if upd is not None:
        await apologise(frontend, upd, context)


async def quiet_failure(
    frontend: Frontend, upd: Update | None, error: BaseException | None
) -> bool:
    """Handle the failures that are not the bot's fault (logged at INFO, no apology)."""
    if isinstance(error, Forbidden):
        user = upd.effective_user if upd else None
        chat = upd.effective_chat if upd else None
        if user is not None and chat is not None and chat.type == ChatType.PRIVATE:
            await frontend.store.mark_inactive(user.id)
            log.info("user %s blocked the bot; marked inactive", user.id)
        else:
            log.info("forbidden in chat %s: %s", chat.id if chat else "?", error)
        return True
    if isinstance(error, ChatMigrated):
        log.info("chat moved to %s while answering", error.new_chat_id)
        return True
    if isinstance(error, TimedOut):
        # The turn is saved and a send that timed out usually arrived: an apology now
        # would invite the user to answer the same question twice.
        log.warning(
            "update %s: Telegram timed out; turn kept, no apology", upd.update_id if upd else "?"
        )
        return True
    return False


async def apologise(frontend: Frontend, upd: Update, context: Context) -> None:
    """Say sorry in the chat (in a group only when the bot was addressed)."""
    chat = upd.effective_chat
    if chat is None or upd.inline_query is not None:
        return
    private = chat.type == ChatType.PRIVATE
    if not private and not was_addressed(upd, context):
        return
    message = upd.effective_message
    with contextlib.suppress(TelegramError):
        await frontend.sender.send_rich(
            context.bot,
            chat.id,
            frontend.text("telegram.apology", lang_of(upd)),
            reply_to=message.message_id if message and not private else None,
            thread_id=thread_of(message) if message else None,
        )
