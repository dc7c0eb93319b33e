"""Where each loaded piece of knowledge was written, so lint can name file:line.

Its own module so that the loader (which fills it) and lint (which reads it) both import it
and not each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.core.errors import Location


@dataclass
class Locations:
    """Places by key: ("industry", id), ("alias", id, alias), ("cue", phrase), ..."""

    where: dict[tuple[str, ...], Location] = field(default_factory=dict)

    def get(self, *key: str) -> Location | None:
        return self.where.get(key)

    def put(self, key: tuple[str, ...], location: Location) -> None:
        """Record the first place of `key` (a later duplicate keeps the first)."""
        self.where.setdefault(key, location)
