"""knowledge/served.yaml: who is served is read with the words of that file, checked at load
with file:line errors; without the file no text names who is served (docs/knowledge.md)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bot.core.errors import DataErrors
from bot.kb.brain import KnowledgeBrain
from bot.kb.loader import validate_knowledge
from bot.kb.served import served_parts
from bot.kb.served_vocab import ServedVocab
from tests.helpers import run_advisor

from .conftest import FIXTURE_KB, REAL_KB

TEXT = "IT support for law firms"


def _errors(kb: Path) -> str:
    return "\n".join(e.render() for e in validate_knowledge(kb))


def test_an_unknown_key_gets_a_did_you_mean_at_its_line(kb_copy: Path) -> None:
    (kb_copy / "served.yaml").write_text("openers: [for]\nconsumer: [tourist]\n", "utf-8")
    text = _errors(kb_copy)
    assert "served.yaml:2" in text and "'consumer'" in text and "did you mean 'consumers'" in text
    with pytest.raises(DataErrors):
        KnowledgeBrain.load(kb_copy)


def test_words_that_are_no_single_word_are_errors_at_their_line(kb_copy: Path) -> None:
    (kb_copy / "served.yaml").write_text(
        "openers: [for, serving]\n"
        "verbs:\n"
        "  - advise\n"
        "  - 5\n"  # a number, not a word
        "  - {help: me}\n"
        "ings: [placing, two words]\n"
        "phrases: [on behalf of, '!!']\n",
        "utf-8",
    )
    lines = _errors(kb_copy).splitlines()
    assert any(e.startswith(f"{kb_copy / 'served.yaml'}:4") and "verbs[1]" in e for e in lines)
    assert any("served.yaml:5" in e and "verbs[2]" in e for e in lines)
    assert any("served.yaml:6" in e and "'two words'" in e and "one word" in e for e in lines)
    assert any("served.yaml:7" in e and "'!!'" in e for e in lines)
    assert len(lines) == 4


def test_without_the_file_no_text_names_who_is_served(tiny: KnowledgeBrain) -> None:
    assert not (FIXTURE_KB / "served.yaml").exists()
    assert served_parts(tiny.kb.served, TEXT) == ()
    assert served_parts(ServedVocab(), "we sell to the trade") == ()


def test_the_file_gives_the_words(vocab: ServedVocab) -> None:
    # folded when loaded: "<num>" is any number, as in typed text ("we sell to 40 shops")
    assert "for" in vocab.openers and "qnum" in vocab.to_party
    assert ("on", "behalf", "of") in vocab.phrases
    assert [p.start for p in served_parts(vocab, "we sell to 40 shops")] == [3]


def _classify(knowledge: Path, tmp_path: Path) -> dict[str, object]:
    done = run_advisor(
        "classify",
        "--json",
        TEXT,
        env={"ADVISOR_KNOWLEDGE": str(knowledge), "XDG_CACHE_HOME": str(tmp_path / "cache")},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def _law_firm_score(result: dict[str, object]) -> float:
    candidates = result["candidates"]
    assert isinstance(candidates, list)
    # (not listed among the candidates at all: not offered)
    return float(next((c["score"] for c in candidates if c["industry"] == "Law firm"), 0.0))


def test_the_loaded_words_decide_who_is_served(tmp_path: Path) -> None:
    """Without "for" among the openers, the law firms are matched as the business's own words,
    not scaled down as the people served (the trade named first still wins)."""
    copy = tmp_path / "knowledge"
    shutil.copytree(REAL_KB, copy)
    before = _classify(copy, tmp_path)
    assert before["industry"] == "Managed IT services (MSP)"
    served = copy / "served.yaml"
    text = served.read_text("utf-8")
    assert "openers: [for, " in text
    served.write_text(text.replace("openers: [for, ", "openers: ["), "utf-8")
    after = _classify(copy, tmp_path)
    assert _law_firm_score(before) < 0.5 < _law_firm_score(after)
