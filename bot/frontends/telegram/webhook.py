"""The webhook server: POST /telegram for updates, GET /healthz and GET /metrics.

A small tornado server of our own instead of PTB's `run_webhook`, because it also serves the
health check and the metrics, and because it checks every request before anything runs:
wrong or missing secret -> 403, not JSON -> 415, not an update this bot can handle -> 400
with one WARNING naming what is wrong (update_check.py: nesting, huge integers, update_id
`true`, a message without chat, a private message without sender…), before the duplicate
check could record its id. Only a valid update is
put on the application's queue, and the 200 goes back as soon as the update starts (it does
not wait for the turn to finish, so Telegram never redelivers because of a slow one) or after
WEBHOOK_HOLD seconds (then a stop parks it in the store); an update that has not started nor
been answered when the process stops gets a 503, and Telegram delivers it again.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import socket
from typing import Any

from telegram import Update
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application, RequestHandler

from bot.frontends.telegram.context import Frontend
from bot.frontends.telegram.intake import WEBHOOK_HOLD, Intake
from bot.frontends.telegram.update_check import problem
from bot.ops.metrics import CONTENT_TYPE as METRICS_TYPE
from bot.ops.metrics import METRICS

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/telegram"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name
MAX_BODY = 1024 * 1024  # updates are a few kilobytes; anything bigger is not Telegram
PING_TIMEOUT = 2.0


class _Base(RequestHandler):
    """Shared set-up: the server object, plain-text answers, no access log of bodies."""

    hook: WebhookServer

    def initialize(self, hook: WebhookServer) -> None:
        self.hook = hook

    def answer(self, status: int, text: str, content_type: str = "text/plain") -> None:
        self.set_status(status)
        self.set_header("Content-Type", content_type)
        self.finish(text)


class _UpdateHandler(_Base):
    """POST /telegram: check the secret, the content type and the body, then queue."""

    def refuse(self, why: str) -> None:
        """400 with one WARNING (the reason names fields, never what users wrote)."""
        log.warning("webhook update refused: %s", why)
        self.answer(400, why)

    async def post(self) -> None:
        hook = self.hook
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), hook.secret.encode()):
            log.warning(
                "webhook request with a %s secret refused", "missing" if not given else "wrong"
            )
            self.answer(403, "forbidden")
            return
        ctype = self.request.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if ctype != "application/json":
            self.answer(415, "expected application/json")
            return
        try:
            data: Any = json.loads(self.request.body)
        except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
            self.refuse("body is not JSON")
            return
        why = problem(data)
        if why is not None:
            self.refuse(f"body is not a Telegram update: {why}")
            return
        try:
            update = Update.de_json(data, hook.app.bot)
        except Exception as exc:  # any parse failure is the sender's fault, never a 500
            self.refuse(f"body is not a Telegram update: {type(exc).__name__}")
            return
        if not hook.accepting:
            # shutting down: Telegram keeps the update and delivers it again later
            self.answer(503, "shutting down")
            return
        # The 200 tells Telegram the update is ours: say it once the update has started, so
        # one still waiting when the process stops gets a 503 and comes again (intake.py).
        started = hook.intake.fetched(update)
        await hook.app.update_queue.put(update)
        done, _ = await asyncio.wait({started}, timeout=WEBHOOK_HOLD)
        if not done:
            # still waiting (a burst): take it now so presses are answered in time; on a
            # stop it is parked in the store instead of being refused
            hook.intake.acknowledged(update.update_id)
            self.answer(200, "ok")
        elif started.result():
            self.answer(200, "ok")
        else:
            self.answer(503, "shutting down")


class _HealthHandler(_Base):
    """GET /healthz: 200 only when the store answers and flows are loaded."""

    async def get(self) -> None:
        frontend = self.hook.frontend
        try:
            store_ok = await asyncio.wait_for(frontend.store.ping(), PING_TIMEOUT)
        except Exception:  # any failure to ping is "unhealthy", not a crash
            store_ok = False
        flows_ok = bool(frontend.advisor.flows)
        body = json.dumps({"store": store_ok, "flows": len(frontend.advisor.flows)})
        self.answer(200 if store_ok and flows_ok else 503, body, "application/json")


class _MetricsHandler(_Base):
    """GET /metrics: Prometheus text format."""

    async def get(self) -> None:
        self.answer(200, METRICS.render(), METRICS_TYPE)


class WebhookServer:
    """Listens on `host:port`; `start()` binds (port 0 picks a free one, see `.port`)."""

    def __init__(
        self,
        app: Any,
        frontend: Frontend,
        secret: str,
        host: str = "127.0.0.1",
        port: int = 8080,
        *,
        intake: Intake | None = None,
    ) -> None:
        self.app = app
        self.intake = intake if intake is not None else app.update_processor.intake
        self.frontend = frontend
        self.secret = secret
        self.host = host
        self.port = port
        self.accepting = True
        self._server: HTTPServer | None = None

    async def start(self) -> None:
        """Bind and start serving."""
        routes = [
            (WEBHOOK_PATH, _UpdateHandler, {"hook": self}),
            ("/healthz", _HealthHandler, {"hook": self}),
            ("/metrics", _MetricsHandler, {"hook": self}),
        ]
        # no access log: it is noise at this rate, and request lines are not worth keeping
        application = Application(routes, log_function=lambda handler: None)
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        sockets = bind_sockets(self.port, self.host, family=family)
        self.port = sockets[0].getsockname()[1]
        self._server = HTTPServer(application, max_body_size=MAX_BODY, xheaders=True)
        self._server.add_sockets(sockets)
        log.info("webhook server listening on %s:%d", self.host, self.port)

    async def stop(self) -> None:
        """Stop taking updates (503 for late ones) and close the listening socket."""
        self.accepting = False
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
            self._server = None
