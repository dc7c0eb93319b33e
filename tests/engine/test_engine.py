"""The engine and the conversation service with the real flows and knowledge base."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.advisor import Advisor
from bot.config import Settings
from bot.core.richtext import to_plain
from bot.engine.events import Command, OptionChosen, TextInput, Unsupported
from bot.engine.replies import Reply
from bot.service import Conversations
from bot.storage import open_store
from bot.storage.base import ConversationKey
from tests.helpers import Clock

KEY = ConversationKey(chat=10, user=20)


def text(replies: list[Reply]) -> str:
    return "\n".join(to_plain(r.text) for r in replies)


def last_prompt(replies: list[Reply]) -> Reply:
    return [r for r in replies if r.choices][-1]


async def test_stale_and_forged_buttons_reshow_the_current_step(advisor: Advisor) -> None:
    conv = Conversations(advisor, open_store("memory://"))
    first = last_prompt(await conv.handle(KEY, Command("start")))
    second = await conv.handle(KEY, TextInput("law firm"))
    assert "Question 2 of 10" in text(second)
    # the old question's button, pressed again
    stale = await conv.handle(KEY, OptionChosen(first.step or "", first.choices[0].id, first.turn))
    assert stale[0].extra.get("code") == "stale_button"
    assert "Question 2 of 10" in text(stale)
    # a forged option id on the current step
    current = last_prompt(second)
    forged = await conv.handle(KEY, OptionChosen(current.step or "", "drop_tables", current.turn))
    assert forged[0].extra.get("code") == "stale_button"
    # the same button twice: the second press is stale, the answer is kept once
    ok = await conv.handle(
        KEY, OptionChosen(current.step or "", current.choices[0].id, current.turn)
    )
    again = await conv.handle(
        KEY, OptionChosen(current.step or "", current.choices[0].id, current.turn)
    )
    assert "Question 3 of 10" in text(ok) and again[0].extra.get("code") == "stale_button"
    session = await conv.store.get(KEY)
    assert session is not None and session.step == "engagement"
    assert session.answers["relationship"] == current.choices[0].id


async def test_unsupported_input_keeps_the_session(advisor: Advisor) -> None:
    conv = Conversations(advisor, open_store("memory://"))
    await conv.handle(KEY, TextInput("law firm"))
    before = await conv.store.get(KEY)
    replies = await conv.handle(KEY, Unsupported("sticker"))
    after = await conv.store.get(KEY)
    assert "only read text" in text(replies) and "Question 2 of 10" in text(replies)
    assert before is not None and after is not None
    assert (after.step, after.answers) == (before.step, before.answers)


async def test_first_message_describing_the_business_starts_the_interview(
    advisor: Advisor,
) -> None:
    conv = Conversations(advisor, open_store("memory://"))
    replies = await conv.handle(KEY, TextInput("we run a small bakery"))
    assert "Question 2 of 10" in text(replies) and "Bakery" in text(replies)


async def test_deep_link_payload_preselects_the_industry(advisor: Advisor) -> None:
    conv = Conversations(advisor, open_store("memory://"))
    replies = await conv.handle(KEY, Command("start", "ind_law_firm"))
    assert "Got it: Law firm" in text(replies) and "Question 2 of 10" in text(replies)
    bogus = await conv.handle(KEY, Command("start", "ind_<script>"))
    assert "Question 1 of 10" in text(bogus)


async def test_idle_session_starts_over_with_a_notice(advisor: Advisor) -> None:
    clock = Clock()
    conv = Conversations(advisor, open_store("memory://"), ttl=3600, clock=clock)
    await conv.handle(KEY, TextInput("law firm"))
    clock.now += 3601
    replies = await conv.handle(KEY, TextInput("an ongoing partnership"))
    assert "start over" in text(replies) and "Question 1 of 10" in text(replies)
    session = await conv.store.get(KEY)
    assert session is not None and session.step == "business" and not session.answers


async def test_corrupt_session_is_reset_for_that_user_only(
    advisor: Advisor, tmp_path: Path
) -> None:
    db = tmp_path / "s.db"
    store = open_store(f"sqlite:///{db}")
    conv = Conversations(advisor, store)
    other = ConversationKey(chat=11, user=21)
    await conv.handle(KEY, TextInput("law firm"))
    await conv.handle(other, TextInput("florist"))
    with sqlite3.connect(db) as raw:
        tables = [r[0] for r in raw.execute("select name from sqlite_master where type='table'")]
        table = next(t for t in tables if "session" in t)
        raw.execute(f"update {table} set data = 'garbage{{' where chat = 10")
    replies = await conv.handle(KEY, TextInput("an ongoing partnership"))
    assert "lost track" in text(replies) and "Question 1 of 10" in text(replies)
    kept = await store.get(other)
    assert kept is not None and kept.answers["industry"] == "florist"
    await store.close()


async def test_forget_deletes_everything_about_the_user(advisor: Advisor) -> None:
    store = open_store("memory://")
    conv = Conversations(advisor, store)
    await conv.handle(KEY, TextInput("law firm"))
    await conv.handle(ConversationKey(chat=-500, user=KEY.user), TextInput("florist"))
    replies = await conv.handle(KEY, Command("forget"))
    assert "deleted everything" in text(replies)
    assert await store.count() == 0


@pytest.mark.parametrize(
    ("ttl", "age", "says"),
    [
        (86400, 5, "can't find the interview"),
        (86400, 2 * 86400, "It's been a while"),
        (0, 5, "can't find the interview"),  # no idle limit: only the retention purge is "a while"
        (0, 40 * 86400, "It's been a while"),
        (86400, None, "It's been a while"),  # a front-end that cannot tell (the console)
    ],
)
async def test_a_button_with_no_session_says_lost_or_expired_by_its_age(
    advisor: Advisor, ttl: float, age: float | None, says: str
) -> None:
    now = 1_800_000_000.0
    conv = Conversations(advisor, open_store("memory://"), ttl=ttl, clock=lambda: now)
    shown = None if age is None else now - age
    replies = await conv.handle(KEY, OptionChosen("relationship", "partnership", 3, shown_at=shown))
    said = text(replies)
    assert says in said
    assert "What does your business do" in said


async def test_markup_typed_as_a_business_is_asked_about_not_accepted(advisor: Advisor) -> None:
    conv = Conversations(advisor, open_store("memory://"))
    await conv.handle(KEY, Command("start"))
    replies = await conv.handle(KEY, TextInput("<b>zq</b> &lt; &amp; <i>unclosed"))
    said = text(replies)
    assert "Got it" not in said and "Bed and breakfast" not in said
    assert "don't recognise" in said


async def test_unmatched_descriptions_are_recorded_masked_and_forgotten(advisor: Advisor) -> None:
    store = open_store("memory://")
    conv = Conversations(advisor, store)
    other = ConversationKey(chat=77, user=77)
    for key in (KEY, other):
        await conv.handle(key, Command("start"))
        await conv.handle(key, TextInput("Zzqx Vlorp Frimbling 0777123456"))
    assert await store.unmatched() == [("zzqx vlorp frimbling [phone]", 2)]
    await conv.handle(KEY, Command("forget"))
    assert await store.unmatched() == [("zzqx vlorp frimbling [phone]", 1)]


async def test_a_changed_flow_resumes_or_restarts(advisor: Advisor) -> None:
    engine = advisor.engine
    out = engine.step(None, TextInput("law firm"), now=1.0)
    assert out.session is not None
    moved = out.session.evolve(flow_version="old")
    resumed = engine.step(moved, TextInput("an ongoing partnership"), now=2.0)
    assert resumed.session is not None and resumed.session.step == "engagement"
    gone = engine.step(moved.evolve(step="vanished"), TextInput("x"), now=3.0)
    assert "updated since" in text(gone.replies)
    assert gone.session is not None and gone.session.step == "business"


async def test_every_reply_step_and_button_fits_telegram(advisor: Advisor) -> None:
    conv = Conversations(advisor, open_store("memory://"))
    replies = await conv.handle(KEY, Command("start"))
    for _ in range(12):
        prompt = last_prompt(replies)
        for choice in prompt.choices:
            data = f"{prompt.turn}|{prompt.step}|{choice.id}"
            assert len(data.encode()) <= 64
        replies = await conv.handle(
            KEY, OptionChosen(prompt.step or "", prompt.choices[0].id, prompt.turn)
        )
        if any(r.kind == "result" for r in replies):
            break
    assert any(r.kind == "result" and r.chart is not None for r in replies)


async def test_expiry_counts_as_drop_off_in_the_funnel(advisor: Advisor) -> None:
    from bot.ops.metrics import AdvisorMetrics

    metrics = AdvisorMetrics()
    clock = Clock()
    conv = Conversations(advisor, open_store("memory://"), ttl=60, clock=clock, observer=metrics)
    await conv.handle(KEY, TextInput("law firm"))
    clock.now += 61
    await conv.handle(KEY, TextInput("hello again"))
    funnel = {row["step"]: row for row in metrics.snapshot()["funnel"]["main"]}
    assert funnel["relationship"]["dropoff"] == 1


@pytest.mark.slow
def test_a_yaml_syntax_error_in_messages_is_a_data_error(tmp_path: Path) -> None:
    from bot.core.errors import DataErrors

    dialogues = tmp_path / "dialogues"
    dialogues.mkdir()
    (dialogues / "messages.yaml").write_text("en:\n  engine: [unclosed\n")
    (dialogues / "main.yaml").write_text(Path("dialogues/main.yaml").read_text())
    settings = Settings.load({"ADVISOR_DIALOGUES": str(dialogues)}, tmp_path / ".env")
    with pytest.raises(DataErrors) as info:
        Advisor.load(settings)
    assert f"{dialogues / 'messages.yaml'}:" in str(info.value)


async def _to_result(conv: Conversations, key: ConversationKey, description: str) -> Reply:
    await conv.handle(key, Command("start"))
    replies = await conv.handle(key, TextInput(description))
    for _ in range(15):
        result = [r for r in replies if r.kind == "result" and r.choices]
        if result:
            return result[0]
        prompt = last_prompt(replies)
        replies = await conv.handle(
            key, OptionChosen(prompt.step or "", prompt.choices[0].id, prompt.turn)
        )
    raise AssertionError("no result")


async def test_the_plan_button_returns_the_plan_as_document_data(advisor: Advisor) -> None:
    conv = Conversations(advisor, open_store("memory://"))
    result = await _to_result(conv, KEY, "we are a law firm advising companies")
    assert [c.id for c in result.choices] == ["plan", "more", "restart", "share"]
    replies = await conv.handle(KEY, OptionChosen(result.step or "", "plan", result.turn))
    (reply,) = replies
    doc = reply.document
    assert doc is not None and doc.chart is not None
    assert doc.chart.verdict.startswith("Overall: client-based")
    assert "relationship plan" in to_plain(reply.text).lower()
    assert [c.id for c in reply.choices] == ["plan", "more", "restart", "share"]  # the same menu
    plain = [to_plain(b.text) for b in doc.blocks]
    assert "Your business: we are a law firm advising companies" in plain
    assert "Your three priorities" in plain and doc.blocks[-1].kind == "chart"
    # typed, the button's label works too
    again = await conv.handle(KEY, TextInput("get my plan"))
    assert again and again[0].document is not None
    # more advice offers the plan again
    more = await conv.handle(KEY, OptionChosen(result.step or "", "more", result.turn))
    assert [c.id for c in more[0].choices] == ["plan", "more", "restart", "share"]


async def test_no_plan_button_without_a_verdict(advisor: Advisor) -> None:
    conv = Conversations(advisor, open_store("memory://"))
    key = ConversationKey(chat=11, user=21)
    await conv.handle(key, Command("start"))
    replies: list[Reply] = []
    for _ in range(15):  # skip every question: nothing is known
        replies = await conv.handle(key, Command("skip"))
        if any(r.kind == "result" for r in replies):
            break
    (result,) = [r for r in replies if r.kind == "result"]
    assert "can't tell yet" in to_plain(result.text)
    # no more advice either: there is none without a verdict (it printed a blank reply)
    assert [c.id for c in result.choices] == ["restart"]
    # a forged or old "plan" press gets a friendly notice, not an empty document
    pressed = await conv.handle(key, OptionChosen(result.step or "", "plan", result.turn))
    assert pressed and all(r.document is None for r in pressed)
    assert "can't tell yet" in to_plain(pressed[-1].text)
