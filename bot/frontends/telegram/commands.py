"""Slash commands in private chats, and the front end's own commands in any chat.

Which command is which comes from the command table: engine commands become `Command` events
(one interview turn), the front end's own (/classify, /about, /privacy and the admin ones) are
answered here, anything else gets "unknown command" with the closest known one.
"""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType

from bot.core.richtext import RichText
from bot.core.suggest import did_you_mean
from bot.engine.events import COMMANDS, Command, suggestable
from bot.frontends.telegram.addressing import interview_button, thread_of
from bot.frontends.telegram.admin import admin_reply
from bot.frontends.telegram.command_table import (
    BY_NAME,
    FRONTEND_COMMANDS,
    PRIVATE_COMMANDS,
    split_command,
)
from bot.frontends.telegram.context import ONE_SHOT_MAX, Context, Frontend, count, lang_of
from bot.frontends.telegram.private import turn
from bot.frontends.telegram.render import start_payload

# /about and /privacy: a fixed message each
FIXED_REPLIES = {"about": "telegram.about", "privacy": "telegram.privacy"}


def one_shot(frontend: Frontend, description: str, lang: str) -> RichText:
    """A verdict card for one description (no session is touched)."""
    description = description.strip()
    if not description:
        return frontend.text("telegram.classify_usage", lang)
    if len(description) > ONE_SHOT_MAX:
        return frontend.text("telegram.too_long", lang, limit=ONE_SHOT_MAX)
    return frontend.advisor.brain.classify_text(description, lang).card


async def command_reply(
    frontend: Frontend, update: Update, name: str, rest: str, lang: str
) -> RichText:
    """The text answering one front-end command."""
    if name == "classify":
        return one_shot(frontend, rest, lang)
    if name in FIXED_REPLIES:
        return frontend.text(FIXED_REPLIES[name], lang)
    assert BY_NAME[name].admin, f"/{name} is not a front-end command"
    return await admin_reply(frontend, update, name, lang)


async def frontend_command(
    frontend: Frontend, update: Update, context: Context, name: str, rest: str
) -> None:
    """/classify, /about, /privacy and the admin commands, in any chat."""
    message = update.effective_message
    assert message is not None
    lang = lang_of(update)
    reply = await command_reply(frontend, update, name, rest, lang)
    in_group = message.chat.type != ChatType.PRIVATE
    await frontend.sender.send_rich(
        context.bot,
        message.chat_id,
        reply,
        reply_to=message.message_id if in_group else None,
        thread_id=thread_of(message),
        markup=interview_button(frontend, context, lang, None) if in_group else None,
    )


async def on_private_command(frontend: Frontend, update: Update, context: Context) -> None:
    """A /command in a private chat: engine commands become events, the rest answer here."""
    message = update.effective_message
    assert message is not None and message.text is not None
    name, _target, rest = split_command(message.text)
    count("command")
    if name in FRONTEND_COMMANDS:
        await frontend_command(frontend, update, context, name, rest)
        return
    if name in COMMANDS:
        payload = start_payload(rest) if name == "start" else ""
        await turn(frontend, update, context, Command(name, payload))
        return
    # an unknown command leaves the interview alone: say so, suggest the closest one
    lang = lang_of(update)
    shown = message.text.split()[0][:40]
    suggestion = did_you_mean(name, suggestable(PRIVATE_COMMANDS))
    reply = (
        frontend.text("telegram.did_you_mean", lang, command=shown, suggestion=f"/{suggestion}")
        if suggestion
        else frontend.text("telegram.unknown_command", lang, command=shown)
    )
    await frontend.sender.send_rich(context.bot, message.chat_id, reply)
