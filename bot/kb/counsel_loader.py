"""Load knowledge/advice/: tips, answer notes, sector notes and trait rules (`Counsel`).

The folder is optional (a knowledge base without it gives the playbooks of advice.yaml).
Each file passes its schema (`bot.kb.counsel_schema`); then references are checked: dimensions
and their answers, sectors, industries, traits, and tip ids used once. A reference to a file
that failed its schema is not checked (its error is already reported).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from bot.contracts import TWO_GROUPS
from bot.core.errors import (
    DataError,
    DuplicateIdError,
    Location,
    SchemaError,
    UnknownReferenceError,
)
from bot.core.suggest import hint as suggest
from bot.kb.counsel_schema import (
    TIP_PLACEHOLDERS,
    AnswersFile,
    GapTipSchema,
    NoteSchema,
    PracticesFile,
    SectorFile,
    TraitsFile,
)
from bot.kb.fields import at, read
from bot.kb.model import (
    GROUPS,
    LABELS,
    AnswerNote,
    Counsel,
    Dimension,
    Industry,
    Label,
    SectorNotes,
    Tip,
    TraitRule,
)

__all__ = ["BUILTIN_TRAITS", "GROUPS", "TIP_PLACEHOLDERS", "TWO_GROUPS", "parse_counsel"]

# Traits the advice sets itself: `unsure` when the verdict's confidence is low (advice.py).
BUILTIN_TRAITS = ("unsure", "mostly_ongoing")


@dataclass
class Refs:
    """What advice may refer to (None: that file failed its schema, so it is not checked),
    and the trait uses to check once every file is read."""

    errors: list[DataError]
    dims: Mapping[str, Dimension] | None
    industries: Mapping[str, Industry] | None
    sectors: set[str] | None
    trait_uses: list[tuple[str, Location]] = field(default_factory=list)
    traits_complete: bool = True  # False: a file declaring traits failed its schema

    def unknown(self, message: str, loc: Location, hint: str) -> None:
        self.errors.append(UnknownReferenceError(message, loc, hint=hint))

    def sector(self, sid: str, what: str, loc: Location) -> None:
        if self.sectors is not None and sid not in self.sectors:
            self.unknown(
                f"{what} names unknown sector '{sid}'",
                loc,
                suggest(sid, self.sectors) or "see knowledge/industries",
            )

    def answer(self, did: str, oid: str, loc: Location) -> bool:
        """Whether dimension `did` has answer `oid` (an error when it has not)."""
        dim = None if self.dims is None else self.dims.get(did)
        if dim is None or dim.option(oid) is not None:
            return True
        ids = [o.id for o in dim.options]
        self.unknown(
            f"dimension '{did}' has no answer '{oid}'",
            loc,
            suggest(oid, ids) or f"answers: {', '.join(ids)}",
        )
        return False

    def dimension(self, did: str, what: str, loc: Location) -> bool:
        """Whether `did` is a known dimension (an error when it is not)."""
        if self.dims is None or did in self.dims:
            return True
        self.unknown(
            f"{what} unknown dimension '{did}'".lstrip(),
            loc,
            suggest(did, self.dims) or "see dimensions.yaml",
        )
        return False


def _tip(
    path: Path,
    raw: Any,
    t: GapTipSchema,
    refs: Refs,
    *,
    tip_id: str = "",
    sector: str = "",
    verdict: Label | None = None,
    topic: str = "",
    impact: float = 2.0,
) -> Tip:
    """The typed tip, its references checked; the keywords are defaults by where it is."""
    tid = tip_id or t.id or ""
    what = f"tip '{tid}'"
    sectors = t.sectors or ((sector,) if sector else ())
    for s in t.sectors:
        refs.sector(s, what, at(path, raw, "sectors"))
    if t.industries and not t.sectors:
        sectors = ()  # a trade's own tip follows its industries, whatever file it is in
    for i in t.industries:
        if refs.industries is not None and i not in refs.industries:
            refs.unknown(
                f"{what} names unknown industry '{i}'",
                at(path, raw, "industries"),
                suggest(i, refs.industries) or "see industries/",
            )
    for key in ("only", "unless"):
        refs.trait_uses += [(trait, at(path, raw, key)) for trait in getattr(t, key)]
    groups = tuple(dict.fromkeys(x for g in t.groups for x in (TWO_GROUPS if g == "two" else (g,))))
    return Tip(
        id=tid,
        text=t.text,
        first_step=t.first_step,
        figure=t.figure,
        why=t.why,
        topic=t.topic or topic or tid,
        impact=impact if t.impact is None else t.impact,
        verdicts=cast(tuple[Label, ...], t.verdicts)
        if t.verdicts is not None
        else ((verdict,) if verdict else LABELS),
        groups=groups,
        sectors=sectors,
        industries=t.industries,
        only=t.only,
        unless=t.unless,
        skip_if=_answer_map(path, raw, "skip_if", t.skip_if, what, refs),
        boost_if=_answer_map(path, raw, "boost_if", t.boost_if, what, refs),
    )


def _answer_map(
    path: Path, raw: Any, key: str, given: dict[str, tuple[str, ...]], what: str, refs: Refs
) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for did, ids in given.items():
        loc = at(path, raw[key], did)
        if refs.dimension(did, f"'{key}' of {what} names", loc):
            for oid in ids:
                refs.answer(did, oid, loc)
            out[did] = ids
    return out


def _tips(
    path: Path,
    raws: Any,
    tips: tuple[GapTipSchema, ...],
    refs: Refs,
    seen: dict[str, str],
    sector: str = "",
) -> list[Tip]:
    out: list[Tip] = []
    for raw, t in zip(raws, tips, strict=True):
        # a sector's and a trade's levers share one topic: the list shows the best one
        tip = _tip(path, raw, t, refs, sector=sector, topic="trade" if sector else "")
        if tip.id in seen:
            refs.errors.append(
                DuplicateIdError(
                    f"tip id '{tip.id}' is also used in {seen[tip.id]}",
                    at(path, raw, "id"),
                    hint="give each tip its own id",
                )
            )
            continue
        seen[tip.id] = f"{path}:{raw.line_of('id')}"
        out.append(tip)
    return out


def _answers(path: Path, refs: Refs) -> dict[tuple[str, str], AnswerNote]:
    parsed, data = read(AnswersFile, path, refs.errors)
    if parsed is None:
        return {}
    out: dict[tuple[str, str], AnswerNote] = {}
    dims = data["answers"]
    for did, notes in parsed.answers.items():
        if not refs.dimension(did, "", at(path, dims, did)):
            continue
        for oid, note in notes.items():
            if refs.answer(did, oid, at(path, dims[did], oid)):
                out[(did, oid)] = _note(path, dims[did][oid], note, did, oid, refs)
    return out


def _note(path: Path, raw: Any, note: NoteSchema, did: str, oid: str, refs: Refs) -> AnswerNote:
    what = f"answer '{did}.{oid}'"
    gaps: dict[str, tuple[Tip, ...]] = {}
    for verdict, variants in note.gaps.items():
        graw = raw["gaps"][verdict]
        graws = graw if isinstance(graw, list) else [graw]
        gaps[verdict] = tuple(
            _tip(
                path,
                r,
                t,
                refs,
                tip_id=f"gap_{did}_{oid}_{verdict}_{k}",
                verdict=cast(Label, verdict),
                topic=f"gap_{did}",
                impact=2.5,
            )
            for k, (r, t) in enumerate(zip(graws, variants, strict=True))
        )
    for verdict in LABELS:
        said = (verdict in note.good_for) + (verdict in note.fine_for) + (verdict in gaps)
        if said != 1:
            refs.errors.append(
                SchemaError(
                    f"{what} says {'nothing' if not said else 'twice'} about a {verdict} verdict",
                    at(path, raw),
                    hint="list the verdict once: in good_for (a strength), "
                    "fine_for (nothing to say) or gaps (advice)",
                )
            )
    good = cast(tuple[Label, ...], note.good_for)
    return AnswerNote(did, oid, note.strength, good, gaps)


def _sector_file(
    path: Path, refs: Refs, seen: dict[str, str]
) -> tuple[SectorNotes | None, list[Tip]]:
    parsed, data = read(SectorFile, path, refs.errors)
    if parsed is None:
        refs.traits_complete = False
        return None, []
    sid = parsed.sector
    if refs.sectors is not None and sid not in refs.sectors:
        refs.unknown(
            f"unknown sector '{sid}'",
            at(path, data, "sector"),
            suggest(sid, refs.sectors) or "see knowledge/industries",
        )
        return None, []
    if refs.industries is not None:
        own = [i for i, v in refs.industries.items() if v.sector == sid]
        for trait, ids in parsed.traits.items():
            for iid in ids:
                if iid != "*" and iid not in own:
                    refs.unknown(
                        f"trait '{trait}' names '{iid}', not an industry of sector '{sid}'",
                        at(path, data["traits"], trait),
                        suggest(iid, own) or "use '*' for all",
                    )
    crm = parsed.crm
    tips = _tips(path, data["tips"], parsed.tips, refs, seen, sector=sid)
    outlines = {t: (c.fields, c.segments, c.stages) for t, c in parsed.crm_for.items()}
    return SectorNotes(sid, crm.fields, crm.segments, crm.stages, parsed.traits, outlines), tips


def _traits(path: Path, refs: Refs) -> list[TraitRule]:
    parsed, data = read(TraitsFile, path, refs.errors)
    if parsed is None:
        refs.traits_complete = False
        return []
    for trait, rule in parsed.traits.items():
        for s in rule.sectors:
            refs.sector(s, f"trait '{trait}'", at(path, data["traits"][trait], "sectors"))
    return [
        TraitRule(trait, r.phrases, r.not_phrases, r.sectors) for trait, r in parsed.traits.items()
    ]


def parse_counsel(
    folder: Path,
    errors: list[DataError],
    dims: tuple[Dimension, ...] | None,
    industries: tuple[Industry, ...] | None,
    sectors: set[str] | None,
) -> Counsel:
    """The advice knowledge of `folder` (empty when the folder does not exist); None for
    `dims`, `industries` or `sectors` means "failed their schema: do not check against"."""
    if not folder.is_dir():
        return Counsel()
    refs = Refs(
        errors,
        None if dims is None else {d.id: d for d in dims},
        None if industries is None else {i.id: i for i in industries},
        sectors,
    )
    seen: dict[str, str] = {}
    tips = _practice_tips(folder / "practices.yaml", errors, refs, seen)
    notes: dict[str, SectorNotes] = {}
    for path in sorted((folder / "sectors").glob("*.yaml")):
        sn, stips = _sector_file(path, refs, seen)
        if sn is not None:
            notes[sn.sector] = sn
        tips += stips
    answers = _answers(folder / "answers.yaml", refs) if (folder / "answers.yaml").is_file() else {}
    rules = _traits(folder / "traits.yaml", refs) if (folder / "traits.yaml").is_file() else []
    _check_traits(refs, rules, notes)
    return Counsel(tuple(tips), answers, notes, tuple(rules))


def _practice_tips(
    practices: Path, errors: list[DataError], refs: Refs, seen: dict[str, str]
) -> list[Tip]:
    """The tips of practices.yaml, which every knowledge folder must have."""
    if not practices.is_file():
        errors.append(
            SchemaError(
                "practices.yaml is missing", Location(str(practices)), hint="see docs/knowledge.md"
            )
        )
        return []
    parsed, data = read(PracticesFile, practices, errors)
    if parsed is None:
        return []
    return _tips(practices, data["tips"], parsed.tips, refs, seen)


def _check_traits(refs: Refs, rules: list[TraitRule], notes: dict[str, SectorNotes]) -> None:
    """An error for each trait used that no traits.yaml, sector or built-in declares."""
    known = (
        {r.trait for r in rules}
        | {t for n in notes.values() for t in n.traits}
        | set(BUILTIN_TRAITS)
    )
    for trait, loc in refs.trait_uses:
        if refs.traits_complete and trait not in known:
            refs.unknown(
                f"unknown trait '{trait}'",
                loc,
                suggest(trait, known) or "declare it in traits.yaml or a sector",
            )
