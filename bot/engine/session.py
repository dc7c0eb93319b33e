"""A conversation's state: small, plain data that serialises to a few hundred bytes of JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields, replace
from typing import Any

from bot.core.errors import CorruptSessionError

SCHEMA = 1


@dataclass(frozen=True, slots=True)
class Session:
    """Where one conversation stands in one flow.

    `turn` grows by one at every event the engine processes; stores use it for compare-and-set.
    `ask` numbers the question being shown: it grows whenever the step or the offered choices
    change, and front-ends put it into buttons so that a button of an older question is stale.
    `pending` holds transient choices the engine offered (e.g. candidate industries).
    `told` lists the steps in `history` answered from what the person said earlier (confirmed
    in one go, not asked), so progress counts only the questions really asked.
    `ahead` keeps answers typed ahead for questions still to come ("slot=option"): each is
    checked with the person when its question comes, not asked as if never said.
    `declined` is the reading just declined ("slot=option", "No, let me choose"): a guess at the
    words typed next for that question is taken, not asked about a second time.
    """

    flow: str
    flow_version: str
    step: str
    answers: dict[str, str] = field(default_factory=dict)
    history: tuple[str, ...] = ()
    misses: int = 0
    turn: int = 0
    ask: int = 0
    lang: str = "en"
    pending: tuple[str, ...] = ()
    told: tuple[str, ...] = ()
    ahead: tuple[str, ...] = ()
    declined: str = ""
    created: float = 0.0
    updated: float = 0.0

    def evolve(self, **changes: Any) -> Session:
        """A copy with some fields changed."""
        return replace(self, **changes)

    def to_json(self) -> str:
        # the fields by hand: dataclasses.asdict deep-copies every value first (once per turn)
        data: dict[str, Any] = {name: getattr(self, name) for name in _FIELDS}
        data["v"] = SCHEMA
        return json.dumps(data, separators=(",", ":"), ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: str | bytes) -> Session:
        """Decode a stored session; raise CorruptSessionError on anything unexpected."""
        try:
            data = json.loads(raw)
            if not isinstance(data, dict) or data.pop("v", None) != SCHEMA:
                raise ValueError("unknown session schema")
            answers = data.get("answers", {})
            if not isinstance(answers, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in answers.items()
            ):
                raise ValueError("answers must map strings to strings")
            session = cls(
                flow=str(data["flow"]),
                flow_version=str(data["flow_version"]),
                step=str(data["step"]),
                answers=dict(answers),
                history=tuple(str(s) for s in data.get("history", ())),
                misses=int(data.get("misses", 0)),
                turn=int(data.get("turn", 0)),
                ask=int(data.get("ask", 0)),
                lang=str(data.get("lang", "en")),
                pending=tuple(str(s) for s in data.get("pending", ())),
                told=tuple(str(s) for s in data.get("told", ())),
                ahead=tuple(str(s) for s in data.get("ahead", ())),
                declined=str(data.get("declined", "")),
                created=float(data.get("created", 0.0)),
                updated=float(data.get("updated", 0.0)),
            )
        except (ValueError, TypeError, KeyError) as exc:
            raise CorruptSessionError(f"cannot decode stored session: {exc}") from exc
        return session


_FIELDS = tuple(f.name for f in fields(Session))
