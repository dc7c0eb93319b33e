"""One dimension's options and phrase index, as the answer reader looks them up."""

from __future__ import annotations

from collections.abc import Iterable

from bot.kb.answer_types import option_side
from bot.kb.answer_vocab import BREAK, WEIGHT_WEAK, AnswerVocab, DimensionVocab, Phrase
from bot.kb.answer_words import answer_words_cached
from bot.kb.model import Dimension, Option

Tags = dict[Phrase, list[tuple[str, object]]]


def _add(tags: Tags, phrases: Iterable[Phrase], tag: tuple[str, object]) -> None:
    for p in phrases:
        tags.setdefault(p, []).append(tag)


def _word_tags(tags: Tags, vocab: AnswerVocab, dv: DimensionVocab) -> None:
    """Tags of the words every dimension shares: negators, amounts, yes and no..."""
    for phrases, kind in (
        (vocab.negators, "neg"),
        (vocab.comparatives, "comp"),
        (vocab.dont_know, "dont_know"),
        (vocab.lacking, "lacking"),
        (vocab.uncertain, "uncertain"),
        (vocab.middle, "middle"),
        (vocab.contrast, "contrast"),
        (vocab.yes_words, "yes"),
        (vocab.no_words, "no"),
    ):
        _add(tags, phrases, (kind, None))
    for p, level in vocab.amounts.items():
        _add(tags, (p,), ("amount", level))
    for p, level in vocab.frequencies.items():
        if level in dv.frequencies:
            _add(tags, (p,), ("freq", level))


class DimReader:
    """One dimension's options and phrase index."""

    def __init__(
        self,
        dim: Dimension,
        vocab: AnswerVocab,
        dv: DimensionVocab,
        borrowed: dict[Phrase, tuple[Option, float]] | None = None,
    ) -> None:
        self.dim = dim
        self.dv = dv
        self.by_id = {o.id: o for o in dim.options}
        ordered = sorted(dim.options, key=lambda o: abs(o.score))
        self.middle = ordered[0] if ordered and abs(ordered[0].score) <= 0.33 else None
        self.exact: dict[Phrase, Option] = {}
        for opt in dim.options:
            for form in (opt.id, opt.label, *opt.synonyms):
                words = tuple(w for w in answer_words_cached(form) if w != BREAK)
                if words:
                    self.exact.setdefault(words, opt)
        tags: Tags = {}
        _word_tags(tags, vocab, dv)
        self._cue_tags(tags, vocab, borrowed or {})
        self.index: dict[str, list[tuple[Phrase, tuple[tuple[str, object], ...]]]] = {}
        for p, t in tags.items():
            self.index.setdefault(p[0], []).append((p, tuple(t)))
        for entries in self.index.values():
            entries.sort(key=lambda e: -len(e[0]))
        self.uses_time = bool(dv.durations or dv.periods or dv.per_other)
        self.per_other = self.resolve(dv.per_other)

    def _cue_tags(
        self, tags: Tags, vocab: AnswerVocab, borrowed: dict[Phrase, tuple[Option, float]]
    ) -> None:
        """Tags of this dimension's cues, group words and option labels."""
        strongest: dict[tuple[Phrase, str], tuple[Option, float]] = {}
        for p, ref, weight in self.dv.cues:  # one stem may come from a strong and a weak phrase
            target = self.resolve(ref)
            if target is not None and weight > strongest.get((p, target.id), (target, 0.0))[1]:
                strongest[(p, target.id)] = (target, weight)
        # words that name a group of people at one end ("walk-ins", "corporate accounts"): weak
        # evidence for that end, which shows two groups in one answer
        ends: dict[str, Option] = {
            option_side(o.score): o for o in self.dim.options if abs(o.score) > 0.33
        }
        for p, (opt, weight) in borrowed.items():
            strongest.setdefault((p, opt.id), (opt, weight))
        for (p, _oid), cue in strongest.items():
            _add(tags, (p,), ("cue", cue))
        for p, end in vocab.groups.items():
            if end in ends:  # (a cue for the same words wins; the group still marks people)
                _add(tags, (p,), ("group", (ends[end], WEIGHT_WEAK)))
        # labels of options, so reworded buttons typed back are read too
        for opt in self.dim.options:
            words = answer_words_cached(opt.label)
            if len(words) > 1 and BREAK not in words:
                _add(tags, (words,), ("cue", (opt, 1.0)))

    def resolve(self, ref: str | None) -> Option | None:
        """The option an "a|b" reference means here: the first id the dimension has."""
        for oid in (ref or "").split("|"):
            if oid in self.by_id:
                return self.by_id[oid]
        return None

    def opposite(self, opt: Option) -> Option | None:
        """The option at the other end of the scale (None for the middle)."""
        if abs(opt.score) <= 0.33:
            return None
        return min(self.dim.options, key=lambda o: abs(o.score + opt.score))
