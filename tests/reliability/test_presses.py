"""Button presses under load and faults: every press answered in Telegram's window, and an
answer that fails or comes late never costs the user the turn's replies.

The Bot API test server enforces a window for answering callback queries (`callback_window`),
as Telegram does ("query is too old and response timeout expired").
"""

from __future__ import annotations

import asyncio

import pytest

from bot.advisor import Advisor
from bot.storage import open_store
from bot.storage.base import ConversationKey
from tests.reliability.procs import DirectBotApi
from tests.reliability.stores import GatedStore
from tests.telegram.harness import running_bot

pytestmark = pytest.mark.e2e

APOLOGY = "Sorry, something went wrong"


async def test_a_press_stuck_behind_a_slow_turn_is_answered_in_time(advisor: Advisor) -> None:
    """The press's turn is held up longer than Telegram's window: the press is still answered
    within the window, and when the turn goes through the next question arrives, no apology."""
    user = 801
    key = ConversationKey(user, user)
    store = GatedStore(open_store("memory://"), ConversationKey(0, 0))
    async with (
        DirectBotApi(callback_window=1.0) as api,
        running_bot(api, advisor, store=store, rate_limiter=False, callback_grace=0.3) as bot,
    ):
        chat = bot.chat(user)
        await chat.send("/start")
        question = (await chat.send("we are a law firm")).last
        store.slow = key  # from now on this conversation's turn waits for the gate
        update_id = api.press(question, question.labels[0], chat.user)
        query_id = api.last_query_id
        await asyncio.wait_for(store.entered.wait(), 5)
        await api.wait_for(lambda: query_id in api.callback_answers, 5, "the press's answer")
        await asyncio.sleep(1.0)  # the window has passed; the turn is still held up
        store.gate.set()
        await bot.settle(update_id)
        prompts = api.prompts(user)
        assert len(prompts) == 3 and "Question 3" in prompts[-1].text, [p.text for p in prompts]
        assert api.late_answers == 0
        assert not [s for s in api.sent if APOLOGY in s.text]
        assert api.refused() == []


async def test_a_refused_answer_keeps_the_turns_replies(advisor: Advisor) -> None:
    """Telegram refuses the press's answer (too old): the next question still arrives."""
    user = 802
    async with DirectBotApi() as api, running_bot(api, advisor, rate_limiter=False) as bot:
        chat = bot.chat(user)
        await chat.send("/start")
        question = (await chat.send("we are a law firm")).last
        api.fail_next(
            "answerCallbackQuery",
            "400",
            description="Bad Request: query is too old and response timeout expired "
            "or query ID is invalid",
        )
        turn = await chat.press(question.labels[0], message=question)
        assert "Question 3" in turn.text, turn.text
        assert not [s for s in api.sent if APOLOGY in s.text]
