"""Stopping `advisor run` under a backlog: nothing queued is lost, the stop is bounded.

Real `advisor run` processes (long polling and webhook, SQLite, PTB's flood limiter on, so a
burst of users is a backlog of tens of seconds) against the strict Bot API test server.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import pytest

from bot.advisor import Advisor
from tests.reliability.procs import SECRET, SECRET_HEADER, DirectBotApi, WebhookClient, Worker

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

FIRST_QUESTION = "What does your business do"


def answered(api: DirectBotApi, users: range) -> dict[int, int]:
    """How many times each user was asked the first question."""
    return {u: sum(FIRST_QUESTION in s.text for s in api.by_chat.get(u, ())) for u in users}


async def test_sigterm_under_a_backlog_loses_no_update(advisor: Advisor, tmp_path: Path) -> None:
    """360 users send /start at once (about 12 s of replies at 30 a second); SIGTERM right
    after the first replies: the process ends within 10 s (not after the whole backlog), and
    after a restart every one of them is answered, exactly once."""
    users = range(5000, 5360)
    async with DirectBotApi() as api:
        worker = Worker(
            api,
            tmp_path,
            f"sqlite:///{tmp_path / 'advisor.db'}",
            name="t",
            webhook=False,
            data=advisor.settings,
        )
        try:
            await worker.start()
            for user in users:
                api.inject_message(api.private_chat(api.user(user)), api.user(user), "/start")
            # the limiter lets about 30 replies a second out: most are still queued here
            await api.wait_for(
                lambda: sum(answered(api, users).values()) >= 10, 20, "the first replies"
            )
            # Worker.stop kills what is still running after the timeout (exit status -9)
            assert await worker.stop(timeout=10) == 0, worker.tail()
            before_restart = answered(api, users)
            assert sum(before_restart.values()) < len(users), "the stop came too late to test"
            await worker.start()
            try:
                await api.wait_for(
                    lambda: all(answered(api, users).values()),
                    60,
                    "every user to be answered after the restart",
                )
            except TimeoutError as exc:
                missing = [u for u, n in answered(api, users).items() if not n]
                raise AssertionError(f"{len(missing)} never answered: {worker.tail()}") from exc
            await asyncio.sleep(0.5)  # a duplicate would come right behind
            assert set(answered(api, users).values()) == {1}, "each user answered exactly once"
        finally:
            await worker.stop()
        assert "Traceback" not in worker.tail(100_000), worker.tail()


async def test_sigterm_under_a_webhook_backlog_refuses_what_did_not_start(
    advisor: Advisor, tmp_path: Path
) -> None:
    """Webhook mode: an update gets its 200 only once it has started; on SIGTERM the ones
    still waiting get a 503 (Telegram delivers them again), and the stop is prompt. (240 users,
    about 8 s of replies: with 120 a loaded machine had started them all before the stop.)"""
    users = range(5300, 5540)
    async with DirectBotApi() as api:
        worker = Worker(
            api,
            tmp_path,
            f"sqlite:///{tmp_path / 'advisor.db'}",
            name="h",
            webhook=True,
            data=advisor.settings,
        )
        try:
            await worker.start()
            client = WebhookClient("127.0.0.1", worker.port, 40)

            updates = {u: api.message_update(u, "/start") for u in users}

            async def post(user: int) -> int:
                # the same update each time, as Telegram delivers it again
                update = updates[user]
                status, _ = await client.post(
                    "/telegram",
                    json.dumps(update).encode(),
                    {"Content-Type": "application/json", SECRET_HEADER: SECRET},
                )
                return status

            posts = [asyncio.create_task(post(u)) for u in users]
            await api.wait_for(
                lambda: sum(answered(api, users).values()) >= 10, 20, "the first replies"
            )
            assert worker.proc is not None
            worker.proc.terminate()
            statuses = await asyncio.gather(*posts, return_exceptions=True)
            began = time.monotonic()
            while worker.proc.poll() is None and time.monotonic() - began < 20:
                await asyncio.sleep(0.05)
            assert worker.proc.returncode == 0, worker.tail()
            await client.close()
            refused = [u for u, s in zip(users, statuses, strict=True) if s == 503]
            # a connection cut by the exit has no answer: Telegram delivers those again too,
            # and the duplicate check must keep them from being answered twice
            cut = [u for u, s in zip(users, statuses, strict=True) if s not in (200, 503)]
            assert refused, "the stop came too late to test"
            # none refused was started
            got = answered(api, users)
            assert not any(got[u] for u in refused)
            # after a restart (and Telegram delivering the refused ones again), everyone is
            # answered once: the ones taken but not run were parked in the store
            await worker.start()
            client = WebhookClient("127.0.0.1", worker.port, 40)
            for user in refused + cut:
                assert await post(user) == 200
            await api.wait_for(
                lambda: all(answered(api, users).values()),
                30,
                "every user to be answered after the restart",
            )
            await asyncio.sleep(0.5)
            assert set(answered(api, users).values()) == {1}, "each user answered exactly once"
            await client.close()
        finally:
            await worker.stop()
