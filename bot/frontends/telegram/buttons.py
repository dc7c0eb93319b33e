"""Button presses (callback queries): answered exactly once, stale ones re-show the step.

A press is answered whatever happens, and never holds up or drops the turn's replies (a refused
answer is only logged, callbacks.py). The first press of a message's buttons claims it, across
workers; a second one is a double tap on a question already answered: a toast, no more.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import CallbackQuery, Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest

from bot.engine.events import OptionChosen
from bot.engine.replies import Reply
from bot.frontends.telegram.context import Context, Frontend, count, lang_of
from bot.frontends.telegram.groups import Answer, on_group_button
from bot.frontends.telegram.render import ButtonPress, GroupPress, decode
from bot.frontends.telegram.sender import share_query
from bot.storage.base import ConversationKey

log = logging.getLogger(__name__)

# How long "this message's buttons were pressed" is remembered: double taps come seconds apart.
KEYBOARD_CLAIM_TTL = 600.0


async def on_callback(frontend: Frontend, update: Update, context: Context) -> None:
    """A button press: to the group card it sits under, or one turn of a private interview."""
    query = update.callback_query
    assert query is not None
    count("callback")
    lang = lang_of(update)

    async def answer(text: str | None = None, *, alert: bool = False) -> None:
        await frontend.callbacks.answer(query, text, alert=alert)

    try:
        press = decode(query.data)
        message = query.message if isinstance(query.message, Message) else None
        if message is None:
            # inline-mode messages and ones too old to reach have no chat to continue in
            await answer(frontend.plain("telegram.button_expired", lang))
        elif message.chat.type != ChatType.PRIVATE:
            await on_group_button(frontend, context, query, message, press, answer, lang)
        else:
            # (a group card's button in a private chat is forged: no card is ever sent here
            # with one, so it is treated as unreadable rather than edited into a card)
            await private_press(frontend, context, query, message, press, answer, lang)
    finally:
        await answer()


async def private_press(
    frontend: Frontend,
    context: Context,
    query: CallbackQuery,
    message: Message,
    press: ButtonPress | GroupPress | None,
    answer: Answer,
    lang: str,
) -> None:
    """A press in a private chat: claim the keyboard, run the turn, send its replies."""
    key = ConversationKey(chat=message.chat_id, user=query.from_user.id)
    claim = f"kb:{message.chat_id}:{message.message_id}"
    if not await frontend.store.claim(claim, KEYBOARD_CLAIM_TTL):
        await answer(frontend.plain("telegram.already_answered", lang))
        return
    try:
        replies, stale = await press_replies(frontend, context, key, message, press, lang)
    except BaseException:
        await frontend.store.release(claim)  # nothing happened: the buttons still work
        raise
    # independent calls: the toast, the keyboard, the replies; one round trip of waiting
    await asyncio.gather(
        answer(frontend.plain("telegram.button_expired", lang) if stale else None),
        remove_keyboard(message),
        frontend.sender.send_replies(
            context.bot, message.chat_id, replies, share=share_query(replies)
        ),
    )


async def press_replies(
    frontend: Frontend,
    context: Context,
    key: ConversationKey,
    message: Message,
    press: ButtonPress | GroupPress | None,
    lang: str,
) -> tuple[list[Reply], bool]:
    """The replies to a press, and whether it was stale (an old or unreadable button)."""
    conversations = frontend.conversations
    if isinstance(press, ButtonPress):
        # the message's date lets a lost session be told from an expired one
        event = OptionChosen(
            press.step, press.choice, press.turn, shown_at=message.date.timestamp()
        )
        async with frontend.sender.typing(context.bot, message.chat_id):
            replies = await conversations.handle(key, event, lang=lang)
        return replies, bool(replies) and replies[0].extra.get("code") == "stale_button"
    log.info("unreadable callback data in chat %s", message.chat_id)
    replies = await conversations.current(key, lang=lang)
    if not replies:
        replies = [Reply(frontend.text("engine.no_interview", lang), kind="notice")]
    return replies, True


async def remove_keyboard(message: Message) -> None:
    """Take the buttons off an answered message (its first press only gets here)."""
    markup = message.reply_markup
    if markup is None or not markup.inline_keyboard:
        return
    try:
        await message.edit_reply_markup(reply_markup=None)
    except BadRequest as exc:
        # old messages cannot be edited at all, deleted ones are not found
        if "can't be edited" not in exc.message and "not found" not in exc.message:
            raise
        log.debug("keyboard not removed: %s", exc.message)
