"""Where `advisor run` takes updates from once connected, and how it stops taking them."""

from __future__ import annotations

import asyncio
import logging
import sys

from bot.config import Settings
from bot.core.errors import StorageError
from bot.frontends.telegram.app import ALLOWED_UPDATES, ConversationOrderedProcessor, set_commands
from bot.frontends.telegram.context import App, Frontend
from bot.frontends.telegram.intake import Poller, requeue_parked, to_json
from bot.frontends.telegram.webhook import WebhookServer
from bot.storage.base import SessionStore

log = logging.getLogger("bot.frontends.telegram.runner")  # one logger for all of `advisor run`

POLL_TIMEOUT = 25  # seconds a getUpdates long poll stays open
STOP_GRACE = 7.0  # seconds started updates get to finish on SIGTERM (the whole stop: < 10 s)


def run_error(text: str) -> None:
    """Tell the operator why `advisor run` cannot go on (stderr)."""
    print(f"advisor run: {text}", file=sys.stderr)


async def stop_updates(
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


class UpdateSource:
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
            run_error(f"cannot listen on {host}:{port}: {exc.strerror}")
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
