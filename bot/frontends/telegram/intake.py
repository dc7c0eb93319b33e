"""Taking updates from Telegram so that a stop never loses one: started vs not yet started.

Telegram forgets an update once the bot acknowledges it (long polling: a getUpdates whose
offset is past it; webhook: a 200). An update that was acknowledged but still queued when the
process stops is lost, so the rule here is: acknowledge an update only once it has *started*
(its conversation's earlier updates are done and it holds a processing slot). On stop,
`Intake.drain()` makes every update that has not started give up; polling then leaves the
offset before the first of them and the webhook answers 503, so Telegram delivers them again
to the next process.

Telegram hands out at most 100 updates past the offset, so when many (HOLD_MAX) wait (a burst of
presses behind the 30 messages/s send limit), waiting for them to start would leave later
presses unseen past the few seconds Telegram allows for answering them. Then the next page is
taken anyway, and the updates acknowledged that way are *parked* in the session store if the
process stops before they start (`SessionStore.park_updates`); the next start runs them first.
The webhook does the same: a 200 once the update starts, or after WEBHOOK_HOLD seconds.

`Poller` replaces PTB's Updater for long polling: PTB's confirms every fetched update at the
next getUpdates and once more when it stops, whether or not the update ever ran.
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import json
import logging
from collections.abc import Callable, Sequence
from typing import Any

from telegram import Update
from telegram.error import Conflict, InvalidToken, TelegramError

log = logging.getLogger(__name__)

LIMIT = 100  # updates per getUpdates (Telegram's maximum)
HOLD_MAX = LIMIT // 2  # updates held back at Telegram before taking the next page anyway
HOLD_INTERVAL = 0.25  # seconds between short polls while fetched updates wait to start
MAX_BACKOFF = 5.0
WEBHOOK_HOLD = 1.0  # seconds a webhook request waits for its update to start


def to_json(update: Update) -> str:
    """An update as Telegram sent it, for parking."""
    return json.dumps(update.to_dict(), separators=(",", ":"))


async def requeue_parked(app: Any, intake: Intake, parked: list[str]) -> int:
    """Queue updates parked by the previous process (before anything new); how many."""
    for body in parked:
        update = Update.de_json(json.loads(body), app.bot)
        intake.fetched(update)
        intake.acknowledged(update.update_id)  # Telegram will not send them again
        await app.update_queue.put(update)
    return len(parked)


class Intake:
    """Which fetched updates have started; `drain()` stops the rest from ever starting."""

    def __init__(self) -> None:
        self.draining = False
        # update id -> (resolved True when it starts / False when given up, the update)
        self._waiting: dict[int, tuple[asyncio.Future[bool], Update]] = {}
        self._acked: set[int] = set()  # waiting ones Telegram was already told about
        self.given_up: set[int] = set()  # not started, not acknowledged: Telegram resends
        self._parked_ids: set[int] = set()
        self._changed = asyncio.Event()
        self.on_arrival: Callable[[Update], None] | None = None

    def fetched(self, update: Update) -> asyncio.Future[bool]:
        """Register an update before it is queued; the future says whether it started."""
        if self.on_arrival is not None:
            self.on_arrival(update)
        update_id = update.update_id
        known = self._waiting.get(update_id)
        if known is not None:
            return known[0]
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        if self.draining:
            self.given_up.add(update_id)
            future.set_result(False)
        else:
            self._waiting[update_id] = (future, update)
        return future

    def acknowledged(self, update_id: int) -> None:
        """Telegram was told about this waiting update: on a stop it must be parked."""
        if update_id in self._waiting:
            self._acked.add(update_id)

    def begin(self, update: object) -> bool:
        """Called when an update is about to run; False means: stopping, do not run it."""
        update_id = update.update_id if isinstance(update, Update) else None
        if self.draining:
            if update_id is not None and update_id not in self._parked_ids:
                self.given_up.add(update_id)
            return False
        if update_id is not None:
            known = self._waiting.pop(update_id, None)
            self._acked.discard(update_id)
            if known is not None and not known[0].done():
                known[0].set_result(True)
                self._changed.set()
        return True

    def cancelled(self, update: object) -> None:
        """A started update was cut short at the stop deadline: do not acknowledge it either."""
        if isinstance(update, Update):
            self.given_up.add(update.update_id)

    @property
    def unstarted(self) -> list[int]:
        """Ids fetched, not started yet and not acknowledged to Telegram."""
        return [i for i in self._waiting if i not in self._acked]

    @property
    def waiting(self) -> int:
        """How many fetched updates have not started."""
        return len(self._waiting)

    def drain(self) -> list[Update]:
        """From now on nothing starts. Waiting updates Telegram does not know as taken are
        given up (it sends them again); the ones it does are returned, to be parked."""
        self.draining = True
        parked: list[Update] = []
        for update_id, (future, update) in self._waiting.items():
            if update_id in self._acked:
                parked.append(update)
            else:
                self.given_up.add(update_id)
            if not future.done():
                future.set_result(False)
        self._parked_ids.update(u.update_id for u in parked)
        self._waiting.clear()
        self._acked.clear()
        self._changed.set()
        return parked

    async def progress(self, timeout: float) -> None:
        """Wait until some update starts (or `timeout` passes)."""
        self._changed.clear()
        # asyncio.timeout, not wait_for: 3.11's wait_for can swallow a cancellation that
        # arrives as the event is set, and the stop would then wait for ever
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                await self._changed.wait()


class Poller:
    """Long polling that acknowledges only started updates (see the module docstring)."""

    def __init__(
        self,
        app: Any,
        intake: Intake,
        *,
        timeout: float = 25.0,
        allowed_updates: Sequence[str] = (),
    ) -> None:
        self.app = app
        self.intake = intake
        self.timeout = timeout
        self.allowed_updates = list(allowed_updates)
        self.next_offset = 0  # one past the newest update fetched
        self._held: list[int] = []  # fetched ids at or after the offset Telegram keeps
        self._task: asyncio.Task[None] | None = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def start(self) -> None:
        """Remove any webhook (keeping pending updates) and start polling."""
        await self.app.bot.delete_webhook(drop_pending_updates=False)
        self._task = asyncio.create_task(self._loop(), name="advisor:poller")

    def _safe_offset(self) -> int:
        """The offset that acknowledges every started update and nothing else."""
        unstarted = self.intake.unstarted + sorted(self.intake.given_up)
        return min(unstarted) if unstarted else self.next_offset

    async def _loop(self) -> None:
        delay = 0.5
        while not self.intake.draining:
            offset = self._safe_offset()
            timeout = self.timeout
            if offset < self.next_offset:
                # Some fetched updates have not started: Telegram will send them again (the
                # offset stays before them), so ask only for what is new, and not in a hot loop.
                self._held = self._held[bisect.bisect_left(self._held, offset) :]
                await self.intake.progress(HOLD_INTERVAL)
                if self.intake.draining:
                    break  # stopping: acknowledge nothing more (see acknowledge())
                offset = self._safe_offset()
                self._held = self._held[bisect.bisect_left(self._held, offset) :]
                if len(self._held) >= HOLD_MAX:
                    # Half a page of updates we already have: Telegram would send few new ones
                    # per poll, and a press must be answered within seconds of being made.
                    # Take the next page; what is acknowledged this way but has not started
                    # is parked in the store if we stop first.
                    for update_id in self.intake.unstarted:
                        self.intake.acknowledged(update_id)
                    offset = self.next_offset
                    self._held = []
                timeout = 0.0 if offset < self.next_offset else self.timeout
            try:
                updates = await self.app.bot.get_updates(
                    offset=offset or None,
                    timeout=timeout,
                    limit=LIMIT,
                    allowed_updates=self.allowed_updates,
                )
            except InvalidToken:
                log.error("Telegram refused the bot token while polling; polling stops")
                raise
            except (Conflict, TelegramError) as exc:
                log.warning("getUpdates failed (%s); retrying in %.1fs", type(exc).__name__, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, MAX_BACKOFF)
                continue
            delay = 0.5
            for update in updates:
                if update.update_id < self.next_offset:
                    continue  # already queued here, waiting for its turn
                self.intake.fetched(update)
                self._held.append(update.update_id)
                await self.app.update_queue.put(update)
                self.next_offset = update.update_id + 1

    async def stop(self) -> None:
        """Stop polling (a long poll in flight is abandoned: it acknowledges nothing new)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, TelegramError):
                await self._task
            self._task = None

    async def acknowledge(self) -> None:
        """Tell Telegram about the updates that ran, leaving the rest for the next process."""
        offset = self._safe_offset()
        if not offset:
            return
        try:
            await self.app.bot.get_updates(
                offset=offset, timeout=0, limit=1, allowed_updates=self.allowed_updates
            )
        except TelegramError as exc:
            # they come again after a restart and the duplicate check drops them
            log.warning("could not acknowledge the last updates (%s)", type(exc).__name__)
