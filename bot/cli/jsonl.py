"""JSON lines in, JSON lines out, in input order: the loop behind `classify --jsonl` and
`answer --jsonl`, optionally spread over worker processes.

Workers are forked after the knowledge base is loaded, so they share its pages and start in
milliseconds; `imap` keeps the output in input order. A closed output pipe (`| head`) ends the
command quietly, as other Unix tools do.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TextIO

BATCH = 512  # lines written at once
CHUNK = 64  # lines a worker takes at once: big enough to pay for the hand-over

LineFn = Callable[[str], str]
_fn: LineFn | None = None  # the function a forked worker runs (inherited, not pickled)


def default_workers() -> int:
    """The CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _run(line: str) -> str:
    assert _fn is not None
    return _fn(line)


def _quiet_child() -> None:
    # Ctrl-C stops the parent, which ends the pool; workers print nothing of their own
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _results(fn: LineFn, src: Iterable[str], workers: int) -> Iterator[str]:
    global _fn
    import multiprocessing  # only when asked for: it costs start-up time

    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(fn, src)
        return
    _fn = fn
    with multiprocessing.get_context("fork").Pool(workers, _quiet_child) as pool:
        yield from pool.imap(_run, src, CHUNK)


def run_lines(fn: LineFn, src: TextIO, out: TextIO, workers: int = 1) -> int:
    """Write `fn(line)` for every line of `src`, in order; exit status 0."""
    batch: list[str] = []
    try:
        for result in _results(fn, src, workers):
            batch.append(result)
            if len(batch) >= BATCH:
                out.write("\n".join(batch) + "\n")
                batch.clear()
        if batch:
            out.write("\n".join(batch) + "\n")
        out.flush()
    except BrokenPipeError:
        # the reader went away: replace the closed pipe so the exit does not complain
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
    return 0
