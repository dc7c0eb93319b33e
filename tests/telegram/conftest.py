"""Fixtures for the Telegram front-end tests: the Bot API test server and a running bot."""

from __future__ import annotations

from tests.botapi.fixtures import botapi

__all__ = ["botapi"]
