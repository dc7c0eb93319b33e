"""Webhook mode over real HTTP: the checks before anything runs, health, metrics, delivery."""

from __future__ import annotations

import contextlib
import copy
import functools
import itertools
import json
import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st

from bot.advisor import Advisor
from bot.frontends.telegram.context import Frontend
from bot.frontends.telegram.webhook import SECRET_HEADER, WebhookServer
from bot.service import Conversations
from bot.storage import open_store
from tests.botapi.server import BotApiServer, Sent
from tests.telegram.harness import Bot, running_bot

pytestmark = pytest.mark.e2e

SECRET = "s3cret-Token_for-tests"
USER = 501


@pytest_asyncio.fixture
async def hooked(
    botapi: BotApiServer, advisor: Advisor
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
    hooked: tuple[Bot, WebhookServer, httpx.AsyncClient],
) -> None:
    bot, _hook, client = hooked
    body = json.dumps(update_json(bot.api, "/start", 1))
    good = {"Content-Type": "application/json", SECRET_HEADER: SECRET}
    cases = [
        ({"Content-Type": "application/json"}, body, 403),
        ({"Content-Type": "application/json", SECRET_HEADER: "wrong"}, body, 403),
        ({"Content-Type": "application/json", SECRET_HEADER: SECRET + "x"}, body, 403),
        ({"Content-Type": "text/plain", SECRET_HEADER: SECRET}, body, 415),
        (
            {"Content-Type": "application/x-www-form-urlencoded", SECRET_HEADER: SECRET},
            "update_id=1",
            415,
        ),
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
    hooked: tuple[Bot, WebhookServer, httpx.AsyncClient],
) -> None:
    bot, _hook, client = hooked
    headers = {"Content-Type": "application/json; charset=utf-8", SECRET_HEADER: SECRET}
    body = json.dumps(update_json(bot.api, "/start", 42))
    for _ in range(2):  # Telegram redelivers when it misses our 200
        response = await client.post("/telegram", content=body, headers=headers)
        assert response.status_code == 200
    await bot.app.update_queue.join()
    texts = [s.text for s in bot.api.sent_to(USER)]
    assert len(texts) == 1 and "What does your business do" in texts[0]


async def test_health_and_metrics(
    hooked: tuple[Bot, WebhookServer, httpx.AsyncClient], advisor: Advisor, tmp_path: Path
) -> None:
    bot, _hook, client = hooked
    health = await client.get("/healthz")
    assert health.status_code == 200 and health.json()["store"] is True
    metrics = await client.get("/metrics")
    assert metrics.status_code == 200 and metrics.headers["Content-Type"].startswith("text/plain")
    assert "advisor_updates_total" in metrics.text
    # a store that stops answering makes the instance unhealthy
    store = open_store(f"sqlite:///{tmp_path}/health.db")
    sick = WebhookServer(
        bot.app, Frontend(Conversations(advisor, store), bot.settings), SECRET, "127.0.0.1", 0
    )
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
    hooked: tuple[Bot, WebhookServer, httpx.AsyncClient],
) -> None:
    bot, hook, _client = hooked
    await bot.app.bot.set_webhook(f"http://127.0.0.1:{hook.port}/telegram", secret_token=SECRET)
    chat = bot.chat(USER)
    turn = await chat.send("/start")
    assert "What does your business do" in turn.text
    turn = await chat.press(chat.last_buttons().labels[0])
    assert turn.answer is not None and turn.messages
    await bot.app.bot.set_webhook(f"http://127.0.0.1:{hook.port}/telegram", secret_token="nope")
    update_id = bot.api.inject_message(chat.chat, chat.user, "/help")
    await bot.api.wait_for(lambda: any(c.method == "setWebhook" for c in bot.api.calls), 1)
    before = len(bot.api.sent)
    with pytest.raises(TimeoutError):
        await bot.api.wait_delivered(update_id, timeout=0.6)  # refused: wrong secret
    assert len(bot.api.sent) == before


# --- malformed updates (with the right secret) ---------------------------------------------

GOOD = {"Content-Type": "application/json", SECRET_HEADER: SECRET}


class Records(logging.Handler):
    """Every log record at WARNING or above, while installed."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def errors(self) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno >= logging.ERROR]

    def refusals(self) -> list[str]:
        return [
            r.getMessage()
            for r in self.records
            if r.levelno == logging.WARNING and r.name == "bot.frontends.telegram.webhook"
        ]


@contextlib.contextmanager
def recording() -> Iterator[Records]:
    records = Records()
    root = logging.getLogger()
    root.addHandler(records)
    try:
        yield records
    finally:
        root.removeHandler(records)


def private_message(api: BotApiServer, update_id: int, text: str = "/help") -> dict[str, Any]:
    return update_json(api, text, update_id)


def deep(levels: int) -> str:
    return "[" * levels + "]" * levels


async def test_malformed_updates_are_refused_without_touching_the_duplicate_check(
    hooked: tuple[Bot, WebhookServer, httpx.AsyncClient],
) -> None:
    bot, _hook, client = hooked
    api = bot.api
    good = private_message(api, 1)
    no_chat = private_message(api, 10)
    del no_chat["message"]["chat"]
    no_sender = private_message(api, 11)
    del no_sender["message"]["from"]
    bool_chat = private_message(api, 12)
    bool_chat["message"]["chat"] = dict(bool_chat["message"]["chat"], id=True)
    number_text = private_message(api, 13)
    number_text["message"]["text"] = 5
    bodies = {
        "200,000-deep nesting": '{"update_id": 2, "message": ' + deep(200_000) + "}",
        "update_id true": json.dumps(dict(good, update_id=True)),
        "update_id 2**70": json.dumps(dict(good, update_id=2**70)),
        "negative update_id": json.dumps(dict(good, update_id=-5)),
        "huge chat id": json.dumps(
            private_message(api, 3)
            | {"message": dict(good["message"], chat=dict(good["message"]["chat"], id=2**70))}
        ),
        "message without chat": json.dumps(no_chat),
        "private message without from": json.dumps(no_sender),
        "chat id true": json.dumps(bool_chat),
        "text that is a number": json.dumps(number_text),
        "40-deep reply chain": json.dumps(
            private_message(api, 14)
            | {
                "message": functools.reduce(
                    lambda inner, _: dict(good["message"], reply_to_message=inner),
                    range(40),
                    good["message"],
                )
            }
        ),
    }
    apology = bot.frontend.text("telegram.apology", "en")
    for name, body in bodies.items():
        with recording() as log:
            response = await client.post("/telegram", content=body, headers=GOOD)
            await bot.app.update_queue.join()
        assert response.status_code == 400, (name, response.status_code, response.text)
        assert len(log.refusals()) == 1, (name, log.refusals())
        assert log.errors() == [], (name, log.errors())
    assert api.sent == [], "nothing was processed, nobody got an apology"
    assert all(str(apology) not in s.text for s in api.sent)

    # the refused "update_id": true did not take update 1: the real update 1 is answered
    with recording() as log:
        response = await client.post("/telegram", content=json.dumps(good), headers=GOOD)
        await bot.app.update_queue.join()
    assert response.status_code == 200
    assert log.errors() == []
    (answer,) = api.sent_to(USER)
    assert "/back" in answer.text  # the help text


# Values of the wrong kind for a field that holds a value of this kind (a valid value of the
# right kind would make a well-formed update, which the webhook cannot tell from Telegram's).
_WRONG: dict[type, list[Any]] = {
    str: [None, True, 0, 2**70, 1.5, [], {}, ["x"]],
    bool: [None, "true", 1, 0, [], {}],
    int: [None, True, False, "1", 2**70, -(2**70), 1.5, [], {}, [1]],
    dict: [None, True, "x", 1, [], [{}], {"id": True}],
    list: [None, "x", 1, {}, [None], [[[]]], [1, "a"]],
}


def _paths(value: Any) -> list[tuple[Any, ...]]:
    """Places in a JSON value (dict keys and list indices), outermost first, down to 40
    levels (deeper ones are the absurd nesting a change made, nothing worth changing again)."""
    found: list[tuple[Any, ...]] = []
    level: list[tuple[tuple[Any, ...], Any]] = [((), value)]
    while level and len(level[0][0]) < 40:
        deeper: list[tuple[tuple[Any, ...], Any]] = []
        for here, item in level:
            pairs = (
                item.items()
                if isinstance(item, dict)
                else (enumerate(item) if isinstance(item, list) else ())
            )
            for k, v in pairs:
                found.append((*here, k))
                deeper.append(((*here, k), v))
        level = deeper
    return found


def _get(value: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        value = value[step]
    return value


# One change: where (a fraction of the way through the list of places), what, and its detail.
# Drawn as plain numbers so that the draws never depend on the update at hand (hypothesis
# replays examples; the bot's messages differ from run to run).
CHANGES = st.lists(
    st.tuples(
        st.floats(0, 1, exclude_max=True),
        st.sampled_from(["delete", "wrong", "deep"]),
        st.integers(0, 1000),
    ),
    min_size=1,
    max_size=3,
)


def mutate(update: dict[str, Any], changes: list[tuple[float, str, int]]) -> dict[str, Any]:
    """`update` with fields deleted, replaced by a value of the wrong kind, or nested deep."""
    mutated = copy.deepcopy(update)
    changed: list[tuple[Any, ...]] = []
    for where, what, detail in changes:
        # a place changed once stays changed: a second change could make it right again
        paths = [p for p in _paths(mutated) if not any(p[: len(c)] == c for c in changed)]
        if not paths:
            break
        path = paths[int(where * len(paths))]
        changed.append(path)
        parent, last = _get(mutated, path[:-1]), path[-1]
        current = parent[last]
        if what == "delete" and isinstance(parent, dict):
            del parent[last]
        elif what == "deep":
            parent[last] = json.loads(deep(33 + detail % 200))
        else:
            kind = next((k for k in (bool, int, str, dict, list) if isinstance(current, k)), str)
            # a copy: one shared [] put in two places would make the update circular
            parent[last] = copy.deepcopy(_WRONG[kind][detail % len(_WRONG[kind])])
    return mutated


def base_updates(api: BotApiServer, update_id: int, bot_card: Sent) -> list[dict[str, Any]]:
    """One well-formed update of each kind the bot handles, as Telegram would send it."""
    ann = api.user(USER, "Wes")
    group = api.group(-100900, "Founders")
    channel = api.channel(-100901, "News")
    made = []
    api.inject_callback(bot_card, str(bot_card.buttons[0]["callback_data"]), ann)
    api.inject_inline_query(ann, "law firm")
    api.inject_message(group, ann, "@advisor_test_bot we run a bakery")
    api.inject_channel_post(channel, "/classify law firm")
    api.inject_message(api.private_chat(ann), ann, "we run a bakery")
    while api._pending:
        made.append(api._pending.pop())
    return [dict(u, update_id=update_id) for u in made]


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
async def test_malformed_updates_never_break_the_webhook(
    hooked: tuple[Bot, WebhookServer, httpx.AsyncClient], data: st.DataObject
) -> None:
    """Any update with fields missing, of the wrong kind or nested absurdly deep: a 400 with
    one WARNING, or (when the change is harmless) handled; never a 500, an ERROR, an apology,
    nor an update id taken from a refused update."""
    bot, _hook, client = hooked
    api = bot.api
    fresh = next(_IDS)
    cards = [s for s in api.sent_to(USER) if any("callback_data" in b for b in s.buttons)]
    if not cards:
        await client.post(
            "/telegram", content=json.dumps(private_message(api, fresh, "/start")), headers=GOOD
        )
        await bot.app.update_queue.join()
        cards = [s for s in api.sent_to(USER) if any("callback_data" in b for b in s.buttons)]
        fresh = next(_IDS)
    updates = base_updates(api, fresh, cards[-1])
    update = updates[data.draw(st.integers(0, len(updates) - 1), label="kind")]
    mutated = mutate(update, data.draw(CHANGES, label="changes"))
    note(json.dumps(mutated)[:2000])
    apology = str(bot.frontend.text("telegram.apology", "en"))
    before = len(api.sent)
    with recording() as log:
        response = await client.post("/telegram", content=json.dumps(mutated), headers=GOOD)
        await bot.app.update_queue.join()
    event(f"status {response.status_code}")
    assert response.status_code == 200 or 400 <= response.status_code < 500, response.text
    assert log.errors() == []
    assert not any(apology in s.text for s in api.sent[before:])
    if response.status_code == 200:
        return
    assert len(log.refusals()) == 1, log.refusals()
    assert len(api.sent) == before
    # the refused update recorded no id: whatever id it claimed is still new
    claimed = mutated.get("update_id") if isinstance(mutated, dict) else None
    for update_id in {fresh, claimed if type(claimed) in (int, bool) else fresh}:
        if 0 <= int(update_id) < 2**53 and int(update_id) not in _CHECKED:
            _CHECKED.add(int(update_id))
            assert await bot.store.first_time(int(update_id)), update_id


_IDS = itertools.count(1_000_000)
_CHECKED: set[int] = set()
