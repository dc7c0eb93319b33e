"""`advisor run`, exactly, with one optional change: `--no-rate-limit`.

    python -m tests.reliability.run_worker [--no-rate-limit] [--callback-grace SECONDS]
                                           [--local-flood] [--hang-user ID]

The flood-control limiter (PTB's AIORateLimiter: 30 requests a second per bot) is right in
production but caps a worker at 30 messages a second, so load tests with hundreds of users
would measure the limiter instead of the bot. Everything else is the real start-up path:
settings from the environment, data and store checks, the webhook server, signal handling.
"""

from __future__ import annotations

import functools
import sys
from typing import Any


def main(argv: list[str]) -> int:
    import bot.frontends.telegram.app as tgapp

    changes: dict[str, object] = {}
    if "--no-rate-limit" in argv:
        changes["rate_limiter"] = False
    if "--callback-grace" in argv:
        # benchmarks: a huge grace answers presses only after their turn, as before the clock
        changes["callback_grace"] = float(argv[argv.index("--callback-grace") + 1])
    if "--local-flood" in argv:
        # benchmarks' baseline: each worker keeps the flood limits on its own, as before
        from telegram.ext import AIORateLimiter

        changes["rate_limiter"] = AIORateLimiter(max_retries=tgapp.RETRIES)
    if "--hang-user" in argv:
        # tests: a turn of this user hangs while it holds the conversation's lock (reading the
        # session), so the test can kill the worker mid-turn
        import asyncio

        from bot.storage.redis import RedisStore

        hang = int(argv[argv.index("--hang-user") + 1])
        real_get = RedisStore.get

        async def get(self: RedisStore, key: Any) -> Any:
            if key.user == hang:
                print("hanging mid-turn", file=sys.stderr, flush=True)
                await asyncio.sleep(3600)
            return await real_get(self, key)

        RedisStore.get = get  # type: ignore[method-assign]
    if changes:
        # The runner imports build_application when it runs, so it picks up this version.
        tgapp.build_application = functools.partial(  # type: ignore[assignment]
            tgapp.build_application, **changes
        )
    from bot.cli import main as cli

    return cli(["run"])


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
