"""Webhook mode over real HTTP: the checks before anything runs, health, metrics, delivery."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio

from bot.app import Advisor
from bot.frontends.telegram.handlers import Frontend
from bot.frontends.telegram.webhook import SECRET_HEADER, WebhookServer
from bot.service import Conversations
from bot.storage import open_store
from tests.botapi.server import BotApiServer
from tests.telegram.harness import Bot, running_bot

pytestmark = pytest.mark.e2e

SECRET = "s3cret-Token_for-tests"
USER = 501


@pytest_asyncio.fixture
async def hooked(botapi: BotApiServer, advisor: Advisor
                 ) -> AsyncIterator[tuple[Bot, WebhookServer, httpx.AsyncClient]]:
    async with running_bot(botapi, advisor, polling=False) as bot:
        hook = WebhookServer(bot.app, bot.frontend, SECRET, "127.0.0.1", 0)
        await hook.start()
        try:
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{hook.port}") as client:
                yield bot, hook, client
        finally:
            await hook.stop()


def update_json(api: BotApiServer, text: str, update_id: int) -> dict[str, Any]:
    user = api.user(USER, "Wes")
    message = api.make_message(api.private_chat(user), user, text)
    return {"update_id": update_id, "message": message}


async def test_bad_requests_are_refused_before_anything_runs(
        hooked: tuple[Bot, WebhookServer, httpx.AsyncClient]) -> None:
    bot, _hook, client = hooked
    body = json.dumps(update_json(bot.api, "/start", 1))
    good = {"Content-Type": "application/json", SECRET_HEADER: SECRET}
    cases = [
        ({"Content-Type": "application/json"}, body, 403),
        ({"Content-Type": "application/json", SECRET_HEADER: "wrong"}, body, 403),
        ({"Content-Type": "application/json", SECRET_HEADER: SECRET + "x"}, body, 403),
        ({"Content-Type": "text/plain", SECRET_HEADER: SECRET}, body, 415),
        ({"Content-Type": "application/x-www-form-urlencoded", SECRET_HEADER: SECRET},
         "update_id=1", 415),
        (good, "{not json", 400),
        (good, "[1, 2, 3]", 400),
        (good, json.dumps({"message": {"text": "hi"}}), 400),
        (good, json.dumps({"update_id": "7"}), 400),
        (good, json.dumps({"update_id": 8, "message": "not a message"}), 400),
    ]
    for headers, content, status in cases:
        response = await client.post("/telegram", content=content, headers=headers)
        assert response.status_code == status, (headers, content, response.text)
    await bot.app.update_queue.join()
    assert bot.api.sent == [], "nothing was processed"
    assert await bot.store.count() == 0
    assert (await client.get("/telegram")).status_code == 405


async def test_valid_update_is_processed_once(
        hooked: tuple[Bot, WebhookServer, httpx.AsyncClient]) -> None:
    bot, _hook, client = hooked
    headers = {"Content-Type": "application/json; charset=utf-8", SECRET_HEADER: SECRET}
    body = json.dumps(update_json(bot.api, "/start", 42))
    for _ in range(2):  # Telegram redelivers when it misses our 200
        response = await client.post("/telegram", content=body, headers=headers)
        assert response.status_code == 200
    await bot.app.update_queue.join()
    texts = [s.text for s in bot.api.sent_to(USER)]
    assert len(texts) == 1 and "What does your business do" in texts[0]


async def test_health_and_metrics(hooked: tuple[Bot, WebhookServer, httpx.AsyncClient],
                                  advisor: Advisor, tmp_path: Path) -> None:
    bot, _hook, client = hooked
    health = await client.get("/healthz")
    assert health.status_code == 200 and health.json()["store"] is True
    metrics = await client.get("/metrics")
    assert metrics.status_code == 200 and metrics.headers["Content-Type"].startswith("text/plain")
    assert "advisor_updates_total" in metrics.text
    # a store that stops answering makes the instance unhealthy
    store = open_store(f"sqlite:///{tmp_path}/health.db")
    sick = WebhookServer(bot.app, Frontend(Conversations(advisor, store), bot.settings), SECRET,
                         "127.0.0.1", 0)
    await sick.start()
    try:
        async with httpx.AsyncClient() as other:
            url = f"http://127.0.0.1:{sick.port}/healthz"
            assert (await other.get(url)).status_code == 200
            await store.close()
            response = await other.get(url)
            assert response.status_code == 503 and response.json()["store"] is False
    finally:
        await sick.stop()


async def test_telegram_delivers_through_the_webhook(
        hooked: tuple[Bot, WebhookServer, httpx.AsyncClient]) -> None:
    bot, hook, _client = hooked
    await bot.app.bot.set_webhook(f"http://127.0.0.1:{hook.port}/telegram", secret_token=SECRET)
    chat = bot.chat(USER)
    turn = await chat.send("/start")
    assert "What does your business do" in turn.text
    turn = await chat.press(chat.last_buttons().labels[0])
    assert turn.answer is not None and turn.messages
    await bot.app.bot.set_webhook(f"http://127.0.0.1:{hook.port}/telegram", secret_token="nope")
    update_id = bot.api.inject_message(chat.chat, chat.user, "/help")
    await bot.api.wait_for(lambda: any(
        c.method == "setWebhook" for c in bot.api.calls), 1)
    before = len(bot.api.sent)
    with pytest.raises(TimeoutError):
        await bot.api.wait_delivered(update_id, timeout=0.6)  # refused: wrong secret
    assert len(bot.api.sent) == before
