"""Lint: problems that parse fine but would make the advisor answer badly (KnowledgeError)."""

from __future__ import annotations

from collections import defaultdict

from bot.core.errors import KnowledgeError, Location
from bot.kb.cues import phrase_words
from bot.kb.locations import Locations
from bot.kb.model import Dimension, Industry, KnowledgeBase
from bot.kb.normalize import fold, match_tokens, strip_filler, words

MAX_ID = 40
MAX_NAME = 60
MAX_OPTION_ID = 12
MAX_BUTTON = 30


def _err(errors: list[KnowledgeError], message: str, loc: Location | None, hint: str) -> None:
    errors.append(KnowledgeError(message, loc, hint=hint))


def lint(kb: KnowledgeBase, where: Locations) -> list[KnowledgeError]:
    """Every lint problem of a parsed knowledge base."""
    errors: list[KnowledgeError] = []
    _lint_industries(kb, where, errors)
    _lint_dimensions(kb, where, errors)
    _lint_faq(kb, where, errors)
    return errors


def _lint_industries(kb: KnowledgeBase, where: Locations, errors: list[KnowledgeError]) -> None:
    owners: dict[tuple[str, ...], list[tuple[str, str]]] = defaultdict(list)
    for ind in kb.industries:
        loc = where.get("industry", ind.id)
        if len(ind.id) > MAX_ID:
            _err(
                errors,
                f"industry id '{ind.id}' is longer than {MAX_ID} characters",
                loc,
                "shorten it",
            )
        if len(ind.name) > MAX_NAME:
            _err(
                errors,
                f"name of '{ind.id}' is longer than {MAX_NAME} characters",
                loc,
                "shorten it: it is shown on a button",
            )
        if not match_tokens(ind.name):
            _err(errors, f"name of '{ind.id}' has no matchable words", loc, "use real words")
        _lint_aliases(ind, where, errors, owners)
    _lint_shared_aliases(kb, where, errors, owners)


def _lint_aliases(
    ind: Industry,
    where: Locations,
    errors: list[KnowledgeError],
    owners: dict[tuple[str, ...], list[tuple[str, str]]],
) -> None:
    """One industry's aliases; each distinct one is recorded in `owners`."""
    loc = where.get("industry", ind.id)
    # Variants that normalise alike ("barbers", "I am a barber") are fine within one
    # industry; the same alias written twice is a slip.
    seen_text: set[str] = {ind.name.strip().lower()}
    seen_key: set[tuple[str, ...]] = set()
    for n, alias in enumerate((ind.name, *ind.aliases)):
        key = match_tokens(alias)
        aloc = where.get("alias", ind.id, alias) or loc
        if n and alias.strip().lower() in seen_text:
            _err(
                errors,
                f"alias '{alias}' of '{ind.id}' is listed twice",
                aloc,
                "remove the duplicate",
            )
        seen_text.add(alias.strip().lower())
        if not key:
            _err(
                errors,
                f"alias '{alias}' of '{ind.id}' has no matchable words",
                aloc,
                "use words, not only emoji or filler",
            )
            continue
        if n and len(key) == 1 and (lost := _lost_words(alias)):
            _err(
                errors,
                f"alias '{alias}' of '{ind.id}' keeps only '{key[0]}' once small words are "
                f"dropped ({', '.join(lost)}), so any text with that word matches it whole",
                aloc,
                "add the trade's own word ('pick your own farm') or remove the alias",
            )
        if key not in seen_key:
            seen_key.add(key)
            owners[key].append((ind.id, alias))


# Small words an alias may lose without changing what it names: a head at its end ("courier
# company"), glue anywhere, the owner's voice
_HEAD_WORDS = frozenset(("company", "business", "firm"))
_GLUE = frozenset(("for", "of", "the", "a", "an", "and"))
_DOERS = frozenset(("we", "i", "do"))  # "we do weddings", "i do nails"


def _lost_words(alias: str) -> list[str]:
    """The small words dropped from an alias that named part of the trade ("your own"; a head
    like "company" only at the end: "business coaching" is not "coaching")."""
    own = strip_filler(fold(alias)).split()
    return [
        w
        for k, w in enumerate(own)
        if not match_tokens(w)
        and w not in _GLUE | _DOERS
        and (w not in _HEAD_WORDS or k < len(own) - 1)
    ]


def _lint_shared_aliases(
    kb: KnowledgeBase,
    where: Locations,
    errors: list[KnowledgeError],
    owners: dict[tuple[str, ...], list[tuple[str, str]]],
) -> None:
    for key, found in owners.items():
        ids = sorted({i for i, _ in found})
        if len(ids) < 2:
            continue
        labels = {i: lbl for i in ids if (lbl := _label(kb, i))}
        first_id, alias = found[1]
        loc = where.get("alias", first_id, alias) or where.get("industry", first_id)
        listing = ", ".join(f"{i} ({labels.get(i, '?')})" for i in ids)
        if len(set(labels.values())) > 1:
            _err(
                errors,
                f"alias '{' '.join(key)}' points to industries with different labels: {listing}",
                loc,
                "keep it on one industry, or make it more specific",
            )
        else:
            _err(
                errors,
                f"alias '{' '.join(key)}' is shared by {listing}",
                loc,
                "keep it on one industry",
            )


def _label(kb: KnowledgeBase, industry_id: str) -> str:
    ind = kb.industry(industry_id)
    return ind.label if ind else ""


def _lint_dimensions(kb: KnowledgeBase, where: Locations, errors: list[KnowledgeError]) -> None:
    cue_sides: dict[tuple[str, ...], tuple[str, str, str]] = {}
    for dim in kb.dimensions:
        for opt in dim.options:
            loc = where.get("option", dim.id, opt.id)
            if len(opt.id) > MAX_OPTION_ID:
                _err(
                    errors,
                    f"option id '{opt.id}' of '{dim.id}' is longer than {MAX_OPTION_ID} characters",
                    loc,
                    "it goes into button data: shorten it",
                )
            if len(opt.label) > MAX_BUTTON:
                _err(
                    errors,
                    f"label of option '{opt.id}' of '{dim.id}' is longer than "
                    f"{MAX_BUTTON} characters",
                    loc,
                    "it is a button: shorten it",
                )
        _lint_synonyms(dim, where, errors)
        _lint_cues(dim, where, errors, cue_sides)


def _lint_synonyms(dim: Dimension, where: Locations, errors: list[KnowledgeError]) -> None:
    synonyms: dict[str, str] = {}
    for opt in dim.options:
        for syn in (opt.label, *opt.synonyms):
            skey = " ".join(words(syn))
            other = synonyms.get(skey)
            if other is not None and other != opt.id:
                _err(
                    errors,
                    f"synonym '{syn}' of '{dim.id}' belongs to both '{other}' and '{opt.id}'",
                    where.get("option", dim.id, opt.id),
                    "keep it on one answer",
                )
            synonyms[skey] = opt.id


def _lint_cues(
    dim: Dimension,
    where: Locations,
    errors: list[KnowledgeError],
    cue_sides: dict[tuple[str, ...], tuple[str, str, str]],
) -> None:
    """A dimension's cues against every cue seen so far (`cue_sides`)."""
    for cue in dim.cues:
        key = phrase_words(cue.phrase)
        loc = where.get("cue", cue.phrase.lower())
        if not key:
            _err(errors, f"cue '{cue.phrase}' has no words", loc, "remove it")
            continue
        prev = cue_sides.get(key)
        if prev is None:
            cue_sides[key] = (cue.side, dim.id, cue.phrase)
        elif prev[0] != cue.side:
            _err(
                errors,
                f"cue '{cue.phrase}' is evidence for both client ({prev[1]}) and customer",
                loc,
                "keep it on one side, or make it more specific",
            )
        else:
            _err(
                errors,
                f"cue '{cue.phrase}' is listed twice ({prev[1]} and {dim.id})",
                loc,
                "remove one",
            )


def _lint_faq(kb: KnowledgeBase, where: Locations, errors: list[KnowledgeError]) -> None:
    for lang, pack in kb.langs.items():
        owners: dict[str, str] = {}
        for entry in pack.faq:
            for q in entry.questions:
                key = " ".join(words(q))
                loc = where.get("faq", lang, q.lower())
                if not key:
                    _err(errors, f"faq question '{q}' has no words", loc, "remove it")
                elif key in owners and owners[key] != entry.id:
                    _err(
                        errors,
                        f"faq question '{q}' is in both '{owners[key]}' and '{entry.id}'",
                        loc,
                        "keep it in one entry",
                    )
                owners[key] = entry.id
