"""Fixtures for the knowledge-base tests: the real knowledge base and a tiny one."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from bot.kb.brain import KnowledgeBrain
from bot.kb.loader import load_knowledge
from bot.kb.served_vocab import ServedVocab
from tests.helpers import ROOT

REAL_KB = ROOT / "knowledge"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_KB = FIXTURES / "kb"
# The repository's own labelled sets: they run everywhere, a bare clone included.
EXTRA_CASES = FIXTURES / "extra-cases.yaml"
PROBE_CASES = FIXTURES / "service-for-cases.yaml"
# The shared development set lives outside the repository (../shared): optional.
DEV_CASES = ROOT.parent / "shared" / "eval" / "dev-cases.yaml"


@pytest.fixture(scope="session")
def brain() -> KnowledgeBrain:
    """The real knowledge base, loaded and validated once."""
    return KnowledgeBrain.load(REAL_KB)


@pytest.fixture(scope="session")
def vocab(brain: KnowledgeBrain) -> ServedVocab:
    """The real knowledge base's words for who is served (knowledge/served.yaml)."""
    return brain.kb.served


@pytest.fixture(scope="session")
def rules_brain() -> KnowledgeBrain:
    """The real knowledge base without its learned answer model: the phrase rules alone."""
    return KnowledgeBrain(dataclasses.replace(load_knowledge(REAL_KB), answer_model=None))


@pytest.fixture(scope="session")
def tiny() -> KnowledgeBrain:
    """The tiny fixture knowledge base (tests/kb/fixtures/kb)."""
    return KnowledgeBrain.load(FIXTURE_KB)


@pytest.fixture
def dev_cases() -> Path:
    """The shared development set; the test is skipped, with the reason, when it is absent."""
    if not DEV_CASES.is_file():
        pytest.skip(
            f"optional shared development set not found at {DEV_CASES} "
            "(it sits outside the repository); the repository's own sets still run"
        )
    return DEV_CASES


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    """A writable copy of the tiny knowledge base, to break on purpose."""
    target = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, target)
    return target
