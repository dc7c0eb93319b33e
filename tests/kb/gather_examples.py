"""Write knowledge/examples.yaml from the labelled description sets in tests/kb/fixtures.

Every set that is not held back gives its descriptions, each under the first industry it is
labelled with; a held-back set (its name says "heldback", or its header "held back") stays a
fair measure and gives none, nor do the held-out `h*` cases of service-for-cases.yaml.

    python -m tests.kb.gather_examples        # rewrite the file
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

from tests.kb.conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[2]
TARGET = ROOT / "knowledge" / "examples.yaml"
HEADER_LINES = 20
HELD = re.compile(r"held[ -]back|held out", re.IGNORECASE)
HEAD = """\
# Owners' own descriptions, each under the industry it was labelled with: the labelled sets in
# tests/kb/fixtures that are not held back (those stay fair measures). Their words feed the
# trade words only (bot/kb/trade_words.py), never the aliases. Generated: do not edit by hand;
# `python -m tests.kb.gather_examples` rewrites it, and tests/kb/test_examples.py fails when
# it is stale. See docs/knowledge.md, "Examples".
"""


def held_back(path: Path) -> bool:
    """Whether a set is kept back for measuring (by its name or its header)."""
    head = "\n".join(path.read_text(encoding="utf-8").splitlines()[:HEADER_LINES])
    return "heldback" in path.stem or bool(HELD.search(head))


def gathered() -> dict[str, list[str]]:
    """industry id -> descriptions, in file and case order, each once."""
    out: dict[str, list[str]] = {}
    for path in sorted(FIXTURES.glob("*.yaml")):
        if path.stem.startswith(("answers", "stated")) or held_back(path):
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        cases = data.get("cases") if isinstance(data, dict) else None
        for case in cases if isinstance(cases, list) else []:
            if not isinstance(case, dict) or not case.get("industry") or "text" not in case:
                continue
            if str(case.get("id", "")).startswith("h") and path.stem == "service-for-cases":
                continue  # (held out until the end of that round)
            texts = out.setdefault(str(case["industry"]).split(",")[0].strip(), [])
            if case["text"] not in texts:
                texts.append(str(case["text"]))
    return dict(sorted(out.items()))


def render() -> str:
    """The file's whole text."""
    body = yaml.safe_dump(
        {"examples": gathered()}, allow_unicode=True, sort_keys=False, width=10_000
    )
    return HEAD + body


def main() -> int:
    TARGET.write_text(render(), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
