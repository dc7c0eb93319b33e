"""Training the learned answer reading (`advisor kb train-answers`).

Multinomial logistic regression by plain stochastic gradient descent: a few thousand short
answers need nothing more, and no new dependency. Deterministic: fixed seeds, a fixed order
of the labelled answers, weights averaged over SEEDS shuffles (steadier than one run) and
rounded, so the same answers always give the same file.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Callable, Sequence

from bot.kb.answer_eval import AnswerCase
from bot.kb.answer_model import SIDES, AnswerModel, TrainedOn, Weights

EPOCHS = 40
RATE = 0.15
L2 = 3e-4  # keeps a word seen once from deciding alone
SEEDS = (1, 2, 3)
KEEP = 0.005  # weights smaller than this (for every side) are dropped from the file

Featurize = Callable[[AnswerCase], list[str]]


def digest(cases: Sequence[AnswerCase]) -> str:
    """A fingerprint of the labelled answers (dimension, side, text), order-free."""
    lines = sorted(f"{c.dimension}\t{c.side}\t{c.text}" for c in cases)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]


def _one_run(data: list[tuple[list[str], int]], seed: int) -> dict[str, list[float]]:
    """Weights from one shuffled run of gradient descent."""
    w: dict[str, list[float]] = {}
    order = list(data)
    rnd = random.Random(seed)
    for _ in range(EPOCHS):
        rnd.shuffle(order)
        for feats, y in order:
            rows = [w.setdefault(f, [0.0, 0.0, 0.0]) for f in feats]
            s = [sum(r[k] for r in rows) for k in range(3)]
            top = max(s)
            e = [math.exp(v - top) for v in s]
            z = sum(e)
            grad = [e[k] / z - (1.0 if k == y else 0.0) for k in range(3)]
            for r in rows:
                for k in range(3):
                    r[k] -= RATE * (grad[k] + L2 * r[k])
    return w


def train(cases: Sequence[AnswerCase], featurize: Featurize, files: Sequence[str]) -> AnswerModel:
    """A model trained on `cases` (sorted first, so the files' order does not matter)."""
    ordered = sorted(cases, key=lambda c: (c.dimension, c.side, c.text))
    data = [(featurize(c), SIDES.index(c.side)) for c in ordered]
    runs = [_one_run(data, seed) for seed in SEEDS]
    weights: dict[str, Weights] = {}
    for f in sorted(set().union(*runs)):
        avg = [sum(r.get(f, (0.0, 0.0, 0.0))[k] for r in runs) / len(runs) for k in range(3)]
        if max(abs(x) for x in avg) >= KEEP:
            weights[f] = (round(avg[0], 4), round(avg[1], 4), round(avg[2], 4))
    return AnswerModel(weights, TrainedOn(tuple(files), len(ordered), digest(ordered)))
