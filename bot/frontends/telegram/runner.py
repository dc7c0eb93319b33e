"""`advisor run`: check everything, then serve Telegram by long polling or webhook until SIGTERM.

Start-up refuses to half-start: a missing token (exit 2), broken data files or an unusable
store (exit 1) are reported in one clear message before anything connects to Telegram.
SIGTERM/SIGINT stop the intake first, let the updates already taken finish, close the store
and exit 0.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
from typing import TYPE_CHECKING

from bot.config import Settings
from bot.errors import ConfigError, DataErrors, StorageError

if TYPE_CHECKING:
    from bot.app import Advisor
    from bot.frontends.telegram.app import App
    from bot.storage.base import SessionStore

log = logging.getLogger(__name__)

POLL_TIMEOUT = 25  # seconds a getUpdates long poll stays open
INIT_ATTEMPTS = 5
NOT_CONFIGURED = ("advisor run: TELEGRAM_BOT_TOKEN is not set (get one from @BotFather); "
            "to talk to the advisor without Telegram, run `make console`")


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
    # opt in to PTB's timedelta periods now: otherwise every 429 logs a deprecation warning
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    from bot.ops.logs import setup_logging

    setup_logging(settings.log_format, settings.log_level,
                  secrets=(settings.token, settings.webhook_secret))
    from bot.app import Advisor

    try:
        advisor = Advisor.load(settings)
    except DataErrors as exc:
        _err(f"not starting: {len(exc.errors)} problem(s) in the data files:")
        for error in exc.errors:
            print(f"  {error.render()}", file=sys.stderr)
        return 1
    from bot.storage import open_store

    try:
        store = open_store(settings.store_url)
    except (ConfigError, StorageError) as exc:
        _err(f"not starting: session store: {exc}")
        return 1
    return asyncio.run(serve(settings, advisor, store, check_only=bool(
        getattr(args, "check", False))))


async def serve(settings: Settings, advisor: Advisor, store: SessionStore, *,
                check_only: bool = False) -> int:
    """Run the bot until a stop signal; returns the exit status."""
    from bot.storage import check

    try:
        await check(store)
    except StorageError as exc:
        _err(f"not starting: session store: {exc}")
        await store.close()
        return 1
    if check_only:
        print("advisor run --check: settings, data and session store are fine")
        await store.close()
        return 0
    try:
        return await _run(settings, advisor, store)
    finally:
        await store.close()
        log.info("session store closed")


async def _initialize(app: App) -> None:
    """Connect (getMe), retrying while Telegram is unreachable."""
    from telegram.error import InvalidToken, NetworkError

    delay = 1.0
    for attempt in range(INIT_ATTEMPTS):
        try:
            await app.initialize()
            return
        except InvalidToken:
            raise
        except NetworkError as exc:
            if attempt == INIT_ATTEMPTS - 1:
                raise
            log.warning("cannot reach the Bot API (%s); retrying in %.0fs",
                        type(exc).__name__, delay)
            await asyncio.sleep(delay)
            delay *= 2


async def _run(settings: Settings, advisor: Advisor, store: SessionStore) -> int:
    from telegram.error import InvalidToken, NetworkError

    from bot.frontends.telegram.app import ALLOWED_UPDATES, build_application, set_commands
    from bot.frontends.telegram.handlers import Frontend
    from bot.frontends.telegram.webhook import WebhookServer
    from bot.ops.metrics import METRICS
    from bot.service import Conversations

    conversations = Conversations(advisor, store, observer=METRICS)
    app = build_application(settings, conversations)
    frontend: Frontend = app.bot_data["frontend"]
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        await _initialize(app)
    except InvalidToken:
        _err("Telegram refused the bot token; check TELEGRAM_BOT_TOKEN")
        return 1
    except NetworkError as exc:
        _err(f"cannot reach the Bot API at {settings.api_base_url} ({type(exc).__name__})")
        return 1
    hook: WebhookServer | None = None
    try:
        await set_commands(app)  # what post_init does under run_polling/run_webhook
        await app.start()
        if settings.webhook_url:
            host, port = settings.webhook_listen
            hook = WebhookServer(app, frontend, settings.webhook_secret, host, port)
            try:
                await hook.start()
            except OSError as exc:
                _err(f"cannot listen on {host}:{port}: {exc.strerror}")
                return 1
            # Pending updates are kept: Telegram delivers them to the webhook now.
            await app.bot.set_webhook(settings.webhook_url, secret_token=settings.webhook_secret,
                                      allowed_updates=list(ALLOWED_UPDATES),
                                      drop_pending_updates=False)
            log.info("running with a webhook on port %d", hook.port)
        else:
            assert app.updater is not None
            await app.updater.start_polling(poll_interval=0.0, timeout=POLL_TIMEOUT,
                                            allowed_updates=list(ALLOWED_UPDATES),
                                            drop_pending_updates=False)
            log.info("running with long polling")
        print("advisor run: the bot is running; stop it with Ctrl+C or SIGTERM",
              file=sys.stderr, flush=True)
        await stop.wait()
        log.info("stopping: taking no new updates, finishing the ones in flight")
        if hook is not None:
            await hook.stop()
        elif app.updater is not None and app.updater.running:
            await app.updater.stop()
        await app.stop()
        log.info("all updates in flight are done")
    finally:
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        if hook is not None:
            await hook.stop()
        await app.shutdown()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)
    return 0
