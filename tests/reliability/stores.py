"""Store wrappers that shake the scheduling, and the real bot running on any store object.

`JitterStore` makes every get/put wait a random moment, so concurrent turns really
interleave (the memory store never yields otherwise). `GatedStore` holds one conversation's
reads until the test opens a gate: a conversation that is slow for reasons of its own.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.advisor import Advisor
from bot.engine.session import Session
from bot.storage.base import ConversationKey, SessionStore
from tests.botapi.server import BotApiServer
from tests.telegram.harness import Bot, running_bot


class WrappedStore(SessionStore):
    """Passes everything to `inner`; subclasses add delays."""

    def __init__(self, inner: SessionStore) -> None:
        self.inner = inner
        self.gets: list[ConversationKey] = []

    async def before(self, key: ConversationKey | None) -> None:
        """Called before every get and put."""

    async def get(self, key: ConversationKey) -> Session | None:
        self.gets.append(key)
        await self.before(key)
        return await self.inner.get(key)

    async def put(self, key: ConversationKey, session: Session, *, expect_turn: int | None) -> bool:
        await self.before(key)
        return await self.inner.put(key, session, expect_turn=expect_turn)

    async def delete(self, key: ConversationKey) -> None:
        await self.inner.delete(key)

    async def forget_user(self, user: int) -> int:
        return await self.inner.forget_user(user)

    async def mark_inactive(self, user: int, inactive: bool = True) -> None:
        await self.inner.mark_inactive(user, inactive)

    async def is_inactive(self, user: int) -> bool:
        return await self.inner.is_inactive(user)

    async def first_time(self, update_id: int) -> bool:
        return await self.inner.first_time(update_id)

    async def record_unmatched(self, text: str, key: ConversationKey) -> None:
        await self.inner.record_unmatched(text, key)

    async def unmatched(self, limit: int = 50) -> list[tuple[str, int]]:
        return await self.inner.unmatched(limit)

    async def count(self) -> int:
        return await self.inner.count()

    async def claim(self, name: str, ttl: float) -> bool:
        return await self.inner.claim(name, ttl)

    async def release(self, name: str) -> None:
        await self.inner.release(name)

    async def ping(self) -> bool:
        return await self.inner.ping()

    async def close(self) -> None:
        await self.inner.close()

    @asynccontextmanager
    async def lock(self, key: ConversationKey) -> AsyncIterator[None]:
        async with self.inner.lock(key):
            yield


class JitterStore(WrappedStore):
    """Every get and put waits 0..`most` seconds, at random (seeded)."""

    def __init__(self, inner: SessionStore, most: float = 0.002, seed: int = 1) -> None:
        super().__init__(inner)
        self.most = most
        self.rng = random.Random(seed)

    async def before(self, key: ConversationKey | None) -> None:
        await asyncio.sleep(self.rng.random() * self.most)


class GatedStore(WrappedStore):
    """Reads of the `slow` conversation wait until `gate` is set."""

    def __init__(self, inner: SessionStore, slow: ConversationKey) -> None:
        super().__init__(inner)
        self.slow = slow
        self.gate = asyncio.Event()
        self.entered = asyncio.Event()

    async def before(self, key: ConversationKey | None) -> None:
        if key == self.slow:
            self.entered.set()
            await self.gate.wait()


@asynccontextmanager
async def bot_on_store(
    api: BotApiServer, advisor: Advisor, store: SessionStore
) -> AsyncIterator[Bot]:
    """The real Application, long polling `api`, on `store`, without the flood limiter."""
    async with running_bot(api, advisor, store=store, rate_limiter=False) as bot:
        yield bot
