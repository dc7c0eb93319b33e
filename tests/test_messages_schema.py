"""dialogues/messages.yaml is checked against its schema: every problem names file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.errors import DataErrors
from bot.core.messages import Messages


def _errors(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "messages.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataErrors) as info:
        Messages.load(path)
    return [e.render() for e in info.value.errors]


def test_a_file_without_english_says_so(tmp_path: Path) -> None:
    (error,) = _errors(tmp_path, "de:\n  hi: Hallo\n")
    assert "messages.yaml:1:" in error and "'en' section" in error


def test_every_message_that_is_not_text_is_named_with_its_line(tmp_path: Path) -> None:
    errors = _errors(tmp_path, 'en:\n  a:\n    hi: ""\n    bye: [1]\n  ok: "Fine"\n')
    assert len(errors) == 2
    assert "messages.yaml:3:" in errors[0] and "'a.hi' must be a non-empty string" in errors[0]
    assert "messages.yaml:4:" in errors[1] and "'a.bye'" in errors[1]


def test_a_front_end_section_of_the_wrong_shape_names_its_line(tmp_path: Path) -> None:
    (error,) = _errors(tmp_path, 'en:\n  hi: "Hi"\nfrontends:\n  console: "Type"\n')
    assert "messages.yaml:4:" in error and "console" in error
