"""Per-key asyncio locks, created on demand and dropped when nobody holds or awaits them.

Used wherever one conversation's work must run one at a time while others run freely: the
stores' `lock()` and the Telegram update processor.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Hashable
from contextlib import asynccontextmanager

from bot.core.errors import StorageError


class KeyedLocks:
    """One asyncio lock per conversation, created on demand and dropped when nobody holds it."""

    def __init__(self, wait: float | None = None) -> None:
        self.wait = wait
        # key -> (lock, tasks holding or waiting); the count lets us drop idle locks.
        self._locks: dict[Hashable, tuple[asyncio.Lock, int]] = {}

    def __len__(self) -> int:
        return len(self._locks)

    @asynccontextmanager
    async def hold(self, key: Hashable) -> AsyncIterator[None]:
        """Hold `key` for the block (waiters go in FIFO order); StorageError if it stays busy
        longer than `wait` seconds (None: wait as long as it takes)."""
        lock, users = self._locks.get(key, (None, 0))
        if lock is None:
            lock = asyncio.Lock()
        self._locks[key] = (lock, users + 1)
        try:
            try:
                if users == 0:  # nobody holds or awaits it: taken at once, no timer needed
                    await lock.acquire()
                else:
                    async with asyncio.timeout(self.wait):
                        await lock.acquire()
            except TimeoutError as exc:
                raise StorageError(
                    f"conversation {key} is still busy after {self.wait:g} s"
                ) from exc
            try:
                yield
            finally:
                lock.release()
        finally:
            _, users = self._locks[key]
            if users <= 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)
