"""Answering button presses (callback queries) exactly once and always in time.

Telegram refuses an answer that comes more than a few seconds after the press ("query is too
old"), and until it is answered the user's client shows a spinner. A press is normally answered
by its handler, with a toast when there is something to say. But under load a press can wait
in line behind other turns (the send limit is 30 messages a second), so a clock starts when
the press *arrives*: if the handler has not answered it within `grace` seconds, it is answered
then without text. Answering is not a message, so it never waits behind the send limiter.
Whoever comes first claims the query; the other does nothing.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import CallbackQuery, Update
from telegram.error import TelegramError

log = logging.getLogger(__name__)

# Seconds a press may wait for its handler before it is answered without text. Telegram's own
# window is longer (about 10-15 s); this leaves room for a slow network.
CALLBACK_GRACE = 3.0


class CallbackAnswers:
    """Claims on callback query ids plus the late-answer clock of each waiting press."""

    def __init__(self, grace: float = CALLBACK_GRACE) -> None:
        self.grace = grace
        self._claimed: set[str] = set()
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._tasks: set[asyncio.Task[bool]] = set()
        self.late = 0  # presses answered by the clock rather than by their handler

    def arrived(self, update: object) -> None:
        """A press came in: start its clock."""
        query = update.callback_query if isinstance(update, Update) else None
        if query is None or query.id in self._timers or query.id in self._claimed:
            return
        loop = asyncio.get_running_loop()
        self._timers[query.id] = loop.call_later(self.grace, self._expire, query)

    def _claim(self, query_id: str) -> bool:
        timer = self._timers.pop(query_id, None)
        if timer is not None:
            timer.cancel()
        if query_id in self._claimed:
            return False
        self._claimed.add(query_id)
        return True

    def _expire(self, query: CallbackQuery) -> None:
        self._timers.pop(query.id, None)
        if query.id in self._claimed:
            return
        self._claimed.add(query.id)
        self.late += 1
        task = asyncio.create_task(self._send(query, None, False))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def answer(
        self, query: CallbackQuery, text: str | None = None, *, alert: bool = False
    ) -> bool:
        """Answer `query` unless it already was; False when it was or Telegram refused."""
        if not self._claim(query.id):
            return False
        return await self._send(query, text, alert)

    @staticmethod
    async def _send(query: CallbackQuery, text: str | None, alert: bool) -> bool:
        try:
            await query.answer(text, show_alert=alert)
        except TelegramError as exc:
            # a late or refused answer costs the user a spinner, never the turn's replies
            log.warning("could not answer a button press: %s", exc)
            return False
        return True

    def finished(self, update: object) -> None:
        """The press's handler is done (or it never ran): forget its claim and its clock."""
        query = update.callback_query if isinstance(update, Update) else None
        if query is None:
            return
        timer = self._timers.pop(query.id, None)
        if timer is not None:
            timer.cancel()
        self._claimed.discard(query.id)
