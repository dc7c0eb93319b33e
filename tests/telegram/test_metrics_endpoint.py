"""GET /metrics scraped over real HTTP after real updates: the series dashboards rely on."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pytest

from bot.advisor import Advisor
from bot.frontends.telegram.webhook import SECRET_HEADER, WebhookServer
from bot.ops.metrics import METRICS
from tests.botapi.server import BotApiServer
from tests.ops.exposition import series
from tests.telegram.harness import running_bot

pytestmark = pytest.mark.e2e

SECRET = "metrics-Secret_for-tests"
USER = 502
# HELP and TYPE lines of every family, as the exporter wrote them before prometheus_client.
GOLDEN = Path(__file__).resolve().parents[1] / "ops" / "fixtures" / "metrics-families.prom"


async def test_metrics_endpoint_exposes_the_dashboard_series(
    botapi: BotApiServer, advisor: Advisor
) -> None:
    async with running_bot(botapi, advisor, polling=False) as bot:
        bot.conversations.observer = METRICS  # as `advisor run` wires it
        hook = WebhookServer(bot.app, bot.frontend, SECRET, "127.0.0.1", 0)
        await hook.start()
        try:
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{hook.port}") as client:
                before = await client.get("/metrics")
                user = botapi.user(USER, "Mo")
                chat = botapi.private_chat(user)
                for update_id, text in enumerate(
                    ["/start", "We run a small bakery", "/cancel"], start=900
                ):
                    body = {
                        "update_id": update_id,
                        "message": botapi.make_message(chat, user, text),
                    }
                    response = await client.post(
                        "/telegram",
                        content=json.dumps(body),
                        headers={"Content-Type": "application/json", SECRET_HEADER: SECRET},
                    )
                    assert response.status_code == 200
                    await bot.app.update_queue.join()
                after = await client.get("/metrics")
        finally:
            await hook.stop()
    assert after.status_code == 200
    assert after.headers["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8"
    headers, now = series(after.text)
    _, then = series(before.text)
    assert headers == GOLDEN.read_text(encoding="utf-8").splitlines()
    families = {line.split()[2] for line in headers}
    for key in now:
        name = key.split("{")[0]
        assert name in families or re.sub(r"_(bucket|sum|count)$", "", name) in families, key

    def grew(key: str) -> float:
        return now.get(key, 0.0) - then.get(key, 0.0)

    assert grew("advisor_updates_total{kind=command}") == 2  # /start, /cancel
    assert grew("advisor_updates_total{kind=message}") == 1
    assert grew("advisor_replies_sent_total{}") >= 3
    assert grew("advisor_turn_latency_seconds_count{}") == 3
    assert grew("advisor_turn_latency_seconds_bucket{le=inf}") == 3
    assert grew("advisor_funnel_reached_total{flow=main,step=business}") >= 1
    assert now["advisor_start_time_seconds{}"] > 1.6e9
