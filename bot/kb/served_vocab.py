"""The words that tell who is served in a description, as loaded from knowledge/served.yaml
(`bot.kb.served_file`); what each list is for is written in that file."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

Words = frozenset[str]


@dataclass(frozen=True, eq=False)  # hashed by identity: cheap keys for the lru caches
class ServedVocab:
    """knowledge/served.yaml's word lists (folded); empty: no text names who is served."""

    openers: Words = frozenset()
    verbs: Words = frozenset()
    ings: Words = frozenset()
    own_object: Words = frozenset()
    phrases: tuple[tuple[str, ...], ...] = ()
    not_after_for: Words = frozenset()
    for_skip: Words = frozenset()  # passed over to the word "for" is about ("for a few days")
    list_goes_on: Words = frozenset()  # after a comma, the served list goes on ("mostly pubs")
    not_before_for: Words = frozenset()
    to_party: Words = frozenset()
    not_before_to: Words = frozenset()
    of_not_after: Words = frozenset()
    of_not_before: Words = frozenset()
    supply: Words = frozenset()
    serve: Words = frozenset()
    clause_starters: Words = frozenset()
    particles: Words = frozenset()
    owners: Words = frozenset()
    consumers: Words = frozenset()
    parties: Words = frozenset()  # who else is served: "serve" must name one (or a consumer)
    standing: Words = frozenset()  # size or standing, never the trade (the trade words skip them)
    # derived from the lists above (see __post_init__)
    phrases_by_first: Mapping[str, tuple[tuple[str, ...], ...]] = field(init=False, repr=False)
    opener_first: Words = field(init=False, repr=False)
    people: Words = field(init=False, repr=False)  # consumers, owners and parties together
    opener_re: re.Pattern[str] | None = field(init=False, repr=False)

    def __post_init__(self) -> None:
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in self.phrases:
            by_first.setdefault(phrase[0], []).append(phrase)
        first = frozenset(
            (
                *self.openers,
                *self.verbs,
                *self.ings,
                *self.supply,
                *self.serve,
                "to",
                "from",
                "of",
                *by_first,
            )
        )
        opens = self.openers or self.verbs or self.ings or self.supply or self.serve or self.phrases
        # a quick test that a text may name who is served at all (plurals of the phrase words too)
        pattern = re.compile(rf"\b(?:{'|'.join(sorted(first))})s?\b", re.IGNORECASE)
        object.__setattr__(self, "phrases_by_first", {k: tuple(v) for k, v in by_first.items()})
        object.__setattr__(self, "opener_first", first)
        object.__setattr__(self, "people", self.consumers | self.owners | self.parties)
        object.__setattr__(self, "opener_re", pattern if opens else None)
