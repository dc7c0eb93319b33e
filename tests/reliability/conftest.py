"""Fixtures for the reliability tests: the real flows and knowledge, snapshotted and loaded once.

The snapshot keeps this test session's in-process advisor and the bot processes it starts on
exactly the same data, even while someone edits dialogues/ or knowledge/ in the working tree.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.advisor import Advisor
from bot.config import ROOT, Settings


@pytest.fixture(scope="session")
def advisor(tmp_path_factory: pytest.TempPathFactory) -> Advisor:
    """Flows, knowledge and messages from a snapshot of the working tree, loaded once."""
    data = tmp_path_factory.mktemp("data")
    shutil.copytree(ROOT / "dialogues", data / "dialogues")
    shutil.copytree(ROOT / "knowledge", data / "knowledge")
    env = {
        "ADVISOR_DIALOGUES": str(data / "dialogues"),
        "ADVISOR_KNOWLEDGE": str(data / "knowledge"),
    }
    return Advisor.load(Settings.load(env=env, dotenv=Path("/nonexistent/.env")))
