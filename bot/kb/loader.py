"""Load the knowledge base: schema check -> typed objects -> logic checks -> lint.

Each file passes its pydantic schema (`bot.core.schema`: unknown keys get a "did you mean", every
error names file:line); then the logic checks (ids used once, references that exist, required
texts); then lint (`bot.kb.lint`), once the whole knowledge base parses. Every problem becomes a
`DataError`; all of them are reported together (`DataErrors`), so one run shows everything.
"""

from __future__ import annotations

from pathlib import Path

from bot.core.errors import DataError, DataErrors, Location, SchemaError
from bot.kb.answers_file import parse_answers
from bot.kb.counsel_loader import parse_counsel
from bot.kb.dimensions_file import parse_dimensions
from bot.kb.industries_file import parse_industries
from bot.kb.lang_files import DEFAULT_LANG, Advice, Faq, parse_advice, parse_faq, parse_texts
from bot.kb.lint import lint
from bot.kb.locations import Locations
from bot.kb.model import KnowledgeBase, LangPack

__all__ = ["DEFAULT_LANG", "load_knowledge", "validate_knowledge"]

REQUIRED_FILES = ("dimensions.yaml", "texts.yaml", "advice.yaml", "faq.yaml")


def _missing(knowledge_dir: Path) -> list[DataError]:
    """The folder or the files every knowledge base needs, when absent."""
    if not knowledge_dir.is_dir():
        return [
            SchemaError(
                "knowledge folder not found",
                Location(str(knowledge_dir)),
                hint="set ADVISOR_KNOWLEDGE to the knowledge folder",
            )
        ]
    errors: list[DataError] = [
        SchemaError(
            f"{name} is missing",
            Location(str(knowledge_dir / name)),
            hint="see docs/knowledge.md for its format",
        )
        for name in REQUIRED_FILES
        if not (knowledge_dir / name).is_file()
    ]
    if not (knowledge_dir / "industries").is_dir():
        errors.append(
            SchemaError(
                "industries/ folder is missing",
                Location(str(knowledge_dir / "industries")),
                hint="add industries/<sector>.yaml files",
            )
        )
    return errors


def _langs(
    texts: dict[str, dict[str, str]], advice: dict[str, Advice], faq: dict[str, Faq]
) -> dict[str, LangPack]:
    """One language pack per language any file speaks; English fills the gaps."""
    langs: dict[str, LangPack] = {}
    for lang in sorted(set(texts) | set(advice) | set(faq)):
        books, mismatches = advice.get(lang, advice.get(DEFAULT_LANG, ({}, ())))
        entries, patterns = faq.get(lang, faq.get(DEFAULT_LANG, ((), ())))
        if lang != DEFAULT_LANG and not books:
            books = advice.get(DEFAULT_LANG, ({}, ()))[0]
        langs[lang] = LangPack(texts.get(lang, {}), books, mismatches, entries, patterns)
    return langs


def _parse(knowledge_dir: Path) -> tuple[KnowledgeBase | None, Locations, list[DataError]]:
    where = Locations()
    errors = _missing(knowledge_dir)
    if errors:
        return None, where, errors
    dims = parse_dimensions(knowledge_dir / "dimensions.yaml", errors, where)
    dim_map = None if dims is None else {d.id: d for d in dims}
    found = parse_industries(knowledge_dir / "industries", errors, where)
    industries = tuple(found.industries) if found.complete else None
    sectors = {s.id for s in found.sectors} if found.complete else None
    texts = parse_texts(knowledge_dir / "texts.yaml", errors)
    advice = parse_advice(knowledge_dir / "advice.yaml", errors, dim_map, where)
    faq = parse_faq(knowledge_dir / "faq.yaml", errors, where)
    counsel = parse_counsel(knowledge_dir / "advice", errors, dims, industries, sectors)
    options = (
        None if dims is None else {d.id: tuple(o.id for o in d.options) for d in dims if d.options}
    )
    answers = parse_answers(knowledge_dir / "answers.yaml", errors, options)
    if errors or dims is None:
        return None, where, errors
    kb = KnowledgeBase(
        dimensions=dims,
        sectors=tuple(found.sectors),
        industries=tuple(found.industries),
        langs=_langs(texts, advice, faq),
        default_lang=DEFAULT_LANG,
        counsel=counsel,
        answers=answers,
    )
    return kb, where, errors


def validate_knowledge(knowledge_dir: Path) -> list[DataError]:
    """Every problem of the knowledge base (schema, references, lint); never raises for data."""
    kb, where, errors = _parse(knowledge_dir)
    if kb is not None:
        errors.extend(lint(kb, where))
    return errors


def load_knowledge(knowledge_dir: Path) -> KnowledgeBase:
    """The validated knowledge base; raises DataErrors listing every problem."""
    kb, where, errors = _parse(knowledge_dir)
    if kb is not None:
        errors.extend(lint(kb, where))
    DataErrors.raise_if_any(errors)
    assert kb is not None
    return kb
