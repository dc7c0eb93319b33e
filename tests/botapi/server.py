"""A strict local Bot API server for end-to-end tests and benchmarks.

It speaks real HTTP on 127.0.0.1 (a random port), so the bot under test uses its real HTTPX
client. It implements the methods the advisor uses and refuses what Telegram refuses (entity
parsing, 4096-character limit, callback data size, double answers, unmodified edits, unknown
chats, wrong token). A test API on the side injects updates (private chats, groups, forum
topics, channels, discussion groups, inline queries), records what the bot sent, waits for
conditions and injects faults (429, 5xx, dropped connections, delays, 403).

Privacy mode is *off* by default: every group message is delivered, so the bot's own filtering
(silence on chatter) is what tests exercise. Set `privacy_mode=True` to filter like Telegram.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import httpx
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application, RequestHandler

from tests.botapi.tghtml import EntityParseError, parse_html, utf16_len

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_UPLOAD = 50 * 1024 * 1024  # a bot's multipart upload (sendDocument, sendPhoto…)
MAX_FILE_NAME = 255
MAX_CALLBACK_DATA = 64
CLIENT_GONE = 499  # recorded status of an answer nobody was waiting for any more
DEFAULT_ALLOWED = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_join_request",
        "business_connection",
        "business_message",
        "edited_business_message",
        "deleted_business_messages",
        "purchased_paid_media",
        "removed_chat_boost",
        "chat_boost",
    }
)
UPDATE_KINDS = DEFAULT_ALLOWED | {"chat_member", "message_reaction", "message_reaction_count"}
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_COMMAND = re.compile(r"(?<![\w/])/[a-zA-Z0-9_]{1,32}(?:@[a-zA-Z0-9_]{3,64})?")
_MENTION = re.compile(r"(?<![\w@])@[a-zA-Z0-9_]{3,64}")
_BOT_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
_START_PARAM = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
TELEGRAM_SERVICE_USER = {"id": 777000, "is_bot": False, "first_name": "Telegram"}


class ApiError(Exception):
    """An error response, exactly as the Bot API would send it."""

    def __init__(
        self, code: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


@dataclass
class Call:
    """One Bot API request the server answered."""

    method: str
    params: dict[str, Any]
    status: int
    description: str = ""
    at: float = field(default_factory=time.monotonic)


@dataclass
class Fault:
    """Make the next `times` calls of `method` fail in a given way."""

    method: str
    kind: str  # "429", "500", "502", "403", "400", "drop", "delay"
    times: int = 1
    retry_after: int = 1
    delay: float = 0.0
    description: str = ""


class Upload(bytes):
    """A multipart file: its bytes, with the name and type the client sent."""

    filename: str
    content_type: str

    def __new__(cls, data: bytes, filename: str = "", content_type: str = "") -> Upload:
        upload = super().__new__(cls, data)
        upload.filename = filename
        upload.content_type = content_type
        return upload


@dataclass
class Sent:
    """A message the bot sent, as it stands now (edits update it in place)."""

    chat_id: int
    message_id: int
    text: str
    html: str | None
    entities: list[dict[str, Any]]
    markup: dict[str, Any] | None
    reply_to: int | None = None
    thread_id: int | None = None
    photo: bytes | None = None
    document: bytes | None = None
    file_name: str | None = None
    edits: int = 0

    @property
    def buttons(self) -> list[dict[str, Any]]:
        """Inline buttons, row by row flattened."""
        if not self.markup:
            return []
        return [b for row in self.markup.get("inline_keyboard", []) for b in row]

    @property
    def labels(self) -> list[str]:
        return [str(b["text"]) for b in self.buttons]

    def button(self, label: str) -> dict[str, Any]:
        """The first button whose label contains `label` (case-insensitive)."""
        for b in self.buttons:
            if label.lower() in str(b["text"]).lower():
                return b
        raise LookupError(f"no button like {label!r} in {self.labels}")


class BotApiServer:
    """The server and its test API. Use `async with BotApiServer() as api:` or start/stop."""

    def __init__(
        self,
        *,
        token: str = "123456:TEST-token-abcdefghijklmnopqrstuvwxyz",
        bot_id: int = 123456,
        username: str = "advisor_test_bot",
        privacy_mode: bool = False,
        control: bool = False,
        callback_window: float | None = None,
    ) -> None:
        self.token = token
        self.bot_user = {
            "id": bot_id,
            "is_bot": True,
            "first_name": "Advisor",
            "username": username,
            "can_join_groups": True,
            "can_read_all_group_messages": not privacy_mode,
            "supports_inline_queries": True,
        }
        self.privacy_mode = privacy_mode
        self.control = control
        self.port = 0
        self.calls: list[Call] = []  # answered requests, in the order they finished
        self.received: list[str] = []  # methods as requests arrive (long polls included)
        self.call_counts: dict[str, int] = {}
        self.error_count = 0
        self.sent: list[Sent] = []
        self.chats: dict[int, dict[str, Any]] = {}
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.callback_answers: dict[str, dict[str, Any]] = {}
        self.inline_answers: dict[str, dict[str, Any]] = {}
        self.chat_actions: list[tuple[int, str]] = []
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.blocked: set[int] = set()
        self.migrated: dict[int, int] = {}
        self.webhook: dict[str, Any] = {}
        self.allowed_updates: frozenset[str] = DEFAULT_ALLOWED
        self.faults: list[Fault] = []
        self.dropped_updates: list[dict[str, Any]] = []
        self.confirmed_offset = 0
        self.delivered: set[int] = set()
        self._pending: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._query_ids = itertools.count(1)
        self._open_queries: set[str] = set()
        # Telegram refuses an answer to a callback query that comes too late ("query is too
        # old"); None keeps queries open for ever, a number of seconds enforces a window.
        self.callback_window = callback_window
        self._query_born: dict[str, float] = {}
        self.late_answers = 0  # answers refused because the window had passed
        self._open_inline: set[str] = set()
        self.last_query_id = ""
        self._changed = asyncio.Event()
        self._poll_generation = 0
        self._http: HTTPServer | None = None
        self._closing = asyncio.Event()
        self._webhook_task: asyncio.Task[None] | None = None
        self._client: httpx.AsyncClient | None = None

    # ---------------------------------------------------------------- lifecycle

    @property
    def base_url(self) -> str:
        """What the bot's `base_url` should be (the token is appended by the bot)."""
        return f"http://127.0.0.1:{self.port}/bot"

    async def start(self) -> BotApiServer:
        # no access log: its lines carry the token in the URL (and would pollute log checks)
        routes: list[Any] = [(r"/bot([^/]+)/([A-Za-z]+)", _ApiHandler, {"server": self})]
        if self.control:
            routes.append((r"/_control/([a-z_]+)", _ControlHandler, {"server": self}))
        app = Application(routes, log_function=lambda handler: None)
        sockets = bind_sockets(0, "127.0.0.1", family=socket.AF_INET)
        self.port = sockets[0].getsockname()[1]
        self._http = HTTPServer(app, max_body_size=50 * 1024 * 1024)
        self._http.add_sockets(sockets)
        self._client = httpx.AsyncClient(timeout=10)
        return self

    async def stop(self) -> None:
        self._closing.set()
        self._notify()
        if self._webhook_task:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
        if self._http:
            self._http.stop()
            await self._http.close_all_connections()
        if self._client:
            await self._client.aclose()

    async def __aenter__(self) -> BotApiServer:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait_for(
        self, predicate: Callable[[], object], timeout: float = 5.0, what: str = "condition"
    ) -> Any:
        """Wait until `predicate()` is truthy (re-checked after every server event)."""
        deadline = time.monotonic() + timeout
        while True:
            result = predicate()
            if result:
                return result
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"timed out after {timeout}s waiting for {what}")
            event = self._changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), min(remaining, 0.2))

    async def wait_delivered(self, update_id: int, timeout: float = 5.0) -> None:
        """Wait until the bot has taken the update (confirmed by offset, or webhook 200)."""
        await self.wait_for(
            lambda: self.confirmed_offset > update_id or update_id in self.delivered,
            timeout,
            f"update {update_id} to be delivered",
        )

    # ---------------------------------------------------------------- entities

    def user(
        self,
        user_id: int,
        first_name: str = "Ann",
        *,
        is_bot: bool = False,
        language_code: str | None = "en",
        username: str | None = None,
    ) -> dict[str, Any]:
        """A User object."""
        user: dict[str, Any] = {"id": user_id, "is_bot": is_bot, "first_name": first_name}
        if language_code:
            user["language_code"] = language_code
        if username:
            user["username"] = username
        return user

    def private_chat(self, user: dict[str, Any]) -> dict[str, Any]:
        chat = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
        self.chats.setdefault(chat["id"], chat)
        return self.chats[chat["id"]]

    def group(
        self,
        chat_id: int,
        title: str = "Group",
        *,
        supergroup: bool = True,
        forum: bool = False,
        linked_channel: int | None = None,
    ) -> dict[str, Any]:
        """Register a group or supergroup (negative id)."""
        assert chat_id < 0
        chat: dict[str, Any] = {
            "id": chat_id,
            "type": "supergroup" if supergroup else "group",
            "title": title,
        }
        if forum:
            chat["is_forum"] = True
        if linked_channel is not None:
            chat["linked_chat_id"] = linked_channel
        self.chats[chat_id] = chat
        return chat

    def channel(
        self, chat_id: int, title: str = "Channel", username: str | None = None
    ) -> dict[str, Any]:
        assert chat_id < 0
        chat: dict[str, Any] = {"id": chat_id, "type": "channel", "title": title}
        if username:
            chat["username"] = username
        self.chats[chat_id] = chat
        return chat

    def block(self, user_id: int) -> int:
        """The user blocks the bot: sends to their chat get 403; returns the my_chat_member
        update's id."""
        self.blocked.add(user_id)
        chat = self.chats.get(user_id) or self.private_chat(self.user(user_id))
        return self._enqueue(
            "my_chat_member",
            {
                "chat": chat,
                "from": self.user(user_id),
                "date": int(time.time()),
                "old_chat_member": {"status": "member", "user": self.bot_user},
                "new_chat_member": {"status": "kicked", "user": self.bot_user, "until_date": 0},
            },
        )

    # ---------------------------------------------------------------- injecting updates

    def _next_message_id(self, chat_id: int) -> int:
        counter = self._message_ids.setdefault(chat_id, itertools.count(1))
        return next(counter)

    def _enqueue(self, kind: str, payload: dict[str, Any]) -> int:
        update_id = next(self._update_ids)
        self._pending.append({"update_id": update_id, kind: payload})
        self._notify()
        return update_id

    @staticmethod
    def _auto_entities(text: str) -> list[dict[str, Any]]:
        entities: list[dict[str, Any]] = []
        for regex, kind in ((_COMMAND, "bot_command"), (_MENTION, "mention")):
            for m in regex.finditer(text):
                entities.append(
                    {
                        "type": kind,
                        "offset": utf16_len(text[: m.start()]),
                        "length": utf16_len(m.group(0)),
                    }
                )
        entities.sort(key=lambda e: e["offset"])
        return entities

    def _addressed(self, message: dict[str, Any]) -> bool:
        """Whether privacy mode would let this group message through."""
        name = "@" + str(self.bot_user["username"]).lower()
        text = str(message.get("text") or message.get("caption") or "").lower()
        reply = message.get("reply_to_message") or {}
        if (reply.get("from") or {}).get("id") == self.bot_user["id"]:
            return True
        if name in text:
            return True
        return any(
            e["type"] == "bot_command"
            and ("@" not in text[e["offset"] : e["offset"] + e["length"]])
            for e in message.get("entities", [])
        )

    def make_message(
        self,
        chat: dict[str, Any],
        user: dict[str, Any] | None,
        text: str | None = None,
        *,
        reply_to: dict[str, Any] | None = None,
        thread_id: int | None = None,
        sender_chat: dict[str, Any] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Build (and record) a message from a user in a chat, as Telegram would deliver it."""
        msg: dict[str, Any] = {
            "message_id": self._next_message_id(chat["id"]),
            "date": int(time.time()),
            "chat": chat,
        }
        if user is not None:
            msg["from"] = user
        if sender_chat is not None:
            msg["sender_chat"] = sender_chat
        if text is not None:
            msg["text"] = text
            entities = self._auto_entities(text)
            if entities:
                msg["entities"] = entities
        if reply_to is not None:
            msg["reply_to_message"] = reply_to
        if thread_id is not None:
            msg["message_thread_id"] = thread_id
            if chat.get("is_forum"):
                msg["is_topic_message"] = True
        if extra:
            msg.update(extra)
        self.messages[(chat["id"], msg["message_id"])] = msg
        return msg

    def inject_message(
        self,
        chat: dict[str, Any] | int,
        user: dict[str, Any] | int | None,
        text: str | None = None,
        **kwargs: Any,
    ) -> int:
        """A user sends a message; returns the update id.

        `chat`/`user` may be ids (a private chat and a default user are made up).
        Keyword arguments go to `make_message` (reply_to, thread_id, sender_chat, extra).
        """
        if isinstance(user, int):
            user = self.user(user)
        if isinstance(chat, int):
            chat = self.chats.get(chat) or self.private_chat(user or self.user(chat))
        msg = self.make_message(chat, user, text, **kwargs)
        kind = "channel_post" if chat["type"] == "channel" else "message"
        if (
            self.privacy_mode
            and chat["type"] in {"group", "supergroup"}
            and not self._addressed(msg)
        ):
            return -1
        return self._enqueue(kind, msg)

    def inject_edit(self, message: dict[str, Any], new_text: str) -> int:
        """The user edits one of their messages."""
        edited = dict(message, text=new_text, edit_date=int(time.time()))
        entities = self._auto_entities(new_text)
        edited.pop("entities", None)
        if entities:
            edited["entities"] = entities
        self.messages[(message["chat"]["id"], message["message_id"])] = edited
        kind = "edited_channel_post" if message["chat"]["type"] == "channel" else "edited_message"
        return self._enqueue(kind, edited)

    def inject_callback(
        self, message: Sent | dict[str, Any], data: str, user: dict[str, Any] | int
    ) -> int:
        """A user presses an inline button with `data` under `message` (as it stands now)."""
        if isinstance(user, int):
            user = self.user(user)
        if isinstance(message, Sent):
            msg = self.messages[(message.chat_id, message.message_id)]
        else:
            msg = self.messages.get((message["chat"]["id"], message["message_id"]), message)
        query_id = self.open_query()
        self.last_query_id = query_id
        return self._enqueue(
            "callback_query",
            {
                "id": query_id,
                "from": user,
                "message": json.loads(json.dumps(msg)),
                "chat_instance": f"ci{msg['chat']['id']}",
                "data": data,
            },
        )

    def open_query(self) -> str:
        """A new callback query id, open for answers from now on."""
        query_id = str(next(self._query_ids))
        self._open_queries.add(query_id)
        self._query_born[query_id] = time.monotonic()
        return query_id

    def bot_message(
        self, chat: dict[str, Any], text: str, markup: dict[str, Any] | None = None
    ) -> Sent:
        """Make up a message as if the bot had sent it (benchmarks press buttons under it)."""
        self._store_sent(chat, {}, text, [], None, markup)
        return self.sent[-1]

    def press(self, sent: Sent, label: str, user: dict[str, Any] | int) -> int:
        """Press the callback button whose label contains `label`."""
        button = sent.button(label)
        if "callback_data" not in button:
            raise LookupError(f"button {button['text']!r} is not a callback button")
        return self.inject_callback(sent, str(button["callback_data"]), user)

    def inject_inline_query(
        self, user: dict[str, Any] | int, query: str, *, chat_type: str = "sender"
    ) -> tuple[int, str]:
        """A user types `@bot query`; returns (update id, inline query id)."""
        if isinstance(user, int):
            user = self.user(user)
        query_id = f"iq{next(self._query_ids)}"
        self._open_inline.add(query_id)
        update_id = self._enqueue(
            "inline_query",
            {"id": query_id, "from": user, "query": query, "offset": "", "chat_type": chat_type},
        )
        return update_id, query_id

    def inject_topic(self, chat: dict[str, Any], user: dict[str, Any], name: str) -> int:
        """Create a forum topic; returns its message_thread_id."""
        assert chat.get("is_forum")
        msg = self.make_message(
            chat,
            user,
            None,
            extra={"forum_topic_created": {"name": name, "icon_color": 7322096}},
        )
        msg["message_thread_id"] = msg["message_id"]
        msg["is_topic_message"] = True
        return int(msg["message_id"])

    def inject_channel_post(self, channel: dict[str, Any], text: str) -> tuple[int, dict[str, Any]]:
        """A post in a channel; returns (update id, message)."""
        msg = self.make_message(channel, None, text, sender_chat=channel)
        return self._enqueue("channel_post", msg), msg

    def inject_automatic_forward(
        self, group: dict[str, Any], channel: dict[str, Any], post: dict[str, Any]
    ) -> tuple[int, dict[str, Any]]:
        """Telegram copies a channel post into its discussion group (starting a comment thread)."""
        msg = self.make_message(
            group,
            dict(TELEGRAM_SERVICE_USER),
            post.get("text"),
            sender_chat=channel,
            extra={
                "is_automatic_forward": True,
                "forward_origin": {
                    "type": "channel",
                    "chat": channel,
                    "message_id": post["message_id"],
                    "date": post["date"],
                },
            },
        )
        return self._enqueue("message", msg), msg

    def inject_comment(
        self, group: dict[str, Any], user: dict[str, Any], text: str, thread: dict[str, Any]
    ) -> int:
        """A comment under a channel post, i.e. a reply in the post's thread of the group."""
        return self.inject_message(
            group, user, text, reply_to=thread, thread_id=thread["message_id"]
        )

    def inject_migration(
        self, old_chat: dict[str, Any], new_id: int, user: dict[str, Any]
    ) -> tuple[int, int]:
        """A group becomes a supergroup: two service messages, as Telegram sends them."""
        new_chat = self.group(new_id, str(old_chat.get("title", "Group")), supergroup=True)
        self.migrated[old_chat["id"]] = new_id
        first = self.inject_message(old_chat, user, None, extra={"migrate_to_chat_id": new_id})
        second = self.inject_message(
            new_chat, user, None, extra={"migrate_from_chat_id": old_chat["id"]}
        )
        return first, second

    # ---------------------------------------------------------------- inspecting

    def sent_to(self, chat_id: int) -> list[Sent]:
        return [s for s in self.sent if s.chat_id == chat_id]

    def last_with_buttons(self, chat_id: int) -> Sent:
        for s in reversed(self.sent):
            if s.chat_id == chat_id and s.buttons:
                return s
        raise LookupError(f"no message with buttons in chat {chat_id}")

    def errors(self, *, allow: tuple[str, ...] = ()) -> list[Call]:
        """Refused calls (4xx, 5xx, dropped), except those whose description contains `allow`."""
        return [
            c
            for c in self.calls
            if (c.status == 0 or (c.status >= 400 and c.status != CLIENT_GONE))
            and not any(a in c.description for a in allow)
        ]

    def calls_of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def fail_next(
        self,
        method: str,
        kind: str = "429",
        times: int = 1,
        *,
        retry_after: int = 1,
        delay: float = 0.0,
        description: str = "",
    ) -> Fault:
        """Make the next `times` calls of `method` fail (see `Fault`)."""
        fault = Fault(method, kind, times, retry_after, delay, description)
        self.faults.append(fault)
        return fault

    # ---------------------------------------------------------------- request handling

    def _take_fault(self, method: str) -> Fault | None:
        for fault in self.faults:
            if fault.method == method and fault.times > 0:
                fault.times -= 1
                return fault
        return None

    async def handle(
        self, token: str, method: str, params: dict[str, Any], files: dict[str, bytes]
    ) -> Any:
        """Dispatch one API call; raise ApiError for error responses."""
        if token != self.token:
            raise ApiError(401, "Unauthorized")
        func = getattr(self, f"api_{method.lower()}", None)
        if func is None:
            raise ApiError(404, "Not Found: method not found")
        return await func(params, files)

    # -- helpers

    def _chat(self, params: dict[str, Any]) -> dict[str, Any]:
        raw = params.get("chat_id")
        if raw is None or raw == "":
            raise bad("chat_id is empty")
        if isinstance(raw, str) and raw.startswith("@"):
            for chat in self.chats.values():
                if chat.get("username") == raw[1:]:
                    return chat
            raise bad("chat not found")
        try:
            chat_id = int(raw)
        except (TypeError, ValueError) as exc:
            raise bad("chat not found") from exc
        if chat_id in self.migrated:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": self.migrated[chat_id]},
            )
        chat = self.chats.get(chat_id)
        if chat is None:
            raise bad("chat not found")
        if chat["type"] == "private" and chat_id in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return chat

    @staticmethod
    def _json_param(params: dict[str, Any], name: str) -> Any:
        raw = params.get(name)
        if raw is None or raw == "":
            return None
        if isinstance(raw, str):
            try:
                return json.loads(raw)
            except ValueError as exc:
                raise bad(f"can't parse {name} JSON object") from exc
        return raw

    def _text(
        self, params: dict[str, Any], key: str, limit: int, *, required: bool
    ) -> tuple[str, list[dict[str, Any]], str | None]:
        raw = params.get(key)
        if raw is None or raw == "":
            if required:
                raise bad("message text is empty")
            return "", [], None
        raw = str(raw)
        mode = str(params.get("parse_mode") or "").lower()
        if mode == "html":
            try:
                text, entities = parse_html(raw)
            except EntityParseError as exc:
                raise ApiError(400, str(exc)) from exc
            source: str | None = raw
        elif mode in {"markdown", "markdownv2"}:
            raise bad("this test server only speaks HTML parse mode")
        elif mode:
            raise bad(f"unsupported parse_mode {mode}")
        else:
            text, entities, source = raw, [], None
        if required and not text.strip():
            raise bad("message text is empty")
        if utf16_len(text) > limit:
            raise bad("message is too long" if key == "text" else "message caption is too long")
        return text, entities, source

    def _markup(self, params: dict[str, Any]) -> dict[str, Any] | None:
        markup = self._json_param(params, "reply_markup")
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise bad("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" in markup:
            rows = markup["inline_keyboard"]
            if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
                raise bad(
                    'field "inline_keyboard" of the InlineKeyboardMarkup should be an '
                    "Array of Arrays"
                )
            total = 0
            for row in rows:
                if len(row) > 8:
                    raise bad("BUTTON_TYPE_INVALID")
                for button in row:
                    total += 1
                    self._check_button(button)
            if total > 100:
                raise bad("REPLY_MARKUP_TOO_LONG")
            if not any(rows):
                return None
        return markup

    @staticmethod
    def _check_button(button: Any) -> None:
        if not isinstance(button, dict) or not str(button.get("text", "")).strip():
            raise bad("BUTTON_TEXT_INVALID")
        actions = [
            k
            for k in (
                "url",
                "callback_data",
                "switch_inline_query",
                "switch_inline_query_current_chat",
                "switch_inline_query_chosen_chat",
                "login_url",
                "web_app",
                "pay",
                "callback_game",
                "copy_text",
            )
            if k in button
        ]
        if len(actions) != 1:
            raise bad('can\'t find field "callback_data"' if not actions else "BUTTON_TYPE_INVALID")
        if "callback_data" in button:
            data = button["callback_data"]
            if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= (
                MAX_CALLBACK_DATA
            ):
                raise bad("BUTTON_DATA_INVALID")
        if "url" in button:
            url = str(button["url"])
            if not re.match(r"^(https?|tg)://\S+$", url):
                raise bad("BUTTON_URL_INVALID")
            m = re.match(r"^https://t\.me/[A-Za-z0-9_]+\?start=(.*)$", url)
            if m and not _START_PARAM.match(m.group(1)):
                raise bad("BUTTON_URL_INVALID")
        for key in ("switch_inline_query", "switch_inline_query_current_chat"):
            if key in button and len(str(button[key])) > 256:
                raise bad("BUTTON_DATA_INVALID")

    def _reply_to(self, chat: dict[str, Any], params: dict[str, Any]) -> int | None:
        reply_id = params.get("reply_to_message_id")
        allow_missing = str(params.get("allow_sending_without_reply", "")).lower() == "true"
        rp = self._json_param(params, "reply_parameters")
        if isinstance(rp, dict):
            reply_id = rp.get("message_id")
            allow_missing = bool(rp.get("allow_sending_without_reply", allow_missing))
        if reply_id in (None, ""):
            return None
        rid = int(reply_id)
        if (chat["id"], rid) not in self.messages:
            if allow_missing:
                return None
            raise bad("message to be replied not found")
        return rid

    def _thread(self, chat: dict[str, Any], params: dict[str, Any]) -> int | None:
        raw = params.get("message_thread_id")
        if raw in (None, ""):
            return None
        thread_id = int(raw)
        if chat["type"] not in {"supergroup", "group"} or (
            (chat["id"], thread_id) not in self.messages
        ):
            raise bad("message thread not found")
        return thread_id

    def _store_sent(
        self,
        chat: dict[str, Any],
        params: dict[str, Any],
        text: str,
        entities: list[dict[str, Any]],
        source: str | None,
        markup: dict[str, Any] | None,
        *,
        photo: bytes | None = None,
        document: Upload | None = None,
    ) -> dict[str, Any]:
        reply_to = self._reply_to(chat, params)
        thread_id = self._thread(chat, params)
        if thread_id is None and reply_to is not None:
            # a reply joins the thread (topic or comment thread) of the message it answers
            thread_id = self.messages[(chat["id"], reply_to)].get("message_thread_id")
        msg: dict[str, Any] = {
            "message_id": self._next_message_id(chat["id"]),
            "date": int(time.time()),
            "chat": chat,
        }
        if chat["type"] == "channel":
            msg["sender_chat"] = chat
        else:
            msg["from"] = self.bot_user
        if photo is not None:
            msg["photo"] = [
                {
                    "file_id": f"photo{msg['message_id']}",
                    "file_unique_id": f"u{msg['message_id']}",
                    "width": 800,
                    "height": 400,
                    "file_size": len(photo),
                }
            ]
            if text:
                msg["caption"] = text
                if entities:
                    msg["caption_entities"] = entities
        elif document is not None:
            msg["document"] = {
                "file_id": f"doc{msg['message_id']}",
                "file_unique_id": f"d{msg['message_id']}",
                "file_name": document.filename,
                "mime_type": document.content_type,
                "file_size": len(document),
            }
            if text:
                msg["caption"] = text
                if entities:
                    msg["caption_entities"] = entities
        else:
            msg["text"] = text
            if entities:
                msg["entities"] = entities
        if markup:
            msg["reply_markup"] = markup
        if reply_to is not None:
            msg["reply_to_message"] = self.messages[(chat["id"], reply_to)]
        if thread_id is not None:
            msg["message_thread_id"] = thread_id
            if chat.get("is_forum"):
                msg["is_topic_message"] = True
        self.messages[(chat["id"], msg["message_id"])] = msg
        self.sent.append(
            Sent(
                chat_id=chat["id"],
                message_id=msg["message_id"],
                text=text,
                html=source,
                entities=entities,
                markup=markup,
                reply_to=reply_to,
                thread_id=thread_id,
                photo=photo,
                document=bytes(document) if document is not None else None,
                file_name=document.filename if document is not None else None,
            )
        )
        return msg

    def _bot_message(self, params: dict[str, Any]) -> tuple[dict[str, Any], Sent]:
        if params.get("inline_message_id"):
            raise bad("inline messages are not supported by this test server")
        chat = self._chat(params)
        try:
            message_id = int(params.get("message_id", ""))
        except ValueError as exc:
            raise bad("message identifier is not specified") from exc
        msg = self.messages.get((chat["id"], message_id))
        if msg is None:
            raise bad("message to edit not found")
        if (msg.get("from") or {}).get("id") != self.bot_user["id"] and chat["type"] != "channel":
            raise bad("message can't be edited")
        for sent in self.sent:
            if sent.chat_id == chat["id"] and sent.message_id == message_id:
                return msg, sent
        raise bad("message can't be edited")

    # -- methods

    async def api_getme(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        return self.bot_user

    async def api_getupdates(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        if self.webhook.get("url"):
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        self._poll_generation += 1
        generation = self._poll_generation
        offset = int(params.get("offset") or 0)
        limit = max(1, min(100, int(params.get("limit") or 100)))
        timeout = float(params.get("timeout") or 0)
        allowed = self._json_param(params, "allowed_updates")
        if isinstance(allowed, list):
            self.allowed_updates = frozenset(allowed) if allowed else DEFAULT_ALLOWED
        if offset:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]
            if offset > self.confirmed_offset:
                self.confirmed_offset = offset
                self._notify()
        deadline = time.monotonic() + timeout
        while True:
            if generation != self._poll_generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure "
                    "that only one bot instance is running",
                )
            batch = self._deliverable()[:limit]
            if batch or self._closing.is_set():
                return batch
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return []
            event = self._changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)

    def _deliverable(self) -> list[dict[str, Any]]:
        keep: list[dict[str, Any]] = []
        for update in self._pending:
            kind = next(k for k in update if k != "update_id")
            if kind in self.allowed_updates:
                keep.append(update)
            else:
                self.dropped_updates.append(update)
        self._pending = keep
        return list(keep)

    async def api_sendmessage(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        chat = self._chat(params)
        text, entities, source = self._text(params, "text", MAX_TEXT, required=True)
        markup = self._markup(params)
        return self._store_sent(chat, params, text, entities, source, markup)

    async def api_sendphoto(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        chat = self._chat(params)
        photo = files.get("photo")
        ref = str(params.get("photo") or "")
        if photo is None and ref.startswith("attach://"):
            photo = files.get(ref[len("attach://") :])
        if photo is None:
            raise bad("there is no photo in the request")
        if not photo.startswith(b"\x89PNG\r\n\x1a\n") and not photo.startswith(b"\xff\xd8"):
            raise bad("IMAGE_PROCESS_FAILED")
        text, entities, source = self._text(params, "caption", MAX_CAPTION, required=False)
        markup = self._markup(params)
        return self._store_sent(chat, params, text, entities, source, markup, photo=photo)

    async def api_senddocument(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        chat = self._chat(params)
        upload = files.get("document")
        ref = str(params.get("document") or "")
        if upload is None and ref.startswith("attach://"):
            upload = files.get(ref[len("attach://") :])
        if upload is None:
            # a file_id or URL would name a file this server never stored
            raise bad(
                "wrong remote file identifier specified"
                if ref
                else "there is no document in the request"
            )
        if not isinstance(upload, Upload) or not upload.filename.strip():
            raise bad("file name is empty")
        if len(upload.filename) > MAX_FILE_NAME or "/" in upload.filename:
            raise bad("file name is invalid")
        if not upload:
            raise bad("file must be non-empty")
        if len(upload) > MAX_UPLOAD:
            raise ApiError(413, "Request Entity Too Large")
        text, entities, source = self._text(params, "caption", MAX_CAPTION, required=False)
        markup = self._markup(params)
        return self._store_sent(chat, params, text, entities, source, markup, document=upload)

    async def api_editmessagetext(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        msg, sent = self._bot_message(params)
        if "text" not in msg:
            raise bad("there is no text in the message to edit")
        text, entities, source = self._text(params, "text", MAX_TEXT, required=True)
        markup = self._markup(params)
        if (
            text == msg["text"]
            and entities == msg.get("entities", [])
            and markup == msg.get("reply_markup")
        ):
            raise bad(
                "message is not modified: specified new message content and reply markup "
                "are exactly the same as a current content and reply markup of the message"
            )
        msg["text"] = text
        msg.pop("entities", None)
        if entities:
            msg["entities"] = entities
        self._set_markup(msg, markup)
        msg["edit_date"] = int(time.time())
        sent.text, sent.entities, sent.html, sent.markup = text, entities, source, markup
        sent.edits += 1
        return msg

    async def api_editmessagereplymarkup(
        self, params: dict[str, Any], files: dict[str, bytes]
    ) -> Any:
        msg, sent = self._bot_message(params)
        markup = self._markup(params)
        if markup == msg.get("reply_markup"):
            raise bad(
                "message is not modified: specified new message content and reply markup "
                "are exactly the same as a current content and reply markup of the message"
            )
        self._set_markup(msg, markup)
        msg["edit_date"] = int(time.time())
        sent.markup = markup
        sent.edits += 1
        return msg

    @staticmethod
    def _set_markup(msg: dict[str, Any], markup: dict[str, Any] | None) -> None:
        if markup:
            msg["reply_markup"] = markup
        else:
            msg.pop("reply_markup", None)

    async def api_answercallbackquery(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        query_id = str(params.get("callback_query_id") or "")
        born = self._query_born.get(query_id)
        if (
            query_id in self._open_queries
            and born is not None
            and self.callback_window is not None
            and time.monotonic() - born > self.callback_window
        ):
            self._open_queries.discard(query_id)
            self.late_answers += 1
        if query_id not in self._open_queries:
            raise bad("query is too old and response timeout expired or query ID is invalid")
        text = str(params.get("text") or "")
        if len(text) > 200:
            raise bad("MESSAGE_TOO_LONG")
        self._open_queries.discard(query_id)
        self.callback_answers[query_id] = {
            "text": text,
            "show_alert": str(params.get("show_alert", "")).lower() == "true",
            "url": params.get("url"),
        }
        return True

    async def api_answerinlinequery(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        query_id = str(params.get("inline_query_id") or "")
        if query_id not in self._open_inline:
            raise bad("query is too old and response timeout expired or query ID is invalid")
        results = self._json_param(params, "results")
        if not isinstance(results, list):
            raise bad("can't parse inline query results JSON object")
        if len(results) > 50:
            raise bad("RESULTS_TOO_MUCH")
        seen: set[str] = set()
        for result in results:
            rid = str(result.get("id", ""))
            if not 1 <= len(rid.encode("utf-8")) <= 64:
                raise bad("RESULT_ID_INVALID")
            if rid in seen:
                raise bad("RESULT_ID_DUPLICATE")
            seen.add(rid)
            if result.get("type") == "article":
                if not str(result.get("title", "")).strip():
                    raise bad("RESULT_TITLE_EMPTY")
                content = result.get("input_message_content") or {}
                self._text(content, "message_text", MAX_TEXT, required=True)
            if "reply_markup" in result:
                self._markup({"reply_markup": result["reply_markup"]})
        self._open_inline.discard(query_id)
        self.inline_answers[query_id] = {
            "results": results,
            "cache_time": int(params.get("cache_time") or 300),
            "is_personal": str(params.get("is_personal", "")).lower() == "true",
            "button": self._json_param(params, "button"),
        }
        return True

    async def api_sendchataction(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        chat = self._chat(params)
        action = str(params.get("action") or "")
        if action not in CHAT_ACTIONS:
            raise bad("wrong parameter action in request")
        self._thread(chat, params)
        self.chat_actions.append((chat["id"], action))
        return True

    @staticmethod
    def _scope_key(scope: Any, lang: str) -> str:
        scope = scope or {"type": "default"}
        parts = [str(scope.get("type"))]
        if "chat_id" in scope:
            parts.append(str(scope["chat_id"]))
        if "user_id" in scope:
            parts.append(str(scope["user_id"]))
        if lang:
            parts.append(lang)
        return ":".join(parts)

    async def api_setmycommands(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        commands = self._json_param(params, "commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise bad("can't parse commands JSON object")
        for c in commands:
            if not _BOT_COMMAND.match(str(c.get("command", ""))):
                raise bad("BOT_COMMAND_INVALID")
            if not 1 <= len(str(c.get("description", ""))) <= 256:
                raise bad("BOT_COMMAND_DESCRIPTION_INVALID")
        key = self._scope_key(
            self._json_param(params, "scope"), str(params.get("language_code") or "")
        )
        self.commands[key] = commands
        return True

    async def api_deletemycommands(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        key = self._scope_key(
            self._json_param(params, "scope"), str(params.get("language_code") or "")
        )
        self.commands.pop(key, None)
        return True

    async def api_getmycommands(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        key = self._scope_key(
            self._json_param(params, "scope"), str(params.get("language_code") or "")
        )
        return self.commands.get(key, [])

    async def api_setwebhook(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        url = str(params.get("url") or "")
        if url and not url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
            raise bad("bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret and not re.match(r"^[A-Za-z0-9_-]{1,256}$", str(secret)):
            raise bad("bad webhook: secret token contains unallowed characters")
        allowed = self._json_param(params, "allowed_updates")
        if isinstance(allowed, list):
            self.allowed_updates = frozenset(allowed) if allowed else DEFAULT_ALLOWED
        if str(params.get("drop_pending_updates", "")).lower() == "true":
            self._pending.clear()
        self.webhook = {"url": url, "secret_token": secret} if url else {}
        self._poll_generation += 1  # a webhook ends any long poll
        self._notify()
        if url and (self._webhook_task is None or self._webhook_task.done()):
            self._webhook_task = asyncio.create_task(self._deliver_webhooks())
        return True

    async def api_deletewebhook(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        self.webhook = {}
        if str(params.get("drop_pending_updates", "")).lower() == "true":
            self._pending.clear()
        self._notify()
        return True

    async def api_getwebhookinfo(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        return {
            "url": self.webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
            "allowed_updates": sorted(self.allowed_updates),
        }

    async def api_close(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        return True

    async def api_logout(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        return True

    # -- webhook delivery

    async def _deliver_webhooks(self) -> None:
        """Post pending updates to the webhook one by one, retrying like Telegram does."""
        assert self._client is not None
        while not self._closing.is_set() and self.webhook.get("url"):
            batch = self._deliverable()
            if not batch:
                event = self._changed
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(event.wait(), 0.5)
                continue
            update = batch[0]
            headers = {"Content-Type": "application/json"}
            if self.webhook.get("secret_token"):
                headers["X-Telegram-Bot-Api-Secret-Token"] = str(self.webhook["secret_token"])
            try:
                response = await self._client.post(
                    self.webhook["url"], content=json.dumps(update), headers=headers
                )
                ok = response.status_code == 200
            except httpx.HTTPError:
                ok = False
            if ok:
                self._pending = [u for u in self._pending if u is not update]
                self.delivered.add(update["update_id"])
                self._notify()
            else:
                await asyncio.sleep(0.2)

    def record(self, method: str, params: dict[str, Any], status: int, description: str) -> None:
        self.calls.append(Call(method, params, status, description))
        self.call_counts[method] = self.call_counts.get(method, 0) + 1
        if (status >= 400 and status != CLIENT_GONE) or status == 0:
            self.error_count += 1
        self._notify()


class _ControlHandler(RequestHandler):
    """The test API over HTTP, for a server running in another process (benchmarks).

    POST /_control/inject  {"items": [...]} where each item is
        {"text": str, "user": id}                      a private message, or
        {"press": data, "user": id, "markup": {...}}   a button under a made-up bot message
    GET /_control/stats    confirmed offset, pending updates and calls per method
    """

    server: BotApiServer

    def initialize(self, server: BotApiServer) -> None:  # type: ignore[override]
        self.server = server

    def check_xsrf_cookie(self) -> None:
        return None

    async def get(self, action: str) -> None:
        server = self.server
        if action != "stats":
            self.send_error(404)
            return
        self.finish(
            {
                "confirmed_offset": server.confirmed_offset,
                "pending": len(server._pending),
                "calls": server.call_counts,
                "errors": server.error_count,
                "error_samples": [
                    f"{c.method}: {c.status} {c.description}"
                    for c in server.calls
                    if c.status >= 400 and c.status != CLIENT_GONE
                ][:5],
                "sent": len(server.sent),
            }
        )

    async def post(self, action: str) -> None:
        server = self.server
        if action == "reset":
            server.calls.clear()
            server.sent.clear()
            server.received.clear()
            server.call_counts.clear()
            server.error_count = 0
            self.finish({"ok": True})
            return
        if action != "inject":
            self.send_error(404)
            return
        items = json.loads(self.request.body)["items"]
        first = last = -1
        for item in items:
            user = server.user(int(item["user"]))
            chat = server.private_chat(user)
            if "press" in item:
                sent = server.bot_message(chat, "question", item.get("markup"))
                last = server.inject_callback(sent, str(item["press"]), user)
            else:
                last = server.inject_message(chat, user, str(item["text"]))
            first = last if first < 0 else first
        self.finish({"first": first, "last": last})


def _flatten(args: dict[str, list[bytes]]) -> dict[str, Any]:
    return {k: v[-1].decode("utf-8") for k, v in args.items() if v}


class _ApiHandler(RequestHandler):
    """`/bot<token>/<method>`, GET or POST, form, multipart or JSON, like the real Bot API."""

    server: BotApiServer

    def initialize(self, server: BotApiServer) -> None:  # type: ignore[override]
        self.server = server

    def check_xsrf_cookie(self) -> None:
        return None

    async def get(self, token: str, method: str) -> None:
        await self._serve(token, method)

    async def post(self, token: str, method: str) -> None:
        await self._serve(token, method)

    async def _serve(self, token: str, method: str) -> None:
        server = self.server
        server.received.append(method)
        server._notify()
        ctype = self.request.headers.get("Content-Type", "")
        params: dict[str, Any] = _flatten(self.request.query_arguments)
        files: dict[str, bytes] = {}
        if ctype.startswith("application/json") and self.request.body:
            try:
                body = json.loads(self.request.body)
            except ValueError:
                body = None
            if isinstance(body, dict):
                params.update(
                    {
                        k: v
                        if isinstance(v, str)
                        else json.dumps(v)
                        if isinstance(v, dict | list)
                        else str(v).lower()
                        if isinstance(v, bool)
                        else str(v)
                        for k, v in body.items()
                    }
                )
        else:
            params.update(_flatten(self.request.body_arguments))
            for name, uploads in self.request.files.items():
                files[name] = Upload(
                    uploads[0]["body"],
                    uploads[0]["filename"] or "",
                    uploads[0]["content_type"] or "",
                )
        fault = server._take_fault(method)
        if fault is not None:
            if fault.kind == "delay":
                await asyncio.sleep(fault.delay)
            elif fault.kind == "drop":
                server.record(method, params, 0, "connection dropped")
                self.request.connection.close()  # type: ignore[union-attr]
                return
            else:
                status = int(fault.kind)
                error = ApiError(
                    status,
                    fault.description
                    or {
                        429: f"Too Many Requests: retry after {fault.retry_after}",
                        403: "Forbidden: bot was blocked by the user",
                        400: "Bad Request: injected fault",
                    }.get(status, "Internal Server Error"),
                    {"retry_after": fault.retry_after} if status == 429 else None,
                )
                self._reply(error.code, error.payload())
                server.record(method, params, error.code, error.description)
                return
        try:
            result = await server.handle(token, method, params, files)
        except ApiError as exc:
            stream = getattr(self.request.connection, "stream", None)
            if stream is not None and stream.closed():
                # e.g. a long poll the client gave up on: nobody will ever read this answer
                server.record(method, params, CLIENT_GONE, "client closed the request")
                return
            self._reply(exc.code, exc.payload())
            server.record(method, params, exc.code, exc.description)
            return
        self._reply(200, {"ok": True, "result": result})
        server.record(method, params, 200, "")

    def _reply(self, status: int, body: dict[str, Any]) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body))


def labels_of(messages: Iterable[Sent]) -> list[list[str]]:
    """Button labels of several messages (handy in assertions)."""
    return [m.labels for m in messages]
