"""Every golden transcript through the real bot and the Bot API test server, twice:
once pressing the inline buttons, once typing the buttons' labels instead."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.frontends.transcript import Transcript, find_button
from bot.storage.base import ConversationKey
from tests.telegram.harness import Bot, Turn

pytestmark = pytest.mark.e2e

FOLDER = Path(__file__).resolve().parents[1] / "transcripts"
TRANSCRIPTS = sorted(FOLDER.glob("*.yaml"))


def test_there_are_transcripts() -> None:
    assert TRANSCRIPTS, f"no golden transcripts in {FOLDER}"


@pytest.mark.parametrize("mode", ["buttons", "typed"])
@pytest.mark.parametrize("path", TRANSCRIPTS, ids=[p.stem for p in TRANSCRIPTS])
async def test_transcript(bot: Bot, path: Path, mode: str) -> None:
    transcript = Transcript.load(path)
    chat = bot.chat(7000 + TRANSCRIPTS.index(path))
    if transcript.given_session is not None:
        stored = await bot.store.put(
            ConversationKey(chat.id, chat.id), transcript.given_session, expect_turn=None
        )
        assert stored
    for spec in transcript.turns:
        turn: Turn
        if spec.send is not None:
            turn = await chat.send(spec.send)
        else:
            assert spec.press is not None
            message = chat.last_buttons()
            choices = [(str(i), str(b["text"])) for i, b in enumerate(message.buttons)]
            index = find_button(spec.press, choices)
            assert index is not None, (
                f"{path.name}:{spec.line}: no button like {spec.press!r} in {message.labels}"
            )
            button = message.buttons[int(index)]
            if mode == "typed":
                turn = await chat.send(str(button["text"]))
            else:
                assert "callback_data" in button, f"{button['text']!r} is not a callback button"
                update_id = bot.api.inject_callback(message, button["callback_data"], chat.user)
                turn = await chat._turn(update_id, bot.api.last_query_id)
                assert turn.answer is not None, "every press is answered"
        problem = spec.check(turn.text)
        assert problem is None, f"{path.name} ({mode}):\n{problem}"
    bad = [(c.method, c.description) for c in bot.api.errors(allow=("not modified",))]
    assert not bad, bad
