"""The learned reading of typed answers: a small logistic model over answer words.

The rules (`answers.py`) know the phrases someone wrote down; owners keep finding new ones. The
model is trained (`advisor kb train-answers`, `answer_training`) on the labelled answers in
tests/kb/fixtures and gives, for a dimension and an answer, how likely each side of the scale
is; its topic part (`TopicModel`), trained on the same answers, says which question a
statement of a business description answers. It is stored as knowledge/answer_model.json:
generated, checked at load like the YAML files (a broken file is an error naming it), and
optional (without it the rules read alone).
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

from bot.contracts import OptionSide
from bot.core.errors import DataError, Location, SchemaError

FORMAT = 1
SIDES: tuple[OptionSide, OptionSide, OptionSide] = ("client", "mixed", "customer")
Weights = tuple[float, float, float]


@dataclass(frozen=True, slots=True)
class SideOdds:
    """How likely each side is, and the answer's words that pushed most towards the best."""

    probs: Weights
    known: int  # word features of the answer the model has weights for (not `hide` words alone)
    words: tuple[str, ...] = ()

    @property
    def best(self) -> OptionSide:
        return SIDES[max(range(3), key=self.probs.__getitem__)]


@dataclass(frozen=True, slots=True)
class TrainedOn:
    """What a model was trained on (so a test can tell a stale model file)."""

    files: tuple[str, ...]
    answers: int
    digest: str


@dataclass(frozen=True)
class TopicModel:
    """Which question a statement answers: per-feature weights for each dimension, trained on
    the same answers (an answer is about its own question). Used where no question was asked:
    the statements of a business description (`AnswerReader.stated`)."""

    dimensions: tuple[str, ...]
    weights: Mapping[str, tuple[float, ...]]

    def best(self, features: Sequence[str]) -> tuple[str, float]:
        """The likeliest dimension for a statement's features (`topic_features`), and how likely."""
        score = [0.0] * len(self.dimensions)
        for f in features:
            for k, x in enumerate(self.weights.get(f, ())):
                score[k] += x
        top = max(score)
        exp = [math.exp(v - top) for v in score]
        best = max(range(len(exp)), key=exp.__getitem__)
        return self.dimensions[best], exp[best] / sum(exp)


@dataclass(frozen=True)
class AnswerModel:
    """Per-feature weights for the three sides (and, optionally, for telling the topic)."""

    weights: Mapping[str, Weights]
    trained_on: TrainedOn = field(default_factory=lambda: TrainedOn((), 0, ""))
    topics: TopicModel | None = None

    def odds(
        self, features: Sequence[str], explain: int = 3, hide: frozenset[str] = frozenset()
    ) -> SideOdds:
        """The sides' probabilities for an answer's features (`answer_features`); the words
        shown as why leave out those made only of `hide` words ("the", "they")."""
        score = [0.0, 0.0, 0.0]
        plain: list[tuple[str, Weights]] = []  # the words themselves, not tied to the dimension
        for f in features:
            w = self.weights.get(f)
            if w is None:
                continue
            score[0] += w[0]
            score[1] += w[1]
            score[2] += w[2]
            if ":" not in f and not _only(f, hide):
                plain.append((f, w))
        top = max(score)
        exp = [math.exp(s - top) for s in score]
        total = sum(exp)
        probs = (exp[0] / total, exp[1] / total, exp[2] / total)
        best = max(range(3), key=probs.__getitem__)
        a, b = (k for k in range(3) if k != best)
        lead = sorted(((w[best] - max(w[a], w[b]), f) for f, w in plain), reverse=True)
        words = _shown((f for margin, f in lead if margin > 0), explain)
        return SideOdds(probs, len(plain), words)

    def to_json(self) -> str:
        """The file form: one feature a line, sorted, so a retrained model diffs cleanly."""
        head = {
            "format": FORMAT,
            "sides": list(SIDES),
            "trained_on": {
                "files": list(self.trained_on.files),
                "answers": self.trained_on.answers,
                "digest": self.trained_on.digest,
            },
        }
        text = json.dumps(head)[:-1] + ',\n"weights":{\n' + _rows(self.weights) + "\n}"
        if self.topics is not None:
            text += ',\n"topic_dimensions":' + json.dumps(list(self.topics.dimensions))
            text += ',\n"topic_weights":{\n' + _rows(self.topics.weights) + "\n}"
        return text + "}\n"


def _rows(weights: Mapping[str, Sequence[float]]) -> str:
    return ",\n".join(f"{json.dumps(f)}:{json.dumps(list(w))}" for f, w in sorted(weights.items()))


@lru_cache(maxsize=65536)
def _only(feature: str, hide: frozenset[str]) -> bool:
    """Whether a feature's words are all in `hide` (a number or a negator alone says little)."""
    words = feature.split(":", 1)[-1].replace("~", "").split("_")
    return all(w in hide or w in ("0", "NEG") for w in words)


def _shown(features: Iterable[str], limit: int) -> tuple[str, ...]:
    """Up to `limit` feature names as words a person reads ("~switch" -> "not switch")."""
    out: list[str] = []
    for f in features:
        if len(out) == limit:
            break
        words: list[str] = []
        for w in f.split(":", 1)[-1].split("_"):
            if w == "NEG":
                words.append("not")
            elif w.startswith("~"):  # turned by a negator: "not" once, even after the negator
                words += [w[1:]] if words[-1:] == ["not"] else ["not", w[1:]]
            else:
                words.append(w)
        text = " ".join(words)
        if text not in out:
            out.append(text)
    return tuple(out)


def load_answer_model(path: Path, errors: list[DataError]) -> AnswerModel | None:
    """The model in `path`, None when the file is absent; problems go to `errors`."""
    if not path.is_file():
        return None
    where = Location(str(path), 1)
    hint = "regenerate it with `make answer-model`"
    try:
        data = json.loads(path.read_text(encoding="utf-8"), parse_constant=_no_constant)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        errors.append(SchemaError(f"not a readable answer model ({exc})", where, hint=hint))
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        errors.append(SchemaError(f"expected an answer model of format {FORMAT}", where, hint=hint))
        return None
    if data.get("sides") != list(SIDES):
        errors.append(SchemaError(f"sides must be {list(SIDES)}", where, hint=hint))
        return None
    weights = _weights(data.get("weights"), 3)
    if weights is None:
        errors.append(
            SchemaError("weights must map features to 3 finite numbers", where, hint=hint)
        )
        return None
    topics = _topics(data)
    if topics is None:
        errors.append(
            SchemaError(
                "topic_dimensions must be a list of names and topic_weights map features to "
                "one finite number each",
                where,
                hint=hint,
            )
        )
        return None
    info = data.get("trained_on") or {}
    trained = TrainedOn(
        tuple(str(f) for f in info.get("files", ())),
        int(info.get("answers", 0)),
        str(info.get("digest", "")),
    )
    return AnswerModel({f: (w[0], w[1], w[2]) for f, w in weights.items()}, trained, topics or None)


def _no_constant(name: str) -> float:
    """NaN and Infinity are no weights: refused while parsing (so every number is finite)."""
    raise ValueError(f"{name} is not a finite number")


def _weights(raw: object, width: int) -> dict[str, tuple[float, ...]] | None:
    """Feature -> `width` finite numbers, or None when `raw` is not that. (Checked in bulk:
    the file holds some 80,000 rows and is read at every start.)"""
    if not isinstance(raw, dict):
        return None
    rows = raw.values()
    if {type(w) for w in rows} != {list} or {len(w) for w in rows} != {width}:
        return None if rows else {}
    if not {type(x) for x in itertools.chain.from_iterable(rows)} <= {int, float}:
        return None
    return {f: tuple(map(float, w)) for f, w in raw.items()}


def _topics(data: dict[str, object]) -> TopicModel | Literal[False] | None:
    """The topic part of a model file: False when it has none, None when it is broken."""
    dims = data.get("topic_dimensions")
    if dims is None and "topic_weights" not in data:
        return False
    if not isinstance(dims, list) or not dims or not all(isinstance(d, str) for d in dims):
        return None
    weights = _weights(data.get("topic_weights"), len(dims))
    return None if weights is None else TopicModel(tuple(dims), weights)
