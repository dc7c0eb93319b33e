"""Telegram updates -> engine events, engine replies -> Telegram messages. No dialogue logic.

One handler per kind of update; `Frontend.install` registers them in this order:

    dedupe (group -1)        drop redelivered update ids (webhook retries, restarts)
    migration                a group became a supergroup
    private command          /start [payload], /help, /cancel, /restart, /back, /skip, /forget,
                             /classify TEXT, /about, /privacy, /stats, /reload
    private text             an answer, as typed
    private other            sticker, photo, voice, location… -> Unsupported(kind)
    edited message           ignored on purpose: replaying an edited answer would rewrite
                             history the user has already moved past
    callback query           a button: answered exactly once, stale ones re-show the step
    inline query             `@bot law firm` -> verdict cards (inline.py)
    group message            one-shot answers when addressed (groups.py)
    channel post             one-shot answers when addressed (groups.py)
    my_chat_member           the user blocked / unblocked the bot

plus one error handler that logs, counts and apologises.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from telegram import (
    InlineKeyboardMarkup,
    Message,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatAction, ChatMemberStatus, ChatType, ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, TelegramError, TimedOut
from telegram.ext import (
    ApplicationHandlerStop,
    CallbackContext,
    CallbackQueryHandler,
    ChatMemberHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.config import Settings
from bot.contracts import Chart
from bot.core.errors import DataErrors
from bot.core.richtext import RichText
from bot.core.suggest import did_you_mean
from bot.engine.events import COMMANDS, Command, Event, OptionChosen, TextInput, Unsupported
from bot.engine.replies import Reply
from bot.frontends.telegram import documents, groups, inline
from bot.frontends.telegram.callbacks import CallbackAnswers
from bot.frontends.telegram.render import (
    NO_PREVIEW,
    ButtonPress,
    decode,
    plan,
    render_chunks,
    start_payload,
)
from bot.service import Conversations
from bot.storage.base import ConversationKey, SessionStore

if TYPE_CHECKING:
    from bot.advisor import Advisor
    from bot.frontends.telegram.app import App

log = logging.getLogger(__name__)

Context = CallbackContext[Any, Any, Any, Any]
TYPING_DELAY = 0.25  # seconds: faster answers arrive before a "typing…" could even show
ONE_SHOT_MAX = 1000  # characters of a one-shot description (classify, groups, inline)
# Message attributes that are content the interview cannot read, in the order checked.
UNSUPPORTED_KINDS = ("sticker", "photo", "animation", "video", "video_note", "voice", "audio",
                     "document", "location", "venue", "contact", "poll", "dice", "game",
                     "story", "paid_media")
# How long "this message's buttons were pressed" is remembered: double taps come seconds apart.
KEYBOARD_CLAIM_TTL = 600.0
FRONTEND_COMMANDS = frozenset({"classify", "about", "privacy", "stats", "reload"})
UNMATCHED_COUNTED = 1000  # distinct unrecognised descriptions /stats counts (it shows 5)

try:  # charts are optional: without Pillow's helper the verdict still goes out as text
    from bot.ops.charts import cached_chart, render_chart
except ImportError:  # pragma: no cover - depends on another package's state
    render_chart = None  # type: ignore[assignment]
    cached_chart = None  # type: ignore[assignment]

try:
    from bot.ops.metrics import METRICS, format_stats
except ImportError:  # pragma: no cover
    METRICS = None  # type: ignore[assignment]
    format_stats = None  # type: ignore[assignment]


def count(kind: str) -> None:
    """Count one handled update (when metrics exist)."""
    if METRICS is not None:
        METRICS.update_handled(kind)


def lang_of(update: Update) -> str:
    """The user's interface language (messages fall back to English)."""
    user = update.effective_user
    return (user.language_code if user and user.language_code else "en").split("-")[0]


def split_command(text: str) -> tuple[str, str | None, str]:
    """"/Cmd@Bot rest" -> ("cmd", "bot" or None, "rest")."""
    head, _, rest = text.strip().partition(" ")
    name, _, target = head[1:].partition("@")
    return name.lower(), (target.lower() or None), rest.strip()


def unsupported_kind(message: Message) -> str:
    """What kind of non-text content a message carries."""
    for kind in UNSUPPORTED_KINDS:
        if getattr(message, kind, None):
            return kind
    return "other"


class Frontend:
    """The Telegram skin over the conversation service."""

    def __init__(self, conversations: Conversations, settings: Settings, *,
                 typing_delay: float | None = TYPING_DELAY,
                 callbacks: CallbackAnswers | None = None) -> None:
        self.conversations = conversations
        self.settings = settings
        self.typing_delay = typing_delay
        self.callbacks = callbacks or CallbackAnswers()

    @property
    def advisor(self) -> Advisor:
        """The loaded flows, knowledge and messages (/reload swaps them)."""
        return self.conversations.advisor

    @property
    def store(self) -> SessionStore:
        return self.conversations.store

    def text(self, key: str, lang: str, **values: object) -> RichText:
        """An interface message as rich text."""
        return self.advisor.messages.get(key, lang, **values)

    # ------------------------------------------------------------------ wiring

    def install(self, app: App) -> None:
        """Register every handler and the error handler on `app`."""
        app.bot_data["frontend"] = self
        private = filters.ChatType.PRIVATE
        app.add_handler(TypeHandler(Update, self.dedupe), group=-1)
        app.add_handlers([
            MessageHandler(filters.StatusUpdate.MIGRATE, self.on_migration),
            MessageHandler(private & filters.UpdateType.MESSAGE & filters.COMMAND,
                           self.on_private_command),
            MessageHandler(private & filters.UpdateType.MESSAGE & filters.TEXT,
                           self.on_private_text),
            MessageHandler(private & filters.UpdateType.MESSAGE & ~filters.StatusUpdate.ALL,
                           self.on_private_other),
            MessageHandler(filters.UpdateType.EDITED, self.on_edited),
            CallbackQueryHandler(self.on_callback),
            InlineQueryHandler(self.on_inline_query),
            MessageHandler(filters.ChatType.GROUPS & filters.UpdateType.MESSAGE,
                           self.on_shared_message),
            MessageHandler(filters.UpdateType.CHANNEL_POST, self.on_shared_message),
            ChatMemberHandler(self.on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER),
        ])
        app.add_error_handler(self.on_error)

    async def dedupe(self, update: Update, context: Context) -> None:
        """Stop an update whose id was seen before (a redelivery)."""
        if not await self.store.first_time(update.update_id):
            log.info("update %d was delivered twice; dropped", update.update_id)
            raise ApplicationHandlerStop

    # ------------------------------------------------------------------ sending

    @asynccontextmanager
    async def typing(self, context: Context, chat_id: int, action: str = ChatAction.TYPING,
                     thread_id: int | None = None) -> AsyncIterator[None]:
        """Show "typing…" if the work inside takes longer than `typing_delay` (0: always,
        None: never)."""
        if self.typing_delay is None:
            yield
            return

        async def show() -> None:
            with contextlib.suppress(TelegramError):
                await context.bot.send_chat_action(chat_id, action, message_thread_id=thread_id)

        if self.typing_delay <= 0:
            await show()
            yield
            return

        # a timer, not a sleeping task: most turns end long before it fires, and a task costs
        # its creation, a cancellation and one more pass of the event loop on every turn
        shown: list[asyncio.Task[None]] = []
        timer = asyncio.get_running_loop().call_later(
            self.typing_delay, lambda: shown.append(asyncio.ensure_future(show())))
        try:
            yield
        finally:
            timer.cancel()
            for task in shown:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    async def send_rich(self, context: Context, chat_id: int, rt: RichText, *,
                        markup: InlineKeyboardMarkup | None = None,
                        reply_to: int | None = None, thread_id: int | None = None
                        ) -> list[Message]:
        """Send rich text (split if long); the keyboard goes under the last part."""
        chunks = render_chunks(rt)
        sent: list[Message] = []
        for i, chunk in enumerate(chunks):
            last = i == len(chunks) - 1
            sent.append(await context.bot.send_message(
                chat_id, chunk, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW,
                reply_markup=markup if last else None, message_thread_id=thread_id,
                reply_parameters=(ReplyParameters(reply_to, allow_sending_without_reply=True)
                                  if reply_to and i == 0 else None),
            ))
        if METRICS is not None:
            METRICS.reply_sent(len(sent))
        return sent

    async def send_replies(self, context: Context, chat_id: int, replies: Sequence[Reply], *,
                           share_query: str = "") -> None:
        """Send engine replies: merged, split, with keyboards, charts as photos, documents as
        files."""
        for out in plan(replies, share_query=share_query):
            if out.document is not None:
                await documents.send_document(self, context, chat_id, out)
                continue
            if out.chart is not None:
                await self.send_chart(context, chat_id, out.chart)
            for i, chunk in enumerate(out.chunks):
                last = i == len(out.chunks) - 1
                await context.bot.send_message(
                    chat_id, chunk, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW,
                    reply_markup=out.keyboard if last else None)
            if METRICS is not None:
                METRICS.reply_sent(len(out.chunks))

    async def send_chart(self, context: Context, chat_id: int, chart: Chart) -> None:
        """The result chart as a PNG photo (skipped when charts are unavailable)."""
        if render_chart is None or cached_chart is None:
            return
        # a chart drawn recently (same answers) is at hand: no thread, no "uploading…"
        png = cached_chart(chart)
        if png is None:
            async with self.typing(context, chat_id, ChatAction.UPLOAD_PHOTO):
                # Pillow work is CPU-bound: keep the event loop free for other conversations
                png = await asyncio.to_thread(render_chart, chart)
        await context.bot.send_photo(chat_id, png)

    @staticmethod
    def share_query(replies: Sequence[Reply]) -> str:
        """What the Share button pre-fills in inline mode: the kind of business, nothing else."""
        return next((r.extra["share"][:64] for r in replies if r.extra.get("share")), "")

    # ------------------------------------------------------------------ private chats

    async def turn(self, update: Update, context: Context, event: Event) -> None:
        """One interview turn in a private chat."""
        chat = update.effective_chat
        user = update.effective_user
        assert chat is not None and user is not None
        key = ConversationKey(chat=chat.id, user=user.id)
        async with self.typing(context, chat.id):
            replies = await self.conversations.handle(key, event, lang=lang_of(update))
        await self.send_replies(context, chat.id, replies,
                                share_query=self.share_query(replies))

    async def on_private_command(self, update: Update, context: Context) -> None:
        """A /command in a private chat: engine commands become events, the rest answer here."""
        message = update.effective_message
        assert message is not None and message.text is not None
        name, _target, rest = split_command(message.text)
        count("command")
        if name in FRONTEND_COMMANDS:
            await self.frontend_command(update, context, name, rest)
            return
        if name in COMMANDS:
            payload = start_payload(rest) if name == "start" else ""
            await self.turn(update, context, Command(name, payload))
            return
        # an unknown command leaves the interview alone: say so, suggest the closest one
        lang = lang_of(update)
        shown = message.text.split()[0][:40]
        suggestion = did_you_mean(name, (*COMMANDS, *sorted(FRONTEND_COMMANDS)))
        reply = (self.text("telegram.did_you_mean", lang, command=shown,
                           suggestion=f"/{suggestion}") if suggestion
                 else self.text("telegram.unknown_command", lang, command=shown))
        await self.send_rich(context, message.chat_id, reply)

    async def frontend_command(self, update: Update, context: Context, name: str,
                               rest: str) -> None:
        """/classify, /about, /privacy and the admin commands, in any chat."""
        message = update.effective_message
        assert message is not None
        lang = lang_of(update)
        reply = await self.command_reply(update, name, rest, lang)
        in_group = message.chat.type != ChatType.PRIVATE
        await self.send_rich(
            context, message.chat_id, reply,
            reply_to=message.message_id if in_group else None,
            thread_id=groups.thread_of(message),
            markup=groups.interview_button(self, context, lang, None) if in_group else None,
        )

    async def command_reply(self, update: Update, name: str, rest: str, lang: str) -> RichText:
        """The text answering one front-end command."""
        if name == "classify":
            return self.one_shot(rest, lang)
        if name == "about":
            return self.text("telegram.about", lang)
        if name == "privacy":
            return self.text("telegram.privacy", lang)
        user = update.effective_user
        if user is None or user.id not in self.settings.admin_ids:
            return self.text("telegram.admin_only", lang)
        if name == "stats":
            chat = update.effective_chat
            # users' own words never go to a shared chat: groups get the counts only
            return await self.stats(lang, samples=chat is not None
                                    and chat.type == ChatType.PRIVATE)
        return await self.reload(lang)

    def one_shot(self, description: str, lang: str) -> RichText:
        """A verdict card for one description (no session is touched)."""
        description = description.strip()
        if not description:
            return self.text("telegram.classify_usage", lang)
        if len(description) > ONE_SHOT_MAX:
            return self.text("telegram.too_long", lang, limit=ONE_SHOT_MAX)
        return self.advisor.brain.classify_text(description, lang).card

    async def stats(self, lang: str, *, samples: bool = False) -> RichText:
        """The admin /stats text: verdicts, funnel, latency, unmatched descriptions (their
        texts only with `samples`, i.e. in an admin's private chat)."""
        unmatched = [text for text, _n in await self.store.unmatched(UNMATCHED_COUNTED)]
        if METRICS is None or format_stats is None:
            return self.text("telegram.stats_header", lang)
        return format_stats(METRICS.snapshot(), unmatched if samples else len(unmatched),
                            messages=self.advisor.messages, lang=lang)

    async def reload(self, lang: str) -> RichText:
        """Load flows and knowledge again; keep the running ones if the new ones are broken."""
        from bot.advisor import Advisor

        try:
            fresh = await asyncio.to_thread(Advisor.load, self.settings)
        except DataErrors as exc:
            log.warning("reload failed with %d data errors; keeping the current version",
                        len(exc.errors))
            return self.text("telegram.reload_failed", lang, error=str(exc))
        self.conversations.advisor = fresh
        log.info("reloaded: %d flows", len(fresh.flows))
        return self.text("telegram.reload_ok", lang, flows=len(fresh.flows),
                         industries=inline.industry_count(fresh.brain))

    async def on_private_text(self, update: Update, context: Context) -> None:
        """Typed text in a private chat: an answer to the current question."""
        message = update.effective_message
        assert message is not None and message.text is not None
        count("message")
        await self.turn(update, context, TextInput(message.text))

    async def on_private_other(self, update: Update, context: Context) -> None:
        """Stickers, photos, voice… in a private chat: the engine re-prompts politely."""
        message = update.effective_message
        assert message is not None
        kind = unsupported_kind(message)
        count("unsupported")
        log.debug("unsupported %s in a private chat", kind)
        await self.turn(update, context, Unsupported(kind))

    async def on_edited(self, update: Update, context: Context) -> None:
        """Edits are ignored on purpose (see the module docstring)."""
        count("edited")
        log.debug("ignoring an edited message in chat %s",
                  update.effective_chat.id if update.effective_chat else "?")

    # ------------------------------------------------------------------ buttons

    async def on_callback(self, update: Update, context: Context) -> None:
        """A button press: answered exactly once, whatever happens, and never holding up or
        dropping the turn's replies (a refused answer is only logged)."""
        query = update.callback_query
        assert query is not None
        count("callback")
        lang = lang_of(update)

        async def answer(text: str | None = None, *, alert: bool = False) -> None:
            await self.callbacks.answer(query, text, alert=alert)

        try:
            press = decode(query.data)
            message = query.message if isinstance(query.message, Message) else None
            if message is None:
                # inline-mode messages and ones too old to reach have no chat to continue in
                await answer(self.advisor.messages.plain("telegram.button_expired", lang))
                return
            if message.chat.type != ChatType.PRIVATE:
                await groups.on_group_button(self, context, query, message, press, answer, lang)
                return
            # (a group card's button in a private chat is forged: no card is ever sent here
            # with one, so it is treated as unreadable below rather than edited into a card)
            key = ConversationKey(chat=message.chat_id, user=query.from_user.id)
            # The first press of a message's buttons claims it (atomically, across workers);
            # a second one is a double tap on a question already answered: a toast, no more.
            claim = f"kb:{message.chat_id}:{message.message_id}"
            if not await self.store.claim(claim, KEYBOARD_CLAIM_TTL):
                await answer(self.advisor.messages.plain("telegram.already_answered", lang))
                return
            try:
                if isinstance(press, ButtonPress):
                    # the message's date lets a lost session be told from an expired one
                    event = OptionChosen(press.step, press.choice, press.turn,
                                         shown_at=message.date.timestamp())
                    async with self.typing(context, message.chat_id):
                        replies = await self.conversations.handle(key, event, lang=lang)
                    stale = bool(replies) and replies[0].extra.get("code") == "stale_button"
                else:
                    log.info("unreadable callback data in chat %s", message.chat_id)
                    replies = await self.conversations.current(key, lang=lang)
                    if not replies:
                        replies = [Reply(self.text("engine.no_interview", lang),
                                         kind="notice")]
                    stale = True
            except BaseException:
                await self.store.release(claim)  # nothing happened: the buttons still work
                raise
            share = self.share_query(replies)
            # independent calls: the toast, the keyboard, the replies; one round trip of waiting
            await asyncio.gather(
                answer(self.advisor.messages.plain("telegram.button_expired", lang)
                       if stale else None),
                self.remove_keyboard(message),
                self.send_replies(context, message.chat_id, replies, share_query=share))
        finally:
            await answer()

    async def remove_keyboard(self, message: Message) -> None:
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

    # ------------------------------------------------------------------ other updates

    async def on_inline_query(self, update: Update, context: Context) -> None:
        """`@bot law firm` anywhere: verdict cards for the best matching industries."""
        count("inline")
        await inline.answer_inline_query(self, update, context)

    async def on_shared_message(self, update: Update, context: Context) -> None:
        """A group message or channel post: answered only when it addresses the bot."""
        await groups.on_shared_message(self, update, context)

    async def on_migration(self, update: Update, context: Context) -> None:
        """A group became a supergroup; nothing stored is keyed by group (answers are one-shot),
        so there is nothing to move: log it and carry on in the new chat."""
        message = update.effective_message
        assert message is not None
        if message.migrate_to_chat_id:
            log.info("group %s migrated to supergroup %s", message.chat_id,
                     message.migrate_to_chat_id)

    async def on_my_chat_member(self, update: Update, context: Context) -> None:
        """Remember when a user blocks (or unblocks) the bot in their private chat."""
        change = update.my_chat_member
        assert change is not None
        if change.chat.type != ChatType.PRIVATE:
            log.info("bot membership in chat %s is now %s", change.chat.id,
                     change.new_chat_member.status)
            return
        blocked = change.new_chat_member.status in (ChatMemberStatus.BANNED,
                                                    ChatMemberStatus.LEFT)
        await self.store.mark_inactive(change.from_user.id, blocked)
        log.info("user %s %s the bot", change.from_user.id,
                 "blocked" if blocked else "unblocked")

    # ------------------------------------------------------------------ errors

    async def on_error(self, update: object, context: Context) -> None:
        """Log every failure (no token, no user text), count it, apologise to the user."""
        error = context.error
        kind = type(error).__name__
        upd = update if isinstance(update, Update) else None
        if METRICS is not None:
            METRICS.error(kind)
        if isinstance(error, Forbidden):
            user = upd.effective_user if upd else None
            chat = upd.effective_chat if upd else None
            if user is not None and chat is not None and chat.type == ChatType.PRIVATE:
                await self.store.mark_inactive(user.id)
                log.info("user %s blocked the bot; marked inactive", user.id)
            else:
                log.info("forbidden in chat %s: %s", chat.id if chat else "?", error)
            return
        if isinstance(error, ChatMigrated):
            log.info("chat moved to %s while answering", error.new_chat_id)
            return
        if isinstance(error, TimedOut):
            # The turn is saved and a send that timed out usually arrived: an apology now
            # would invite the user to answer the same question twice.
            log.warning("update %s: Telegram timed out; turn kept, no apology",
                        upd.update_id if upd else "?")
            return
        log.error("update %s failed with %s", upd.update_id if upd else "?", kind,
                  exc_info=error)
        if upd is None or upd.effective_chat is None or upd.inline_query is not None:
            return
        chat = upd.effective_chat
        if chat.type != ChatType.PRIVATE and not groups.was_addressed(self, upd, context):
            return
        message = upd.effective_message
        with contextlib.suppress(TelegramError):
            await self.send_rich(
                context, chat.id, self.text("telegram.apology", lang_of(upd)),
                reply_to=message.message_id if message and chat.type != ChatType.PRIVATE
                else None,
                thread_id=groups.thread_of(message) if message else None)

