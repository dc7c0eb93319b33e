"""Reading free-text answers to dimension questions (`advisor answer`).

An answer is split into clauses (punctuation, "but", "while", "others"...). Phrases from
knowledge/answers.yaml are found by longest match; durations and frequencies ("7 years",
"once a quarter") are measured in days. Each cue, duration or frequency gives a signal for an
option; a negator before it ("wouldn't switch") turns it to the other end of the scale, a part
("some stay", "somewhat tailored") moves it to the middle, "none"/"few" turns it around. Signals
for both ends of the scale in one answer mean two groups of people: the middle option.
Outcome: read (clear), confirm (a guess worth asking about) or unread (nothing to go on).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import cast

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.contracts import AnswerReading, OptionSide
from bot.kb.answer_vocab import (
    BREAK,
    TOKEN,
    WEIGHT_WEAK,
    AnswerVocab,
    DimensionVocab,
    Phrase,
    Rule,
    fold_answer,
    word_form,
)
from bot.kb.model import Dimension, KnowledgeBase, Option

MAX_CHARS = 2000  # an answer longer than this is read from its start (bounds the cost)
MIDDLE_WEIGHT = 1.5  # "both", "it depends": stronger than one cue for an end of the scale
SURE, GUESS = 1.0, 0.5  # weight a reading needs to be read / to be worth confirming
MARGIN = 0.5  # the best option must lead the next by this much to be read
CONTESTED_MARGIN = 1.0  # ... and by this much when it is an end and other words point elsewhere
TWO_GROUPS = 0.6  # the weaker end must be this share of the stronger to mean two groups
AMOUNT_REACH = 6
BARE_NO_WORDS = 6  # a negation with nothing after it is a "no" only in a short answer
# words after "yes"/"no" that show it was said on its own ("no they'd stay", "yes most would")
_PRONOUNS = frozenset(word_form(w) for w in (
    "they", "we", "i", "theyd", "theyll", "theyre", "it", "its", "that", "thats", "most", "id",
    "ill", "im", "he", "she", "people", "our", "my"))
_COUNTS = {word_form("once"): 1.0, word_form("twice"): 2.0}
_TIMES = frozenset(word_form(w) for w in ("time", "times", "x"))
_PER = frozenset(("a", "an", "per"))
_EVERY = frozenset(word_form(w) for w in ("every", "each"))
_PER_ITEM = frozenset(("per",))
_WITHOUT = (word_form("without"),)
_NOT_A_NO = frozenset(word_form(w) for w in ("without", "no", "nothing", "none", "nobody"))
_PERCENT = word_form("percent")
# an opening no that is only an interjection: "nope, standard", "nah all standard"
_INTERJECTIONS = frozenset((word_form(w),) for w in ("no", "nah", "nope", "naw", "nay"))
# before "kind of"/"sort of" these make it a kind, not a hedge ("this kind of audit")
_KIND_OF = frozenset(word_form(w) for w in (
    "this", "that", "these", "those", "the", "what", "which", "any", "every", "each", "some",
    "same", "one", "my", "our", "their", "your"))
_KIND = frozenset(word_form(w) for w in ("kind", "sort", "type"))
_MODALS = frozenset(word_form(w) for w in ("would", "will", "wouldnt", "wont"))
# a clause that opens with these concludes the answer ("..., so no")
_CONCLUDE = frozenset((word_form(w),) for w in ("so", "therefore", "meaning", "hence")) | {
    (word_form("which"), word_form("means")), (word_form("in"), word_form("short"))}
# a clause that opens with these restricts what came before ("..., not on pricing")
_RESTRICT = frozenset((word_form(a), word_form(b)) for a in ("not", "but") for b in (
    "on", "for", "with", "about", "in", "when", "over", "not"))
_ONCE, _EITHER, _OR = word_form("once"), word_form("either"), "or"
# after "once" these make it "when" ("once a company signs", "once they see it")
_SUBJECTS = frozenset(word_form(w) for w in (
    "a", "an", "the", "they", "we", "you", "i", "it", "he", "she", "their", "our", "your",
    "people", "someone", "somebody", "everything", "theyre", "youre", "its", "were", "im"))
_NEGATED_AMOUNT = {"most": "part", "full": "none", "part": "none", "none": "part"}
_BETWEEN_NUMBERS = frozenset(word_form(w) for w in (
    "of", "to", "or", "and", "more", "than", "over", "under", "plus", "about", "around",
    "roughly", "nearly", "almost", "least", "at", "maybe", "other"))


def option_side(score: float) -> OptionSide:
    """An option's place on the client-customer scale from its score (-1..1)."""
    if score > 0.33:
        return "client"
    if score < -0.33:
        return "customer"
    return "mixed"


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    tags: tuple[tuple[str, object], ...]


@dataclass(slots=True)
class _Signal:
    option: Option
    weight: float
    words: str
    clause: int
    origin: OptionSide | None = None  # the end a part ("some ...") was taken from
    people: bool = False  # from a word naming a group of people ("walk-ins", "regulars")
    at: tuple[int, int] = (-1, -1)  # the words it was read from (-1: the whole answer)


@dataclass(slots=True)
class _Clause:
    neg_end: int = -1  # where the last negator ended (-1: none pending)
    comparative: bool = False  # that negator is "than"/"rather than" (not for lengths of time)
    fallback: list[_Signal] = field(default_factory=list)  # a negator's own meaning
    amount: tuple[str, int, str] | None = None  # level, where it ended, its words
    amount_used: bool = False  # it reached a cue (else it is an answer by itself: "a few")
    neg_cue: str | None = None  # the option of the cue whose opening negator is pending
    neg_reach: int = 0  # how far the pending negator reaches (0: negation_reach)


class _DimReader:
    """One dimension's options and phrase index."""

    def __init__(self, dim: Dimension, vocab: AnswerVocab, dv: DimensionVocab,
                 borrowed: dict[Phrase, tuple[Option, float]] | None = None) -> None:
        borrowed = borrowed or {}
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
        tags: dict[Phrase, list[tuple[str, object]]] = {}

        def add(phrases: Iterable[Phrase], tag: tuple[str, object]) -> None:
            for p in phrases:
                tags.setdefault(p, []).append(tag)

        add(vocab.negators, ("neg", None))
        add(vocab.comparatives, ("comp", None))
        add(vocab.dont_know, ("dont_know", None))
        add(vocab.lacking, ("lacking", None))
        add(vocab.uncertain, ("uncertain", None))
        add(vocab.middle, ("middle", None))
        add(vocab.contrast, ("contrast", None))
        add(vocab.yes_words, ("yes", None))
        add(vocab.no_words, ("no", None))
        for p, level in vocab.amounts.items():
            add((p,), ("amount", level))
        for p, level in vocab.frequencies.items():
            if level in dv.frequencies:
                add((p,), ("freq", level))
        strongest: dict[tuple[Phrase, str], tuple[Option, float]] = {}
        for p, ref, weight in dv.cues:  # one stem may come from a strong and a weak phrase
            target = self.resolve(ref)
            if target is not None and weight > strongest.get((p, target.id), (target, 0.0))[1]:
                strongest[(p, target.id)] = (target, weight)
        # words that name a group of people at one end ("walk-ins", "corporate accounts"): weak
        # evidence for that end, which shows two groups in one answer
        ends: dict[str, Option] = {option_side(o.score): o for o in dim.options
                                   if abs(o.score) > 0.33}
        for p, (opt, weight) in borrowed.items():
            strongest.setdefault((p, opt.id), (opt, weight))
        for (p, _oid), cue in strongest.items():
            add((p,), ("cue", cue))
        for p, end in vocab.groups.items():
            if end in ends:  # (a cue for the same words wins; the group still marks people)
                add((p,), ("group", (ends[end], WEIGHT_WEAK)))
        # labels of options, so reworded buttons typed back are read too
        for opt in dim.options:
            words = answer_words_cached(opt.label)
            if len(words) > 1 and BREAK not in words:
                add((words,), ("cue", (opt, 1.0)))
        self.index: dict[str, list[tuple[Phrase, tuple[tuple[str, object], ...]]]] = {}
        for p, t in tags.items():
            self.index.setdefault(p[0], []).append((p, tuple(t)))
        for entries in self.index.values():
            entries.sort(key=lambda e: -len(e[0]))
        self.uses_time = bool(dv.durations or dv.periods or dv.per_other)
        self.per_other = self.resolve(dv.per_other)

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


@lru_cache(maxsize=4096)
def answer_words_cached(text: str) -> Phrase:
    return tuple(word_form(w) for w in TOKEN.findall(fold_answer(text)))


class AnswerReader:
    """Reads typed answers against the knowledge base's dimensions."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.vocab = kb.answers or AnswerVocab()
        self._dims: dict[str, _DimReader] = {}
        by_id = {d.id: d for d in kb.dimensions if d.options}
        for d in by_id.values():
            dv = self.vocab.dimensions.get(d.id, DimensionVocab())
            self._dims[d.id] = _DimReader(d, self.vocab, dv, self._borrowed(d, dv, by_id))
        vocab_words: set[str] = set(self.vocab.numbers) | set(self.vocab.units) | set(
            self.vocab.every) | self.vocab.fillers
        for reader in self._dims.values():
            for entries in reader.index.values():
                for phrase, _ in entries:
                    vocab_words.update(phrase)
            for phrase in reader.exact:
                vocab_words.update(phrase)
        self._vocab_words = frozenset(vocab_words)
        self._by_letter: dict[str, list[str]] = {}
        for w in sorted(vocab_words):
            if len(w) >= 3 and w.isalpha():
                self._by_letter.setdefault(w[0], []).append(w)
        self._known: frozenset[str] | None = None
        self._fixes: dict[str, str] = {}

    def _borrowed(self, dim: Dimension, dv: DimensionVocab, dims: dict[str, Dimension]
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

    # --- words ---------------------------------------------------------------------------------
    def _known_words(self) -> frozenset[str]:
        """Words the knowledge base uses anywhere: never "corrected" (built when first needed)."""
        if self._known is None:
            names = [n for ind in self.kb.industries for n in (ind.name, *ind.aliases)]
            names += [cue.phrase for cue in self.kb.cues]
            # one pass over all the text, then each distinct word once
            raw = set(TOKEN.findall(fold_answer(" | ".join(names))))
            self._known = frozenset(self._vocab_words | self.vocab.plain_words
                                    | {word_form(w) for w in raw})
        return self._known

    def _fix(self, word: str) -> str:
        """A misspelt word as the vocabulary word one or two edits away, if there is one."""
        if len(word) < 3 or word in self._vocab_words or not word.isalpha():
            return word
        fixed = self._fixes.get(word)
        if fixed is not None:
            return fixed
        fixed = word
        if word not in self._known_words():
            cutoff = 1 if len(word) < 8 else 2
            found = process.extract(word, self._by_letter.get(word[0], ()),
                                    scorer=OSA.distance, score_cutoff=cutoff, limit=8)
            if len(word) == 3:  # "sme", "bth": only a dropped letter
                found = [f for f in found if len(f[0]) == 4]
            if found:
                # equal distances: the longer shared start wins ("mixd" is "mixed", not "mind")
                fixed = min(found, key=lambda f: (f[1], -_shared_start(word, f[0]),
                                                  abs(len(f[0]) - len(word))))[0]
        if len(self._fixes) < 50_000:
            self._fixes[word] = fixed
        return fixed

    def _words(self, text: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[bool, ...]]:
        """Folded singular words (typos fixed), the words as typed, and which were plural."""
        short = self.vocab.shorthand
        raw = [short.get(w, w) for w in TOKEN.findall(fold_answer(text[:MAX_CHARS]))]
        raw = [w for w in raw if w]  # ("tbh" and the like stand for nothing)
        forms = [word_form(w) for w in raw]
        words = tuple(self._fix(f) for f in forms)
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
        if raw_text.isdecimal() and len(raw_text) < 3 and 1 <= int(raw_text) <= len(
                reader.dim.options):
            opt = reader.dim.options[int(raw_text) - 1]
            return AnswerReading(dimension_id, "read", opt.id, option_side(opt.score),
                                 (raw_text,))
        words, raw, plural = self._words(raw_text)
        return self._read(reader, words, raw, plural)

    def stated(self, text: str) -> dict[str, AnswerReading]:
        """Dimensions a business description answers clearly (sure readings only, from
        sentences that talk about the dimension)."""
        if not isinstance(text, str):
            return {}
        words, raw, plural = self._words(text.strip())
        bounds = [i for i, w in enumerate(words) if w == BREAK]
        clauses: list[tuple[int, int]] = []
        start = 0
        for b in [*bounds, len(words)]:
            if b > start:
                clauses.append((start, b))
            start = b + 1
        out: dict[str, AnswerReading] = {}
        for did, reader in self._dims.items():
            if not reader.dv.topic:
                continue
            picked = [(s, e) for s, e in clauses if _has_phrase(words[s:e], reader.dv.topic)]
            if not picked:
                continue
            sel: list[int] = []
            for s, e in picked:
                sel.extend([*range(s, e), -1])
            w = tuple(BREAK if i < 0 else words[i] for i in sel)
            r = tuple(BREAK if i < 0 else raw[i] for i in sel)
            p = tuple(False if i < 0 else plural[i] for i in sel)
            reading = self._read(reader, w, r, p, stated=True)
            if reading.status == "read" and reading.option is not None:
                out[did] = reading
        return out

    # --- reading -------------------------------------------------------------------------------
    def _read(self, reader: _DimReader, words: tuple[str, ...], raw: tuple[str, ...],
              plural: tuple[bool, ...], stated: bool = False) -> AnswerReading:
        did = reader.dim.id
        content = tuple(w for w in words if w != BREAK)
        if not content:
            return AnswerReading(did, "unread")
        exact = reader.exact.get(content)
        # typo-corrected words, and only the risky corrections: a three-letter word, or one two
        # edits away ("sme" may be "same" or "some")
        fixed = frozenset(k for k, w in enumerate(words) if w != BREAK and (
            typed := word_form(raw[k])) != w and (
            len(raw[k]) <= 3 or OSA.distance(typed, w) > 1))
        if exact is not None and not stated:
            guessed = len(fixed) == len(content)  # ("bth" alone; "over tim" has context)
            return AnswerReading(did, "confirm" if guessed else "read", exact.id,
                                 option_side(exact.score),
                                 (" ".join(w for w in raw if w != BREAK),))
        spans = self._spans(reader, words, plural)
        signals, uncertain, most = self._signals(reader, words, raw, spans, stated)
        reading = self._decide(reader, signals, uncertain, most, fixed)
        if stated and reading.option is not None and sum(
                s.weight for s in signals if s.option.id == reading.option) < reader.dv.stated:
            return AnswerReading(did, "unread")  # a description must say it plainly
        return reading

    def _spans(self, reader: _DimReader, words: tuple[str, ...], plural: tuple[bool, ...]
               ) -> list[_Span]:
        """Phrases by longest match, plus durations and frequencies, in text order."""
        phrases: list[_Span] = []
        i, n = 0, len(words)
        while i < n:
            w = words[i]
            best: tuple[Phrase, tuple[tuple[str, object], ...]] | None = None
            for phrase, tags in reader.index.get(w, ()):
                if words[i:i + len(phrase)] == phrase:
                    best = (phrase, tags)
                    break
            if best is None or (i and w in _KIND and words[i - 1] in _KIND_OF) or (
                    w == _ONCE and i + 2 < n and words[i + 1] in _SUBJECTS
                    and words[i + 2] not in self.vocab.units) or (
                    w == _EITHER and _OR in words[i + 1:_clause_end(words, i)]):
                # "this kind of audit" is no hedge, "once a company signs" no single visit,
                # "it either works or it doesn't" no "both"
                i += 1
                continue
            phrases.append(_Span(i, i + len(best[0]), best[1]))
            i += len(best[0])
        covered = {k for p in phrases for k in range(p.start, p.end)}
        for k in range(len(words) - 1):  # "40% come back", "90 percent stay": a share
            if words[k + 1] == _PERCENT and k + 1 not in covered and words[k][0].isdigit():
                share = float(words[k]) if words[k].replace(".", "", 1).isdigit() else 0.0
                level = "most" if share >= 70 else "part" if share >= 25 else "none"
                phrases.append(_Span(k, k + 2, (("amount", level),)))
        phrases.sort(key=lambda sp: sp.start)
        if not reader.uses_time:
            return phrases
        times = self._times(words, plural)
        if not times:
            return phrases
        kept = [p for p in phrases if not any(
            p.start < t.end and t.start < p.end and not (
                p.start <= t.start and t.end <= p.end and (
                    p.end - p.start > t.end - t.start or t.tags[0][0] == "per_item"))
            for t in times)]
        times = [t for t in times if not any(
            p.start <= t.start and t.end <= p.end for p in kept)]
        return sorted(kept + times, key=lambda s: s.start)

    def _number(self, word: str) -> float | None:
        if word[0].isdigit():
            try:
                return float(word)
            except ValueError:
                return None
        return self.vocab.numbers.get(word)

    def _times(self, words: tuple[str, ...], plural: tuple[bool, ...]) -> list[_Span]:
        """Durations ("7 years", "12 to 18 months") and periods ("every week", "twice a
        year", "quarterly") as spans tagged with their length in days."""
        v = self.vocab
        out: list[_Span] = []
        for i, w in enumerate(words):
            if w == "by" and i + 2 < len(words) and words[i + 1] == "the" and (
                    words[i + 2] not in v.units and words[i + 2].isalpha()
                    and words[i + 2] not in v.fillers):
                out.append(_Span(i, i + 3, (("per_item", 1.0),)))  # "by the session"
                continue
            if w in _PER_ITEM and i + 1 < len(words) and words[i + 1] not in v.units and (
                    words[i + 1] not in v.every and words[i + 1].isalpha()
                    and words[i + 1] not in v.fillers):
                out.append(_Span(i, i + 2, (("per_item", 1.0),)))  # "per load", "each job"
                continue
            if w in v.every:
                out.append(_Span(i, i + 1, (("period", v.every[w]),)))
                continue
            unit = v.units.get(w)
            if unit is None:
                continue
            prev = words[i - 1] if i else ""
            prev2 = words[i - 2] if i > 1 else ""
            # "once a week", "3 times a month", "twice per year": so many times per unit
            if prev in _PER and i > 1:
                count = _COUNTS.get(prev2)
                start = i - 2
                if prev2 in _TIMES and i > 2:
                    count = self._number(words[i - 3]) or 3.0
                    start = i - 3
                elif count is None and i > 2 and (n3 := self._number(words[i - 3])) and (
                        prev2 not in v.units and words[i - 3] not in ("a", "an")):
                    count, start = n3, i - 3  # "several calls a week", "2 sessions a month"
                if count is not None:
                    if start > 1 and words[start - 1] == "or" and (  # "once or twice a year"
                            words[start - 2] in _COUNTS or self._number(words[start - 2])):
                        start -= 2
                    out.append(_Span(start, i + 1, (("period", unit / count),)))
                    continue
                if prev == "per" or (prev2 and (prev2[0].isdigit() or prev2 in v.numbers)):
                    out.append(_Span(i - 1, i + 1, (("period", unit),)))
                    continue
            if prev == "per":
                out.append(_Span(i - 1, i + 1, (("period", unit),)))
                continue
            # numbers before the unit: "7", "12 to 18", "a couple of", "a few", "several"
            nums: list[float] = []
            j = i - 1
            while j >= 0 and i - j <= 5:
                num = self._number(words[j])
                if num is not None:
                    nums.append(num)
                elif words[j] not in _BETWEEN_NUMBERS:
                    break
                j -= 1
            start = j + 1
            if start > 0 and words[start - 1] in _EVERY:
                n = nums[0] if nums else 1.0
                out.append(_Span(start - 1, i + 1, (("period", n * unit),)))
                continue
            if nums:
                # "12 to 18 months": the middle; "a couple of months": the last number said
                count = sum(nums) / len(nums) if len(nums) > 1 and words[start] != "a" else (
                    nums[0])
                out.append(_Span(start, i + 1, (("duration", count * unit),)))
            elif plural[i] or (w.endswith("s") and len(w) <= 4):  # "years", "yrs", "mins"
                out.append(_Span(i, i + 1, (("duration", 2 * unit),)))
        return out

    def _signals(self, reader: _DimReader, words: tuple[str, ...], raw: tuple[str, ...],
                 spans: list[_Span], stated: bool) -> tuple[list[_Signal], bool, set[int]]:
        """Every signal for an option, with negation and amounts applied; whether the answer
        is a guess; the groups said to be most of the people ("most stay for years")."""
        v, dv = self.vocab, reader.dv
        signals: list[_Signal] = []
        uncertain = False
        most_groups: set[int] = set()
        opening = True  # no span but "maybe"/"probably" read yet
        neg_starts = {p[:1] for p in v.negators}
        neg_starts_w = {p[0] for p in v.negators}
        negator_seen = False
        clause_no = 0  # counts clauses and groups ("... but ...")
        mark = 0  # the clause (between punctuation) the last span stood in
        state = _Clause()
        clause_words = _clause_ids(words)

        def text_of(span: _Span) -> str:
            return " ".join(raw[span.start:span.end])

        def reach(since: int, upto: int) -> int:
            return sum(1 for k in range(since, upto) if words[k] not in v.fillers)

        def close() -> None:
            if (state.neg_end >= 0 and not state.comparative and not stated
                    and not state.fallback and (state.amount is None or (
                        not state.amount_used and state.neg_end > state.amount[1]))
                    and not any(s.clause == clause_no for s in signals)
                    and sum(1 for k in clause_words if k == mark) <= 3):
                # "switching is a nightmare, they won't": a short clause that only says no;
                # "a few stay, lots don't": so many people say no
                opt = reader.resolve(dv.no)
                origin: OptionSide | None = None
                if opt is not None and state.amount is not None:
                    state.amount_used = True
                    level = state.amount[0]
                    if level == "none":
                        opt = reader.opposite(opt)
                    elif level == "part" and reader.middle is not None:
                        origin, opt = option_side(opt.score), reader.middle
                    elif level == "most":
                        most_groups.add(clause_no)
                if opt is not None:
                    where = [k for k in range(len(raw))
                             if clause_words[k] == mark and raw[k] != BREAK]
                    signals.append(_Signal(opt, SURE, " ".join(raw[k] for k in where), clause_no,
                                           origin, at=(where[0], where[-1] + 1)))
            signals.extend(state.fallback)
            if state.amount is not None and not state.amount_used:
                signals.extend(_alone(reader, state.amount, clause_no))

        def emit(opt: Option | None, weight: float, span: _Span, timed: bool = False,
                 people: bool = False) -> None:
            if opt is None:
                return
            negated = False
            # a negator or an amount reaches every cue of its verb phrase ("very few would
            # leave", "they wouldn't switch or move")
            if state.neg_end >= 0 and reach(state.neg_end, span.start) <= (
                    state.neg_reach or v.negation_reach) and (
                    words[span.start:span.start + 1] not in neg_starts) and not (
                    timed and state.comparative) and opt.id != state.neg_cue:
                # (a cue that starts with a negator has it already: "won't ... without asking";
                # and "nothing between orders" is not turned around by its own "nothing")
                negated = True
                state.fallback.clear()
            origin: OptionSide | None = None
            amount = state.amount
            said = text_of(span)
            if amount is not None and reach(amount[1], span.start) <= AMOUNT_REACH:
                first_use = not state.amount_used
                state.amount_used = True
                said = f"{amount[2]} … {said}"
                if amount[0] == "most":
                    most_groups.add(clause_no)
                if amount[0] == "none":
                    negated = not negated
                elif amount[0] == "part" and abs(opt.score) > 0.33 and not negated:
                    origin = option_side(opt.score)
                    if reader.middle is None:
                        return
                    opt = reader.middle
                    # "some of them are friends after 15 years": one part, one middle signal
                    weight = weight if first_use else 0.0
            if negated:
                said = f"not … {said}"
                flipped = reader.opposite(opt)
                if flipped is None:
                    return
                opt = flipped
            signals.append(_Signal(opt, weight, said, clause_no, origin, people,
                                   (span.start, span.end)))

        shortest = min((float(t[1]) for sp in spans for t in sp.tags  # type: ignore[arg-type]
                        if t[0] == "period"), default=0.0)
        for n, span in enumerate(spans):
            if clause_words[span.start] != mark:
                close()
                mark = clause_words[span.start]
                clause_no += 1
                state = _Clause()
            kinds = dict(span.tags)
            if "dont_know" in kinds:  # "no idea", "don't know": says nothing, negates nothing
                nxt = spans[n + 1] if n + 1 < len(spans) else None
                if nxt is not None and words[span.start] in neg_starts_w and all(
                        words[k] in v.fillers for k in range(span.end, nxt.start)) and any(
                        t == "cue" for t, _ in nxt.tags):
                    # "I don't know them by name": "don't" negates the cue right after it
                    state.neg_end, state.comparative = span.end, False
                continue
            if "lacking" in kinds:  # "loyalty is low": the cue just before is turned around
                last = signals[-1] if signals else None
                if last is not None and last.clause == clause_no and last.origin is None:
                    flipped = reader.opposite(last.option)
                    if flipped is not None:
                        signals[-1] = _Signal(flipped, last.weight, f"{last.words} {text_of(span)}",
                                              clause_no)
                continue
            if "contrast" in kinds:
                close()
                most_groups.add(-1 - clause_no)  # (negative: groups set apart by "but" etc.)
                clause_no += 1
                most_groups.add(-1 - clause_no)
                state = _Clause()
                continue
            if "uncertain" in kinds:
                uncertain = True
                if len(kinds) == 1:
                    continue
            first, opening = opening, False
            prev = spans[n - 1] if n else None
            if "amount" in kinds and "neg" not in kinds and prev and (
                    prev.end == span.start and any(t in ("cue", "middle") for t, _ in prev.tags)):
                continue  # "varies a lot", "rely on us a lot": an intensifier, not a new signal
            if not stated and ("yes" in kinds or "no" in kinds) and _modal_end(
                    words, span) and not (first and _opens(words, span, spans[:n], v.fillers)) \
                    and not (prev is not None and prev.end == span.start
                                          and "amount" in dict(prev.tags)):
                # "about half would": amounts and negators apply ("some of them would" is said)
                emit(reader.resolve(dv.yes if "yes" in kinds else dv.no), SURE, span)
                continue
            if first and not stated and ("yes" in kinds or "no" in kinds) and _opens(
                    words, span, spans[:n], v.fillers) and _said_alone(words, span, kinds,
                                                                       neg_starts):
                opt = reader.resolve(dv.yes if "yes" in kinds else dv.no)
                if opt is not None:
                    signals.append(_Signal(opt, SURE, text_of(span), clause_no))
                    continue
            if "middle" in kinds and reader.middle is not None:  # "both", "it depends"
                signals.append(_Signal(reader.middle, MIDDLE_WEIGHT, text_of(span), clause_no))
                continue
            if "group" in kinds and "cue" not in kinds:
                if not stated:  # who the people are says little about one dimension by itself
                    emit(*cast(tuple[Option, float], kinds["group"]), span, people=True)
                continue
            if "cue" in kinds:
                for tag, value in span.tags:
                    if tag == "cue":
                        cue_opt, cue_weight = cast(tuple[Option, float], value)
                        emit(cue_opt, cue_weight, span, people="group" in kinds)
                if "neg" in kinds or (words[span.start:span.start + 1] in neg_starts
                                      and span.end - span.start > 1):
                    # "no two ... are the same", "nobody asks my opinion": a cue that opens
                    # with a negator negates what follows too
                    state.neg_end, state.comparative = span.end, False
                    state.neg_cue = None if "neg" in kinds else next(
                        cast(tuple[Option, float], t[1])[0].id for t in span.tags if t[0] == "cue")
                continue
            if "per_item" in kinds:  # only suggests: "a monthly per-user fee" is a subscription
                emit(reader.per_other, WEIGHT_WEAK, span)
                continue
            if "period" in kinds and float(kinds["period"]) > shortest:  # type: ignore[arg-type]
                continue  # how often they are in touch: the most frequent contact said
            if "duration" in kinds or "period" in kinds:
                is_dur = "duration" in kinds
                rule = _rule(dv.durations if is_dur else dv.periods,
                             float(kinds["duration" if is_dur else "period"]),  # type: ignore[arg-type]
                             words[max(0, span.start - 6):span.end + 4])
                if rule is not None:
                    emit(reader.resolve(rule.option), SURE if rule.sure else GUESS, span, True)
                continue
            if "middle" in kinds and reader.middle is not None:
                signals.append(_Signal(reader.middle, MIDDLE_WEIGHT, text_of(span), clause_no))
                continue
            if "freq" in kinds and not ("amount" in kinds and span.end < len(words) and (
                    words[span.end] == "of" or words[span.end] in neg_starts_w)):
                # ("lots of people", "a few stay, lots don't": an amount)
                opt = reader.resolve(dv.frequencies.get(str(kinds["freq"])))
                if "neg" in kinds:  # "never", "hardly": a negator, or a frequency on its own
                    state.neg_end = span.end
                    if opt is not None:
                        state.fallback.append(_Signal(opt, SURE, text_of(span), clause_no))
                    continue
                emit(opt, SURE, span)
                continue
            if "amount" in kinds:
                level = str(kinds["amount"])
                if state.neg_end >= 0 and "neg" not in kinds and (
                        reach(state.neg_end, span.start) <= v.negation_reach):
                    # "not massively", "not most": the amount is what is denied
                    level = _NEGATED_AMOUNT[level]
                    state.neg_end = -1
                    state.fallback.clear()
                if "neg" in kinds and level != "none":  # "none" turns around by itself
                    state.neg_end = span.end
                if level == "most":
                    most_groups.add(clause_no)
                if state.amount is not None and not state.amount_used:
                    close_amount = state.amount  # an earlier amount on its own ("a few, ...")
                    state.amount = None
                    state.fallback.extend(_alone(reader, close_amount, clause_no))
                state.amount = (level, span.end, text_of(span))
                state.amount_used = False
                continue
            if "comp" in kinds:  # "a collaboration rather than a sale"
                state.neg_end, state.comparative = span.end, True
                continue
            if "neg" in kinds or "no" in kinds:  # "they wouldn't", not said on its own
                if words[span.start:span.end] == _WITHOUT and state.neg_end >= 0 and not (
                        state.comparative) and reach(state.neg_end, span.start) <= v.negation_reach:
                    # "won't decide without running it past me": two negations, a yes
                    state.neg_end = -1
                    state.fallback.clear()
                    continue
                state.neg_end, state.comparative = span.end, False
                state.neg_cue = None
                # "without" only reaches its object: "without a single error all year"
                state.neg_reach = 1 if words[span.start:span.end] == _WITHOUT else 0
                negator_seen = True
        close()
        content = [w for w in words if w != BREAK]
        if not signals and negator_seen and not stated and len(content) <= BARE_NO_WORDS and (
                content[0] not in _NOT_A_NO):
            # "they wouldn't", "I don't think they would": a bare no (not "lost without us")
            opt = reader.resolve(dv.no)
            if opt is not None:
                signals.append(_Signal(opt, SURE, " ".join(raw), clause_no))
        if not stated:
            signals = _conclude(reader, signals, words, clause_words)
        return signals, uncertain, most_groups

    def _decide(self, reader: _DimReader, signals: list[_Signal], uncertain: bool,
                most: set[int], fixed: frozenset[int] = frozenset()
                ) -> AnswerReading:
        did = reader.dim.id
        if not signals:
            return AnswerReading(did, "unread")
        mid = reader.middle
        signals = _detail_parts(signals)
        if mid is not None:
            dropped = _minor_side(signals, {g for g in most if g >= 0})
            if dropped is not None:  # "some come back, but most we never see again"
                signals = [s for s in signals
                           if option_side(s.option.score) != dropped and s.origin != dropped]
                # the majority's end is a fair guess, but "a mix" may be what was meant
                uncertain = True
            elif groups := _two_groups(signals, {-1 - g for g in most if g < 0}):
                why = tuple(dict.fromkeys(s.words for s in signals))
                # two groups only inferred from words that disagree: ask before recording
                return AnswerReading(did, "read" if groups == "said" else "confirm", mid.id,
                                     option_side(mid.score), why)
        totals: dict[str, float] = {}
        for s in signals:
            totals[s.option.id] = totals.get(s.option.id, 0.0) + s.weight
        # (a tie between an end and the middle proposes the middle: "a standard core with
        # extras")
        ranked = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0] != (mid and mid.id)))
        best_id, best = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        opt = reader.by_id[best_id]
        why = tuple(dict.fromkeys(s.words for s in signals if s.option.id == best_id))
        side = option_side(opt.score)
        if best < GUESS:
            return AnswerReading(did, "unread")
        # an end of the scale read against words pointing elsewhere needs a clear lead
        against = sum(s.weight for s in signals if s.option.id != best_id)
        margin = MARGIN if side == "mixed" or against == 0 else CONTESTED_MARGIN
        # an end read while another group of the answer takes the middle ("the big accounts
        # weekly, the small ones only when they call"): two groups, maybe; ask first
        won = {s.clause for s in signals if s.option.id == best_id}
        split = side != "mixed" and any(
            s.clause not in won and s.weight > 0 and option_side(s.option.score) != side
            for s in signals)
        sure = best >= SURE and best - second >= margin and not (
            uncertain and side != "mixed") and not split and not _thin(
            [s for s in signals if s.option.id == best_id and s.weight > 0], fixed)
        return AnswerReading(did, "read" if sure else "confirm", opt.id, side, why)


def _thin(support: list[_Signal], fixed: frozenset[int]) -> bool:
    """Whether a reading rests only on risky typo corrections ("sme" read as "same" or
    "some"): a silent misreading is the worst outcome, so it is confirmed first."""
    placed = [s for s in support if s.at[0] >= 0]
    return bool(placed) and len(placed) == len(support) and all(
        all(k in fixed for k in range(*s.at)) for s in placed)


def _alone(reader: _DimReader, amount: tuple[str, int, str], clause: int) -> list[_Signal]:
    """An amount said on its own ("a few", "most of them"): the dimension's option for it."""
    opt = reader.resolve(reader.dv.alone.get(amount[0]))
    return [] if opt is None else [_Signal(opt, SURE, amount[2], clause)]


def _group_sides(signals: list[_Signal]) -> dict[int, dict[str, float]]:
    groups: dict[int, dict[str, float]] = {}
    for s in signals:
        side = option_side(s.option.score)
        g = groups.setdefault(s.clause, {})
        g[side] = g.get(side, 0.0) + s.weight
    return groups


def _winner(weights: dict[str, float], least: float = SURE) -> str | None:
    """The key with the most weight, if it has `least` and leads the next by MARGIN."""
    ranked = sorted(weights.items(), key=lambda kv: -kv[1])
    if ranked[0][1] < least or (len(ranked) > 1 and ranked[0][1] - ranked[1][1] < MARGIN):
        return None
    return ranked[0][0]


def _detail_parts(signals: list[_Signal]) -> list[_Signal]:
    """A part of one end that only adds detail to an answer at that same end ("years and
    years, some since 2004") supports that end, not the middle."""
    origins = {s.origin for s in signals if s.origin is not None}
    if len(origins) != 1 or any(s.origin is None and s.option.score == 0 and s.weight > 0
                                for s in signals):
        return signals
    end = origins.pop()
    ends = {option_side(s.option.score) for s in signals if s.origin is None}
    part_clauses = {s.clause for s in signals if s.origin is not None}
    if ends != {end} or not any(s.clause not in part_clauses for s in signals
                                if s.origin is None):
        return signals
    return [s for s in signals if s.origin is None]


def _minor_side(signals: list[_Signal], most: set[int]) -> str | None:
    """The end only "some" or "a few" speak for, when a group at the other end is "most" of
    the people ("a few come back, but most we never see again"), else None."""
    parts = {s.origin for s in signals if s.origin is not None}
    for g, sides in _group_sides(signals).items():
        w = _winner(sides)
        if g in most and w in ("client", "customer"):
            other = "customer" if w == "client" else "client"
            if other in parts:
                return other
    return None


def _two_groups(signals: list[_Signal], contrasted: set[int]) -> str | None:
    """Whether an answer speaks of two groups at the two ends of the scale, or of two groups
    that each take another option that is not the middle ("retainer for big clients, per
    project for small ones"): "said", "inferred" (only a guess worth confirming) or None."""
    ends = {option_side(s.option.score) for s in signals if s.weight > 0}
    if {"client", "customer"} <= ends and any(s.weight >= MIDDLE_WEIGHT and s.option.score == 0
                                              for s in signals):
        return "said"  # "a bit of both, quick wins and long-term results"
    won: set[str] = set()
    options: dict[int, dict[str, float]] = {}
    for s in signals:
        if abs(s.option.score) > 0.33:
            by_option = options.setdefault(s.clause, {})
            by_option[s.option.id] = by_option.get(s.option.id, 0.0) + s.weight
    people = {s.clause for s in signals if s.people} | contrasted
    for clause, sides in _group_sides(signals).items():
        # a group named by who they are ("regulars on weekdays"), or set against another by
        # "but", "while"..., needs less to count
        w = _winner(sides, GUESS if clause in people else SURE)
        if w is not None:
            won.add(w)
    if {"client", "customer"} <= won:
        return "said"
    picked = {w for weights in options.values() if (w := _winner(weights)) is not None}
    if len(picked) > 1:
        # two options for no named group ("day rate, invoiced weekly"): a guess to confirm
        return "said" if people else "inferred"
    total = {"client": 0.0, "customer": 0.0}
    part = {"client": 0.0, "customer": 0.0}
    for s in signals:
        side = option_side(s.option.score)
        if side in total:
            total[side] += s.weight
        if s.origin in part:
            part[s.origin] += s.weight
    groups = _group_sides(signals)
    if len(groups) > 1:
        # "some regulars we know well, but lots of one-off tourists": a part of one end in one
        # group, the other end winning another
        for g, sides in groups.items():
            w = _winner(sides)
            if w in ("client", "customer") and any(
                    s.origin is not None and s.origin != w and s.clause != g for s in signals):
                return "said"
    strong, weak = max(total.values()), min(total.values())
    if weak >= SURE and weak >= TWO_GROUPS * strong:
        return "said"
    # "some stay for years, others cancel after a month": a part of one end, the other end
    if any(part[a] > 0 and 0 < total[b] <= 1.5 * part[a] + 0.5
           for a, b in (("client", "customer"), ("customer", "client"))):
        return "said"
    return None


def _clause_start(words: tuple[str, ...], clause_words: list[int], c: int) -> Phrase:
    """The first two words of clause `c` (word clauses, between punctuation)."""
    idx = [k for k, n in enumerate(clause_words) if n == c and words[k] != BREAK]
    return tuple(words[k] for k in idx[:2])


def _conclude(reader: _DimReader, signals: list[_Signal], words: tuple[str, ...],
              clause_words: list[int]) -> list[_Signal]:
    """A last clause that concludes ("a roof lasts twenty years, so once, really"; "...,
    so no") is the answer; a clause that restricts what came before ("they trust us on the
    technical side, not on pricing") makes it the middle option."""
    placed = [s for s in signals if s.at[0] >= 0]
    if not placed:
        return signals
    last = clause_words[-1] if clause_words else 0
    for c in range(last, 0, -1):
        start = _clause_start(words, clause_words, c)
        if start[:1] in _CONCLUDE or start in _CONCLUDE:
            # (a short verdict: "so no", "so once, really"; a long "so ..." explains)
            if sum(1 for k in clause_words if k == c) <= 4 and any(
                    clause_words[s.at[0]] >= c for s in placed):
                return [s for s in signals if s.at[0] < 0 or clause_words[s.at[0]] >= c]
            break
    for c in range(1, last + 1):
        start = _clause_start(words, clause_words, c)
        if start in _RESTRICT and reader.middle is not None and any(
                clause_words[s.at[0]] < c and abs(s.option.score) > 0.33 for s in placed):
            kept = [s for s in signals if s.at[0] < 0 or clause_words[s.at[0]] != c]
            return [*kept, _Signal(reader.middle, MIDDLE_WEIGHT, " ".join(start) + " …",
                                   kept[-1].clause if kept else 0)]
    return signals


def _opens(words: tuple[str, ...], span: _Span, before: list[_Span],
           fillers: frozenset[str]) -> bool:
    """Whether a yes or no opens the answer (only fillers or hedges before it): "for the big
    decisions yes, ..." is not a yes to the question."""
    return not any(words[k] not in fillers and words[k] != BREAK
                   and not any(sp.start <= k < sp.end for sp in before)  # ("probably yes")
                   for k in range(span.start))


def _said_alone(words: tuple[str, ...], span: _Span, kinds: dict[str, object],
                neg_starts: set[Phrase]) -> bool:
    """Whether an opening yes or no is the answer itself, not part of what follows."""
    after = words[span.end] if span.end < len(words) else BREAK
    if after == BREAK or after in _PRONOUNS:
        return True
    if "yes" in kinds:  # "yes in a second", not "would not"
        return (after,) not in neg_starts
    if words[span.start:span.end] not in _INTERJECTIONS and ("neg" in kinds or "freq" in kinds):
        return False  # "never really leave", "hardly ever switch": a negator
    # only a bare "no" may belong to what follows ("no relationship"): "nah all standard" is a no
    return words[span.start:span.end] != ("no",)


def _modal_end(words: tuple[str, ...], span: _Span) -> bool:
    """A "would" or "wouldn't" that ends a clause after its subject: "the price-sensitive ones
    would, the loyal ones wouldn't" answers yes for one group and no for the other."""
    return (span.end - span.start == 1 and words[span.start] in _MODALS and span.start > 1
            and BREAK not in words[span.start - 2:span.start]  # a subject of two words or more
            and (span.end >= len(words) or words[span.end] == BREAK))


def _clause_end(words: tuple[str, ...], i: int) -> int:
    """Where the clause that holds word `i` ends."""
    for k in range(i, len(words)):
        if words[k] == BREAK:
            return k
    return len(words)


def _clause_ids(words: tuple[str, ...]) -> list[int]:
    """Each word's clause number (clause marks start a new clause)."""
    out: list[int] = []
    n = 0
    for w in words:
        if w == BREAK:
            n += 1
        out.append(n)
    return out


def _rule(rules: tuple[Rule, ...], days: float, near: tuple[str, ...]) -> Rule | None:
    """The first rule that fits a length in days (a rule `with` words needs one nearby)."""
    for rule in rules:
        if rule.up_to is not None and days > rule.up_to:
            continue
        if rule.with_words and not _has_phrase(near, rule.with_words):
            continue
        return rule
    return None


def _has_phrase(words: tuple[str, ...], phrases: frozenset[Phrase]) -> bool:
    for i in range(len(words)):
        for p in phrases:
            if words[i:i + len(p)] == p:
                return True
    return False


def _shared_start(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n
