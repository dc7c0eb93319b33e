"""Fixtures for the knowledge-base tests: the real knowledge base and a tiny one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.kb.brain import KnowledgeBrain

ROOT = Path(__file__).resolve().parents[2]
REAL_KB = ROOT / "knowledge"
FIXTURE_KB = Path(__file__).resolve().parent / "fixtures" / "kb"
DEV_CASES = ROOT.parent / "shared" / "eval" / "dev-cases.yaml"


@pytest.fixture(scope="session")
def brain() -> KnowledgeBrain:
    """The real knowledge base, loaded and validated once."""
    return KnowledgeBrain.load(REAL_KB)


@pytest.fixture(scope="session")
def tiny() -> KnowledgeBrain:
    """The tiny fixture knowledge base (tests/kb/fixtures/kb)."""
    return KnowledgeBrain.load(FIXTURE_KB)


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    """A writable copy of the tiny knowledge base, to break on purpose."""
    target = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, target)
    return target
