"""Pytest fixtures for the Bot API test server; import them into a conftest.py."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from tests.botapi.server import BotApiServer


@pytest_asyncio.fixture
async def botapi() -> AsyncIterator[BotApiServer]:
    """A running Bot API test server on 127.0.0.1 (random port), stopped after the test."""
    async with BotApiServer() as server:
        yield server
