"""knowledge/industries/*.yaml (one sector per file): schema, then ids unique across files."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, cast

from bot.core.errors import DataError, DuplicateIdError, Location, SchemaError
from bot.core.yamlio import LinedList
from bot.kb.fields import Ident, KbSchema, Text, Texts, at, one_of, read
from bot.kb.locations import Locations
from bot.kb.model import LABELS, OFFERS, Industry, Label, Sector


class SectorSchema(KbSchema):
    """The sector a file describes."""

    id: Ident
    name: Text
    # what its industries sell, unless one says otherwise: the specialisation question is put
    # in terms of products to those selling goods (dialogues/main.yaml)
    offer: Annotated[Text, one_of(OFFERS, what="offer")] = "services"


class IndustrySchema(KbSchema):
    """A kind of business, its usual label and the ways people name it."""

    id: Ident
    name: Text
    label: Annotated[Text, one_of(LABELS, what="label")]
    why: Text
    aliases: Texts = ()
    # how owners describe the trade in everyday words: read by the trade words only, never
    # matched as aliases (a loose phrase there would take texts it was never meant for)
    described: Texts = ()
    # how statistics offices title the industry ("Offices of Lawyers", "Retail sale of books in
    # specialised stores"): matched as aliases once read as everyday words (titles.read_title)
    titles: Texts = ()
    offer: Annotated[Text, one_of(OFFERS, what="offer")] | None = None  # (else the sector's)


class IndustryFile(KbSchema):
    """One file: a sector and its industries."""

    sector: SectorSchema
    industries: tuple[IndustrySchema, ...]


@dataclass
class Industries:
    """What the industry files hold; `complete` is False when one failed its schema (so
    references to industries cannot be checked)."""

    sectors: list[Sector] = field(default_factory=list)
    industries: list[Industry] = field(default_factory=list)
    complete: bool = True


def parse_industries(folder: Path, errors: list[DataError], where: Locations) -> Industries:
    """Every sector and industry of `folder`, in file order."""
    out = Industries()
    files = sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))
    if not files:
        errors.append(
            SchemaError(
                "no industry files", Location(str(folder)), hint="add industries/<sector>.yaml"
            )
        )
    sector_seen: dict[str, str] = {}
    ind_seen: dict[str, str] = {}
    for path in files:
        parsed, data = read(IndustryFile, path, errors)
        if parsed is None:
            out.complete = False
            continue
        sid = parsed.sector.id
        if sid in sector_seen:
            errors.append(
                DuplicateIdError(
                    f"sector '{sid}' is also defined in {sector_seen[sid]}",
                    at(path, data["sector"], "id"),
                    hint="one file per sector",
                )
            )
        else:
            sector_seen[sid] = str(path)
            out.sectors.append(Sector(sid, parsed.sector.name))
            where.put(("sector", sid), at(path, data["sector"], "id"))
        for ind, raw in zip(parsed.industries, data["industries"], strict=True):
            if ind.id in ind_seen:
                errors.append(
                    DuplicateIdError(
                        f"industry id '{ind.id}' is also used in {ind_seen[ind.id]}",
                        at(path, raw, "id"),
                        hint="rename one of them",
                    )
                )
                continue
            ind_seen[ind.id] = f"{path}:{raw.line_of('id')}"
            _place(path, raw, ind, where)
            out.industries.append(_industry(ind, sid, ind.offer or parsed.sector.offer))
    return out


def _industry(ind: IndustrySchema, sector: str, offer: str) -> Industry:
    label = cast(Label, ind.label)
    return Industry(
        ind.id, ind.name, label, ind.why, sector, ind.aliases, ind.described, ind.titles, offer
    )


def _place(path: Path, raw: Any, ind: IndustrySchema, where: Locations) -> None:
    """Where the industry and each of its aliases stand (lint names them)."""
    where.where[("industry", ind.id)] = at(path, raw, "id")
    anode = raw.get("aliases")
    for k, alias in enumerate(ind.aliases):
        loc = at(path, anode, k) if isinstance(anode, LinedList) else at(path, raw, "id")
        where.put(("alias", ind.id, alias), loc)
