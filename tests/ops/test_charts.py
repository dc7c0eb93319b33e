"""Result charts: real PNGs, read back pixel by pixel."""

from __future__ import annotations

import io
import math
from pathlib import Path

import pytest
from PIL import Image

from bot.contracts import Chart, ChartBar
from bot.ops import charts, text_fit
from bot.ops.charts import (
    BACKGROUND,
    MARGIN,
    MARKER,
    TRACK_LEFT,
    TRACK_RIGHT,
    UNKNOWN,
    WIDTH,
    render_chart,
    save_chart,
)

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _chart(*bars: tuple[str, float], title: str = "Mostly client-based") -> Chart:
    return Chart(
        title=title,
        bars=tuple(ChartBar(label, pos) for label, pos in bars),
        left_label="customer-based",
        right_label="client-based",
    )


def _image(data: bytes) -> Image.Image:
    assert data.startswith(PNG_MAGIC)
    Image.open(io.BytesIO(data)).verify()  # checks chunks and CRCs
    return Image.open(io.BytesIO(data)).convert("RGB")


def _pixels_of(
    img: Image.Image, colour: tuple[int, int, int], tol: int = 10
) -> list[tuple[int, int]]:
    """Pixels within `tol` per channel of `colour` (the PNG palette may shift it a little)."""
    w, h = img.size
    data = img.load()
    assert data is not None
    r, g, b = colour
    return [
        (x, y)
        for y in range(h)
        for x in range(w)
        if abs(data[x, y][0] - r) <= tol
        and abs(data[x, y][1] - g) <= tol
        and abs(data[x, y][2] - b) <= tol
    ]


def _expected_x(position: float) -> float:
    p = max(-1.0, min(1.0, position))
    return TRACK_LEFT + (p + 1) / 2 * (TRACK_RIGHT - TRACK_LEFT)


def test_valid_png_of_the_expected_size() -> None:
    one = _image(render_chart(_chart(("Relationship", 0.5))))
    three = _image(render_chart(_chart(("A", 0.1), ("B", 0.2), ("C", -0.3))))
    assert one.width == three.width == WIDTH
    assert 300 < one.height < three.height < 1500


@pytest.mark.parametrize("position", [-1.0, -0.5, 0.0, 0.25, 0.9, 1.0])
def test_marker_x_follows_the_position(position: float) -> None:
    img = _image(render_chart(_chart(("Trust", position))))
    pts = _pixels_of(img, MARKER)
    assert len(pts) > 500, "the marker is drawn as a filled disc"
    cx = sum(x for x, _ in pts) / len(pts)
    assert abs(cx - _expected_x(position)) <= 1.5


def test_markers_order_left_to_right_with_the_positions() -> None:
    positions = [-0.8, -0.2, 0.3, 0.7]
    img = _image(render_chart(_chart(*[(f"d{i}", p) for i, p in enumerate(positions)])))
    pts = _pixels_of(img, MARKER)
    rows: dict[int, list[int]] = {}
    for x, y in pts:
        rows.setdefault(y, []).append(x)
    # Group marker pixels by disc (discs are far apart vertically).
    discs: list[list[int]] = []
    last_y = -100
    for y in sorted(rows):
        if y - last_y > 5:
            discs.append([])
        discs[-1] += rows[y]
        last_y = y
    assert len(discs) == 4
    centres = [sum(d) / len(d) for d in discs]
    assert centres == sorted(centres)
    for c, p in zip(centres, positions, strict=True):
        assert abs(c - _expected_x(p)) <= 1.5


@pytest.mark.parametrize("position", [5.0, -7.0, math.inf, -math.inf])
def test_extreme_positions_are_clamped_inside_the_image(position: float) -> None:
    img = _image(render_chart(_chart(("Payment", position))))
    pts = _pixels_of(img, MARKER)
    cx = sum(x for x, _ in pts) / len(pts)
    assert abs(cx - _expected_x(position)) <= 1.5
    assert min(x for x, _ in pts) >= MARGIN - 6
    assert max(x for x, _ in pts) <= WIDTH - MARGIN + 6


def test_nan_is_a_hollow_marker_in_the_middle() -> None:
    img = _image(render_chart(_chart(("Satisfaction", math.nan))))
    assert not _pixels_of(img, MARKER), "no filled marker for a missing answer"
    grey = _pixels_of(img, UNKNOWN)
    per_row: dict[int, int] = {}
    for _, y in grey:
        per_row[y] = per_row.get(y, 0) + 1
    # Anti-aliased text may share the grey; the ring is the tallest run of rows dense with it.
    runs: list[list[int]] = []
    for y in sorted(y for y, n in per_row.items() if n >= 8):
        if runs and y - runs[-1][-1] <= 3:
            runs[-1].append(y)
        else:
            runs.append([y])
    band = set(max(runs, key=len))
    ring = [(x, y) for x, y in grey if min(band) - 2 <= y <= max(band) + 2]
    assert len(ring) > 200
    assert 2 * (charts.MARKER_RADIUS - 2) <= max(band) - min(band) <= 2 * charts.MARKER_RADIUS + 2
    cx = (min(x for x, _ in ring) + max(x for x, _ in ring)) / 2
    assert abs(cx - _expected_x(0.0)) <= 1.5


def _margins_are_blank(img: Image.Image) -> None:
    data = img.load()
    assert data is not None
    for y in range(img.height):
        for x in (*range(0, MARGIN - 8), *range(WIDTH - MARGIN + 8, WIDTH)):
            assert max(abs(a - b) for a, b in zip(data[x, y], BACKGROUND, strict=True)) <= 3, (
                f"ink at ({x}, {y}) in the margin"
            )


def test_long_names_and_titles_do_not_overflow() -> None:
    long_label = "Loyalty and repeat business over many years " * 4
    one_word = "Kundenbeziehungsmanagementverantwortlichkeit" * 2
    chart = _chart(
        (long_label, 0.4),
        (one_word, -0.6),
        ("", 0.0),
        title="A very long title that will need wrapping " * 3,
    )
    img = _image(render_chart(chart))
    _margins_are_blank(img)
    short = _image(render_chart(_chart(("x", 0.4), ("y", -0.6), ("", 0.0), title="t")))
    # At most two lines per label and three title lines: the height stays bounded.
    assert img.height <= short.height + 2 * 60 + 2 * 70


def test_many_bars_stay_under_the_size_limit() -> None:
    bars = [(f"Dimension number {i} with a name", (i % 9 - 4) / 4) for i in range(20)]
    data = render_chart(_chart(*bars))
    assert len(data) < 200 * 1024
    _image(data)


def test_user_visible_text_is_drawn_not_interpreted() -> None:
    # Label text is only ever drawn as pixels; markup characters cannot break anything.
    _image(render_chart(_chart(("<b>**x**</b> & {name} %s", 0.2), title="{title} <i>")))


def test_fallback_font_without_dejavu(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(text_fit, "FONT_DIR", tmp_path / "no-fonts")
    text_fit.font.cache_clear()
    try:
        img = _image(render_chart(_chart(("Relationship", 0.5), ("Trust", -1.0))))
        assert img.width == WIDTH
        pts = _pixels_of(img, MARKER)
        assert pts
    finally:
        text_fit.font.cache_clear()


def test_save_chart_writes_a_stable_file(tmp_path: Path) -> None:
    chart = _chart(("Relationship", 0.5))
    folder = tmp_path / "a" / "b"
    path = save_chart(chart, folder)
    assert path.parent == folder and path.suffix == ".png"
    assert path.read_bytes() == render_chart(chart)
    assert save_chart(chart, folder) == path
    other = save_chart(_chart(("Relationship", -0.5)), str(folder))
    assert other != path
    assert sorted(p.name for p in folder.iterdir()) == sorted([path.name, other.name])


def _discs(img: Image.Image) -> list[tuple[float, float, int]]:
    """Filled marker discs from top to bottom: (centre x, centre y, height in rows)."""
    rows: dict[int, list[int]] = {}
    for x, y in _pixels_of(img, MARKER):
        rows.setdefault(y, []).append(x)
    groups: list[list[int]] = []
    last_y = -100
    for y in sorted(rows):
        if y - last_y > 5:
            groups.append([])
        groups[-1].append(y)
        last_y = y
    out = []
    for ys in groups:
        xs = [x for y in ys for x in rows[y]]
        out.append((sum(xs) / len(xs), (ys[0] + ys[-1]) / 2, ys[-1] - ys[0] + 1))
    return out


def _with_verdict(overall: float, *bars: tuple[str, float]) -> Chart:
    plain = _chart(*bars)
    return Chart(
        plain.title,
        plain.bars,
        plain.left_label,
        plain.right_label,
        overall=overall,
        verdict="Overall: client-based, 87% sure",
    )


@pytest.mark.parametrize("overall", [-0.6, 0.0, 0.45, 1.0])
def test_the_verdict_sits_on_top_as_a_bigger_marker(overall: float) -> None:
    img = _image(render_chart(_with_verdict(overall, ("Trust", -0.8), ("Payment", 0.8))))
    discs = _discs(img)
    assert len(discs) == 3, "the verdict's marker, then one per dimension"
    (vx, vy, vh), (tx, ty, th), (px, py, _) = discs
    assert vy < ty < py, "the verdict comes first"
    assert abs(vx - _expected_x(overall)) <= 1.5
    assert abs(tx - _expected_x(-0.8)) <= 1.5 and abs(px - _expected_x(0.8)) <= 1.5
    assert vh == 2 * charts.OVERALL_RADIUS + 1 and th == 2 * charts.MARKER_RADIUS + 1
    _margins_are_blank(img)


def test_the_verdict_row_adds_a_headline_and_a_track() -> None:
    bars = (("Trust", -0.8), ("Payment", 0.8))
    without = _image(render_chart(_chart(*bars)))
    with_verdict = _image(render_chart(_with_verdict(0.5, *bars)))
    assert with_verdict.width == without.width
    assert with_verdict.height > without.height + 2 * charts.OVERALL_RADIUS + 40


def test_no_verdict_yet_is_a_hollow_marker_on_top() -> None:
    img = _image(render_chart(_with_verdict(math.nan, ("Trust", -0.8))))
    discs = _discs(img)
    assert len(discs) == 1 and abs(discs[0][0] - _expected_x(-0.8)) <= 1.5
    ring = _pixels_of(img, UNKNOWN)
    assert ring and min(y for _, y in ring) < discs[0][1], "the hollow verdict marker is above"


def test_a_changed_verdict_is_not_served_from_the_cache() -> None:
    bars = (("Trust", -0.8),)
    a = render_chart(_with_verdict(0.5, *bars))
    b = render_chart(_with_verdict(-0.5, *bars))
    other = _with_verdict(0.5, *bars)
    c = render_chart(
        Chart(
            other.title,
            other.bars,
            other.left_label,
            other.right_label,
            overall=0.5,
            verdict="Overall: hybrid, 40% sure",
        )
    )
    assert len({a, b, c}) == 3
