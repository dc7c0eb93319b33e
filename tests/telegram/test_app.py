"""The application's parts on their own: update ordering and the retry policy (real HTTP)."""

from __future__ import annotations

import asyncio
import datetime as dtm

import pytest
from telegram import Bot, Chat, InlineQuery, Message, Update, User
from telegram.error import BadRequest, TimedOut

from bot.frontends.telegram.app import (
    ConversationOrderedProcessor,
    RetryingRequest,
    conversation_of,
    file_base_url,
)
from tests.botapi.server import BotApiServer

NOW = dtm.datetime(2026, 1, 1, tzinfo=dtm.UTC)


def message_update(update_id: int, chat: int, user: int) -> Update:
    sender = User(user, "U", is_bot=False)
    msg = Message(
        update_id,
        NOW,
        Chat(chat, "private" if chat == user else "group"),
        from_user=sender,
        text="hi",
    )
    return Update(update_id, message=msg)


def test_conversation_key() -> None:
    assert conversation_of(message_update(1, 5, 5)) == (5, 5)
    assert conversation_of(message_update(2, -9, 5)) == (-9, 5)
    inline = Update(3, inline_query=InlineQuery("q", User(5, "U", False), "law", ""))
    assert conversation_of(inline) is None
    assert conversation_of("not an update") is None


async def test_same_conversation_in_order_others_concurrently() -> None:
    processor = ConversationOrderedProcessor(256, max_active=8)
    await processor.initialize()
    events: list[str] = []
    gate = asyncio.Event()

    async def work(name: str, wait: bool = False) -> None:
        events.append(f"start {name}")
        if wait:
            await gate.wait()
        await asyncio.sleep(0)
        events.append(f"end {name}")

    tasks = [
        asyncio.create_task(processor.process_update(message_update(1, 1, 1), work("a1", True))),
        asyncio.create_task(processor.process_update(message_update(2, 1, 1), work("a2"))),
        asyncio.create_task(processor.process_update(message_update(3, 2, 2), work("b1"))),
        asyncio.create_task(processor.process_update(message_update(4, -7, 1), work("g1"))),
    ]
    await asyncio.sleep(0.05)
    # a1 holds conversation (1, 1): a2 waits; b1 and g1 (other conversations) are done
    assert "start a2" not in events
    assert {"end b1", "end g1"} <= set(events)
    gate.set()
    await asyncio.gather(*tasks)
    assert events.index("end a1") < events.index("start a2")
    assert processor.conversations_waiting == 0
    await processor.shutdown()


async def test_a_flooding_chat_does_not_take_every_slot() -> None:
    processor = ConversationOrderedProcessor(256, max_active=2)
    gate = asyncio.Event()
    done: list[int] = []

    async def slow() -> None:
        await gate.wait()

    async def quick(n: int) -> None:
        done.append(n)

    flood = [
        asyncio.create_task(processor.process_update(message_update(i, 1, 1), slow()))
        for i in range(50)
    ]
    others = [
        asyncio.create_task(
            processor.process_update(message_update(100 + i, 10 + i, 10 + i), quick(i))
        )
        for i in range(5)
    ]
    await asyncio.wait_for(asyncio.gather(*others), 2)
    assert sorted(done) == [0, 1, 2, 3, 4]
    gate.set()
    await asyncio.gather(*flood)


async def test_retry_policy_over_real_http(botapi: BotApiServer) -> None:
    request = RetryingRequest(read_timeout=0.3, connect_timeout=1, retries=2, backoff=0.01)
    async with Bot(botapi.token, base_url=botapi.base_url, request=request) as bot:
        botapi.private_chat(botapi.user(1))
        # a 5xx or a dropped connection never reached Telegram's logic: retried
        botapi.fail_next("sendMessage", "500")
        botapi.fail_next("sendMessage", "drop")
        await bot.send_message(1, "hello")
        assert botapi.received.count("sendMessage") == 3
        assert [s.text for s in botapi.sent] == ["hello"]
        # a timeout on a send is not repeated (it might have been delivered)
        botapi.fail_next("sendMessage", "delay", delay=0.6)
        with pytest.raises(TimedOut):
            await bot.send_message(1, "slow")
        assert botapi.received.count("sendMessage") == 4
        # ... but harmless calls are
        botapi.fail_next("sendChatAction", "delay", delay=0.6)
        assert await bot.send_chat_action(1, "typing")
        assert botapi.received.count("sendChatAction") == 2
        # a 4xx is an answer, not a failure to retry
        botapi.fail_next("sendMessage", "400")
        with pytest.raises(BadRequest, match="Injected fault"):
            await bot.send_message(1, "bad")
        assert botapi.received.count("sendMessage") == 5
        await asyncio.sleep(0.7)  # let the delayed handlers finish before the server stops


def test_file_base_url() -> None:
    assert file_base_url("https://api.telegram.org/bot") == "https://api.telegram.org/file/bot"
    assert file_base_url("http://127.0.0.1:8081/bot") == "http://127.0.0.1:8081/file/bot"
