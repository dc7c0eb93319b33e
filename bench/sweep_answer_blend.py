"""How the blend of the rules and the learned model reads answers it was not trained on, for
each combination of the blend's constants (`bot/kb/answer_blend.py`).

Run: .venv/bin/python bench/sweep_answer_blend.py

The model is retrained without the cross-check sets (probe10 and the two held trade sets, 333
answers), then every combination below reads them: read right / right after confirming / read
wrong. The blind sets are not used here: they are measured once, after a choice is made
(`advisor eval --answers FILE`). Takes about two minutes (one training run).
"""

from __future__ import annotations

import dataclasses
import itertools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import bot.kb.answer_blend as blend  # noqa: E402
from bot.kb.answer_eval import evaluate, read_answer_cases  # noqa: E402
from bot.kb.answer_training import train  # noqa: E402
from bot.kb.brain import KnowledgeBrain  # noqa: E402
from bot.kb.loader import load_knowledge  # noqa: E402

HELD = ("answers-probe10.yaml", "answers-trades-held.yaml", "answers-trades-3-held.yaml")
GRID = {
    "TEMPERATURE": (1.5, 1.3, 1.2),
    "SURE": (0.9, 0.85, 0.8),
    "SURE_AGREED": (0.7, 0.6),
    "MIXED_DOUBT": (0.3, 0.25),
}


def main() -> int:
    """Print one line per combination of the constants."""
    kb = load_knowledge(ROOT / "knowledge")
    if kb.answer_model is None:
        print("no knowledge/answer_model.json: run make answer-model first", file=sys.stderr)
        return 1
    rules = KnowledgeBrain(dataclasses.replace(kb, answer_model=None))
    files = [f for f in kb.answer_model.trained_on.files if Path(f).name not in HELD]
    cases = [c for f in files for c in read_answer_cases(ROOT / f)]
    model = train(cases, lambda c: rules.answers.features(c.dimension, c.text), files)
    model = dataclasses.replace(model, topics=kb.answer_model.topics)
    brain = KnowledgeBrain(dataclasses.replace(kb, answer_model=model))
    dims = brain.known_dimension_ids()
    held = [c for n in HELD for c in read_answer_cases(ROOT / "tests/kb/fixtures" / n, dims)]
    print(f"cross-check answers: {len(held)} (model retrained on {len(cases)} without them)")
    for values in itertools.product(*GRID.values()):
        for name, value in zip(GRID, values, strict=True):
            setattr(blend, name, value)
        o = evaluate(brain, held).overall
        shown = " ".join(f"{n}={v}" for n, v in zip(GRID, values, strict=True))
        print(
            f"{shown}: read right {100 * o.read_right:.1f} %, after confirming "
            f"{100 * o.right_after_confirm:.1f} %, read wrong {100 * o.read_wrong:.1f} %"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
