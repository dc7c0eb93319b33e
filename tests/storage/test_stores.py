"""One suite, every backend: memory, SQLite (a file in tmp_path) and a real Redis server."""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
import redis.asyncio as aioredis

from bot.core.errors import ConfigError, CorruptSessionError, StorageError
from bot.engine.session import Session
from bot.storage import check, open_store
from bot.storage.base import ConversationKey, SessionStore
from bot.storage.common import UNMATCHED_PER_CONVERSATION
from bot.storage.memory import MemoryStore
from bot.storage.redis import RedisStore
from bot.storage.sqlite import SQLiteStore

ROOT = Path(__file__).resolve().parents[2]
KEY = ConversationKey(chat=42, user=42)


def make_session(turn: int = 0, **changes: Any) -> Session:
    """A realistic mid-interview session."""
    base = Session(
        flow="main",
        flow_version="3",
        step="repeat_purchase",
        answers={"industry": "bakery", "ticket": "small"},
        history=("welcome", "industry", "ticket"),
        turn=turn,
        created=1_700_000_000.0,
        updated=1_700_000_100.0,
    )
    return base.evolve(**changes)


class Backend:
    """Opens stores of one kind over the same underlying data, and pokes at that data."""

    def __init__(self, name: str, tmp_path: Path, redis_url: str | None) -> None:
        self.name = name
        self.path = tmp_path / "advisor.db"
        self.redis_url = redis_url
        self.persistent = name != "memory"
        self.opened: list[SessionStore] = []

    def open(self, **options: Any) -> SessionStore:
        """A new store instance (for SQLite and Redis: over the same data as before)."""
        store: SessionStore
        if self.name == "memory":
            store = MemoryStore(**options)
        elif self.name == "sqlite":
            store = SQLiteStore(self.path, **options)
        else:
            assert self.redis_url is not None
            store = RedisStore(self.redis_url, **options)
        self.opened.append(store)
        return store

    async def close_all(self) -> None:
        for store in self.opened:
            await store.close()

    async def write_garbage(self, store: SessionStore, key: ConversationKey) -> None:
        """Damage the stored session directly in the backend, behind the store's back."""
        if isinstance(store, MemoryStore):
            store._sessions[key] = (0, "{not json", time.time())
        elif isinstance(store, SQLiteStore):
            with sqlite3.connect(self.path) as raw:
                raw.execute(
                    "INSERT OR REPLACE INTO sessions VALUES (?, ?, 0, ?, ?)",
                    (key.chat, key.user, '{"v": 1, "flow": "main"}', time.time()),
                )
        else:
            assert isinstance(store, RedisStore)
            await store.redis.set(store.session_key(key), b"0:\x00garbage")

    async def raw_unmatched(self, store: SessionStore) -> list[tuple[str, ...]]:
        """Every stored unmatched record as (chat, user, text, count), read behind the store's
        back in the backend's own shape."""
        if isinstance(store, MemoryStore):
            return [
                (str(k.chat), str(k.user), text, str(n))
                for k, texts in store._unmatched.items()
                for text, (n, _) in texts.items()
            ]
        if isinstance(store, SQLiteStore):
            with sqlite3.connect(self.path) as raw:
                rows = raw.execute("SELECT chat, user, text, count FROM unmatched").fetchall()
                return [(str(c), str(u), str(t), str(n)) for c, u, t, n in rows]
        assert isinstance(store, RedisStore)
        out: list[tuple[str, ...]] = []
        for name in await store.redis.keys("*um*"):
            user = name.decode().rpartition(":")[2]
            for field, n in (await store.redis.hgetall(name)).items():
                chat, _, text = field.decode().partition(":")
                out.append((chat, user, text, n.decode()))
        return out


@pytest.fixture(params=["memory", "sqlite", "redis"])
async def backend(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Backend]:
    url = request.getfixturevalue("redis_url") if request.param == "redis" else None
    b = Backend(request.param, tmp_path, url)
    yield b
    await b.close_all()


@pytest.fixture
def store(backend: Backend) -> SessionStore:
    return backend.open()


# --- sessions ------------------------------------------------------------------------------


async def test_roundtrip(store: SessionStore) -> None:
    assert await store.get(KEY) is None
    session = make_session()
    assert await store.put(KEY, session, expect_turn=None)
    assert await store.get(KEY) == session
    assert await store.get(ConversationKey(chat=42, user=43)) is None
    assert await store.get(ConversationKey(chat=-100, user=42)) is None


async def test_compare_and_set_on_turn(store: SessionStore) -> None:
    first = make_session(turn=0)
    assert await store.put(KEY, first, expect_turn=None)
    # Creating again must fail: someone already started this conversation.
    assert not await store.put(KEY, make_session(turn=0, step="other"), expect_turn=None)
    second = make_session(turn=1, step="ticket")
    assert await store.put(KEY, second, expect_turn=0)
    # A writer who read turn 0 is now stale.
    assert not await store.put(KEY, make_session(turn=1, step="stale"), expect_turn=0)
    assert not await store.put(KEY, make_session(turn=9), expect_turn=5)
    assert await store.get(KEY) == second
    third = make_session(turn=2, step="result")
    assert await store.put(KEY, third, expect_turn=1)
    assert await store.get(KEY) == third


async def test_put_with_a_turn_on_a_missing_session_fails(store: SessionStore) -> None:
    assert not await store.put(KEY, make_session(turn=1), expect_turn=0)
    assert await store.get(KEY) is None


async def test_delete(store: SessionStore) -> None:
    await store.delete(KEY)  # absent: no error
    await store.put(KEY, make_session(), expect_turn=None)
    other = ConversationKey(chat=-5, user=42)
    await store.put(other, make_session(), expect_turn=None)
    await store.delete(KEY)
    assert await store.get(KEY) is None
    assert await store.get(other) is not None
    # Deleted means a fresh start may create it again.
    assert await store.put(KEY, make_session(), expect_turn=None)


async def test_forget_user_everywhere_and_for_good(backend: Backend, store: SessionStore) -> None:
    me, them = 7, 8
    for chat in (me, -100, -200):
        await store.put(ConversationKey(chat, me), make_session(), expect_turn=None)
    for chat in (them, -100):
        await store.put(ConversationKey(chat, them), make_session(), expect_turn=None)
    await store.mark_inactive(me)
    await store.mark_inactive(them)

    assert await store.forget_user(me) == 4  # three sessions and the flag
    for chat in (me, -100, -200):
        assert await store.get(ConversationKey(chat, me)) is None
    assert not await store.is_inactive(me)
    assert await store.get(ConversationKey(them, them)) is not None
    assert await store.get(ConversationKey(-100, them)) is not None
    assert await store.is_inactive(them)
    assert await store.count() == 2
    assert await store.forget_user(me) == 0

    if backend.persistent:
        await store.close()
        reopened = backend.open()
        for chat in (me, -100, -200):
            assert await reopened.get(ConversationKey(chat, me)) is None
        assert not await reopened.is_inactive(me)
        assert await reopened.get(ConversationKey(-100, them)) is not None
        assert await reopened.is_inactive(them)


async def test_forget_user_after_delete_and_recreate(store: SessionStore) -> None:
    key = ConversationKey(-100, 7)
    await store.put(key, make_session(), expect_turn=None)
    await store.delete(key)
    await store.put(key, make_session(), expect_turn=None)
    assert await store.forget_user(7) == 1
    assert await store.get(key) is None


async def test_inactive_flag(store: SessionStore) -> None:
    assert not await store.is_inactive(5)
    await store.mark_inactive(5)
    assert await store.is_inactive(5)
    assert not await store.is_inactive(6)
    await store.mark_inactive(5)  # twice is fine
    await store.mark_inactive(5, False)
    assert not await store.is_inactive(5)
    await store.mark_inactive(5, False)  # and so is clearing an absent flag


async def test_first_time(backend: Backend, store: SessionStore) -> None:
    assert await store.first_time(1001)
    assert not await store.first_time(1001)
    assert not await store.first_time(1001)
    assert await store.first_time(1002)
    if backend.persistent:
        await store.close()
        reopened = backend.open()
        assert not await reopened.first_time(1001)
        assert not await reopened.first_time(1002)
        assert await reopened.first_time(1003)


async def test_parked_updates_survive_a_restart_and_are_taken_once(
    backend: Backend, store: SessionStore
) -> None:
    assert await store.take_parked_updates() == []
    await store.park_updates(['{"update_id": 7}', '{"update_id": 8}'])
    await store.park_updates(['{"update_id": 9}'])
    if backend.persistent:
        await store.close()
        store = backend.open()
    taken = await store.take_parked_updates()
    assert taken == ['{"update_id": 7}', '{"update_id": 8}', '{"update_id": 9}']
    assert await store.take_parked_updates() == []


async def test_claims_are_first_come_and_released(backend: Backend) -> None:
    one, two = backend.open(), backend.open()
    assert await one.claim("kb:1:2", 60)
    # a second worker on a shared store sees the claim too
    assert not await (two if backend.name == "redis" else one).claim("kb:1:2", 60)
    await one.release("kb:1:2")
    assert await one.claim("kb:1:2", 60)
    assert await one.claim("kb:1:3", 60)


async def test_first_time_under_a_race(store: SessionStore) -> None:
    results = await asyncio.gather(*(store.first_time(77) for _ in range(30)))
    assert results.count(True) == 1


# --- unmatched descriptions ------------------------------------------------------------------


async def test_unmatched_counts_and_order(backend: Backend, store: SessionStore) -> None:
    # counted over every conversation: several users, a group and a private chat
    for key, text in zip(
        [ConversationKey(1, 1), ConversationKey(-100, 2), ConversationKey(3, 3)],
        ["Dog  Grooming", "dog grooming\n", "  DOG\tgrooming  "],
        strict=True,
    ):
        await store.record_unmatched(text, key)
    for text in ["zebra rides", "Alpaca farm", "zebra rides"]:
        await store.record_unmatched(text, KEY)
    await store.record_unmatched("   ", KEY)  # nothing to count
    await store.record_unmatched("x" * 500, ConversationKey(5, 5))
    assert await store.unmatched() == [
        ("dog grooming", 3),
        ("zebra rides", 2),
        ("alpaca farm", 1),
        ("x" * 200, 1),
    ]
    assert await store.unmatched(limit=2) == [("dog grooming", 3), ("zebra rides", 2)]
    # Ties at the cut are broken alphabetically on every backend.
    assert await store.unmatched(limit=3) == [
        ("dog grooming", 3),
        ("zebra rides", 2),
        ("alpaca farm", 1),
    ]
    assert await store.unmatched(limit=0) == []
    raw = await backend.raw_unmatched(store)
    assert sorted(raw) == sorted(
        [
            ("1", "1", "dog grooming", "1"),
            ("-100", "2", "dog grooming", "1"),
            ("3", "3", "dog grooming", "1"),
            ("42", "42", "zebra rides", "2"),
            ("42", "42", "alpaca farm", "1"),
            ("5", "5", "x" * 200, "1"),
        ]
    )


async def test_forget_deletes_the_users_unmatched_descriptions(
    backend: Backend, store: SessionStore
) -> None:
    me, them = 987654, 55
    for chat in (me, -100123):
        await store.put(ConversationKey(chat, me), make_session(), expect_turn=None)
        await store.record_unmatched("Artisanal  Cheese caves", ConversationKey(chat, me))
    await store.record_unmatched("artisanal cheese caves", ConversationKey(them, them))
    await store.record_unmatched("moon rock polishing", ConversationKey(-100123, me))
    assert await store.unmatched() == [("artisanal cheese caves", 3), ("moon rock polishing", 1)]

    assert await store.forget_user(me) == 5  # two sessions, three descriptions
    assert await store.unmatched() == [("artisanal cheese caves", 1)]
    raw = await backend.raw_unmatched(store)
    assert raw == [(str(them), str(them), "artisanal cheese caves", "1")]
    if backend.persistent:
        await store.close()
        reopened = backend.open()
        assert await reopened.unmatched() == [("artisanal cheese caves", 1)]


async def test_unmatched_descriptions_are_masked_before_they_are_stored(
    backend: Backend, store: SessionStore
) -> None:
    await store.record_unmatched(
        "Zorb hire, call 0777123456 or +44 20 7946 0958, mail Anna.K@example.co.uk, account 123456",
        KEY,
    )
    (record,) = await backend.raw_unmatched(store)
    text = record[2]
    assert text == ("zorb hire, call [phone] or [phone], mail [email], account [number]")
    for secret in ("0777", "7946", "example", "anna", "123456"):
        assert secret not in text


async def test_unmatched_per_conversation_cap(backend: Backend, store: SessionStore) -> None:
    for n in range(UNMATCHED_PER_CONVERSATION + 5):
        await store.record_unmatched(f"strange trade number {chr(97 + n % 26)}{n}", KEY)
    await store.record_unmatched("strange trade number a0", KEY)  # a kept one still counts
    await store.record_unmatched("another user's trade", ConversationKey(9, 9))
    counts = dict(await store.unmatched(limit=100))
    assert len(counts) == UNMATCHED_PER_CONVERSATION + 1
    assert counts["strange trade number a0"] == 2
    assert counts["another user's trade"] == 1


async def test_unmatched_descriptions_expire_with_the_retention(backend: Backend) -> None:
    store = backend.open(retention=0.3)
    await store.record_unmatched("walrus dentistry", KEY)
    assert await store.unmatched() == [("walrus dentistry", 1)]
    await asyncio.sleep(0.45)
    assert await store.unmatched() == []


# --- counting, health, damage --------------------------------------------------------------


async def test_count(store: SessionStore) -> None:
    assert await store.count() == 0
    for user in (1, 2, 3):
        await store.put(ConversationKey(user, user), make_session(), expect_turn=None)
    assert await store.count() == 3
    await store.delete(ConversationKey(2, 2))
    assert await store.count() == 2


async def test_ping_and_check(store: SessionStore) -> None:
    assert await store.ping()
    await check(store)


async def test_corrupt_session(backend: Backend, store: SessionStore) -> None:
    await store.put(KEY, make_session(), expect_turn=None)
    await backend.write_garbage(store, KEY)
    with pytest.raises(CorruptSessionError):
        await store.get(KEY)
    # The store stays usable; deleting the damaged session clears it.
    await store.delete(KEY)
    assert await store.get(KEY) is None


async def test_unicode_and_long_answers(store: SessionStore) -> None:
    answers = {
        "industry": "Пекарня «У Анны» 🥐🥖 — 早餐店",
        "long": "ä€😀z" * 2500,
        "quotes": "\"'<b>&amp;</b>\\n\u0000\u2028",
    }
    session = make_session(answers=answers, history=("🙂", "步骤"), pending=("ÿ",))
    assert len(answers["long"]) == 10_000
    assert await store.put(KEY, session, expect_turn=None)
    assert await store.get(KEY) == session


# --- retention ---------------------------------------------------------------------------------


async def test_retention_purges_idle_sessions(backend: Backend) -> None:
    store = backend.open(retention=0.3)
    await store.put(KEY, make_session(), expect_turn=None)
    assert await store.get(KEY) is not None
    await asyncio.sleep(0.45)
    assert await store.get(KEY) is None
    assert await store.count() == 0
    # An expired session counts as absent: a fresh start may take its place.
    assert await store.put(KEY, make_session(step="fresh"), expect_turn=None)
    assert (await store.get(KEY)) == make_session(step="fresh")


async def test_retention_keeps_active_sessions(backend: Backend) -> None:
    store = backend.open(retention=0.4)
    await store.put(KEY, make_session(turn=0), expect_turn=None)
    for turn in range(1, 4):
        await asyncio.sleep(0.15)  # each write restarts the idle clock
        assert await store.put(KEY, make_session(turn=turn), expect_turn=turn - 1)
    assert await store.get(KEY) == make_session(turn=3)


def test_bad_retention_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="retention"):
        open_store("memory://", retention=0)


# --- concurrency -------------------------------------------------------------------------------


async def test_concurrent_writers_exactly_one_wins(backend: Backend, store: SessionStore) -> None:
    await store.put(KEY, make_session(turn=1), expect_turn=None)
    contenders = [make_session(turn=2, answers={"who": str(i)}) for i in range(50)]
    # For Redis, the writers are spread over two clients as two workers would be.
    other = backend.open() if backend.name == "redis" else store
    results = await asyncio.gather(
        *((store if i % 2 else other).put(KEY, s, expect_turn=1) for i, s in enumerate(contenders))
    )
    assert results.count(True) == 1
    winner = contenders[results.index(True)]
    assert await store.get(KEY) == winner


async def test_concurrent_creators_exactly_one_wins(store: SessionStore) -> None:
    contenders = [make_session(answers={"who": str(i)}) for i in range(50)]
    results = await asyncio.gather(*(store.put(KEY, s, expect_turn=None) for s in contenders))
    assert results.count(True) == 1
    assert await store.get(KEY) == contenders[results.index(True)]


async def _hold(
    store: SessionStore,
    key: ConversationKey,
    log: list[tuple[str, float]],
    name: str,
    seconds: float,
) -> None:
    async with store.lock(key):
        log.append((f"{name} in", time.monotonic()))
        await asyncio.sleep(seconds)
        log.append((f"{name} out", time.monotonic()))


async def test_lock_is_mutually_exclusive(backend: Backend, store: SessionStore) -> None:
    # Two tasks on one store; for Redis also on two store instances, as two processes would.
    second = backend.open() if backend.name == "redis" else store
    log: list[tuple[str, float]] = []
    await asyncio.gather(
        _hold(store, KEY, log, "a", 0.05),
        _hold(second, KEY, log, "b", 0.05),
        _hold(store, KEY, log, "c", 0.05),
    )
    events = [name for name, _ in log]
    # Every "in" is immediately followed by its own "out": no two holders overlap.
    for i in range(0, len(events), 2):
        assert events[i].endswith(" in")
        assert events[i + 1] == events[i].replace(" in", " out")


async def test_lock_does_not_block_other_conversations(store: SessionStore) -> None:
    log: list[tuple[str, float]] = []
    other = ConversationKey(chat=-100, user=42)
    await asyncio.gather(
        _hold(store, KEY, log, "a", 0.2),
        _hold(store, other, log, "b", 0.01),
    )
    events = [name for name, _ in log]
    # Either may get in first (a Redis round trip decides), but b never waits for a's 0.2 s.
    assert events.index("b out") < events.index("a out")
    assert events.index("b in") < events.index("a out")


async def test_lock_wait_is_bounded(backend: Backend) -> None:
    holder = backend.open(lock_wait=0.2)
    waiter = backend.open(lock_wait=0.2) if backend.name == "redis" else holder
    async with holder.lock(KEY):
        started = time.monotonic()
        with pytest.raises(StorageError, match=r"busy|locked"):
            async with waiter.lock(KEY):
                pass
        assert time.monotonic() - started < 2.0
    # Released on exit, also after an error inside the block.
    with pytest.raises(RuntimeError):
        async with holder.lock(KEY):
            raise RuntimeError("turn failed")
    async with waiter.lock(KEY):
        pass


# --- open_store ----------------------------------------------------------------------------------


async def test_open_store_forms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    memory = open_store("memory://")
    assert isinstance(memory, MemoryStore)
    monkeypatch.chdir(tmp_path)
    relative = open_store("sqlite:///relative.db")
    assert isinstance(relative, SQLiteStore)
    assert (tmp_path / "relative.db").is_file()
    absolute = open_store(f"sqlite:///{tmp_path}/abs.db")  # three slashes + "/tmp/..."
    assert (tmp_path / "abs.db").is_file()
    # Redis connects lazily: opening towards a port nobody listens on is fine...
    remote = open_store("redis://127.0.0.1:1/0", retention=60)
    assert isinstance(remote, RedisStore)
    assert remote.retention == 60
    secure = open_store("rediss://127.0.0.1:1/0")
    assert isinstance(secure, RedisStore)
    for s in (memory, relative, absolute, remote, secure):
        await s.close()


async def test_check_names_an_unreachable_redis() -> None:
    store = RedisStore("redis://:hunter2@127.0.0.1:1/0", retries=0)
    assert not await store.ping()
    with pytest.raises(StorageError, match=r"cannot reach Redis at redis://:\*\*\*@127.0.0.1:1/0"):
        await check(store)
    with pytest.raises(StorageError) as info:
        await store.get(KEY)
    assert "hunter2" not in str(info.value)
    await store.close()


@pytest.mark.parametrize(
    ("url", "hint"),
    [
        ("reddis://localhost:6379/0", "did you mean 'redis://'"),
        ("sqlit:///advisor.db", "did you mean 'sqlite://'"),
        ("memroy://", "did you mean 'memory://'"),
        ("postgres://db/advisor", "unknown scheme 'postgres'"),
        ("advisor.db", "did you mean 'sqlite:///advisor.db'"),
        ("sqlite://advisor.db", "did you mean 'sqlite:///advisor.db'"),
        ("redis:///0", "needs a host"),
        ("memory://x", "takes nothing"),
    ],
)
def test_open_store_rejects_bad_urls(url: str, hint: str) -> None:
    with pytest.raises(ConfigError) as info:
        open_store(url)
    text = str(info.value)
    assert hint in text
    assert "memory://, sqlite:///relative/path.db, sqlite:////absolute/path.db" in text


def test_bad_url_message_hides_the_password() -> None:
    with pytest.raises(ConfigError) as info:
        open_store("reddis://:s3cret@localhost:6379/0")
    assert "s3cret" not in str(info.value)


# --- SQLite only ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("where", "says"),
    [
        ("missing/sub/advisor.db", "does not exist"),
        ("", "unable to open"),  # the path is a folder
    ],
)
def test_sqlite_unusable_path(tmp_path: Path, where: str, says: str) -> None:
    target = tmp_path / where if where else tmp_path
    with pytest.raises(StorageError) as info:
        open_store(f"sqlite:///{target}")
    assert str(target.parent if where else target) in str(info.value)
    assert says in str(info.value)


def test_sqlite_unwritable_location() -> None:
    # /proc refuses new files even to root, so this holds however the tests are run.
    with pytest.raises(StorageError, match=r"cannot open SQLite store /proc/advisor\.db"):
        open_store("sqlite:////proc/advisor.db")


async def test_sqlite_wal_and_schema(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "a.db")
    assert store.journal_mode() == "wal"
    with sqlite3.connect(tmp_path / "a.db") as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"sessions", "inactive_users", "seen_updates", "unmatched"} <= tables
    await store.close()


async def test_sqlite_purges_old_rows_at_open(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    now = [1_000_000.0]
    store = SQLiteStore(path, retention=100, clock=lambda: now[0])
    await store.put(KEY, make_session(), expect_turn=None)
    await store.put(ConversationKey(1, 1), make_session(), expect_turn=None)
    assert await store.first_time(5)
    now[0] += 50
    await store.put(ConversationKey(1, 1), make_session(turn=1), expect_turn=0)
    await store.close()
    now[0] += 86_400  # KEY idle 86 450 s, (1, 1) idle 86 400 s, update 5 seen a day ago
    SQLiteStore(path, retention=86_420, clock=lambda: now[0])
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT chat FROM sessions").fetchall() == [(1,)]
        assert raw.execute("SELECT COUNT(*) FROM seen_updates").fetchone()[0] == 0


def _files_containing(path: Path, needle: bytes) -> list[str]:
    """The database, -wal and -shm files whose bytes contain `needle`."""
    found = []
    for suffix in ("", "-wal", "-shm"):
        part = Path(f"{path}{suffix}")
        if part.exists() and needle in part.read_bytes():
            found.append(part.name)
    return found


async def test_sqlite_forget_leaves_no_words_on_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_connect = sqlite3.connect

    def connect_like_a_default_build(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        # Debian builds SQLite with SECURE_DELETE on by default; python.org's and macOS's do
        # not. Start every connection with it off so the store must turn it on itself.
        conn = real_connect(*args, **kwargs)
        conn.execute("PRAGMA secure_delete = OFF")
        return conn

    monkeypatch.setattr(sqlite3, "connect", connect_like_a_default_build)
    path = tmp_path / "a.db"
    store = SQLiteStore(path)
    words = b"quokkaveterinarian"
    other = ConversationKey(8, 8)
    await store.put(
        other, make_session(answers={"industry_text": "plain bakery"}), expect_turn=None
    )
    for chat in (7, -100):
        key = ConversationKey(chat, 7)
        for turn in range(5):  # several versions of the row, as a real interview writes
            session = make_session(turn=turn, answers={"industry_text": f"{words.decode()} {turn}"})
            assert await store.put(key, session, expect_turn=turn - 1 if turn else None)
    await store.record_unmatched(f"{words.decode()} clinic", ConversationKey(7, 7))
    # SQLite's automatic checkpoint (every ~1000 pages) has copied them into the database too
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA wal_checkpoint(PASSIVE)")
    await store.put(other, make_session(turn=1), expect_turn=0)
    assert _files_containing(path, words) == ["a.db", "a.db-wal"]

    await store.forget_user(7)
    assert _files_containing(path, words) == []
    # the other user's data is intact and the store keeps working
    assert await store.get(other) is not None
    assert await store.put(ConversationKey(7, 7), make_session(), expect_turn=None)
    await store.close()
    assert _files_containing(path, words) == []


async def test_sqlite_forget_with_a_reader_open_warns_that_the_wal_keeps_data(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "a.db"
    store = SQLiteStore(path)
    await store.put(ConversationKey(7, 7), make_session(), expect_turn=None)
    reader = sqlite3.connect(path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT COUNT(*) FROM sessions").fetchone()  # a backup, say, mid-read
    await store.put(ConversationKey(8, 8), make_session(), expect_turn=None)
    with caplog.at_level(logging.WARNING, logger="bot.storage.sqlite"):
        assert await store.forget_user(7) == 1
    assert "keeps deleted data until the next checkpoint" in caplog.text
    reader.execute("COMMIT")
    reader.close()
    assert await store.get(ConversationKey(7, 7)) is None
    await store.close()


async def test_sqlite_schema_1_drops_the_anonymous_unmatched_table(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE unmatched (text TEXT PRIMARY KEY, count INTEGER NOT NULL)")
        raw.execute("INSERT INTO unmatched VALUES ('call 0777123456 for cakes', 3)")
        raw.execute("PRAGMA user_version = 1")
    store = SQLiteStore(path)
    assert await store.unmatched() == []
    await store.record_unmatched("eel smoking", KEY)
    assert await store.unmatched() == [("eel smoking", 1)]
    await store.close()
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 2


def test_sqlite_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my shopping notes, not a database\n" * 40, encoding="utf-8")
    with pytest.raises(StorageError) as info:
        open_store(f"sqlite:///{path}")
    message = str(info.value)
    assert str(path) in message
    assert "not an SQLite database" in message
    assert "writable" not in message


def test_sqlite_survives_kill_9_right_after_a_put(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    script = textwrap.dedent(
        f"""
        import asyncio, os, signal, sys
        sys.path.insert(0, {str(ROOT)!r})
        from bot.storage import open_store
        from bot.storage.base import ConversationKey
        from bot.engine.session import Session

        async def main():
            store = open_store({"sqlite:///" + str(path)!r})
            for turn in range(20):
                s = Session(flow="main", flow_version="1", step="s", turn=turn)
                assert await store.put(ConversationKey(1, 1), s,
                                       expect_turn=None if turn == 0 else turn - 1)
            print("acknowledged", flush=True)
            os.kill(os.getpid(), signal.SIGKILL)

        asyncio.run(main())
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=30)
    assert proc.returncode == -9, proc.stderr.decode()
    assert proc.stdout == b"acknowledged\n"
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT turn FROM sessions").fetchall() == [(19,)]


# --- Redis only ----------------------------------------------------------------------------------


async def test_redis_survives_a_server_restart(
    redis_url: str, restart_redis: Callable[..., None]
) -> None:
    store = RedisStore(redis_url)
    await store.put(KEY, make_session(turn=0), expect_turn=None)
    assert await store.first_time(500)
    await store.mark_inactive(9)
    await store.record_unmatched("llama shearing", KEY)

    restart_redis()  # SIGKILL, then start again on the same port and folder

    assert await store.get(KEY) == make_session(turn=0)  # same client: it reconnected
    assert await store.put(KEY, make_session(turn=1), expect_turn=0)
    assert not await store.first_time(500)
    assert await store.is_inactive(9)
    assert await store.unmatched() == [("llama shearing", 1)]
    fresh = RedisStore(redis_url)
    assert await fresh.get(KEY) == make_session(turn=1)
    await store.close()
    await fresh.close()


async def test_redis_keys_expire_and_forget_leaves_nothing(redis_url: str) -> None:
    store = RedisStore(redis_url, retention=3600)
    for chat in (7, -100):
        await store.put(ConversationKey(chat, 7), make_session(), expect_turn=None)
    await store.mark_inactive(7)
    assert await store.first_time(1)
    raw = aioredis.Redis.from_url(redis_url)
    ttl = await raw.pttl("advisor:s:-100:7")
    assert 3_500_000 < ttl <= 3_600_000
    assert 3_500_000 < await raw.pttl("advisor:u:7") <= 3_600_000
    assert 86_000 < await raw.ttl("advisor:upd:1") <= 86_400
    await store.record_unmatched("otter grooming", ConversationKey(-100, 7))
    assert 3_500_000 < await raw.pttl("advisor:um:7") <= 3_600_000
    await store.forget_user(7)
    left = sorted(k.decode() for k in await raw.keys("*"))
    assert left == ["advisor:upd:1"]  # update ids name no user
    await raw.aclose()
    await store.close()


HOLD_LOCK = """
import asyncio, sys
from bot.storage.base import ConversationKey
from bot.storage.redis import RedisStore

async def main():
    store = RedisStore(sys.argv[1])
    async with store.lock(ConversationKey(1, 2)):
        print("locked", flush=True)
        await asyncio.sleep(3600)  # a turn that never ends: the process is killed in it

asyncio.run(main())
"""


async def test_redis_lock_of_a_killed_worker_is_free_within_its_short_expiry(
    redis_url: str,
) -> None:
    """kill -9 of a process holding a conversation's lock: another worker gets the lock
    after at most the lock's expiry (3 s), well inside its wait, instead of 30 s."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        HOLD_LOCK,
        redis_url,
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.stdout is not None
    assert await asyncio.wait_for(proc.stdout.readline(), 30) == b"locked\n"
    alive = RedisStore(redis_url, lock_wait=6.0)
    try:
        # while its holder lives (and renews it), the lock outlasts its expiry
        assert 0 < await alive.redis.pttl("advisor:lock:1:2") <= 3000
        await asyncio.sleep(3.5)
        assert await alive.redis.exists("advisor:lock:1:2")
        proc.kill()
        await proc.wait()
        async with alive.lock(ConversationKey(1, 2)):
            pass  # got it: no StorageError after lock_wait
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
        await alive.close()


async def test_redis_lock_is_renewed_while_the_turn_runs(redis_url: str) -> None:
    slow = RedisStore(redis_url, lock_ttl=0.3)
    other = RedisStore(redis_url, lock_wait=0.2)
    try:
        async with slow.lock(KEY):
            await asyncio.sleep(0.9)  # three expiries long: renewed, still ours
            with pytest.raises(StorageError):
                async with other.lock(KEY):
                    pass
        async with other.lock(KEY):
            pass  # released at the end of the turn
    finally:
        await slow.close()
        await other.close()


@pytest.mark.parametrize("raw", [b"no turn prefix", b":{}", b"x1:{}"])
async def test_redis_damaged_record_is_corrupt(redis_url: str, raw: bytes) -> None:
    store = RedisStore(redis_url)
    await store.redis.set(store.session_key(KEY), raw)
    with pytest.raises(CorruptSessionError):
        await store.get(KEY)
    await store.close()


async def test_redis_wrong_type_is_corrupt(redis_url: str) -> None:
    store = RedisStore(redis_url)
    await store.redis.hset(store.session_key(KEY), mapping={"t": "0"})
    with pytest.raises(CorruptSessionError):
        await store.get(KEY)
    await store.close()


async def test_redis_burst_beyond_the_pool_waits_instead_of_failing(redis_url: str) -> None:
    store = RedisStore(redis_url, max_connections=4)
    keys = [ConversationKey(i, i) for i in range(200)]
    results = await asyncio.gather(*(store.put(k, make_session(), expect_turn=None) for k in keys))
    assert all(results)
    assert await store.count() == 200
    await store.close()


async def test_redis_start_up_check_drops_the_old_anonymous_unmatched_set(redis_url: str) -> None:
    raw = aioredis.Redis.from_url(redis_url)
    await raw.zadd("advisor:unmatched", {"cakes, call 0777123456": 3})
    store = RedisStore(redis_url)
    await check(store)
    assert not await raw.exists("advisor:unmatched")
    assert await store.unmatched() == []
    await raw.aclose()
    await store.close()
