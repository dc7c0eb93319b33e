"""Training the learned answer reading (`advisor kb train-answers`).

Multinomial logistic regression by plain stochastic gradient descent: a few thousand short
answers need nothing more, and no new dependency. Deterministic: fixed seeds, a fixed order
of the labelled answers, weights averaged over SEEDS shuffles (steadier than one run) and
rounded, so the same answers always give the same file.

The topic part (which question a statement answers, for descriptions that state answers) is
the same regression over the answers' words with the dimension as the class: one run, fewer
epochs (nine classes cost three times the work), small weights dropped harder.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Callable, Sequence

from bot.kb.answer_eval import AnswerCase
from bot.kb.answer_model import SIDES, AnswerModel, TopicModel, TrainedOn, Weights

EPOCHS = 40
RATE = 0.15
L2 = 3e-4  # keeps a word seen once from deciding alone
SEEDS = (1, 2, 3)
KEEP = 0.005  # weights smaller than this (for every side) are dropped from the file
TOPIC_EPOCHS = 15
TOPIC_RATE = 0.1
TOPIC_L2 = 1e-4
TOPIC_KEEP = 0.1

Featurize = Callable[[AnswerCase], list[str]]


def digest(cases: Sequence[AnswerCase]) -> str:
    """A fingerprint of the labelled answers (dimension, side, text), order-free."""
    lines = sorted(f"{c.dimension}\t{c.side}\t{c.text}" for c in cases)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]


def _one_run(
    data: list[tuple[list[str], int]],
    seed: int,
    classes: int = 3,
    epochs: int = EPOCHS,
    rate: float = RATE,
    l2: float = L2,
) -> dict[str, list[float]]:
    """Weights from one shuffled run of gradient descent."""
    w: dict[str, list[float]] = {}
    order = list(data)
    rnd = random.Random(seed)
    ks = range(classes)
    for _ in range(epochs):
        rnd.shuffle(order)
        for feats, y in order:
            rows = [w.setdefault(f, [0.0] * classes) for f in feats]
            s = [sum(r[k] for r in rows) for k in ks]
            top = max(s)
            e = [math.exp(v - top) for v in s]
            z = sum(e)
            grad = [e[k] / z - (1.0 if k == y else 0.0) for k in ks]
            for r in rows:
                for k in ks:
                    r[k] -= rate * (grad[k] + l2 * r[k])
    return w


def train(
    cases: Sequence[AnswerCase],
    featurize: Featurize,
    files: Sequence[str],
    topic_featurize: Featurize | None = None,
) -> AnswerModel:
    """A model trained on `cases` (sorted first, so the files' order does not matter); with
    `topic_featurize`, its topic part too."""
    ordered = sorted(cases, key=lambda c: (c.dimension, c.side, c.text))
    data = [(featurize(c), SIDES.index(c.side)) for c in ordered]
    runs = [_one_run(data, seed) for seed in SEEDS]
    weights: dict[str, Weights] = {}
    for f in sorted(set().union(*runs)):
        avg = [sum(r.get(f, (0.0, 0.0, 0.0))[k] for r in runs) / len(runs) for k in range(3)]
        if max(abs(x) for x in avg) >= KEEP:
            weights[f] = (round(avg[0], 4), round(avg[1], 4), round(avg[2], 4))
    topics = None if topic_featurize is None else _topics(ordered, topic_featurize)
    return AnswerModel(weights, TrainedOn(tuple(files), len(ordered), digest(ordered)), topics)


def _topics(ordered: Sequence[AnswerCase], featurize: Featurize) -> TopicModel:
    """Which dimension each answer answers, learned from its words."""
    dims = tuple(sorted({c.dimension for c in ordered}))
    data = [(featurize(c), dims.index(c.dimension)) for c in ordered]
    run = _one_run(data, SEEDS[0], len(dims), TOPIC_EPOCHS, TOPIC_RATE, TOPIC_L2)
    weights = {
        f: tuple(round(x, 2) for x in w)
        for f, w in sorted(run.items())
        if max(abs(x) for x in w) >= TOPIC_KEEP
    }
    return TopicModel(dims, weights)
