"""How an interview's answers weigh up: each dimension read from an answer, a description cue
or the industry, then the lean, verdict and confidence (used by classifier.py).

Each dimension gets a position from -1 (customer) to +1 (client): from the user's answer when
there is one, else from the description's cues for that dimension (counted at CUE_SHARE of the
weight), else it is skipped. The industry dimension takes +1/-1/0 from the industry's label.
The weighted mean `lean` decides: above LEAN_CLIENT client-based, below -LEAN_CLIENT
customer-based, in between hybrid.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from bot.contracts import Verdict
from bot.kb.cues import Hit
from bot.kb.model import Dimension, Industry, KnowledgeBase
from bot.kb.quotes import as_typed

LEAN_CLIENT = 0.2  # |lean| at or above this is a clear verdict; below it, hybrid
HYBRID_INDUSTRY_BAND = 0.35  # a hybrid industry stays hybrid unless |lean| reaches this
# Answers in the middle say "in between" themselves: the band widens by this much times their
# share of the answers' weight (eight of nine in between and a client trade is no clear client)
MIDDLE_BAND = 0.15
MIDDLE_PENALTY = 0.3  # ... and a clear verdict loses this much times their share of all weight
CUE_SHARE = 0.6  # weight of a dimension read from the description, relative to an answer
CUE_SCALE = 1.0  # cue points that make a description-read position ~0.76 (tanh)
MAX_CONFIDENCE = 0.95  # a questionnaire never makes the verdict certain
PRIOR_POSITION: dict[str, float] = {"client": 1.0, "customer": -1.0, "hybrid": 0.0}

Source = Literal["answer", "cue", "industry", "skipped"]


@dataclass(frozen=True, slots=True)
class Reading:
    """What one dimension contributes."""

    dimension: Dimension
    position: float
    weight: float
    source: Source
    answer: str = ""
    option: str = ""  # the answer's option id (source "answer")

    @property
    def pull(self) -> float:
        return self.position * self.weight


def readings_for(
    kb: KnowledgeBase,
    industry: Industry | None,
    answers: Mapping[str, str],
    hits: tuple[Hit, ...],
    description: str = "",
    labels: Mapping[str, str] | None = None,
) -> list[Reading]:
    out: list[Reading] = []
    for dim in kb.dimensions:
        if dim.id == "industry":
            if industry is not None:
                out.append(
                    Reading(
                        dim, PRIOR_POSITION[industry.label], dim.weight, "industry", industry.name
                    )
                )
            else:
                out.append(Reading(dim, 0.0, 0.0, "skipped"))
            continue
        opt = dim.option(answers.get(dim.id, ""))
        if opt is not None:
            shown = (labels or {}).get(f"{dim.id}.{opt.id}", opt.label)
            out.append(Reading(dim, opt.score, dim.weight, "answer", shown, opt.id))
            continue
        mine = [h for h in hits if h.cue.dimension == dim.id]
        net = sum(h.weight if h.side == "client" else -h.weight for h in mine)
        if mine and net:
            strongest = max(mine, key=lambda h: h.weight)
            out.append(
                Reading(
                    dim,
                    math.tanh(net / CUE_SCALE),
                    dim.weight * CUE_SHARE,
                    "cue",
                    as_typed(description, strongest.quote),
                )
            )
        else:
            out.append(Reading(dim, 0.0, 0.0, "skipped"))
    return out


# Confidence of a clear verdict: logistic in |lean| x sqrt(evidence), where evidence is the
# weight read (answers, industry, cues) as a share of all dimensions' weight. Fitted by log
# loss on the labelled sets in tests/kb/fixtures, each read as an interview from its
# description (`advisor eval FILE --calibration`, docs/knowledge.md). Middle answers add
# evidence but no pull, answers both ways cancel: both lower the confidence.
CONF_BIAS = -0.9
CONF_SLOPE = 11.0
# A hybrid verdict: right about a third of the time from a description alone; answers that
# really point both ways (more evidence, lean near 0) make it surer, up to HYBRID_MAX.
HYBRID_BASE = 0.35
HYBRID_GAIN = 0.45
HYBRID_MAX = 0.8
# Answers pointing against a clear verdict lower it beyond what they take off the lean: three
# of nine against should not read 95% (share of weight against x MIXED_PENALTY is taken off).
MIXED_PENALTY = 0.6


def verdict_from(
    readings: list[Reading], industry: Industry | None
) -> tuple[Verdict, float, float]:
    """Label, lean (-1..1) and confidence (0..1)."""
    total_w = full_w = toward_client = toward_customer = answered_w = middle_w = 0.0
    for r in readings:  # one pass: what_would_change calls this once per possible answer
        total_w += r.weight
        full_w += r.dimension.weight
        if r.source == "answer":
            answered_w += r.weight
            middle_w += r.weight if r.position == 0 else 0.0
        pull = r.position * r.weight
        if pull > 0:
            toward_client += pull
        else:
            toward_customer -= pull
    if total_w == 0:
        return "unknown", 0.0, 0.0
    lean = (toward_client - toward_customer) / total_w
    evidence = total_w / max(1e-9, full_w)
    band = (
        HYBRID_INDUSTRY_BAND if industry is not None and industry.label == "hybrid" else LEAN_CLIENT
    ) + MIDDLE_BAND * middle_w / max(1e-9, answered_w)
    if abs(lean) < band:
        sure = HYBRID_BASE + HYBRID_GAIN * evidence * (1.0 - abs(lean) / band)
        return "hybrid", lean, round(min(HYBRID_MAX, sure), 3)
    label: Verdict = "client" if lean > 0 else "customer"
    z = CONF_BIAS + CONF_SLOPE * abs(lean) * math.sqrt(evidence)
    against = (toward_customer if lean > 0 else toward_client) / total_w
    sure = min(MAX_CONFIDENCE, 1.0 / (1.0 + math.exp(-z))) * (
        1.0 - MIXED_PENALTY * against - MIDDLE_PENALTY * middle_w / total_w
    )
    return label, lean, round(sure, 3)


@dataclass(frozen=True, slots=True)
class Change:
    """One different answer and the verdict it would give."""

    dimension: Dimension
    option_label: str
    verdict: Verdict
    lean: float
    flips: bool


_SIDE = {"client": 1.0, "customer": -1.0}


def what_would_change(
    readings: list[Reading],
    industry: Industry | None,
    label: Verdict,
    lean: float,
    labels: Mapping[str, str] | None = None,
) -> Change | None:
    """The single answer change that flips the verdict with the smallest step, or else the
    one that moves the lean furthest from where it is."""
    best: tuple[tuple[float, float], Change] | None = None
    for i, r in enumerate(readings):
        dim = r.dimension
        for opt in dim.options:
            if r.source == "answer" and opt.id == r.option:
                continue
            shown = (labels or {}).get(f"{dim.id}.{opt.id}", opt.label)
            trial = list(readings)
            trial[i] = Reading(dim, opt.score, dim.weight, "answer", shown, opt.id)
            new_label, new_lean, _ = verdict_from(trial, industry)
            flips = new_label != label
            if not flips and (new_lean - lean) * _SIDE.get(label, 0.0) > 0:
                continue  # a clear verdict is moved by what pulls away from it, not further in
            step = abs(opt.score - r.position) if r.source == "answer" else 2.0
            # rank: flips first (small step, then big weight), then the biggest move
            key = (0.0 if flips else 1.0, step - dim.weight if flips else -abs(new_lean - lean))
            change = Change(dim, shown, new_label, new_lean, flips)
            if best is None or key < best[0]:
                best = (key, change)
    return best[1] if best else None
