"""The advisor's process metrics, kept and exposed by prometheus_client.

`METRICS` is the process's instance; the rest of the code calls its methods (`update_handled`,
`reply_sent`, `error`, `verdict`, `step_reached`, `step_left`, `turn_latency`) or hands it a
`TurnInfo` after every turn through `on_turn` (it implements the service's `TurnObserver`).
`render()` gives the exposition text for `/metrics`; `snapshot()` and `format_stats()` feed the
admin `/stats` command.

Each instance has its own `CollectorRegistry` (never the library's global one), so tests and
several bots in one process do not clash. Names, types, labels and help texts are those the
dashboards were built on (docs/operations.md); counts are per process: with several replicas,
scrape each one.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.metrics import MetricWrapperBase
from prometheus_client.registry import Collector
from prometheus_client.samples import Sample

from bot.core.messages import Messages
from bot.core.richtext import RichText, join
from bot.turns import TurnInfo

# Seconds; a turn is pure computation plus one store round trip, so most land under 50 ms.
LATENCY_BUCKETS: tuple[float, ...] = (
    0.001,
    0.0025,
    0.005,
    0.01,
    0.025,
    0.05,
    0.1,
    0.25,
    0.5,
    1.0,
    2.5,
    5.0,
)

# The classic text format `generate_latest` writes (all our names are plain ASCII).
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class _WithoutCreated(Collector):
    """The metrics of `inner` minus the `*_created` series, which the dashboards never had."""

    def __init__(self, inner: CollectorRegistry) -> None:
        self._inner = inner

    def collect(self) -> Iterable[Any]:
        for family in self._inner.collect():
            family.samples = [s for s in family.samples if not s.name.endswith("_created")]
            yield family


def _samples(metric: MetricWrapperBase, suffix: str = "") -> list[Sample]:
    """The samples named `<family><suffix>`, in first-seen order of their label values."""
    return [
        s for family in metric.collect() for s in family.samples if s.name == family.name + suffix
    ]


def _by_label(metric: MetricWrapperBase, label: str) -> dict[str, int]:
    """A one-label counter as {label value: count}."""
    return {s.labels[label]: int(s.value) for s in _samples(metric, "_total")}


def _quantile(cumulative: Sequence[tuple[float, float]], q: float) -> float | None:
    """Estimated q-quantile by linear interpolation inside the bucket (None when empty)."""
    total = cumulative[-1][1]
    if total == 0:
        return None
    rank = q * total
    lower, below = 0.0, 0.0
    for bound, running in cumulative:
        if running >= rank:
            if math.isinf(bound):
                return lower  # past the last finite bucket: the best honest answer
            inside = running - below
            fraction = (rank - below) / inside if inside else 1.0
            return lower + (bound - lower) * fraction
        lower, below = bound, running
    return lower


class AdvisorMetrics:
    """The advisor's metrics, with one method per thing the code reports."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self.started = float(clock())
        self._own = CollectorRegistry(auto_describe=True)
        self.registry = CollectorRegistry()
        self.registry.register(_WithoutCreated(self._own))
        r = self._own
        self.updates = Counter(
            "advisor_updates_total",
            "Updates handled, by kind (message, callback, command…).",
            ["kind"],
            registry=r,
        )
        self.replies = Counter("advisor_replies_sent_total", "Messages sent to users.", registry=r)
        self.errors = Counter(
            "advisor_errors_total",
            "Errors caught while handling updates, by kind.",
            ["kind"],
            registry=r,
        )
        self.verdicts = Counter(
            "advisor_verdicts_total", "Interview results, by verdict label.", ["label"], registry=r
        )
        self.reached = Counter(
            "advisor_funnel_reached_total",
            "Arrivals at an interview step.",
            ["flow", "step"],
            registry=r,
        )
        self.dropoff = Gauge(
            "advisor_funnel_dropoff",
            "Interviews abandoned (cancelled or expired) while waiting at this step.",
            ["flow", "step"],
            registry=r,
        )
        self.latency = Histogram(
            "advisor_turn_latency_seconds",
            "Time to handle one turn, store included.",
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.start_time = Gauge(
            "advisor_start_time_seconds", "When this process started (Unix time).", registry=r
        )
        self.start_time.set(self.started)
        # Steps that produced a verdict: leaving from there is finishing, not dropping off.
        self._terminal: set[tuple[str, str]] = set()
        self._lock = threading.Lock()

    # -- what the code reports -------------------------------------------------------------

    def update_handled(self, kind: str) -> None:
        """One incoming update of this kind was handled."""
        self.updates.labels(kind=kind).inc()

    def reply_sent(self, count: int = 1) -> None:
        """`count` messages went out."""
        if count > 0:
            self.replies.inc(count)

    def error(self, kind: str) -> None:
        """An error of this kind was caught (and the user got an apology)."""
        self.errors.labels(kind=kind).inc()

    def verdict(self, label: str) -> None:
        """An interview ended with this verdict."""
        self.verdicts.labels(label=label).inc()

    def step_reached(self, flow: str, step: str) -> None:
        """A conversation arrived at `step` of `flow`."""
        self.reached.labels(flow=flow, step=step).inc()

    def step_left(self, flow: str, step: str) -> None:
        """An interview was abandoned (cancelled, expired) while at `step`."""
        with self._lock:  # a verdict at this step may be recorded at the same moment
            if (flow, step) not in self._terminal:
                self.dropoff.labels(flow=flow, step=step).inc()

    def turn_latency(self, seconds: float) -> None:
        """One turn took this long (negative or NaN durations are not turns)."""
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
                with self._lock:
                    self._terminal.add((info.flow, info.step_after))
            self.verdict(info.verdict)
        elif info.step_before is not None and info.step_after is None:
            self.step_left(info.flow, info.step_before)

    # -- what admins and Prometheus read ---------------------------------------------------

    def render(self) -> str:
        """The exposition text for GET /metrics."""
        return generate_latest(self.registry).decode("utf-8")

    def funnel(self) -> dict[str, list[dict[str, Any]]]:
        """Per flow, each step's arrivals and drop-offs, in the order steps were first reached."""
        dropped = {
            (s.labels["flow"], s.labels["step"]): int(s.value) for s in _samples(self.dropoff)
        }
        rows: dict[str, list[dict[str, Any]]] = {}
        for s in _samples(self.reached, "_total"):
            key = (s.labels["flow"], s.labels["step"])
            rows.setdefault(key[0], []).append(
                {"step": key[1], "reached": int(s.value), "dropoff": dropped.pop(key, 0)}
            )
        for (flow, step), n in dropped.items():  # left without a counted arrival
            rows.setdefault(flow, []).append({"step": step, "reached": 0, "dropoff": n})
        return rows

    def latency_summary(self) -> dict[str, Any]:
        """Count, sum, median and 95th percentile of the turn latency."""
        buckets = [(float(s.labels["le"]), s.value) for s in _samples(self.latency, "_bucket")]
        return {
            "count": int(buckets[-1][1]),
            "sum": _samples(self.latency, "_sum")[0].value,
            "p50": _quantile(buckets, 0.5),
            "p95": _quantile(buckets, 0.95),
        }

    def snapshot(self) -> dict[str, Any]:
        """Plain numbers for /stats (and tests)."""
        return {
            "uptime": max(0.0, float(self._clock()) - self.started),
            "updates": _by_label(self.updates, "kind"),
            "replies": int(_samples(self.replies, "_total")[0].value),
            "errors": _by_label(self.errors, "kind"),
            "verdicts": _by_label(self.verdicts, "label"),
            "funnel": self.funnel(),
            "latency": self.latency_summary(),
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
    parts.append(
        m.get(
            "ops.stats_updates",
            lang,
            total=sum(updates.values()),
            breakdown=_breakdown(updates) or none,
        )
    )
    parts.append(m.get("ops.stats_replies", lang, count=snapshot["replies"]))
    errors: Mapping[str, int] = snapshot["errors"]
    parts.append(
        m.get(
            "ops.stats_errors",
            lang,
            total=sum(errors.values()),
            breakdown=_breakdown(errors) or none,
        )
    )
    verdicts: Mapping[str, int] = snapshot["verdicts"]
    parts.append(
        m.get(
            "ops.stats_verdicts",
            lang,
            total=sum(verdicts.values()),
            breakdown=_breakdown(verdicts) or none,
        )
    )
    lat = snapshot["latency"]
    if lat["count"]:
        parts.append(
            m.get(
                "ops.stats_latency",
                lang,
                count=lat["count"],
                p50=f"{lat['p50'] * 1000:.0f}",
                p95=f"{lat['p95'] * 1000:.0f}",
            )
        )
    funnel: Mapping[str, Sequence[Mapping[str, Any]]] = snapshot["funnel"]
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
    if isinstance(unmatched, int):
        parts.append(m.get("ops.stats_unmatched", lang, count=unmatched))
    else:
        parts.append(m.get("ops.stats_unmatched", lang, count=len(unmatched)))
        for example in list(unmatched)[:max_examples]:
            short = example if len(example) <= 80 else example[:79] + "…"
            parts.append(m.get("ops.stats_unmatched_item", lang, text=short))
    return join(parts)
