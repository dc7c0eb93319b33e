"""Guard over how the phrase rules alone do on the labelled answer sets (tests/kb/fixtures/
answers*.yaml); the rules with the learned model are guarded in test_answer_model.py.

Figures when this guard was last set (docs/knowledge.md, "Measuring", round 3): answers.yaml
tuned part 95.7 % read right, held part 95.1 %; read wrong 0.3 % / 0.0 %; probes 1-6
90.0-98.1 % read right; probe7 (trade words) 90.8 %, probe8 (phone-typed) 94.1 %, probe9 (new
trades) 84.4 %; trades (tuning, 271 answers from 25 trades) 80.4 % / 92.3 % / 1.8 % wrong;
held back, never tuned on: probe10 75.6 % / 80.0 % / 8.9 % wrong, trades-held 72.2 % / 82.1 % /
9.3 % wrong. Round 4 (calibration: a contrast clause not understood, two cue words side by
side counted once when contested) cut silent misreadings: trades 1.5 % wrong, probe7 1.3 %,
probe3 0.0 %, trades-held 71.6 % / 82.1 % / 8.0 % wrong, probe10 unchanged (docs/knowledge.md).
Round 5 (trade vocabulary in breadth, a negator stops at a new subject): trades-3 tuning half
72.2 → 89.7 % read right, 12.7 → 2.4 % wrong; held back, never tuned on: trades-3-held 63.5 →
66.7 % / 75.4 → 78.6 % / 7.1 % wrong, trades-held 73.5 / 84.0 / 7.4 % wrong; trades 81.9 /
93.7 / 1.1 % wrong.
The thresholds sit a little below, so a change that makes the reader worse fails here and names
the answers.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.kb.answer_eval import Evaluation, evaluate, read_answer_cases
from bot.kb.brain import KnowledgeBrain


@pytest.fixture
def brain(rules_brain: KnowledgeBrain) -> KnowledgeBrain:
    """These tests are of the phrase rules; the learned model is tested in test_answer_model."""
    return rules_brain


FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _misses(ev: Evaluation) -> str:
    return "\n".join(
        f"{c.id} meant {c.side}, {result} {r.option}: {c.text}" for c, r, result in ev.misses
    )


def test_answer_set_is_big_and_varied(brain: KnowledgeBrain) -> None:
    cases = read_answer_cases(FIXTURES / "answers.yaml", brain.known_dimension_ids())
    assert len(cases) >= 450
    for dim in brain.known_dimension_ids() - {"industry"}:
        sides = [c.side for c in cases if c.dimension == dim]
        assert len(sides) >= 50 and {"client", "mixed", "customer"} <= set(sides)
    held = [c for c in cases if c.held]
    assert 0.3 <= len(held) / len(cases) <= 0.37


@pytest.mark.slow
def test_reader_figures_on_the_answer_set(brain: KnowledgeBrain) -> None:
    cases = read_answer_cases(FIXTURES / "answers.yaml", brain.known_dimension_ids())
    ev = evaluate(brain, cases)
    tuned, held = ev.by_part["tuned"], ev.by_part["held"]
    print("\n" + _misses(ev))
    assert tuned.read_right >= 0.94, _misses(ev)
    assert held.read_right >= 0.94, _misses(ev)
    assert tuned.right_after_confirm >= 0.98 and held.right_after_confirm >= 0.98, _misses(ev)
    assert tuned.read_wrong <= 0.01 and held.read_wrong <= 0.01, _misses(ev)
    for dim, figures in ev.by_dimension.items():
        assert figures.read_right >= 0.85, (dim, _misses(ev))


@pytest.mark.parametrize("name", ["answers-probe7.yaml", "answers-probe8.yaml"])
def test_fresh_sets_are_big_and_varied(brain: KnowledgeBrain, name: str) -> None:
    cases = read_answer_cases(FIXTURES / name, brain.known_dimension_ids())
    assert len(cases) >= 150
    for dim in brain.known_dimension_ids() - {"industry"}:
        sides = [c.side for c in cases if c.dimension == dim]
        assert len(sides) >= 15 and {"client", "mixed", "customer"} <= set(sides)


# (round 5 figures, read right / after confirming / wrong, in the comments)
@pytest.mark.parametrize(
    ("name", "right", "after_confirm", "wrong"),
    [
        ("answers-probe.yaml", 0.96, 0.98, 0.01),  # 97.2 / 99.1 / 0.0
        ("answers-probe2.yaml", 0.93, 0.96, 0.01),  # 94.4 / 97.8 / 0.0
        ("answers-probe3.yaml", 0.93, 0.96, 0.01),  # 94.4 / 97.8 / 0.0
        ("answers-probe4.yaml", 0.95, 0.97, 0.01),  # 96.7 / 98.9 / 0.0
        # trade words (vets, locksmiths, launderettes): 90.0 / 94.4 / 1.1
        ("answers-probe5.yaml", 0.89, 0.93, 0.02),
        ("answers-probe6.yaml", 0.97, 0.98, 0.01),  # phone-typed ("yrs", "now n then"): 98.1 / 100
        # owners of 17 trades in their words: 68.0 / 76.5 / 9.2 % wrong when first measured,
        # 90.8 / 95.4 / 1.3 now
        ("answers-probe7.yaml", 0.89, 0.94, 0.02),
        # short phone-typed answers: 88.2 / 93.5 / 3.3 % wrong when first measured, 94.1 / 100 / 0
        ("answers-probe8.yaml", 0.93, 0.99, 0.01),
    ],
)
def test_reader_figures_on_the_probe_sets(
    brain: KnowledgeBrain, name: str, right: float, after_confirm: float, wrong: float
) -> None:
    ev = evaluate(brain, read_answer_cases(FIXTURES / name, brain.known_dimension_ids()))
    assert ev.overall.read_right >= right, _misses(ev)
    assert ev.overall.right_after_confirm >= after_confirm, _misses(ev)
    assert ev.overall.read_wrong <= wrong, _misses(ev)


def test_reader_figures_on_probe9(brain: KnowledgeBrain) -> None:
    """Fourteen new trades, written after the probe7/probe8 changes: 61.1 % read right, 14.4 %
    wrong when first measured (docs/knowledge.md), 84.4 / 91.1 / 2.2 % wrong now; the bar is
    lower than the others'."""
    ev = evaluate(
        brain, read_answer_cases(FIXTURES / "answers-probe9.yaml", brain.known_dimension_ids())
    )
    assert ev.overall.read_right >= 0.83, _misses(ev)
    assert ev.overall.right_after_confirm >= 0.90, _misses(ev)
    assert ev.overall.read_wrong <= 0.03, _misses(ev)


def test_reader_figures_on_probe10_never_tuned_on(brain: KnowledgeBrain) -> None:
    """A held-back set written after every change and never tuned on: 68.9 % read right,
    75.6 % after confirming, 13.3 % wrong when first measured; 75.6 / 80.0 / 8.9 % after round
    3 and round 4 (docs/knowledge.md). Guards against getting worse; tune on other sets, not
    this one."""
    ev = evaluate(
        brain, read_answer_cases(FIXTURES / "answers-probe10.yaml", brain.known_dimension_ids())
    )
    assert ev.overall.read_right >= 0.74, _misses(ev)
    assert ev.overall.right_after_confirm >= 0.78, _misses(ev)
    assert ev.overall.read_wrong <= 0.09, _misses(ev)


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
    80.4 % / 92.3 % / 1.8 % wrong after it (tuned on), 80.4 / 92.3 / 1.5 % wrong after round 4,
    81.9 / 93.7 / 1.1 % after round 5."""
    ev = evaluate(
        brain, read_answer_cases(FIXTURES / "answers-trades.yaml", brain.known_dimension_ids())
    )
    assert ev.overall.read_right >= 0.80, _misses(ev)
    assert ev.overall.right_after_confirm >= 0.92, _misses(ev)
    assert ev.overall.read_wrong <= 0.02, _misses(ev)


def test_reader_figures_on_trades_held_never_tuned_on(brain: KnowledgeBrain) -> None:
    """Nine other trades written with the tuning set and held back (never tuned on): 68.5 % /
    76.5 % / 10.5 % wrong before round 3, 72.2 % / 82.1 % / 9.3 % wrong after it, 71.6 % /
    82.1 % / 8.0 % wrong after round 4, 73.5 / 84.0 / 7.4 % after round 5. Guards against
    getting worse; tune on other sets, not this one."""
    ev = evaluate(
        brain, read_answer_cases(FIXTURES / "answers-trades-held.yaml", brain.known_dimension_ids())
    )
    assert ev.overall.read_right >= 0.72, _misses(ev)
    assert ev.overall.right_after_confirm >= 0.83, _misses(ev)
    assert ev.overall.read_wrong <= 0.08, _misses(ev)


@pytest.mark.parametrize("name", ["answers-trades-3.yaml", "answers-trades-3-held.yaml"])
def test_round5_trade_sets_are_big_and_varied(brain: KnowledgeBrain, name: str) -> None:
    """Fourteen trades per half, one answer per trade per question, every side in each."""
    cases = read_answer_cases(FIXTURES / name, brain.known_dimension_ids())
    assert len(cases) >= 126
    for dim in brain.known_dimension_ids() - {"industry"}:
        sides = [c.side for c in cases if c.dimension == dim]
        assert len(sides) >= 14 and {"client", "mixed", "customer"} <= set(sides)


def test_reader_figures_on_trades_3_tuning_half(brain: KnowledgeBrain) -> None:
    """Round 5 (funeral director, optician, kennels... home care agency): 72.2 % / 78.6 % /
    12.7 % wrong when first measured (blind), 89.7 / 94.4 / 2.4 % wrong after round 5."""
    ev = evaluate(
        brain, read_answer_cases(FIXTURES / "answers-trades-3.yaml", brain.known_dimension_ids())
    )
    assert ev.overall.read_right >= 0.88, _misses(ev)
    assert ev.overall.right_after_confirm >= 0.93, _misses(ev)
    assert ev.overall.read_wrong <= 0.03, _misses(ev)


def test_reader_figures_on_trades_3_held_never_tuned_on(brain: KnowledgeBrain) -> None:
    """Round 5's held-back half (chimney sweep, pharmacy, car hire... nail salon), never tuned
    on: 63.5 % / 75.4 % / 7.1 % wrong before round 5, 66.7 / 78.6 / 7.1 % wrong after it.
    Guards against getting worse; tune on other sets, not this one."""
    ev = evaluate(
        brain,
        read_answer_cases(FIXTURES / "answers-trades-3-held.yaml", brain.known_dimension_ids()),
    )
    assert ev.overall.read_right >= 0.65, _misses(ev)
    assert ev.overall.right_after_confirm >= 0.77, _misses(ev)
    assert ev.overall.read_wrong <= 0.08, _misses(ev)
