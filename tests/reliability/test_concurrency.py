"""Concurrency: many conversations at once, per-conversation order, no global queue, and two
real worker processes sharing one real Redis.

In-process tests use the conversation service with the real flows and knowledge base; the
stores are wrapped to wait a random moment at every call, so concurrent turns really
interleave. The cross-process test starts two `advisor run` processes in webhook mode and
plays Telegram's part itself: updates posted over HTTP to either worker, double presses
split across both, some updates delivered to both (a webhook redelivery).
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.advisor import Advisor
from bot.engine.events import Command, Event, OptionChosen, TextInput
from bot.engine.replies import Reply
from bot.engine.session import Session
from bot.engine.settled import NOW
from bot.service import Conversations
from bot.storage import open_store
from bot.storage.base import ConversationKey, SessionStore
from bot.storage.memory import MemoryStore
from bot.storage.redis import RedisStore
from tests.botapi.server import Sent
from tests.reliability.checks import session_problems
from tests.reliability.procs import BUSINESSES, DirectBotApi, Worker
from tests.reliability.stores import GatedStore, JitterStore, bot_on_store


def last_prompt(replies: list[Reply]) -> Reply:
    prompts = [r for r in replies if r.choices and r.step]
    assert prompts, f"no question in {replies}"
    return prompts[-1]


@dataclass
class Interview:
    """One simulated user of the service: what they say and what they chose."""

    user: int
    events: int = 0
    chosen: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> ConversationKey:
        return ConversationKey(self.user, self.user)

    @property
    def business(self) -> str:
        return BUSINESSES[self.user % len(BUSINESSES)]

    def pick(self, reply: Reply) -> str:
        """This user's answer to a question: varies with the user and the step."""
        return reply.choices[(self.user + len(self.chosen)) % len(reply.choices)].id

    async def send(self, conv: Conversations, event: Event) -> list[Reply]:
        self.events += 1
        replies = await conv.handle(self.key, event)
        assert replies
        return replies

    async def run(self, conv: Conversations) -> None:
        """The whole interview, one answer at a time, to the verdict."""
        await self.send(conv, Command("start"))
        prompt = last_prompt(await self.send(conv, TextInput(self.business)))
        while prompt.step != "result":
            option = self.pick(prompt)
            self.chosen[prompt.step or ""] = option
            prompt = last_prompt(
                await self.send(conv, OptionChosen(prompt.step or "", option, prompt.turn))
            )

    def check(self, advisor: Advisor, session: Session | None) -> None:
        assert session is not None, f"user {self.user} lost the session"
        assert not session_problems(advisor, session)
        assert session.step == "result"
        steps = advisor.flows["main"].steps
        # "See the result now" answers nothing
        expected = {
            steps[step].slot or step: option
            for step, option in self.chosen.items()
            if option != NOW
        }
        dims = {k: v for k, v in session.answers.items() if not k.startswith("industry")}
        assert dims == expected, f"user {self.user}: stored {dims}, chose {expected}"
        assert session.history == ("business", *self.chosen), session.history
        assert session.turn == self.events, "a turn was lost or applied twice"


async def many_users(advisor: Advisor, store: SessionStore, users: int) -> None:
    conv = Conversations(advisor, store)
    interviews = [Interview(1000 + i) for i in range(users)]
    await asyncio.wait_for(asyncio.gather(*(iv.run(conv) for iv in interviews)), 120)
    for iv in interviews:
        iv.check(advisor, await store.get(iv.key))
    assert await store.count() == users


@pytest.mark.parametrize("backend", ["memory", "sqlite", "redis"])
async def test_many_conversations_at_once(
    advisor: Advisor, backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """200 users interviewed concurrently: every one ends with exactly their own answers."""
    if backend == "memory":
        store: SessionStore = JitterStore(MemoryStore())
    elif backend == "sqlite":
        store = JitterStore(open_store(f"sqlite:///{tmp_path}/s.db"))
    else:
        store = open_store(request.getfixturevalue("redis_url"))
    try:
        await many_users(advisor, store, 200)
    finally:
        await store.close()


async def test_two_messages_at_once_apply_in_arrival_order(advisor: Advisor) -> None:
    """A user who types two answers in a row gets them applied in the order they were sent,
    even when the store makes the second one's turn faster than the first."""
    store = JitterStore(MemoryStore(), most=0.004, seed=7)
    conv = Conversations(advisor, store)
    rel = advisor.brain.dimension("relationship")
    eng = advisor.brain.dimension("engagement")
    assert rel is not None and eng is not None

    async def user(n: int) -> tuple[ConversationKey, str, str]:
        key = ConversationKey(n, n)
        await conv.handle(key, Command("start"))
        await conv.handle(key, TextInput(BUSINESSES[n % len(BUSINESSES)]))
        first = rel.options[n % len(rel.options)]
        second = eng.options[(n // 3) % len(eng.options)]
        # both sent before either is handled; creation order is arrival order
        tasks = [
            asyncio.create_task(conv.handle(key, TextInput(first.label))),
            asyncio.create_task(conv.handle(key, TextInput(second.label))),
        ]
        await asyncio.gather(*tasks)
        return key, first.id, second.id

    results = await asyncio.gather(*(user(2000 + i) for i in range(150)))
    for key, first, second in results:
        session = await store.get(key)
        assert session is not None
        assert (session.answers.get("relationship"), session.answers.get("engagement")) == (
            first,
            second,
        ), f"{key}: out of order: {session.answers}"
        assert session.step == "customization" and session.turn == 4


async def test_a_slow_conversation_does_not_hold_up_the_others(advisor: Advisor) -> None:
    """Not one global queue: while one conversation's store call hangs, 50 others finish
    whole interviews; the slow user's second message waits behind their first."""
    slow = ConversationKey(1, 1)
    store = GatedStore(MemoryStore(), slow)
    conv = Conversations(advisor, store)
    first = asyncio.create_task(conv.handle(slow, Command("start")))
    await asyncio.wait_for(store.entered.wait(), 5)
    second = asyncio.create_task(conv.handle(slow, TextInput("we are a law firm")))
    others = [Interview(3000 + i) for i in range(50)]
    await asyncio.wait_for(asyncio.gather(*(iv.run(conv) for iv in others)), 60)
    assert not first.done() and not second.done(), "the slow conversation should still wait"
    assert store.gets.count(slow) == 1, "the second message must not start before the first"
    store.gate.set()
    await asyncio.wait_for(asyncio.gather(first, second), 10)
    session = await store.get(slow)
    assert session is not None and session.step == "relationship" and session.turn == 2
    for iv in others:
        iv.check(advisor, await store.get(iv.key))


@pytest.mark.e2e
async def test_telegram_front_end_orders_per_chat_and_runs_chats_concurrently(
    advisor: Advisor,
) -> None:
    """The same through the real bot: a chat whose turn hangs holds up only itself."""
    slow = ConversationKey(11, 11)
    store = GatedStore(MemoryStore(), slow)
    async with DirectBotApi() as api, bot_on_store(api, advisor, store) as bot:
        api.inject_message(11, 11, "/start")
        await asyncio.wait_for(store.entered.wait(), 10)
        last_slow = api.inject_message(11, 11, "we are a law firm")
        others = list(range(500, 530))
        for user in others:
            api.inject_message(user, user, "/start")
            api.inject_message(user, user, BUSINESSES[user % len(BUSINESSES)])
        for user in others:
            await api.wait_prompts(user, 2, timeout=20)
        assert api.prompts(11) == [] and store.gets.count(slow) == 1
        store.gate.set()
        await bot.settle(last_slow, timeout=20)
        prompts = api.prompts(11)
        assert len(prompts) == 2 and "Law firm" in prompts[1].text, [p.text for p in prompts]
        session = await store.get(slow)
        assert session is not None and session.step == "relationship" and session.turn == 2
        assert api.refused() == []


# ---------------------------------------------------------------------------- two processes

USERS = 200


@dataclass
class Remote:
    """One simulated Telegram user of the two workers, and what they expect to be stored."""

    user: int
    rng: random.Random
    answers: dict[str, str] = field(default_factory=dict)
    updates: int = 0
    queries: int = 0

    def option(self, sent: Sent, index: int) -> tuple[str, str]:
        """(option id, callback data) of one of the message's buttons."""
        buttons = [b for b in sent.buttons if "callback_data" in b]
        data = str(buttons[index % len(buttons)]["callback_data"])
        return data.split("|")[2], data


async def remote_user(
    api: DirectBotApi, workers: list[Worker], advisor: Advisor, u: Remote
) -> None:
    """/start; two messages at once; a double press split across both workers (one turn, one
    "Already answered" toast); a press
    delivered to both workers (redelivery); then one more plain press."""
    pick: Callable[[], Worker] = lambda: u.rng.choice(workers)  # noqa: E731
    chat = u.user
    await pick().post(api.message_update(chat, "/start"))
    u.updates += 1
    await api.wait_prompts(chat, 1)
    # two messages at once: the business, then (without waiting for the bot's answer) the
    # answer to the next question, typed; both to one worker, the second right after the
    # first was accepted (the per-chat order a worker guarantees)
    rel = advisor.brain.dimension("relationship")
    assert rel is not None
    typed = rel.options[chat % len(rel.options)]
    worker = pick()
    business = BUSINESSES[chat % len(BUSINESSES)]
    await worker.post(api.message_update(chat, business))
    await worker.post(api.message_update(chat, typed.label))
    u.updates += 2
    u.answers["relationship"] = typed.id
    sent = await api.wait_prompts(chat, 3)
    # a double press: two updates (two callback queries) with the same data, one per worker
    option, data = u.option(sent, chat // 3)
    first = api.callback_update(sent, data, chat)
    second = api.callback_update(sent, data, chat)
    await asyncio.gather(workers[0].post(first), workers[1].post(second))
    u.updates += 1  # the second tap only gets an "Already answered" toast: no turn
    u.queries += 2
    u.answers["engagement"] = option
    sent = await api.wait_prompts(chat, 4)
    await api.wait_for(
        lambda: all(
            q in api.callback_answers
            for q in (first["callback_query"]["id"], second["callback_query"]["id"])
        ),
        20,
        "both answers",
    )
    toasts = sorted(
        api.callback_answers[q["callback_query"]["id"]]["text"] for q in (first, second)
    )
    assert toasts == ["", "Already answered"], toasts
    # one press, delivered to both workers (Telegram retrying a webhook it thinks failed)
    option, data = u.option(sent, chat // 5)
    update = api.callback_update(sent, data, chat)
    await asyncio.gather(workers[0].post(update), workers[1].post(update))
    u.updates += 1
    u.queries += 1
    u.answers["customization"] = option
    sent = await api.wait_prompts(chat, 5)
    option, data = u.option(sent, chat // 7)
    await pick().post(api.callback_update(sent, data, chat))
    u.updates += 1
    u.queries += 1
    u.answers["trust"] = option
    await api.wait_prompts(chat, 6)


@pytest.mark.e2e
@pytest.mark.slow
async def test_two_worker_processes_share_one_redis(
    advisor: Advisor, redis_url: str, tmp_path: Path
) -> None:
    """200 users on two `advisor run` processes and one Redis: double presses split across
    the workers apply once, redelivered updates are processed once, two messages sent at
    once apply in order, and every session ends with exactly the answers that were sent."""
    async with DirectBotApi() as api:
        workers = [
            Worker(api, tmp_path, redis_url, name=f"w{i}", rate_limit=False, data=advisor.settings)
            for i in (1, 2)
        ]
        try:
            await asyncio.gather(*(w.start() for w in workers))
            users = [Remote(10_000 + i, random.Random(i)) for i in range(USERS)]
            await asyncio.wait_for(
                asyncio.gather(*(remote_user(api, workers, advisor, u) for u in users)), 120
            )
            metrics = [await w.metrics() for w in workers]
        finally:
            stopped = [await w.stop() for w in workers]
        logs = "\n".join(w.tail(20_000) for w in workers)
        assert stopped == [0, 0], logs
        assert api.refused() == [], api.refused()[:5]
        # a double tap never edits a keyboard that is already gone (Telegram: "not modified")
        assert not [c for c in api.calls if "not modified" in c.description]
        assert "Traceback" not in logs and "ERROR" not in logs, logs[-3000:]
        # both workers did real work, and together exactly one turn per distinct update
        turns = [m.get("advisor_turn_latency_seconds_count", 0) for m in metrics]
        assert all(t > USERS for t in turns), turns
        assert sum(turns) == sum(u.updates for u in users), turns
        # every callback query answered exactly once (a second answer would be refused)
        answered = [c for c in api.calls_of("answerCallbackQuery") if c.status == 200]
        assert len(answered) == sum(u.queries for u in users)
        store = RedisStore(redis_url)
        try:
            for u in users:
                session = await store.get(ConversationKey(u.user, u.user))
                assert session is not None, f"user {u.user}: session lost"
                assert not session_problems(advisor, session)
                dims = {k: v for k, v in session.answers.items() if not k.startswith("industry")}
                assert dims == u.answers, f"user {u.user}: {dims} != {u.answers}"
                assert session.history == ("business", *u.answers)
                assert session.step == "payment"
                assert session.turn == u.updates, (u.user, session.turn, u.updates)
                # the double tap showed nothing twice: one prompt per turn that asks
                assert len(api.prompts(u.user)) == 6, [p.text for p in api.prompts(u.user)]
        finally:
            await store.close()


@pytest.mark.e2e
@pytest.mark.slow
async def test_two_workers_share_one_flood_budget(
    advisor: Advisor, redis_url: str, tmp_path: Path
) -> None:
    """Two `advisor run` workers on one token and one Redis, 150 users at once: together they
    send no more than Telegram's 30 messages a second (each alone would allow 30; together
    they sent about 60). Measured over the whole burst, as the server sees the calls end (a
    busy moment of the test server can bunch a few calls that left on time)."""
    async with DirectBotApi() as api:
        workers = [
            Worker(api, tmp_path, redis_url, name=f"f{i}", data=advisor.settings) for i in (1, 2)
        ]
        try:
            await asyncio.gather(*(w.start() for w in workers))
            users = range(40_000, 40_150)
            await asyncio.gather(
                *(workers[u % 2].post(api.message_update(u, "/start")) for u in users)
            )
            for user in users:
                await api.wait_prompts(user, 1, timeout=30)
        finally:
            stopped = [await w.stop() for w in workers]
        assert stopped == [0, 0]
        sends = [c.at for c in api.calls_of("sendMessage") if c.status == 200]
        assert len(sends) >= len(users)
        sends.sort()
        rate = (len(sends) - 1) / (sends[-1] - sends[0])
        assert rate <= 30, rate
        assert api.refused() == []
