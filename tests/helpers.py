"""Test helpers that are not fixtures: the repository root, the real CLI, a clock, a free port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from bot.kb.brain import KnowledgeBrain

# The repository root (tests/ sits right under it).
ROOT = Path(__file__).resolve().parents[1]

# The real command, run by the Python running the tests: `python -m bot` is what the `advisor`
# script runs, and it works from any venv or working directory (no hard-coded venv path).
ADVISOR: tuple[str, ...] = (sys.executable, "-m", "bot")


def run_advisor(
    *args: str,
    env: Mapping[str, str] = {},
    cwd: Path = ROOT,
    timeout: float = 60,
    stdin: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """The real command with `args` (and `stdin` as its input), its output as text; the
    caller's own ADVISOR_ settings are left out, so only `env` configures it."""
    full = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
    full.update(env)
    return subprocess.run(
        [*ADVISOR, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=full,
        cwd=cwd,
        timeout=timeout,
        check=False,
    )


class Clock:
    """A clock the test moves by hand (`clock.now += 60`); pass it where code takes `now()`."""

    def __init__(self, start: float = 1_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# A small valid flow that flow-loading tests break in one place at a time.
DEMO_FLOW = """\
flow: demo
start: ask
steps:
  - id: ask
    kind: choice
    slot: size
    prompt: How big?
    options:
      - {id: small, label: Small}
      - {id: big, label: Big}
    next: done
  - id: done
    kind: result
"""


def named_first(brain: KnowledgeBrain, text: str) -> str | None:
    """The industry id the one-shot verdict names first (its industry, else first candidate)."""
    result = brain.classify_text(text)
    name = result.industry or (result.candidates[0][0] if result.candidates else None)
    return next((i.id for i in brain.kb.industries if i.name == name), None)
