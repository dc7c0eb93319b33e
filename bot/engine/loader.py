"""Flow loading, in Rasa's order: YAML syntax, then schema, then typed objects.

The schema is declared in `flow_schema.py` (each kind narrows it in its own module) and checked
through the one adapter, `bot.core.schema`. Logic checks (targets, reachability, slot order…) run
afterwards in `validation.py`. Every problem found is collected, so one run reports all of
them, each naming file:line.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bot.core.errors import DataError, DataErrors, DuplicateIdError, Location, SchemaError
from bot.core.schema import validate
from bot.core.yamlio import LinedDict, LinedList, load_text
from bot.engine.flow_schema import ID_RE, FlowSchema, StepSchema, UnknownKindSchema
from bot.engine.groups import GUARDS
from bot.engine.model import Branch, Flow, OptionDef, StepDef
from bot.engine.steps import KINDS


def _step(raw: LinedDict, path: str, flow: str | None) -> StepDef:
    """One step checked by its kind's schema (DataErrors if broken)."""
    sid = raw.get("id")
    kind = KINDS.get(raw["kind"]) if isinstance(raw.get("kind"), str) else None
    schema = kind.schema if kind is not None else UnknownKindSchema
    model = validate(
        schema,
        raw,
        path,
        what="a step",
        flow=flow,
        step=None if sid is None else str(sid),
        context={"kinds": tuple(KINDS), "guards": tuple(GUARDS)},
    )
    prompt, prompts = model.prompt or ("", {})
    return StepDef(
        id=model.id,
        kind=model.kind,
        prompt=prompt,
        slot=model.slot or model.default_slot(),
        options=_options(model, raw),
        next=_branches(model, raw),
        dimension=model.dimension,
        skippable=model.skippable,
        max_length=model.max_length,
        prompts=prompts,
        line=raw.line,
        ask_if=model.ask_if,
    )


def _options(model: StepSchema, raw: LinedDict) -> tuple[OptionDef, ...]:
    """A checked step's options, each with its line in the file."""
    raw_options = raw.get("options")
    return tuple(
        OptionDef(
            o.id,
            o.label[0] if o.label else "",
            o.synonyms,
            o.next,
            o.label[1] if o.label else {},
            raw_options.line_of(i),
        )
        for i, o in enumerate(model.options or ())
        if isinstance(raw_options, LinedList)
    )


def _branches(model: StepSchema, raw: LinedDict) -> tuple[Branch, ...]:
    """A checked step's `next:` branches, each with its line (or the `next:` key's line)."""
    raw_next = raw.get("next")
    return tuple(
        Branch(
            b.goto,
            b.when,
            raw_next.line_of(i) if isinstance(raw_next, LinedList) else raw.line_of("next"),
        )
        for i, b in enumerate(model.next)
    )


def _steps(
    raw_steps: Any, path: str, flow: str | None
) -> tuple[dict[str, StepDef], list[DataError]]:
    steps: dict[str, StepDef] = {}
    errors: list[DataError] = []
    if not isinstance(raw_steps, LinedList):
        return steps, errors
    for raw in raw_steps:
        if not isinstance(raw, LinedDict):
            continue  # the flow's schema reports it
        try:
            step = _step(raw, path, flow)
        except DataErrors as exc:
            errors += exc.errors
            continue
        if step.id in steps:
            errors.append(
                DuplicateIdError(
                    f"step id '{step.id}' is used twice (first at line {steps[step.id].line})",
                    Location(path, step.line),
                    flow=flow,
                    step=step.id,
                    hint="rename one of the steps",
                )
            )
            continue
        steps[step.id] = step
    return steps, errors


def parse_flow(text: str, path: str) -> tuple[Flow | None, list[DataError]]:
    """Schema check and typed objects for one flow file; logic is checked separately."""
    data = load_text(text, path)
    if not isinstance(data, LinedDict):
        return None, [
            SchemaError(
                "a flow file must be a mapping with 'flow', 'start' and 'steps'", Location(path, 1)
            )
        ]
    fid = data.get("flow") if isinstance(data.get("flow"), str) else None
    fid = fid if fid and ID_RE.match(fid) else None
    errors: list[DataError] = []
    top: FlowSchema | None = None
    try:
        top = validate(FlowSchema, data, path, what="the flow", flow=fid)
    except DataErrors as exc:
        errors += exc.errors
    # the steps are checked even when the top level is broken: one run reports everything
    steps, step_errors = _steps(data.get("steps"), path, fid)
    errors += step_errors
    if top is None or fid is None or errors:
        return None, errors  # logic checks run on sound flows only (no errors of broken steps)
    title = top.title[0] if top.title else fid
    start = top.start if top.start is not None else next(iter(steps), "")
    version = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return Flow(fid, version, title, start, steps, path), errors


def read_flow(path: Path) -> tuple[Flow | None, list[DataError]]:
    """Read and parse one flow file, collecting errors instead of raising them."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [SchemaError(f"cannot read file: {exc}", Location(str(path)))]
    try:
        return parse_flow(text, str(path))
    except DataError as exc:
        return None, [exc]


def flow_files(paths: Iterable[Path]) -> list[Path]:
    """Flow files among `paths` (folders are searched for *.yaml, except messages.yaml)."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found += sorted(x for x in p.glob("*.y*ml") if x.name not in ("messages.yaml",))
        else:
            found.append(p)
    return found
