"""KnowledgeBrain as the engine sees it."""

from __future__ import annotations

from bot.contracts import Brain
from bot.kb.brain import KnowledgeBrain
from bot.kb.model import DIMENSION_IDS


def _as_brain(brain: Brain) -> Brain:
    return brain


def test_implements_the_protocol(tiny: KnowledgeBrain) -> None:
    b = _as_brain(tiny)
    for name in (
        "match_industry",
        "industry",
        "sectors",
        "industries_in_sector",
        "dimension",
        "assess",
        "faq",
    ):
        assert callable(getattr(b, name))


def test_dimensions_in_order(brain: KnowledgeBrain) -> None:
    assert tuple(d.id for d in brain.dimensions()) == DIMENSION_IDS
    assert brain.known_dimension_ids() == frozenset(DIMENSION_IDS)
    industry = brain.dimension("industry")
    assert industry is not None and industry.options == ()
    for dim in brain.dimensions()[1:]:
        assert len(dim.options) >= 3
        assert {o.side for o in dim.options} == {"client", "mixed", "customer"}
        assert all(len(o.id) <= 12 and len(o.label) <= 30 for o in dim.options)
    assert brain.dimension("nope") is None


def test_sectors_and_industries(tiny: KnowledgeBrain, brain: KnowledgeBrain) -> None:
    assert [s.id for s in tiny.sectors()] == ["professional", "retail"]
    names = [i.name for i in tiny.industries_in_sector("professional")]
    assert names == sorted(names) and "Law firm" in names
    assert tiny.industries_in_sector("nope") == ()
    ref = tiny.industry("bakery")
    assert ref is not None and ref.label == "customer" and ref.sector == "retail"
    assert tiny.industry("nope") is None
    assert len(brain.sectors()) >= 10
    assert sum(len(brain.industries_in_sector(s.id)) for s in brain.sectors()) >= 300


def test_match_candidates_carry_scores(brain: KnowledgeBrain) -> None:
    match = brain.match_industry("bakery")
    assert match.status == "confident"
    assert 0.75 <= match.candidates[0].score <= 1.0


def test_every_question_says_what_it_is_after_in_other_words(brain: KnowledgeBrain) -> None:
    """ "What do you mean?" at any question gets that question's own explanation."""
    for dim in brain.dimensions():
        if dim.options:
            assert dim.meaning and dim.meaning != dim.question, dim.id
