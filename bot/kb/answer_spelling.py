"""Typo fixes for typed answers: a word no knowledge uses becomes the vocabulary word meant."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.kb.answer_index import DimReader
from bot.kb.answer_vocab import TOKEN, AnswerVocab, fold_answer, word_form
from bot.kb.answer_words import shared_start
from bot.kb.model import KnowledgeBase

MAX_FIXES = 50_000  # remembered fixes (bounds the memory a stream of junk can take)


class Speller:
    """Fixes misspelt words against the reader's vocabulary."""

    def __init__(
        self, kb: KnowledgeBase, vocab_words: frozenset[str], plain_words: frozenset[str]
    ) -> None:
        self.kb = kb
        self.vocab_words = vocab_words
        self._plain = plain_words
        self._by_letter: dict[str, list[str]] = {}
        for w in sorted(vocab_words):
            if len(w) >= 3 and w.isalpha():
                self._by_letter.setdefault(w[0], []).append(w)
        self._known: frozenset[str] | None = None
        self._fixes: dict[str, str] = {}

    def known_words(self) -> frozenset[str]:
        """Words the knowledge base uses anywhere: never "corrected" (built when first needed)."""
        if self._known is None:
            names = [n for ind in self.kb.industries for n in (ind.name, *ind.aliases)]
            names += [cue.phrase for cue in self.kb.cues]
            # one pass over all the text, then each distinct word once
            raw = set(TOKEN.findall(fold_answer(" | ".join(names))))
            # (a stem of three letters is no word: "timing" must not make "tim" known)
            stems = {f for w in raw if len(f := word_form(w)) > 3 or f == w}
            self._known = frozenset(self.vocab_words | self._plain | stems)
        return self._known

    def fix(self, word: str) -> str:
        """A misspelt word as the vocabulary word one or two edits away, if there is one."""
        if len(word) < 3 or word in self.vocab_words or not word.isalpha():
            return word
        fixed = self._fixes.get(word)
        if fixed is not None:
            return fixed
        fixed = word if word in self.known_words() else self._nearest(word)
        if len(self._fixes) < MAX_FIXES:
            self._fixes[word] = fixed
        return fixed

    def _nearest(self, word: str) -> str:
        """The closest vocabulary word with the same first letter (the word itself if none)."""
        cutoff = 1 if len(word) < 8 else 2
        found = process.extract(
            word,
            self._by_letter.get(word[0], ()),
            scorer=OSA.distance,
            score_cutoff=cutoff,
            limit=8,
        )
        if len(word) == 3:  # "sme", "bth": only a dropped letter
            found = [f for f in found if len(f[0]) == 4]
        if not found:
            return word
        # equal distances: the longer shared start wins ("mixd" is "mixed", not "mind")
        return min(
            found, key=lambda f: (f[1], -shared_start(word, f[0]), abs(len(f[0]) - len(word)))
        )[0]


def vocab_words(vocab: AnswerVocab, readers: Iterable[DimReader]) -> frozenset[str]:
    """Every word the answer vocabulary uses (typos are fixed towards these)."""
    words: set[str] = set(vocab.numbers) | set(vocab.units) | set(vocab.every) | vocab.fillers
    for reader in readers:
        for entries in reader.index.values():
            for phrase, _ in entries:
                words.update(phrase)
        for phrase in reader.exact:
            words.update(phrase)
    return frozenset(words)
