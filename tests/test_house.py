"""The house's size rules (docs/architecture.md): small modules and short functions in bot/."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.helpers import ROOT

BOT = ROOT / "bot"
MAX_MODULE_LINES = 350
MAX_FUNCTION_LINES = 50


def _modules() -> list[Path]:
    return sorted(BOT.rglob("*.py"))


def test_no_module_in_bot_is_over_350_lines() -> None:
    long = {
        str(p.relative_to(BOT.parent)): n
        for p in _modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}, f"split these modules (lines): {long}"


def test_no_function_in_bot_is_over_50_lines() -> None:
    long: dict[str, int] = {}
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(BOT.parent)}:{node.lineno} {node.name}"] = lines
    assert long == {}, f"split these functions (lines): {long}"
