"""Load the knowledge base: schema check -> typed objects -> logic checks -> lint.

Every problem becomes a `DataError` naming file:line with a hint; all of them are collected
and reported together (`DataErrors`), so one run shows everything that needs fixing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.core.errors import (
    DataError,
    DataErrors,
    DuplicateIdError,
    Location,
    SchemaError,
    UnknownReferenceError,
    YamlSyntaxError,
)
from bot.core.richtext import placeholders
from bot.core.suggest import hint as suggest
from bot.core.yamlio import LinedDict, LinedList, load_file
from bot.kb.model import (
    DIMENSION_IDS,
    LABELS,
    SIDES,
    Cue,
    Dimension,
    FaqEntry,
    Industry,
    KnowledgeBase,
    LangPack,
    Mismatch,
    Option,
    Playbook,
    Sector,
)
from bot.kb.normalize import words

DEFAULT_LANG = "en"
_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")

# Every text key the kb code uses, with the placeholders its template may use.
REQUIRED_TEXTS: dict[str, frozenset[str]] = {
    **{f"verdict.{v}": frozenset() for v in (*LABELS, "unknown")},
    **{f"usually.{v}": frozenset() for v in LABELS},
    **{f"lean.{v}": frozenset() for v in ("client", "customer", "neutral")},
    **{f"dimension_short.{d}": frozenset() for d in DIMENSION_IDS},
    "assess.summary": frozenset({"verdict", "confidence"}),
    "assess.summary_unknown": frozenset(),
    "assess.industry": frozenset({"industry", "usually", "why"}),
    "assess.details_title": frozenset(),
    "assess.line_answer": frozenset({"dimension", "answer", "lean"}),
    "assess.line_cue": frozenset({"dimension", "cue", "lean"}),
    "assess.line_industry": frozenset({"dimension", "industry", "lean"}),
    "assess.line_skipped": frozenset({"dimension"}),
    "assess.weighed_most": frozenset({"items"}),
    "assess.industry_overruled": frozenset({"industry", "usually", "reasons", "verdict"}),
    "assess.industry_to_hybrid": frozenset({"industry", "usually", "reasons", "verdict"}),
    "assess.surer_mixed": frozenset({"dimensions"}),
    "assess.hybrid_two": frozenset(),
    "assess.hybrid_one": frozenset(),
    "assess.surer_skipped": frozenset({"dimensions"}),
    "assess.surer_middle": frozenset({"dimensions"}),
    **{f"reason.{side}.{d}": frozenset() for side in SIDES for d in DIMENSION_IDS
       if d != "industry"},
    "assess.would_change": frozenset({"answer", "question", "verdict"}),
    "assess.would_move": frozenset({"answer", "question", "verdict"}),
    "assess.would_not_change": frozenset(),
    "assess.advice_title": frozenset(),
    "assess.mismatch_title": frozenset(),
    "assess.more_title": frozenset({"verdict"}),
    "assess.item": frozenset({"n", "text"}),
    "assess.bullet": frozenset({"text"}),
    "advice.item": frozenset({"n", "text"}),
    "advice.why": frozenset({"why"}),
    "advice.first_step": frozenset({"first_step"}),
    "advice.figure": frozenset({"figure"}),
    "advice.strengths_title": frozenset(),
    "advice.no_more": frozenset(),
    "chart.title": frozenset(),
    "chart.left": frozenset(),
    "chart.right": frozenset(),
    "chart.overall": frozenset({"verdict", "confidence"}),
    "chart.overall_unknown": frozenset(),
    "oneshot.card_title": frozenset({"verdict"}),
    "oneshot.card_industry": frozenset({"industry"}),
    "oneshot.card_reason": frozenset({"reason"}),
    "oneshot.card_tips": frozenset(),
    "oneshot.card_unknown": frozenset(),
    "oneshot.explain_industry": frozenset({"industry", "usually"}),
    "oneshot.explain_client": frozenset({"cues"}),
    "oneshot.explain_customer": frozenset({"cues"}),
    "oneshot.explain_both": frozenset(),
    "oneshot.explain_nothing": frozenset(),
    "oneshot.explain_ambiguous": frozenset({"names"}),
    "faq.industry_answer": frozenset({"industry", "usually", "why"}),
    "faq.industry_ambiguous": frozenset({"names"}),
    "list.sep": frozenset(),
    "list.last": frozenset(),
}


@dataclass
class Locations:
    """Where each loaded thing was written, so lint can name file:line."""

    where: dict[tuple[str, ...], Location] = field(default_factory=dict)

    def get(self, *key: str) -> Location | None:
        return self.where.get(key)


class _Ctx:
    """Error collection for one file."""

    def __init__(self, path: Path, errors: list[DataError]) -> None:
        self.path = str(path)
        self.errors = errors

    def loc(self, node: Any, key: str | int | None = None) -> Location:
        line: int | None = None
        if isinstance(node, LinedDict):
            line = node.line_of(str(key)) if key is not None else node.line
        elif isinstance(node, LinedList):
            line = node.line_of(key) if isinstance(key, int) else node.line
        return Location(self.path, line)

    def error(
        self, cls: type[DataError], message: str, node: Any, key: str | int | None = None,
        hint: str | None = None,
    ) -> None:
        self.errors.append(cls(message, self.loc(node, key), hint=hint))

    def mapping(self, node: Any, what: str, parent: Any = None, key: str | int | None = None
                ) -> LinedDict | None:
        if isinstance(node, LinedDict):
            return node
        self.error(SchemaError, f"{what} must be a mapping (key: value lines)",
                   parent if parent is not None else node, key, hint="indent its fields")
        return None

    def seq(self, node: Any, what: str, parent: Any, key: str | int) -> LinedList | None:
        if isinstance(node, LinedList):
            return node
        if node is None:
            self.error(SchemaError, f"'{key}' is missing in {what}", parent, None,
                       hint=f"add a '{key}:' list")
        else:
            self.error(SchemaError, f"'{key}' of {what} must be a list", parent, key,
                       hint="write it as [a, b] or as '- item' lines")
        return None

    def keys(self, node: LinedDict, allowed: Iterable[str], what: str) -> None:
        allowed = tuple(allowed)
        for key in node:
            if key not in allowed:
                self.error(SchemaError, f"unknown field '{key}' in {what}", node, key,
                           hint=suggest(key, allowed) or f"allowed: {', '.join(allowed)}")

    def text(self, node: LinedDict, key: str, what: str, *, required: bool = True) -> str:
        value = node.get(key)
        if value is None:
            if required:
                self.error(SchemaError, f"'{key}' is missing in {what}", node,
                           hint=f"add '{key}: ...'")
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.error(SchemaError, f"'{key}' of {what} must be text", node, key,
                       hint="quote the value")
            return ""
        value = str(value).strip()
        if not value and required:
            self.error(SchemaError, f"'{key}' of {what} is empty", node, key,
                       hint="write some text")
        return value

    def ident(self, node: LinedDict, key: str, what: str) -> str:
        value = self.text(node, key, what)
        if value and not _ID_RE.match(value):
            self.error(SchemaError, f"id '{value}' of {what} must be lower-case letters, "
                       "digits and _", node, key, hint="e.g. law_firm")
        return value

    def texts(self, node: LinedDict, key: str, what: str, *, required: bool = True
              ) -> tuple[str, ...]:
        value = node.get(key)
        if value is None:
            if required:
                self.error(SchemaError, f"'{key}' is missing in {what}", node,
                           hint=f"add '{key}: [..]'")
            return ()
        if isinstance(value, str):
            value = LinedList([value])
        if not isinstance(value, list):
            self.error(SchemaError, f"'{key}' of {what} must be a list of texts", node, key,
                       hint="write it as [a, b]")
            return ()
        out: list[str] = []
        for i, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, str | int | float) or not str(
                item
            ).strip():
                where = value if isinstance(value, LinedList) else node
                self.error(SchemaError, f"item {i + 1} of '{key}' in {what} must be non-empty "
                           "text", where, i if isinstance(value, LinedList) else key,
                           hint="quote it")
                continue
            out.append(str(item).strip())
        if required and not out and value is not None and not any(True for _ in value):
            self.error(SchemaError, f"'{key}' of {what} is empty", node, key,
                       hint="list at least one")
        return tuple(out)

    def number(self, node: LinedDict, key: str, what: str, lo: float, hi: float,
               default: float | None = None) -> float:
        value = node.get(key, default)
        if value is None:
            self.error(SchemaError, f"'{key}' is missing in {what}", node, hint=f"add '{key}:'")
            return 0.0
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(SchemaError, f"'{key}' of {what} must be a number", node, key,
                       hint=f"between {lo:g} and {hi:g}")
            return 0.0
        if not lo <= float(value) <= hi:
            self.error(SchemaError, f"'{key}' of {what} is {value}, outside {lo:g}..{hi:g}",
                       node, key, hint=f"use a value between {lo:g} and {hi:g}")
        return float(value)


def _load(path: Path, errors: list[DataError]) -> Any:
    try:
        return load_file(path)
    except YamlSyntaxError as exc:
        errors.append(exc)
        return None


# --- dimensions.yaml -------------------------------------------------------------------------

def _parse_dimensions(path: Path, errors: list[DataError], where: Locations
                      ) -> tuple[Dimension, ...]:
    ctx = _Ctx(path, errors)
    data = _load(path, errors)
    if data is None:
        return ()
    root = ctx.mapping(data, f"{path.name}")
    if root is None:
        return ()
    ctx.keys(root, ("dimensions",), path.name)
    items = ctx.seq(root.get("dimensions"), path.name, root, "dimensions")
    if items is None:
        return ()
    dims: list[Dimension] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(items):
        node = ctx.mapping(raw, f"dimension {i + 1}", items, i)
        if node is None:
            continue
        ctx.keys(node, ("id", "name", "client", "customer", "weight", "question", "options",
                        "cues"), "a dimension")
        did = ctx.ident(node, "id", f"dimension {i + 1}")
        what = f"dimension '{did}'"
        if did in seen:
            ctx.error(DuplicateIdError, f"dimension id '{did}' is used twice (first on line "
                      f"{seen[did]})", node, "id", hint="give each dimension its own id")
        seen[did] = node.line_of("id")
        where.where[("dimension", did)] = ctx.loc(node, "id")
        options = _parse_options(ctx, node, did, where) if did != "industry" else ()
        if did == "industry" and node.get("options"):
            ctx.error(SchemaError, "the industry dimension takes no options (the matcher "
                      "answers it)", node, "options", hint="remove 'options'")
        dims.append(Dimension(
            id=did,
            name=ctx.text(node, "name", what),
            client=ctx.text(node, "client", what),
            customer=ctx.text(node, "customer", what),
            weight=ctx.number(node, "weight", what, 0.0, 5.0),
            question=ctx.text(node, "question", what),
            options=options,
            cues=_parse_cues(ctx, node, did, where),
        ))
    missing = [d for d in DIMENSION_IDS if d not in seen]
    if missing:
        ctx.error(SchemaError, f"dimensions missing: {', '.join(missing)}", items, None,
                  hint="every knowledge base defines all ten dimensions")
    order = {d: n for n, d in enumerate(DIMENSION_IDS)}
    return tuple(sorted(dims, key=lambda d: order.get(d.id, len(order))))


def _parse_options(ctx: _Ctx, node: LinedDict, did: str, where: Locations
                   ) -> tuple[Option, ...]:
    items = ctx.seq(node.get("options"), f"dimension '{did}'", node, "options")
    if items is None:
        return ()
    if len(items) < 2:
        ctx.error(SchemaError, f"dimension '{did}' needs at least two options", node, "options",
                  hint="usually three: client-like, mixed, customer-like")
    out: list[Option] = []
    seen: set[str] = set()
    for i, raw in enumerate(items):
        opt = ctx.mapping(raw, f"option {i + 1} of '{did}'", items, i)
        if opt is None:
            continue
        ctx.keys(opt, ("id", "label", "synonyms", "score"), f"an option of '{did}'")
        oid = ctx.ident(opt, "id", f"option {i + 1} of '{did}'")
        if oid in seen:
            ctx.error(DuplicateIdError, f"option id '{oid}' is used twice in '{did}'", opt, "id",
                      hint="give each option its own id")
        seen.add(oid)
        where.where[("option", did, oid)] = ctx.loc(opt, "id")
        out.append(Option(
            id=oid,
            label=ctx.text(opt, "label", f"option '{oid}' of '{did}'"),
            synonyms=ctx.texts(opt, "synonyms", f"option '{oid}'", required=False),
            score=ctx.number(opt, "score", f"option '{oid}' of '{did}'", -1.0, 1.0),
        ))
    return tuple(out)


def _parse_cues(ctx: _Ctx, node: LinedDict, did: str, where: Locations) -> tuple[Cue, ...]:
    raw = node.get("cues")
    if raw is None:
        return ()
    items = ctx.seq(raw, f"dimension '{did}'", node, "cues")
    if items is None:
        return ()
    out: list[Cue] = []
    for i, group in enumerate(items):
        g = ctx.mapping(group, f"cue group {i + 1} of '{did}'", items, i)
        if g is None:
            continue
        ctx.keys(g, ("side", "weight", "phrases"), f"a cue group of '{did}'")
        side = ctx.text(g, "side", f"cue group {i + 1} of '{did}'")
        if side and side not in SIDES:
            ctx.error(SchemaError, f"cue side '{side}' must be client or customer", g, "side",
                      hint=suggest(side, SIDES))
        weight = ctx.number(g, "weight", f"cue group {i + 1} of '{did}'", 0.0, 3.0)
        phrases = g.get("phrases")
        for phrase in ctx.texts(g, "phrases", f"cue group {i + 1} of '{did}'"):
            if side in SIDES:
                out.append(Cue(phrase, side, weight, did))
                line = phrases.line if isinstance(phrases, LinedList) else g.line
                where.where.setdefault(("cue", phrase.lower()), Location(ctx.path, line))
    return tuple(out)


# --- industries/*.yaml -----------------------------------------------------------------------

def _parse_industries(folder: Path, errors: list[DataError], where: Locations
                      ) -> tuple[tuple[Sector, ...], tuple[Industry, ...]]:
    sectors: list[Sector] = []
    industries: list[Industry] = []
    sector_seen: dict[str, str] = {}
    ind_seen: dict[str, str] = {}
    files = sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))
    if not files:
        errors.append(SchemaError("no industry files", Location(str(folder)),
                                  hint="add industries/<sector>.yaml"))
    for path in files:
        ctx = _Ctx(path, errors)
        data = _load(path, errors)
        if data is None:
            continue
        root = ctx.mapping(data, path.name)
        if root is None:
            continue
        ctx.keys(root, ("sector", "industries"), path.name)
        snode = ctx.mapping(root.get("sector"), "'sector'", root, "sector")
        sid = ""
        if snode is not None:
            ctx.keys(snode, ("id", "name"), "the sector")
            sid = ctx.ident(snode, "id", "the sector")
            sname = ctx.text(snode, "name", f"sector '{sid}'")
            if sid in sector_seen:
                ctx.error(DuplicateIdError, f"sector '{sid}' is also defined in "
                          f"{sector_seen[sid]}", snode, "id", hint="one file per sector")
            else:
                sector_seen[sid] = str(path)
                sectors.append(Sector(sid, sname))
                where.where[("sector", sid)] = ctx.loc(snode, "id")
        items = ctx.seq(root.get("industries"), path.name, root, "industries")
        for i, raw in enumerate(items or ()):
            node = ctx.mapping(raw, f"industry {i + 1}", items, i)
            if node is None:
                continue
            ctx.keys(node, ("id", "name", "label", "why", "aliases"), "an industry")
            iid = ctx.ident(node, "id", f"industry {i + 1}")
            what = f"industry '{iid}'"
            label = ctx.text(node, "label", what)
            if label and label not in LABELS:
                ctx.error(SchemaError, f"label '{label}' of {what} must be client, customer or "
                          "hybrid", node, "label", hint=suggest(label, LABELS))
            if iid in ind_seen:
                ctx.error(DuplicateIdError, f"industry id '{iid}' is also used in "
                          f"{ind_seen[iid]}", node, "id", hint="rename one of them")
                continue
            ind_seen[iid] = f"{path}:{node.line_of('id')}"
            where.where[("industry", iid)] = ctx.loc(node, "id")
            aliases = ctx.texts(node, "aliases", what, required=False)
            anode = node.get("aliases")
            for k, alias in enumerate(aliases):
                loc = ctx.loc(anode, k) if isinstance(anode, LinedList) else ctx.loc(node, "id")
                where.where.setdefault(("alias", iid, alias), loc)
            industries.append(Industry(
                id=iid,
                name=ctx.text(node, "name", what),
                label=label if label in LABELS else "hybrid",
                why=ctx.text(node, "why", what),
                sector=sid,
                aliases=aliases,
            ))
    return tuple(sectors), tuple(industries)


# --- texts.yaml, advice.yaml, faq.yaml (by language) -----------------------------------------

def _flatten(ctx: _Ctx, node: LinedDict, prefix: str, out: dict[str, str],
             lines: dict[str, Location]) -> None:
    for key, value in node.items():
        dotted = f"{prefix}.{key}" if prefix else key
        if isinstance(value, LinedDict):
            _flatten(ctx, value, dotted, out, lines)
        elif isinstance(value, str) and value.strip():
            out[dotted] = value
            lines[dotted] = ctx.loc(node, key)
        else:
            ctx.error(SchemaError, f"text '{dotted}' must be a non-empty string", node, key,
                      hint="quote the text")


def _parse_texts(path: Path, errors: list[DataError]) -> dict[str, dict[str, str]]:
    ctx = _Ctx(path, errors)
    data = _load(path, errors)
    if data is None:
        return {}
    root = ctx.mapping(data, path.name)
    if root is None:
        return {}
    if DEFAULT_LANG not in root:
        ctx.error(SchemaError, f"no '{DEFAULT_LANG}:' section", root, hint="English is required")
        return {}
    by_lang: dict[str, dict[str, str]] = {}
    lines: dict[str, dict[str, Location]] = {}
    for lang, section in root.items():
        node = ctx.mapping(section, f"language '{lang}'", root, lang)
        if node is None:
            continue
        by_lang[lang], lines[lang] = {}, {}
        _flatten(ctx, node, "", by_lang[lang], lines[lang])
    english = by_lang.get(DEFAULT_LANG, {})
    for key, allowed in REQUIRED_TEXTS.items():
        if key not in english:
            ctx.error(SchemaError, f"text '{key}' is missing", root, DEFAULT_LANG,
                      hint=f"add it under {DEFAULT_LANG}: (placeholders: "
                      f"{', '.join(sorted(allowed)) or 'none'})")
    for lang, texts in by_lang.items():
        for key, template in texts.items():
            wanted = REQUIRED_TEXTS.get(key)
            if wanted is None:
                if lang == DEFAULT_LANG:
                    continue
                if key not in english:
                    errors.append(SchemaError(f"'{lang}.{key}' has no English original",
                                              lines[lang][key], hint="check the key's spelling"))
                continue
            extra = placeholders(template) - wanted
            if extra:
                errors.append(SchemaError(
                    f"text '{lang}.{key}' uses unknown placeholders {sorted(extra)}",
                    lines[lang][key],
                    hint=f"allowed: {', '.join(sorted(wanted)) or 'none'}"))
    return by_lang


def _lang_sections(path: Path, errors: list[DataError]) -> tuple[_Ctx, dict[str, LinedDict]]:
    ctx = _Ctx(path, errors)
    data = _load(path, errors)
    if data is None:
        return ctx, {}
    root = ctx.mapping(data, path.name)
    if root is None:
        return ctx, {}
    if DEFAULT_LANG not in root:
        ctx.error(SchemaError, f"no '{DEFAULT_LANG}:' section", root, hint="English is required")
    out: dict[str, LinedDict] = {}
    for lang, section in root.items():
        node = ctx.mapping(section, f"language '{lang}'", root, lang)
        if node is not None:
            out[lang] = node
    return ctx, out


def _parse_advice(path: Path, errors: list[DataError], dims: dict[str, Dimension],
                  where: Locations) -> dict[str, tuple[dict[str, Playbook], tuple[Mismatch, ...]]]:
    ctx, sections = _lang_sections(path, errors)
    out: dict[str, tuple[dict[str, Playbook], tuple[Mismatch, ...]]] = {}
    for lang, node in sections.items():
        ctx.keys(node, ("playbooks", "mismatches"), f"advice '{lang}'")
        books: dict[str, Playbook] = {}
        pnode = ctx.mapping(node.get("playbooks"), "'playbooks'", node, "playbooks")
        if pnode is not None:
            ctx.keys(pnode, LABELS, "playbooks")
            for label in LABELS:
                book = pnode.get(label)
                if book is None:
                    ctx.error(SchemaError, f"playbook '{label}' is missing", pnode,
                              hint=f"add '{label}:' with 'top' and 'more'")
                    continue
                bnode = ctx.mapping(book, f"playbook '{label}'", pnode, label)
                if bnode is None:
                    continue
                ctx.keys(bnode, ("top", "more"), f"playbook '{label}'")
                top = ctx.texts(bnode, "top", f"playbook '{label}'")
                if len(top) != 3:
                    ctx.error(SchemaError, f"playbook '{label}' has {len(top)} top items",
                              bnode, "top", hint="the verdict shows exactly three")
                books[label] = Playbook(top, ctx.texts(bnode, "more", f"playbook '{label}'"))
        mismatches: list[Mismatch] = []
        items = node.get("mismatches")
        mlist = None if items is None else ctx.seq(items, f"advice '{lang}'", node, "mismatches")
        for i, raw in enumerate(mlist or ()):
            m = ctx.mapping(raw, f"mismatch {i + 1}", mlist, i)
            if m is None:
                continue
            ctx.keys(m, ("verdict", "dimension", "answer", "text"), "a mismatch")
            verdict = ctx.text(m, "verdict", f"mismatch {i + 1}")
            did = ctx.text(m, "dimension", f"mismatch {i + 1}")
            aid = ctx.text(m, "answer", f"mismatch {i + 1}")
            text = ctx.text(m, "text", f"mismatch {i + 1}")
            if verdict and verdict not in LABELS:
                ctx.error(SchemaError, f"verdict '{verdict}' must be client, customer or hybrid",
                          m, "verdict", hint=suggest(verdict, LABELS))
                continue
            dim = dims.get(did)
            if did and dim is None:
                ctx.error(UnknownReferenceError, f"mismatch names unknown dimension '{did}'",
                          m, "dimension", hint=suggest(did, dims) or "see dimensions.yaml")
                continue
            if dim is not None and aid and dim.option(aid) is None:
                ctx.error(UnknownReferenceError, f"dimension '{did}' has no answer '{aid}'", m,
                          "answer", hint=suggest(aid, [o.id for o in dim.options])
                          or f"answers: {', '.join(o.id for o in dim.options)}")
                continue
            if verdict and did and aid and text:
                mismatches.append(Mismatch(verdict, did, aid, text))
                where.where[("mismatch", lang, verdict, did, aid)] = ctx.loc(m)
        out[lang] = (books, tuple(mismatches))
    return out


def _parse_faq(path: Path, errors: list[DataError], where: Locations
               ) -> dict[str, tuple[tuple[FaqEntry, ...], tuple[str, ...]]]:
    ctx, sections = _lang_sections(path, errors)
    out: dict[str, tuple[tuple[FaqEntry, ...], tuple[str, ...]]] = {}
    for lang, node in sections.items():
        ctx.keys(node, ("industry_questions", "entries"), f"faq '{lang}'")
        patterns = ctx.texts(node, "industry_questions", f"faq '{lang}'", required=False)
        pnode = node.get("industry_questions")
        for i, pattern in enumerate(patterns):
            try:
                compiled = re.compile(pattern)
            except re.error as exc:
                ctx.error(SchemaError, f"industry question pattern is not a valid regex: {exc}",
                          pnode, i, hint="escape special characters")
                continue
            if "industry" not in compiled.groupindex:
                ctx.error(SchemaError, "industry question pattern has no (?P<industry>...) "
                          "group", pnode, i, hint="name the part that holds the business")
        entries: list[FaqEntry] = []
        seen: dict[str, int] = {}
        items = ctx.seq(node.get("entries"), f"faq '{lang}'", node, "entries")
        for i, raw in enumerate(items or ()):
            e = ctx.mapping(raw, f"faq entry {i + 1}", items, i)
            if e is None:
                continue
            ctx.keys(e, ("id", "questions", "answer", "keywords"), "a faq entry")
            fid = ctx.ident(e, "id", f"faq entry {i + 1}")
            if fid in seen:
                ctx.error(DuplicateIdError, f"faq id '{fid}' is used twice (first on line "
                          f"{seen[fid]})", e, "id", hint="give each entry its own id")
            seen[fid] = e.line_of("id")
            questions = ctx.texts(e, "questions", f"faq '{fid}'")
            qnode = e.get("questions")
            for k, q in enumerate(questions):
                loc = ctx.loc(qnode, k) if isinstance(qnode, LinedList) else ctx.loc(e)
                where.where.setdefault(("faq", lang, q.lower()), loc)
            keywords = tuple(tuple(words(k)) for k in ctx.texts(e, "keywords", f"faq '{fid}'",
                                                                 required=False))
            entries.append(FaqEntry(fid, questions, ctx.text(e, "answer", f"faq '{fid}'"),
                                    tuple(k for k in keywords if k)))
        out[lang] = (tuple(entries), patterns)
    return out


# --- the whole knowledge base ----------------------------------------------------------------

def _parse(knowledge_dir: Path) -> tuple[KnowledgeBase | None, Locations, list[DataError]]:
    errors: list[DataError] = []
    where = Locations()
    if not knowledge_dir.is_dir():
        return None, where, [SchemaError("knowledge folder not found", Location(
            str(knowledge_dir)), hint="set ADVISOR_KNOWLEDGE to the knowledge folder")]
    required = ("dimensions.yaml", "texts.yaml", "advice.yaml", "faq.yaml")
    for name in required:
        if not (knowledge_dir / name).is_file():
            errors.append(SchemaError(f"{name} is missing", Location(str(knowledge_dir / name)),
                                      hint="see docs/knowledge.md for its format"))
    if not (knowledge_dir / "industries").is_dir():
        errors.append(SchemaError("industries/ folder is missing",
                                  Location(str(knowledge_dir / "industries")),
                                  hint="add industries/<sector>.yaml files"))
    if errors:
        return None, where, errors
    dims = _parse_dimensions(knowledge_dir / "dimensions.yaml", errors, where)
    dim_map = {d.id: d for d in dims}
    sectors, industries = _parse_industries(knowledge_dir / "industries", errors, where)
    texts = _parse_texts(knowledge_dir / "texts.yaml", errors)
    advice = _parse_advice(knowledge_dir / "advice.yaml", errors, dim_map, where)
    faq = _parse_faq(knowledge_dir / "faq.yaml", errors, where)
    from bot.kb.counsel_loader import parse_counsel

    counsel = parse_counsel(knowledge_dir / "advice", errors, dims, industries,
                            {s.id for s in sectors})
    from bot.kb.answer_vocab import parse_answers  # it builds on this module's _Ctx

    answers = parse_answers(knowledge_dir / "answers.yaml", errors,
                            {d.id: tuple(o.id for o in d.options) for d in dims if d.options})
    if errors or DEFAULT_LANG not in texts:
        return None, where, errors
    langs: dict[str, LangPack] = {}
    for lang in sorted(set(texts) | set(advice) | set(faq)):
        books, mismatches = advice.get(lang, advice.get(DEFAULT_LANG, ({}, ())))
        entries, patterns = faq.get(lang, faq.get(DEFAULT_LANG, ((), ())))
        if lang != DEFAULT_LANG and not books:
            books = advice.get(DEFAULT_LANG, ({}, ()))[0]
        langs[lang] = LangPack(texts.get(lang, {}), books, mismatches, entries, patterns)
    kb = KnowledgeBase(dimensions=dims, sectors=sectors, industries=industries, langs=langs,
                       default_lang=DEFAULT_LANG, counsel=counsel,
                       answers=answers)
    return kb, where, errors


def validate_knowledge(knowledge_dir: Path) -> list[DataError]:
    """Every problem of the knowledge base (schema, references, lint); never raises for data."""
    from bot.kb.lint import lint

    kb, where, errors = _parse(knowledge_dir)
    if kb is not None:
        errors.extend(lint(kb, where))
    return errors


def load_knowledge(knowledge_dir: Path) -> KnowledgeBase:
    """The validated knowledge base; raises DataErrors listing every problem."""
    from bot.kb.lint import lint

    kb, where, errors = _parse(knowledge_dir)
    if kb is not None:
        errors.extend(lint(kb, where))
    DataErrors.raise_if_any(errors)
    assert kb is not None
    return kb
