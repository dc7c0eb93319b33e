"""The Redis store's per-conversation lock across processes: token, expiry and renewal."""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

from redis.asyncio import Redis
from redis.exceptions import RedisError

from bot.core.errors import StorageError
from bot.core.locks import KeyedLocks
from bot.storage.base import ConversationKey
from bot.storage.redis_scripts import LOCK_SCRIPT, RENEW_SCRIPT, UNLOCK_SCRIPT

log = logging.getLogger("bot.storage.redis")  # the store's logger: one place to look

# A turn takes milliseconds; the lock expires on its own if its holder dies mid-turn. Its
# holder renews it every third of this while the turn runs, so a slow turn keeps it and a
# dead worker's lock is free again within this many seconds (docs/operations.md: <= 5 s).
DEFAULT_LOCK_TTL = 3.0


@contextmanager
def redis_errors(url: str, doing: str) -> Iterator[None]:
    """Turn a Redis error into a StorageError that names the server and the operation."""
    try:
        yield
    except RedisError as exc:
        raise StorageError(f"Redis at {url}: {doing} failed: {exc}") from exc


class RedisLocks:
    """Conversation locks shared by every worker: SET NX PX with a token, Lua release."""

    def __init__(
        self, redis: Redis, url: str, prefix: str, lock_wait: float, lock_ttl: float
    ) -> None:
        self.url = url
        self.prefix = prefix
        self.lock_wait = lock_wait
        self.lock_ttl = lock_ttl
        self._lock = redis.register_script(LOCK_SCRIPT)
        self._unlock = redis.register_script(UNLOCK_SCRIPT)
        self._renew = redis.register_script(RENEW_SCRIPT)
        # Tasks of this process queue here first instead of polling Redis against each other.
        self._local = KeyedLocks(lock_wait)

    @asynccontextmanager
    async def hold(self, key: ConversationKey) -> AsyncIterator[None]:
        """Hold the conversation across processes, renewing the lock until released.

        Waits at most `lock_wait` seconds, then raises StorageError. The lock expires after
        `lock_ttl` unless renewed; it is renewed while the turn runs, so only a dead holder
        loses it (and the CAS on turn still guards a turn that somehow outlives it).
        """
        # One deadline for both waits: this process's queue, then the other workers.
        deadline = asyncio.get_running_loop().time() + self.lock_wait
        lock_key = f"{self.prefix}lock:{key.chat}:{key.user}"
        token = secrets.token_hex(16)
        ttl_ms = max(1, int(self.lock_ttl * 1000))
        async with self._local.hold(key):
            await self._acquire(key, deadline, lock_key, (token, ttl_ms))
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

    async def _acquire(
        self, key: ConversationKey, deadline: float, lock_key: str, args: tuple[str, int]
    ) -> None:
        """Poll for the lock with doubling delays until it is ours or the deadline passes."""
        loop = asyncio.get_running_loop()
        delay = 0.005
        while True:
            with redis_errors(self.url, "lock"):
                got = await self._lock(keys=[lock_key], args=list(args))
            if got:
                return
            if loop.time() >= deadline:
                raise StorageError(
                    f"conversation {key} is still locked by another worker after "
                    f"{self.lock_wait:g} s"
                )
            await asyncio.sleep(min(delay, max(0.0, deadline - loop.time())))
            delay = min(delay * 2, 0.1)

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
