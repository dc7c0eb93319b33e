"""The cached template filling gives exactly what bot.core.richtext.fill gives."""

from __future__ import annotations

from bot.core.richtext import fill
from bot.kb.brain import KnowledgeBrain
from bot.kb.textutil import fill_cached


def test_fill_cached_matches_fill_for_every_template(brain: KnowledgeBrain) -> None:
    values = {
        "verdict": "**x**",
        "confidence": 87,
        "industry": "<b>Law</b>",
        "why": "{n}",
        "cues": "a, b",
        "names": "A and B",
        "text": "__t__",
        "n": 2,
    }
    for pack in brain.kb.langs.values():
        for template in pack.texts.values():
            assert fill_cached(template, values) == fill(template, values), template
            assert fill_cached(template, {}) == fill(template, {}), template
