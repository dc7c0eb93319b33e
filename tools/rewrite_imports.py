"""Rewrite imports of moved modules and names after a package reshuffle (tools/layers-moves.txt).

Usage: python tools/rewrite_imports.py MAP_FILE PATH... (folders are walked for *.py and *.md).

MAP_FILE lines (blank lines and other `#` comments ignored):
    old.module -> new.module                 a whole module moved: rewrites imports,
                                             "old.module..." strings and `old/module.py` paths
    # names                                  from here on, single names that moved:
    old.module.Name -> new.module.Name       `from old.module import a, Name` is split in two,
                                             "old.module.Name" strings are rewritten

Only import statements and string literals starting with the dotted name are touched, never
attribute chains such as `bot.app.update_queue` where `bot` is a variable. Afterwards run
`ruff check --select I --fix` on the changed files to sort and merge the import blocks.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path


def read_map(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(module moves, name moves) from the map file."""
    modules: dict[str, str] = {}
    names: dict[str, str] = {}
    in_names = False
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("#"):
            in_names = in_names or line.lstrip("# ").startswith("names")
            continue
        if "->" not in line:
            continue
        old, new = (part.strip() for part in line.split("->", 1))
        if in_names:
            names[old] = new
        else:
            modules[old] = new
    return modules, names


def _split_names(text: str, names: dict[str, str]) -> str:
    """Split `from OLD import a, Moved` statements whose names moved to another module."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return text
    lines = text.splitlines(keepends=True)
    edits: list[tuple[int, int, str]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom) or node.module is None or node.level:
            continue
        moved: dict[str, list[ast.alias]] = {}
        kept: list[ast.alias] = []
        for alias in node.names:
            target = names.get(f"{node.module}.{alias.name}")
            if target is None:
                kept.append(alias)
                continue
            new_module, new_name = target.rsplit(".", 1)
            moved.setdefault(new_module, []).append(
                ast.alias(
                    new_name, alias.asname if alias.asname or new_name == alias.name else alias.name
                )
            )
        if not moved:
            continue
        indent = re.match(r"\s*", lines[node.lineno - 1]).group(0)  # type: ignore[union-attr]
        out = [_from_line(indent, node.module, kept)] if kept else []
        out += [_from_line(indent, mod, aliases) for mod, aliases in moved.items()]
        edits.append((node.lineno - 1, node.end_lineno or node.lineno, "".join(out)))
    for start, end, new in sorted(edits, reverse=True):
        lines[start:end] = [new]
    return "".join(lines)


def _from_line(indent: str, module: str, aliases: list[ast.alias]) -> str:
    parts = [
        a.name if not a.asname or a.asname == a.name else f"{a.name} as {a.asname}" for a in aliases
    ]
    one = f"{indent}from {module} import {', '.join(parts)}\n"
    if len(one) <= 100:
        return one
    body = "".join(f"{indent}    {p},\n" for p in parts)
    return f"{indent}from {module} import (\n{body}{indent})\n"


def rewrite(text: str, modules: dict[str, str], names: dict[str, str], is_py: bool) -> str:
    """The text with moved modules and names rewritten."""
    if is_py:
        text = _split_names(text, names)
    for old, new in sorted(names.items(), key=lambda kv: -len(kv[0])):
        text = re.sub(rf"(?<=[\"'`]){re.escape(old)}\b", new, text)
    for old, new in sorted(modules.items(), key=lambda kv: -len(kv[0])):
        pat = re.escape(old)
        text = re.sub(
            rf"^(\s*(?:from|import)\s+){pat}(?=[\s.,]|$)", rf"\g<1>{new}", text, flags=re.M
        )
        text = re.sub(rf"(?<=[\"'`]){pat}(?=[.:\"'`\s]|$)", new, text)
        old_path, new_path = old.replace(".", "/"), new.replace(".", "/")
        text = re.sub(rf"(?<![\w/]){re.escape(old_path)}\.py\b", f"{new_path}.py", text)
    return text


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    modules, names = read_map(Path(argv[0]))
    changed = 0
    for root in map(Path, argv[1:]):
        files = (
            [root]
            if root.is_file()
            else sorted(
                p for ext in ("*.py", "*.md") for p in root.rglob(ext) if ".venv" not in p.parts
            )
        )
        for path in files:
            old = path.read_text(encoding="utf-8")
            new = rewrite(old, modules, names, path.suffix == ".py")
            if new != old:
                path.write_text(new, encoding="utf-8")
                print(path)
                changed += 1
    print(f"{changed} file(s) rewritten", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
