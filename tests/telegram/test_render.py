"""Rendering engine replies for Telegram: escaping, splitting, keyboards, callback data."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.richtext import Span, fill, text, to_plain
from bot.engine.replies import Choice, DocBlock, Document, Reply
from bot.frontends.telegram.render import (
    MAX_CAPTION,
    ButtonPress,
    GroupPress,
    caption_html,
    decode,
    encode_group,
    encode_press,
    file_name,
    keyboard,
    plan,
    render_chunks,
    split_rich,
    start_payload,
    utf16_len,
)
from tests.botapi.tghtml import parse_html


def test_hostile_text_is_escaped() -> None:
    rt = fill("**You said:** {x}", {"x": "<b>& </i> <script>"})
    (html,) = render_chunks(rt)
    assert html == "<b>You said:</b> &lt;b&gt;&amp; &lt;/i&gt; &lt;script&gt;"
    plain, entities = parse_html(html)
    assert plain == "You said: <b>& </i> <script>"
    assert entities == [{"offset": 0, "length": 9, "type": "bold"}]


def test_split_prefers_paragraphs_then_lines_then_spaces() -> None:
    para = "a" * 3000
    rt = text(f"{para}\n\n{para}")
    assert [to_plain(c) for c in split_rich(rt)] == [para + "\n\n", para]
    lines = "\n".join(["b" * 99] * 60)  # 5999 chars, no paragraph break
    chunks = split_rich(text(lines))
    assert all(to_plain(c).endswith("\n") or c is chunks[-1] for c in chunks)
    words = " ".join(["word"] * 2000)
    chunks = split_rich(text(words))
    assert all(not to_plain(c).startswith(" ") for c in chunks)
    assert "".join(to_plain(c) for c in chunks).replace(" ", "") == words.replace(" ", "")


def test_split_keeps_styles_and_never_breaks_tags() -> None:
    rt = (Span("x" * 5000, bold=True), Span(" tail", italic=True))
    chunks = render_chunks(rt)
    assert len(chunks) == 2
    for html in chunks:
        plain, _ = parse_html(html)  # raises if a tag were cut
        assert utf16_len(plain) <= 4096
    assert chunks[0].startswith("<b>") and chunks[0].endswith("</b>")


def test_split_counts_utf16_units() -> None:
    rt = text("😀" * 3000)  # 6000 UTF-16 units
    chunks = split_rich(rt)
    assert len(chunks) == 2
    assert all(utf16_len(to_plain(c)) <= 4096 for c in chunks)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.text(min_size=0, max_size=900), st.booleans(), st.booleans()),
        min_size=1,
        max_size=12,
    )
)
def test_split_property(parts: list[tuple[str, bool, bool]]) -> None:
    rt = tuple(Span(t, b, i) for t, b, i in parts)
    limit = 700
    chunks = render_chunks(rt, limit)
    for html in chunks:
        plain, _ = parse_html(html)
        assert utf16_len(plain) <= limit
        assert plain.strip()
    # nothing but whitespace at the cuts is lost
    joined = "".join(parse_html(h)[0] for h in chunks)
    assert "".join(joined.split()) == "".join(to_plain(rt).split())


def test_callback_codec_roundtrip_and_forgeries() -> None:
    data = encode_press(12, "relationship", "long_term")
    assert decode(data) == ButtonPress(12, "relationship", "long_term")
    assert decode(encode_group(4242, "law_firm")) == GroupPress(4242, "law_firm")
    for forged in (
        None,
        "",
        "x",
        "1|2",
        "a|step|c",
        "1|st ep|c",
        "1||c",
        "g|x|law",
        "1|s|c|extra",
        "9" * 70,
        "1|s|<b>",
    ):
        assert decode(forged) is None, forged
    with pytest.raises(AssertionError):
        encode_press(1, "s" * 40, "c" * 40)


def test_keyboard_and_share_button() -> None:
    reply = Reply(
        text("Verdict"),
        kind="result",
        step="result",
        turn=9,
        choices=(
            Choice("more", "More advice"),
            Choice("restart", "Start over"),
            Choice("share", "Share"),
        ),
    )
    markup = keyboard(reply, share_query="law firm")
    assert markup is not None
    flat = [b for row in markup.inline_keyboard for b in row]
    assert [b.callback_data for b in flat[:2]] == ["9|result|more", "9|result|restart"]
    assert flat[2].switch_inline_query == "law firm" and flat[2].callback_data is None


@pytest.mark.parametrize(
    "labels",
    [
        ("A", "B"),
        ("Months or years", "Some", "Once", "Skip"),
        ("A label far too long to pair", "<b>&amp;</b>", "é 👍"),
    ],
)
def test_keyboard_json_is_what_ptb_would_send(labels: tuple[str, ...]) -> None:
    """The prepared keyboard JSON (sent without PTB's to_dict) matches PTB's own, button for
    button, for every row layout; the link-preview option likewise."""
    from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions

    from bot.frontends.telegram.render import NO_PREVIEW

    choices = (
        *(Choice(f"c{i}", label) for i, label in enumerate(labels)),
        Choice("share", "Share"),
    )
    markup = keyboard(Reply(text("Q"), step="q", turn=3, choices=choices), share_query="")
    assert markup is not None
    rebuilt = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    b.text, callback_data=b.callback_data, switch_inline_query=b.switch_inline_query
                )
                for b in row
            ]
            for row in markup.inline_keyboard
        ]
    )
    assert markup.to_dict() == rebuilt.to_dict()
    assert markup.to_dict()["inline_keyboard"][-1][-1] == {
        "text": "Share",
        "switch_inline_query": "",
    }
    assert NO_PREVIEW.to_dict() == LinkPreviewOptions(is_disabled=True).to_dict()


def test_keyboards_are_shared_only_between_identical_questions() -> None:
    choices = (Choice("a", "A"), Choice("b", "B"))
    first = keyboard(Reply(text("Q"), step="q", turn=3, choices=choices))
    assert first is keyboard(Reply(text("Other words"), step="q", turn=3, choices=choices))
    later = keyboard(Reply(text("Q"), step="q", turn=4, choices=choices))
    assert later is not None and later is not first
    assert later.inline_keyboard[0][0].callback_data == "4|q|a"
    # a caller changing the JSON it got does not change what the next user is sent
    assert first is not None
    first.to_dict()["inline_keyboard"][0][0]["text"] = "changed"
    assert first.to_dict()["inline_keyboard"][0][0]["text"] == "A"


def test_plan_merges_plain_notices_into_the_next_question() -> None:
    replies = [
        Reply(text("Got it: Bakery."), kind="notice"),
        Reply(text("Question?"), step="q", turn=2, choices=(Choice("a", "A"),)),
        Reply(text("PS"), kind="notice"),
    ]
    out = plan(replies)
    assert len(out) == 2
    assert out[0].chunks == ("Got it: Bakery.\n\nQuestion?",) and out[0].keyboard is not None
    assert out[1].chunks == ("PS",) and out[1].keyboard is None


def _document(caption: str) -> Document:
    return Document("relationship-plan", "Plan", text(caption), (DocBlock("title", text("t")),))


def test_plan_sends_a_document_with_its_caption_and_buttons() -> None:
    doc = _document("Your <plan> & more")
    replies = [
        Reply(text("Before"), kind="notice"),
        Reply(
            doc.caption,
            kind="result",
            step="result",
            turn=9,
            document=doc,
            choices=(Choice("more", "More advice"),),
        ),
    ]
    out = plan(replies)
    assert len(out) == 2
    assert out[0].chunks == ("Before",) and out[0].document is None
    assert out[1].document is doc and out[1].chunks == ()
    assert out[1].caption == "Your &lt;plan&gt; &amp; more"
    assert out[1].keyboard is not None


def test_captions_are_cut_to_telegrams_limit_as_it_counts_them() -> None:
    long_caption = fill("**Plan**: " + "word " * 400 + "😀" * 300)
    html = caption_html(long_caption)
    visible, _ = parse_html(html)
    assert utf16_len(visible) <= MAX_CAPTION
    assert html.startswith("<b>Plan</b>:")
    assert caption_html(()) == ""


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        ("relationship-plan-law-firm", "relationship-plan-law-firm.pdf"),
        ("../../etc/passwd", "etc-passwd.pdf"),
        ("plan für Café/Bar", "plan-f-r-Caf-Bar.pdf"),
        ("", "file.pdf"),
        ("x" * 200, "x" * 60 + ".pdf"),  # 64 characters in all
    ],
)
def test_file_names_are_safe_and_short(base: str, expected: str) -> None:
    assert file_name(base, "pdf") == expected


def test_start_payload_validation() -> None:
    assert start_payload("ind_law_firm") == "ind_law_firm"
    assert start_payload("bad payload!") == ""
    assert start_payload("x" * 65) == ""
