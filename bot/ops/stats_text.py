"""The admin /stats message, worded from dialogues/messages.yaml out of a metrics snapshot."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot.core.messages import Messages
from bot.core.richtext import RichText, join

_messages_cache: list[Messages] = []


def _default_messages() -> Messages:
    if not _messages_cache:
        from bot.config import data_dir

        _messages_cache.append(Messages.load(data_dir("dialogues") / "messages.yaml"))
    return _messages_cache[0]


def format_duration(seconds: float) -> str:
    """'3d 4h', '2h 5m', '7m 12s' or '40s': short enough for a phone line."""
    s = int(max(0.0, seconds))
    days, rem = divmod(s, 86400)
    hours, rem = divmod(rem, 3600)
    minutes, secs = divmod(rem, 60)
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {minutes}m"
    if minutes:
        return f"{minutes}m {secs}s"
    return f"{secs}s"


def _breakdown(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1]))


def _counts(snapshot: Mapping[str, Any], m: Messages, lang: str) -> list[RichText]:
    """The update, reply, error and verdict lines."""
    none = m.plain("ops.stats_none", lang)

    def tally(key: str, counts: Mapping[str, int]) -> RichText:
        total = sum(counts.values())
        return m.get(key, lang, total=total, breakdown=_breakdown(counts) or none)

    return [
        tally("ops.stats_updates", snapshot["updates"]),
        m.get("ops.stats_replies", lang, count=snapshot["replies"]),
        tally("ops.stats_errors", snapshot["errors"]),
        tally("ops.stats_verdicts", snapshot["verdicts"]),
    ]


def _latency(snapshot: Mapping[str, Any], m: Messages, lang: str) -> list[RichText]:
    """The latency line, or nothing before the first turn."""
    lat = snapshot["latency"]
    if not lat["count"]:
        return []
    return [
        m.get(
            "ops.stats_latency",
            lang,
            count=lat["count"],
            p50=f"{lat['p50'] * 1000:.0f}",
            p95=f"{lat['p95'] * 1000:.0f}",
        )
    ]


def _funnel(snapshot: Mapping[str, Any], m: Messages, lang: str) -> list[RichText]:
    """Per flow, a header and one line per step."""
    funnel: Mapping[str, Sequence[Mapping[str, Any]]] = snapshot["funnel"]
    parts: list[RichText] = []
    for flow, rows in sorted(funnel.items()):
        parts.append(m.get("ops.stats_funnel_header", lang, flow=flow))
        for row in rows:
            parts.append(
                m.get(
                    "ops.stats_funnel_row",
                    lang,
                    step=row["step"],
                    reached=row["reached"],
                    left=row["dropoff"],
                )
            )
    return parts


def _unmatched(
    unmatched: int | Sequence[str], m: Messages, lang: str, max_examples: int
) -> list[RichText]:
    """The unrecognised-descriptions count, then up to `max_examples` of them shortened."""
    if isinstance(unmatched, int):
        return [m.get("ops.stats_unmatched", lang, count=unmatched)]
    parts = [m.get("ops.stats_unmatched", lang, count=len(unmatched))]
    for example in list(unmatched)[:max_examples]:
        short = example if len(example) <= 80 else example[:79] + "…"
        parts.append(m.get("ops.stats_unmatched_item", lang, text=short))
    return parts


def format_stats(
    snapshot: Mapping[str, Any],
    unmatched: int | Sequence[str] = (),
    *,
    messages: Messages | None = None,
    lang: str = "en",
    max_examples: int = 5,
) -> RichText:
    """The /stats message: counts, latency, funnel and unrecognised descriptions.

    `unmatched` is either a count or the recent descriptions themselves (user text: it only
    ever lands in span text, so front-ends escape it).
    """
    m = messages or _default_messages()
    parts: list[RichText] = [m.get("ops.stats_header", lang)]
    parts.append(m.get("ops.stats_uptime", lang, uptime=format_duration(snapshot["uptime"])))
    parts += _counts(snapshot, m, lang)
    parts += _latency(snapshot, m, lang)
    parts += _funnel(snapshot, m, lang)
    parts += _unmatched(unmatched, m, lang, max_examples)
    return join(parts)
