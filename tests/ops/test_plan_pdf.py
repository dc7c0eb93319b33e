"""The relationship plan: the document the engine words, and the PDF read back with pypdf."""

from __future__ import annotations

import io
import logging
import math
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PageObject, PdfReader

from bot.contracts import AdviceItem, AdvicePlan, Assessment, Chart, ChartBar
from bot.core.messages import Messages
from bot.core.richtext import fill, to_plain
from bot.engine.plandoc import plan_document, slug
from bot.engine.replies import Document
from bot.ops import plan_pdf
from bot.ops.plan_pdf import clean, render_plan, save_plan
from tests.helpers import ROOT
from tests.pdfread import pdf_pages, pdf_text

MM = 72 / 25.4  # PDF points per millimetre

ITEMS = (
    AdviceItem(
        "Run a six-month recall for every patient.",
        "Export everyone not seen for seven months and send each a booking link.",
        "share of patients seen in the last year",
        "Recall visits are where a practice's repeat business comes from.",
    ),
    AdviceItem(
        "Offer a practice plan that spreads check-ups over monthly payments.",
        "Price a basic plan: two check-ups and two hygiene visits a year.",
        "patients on a plan",
    ),
    AdviceItem(
        "Ask for feedback after each course of treatment.",
        "Add a two-question survey to the end-of-treatment text.",
        "net promoter score",
    ),
    AdviceItem("A fourth lever, kept out of the three priorities.", "Not this one.", "not tracked"),
)


@pytest.fixture(scope="module")
def messages() -> Messages:
    return Messages.load(ROOT / "dialogues" / "messages.yaml")


def _chart() -> Chart:
    bars = tuple(
        ChartBar(name, p) for name, p in (("Industry", 1.0), ("Payment", 0.4), ("Trust", math.nan))
    )
    return Chart(
        "Where your business sits",
        bars,
        "Customer-based",
        "Client-based",
        overall=0.6,
        verdict="Overall: client-based, 84% sure",
    )


def _assessment(plan: AdvicePlan | None, label: str = "client") -> Assessment:
    summary = fill(
        "Your business looks **client-based** (84% confident).\n"
        "Businesses like yours (**Dental practice**) are usually client-based."
    )
    return Assessment(label, 0.84, summary, (), (), (), _chart(), plan)  # type: ignore[arg-type]


def _full_plan() -> AdvicePlan:
    return AdvicePlan(
        "client",
        0.84,
        "Dental practice",
        ("You already bill on a plan: keep it.", "Patients stay for years."),
        ITEMS,
    )


def _doc(messages: Messages, description: str = "A family dental practice") -> Document:
    doc = plan_document(_assessment(_full_plan()), messages, "en", description)
    assert doc is not None
    return doc


def test_the_plan_has_every_section_in_order(messages: Messages) -> None:
    data = render_plan(_doc(messages))
    text_ = pdf_text(data)
    sections = [
        "Your relationship plan",
        "Your business: A family dental practice",
        "Closest match: Dental practice",
        "Where you stand",
        "looks client-based",
        "What you already do well",
        "You already bill on a plan: keep it.",
        "Your three priorities",
        "1. Run a six-month recall",
        "Why it matters:",
        "First step this week: Export everyone",
        "Figure to watch: share of patients",
        "2. Offer a practice plan",
        "3. Ask for feedback",
        "Your 30/60/90-day plan",
        "Days 1–30: Export everyone",
        "Days 31–60: Price a basic plan",
        "Check share of patients seen in the last year",
        "Days 61–90: Add a two-question survey",
        "Figures to track",
        "Your answers at a glance",
    ]
    at = [text_.find(s) for s in sections]
    missing = [s for s, i in zip(sections, at, strict=True) if i < 0]
    assert not missing, missing
    assert at == sorted(at), "sections come in the planned order"
    assert "fourth lever" not in text_ and "not tracked" not in text_, "three priorities only"


def test_one_phone_shaped_page_with_the_chart_image(messages: Messages) -> None:
    data = render_plan(_doc(messages))
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert abs(float(page.mediabox.width) - plan_pdf.PAGE_WIDTH * MM) < 1
    assert float(page.mediabox.height) >= plan_pdf.MIN_HEIGHT * MM - 1
    images = list(page.images)
    assert len(images) == 1, "the result chart is on the page"
    assert len(data) <= 300 * 1024


def test_user_text_is_written_as_text_never_as_markup(messages: Messages) -> None:
    hostile = (
        "<b>bold?</b> **not bold** __no__ [link](http://x) {description} %s \\ ( ) "
        "/Type /Page endstream"
    )
    text_ = pdf_text(render_plan(_doc(messages, hostile)))
    assert (
        "Your business: <b>bold?</b> **not bold** __no__ [link](http://x) {description} "
        "%s \\ ( ) /Type /Page endstream" in text_
    )


def test_non_latin_text_never_crashes_and_missing_glyphs_become_question_marks(
    messages: Messages, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    description = "Стоматология «Зубик» Ελληνικά café 日本語 😀 \x00\x1b[31m \u202eevil\u200b end"
    text_ = pdf_text(render_plan(_doc(messages, description)))
    assert "Стоматология «Зубик» Ελληνικά café ??? ? [31m evil end" in text_
    assert not [r for r in caplog.records if "missing" in r.getMessage()], (
        "no glyph warnings: missing characters were replaced before drawing"
    )


def test_clean_keeps_what_the_font_draws() -> None:
    assert clean("a\tb\nc") == "a b c"
    assert clean("e\u0301") == "é"  # composed, so the accent is drawn on its letter
    assert clean("x\u200d\u202ey\x07") == "xy"
    assert clean("中") == "?"


@pytest.mark.slow
def test_a_long_description_is_cut_and_the_page_grows_with_the_text(messages: Messages) -> None:
    short = PdfReader(io.BytesIO(render_plan(_doc(messages, "a dentist"))))
    long_text = "word " * 2000
    data = render_plan(_doc(messages, long_text))
    long_ = PdfReader(io.BytesIO(data))
    assert len(long_.pages) == 1
    assert float(long_.pages[0].mediabox.height) > float(short.pages[0].mediabox.height)
    assert pdf_text(data).count("word") < 80  # cut at 300 characters


def test_baseline_advice_without_steps_or_figures_still_makes_a_plan(messages: Messages) -> None:
    plain = AdvicePlan(
        "customer",
        0.7,
        None,
        (),
        tuple(AdviceItem(t, "", "") for t in ("Do one.", "Do two.", "Do three.")),
    )
    doc = plan_document(_assessment(plain, "customer"), messages, "en", "")
    assert doc is not None and doc.filename == "relationship-plan"
    text_ = pdf_text(render_plan(doc))
    assert "First step this week" not in text_ and "Figures to track" not in text_
    assert "Days 1–30: Do one." in text_ and "Days 61–90: Do three." in text_
    assert "Nothing stands out as a strength yet" in text_


@pytest.mark.parametrize(
    ("figure", "in_sentence"),
    [
        ("Share of clients still active after a year", "Check share of clients still active"),
        ("NPS after each course", "Check NPS after each course"),
    ],
)
def test_the_figure_to_check_reads_as_part_of_the_sentence(
    messages: Messages, figure: str, in_sentence: str
) -> None:
    items = (replace(ITEMS[0], figure=figure), *ITEMS[1:3])
    plan = AdvicePlan("client", 0.8, None, (), items)
    doc = plan_document(_assessment(plan), messages)
    assert doc is not None
    days = [to_plain(b.text) for b in doc.blocks if to_plain(b.text).startswith("Days 31")]
    assert len(days) == 1 and in_sentence in days[0]


def test_no_advice_means_no_document(messages: Messages) -> None:
    assert plan_document(_assessment(None), messages) is None
    empty = AdvicePlan("unknown", 0.0, None)
    assert plan_document(_assessment(empty, "unknown"), messages) is None


def test_file_names_are_safe_slugs(messages: Messages) -> None:
    assert _doc(messages).filename == "relationship-plan-dental-practice"
    assert slug("Café & Bar / ../etc") == "cafe-bar-etc"
    assert slug("日本") == ""


def test_save_plan_writes_a_readable_pdf(messages: Messages, tmp_path: Path) -> None:
    path = save_plan(_doc(messages), tmp_path / "out")
    assert path.parent == tmp_path / "out" and path.name.startswith("relationship-plan-")
    assert path.suffix == ".pdf"
    assert "Your relationship plan" in pdf_text(path.read_bytes())


def test_a_document_without_a_chart_renders(messages: Messages) -> None:
    doc = _doc(messages)
    bare = Document(doc.filename, doc.title, doc.caption, doc.blocks, chart=None)
    pages = pdf_pages(render_plan(bare))
    assert len(pages) == 1 and "Your three priorities" in pages[0]


@pytest.mark.slow
def test_each_plan_embeds_the_glyphs_it_uses_whatever_came_before(messages: Messages) -> None:
    # Regression: documents shared parsed fonts, and making one PDF cut the shared font down
    # to its own characters, so the next plan's new characters crashed the subsetter.
    render_plan(_doc(messages, "plain words"))
    data = render_plan(_doc(messages, "{braces} <angles> [brackets] under_score ¿¡ Жж"))
    assert "{braces} <angles> [brackets] under_score ¿¡ Жж" in pdf_text(data)


def _text_heights(page: PageObject) -> list[float]:
    """The y (points from the bottom) of every piece of text on the page."""
    ys: list[float] = []

    def visit(text_: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text_.strip():
            ys.append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

    page.extract_text(visitor_text=visit)
    return ys


@pytest.mark.slow
def test_every_line_of_text_is_inside_the_page_it_was_cut_to(messages: Messages) -> None:
    # The page is laid out tall and then cut to its content: the text must move with it.
    for description in ("a dentist", "word " * 60):
        page = PdfReader(io.BytesIO(render_plan(_doc(messages, description)))).pages[0]
        height = float(page.mediabox.height)
        ys = _text_heights(page)
        assert len(ys) > 20
        assert min(ys) > 0 and max(ys) < height
        assert max(ys) > height - 20 * MM, "the title sits at the top"


def test_later_months_time_their_first_step_from_the_month_not_from_today(
    messages: Messages,
) -> None:
    """A step saying "this week" would, in days 31-60, mean a month before it is due."""
    items = tuple(
        replace(item, first_step=f"This week, list ten names and call them today {n}.")
        for n, item in enumerate(ITEMS[:3], 1)
    )
    doc = plan_document(_assessment(AdvicePlan("client", 0.8, None, (), items)), messages)
    assert doc is not None
    days = [to_plain(b.text) for b in doc.blocks if to_plain(b.text).startswith("Days ")]
    assert len(days) == 3
    assert "This week" in days[0] and "today 1" in days[0]
    for later in days[1:]:
        assert "this week" not in later.lower() and "today" not in later
        assert "In the first week of the month, list ten names" in later
        assert "call them on the first day of the month" in later
