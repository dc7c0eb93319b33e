"""knowledge/examples.yaml: owners' labelled descriptions feed the trade words (docs/knowledge.md,
"Examples")."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.core.errors import DataErrors
from bot.kb.brain import KnowledgeBrain
from bot.kb.loader import validate_knowledge
from tests.kb.gather_examples import ROOT, TARGET, held_back, render

from .conftest import FIXTURES


def test_the_examples_file_is_the_sets_not_held_back() -> None:
    assert TARGET.read_text(encoding="utf-8") == render(), (
        "knowledge/examples.yaml is stale: run `python -m tests.kb.gather_examples`"
    )


@pytest.mark.parametrize(
    ("name", "held"),
    [
        ("everyday-trades-13.yaml", True),  # its header says so
        ("served-trades-heldback.yaml", True),  # its name says so
        ("service-for-cases.yaml", True),  # ("h* cases were held out")
        ("everyday-trades-15.yaml", False),
        ("trade-names-5.yaml", False),
    ],
)
def test_held_back_sets_give_no_examples(name: str, held: bool) -> None:
    """A held-back set stays a fair measure: none of its words may teach the matcher."""
    assert held_back(FIXTURES / name) is held


def test_an_example_teaches_its_words_to_the_trade_words(tmp_path: Path) -> None:
    """Words no alias, name or `described` line has name the industry once an owner's
    description under it uses them (made-up words: nothing else knows them)."""
    kb = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", kb)
    text = "flumbering, quoggles and zinther valves"
    assert KnowledgeBrain.load(kb).rank(text).status == "unknown"
    (kb / "examples.yaml").write_text(
        "examples:\n  plumber:\n    - flumbering jobs, new quoggles and zinther valves\n",
        "utf-8",
    )
    after = KnowledgeBrain.load(kb).rank(text)
    assert after.ranked and after.ranked[0].industry.id == "plumber"


def test_an_unknown_industry_is_an_error_at_its_line(kb_copy: Path) -> None:
    (kb_copy / "examples.yaml").write_text(
        "examples:\n  barbr:\n    - lads sit in the chair\n", "utf-8"
    )
    errors = [e.render() for e in validate_knowledge(kb_copy)]
    path = kb_copy / "examples.yaml"
    assert any(e.startswith(f"{path}:2") and "barbr" in e and "barber" in e for e in errors), errors
    with pytest.raises(DataErrors):
        KnowledgeBrain.load(kb_copy)
