"""Telegram throughput: updates per second through the advisor's Application vs a minimal
python-telegram-bot echo bot, measured in the same run with the same harness.

Run: .venv/bin/python bench/bench_updates.py [--users N] [--rounds N]

Harness: the strict Bot API test server runs in its own process (so its work does not share
the bot's CPU); the same updates are queued on it before each bot starts long polling; the
clock runs from the first getUpdates until every update is confirmed and processed
(`update_queue.join()`). Both bots process updates concurrently (the advisor: one at a time
per conversation; the echo bot: PTB's plain concurrency) and neither has a rate limiter —
Telegram's flood limits would otherwise be what gets measured.

Update mixes, per user: /start, a typed business description, then nine answers ending in
the verdict — a full interview. "typed": every answer typed; "buttons": every other answer a
button press. The advisor answers with what a user really gets (merged notice + question,
verdict with its chart; for a press also answerCallbackQuery and the keyboard's removal); the
echo bot answers each text with one sendMessage and each press with one answerCallbackQuery.

Target: the advisor's cost per update at most 25% above the echo bot's. A button press costs
the advisor three API calls to the echo's one, so the script also prints the cost per API call
made, which isolates the advisor's own work (engine, store, rendering) from Telegram I/O.

Two more bots run in the same rounds, for honesty rather than for the target:
- "echo/aio": the same echo bot on the advisor's HTTP transport (aiohttp instead of PTB's
  default httpx), so the advisor's own overhead can be read apart from the transport choice;
- "adv/cold": the advisor with its cache of finished chart PNGs turned off, as if every user's
  answers made a chart never drawn before (in the mixes above every user answers alike, so the
  normal advisor draws one chart per run and reuses it).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from telegram import Update  # noqa: E402
from telegram.ext import (  # noqa: E402
    Application,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.advisor import Advisor  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.engine.events import Command, OptionChosen, TextInput  # noqa: E402
from bot.frontends.telegram.app import build_application  # noqa: E402
from bot.frontends.telegram.render import encode_press  # noqa: E402
from bot.frontends.telegram.transport import AiohttpRequest  # noqa: E402
from bot.ops import charts  # noqa: E402
from bot.service import Conversations  # noqa: E402
from bot.storage import open_store  # noqa: E402
from bot.storage.base import ConversationKey  # noqa: E402

TOKEN = "123456:TEST-token-abcdefghijklmnopqrstuvwxyz"
TARGET = 1.25
CONCURRENCY = 16  # concurrent updates, both bots (the advisor's max_active)


class Server:
    """The Bot API test server in a child process, driven through its control API."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.botapi.serve"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().split()
        assert line and line[0] == "READY", line
        self.port = int(line[1])
        self.base_url = f"http://127.0.0.1:{self.port}/bot"
        self.client = httpx.AsyncClient(base_url=f"http://127.0.0.1:{self.port}/_control")

    async def inject(self, items: list[dict[str, Any]]) -> int:
        response = await self.client.post("/inject", content=json.dumps({"items": items}))
        return int(response.json()["last"])

    async def stats(self) -> dict[str, Any]:
        result: dict[str, Any] = (await self.client.get("/stats")).json()
        return result

    async def reset(self) -> None:
        await self.client.post("/reset")

    async def close(self) -> None:
        await self.client.aclose()
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(10)


async def interview_script(advisor: Advisor, *, buttons: bool) -> list[dict[str, Any]]:
    """One user's updates: derived from the engine itself, so every button is a live one.

    With `buttons`, every other answer is a button press; without, every answer is typed.
    """
    conversations = Conversations(advisor, open_store("memory://"))
    key = ConversationKey(1, 1)
    items: list[dict[str, Any]] = [{"text": "/start"}, {"text": "we are a law firm"}]
    replies = await conversations.handle(key, Command("start"))
    replies = await conversations.handle(key, TextInput("we are a law firm"))
    for i in range(20):
        if any(r.chart is not None for r in replies):
            break
        question = next(r for r in reversed(replies) if r.choices)
        assert question.step is not None
        choice = question.choices[0]
        if buttons and i % 2 == 0:
            data = encode_press(question.turn, question.step, choice.id)
            markup = {
                "inline_keyboard": [
                    [
                        {
                            "text": c.label,
                            "callback_data": encode_press(question.turn, question.step, c.id),
                        }
                    ]
                    for c in question.choices
                ]
            }
            items.append({"press": data, "markup": markup})
        else:
            items.append({"text": choice.label})
        replies = await conversations.handle(
            key, OptionChosen(question.step, choice.id, question.turn)
        )
    assert any(r.chart is not None for r in replies), "the script must reach the verdict"
    return items


def echo_app(base_url: str, *, aio: bool = False) -> Any:
    """The baseline: the smallest useful PTB bot (echo texts, acknowledge buttons); with
    `aio`, on the advisor's aiohttp transport instead of PTB's default httpx."""

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None and update.effective_chat is not None
        await context.bot.send_message(
            update.effective_chat.id, update.effective_message.text or ""
        )

    async def ack(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.callback_query is not None
        await update.callback_query.answer()

    builder = (
        Application.builder()
        .token(TOKEN)
        .base_url(base_url)
        .concurrent_updates(CONCURRENCY)
        .job_queue(None)
    )
    if aio:
        builder = builder.request(
            AiohttpRequest(connection_pool_size=CONCURRENCY + 8)
        ).get_updates_request(AiohttpRequest(connection_pool_size=2, read_timeout=30.0))
    app = builder.build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.add_handler(CallbackQueryHandler(ack))
    return app


def advisor_app(base_url: str, advisor: Advisor, store_url: str) -> Any:
    settings = advisor.settings.model_copy(update={"token": TOKEN, "api_base_url": base_url})
    conversations = Conversations(
        dataclasses.replace(advisor, settings=settings), open_store(store_url)
    )
    return build_application(settings, conversations, rate_limiter=False, max_active=CONCURRENCY)


@contextlib.contextmanager
def png_cache(enabled: bool) -> Iterator[None]:
    """Run with the chart PNG cache on (as shipped) or off (every verdict drawn anew)."""
    size = charts._CACHE_SIZE
    charts.clear_cache()
    if not enabled:
        charts._CACHE_SIZE = 0
    try:
        yield
    finally:
        charts._CACHE_SIZE = size
        charts.clear_cache()


async def run_once(
    server: Server, app: Any, items: list[dict[str, Any]]
) -> tuple[float, float, dict[str, Any]]:
    """Wall seconds and bot CPU seconds to process `items` (queued before polling starts),
    and the server's stats."""
    await server.reset()
    last = await server.inject(items)
    await app.initialize()
    await app.start()
    cpu = time.process_time()
    started = time.perf_counter()
    await app.updater.start_polling(poll_interval=0.0, timeout=5)
    while (await server.stats())["confirmed_offset"] <= last:
        await asyncio.sleep(0.005)
    await app.update_queue.join()
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu
    await app.updater.stop()
    await app.stop()
    await app.shutdown()
    return elapsed, cpu, await server.stats()


def build_items(script: list[dict[str, Any]], users: range) -> list[dict[str, Any]]:
    """Everyone's first update, then everyone's second, … (conversations interleaved)."""
    return [dict(step, user=u) for step in script for u in users]


async def breakdown(advisor: Advisor, script: list[dict[str, Any]], users: int) -> str:
    """Where an advisor turn's own time goes, measured directly on the same script."""
    from bot.frontends.telegram.render import plan
    from bot.ops.charts import render_chart

    conversations = Conversations(advisor, open_store("memory://"))
    turn_s = plan_s = chart_s = 0.0
    count = 0
    for user in range(users):
        key = ConversationKey(user, user)
        for item in script:
            text = item.get("text", "")
            event = Command("start") if text == "/start" else TextInput(text or "x")
            started = time.perf_counter()
            replies = await conversations.handle(key, event)
            turn_s += time.perf_counter() - started
            started = time.perf_counter()
            plan(replies)
            plan_s += time.perf_counter() - started
            for reply in replies:
                if reply.chart is not None:
                    started = time.perf_counter()
                    render_chart(reply.chart)
                    chart_s += time.perf_counter() - started
            count += 1
    chart = next(r.chart for r in replies if r.chart is not None)
    costs: list[float] = []
    for clear in (charts.clear_cache, charts._pngs.clear, lambda: None):
        started = time.process_time()
        for _ in range(20):
            clear()
            render_chart(chart)
        costs.append((time.process_time() - started) * 1000 / 20)
    charts.clear_cache()
    return (
        f"engine+store {turn_s * 1000 / count:.2f} ms, rendering {plan_s * 1000 / count:.2f} "
        f"ms, chart {chart_s * 1000 / count:.2f} ms per update (averaged over the script); "
        f"one chart: {costs[0]:.1f} ms cold, {costs[1]:.1f} ms on a cached background, "
        f"{costs[2] * 1000:.0f} µs from the PNG cache"
    )


BOTS = ("echo", "echo/aio", "advisor", "adv/cold")


async def measure(
    server: Server,
    advisor: Advisor,
    script: list[dict[str, Any]],
    args: argparse.Namespace,
    first_user: int,
) -> dict[str, Any]:
    """Alternate the bots' runs on fresh users; keep the best rate of each."""
    makers: dict[str, Callable[[], Any]] = {
        "echo": lambda: echo_app(server.base_url),
        "echo/aio": lambda: echo_app(server.base_url, aio=True),
        "advisor": lambda: advisor_app(server.base_url, advisor, args.store),
        "adv/cold": lambda: advisor_app(server.base_url, advisor, args.store),
    }
    rates: dict[str, list[float]] = {name: [] for name in BOTS}
    cpu: dict[str, list[float]] = {name: [] for name in BOTS}
    calls: dict[str, dict[str, int]] = {}
    errors = 0
    user = first_user
    for _ in range(args.rounds):
        for name in BOTS:
            items = build_items(script, range(user, user + args.users))
            user += args.users
            with png_cache(name != "adv/cold"):
                seconds, used, stats = await run_once(server, makers[name](), items)
            rates[name].append(len(items) / seconds)
            cpu[name].append(used * 1000.0 / len(items))
            calls[name] = {
                k: v
                for k, v in sorted(stats["calls"].items())
                if k not in {"getUpdates", "getMe", "deleteWebhook"}
            }
            errors += stats["errors"]
    return {"rates": rates, "cpu": cpu, "calls": calls, "errors": errors, "next_user": user}


def report(title: str, count: int, result: dict[str, Any]) -> None:
    print(f"{title} ({count} updates per run)")
    best = {name: max(rates) for name, rates in result["rates"].items()}
    cpu = {name: min(values) for name, values in result["cpu"].items()}
    calls_per_update: dict[str, float] = {}
    for name in BOTS:
        api = result["calls"][name]
        calls_per_update[name] = sum(api.values()) / count
        shown = api if name in ("echo", "advisor") else ""
        print(
            f"  {name:<8} {best[name]:6.0f} updates/s (median "
            f"{statistics.median(result['rates'][name]):.0f}), bot CPU {cpu[name]:.2f} ms/update,"
            f" {calls_per_update[name]:.2f} API calls/update  {shown}"
        )
    for advisor, echo, note in (
        ("advisor", "echo", "the target"),
        ("adv/cold", "echo", "no PNG cache"),
        ("advisor", "echo/aio", "same transport"),
    ):
        ratio = best[echo] / best[advisor]
        cpu_ratio = cpu[advisor] / cpu[echo]
        per_call = cpu_ratio / (calls_per_update[advisor] / calls_per_update[echo])
        verdict = note
        if note == "the target":  # both measures must be within it
            verdict = (
                f"{'meets' if max(ratio, cpu_ratio) <= TARGET else 'misses'} the "
                f"{TARGET:.2f} x target"
            )
        print(
            f"  {advisor} / {echo}: {ratio:.2f} x by throughput, {cpu_ratio:.2f} x by CPU "
            f"({verdict}); CPU per API call made: {per_call:.2f} x"
        )
    if result["errors"]:
        print(f"  warning: {result['errors']} API calls were refused by the test server")


async def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--store", default="memory://", help="advisor's session store (default memory://)"
    )
    args = parser.parse_args()

    advisor = Advisor.load(Settings.load(env={}, dotenv=Path("/nonexistent/.env")))
    typed = await interview_script(advisor, buttons=False)
    mixed = await interview_script(advisor, buttons=True)
    server = Server()
    print(
        f"Telegram throughput: {args.users} conversations at a time, concurrency "
        f"{CONCURRENCY} for both bots, best of {args.rounds}, advisor store {args.store}"
    )
    try:
        result = await measure(server, advisor, typed, args, 10_000)
        report("typed interview (every answer typed)", len(typed) * args.users, result)
        print(f"  advisor's own work: {await breakdown(advisor, typed, args.users)}")
        result = await measure(server, advisor, mixed, args, result["next_user"])
        report(
            "button interview (every other answer a button press)", len(mixed) * args.users, result
        )
    finally:
        await server.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
