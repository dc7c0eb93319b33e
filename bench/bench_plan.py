"""The relationship plan PDF: time and size for many interviews, against baselines.

Run: .venv/bin/python bench/bench_plan.py [--interviews N] [--repeat N]

Measured in one run:
  * interviews: N industries spread over every sector, each with four answer patterns (all
    client answers, all middle answers, all customer answers, none), through the real
    knowledge base, `plan_document` and `render_plan`; the chart cache is cleared before each
    render, so every figure includes drawing the chart (the worst case);
  * a worst case made up to be long: a 300-character description, five strengths and three
    priorities whose text, reason, first step and figure are each far longer than real advice;
  * baselines in the same run: `render_chart` of the same chart (what the verdict already
    costs), and an fpdf2 page with one line of text in the same font (the library's floor).
Times are CPU time of this process (`time.process_time`: rendering is single-threaded, and
other work on a shared machine does not count); wall time is printed alongside.
Targets: every plan <= 300 ms and <= 300 KB; exit 1 if one is over.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fpdf import FPDF  # noqa: E402

from bot.contracts import AdviceItem, AdvicePlan, Assessment  # noqa: E402
from bot.core.messages import Messages  # noqa: E402
from bot.engine.plandoc import plan_document  # noqa: E402
from bot.engine.replies import Document  # noqa: E402
from bot.kb.brain import KnowledgeBrain  # noqa: E402
from bot.ops import charts, plan_pdf  # noqa: E402

TARGET_MS = 300.0
TARGET_KB = 300.0


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


WALL: list[float] = []


def timed_ms(fn: Callable[[], object]) -> tuple[float, object]:
    """CPU milliseconds of one call (wall milliseconds go to WALL), chart cache cleared."""
    charts.clear_cache()
    start, wall = time.process_time(), time.perf_counter()
    value = fn()
    WALL.append((time.perf_counter() - wall) * 1000)
    return (time.process_time() - start) * 1000, value


def floor_pdf() -> bytes:
    pdf = FPDF(unit="mm", format=(plan_pdf.PAGE_WIDTH, plan_pdf.MIN_HEIGHT))
    pdf.add_font(plan_pdf.FONT, "", str(plan_pdf._STYLES[""].path))
    pdf.add_page()
    pdf.set_font(plan_pdf.FONT, "", 10.5)
    pdf.cell(text="Your relationship plan")
    return bytes(pdf.output())


def worst_case(base: Assessment, messages: Messages) -> Document:
    long = "Keep every conversation, decision and document in one shared record " * 4
    items = tuple(AdviceItem(f"{n}. {long}", long, long[:160], long) for n in range(1, 6))
    plan = AdvicePlan(
        "client",
        0.8,
        "Architectural technician (house plans and extensions)",
        tuple(f"Strength {n}: {long[:200]}" for n in range(5)),
        items,
    )
    doc = plan_document(
        replace(base, plan=plan),
        messages,
        "en",
        "We draw house plans, extensions and loft conversions " * 10,
    )
    assert doc is not None
    return doc


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=40, help="industries to sample")
    parser.add_argument("--repeat", type=int, default=2, help="renders per document")
    args = parser.parse_args()
    brain = KnowledgeBrain.load(ROOT / "knowledge")
    messages = Messages.load(ROOT / "dialogues" / "messages.yaml")
    industries = brain.kb.industries
    step = max(1, len(industries) // args.interviews)
    sample = industries[::step][: args.interviews]
    patterns: dict[str, dict[str, str]] = {"none": {}}
    for side, index in (("client", 0), ("middle", 1), ("customer", 2)):
        patterns[side] = {
            d.id: d.options[index].id for d in brain.kb.dimensions if len(d.options) == 3
        }
    docs: list[Document] = []
    for industry in sample:
        for answers in patterns.values():
            a = brain.assess(industry.id, answers, industry.name)
            doc = plan_document(a, messages, "en", f"We are a {industry.name.lower()}")
            if doc is not None:
                docs.append(doc)
    plan_pdf.render_plan(docs[0])  # fonts, imports and caches warm, as in a running bot

    times, walls, sizes, chart_ms = [], [], [], []
    for doc in docs:
        for _ in range(args.repeat):
            ms, data = timed_ms(lambda d=doc: plan_pdf.render_plan(d))  # type: ignore[misc]
            times.append(ms)
            walls.append(WALL[-1])
            sizes.append(len(data) / 1024)  # type: ignore[arg-type]
            assert doc.chart is not None
            chart_ms.append(timed_ms(lambda d=doc: charts.render_chart(d.chart))[0])  # type: ignore[misc]
    floor = [timed_ms(floor_pdf)[0] for _ in range(10)]
    worst = worst_case(brain.assess("law_firm", {}, "law firm"), messages)
    worst_times, worst_size = [], 0.0
    for _ in range(5):
        ms, data = timed_ms(lambda: plan_pdf.render_plan(worst))
        worst_times.append(ms)
        worst_size = len(data) / 1024  # type: ignore[arg-type]

    p50, p95, top = statistics.median(times), percentile(times, 0.95), max(times)
    print(
        f"plans: {len(docs)} documents ({len(sample)} industries x {len(patterns)} answer "
        f"patterns), {args.repeat} renders each, chart cache cleared before each"
    )
    print(
        f"  CPU ms    p50 {p50:7.1f}   p95 {p95:7.1f}   max {top:7.1f}   (target <= "
        f"{TARGET_MS:.0f})"
    )
    print(
        f"  wall ms   p50 {statistics.median(walls):7.1f}   p95 {percentile(walls, 0.95):7.1f}"
        f"   max {max(walls):7.1f}   (shared machine: others' work counts here)"
    )
    print(
        f"  size KB   p50 {statistics.median(sizes):7.1f}   max {max(sizes):7.1f}   "
        f"(target <= {TARGET_KB:.0f})"
    )
    print(f"worst case (long everything): max {max(worst_times):.1f} ms, {worst_size:.1f} KB")
    chart_p50, floor_p50 = statistics.median(chart_ms), statistics.median(floor)
    print(
        f"baseline render_chart (same charts): p50 {chart_p50:.1f} ms -> plan/chart "
        f"{p50 / chart_p50:.1f}x"
    )
    print(
        f"baseline fpdf2 one-line page:        p50 {floor_p50:.1f} ms -> plan/floor "
        f"{p50 / floor_p50:.1f}x"
    )
    over = (
        top > TARGET_MS
        or max(worst_times) > TARGET_MS
        or max(sizes) > TARGET_KB
        or worst_size > TARGET_KB
    )
    print("targets: " + ("MISSED" if over else "met"))
    return 1 if over else 0


if __name__ == "__main__":
    raise SystemExit(main())
