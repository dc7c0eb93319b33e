"""`advisor run`: check everything, then serve Telegram by long polling or webhook until SIGTERM.

Start-up refuses to half-start: a missing token (exit 2), broken data files or an unusable
store (exit 1) are reported in one clear message before anything connects to Telegram.
SIGTERM/SIGINT stop the intake first, let the updates already started finish (at most
STOP_GRACE seconds), leave every other update unacknowledged for the next start (intake.py),
close the store and exit 0.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import re
import signal
import sys

from telegram import Bot
from telegram.error import InvalidToken, NetworkError

from bot.advisor import Advisor
from bot.config import Settings
from bot.core.errors import ConfigError, DataErrors, StorageError

# the module, not its functions: tests and benchmarks wrap app.build_application before a run
from bot.frontends.telegram import app as tgapp
from bot.frontends.telegram.app import ALLOWED_UPDATES, ConversationOrderedProcessor, set_commands
from bot.frontends.telegram.context import App, Frontend
from bot.frontends.telegram.intake import Poller, requeue_parked, to_json
from bot.frontends.telegram.transport import AiohttpRequest
from bot.frontends.telegram.webhook import WebhookServer
from bot.ops.logs import setup_logging
from bot.ops.metrics import METRICS
from bot.service import Conversations
from bot.storage import check, open_store
from bot.storage.base import SessionStore

log = logging.getLogger(__name__)

POLL_TIMEOUT = 25  # seconds a getUpdates long poll stays open
INIT_ATTEMPTS = 5  # getMe attempts while the Bot API is unreachable (1+2+4+8 s apart)
TOKEN_SHAPE = re.compile(r"[0-9]{1,20}:[A-Za-z0-9_-]{30,60}")
REJECTED = "the token was rejected by Telegram (revoked or mistyped?); check TELEGRAM_BOT_TOKEN"
STOP_GRACE = 7.0  # seconds started updates get to finish on SIGTERM (the whole stop: < 10 s)
NOT_CONFIGURED = (
    "advisor run: TELEGRAM_BOT_TOKEN is not set (get one from @BotFather); "
    "to talk to the advisor without Telegram, run `make console`"
)


def _err(text: str) -> None:
    print(f"advisor run: {text}", file=sys.stderr)


def main(args: argparse.Namespace) -> int:
    """Entry point of `advisor run`; returns the exit status."""
    try:
        settings = Settings.load()
    except ConfigError as exc:
        _err(str(exc))
        return 2
    if not settings.token:
        print(NOT_CONFIGURED, file=sys.stderr)
        return 2
    if not TOKEN_SHAPE.fullmatch(settings.token):
        # caught here, before anything connects: Telegram would only say "Not Found"
        _err(
            "TELEGRAM_BOT_TOKEN is not a bot token (expected digits, a colon and about 35 "
            "letters, digits, '-' or '_', as @BotFather gives it)"
        )
        return 2
    # opt in to PTB's timedelta periods now: otherwise every 429 logs a deprecation warning
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    setup_logging(
        settings.log_format, settings.log_level, secrets=(settings.token, settings.webhook_secret)
    )
    try:
        advisor = Advisor.load(settings)
    except DataErrors as exc:
        _err(f"not starting: {len(exc.errors)} problem(s) in the data files:")
        for error in exc.errors:
            print(f"  {error.render()}", file=sys.stderr)
        return 1
    try:
        store = open_store(settings.store_url)
    except (ConfigError, StorageError) as exc:
        _err(f"not starting: session store: {exc}")
        return 1
    return asyncio.run(
        serve(settings, advisor, store, check_only=bool(getattr(args, "check", False)))
    )


async def serve(
    settings: Settings, advisor: Advisor, store: SessionStore, *, check_only: bool = False
) -> int:
    """Run the bot until a stop signal; returns the exit status."""
    try:
        await check(store)
    except StorageError as exc:
        _err(f"not starting: session store: {exc}")
        await store.close()
        return 1
    if check_only:
        try:
            return await _check_token(settings)
        finally:
            await store.close()
    try:
        return await _run(settings, advisor, store)
    finally:
        await store.close()
        log.info("session store closed")


async def _check_token(settings: Settings) -> int:
    """`--check`: ask Telegram about the token (getMe) when the Bot API answers."""
    assert settings.token is not None
    request = AiohttpRequest(read_timeout=5.0, connect_timeout=5.0)
    bot = Bot(
        settings.token,
        base_url=settings.api_base_url,
        request=request,
        get_updates_request=AiohttpRequest(),
    )
    try:
        await request.initialize()
        me = await bot.get_me()
    except InvalidToken:
        _err(f"--check: {REJECTED}")
        return 1
    except NetworkError as exc:  # TimedOut included
        print(
            "advisor run --check: settings, data and session store are fine; the Bot API "
            f"at {settings.api_base_url} did not answer ({type(exc).__name__}), so the token "
            "was not checked"
        )
        return 0
    finally:
        await request.shutdown()
    print(
        f"advisor run --check: settings, data, session store and token are fine "
        f"(the bot is @{me.username})"
    )
    return 0


async def _initialize(app: App) -> None:
    """Connect (getMe), retrying while Telegram is unreachable: one warning per attempt."""
    delay = 1.0
    for attempt in range(1, INIT_ATTEMPTS + 1):
        try:
            await app.initialize()
            return
        except InvalidToken:
            raise
        except NetworkError as exc:
            if attempt == INIT_ATTEMPTS:
                raise
            log.warning(
                "cannot reach the Bot API (%s), attempt %d of %d; retrying in %.0fs",
                type(exc).__name__,
                attempt,
                INIT_ATTEMPTS,
                delay,
            )
            await asyncio.sleep(delay)
            delay *= 2


async def _close_requests(app: App) -> None:
    """Close the HTTP sessions a failed start-up opened (no "Unclosed client session")."""
    for request in app.bot_data.get("requests", ()):
        await request.shutdown()


async def _stop(
    app: App,
    processor: ConversationOrderedProcessor,
    hook: WebhookServer | None,
    poller: Poller | None,
    store: SessionStore,
    hurry: asyncio.Event | None = None,
) -> None:
    """Stop within STOP_GRACE seconds, leaving every update that did not start unacknowledged.

    Updates still waiting for their turn give up at once (Telegram keeps them for the next
    process, or the store does when they were taken ahead); the started ones get until the
    deadline to finish, then they are cut short.
    """
    parked = processor.intake.drain()
    await asyncio.sleep(0)  # let webhook requests that were waiting answer their 503
    if hook is not None:
        await hook.stop()  # late and waiting requests get a 503: Telegram delivers them again
    if poller is not None:
        await poller.stop()
    stopping = asyncio.ensure_future(app.stop())
    # a second Ctrl+C (or SIGTERM) does not wait for the started updates either
    hurried = asyncio.ensure_future((hurry or asyncio.Event()).wait())
    done, _ = await asyncio.wait(
        {stopping, hurried}, timeout=STOP_GRACE, return_when=asyncio.FIRST_COMPLETED
    )
    hurried.cancel()
    if stopping not in done:
        cut = processor.cancel_running()
        log.warning("%d started update(s) cut short", cut)
    await stopping
    if poller is not None:
        await poller.acknowledge()
    if parked:
        try:
            await store.park_updates([to_json(u) for u in parked])
        except StorageError as exc:
            log.error("%d update(s) taken but not run could not be parked: %s", len(parked), exc)
    log.info(
        "stopped; %d update(s) left at Telegram, %d parked for the next start",
        len(processor.intake.given_up),
        len(parked),
    )


async def _connect(app: App, settings: Settings, stop: asyncio.Event) -> int | None:
    """Connect to the Bot API; an exit status when the bot must not start (None: go on).

    Ctrl+C or SIGTERM while connecting ends the wait at once."""
    connecting = asyncio.ensure_future(_initialize(app))
    stopping = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({connecting, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if not connecting.done():
            connecting.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await connecting
            print("advisor run: stopped before connecting to Telegram", file=sys.stderr)
            return 0
        connecting.result()
    except InvalidToken:
        _err(REJECTED)
        return 1
    except NetworkError as exc:
        _err(
            f"cannot reach the Bot API at {settings.api_base_url} after {INIT_ATTEMPTS} "
            f"attempts ({type(exc).__name__}); not starting"
        )
        return 1
    finally:
        stopping.cancel()
    return None


def _on_signals(loop: asyncio.AbstractEventLoop, event: asyncio.Event | None) -> None:
    """SIGTERM and SIGINT set `event` (None: back to the default handlers)."""
    for sig in (signal.SIGTERM, signal.SIGINT):
        if event is None:
            loop.remove_signal_handler(sig)
        else:
            loop.add_signal_handler(sig, event.set)


async def _run(settings: Settings, advisor: Advisor, store: SessionStore) -> int:
    """Connect, take updates until a stop signal, stop cleanly; the exit status."""
    conversations = Conversations(advisor, store, observer=METRICS)
    app = tgapp.build_application(settings, conversations)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    _on_signals(loop, stop)
    status: int | None = 1
    try:
        status = await _connect(app, settings, stop)
    finally:
        if status is not None:  # not connected: close what start-up opened
            await _close_requests(app)
            _on_signals(loop, None)
    if status is not None:
        return status
    processor = app.update_processor
    assert isinstance(processor, ConversationOrderedProcessor)
    source = _UpdateSource(app, settings, store, processor)
    try:
        status = await source.start()
        if status is not None:
            return status
        print(
            "advisor run: the bot is running; stop it with Ctrl+C or SIGTERM",
            file=sys.stderr,
            flush=True,
        )
        await stop.wait()
        hurry = asyncio.Event()
        _on_signals(loop, hurry)
        log.info("stopping: taking no new updates, finishing the ones already started")
        await _stop(app, processor, source.hook, source.poller, store, hurry)
    finally:
        await source.close()
        _on_signals(loop, None)
    return 0


class _UpdateSource:
    """Where updates come from once connected: a webhook server or a long-polling loop."""

    def __init__(
        self,
        app: App,
        settings: Settings,
        store: SessionStore,
        processor: ConversationOrderedProcessor,
    ) -> None:
        self.app = app
        self.settings = settings
        self.store = store
        self.processor = processor
        self.hook: WebhookServer | None = None
        self.poller: Poller | None = None

    async def start(self) -> int | None:
        """Start the application and take updates; an exit status if that is impossible."""
        app, intake = self.app, self.processor.intake
        await set_commands(app)  # what post_init does under run_polling/run_webhook
        await app.start()
        parked = await requeue_parked(app, intake, await self.store.take_parked_updates())
        if parked:
            log.info("running %d update(s) parked by the previous process first", parked)
        if self.settings.webhook_url:
            return await self._start_webhook()
        self.poller = Poller(app, intake, timeout=POLL_TIMEOUT, allowed_updates=ALLOWED_UPDATES)
        await self.poller.start()
        log.info("running with long polling")
        return None

    async def _start_webhook(self) -> int | None:
        settings = self.settings
        host, port = settings.webhook_listen
        frontend: Frontend = self.app.bot_data["frontend"]
        self.hook = WebhookServer(
            self.app, frontend, settings.webhook_secret, host, port, intake=self.processor.intake
        )
        try:
            await self.hook.start()
        except OSError as exc:
            _err(f"cannot listen on {host}:{port}: {exc.strerror}")
            return 1
        # Pending updates are kept: Telegram delivers them to the webhook now.
        assert settings.webhook_url is not None
        await self.app.bot.set_webhook(
            settings.webhook_url,
            secret_token=settings.webhook_secret,
            allowed_updates=list(ALLOWED_UPDATES),
            drop_pending_updates=False,
        )
        log.info("running with a webhook on port %d", self.hook.port)
        return None

    async def close(self) -> None:
        """Whatever happened: no more updates, the application stopped and shut down."""
        if self.poller is not None:
            await self.poller.stop()
        if self.app.running:
            await self.app.stop()
        if self.hook is not None:
            await self.hook.stop()
        await self.app.shutdown()
