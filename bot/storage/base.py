"""The session store interface: one small abstract base, three backends (memory, SQLite, Redis).

Every backend passes the same test suite (`tests/storage/test_stores.py`).
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from bot.engine.session import Session

CLAIMS_KEPT = 10_000  # past this many claims, expired ones are pruned


@dataclass(frozen=True, slots=True, order=True)
class ConversationKey:
    """Whose conversation: in a private chat chat == user; in a group each member has their own."""

    chat: int
    user: int

    def __str__(self) -> str:
        return f"{self.chat}:{self.user}"


class SessionStore(ABC):
    """Where sessions live between turns, plus the little else the product keeps.

    What is stored: sessions (flow, step, answers), a per-user "inactive" flag (bot blocked),
    processed update ids (to drop webhook redeliveries), and unmatched business descriptions
    (masked, kept under the conversation they came from, expiring with the retention).
    `forget_user` deletes everything tied to a user, unmatched descriptions included.
    """

    @abstractmethod
    async def get(self, key: ConversationKey) -> Session | None:
        """The stored session, or None. Raises CorruptSessionError if it cannot be decoded."""

    @abstractmethod
    async def put(self, key: ConversationKey, session: Session, *, expect_turn: int | None) -> bool:
        """Save `session` if the stored one has turn `expect_turn` (None: must not exist).

        Returns False, saving nothing, when another writer got there first.
        """

    @abstractmethod
    async def delete(self, key: ConversationKey) -> None:
        """Delete one conversation's session (no error if absent)."""

    @abstractmethod
    async def forget_user(self, user: int) -> int:
        """Delete every session and flag of this user in any chat; return how many records."""

    @abstractmethod
    async def mark_inactive(self, user: int, inactive: bool = True) -> None:
        """Remember that the user blocked the bot (or unblocked it)."""

    @abstractmethod
    async def is_inactive(self, user: int) -> bool:
        """Whether the user blocked the bot."""

    @abstractmethod
    async def first_time(self, update_id: int) -> bool:
        """True the first time an update id is seen, False on every redelivery."""

    @abstractmethod
    async def record_unmatched(self, text: str, key: ConversationKey) -> None:
        """Count a business description that matched nothing well, masked (masking.py) and
        kept under `key` so that `forget_user` deletes it too."""

    @abstractmethod
    async def unmatched(self, limit: int = 50) -> list[tuple[str, int]]:
        """The most frequent unmatched descriptions with their counts, over every user."""

    @abstractmethod
    async def count(self) -> int:
        """How many sessions are stored."""

    @abstractmethod
    async def ping(self) -> bool:
        """Whether the store is reachable."""

    @abstractmethod
    async def close(self) -> None:
        """Release connections."""

    async def claim(self, name: str, ttl: float) -> bool:
        """True for the first caller that claims `name` in the next `ttl` seconds.

        The default holds within one process; stores shared between processes override it.
        """
        claims: dict[str, float] = self.__dict__.setdefault("_claims", {})
        now = time.monotonic()
        if len(claims) >= CLAIMS_KEPT:
            for old in [k for k, until in claims.items() if until <= now]:
                del claims[old]
        if claims.get(name, 0.0) > now:
            return False
        claims[name] = now + ttl
        return True

    async def release(self, name: str) -> None:
        """Undo a claim (the work it guarded did not happen)."""
        self.__dict__.get("_claims", {}).pop(name, None)

    async def park_updates(self, updates: list[str]) -> None:
        """Keep updates (JSON) that were taken from Telegram but not processed before a stop.

        The default keeps them in this process only: right for the memory store, which loses
        everything on restart anyway. Stores that outlive the process override both methods.
        """
        self.__dict__.setdefault("_parked", []).extend(updates)

    async def take_parked_updates(self) -> list[str]:
        """The parked updates, oldest first, removed from the store."""
        parked: list[str] = self.__dict__.pop("_parked", [])
        return parked

    @asynccontextmanager
    async def lock(self, key: ConversationKey) -> AsyncIterator[None]:
        """Hold the conversation for one turn. Backends shared between processes override this."""
        yield
