"""The conversation service: load a session, step the engine, save it, report the turn.

Every front-end (Telegram, webhook workers, the console) goes through `Conversations.handle`,
which holds the conversation through the store's lock (in-process FIFO, plus a lock shared
across processes for Redis) and saves with compare-and-set, so no turn is lost or applied twice.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from bot.advisor import Advisor
from bot.core.errors import CorruptSessionError, StorageError
from bot.engine.engine import Outcome
from bot.engine.events import Command, Event, OptionChosen
from bot.engine.replies import Reply
from bot.engine.session import Session
from bot.storage.base import ConversationKey, SessionStore
from bot.storage.common import DEFAULT_RETENTION
from bot.turns import TurnInfo, TurnObserver

log = logging.getLogger(__name__)

SAVE_ATTEMPTS = 5
FRESH_COMMANDS = frozenset({"start", "restart", "cancel", "forget", "help"})


class Conversations:
    """Runs turns for many conversations against one store."""

    def __init__(
        self,
        advisor: Advisor,
        store: SessionStore,
        *,
        ttl: float | None = None,
        observer: TurnObserver | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.advisor = advisor
        self.store = store
        self.ttl = advisor.settings.session_ttl if ttl is None else ttl
        self.observer = observer
        self.clock = clock

    async def _load(self, key: ConversationKey) -> tuple[Session | None, str | None]:
        """The stored session and, when it could not be used, the notice to show."""
        try:
            session = await self.store.get(key)
        except CorruptSessionError:
            log.warning("corrupt session for conversation %s: reset", key)
            await self.store.delete(key)
            return None, "engine.corrupt"
        if session is not None and self.ttl > 0 and self.clock() - session.updated > self.ttl:
            return session, "engine.expired"
        return session, None

    def _step(
        self, session: Session | None, notice: str | None, event: Event, lang: str, now: float
    ) -> Outcome:
        engine = self.advisor.engine
        fresh = isinstance(event, Command) and event.name in FRESH_COMMANDS
        if notice and not fresh:
            return engine.start(now=now, lang=lang, notice=notice)
        if notice == "engine.expired":
            session = None
        elif session is None and self._lost(event, now):
            # "it's been a while" would be false: the question was shown moments ago
            return engine.start(now=now, lang=lang, notice="engine.lost")
        return engine.step(session, event, now=now, lang=lang)

    def _lost(self, event: Event, now: float) -> bool:
        """A button under a question shown within the idle limit, yet no session: the
        interview was lost (a store restarted without persistence) or ended, not expired."""
        if not isinstance(event, OptionChosen) or event.shown_at is None:
            return False
        window = self.ttl if self.ttl > 0 else DEFAULT_RETENTION
        if now - event.shown_at >= window:
            return False
        log.info(
            "no session for a button shown %.0f s ago: lost, not expired", now - event.shown_at
        )
        return True

    async def handle(self, key: ConversationKey, event: Event, *, lang: str = "en") -> list[Reply]:
        """Process one event of one conversation and return what to say."""
        started = time.perf_counter()
        async with self.store.lock(key):
            for _attempt in range(SAVE_ATTEMPTS):
                session, notice = await self._load(key)
                now = self.clock()
                if notice == "engine.expired" and session is not None and self.observer:
                    self.observer.step_left(session.flow, session.step)
                out = self._step(session, notice, event, lang, now)
                if out.forget:
                    await self.store.forget_user(key.user)
                elif out.session is None:
                    if session is not None:
                        await self.store.delete(key)
                elif not await self.store.put(
                    key, out.session, expect_turn=session.turn if session else None
                ):
                    log.info("conversation %s changed under us; retrying the turn", key)
                    continue
                for text in out.unmatched:
                    await self.store.record_unmatched(text, key)
                self._report(session, out, time.perf_counter() - started)
                return out.replies
        raise StorageError(f"could not save conversation {key} after {SAVE_ATTEMPTS} attempts")

    def _report(self, before: Session | None, out: Outcome, latency: float) -> None:
        if self.observer is None:
            return
        after = out.session
        known = after or before
        flow = known.flow if known is not None else self.advisor.engine.default_flow
        self.observer.on_turn(
            TurnInfo(
                flow=flow,
                step_before=before.step if before else None,
                step_after=after.step if after else None,
                verdict=out.verdict,
                latency=latency,
                error=None,
            )
        )

    async def current(self, key: ConversationKey, *, lang: str = "en") -> list[Reply]:
        """The conversation's current step shown again (empty if there is none)."""
        try:
            session = await self.store.get(key)
        except CorruptSessionError:
            return []
        if session is None:
            return []
        return self.advisor.engine.current(session)
