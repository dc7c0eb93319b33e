"""The in-memory store: for the console, tests, and a single process that may lose its sessions."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from bot.core.locks import KeyedLocks
from bot.engine.session import Session
from bot.storage.base import ConversationKey, SessionStore
from bot.storage.common import (
    DEDUPE_TTL,
    DEFAULT_LOCK_WAIT,
    UNMATCHED_PER_CONVERSATION,
    normalise_unmatched,
    retention_seconds,
    top_unmatched,
)

# Purge idle sessions once every this many writes (cheap: a dict walk).
PURGE_EVERY = 1000


class MemoryStore(SessionStore):
    """Sessions kept as JSON strings in a dict: the same snapshots the other stores keep.

    Storing the JSON (not the Session object) keeps callers from sharing the mutable `answers`
    dict with the store, and costs about as much memory as the object would.
    """

    def __init__(
        self,
        *,
        retention: float | None = None,
        lock_wait: float = DEFAULT_LOCK_WAIT,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.retention = retention_seconds(retention)
        self._clock = clock
        # key -> (turn, session JSON, last write time)
        self._sessions: dict[ConversationKey, tuple[int, str, float]] = {}
        self._inactive: set[int] = set()
        # update id -> first seen; insertion order is time order, so expiry pops from the front
        self._seen: OrderedDict[int, float] = OrderedDict()
        # conversation -> masked text -> (count, last recorded)
        self._unmatched: dict[ConversationKey, dict[str, tuple[int, float]]] = {}
        self._locks = KeyedLocks(lock_wait)
        self._writes = 0

    def _live(self, key: ConversationKey, now: float) -> tuple[int, str, float] | None:
        entry = self._sessions.get(key)
        if entry is not None and entry[2] < now - self.retention:
            del self._sessions[key]
            return None
        return entry

    def _wrote(self, now: float) -> None:
        self._writes += 1
        if self._writes % PURGE_EVERY == 0:
            self.purge(now)

    def purge(self, now: float | None = None) -> int:
        """Drop sessions idle past retention and update ids older than a day; return how many."""
        now = self._clock() if now is None else now
        cutoff = now - self.retention
        stale = [k for k, (_, _, t) in self._sessions.items() if t < cutoff]
        for k in stale:
            del self._sessions[k]
        dropped = len(stale)
        for key in list(self._unmatched):
            texts = self._unmatched[key]
            old = [text for text, (_, t) in texts.items() if t < cutoff]
            for text in old:
                del texts[text]
            if not texts:
                del self._unmatched[key]
            dropped += len(old)
        while self._seen:
            update_id, seen = next(iter(self._seen.items()))
            if seen >= now - DEDUPE_TTL:
                break
            del self._seen[update_id]
            dropped += 1
        return dropped

    async def get(self, key: ConversationKey) -> Session | None:
        entry = self._live(key, self._clock())
        return None if entry is None else Session.from_json(entry[1])

    async def put(self, key: ConversationKey, session: Session, *, expect_turn: int | None) -> bool:
        now = self._clock()
        entry = self._live(key, now)
        current = None if entry is None else entry[0]
        if current != expect_turn:
            return False
        self._sessions[key] = (session.turn, session.to_json(), now)
        self._wrote(now)
        return True

    async def delete(self, key: ConversationKey) -> None:
        self._sessions.pop(key, None)

    async def forget_user(self, user: int) -> int:
        # A full walk is fine here: /forget is rare and never on the per-turn path.
        doomed = [k for k in self._sessions if k.user == user]
        for k in doomed:
            del self._sessions[k]
        flagged = user in self._inactive
        self._inactive.discard(user)
        texts = [k for k in self._unmatched if k.user == user]
        described = sum(len(self._unmatched.pop(k)) for k in texts)
        return len(doomed) + int(flagged) + described

    async def mark_inactive(self, user: int, inactive: bool = True) -> None:
        if inactive:
            self._inactive.add(user)
        else:
            self._inactive.discard(user)

    async def is_inactive(self, user: int) -> bool:
        return user in self._inactive

    async def first_time(self, update_id: int) -> bool:
        now = self._clock()
        seen = self._seen.get(update_id)
        if seen is not None and seen >= now - DEDUPE_TTL:
            return False
        self._seen.pop(update_id, None)
        self._seen[update_id] = now
        self._wrote(now)
        return True

    async def record_unmatched(self, text: str, key: ConversationKey) -> None:
        norm = normalise_unmatched(text)
        if not norm:
            return
        now = self._clock()
        texts = self._unmatched.setdefault(key, {})
        seen = texts.get(norm)
        if seen is None and len(texts) >= UNMATCHED_PER_CONVERSATION:
            return
        texts[norm] = ((seen[0] if seen else 0) + 1, now)
        self._wrote(now)

    async def unmatched(self, limit: int = 50) -> list[tuple[str, int]]:
        cutoff = self._clock() - self.retention
        counts: dict[str, int] = {}
        for texts in self._unmatched.values():
            for text, (n, t) in texts.items():
                if t >= cutoff:
                    counts[text] = counts.get(text, 0) + n
        return top_unmatched(counts, limit)

    async def count(self) -> int:
        cutoff = self._clock() - self.retention
        return sum(1 for _, _, t in self._sessions.values() if t >= cutoff)

    async def ping(self) -> bool:
        return True

    async def check(self) -> None:
        """Nothing can go wrong with memory; present so every store can be checked alike."""

    async def close(self) -> None:
        """Nothing to release; the data stays until the object is dropped."""

    @asynccontextmanager
    async def lock(self, key: ConversationKey) -> AsyncIterator[None]:
        """Hold the conversation for one turn (within this process; that is all memory spans)."""
        async with self._locks.hold(key):
            yield
