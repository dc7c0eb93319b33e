"""`advisor kb train-answers FILES`: retrain knowledge/answer_model.json from labelled answers."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from bot.cli.common import knowledge_dir


def train_answers(args: argparse.Namespace) -> int:
    """Train on the files given and write the model (atomically); 0 on success."""
    from bot.kb.answer_eval import read_answer_cases
    from bot.kb.answer_training import train
    from bot.kb.answers import AnswerReader
    from bot.kb.loader import ANSWER_MODEL, load_knowledge

    folder = knowledge_dir()
    kb = load_knowledge(folder)
    reader = AnswerReader(kb)
    dims = frozenset(d.id for d in kb.dimensions if d.options)
    files = [Path(f) for f in args.files]
    cases = [c for f in files for c in read_answer_cases(f, dims)]
    if not cases:
        print("advisor kb train-answers: no labelled answers in those files", file=sys.stderr)
        return 1
    model = train(
        cases,
        lambda c: reader.features(c.dimension, c.text),
        [f.as_posix() for f in files],
        lambda c: reader.topic_features(c.text),
    )
    out = Path(args.out) if args.out else folder / ANSWER_MODEL
    try:
        _write(out, model.to_json())
    except OSError as exc:
        print(
            f"advisor kb train-answers: cannot write {out}: {exc.strerror or exc}", file=sys.stderr
        )
        return 1
    print(
        f"{out}: {len(model.weights)} weights from {model.trained_on.answers} answers "
        f"in {len(files)} file(s); {len(model.topics.weights) if model.topics else 0} topic "
        "features",
        file=sys.stderr,
    )
    return 0


def _write(out: Path, text: str) -> None:
    """Write `text` to `out` whole or not at all (a temporary file renamed over it)."""
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=".answer_model-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)  # (mkstemp makes it private; the model is no secret)
        os.replace(tmp, out)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        raise
