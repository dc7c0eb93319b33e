"""The metrics registry: exposition format parsed back line by line, funnel, /stats text."""

from __future__ import annotations

import math
import re
import threading
from pathlib import Path

import pytest

from bot.core.messages import Messages
from bot.core.richtext import Span, to_html, to_plain
from bot.ops.metrics import (
    AdvisorMetrics,
    format_stats,
)
from bot.turns import TurnInfo, TurnObserver
from tests.ops.exposition import series

ROOT = Path(__file__).resolve().parents[2]

_NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
_SAMPLE = re.compile(rf"^(?P<name>{_NAME})(?:\{{(?P<labels>.*)\}})? (?P<value>\S+)$")
_LABEL = re.compile(r'\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(,|$)')


def _unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        ch = value[i]
        if ch == "\\":
            nxt = value[i + 1]
            out.append({"n": "\n", "\\": "\\", '"': '"'}[nxt])
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def parse_exposition(text: str) -> tuple[dict[str, str], dict[str, str], list[tuple]]:
    """A strict little parser: fails on any line the format does not allow."""
    assert text.endswith("\n")
    helps: dict[str, str] = {}
    types: dict[str, str] = {}
    samples: list[tuple[str, dict[str, str], float]] = []
    for line in text.splitlines():
        if line.startswith("# HELP "):
            name, _, help_text = line[7:].partition(" ")
            assert re.fullmatch(_NAME, name), line
            assert name not in helps, f"second HELP for {name}"
            helps[name] = help_text
        elif line.startswith("# TYPE "):
            name, _, kind = line[7:].partition(" ")
            assert kind in {"counter", "gauge", "histogram", "summary", "untyped"}, line
            assert name not in types, f"second TYPE for {name}"
            types[name] = kind
        else:
            m = _SAMPLE.match(line)
            assert m, f"not a sample line: {line!r}"
            labels: dict[str, str] = {}
            raw = m["labels"] or ""
            pos = 0
            while pos < len(raw):
                lm = _LABEL.match(raw, pos)
                assert lm, f"bad labels in {line!r}"
                labels[lm[1]] = _unescape(lm[2])
                pos = lm.end()
            value = float(m["value"].replace("+Inf", "inf"))
            name = m["name"]
            family = re.sub(r"_(bucket|sum|count)$", "", name)
            assert name in types or (family in types and types[family] == "histogram"), (
                f"sample {name} before its TYPE line"
            )
            samples.append((name, labels, value))
    return helps, types, samples


def value_of(samples: list[tuple], name: str, **labels: str) -> float:
    found = [v for n, ls, v in samples if n == name and ls == labels]
    assert len(found) == 1, f"{name}{labels}: {len(found)} samples"
    return found[0]


def test_fresh_registry_renders_valid_exposition() -> None:
    m = AdvisorMetrics()
    helps, types, samples = parse_exposition(m.render())
    assert types["advisor_updates_total"] == "counter"
    assert types["advisor_turn_latency_seconds"] == "histogram"
    assert types["advisor_funnel_dropoff"] == "gauge"
    assert set(helps) == set(types)
    assert value_of(samples, "advisor_replies_sent_total") == 0
    assert value_of(samples, "advisor_turn_latency_seconds_count") == 0
    assert value_of(samples, "advisor_turn_latency_seconds_bucket", le="+Inf") == 0


def test_counters_increase_per_label() -> None:
    m = AdvisorMetrics()
    m.update_handled("message")
    m.update_handled("message")
    m.update_handled("callback")
    m.reply_sent()
    m.reply_sent(3)
    m.reply_sent(0)
    m.error("timeout")
    m.verdict("client")
    m.verdict("client")
    m.verdict("hybrid")
    _, _, s = parse_exposition(m.render())
    assert value_of(s, "advisor_updates_total", kind="message") == 2
    assert value_of(s, "advisor_updates_total", kind="callback") == 1
    assert value_of(s, "advisor_replies_sent_total") == 4
    assert value_of(s, "advisor_errors_total", kind="timeout") == 1
    assert value_of(s, "advisor_verdicts_total", label="client") == 2
    assert value_of(s, "advisor_verdicts_total", label="hybrid") == 1
    m.update_handled("message")
    _, _, s2 = parse_exposition(m.render())
    assert value_of(s2, "advisor_updates_total", kind="message") == 3


def test_histogram_buckets_are_cumulative_with_sum_and_count() -> None:
    m = AdvisorMetrics()
    values = [0.0005, 0.003, 0.003, 0.02, 0.2, 0.7, 3.0, 60.0]
    for v in values:
        m.turn_latency(v)
    m.turn_latency(-1.0)  # ignored: a clock going backwards is not a turn
    m.turn_latency(float("nan"))  # ignored: would poison the sum
    _, _, s = parse_exposition(m.render())
    buckets = [(ls["le"], v) for n, ls, v in s if n == "advisor_turn_latency_seconds_bucket"]
    assert buckets[-1][0] == "+Inf"
    bounds = [float(le.replace("+Inf", "inf")) for le, _ in buckets]
    assert bounds == sorted(bounds)
    counts = [v for _, v in buckets]
    assert counts == sorted(counts), "buckets must be cumulative"
    for bound, count in zip(bounds, counts, strict=True):
        assert count == sum(1 for v in values if v <= bound), bound
    assert value_of(s, "advisor_turn_latency_seconds_count") == len(values)
    assert math.isclose(value_of(s, "advisor_turn_latency_seconds_sum"), sum(values))


def test_label_values_are_escaped_and_round_trip() -> None:
    nasty = 'a "quoted" \\ back\nslash, {curly}=x'
    m = AdvisorMetrics()
    m.step_reached(nasty, "q1")
    m.error(nasty)
    text = m.render()
    assert "\n" + "slash" not in text  # the newline in the value did not break the line
    _, _, s = parse_exposition(text)
    assert value_of(s, "advisor_funnel_reached_total", flow=nasty, step="q1") == 1
    assert value_of(s, "advisor_errors_total", kind=nasty) == 1


def test_wrong_labels_and_negative_counts_are_refused() -> None:
    m = AdvisorMetrics()
    with pytest.raises(ValueError):
        m.updates.labels(kind="a", other="b")
    with pytest.raises(ValueError):
        m.replies.inc(-1)
    with pytest.raises(ValueError):
        m.updates.labels("a").inc(-1)
    m.reply_sent(-2)  # ignored, not an error: nothing went out
    _, _, s = parse_exposition(m.render())
    assert value_of(s, "advisor_replies_sent_total") == 0


def test_two_instances_keep_their_own_counts() -> None:
    """Per-instance registries: tests and two bots in one process do not share counters."""
    a, b = AdvisorMetrics(), AdvisorMetrics()
    a.update_handled("message")
    _, _, sa = parse_exposition(a.render())
    _, _, sb = parse_exposition(b.render())
    assert value_of(sa, "advisor_updates_total", kind="message") == 1
    assert not [n for n, _, _ in sb if n == "advisor_updates_total"]
    assert "_created" not in a.render(), "series the old exporter never had"


def test_on_turn_builds_the_funnel_and_dropoff() -> None:
    m = AdvisorMetrics()
    observer: TurnObserver = m
    # Three interviews: one finishes, one is cancelled at q2, one cancelled at q1.
    for _ in range(3):
        observer.on_turn(TurnInfo("main", None, "q1", None, 0.01, None))
    for _ in range(2):
        observer.on_turn(TurnInfo("main", "q1", "q2", None, 0.01, None))
    observer.on_turn(TurnInfo("main", "q1", None, None, 0.01, None))  # /cancel at q1
    observer.on_turn(TurnInfo("main", "q2", "q2", None, 0.01, "no_match"))  # a miss: no arrival
    observer.on_turn(TurnInfo("main", "q2", "result", "client", 0.02, None))
    observer.on_turn(TurnInfo("main", "q2", None, None, 0.01, None))  # /cancel at q2
    observer.on_turn(TurnInfo("main", "result", None, None, 0.01, None))  # done, then /cancel
    m.step_left("main", "q2")  # expired at q2, reported by the service
    _, _, s = parse_exposition(m.render())
    reached = {ls["step"]: v for n, ls, v in s if n == "advisor_funnel_reached_total"}
    assert reached == {"q1": 3, "q2": 2, "result": 1}
    dropoff = {ls["step"]: v for n, ls, v in s if n == "advisor_funnel_dropoff"}
    assert dropoff == {"q1": 1, "q2": 2}, "leaving the result step is finishing"
    assert value_of(s, "advisor_verdicts_total", label="client") == 1
    assert value_of(s, "advisor_errors_total", kind="no_match") == 1
    assert value_of(s, "advisor_turn_latency_seconds_count") == 10
    snap = m.snapshot()
    assert snap["funnel"]["main"] == [
        {"step": "q1", "reached": 3, "dropoff": 1},
        {"step": "q2", "reached": 2, "dropoff": 2},
        {"step": "result", "reached": 1, "dropoff": 0},
    ]


def test_counts_survive_threads() -> None:
    m = AdvisorMetrics()

    def work() -> None:
        for _ in range(2000):
            m.update_handled("message")
            m.turn_latency(0.004)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    snap = m.snapshot()
    assert snap["updates"] == {"message": 16000}
    assert snap["latency"]["count"] == 16000


def test_snapshot_and_quantiles() -> None:
    now = [1000.0]
    m = AdvisorMetrics(clock=lambda: now[0])
    now[0] += 3725
    for _ in range(90):
        m.turn_latency(0.003)
    for _ in range(10):
        m.turn_latency(0.3)
    snap = m.snapshot()
    assert snap["uptime"] == 3725
    assert 0.0025 <= snap["latency"]["p50"] <= 0.005
    assert 0.25 <= snap["latency"]["p95"] <= 0.5
    assert AdvisorMetrics().snapshot()["latency"]["p50"] is None


def test_format_stats_uses_yaml_words_and_keeps_user_text_in_spans() -> None:
    messages = Messages.load(ROOT / "dialogues" / "messages.yaml")
    now = [0.0]
    m = AdvisorMetrics(clock=lambda: now[0])
    now[0] = 90061
    m.update_handled("message")
    m.verdict("customer")
    m.on_turn(TurnInfo("main", None, "q1", None, 0.004, None))
    m.on_turn(TurnInfo("main", "q1", None, None, 0.004, None))
    evil = "<b>**bold**</b> & co"
    rt = format_stats(m.snapshot(), [evil, "x" * 200], messages=messages)
    plain = to_plain(rt)
    assert messages.plain("ops.stats_header") in plain
    assert "1d 1h" in plain
    assert "customer 1" in plain
    assert "q1: 1 / 1" in plain
    assert "Unrecognised business descriptions: 2" in plain
    assert any(s.text == evil for s in rt if isinstance(s, Span)), "user text must stay verbatim"
    html = to_html(rt)
    assert "&lt;b&gt;**bold**&lt;/b&gt; &amp; co" in html
    assert "x" * 200 not in plain and "x" * 79 + "…" in plain
    assert "Unrecognised business descriptions: 7" in to_plain(
        format_stats(m.snapshot(), 7, messages=messages)
    )


def test_format_stats_works_with_the_default_messages_file() -> None:
    rt = format_stats(AdvisorMetrics().snapshot())
    assert "none yet" in to_plain(rt)


def test_same_events_expose_the_same_series_as_before() -> None:
    """The exporter before prometheus_client wrote tests/ops/fixtures/metrics-sample.prom for
    these events; dashboards keep working only if every series and value is still there."""
    m = AdvisorMetrics(clock=lambda: 1000.0)
    m.update_handled("message")
    m.update_handled("message")
    m.update_handled("callback")
    m.reply_sent(3)
    m.error("timeout")
    m.error('a "q" \\ b\nc')
    for _ in range(3):
        m.on_turn(TurnInfo("main", None, "q1", None, 0.004, None))
    m.on_turn(TurnInfo("main", "q1", "q2", None, 0.03, None))
    m.on_turn(TurnInfo("main", "q1", None, None, 0.7, None))
    m.on_turn(TurnInfo("main", "q2", "result", "client", 12.0, None))
    m.on_turn(TurnInfo("main", "result", None, None, 0.0005, None))
    m.step_left("main", "q2")
    golden = (ROOT / "tests" / "ops" / "fixtures" / "metrics-sample.prom").read_text("utf-8")
    assert series(m.render()) == series(golden)
