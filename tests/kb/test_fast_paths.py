"""The one-shot path's shortcuts (docs/benchmarks.md, "One-shot commands") change no answer."""

from __future__ import annotations

import json
import random

import pytest

from bot.kb.brain import KnowledgeBrain
from bot.kb.cues import GAP, NEGATION_REACH, NEGATORS, _match, phrase_words
from bot.kb.served import served_words

from .conftest import EXTRA_CASES, REAL_KB

_FILLERS = ("we", "the", "for", "local", "people", "and", "also", "not", "every", "week")


def _reference_hits(brain: KnowledgeBrain, toks: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """Cue hits by the general matcher alone, tried on every phrase (longest first)."""
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(toks):
        for phrase, cue, _after in brain.cues.by_first.get(toks[i], ()):
            end = _match(phrase, list(toks), i)
            if end > 0:
                out.append((i, end, cue.phrase))
                i = end
                break
        else:
            i += 1
    return out


def test_cue_scan_finds_what_the_general_matcher_finds(brain: KnowledgeBrain) -> None:
    # texts made of cue phrases (gaps filled with 0-4 words), shuffled with filler words
    rng = random.Random(7)
    phrases = [phrase_words(c.phrase) for c in brain.kb.cues]
    with_gap = [p for p in phrases if GAP in p]
    assert with_gap, "the knowledge base has cue phrases with gaps"
    checked = 0
    for _ in range(400):
        pieces: list[str] = []
        for phrase in rng.sample(phrases, 3) + rng.sample(with_gap, 2):
            for w in phrase:
                pieces.extend(rng.sample(_FILLERS, rng.randint(0, 4)) if w == GAP else [w])
            pieces.extend(rng.sample(_FILLERS, rng.randint(0, 2)))
        text = " ".join(pieces)
        scan = brain.cues.scan(text)
        named = served_words(brain.kb.served, text)
        served = {k for k, at in enumerate(scan.word_at) if at in named}
        want = [(s, e, p) for s, e, p in _reference_hits(brain, scan.words)]
        got = [(h.start, h.end, h.cue.phrase) for h in scan.hits]
        # the scan drops shop-type words among the people served (no evidence of a customer
        # business), a rule on top of phrase matching
        dropped = [h for h in want if h not in got]
        assert all(s in served for s, _e, _p in dropped), text
        assert [h for h in want if h not in dropped] == got, text
        checked += len(got)
        for h in scan.hits:  # a negator just before a cue turns it around (or a few words
            # before, with only words like "do" or "any" between: never without a negator near)
            own = phrase_words(h.cue.phrase)[0] in NEGATORS
            if h.start > 0 and scan.words[h.start - 1] in NEGATORS and not own:
                assert h.negated
            near = scan.words[max(0, h.start - 1 - NEGATION_REACH) : h.start]
            if h.negated:
                assert not own and any(w in NEGATORS for w in near)
    assert checked > 1000


@pytest.mark.slow
def test_verdicts_do_not_depend_on_the_texts_read_before(brain: KnowledgeBrain) -> None:
    # `classify --jsonl` reads many texts in one process, with per-word and per-text caches:
    # a text's verdict must be the same whatever was read before it
    import yaml

    cases = yaml.safe_load(EXTRA_CASES.read_text(encoding="utf-8"))["cases"]
    texts = [c["text"] for c in cases][:120]
    rng = random.Random(3)
    longer = [f"{t}. {' '.join(rng.sample(texts, 2))}" for t in texts[:60]]
    batch = texts + longer
    forward = [json.dumps(brain.classify_text(t).to_json()) for t in batch]
    fresh = KnowledgeBrain.load(REAL_KB)  # its caches start empty
    backward = [json.dumps(fresh.classify_text(t).to_json()) for t in reversed(batch)]
    assert forward == backward[::-1]
