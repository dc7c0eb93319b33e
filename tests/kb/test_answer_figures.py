"""Guard over how the reader does on the labelled answer sets (tests/kb/fixtures/answers*.yaml).

Figures when this guard was last set (docs/knowledge.md, "Measuring", round 3): answers.yaml
tuned part 95.7 % read right, held part 95.1 %; read wrong 0.3 % / 0.0 %; probes 1-6
90.0-98.1 % read right; probe7 (trade words) 90.8 %, probe8 (phone-typed) 94.1 %, probe9 (new
trades) 84.4 %; trades (tuning, 271 answers from 25 trades) 80.4 % / 92.3 % / 1.8 % wrong;
held back, never tuned on: probe10 75.6 % / 80.0 % / 8.9 % wrong, trades-held 72.2 % / 82.1 % /
9.3 % wrong. The thresholds sit a little below, so a change that makes the reader worse fails
here and names the answers.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.kb.answer_eval import evaluate, read_answer_cases
from bot.kb.brain import KnowledgeBrain

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _misses(ev: object) -> str:
    return "\n".join(
        f"{c.id} meant {c.side}, {result} {r.option}: {c.text}" for c, r, result in ev.misses
    )  # type: ignore[attr-defined]


def test_answer_set_is_big_and_varied(brain: KnowledgeBrain) -> None:
    cases = read_answer_cases(FIXTURES / "answers.yaml", brain.known_dimension_ids())
    assert len(cases) >= 450
    for dim in brain.known_dimension_ids() - {"industry"}:
        sides = [c.side for c in cases if c.dimension == dim]
        assert len(sides) >= 50 and {"client", "mixed", "customer"} <= set(sides)
    held = [c for c in cases if c.held]
    assert 0.3 <= len(held) / len(cases) <= 0.37


def test_reader_figures_on_the_answer_set(brain: KnowledgeBrain) -> None:
    cases = read_answer_cases(FIXTURES / "answers.yaml", brain.known_dimension_ids())
    ev = evaluate(brain, cases)
    tuned, held = ev.by_part["tuned"], ev.by_part["held"]
    print("\n" + _misses(ev))
    assert tuned.read_right >= 0.93, _misses(ev)
    assert held.read_right >= 0.92, _misses(ev)
    assert tuned.right_after_confirm >= 0.96 and held.right_after_confirm >= 0.96, _misses(ev)
    assert tuned.read_wrong <= 0.02 and held.read_wrong <= 0.02, _misses(ev)
    for dim, figures in ev.by_dimension.items():
        assert figures.read_right >= 0.85, (dim, _misses(ev))


@pytest.mark.parametrize("name", ["answers-probe7.yaml", "answers-probe8.yaml"])
def test_fresh_sets_are_big_and_varied(brain: KnowledgeBrain, name: str) -> None:
    cases = read_answer_cases(FIXTURES / name, brain.known_dimension_ids())
    assert len(cases) >= 150
    for dim in brain.known_dimension_ids() - {"industry"}:
        sides = [c.side for c in cases if c.dimension == dim]
        assert len(sides) >= 15 and {"client", "mixed", "customer"} <= set(sides)


@pytest.mark.parametrize(
    ("name", "right", "after_confirm"),
    [
        ("answers-probe.yaml", 0.90, 0.94),
        ("answers-probe2.yaml", 0.90, 0.94),
        ("answers-probe3.yaml", 0.90, 0.94),
        ("answers-probe4.yaml", 0.90, 0.94),
        # trade words (vets, locksmiths, launderettes): the hardest set, 87.8 % / 90.0 % when set
        ("answers-probe5.yaml", 0.87, 0.90),
        ("answers-probe6.yaml", 0.92, 0.92),  # phone-typed: "yrs", "now n then", "nah all standard"
        # owners of 17 trades in their words: 68.0 % / 76.5 % / 9.2 % wrong when first measured
        ("answers-probe7.yaml", 0.88, 0.93),
        # short phone-typed answers: 88.2 % / 93.5 % / 3.3 % wrong when first measured
        ("answers-probe8.yaml", 0.92, 0.97),
    ],
)
def test_reader_figures_on_the_probe_sets(
    brain: KnowledgeBrain, name: str, right: float, after_confirm: float
) -> None:
    ev = evaluate(brain, read_answer_cases(FIXTURES / name, brain.known_dimension_ids()))
    assert ev.overall.read_right >= right, _misses(ev)
    assert ev.overall.right_after_confirm >= after_confirm, _misses(ev)
    assert ev.overall.read_wrong <= 0.025, _misses(ev)


def test_reader_figures_on_probe9(brain: KnowledgeBrain) -> None:
    """Fourteen new trades, written after the probe7/probe8 changes: 61.1 % read right, 14.4 %
    wrong when first measured (docs/knowledge.md); the bar is lower than the others'."""
    ev = evaluate(
        brain, read_answer_cases(FIXTURES / "answers-probe9.yaml", brain.known_dimension_ids())
    )
    assert ev.overall.read_right >= 0.82, _misses(ev)
    assert ev.overall.right_after_confirm >= 0.88, _misses(ev)
    assert ev.overall.read_wrong <= 0.04, _misses(ev)


def test_reader_figures_on_probe10_never_tuned_on(brain: KnowledgeBrain) -> None:
    """A held-back set written after every change and never tuned on: 68.9 % read right,
    75.6 % after confirming, 13.3 % wrong when first measured; 75.6 / 80.0 / 8.9 % after round
    3 (docs/knowledge.md). Guards against getting worse; tune on other sets, not this one."""
    ev = evaluate(
        brain, read_answer_cases(FIXTURES / "answers-probe10.yaml", brain.known_dimension_ids())
    )
    assert ev.overall.read_right >= 0.73, _misses(ev)
    assert ev.overall.right_after_confirm >= 0.77, _misses(ev)
    assert ev.overall.read_wrong <= 0.10, _misses(ev)


@pytest.mark.parametrize("name", ["answers-trades.yaml", "answers-trades-held.yaml"])
def test_trade_sets_are_big_and_varied(brain: KnowledgeBrain, name: str) -> None:
    cases = read_answer_cases(FIXTURES / name, brain.known_dimension_ids())
    assert len(cases) >= 160
    for dim in brain.known_dimension_ids() - {"industry"}:
        sides = [c.side for c in cases if c.dimension == dim]
        assert len(sides) >= 18 and {"client", "mixed", "customer"} <= set(sides)


def test_reader_figures_on_the_trade_words_tuning_set(brain: KnowledgeBrain) -> None:
    """Twenty-five trades in their own words (dog walker, barber, plumber... vet, estate agent,
    printer... dentist, bakery, solicitor...): 67.5 % / 79.3 % / 8.1 % wrong before round 3,
    80.4 % / 92.3 % / 1.8 % wrong after it (tuned on)."""
    ev = evaluate(
        brain, read_answer_cases(FIXTURES / "answers-trades.yaml", brain.known_dimension_ids())
    )
    assert ev.overall.read_right >= 0.78, _misses(ev)
    assert ev.overall.right_after_confirm >= 0.90, _misses(ev)
    assert ev.overall.read_wrong <= 0.025, _misses(ev)


def test_reader_figures_on_trades_held_never_tuned_on(brain: KnowledgeBrain) -> None:
    """Nine other trades written with the tuning set and held back (never tuned on): 68.5 % /
    76.5 % / 10.5 % wrong before round 3, 72.2 % / 82.1 % / 9.3 % wrong after it. Guards
    against getting worse; tune on other sets, not this one."""
    ev = evaluate(
        brain, read_answer_cases(FIXTURES / "answers-trades-held.yaml", brain.known_dimension_ids())
    )
    assert ev.overall.read_right >= 0.70, _misses(ev)
    assert ev.overall.right_after_confirm >= 0.80, _misses(ev)
    assert ev.overall.read_wrong <= 0.10, _misses(ev)
