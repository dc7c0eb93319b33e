"""Telegram updates -> engine events, engine replies -> Telegram messages. No dialogue logic.

`install` registers one handler per kind of update, in this order:

    dedupe (group -1)        drop redelivered update ids (webhook retries, restarts)
    migration                a group became a supergroup
    private command          the command table's private commands (commands.py)
    private text             an answer, as typed (private.py)
    private other            sticker, photo, voice, location… -> Unsupported(kind)
    edited message           ignored on purpose (private.py)
    callback query           a button: answered exactly once, stale ones re-show the step
                             (buttons.py)
    inline query             `@bot law firm` -> verdict cards (inline.py)
    group message            one-shot answers when addressed (groups.py)
    channel post             one-shot answers when addressed (groups.py)
    my_chat_member           the user blocked / unblocked the bot

plus one error handler that logs, counts and apologises (errors.py).
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.ext import (
    ApplicationHandlerStop,
    CallbackQueryHandler,
    ChatMemberHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.frontends.telegram.buttons import on_callback
from bot.frontends.telegram.commands import on_private_command
from bot.frontends.telegram.context import App, Context, Frontend, bind
from bot.frontends.telegram.errors import on_error
from bot.frontends.telegram.groups import on_shared_message
from bot.frontends.telegram.inline import on_inline_query
from bot.frontends.telegram.private import on_edited, on_private_other, on_private_text

log = logging.getLogger(__name__)


def install(app: App, frontend: Frontend) -> None:
    """Register every handler and the error handler on `app`."""
    app.bot_data["frontend"] = frontend
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    app.add_handler(TypeHandler(Update, bind(frontend, dedupe)), group=-1)
    app.add_handlers(
        [
            MessageHandler(filters.StatusUpdate.MIGRATE, bind(frontend, on_migration)),
            MessageHandler(private & filters.COMMAND, bind(frontend, on_private_command)),
            MessageHandler(private & filters.TEXT, bind(frontend, on_private_text)),
            MessageHandler(private & ~filters.StatusUpdate.ALL, bind(frontend, on_private_other)),
            MessageHandler(filters.UpdateType.EDITED, bind(frontend, on_edited)),
            CallbackQueryHandler(bind(frontend, on_callback)),
            InlineQueryHandler(bind(frontend, on_inline_query)),
            MessageHandler(
                filters.ChatType.GROUPS & filters.UpdateType.MESSAGE,
                bind(frontend, on_shared_message),
            ),
            MessageHandler(filters.UpdateType.CHANNEL_POST, bind(frontend, on_shared_message)),
            ChatMemberHandler(bind(frontend, on_my_chat_member), ChatMemberHandler.MY_CHAT_MEMBER),
        ]
    )

    async def errors(update: object, context: Context) -> None:
        await on_error(frontend, update, context)

    app.add_error_handler(errors)


async def dedupe(frontend: Frontend, update: Update, context: Context) -> None:
    """Stop an update whose id was seen before (a redelivery)."""
    if not await frontend.store.first_time(update.update_id):
        log.info("update %d was delivered twice; dropped", update.update_id)
        raise ApplicationHandlerStop


async def on_migration(frontend: Frontend, update: Update, context: Context) -> None:
    """A group became a supergroup; nothing stored is keyed by group (answers are one-shot),
    so there is nothing to move: log it and carry on in the new chat."""
    message = update.effective_message
    assert message is not None
    if message.migrate_to_chat_id:
        log.info("group %s migrated to supergroup %s", message.chat_id, message.migrate_to_chat_id)


async def on_my_chat_member(frontend: Frontend, update: Update, context: Context) -> None:
    """Remember when a user blocks (or unblocks) the bot in their private chat."""
    change = update.my_chat_member
    assert change is not None
    if change.chat.type != ChatType.PRIVATE:
        log.info(
            "bot membership in chat %s is now %s", change.chat.id, change.new_chat_member.status
        )
        return
    blocked = change.new_chat_member.status in (ChatMemberStatus.BANNED, ChatMemberStatus.LEFT)
    await frontend.store.mark_inactive(change.from_user.id, blocked)
    log.info("user %s %s the bot", change.from_user.id, "blocked" if blocked else "unblocked")
