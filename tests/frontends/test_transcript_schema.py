"""Golden transcript files are checked against a schema: every problem names file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.errors import DataErrors
from bot.frontends.transcript import Transcript


def _errors(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataErrors) as info:
        Transcript.load(path)
    return [e.render() for e in info.value.errors]


def test_a_misspelt_key_in_a_turn_names_its_line_and_the_key_meant(tmp_path: Path) -> None:
    (error,) = _errors(tmp_path, "turns:\n  - send: /start\n    expcet: [Hi]\n")
    assert "t.yaml:3:" in error and "unknown key 'expcet'" in error
    assert "did you mean 'expect'?" in error


def test_a_turn_with_both_send_and_press_names_the_turn(tmp_path: Path) -> None:
    (error,) = _errors(tmp_path, "turns:\n  - send: hi\n  - send: a\n    press: b\n")
    assert "t.yaml:3:" in error and "exactly one of 'send' or 'press'" in error


def test_every_problem_is_reported_at_once_with_its_own_line(tmp_path: Path) -> None:
    errors = _errors(
        tmp_path, "titel: x\nturns:\n  - sned: hi\n  - press: Law\n    expect: ['re:(']\n"
    )
    assert any("t.yaml:1:" in e and "did you mean 'title'?" in e for e in errors)
    assert any("t.yaml:3:" in e and "did you mean 'send'?" in e for e in errors)
    assert any("t.yaml:5:" in e and "bad regular expression" in e for e in errors)


def test_a_missing_turns_list_is_an_error_not_a_crash(tmp_path: Path) -> None:
    (error,) = _errors(tmp_path, "title: nothing to do\n")
    assert "t.yaml:1:" in error and "missing 'turns'" in error


def test_a_bare_number_is_sent_as_text(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("turns:\n  - send: 2\n    expect: Question\n", encoding="utf-8")
    (turn,) = Transcript.load(path).turns
    assert turn.send == "2" and turn.line == 2 and turn.expect[0].raw == "Question"
