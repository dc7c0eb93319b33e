"""Stated answers on the labelled descriptions of tests/kb/fixtures/stated-answers.yaml,
stated-answers-2.yaml and stated-answers-3.yaml: the figures of docs/knowledge.md ("Stated
answers, measured") minus a small margin, and the rules behind them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.kb.brain import KnowledgeBrain
from bot.kb.stated_eval import StatedScore, load_cases, score

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "kb" / "fixtures"
CASES = FIXTURES / "stated-answers.yaml"
CASES_2 = FIXTURES / "stated-answers-2.yaml"  # a second blind set, other trades
CASES_3 = FIXTURES / "stated-answers-3.yaml"  # a third, written after the rules were tuned


def _score(brain: KnowledgeBrain, part: str, path: Path = CASES) -> StatedScore:
    return score([c for c in load_cases(path) if c.part == part], brain.stated_answers)


@pytest.mark.parametrize(
    ("path", "size", "two", "empty"),
    [(CASES, 80, 40, 15), (CASES_2, 60, 40, 10), (CASES_3, 90, 55, 8)],
)
def test_the_set_is_labelled_with_known_options(
    brain: KnowledgeBrain, path: Path, size: int, two: int, empty: int
) -> None:
    cases = load_cases(path)
    assert len(cases) >= size
    assert sum(len(c.stated) >= 2 for c in cases) >= two
    assert sum(not c.stated for c in cases) >= empty
    for case in cases:
        assert case.part in ("tune", "held")
        for dim_id, option in case.stated.items():
            dim = brain.dimension(dim_id)
            assert dim is not None and option in {o.id for o in dim.options}, case.id


@pytest.mark.parametrize(
    ("path", "part", "recall", "precision", "empty_filled"),
    [
        (CASES, "tune", 0.93, 0.90, 0),  # measured 95.6 % / 92.9 %, 0 of 10
        (CASES, "held", 0.83, 0.86, 0),  # measured 85.1 % / 88.7 %, 0 of 8
        (CASES_2, "tune", 0.87, 0.86, 0),  # measured 90.4 % / 88.7 %, 0 of 7
        (CASES_2, "held", 0.74, 0.85, 0),  # measured 77.2 % / 88.0 %, 0 of 5
        (CASES_3, "tune", 0.70, 0.80, 1),  # measured 72.3 % / 83.3 %, 1 of 6
        (CASES_3, "held", 0.72, 0.78, 2),  # measured 75.3 % / 81.0 %, 2 of 6
    ],
)
def test_recall_and_precision(
    brain: KnowledgeBrain,
    path: Path,
    part: str,
    recall: float,
    precision: float,
    empty_filled: int,
) -> None:
    result = _score(brain, part, path)
    total = result.total()
    assert total.right / total.stated >= recall, result.missed
    assert total.right / total.filled >= precision, result.wrong
    assert result.empty_filled <= empty_filled, result.wrong


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("path", "stating_two", "fewer"),
    [
        # one stated answer kept for its own question: 49 -> 49, 31 -> 34, 25 -> 26
        (CASES, 62, 47),  # measured 49 of 62 (79.0 %; 45 before the learned topics)
        (CASES_2, 45, 32),  # measured 34 of 45 (75.6 %; 25 before)
        (CASES_3, 57, 24),  # measured 26 of 57 (45.6 %; 14 before)
    ],
)
def test_interviews_ask_fewer_questions_and_keep_their_verdicts(
    path: Path, stating_two: int, fewer: int
) -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_interview.py"), "--stated", str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    line = next(ln for ln in out.splitlines() if ln.startswith("descriptions stating >= 2"))
    two, ok = (
        int(x.split("(")[0].split(";")[0]) for x in (line.split(": ")[1], line.split(": ")[2])
    )
    assert two == stating_two
    assert ok >= fewer
    assert "verdicts changed: 0 " in out


def _options(brain: KnowledgeBrain, text: str) -> dict[str, str | None]:
    return {k: v.option for k, v in brain.stated_answers(text).items()}


@pytest.mark.parametrize(
    "text",
    [
        "Structural surveyors. We pay our subcontractors monthly.",
        "Dog grooming salon. We rely on two suppliers for shampoo and trust them completely.",
        "Marketing studio; we pay for advertising every month.",
        "A vending machine round in offices. We depend on passing trade.",
    ],
)
def test_clauses_about_the_business_own_costs_state_nothing(
    brain: KnowledgeBrain, text: str
) -> None:
    assert _options(brain, text) == {}


def test_each_statement_joined_by_and_is_read_on_its_own(brain: KnowledgeBrain) -> None:
    # "several" said of the years once coloured the subscription as "some of each"
    assert _options(
        brain,
        "Private tutoring agency. Families stay with us for years and pay a monthly subscription.",
    ) == {"engagement": "long_term", "payment": "retainer"}
    assert (
        _options(
            brain,
            "Tutoring agency; families stay for several school years and pay "
            "a monthly subscription.",
        ).get("payment")
        == "retainer"
    )


def test_a_price_per_thing_said_about_paying_is_plain(brain: KnowledgeBrain) -> None:
    assert _options(brain, "Nail bar. Walk-ins mostly, they pay per treatment.") == {
        "payment": "per_sale"
    }


def test_a_typo_fix_never_marks_a_clause_as_the_business_own(brain: KnowledgeBrain) -> None:
    # "balls" is fixed to "bill" for reading; the clause is still about the buyers
    got = _options(
        brain,
        "Driving range. People pay per bucket of balls and we never really "
        "talk to them between visits.",
    )
    assert got == {"payment": "per_sale", "communication": "sporadic"}


@pytest.mark.parametrize(
    ("text", "not_read"),
    [
        ("Executive search firm. We stay in touch with our clients constantly.", "engagement"),
        ("A tanning salon where people pay per session and don't stay loyal.", "engagement"),
        ("Bingo hall. We stay open until midnight on Fridays.", "engagement"),
        ("Land agents. Our clients depend on us for every decision.", "customization"),
    ],
)
def test_a_topic_word_inside_another_topic_or_a_decoy_names_nothing(
    brain: KnowledgeBrain, text: str, not_read: str
) -> None:
    # "stay" in "stay in touch" / "stay loyal" / "stay open" is no stay with the business;
    # "depend on us" is reliance, not "it depends"
    assert not_read not in _options(brain, text)


def test_a_short_stay_is_one_visit_not_the_relationship(brain: KnowledgeBrain) -> None:
    assert _options(brain, "Museum cafe. Our visitors stay for about an hour.") == {}
    assert _options(brain, "Aquarium; our visitors stay about forty minutes.") == {}
    # a long stay still answers
    assert _options(brain, "Our members stay with us for years.") == {"engagement": "long_term"}


def test_two_groups_across_statements_are_the_middle(brain: KnowledgeBrain) -> None:
    got = _options(
        brain,
        "Joinery workshop: half our work is one-off furniture for homeowners, "
        "the other half is ongoing contracts with two housebuilders.",
    )
    assert got.get("engagement") == "mixed"


def test_an_amount_before_a_length_of_time_counts_the_time(brain: KnowledgeBrain) -> None:
    got = _options(brain, "Tutoring agency. Families stay with us for several school years.")
    assert got == {"engagement": "long_term"}


def test_what_follows_a_concession_is_not_said(brain: KnowledgeBrain) -> None:
    got = _options(
        brain, "Company secretaries. Clients never switch, even when a rival is cheaper."
    )
    assert got.get("loyalty") == "loyal"


def test_once_before_an_aside_is_no_count_of_things(brain: KnowledgeBrain) -> None:
    # "once after a night out" was read as "once a night" (a period: long-term)
    got = _options(brain, "Kebab shop open late. People come once after a night out and pay cash.")
    assert got.get("engagement") == "one_off"
