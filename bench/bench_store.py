"""Storage figures: bytes per session, memory for 10,000 sessions, per-call cost of each store.

    .venv/bin/python bench/bench_store.py [--sessions 10000]

Prints, for realistic finished-interview sessions (10 answers and a history):
  * JSON bytes per session (target: at most 2 KB);
  * RSS growth of this process with N sessions in the memory store;
  * Redis `INFO memory` growth and `MEMORY USAGE` for N sessions (a real redis-server is
    started on a free port; ADVISOR_BENCH_REDIS=redis://... uses an existing one instead,
    in db 15, which it empties);
  * SQLite file bytes per session;
  * per-call cost of get/put: SQLite called directly vs through asyncio.to_thread (the
    baseline, measured in the same run), memory and Redis for comparison.
Exit status 1 when a session's JSON exceeds the target.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.engine.session import Session  # noqa: E402
from bot.storage.base import ConversationKey  # noqa: E402
from bot.storage.memory import MemoryStore  # noqa: E402
from bot.storage.redis import RedisStore  # noqa: E402
from bot.storage.sqlite import SQLiteStore  # noqa: E402

TARGET_BYTES = 2048
DIMENSIONS = {
    "relationship": ["long_term", "transactional", "mixed"],
    "engagement": ["ongoing", "occasional", "one_off"],
    "customization": ["bespoke", "standard", "configurable"],
    "trust": ["personal", "brand", "both"],
    "payment": ["retainer", "per_purchase", "subscription"],
    "communication": ["one_to_one", "broadcast", "both"],
    "satisfaction": ["outcome", "product", "both"],
    "loyalty": ["to_person", "to_brand", "price"],
    "specialization": ["deep", "broad", "some"],
}
INDUSTRIES = [
    "bakery",
    "bookkeeping",
    "wedding_planning",
    "car_repair",
    "online_shop",
    "hair_salon",
    "plumbing",
    "yoga_studio",
    "law_firm",
    "coffee_shop",
]
DESCRIPTIONS = [
    "we run a small family bakery with two shops and a café corner, mostly regulars",
    "bookkeeping and payroll for about forty small firms in the area",
    "we plan weddings: venues, catering, flowers, music, the whole day",
    "independent garage, servicing and repairs for all makes, MOT too",
    "online shop selling handmade ceramic mugs and plates across Europe",
]


def finished_session(rng: random.Random, i: int) -> Session:
    """A session at the verdict: industry, the text the user typed, and 8 dimension answers."""
    answers = {
        "industry": rng.choice(INDUSTRIES),
        "industry_text": f"{rng.choice(DESCRIPTIONS)} (#{i})",
    }
    answers.update({dim: rng.choice(opts) for dim, opts in list(DIMENSIONS.items())[:8]})
    steps = ("business", *DIMENSIONS)
    now = time.time()
    return Session(
        flow="main",
        flow_version="1.0.0",
        step="result",
        answers=answers,
        history=steps,
        misses=rng.randint(0, 2),
        turn=len(steps) + rng.randint(0, 4),
        lang="en",
        created=now - 240.0,
        updated=now,
    )


def rss_bytes() -> int:
    """Resident set size of this process, from /proc (Linux)."""
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE")


async def per_call(fn: Callable[[int], Awaitable[object]], n: int) -> tuple[float, float]:
    """Median and 99th percentile microseconds per awaited call."""
    times = []
    for i in range(n):
        start = time.perf_counter()
        await fn(i)
        times.append((time.perf_counter() - start) * 1e6)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.99)]


def start_redis(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    """A throwaway redis-server on a free port (the tests' settings: AOF, fsync always)."""
    binary = shutil.which("redis-server") or str(Path(sys.executable).parent / "redis-server")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(folder),
            "--save",
            "",
            "--appendonly",
            "yes",
            "--appendfsync",
            "always",
            "--logfile",
            str(folder / "log"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(500):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2) as c:
                c.sendall(b"PING\r\n")
                if c.recv(16).startswith(b"+PONG"):
                    return proc, f"redis://127.0.0.1:{port}/0"
        except OSError:
            time.sleep(0.02)
    proc.kill()
    raise SystemExit("redis-server did not start")


async def bench(n: int) -> int:
    rng = random.Random(5)
    sessions = [finished_session(rng, i) for i in range(n)]
    keys = [ConversationKey(1_000_000 + i, 1_000_000 + i) for i in range(n)]
    sizes = [len(s.to_json().encode()) for s in sessions]
    print(
        f"sessions: {n} finished interviews ({len(sessions[0].answers)} answers, "
        f"{len(sessions[0].history)}-step history)"
    )
    print(
        f"  JSON bytes per session: median {statistics.median(sizes):.0f}, max {max(sizes)} "
        f"(target <= {TARGET_BYTES}) -> {'OK' if max(sizes) <= TARGET_BYTES else 'OVER'}"
    )

    # --- memory store: RSS growth ---
    gc.collect()
    before = rss_bytes()
    memory = MemoryStore()
    for k, s in zip(keys, sessions, strict=True):
        await memory.put(k, s, expect_turn=None)
    gc.collect()
    grown = rss_bytes() - before
    print(
        f"memory store: RSS +{grown / 1e6:.1f} MB for {n} sessions "
        f"= {grown / n:.0f} bytes per session"
    )

    results: dict[str, tuple[float, float]] = {}
    k0 = keys[0]
    results["memory get"] = await per_call(lambda i: memory.get(keys[i % n]), 20_000)
    mturn = [sessions[0].turn]

    async def mput(_: int) -> object:
        t = mturn[0]
        mturn[0] += 1
        return await memory.put(k0, sessions[0].evolve(turn=t + 1), expect_turn=t)

    results["memory put"] = await per_call(mput, 20_000)

    # --- SQLite: file size and direct vs to_thread ---
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        sqlite = SQLiteStore(path)
        for k, s in zip(keys, sessions, strict=True):
            await sqlite.put(k, s, expect_turn=None)
        sqlite._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = path.stat().st_size
        print(
            f"sqlite: file {size / 1e6:.1f} MB for {n} sessions = {size / n:.0f} bytes per session"
        )
        turn = [sessions[0].turn]
        await sqlite.put(k0, sessions[0], expect_turn=sessions[0].turn)  # no-op CAS warm-up

        async def put_direct(_: int) -> object:
            t = turn[0]
            turn[0] += 1
            return await sqlite.put(k0, sessions[0].evolve(turn=t + 1), expect_turn=t)

        async def put_thread(_: int) -> object:
            t = turn[0]
            turn[0] += 1
            return await asyncio.to_thread(sqlite.put_sync, k0, sessions[0].evolve(turn=t + 1), t)

        results["sqlite get (to_thread, baseline)"] = await per_call(
            lambda i: asyncio.to_thread(sqlite.get_sync, keys[i % n]), 5_000
        )
        results["sqlite get (direct, chosen)"] = await per_call(
            lambda i: sqlite.get(keys[i % n]), 5_000
        )
        results["sqlite put (to_thread, baseline)"] = await per_call(put_thread, 5_000)
        results["sqlite put (direct, chosen)"] = await per_call(put_direct, 5_000)
        await sqlite.close()

        # --- Redis: INFO memory and MEMORY USAGE ---
        external = os.environ.get("ADVISOR_BENCH_REDIS")
        proc = None
        if external:
            url = external.rsplit("/", 1)[0] + "/15"
        else:
            proc, url = start_redis(Path(folder))
        try:
            store = RedisStore(url)
            await store.redis.flushdb()
            info = await store.redis.info("memory")
            base = int(info["used_memory"])
            pipe_batch = 500
            for start in range(0, n, pipe_batch):
                await asyncio.gather(
                    *(
                        store.put(k, s, expect_turn=None)
                        for k, s in zip(
                            keys[start : start + pipe_batch],
                            sessions[start : start + pipe_batch],
                            strict=True,
                        )
                    )
                )
            info = await store.redis.info("memory")
            used = int(info["used_memory"]) - base
            one = await store.redis.memory_usage(store.session_key(k0)) or 0
            index = await store.redis.memory_usage(f"{store.prefix}u:{k0.user}") or 0
            print(
                f"redis: used_memory +{used / 1e6:.1f} MB for {n} sessions = {used / n:.0f} "
                f"bytes per session (MEMORY USAGE: session {one} B + user index {index} B)"
            )
            rturn = [sessions[0].turn]

            async def rput(_: int) -> object:
                t = rturn[0]
                rturn[0] += 1
                return await store.put(k0, sessions[0].evolve(turn=t + 1), expect_turn=t)

            results["redis get"] = await per_call(lambda i: store.get(keys[i % n]), 3_000)
            results["redis put (CAS script)"] = await per_call(rput, 3_000)
            if external:
                await store.redis.flushdb()
            await store.close()
        finally:
            if proc is not None:
                proc.terminate()
                proc.wait()

    print("per call (µs, median / p99):")
    for name, (median, p99) in results.items():
        print(f"  {name:<34} {median:8.1f} / {p99:8.1f}")
    for op in ("get", "put"):
        base_us = results[f"sqlite {op} (to_thread, baseline)"][0]
        chosen = results[f"sqlite {op} (direct, chosen)"][0]
        print(f"  sqlite {op}: direct is {base_us / chosen:.1f}x faster than to_thread")
    return 0 if max(sizes) <= TARGET_BYTES else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10_000)
    args = parser.parse_args()
    return asyncio.run(bench(args.sessions))


if __name__ == "__main__":
    raise SystemExit(main())
