"""Groups, supergroups, forum topics, channels and discussion groups: one-shot answers.

The bot speaks in a shared chat only when addressed: a command for it (`/classify@bot …`,
`/classify …`), a mention (`@bot is a bakery client-based?`), or a reply to one of its
messages. It stays silent on ordinary chatter, on other bots and on the automatic copies a
linked channel posts into its discussion group. Answers are replies to the asking message, in
its forum topic (or comment thread, which a reply joins by itself). Nothing is stored for
groups: the full interview happens in private, through a deep-link button.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated

from bot.contracts import IndustryMatch
from bot.core.richtext import RichText
from bot.frontends.telegram.render import (
    ButtonPress,
    GroupPress,
    deep_link,
    encode_group,
    render_chunks,
    start_payload,
)

if TYPE_CHECKING:
    from bot.frontends.telegram.handlers import Context, Frontend

log = logging.getLogger(__name__)

# Commands the bot answers in shared chats; any other command addressed to it gets the intro.
GROUP_COMMANDS = frozenset({"classify", "about", "privacy", "stats", "reload", "start", "help"})
# Telegram's stand-in for anonymous group admins: a "bot" that is really a person.
ANONYMOUS_ADMIN = 1087968824
MAX_CANDIDATE_BUTTONS = 4
ONE_SHOT_MAX = 1000  # characters; longer texts get a polite "too long"

Answer = Callable[..., Awaitable[None]]


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
        from bot.frontends.telegram.handlers import split_command

        name, target, rest = split_command(text)
        if target is not None and target != me:
            return None  # addressed to another bot
        if name in GROUP_COMMANDS:
            return Addressed(name, rest)
        return Addressed("help", rest) if target == me else None
    entities = (message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION])
                if message.text else
                message.parse_caption_entities([MessageEntity.MENTION,
                                                MessageEntity.TEXT_MENTION]))
    for entity, value in entities.items():
        mentioned = (entity.type == MessageEntity.MENTION and value.lower() == f"@{me}") or (
            entity.type == MessageEntity.TEXT_MENTION and entity.user is not None
            and entity.user.id == bot_id)
        if mentioned:
            question = text.replace(value, " ").strip(" ,:;-\n")
            return Addressed("ask", " ".join(question.split()))
    reply = message.reply_to_message
    if reply is not None and reply.from_user is not None and reply.from_user.id == bot_id:
        return Addressed("ask", text.strip())
    return None


def was_addressed(frontend: Frontend, update: Update, context: Context) -> bool:
    """Whether the update was meant for the bot (so an apology is in order after a failure)."""
    if update.callback_query is not None:
        return True
    message = update.effective_message
    if message is None:
        return False
    return addressed_to(message, context.bot.id, context.bot.username) is not None


def interview_button(frontend: Frontend, context: Context, lang: str,
                     industry_id: str | None) -> InlineKeyboardMarkup:
    """A URL button into the private chat, starting the interview (at the industry if known)."""
    payload = start_payload(f"ind_{industry_id}") if industry_id else ""
    url = deep_link(context.bot.username, payload or "group")
    label = frontend.advisor.messages.plain("telegram.group_interview_button", lang)
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, url=url)]])


@dataclass(frozen=True)
class GroupAnswer:
    """What to say: a text, and for a verdict card the match behind it and the industry shown."""

    text: RichText
    match: IndustryMatch | None = None
    shown: str | None = None


def answer_markup(frontend: Frontend, context: Context, lang: str, asker: int | None,
                  answer: GroupAnswer) -> InlineKeyboardMarkup:
    """Under an answer: the other close industries (asker only) and the interview link."""
    rows: list[list[InlineKeyboardButton]] = []
    match = answer.match
    if asker is not None and match is not None and match.status == "ambiguous":
        for cand in match.candidates:
            if cand.id == answer.shown or len(rows) >= MAX_CANDIDATE_BUTTONS:
                continue
            rows.append([InlineKeyboardButton(cand.name,
                                              callback_data=encode_group(asker, cand.id))])
    link = interview_button(frontend, context, lang, answer.shown)
    rows += [list(row) for row in link.inline_keyboard]
    return InlineKeyboardMarkup(rows)


def card_for(frontend: Frontend, text: str, lang: str) -> GroupAnswer:
    """A verdict card for a description, with the industry match behind it."""
    brain = frontend.advisor.brain
    shot = brain.classify_text(text, lang)
    match = brain.match_industry(text)
    shown = next((c.id for c in match.candidates if c.name == shot.industry), None)
    return GroupAnswer(shot.card, match, shown)


def reply_for(frontend: Frontend, addressed: Addressed, lang: str) -> GroupAnswer:
    """The answer to an addressed message: usage, FAQ answer or verdict card."""
    text = addressed.text
    if addressed.command in {"start", "help"} or not text:
        key = "telegram.classify_usage" if addressed.command == "classify" else (
            "telegram.group_start")
        return GroupAnswer(frontend.text(key, lang))
    if len(text) > ONE_SHOT_MAX:
        return GroupAnswer(frontend.text("telegram.too_long", lang, limit=ONE_SHOT_MAX))
    if addressed.command == "ask" and ("?" in text or len(text.split()) > 3):
        # a question ("is a bakery client-based?", "what is a client?"): the FAQ knows best
        faq = frontend.advisor.brain.faq(text, lang)
        if faq is not None:
            return GroupAnswer(faq)
    return card_for(frontend, text, lang)


async def send_answer(frontend: Frontend, context: Context, message: Message, rt: RichText,
                      markup: InlineKeyboardMarkup | None) -> None:
    """Reply to `message` in its chat and topic; follow a group that became a supergroup."""
    chat_id = message.chat_id
    try:
        await frontend.send_rich(context, chat_id, rt, markup=markup,
                                 reply_to=message.message_id, thread_id=thread_of(message))
    except ChatMigrated as exc:
        log.info("group %s moved to %s; answering there", chat_id, exc.new_chat_id)
        await frontend.send_rich(context, int(exc.new_chat_id), rt, markup=markup)


async def answer_addressed(frontend: Frontend, update: Update, context: Context,
                           message: Message, addressed: Addressed) -> None:
    """Answer one addressed message (group or channel)."""
    from bot.frontends.telegram.handlers import FRONTEND_COMMANDS, count, lang_of

    lang = lang_of(update)
    asker = message.from_user.id if message.from_user and not message.from_user.is_bot else None
    if addressed.command in FRONTEND_COMMANDS and addressed.command != "classify":
        answer = GroupAnswer(await frontend.command_reply(update, addressed.command,
                                                          addressed.text, lang))
    else:
        answer = reply_for(frontend, addressed, lang)
    count("group" if message.chat.type != "channel" else "channel")
    markup = answer_markup(frontend, context, lang, asker, answer)
    await send_answer(frontend, context, message, answer.text, markup)


async def on_shared_message(frontend: Frontend, update: Update, context: Context) -> None:
    """A group, supergroup (any topic or discussion thread) or channel message: answered only
    when it addresses the bot."""
    message = update.effective_message
    if message is None:
        return
    addressed = addressed_to(message, context.bot.id, context.bot.username)
    if addressed is None:
        return
    await answer_addressed(frontend, update, context, message, addressed)


async def on_group_button(frontend: Frontend, context: Context, query: CallbackQuery,
                          message: Message, press: ButtonPress | GroupPress | None,
                          answer: Answer, lang: str) -> None:
    """A button under a group card: only the member who asked may use it."""
    messages = frontend.advisor.messages
    if not isinstance(press, GroupPress):
        await answer(messages.plain("telegram.button_expired", lang))
        return
    if query.from_user.id != press.owner:
        await answer(messages.plain("telegram.not_your_button", lang), alert=True)
        return
    industry = frontend.advisor.brain.industry(press.industry)
    if industry is None:
        await answer(messages.plain("telegram.button_expired", lang))
        return
    await answer()
    card = frontend.advisor.brain.classify_text(industry.name, lang).card
    # keep offering the other candidates of the original question
    asked = message.reply_to_message
    again = addressed_to(asked, context.bot.id, context.bot.username) if asked else None
    match = frontend.advisor.brain.match_industry(again.text) if again and again.text else None
    markup = answer_markup(frontend, context, lang, press.owner,
                           GroupAnswer(card, match, industry.id))
    try:
        await message.edit_text(render_chunks(card)[0], parse_mode=ParseMode.HTML,
                                reply_markup=markup)
    except BadRequest as exc:
        if "not modified" not in exc.message:
            raise
