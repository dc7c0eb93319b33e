"""Private chats end to end: the real bot, long polling the strict Bot API test server."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.advisor import Advisor
from bot.core.richtext import Span
from bot.engine.events import OptionChosen
from bot.storage.base import ConversationKey
from tests.botapi.server import BotApiServer, labels_of
from tests.pdfread import pdf_text
from tests.telegram.conftest import ADMIN
from tests.telegram.harness import Bot, PrivateChat, Turn, running_bot

pytestmark = pytest.mark.e2e

MAX_QUESTIONS = 20


def no_errors(bot: Bot) -> None:
    """The bot never got a 4xx it did not expect (strict server = Telegram would refuse too)."""
    bad = [(c.method, c.description) for c in bot.api.errors(allow=("not modified",))]
    assert not bad, bad


async def run_to_result(chat: PrivateChat, *, typed: bool) -> list[Turn]:
    """Answer every question with its first option until the verdict arrives."""
    turns = [await chat.send("/start")]
    turns.append(await chat.send("we are a law firm advising companies"))
    for _ in range(MAX_QUESTIONS):
        last = turns[-1]
        if any("More advice" in m.labels for m in last.messages):
            return turns
        label = chat.last_buttons().labels[0]
        turns.append(await (chat.type_label(label) if typed else chat.press(label)))
    raise AssertionError(f"no verdict after {MAX_QUESTIONS} questions")


@pytest.mark.parametrize("typed", [False, True], ids=["buttons", "typed"])
async def test_full_interview(bot: Bot, typed: bool) -> None:
    chat = bot.chat(101 if typed else 102)
    turns = await run_to_result(chat, typed=typed)
    assert "What does your business do" in turns[0].text
    assert "Law firm" in turns[1].text  # the matched industry is confirmed
    result = turns[-1]
    assert any(m.photo and m.photo.startswith(b"\x89PNG") for m in result.messages), (
        "the verdict comes with a chart"
    )
    buttons = result.last.buttons
    share = next(b for b in buttons if b["text"] == "Share")
    assert "switch_inline_query" in share and "law" in share["switch_inline_query"].lower()
    # every pressed question's keyboard is taken away (the first was answered by typing)
    with_buttons = [s for s in bot.api.sent_to(chat.id) if s.buttons]
    if not typed:
        assert with_buttons == [turns[0].last, result.last]
    more = await chat.press("More advice")
    assert more.messages and more.answer == {"text": "", "show_alert": False, "url": None}
    no_errors(bot)


async def test_plan_button_sends_the_plan_as_a_pdf_document(bot: Bot) -> None:
    chat = bot.chat(104)
    await chat.send("/start")
    hostile = "we are a law firm <script>x</script> &amp; **bold** {name} ✓"
    turns = [await chat.send(hostile)]
    for _ in range(MAX_QUESTIONS):
        if any("More advice" in m.labels for m in turns[-1].messages):
            break
        labels = chat.last_buttons().labels
        turns.append(await chat.press("Law firm" if "Law firm" in labels else labels[0]))
    result = turns[-1]
    assert "Get my plan (PDF)" in result.last.labels
    got = await chat.press("Get my plan")
    assert got.answer is not None, "the press is answered"
    (sent,) = [m for m in got.messages if m.document is not None]
    assert sent.file_name is not None and sent.file_name.endswith(".pdf")
    assert sent.file_name == "relationship-plan-law-firm.pdf"
    assert "relationship plan" in sent.text.lower() and len(sent.text) <= 1024
    # the file carries the same buttons (a number keeps its meaning), so the person can go on
    assert sent.labels == ["Get my plan (PDF)", "More advice", "Start over", "Share"]
    text = pdf_text(sent.document or b"")
    for part in (
        "Your relationship plan",
        "Where you stand",
        "Your three priorities",
        "30/60/90-day plan",
        "Law firm",
        "client-based",
    ):
        assert part in text, part
    # the description is shown as typed: markup characters are text, never markup
    assert "<script>x</script> &amp; **bold** {name} ?" in text
    assert len(sent.document or b"") <= 300 * 1024
    more = await chat.press("More advice")
    assert "Get my plan (PDF)" in more.last.labels
    no_errors(bot)


async def test_commands(bot: Bot) -> None:
    chat = bot.chat(103)
    assert "/back" in (await chat.send("/help")).text
    assert "the advisor" in (await chat.send("/about")).text
    assert "/forget" in (await chat.send("/privacy")).text
    usage = await chat.send("/classify")
    assert "/classify" in usage.text
    card = await chat.send("/classify we run a bakery with a café corner")
    assert card.messages and "customer" in card.text.lower()
    assert "no interview" in (await chat.send("/cancel")).text.lower()
    await chat.send("/start")
    await chat.send("a bakery")
    key = ConversationKey(chat.id, chat.id)
    session = await bot.store.get(key)
    assert session is not None and session.step != "business"
    back = await chat.send("/back")
    assert "What does your business do" in back.text
    skipped = await chat.send("/skip")
    assert "judge from your answers" in skipped.text
    restarted = await chat.send("/restart")
    assert "Starting over" in restarted.text
    unknown = await chat.send("/nosuchcommand")
    assert "Unknown command /nosuchcommand" in unknown.text
    typo = await chat.send("/hlep")
    assert "Did you mean /help?" in typo.text
    forgotten = await chat.send("/forget")
    assert "deleted everything" in forgotten.text
    assert await bot.store.get(key) is None
    no_errors(bot)


async def test_deep_link_payload(bot: Bot, advisor: object) -> None:
    chat = bot.chat(104)
    turn = await chat.send("/start ind_law_firm")
    assert "Got it" in turn.text and "Law firm" in turn.text
    odd = await chat.send("/start <script>")  # not a valid payload: a plain start
    assert "What does your business do" in odd.text


async def test_stale_forged_and_double_pressed_buttons(bot: Bot) -> None:
    chat = bot.chat(105)
    await chat.send("/start")
    first_question = chat.last_buttons()
    await chat.send("law firm")
    key = ConversationKey(chat.id, chat.id)
    before = await bot.store.get(key)
    assert before is not None
    # a button from an earlier question
    stale = await chat.press(first_question.labels[0], message=first_question)
    assert stale.answer is not None and stale.answer["text"] == "This button has expired."
    assert stale.messages and stale.last.buttons, "the current question is shown again"
    after = await bot.store.get(key)
    assert after is not None and after.step == before.step and after.answers == before.answers
    # forged data of every shape
    for data in ("garbage", "1|nostep|x", "99999|relationship|partnership", "x" * 64):
        turn = await chat.press_data(chat.last_buttons(), data)
        assert turn.answer is not None and "expired" in turn.answer["text"]
        now = await bot.store.get(key)
        assert now is not None and now.step == before.step
    # the same button pressed twice before the bot answers the first press
    target = chat.last_buttons()
    label = target.labels[0]
    first = bot.api.press(target, label, chat.user)
    q1 = bot.api.last_query_id
    second = bot.api.press(target, label, chat.user)
    q2 = bot.api.last_query_id
    sent_before = len(bot.api.sent)
    await bot.settle(max(first, second))
    assert bot.api.callback_answers[q1]["text"] == ""
    # the second tap only gets a toast: no question shown twice, no second edit
    assert bot.api.callback_answers[q2]["text"] == "Already answered"
    assert len(bot.api.sent) == sent_before + 1, labels_of(bot.api.sent[sent_before:])
    edits = [
        c
        for c in bot.api.calls_of("editMessageReplyMarkup")
        if c.params.get("message_id") == str(target.message_id)
    ]
    assert [c.status for c in edits] == [200]
    final = await bot.store.get(key)
    assert final is not None and len(final.history) == len(before.history) + 1
    assert not [c for c in bot.api.calls if c.method == "answerCallbackQuery" and c.status != 200]
    no_errors(bot)


async def test_forged_group_button_in_a_private_chat_is_ignored(bot: Bot) -> None:
    chat = bot.chat(107)
    await chat.send("/start")
    await chat.send("law firm")
    question = chat.last_buttons()
    text = question.text
    key = ConversationKey(chat.id, chat.id)
    before = await bot.store.get(key)
    # the data a group card's "other industry" button carries, owned by this very user
    turn = await chat.press_data(question, f"g|{chat.id}|bakery")
    assert turn.answer is not None and "expired" in turn.answer["text"]
    assert question.text == text, "the interview question was replaced"
    assert "Bakery" not in turn.text and "customer-based" not in turn.text.lower()
    assert turn.messages and turn.last.buttons, "the current question is shown again"
    after = await bot.store.get(key)
    assert after is not None and before is not None
    assert (after.step, after.answers) == (before.step, before.answers)
    no_errors(bot)


async def test_unsupported_input_keeps_the_session(bot: Bot) -> None:
    chat = bot.chat(106)
    await chat.send("/start")
    await chat.send("law firm")
    key = ConversationKey(chat.id, chat.id)
    before = await bot.store.get(key)
    sticker = {
        "file_id": "s1",
        "file_unique_id": "u1",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
    }
    for content in (
        {"sticker": sticker},
        {"location": {"latitude": 1.0, "longitude": 2.0}},
        {"voice": {"file_id": "v", "file_unique_id": "v", "duration": 2}},
    ):
        turn = await chat.send_other(**content)
        assert "I can only read text" in turn.text
        assert turn.last.buttons, "the question is asked again"
    after = await bot.store.get(key)
    assert after is not None and before is not None and after.step == before.step
    edited = bot.api.inject_edit(bot.api.messages[(chat.id, 2)], "a bakery")
    sent = len(bot.api.sent)
    await bot.settle(edited)
    assert len(bot.api.sent) == sent, "edits are ignored"
    no_errors(bot)


async def test_hostile_text_is_escaped_end_to_end(bot: Bot) -> None:
    chat = bot.chat(107)
    await chat.send("/start")
    # (no business in it, so the bot echoes it back: "I don't recognise …")
    hostile = "<u>wvvq &amp; zzqx</u> & </i> <script>alert(1)</script>"
    turn = await chat.send(hostile)
    assert hostile in turn.text, turn.text  # shown verbatim, accepted by the strict parser
    for m in turn.messages:
        assert all(e["type"] in {"bold", "italic"} for e in m.entities)
        assert "<script>" not in (m.html or "")
    no_errors(bot)


async def test_long_replies_are_split(bot: Bot) -> None:
    chat = bot.chat(108)
    rt = tuple(
        Span(f"Paragraph {i}: " + "words & <tags> " * 40 + "\n\n", bold=i % 2 == 0)
        for i in range(30)
    )
    sent = await bot.frontend.sender.send_rich(bot.app.bot, chat.id, rt)
    assert len(sent) >= 3
    texts = [s.text for s in bot.api.sent_to(chat.id)]
    assert all(len(t) <= 4096 for t in texts)
    assert "".join(texts).split() == "".join(s.text for s in rt).split()
    no_errors(bot)


async def test_typing_action_while_working(botapi: BotApiServer, advisor: Advisor) -> None:
    async with running_bot(botapi, advisor, typing_delay=0.0) as bot:
        chat = bot.chat(109)
        await chat.send("/start")
        await bot.api.wait_for(
            lambda: (chat.id, "typing") in bot.api.chat_actions, 2, "a typing action"
        )


async def test_per_conversation_order(
    botapi: BotApiServer, advisor: Advisor, tmp_path: Path
) -> None:
    # Many users each send four messages at once; only in-order processing gives each of them
    # "bakery" as the industry with exactly one answered step (start, law firm, back, bakery).
    # A real SQLite store and an up-front "typing" call put awaits before every turn, where
    # an unordered bot would let a later message overtake an earlier one.
    async with running_bot(
        botapi,
        advisor,
        store_url=f"sqlite:///{tmp_path}/order.db",
        typing_delay=0.0,
        rate_limiter=False,
    ) as bot:
        chats = [bot.chat(1000 + i) for i in range(12)]
        last = 0
        for text in ("/start", "law firm", "/back", "bakery"):
            for chat in chats:
                last = bot.api.inject_message(chat.chat, chat.user, text)
        await bot.settle(last)
        for chat in chats:
            session = await bot.store.get(ConversationKey(chat.id, chat.id))
            assert session is not None
            assert session.answers.get("industry") == "bakery_shop", session.answers
            assert session.history == ("business",)
            texts = [m.text for m in bot.api.sent_to(chat.id)]
            assert "Bakery" in texts[-1] and "Law firm" in texts[1], texts
        no_errors(bot)


async def test_forbidden_marks_inactive_without_retry_storm(bot: Bot) -> None:
    chat = bot.chat(111)
    bot.api.fail_next("sendMessage", "403", times=5)
    await chat.send("/start")
    assert await bot.store.is_inactive(chat.id)
    assert len(bot.api.calls_of("sendMessage")) == 1
    bot.api.faults.clear()
    # blocking shows up as a my_chat_member update: remembered without sending anything
    blocked = bot.chat(112)
    await blocked.send("/start")
    sent = len(bot.api.sent)
    await bot.settle(bot.api.block(blocked.id))
    assert await bot.store.is_inactive(blocked.id)
    assert len(bot.api.sent) == sent


async def test_rate_limits_and_server_errors_are_retried(bot: Bot) -> None:
    chat = bot.chat(113)
    bot.api.fail_next("sendMessage", "429", retry_after=1)
    turn = await chat.send("/start")
    assert "What does your business do" in turn.text
    bot.api.fail_next("sendMessage", "502")
    turn = await chat.send("/help")
    assert "/back" in turn.text
    bot.api.fail_next("sendMessage", "drop")
    turn = await chat.send("/about")
    assert "the advisor" in turn.text


async def test_failure_gets_an_apology_not_a_traceback(bot: Bot) -> None:
    chat = bot.chat(114)
    bot.api.fail_next("sendMessage", "400", description="Bad Request: injected")
    turn = await chat.send("/start")
    assert "Sorry, something went wrong" in turn.text
    assert "Traceback" not in turn.text and "injected" not in turn.text


async def test_admin_commands(bot: Bot) -> None:
    admin = bot.chat(ADMIN)
    stranger = bot.chat(115)
    await stranger.send("/start")
    await stranger.send("zzqx unknown business words")
    assert "for the bot's admins" in (await stranger.send("/stats")).text
    assert "for the bot's admins" in (await stranger.send("/reload")).text
    stats = await admin.send("/stats")
    assert "Stats" in stats.text
    reloaded = await admin.send("/reload")
    assert "Reloaded" in reloaded.text
    assert bot.api.commands, "command menus are registered at start-up"
    private = bot.api.commands["all_private_chats"]
    assert {c["command"] for c in private} >= {"start", "help", "classify", "forget"}
    assert {c["command"] for c in bot.api.commands["all_group_chats"]} == {"classify", "help"}
    assert {c["command"] for c in bot.api.commands[f"chat:{ADMIN}"]} >= {"stats", "reload"}


def test_option_event_shape() -> None:
    # the callback codec and the engine agree on what a button carries
    from bot.frontends.telegram.render import decode, encode_press

    press = decode(encode_press(3, "relationship", "partnership"))
    assert press is not None
    assert OptionChosen(press.step, press.choice, press.turn) == OptionChosen(  # type: ignore[union-attr]
        "relationship", "partnership", 3
    )


async def test_reload_keeps_the_running_version_when_the_new_one_is_broken(
    botapi: BotApiServer, advisor: Advisor, tmp_path: Path
) -> None:
    import shutil

    dialogues = tmp_path / "dialogues"
    shutil.copytree(Path(advisor.settings.dialogues_dir), dialogues)
    (dialogues / "main.yaml").write_text("flow: main\nsteps: [oops\n")
    async with running_bot(
        botapi, advisor, dialogues_dir=dialogues, admin_ids=frozenset({ADMIN})
    ) as bot:
        admin = bot.chat(ADMIN)
        failed = await admin.send("/reload")
        assert "Reload failed, keeping the current version" in failed.text
        assert "main.yaml:" in failed.text
        assert "What does your business do" in (await admin.send("/start")).text


async def test_a_lost_session_is_not_called_a_long_absence(bot: Bot) -> None:
    chat = bot.chat(108)
    await chat.send("/start")
    await chat.send("law firm")
    question = chat.last_buttons()
    # the store forgets everything (Redis restarted without persistence) a moment later
    await bot.store.delete(ConversationKey(chat.id, chat.id))
    turn = await chat.press(question.labels[0], message=question)
    assert "It's been a while" not in turn.text
    assert "can't find the interview this button belongs to" in turn.text
    assert "What does your business do" in turn.text  # and it starts again

    # a button under a question sent two days ago, whose session is gone: that is a while
    await chat.send("law firm")
    old = chat.last_buttons()
    bot.api.messages[(chat.id, old.message_id)]["date"] -= 2 * 86400
    await bot.store.delete(ConversationKey(chat.id, chat.id))
    turn = await chat.press(old.labels[0], message=old)
    assert "It's been a while" in turn.text
    assert "can't find" not in turn.text
    no_errors(bot)
