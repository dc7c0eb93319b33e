"""Whether a message in a shared chat is meant for the bot, and where an answer to it goes.

The bot speaks in a shared chat only when addressed: a command for it (`/classify@bot …`,
`/classify …`), a mention (`@bot is a bakery client-based?`), or a reply to one of its
messages. It stays silent on ordinary chatter, on other bots and on the automatic copies a
linked channel posts into its discussion group.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, MessageEntity, Update

from bot.frontends.telegram.command_table import GROUP_COMMANDS, split_command
from bot.frontends.telegram.context import Context, Frontend
from bot.frontends.telegram.render import deep_link, start_payload

# Telegram's stand-in for anonymous group admins: a "bot" that is really a person.
ANONYMOUS_ADMIN = 1087968824


@dataclass(frozen=True)
class Addressed:
    """A message meant for the bot: the command (or "ask") and the text that goes with it."""

    command: str
    text: str


def thread_of(message: Message | None) -> int | None:
    """The forum topic to answer in; comment threads are joined by replying, not by id."""
    if message is not None and message.chat.is_forum and message.is_topic_message:
        return message.message_thread_id
    return None


def _from_command(text: str, me: str) -> Addressed | None:
    name, target, rest = split_command(text)
    if target is not None and target != me:
        return None  # addressed to another bot
    if name in GROUP_COMMANDS:
        return Addressed(name, rest)
    return Addressed("help", rest) if target == me else None


def _from_mention(message: Message, text: str, bot_id: int, me: str) -> Addressed | None:
    kinds: list[str | None] = [MessageEntity.MENTION, MessageEntity.TEXT_MENTION]
    entities = (
        message.parse_entities(kinds) if message.text else message.parse_caption_entities(kinds)
    )
    for entity, value in entities.items():
        mentioned = (entity.type == MessageEntity.MENTION and value.lower() == f"@{me}") or (
            entity.type == MessageEntity.TEXT_MENTION
            and entity.user is not None
            and entity.user.id == bot_id
        )
        if mentioned:
            question = text.replace(value, " ").strip(" ,:;-\n")
            return Addressed("ask", " ".join(question.split()))
    return None


def addressed_to(message: Message, bot_id: int, username: str) -> Addressed | None:
    """What the message asks the bot, or None when it is not meant for the bot at all."""
    sender = message.from_user
    if sender is not None and sender.is_bot and sender.id != ANONYMOUS_ADMIN:
        return None  # other bots (and our own echoes) never get answers: no bot loops
    if message.is_automatic_forward:
        return None  # the linked channel's copy of its own post
    text = message.text or message.caption or ""
    if not text.strip():
        return None
    me = username.lower()
    if text.startswith("/"):
        return _from_command(text, me)
    mention = _from_mention(message, text, bot_id, me)
    if mention is not None:
        return mention
    reply = message.reply_to_message
    if reply is not None and reply.from_user is not None and reply.from_user.id == bot_id:
        return Addressed("ask", text.strip())
    return None


def was_addressed(update: Update, context: Context) -> bool:
    """Whether the update was meant for the bot (so an apology is in order after a failure)."""
    if update.callback_query is not None:
        return True
    message = update.effective_message
    if message is None:
        return False
    return addressed_to(message, context.bot.id, context.bot.username) is not None


def interview_button(
    frontend: Frontend, context: Context, lang: str, industry_id: str | None
) -> InlineKeyboardMarkup:
    """A URL button into the private chat, starting the interview (at the industry if known)."""
    payload = start_payload(f"ind_{industry_id}") if industry_id else ""
    url = deep_link(context.bot.username, payload or "group")
    label = frontend.plain("telegram.group_interview_button", lang)
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, url=url)]])
