"""Chart caching: a cached background or PNG gives exactly what a cold render gives."""

from __future__ import annotations

import io
import math
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from bot.contracts import Chart, ChartBar
from bot.ops import charts, text_fit
from bot.ops.charts import cached_chart, clear_cache, render_chart

LABELS = ("Relationship", "Trust", "Payment", "Loyalty")


def _chart(*positions: float, labels: tuple[str, ...] = LABELS) -> Chart:
    return Chart(
        "Where your business sits",
        tuple(ChartBar(label, p) for label, p in zip(labels, positions, strict=True)),
        "Customer-based",
        "Client-based",
    )


@pytest.fixture(autouse=True)
def cold() -> Iterator[None]:
    clear_cache()
    yield
    clear_cache()


def _cold(chart: Chart) -> bytes:
    clear_cache()
    return render_chart(chart)


def test_markers_on_a_cached_background_equal_a_cold_render() -> None:
    render_chart(_chart(-1.0, 0.0, 1.0, 0.5))  # leaves the background for these labels
    warm = render_chart(_chart(0.3, math.nan, -0.7, 1.0))
    assert warm == _cold(_chart(0.3, math.nan, -0.7, 1.0))


def test_a_cached_png_is_returned_and_only_for_the_same_drawing() -> None:
    chart = _chart(0.3, math.nan, -0.7, 1.0)
    assert cached_chart(chart) is None
    png = render_chart(chart)
    # a chart with the same texts and marker pixels (NaN included) is the same PNG
    assert cached_chart(_chart(0.3, math.nan, -0.7, 1.0)) == png
    assert cached_chart(_chart(0.3, math.nan, -0.7, 0.99)) is None
    assert cached_chart(_chart(0.3, math.nan, -0.7, 1.0, labels=("a", "b", "c", "d"))) is None


def test_the_caches_stay_small() -> None:
    for i in range(charts._CACHE_SIZE + 10):
        render_chart(_chart(i / 100, 0.0, 0.0, 0.0))
    assert len(charts._pngs) == charts._CACHE_SIZE
    for i in range(charts._BACKGROUND_CACHE_SIZE + 3):
        render_chart(_chart(0.0, 0.0, 0.0, 0.0, labels=(f"label {i}", "b", "c", "d")))
    assert len(charts._backgrounds) == charts._BACKGROUND_CACHE_SIZE
    # the oldest went first; the newest is still there
    assert (
        cached_chart(
            _chart(
                0.0,
                0.0,
                0.0,
                0.0,
                labels=(f"label {charts._BACKGROUND_CACHE_SIZE + 2}", "b", "c", "d"),
            )
        )
        is not None
    )
    assert cached_chart(_chart(0.0, 0.0, 0.0, 0.0)) is None


def test_another_font_folder_is_another_background(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    chart = _chart(0.1, 0.2, 0.3, 0.4)
    dejavu = render_chart(chart)
    monkeypatch.setattr(text_fit, "FONT_DIR", tmp_path / "no-fonts")
    text_fit.font.cache_clear()
    try:
        assert cached_chart(chart) is None
        fallback = render_chart(chart)
    finally:
        text_fit.font.cache_clear()
    if (text_fit.FONT_DIR / "DejaVuSans.ttf").is_file():
        assert fallback != dejavu


def test_concurrent_renders_in_threads_agree() -> None:
    charts_ = [_chart(i / 10, -i / 10, 0.0, math.nan) for i in range(8)] * 3
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(render_chart, charts_))
    for chart, png in zip(charts_, together, strict=True):
        assert png == _cold(chart)
        Image.open(io.BytesIO(png)).verify()


def test_palette_drawing_matches_rgb_drawing() -> None:
    """Markers drawn in palette indices look exactly like markers drawn in RGB."""
    chart = _chart(-0.4, math.nan, 1.0, 0.0)
    png = render_chart(chart)
    base, centres = charts._draw_static(chart, charts.fonts())
    rgb = base.convert("RGB")
    from PIL import ImageDraw

    draw = ImageDraw.Draw(rgb)
    r = charts.MARKER_RADIUS
    for bar, cy in zip(chart.bars, centres, strict=True):
        x = charts.marker_x(bar.position)
        draw.ellipse((x - r - 4, cy - r - 4, x + r + 4, cy + r + 4), fill=charts.MARKER_RING)
        if math.isnan(bar.position):
            draw.ellipse(
                (x - r, cy - r, x + r, cy + r),
                fill=charts.BACKGROUND,
                outline=charts.UNKNOWN,
                width=6,
            )
        else:
            draw.ellipse((x - r, cy - r, x + r, cy + r), fill=charts.MARKER)
    got = Image.open(io.BytesIO(png)).convert("RGB")
    assert ImageChops.difference(got, rgb).getbbox() is None
