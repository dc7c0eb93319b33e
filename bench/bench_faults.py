"""Runtime faults under load: a burst of button presses, and SIGTERM with a backlog.

    .venv/bin/python bench/bench_faults.py [presses|sigterm|flood|all] [--users N] [--quick]

Each case runs real `advisor run` processes (long polling, SQLite, PTB's flood limiter on: 30
messages a second, as in production) against the strict Bot API test server, which this
process runs and which enforces Telegram's window for answering a button press.

presses  N users (default 500) each press a button of their current question within 3 s.
         Printed for the bot as it is and, as the baseline in the same run, for the bot with
         the answer clock off (a press answered only after its turn, as before): apologies,
         presses answered late (refused as "query is too old") or never, users who got their
         next question.
sigterm  N users (default 1,200) send /start at once; SIGTERM 3 s later; then a restart.
         Printed: how long the stop took, how many were answered before it, after the restart
         and never, and how many twice; the baseline is the time the whole backlog takes to be
         answered without a stop (what a stop that finished the backlog first would take).
flood    Two webhook workers on one token and one Redis, N users (default 300) send /start at
         once. Printed: messages per second at the peak (any one second, and sustained over
         five) for the shared budget and, as the baseline, for each worker keeping PTB's limits
         on its own (as before).
Exit status 1 if a target is missed: 0 apologies, 0 late presses, everyone asked the next
question; a stop within 10 s and every /start answered exactly once; at most 30 messages a
second sustained across both workers.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.advisor import Advisor  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.engine.events import Command, TextInput  # noqa: E402
from bot.frontends.telegram.render import plan  # noqa: E402
from bot.service import Conversations  # noqa: E402
from bot.storage import open_store  # noqa: E402
from bot.storage.base import ConversationKey  # noqa: E402
from tests.conftest import RedisServer, find_redis_server  # noqa: E402
from tests.reliability.procs import DirectBotApi, Worker  # noqa: E402

WINDOW = 10.0  # seconds Telegram gives a bot to answer a press (observed: about 10-15)
APOLOGY = "Sorry, something went wrong"
FIRST_QUESTION = "What does your business do"
STOP_TARGET = 10.0


class BenchWorker(Worker):
    """`advisor run` with the flood limiter on and an optional callback grace."""

    def __init__(
        self, *args: Any, grace: float | None = None, local_flood: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.grace = grace
        self.local_flood = local_flood

    def command(self) -> list[str]:
        cmd = [sys.executable, "-m", "tests.reliability.run_worker"]
        if self.local_flood:
            cmd.append("--local-flood")
        return cmd + (["--callback-grace", str(self.grace)] if self.grace is not None else [])


def load_advisor() -> Advisor:
    return Advisor.load(Settings.load(dotenv=Path("/nonexistent/.env")))


async def prepare(advisor: Advisor, api: DirectBotApi, db: Path, users: range) -> dict[int, int]:
    """Sessions at question 2 for every user, and the question's message with its buttons;
    returns each user's message id."""
    store = open_store(f"sqlite:///{db}")
    conversations = Conversations(advisor, store)
    messages: dict[int, int] = {}
    try:
        for user in users:
            key = ConversationKey(user, user)
            await conversations.handle(key, Command("start"))
            replies = await conversations.handle(key, TextInput("we are a law firm"))
            out = [o for o in plan(replies) if o.keyboard is not None][-1]
            chat = api.private_chat(api.user(user))
            assert out.keyboard is not None
            sent = api.bot_message(chat, "question", out.keyboard.to_dict())
            messages[user] = sent.message_id
    finally:
        await store.close()
    return messages


async def presses(advisor: Advisor, n: int, grace: float | None, folder: Path) -> dict[str, Any]:
    """One burst of presses; the figures."""
    users = range(20_000, 20_000 + n)
    async with DirectBotApi(callback_window=WINDOW) as api:
        db = folder / f"presses-{grace}.db"
        messages = await prepare(advisor, api, db, users)
        worker = BenchWorker(
            api,
            folder,
            f"sqlite:///{db}",
            name=f"p{grace}",
            webhook=False,
            data=advisor.settings,
            grace=grace,
        )
        await worker.start()
        try:
            sent_before = len(api.sent)
            began = time.monotonic()
            queries: list[str] = []
            for i, user in enumerate(users):
                # spread over 3 s
                await asyncio.sleep(max(0.0, began + 3.0 * i / n - time.monotonic()))
                sent = api.messages[(user, messages[user])]
                data = sent["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
                api.inject_callback(
                    {"chat": {"id": user}, "message_id": messages[user]}, str(data), user
                )
                queries.append(api.last_query_id)

            def asked() -> int:
                # the made-up question was the first message with buttons in each chat
                return sum(1 for u in users if len(api.prompts(u)) >= 2)

            deadline = time.monotonic() + 120
            while asked() < n and time.monotonic() < deadline:
                await asyncio.sleep(0.5)
            took = time.monotonic() - began
            await asyncio.sleep(WINDOW + 1)  # any answer still to come would be late now
            new = api.sent[sent_before:]
            return {
                "apologies": sum(APOLOGY in s.text for s in new),
                "late": api.late_answers,
                "unanswered": sum(q not in api.callback_answers for q in queries),
                "asked": asked(),
                "seconds": took,
            }
        finally:
            await worker.stop()


def answered(api: DirectBotApi, users: range) -> dict[int, int]:
    return {u: sum(FIRST_QUESTION in s.text for s in api.by_chat.get(u, ())) for u in users}


async def sigterm(
    advisor: Advisor, n: int, folder: Path, *, stop_after: float | None
) -> dict[str, Any]:
    """N /starts at once; SIGTERM after `stop_after` s (None: no stop, time the backlog)."""
    users = range(30_000, 30_000 + n)
    async with DirectBotApi() as api:
        db = folder / f"sigterm-{stop_after}.db"
        worker = BenchWorker(
            api,
            folder,
            f"sqlite:///{db}",
            name=f"s{stop_after}",
            webhook=False,
            data=advisor.settings,
        )
        await worker.start()
        try:
            began = time.monotonic()
            for user in users:
                api.inject_message(api.private_chat(api.user(user)), api.user(user), "/start")
            if stop_after is None:
                while not all(answered(api, users).values()):
                    await asyncio.sleep(0.2)
                return {"backlog": time.monotonic() - began}
            await asyncio.sleep(stop_after)
            stop_began = time.monotonic()
            code = await worker.stop(timeout=60)
            stop_took = time.monotonic() - stop_began
            before = sum(answered(api, users).values())
            await worker.start()
            deadline = time.monotonic() + n / 20 + 30
            while not all(answered(api, users).values()) and time.monotonic() < deadline:
                await asyncio.sleep(0.2)
            await asyncio.sleep(1.0)
            final = answered(api, users)
            return {
                "code": code,
                "stop": stop_took,
                "before": before,
                "after": sum(final.values()) - before,
                "never": sum(1 for v in final.values() if v == 0),
                "twice": sum(1 for v in final.values() if v > 1),
            }
        finally:
            await worker.stop()


def peak(times: list[float], window: float) -> float:
    """The most events in any `window` seconds, per second."""
    times = sorted(times)
    best = start = 0
    for end, at in enumerate(times):
        while at - times[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best / window


async def flood(
    advisor: Advisor, n: int, folder: Path, redis_url: str, *, local: bool
) -> dict[str, float]:
    """N /starts to two webhook workers; the send rate Telegram would see."""
    users = range(50_000, 50_000 + n)
    import redis.asyncio as aioredis

    client = aioredis.Redis.from_url(redis_url)
    await client.flushall()  # a fresh test server numbers its updates from 1 again
    await client.aclose()
    async with DirectBotApi() as api:
        workers = [
            BenchWorker(
                api,
                folder,
                redis_url,
                name=f"f{local}{i}",
                data=advisor.settings,
                local_flood=local,
            )
            for i in (1, 2)
        ]
        await asyncio.gather(*(w.start() for w in workers))
        try:
            await asyncio.gather(
                *(workers[u % 2].post(api.message_update(u, "/start")) for u in users)
            )
            for user in users:
                await api.wait_prompts(user, 1, timeout=120)
        finally:
            for w in workers:
                await w.stop()
        sends = [c.at for c in api.calls_of("sendMessage") if c.status == 200]
        return {
            "peak1": peak(sends, 1.0),
            "peak5": peak(sends, 5.0),
            "refused": float(sum(1 for c in api.calls if c.status == 429)),
        }


async def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument(
        "case", nargs="?", default="all", choices=["presses", "sigterm", "flood", "all"]
    )
    parser.add_argument("--users", type=int, default=0, help="users (default per case)")
    parser.add_argument("--quick", action="store_true", help="a fifth of the users")
    args = parser.parse_args()
    advisor = load_advisor()
    ok = True
    with tempfile.TemporaryDirectory(prefix="bench-faults-") as tmp:
        folder = Path(tmp)
        if args.case in ("presses", "all"):
            n = args.users or (100 if args.quick else 500)
            print(
                f"presses: {n} users press a button within 3 s (answer window {WINDOW:g} s, "
                "flood limiter on, SQLite)"
            )
            for label, grace in (("answer clock off (baseline)", 1e6), ("as shipped", None)):
                r = await presses(advisor, n, grace, folder)
                print(
                    f"  {label:28} apologies {r['apologies']:4}  late {r['late']:4}  "
                    f"never answered {r['unanswered']:4}  next question {r['asked']:4}/{n}"
                    f"  ({r['seconds']:.1f} s)",
                    flush=True,
                )
            ok = (
                ok
                and r["apologies"] == 0
                and r["late"] == 0
                and r["unanswered"] == 0
                and r["asked"] == n
            )
        if args.case in ("sigterm", "all"):
            n = args.users or (240 if args.quick else 1200)
            print(f"sigterm: {n} users send /start at once (flood limiter on, SQLite)")
            base = await sigterm(advisor, n, folder, stop_after=None)
            print(f"  baseline: the whole backlog answered in {base['backlog']:.1f} s", flush=True)
            r = await sigterm(advisor, n, folder, stop_after=3.0)
            print(
                f"  SIGTERM 3 s in: stopped in {r['stop']:.1f} s (exit {r['code']}, "
                f"{r['stop'] / base['backlog']:.2f} of the backlog time); answered before "
                f"the stop {r['before']}, after the restart {r['after']}, never {r['never']},"
                f" twice {r['twice']}",
                flush=True,
            )
            ok = (
                ok
                and r["code"] == 0
                and r["stop"] <= STOP_TARGET
                and r["never"] == 0
                and r["twice"] == 0
            )
        if args.case in ("flood", "all"):
            n = args.users or (100 if args.quick else 300)
            binary = find_redis_server()
            if binary is None:
                print("flood: skipped, no redis-server on this machine")
            else:
                print(
                    f"flood: two webhook workers on one token and one Redis, {n} users send "
                    "/start at once"
                )
                server = RedisServer(binary, folder)
                server.start()
                try:
                    for label, local in (
                        ("each worker on its own (baseline)", True),
                        ("one budget in Redis", False),
                    ):
                        r = await flood(advisor, n, folder, server.url, local=local)
                        print(
                            f"  {label:34} peak {r['peak1']:5.1f} msg/s in one second, "
                            f"{r['peak5']:5.1f} msg/s over five; 429s {r['refused']:.0f}",
                            flush=True,
                        )
                finally:
                    server.stop()
                ok = ok and r["peak5"] <= 30
    print("targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
