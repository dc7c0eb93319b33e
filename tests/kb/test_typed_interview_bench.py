"""bench/bench_typed_interview.py, run as a command: whole interviews answered in typed words,
one row per reader (docs/benchmarks.md, "Interviews answered in typed words")."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "bench" / "bench_typed_interview.py"


def _rows(out: str) -> dict[str, list[str]]:
    """The table's rows by reader: cases, verdict right %, then the figures."""
    rows: dict[str, list[str]] = {}
    for line in out.splitlines():
        for reader in ("rules + model", "rules alone"):
            if line.startswith(reader):
                rows[reader] = line[len(reader) :].replace("%", "").split()
    return rows


def test_five_typed_interviews_print_both_readers_and_reach_the_verdicts() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH), "--limit", "5"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.splitlines()[0] == "$ " + BENCH.as_posix() + " --limit 5"
    rows = _rows(out)
    assert set(rows) == {"rules + model", "rules alone"}, out
    for cases, right, unmatched_mean, unmatched_max, *_ in rows.values():
        assert cases == "5"
        # the first five cases are clear-cut: every typed interview reaches the labelled verdict
        assert float(right) == 100.0, out
        assert float(unmatched_mean) <= 1.0, out  # issue 9's target
        assert int(unmatched_max) >= 0
    assert "verdicts that differ between the readers: 0" in out
