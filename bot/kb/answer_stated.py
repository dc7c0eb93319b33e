"""Answers a business description states: its statements, and which dimension's topic each
names (for `AnswerReader.stated`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from bot.kb.answer_vocab import BREAK, AnswerVocab, Phrase

Words = tuple[tuple[str, ...], tuple[str, ...], tuple[bool, ...]]
Piece = tuple[int, int]
Topic = tuple[int, int, frozenset[str]]  # start, end, the dimensions it names
DECOY = ""  # the owner of a topic decoy ("stay open"): no dimension
HIDDEN = "_"  # a word blanked out: no phrase uses it


def clauses(words: tuple[str, ...]) -> list[Piece]:
    """Where each clause (between punctuation) starts and ends."""
    bounds = [i for i, w in enumerate(words) if w == BREAK]
    out: list[Piece] = []
    start = 0
    for b in [*bounds, len(words)]:
        if b > start:
            out.append((start, b))
        start = b + 1
    return out


def pieces(
    words: tuple[str, ...],
    vocab: AnswerVocab,
    keep: Callable[[int, int], bool],
) -> list[Piece]:
    """The clauses of a description that `keep` accepts, each cut again at the words that join
    two statements, and ended where a concession starts ("even if someone quoted cheaper")."""
    out: list[Piece] = []
    for start, end in filter(lambda c: keep(*c), clauses(words)):
        cuts = [i for i in range(start + 1, end - 1) if words[i] in vocab.joins]
        for s, e in zip([start, *(c + 1 for c in cuts)], [*cuts, end], strict=True):
            e = next((i for i in range(s, e) if _opens(words[i:e], vocab.concessive)), e)
            if e > s:
                out.append((s, e))
    return out


def _opens(words: tuple[str, ...], phrases: frozenset[Phrase]) -> bool:
    return any(words[: len(p)] == p for p in phrases)


def with_partners(
    picked: list[int], ranges: list[Piece], words: tuple[str, ...], links: frozenset[Phrase]
) -> list[Piece]:
    """The picked statements and, for two groups, their partners: a statement opening with a
    group link ("the rest", "others") is read with the one before it."""
    linked = [_opens(words[s:e], links) for s, e in ranges]
    keep = set(picked)
    keep |= {k - 1 for k in picked if k and linked[k]}
    keep |= {k + 1 for k in picked if k + 1 < len(ranges) and linked[k + 1]}
    return [ranges[k] for k in sorted(keep)]


def select(typed: Words, picked: list[Piece], hidden: frozenset[int] = frozenset()) -> Words:
    """Only the picked pieces of a description, each ended by a clause mark; `hidden` words
    (another dimension's topic) are blanked, so they are no evidence here."""
    words, raw, plural = typed
    sel: list[int] = []
    for s, e in picked:
        sel.extend([*range(s, e), -1])
    return (
        tuple(BREAK if i < 0 else HIDDEN if i in hidden else words[i] for i in sel),
        tuple(BREAK if i < 0 else HIDDEN if i in hidden else raw[i] for i in sel),
        tuple(False if i < 0 else plural[i] for i in sel),
    )


def topic_table(
    topics: Mapping[str, frozenset[Phrase]], decoys: frozenset[Phrase]
) -> dict[Phrase, frozenset[str]]:
    """Topic phrase -> the dimensions it names (a decoy names none)."""
    table: dict[Phrase, set[str]] = {p: {DECOY} for p in decoys}
    for did, phrases in topics.items():
        for p in phrases:
            table.setdefault(p, set()).add(did)
    return {p: frozenset(d) for p, d in table.items()}


def topic_spans(
    words: tuple[str, ...], start: int, table: Mapping[Phrase, frozenset[str]]
) -> list[Topic]:
    """The topic phrases a statement (`words`, from position `start`) names, with their
    dimensions. A topic phrase inside a longer one of another dimension or a decoy is not
    named: "stay" in "stay in touch" (communication), "stay loyal" (loyalty) or "stay open"
    (nobody) is no stay with the business."""
    found = [
        (i, len(p), dims)
        for i in range(len(words))
        for p, dims in table.items()
        if words[i : i + len(p)] == p
    ]
    return [
        (start + i, start + i + n, dims)
        for i, n, dims in found
        if not any(
            j <= i and i + n <= j + m and m > n and not dims <= others for j, m, others in found
        )
    ]


def hidden_for(
    own: frozenset[str], spans: list[Topic], words: tuple[str, ...], frame: frozenset[str]
) -> frozenset[int]:
    """Words of a phrase that names another dimension's topic (or a decoy) and not this one's:
    in a description they are that dimension's evidence ("depend on us" is reliance, not "it
    depends"; "stay loyal" no stay). `own`: the dimension and those it borrows cues from. Only
    phrases of two or more words that open with a content word: one opening with a function
    word (`frame`, or two letters: "on a monthly", "for each") is a frame other words share."""
    return frozenset(
        k
        for s, e, dims in spans
        if not own & dims and e - s > 1 and words[s] not in frame and len(words[s]) > 2
        for k in range(s, e)
    )
