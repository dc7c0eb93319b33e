"""Fixtures for the reliability tests: the real flows and knowledge, loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app import Advisor
from bot.config import Settings


@pytest.fixture(scope="session")
def advisor() -> Advisor:
    """Flows, knowledge and messages, loaded once (the object is immutable)."""
    return Advisor.load(Settings.load(env={}, dotenv=Path("/nonexistent/.env")))
