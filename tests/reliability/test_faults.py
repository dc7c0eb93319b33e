"""Faults: Telegram saying 429, 403, 5xx or nothing at all; Redis killed mid-run; an
unwritable SQLite file; `advisor run` killed with SIGKILL in the middle of interviews.

The Bot API test server injects the Telegram faults (`fail_next`); Redis is the real one of
tests/conftest.py, killed and restarted in place; the bot processes are real `advisor run`s.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import os
import random
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from telegram import Bot as TgBot
from telegram.error import NetworkError, TimedOut

import bot.frontends.telegram.app as tgapp
from bot.advisor import Advisor
from bot.engine.settled import NOW
from bot.frontends.telegram.app import RetryingRequest
from bot.storage import open_store
from bot.storage.base import ConversationKey
from bot.storage.redis import RedisStore
from tests.botapi.server import BotApiServer, Sent
from tests.helpers import ROOT
from tests.reliability.checks import session_problems
from tests.reliability.procs import DirectBotApi, Worker, data_env
from tests.telegram.harness import running_bot

pytestmark = pytest.mark.e2e

APOLOGY = "Sorry, something went wrong"


def sends(api: BotApiServer, chat_id: int) -> list[Any]:
    """Every sendMessage call to one chat, failed ones included."""
    return [c for c in api.calls_of("sendMessage") if str(c.params.get("chat_id")) == str(chat_id)]


# ---------------------------------------------------------------------------- Telegram faults


async def test_429_is_waited_out_and_the_message_still_arrives(advisor: Advisor) -> None:
    async with BotApiServer() as api, running_bot(api, advisor) as bot:
        chat = bot.chat(301)
        api.fail_next("sendMessage", "429", retry_after=1)
        turn = await chat.send("/start")
        assert len(turn.messages) == 1 and "What does your business do" in turn.text
        refused, delivered = sends(api, 301)
        assert (refused.status, delivered.status) == (429, 200)
        # Telegram said "retry after 1 s": the bot did not come back sooner
        assert delivered.at - refused.at >= 0.9
        # the rest of the interview is unaffected
        assert "Law firm" in (await chat.send("we are a law firm")).text


async def test_a_429_storm_is_bounded(advisor: Advisor) -> None:
    """The limiter retries three times, then gives up (and the apology is bounded too)."""
    async with BotApiServer() as api, running_bot(api, advisor) as bot:
        chat = bot.chat(302)
        storm = api.fail_next("sendMessage", "429", times=1000, retry_after=0)
        await chat.send("/start")
        attempts = len(sends(api, 302))
        assert 1 < attempts <= 8, attempts  # 1 + 3 for the reply, at most as many to apologise
        await asyncio.sleep(0.5)
        assert len(sends(api, 302)) == attempts, "nothing keeps retrying in the background"
        storm.times = 0


async def test_403_blocked_user_is_marked_inactive_without_retries(advisor: Advisor) -> None:
    async with DirectBotApi() as api, running_bot(api, advisor) as bot:
        users = list(range(310, 330))
        for user in users:
            chat = bot.chat(user)
            await chat.send("/start")
        # they block the bot before its next answer reaches them (no my_chat_member yet)
        api.blocked.update(users)
        before = len(api.calls_of("sendMessage"))
        for user in users:
            await bot.settle(api.inject_message(user, user, "we are a law firm"))
        forbidden = [c for c in api.calls_of("sendMessage")[before:]]
        assert [c.status for c in forbidden] == [403] * len(users), "one attempt each, no storm"
        for user in users:
            assert await bot.store.is_inactive(user)
            session = await bot.store.get(ConversationKey(user, user))
            assert session is not None and session.step == "relationship", "the turn was kept"
        # Telegram's own notice of a block, then of an unblock
        api.blocked.clear()
        await bot.settle(api.unblock(users[0]))
        assert not await bot.store.is_inactive(users[0])
        await bot.settle(api.block(users[0]))
        assert await bot.store.is_inactive(users[0])


@contextmanager
def short_timeouts(monkeypatch: pytest.MonkeyPatch, read: float = 0.5) -> Iterator[None]:
    """build_application with a short read timeout and backoff (the real ones are 10 s / 0.5 s)."""

    class Short(RetryingRequest):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.update(read_timeout=read, backoff=0.05)
            super().__init__(*args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(tgapp, "RetryingRequest", Short)
        yield


async def test_timeouts_and_5xx_retry_with_backoff_and_never_duplicate(advisor: Advisor) -> None:
    """The request class on its own: which calls are repeated, how often, how far apart."""
    async with BotApiServer() as api:
        api.private_chat(api.user(320))
        request = RetryingRequest(read_timeout=0.4, retries=3, backoff=0.1)
        async with TgBot(api.token, base_url=api.base_url, request=request) as tg:
            # 5xx twice: retried, one message, waits growing (0.1 s, then 0.2 s)
            api.fail_next("sendMessage", "502", times=2)
            await tg.send_message(320, "one")
            calls = api.calls_of("sendMessage")
            assert [c.status for c in calls] == [502, 502, 200]
            assert calls[1].at - calls[0].at >= 0.09 and calls[2].at - calls[1].at >= 0.19
            # 5xx forever: bounded (1 + 3 attempts), then the error surfaces
            forever = api.fail_next("sendMessage", "500", times=100)
            with pytest.raises(NetworkError, match="Internal Server Error"):
                await tg.send_message(320, "two")
            assert len(api.calls_of("sendMessage")) == 3 + 4
            forever.times = 0
            # a send that times out may have arrived: it is NOT repeated
            api.fail_next("sendMessage", "delay", delay=1.0)
            with pytest.raises(TimedOut):
                await tg.send_message(320, "three")
            await api.wait_for(lambda: any(s.text == "three" for s in api.sent), 3)
            assert [s.text for s in api.sent] == ["one", "three"], "no duplicate"
            # a read that times out is harmless to repeat, and is (getMe is not: start-up
            # retries it itself, one warning per attempt)
            api.fail_next("getMyCommands", "delay", delay=1.0)
            gets = len(api.calls_of("getMyCommands"))
            await tg.get_my_commands()
            await api.wait_for(lambda: len(api.calls_of("getMyCommands")) == gets + 2, 3)
            # a dropped connection never reached the server: repeated for every method
            api.fail_next("sendMessage", "drop")
            await tg.send_message(320, "four")
            assert [s.text for s in api.sent] == ["one", "three", "four"]


async def test_timeouts_and_5xx_through_the_bot(
    advisor: Advisor, monkeypatch: pytest.MonkeyPatch
) -> None:
    with short_timeouts(monkeypatch):
        async with BotApiServer() as api, running_bot(api, advisor) as bot:
            chat = bot.chat(321)
            api.fail_next("sendMessage", "503", times=2)
            turn = await chat.send("/start")
            assert len(turn.messages) == 1 and "What does your business do" in turn.text
            # the reply is slow to be acknowledged: sent once, not twice
            api.fail_next("sendMessage", "delay", delay=1.5)
            update = api.inject_message(chat.chat, chat.user, "we are a law firm")
            await bot.settle(update)
            await api.wait_for(lambda: any("Law firm" in s.text for s in api.sent_to(321)), 5)
            questions = [s for s in api.sent_to(321) if "Question 2 of 10" in s.text]
            assert len(questions) == 1, [s.text for s in api.sent_to(321)]
            session = await bot.store.get(ConversationKey(321, 321))
            assert session is not None and session.step == "relationship" and session.turn == 2
            # a timed-out send usually arrived: no apology inviting a second answer
            assert not any("went wrong" in s.text for s in api.sent_to(321))
            # and the user carries on normally
            turn = await chat.press(questions[0].labels[0])
            assert "Question 3 of 10" in turn.text


# ---------------------------------------------------------------------------- Redis restart


async def redis_user(
    api: DirectBotApi,
    workers: list[Worker],
    advisor: Advisor,
    user: int,
    rng: random.Random,
    presses: int,
    done: int,
) -> list[str]:
    """Answer `presses` more questions by button, each on a random worker."""
    chosen: list[str] = []
    for i in range(presses):
        sent = await api.wait_prompts(user, done + i, timeout=30)
        buttons = [b for b in sent.buttons if "callback_data" in b]
        data = str(buttons[(user + i) % len(buttons)]["callback_data"])
        await rng.choice(workers).post(api.callback_update(sent, data, user))
        chosen.append(data.split("|")[2])
    await api.wait_prompts(user, done + presses, timeout=30)
    return chosen


@pytest.mark.slow
async def test_redis_restarted_mid_run(
    advisor: Advisor, redis_url: str, tmp_path: Path, restart_redis: Callable[..., None]
) -> None:
    """Redis is SIGKILLed and restarted while two workers are busy: they reconnect by
    themselves, no stored session is lost and no user sees an error."""
    async with DirectBotApi() as api:
        workers = [
            Worker(api, tmp_path, redis_url, name=f"r{i}", rate_limit=False, data=advisor.settings)
            for i in (1, 2)
        ]
        try:
            await asyncio.gather(*(w.start() for w in workers))
            users = list(range(20_000, 20_060))
            for user in users:
                await workers[user % 2].post(api.message_update(user, "/start"))
            for user in users:
                await api.wait_prompts(user, 1)
                await workers[(user + 1) % 2].post(api.message_update(user, "a small bakery"))
            for user in users:
                await api.wait_prompts(user, 2)
            before = RedisStore(redis_url)
            sessions = {u: await before.get(ConversationKey(u, u)) for u in users}
            await before.close()
            assert all(s is not None and s.step == "relationship" for s in sessions.values())
            # users keep pressing buttons while Redis dies and comes back
            tasks = [
                asyncio.create_task(redis_user(api, workers, advisor, u, random.Random(u), 4, 2))
                for u in users
            ]
            await asyncio.sleep(0.3)
            await asyncio.to_thread(restart_redis)
            chosen = await asyncio.wait_for(asyncio.gather(*tasks), 90)
        finally:
            stopped = [await w.stop() for w in workers]
        logs = "\n".join(w.tail(20_000) for w in workers)
        assert stopped == [0, 0], logs
        assert api.refused() == [], api.refused()[:5]
        for user in users:
            assert not any(APOLOGY in s.text for s in api.by_chat[user]), (user, logs[-2000:])
        after = RedisStore(redis_url)
        try:
            steps = ("relationship", "engagement", "customization", "trust")
            for user, options in zip(users, chosen, strict=True):
                session = await after.get(ConversationKey(user, user))
                assert session is not None, f"user {user}: session lost"
                assert not session_problems(advisor, session)
                assert {s: session.answers.get(s) for s in steps} == dict(
                    zip(steps, options, strict=True)
                )
                assert session.turn == 6 and session.step == "payment"
        finally:
            await after.close()


# ---------------------------------------------------------------------------- SQLite unwritable


def _without_root_powers() -> None:
    """In the child before exec: even as root, obey file permissions (drop the DAC caps)."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    pr_capbset_drop = 24
    for cap in (1, 2, 3):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER
        if libc.prctl(pr_capbset_drop, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def run_check(store_url: str, folder: Path, advisor: Advisor) -> subprocess.CompletedProcess[str]:
    """`advisor run` on a store, with a token and an unreachable Bot API; exits at start-up."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ADVISOR_", "TELEGRAM_"))}
    env.update(data_env(advisor.settings))
    env.update(
        {
            "PYTHONPATH": str(ROOT),
            "ADVISOR_STORE": store_url,
            "TELEGRAM_BOT_TOKEN": "1:unused-but-shaped-like-a-bot-token-x",
            "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9/bot",
        }
    )
    return subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_without_root_powers,
    )


def test_unwritable_sqlite_store_stops_start_up_with_a_clear_message(
    tmp_path: Path, advisor: Advisor
) -> None:
    # a database file the bot's user may read but not write
    readonly = tmp_path / "ro" / "advisor.db"
    readonly.parent.mkdir()
    store = open_store(f"sqlite:///{readonly}")
    asyncio.run(store.close())
    readonly.chmod(0o444)
    # a folder the bot's user may not write into (SQLite must create the file and its -wal)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    # a folder that does not exist
    missing = tmp_path / "nowhere" / "advisor.db"
    try:
        for path in (readonly, locked / "advisor.db", missing):
            result = run_check(f"sqlite:///{path}", tmp_path, advisor)
            assert result.returncode == 1, (path, result.stdout, result.stderr)
            lines = result.stderr.strip().splitlines()
            assert lines and lines[-1].startswith("advisor run: not starting: session store"), (
                result.stderr
            )
            assert str(path.parent) in result.stderr
            assert "Traceback" not in result.stderr
    finally:
        locked.chmod(0o755)
        readonly.chmod(0o644)


# ---------------------------------------------------------------------------- kill -9


async def press(api: DirectBotApi, sent: Sent, index: int, user: int) -> tuple[int, str]:
    """Queue a press of one button under `sent` for the polling bot; (update id, option)."""
    buttons = [b for b in sent.buttons if "callback_data" in b]
    data = str(buttons[index % len(buttons)]["callback_data"])
    return api.inject_callback(sent, data, user), data.split("|")[2]


@pytest.mark.slow
async def test_kill_9_never_loses_an_acknowledged_answer(advisor: Advisor, tmp_path: Path) -> None:
    """`advisor run` (long polling, SQLite) is SIGKILLed at several points of an interview.
    After each restart the user carries on from the step they had reached: every answer the
    bot had acknowledged (by asking the next question) is still there."""
    user = 401
    db = tmp_path / "advisor.db"
    key = ConversationKey(user, user)
    async with DirectBotApi() as api:
        worker = Worker(
            api, tmp_path, f"sqlite:///{db}", name="k", webhook=False, data=advisor.settings
        )
        acknowledged: dict[str, str] = {}

        async def stored() -> dict[str, str]:
            store = open_store(f"sqlite:///{db}")
            try:
                session = await store.get(key)
            finally:
                await store.close()
            assert session is not None and not session_problems(advisor, session)
            return {k: v for k, v in session.answers.items() if not k.startswith("industry")}

        def slot_of(sent: Sent) -> str:
            step = advisor.flows["main"].steps[str(sent.buttons[0]["callback_data"]).split("|")[1]]
            return step.slot or step.id

        async def answer(n: int) -> Sent:
            """Press the newest question's button and wait for the next question."""
            for _ in range(n):
                count = len(api.prompts(user))
                sent = api.prompts(user)[-1]
                _, option = await press(api, sent, user + count, user)
                nxt = await api.wait_prompts(user, count + 1)
                assert "earlier question" not in nxt.text, "a known step was treated as stale"
                if option != NOW:  # "See the result now" answers nothing
                    acknowledged[slot_of(sent)] = option
            return api.prompts(user)[-1]

        try:
            await worker.start()
            api.inject_message(user, user, "/start")
            await api.wait_prompts(user, 1)
            # 1: killed right after the first question was asked
            worker.kill()
            await worker.start()
            api.inject_message(user, user, "we are a law firm")
            await api.wait_prompts(user, 2)
            await answer(2)
            # 2: killed between two answers
            worker.kill()
            assert await stored() == acknowledged
            await worker.start()
            await answer(1)
            # 3: killed while the answer is saved but its reply is still on the way
            count = len(api.prompts(user))
            hold = api.hold_next("sendMessage")
            pressed = api.prompts(user)[-1]
            _, option = await press(api, pressed, 0, user)
            await asyncio.wait_for(hold.arrived.wait(), 10)
            worker.kill()
            hold.release()
            after = await stored()
            # the answer is saved before its reply goes out: applied, just never acknowledged
            acknowledged[slot_of(pressed)] = option
            assert after == acknowledged
            await worker.start()
            # the user saw no new question: whatever they type next shows the current one
            api.inject_message(user, user, "hmm")
            current = await api.wait_prompts(user, count + 1)
            assert slot_of(current) not in acknowledged
            await answer(2)
            # 4: killed near the end; after the restart the interview finishes
            worker.kill()
            await worker.start()
            for _ in range(10):
                if api.prompts(user)[-1].labels[-1] == "Share":
                    break
                await answer(1)
            assert api.prompts(user)[-1].labels[-1] == "Share", "the verdict was reached"
            assert await stored() == acknowledged
        finally:
            code = await worker.stop()
        assert code == 0, worker.tail()
        assert worker.starts == 5
        assert "Traceback" not in worker.tail(100_000), worker.tail()


class HangingWorker(Worker):
    """`advisor run` whose turns for one user hang inside the conversation's lock."""

    def __init__(self, *args: Any, hang_user: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hang_user = hang_user

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "tests.reliability.run_worker",
            "--hang-user",
            str(self.hang_user),
        ]


@pytest.mark.slow
async def test_a_worker_killed_mid_turn_does_not_lock_its_user_out(
    advisor: Advisor, redis_url: str, tmp_path: Path
) -> None:
    """Two workers on Redis; one is killed with -9 while it holds a user's lock in the middle
    of a turn. The user's next update, on the other worker, waits for the dead worker's lock
    to expire (3 s) and is then answered: no apology (before: the lock stayed 30 s, the
    update waited 10 s and got an apology)."""
    user = 451
    async with DirectBotApi() as api:
        doomed = HangingWorker(
            api, tmp_path, redis_url, name="doomed", data=advisor.settings, hang_user=user
        )
        other = Worker(api, tmp_path, redis_url, name="other", data=advisor.settings)
        try:
            await asyncio.gather(doomed.start(), other.start())
            task = asyncio.create_task(doomed.post(api.message_update(user, "/start")))
            await api.wait_for(lambda: "hanging mid-turn" in doomed.tail(), 10, "the hang")
            probe = RedisStore(redis_url)
            try:
                assert await probe.redis.exists(f"advisor:lock:{user}:{user}")
            finally:
                await probe.close()
            doomed.kill()
            task.cancel()
            with contextlib.suppress(BaseException):
                await task
            await other.post(api.message_update(user, "/start"))
            prompt = await api.wait_prompts(user, 1, timeout=15)
            assert "What does your business do" in prompt.text
            await asyncio.sleep(0.5)
            assert not [s for s in api.by_chat[user] if APOLOGY in s.text]
        finally:
            await doomed.stop()
            code = await other.stop()
        assert code == 0, other.tail()
        assert "Traceback" not in other.tail(100_000), other.tail()
