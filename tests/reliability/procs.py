"""Real `advisor run` processes against the Bot API test server, and updates posted to them.

`Worker` starts one bot process (webhook or long polling) with its settings in the
environment, waits until it says it is running, and stops it with SIGTERM or SIGKILL.
`DirectBotApi` is the test server plus what a test needs to play Telegram's webhook
delivery itself: updates built with fresh ids but not queued, so the test decides which
worker gets each one (and can give one update to both, as a redelivery).

Everything here is asynchronous: the test server runs on the test's event loop, so a
blocking wait would freeze the very server the workers are talking to.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx

from bot.config import Settings
from tests.botapi.server import ApiError, BotApiServer, Sent
from tests.helpers import ROOT, free_port

# Descriptions the simulated users start with (the load tests and bench/bench_load.py).
BUSINESSES = (
    "we are a law firm",
    "a small bakery",
    "wedding planning",
    "hair salon",
    "bookkeeping for small firms",
    "plumbing and heating repairs",
    "yoga studio",
    "car repair garage",
    "coffee shop",
    "online shop selling mugs",
    "florist",
)

SECRET = "reliability-Secret_0123456789"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
RUNNING = "the bot is running"
# Telegram opens at most this many connections to a webhook at once (its default is 40).
WEBHOOK_CONNECTIONS = 40


def data_env(settings: Settings) -> dict[str, str]:
    """Environment that points a bot process at the same flows and knowledge as `settings`."""
    return {
        "ADVISOR_DIALOGUES": str(settings.dialogues_dir),
        "ADVISOR_KNOWLEDGE": str(settings.knowledge_dir),
    }


class Hold:
    """A call the server holds: `arrived` is set when it comes in; `release()` lets it fail."""

    def __init__(self) -> None:
        self.arrived = asyncio.Event()
        self.released = asyncio.Event()

    def release(self) -> None:
        self.released.set()


class DirectBotApi(BotApiServer):
    """The strict test server, indexing what it sends by chat, with unqueued updates."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.by_chat: dict[int, list[Sent]] = defaultdict(list)
        # copies as sent: pressing a button takes the keyboard off the live message
        self._prompts: dict[int, list[Sent]] = defaultdict(list)
        self._holds: dict[str, Hold] = {}
        # one event per chat, replaced at every message: waiting users wake only for their own
        self._chat_changed: dict[int, asyncio.Event] = {}

    def _store_sent(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        msg = super()._store_sent(*args, **kwargs)
        chat_id = msg["chat"]["id"]
        self.by_chat[chat_id].append(self.sent[-1])
        if self.sent[-1].buttons:
            self._prompts[chat_id].append(dataclasses.replace(self.sent[-1]))
        event = self._chat_changed.pop(chat_id, None)
        if event is not None:
            event.set()
        return msg

    def prompts(self, chat_id: int) -> list[Sent]:
        """Messages sent to the chat with buttons, as sent (one ends every interview turn)."""
        return list(self._prompts.get(chat_id, ()))

    async def wait_prompts(self, chat_id: int, count: int, timeout: float = 20.0) -> Sent:
        """Wait until the chat has `count` messages with buttons; return the newest."""
        deadline = time.monotonic() + timeout
        while len(self.prompts(chat_id)) < count:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(
                    f"chat {chat_id}: {len(self.prompts(chat_id))} of {count} "
                    f"prompts after {timeout}s"
                )
            event = self._chat_changed.setdefault(chat_id, asyncio.Event())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)
        return self.prompts(chat_id)[-1]

    def message_update(
        self,
        user_id: int,
        text: str | None,
        *,
        lang: str = "en",
        extra: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A private message from `user_id`, as Telegram would post it (not queued)."""
        user = self.user(user_id, f"U{user_id}", language_code=lang)
        message = self.make_message(self.private_chat(user), user, text, extra=extra)
        return {"update_id": next(self._update_ids), "message": message}

    def callback_update(self, sent: Sent, data: str, user_id: int) -> dict[str, Any]:
        """A press of a button with `data` under `sent`, as it stands now (not queued)."""
        query_id = self.open_query()
        msg = self.messages[(sent.chat_id, sent.message_id)]
        return {
            "update_id": next(self._update_ids),
            "callback_query": {
                "id": query_id,
                "from": self.user(user_id, f"U{user_id}"),
                "message": json.loads(json.dumps(msg)),
                "chat_instance": f"ci{sent.chat_id}",
                "data": data,
            },
        }

    def block(self, user_id: int) -> int:
        """The user blocks the bot; returns the id of Telegram's my_chat_member update."""
        super().block(user_id)
        return int(self._pending[-1]["update_id"])

    def unblock(self, user_id: int) -> int:
        """The user unblocks the bot (restarts it); returns the update id."""
        self.blocked.discard(user_id)
        chat = self.chats.get(user_id) or self.private_chat(self.user(user_id))
        return self._enqueue(
            "my_chat_member",
            {
                "chat": chat,
                "from": self.user(user_id),
                "date": int(time.time()),
                "old_chat_member": {"status": "kicked", "user": self.bot_user, "until_date": 0},
                "new_chat_member": {"status": "member", "user": self.bot_user},
            },
        )

    def hold_next(self, method: str) -> Hold:
        """The next call of `method` hangs until released, then fails unprocessed (502)."""
        hold = Hold()
        self._holds[method] = hold
        return hold

    async def handle(
        self, token: str, method: str, params: dict[str, Any], files: dict[str, bytes]
    ) -> Any:
        hold = self._holds.pop(method, None)
        if hold is not None:
            hold.arrived.set()
            await hold.released.wait()
            raise ApiError(502, "Bad Gateway")
        return await super().handle(token, method, params, files)

    def refused(self) -> list[tuple[str, int, str]]:
        """Calls the strict server refused (a double press racing an edit is fine)."""
        return [
            (c.method, c.status, c.description)
            for c in self.calls
            if c.status >= 400 and "not modified" not in c.description and c.method != "getUpdates"
        ]


class WebhookClient:
    """Telegram's side of a webhook: POSTs over at most `size` keep-alive connections.

    A few lines of HTTP/1.1 instead of httpx: with hundreds of posts queued, httpx's pool
    rescans every connection for every queued request, and the load generator would then
    need more CPU than the bot it measures.
    """

    def __init__(self, host: str, port: int, size: int = 40) -> None:
        self.host = host
        self.port = port
        self._slots = asyncio.Semaphore(size)
        self._idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []

    async def post(self, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        """Send one request; (status, body)."""
        async with self._slots:
            reader, writer = (
                self._idle.pop()
                if self._idle
                else await asyncio.open_connection(self.host, self.port)
            )
            try:
                head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
                writer.write(
                    f"POST {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                    f"{head}Content-Length: {len(body)}\r\n\r\n".encode()
                    + body
                )
                status_line = await reader.readline()
                length = 0
                while (line := await reader.readline()) not in (b"\r\n", b""):
                    name, _, value = line.decode("latin-1").partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value)
                payload = await reader.readexactly(length)
                status = int(status_line.split()[1])
            except BaseException:
                writer.close()
                raise
            self._idle.append((reader, writer))
            return status, payload

    async def close(self) -> None:
        for _, writer in self._idle:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()
        self._idle.clear()


class Worker:
    """One bot process. `webhook=True` listens on its own port; otherwise it long-polls."""

    def __init__(
        self,
        api: BotApiServer,
        folder: Path,
        store_url: str,
        *,
        name: str = "w",
        webhook: bool = True,
        rate_limit: bool = True,
        env: dict[str, str] | None = None,
        data: Settings | None = None,
    ) -> None:
        self.api = api
        self.name = name
        self.store_url = store_url
        self.webhook = webhook
        self.rate_limit = rate_limit
        self.port = free_port() if webhook else 0
        self.folder = folder
        self.log = folder / f"{name}.log"
        self.extra_env = data_env(data) if data is not None else {}
        self.extra_env.update(env or {})
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self.posted = 0
        self._hook: WebhookClient | None = None
        self._client: httpx.AsyncClient | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("ADVISOR_", "TELEGRAM_"))}
        env.update(
            {
                "PYTHONPATH": str(ROOT),
                "TELEGRAM_BOT_TOKEN": self.api.token,
                "TELEGRAM_API_BASE_URL": self.api.base_url,
                "ADVISOR_STORE": self.store_url,
                "ADVISOR_WEBHOOK_SECRET": SECRET,
                "ADVISOR_LOG_LEVEL": "WARNING",
            }
        )
        if self.webhook:
            env["ADVISOR_WEBHOOK_URL"] = f"{self.url}/telegram"
            env["ADVISOR_WEBHOOK_LISTEN"] = f"127.0.0.1:{self.port}"
        env.update(self.extra_env)
        return env

    def command(self) -> list[str]:
        if self.rate_limit:
            return [sys.executable, "-m", "bot", "run"]
        return [sys.executable, "-m", "tests.reliability.run_worker", "--no-rate-limit"]

    async def start(self, timeout: float = 30.0) -> None:
        """Start the process and wait until it reports that it is running."""
        assert self.proc is None or self.proc.poll() is not None, "already running"
        self.starts += 1
        # a fresh log for a new Worker object; restarts of the same one append
        with self.log.open("ab" if self.starts > 1 else "wb") as log:
            log.write(f"--- start {self.starts}\n".encode())
            # cwd: a folder without a .env, so only the environment above counts
            self.proc = subprocess.Popen(
                self.command(),
                cwd=self.folder,
                env=self.environment(),
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while self.log.read_text(errors="replace").count(RUNNING) < self.starts:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"worker {self.name} exited with {self.proc.returncode}: {self.tail()}"
                )
            if time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"worker {self.name} did not start: {self.tail()}")
            await asyncio.sleep(0.05)

    def tail(self, chars: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-chars:] if self.log.exists() else ""

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    async def stop(self, timeout: float = 20.0) -> int | None:
        """SIGTERM and wait (asynchronously: the worker talks to our test server meanwhile)."""
        if self._client is not None:
            await self._client.aclose()
            self._client = None
        if self._hook is not None:
            await self._hook.close()
            self._hook = None
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + timeout
            while self.proc.poll() is None and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            if self.proc.poll() is None:
                self.kill()
        return self.proc.returncode

    @property
    def client(self) -> httpx.AsyncClient:
        """For the odd GET (metrics)."""
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=30)
        return self._client

    async def post(self, update: dict[str, Any]) -> None:
        """Deliver one update to this worker's webhook, as Telegram would (40 connections)."""
        self.posted += 1
        if self._hook is None:
            self._hook = WebhookClient("127.0.0.1", self.port, WEBHOOK_CONNECTIONS)
        status, body = await asyncio.wait_for(
            self._hook.post(
                "/telegram",
                json.dumps(update).encode(),
                {"Content-Type": "application/json", SECRET_HEADER: SECRET},
            ),
            30,
        )
        assert status == 200, (self.name, status, body)

    async def metrics(self) -> dict[str, float]:
        """This worker's /metrics as {"name{labels}": value}."""
        response = await self.client.get(f"{self.url}/metrics")
        out: dict[str, float] = {}
        for line in response.text.splitlines():
            if line and not line.startswith("#"):
                name, _, value = line.rpartition(" ")
                out[name] = float(value)
        return out
