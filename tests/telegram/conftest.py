"""Fixtures for the Telegram front-end tests: the Bot API test server and a running bot."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot.advisor import Advisor
from bot.config import Settings
from tests.botapi.fixtures import botapi
from tests.botapi.server import BotApiServer
from tests.telegram.harness import Bot, running_bot

__all__ = ["advisor", "bot", "botapi"]

ADMIN = 900


@pytest.fixture(scope="session")
def advisor() -> Advisor:
    """Flows, knowledge and messages, loaded once (the object is immutable)."""
    return Advisor.load(Settings.load(env={}, dotenv=Path("/nonexistent/.env")))


@pytest_asyncio.fixture
async def bot(botapi: BotApiServer, advisor: Advisor) -> AsyncIterator[Bot]:
    """The real bot, long polling the test server, with an in-memory store."""
    botapi.private_chat(botapi.user(ADMIN, "Admin"))  # so its command menu can be set
    async with running_bot(botapi, advisor, admin_ids=frozenset({ADMIN})) as running:
        yield running
