"""Process metrics in the Prometheus text format, with no dependency beyond the standard library.

`METRICS` is the one registry of the process; the rest of the code calls its methods
(`update_handled`, `reply_sent`, `error`, `verdict`, `step_reached`, `step_left`,
`turn_latency`) or hands it a `TurnInfo` after every turn through `on_turn`. `render()` gives the
exposition text for `/metrics`; `snapshot()` and `format_stats()` feed the admin `/stats` command.

Interview funnel: `advisor_funnel_reached_total{flow,step}` counts arrivals at a step;
`advisor_funnel_dropoff{flow,step}` counts interviews abandoned (cancelled or expired) while
waiting at that step. Counts are per process: with several replicas, scrape each one.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from bot.core.messages import Messages
from bot.core.richtext import RichText, join

# Seconds; a turn is pure computation plus one store round trip, so most land under 50 ms.
LATENCY_BUCKETS: tuple[float, ...] = (
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
)

LabelValues = tuple[str, ...]


@dataclass(frozen=True)
class TurnInfo:
    """What happened in one turn, as the conversation service reports it."""

    flow: str
    step_before: str | None
    step_after: str | None
    verdict: str | None
    latency: float
    error: str | None


class TurnObserver(Protocol):
    """Anything told about every turn (metrics, tests)."""

    def on_turn(self, info: TurnInfo) -> None: ...

    def step_left(self, flow: str, step: str) -> None:
        """An interview was abandoned at `step` (expired while idle)."""
        ...


def escape_label(value: str) -> str:
    """A label value escaped for the exposition format (backslash, quote, newline)."""
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def escape_help(value: str) -> str:
    """HELP text escaped for the exposition format (backslash, newline)."""
    return value.replace("\\", "\\\\").replace("\n", "\\n")


def format_value(value: float) -> str:
    """A sample value as Prometheus writes it (integers without '.0', +Inf/-Inf/NaN)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _labels(names: Sequence[str], values: Sequence[str]) -> str:
    if not names:
        return ""
    pairs = ",".join(f'{n}="{escape_label(v)}"' for n, v in zip(names, values, strict=True))
    return "{" + pairs + "}"


class _Metric:
    """Common parts: a name, help text, label names and a lock shared with the registry."""

    kind = "untyped"

    def __init__(
        self, name: str, help_text: str, labelnames: Sequence[str], lock: threading.RLock
    ) -> None:
        self.name = name
        self.help = help_text
        self.labelnames = tuple(labelnames)
        self._lock = lock

    def _key(self, labels: Mapping[str, str]) -> LabelValues:
        if set(labels) != set(self.labelnames):
            raise ValueError(f"{self.name} takes labels {self.labelnames}, got {sorted(labels)}")
        return tuple(str(labels[n]) for n in self.labelnames)

    def header(self) -> list[str]:
        return [f"# HELP {self.name} {escape_help(self.help)}", f"# TYPE {self.name} {self.kind}"]

    def samples(self) -> list[str]:
        raise NotImplementedError


class Counter(_Metric):
    """A value that only goes up, one per combination of label values."""

    kind = "counter"

    def __init__(
        self, name: str, help_text: str, labelnames: Sequence[str], lock: threading.RLock
    ) -> None:
        super().__init__(name, help_text, labelnames, lock)
        self._values: dict[LabelValues, float] = {}

    def inc(self, amount: float = 1.0, **labels: str) -> None:
        if amount < 0:
            raise ValueError("a counter cannot go down")
        key = self._key(labels)
        with self._lock:
            self._values[key] = self._values.get(key, 0.0) + amount

    def get(self, **labels: str) -> float:
        with self._lock:
            return self._values.get(self._key(labels), 0.0)

    def items(self) -> list[tuple[LabelValues, float]]:
        """(label values, value) in first-seen order (for a funnel, roughly the flow's order)."""
        with self._lock:
            return list(self._values.items())

    def samples(self) -> list[str]:
        if not self.labelnames and not self._values:
            # An unlabelled counter exists from the start, so it is exposed as 0.
            return [f"{self.name} 0"]
        return [
            f"{self.name}{_labels(self.labelnames, key)} {format_value(value)}"
            for key, value in self.items()
        ]


class Gauge(Counter):
    """A value that can go up and down."""

    kind = "gauge"

    def set(self, value: float, **labels: str) -> None:
        key = self._key(labels)
        with self._lock:
            self._values[key] = value

    def inc(self, amount: float = 1.0, **labels: str) -> None:
        key = self._key(labels)
        with self._lock:
            self._values[key] = self._values.get(key, 0.0) + amount


class Histogram(_Metric):
    """Observations counted into cumulative buckets, plus their sum and count (no labels)."""

    kind = "histogram"

    def __init__(
        self, name: str, help_text: str, buckets: Iterable[float], lock: threading.RLock
    ) -> None:
        super().__init__(name, help_text, (), lock)
        self.buckets = tuple(sorted(set(buckets)))
        if not self.buckets or any(math.isinf(b) or math.isnan(b) for b in self.buckets):
            raise ValueError("histogram buckets must be finite numbers (+Inf is implicit)")
        self._counts = [0] * (len(self.buckets) + 1)  # the last one is +Inf
        self._sum = 0.0
        self._count = 0

    def observe(self, value: float) -> None:
        if math.isnan(value):
            return  # a NaN would poison _sum for the life of the process
        with self._lock:
            for i, bound in enumerate(self.buckets):
                if value <= bound:
                    self._counts[i] += 1
                    break
            else:
                self._counts[-1] += 1
            self._sum += value
            self._count += 1

    def cumulative(self) -> list[tuple[float, int]]:
        """(upper bound, observations <= bound), ending with (+Inf, count)."""
        with self._lock:
            out: list[tuple[float, int]] = []
            running = 0
            for bound, n in zip((*self.buckets, math.inf), self._counts, strict=True):
                running += n
                out.append((bound, running))
            return out

    @property
    def count(self) -> int:
        return self._count

    @property
    def sum(self) -> float:
        return self._sum

    def quantile(self, q: float) -> float | None:
        """Estimated q-quantile by linear interpolation inside the bucket (None when empty)."""
        rows = self.cumulative()
        total = rows[-1][1]
        if total == 0:
            return None
        rank = q * total
        lower, below = 0.0, 0
        for bound, running in rows:
            if running >= rank:
                if math.isinf(bound):
                    return lower  # past the last finite bucket: the best honest answer
                inside = running - below
                fraction = (rank - below) / inside if inside else 1.0
                return lower + (bound - lower) * fraction
            lower, below = bound, running
        return lower

    def samples(self) -> list[str]:
        lines = [
            f'{self.name}_bucket{{le="{format_value(bound)}"}} {running}'
            for bound, running in self.cumulative()
        ]
        lines.append(f"{self.name}_sum {format_value(self._sum)}")
        lines.append(f"{self.name}_count {self._count}")
        return lines


class Registry:
    """Metrics in the order they were made; renders them all."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._metrics: dict[str, _Metric] = {}

    def _add(self, metric: _Metric) -> None:
        if metric.name in self._metrics:
            raise ValueError(f"metric {metric.name} already exists")
        self._metrics[metric.name] = metric

    def counter(self, name: str, help_text: str, labelnames: Sequence[str] = ()) -> Counter:
        metric = Counter(name, help_text, labelnames, self.lock)
        self._add(metric)
        return metric

    def gauge(self, name: str, help_text: str, labelnames: Sequence[str] = ()) -> Gauge:
        metric = Gauge(name, help_text, labelnames, self.lock)
        self._add(metric)
        return metric

    def histogram(
        self, name: str, help_text: str, buckets: Iterable[float] = LATENCY_BUCKETS
    ) -> Histogram:
        metric = Histogram(name, help_text, buckets, self.lock)
        self._add(metric)
        return metric

    def render(self) -> str:
        """Every metric in the text exposition format (version 0.0.4)."""
        with self.lock:
            lines: list[str] = []
            for metric in self._metrics.values():
                lines += metric.header()
                lines += metric.samples()
            return "\n".join(lines) + "\n"


CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class AdvisorMetrics:
    """The advisor's metrics, with one method per thing the code reports."""

    def __init__(self, clock: Any = time.time) -> None:
        self._clock = clock
        self.started = float(clock())
        self.registry = Registry()
        r = self.registry
        self.updates = r.counter(
            "advisor_updates_total", "Updates handled, by kind (message, callback, command…).",
            ["kind"])
        self.replies = r.counter("advisor_replies_sent_total", "Messages sent to users.")
        self.errors = r.counter(
            "advisor_errors_total", "Errors caught while handling updates, by kind.", ["kind"])
        self.verdicts = r.counter(
            "advisor_verdicts_total", "Interview results, by verdict label.", ["label"])
        self.reached = r.counter(
            "advisor_funnel_reached_total", "Arrivals at an interview step.", ["flow", "step"])
        self.dropoff = r.gauge(
            "advisor_funnel_dropoff",
            "Interviews abandoned (cancelled or expired) while waiting at this step.",
            ["flow", "step"])
        self.latency = r.histogram(
            "advisor_turn_latency_seconds", "Time to handle one turn, store included.")
        self.start_time = r.gauge(
            "advisor_start_time_seconds", "When this process started (Unix time).")
        self.start_time.set(self.started)
        # Steps that produced a verdict: leaving from there is finishing, not dropping off.
        self._terminal: set[tuple[str, str]] = set()

    # -- what the code reports -------------------------------------------------------------

    def update_handled(self, kind: str) -> None:
        """One incoming update of this kind was handled."""
        self.updates.inc(kind=kind)

    def reply_sent(self, count: int = 1) -> None:
        """`count` messages went out."""
        if count > 0:
            self.replies.inc(count)

    def error(self, kind: str) -> None:
        """An error of this kind was caught (and the user got an apology)."""
        self.errors.inc(kind=kind)

    def verdict(self, label: str) -> None:
        """An interview ended with this verdict."""
        self.verdicts.inc(label=label)

    def step_reached(self, flow: str, step: str) -> None:
        """A conversation arrived at `step` of `flow`."""
        self.reached.inc(flow=flow, step=step)

    def step_left(self, flow: str, step: str) -> None:
        """An interview was abandoned (cancelled, expired) while at `step`."""
        with self.registry.lock:
            if (flow, step) in self._terminal:
                return
            self.dropoff.inc(flow=flow, step=step)

    def turn_latency(self, seconds: float) -> None:
        """One turn took this long."""
        if seconds >= 0:
            self.latency.observe(seconds)

    def on_turn(self, info: TurnInfo) -> None:
        """Observer hook: derive latency, funnel, verdict and error counts from one turn.

        A turn that ends with no step (cancel, forget) after being at a step counts as leaving
        that step; expiry and restarts are reported by the caller through `step_left`.
        """
        self.turn_latency(info.latency)
        if info.error:
            self.error(info.error)
        if info.step_after is not None and info.step_after != info.step_before:
            self.step_reached(info.flow, info.step_after)
        if info.verdict:
            if info.step_after is not None:
                with self.registry.lock:
                    self._terminal.add((info.flow, info.step_after))
            self.verdict(info.verdict)
        elif info.step_before is not None and info.step_after is None:
            self.step_left(info.flow, info.step_before)

    # -- what admins and Prometheus read ---------------------------------------------------

    def render(self) -> str:
        """The exposition text for GET /metrics."""
        return self.registry.render()

    def snapshot(self) -> dict[str, Any]:
        """Plain numbers for /stats (and tests)."""
        with self.registry.lock:
            funnel: dict[str, list[dict[str, Any]]] = {}
            for (flow, step), n in self.reached.items():
                funnel.setdefault(flow, []).append(
                    {"step": step, "reached": int(n),
                     "dropoff": int(self.dropoff.get(flow=flow, step=step))})
            for (flow, step), n in self.dropoff.items():
                if not any(row["step"] == step for row in funnel.get(flow, [])):
                    funnel.setdefault(flow, []).append(
                        {"step": step, "reached": 0, "dropoff": int(n)})
            p50 = self.latency.quantile(0.5)
            p95 = self.latency.quantile(0.95)
            return {
                "uptime": max(0.0, float(self._clock()) - self.started),
                "updates": {k[0]: int(v) for k, v in self.updates.items()},
                "replies": int(self.replies.get()),
                "errors": {k[0]: int(v) for k, v in self.errors.items()},
                "verdicts": {k[0]: int(v) for k, v in self.verdicts.items()},
                "funnel": funnel,
                "latency": {"count": self.latency.count, "sum": self.latency.sum,
                            "p50": p50, "p95": p95},
            }


METRICS = AdvisorMetrics()

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
    none = m.plain("ops.stats_none", lang)
    parts: list[RichText] = [m.get("ops.stats_header", lang)]
    parts.append(m.get("ops.stats_uptime", lang, uptime=format_duration(snapshot["uptime"])))
    updates: Mapping[str, int] = snapshot["updates"]
    parts.append(m.get("ops.stats_updates", lang, total=sum(updates.values()),
                       breakdown=_breakdown(updates) or none))
    parts.append(m.get("ops.stats_replies", lang, count=snapshot["replies"]))
    errors: Mapping[str, int] = snapshot["errors"]
    parts.append(m.get("ops.stats_errors", lang, total=sum(errors.values()),
                       breakdown=_breakdown(errors) or none))
    verdicts: Mapping[str, int] = snapshot["verdicts"]
    parts.append(m.get("ops.stats_verdicts", lang, total=sum(verdicts.values()),
                       breakdown=_breakdown(verdicts) or none))
    lat = snapshot["latency"]
    if lat["count"]:
        parts.append(m.get("ops.stats_latency", lang, count=lat["count"],
                           p50=f"{lat['p50'] * 1000:.0f}", p95=f"{lat['p95'] * 1000:.0f}"))
    funnel: Mapping[str, Sequence[Mapping[str, Any]]] = snapshot["funnel"]
    for flow, rows in sorted(funnel.items()):
        parts.append(m.get("ops.stats_funnel_header", lang, flow=flow))
        for row in rows:
            parts.append(m.get("ops.stats_funnel_row", lang, step=row["step"],
                               reached=row["reached"], left=row["dropoff"]))
    if isinstance(unmatched, int):
        parts.append(m.get("ops.stats_unmatched", lang, count=unmatched))
    else:
        parts.append(m.get("ops.stats_unmatched", lang, count=len(unmatched)))
        for example in list(unmatched)[:max_examples]:
            short = example if len(example) <= 80 else example[:79] + "…"
            parts.append(m.get("ops.stats_unmatched_item", lang, text=short))
    return join(parts)
