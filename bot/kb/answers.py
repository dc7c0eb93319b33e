"""Reading free-text answers to dimension questions (`advisor answer`).

An answer is split into clauses (punctuation, "but", "while", "others"...). Phrases from
knowledge/answers.yaml are found by longest match; durations and frequencies ("7 years",
"once a quarter") are measured in days. Each cue, duration or frequency gives a signal for an
option; a negator before it ("wouldn't switch") turns it to the other end of the scale, a part
("some stay", "somewhat tailored") moves it to the middle, "none"/"few" turns it around. Signals
for both ends of the scale in one answer mean two groups of people: the middle option.
Outcome: read (clear), confirm (a guess worth asking about) or unread (nothing to go on).

The parts: answer_index (a dimension's phrase index), answer_spans (phrases, durations,
periods), answer_signals (negation, amounts, yes/no), answer_decide (two groups, the outcome),
answer_doubt (a sure reading beside a clause it does not understand, or two kinds of people,
is confirmed first),
answer_spelling (typo fixes), answer_exact (an option's own words), answer_counted (amounts of
another question's thing), answer_words (word sets and sentence shapes).
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.contracts import AnswerReading
from bot.kb.answer_blend import blend
from bot.kb.answer_counted import counts_other
from bot.kb.answer_decide import decide
from bot.kb.answer_doubt import doubted, people_words, two_subjects
from bot.kb.answer_exact import Words, exact_option, risky_fixes
from bot.kb.answer_features import answer_features, topic_features
from bot.kb.answer_index import DimReader
from bot.kb.answer_model import SideOdds
from bot.kb.answer_signals import SignalPass
from bot.kb.answer_spans import find_spans
from bot.kb.answer_spelling import Speller, vocab_words
from bot.kb.answer_stated import (
    DECOY,
    Piece,
    Topic,
    hidden_for,
    pieces,
    select,
    topic_spans,
    topic_table,
    with_partners,
)
from bot.kb.answer_types import MAX_CHARS, option_side
from bot.kb.answer_vocab import (
    BREAK,
    TOKEN,
    AnswerVocab,
    DimensionVocab,
    Phrase,
    fold_answer,
    group_ends,
    joined,
    topicless_words,
    word_form,
)
from bot.kb.answer_words import REFUSING, has_phrase
from bot.kb.model import Dimension, KnowledgeBase, Option

__all__ = ["AnswerReader", "option_side"]

TOPIC_SURE = 0.9  # how sure the topic part must be of a statement no phrase names
SAID_FIRST = re.compile(r"\.{2,}|…|[,.;:!?]|\s-+\s")  # the mark ending a reply's first clause
BARE_YES = 4  # "yep most do": a yes this short, and nothing else read, is a bare yes


class AnswerReader:
    """Reads typed answers against the knowledge base's dimensions."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.vocab = kb.answers or AnswerVocab()
        self._dims: dict[str, DimReader] = {}
        by_id = {d.id: d for d in kb.dimensions if d.options}
        for d in by_id.values():
            dv = self.vocab.dimensions.get(d.id, DimensionVocab())
            self._dims[d.id] = DimReader(d, self.vocab, dv, self._borrowed(d, dv, by_id))
        self._speller = Speller(
            kb, vocab_words(self.vocab, self._dims.values()), self.vocab.plain_words
        )
        self._frame = self.vocab.fillers | self.vocab.plain_words
        self._quiet = self.vocab.fillers | self.vocab.quiet_words
        self._yes = frozenset(" ".join(p) for p in self.vocab.yes_words)
        self._topics = topic_table(
            {did: r.dv.topic for did, r in self._dims.items()}, self.vocab.topic_decoys
        )
        self._no_topic = topicless_words(self.vocab)
        self._group_ends, self._one_group = group_ends(self.vocab)
        self._people = people_words(kb.served, self.vocab)

    def _borrowed(
        self, dim: Dimension, dv: DimensionVocab, dims: dict[str, Dimension]
    ) -> dict[Phrase, tuple[Option, float]]:
        """Cues of the dimensions `dim` borrows from, mapped to its options by side (a
        long-term relationship is said in the words of long engagement)."""
        out: dict[Phrase, tuple[Option, float]] = {}
        by_side = {option_side(o.score): o for o in dim.options}
        for other in dv.borrow:
            src = dims.get(other)
            if src is None:
                continue
            src_ids = {o.id: o for o in src.options}
            for phrase, ref, weight in self.vocab.dimensions.get(other, DimensionVocab()).cues:
                opt = next((src_ids[r] for r in ref.split("|") if r in src_ids), None)
                mine = by_side.get(option_side(opt.score)) if opt is not None else None
                if mine is not None:
                    out.setdefault(phrase, (mine, weight))
        return out

    def _words(self, text: str) -> Words:
        """Folded singular words (typos fixed), the words as typed, and which were plural."""
        short = self.vocab.shorthand
        raw = [short.get(w, w) for w in joined(TOKEN.findall(fold_answer(text[:MAX_CHARS])), short)]
        raw = [w for w in raw if w]  # ("tbh" and the like stand for nothing)
        forms = [word_form(w) for w in raw]
        words = tuple(self._speller.fix(f) for f in forms)
        plural = tuple(f != w for f, w in zip(forms, raw, strict=True))
        return words, tuple(raw), plural

    # --- the Brain seam ------------------------------------------------------------------------
    def read(self, dimension_id: str, text: str) -> AnswerReading:
        """How `text` answers the question of `dimension_id` (unknown dimension: unread)."""
        reader = self._dims.get(dimension_id)
        if reader is None or not isinstance(text, str):
            return AnswerReading(dimension_id, "unread")
        raw_text = text.strip()
        # isdecimal, not isdigit: "²" is a digit that int() refuses
        if (
            raw_text.isdecimal()
            and len(raw_text) < 3
            and 1 <= int(raw_text) <= len(reader.dim.options)
        ):
            opt = reader.dim.options[int(raw_text) - 1]
            return AnswerReading(dimension_id, "read", opt.id, option_side(opt.score), (raw_text,))
        typed = self._words(raw_text)
        out = exact_option(reader, typed) or self._blended(reader, typed, raw_text)
        lead = self._said_first(reader, typed, raw_text)
        if lead is not None and lead.option != out.option:
            # "specialist, anyone can buy a camera but …": the answer said first, then why;
            # the words after it may weigh otherwise, so it is asked about, never overruled
            return replace(lead, status="confirm")
        fold = self.folded
        if (
            out.status != "unread"
            and counts_other(reader, self._dims.values(), self.vocab, typed[0], out.why, fold)
            and self._elsewhere(reader, raw_text)
        ):
            # "hourly rates mostly, plus some fixed fees" to "how much do they rely on you?":
            # the amounts count fees, and the answer is another question's
            return AnswerReading(dimension_id, "unread")
        if out.status == "read" and not reader.dv.yes_sure and self._bare_yes(raw_text, out.why):
            return replace(out, status="confirm")  # "yes" to "how long …?" is asked about
        # "hmm neither really, they come for a few months then go": an end, but not surely;
        # "the tourists right there, the chefs after a month": two groups, maybe
        doubt = REFUSING & set(typed[0]) or two_subjects(typed[0], self._people)
        if out.status == "read" and out.side in ("client", "customer") and doubt:
            return replace(out, status="confirm")
        return out

    def _blended(self, reader: DimReader, typed: Words, text: str = "") -> AnswerReading:
        """The rules' reading with the learned model's second opinion (`text`: the whole answer,
        to check it does not state another question's answer instead)."""
        reading = self._read(reader, typed)
        words = typed[0]
        if reading.status == "unread" and has_phrase(words, self.vocab.dont_know):
            return reading  # "no idea" is no answer, however its words lean
        if reading.status == "unread" and reader.dv.yes is None and self._topicless(words):
            return reading  # "yes definitely" to "specialist, or standard?" picks neither
        odds = self._odds(reader.dim.id, words)
        if odds is None:
            return reading
        out = blend(reader.dim, reading, odds, has_phrase(words, self.vocab.uncertain))
        if reading.status == "read" and reading.side == "mixed" != out.side and self._two(words):
            # "my regulars no, walk-ins yes of course": the model knows no groups; ask
            return replace(reading, status="confirm")
        # the model made it sure: a guess when the words state another question's answer
        if (
            text
            and reading.status != "read"
            and out.status == "read"
            and self._elsewhere(reader, text)
        ):
            return replace(out, status="confirm")
        return out

    def _two(self, words: tuple[str, ...]) -> bool:
        """Whether `words` name a group at each end of the scale, neither said to be small, or
        two kinds of people as subjects ("the kids …, the grown-ups …")."""
        ends = all(has_phrase(words, end) for end in self._group_ends)
        return (ends and not has_phrase(words, self._one_group)) or two_subjects(
            words, self._people
        )

    def folded(self, said: str) -> tuple[str, ...]:
        """Words as the reader folds them (typos fixed), as the vocabulary's phrases are."""
        return self._words(said)[0]

    def _topicless(self, words: tuple[str, ...]) -> bool:
        """Whether the words are all yes/no, how-much and filler words (no topic named)."""
        return all(w in self._no_topic or w == BREAK for w in words)

    def _said_first(self, reader: DimReader, typed: Words, text: str) -> AnswerReading | None:
        """An answer whose first clause, with more after it, is an option's own words (not a
        yes or no, nor asked back: "loyal? hah, …", nor taken back: "right away… no")."""
        words, raw, plural = typed
        mark = SAID_FIRST.search(text)
        if BREAK not in words or mark is None or mark.group() not in (",", ".", ":", ";"):
            return None
        cut = words.index(BREAK)
        first = words[:cut]
        yes_or_no = first in self.vocab.yes_words or first in self.vocab.no_words
        if not first or cut == len(words) - 1 or yes_or_no:
            return None
        return exact_option(reader, (first, raw[:cut], plural[:cut]))

    def _bare_yes(self, text: str, why: tuple[str, ...]) -> bool:
        """A short answer read from its yes words alone ("yep most do")."""
        if len(text.split()) > BARE_YES or not why:
            return False
        return all(" ".join(self._words(w)[0]) in self._yes for w in why)

    def _elsewhere(self, reader: DimReader, text: str) -> bool:
        """The answer states another question's answer and not this one's ("they rely on us"
        to "how long do people keep buying?"): the model's lean is a guess to ask about."""
        stated = self.stated(text)
        return bool(stated) and reader.dim.id not in stated

    def voices(self, dimension_id: str, text: str) -> tuple[AnswerReading, SideOdds | None]:
        """The two readings `read` makes one (for `advisor answer`): the rules' and the model's
        odds (None without a model)."""
        reader = self._dims.get(dimension_id)
        if reader is None:
            return AnswerReading(dimension_id, "unread"), None
        typed = self._words(text.strip())
        rules = exact_option(reader, typed) or self._read(reader, typed)
        return rules, self._odds(dimension_id, typed[0])

    def _odds(self, dimension_id: str, words: tuple[str, ...]) -> SideOdds | None:
        """The learned model's odds for an answer's words (None without a model)."""
        model = self.kb.answer_model
        if model is None:
            return None
        feats = answer_features(dimension_id, words, self.vocab.negators)
        return model.odds(feats, hide=self._quiet)

    def features(self, dimension_id: str, text: str) -> list[str]:
        """What the learned model sees of an answer (for training it)."""
        words = self._words(text.strip())[0]
        return answer_features(dimension_id, words, self.vocab.negators)

    def topic_features(self, text: str) -> list[str]:
        """What the learned topic part sees of an answer (for training it)."""
        return topic_features(self._words(text.strip())[0], self.vocab.negators)

    def stated(self, text: str) -> dict[str, AnswerReading]:
        """Dimensions a business description answers clearly (sure readings only, from
        statements that name the dimension's topic, then from those the learned topic part
        places)."""
        if not isinstance(text, str):
            return {}
        words = self._words(text.strip())
        own = self.vocab.own_side
        typed = tuple(word_form(w) for w in words[1])  # a typo fix ("balls" -> bill) is no cue
        kept = pieces(words[0], self.vocab, lambda s, e: not has_phrase(typed[s:e], own))
        spans = [topic_spans(words[0][s:e], s, self._topics) for s, e in kept]
        every = [t for ts in spans for t in ts]
        out: dict[str, AnswerReading] = {}
        for did, reader in self._dims.items():
            named = [k for k, ts in enumerate(spans) if any(did in d for *_, d in ts)]
            if not named:
                continue
            picked = with_partners(named, kept, words[0], self.vocab.group_links)
            hidden = hidden_for(frozenset((did, *reader.dv.borrow)), every, words[0], self._frame)
            reading = self._read(reader, select(words, picked, hidden), stated=True)
            reading = self._two_groups(reader, reading, select(words, kept, hidden))
            if reading.status == "read" and reading.option is not None:
                out[did] = reading
        self._learned_topics(words, kept, spans, out)
        return out

    def _learned_topics(
        self,
        words: Words,
        kept: list[Piece],
        spans: list[list[Topic]],
        out: dict[str, AnswerReading],
    ) -> None:
        """Statements the learned topic part is sure are about a dimension the topic phrases
        left unanswered ("they pay a fixed monthly fee" names no payment phrase), read like a
        typed answer to that question and kept only when read without doubt."""
        model = self.kb.answer_model
        topics = model.topics if model is not None else None
        if topics is None:
            return
        for (s, e), named in zip(kept, spans, strict=True):
            if any(DECOY in dims for *_, dims in named):
                continue  # "our guests stay three nights": a topic word in another sense
            if all(w in self._no_topic or w[0].isdigit() for w in words[0][s:e]):
                continue  # "hmm for some of them yes": how much, of nothing named
            did, p = topics.best(topic_features(words[0][s:e], self.vocab.negators))
            reader = self._dims.get(did)
            if p < TOPIC_SURE or did in out or reader is None:
                continue
            reading = self._blended(reader, select(words, [(s, e)]))
            if reading.status == "read" and reading.option is not None:
                out[did] = reading

    def _two_groups(self, reader: DimReader, reading: AnswerReading, whole: Words) -> AnswerReading:
        """A reading from the statements on the topic, against the whole description: two
        groups said across it ("half our work is one-off furniture, the other half ongoing
        contracts") are the middle when that reads plainly from two or more cues."""
        if reading.status == "read" and reading.side == "mixed":
            return reading
        full = self._read(reader, whole, stated=True)
        if full.side == "mixed" and full.status == "read" and len(full.why) > 1:
            return full
        return reading

    # --- reading -------------------------------------------------------------------------------
    def _read(self, reader: DimReader, typed: Words, stated: bool = False) -> AnswerReading:
        words, raw, plural = typed
        did = reader.dim.id
        content = tuple(w for w in words if w != BREAK)
        if not content:
            return AnswerReading(did, "unread")
        fixed = risky_fixes(typed)
        spans = find_spans(reader, self.vocab, words, plural)
        signals, uncertain, most = SignalPass(reader, self.vocab, words, raw, spans, stated).run()
        reading = decide(reader, signals, uncertain, most, fixed)
        if not stated:  # (a description's sentences are picked by topic: other clauses are off it)
            reading = doubted(reading, self.vocab, words, raw, spans)
        if (
            stated
            and reading.option is not None
            and sum(s.weight for s in signals if s.option.id == reading.option) < reader.dv.stated
        ):
            return AnswerReading(did, "unread")  # a description must say it plainly
        return reading
