"""knowledge/examples.yaml: owners' own descriptions, each under its industry.

They are the labelled descriptions written for this project's tests (tests/kb/fixtures), all
but the held-back sets; `python -m tests.kb.gather_examples` writes the file, and a test fails
when it is stale. Their words feed the trade words only (`bot.kb.trade_words`), never the
aliases: a description is no name. Optional; an unknown industry id is an error at its line.
"""

from collections.abc import Collection
from pathlib import Path

from pydantic import Field

from bot.core.errors import DataError, KnowledgeError
from bot.core.suggest import hint
from bot.kb.fields import Ident, KbSchema, Texts, at, read

Examples = dict[str, tuple[str, ...]]


class ExamplesFile(KbSchema):
    """The whole file: industry id -> descriptions."""

    examples: dict[Ident, Texts] = Field(default_factory=dict)


def parse_examples(
    path: Path, errors: list[DataError], industry_ids: Collection[str] | None
) -> Examples:
    """The descriptions in `path` by industry (none when absent); `industry_ids`: the known
    ids (None: the industries did not load, so references are not checked)."""
    if not path.is_file():
        return {}
    p, tree = read(ExamplesFile, path, errors)
    if p is None:
        return {}
    out: Examples = {}
    for industry, texts in p.examples.items():
        if industry_ids is not None and industry not in industry_ids:
            errors.append(
                KnowledgeError(
                    f"examples for unknown industry '{industry}'",
                    at(path, tree["examples"], industry),
                    hint=hint(industry, industry_ids) or "use an id from industries/*.yaml",
                )
            )
            continue
        out[industry] = texts
    return out
