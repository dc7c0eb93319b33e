"""The Redis store: shared by several worker processes; survives restarts when Redis persists.

Keys (prefix `advisor:` by default):

    s:{chat}:{user}   "{turn}:{session JSON}"; expires after `retention` idle
    u:{user}          set of the user's chat ids, so /forget needs no SCAN; same expiry
    i:{user}          "the user blocked the bot" flag
    upd:{update_id}   processed update ids, kept a day
    claim:{name}      "done once" marks (a message's buttons pressed), kept minutes
    parked            list of update JSONs taken from Telegram but not run before a stop
    lock:{chat}:{user} per-conversation lock token, with a short expiry
    um:{user}         hash "{chat}:{masked text}" -> count: the user's unrecognised
                      descriptions, deleted by /forget; expires `retention` after the last

Every write that decides something runs as one Lua script, so it is atomic on the server.
The client connects on first use and reconnects by itself (retry with backoff) after a
Redis restart. The scripts are written so that a command redis-py retries after a dropped
connection does not change the answer (a put that already landed still reports success).
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialWithJitterBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError, ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError

from bot.core.errors import CorruptSessionError, StorageError
from bot.core.locks import KeyedLocks
from bot.engine.session import Session
from bot.storage.base import ConversationKey, SessionStore
from bot.storage.common import (
    DEDUPE_TTL,
    DEFAULT_LOCK_WAIT,
    UNMATCHED_PER_CONVERSATION,
    normalise_unmatched,
    redact,
    retention_seconds,
    top_unmatched,
)
from bot.storage.redis_scripts import (
    FIRST_TIME_SCRIPT,
    FORGET_SCRIPT,
    LOCK_SCRIPT,
    PUT_SCRIPT,
    RENEW_SCRIPT,
    UNLOCK_SCRIPT,
    UNMATCHED_SCRIPT,
)

log = logging.getLogger(__name__)

# A turn takes milliseconds; the lock expires on its own if its holder dies mid-turn. Its
# holder renews it every third of this while the turn runs, so a slow turn keeps it and a
# dead worker's lock is free again within this many seconds (docs/operations.md: <= 5 s).
DEFAULT_LOCK_TTL = 3.0


class RedisStore(SessionStore):
    """Sessions in Redis, safe for several processes: CAS on turn and a cross-process lock."""

    def __init__(
        self,
        url: str,
        *,
        retention: float | None = None,
        prefix: str = "advisor:",
        lock_wait: float = DEFAULT_LOCK_WAIT,
        lock_ttl: float = DEFAULT_LOCK_TTL,
        retries: int = 8,
        max_connections: int = 50,
    ) -> None:
        self.url = redact(url)
        self.retention = retention_seconds(retention)
        self.prefix = prefix
        self.lock_wait = lock_wait
        self.lock_ttl = lock_ttl
        # Nothing connects here; the first command does, and reconnects after a restart with
        # jittered backoff 50 ms .. 1 s (about 5 s in all before giving up). The blocking pool
        # makes a burst of turns wait for a free connection instead of failing at the cap.
        pool = BlockingConnectionPool.from_url(
            url,
            max_connections=max_connections,
            timeout=10.0,
            retry=Retry(ExponentialWithJitterBackoff(base=0.05, cap=1.0), retries),
            retry_on_error=[RedisConnectionError, RedisTimeoutError, ConnectionError, OSError],
            socket_connect_timeout=2.0,
            socket_timeout=5.0,
            health_check_interval=30,
        )
        self.redis: Redis = Redis.from_pool(pool)
        self._put = self.redis.register_script(PUT_SCRIPT)
        self._forget = self.redis.register_script(FORGET_SCRIPT)
        self._first_time = self.redis.register_script(FIRST_TIME_SCRIPT)
        self._lock = self.redis.register_script(LOCK_SCRIPT)
        self._unlock = self.redis.register_script(UNLOCK_SCRIPT)
        self._renew = self.redis.register_script(RENEW_SCRIPT)
        self._unmatched = self.redis.register_script(UNMATCHED_SCRIPT)
        # Tasks of this process queue here first instead of polling Redis against each other.
        self._local = KeyedLocks(lock_wait)

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        try:
            yield
        except RedisError as exc:
            raise StorageError(f"Redis at {self.url}: {doing} failed: {exc}") from exc

    def session_key(self, key: ConversationKey) -> str:
        """The Redis key of one conversation's session."""
        return f"{self.prefix}s:{key.chat}:{key.user}"

    def _user_key(self, user: int) -> str:
        return f"{self.prefix}u:{user}"

    def _inactive_key(self, user: int) -> str:
        return f"{self.prefix}i:{user}"

    def _unmatched_key(self, user: int) -> str:
        return f"{self.prefix}um:{user}"

    @property
    def _retention_ms(self) -> int:
        return max(1, int(self.retention * 1000))

    async def get(self, key: ConversationKey) -> Session | None:
        try:
            raw = await self.redis.get(self.session_key(key))
        except ResponseError as exc:
            if "WRONGTYPE" in str(exc):
                raise CorruptSessionError(f"session {key} is not a string in Redis") from exc
            raise StorageError(f"Redis at {self.url}: get failed: {exc}") from exc
        except RedisError as exc:
            raise StorageError(f"Redis at {self.url}: get failed: {exc}") from exc
        if raw is None:
            return None
        record = raw.encode() if isinstance(raw, str) else raw
        turn, sep, data = record.partition(b":")
        if not sep or not turn.isdigit():
            raise CorruptSessionError(f"session {key} in Redis lacks its turn prefix")
        return Session.from_json(data)

    async def put(self, key: ConversationKey, session: Session, *, expect_turn: int | None) -> bool:
        args: list[Any] = [
            "" if expect_turn is None else str(expect_turn),
            f"{session.turn}:{session.to_json()}",
            self._retention_ms,
            str(key.chat),
        ]
        with self._errors("put"):
            keys = [self.session_key(key), self._user_key(key.user)]
            done = await self._put(keys=keys, args=args)
        return bool(done)

    async def delete(self, key: ConversationKey) -> None:
        with self._errors("delete"):
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.delete(self.session_key(key))
                pipe.srem(self._user_key(key.user), str(key.chat))
                await pipe.execute()

    async def forget_user(self, user: int) -> int:
        with self._errors("forget"):
            n = await self._forget(
                keys=[self._user_key(user), self._inactive_key(user), self._unmatched_key(user)],
                args=[f"{self.prefix}s:", f":{user}"],
            )
        return int(n)

    async def mark_inactive(self, user: int, inactive: bool = True) -> None:
        with self._errors("mark inactive"):
            if inactive:
                await self.redis.set(self._inactive_key(user), b"1")
            else:
                await self.redis.delete(self._inactive_key(user))

    async def is_inactive(self, user: int) -> bool:
        with self._errors("is inactive"):
            return bool(await self.redis.exists(self._inactive_key(user)))

    async def first_time(self, update_id: int) -> bool:
        with self._errors("dedupe"):
            fresh = await self._first_time(
                keys=[f"{self.prefix}upd:{update_id}"],
                args=[secrets.token_hex(8), int(DEDUPE_TTL)],
            )
        return bool(fresh)

    async def claim(self, name: str, ttl: float) -> bool:
        """First claim of `name` across every worker (SET NX EX, safe to retry)."""
        with self._errors("claim"):
            fresh = await self._first_time(
                keys=[f"{self.prefix}claim:{name}"],
                args=[secrets.token_hex(8), max(1, round(ttl))],
            )
        return bool(fresh)

    async def park_updates(self, updates: list[str]) -> None:
        """Keep unprocessed updates for whichever worker starts next."""
        if updates:
            with self._errors("park"):
                await self.redis.rpush(f"{self.prefix}parked", *updates)

    async def take_parked_updates(self) -> list[str]:
        """The parked updates, oldest first; removed atomically (one worker gets each)."""
        key = f"{self.prefix}parked"
        with self._errors("take parked"):
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.lrange(key, 0, -1)
                pipe.delete(key)
                items, _ = await pipe.execute()
        return [_text(item) for item in items]

    async def release(self, name: str) -> None:
        """Undo a claim."""
        with self._errors("release"):
            await self.redis.delete(f"{self.prefix}claim:{name}")

    async def record_unmatched(self, text: str, key: ConversationKey) -> None:
        norm = normalise_unmatched(text)
        if not norm:
            return
        with self._errors("record unmatched"):
            await self._unmatched(
                keys=[self._unmatched_key(key.user)],
                args=[
                    f"{key.chat}:{norm}",
                    f"{key.chat}:",
                    UNMATCHED_PER_CONVERSATION,
                    self._retention_ms,
                ],
            )

    async def unmatched(self, limit: int = 50) -> list[tuple[str, int]]:
        # SCAN is fine here: this serves /stats and `advisor kb unmatched`, never a turn.
        counts: dict[str, int] = {}
        with self._errors("unmatched"):
            async for name in self.redis.scan_iter(match=f"{self.prefix}um:*", count=1000):
                fields: dict[Any, Any] = await self.redis.hgetall(name)
                for field, n in fields.items():
                    _chat, _, text = _text(field).partition(":")
                    counts[text] = counts.get(text, 0) + int(n)
        return top_unmatched(counts, limit)

    async def count(self) -> int:
        # SCAN is fine here: count() serves /stats, never the per-turn path.
        n = 0
        with self._errors("count"):
            async for _ in self.redis.scan_iter(match=f"{self.prefix}s:*", count=1000):
                n += 1
        return n

    async def ping(self) -> bool:
        try:
            return bool(await self.redis.ping())
        except (RedisError, OSError):
            return False

    async def check(self) -> None:
        """Raise StorageError unless Redis answers; warn when it would lose data on restart."""
        try:
            await self.redis.ping()
        except (RedisError, OSError) as exc:
            raise StorageError(f"cannot reach Redis at {self.url}: {exc}") from exc
        legacy = f"{self.prefix}unmatched"
        with self._errors("drop the anonymous unmatched set"):
            # Versions before per-user keys kept one anonymous set nobody's /forget reached.
            if await self.redis.type(legacy) in (b"zset", "zset"):
                await self.redis.delete(legacy)
                log.info("Redis at %s: dropped the old anonymous %s", self.url, legacy)
        try:
            conf: dict[Any, Any] = await self.redis.config_get("appendonly")
            conf.update(await self.redis.config_get("save"))
        except RedisError:
            return  # managed services often forbid CONFIG; nothing to say then
        settings = {_text(k): _text(v) for k, v in conf.items()}
        appendonly = settings.get("appendonly", "")
        snapshots = settings.get("save", "")
        if appendonly != "yes" and not snapshots.strip():
            log.warning(
                "Redis at %s keeps nothing on disk (appendonly no, no save rules): "
                "sessions are lost when it restarts",
                self.url,
            )

    async def close(self) -> None:
        await self.redis.aclose()

    @asynccontextmanager
    async def lock(self, key: ConversationKey) -> AsyncIterator[None]:
        """Hold the conversation across processes: SET NX PX with a token, Lua release.

        Waits at most `lock_wait` seconds, then raises StorageError. The lock expires after
        `lock_ttl` unless renewed; it is renewed while the turn runs, so only a dead holder
        loses it (and the CAS on turn still guards a turn that somehow outlives it).
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.lock_wait
        lock_key = f"{self.prefix}lock:{key.chat}:{key.user}"
        token = secrets.token_hex(16)
        ttl_ms = max(1, int(self.lock_ttl * 1000))
        async with self._local.hold(key):
            delay = 0.005
            while True:
                with self._errors("lock"):
                    got = await self._lock(keys=[lock_key], args=[token, ttl_ms])
                if got:
                    break
                if loop.time() >= deadline:
                    raise StorageError(
                        f"conversation {key} is still locked by another worker after "
                        f"{self.lock_wait:g} s"
                    )
                await asyncio.sleep(min(delay, max(0.0, deadline - loop.time())))
                delay = min(delay * 2, 0.1)
            renewing = asyncio.create_task(self._keep(lock_key, token, ttl_ms))
            try:
                yield
            finally:
                renewing.cancel()
                try:
                    await self._unlock(keys=[lock_key], args=[token])
                except RedisError as exc:
                    # It expires by itself; the next turn waits at most lock_ttl.
                    log.warning(
                        "Redis at %s: could not release lock %s: %s", self.url, lock_key, exc
                    )

    async def _keep(self, lock_key: str, token: str, ttl_ms: int) -> None:
        """Renew a held lock every third of its expiry until cancelled."""
        while True:
            await asyncio.sleep(self.lock_ttl / 3)
            try:
                if not await self._renew(keys=[lock_key], args=[token, ttl_ms]):
                    log.warning("lock %s expired during a turn (blocked event loop?)", lock_key)
                    return
            except RedisError as exc:
                log.warning("Redis at %s: could not renew lock %s: %s", self.url, lock_key, exc)


def _text(value: bytes | str | Any) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)
