"""knowledge/dimensions.yaml: its schema, then the logic checks (ids, all ten dimensions)."""

from pathlib import Path
from typing import Annotated, Any, Self, cast

from pydantic import model_validator

from bot.core.errors import DataError, DuplicateIdError, SchemaError
from bot.core.schema import rule_error
from bot.core.yamlio import LinedList
from bot.kb.fields import (
    Ident,
    KbSchema,
    Number,
    SomeTexts,
    Text,
    Texts,
    at,
    in_range,
    one_of,
    read,
)
from bot.kb.locations import Locations
from bot.kb.model import DIMENSION_IDS, SIDES, Cue, Dimension, Option, Side


class OptionSchema(KbSchema):
    """One answer to a dimension's question."""

    id: Ident
    label: Text
    synonyms: Texts = ()
    score: Annotated[Number, in_range(-1.0, 1.0)]


class CueGroupSchema(KbSchema):
    """Phrases in a description that are evidence for one side."""

    side: Annotated[Text, one_of(SIDES, what="cue side")]
    weight: Annotated[Number, in_range(0.0, 3.0)]
    phrases: SomeTexts


class DimensionSchema(KbSchema):
    """One way clients and customers differ."""

    id: Ident
    name: Text
    client: Text
    customer: Text
    weight: Annotated[Number, in_range(0.0, 5.0)]
    question: Text
    meaning: Text | None = None  # what the question asks, for "what do you mean?"
    options: tuple[OptionSchema, ...] = ()
    cues: tuple[CueGroupSchema, ...] = ()

    @model_validator(mode="after")
    def _options_fit(self) -> Self:
        if self.id == "industry" and self.options:
            raise rule_error(
                SchemaError,
                "the industry dimension takes no options (the matcher answers it)",
                hint="remove 'options'",
                key="options",
            )
        if self.id != "industry" and len(self.options) < 2:
            raise rule_error(
                SchemaError,
                f"dimension '{self.id}' needs at least two options",
                hint="usually three: client-like, mixed, customer-like",
                key="options",
            )
        return self


class DimensionsFile(KbSchema):
    """The whole file."""

    dimensions: tuple[DimensionSchema, ...]


def parse_dimensions(
    path: Path, errors: list[DataError], where: Locations
) -> tuple[Dimension, ...] | None:
    """The dimensions in interview order, or None when the file fails its schema."""
    parsed, data = read(DimensionsFile, path, errors)
    if parsed is None:
        return None
    items = data["dimensions"]
    dims: list[Dimension] = []
    seen: dict[str, int] = {}
    for raw, dim in zip(items, parsed.dimensions, strict=True):
        if dim.id in seen:
            errors.append(
                DuplicateIdError(
                    f"dimension id '{dim.id}' is used twice (first on line {seen[dim.id]})",
                    at(path, raw, "id"),
                    hint="give each dimension its own id",
                )
            )
        seen[dim.id] = raw.line_of("id")
        where.put(("dimension", dim.id), at(path, raw, "id"))
        dims.append(
            Dimension(
                dim.id,
                dim.name,
                dim.client,
                dim.customer,
                dim.weight,
                dim.question,
                _options(path, raw, dim, errors, where),
                _cues(path, raw, dim, where),
                dim.meaning or "",
            )
        )
    missing = [d for d in DIMENSION_IDS if d not in seen]
    if missing:
        errors.append(
            SchemaError(
                f"dimensions missing: {', '.join(missing)}",
                at(path, items),
                hint="every knowledge base defines all ten dimensions",
            )
        )
    order = {d: n for n, d in enumerate(DIMENSION_IDS)}
    return tuple(sorted(dims, key=lambda d: order.get(d.id, len(order))))


def _options(
    path: Path, raw: Any, dim: DimensionSchema, errors: list[DataError], where: Locations
) -> tuple[Option, ...]:
    seen: set[str] = set()
    for opt, node in zip(dim.options, raw.get("options") or (), strict=True):
        if opt.id in seen:
            errors.append(
                DuplicateIdError(
                    f"option id '{opt.id}' is used twice in '{dim.id}'",
                    at(path, node, "id"),
                    hint="give each option its own id",
                )
            )
        seen.add(opt.id)
        where.where[("option", dim.id, opt.id)] = at(path, node, "id")
    return tuple(Option(o.id, o.label, o.synonyms, o.score) for o in dim.options)


def _cues(path: Path, raw: Any, dim: DimensionSchema, where: Locations) -> tuple[Cue, ...]:
    out: list[Cue] = []
    for group, node in zip(dim.cues, raw.get("cues") or (), strict=True):
        phrases = node["phrases"]
        loc = at(path, phrases if isinstance(phrases, LinedList) else node)
        for phrase in group.phrases:
            out.append(Cue(phrase, cast(Side, group.side), group.weight, dim.id))
            where.put(("cue", phrase.lower()), loc)
    return tuple(out)
