"""The SQLite store: one file, one process, every acknowledged turn on disk.

One connection per store in autocommit mode, so every write is committed before the call
returns; WAL with synchronous=NORMAL means a killed process (kill -9) loses nothing it
acknowledged (only a power cut may lose the last few commits). Calls run directly on the
event loop: a put costs ~60 µs and a get ~20 µs, while going through `asyncio.to_thread`
makes them ~200 µs and ~130 µs (bench/bench_store.py), so offloading costs more than the
loop ever waits. The one longer pause is a WAL checkpoint every ~1000 pages (a few ms).

Deleted means gone from disk: `secure_delete` overwrites deleted rows with zeros, and after a
/forget a truncating checkpoint empties the -wal file, which still held the old pages.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from bot.core.errors import StorageError
from bot.core.locks import KeyedLocks
from bot.engine.session import Session
from bot.storage.base import ConversationKey, SessionStore
from bot.storage.common import (
    DEDUPE_TTL,
    DEFAULT_LOCK_WAIT,
    UNMATCHED_PER_CONVERSATION,
    normalise_unmatched,
    retention_seconds,
)
from bot.storage.sqlite_sql import (
    FIRST_TIME,
    INSERT_NEW,
    SCHEMA,
    SCHEMA_VERSION,
    UPDATE_IF_TURN,
)

log = logging.getLogger(__name__)

# Purge idle sessions and old update ids once every this many writes (and at open).
PURGE_EVERY = 1000

_WRITABLE_HINT = "(check that the file and its folder are writable by this user)"
_NOT_A_DB_HINT = (
    "(the file is not an SQLite database, or it is damaged: point ADVISOR_STORE "
    "at another file, or move this one away and restore a backup)"
)


def _unusable(path: str, exc: sqlite3.Error) -> str:
    """The start-up error for `exc`, with what the operator should look at."""
    name = getattr(exc, "sqlite_errorname", "")
    if name in ("SQLITE_NOTADB", "SQLITE_CORRUPT") or "not a database" in str(exc):
        return f"cannot use SQLite store {path}: {exc} {_NOT_A_DB_HINT}"
    return f"cannot write SQLite store {path}: {exc} {_WRITABLE_HINT}"


class SQLiteStore(SessionStore):
    """Sessions and the rest in one SQLite file; the file and schema are made at construction.

    Constructing opens the file, so a missing folder or an unwritable file raises StorageError
    at start-up rather than at the first user's message.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        retention: float | None = None,
        lock_wait: float = DEFAULT_LOCK_WAIT,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = str(path)
        self.retention = retention_seconds(retention)
        self._clock = clock
        self._locks = KeyedLocks(lock_wait)
        self._writes = 0
        self._conn = self._connect()
        self.purge()

    def _connect(self) -> sqlite3.Connection:
        if self.path != ":memory:":
            folder = Path(self.path).expanduser().resolve().parent
            if not folder.is_dir():
                raise StorageError(
                    f"cannot open SQLite store {self.path}: folder {folder} does not exist"
                )
        try:
            # isolation_level=None: autocommit, each statement is its own committed transaction.
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise StorageError(f"cannot open SQLite store {self.path}: {exc}") from exc
        try:
            conn.execute("PRAGMA busy_timeout = 5000")
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            conn.execute("PRAGMA synchronous = NORMAL")
            # deleted rows are overwritten, not just unlinked: /forget leaves no words behind
            conn.execute("PRAGMA secure_delete = ON")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StorageError(
                    f"SQLite store {self.path} has schema {version}, newer than this "
                    f"program's {SCHEMA_VERSION}; upgrade the program"
                )
            if 0 < version < 2:
                conn.execute("DROP TABLE IF EXISTS unmatched")
            conn.executescript(SCHEMA)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.Error as exc:
            conn.close()
            raise StorageError(_unusable(self.path, exc)) from exc
        except StorageError:
            conn.close()
            raise
        if mode.lower() != "wal" and self.path != ":memory:":
            log.warning("SQLite store %s: journal mode is %s, not WAL", self.path, mode)
        return conn

    def _exec(self, sql: str, params: tuple[object, ...] = ()) -> sqlite3.Cursor:
        try:
            return self._conn.execute(sql, params)
        except sqlite3.Error as exc:
            raise StorageError(f"SQLite store {self.path}: {exc}") from exc

    def _wrote(self) -> None:
        self._writes += 1
        if self._writes % PURGE_EVERY == 0:
            self.purge()

    def purge(self) -> int:
        """Delete sessions and unmatched descriptions idle past retention, update ids past a
        day."""
        now = self._clock()
        cutoff = now - self.retention
        n = self._exec("DELETE FROM sessions WHERE updated < ?", (cutoff,)).rowcount
        n += self._exec("DELETE FROM unmatched WHERE updated < ?", (cutoff,)).rowcount
        n += self._exec("DELETE FROM seen_updates WHERE seen < ?", (now - DEDUPE_TTL,)).rowcount
        return int(n)

    # The sync bodies are separate so bench/bench_store.py can time them through to_thread.
    def get_sync(self, key: ConversationKey) -> Session | None:
        """Blocking body of `get`."""
        row = self._exec(
            "SELECT data FROM sessions WHERE chat = ? AND user = ? AND updated >= ?",
            (key.chat, key.user, self._clock() - self.retention),
        ).fetchone()
        return None if row is None else Session.from_json(row[0])

    def put_sync(self, key: ConversationKey, session: Session, expect_turn: int | None) -> bool:
        """Blocking body of `put`."""
        now = self._clock()
        cutoff = now - self.retention
        data = session.to_json()
        if expect_turn is None:
            cur = self._exec(INSERT_NEW, (key.chat, key.user, session.turn, data, now, cutoff))
        else:
            cur = self._exec(
                UPDATE_IF_TURN,
                (session.turn, data, now, key.chat, key.user, expect_turn, cutoff),
            )
        if cur.rowcount != 1:
            return False
        self._wrote()
        return True

    async def get(self, key: ConversationKey) -> Session | None:
        return self.get_sync(key)

    async def put(self, key: ConversationKey, session: Session, *, expect_turn: int | None) -> bool:
        return self.put_sync(key, session, expect_turn)

    async def delete(self, key: ConversationKey) -> None:
        self._exec("DELETE FROM sessions WHERE chat = ? AND user = ?", (key.chat, key.user))

    async def forget_user(self, user: int) -> int:
        # One transaction (autocommit mode needs an explicit BEGIN): all of it or none of it.
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                n = self._conn.execute("DELETE FROM sessions WHERE user = ?", (user,)).rowcount
                n += self._conn.execute(
                    "DELETE FROM inactive_users WHERE user = ?", (user,)
                ).rowcount
                n += self._conn.execute("DELETE FROM unmatched WHERE user = ?", (user,)).rowcount
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
            self._empty_wal()
        except sqlite3.Error as exc:
            raise StorageError(f"SQLite store {self.path}: {exc}") from exc
        return int(n)

    def _empty_wal(self) -> None:
        """Copy the zeroed pages into the database and empty the -wal file, which still holds
        the pages as they were before a delete (a few ms; /forget is rare)."""
        # Without waiting: a reader elsewhere (a backup, `advisor kb unmatched`) must not stall
        # every conversation of this process for the busy timeout.
        self._conn.execute("PRAGMA busy_timeout = 0")
        try:
            busy, _frames, _done = self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            self._conn.execute("PRAGMA busy_timeout = 5000")
        if busy:
            log.warning(
                "SQLite store %s: another connection is reading, so the -wal file "
                "keeps deleted data until the next checkpoint",
                self.path,
            )

    async def mark_inactive(self, user: int, inactive: bool = True) -> None:
        if inactive:
            self._exec(
                "INSERT OR REPLACE INTO inactive_users (user, since) VALUES (?, ?)",
                (user, self._clock()),
            )
        else:
            self._exec("DELETE FROM inactive_users WHERE user = ?", (user,))

    async def is_inactive(self, user: int) -> bool:
        row = self._exec("SELECT 1 FROM inactive_users WHERE user = ?", (user,)).fetchone()
        return row is not None

    async def first_time(self, update_id: int) -> bool:
        now = self._clock()
        cur = self._exec(FIRST_TIME, (update_id, now, now - DEDUPE_TTL))
        if cur.rowcount == 1:
            self._wrote()
            return True
        return False

    async def park_updates(self, updates: list[str]) -> None:
        """Keep unprocessed updates for the next start (see SessionStore.park_updates)."""
        for body in updates:
            self._exec("INSERT INTO parked_updates (body) VALUES (?)", (body,))

    async def take_parked_updates(self) -> list[str]:
        """The parked updates, oldest first; removed."""
        rows = self._exec("SELECT seq, body FROM parked_updates ORDER BY seq").fetchall()
        if rows:
            self._exec("DELETE FROM parked_updates WHERE seq <= ?", (rows[-1][0],))
        return [str(body) for _seq, body in rows]

    async def record_unmatched(self, text: str, key: ConversationKey) -> None:
        norm = normalise_unmatched(text)
        if not norm:
            return
        now = self._clock()
        # No await between the statements: nothing else on this loop runs in between.
        cur = self._exec(
            "UPDATE unmatched SET count = count + 1, updated = ? "
            "WHERE user = ? AND chat = ? AND text = ?",
            (now, key.user, key.chat, norm),
        )
        if cur.rowcount == 0:
            (kept,) = self._exec(
                "SELECT COUNT(*) FROM unmatched WHERE user = ? AND chat = ?",
                (key.user, key.chat),
            ).fetchone()
            if kept >= UNMATCHED_PER_CONVERSATION:
                return
            self._exec(
                "INSERT INTO unmatched (user, chat, text, count, updated) VALUES (?, ?, ?, 1, ?)",
                (key.user, key.chat, norm, now),
            )
        self._wrote()

    async def unmatched(self, limit: int = 50) -> list[tuple[str, int]]:
        rows = self._exec(
            "SELECT text, SUM(count) AS n FROM unmatched WHERE updated >= ? "
            "GROUP BY text ORDER BY n DESC, text LIMIT ?",
            (self._clock() - self.retention, max(limit, 0)),
        ).fetchall()
        return [(str(text), int(count)) for text, count in rows]

    async def count(self) -> int:
        (n,) = self._exec(
            "SELECT COUNT(*) FROM sessions WHERE updated >= ?", (self._clock() - self.retention,)
        ).fetchone()
        return int(n)

    async def ping(self) -> bool:
        try:
            self._conn.execute("SELECT 1").fetchone()
        except sqlite3.Error:
            return False
        return True

    async def check(self) -> None:
        """Raise StorageError unless the file can be written right now (tries, then rolls back)."""
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                self._conn.execute("INSERT OR REPLACE INTO inactive_users VALUES (0, 0)")
            finally:
                self._conn.execute("ROLLBACK")
        except sqlite3.Error as exc:
            raise StorageError(_unusable(self.path, exc)) from exc

    async def close(self) -> None:
        self._conn.close()

    def journal_mode(self) -> str:
        """The journal mode in force (WAL for a file; 'memory' for ':memory:')."""
        return str(self._exec("PRAGMA journal_mode").fetchone()[0])

    @asynccontextmanager
    async def lock(self, key: ConversationKey) -> AsyncIterator[None]:
        """Hold the conversation for one turn within this process (SQLite serves one process)."""
        async with self._locks.hold(key):
            yield
