"""Flow loading, in Rasa's order: YAML syntax, then schema, then typed objects.

Logic checks (targets, reachability, slot order…) run afterwards in `validation.py`. Every
problem found is collected, so one run reports all of them, each naming file:line.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bot.core.errors import DataError, DuplicateIdError, Location, SchemaError
from bot.core.suggest import hint
from bot.core.yamlio import LinedDict, LinedList, load_text
from bot.engine.groups import GUARDS
from bot.engine.model import OPS, STEP_KINDS, Branch, Condition, Flow, OptionDef, StepDef

# 24 characters at most: a button carries "<question no>|<step id>|<option id>" in Telegram's
# 64 bytes of callback data, so two ids of 24 always fit.
ID_RE = re.compile(r"^[a-z][a-z0-9_]{0,23}$")
FLOW_KEYS = ("flow", "title", "start", "steps")
STEP_KEYS = ("id", "kind", "prompt", "slot", "options", "next", "dimension", "skippable",
             "max_length", "ask_if")
OPTION_KEYS = ("id", "label", "synonyms", "next")
BRANCH_KEYS = ("when", "goto")
ID_HINT = "ids are 1-24 characters: lowercase letters, digits and _, starting with a letter"


class _Collector:
    """Gathers errors for one file with the flow and step they concern."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.flow: str | None = None
        self.errors: list[DataError] = []

    def add(self, cls: type[DataError], message: str, line: int | None, *,
            step: str | None = None, hint: str | None = None) -> None:
        self.errors.append(cls(message, Location(self.path, line), flow=self.flow, step=step,
                               hint=hint))


def _unknown_keys(node: LinedDict, allowed: Iterable[str], what: str, c: _Collector,
                  step: str | None = None) -> None:
    allowed = tuple(allowed)
    for key in node:
        if key not in allowed:
            c.add(SchemaError, f"unknown key '{key}' in {what}", node.line_of(key), step=step,
                  hint=hint(key, allowed) or f"allowed keys: {', '.join(allowed)}")


def _text(node: LinedDict, key: str, c: _Collector, step: str | None, *,
          required: bool) -> tuple[str, dict[str, str]]:
    """A user-facing text: a string (English) or a mapping of language -> string."""
    value = node.get(key)
    if value is None:
        if required:
            c.add(SchemaError, f"missing '{key}'", node.line, step=step,
                  hint=f"add a '{key}:' line")
        return "", {}
    if isinstance(value, str) and value.strip():
        return value, {}
    if isinstance(value, LinedDict) and value and all(
        isinstance(v, str) and v.strip() for v in value.values()
    ):
        if "en" not in value:
            c.add(SchemaError, f"'{key}' has translations but no 'en'", node.line_of(key),
                  step=step, hint="English is the default language; add an 'en:' entry")
            return "", {}
        return str(value["en"]), {str(k): str(v) for k, v in value.items()}
    c.add(SchemaError, f"'{key}' must be a non-empty string or a mapping of language to text",
          node.line_of(key), step=step)
    return "", {}


def _ident(value: Any, what: str, line: int | None, c: _Collector, step: str | None) -> str:
    if not isinstance(value, str) or not ID_RE.match(value):
        c.add(SchemaError, f"{what} {value!r} is not a valid id", line, step=step, hint=ID_HINT)
        return str(value)
    return value


def _condition(node: Any, line: int, c: _Collector, step: str) -> Condition | None:
    if not isinstance(node, LinedDict):
        c.add(SchemaError, "'when' must be a mapping like {slot: x, eq: value}", line, step=step)
        return None
    slot = node.get("slot")
    ops = [k for k in node if k != "slot"]
    if not isinstance(slot, str) or len(ops) != 1 or ops[0] not in OPS:
        bad = next((k for k in ops if k not in OPS), None)
        c.add(SchemaError, "'when' needs 'slot' and exactly one of " + ", ".join(OPS),
              node.line, step=step, hint=hint(bad, OPS) if bad else None)
        return None
    op = ops[0]
    raw = node[op]
    if op in ("set", "unset"):
        return Condition(slot, op)
    if op in ("in", "not_in"):
        if not isinstance(raw, list) or not raw:
            c.add(SchemaError, f"'{op}' needs a non-empty list", node.line_of(op), step=step)
            return None
        return Condition(slot, op, tuple(str(v) for v in raw))
    if isinstance(raw, list | dict) or raw is None:
        c.add(SchemaError, f"'{op}' needs a single value", node.line_of(op), step=step)
        return None
    return Condition(slot, op, (str(raw).lower() if isinstance(raw, bool) else str(raw),))


def _branches(node: LinedDict, c: _Collector, step: str) -> tuple[Branch, ...]:
    raw = node.get("next")
    if raw is None:
        return ()
    if isinstance(raw, str):
        return (Branch(raw, None, node.line_of("next")),)
    if not isinstance(raw, LinedList):
        c.add(SchemaError, "'next' must be a step id or a list of {when, goto}",
              node.line_of("next"), step=step)
        return ()
    out: list[Branch] = []
    for i, item in enumerate(raw):
        line = raw.line_of(i)
        if not isinstance(item, LinedDict) or not isinstance(item.get("goto"), str):
            c.add(SchemaError, "each branch needs 'goto: <step id>'", line, step=step)
            continue
        _unknown_keys(item, BRANCH_KEYS, "a branch", c, step)
        cond = _condition(item["when"], item.line_of("when"), c, step) if "when" in item else None
        if "when" in item and cond is None:
            continue
        out.append(Branch(item["goto"], cond, line))
    return tuple(out)


def _options(node: LinedDict, c: _Collector, step: str) -> tuple[OptionDef, ...]:
    raw = node.get("options")
    if raw is None:
        return ()
    if not isinstance(raw, LinedList) or not raw:
        c.add(SchemaError, "'options' must be a non-empty list", node.line_of("options"),
              step=step)
        return ()
    out: list[OptionDef] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        line = raw.line_of(i)
        if not isinstance(item, LinedDict):
            c.add(SchemaError, "each option must be a mapping with 'id' and 'label'", line,
                  step=step)
            continue
        _unknown_keys(item, OPTION_KEYS, "an option", c, step)
        oid = _ident(item.get("id"), "option id", line, c, step)
        if oid in seen:
            c.add(DuplicateIdError, f"option id '{oid}' is used twice", line, step=step,
                  hint="give each option of a step its own id")
        seen.add(oid)
        label, labels = _text(item, "label", c, step, required=True)
        syn = item.get("synonyms", [])
        if not isinstance(syn, list) or not all(isinstance(s, str) for s in syn):
            c.add(SchemaError, "'synonyms' must be a list of strings", item.line_of("synonyms"),
                  step=step)
            syn = []
        nxt = item.get("next")
        if nxt is not None and not isinstance(nxt, str):
            c.add(SchemaError, "an option's 'next' must be a step id", item.line_of("next"),
                  step=step)
            nxt = None
        out.append(OptionDef(oid, label, tuple(syn), nxt, labels, line))
    return tuple(out)


def _step(node: Any, line: int, c: _Collector) -> StepDef | None:
    if not isinstance(node, LinedDict):
        c.add(SchemaError, "each step must be a mapping", line)
        return None
    sid = _ident(node.get("id"), "step id", node.line, c, None) if "id" in node else None
    if sid is None:
        c.add(SchemaError, "step without 'id'", node.line, hint="add 'id: <step id>'")
        return None
    _unknown_keys(node, STEP_KEYS, "a step", c, sid)
    kind = node.get("kind")
    if kind not in STEP_KINDS:
        c.add(SchemaError, f"unknown kind {kind!r}", node.line_of("kind"), step=sid,
              hint=hint(str(kind), STEP_KINDS) or f"kinds: {', '.join(STEP_KINDS)}")
        return None
    prompt_required = kind not in ("dimension", "result")
    prompt, prompts = _text(node, "prompt", c, sid, required=prompt_required)
    slot = node.get("slot")
    if slot is not None:
        slot = _ident(slot, "slot", node.line_of("slot"), c, sid)
    options = _options(node, c, sid)
    if kind == "choice" and not options:
        c.add(SchemaError, "a choice step needs 'options'", node.line, step=sid)
    # a dimension step may relabel its answers (ids from knowledge/dimensions.yaml)
    if kind not in ("choice", "dimension") and options:
        c.add(SchemaError, f"a {kind} step takes no 'options'", node.line_of("options"),
              step=sid, hint="only choice steps list options, and dimension steps relabel them")
    dimension = node.get("dimension")
    if kind == "dimension" and not isinstance(dimension, str):
        c.add(SchemaError, "a dimension step needs 'dimension: <dimension id>'", node.line,
              step=sid)
    if kind in ("choice", "text", "confirm") and slot is None:
        c.add(SchemaError, f"a {kind} step needs a 'slot' to store the answer in", node.line,
              step=sid)
    skippable = node.get("skippable", True)
    if not isinstance(skippable, bool):
        c.add(SchemaError, "'skippable' must be true or false", node.line_of("skippable"),
              step=sid)
        skippable = True
    max_length = node.get("max_length", 500)
    if not isinstance(max_length, int) or max_length < 1:
        c.add(SchemaError, "'max_length' must be a positive whole number",
              node.line_of("max_length"), step=sid)
        max_length = 500
    ask_if = node.get("ask_if")
    if ask_if is not None and ask_if not in GUARDS:
        c.add(SchemaError, f"unknown 'ask_if' condition {ask_if!r}", node.line_of("ask_if"),
              step=sid, hint=hint(str(ask_if), tuple(GUARDS))
              or f"conditions: {', '.join(GUARDS)}")
        ask_if = None
    if kind == "dimension" and slot is None and isinstance(dimension, str):
        slot = dimension
    if kind == "industry" and slot is None:
        slot = "industry"
    return StepDef(
        id=sid, kind=kind, prompt=prompt, slot=slot, options=options,
        next=_branches(node, c, sid), dimension=dimension if isinstance(dimension, str) else None,
        skippable=skippable, max_length=max_length, prompts=prompts, line=node.line,
        ask_if=ask_if,
    )


def parse_flow(text: str, path: str) -> tuple[Flow | None, list[DataError]]:
    """Schema check and typed objects for one flow file; logic is checked separately."""
    c = _Collector(path)
    data = load_text(text, path)
    if not isinstance(data, LinedDict):
        c.add(SchemaError, "a flow file must be a mapping with 'flow', 'start' and 'steps'", 1)
        return None, c.errors
    _unknown_keys(data, FLOW_KEYS, "the flow", c)
    fid = data.get("flow")
    if not isinstance(fid, str) or not ID_RE.match(fid):
        c.add(SchemaError, f"missing or invalid 'flow' id {fid!r}", data.line_of("flow"),
              hint=ID_HINT)
        return None, c.errors
    c.flow = fid
    title, _ = _text(data, "title", c, None, required=False)
    steps_raw = data.get("steps")
    if not isinstance(steps_raw, LinedList) or not steps_raw:
        c.add(SchemaError, "'steps' must be a non-empty list", data.line_of("steps"))
        return None, c.errors
    steps: dict[str, StepDef] = {}
    for i, raw in enumerate(steps_raw):
        step = _step(raw, steps_raw.line_of(i), c)
        if step is None:
            continue
        if step.id in steps:
            c.add(DuplicateIdError, f"step id '{step.id}' is used twice (first at line "
                  f"{steps[step.id].line})", step.line, step=step.id,
                  hint="rename one of the steps")
            continue
        steps[step.id] = step
    start = data.get("start", next(iter(steps), ""))
    if not isinstance(start, str):
        c.add(SchemaError, "'start' must be a step id", data.line_of("start"))
        start = ""
    version = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return Flow(fid, version, title or fid, start, steps, path), c.errors


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
