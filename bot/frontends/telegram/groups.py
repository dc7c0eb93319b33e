"""Groups, supergroups, forum topics, channels and discussion groups: one-shot answers.

The bot speaks in a shared chat only when addressed (addressing.py). Answers are replies to the
asking message, in its forum topic (or comment thread, which a reply joins by itself). Nothing
is stored for groups: the full interview happens in private, through a deep-link button.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated

from bot.contracts import IndustryMatch
from bot.core.richtext import RichText
from bot.frontends.telegram.addressing import (
    Addressed,
    addressed_to,
    interview_button,
    thread_of,
)
from bot.frontends.telegram.command_table import FRONTEND_COMMANDS
from bot.frontends.telegram.commands import command_reply
from bot.frontends.telegram.context import ONE_SHOT_MAX, Context, Frontend, count, lang_of
from bot.frontends.telegram.render import ButtonPress, GroupPress, encode_group, render_chunks

log = logging.getLogger(__name__)

MAX_CANDIDATE_BUTTONS = 4

Answer = Callable[..., Awaitable[None]]


@dataclass(frozen=True)
class GroupAnswer:
    """What to say: a text, and for a verdict card the match behind it and the industry shown."""

    text: RichText
    match: IndustryMatch | None = None
    shown: str | None = None


def answer_markup(
    frontend: Frontend, context: Context, lang: str, asker: int | None, answer: GroupAnswer
) -> InlineKeyboardMarkup:
    """Under an answer: the other close industries (asker only) and the interview link."""
    rows: list[list[InlineKeyboardButton]] = []
    match = answer.match
    if asker is not None and match is not None and match.status == "ambiguous":
        for cand in match.candidates:
            if cand.id == answer.shown or len(rows) >= MAX_CANDIDATE_BUTTONS:
                continue
            rows.append(
                [InlineKeyboardButton(cand.name, callback_data=encode_group(asker, cand.id))]
            )
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
        key = (
            "telegram.classify_usage"
            if addressed.command == "classify"
            else ("telegram.group_start")
        )
        return GroupAnswer(frontend.text(key, lang))
    if len(text) > ONE_SHOT_MAX:
        return GroupAnswer(frontend.text("telegram.too_long", lang, limit=ONE_SHOT_MAX))
    if addressed.command == "ask" and ("?" in text or len(text.split()) > 3):
        # a question ("is a bakery client-based?", "what is a client?"): the FAQ knows best
        faq = frontend.advisor.brain.faq(text, lang)
        if faq is not None:
            return GroupAnswer(faq)
    return card_for(frontend, text, lang)


async def send_answer(
    frontend: Frontend,
    context: Context,
    message: Message,
    rt: RichText,
    markup: InlineKeyboardMarkup | None,
) -> None:
    """Reply to `message` in its chat and topic; follow a group that became a supergroup."""
    chat_id = message.chat_id
    send = frontend.sender.send_rich
    try:
        await send(
            context.bot,
            chat_id,
            rt,
            markup=markup,
            reply_to=message.message_id,
            thread_id=thread_of(message),
        )
    except ChatMigrated as exc:
        log.info("group %s moved to %s; answering there", chat_id, exc.new_chat_id)
        await send(context.bot, int(exc.new_chat_id), rt, markup=markup)


async def answer_addressed(
    frontend: Frontend, update: Update, context: Context, message: Message, addressed: Addressed
) -> None:
    """Answer one addressed message (group or channel)."""
    lang = lang_of(update)
    asker = message.from_user.id if message.from_user and not message.from_user.is_bot else None
    if addressed.command in FRONTEND_COMMANDS and addressed.command != "classify":
        answer = GroupAnswer(
            await command_reply(frontend, update, addressed.command, addressed.text, lang)
        )
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


async def on_group_button(
    frontend: Frontend,
    context: Context,
    query: CallbackQuery,
    message: Message,
    press: ButtonPress | GroupPress | None,
    answer: Answer,
    lang: str,
) -> None:
    """A button under a group card: only the member who asked may use it."""
    if not isinstance(press, GroupPress):
        await answer(frontend.plain("telegram.button_expired", lang))
        return
    if query.from_user.id != press.owner:
        await answer(frontend.plain("telegram.not_your_button", lang), alert=True)
        return
    brain = frontend.advisor.brain
    industry = brain.industry(press.industry)
    if industry is None:
        await answer(frontend.plain("telegram.button_expired", lang))
        return
    await answer()
    card = brain.classify_text(industry.name, lang).card
    # keep offering the other candidates of the original question
    asked = message.reply_to_message
    again = addressed_to(asked, context.bot.id, context.bot.username) if asked else None
    match = brain.match_industry(again.text) if again and again.text else None
    markup = answer_markup(
        frontend, context, lang, press.owner, GroupAnswer(card, match, industry.id)
    )
    try:
        await message.edit_text(
            render_chunks(card)[0], parse_mode=ParseMode.HTML, reply_markup=markup
        )
    except BadRequest as exc:
        if "not modified" not in exc.message:
            raise
