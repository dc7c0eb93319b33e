"""Check `advisor classify --jsonl` gives byte-identical output for two versions of the code.

Run: .venv/bin/python bench/same_output.py [--before REV] [--save FILE]

Texts: every `text` in tests/kb/fixtures/*.yaml, the shared dev set when it is there
(../shared/eval/dev-cases.yaml), and 5,000 realistic descriptions from bench_cli.py. With
--before REV (default HEAD), that git revision's bot/, dialogues/ and knowledge/ are run on the
same texts and every output line is compared. Exit status 1 on any difference.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_cli import ADVISOR, ROOT, descriptions

SHARED = ROOT.parent / "shared" / "eval" / "dev-cases.yaml"


def texts_in(node: Any) -> list[str]:
    """Every string under a `text` key, depth first."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "text" and isinstance(value, str):
                found.append(value)
            else:
                found.extend(texts_in(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(texts_in(item))
    return found


def all_texts() -> list[str]:
    files = sorted((ROOT / "tests" / "kb" / "fixtures").glob("*.yaml"))
    if SHARED.exists():
        files.append(SHARED)
    texts: list[str] = []
    for path in files:
        texts.extend(texts_in(yaml.safe_load(path.read_text(encoding="utf-8"))))
    texts.extend(descriptions(5000, random.Random(11)))
    return [" ".join(t.split()) for t in texts if t.strip()]


def classify(texts: list[str], code: Path | None) -> list[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
    env["ADVISOR_KB_CACHE"] = "0"
    if code is not None:
        env.update(
            PYTHONPATH=str(code),
            ADVISOR_DIALOGUES=str(code / "dialogues"),
            ADVISOR_KNOWLEDGE=str(code / "knowledge"),
        )
    done = subprocess.run(
        [str(ADVISOR), "classify", "--jsonl"],
        input="\n".join(texts) + "\n",
        text=True,
        capture_output=True,
        check=True,
        env=env,
    )
    return done.stdout.splitlines()


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--before", default="HEAD", help="git revision to compare with")
    args = parser.parse_args()
    texts = all_texts()
    with tempfile.TemporaryDirectory(prefix="advisor-same-") as tmp:
        code = Path(tmp)
        archive = subprocess.run(
            ["git", "archive", args.before, "bot", "dialogues", "knowledge"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        subprocess.run(["tar", "-x", "-C", str(code)], input=archive.stdout, check=True)
        before = classify(texts, code)
    after = classify(texts, None)
    differ = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    print(
        f"{len(texts)} texts ({len(set(texts))} distinct); {len(differ)} outputs differ "
        f"from {args.before}"
    )
    for i in differ[:10]:
        print(f"  {texts[i]!r}\n    before: {before[i]}\n    after:  {after[i]}")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
