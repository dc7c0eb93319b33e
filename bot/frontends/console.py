"""`advisor console`: the same engine and YAML as Telegram, in a terminal.

Options are numbered; typing a number chooses it, any other text is an answer. On a terminal
the prompt has line editing, history and colour; when stdin is not a terminal it reads one
input per line and prints plain replies, so it can be scripted or replay golden transcripts.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from bot.advisor import Advisor
from bot.config import Settings
from bot.core.errors import AdvisorError, DataErrors
from bot.core.messages import Messages
from bot.core.richtext import RichText
from bot.core.suggest import did_you_mean
from bot.engine.events import COMMANDS, Command, Event, OptionChosen, TextInput, suggestable
from bot.engine.matching import simplify
from bot.engine.replies import Choice, Reply
from bot.frontends.transcript import Transcript, find_button, transcript_files
from bot.ops.charts import save_chart
from bot.ops.plan_pdf import save_plan
from bot.service import Conversations
from bot.storage import open_store
from bot.storage.base import ConversationKey
from bot.storage.common import redact

log = logging.getLogger(__name__)

KEY = ConversationKey(chat=0, user=0)
FRONTEND = "console"  # its wording in messages.yaml's `frontends:` section
QUIT = ("/quit", "/exit", "/q")
BOLD, ITALIC, RESET = "\x1b[1m", "\x1b[3m", "\x1b[0m"
DIM, CYAN = "\x1b[2m", "\x1b[36m"


def render_rich(rt: RichText, color: bool) -> str:
    """Rich text for a terminal: ANSI styles when colour is on, plain otherwise."""
    if not color:
        return "".join(s.text for s in rt)
    out = []
    for s in rt:
        style = (BOLD if s.bold else "") + (ITALIC if s.italic else "")
        out.append(f"{style}{s.text}{RESET}" if style else s.text)
    return "".join(out)


class Console:
    """One console conversation: turns lines into events and replies into text."""

    def __init__(
        self,
        conversations: Conversations,
        messages: Messages,
        *,
        color: bool = False,
        chart_dir: Path | None = None,
        lang: str = "en",
    ) -> None:
        self.conversations = conversations
        self.messages = messages
        self.color = color
        self.chart_dir = chart_dir
        self.lang = lang
        self.choices: list[Choice] = []
        self.choice_step: str | None = None
        self.choice_turn = 0

    def parse(self, line: str) -> Event | str:
        """An event for the engine, or a message to print locally (unknown command…)."""
        text = line.strip()
        if text.startswith("/") and len(text) > 1 and " " not in text:
            name = text[1:].lower()
            if name in COMMANDS:
                return Command(name)
            if any(name in simplify(c.label).split() for c in self.choices):
                return TextInput(name)  # "/more" at the result: its "More advice" button
            suggestion = did_you_mean(name, suggestable(COMMANDS))
            if suggestion:
                return self.messages.plain(
                    "console.did_you_mean", self.lang, command=text, suggestion="/" + suggestion
                )
            return self.messages.plain("console.unknown_command", self.lang, command=text)
        if text.isdecimal() and self.choices:
            number = int(text)
            if 1 <= number <= len(self.choices) and self.choice_step is not None:
                return OptionChosen(self.choice_step, self.choices[number - 1].id, self.choice_turn)
            return self.messages.plain(
                "console.no_such_option", self.lang, number=number, count=len(self.choices)
            )
        return TextInput(line)

    def press(self, label: str) -> Event | None:
        """The event for pressing the button whose label contains `label`."""
        cid = find_button(label, [(c.id, c.label) for c in self.choices])
        if cid is None or self.choice_step is None:
            return None
        return OptionChosen(self.choice_step, cid, self.choice_turn)

    async def send(self, event: Event) -> list[Reply]:
        replies = await self.conversations.handle(KEY, event, lang=self.lang)
        for reply in replies:
            if reply.choices:
                self.choices = list(reply.choices)
                self.choice_step = reply.step
                self.choice_turn = reply.turn
        if replies and not any(r.choices for r in replies):
            self.choices, self.choice_step = [], None
        return replies

    def render(self, replies: Iterable[Reply]) -> str:
        blocks: list[str] = []
        for reply in replies:
            lines = [render_rich(reply.text, self.color)]
            for i, choice in enumerate(reply.choices, start=1):
                number = f"{CYAN}{i:>3}.{RESET}" if self.color else f"{i:>3}."
                lines.append(f"{number} {choice.label}")
            saved: list[str] = []
            if reply.chart is not None and self.chart_dir is not None:
                path = save_chart(reply.chart, self.chart_dir)
                saved.append(self.messages.plain("console.chart_saved", self.lang, path=path))
            if reply.document is not None and self.chart_dir is not None:
                path = save_plan(reply.document, self.chart_dir)
                saved.append(self.messages.plain("console.plan_saved", self.lang, path=path))
            lines += [f"{DIM}{line}{RESET}" if self.color else line for line in saved]
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks)


class UnknownLanguage(AdvisorError):
    """`--lang` names a language messages.yaml has no section for."""


def _load_advisor(args: argparse.Namespace) -> Advisor:
    """The advisor with the console's wording; refuses a language there are no messages in."""
    advisor = Advisor.load(Settings.load(), frontend=FRONTEND)
    if not advisor.messages.speaks(args.lang):
        raise UnknownLanguage(
            advisor.messages.plain(
                "console.unknown_language",
                code=args.lang,
                languages=", ".join(advisor.messages.languages),
            )
        )
    return advisor


def describe_store(url: str) -> str:
    """The store URL as the user should read it: SQLite paths absolute, no password."""
    scheme, _, rest = url.strip().partition("://")
    if scheme.lower() == "sqlite" and rest.startswith("/") and not rest.startswith("//"):
        return f"sqlite:///{Path(rest[1:]).resolve()}"
    return redact(url)


def store_notice(messages: Messages, url: str, lang: str) -> str:
    """One line saying where this console keeps its data."""
    if url.strip().lower().startswith("memory:"):
        return messages.plain("console.store_memory", lang)
    return messages.plain("console.store_kept", lang, store=describe_store(url))


async def replay(console: Console, transcript: Transcript, out: TextIO) -> bool:
    """Run one transcript; print the first mismatch. True when every turn matched."""
    if transcript.given_session is not None:
        await console.conversations.store.put(KEY, transcript.given_session, expect_turn=None)
    for turn in transcript.turns:
        if turn.send is not None:
            parsed = console.parse(turn.send)
            output = (
                parsed if isinstance(parsed, str) else console.render(await console.send(parsed))
            )
        else:
            assert turn.press is not None
            event = console.press(turn.press)
            if event is None:
                labels = ", ".join(c.label for c in console.choices) or "none"
                out.write(
                    f"{transcript.path}: line {turn.line}: no button matching "
                    f"{turn.press!r} (buttons: {labels})\n"
                )
                return False
            output = console.render(await console.send(event))
        diff = turn.check(output)
        if diff is not None:
            out.write(f"{transcript.path}: {transcript.title}\n{diff}\n")
            return False
    return True


async def run_transcripts(args: argparse.Namespace, out: TextIO) -> int:
    advisor = _load_advisor(args)
    files = transcript_files([Path(p) for p in args.transcript])
    if not files:
        out.write("no transcript files found\n")
        return 1
    failures = 0
    for path in files:
        transcript = Transcript.load(path)
        store = open_store("memory://")
        console = Console(Conversations(advisor, store), advisor.messages)
        if await replay(console, transcript, out):
            out.write(
                advisor.messages.plain(
                    "console.transcript_ok", path=path, turns=len(transcript.turns)
                )
                + "\n"
            )
        else:
            failures += 1
        await store.close()
    return 1 if failures else 0


def _read_line(interactive: bool, session: object) -> str:
    if interactive:
        return str(session.prompt("you › "))  # type: ignore[attr-defined]
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line.rstrip("\n")


async def run_interactive(args: argparse.Namespace, out: TextIO) -> int:
    advisor = _load_advisor(args)
    store = open_store(args.store)
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    color = interactive and not args.no_color
    chart_dir = (
        Path(args.chart_dir) if args.chart_dir else Path(tempfile.mkdtemp(prefix="advisor-charts-"))
    )
    console = Console(
        Conversations(advisor, store),
        advisor.messages,
        color=color,
        chart_dir=chart_dir,
        lang=args.lang,
    )
    prompt_session: object = None
    if interactive:
        from prompt_toolkit import PromptSession
        from prompt_toolkit.history import InMemoryHistory

        prompt_session = PromptSession(history=InMemoryHistory())
        out.write(render_rich(advisor.messages.get("console.banner", args.lang), color) + "\n")
    notice = store_notice(advisor.messages, args.store, args.lang)
    out.write((f"{DIM}{notice}{RESET}" if color else notice) + "\n\n")
    try:
        out.write(console.render(await console.send(Command("start"))) + "\n")
        while True:
            try:
                line = await asyncio.to_thread(_read_line, interactive, prompt_session)
            except (EOFError, KeyboardInterrupt):
                break
            if line.strip().lower() in QUIT:
                break
            if not interactive:
                out.write(f"> {line}\n")
            out.write("\n" + await _reply_to(console, line) + "\n")
            out.flush()
        if interactive:
            out.write(advisor.messages.plain("console.bye", args.lang) + "\n")
    finally:
        await store.close()
    return 0


async def _reply_to(console: Console, line: str) -> str:
    """The console's reply to one typed line; a failed turn gets the friendly error, logged."""
    parsed = console.parse(line)
    try:
        return parsed if isinstance(parsed, str) else console.render(await console.send(parsed))
    except AdvisorError:
        log.exception("turn failed")
        return console.messages.plain("console.error", console.lang)


def main(args: argparse.Namespace) -> int:
    out = sys.stdout
    try:
        if args.transcript:
            return asyncio.run(run_transcripts(args, out))
        return asyncio.run(run_interactive(args, out))
    except DataErrors as exc:
        for err in exc.errors:
            print(err.render(), file=sys.stderr)
        print(f"{len(exc.errors)} error(s): fix them, then run again.", file=sys.stderr)
        return 1
    except UnknownLanguage as exc:
        print(f"advisor console: {exc}", file=sys.stderr)
        return 2
    except AdvisorError as exc:
        print(f"advisor: {exc}", file=sys.stderr)
        return 1
