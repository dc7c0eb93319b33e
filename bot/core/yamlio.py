"""YAML loading that remembers line numbers, so every data error can name file:line.

Mappings load as `LinedDict` and sequences as `LinedList`; both know the line they start on
and the line of each key or item. Uses libyaml's C parser when PyYAML has it (start-up speed).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.core.errors import DataError, Location, YamlSyntaxError

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LinedDict(dict[str, Any]):
    """A mapping that knows where it and each of its keys stand (1-based lines)."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LinedList(list[Any]):
    """A sequence that knows where it and each of its items stand (1-based lines)."""

    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if 0 <= index < len(self.item_lines) else self.line


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """SafeLoader whose containers carry line numbers."""


_STR_TAG = "tag:yaml.org,2002:str"


def _construct(loader: _Loader, node: yaml.Node) -> Any:
    """A node's value; a plain string skips the generic dispatch (most of a file's scalars,
    and a good part of the knowledge base's load time)."""
    if node.tag == _STR_TAG and isinstance(node, yaml.ScalarNode):
        return node.value
    return loader.construct_object(node, deep=True)


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LinedDict:
    loader.flatten_mapping(node)
    result = LinedDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "mapping keys must be plain scalars", key_node.start_mark
            )
        skey = str(key)
        if skey in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {skey!r}", key_node.start_mark
            )
        result[skey] = _construct(loader, value_node)
        result.key_lines[skey] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LinedList:
    result = LinedList([_construct(loader, child) for child in node.value])
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_text(text: str, path: str) -> Any:
    """Parse YAML text; syntax errors become YamlSyntaxError naming path:line."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlSyntaxError(
            problem, Location(path, line), hint="check indentation, colons and quotes"
        ) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(str(exc), Location(path)) from None


def load_file(path: Path) -> Any:
    """Read and parse one YAML file (UTF-8)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise DataError(
            f"cannot read file: {why}",
            Location(str(path)),
            hint="check the path and the file's permissions",
        ) from None
    return load_text(text, str(path))
