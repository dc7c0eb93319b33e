"""`advisor run`: check everything, then serve Telegram by long polling or webhook until SIGTERM.

Start-up refuses to half-start: a missing token (exit 2), broken data files or an unusable
store (exit 1) are reported in one clear message before anything connects to Telegram.
SIGTERM/SIGINT stop the intake first, let the updates already started finish (at most
STOP_GRACE seconds, update_source.py), leave every other update unacknowledged for the next
start (intake.py), close the store and exit 0.
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
from bot.frontends.telegram.app import ConversationOrderedProcessor
from bot.frontends.telegram.context import App
from bot.frontends.telegram.transport import AiohttpRequest
from bot.frontends.telegram.update_source import UpdateSource, run_error, stop_updates
from bot.ops.logs import setup_logging
from bot.ops.metrics import METRICS
from bot.service import Conversations
from bot.storage import check, open_store
from bot.storage.base import SessionStore

log = logging.getLogger(__name__)

INIT_ATTEMPTS = 5  # getMe attempts while the Bot API is unreachable (1+2+4+8 s apart)
TOKEN_SHAPE = re.compile(r"[0-9]{1,20}:[A-Za-z0-9_-]{30,60}")
REJECTED = "the token was rejected by Telegram (revoked or mistyped?); check TELEGRAM_BOT_TOKEN"
NOT_CONFIGURED = (
    "advisor run: TELEGRAM_BOT_TOKEN is not set (get one from @BotFather); "
    "to talk to the advisor without Telegram, run `make console`"
)


def main(args: argparse.Namespace) -> int:
    """Entry point of `advisor run`; returns the exit status."""
    try:
        settings = Settings.load()
    except ConfigError as exc:
        run_error(str(exc))
        return 2
    if not settings.token:
        print(NOT_CONFIGURED, file=sys.stderr)
        return 2
    if not TOKEN_SHAPE.fullmatch(settings.token):
        # caught here, before anything connects: Telegram would only say "Not Found"
        run_error(
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
        run_error(f"not starting: {len(exc.errors)} problem(s) in the data files:")
        for error in exc.errors:
            print(f"  {error.render()}", file=sys.stderr)
        return 1
    try:
        store = open_store(settings.store_url)
    except (ConfigError, StorageError) as exc:
        run_error(f"not starting: session store: {exc}")
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
        run_error(f"not starting: session store: {exc}")
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
        run_error(f"--check: {REJECTED}")
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
        run_error(REJECTED)
        return 1
    except NetworkError as exc:
        run_error(
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
    source = UpdateSource(app, settings, store, processor)
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
        await stop_updates(app, processor, source.hook, source.poller, store, hurry)
    finally:
        await source.close()
        _on_signals(loop, None)
    return 0
