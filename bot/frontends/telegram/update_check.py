"""Is a webhook body an update this bot can handle? Checked before anything runs.

Telegram never sends a malformed update, but anybody who has the webhook secret (or a proxy
gone wrong) can. python-telegram-bot's `Update.de_json` checks little: a message without
`chat` or with `"text": 5` parses, and the handlers then fail with an apology to nobody. So
the webhook checks the JSON itself first: nesting depth, integers that fit 64 bits, update_id a
real integer (not `true`), and the shape of every part the handlers read (ids, chat type,
texts, entities, the sender of a private message). `problem()` returns why an update is
refused, or None.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# Telegram's updates nest a few levels (message -> reply_to_message -> entities -> user);
# anything much deeper is not Telegram and would only make parsers recurse.
MAX_DEPTH = 32
# Every Telegram integer fits a signed 64-bit integer (ids use at most 52 bits); larger ones
# would overflow SQLite and datetime on the way.
MAX_INT = 2**63 - 1
# update_id is compared and stored as a number everywhere: keep it exact in any JSON reader.
MAX_UPDATE_ID = 2**53

Spec = Mapping[str, Any]  # field -> type, nested spec, or [spec] for a list of them

USER: Spec = {
    "id": int,
    "is_bot": bool,
    "first_name": str,
    "last_name": str,
    "username": str,
    "language_code": str,
}
CHAT: Spec = {
    "id": int,
    "type": str,
    "title": str,
    "username": str,
    "first_name": str,
    "is_forum": bool,
}
ENTITY: Spec = {"type": str, "offset": int, "length": int, "url": str, "user": USER}
BUTTON: Spec = {"text": str, "url": str, "callback_data": str}
MARKUP: Spec = {"inline_keyboard": [[BUTTON]]}
_MESSAGE: dict[str, Any] = {
    "message_id": int,
    "date": int,
    "chat": CHAT,
    "from": USER,
    "sender_chat": CHAT,
    "text": str,
    "caption": str,
    "entities": [ENTITY],
    "caption_entities": [ENTITY],
    "message_thread_id": int,
    "is_topic_message": bool,
    "is_automatic_forward": bool,
    "migrate_to_chat_id": int,
    "migrate_from_chat_id": int,
    "reply_markup": MARKUP,
    "edit_date": int,
}
_MESSAGE["reply_to_message"] = _MESSAGE  # the replied-to message has the same shape
MESSAGE: Spec = _MESSAGE
CALLBACK: Spec = {
    "id": str,
    "from": USER,
    "message": MESSAGE,
    "inline_message_id": str,
    "chat_instance": str,
    "data": str,
}
INLINE: Spec = {"id": str, "from": USER, "query": str, "offset": str, "chat_type": str}
MEMBER: Spec = {"status": str, "user": USER}
MEMBER_UPDATED: Spec = {
    "chat": CHAT,
    "from": USER,
    "date": int,
    "old_chat_member": MEMBER,
    "new_chat_member": MEMBER,
}

# What each kind of update must carry for the handlers to serve it.
REQUIRED: Mapping[int, frozenset[str]] = {
    id(USER): frozenset({"id"}),
    id(CHAT): frozenset({"id", "type"}),
    id(ENTITY): frozenset({"type", "offset", "length"}),
    id(BUTTON): frozenset({"text"}),
    id(MESSAGE): frozenset({"message_id", "date", "chat"}),
    id(CALLBACK): frozenset({"id", "from"}),
    id(INLINE): frozenset({"id", "from", "query"}),
    id(MEMBER): frozenset({"status", "user"}),
    id(MEMBER_UPDATED): frozenset({"chat", "from", "new_chat_member"}),
}
KINDS: Mapping[str, Spec] = {
    "message": MESSAGE,
    "edited_message": MESSAGE,
    "channel_post": MESSAGE,
    "edited_channel_post": MESSAGE,
    "callback_query": CALLBACK,
    "inline_query": INLINE,
    "my_chat_member": MEMBER_UPDATED,
    "chat_member": MEMBER_UPDATED,
}
# Message kinds whose sender the handlers need: a private chat always has one.
_SENDER_NEEDED = ("message", "edited_message")


def _too_deep_or_too_big(data: Any) -> str | None:
    """Walk the whole value once, without recursion."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return f"nested deeper than {MAX_DEPTH} levels"
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT:
            return "an integer does not fit 64 bits"
    return None


def _type_name(expected: type) -> str:
    return {int: "an integer", str: "a string", bool: "true or false"}.get(
        expected, expected.__name__
    )


def _shape(value: Any, spec: Any, where: str) -> str | None:
    """Why `value` does not have the shape `spec` describes, or None."""
    if isinstance(spec, list):
        return _list_shape(value, spec[0], where)
    if isinstance(spec, type):
        # bool is an int in Python, never in Telegram's JSON
        ok = isinstance(value, spec) and (spec is bool or not isinstance(value, bool))
        return None if ok else f"{where} is not {_type_name(spec)}"
    return _object_shape(value, spec, where)


def _list_shape(value: Any, item_spec: Any, where: str) -> str | None:
    if not isinstance(value, list):
        return f"{where} is not a list"
    for i, item in enumerate(value):
        if (why := _shape(item, item_spec, f"{where}[{i}]")) is not None:
            return why
    return None


def _object_shape(value: Any, spec: dict[str, Any], where: str) -> str | None:
    if not isinstance(value, dict):
        return f"{where} is not an object"
    for field in REQUIRED.get(id(spec), ()):
        if field not in value:
            return f"{where} has no {field}"
    for field, inner in spec.items():
        if field in value and (why := _shape(value[field], inner, f"{where}.{field}")):
            return why
    return None


def problem(data: Any) -> str | None:
    """Why the decoded JSON body `data` is not an update this bot can handle, or None."""
    if not isinstance(data, dict):
        return "not an object"
    update_id = data.get("update_id")
    if type(update_id) is not int:  # bool (true) must not pass as 1
        return "update_id is not an integer"
    if not 0 <= update_id < MAX_UPDATE_ID:
        return "update_id is out of range"
    if (why := _too_deep_or_too_big(data)) is not None:
        return why
    for kind, spec in KINDS.items():
        if kind not in data:
            continue
        payload = data[kind]
        if (why := _shape(payload, spec, kind)) is not None:
            return why
        if (
            kind in _SENDER_NEEDED
            and payload["chat"]["type"] == "private"
            and "from" not in payload
        ):
            return f"{kind} in a private chat has no sender"
    return None
