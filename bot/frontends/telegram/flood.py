"""One flood budget per bot token, shared by every worker through Redis.

Telegram limits a bot (a token), not a process: about 30 messages a second in all and 20 a
minute per group. PTB's AIORateLimiter keeps those limits per process, so two workers send up
to twice the budget and Telegram answers 429 to the whole bot. Here each request to a chat
reserves its slot in Redis (one script call): a global schedule spaced 1/30 s apart, one per
group spaced 3 s apart, and a shared pause after a 429 ("retry after N") that every worker
respects. The caller sleeps until its slot, then sends. Requests without a chat (answering a
button press, getUpdates, setMyCommands…) are not messages and go at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

# A little under Telegram's 30/s: a worker that wakes a few ms late must not push a second
# over the limit as Telegram counts it.
OVERALL_PER_SECOND = 29
GROUP_PER_MINUTE = 20
MAX_RETRIES = 3

# KEYS: global schedule, pause-until, group schedule (or the global one again).
# ARGV: global interval ms, group interval ms (0: no group). Returns the wait in ms.
# Times come from the Redis server's clock, so the workers' clocks do not matter.
_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local every = tonumber(ARGV[1])
local group_every = tonumber(ARGV[2])
local at = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0'),
                    tonumber(redis.call('GET', KEYS[2]) or '0'))
if group_every > 0 then
  at = math.max(at, tonumber(redis.call('GET', KEYS[3]) or '0'))
  redis.call('SET', KEYS[3], at + group_every, 'PX', at + group_every - now + 1000)
end
redis.call('SET', KEYS[1], at + every, 'PX', at + every - now + 1000)
return at - now
"""

# KEYS: pause-until. ARGV: pause ms. Extends the shared pause, never shortens it.
_PAUSE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local untl = now + tonumber(ARGV[1])
if untl > tonumber(redis.call('GET', KEYS[1]) or '0') then
  redis.call('SET', KEYS[1], untl, 'PX', tonumber(ARGV[1]) + 1000)
end
return untl
"""


class SharedRateLimiter(BaseRateLimiter[int]):
    """Telegram's flood limits for one token, across all workers on one Redis."""

    def __init__(
        self,
        redis: Redis,
        token_id: str,
        *,
        prefix: str = "advisor:",
        per_second: float = OVERALL_PER_SECOND,
        group_per_minute: float = GROUP_PER_MINUTE,
        max_retries: int = MAX_RETRIES,
    ) -> None:
        self.redis = redis
        base = f"{prefix}flood:{token_id}:"
        self._global = base + "all"
        self._pause = base + "pause"
        self._group = base + "g:"
        self._every_ms = max(1, round(1000 / per_second))
        self._group_every_ms = max(1, round(60_000 / group_per_minute))
        self._max_retries = max_retries
        self._reserve = redis.register_script(_RESERVE)
        self._pause_script = redis.register_script(_PAUSE)

    async def initialize(self) -> None:
        """Nothing to set up: the store owns the connection."""

    async def shutdown(self) -> None:
        """Nothing to release: the store closes the connection."""

    async def _wait_for_slot(self, chat_id: object) -> None:
        group = isinstance(chat_id, str) or (isinstance(chat_id, int) and chat_id < 0)
        keys = [self._global, self._pause, f"{self._group}{chat_id}" if group else self._global]
        try:
            wait_ms = int(
                await self._reserve(
                    keys=keys, args=[self._every_ms, self._group_every_ms if group else 0]
                )
            )
        except RedisError as exc:
            # Redis is down: sending a little too fast beats not sending (Telegram's 429 is
            # then handled below like any other)
            log.warning("flood budget unavailable (%s); sending without it", type(exc).__name__)
            return
        if wait_ms > 0:
            await asyncio.sleep(wait_ms / 1000)

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        """Wait for this request's slot (chats only), send, and share any 429's pause."""
        chat_id = data.get("chat_id")
        with contextlib.suppress(ValueError, TypeError):
            chat_id = int(chat_id)  # type: ignore[arg-type]
        retries = rate_limit_args or self._max_retries
        for attempt in range(retries + 1):
            if chat_id is not None:
                await self._wait_for_slot(chat_id)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                if attempt == retries:
                    raise
                pause = exc.retry_after
                seconds = pause.total_seconds() if hasattr(pause, "total_seconds") else pause
                log.info("Telegram asked to wait %.0f s; every worker waits", seconds)
                try:
                    await self._pause_script(
                        keys=[self._pause], args=[int(float(seconds) * 1000) + 100]
                    )
                except RedisError:
                    await asyncio.sleep(float(seconds) + 0.1)
                if chat_id is None:
                    await asyncio.sleep(float(seconds) + 0.1)
        raise AssertionError("unreachable")
