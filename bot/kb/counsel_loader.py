"""Load knowledge/advice/: tips, answer notes, sector notes and trait rules (`Counsel`).

The folder is optional (a knowledge base without it gives the playbooks of advice.yaml).
Every problem is a DataError naming file:line, collected with the rest of the knowledge base.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.core.errors import DataError, DuplicateIdError, SchemaError, UnknownReferenceError
from bot.core.richtext import placeholders
from bot.core.suggest import hint as suggest
from bot.core.yamlio import LinedDict, LinedList
from bot.kb.loader import _Ctx, _load
from bot.kb.model import (
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

# Hybrid businesses: what the interview's `groups` answer says (docs/knowledge.md); `two` in a
# tip stands for any of the three two-group answers.
GROUPS = ("accounts", "split", "one_off", "one")
TWO_GROUPS = ("accounts", "split", "one_off")
# Traits the advice sets itself: `unsure` when the verdict's confidence is low (advice.py).
BUILTIN_TRAITS = ("unsure",)
TIP_FIELDS = ("id", "text", "first_step", "figure", "why", "topic", "impact", "verdicts",
              "groups", "sectors", "industries", "only", "unless", "skip_if", "boost_if")
# Placeholders a tip may use: the sector's CRM outline.
TIP_PLACEHOLDERS = frozenset({"crm_fields", "crm_segments", "crm_stages"})


class _Refs:
    """What tips may refer to, and what they did refer to (checked once all files are read)."""

    def __init__(self, dims: dict[str, Dimension], industries: dict[str, Industry],
                 sectors: set[str]) -> None:
        self.dims = dims
        self.industries = industries
        self.sectors = sectors
        self.trait_uses: list[tuple[_Ctx, Any, str, str]] = []


def _tip(ctx: _Ctx, node: Any, parent: Any, key: str | int, refs: _Refs, *, tip_id: str = "",
         sector: str = "", verdict: Label | None = None, topic: str = "",
         impact: float = 2.0) -> Tip | None:
    m = ctx.mapping(node, f"tip {key}", parent, key)
    if m is None:
        return None
    ctx.keys(m, TIP_FIELDS, "a tip")
    tid = ctx.ident(m, "id", "a tip") if tip_id == "" else tip_id
    what = f"tip '{tid}'"
    texts = {f: ctx.text(m, f, what) for f in ("text", "first_step", "figure", "why")}
    for f, value in texts.items():
        extra = placeholders(value) - TIP_PLACEHOLDERS
        if extra:
            ctx.error(SchemaError, f"{f} of {what} uses unknown placeholders {sorted(extra)}",
                      m, f, hint=f"allowed: {', '.join(sorted(TIP_PLACEHOLDERS))}")
    verdicts: tuple[Label, ...] = (verdict,) if verdict else LABELS
    if "verdicts" in m:
        chosen: list[Label] = []
        for v in ctx.texts(m, "verdicts", what):
            if v in LABELS:
                chosen.append(v)
            else:
                ctx.error(SchemaError, f"verdict '{v}' of {what} must be client, customer or "
                          "hybrid", m, "verdicts", hint=suggest(v, LABELS))
        verdicts = tuple(chosen)
    groups = ctx.texts(m, "groups", what, required=False)
    for g in groups:
        if g not in (*GROUPS, "two"):
            ctx.error(SchemaError, f"group '{g}' of {what} is unknown", m, "groups",
                      hint=suggest(g, (*GROUPS, "two")) or f"one of {', '.join(GROUPS)}, two")
    expanded = tuple(dict.fromkeys(x for g in groups for x in (TWO_GROUPS if g == "two"
                                                                 else (g,))))
    sectors = ctx.texts(m, "sectors", what, required=False) or ((sector,) if sector else ())
    for s in sectors:
        if s not in refs.sectors:
            ctx.error(UnknownReferenceError, f"{what} names unknown sector '{s}'", m,
                      "sectors", hint=suggest(s, refs.sectors) or "see knowledge/industries")
    industries = ctx.texts(m, "industries", what, required=False)
    if industries and "sectors" not in m:
        sectors = ()  # a trade's own tip follows its industries, whatever file it is in
    for i in industries:
        if i not in refs.industries:
            ctx.error(UnknownReferenceError, f"{what} names unknown industry '{i}'", m,
                      "industries", hint=suggest(i, refs.industries) or "see industries/")

    only = ctx.texts(m, "only", what, required=False)
    unless = ctx.texts(m, "unless", what, required=False)
    for t in (*only, *unless):
        refs.trait_uses.append((ctx, m, "only" if t in only else "unless", t))
    return Tip(
        id=tid, **texts,
        topic=ctx.text(m, "topic", what, required=False) or topic or tid,
        impact=ctx.number(m, "impact", what, 0.0, 10.0, default=impact),
        verdicts=verdicts, groups=expanded, sectors=sectors, industries=industries,
        only=only, unless=unless,
        skip_if=_answer_map(ctx, m, "skip_if", what, refs),
        boost_if=_answer_map(ctx, m, "boost_if", what, refs),
    )


def _answer_map(ctx: _Ctx, m: LinedDict, key: str, what: str, refs: _Refs
                ) -> dict[str, tuple[str, ...]]:
    raw = m.get(key)
    if raw is None:
        return {}
    node = ctx.mapping(raw, f"'{key}' of {what}", m, key)
    if node is None:
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for did in node:
        dim = refs.dims.get(did)
        if dim is None:
            ctx.error(UnknownReferenceError, f"'{key}' of {what} names unknown dimension "
                      f"'{did}'", node, did, hint=suggest(did, refs.dims) or "see dimensions")
            continue
        ids = ctx.texts(node, did, f"'{key}.{did}' of {what}")
        for oid in ids:
            if dim.option(oid) is None:
                ctx.error(UnknownReferenceError, f"dimension '{did}' has no answer '{oid}'",
                          node, did, hint=suggest(oid, [o.id for o in dim.options])
                          or f"answers: {', '.join(o.id for o in dim.options)}")
        out[did] = ids
    return out


def _tips(ctx: _Ctx, root: LinedDict, refs: _Refs, seen: dict[str, str], sector: str = ""
          ) -> list[Tip]:
    out: list[Tip] = []
    items = ctx.seq(root.get("tips"), ctx.path, root, "tips")
    for i, raw in enumerate(items or ()):
        # a sector's and a trade's levers share one topic: the list shows the best one
        tip = _tip(ctx, raw, items, i, refs, sector=sector, topic="trade" if sector else "")
        if tip is None:
            continue
        if tip.id in seen:
            ctx.error(DuplicateIdError, f"tip id '{tip.id}' is also used in {seen[tip.id]}",
                      raw, "id", hint="give each tip its own id")
            continue
        seen[tip.id] = f"{ctx.path}:{raw.line_of('id') if isinstance(raw, LinedDict) else ''}"
        out.append(tip)
    return out


def _answers(path: Path, errors: list[DataError], refs: _Refs
             ) -> dict[tuple[str, str], AnswerNote]:
    ctx = _Ctx(path, errors)
    data = _load(path, errors)
    root = ctx.mapping(data, path.name) if data is not None else None
    if root is None:
        return {}
    ctx.keys(root, ("answers",), path.name)
    dims = ctx.mapping(root.get("answers"), "'answers'", root, "answers")
    out: dict[tuple[str, str], AnswerNote] = {}
    for did, dnode in (dims or {}).items():
        dim = refs.dims.get(did)
        if dim is None:
            ctx.error(UnknownReferenceError, f"unknown dimension '{did}'", dims, did,
                      hint=suggest(did, refs.dims) or "see dimensions.yaml")
            continue
        opts = ctx.mapping(dnode, f"answers of '{did}'", dims, did)
        for oid, onode in (opts or {}).items():
            if dim.option(oid) is None:
                ctx.error(UnknownReferenceError, f"dimension '{did}' has no answer '{oid}'",
                          opts, oid, hint=suggest(oid, [o.id for o in dim.options])
                          or f"answers: {', '.join(o.id for o in dim.options)}")
                continue
            note = _note(ctx, onode, opts, did, oid, refs)
            if note is not None:
                out[(did, oid)] = note
    return out


def _note(ctx: _Ctx, onode: Any, opts: Any, did: str, oid: str, refs: _Refs
          ) -> AnswerNote | None:
    what = f"answer '{did}.{oid}'"
    m = ctx.mapping(onode, what, opts, oid)
    if m is None:
        return None
    ctx.keys(m, ("strength", "good_for", "fine_for", "gaps"), what)
    good = tuple(v for v in ctx.texts(m, "good_for", what, required=False) if v in LABELS)
    fine = tuple(v for v in ctx.texts(m, "fine_for", what, required=False) if v in LABELS)
    strength = ctx.text(m, "strength", what, required=bool(good))
    gaps: dict[str, tuple[Tip, ...]] = {}
    gnode = m.get("gaps")
    gmap = ctx.mapping(gnode, f"'gaps' of {what}", m, "gaps") if gnode is not None else None
    for verdict, raw in (gmap or {}).items():
        if verdict not in LABELS:
            ctx.error(SchemaError, f"gap verdict '{verdict}' of {what} must be client, "
                      "customer or hybrid", gmap, verdict, hint=suggest(verdict, LABELS))
            continue
        variants = raw if isinstance(raw, LinedList) else LinedList([raw])
        tips = []
        for k, v in enumerate(variants):
            tip = _tip(ctx, v, gmap, verdict, refs, tip_id=f"gap_{did}_{oid}_{verdict}_{k}",
                       verdict=verdict, topic=f"gap_{did}", impact=2.5)
            if tip is not None:
                tips.append(tip)
        gaps[verdict] = tuple(tips)
    for verdict in LABELS:
        said = (verdict in good) + (verdict in fine) + (verdict in gaps)
        if said != 1:
            ctx.error(SchemaError, f"{what} says {'nothing' if not said else 'twice'} about "
                      f"a {verdict} verdict", m, None,
                      hint="list the verdict once: in good_for (a strength), fine_for "
                      "(nothing to say) or gaps (advice)")
    return AnswerNote(did, oid, strength, good, gaps)


def _sector_file(path: Path, errors: list[DataError], refs: _Refs, seen: dict[str, str]
                 ) -> tuple[SectorNotes | None, list[Tip]]:
    ctx = _Ctx(path, errors)
    data = _load(path, errors)
    root = ctx.mapping(data, path.name) if data is not None else None
    if root is None:
        return None, []
    ctx.keys(root, ("sector", "crm", "traits", "tips"), path.name)
    sid = ctx.ident(root, "sector", path.name)
    if sid and sid not in refs.sectors:
        ctx.error(UnknownReferenceError, f"unknown sector '{sid}'", root, "sector",
                  hint=suggest(sid, refs.sectors) or "see knowledge/industries")
        return None, []
    crm = ctx.mapping(root.get("crm"), "'crm'", root, "crm")
    fields = {"fields": "", "segments": "", "stages": ""}
    if crm is not None:
        ctx.keys(crm, tuple(fields), "'crm'")
        fields = {k: ctx.text(crm, k, f"crm of '{sid}'") for k in fields}
    traits: dict[str, tuple[str, ...]] = {}
    tnode = root.get("traits")
    tmap = ctx.mapping(tnode, "'traits'", root, "traits") if tnode is not None else None
    for trait, _ids in (tmap or {}).items():
        ids = ctx.texts(tmap, trait, f"trait '{trait}'")  # type: ignore[arg-type]
        for iid in ids:
            if iid != "*" and (iid not in refs.industries
                               or refs.industries[iid].sector != sid):
                ctx.error(UnknownReferenceError, f"trait '{trait}' names '{iid}', not an "
                          f"industry of sector '{sid}'", tmap, trait,
                          hint=suggest(iid, [i for i, v in refs.industries.items()
                                             if v.sector == sid]) or "use '*' for all")
        traits[trait] = ids
    tips = _tips(ctx, root, refs, seen, sector=sid)
    return SectorNotes(sid, fields["fields"], fields["segments"], fields["stages"], traits), tips


def _traits(path: Path, errors: list[DataError], refs: _Refs) -> list[TraitRule]:
    ctx = _Ctx(path, errors)
    data = _load(path, errors)
    root = ctx.mapping(data, path.name) if data is not None else None
    if root is None:
        return []
    ctx.keys(root, ("traits",), path.name)
    tmap = ctx.mapping(root.get("traits"), "'traits'", root, "traits")
    out: list[TraitRule] = []
    for trait, raw in (tmap or {}).items():
        m = ctx.mapping(raw, f"trait '{trait}'", tmap, trait)
        if m is None:
            continue
        ctx.keys(m, ("phrases", "not_phrases", "sectors"), f"trait '{trait}'")
        sectors = ctx.texts(m, "sectors", f"trait '{trait}'", required=False)
        for s in sectors:
            if s not in refs.sectors:
                ctx.error(UnknownReferenceError, f"trait '{trait}' names unknown sector '{s}'",
                          m, "sectors", hint=suggest(s, refs.sectors) or "see industries/")
        out.append(TraitRule(trait, ctx.texts(m, "phrases", f"trait '{trait}'"),
                             ctx.texts(m, "not_phrases", f"trait '{trait}'", required=False),
                             sectors))
    return out


def parse_counsel(folder: Path, errors: list[DataError], dims: tuple[Dimension, ...],
                  industries: tuple[Industry, ...], sectors: set[str]) -> Counsel:
    """The advice knowledge of `folder` (empty when the folder does not exist)."""
    if not folder.is_dir():
        return Counsel()
    refs = _Refs({d.id: d for d in dims}, {i.id: i for i in industries}, sectors)
    seen: dict[str, str] = {}
    tips: list[Tip] = []
    for name in ("practices.yaml",):
        path = folder / name
        if not path.is_file():
            errors.append(SchemaError(f"{name} is missing", _Ctx(path, errors).loc(None),
                                      hint="see docs/knowledge.md"))
            continue
        ctx = _Ctx(path, errors)
        data = _load(path, errors)
        root = ctx.mapping(data, path.name) if data is not None else None
        if root is not None:
            ctx.keys(root, ("tips",), path.name)
            tips += _tips(ctx, root, refs, seen)
    notes: dict[str, SectorNotes] = {}
    for path in sorted((folder / "sectors").glob("*.yaml")):
        sn, stips = _sector_file(path, errors, refs, seen)
        if sn is not None:
            notes[sn.sector] = sn
        tips += stips
    answers = _answers(folder / "answers.yaml", errors, refs) if (
        folder / "answers.yaml").is_file() else {}
    rules = _traits(folder / "traits.yaml", errors, refs) if (
        folder / "traits.yaml").is_file() else []
    known = {r.trait for r in rules} | {t for n in notes.values() for t in n.traits} | set(
        BUILTIN_TRAITS)
    for ctx, node, key, trait in refs.trait_uses:
        if trait not in known:
            ctx.error(UnknownReferenceError, f"unknown trait '{trait}'", node, key,
                      hint=suggest(trait, known) or "declare it in traits.yaml or a sector")
    return Counsel(tuple(tips), answers, notes, tuple(rules))
