"""The learned reading of typed answers (bot/kb/answer_model.py, answer_blend.py, training).

What a user notices: answers the phrase rules cannot read are offered a best guess to confirm
instead of "pick a button"; the model and the rules agreeing is read at once; "no idea" and
nonsense stay unread; a hedged answer is asked about. And what a maintainer relies on: the model
file matches the labelled sets it was trained on, retraining is deterministic, a broken file is
an error naming it, and the figures on answers it was never trained on are guarded.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from bot.contracts import AnswerReading
from bot.kb.answer_blend import blend
from bot.kb.answer_eval import AnswerCase, evaluate, read_answer_cases
from bot.kb.answer_model import SideOdds, load_answer_model
from bot.kb.answer_training import digest, train
from bot.kb.brain import KnowledgeBrain
from bot.kb.loader import ANSWER_MODEL, validate_knowledge
from tests.helpers import ROOT

from .conftest import FIXTURE_KB, FIXTURES, REAL_KB
from .test_cli import run

# written blind (by writers who never saw the reader), never trained on
BLIND = frozenset(
    (
        "answers-probe11.yaml",
        "answers-probe12.yaml",
        "answers-probe13.yaml",
        "answers-probe14.yaml",
        "answers-probe15.yaml",
        "answers-probe16.yaml",
        "answers-probe17.yaml",
        "answers-probe18.yaml",
        "answers-probe19.yaml",
        "answers-probe20.yaml",
    )
)
HELD = ("answers-probe10.yaml", "answers-trades-held.yaml", "answers-trades-3-held.yaml")


def _cases(brain: KnowledgeBrain, *names: str) -> list[AnswerCase]:
    dims = brain.known_dimension_ids()
    return [c for n in names for c in read_answer_cases(FIXTURES / n, dims)]


# --- the model file ------------------------------------------------------------------------------
def test_the_model_is_trained_on_every_answer_set_but_the_blind_one(brain: KnowledgeBrain) -> None:
    model = brain.kb.answer_model
    assert model is not None
    trained = {Path(f).name for f in model.trained_on.files}
    every = {p.name for p in FIXTURES.glob("answers*.yaml")}
    assert trained == every - BLIND, "retrain with `make answer-model`"


def test_the_model_file_matches_the_answer_sets_today(brain: KnowledgeBrain) -> None:
    """An answer set edited after training makes this fail: retrain with `make answer-model`."""
    model = brain.kb.answer_model
    assert model is not None
    cases = [c for f in model.trained_on.files for c in read_answer_cases(ROOT / f)]
    assert (len(cases), digest(cases)) == (model.trained_on.answers, model.trained_on.digest)


def test_training_is_deterministic_and_the_cli_writes_a_loadable_model(tmp_path: Path) -> None:
    out1, out2 = tmp_path / "one.json", tmp_path / "two.json"
    files = ["tests/kb/fixtures/answers-probe.yaml", "tests/kb/fixtures/answers-probe6.yaml"]
    for out in (out1, out2):
        done = run("kb", "train-answers", *files, "--out", str(out))
        assert done.returncode == 0, done.stderr
        assert "weights from 162 answers in 2 file(s)" in done.stderr
    assert out1.read_bytes() == out2.read_bytes()
    errors: list[object] = []
    model = load_answer_model(out1, errors)  # type: ignore[arg-type]
    assert errors == [] and model is not None and model.trained_on.answers == 162
    # the topic part is trained from the same answers: one class per dimension they answer
    assert model.topics is not None and len(model.topics.dimensions) == 9
    assert "topic features" in done.stderr
    assert oct(out1.stat().st_mode & 0o777) == "0o644"


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("{not json", "not a readable answer model"),
        ('{"format": 9}', "expected an answer model of format 1"),
        ('{"format": 1, "sides": ["a", "b", "c"], "weights": {}}', "sides must be"),
        (
            '{"format": 1, "sides": ["client", "mixed", "customer"], "weights": {"x": [1, 2]}}',
            "weights must map features to 3 finite numbers",
        ),
        (
            '{"format": 1, "sides": ["client", "mixed", "customer"], "weights": {}, '
            '"topic_dimensions": ["trust", "payment"], "topic_weights": {"x": [1, 2, 3]}}',
            "topic_weights map features to one finite number each",
        ),
        (
            '{"format": 1, "sides": ["client", "mixed", "customer"], "weights": {}, '
            '"topic_weights": {}}',
            "topic_dimensions must be a list of names",
        ),
    ],
)
def test_a_broken_model_file_is_an_error_naming_it(kb_copy: Path, content: str, says: str) -> None:
    (kb_copy / ANSWER_MODEL).write_text(content, encoding="utf-8")
    rendered = [e.render() for e in validate_knowledge(kb_copy)]
    assert any(ANSWER_MODEL in r and says in r and "make answer-model" in r for r in rendered)


def test_without_a_model_file_the_rules_read_alone(tmp_path: Path) -> None:
    target = tmp_path / "kb"
    shutil.copytree(REAL_KB, target)
    (target / ANSWER_MODEL).unlink()
    assert validate_knowledge(target) == []
    assert KnowledgeBrain.load(target).kb.answer_model is None
    assert not (FIXTURE_KB / ANSWER_MODEL).exists()


# --- what a user notices -------------------------------------------------------------------
def test_an_answer_the_rules_cannot_read_is_offered_the_models_guess(
    brain: KnowledgeBrain, rules_brain: KnowledgeBrain
) -> None:
    text = "they bring us the drawings and want them followed to the letter"
    assert rules_brain.read_answer("trust", text).status == "unread"
    r = brain.read_answer("trust", text)
    assert (r.status, r.option, r.side) == ("confirm", "low", "customer")
    # why: the answer's own words that decided it (folded: "followed" may show as "follow")
    assert r.why and all(w in text for entry in r.why for w in entry.split() if w != "not")


def test_an_answer_to_another_question_is_not_read_on_the_models_lean_alone(
    brain: KnowledgeBrain, rules_brain: KnowledgeBrain
) -> None:
    """An answer saying how much they rely on you is no length of stay: asked, not noted."""
    text = "they really rely on us, wouldnt know where to start without us"
    assert rules_brain.read_answer("engagement", text).status == "unread"
    assert brain.stated_answers(text)["trust"].option == "high"
    r = brain.read_answer("engagement", text)
    assert (r.status, r.option) == ("confirm", "long_term")
    # the same lean, with the question's own words, is read as before
    assert brain.read_answer("trust", text).status == "read"


def test_the_rules_guess_backed_by_the_model_is_read(
    brain: KnowledgeBrain, rules_brain: KnowledgeBrain
) -> None:
    text = "any florist in town sells the same roses"
    assert rules_brain.read_answer("specialization", text).status == "confirm"
    assert brain.read_answer("specialization", text).status == "read"


@pytest.mark.parametrize("text", ["no idea", "I don't really know", "asdkj qwe", "🙂🙂", ""])
def test_dont_know_and_nonsense_stay_unread(brain: KnowledgeBrain, text: str) -> None:
    for dim in ("relationship", "payment", "loyalty"):
        assert brain.read_answer(dim, text).status == "unread"


@pytest.mark.parametrize(
    ("dim", "text"),
    [("engagement", "probably years"), ("loyalty", "I think most would stay with us")],
)
def test_a_hedged_answer_is_asked_about(brain: KnowledgeBrain, dim: str, text: str) -> None:
    assert brain.read_answer(dim, text).status == "confirm"


def test_a_long_answer_in_another_script_is_read_without_error(brain: KnowledgeBrain) -> None:
    r = brain.read_answer("trust", "顧客は価格を比較します " * 500)
    assert r.status == "unread"  # no word either voice knows: the usual re-prompt


# --- figures --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "right", "after_confirm", "wrong"),
    [
        # rules alone 84.1 / 90.0 / 4.1 % wrong; rules and the model: see docs/knowledge.md
        ("answers-probe11.yaml", 0.905, 0.96, 0.015),
        # rules alone 74.8 / 82.6 / 9.6 % wrong
        ("answers-probe12.yaml", 0.84, 0.925, 0.03),
        # rules alone 78.1 / 85.9 / 4.4 % wrong
        ("answers-probe13.yaml", 0.865, 0.96, 0.015),
        # written after the last training run, measured once: rules alone 77.0 / 84.8 / 7.8 %
        ("answers-probe14.yaml", 0.85, 0.92, 0.03),
        # rules alone 76.3 / 81.5 / 7.4 %
        ("answers-probe15.yaml", 0.85, 0.93, 0.015),
        # written the round after, measured once as written: rules alone 77.4 / 82.2 / 7.8 %
        ("answers-probe16.yaml", 0.83, 0.925, 0.02),
        # the round after, measured once as written: 88.5 / 94.4 / 2.6 % (3 of its 7 misreads
        # were hourly fees labelled in between); its misses then read, two rules added
        ("answers-probe17.yaml", 0.86, 0.93, 0.025),
        # the round after (seven), measured once as written: 84.4 / 92.6 / 3.0 %, the same on
        # the tree before it; its misses read, one rule added (a rate's billing): 85.2 / 93.3
        ("answers-probe18.yaml", 0.845, 0.925, 0.035),
        # the round after (eight), measured once as written: 88.9 / 95.6 / 1.9 %
        ("answers-probe19.yaml", 0.88, 0.95, 0.015),
        # ... and, in stories, comparisons and sideways replies, 77.4 / 88.5 / 4.8 %; their
        # misses read, rules added (a group's own yes or no, two kinds of people as subjects)
        ("answers-probe20.yaml", 0.77, 0.88, 0.04),
    ],
)
def test_figures_on_the_blind_sets(
    brain: KnowledgeBrain,
    rules_brain: KnowledgeBrain,
    name: str,
    right: float,
    after_confirm: float,
    wrong: float,
) -> None:
    """Sets written blind and never trained on (docs/knowledge.md, "The learned second
    opinion", for every measurement); the model must also beat the rules alone on them."""
    cases = _cases(brain, name)
    assert len(cases) == 270
    both, rules = evaluate(brain, cases).overall, evaluate(rules_brain, cases).overall
    assert both.read_right >= right and both.read_right > rules.read_right
    assert both.right_after_confirm >= after_confirm
    assert both.right_after_confirm > rules.right_after_confirm
    assert both.read_wrong <= wrong and both.read_wrong < rules.read_wrong


@pytest.mark.slow
def test_a_model_trained_without_the_held_sets_reads_them_better_than_the_rules(
    brain: KnowledgeBrain, rules_brain: KnowledgeBrain
) -> None:
    """Cross-check of how the model carries over: trained on every set but the three held
    back, then measured on those (the figures in docs/knowledge.md)."""
    model = brain.kb.answer_model
    assert model is not None
    tuning = [f for f in model.trained_on.files if Path(f).name not in HELD]
    reader = rules_brain.answers
    cases = [c for f in tuning for c in read_answer_cases(ROOT / f)]
    fresh = train(cases, lambda c: reader.features(c.dimension, c.text), tuning)
    held_brain = KnowledgeBrain(dataclasses.replace(brain.kb, answer_model=fresh))
    held = _cases(brain, *HELD)
    both, rules = evaluate(held_brain, held).overall, evaluate(rules_brain, held).overall
    # measured: rules 71.2 / 81.4 / 7.2 % wrong; rules and the model 79.6 / 93.4 / 0.9 %
    assert both.read_right >= 0.76 and both.read_right > rules.read_right
    assert both.right_after_confirm >= 0.91 and both.right_after_confirm > rules.right_after_confirm
    assert both.read_wrong <= 0.025 and both.read_wrong < rules.read_wrong


def test_advisor_answer_shows_both_voices() -> None:
    """`advisor answer` shows what the rules read and the model's odds, for a maintainer."""
    done = run("answer", "trust", "they bring us the drawings and want them followed to the letter")
    assert done.returncode == 0, done.stderr
    lines = dict(line.split(":", 1) for line in done.stdout.splitlines())
    assert lines["status"].strip() == "confirm" and lines["rules"].strip() == "unread"
    odds = {s: int(p.strip(" %")) for s, p in (x.split() for x in lines["model"].split(","))}
    assert set(odds) == {"client", "mixed", "customer"} and odds["customer"] > 50
    assert abs(sum(odds.values()) - 100) <= 2


@pytest.mark.parametrize(
    ("rules", "probs", "status", "option"),
    [
        # both voices on the client end, the middle unlikely: read
        (AnswerReading("loyalty", "read", "loyal", "client"), (0.9, 0.05, 0.05), "read", "loyal"),
        # ... but the model gives the middle 35 %: asked first (two groups read as one)
        (
            AnswerReading("loyalty", "read", "loyal", "client"),
            (0.6, 0.35, 0.05),
            "confirm",
            "loyal",
        ),
        # the rules could not read it, the model leans hard: its side, asked first
        (AnswerReading("loyalty", "unread"), (0.05, 0.07, 0.88), "confirm", "switch"),
        # ... and read when the model is all but certain
        (AnswerReading("loyalty", "unread"), (0.01, 0.01, 0.98), "read", "switch"),
        # the model overrules a rule's guess when it is sure of another side, and asks
        (
            AnswerReading("loyalty", "confirm", "some", "mixed"),
            (0.01, 0.04, 0.95),
            "confirm",
            "switch",
        ),
    ],
)
def test_how_the_two_voices_are_made_one(
    brain: KnowledgeBrain,
    rules: AnswerReading,
    probs: tuple[float, float, float],
    status: str,
    option: str,
) -> None:
    dim = brain.kb.dimension("loyalty")
    assert dim is not None
    got = blend(dim, rules, SideOdds(probs, known=5))
    assert (got.status, got.option) == (status, option)


def test_training_bad_input_gets_a_clear_answer(tmp_path: Path) -> None:
    """A missing or broken answers file, no answers at all, or an output folder that does not
    exist: one line naming the problem, exit 1, no traceback and no file left behind."""
    (tmp_path / "bad.yaml").write_text('answers:\n  loyalty:\n    - [cliant, "x"]\n')
    (tmp_path / "empty.yaml").write_text("answers: {}\n")
    probe = "tests/kb/fixtures/answers-probe.yaml"
    for args, says in [
        ((str(tmp_path / "missing.yaml"),), "cannot read file"),
        ((str(tmp_path / "bad.yaml"),), "bad.yaml:3"),
        ((str(tmp_path / "empty.yaml"),), "no labelled answers"),
        ((probe, "--out", str(tmp_path / "no" / "m.json")), "cannot write"),
    ]:
        done = run("kb", "train-answers", *args)
        assert done.returncode == 1 and says in done.stderr, done.stderr
        assert "Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml", "empty.yaml"]


def test_a_statement_no_topic_phrase_names_is_found_by_the_learned_topics(
    brain: KnowledgeBrain,
) -> None:
    """ "They pay a fixed monthly fee" names no topic phrase of payment's; the topic part knows
    what it is about, and the reading of it is sure."""
    text = (
        "Bookkeeping for florists. We email every client a cash-flow summary every Friday, "
        "and they pay a fixed monthly fee."
    )
    model = brain.kb.answer_model
    assert model is not None and model.topics is not None
    without = KnowledgeBrain(
        dataclasses.replace(brain.kb, answer_model=dataclasses.replace(model, topics=None))
    )
    assert "payment" not in without.stated_answers(text)
    got = {k: v.option for k, v in brain.stated_answers(text).items()}
    assert got == {"communication": "continuous", "payment": "retainer"}


def test_the_learned_topics_skip_a_topic_word_in_another_sense(brain: KnowledgeBrain) -> None:
    """A statement holding a topic decoy ("stay in business": nobody's stay with the business)
    is not handed to the topic part; without that guard it would also state a partnership."""
    got = brain.stated_answers(
        "We help small firms stay in business for years with ongoing advice."
    )
    assert {k: v.option for k, v in got.items()} == {"engagement": "long_term"}


@pytest.mark.parametrize("text", ["yes", "yeah", "yep most do"])
def test_the_model_does_not_turn_a_bare_yes_to_how_long_into_once(
    brain: KnowledgeBrain, text: str
) -> None:
    """The model leans customer on a lone "yeah" (its words say nothing): the rules' yes holds,
    and is asked about."""
    reading = brain.read_answer("engagement", text)
    assert (reading.status, reading.option) == ("confirm", "long_term")


@pytest.mark.parametrize(
    ("dimension", "text"),
    [
        ("trust", "hotels pay monthly on contract, shop is card at the till"),
        ("satisfaction", "we send photos of the dogs during the day on whatsapp"),
        ("engagement", "the restaurants get their own recipes, otherwise the same bread for all"),
    ],
)
def test_words_about_another_question_are_not_read_silently(
    brain: KnowledgeBrain, dimension: str, text: str
) -> None:
    """Typed ahead (the next question's answer): the model's lean alone is only a guess."""
    assert brain.read_answer(dimension, text).status != "read"


@pytest.mark.parametrize(
    ("dimension", "text"),
    [
        ("payment", "commission on completion for sales, lettings is 12% of the rent monthly"),
        ("engagement", "couples once, the firms yearly"),
    ],
)
def test_two_groups_told_apart_are_not_read_as_one(
    brain: KnowledgeBrain, dimension: str, text: str
) -> None:
    """Both were read silently as one group's answer (retainer; once): now the mix, or asked."""
    reading = brain.read_answer(dimension, text)
    assert reading.option == "mixed" or reading.status != "read"


def test_a_share_said_in_figures_is_not_overruled_silently(brain: KnowledgeBrain) -> None:
    """The learned model reads words, not figures: "maybe 50% of the time" was read as "a lot"."""
    said = "they'll take my recommendation on which oil to dip with maybe 50% of the time"
    reading = brain.read_answer("trust", said)
    assert (reading.status, reading.option) == ("confirm", "moderate")


def test_one_reminder_a_year_thats_it_is_not_read_as_regular_contact(
    brain: KnowledgeBrain,
) -> None:
    """A chimney sweep's "i send a text reminder in september, thats it" was noted as "I reach
    out regularly"."""
    said = "i send a text reminder in september, thats it"
    reading = brain.read_answer("communication", said)
    assert (reading.status, reading.option) != ("read", "continuous")
