"""Building the python-telegram-bot Application: requests, rate limits, ordering, handlers.

Updates of one conversation are processed one at a time, in arrival order, while different
conversations run concurrently (`ConversationOrderedProcessor`); PTB's own options are one
global queue (no concurrency) or full concurrency (no ordering), neither of which fits a
dialogue where the second message must see the first one's answer.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Awaitable, Coroutine, Hashable, Iterable
from typing import Any

from telegram import (
    BotCommand,
    BotCommandScope,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    Update,
)
from telegram.error import NetworkError, TelegramError, TimedOut
from telegram.ext import AIORateLimiter, Application, BaseRateLimiter, BaseUpdateProcessor
from telegram.request import RequestData

from bot.config import Settings
from bot.core.locks import KeyedLocks
from bot.core.messages import Messages
from bot.frontends.telegram.callbacks import CALLBACK_GRACE, CallbackAnswers
from bot.frontends.telegram.command_table import Menu, menu
from bot.frontends.telegram.context import App, Frontend
from bot.frontends.telegram.flood import SharedRateLimiter
from bot.frontends.telegram.handlers import install
from bot.frontends.telegram.intake import Intake
from bot.frontends.telegram.sender import TYPING_DELAY, Sender
from bot.frontends.telegram.transport import AiohttpRequest
from bot.service import Conversations
from bot.storage.redis import RedisStore

log = logging.getLogger(__name__)

__all__ = [
    "ALLOWED_UPDATES",
    "App",
    "ConversationOrderedProcessor",
    "RetryingRequest",
    "build_application",
    "set_commands",
]

# Only what the handlers use: Telegram does not even send the rest.
ALLOWED_UPDATES: tuple[str, ...] = (
    "message",
    "edited_message",
    "channel_post",
    "callback_query",
    "inline_query",
    "my_chat_member",
)
MAX_IN_FLIGHT = 256  # updates taken from the queue at once (waiting ones included)
MAX_ACTIVE = 64  # updates actually running at once
RETRIES = 3
BACKOFF = 0.5  # seconds, doubled at each retry
# Methods safe to repeat after a timeout: repeating a send could post a message twice.
_IDEMPOTENT_PREFIXES = ("get", "set", "delete", "answer", "edit", "close", "log", "sendchataction")


def conversation_of(update: object) -> Hashable | None:
    """The ordering key of an update: (chat, user), or None when order does not matter."""
    if not isinstance(update, Update) or update.inline_query is not None:
        return None
    chat = update.effective_chat
    user = update.effective_user
    if chat is None and user is None:
        return None
    return (chat.id if chat else 0, user.id if user else 0)


class ConversationOrderedProcessor(BaseUpdateProcessor):
    """Per-conversation FIFO, cross-conversation concurrency, and a stop that loses nothing.

    PTB starts a task per update in arrival order; each task here first queues on its
    conversation's lock (asyncio locks wake waiters in FIFO order), then on a global limit of
    active updates, so a chat flooding the bot waits on its own lock without holding the
    slots other conversations need. Only then does the update *start* (`Intake.begin`); once
    the intake drains, waiting updates give up instead, unacknowledged (see intake.py).
    """

    def __init__(
        self,
        max_concurrent_updates: int = MAX_IN_FLIGHT,
        max_active: int = MAX_ACTIVE,
        intake: Intake | None = None,
    ) -> None:
        super().__init__(max_concurrent_updates)
        self._active = asyncio.Semaphore(max_active)
        self._locks = KeyedLocks()
        self.intake = intake or Intake()
        self.callbacks: CallbackAnswers | None = None
        self._running: dict[asyncio.Task[Any], object] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Run the update after earlier updates of the same conversation."""
        key = conversation_of(update)
        if key is None:
            async with self._active:
                await self._run(update, coroutine)
            return
        async with self._locks.hold(key), self._active:
            await self._run(update, coroutine)

    async def _run(self, update: object, coroutine: Awaitable[Any]) -> None:
        if not self.intake.begin(update):
            if isinstance(coroutine, Coroutine):
                coroutine.close()  # never started: no "was never awaited" warning
            if self.callbacks is not None:
                self.callbacks.finished(update)
            return
        task = asyncio.current_task()
        assert task is not None
        self._running[task] = update
        try:
            await coroutine
        except asyncio.CancelledError:
            self.intake.cancelled(update)
            raise
        finally:
            self._running.pop(task, None)
            if self.callbacks is not None:
                self.callbacks.finished(update)

    def cancel_running(self) -> int:
        """Cut short the updates still running (the stop deadline passed); how many."""
        for task in self._running:
            task.cancel()
        return len(self._running)

    @property
    def conversations_waiting(self) -> int:
        """How many conversations have an update running or queued."""
        return len(self._locks)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release: Application.stop() already waited for running updates."""


class RetryingRequest(AiohttpRequest):
    """Bot API requests with retries and backoff for transient network errors and 5xx.

    A request that never reached Telegram (connection refused, reset, 5xx) is retried for every
    method; a timeout only for methods that are harmless to repeat, so a slow sendMessage can
    not post the same message twice. 429 is left to the rate limiter (it knows retry_after).
    """

    def __init__(
        self, *args: Any, retries: int = RETRIES, backoff: float = BACKOFF, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._retries = retries
        self._backoff = backoff

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> tuple[int, bytes]:
        """One API call, retried on transient failures."""
        endpoint = url.rsplit("/", 1)[-1]
        repeatable = endpoint.lower().startswith(_IDEMPOTENT_PREFIXES)
        # start-up retries getMe itself (one warning per attempt, Ctrl+C at any time)
        retries = 0 if endpoint.lower() == "getme" else self._retries
        delay = self._backoff
        for attempt in range(retries + 1):
            last = attempt == retries
            try:
                code, payload = await super().do_request(url, method, request_data, *args, **kwargs)
            except TimedOut:
                if last or not repeatable:
                    raise
                log.warning("%s timed out; retrying in %.1fs", endpoint, delay)
            except NetworkError as exc:
                if last:
                    raise
                log.warning(
                    "%s failed (%s); retrying in %.1fs", endpoint, type(exc).__name__, delay
                )
            else:
                if code < 500 or last:
                    return code, payload
                log.warning("%s got HTTP %d; retrying in %.1fs", endpoint, code, delay)
            await asyncio.sleep(delay)
            delay *= 2
        raise AssertionError("unreachable")


def flood_limiter(token: str, store: object) -> BaseRateLimiter[Any]:
    """Telegram's flood limits: one budget shared by all workers when they share Redis,
    PTB's per-process limiter otherwise (one process is then the whole bot)."""
    if isinstance(store, RedisStore):
        return SharedRateLimiter(
            store.redis, token.split(":", 1)[0], prefix=store.prefix, max_retries=RETRIES
        )
    return AIORateLimiter(max_retries=RETRIES)


def file_base_url(api_base_url: str) -> str:
    """The file-download URL that goes with an API URL (".../bot" -> ".../file/bot")."""
    if api_base_url.endswith("/bot"):
        return api_base_url[: -len("bot")] + "file/bot"
    return api_base_url.rstrip("/") + "/file/bot"


def _requests(max_active: int) -> tuple[RetryingRequest, AiohttpRequest]:
    """The HTTP clients: one for Bot API calls, one for the long polls."""
    # up to two calls at once per active update (a press removes the old keyboard while it
    # sends the next question), so no update waits for a free connection
    request = RetryingRequest(
        connection_pool_size=2 * max_active + 8,
        read_timeout=10.0,
        write_timeout=10.0,
        connect_timeout=5.0,
        pool_timeout=5.0,
    )
    # long polls stay open up to their timeout; they get their own connection
    polling = AiohttpRequest(connection_pool_size=2, read_timeout=30.0, connect_timeout=5.0)
    return request, polling


def build_application(
    settings: Settings,
    conversations: Conversations,
    *,
    rate_limiter: BaseRateLimiter[Any] | bool | None = True,
    typing_delay: float | None = None,
    max_active: int = MAX_ACTIVE,
    callback_grace: float = CALLBACK_GRACE,
) -> App:
    """The Application with every handler installed (nothing is started or fetched yet).

    `rate_limiter=True` applies Telegram's documented flood limits with three retries after a
    429 (`flood_limiter`: shared through Redis when the store is Redis); benchmarks pass False
    to measure the bot rather than the limits.
    """
    if not settings.token:
        raise ValueError("a bot token is required to build the Telegram application")
    if rate_limiter is True:
        rate_limiter = flood_limiter(settings.token, conversations.store)
    processor = ConversationOrderedProcessor(MAX_IN_FLIGHT, max_active)
    processor.callbacks = CallbackAnswers(callback_grace)
    processor.intake.on_arrival = processor.callbacks.arrived  # a press's clock starts on arrival
    request, polling = _requests(max_active)
    builder = (
        Application.builder()
        .token(settings.token)
        .base_url(settings.api_base_url)
        .base_file_url(file_base_url(settings.api_base_url))
        .request(request)
        .get_updates_request(polling)
        .concurrent_updates(processor)
        .job_queue(None)
        .post_init(set_commands)
    )
    if isinstance(rate_limiter, BaseRateLimiter):
        builder = builder.rate_limiter(rate_limiter)
    app: App = builder.build()
    app.bot_data["requests"] = (request, polling)  # closed by the runner if start-up fails
    sender = Sender(TYPING_DELAY if typing_delay is None else typing_delay)
    install(app, Frontend(conversations, settings, sender=sender, callbacks=processor.callbacks))
    # Everything loaded so far (the knowledge base, flows, messages: tens of thousands of
    # objects) lives as long as the process. Frozen, the cyclic GC no longer walks it in a
    # full collection (tens of ms each on the benchmark machine).
    gc.freeze()
    return app


def menus(
    messages: Messages, admin_ids: Iterable[int]
) -> list[tuple[BotCommandScope, list[BotCommand]]]:
    """The command menus from the command table: private chats, groups, each admin's chat."""

    def listed(which: Menu) -> list[BotCommand]:
        return [BotCommand(spec.name, messages.plain(spec.help_key)) for spec in menu(which)]

    scopes: list[tuple[BotCommandScope, list[BotCommand]]] = [
        (BotCommandScopeAllPrivateChats(), listed("private")),
        (BotCommandScopeAllGroupChats(), listed("group")),
    ]
    scopes += [(BotCommandScopeChat(admin), listed("admin")) for admin in sorted(admin_ids)]
    return scopes


async def set_commands(app: App) -> None:
    """Register the command menus: private chats, groups, and each admin's private chat."""
    frontend: Frontend = app.bot_data["frontend"]
    for scope, commands in menus(frontend.advisor.messages, frontend.settings.admin_ids):
        try:
            await app.bot.set_my_commands(commands, scope=scope)
        except TelegramError as exc:
            # e.g. an admin who never opened a chat with the bot: the menu is a nicety
            log.warning("could not set the command menu for %s: %s", scope.type, exc)
