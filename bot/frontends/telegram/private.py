"""Private chats: typed answers, unreadable content and edits, each one interview turn (or none)."""

from __future__ import annotations

import logging

from telegram import Message, Update

from bot.engine.events import Event, TextInput, Unsupported
from bot.frontends.telegram.context import Context, Frontend, count, lang_of
from bot.frontends.telegram.sender import share_query
from bot.storage.base import ConversationKey

log = logging.getLogger(__name__)

# Message attributes that are content the interview cannot read, in the order checked.
UNSUPPORTED_KINDS = (
    "sticker",
    "photo",
    "animation",
    "video",
    "video_note",
    "voice",
    "audio",
    "document",
    "location",
    "venue",
    "contact",
    "poll",
    "dice",
    "game",
    "story",
    "paid_media",
)


def unsupported_kind(message: Message) -> str:
    """What kind of non-text content a message carries."""
    for kind in UNSUPPORTED_KINDS:
        if getattr(message, kind, None):
            return kind
    return "other"


async def turn(frontend: Frontend, update: Update, context: Context, event: Event) -> None:
    """One interview turn in a private chat."""
    chat = update.effective_chat
    user = update.effective_user
    assert chat is not None and user is not None
    key = ConversationKey(chat=chat.id, user=user.id)
    sender = frontend.sender
    async with sender.typing(context.bot, chat.id):
        replies = await frontend.conversations.handle(key, event, lang=lang_of(update))
    await sender.send_replies(context.bot, chat.id, replies, share=share_query(replies))


async def on_private_text(frontend: Frontend, update: Update, context: Context) -> None:
    """Typed text in a private chat: an answer to the current question."""
    message = update.effective_message
    assert message is not None and message.text is not None
    count("message")
    await turn(frontend, update, context, TextInput(message.text))


async def on_private_other(frontend: Frontend, update: Update, context: Context) -> None:
    """Stickers, photos, voice… in a private chat: the engine re-prompts politely."""
    message = update.effective_message
    assert message is not None
    kind = unsupported_kind(message)
    count("unsupported")
    log.debug("unsupported %s in a private chat", kind)
    await turn(frontend, update, context, Unsupported(kind))


async def on_edited(frontend: Frontend, update: Update, context: Context) -> None:
    """Edits are ignored on purpose: replaying an edited answer would rewrite history the user
    has already moved past."""
    count("edited")
    log.debug(
        "ignoring an edited message in chat %s",
        update.effective_chat.id if update.effective_chat else "?",
    )
