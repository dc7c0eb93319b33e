"""Run the Bot API test server in its own process: `python -m tests.botapi.serve`.

Prints `READY <port>` once listening, then serves (with the `/_control/` test API) until
stdin closes or SIGTERM. Benchmarks use it so the server's work does not share a CPU with the
bot being measured.
"""

from __future__ import annotations

import asyncio
import signal
import sys

from tests.botapi.server import BotApiServer


async def main() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_reader(sys.stdin.fileno(), lambda: stop.set() if not sys.stdin.read(1) else None)
    async with BotApiServer(control=True) as server:
        print(f"READY {server.port}", flush=True)
        await stop.wait()


if __name__ == "__main__":
    asyncio.run(main())
