"""Where the shipped data folders are, without importing the settings machinery (pydantic).

A wheel carries the repository's top-level folders inside the package (bot/<name>, see
pyproject.toml); a source checkout or an editable install has them beside the package.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent  # the bot package
ROOT = PACKAGE.parent  # the repository, in a source checkout (tests and tools use it)


def data_dir(name: str) -> Path:
    """The shipped data folder `name` (dialogues, knowledge), whatever the working directory."""
    packaged = PACKAGE / name
    return packaged if packaged.is_dir() else PACKAGE.parent / name
