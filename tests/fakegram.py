"""A fake Telegram Bot API for tests: in process (``FakeRequest``) or over HTTP (``FakeTelegramServer``).

One ``FakeTelegram`` holds the state: chats, messages, pending updates, files, calls and injected faults.
Two transports answer from it:

* ``FakeRequest(fake)`` is a python-telegram-bot ``BaseRequest``; give it to ``Bot(..., request=...)`` or
  ``Application.builder().request(...).get_updates_request(...)``. No socket is opened.
* ``FakeTelegramServer(fake)`` (or ``fake.serve_http()``) serves ``/bot<TOKEN>/<method>`` and
  ``/file/bot<TOKEN>/<path>`` on 127.0.0.1 from a daemon thread running tornado, so a subprocess can
  use ``TELEGRAM_BASE_URL=server.base_url``.

The envelopes, status codes and error descriptions follow the real Bot API, because the bot's error
handling (RetryAfter, Forbidden, "message is not modified", ...) is what the tests exercise. Behaviour
worth knowing before writing a test:

* Sending to a chat the fake has never seen answers 400 "Bad Request: chat not found", like Telegram for
  a user who never started the bot. ``user_sends`` registers the chat; ``add_user``/``add_group``
  register one silently. Pass ``strict_chats=False`` to accept any chat id.
* Groups run in privacy mode by default (like a fresh BotFather bot): a group message becomes an update
  only if it is a command for this bot, a reply to one of the bot's messages, or mentions the bot.
* Waiting is event driven: every call and every simulated user action signals one condition, and
  ``wait_for``/``wait_for_sync``/``getUpdates`` wake on it.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import html
import itertools
import json
import math
import random
import re
import socket
import struct
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, TypeVar
from urllib.parse import parse_qsl, unquote, urlsplit

from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

from tests.httpfake import ThreadedServer

__all__ = [
    "BOT_TOKEN",
    "Call",
    "FakeRequest",
    "FakeTelegram",
    "FakeTelegramServer",
    "SentMessage",
    "UploadedFile",
]

BOT_TOKEN = "123456789:AAFakeTokenForNhacviecTestsOnly_xyz"
BOT_USERNAME = "nhacviec_test_bot"

T = TypeVar("T")

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_DOWNLOAD = 20 * 1024 * 1024
MAX_UPLOAD_DOCUMENT = 50 * 1024 * 1024
MAX_UPLOAD_PHOTO = 10 * 1024 * 1024

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
CHAT_NOT_FOUND = "Bad Request: chat not found"
BLOCKED = "Forbidden: bot was blocked by the user"
KICKED = "Forbidden: bot was kicked from the group chat"

_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: BLOCKED,
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}

# Update types delivered when allowed_updates is empty or never given (Bot API: all except these three).
_OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})

_INT_FIELDS = frozenset(
    {
        "chat_id", "message_id", "offset", "limit", "timeout", "reply_to_message_id", "user_id",
        "cache_time", "message_thread_id", "from_chat_id", "max_connections", "width", "height",
    }
)
_BOOL_FIELDS = frozenset(
    {
        "disable_notification", "protect_content", "show_alert", "drop_pending_updates",
        "allow_sending_without_reply", "disable_web_page_preview", "disable_content_type_detection",
        "has_spoiler", "show_caption_above_media", "allow_paid_broadcast",
    }
)
_JSON_FIELDS = frozenset(
    {
        "reply_markup", "reply_parameters", "allowed_updates", "commands", "scope", "entities",
        "caption_entities", "link_preview_options", "media",
    }
)
_CHAT_ACTIONS = frozenset(
    {
        "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
        "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note",
    }
)
# Methods that count against Telegram's flood limits when enforce_limits() is on.
_LIMITED_METHODS = frozenset({"sendMessage", "sendDocument", "sendPhoto"})

_API_PATH = re.compile(r"/bot([^/]+)/([A-Za-z0-9_]+)/?$")
_FILE_PATH = re.compile(r"/file/bot([^/]+)/(.+)$")
_COMMAND = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")
_BOT_COMMAND_NAME = re.compile(r"^[a-z0-9_]{1,32}$")
_ATTR = re.compile(r"""([A-Za-z_][\w-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_MDV2_RESERVED = frozenset("_*[]()~`>#+-=|{}.!")


class _ApiError(Exception):
    """An error answer of the Bot API: status code, description and optional parameters."""

    def __init__(self, status: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


def _bad(description: str) -> _ApiError:
    return _ApiError(400, f"Bad Request: {description}")


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _envelope_ok(result: Any) -> bytes:
    return json.dumps({"ok": True, "result": result}, ensure_ascii=False).encode()


def _envelope_error(status: int, description: str, parameters: dict[str, Any] | None = None) -> bytes:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return json.dumps(body, ensure_ascii=False).encode()


# --------------------------------------------------------------------------------------------------------
# Formatting: the HTML subset Telegram accepts, and a loose MarkdownV2 check


_HTML_TAGS = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline", "ins": "underline",
    "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough", "tg-spoiler": "spoiler",
    "span": "spoiler", "a": "text_link", "code": "code", "pre": "pre", "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_HTML_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


def parse_html(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Turn Telegram-HTML into (plain text, entities) or raise a 400 "can't parse entities" error."""
    if "<" not in text and "&" not in text:
        return text, []  # nothing to parse (most bot texts: everything in them is escaped or plain)
    out: list[str] = []
    pos16 = 0  # current offset in UTF-16 code units
    stack: list[tuple[str, int, dict[str, Any]]] = []
    entities: list[dict[str, Any]] = []
    i = 0
    n = len(text)

    def fail(reason: str) -> _ApiError:
        return _bad(f"can't parse entities: {reason}")

    while i < n:
        ch = text[i]
        if ch == "<":
            byte_offset = len(text[:i].encode())
            end = text.find(">", i)
            if end == -1:
                raise fail(f"Unclosed start tag at byte offset {byte_offset}")
            inner = text[i + 1 : end]
            closing = inner.startswith("/")
            body = inner[1:] if closing else inner
            m = re.match(r"[A-Za-z][A-Za-z0-9-]*", body)
            name = m.group(0).lower() if m else ""
            if closing:
                if not stack:
                    raise fail(f'Unexpected end tag at byte offset {byte_offset}')
                top_name, start16, attrs = stack[-1]
                if name != top_name:
                    raise fail(
                        f'Unmatched end tag at byte offset {byte_offset}, expected "</{top_name}>", '
                        f'found "</{name}>"'
                    )
                stack.pop()
                length = pos16 - start16
                if length > 0:
                    entity: dict[str, Any] = {"type": _HTML_TAGS[name], "offset": start16, "length": length}
                    if name == "a":
                        entity["url"] = attrs.get("href", "")
                    if name == "pre" and attrs.get("language"):
                        entity["language"] = attrs["language"]
                    if name == "blockquote" and "expandable" in attrs:
                        entity["type"] = "expandable_blockquote"
                    if name == "tg-emoji":
                        entity["custom_emoji_id"] = attrs.get("emoji-id", "")
                    if name == "code" and stack and stack[-1][0] == "pre" and attrs.get("class"):
                        # <pre><code class="language-x"> sets the language of the enclosing pre
                        stack[-1][2]["language"] = attrs["class"].removeprefix("language-")
                    else:
                        entities.append(entity)
            else:
                if name not in _HTML_TAGS:
                    raise fail(f'Unsupported start tag "{name}" at byte offset {byte_offset}')
                attrs = {
                    a.group(1).lower(): html.unescape(a.group(2) or a.group(3) or a.group(4) or "")
                    for a in _ATTR.finditer(body[len(name) :])
                }
                if re.search(r"\bexpandable\b", body):
                    attrs.setdefault("expandable", "")
                if name == "span" and attrs.get("class") != "tg-spoiler":
                    raise fail(f'Tag "span" must have class "tg-spoiler" at byte offset {byte_offset}')
                if name == "a" and "href" not in attrs:
                    attrs["href"] = ""
                stack.append((name, pos16, attrs))
            i = end + 1
            continue
        if ch == "&":
            m = re.match(r"&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z]+);", text[i:])
            if m:
                ref = m.group(1)
                decoded: str | None
                if ref.startswith("#x"):
                    decoded = chr(int(ref[2:], 16))
                elif ref.startswith("#"):
                    decoded = chr(int(ref[1:]))
                else:
                    decoded = _HTML_ENTITIES.get(ref)
                if decoded is not None:
                    out.append(decoded)
                    pos16 += _utf16_len(decoded)
                    i += len(m.group(0))
                    continue
            # Unknown entities stay literally, as Telegram does.
        out.append(ch)
        pos16 += _utf16_len(ch)
        i += 1
    if stack:
        raise fail(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def check_markdown_v2(text: str) -> str:
    """Loose MarkdownV2 check: reserved characters outside code must be escaped; returns the plain text."""
    out: list[str] = []
    in_code = False
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
            continue
        if ch == "`":
            in_code = not in_code
            i += 1
            continue
        if not in_code and ch in _MDV2_RESERVED and ch not in "_*[]()~|`":
            raise _bad(
                f"can't parse entities: Character '{ch}' is reserved and must be escaped with the "
                "preceding '\\'"
            )
        if not in_code and ch in "_*~|[]()":
            i += 1
            continue
        out.append(ch)
        i += 1
    if in_code:
        raise _bad("can't parse entities: Can't find end of Code entity")
    return "".join(out)


def _format(text: str, parse_mode: str | None) -> tuple[str, list[dict[str, Any]]]:
    """Apply ``parse_mode`` the way Telegram does, then trim surrounding whitespace."""
    mode = (parse_mode or "").lower()
    if mode == "html":
        plain, entities = parse_html(text)
    elif mode == "markdownv2":
        plain, entities = check_markdown_v2(text), []
    elif mode in ("", "markdown"):
        plain, entities = text, []
    else:
        raise _bad("unsupported parse_mode")
    stripped = plain.strip()
    if stripped != plain:
        lead = _utf16_len(plain) - _utf16_len(plain.lstrip())
        size = _utf16_len(stripped)
        trimmed = []
        for e in entities:
            start = max(e["offset"] - lead, 0)
            end = min(e["offset"] - lead + e["length"], size)
            if end > start:
                trimmed.append({**e, "offset": start, "length": end - start})
        plain, entities = stripped, trimmed
    return plain, entities


def _command_entities(text: str) -> list[dict[str, Any]]:
    """The bot_command entities Telegram attaches to a user's text."""
    entities = []
    for m in _COMMAND.finditer(text):
        entities.append(
            {"type": "bot_command", "offset": _utf16_len(text[: m.start()]), "length": _utf16_len(m.group(0))}
        )
    return entities


def _is_image(data: bytes) -> bool:
    return (
        data.startswith(b"\x89PNG\r\n\x1a\n")
        or data.startswith(b"\xff\xd8\xff")
        or data.startswith((b"GIF87a", b"GIF89a"))
        or (data.startswith(b"RIFF") and data[8:12] == b"WEBP")
        or data.startswith(b"BM")
    )


# --------------------------------------------------------------------------------------------------------
# Records


@dataclass(frozen=True)
class UploadedFile:
    """One multipart file part as it arrived: file name, content and MIME type."""

    name: str
    data: bytes
    mime_type: str | None = None


@dataclass(frozen=True)
class Call:
    """One Bot API call the fake answered (or refused)."""

    method: str
    params: dict[str, Any]
    status: int
    transport: str  # "inproc" | "http"
    description: str | None = None
    files: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the call was answered with a 2xx status."""
        return 200 <= self.status < 300


@dataclass
class SentMessage:
    """A message the bot sent, kept up to date by later edits and deletes (see ``history``)."""

    chat_id: int
    message_id: int
    method: str
    text: str | None  # text or caption as the bot sent it (markup included); current after edits
    plain: str | None  # what the user sees: text/caption with the markup parsed away
    parse_mode: str | None
    reply_markup: dict[str, Any] | None  # inline keyboard or reply keyboard as sent; current after edits
    reply_to: int | None
    date: int
    raw: dict[str, Any]  # the Message object as the Bot API returned it (current state)
    file_name: str | None = None
    file_bytes: bytes | None = None
    mime_type: str | None = None
    caption: str | None = None
    history: list[str | None] = field(default_factory=list)  # previous texts, oldest first
    deleted: bool = False

    @property
    def edited(self) -> bool:
        """True once the text, caption or keyboard was edited."""
        return "edit_date" in self.raw

    @property
    def buttons(self) -> list[list[tuple[str, str | None]]]:
        """Inline keyboard rows as (label, callback_data); empty without an inline keyboard."""
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [[(b.get("text", ""), b.get("callback_data")) for b in row] for row in rows]

    def button_data(self, label: str) -> str:
        """The callback_data of the button whose label contains ``label``; AssertionError if none."""
        for row in self.buttons:
            for text, data in row:
                if label in text and data is not None:
                    return data
        raise AssertionError(f"no button {label!r} in {self.buttons!r}")


@dataclass
class _Fault:
    status: int = 429
    kind: str = "http"  # "http" | "timeout" | "reset"
    description: str | None = None
    parameters: dict[str, Any] | None = None
    applied: bool = False


@dataclass
class _Limits:
    global_per_sec: int
    per_chat_per_sec: int
    per_group_per_min: int
    clock: Callable[[], float]
    global_times: deque[float] = field(default_factory=deque)
    chat_times: dict[int, deque[float]] = field(default_factory=dict)
    group_times: dict[int, deque[float]] = field(default_factory=dict)


@dataclass(frozen=True)
class _Outcome:
    status: int
    body: bytes
    drop: str | None = None  # "timeout" | "reset": the transport must not answer normally


def _coerce(params: dict[str, Any]) -> dict[str, Any]:
    """Decode form/JSON-encoded parameter values into the types the Bot API documents."""
    out: dict[str, Any] = {}
    for key, value in params.items():
        if isinstance(value, bytes):
            value = value.decode()
        if isinstance(value, str):
            if key in _JSON_FIELDS:
                try:
                    value = json.loads(value)
                except ValueError as exc:
                    raise _bad(f"can't parse {key} JSON object") from exc
            elif key in _INT_FIELDS and re.fullmatch(r"-?\d+", value.strip()):
                value = int(value)
            elif key in _BOOL_FIELDS:
                value = value.strip().lower() in ("true", "1")
            elif key in ("timeout",):
                value = float(value)
        out[key] = value
    return out


def _snapshot(value: Any) -> Any:
    """A deep copy of Bot API data (plain JSON values), by a JSON round trip: much cheaper than deepcopy."""
    return json.loads(json.dumps(value))


def _without_reply(message: dict[str, Any]) -> dict[str, Any]:
    """A copy of a message for nesting as reply_to_message: Telegram nests only one level."""
    nested = _snapshot(message)
    nested.pop("reply_to_message", None)
    return nested


# --------------------------------------------------------------------------------------------------------
# The state


class FakeTelegram:
    """In-memory Bot API state shared by ``FakeRequest`` and ``FakeTelegramServer``; thread safe."""

    def __init__(
        self,
        token: str = BOT_TOKEN,
        *,
        username: str = BOT_USERNAME,
        first_name: str = "Nhắc việc (test)",
        strict_chats: bool = True,
        privacy_mode: bool = True,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.username = username
        self.bot_user: dict[str, Any] = {
            "id": self.bot_id, "is_bot": True, "first_name": first_name, "username": username,
        }
        self.strict_chats = strict_chats
        self.privacy_mode = privacy_mode
        self._clock = clock

        self._lock = threading.RLock()
        self._cond = threading.Condition(self._lock)
        self._async_waiters: set[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = set()

        self.calls: list[Call] = []
        self.sent: list[SentMessage] = []
        self.unknown_methods: list[str] = []
        self.chat_actions: list[tuple[int, str]] = []
        self.callback_answers: dict[str, dict[str, Any]] = {}
        self.too_many_requests = 0  # every 429 answered, injected or enforced
        self.limit_hits = 0  # 429s from enforce_limits()
        self.limit_hits_by_chat: dict[int, int] = {}
        self.webhook: dict[str, Any] = {}
        self.active_polls = 0  # getUpdates requests waiting right now (long polls in flight)

        self._users: dict[int, dict[str, Any]] = {}
        self._chats: dict[int, dict[str, Any]] = {}
        self._blocked: set[int] = set()
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._sent_index: dict[tuple[int, int], SentMessage] = {}
        self._sent_by_chat: dict[int, list[SentMessage]] = {}
        self._next_mid: dict[int, int] = {}
        self._updates: list[dict[str, Any]] = []
        self._every_update: dict[int, dict[str, Any]] = {}  # every update ever queued, for redeliver()
        self._next_update_id = 10_000_001
        self._allowed_updates: frozenset[str] | None = None
        self._poll_generation = 0
        self._callbacks: dict[str, dict[str, Any]] = {}
        self._callback_ids = itertools.count(4_000_000_000_001)
        self._files: dict[str, dict[str, Any]] = {}  # file_id -> {file_path, data, file_unique_id, ...}
        self._files_by_path: dict[str, str] = {}
        self._file_ids = itertools.count(1)
        self._commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self._faults: dict[str, deque[_Fault]] = {}
        self._fault_rate = 0.0
        self._fault_rng = random.Random(0)
        self._fault_kinds: tuple[str, ...] = ()
        self._fault_methods: frozenset[str] | None = None
        self._limits: _Limits | None = None

        self._handlers: dict[str, Callable[[dict[str, Any], dict[str, UploadedFile]], Any]] = {
            "getMe": self._get_me,
            "logOut": lambda p, f: True,
            "close": lambda p, f: True,
            "deleteWebhook": self._delete_webhook,
            "setWebhook": self._set_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageCaption": self._edit_message_caption,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "answerCallbackQuery": self._answer_callback_query,
            "sendDocument": self._send_document,
            "sendPhoto": self._send_photo,
            "getFile": self._get_file,
            "sendChatAction": self._send_chat_action,
            "deleteMessage": self._delete_message,
            "getChat": self._get_chat,
        }
        self._method_names = {name.lower(): name for name in [*self._handlers, "getUpdates"]}

    # ---------------------------------------------------------------- waiting

    def _notify(self) -> None:
        """Wake every waiter (sync and async); call with the lock held."""
        self._cond.notify_all()
        for loop, fut in list(self._async_waiters):
            with contextlib.suppress(RuntimeError):  # the waiter's loop is closed
                loop.call_soon_threadsafe(_resolve, fut)

    async def _wait_async(self, predicate: Callable[[], T], timeout: float) -> T:  # noqa: ASYNC109
        """Wait in the running loop until ``predicate()`` is truthy; returns its last value."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            with self._lock:
                value = predicate()
                if value:
                    return value
                remaining = deadline - loop.time()
                if remaining <= 0:
                    return value
                fut: asyncio.Future[None] = loop.create_future()
                entry = (loop, fut)
                self._async_waiters.add(entry)
            try:
                await asyncio.wait({fut}, timeout=remaining)
            finally:
                with self._lock:
                    self._async_waiters.discard(entry)
                fut.cancel()

    async def wait_for(self, predicate: Callable[[], T], timeout: float = 10.0) -> T:  # noqa: ASYNC109
        """Wait until ``predicate()`` is truthy (re-checked on every call/user action); TimeoutError else."""
        value = await self._wait_async(predicate, timeout)
        if not value:
            raise TimeoutError(f"condition not met within {timeout}s; last calls: {self._tail()}")
        return value

    def wait_for_sync(self, predicate: Callable[[], T], timeout: float = 10.0) -> T:
        """Blocking ``wait_for`` for threads; never call it from the loop that runs an in-process bot."""
        with self._cond:
            value = self._cond.wait_for(predicate, timeout)
        if not value:
            raise TimeoutError(f"condition not met within {timeout}s; last calls: {self._tail()}")
        return value

    async def wait_for_message(
        self, chat_id: int, *, after: int = 0, contains: str | None = None, timeout: float = 10.0  # noqa: ASYNC109
    ) -> SentMessage:
        """Wait for a bot message to ``chat_id`` with message_id > ``after`` (and ``contains`` text)."""

        def find() -> SentMessage | None:
            for msg in self.messages_to(chat_id):
                if msg.message_id > after and (contains is None or contains in (msg.plain or "")):
                    return msg
            return None

        return await self.wait_for(find, timeout)

    def _tail(self) -> list[str]:
        with self._lock:
            return [f"{c.method}->{c.status}" for c in self.calls[-8:]]

    # ---------------------------------------------------------------- inspection

    def messages_to(self, chat_id: int, *, include_deleted: bool = False) -> list[SentMessage]:
        """The bot's messages to one chat in order (deleted ones only on request)."""
        with self._lock:
            return [m for m in self._sent_by_chat.get(chat_id, ()) if include_deleted or not m.deleted]

    def last_to(self, chat_id: int) -> SentMessage | None:
        """The bot's latest (not deleted) message to ``chat_id``, or None."""
        msgs = self.messages_to(chat_id)
        return msgs[-1] if msgs else None

    def calls_to(self, method: str) -> list[Call]:
        """Every recorded call of one method (canonical spelling, e.g. ``sendMessage``)."""
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def errors(self) -> list[Call]:
        """Every call answered with a non-2xx status."""
        with self._lock:
            return [c for c in self.calls if not c.ok]

    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by a getUpdates offset."""
        with self._lock:
            return _snapshot(self._updates)

    def last_update_id(self) -> int:
        """The id of the latest update queued."""
        with self._lock:
            return self._next_update_id - 1

    def redeliver(self, update_id: int, *, new_id: bool = False) -> int:
        """Queue an update the bot was already given once more; its update id.

        As Telegram does: with the same id when its confirmation never arrived (the bot died before its
        next getUpdates, or a webhook call got no 200); with ``new_id``, the same message, edit or button
        press under a new update id (Telegram's servers re-sending after a failover).
        """
        with self._lock:
            update = _snapshot(self._every_update[update_id])
            if new_id:
                update["update_id"] = self._next_update_id
                self._next_update_id += 1
                self._every_update[update["update_id"]] = update
            self._updates = sorted([*self._updates, update], key=lambda u: u["update_id"])
            self._notify()
            return update["update_id"]

    def message(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        """The current Message object (user's or bot's) or None when unknown/deleted."""
        with self._lock:
            msg = self._messages.get((chat_id, message_id))
            return _snapshot(msg) if msg else None

    def commands(self, *, scope: dict[str, Any] | None = None, language_code: str = "") -> list[dict[str, str]]:
        """The commands stored by setMyCommands for a scope and language."""
        with self._lock:
            return list(self._commands.get(self._commands_key(scope, language_code), []))

    def file_bytes(self, file_id: str) -> bytes:
        """The content stored for a file id (user uploads and bot sends)."""
        with self._lock:
            return self._files[file_id]["data"]

    # ---------------------------------------------------------------- faults and limits

    def fail_next(
        self,
        method: str,
        n: int = 1,
        *,
        status: int = 429,
        retry_after: int | None = None,
        description: str | None = None,
        parameters: dict[str, Any] | None = None,
        kind: str = "http",
        applied: bool = False,
    ) -> None:
        """Make the next ``n`` calls of ``method`` ("*" = any) fail.

        ``kind="http"`` answers ``status`` with a Bot API error envelope (429 carries
        ``parameters.retry_after``, default 3). ``kind="timeout"`` never answers (in process: TimedOut;
        over HTTP: the request is held until the client gives up) and ``kind="reset"`` drops the
        connection (in process: NetworkError). With ``applied=True`` a timeout/reset happens *after* the
        call took effect - the "sent but the answer was lost" case.
        """
        if kind not in ("http", "timeout", "reset"):
            raise ValueError(f"unknown fault kind {kind!r}")
        params = dict(parameters or {})
        if status == 429 and kind == "http":
            params.setdefault("retry_after", 3 if retry_after is None else retry_after)
        fault = _Fault(status=status, kind=kind, description=description, parameters=params or None,
                       applied=applied)
        key = "*" if method == "*" else self._canonical(method) or method
        with self._lock:
            self._faults.setdefault(key, deque()).extend(copy.copy(fault) for _ in range(n))

    def fail_rate(
        self,
        p: float,
        seed: int | None = 0,
        *,
        kinds: tuple[str, ...] = ("500", "502", "timeout", "reset"),
        methods: list[str] | None = None,
    ) -> None:
        """Fail a random share ``p`` of calls (deterministic for a seed) with 5xx, timeouts or resets.

        ``methods`` limits the chaos to some methods (default: all but getUpdates would be unfair to
        nobody, so all methods, getUpdates included). ``fail_rate(0)`` switches it off.
        """
        with self._lock:
            self._fault_rate = p
            self._fault_rng = random.Random(seed)
            self._fault_kinds = kinds
            self._fault_methods = (
                frozenset(self._canonical(m) or m for m in methods) if methods is not None else None
            )

    def block(self, chat_id: int) -> None:
        """The user blocks the bot (or kicks it from the group): every send to ``chat_id`` gets 403."""
        with self._lock:
            self._blocked.add(chat_id)

    def unblock(self, chat_id: int) -> None:
        """Undo ``block``."""
        with self._lock:
            self._blocked.discard(chat_id)

    def enforce_limits(
        self,
        global_per_sec: int = 30,
        per_chat_per_sec: int = 1,
        per_group_per_min: int = 20,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Answer 429 (with retry_after) to sends that break Telegram's broadcast limits.

        Sliding windows over sendMessage/sendDocument/sendPhoto: ``global_per_sec`` over all chats,
        ``per_chat_per_sec`` per chat, and ``per_group_per_min`` per group chat (negative id). Rejected
        sends don't count. ``limit_hits`` and ``limit_hits_by_chat`` count the 429s.
        """
        with self._lock:
            self._limits = _Limits(global_per_sec, per_chat_per_sec, per_group_per_min, clock)

    def disable_limits(self) -> None:
        """Switch rate-limit enforcement off."""
        with self._lock:
            self._limits = None

    def _check_limits(self, chat_id: int) -> None:
        lim = self._limits
        if lim is None:
            return
        now = lim.clock()
        windows: list[tuple[deque[float], float, int]] = [(lim.global_times, 1.0, lim.global_per_sec)]
        windows.append((lim.chat_times.setdefault(chat_id, deque()), 1.0, lim.per_chat_per_sec))
        if chat_id < 0:
            windows.append((lim.group_times.setdefault(chat_id, deque()), 60.0, lim.per_group_per_min))
        wait = 0.0
        for times, span, cap in windows:
            while times and times[0] <= now - span:
                times.popleft()
            if len(times) >= cap:
                wait = max(wait, times[len(times) - cap] + span - now)
        if wait > 0:
            self.limit_hits += 1
            self.limit_hits_by_chat[chat_id] = self.limit_hits_by_chat.get(chat_id, 0) + 1
            retry = max(1, math.ceil(wait))
            raise _ApiError(429, f"Too Many Requests: retry after {retry}", {"retry_after": retry})
        for times, _span, _cap in windows:
            times.append(now)

    def _take_fault(self, method: str) -> _Fault | None:
        for key in (method, "*"):
            queue = self._faults.get(key)
            if queue:
                return queue.popleft()
        if self._fault_rate > 0 and (self._fault_methods is None or method in self._fault_methods):
            if self._fault_rng.random() < self._fault_rate:
                kind = self._fault_rng.choice(self._fault_kinds)
                if kind in ("timeout", "reset"):
                    return _Fault(status=0, kind=kind)
                return _Fault(status=int(kind))
        return None

    # ---------------------------------------------------------------- users, chats and updates

    def add_user(
        self,
        user_id: int,
        *,
        first_name: str | None = None,
        username: str | None = None,
        last_name: str | None = None,
        language_code: str | None = "vi",
    ) -> None:
        """Register a user and their private chat without an update (as if they had /start-ed before)."""
        with self._lock:
            self._user(user_id, first_name, username, last_name, language_code)
            self._chat(user_id, user_id, "private", None)

    def add_group(self, chat_id: int, *, title: str | None = None, chat_type: str = "group") -> None:
        """Register a group/supergroup the bot is a member of, without an update."""
        with self._lock:
            self._chat(None, chat_id, chat_type, title)

    def _user(
        self,
        user_id: int,
        first_name: str | None = None,
        username: str | None = None,
        last_name: str | None = None,
        language_code: str | None = "vi",
    ) -> dict[str, Any]:
        user = self._users.get(user_id)
        if user is None:
            user = {"id": user_id, "is_bot": False, "first_name": first_name or f"User{user_id}"}
            if language_code:
                user["language_code"] = language_code
            self._users[user_id] = user
        if first_name:
            user["first_name"] = first_name
        if username:
            user["username"] = username
        if last_name:
            user["last_name"] = last_name
        return user

    def _chat(self, user_id: int | None, chat_id: int, chat_type: str, title: str | None) -> dict[str, Any]:
        if chat_type == "private":
            if user_id is None or chat_id != user_id:
                raise ValueError("a private chat's id is the user's id")
        elif chat_type in ("group", "supergroup"):
            if chat_id >= 0:
                raise ValueError("group chat ids are negative (supergroups look like -100...)")
        else:
            raise ValueError(f"unsupported chat type {chat_type!r}")
        chat = self._chats.get(chat_id)
        if chat is None:
            if chat_type == "private":
                user = self._users[chat_id]
                chat = {"id": chat_id, "type": "private", "first_name": user["first_name"]}
                for key in ("last_name", "username"):
                    if key in user:
                        chat[key] = user[key]
            else:
                chat = {"id": chat_id, "type": chat_type, "title": title or f"Nhóm {chat_id}"}
            self._chats[chat_id] = chat
        elif chat["type"] != chat_type:
            raise ValueError(f"chat {chat_id} is a {chat['type']}, not a {chat_type}")
        elif title and chat_type != "private":
            chat["title"] = title
        return chat

    def _next_message_id(self, chat_id: int) -> int:
        mid = self._next_mid.get(chat_id, 0) + 1
        self._next_mid[chat_id] = mid
        return mid

    def _push_update(self, kind: str, payload: dict[str, Any]) -> int:
        update_id = self._next_update_id
        self._next_update_id += 1
        update = {"update_id": update_id, kind: _snapshot(payload)}
        self._updates.append(update)
        self._every_update[update_id] = update
        return update_id

    def _delivered(self, msg: dict[str, Any]) -> bool:
        """Privacy mode: which group messages reach the bot."""
        if msg["chat"]["type"] == "private" or not self.privacy_mode:
            return True
        text = msg.get("text") or msg.get("caption") or ""
        m = re.match(r"/[A-Za-z0-9_]+(?:@([A-Za-z0-9_]+))?", text)
        if m and (m.group(1) is None or m.group(1).lower() == self.username.lower()):
            return True
        if f"@{self.username.lower()}" in text.lower():
            return True
        reply = msg.get("reply_to_message")
        return bool(reply and reply.get("from", {}).get("id") == self.bot_id)

    def _user_message(
        self,
        user_id: int,
        chat_id: int | None,
        chat_type: str,
        chat_title: str | None,
        reply_to: int | None,
        profile: dict[str, Any],
        content: dict[str, Any],
    ) -> dict[str, Any]:
        user = self._user(user_id, **profile)
        cid = user_id if chat_id is None else chat_id
        chat = self._chat(user_id, cid, chat_type, chat_title)
        msg: dict[str, Any] = {
            "message_id": self._next_message_id(cid),
            "from": _snapshot(user),
            "chat": _snapshot(chat),
            "date": int(self._clock()),
        }
        if reply_to is not None:
            target = self._messages.get((cid, reply_to))
            if target is None:
                raise ValueError(f"no message {reply_to} in chat {cid} to reply to")
            msg["reply_to_message"] = _without_reply(target)
        msg.update(content)
        self._messages[(cid, msg["message_id"])] = msg
        if self._delivered(msg):
            self._push_update("message", msg)
        self._notify()
        return msg

    def user_sends(
        self,
        user_id: int,
        text: str,
        *,
        chat_id: int | None = None,
        chat_type: str = "private",
        chat_title: str | None = None,
        reply_to: int | None = None,
        first_name: str | None = None,
        username: str | None = None,
        last_name: str | None = None,
        language_code: str | None = "vi",
    ) -> int:
        """A user sends ``text`` (to the bot, or to group ``chat_id``); returns the new message_id.

        Commands get bot_command entities; ``reply_to`` nests the full replied-to message, keyboard and
        bot ``from`` included. Group messages hidden by privacy mode are stored but make no update.
        """
        content: dict[str, Any] = {"text": text}
        entities = _command_entities(text)
        if entities:
            content["entities"] = entities
        profile = {"first_name": first_name, "username": username, "last_name": last_name,
                   "language_code": language_code}
        with self._lock:
            return self._user_message(user_id, chat_id, chat_type, chat_title, reply_to, profile,
                                      content)["message_id"]

    def user_edits(self, user_id: int, message_id: int, text: str, *, chat_id: int | None = None) -> int:
        """The user edits one of their text messages: an ``edited_message`` update; returns message_id."""
        cid = user_id if chat_id is None else chat_id
        with self._lock:
            msg = self._messages.get((cid, message_id))
            if msg is None or msg["from"]["id"] != user_id or "text" not in msg:
                raise ValueError(f"user {user_id} has no text message {message_id} in chat {cid}")
            msg["text"] = text
            entities = _command_entities(text)
            if entities:
                msg["entities"] = entities
            else:
                msg.pop("entities", None)
            msg["edit_date"] = int(self._clock())
            if self._delivered(msg):
                self._push_update("edited_message", msg)
            self._notify()
            return message_id

    def user_presses(self, user_id: int, message_id: int, data: str, *, chat_id: int | None = None) -> str:
        """The user presses the inline button with callback ``data`` under a bot message; returns the query id.

        Raises ValueError when no such button is on that message now, as a real user couldn't press it.
        """
        cid = user_id if chat_id is None else chat_id
        with self._lock:
            msg = self._messages.get((cid, message_id))
            if msg is None or msg["from"]["id"] != self.bot_id:
                raise ValueError(f"no bot message {message_id} in chat {cid}")
            rows = (msg.get("reply_markup") or {}).get("inline_keyboard") or []
            if not any(b.get("callback_data") == data for row in rows for b in row):
                raise ValueError(f"message {message_id} has no button with callback_data {data!r}")
            query_id = str(next(self._callback_ids))
            query = {
                "id": query_id,
                "from": _snapshot(self._user(user_id)),
                "message": _snapshot(msg),
                "chat_instance": str(abs(hash((cid, self.bot_id))) % 10**18),
                "data": data,
            }
            self._callbacks[query_id] = {"answered": False, "user_id": user_id, "chat_id": cid,
                                         "message_id": message_id, "data": data}
            self._push_update("callback_query", query)
            self._notify()
            return query_id

    def _store_file(self, data: bytes, folder: str, name: str | None, mime_type: str | None) -> dict[str, Any]:
        n = next(self._file_ids)
        ext = ""
        if name and "." in name:
            ext = "." + name.rsplit(".", 1)[1]
        elif folder == "photos":
            ext = ".jpg"
        file_id = f"FAKE{folder[:3].upper()}{n:08d}"
        record = {
            "file_id": file_id,
            "file_unique_id": f"U{n:08d}",
            "file_size": len(data),
            "file_path": f"{folder}/file_{n}{ext}",
            "data": bytes(data),
            "file_name": name,
            "mime_type": mime_type,
        }
        self._files[file_id] = record
        self._files_by_path[record["file_path"]] = file_id
        return record

    def _document_json(self, rec: dict[str, Any]) -> dict[str, Any]:
        doc = {"file_id": rec["file_id"], "file_unique_id": rec["file_unique_id"], "file_size": rec["file_size"]}
        if rec["file_name"]:
            doc["file_name"] = rec["file_name"]
        if rec["mime_type"]:
            doc["mime_type"] = rec["mime_type"]
        return doc

    def _photo_json(self, rec: dict[str, Any], width: int, height: int) -> list[dict[str, Any]]:
        # Telegram sends several sizes; both here point at the same bytes.
        thumb_w = min(width, 90)
        thumb = {"file_id": rec["file_id"] + "s", "file_unique_id": rec["file_unique_id"] + "s",
                 "file_size": rec["file_size"], "width": thumb_w, "height": max(1, height * thumb_w // width)}
        self._files[thumb["file_id"]] = {**rec, "file_id": thumb["file_id"]}
        full = {"file_id": rec["file_id"], "file_unique_id": rec["file_unique_id"],
                "file_size": rec["file_size"], "width": width, "height": height}
        return [thumb, full]

    def user_sends_document(
        self,
        user_id: int,
        name: str,
        data: bytes,
        *,
        caption: str | None = None,
        reply_to: int | None = None,
        mime_type: str | None = "application/octet-stream",
        chat_id: int | None = None,
        chat_type: str = "private",
        chat_title: str | None = None,
        first_name: str | None = None,
        username: str | None = None,
    ) -> int:
        """A user sends a file; getFile and the file URL then serve ``data``. Returns the message_id."""
        with self._lock:
            rec = self._store_file(data, "documents", name, mime_type)
            content: dict[str, Any] = {"document": self._document_json(rec)}
            if caption is not None:
                content["caption"] = caption
            profile = {"first_name": first_name, "username": username}
            return self._user_message(user_id, chat_id, chat_type, chat_title, reply_to, profile,
                                      content)["message_id"]

    def user_sends_photo(
        self,
        user_id: int,
        data: bytes,
        *,
        caption: str | None = None,
        reply_to: int | None = None,
        width: int = 1280,
        height: int = 960,
        chat_id: int | None = None,
        chat_type: str = "private",
        chat_title: str | None = None,
        first_name: str | None = None,
        username: str | None = None,
    ) -> int:
        """A user sends a photo (two PhotoSizes, largest last); returns the message_id."""
        with self._lock:
            rec = self._store_file(data, "photos", None, "image/jpeg")
            content: dict[str, Any] = {"photo": self._photo_json(rec, width, height)}
            if caption is not None:
                content["caption"] = caption
            profile = {"first_name": first_name, "username": username}
            return self._user_message(user_id, chat_id, chat_type, chat_title, reply_to, profile,
                                      content)["message_id"]

    # ---------------------------------------------------------------- transport entry points

    def _canonical(self, method: str) -> str | None:
        return self._method_names.get(method.lower())

    def _record(self, method: str, params: dict[str, Any], status: int, transport: str,
                description: str | None, files: dict[str, UploadedFile]) -> None:
        self.calls.append(Call(method, params, status, transport, description, tuple(files)))
        if status == 429:
            self.too_many_requests += 1
        self._notify()

    async def handle(
        self,
        token: str,
        method: str,
        params: dict[str, Any],
        files: dict[str, UploadedFile],
        transport: str = "inproc",
    ) -> _Outcome:
        """Answer one Bot API call; transports turn the outcome into an HTTP answer or an exception."""
        with self._lock:
            if token != self.token:
                self._record(method, params, 401, transport, "Unauthorized", files)
                return _Outcome(401, _envelope_error(401, "Unauthorized"))
            canonical = self._canonical(method)
            if canonical is None:
                self.unknown_methods.append(method)
                self._record(method, params, 404, transport, "Not Found", files)
                return _Outcome(404, _envelope_error(404, "Not Found"))
            try:
                params = _coerce(params)
            except _ApiError as exc:
                self._record(canonical, params, exc.status, transport, exc.description, files)
                return _Outcome(exc.status, _envelope_error(exc.status, exc.description))
            fault = self._take_fault(canonical)
            if fault is not None and fault.kind == "http":
                description = fault.description or (
                    f"Too Many Requests: retry after {fault.parameters['retry_after']}"
                    if fault.status == 429 and fault.parameters and "retry_after" in fault.parameters
                    else _DEFAULT_DESCRIPTIONS.get(fault.status, HTTPStatus(fault.status).phrase)
                )
                self._record(canonical, params, fault.status, transport, description, files)
                return _Outcome(fault.status, _envelope_error(fault.status, description, fault.parameters))
        if fault is not None and not fault.applied:
            with self._lock:
                self._record(canonical, params, 0, transport, f"dropped ({fault.kind})", files)
            return _Outcome(0, b"", drop=fault.kind)
        try:
            if canonical == "getUpdates":
                result = await self._get_updates(params)
            else:
                with self._lock:
                    result = self._handlers[canonical](params, files)
        except _ApiError as exc:
            with self._lock:
                self._record(canonical, params, exc.status, transport, exc.description, files)
            return _Outcome(exc.status, _envelope_error(exc.status, exc.description, exc.parameters))
        with self._lock:
            if fault is not None:  # applied, but the answer is lost
                self._record(canonical, params, 0, transport, f"applied, then dropped ({fault.kind})", files)
                return _Outcome(0, b"", drop=fault.kind)
            self._record(canonical, params, 200, transport, None, files)
        return _Outcome(200, _envelope_ok(result))

    def download(self, token: str, path: str) -> _Outcome:
        """Serve ``/file/bot<token>/<path>``."""
        with self._lock:
            if token != self.token:
                return _Outcome(401, _envelope_error(401, "Unauthorized"))
            file_id = self._files_by_path.get(path)
            if file_id is None:
                return _Outcome(404, _envelope_error(404, "Not Found"))
            return _Outcome(200, self._files[file_id]["data"])

    # ---------------------------------------------------------------- methods

    def _get_me(self, p: dict[str, Any], f: dict[str, UploadedFile]) -> dict[str, Any]:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": not self.privacy_mode,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _get_updates(self, p: dict[str, Any]) -> list[dict[str, Any]]:
        with self._lock:
            if self.webhook.get("url"):
                raise _ApiError(
                    409,
                    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to "
                    "delete the webhook first",
                )
            offset = int(p.get("offset") or 0)
            limit = max(1, min(int(p.get("limit") or 100), 100))
            timeout = float(p.get("timeout") or 0)
            if "allowed_updates" in p and p["allowed_updates"] is not None:
                allowed = p["allowed_updates"]
                self._allowed_updates = frozenset(allowed) if allowed else None
            self._confirm(offset)
            self._poll_generation += 1
            generation = self._poll_generation
            self._notify()  # an older long poll still waiting must end with 409

        def ready() -> bool:
            return self._poll_generation != generation or bool(self._select(offset, limit))

        if timeout > 0:
            with self._lock:
                self.active_polls += 1
                self._notify()
            try:
                await self._wait_async(ready, timeout)
            finally:
                with self._lock:
                    self.active_polls -= 1
        with self._lock:
            if self._poll_generation != generation:
                raise _ApiError(409, _DEFAULT_DESCRIPTIONS[409])
            return list(self._select(offset, limit))  # queued updates are snapshots, never changed

    def _confirm(self, offset: int) -> None:
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]

    def _select(self, offset: int, limit: int) -> list[dict[str, Any]]:
        allowed = self._allowed_updates
        keep = []
        for u in self._updates:
            kind = next(k for k in u if k != "update_id")
            if (kind in allowed) if allowed is not None else (kind not in _OPT_IN_UPDATES):
                keep.append(u)
        self._updates = keep  # Telegram never keeps updates the bot didn't ask for
        return self._updates[:limit]

    def _delete_webhook(self, p: dict[str, Any], f: dict[str, UploadedFile]) -> bool:
        self.webhook = {}
        if p.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _set_webhook(self, p: dict[str, Any], f: dict[str, UploadedFile]) -> bool:
        url = str(p.get("url") or "")
        if not url:
            return self._delete_webhook(p, f)
        if not url.startswith("https://"):
            raise _bad("bad webhook: An HTTPS URL must be provided for webhook")
        self.webhook = {k: v for k, v in p.items() if k != "certificate"}
        if p.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _get_webhook_info(self, p: dict[str, Any], f: dict[str, UploadedFile]) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": self.webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self.webhook.get("allowed_updates"):
            info["allowed_updates"] = self.webhook["allowed_updates"]
        return info

    @staticmethod
    def _commands_key(scope: dict[str, Any] | None, language_code: str | None) -> tuple[str, str]:
        scope = scope or {"type": "default"}
        return json.dumps(scope, sort_keys=True), language_code or ""

    def _set_my_commands(self, p: dict[str, Any], f: dict[str, UploadedFile]) -> bool:
        commands = p.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise _bad("commands must be a list of at most 100 BotCommand")
        for c in commands:
            if not _BOT_COMMAND_NAME.match(str(c.get("command", ""))):
                raise _bad("BOT_COMMAND_INVALID")
            if not 1 <= len(str(c.get("description", "")).strip()) <= 256:
                raise _bad("command description is empty")
        self._commands[self._commands_key(p.get("scope"), p.get("language_code"))] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    def _get_my_commands(self, p: dict[str, Any], f: dict[str, UploadedFile]) -> list[dict[str, str]]:
        return list(self._commands.get(self._commands_key(p.get("scope"), p.get("language_code")), []))

    def _delete_my_commands(self, p: dict[str, Any], f: dict[str, UploadedFile]) -> bool:
        self._commands.pop(self._commands_key(p.get("scope"), p.get("language_code")), None)
        return True

    def _target_chat(self, p: dict[str, Any]) -> dict[str, Any]:
        """Resolve ``chat_id``: 400 when unknown (strict), 403 when the bot is blocked/kicked."""
        raw = p.get("chat_id")
        if raw is None or raw == "":
            raise _bad("chat_id is empty")
        chat: dict[str, Any] | None
        if isinstance(raw, int):
            chat = self._chats.get(raw)
            if chat is None and not self.strict_chats:
                chat = {"id": raw, "type": "private" if raw > 0 else "group"}
                if raw > 0:
                    chat["first_name"] = self._user(raw)["first_name"]
                else:
                    chat["title"] = f"Nhóm {raw}"
                self._chats[raw] = chat
        else:
            name = str(raw).lstrip("@").lower()
            chat = next((c for c in self._chats.values() if str(c.get("username", "")).lower() == name), None)
        if chat is None:
            raise _bad("chat not found")
        if chat["id"] in self._blocked:
            raise _ApiError(403, BLOCKED if chat["type"] == "private" else KICKED)
        return chat

    def _reply_target(self, chat: dict[str, Any], p: dict[str, Any]) -> dict[str, Any] | None:
        params = p.get("reply_parameters")
        if params is None and p.get("reply_to_message_id") is not None:
            params = {"message_id": p["reply_to_message_id"],
                      "allow_sending_without_reply": p.get("allow_sending_without_reply", False)}
        if not params:
            return None
        cid = params.get("chat_id", chat["id"])
        target = self._messages.get((int(cid), int(params["message_id"])))
        if target is None:
            if params.get("allow_sending_without_reply"):
                return None
            raise _bad("message to be replied not found")
        return target

    @staticmethod
    def _check_markup(markup: Any) -> dict[str, Any] | None:
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise _bad("can't parse reply keyboard markup JSON object")
        rows = markup.get("inline_keyboard")
        if rows is None:
            return markup  # reply keyboard / remove / force_reply: accepted, not echoed in the message
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise _bad("field \"inline_keyboard\" of the InlineKeyboardMarkup must be an Array of Arrays")
        if sum(len(r) for r in rows) > 100:
            raise _bad("reply markup is too long")
        actions = ("callback_data", "url", "switch_inline_query", "switch_inline_query_current_chat",
                   "switch_inline_query_chosen_chat", "login_url", "web_app", "pay", "callback_game",
                   "copy_text")
        for row in rows:
            for button in row:
                if not str(button.get("text", "")).strip():
                    raise _bad("BUTTON_TEXT_INVALID")
                if not any(k in button for k in actions):
                    raise _bad("can't parse inline keyboard button: Text buttons are unallowed in the "
                               "inline keyboard")
                data = button.get("callback_data")
                if data is not None and not 1 <= len(str(data).encode()) <= 64:
                    raise _bad("BUTTON_DATA_INVALID")
                url = button.get("url")
                if url is not None and not re.match(r"^(https?|tg)://", str(url)):
                    raise _bad("BUTTON_URL_INVALID")
        return markup

    def _new_bot_message(
        self,
        chat: dict[str, Any],
        method: str,
        p: dict[str, Any],
        content: dict[str, Any],
        markup: dict[str, Any] | None,
        reply: dict[str, Any] | None,
        *,
        text: str | None,
        plain: str | None,
        file: tuple[str | None, bytes, str | None] | None = None,
    ) -> dict[str, Any]:
        cid = chat["id"]
        msg: dict[str, Any] = {
            "message_id": self._next_message_id(cid),
            "from": dict(self.bot_user),
            "chat": _snapshot(chat),
            "date": int(self._clock()),
        }
        if reply is not None:
            msg["reply_to_message"] = _without_reply(reply)
        msg.update(content)
        if markup is not None and "inline_keyboard" in markup:
            msg["reply_markup"] = _snapshot(markup)
        self._messages[(cid, msg["message_id"])] = msg
        record = SentMessage(
            chat_id=cid,
            message_id=msg["message_id"],
            method=method,
            text=text,
            plain=plain,
            parse_mode=p.get("parse_mode"),
            reply_markup=_snapshot(markup),
            reply_to=reply["message_id"] if reply is not None else None,
            date=msg["date"],
            raw=msg,
            caption=p.get("caption") if file is not None else None,
        )
        if file is not None:
            record.file_name, record.file_bytes, record.mime_type = file
        self.sent.append(record)
        self._sent_by_chat.setdefault(cid, []).append(record)
        self._sent_index[(cid, msg["message_id"])] = record
        return _snapshot(msg)

    def _send_message(self, p: dict[str, Any], f: dict[str, UploadedFile]) -> dict[str, Any]:
        chat = self._target_chat(p)
        text = p.get("text")
        if text is None or str(text) == "":
            raise _bad("message text is empty")
        text = str(text)
        plain, entities = _format(text, p.get("parse_mode"))
        if not plain:
            raise _bad("message text is empty")
        if _utf16_len(plain) > MAX_TEXT:
            raise _bad("message is too long")
        markup = self._check_markup(p.get("reply_markup"))
        reply = self._reply_target(chat, p)
        self._check_limits(chat["id"])
        content: dict[str, Any] = {"text": plain}
        if entities:
            content["entities"] = entities
        return self._new_bot_message(chat, "sendMessage", p, content, markup, reply, text=text, plain=plain)

    def _caption(self, p: dict[str, Any]) -> dict[str, Any]:
        caption = p.get("caption")
        if caption is None or caption == "":
            return {}
        plain, entities = _format(str(caption), p.get("parse_mode"))
        if _utf16_len(plain) > MAX_CAPTION:
            raise _bad("message caption is too long")
        content: dict[str, Any] = {"caption": plain}
        if entities:
            content["caption_entities"] = entities
        return content

    def _input_file(self, p: dict[str, Any], f: dict[str, UploadedFile], key: str) -> dict[str, Any]:
        """The file given as multipart part, attach:// reference or known file_id; stored and returned."""
        value = p.get(key)
        upload = f.get(key)
        if upload is None and isinstance(value, str) and value.startswith("attach://"):
            upload = f.get(value.removeprefix("attach://"))
        if upload is not None:
            if not upload.data:
                raise _bad("file must be non-empty")
            limit = MAX_UPLOAD_PHOTO if key == "photo" else MAX_UPLOAD_DOCUMENT
            if len(upload.data) > limit:
                raise _ApiError(413, "Request Entity Too Large")
            folder = "photos" if key == "photo" else "documents"
            return self._store_file(upload.data, folder, upload.name, upload.mime_type)
        if isinstance(value, str) and value in self._files:
            return self._files[value]
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            raise _bad("failed to get HTTP URL content")
        if value:
            raise _bad("wrong file identifier/HTTP URL specified")
        raise _bad(f"there is no {key} in the request")

    def _send_document(self, p: dict[str, Any], f: dict[str, UploadedFile]) -> dict[str, Any]:
        chat = self._target_chat(p)
        content = self._caption(p)
        markup = self._check_markup(p.get("reply_markup"))
        reply = self._reply_target(chat, p)
        self._check_limits(chat["id"])
        rec = self._input_file(p, f, "document")
        content["document"] = self._document_json(rec)
        return self._new_bot_message(
            chat, "sendDocument", p, content, markup, reply, text=p.get("caption"),
            plain=content.get("caption"), file=(rec["file_name"], rec["data"], rec["mime_type"]),
        )

    def _send_photo(self, p: dict[str, Any], f: dict[str, UploadedFile]) -> dict[str, Any]:
        chat = self._target_chat(p)
        content = self._caption(p)
        markup = self._check_markup(p.get("reply_markup"))
        reply = self._reply_target(chat, p)
        self._check_limits(chat["id"])
        rec = self._input_file(p, f, "photo")
        if not _is_image(rec["data"]):
            raise _bad("IMAGE_PROCESS_FAILED")
        content["photo"] = self._photo_json(rec, 800, 600)
        return self._new_bot_message(
            chat, "sendPhoto", p, content, markup, reply, text=p.get("caption"),
            plain=content.get("caption"), file=(rec["file_name"], rec["data"], rec["mime_type"]),
        )

    def _editable(self, p: dict[str, Any], action: str = "edit") -> tuple[dict[str, Any], SentMessage]:
        if p.get("inline_message_id"):
            raise _bad("MESSAGE_ID_INVALID")
        chat = self._target_chat(p)
        if p.get("message_id") is None:
            raise _bad("message identifier is not specified")
        key = (chat["id"], int(p["message_id"]))
        msg = self._messages.get(key)
        if msg is None:
            raise _bad(f"message to {action} not found")
        record = self._sent_index.get(key)
        if record is None:
            raise _bad("message can't be edited")
        return msg, record

    def _apply_edit(self, msg: dict[str, Any], record: SentMessage, markup: dict[str, Any] | None) -> None:
        inline = markup if markup is not None and "inline_keyboard" in markup else None
        if inline is not None:
            msg["reply_markup"] = _snapshot(inline)
        else:
            msg.pop("reply_markup", None)
        record.reply_markup = _snapshot(inline)
        msg["edit_date"] = int(self._clock())

    def _edit_message_text(self, p: dict[str, Any], f: dict[str, UploadedFile]) -> dict[str, Any]:
        msg, record = self._editable(p)
        if "text" not in msg:
            raise _bad("there is no text in the message to edit")
        text = str(p.get("text") or "")
        if not text:
            raise _bad("message text is empty")
        plain, entities = _format(text, p.get("parse_mode"))
        if not plain:
            raise _bad("message text is empty")
        if _utf16_len(plain) > MAX_TEXT:
            raise _bad("message is too long")
        markup = self._check_markup(p.get("reply_markup"))
        new_inline = markup if markup is not None and "inline_keyboard" in markup else None
        if (plain, entities, new_inline) == (msg["text"], msg.get("entities", []), msg.get("reply_markup")):
            raise _bad(NOT_MODIFIED.removeprefix("Bad Request: "))
        msg["text"] = plain
        if entities:
            msg["entities"] = entities
        else:
            msg.pop("entities", None)
        self._apply_edit(msg, record, markup)
        record.history.append(record.text)
        record.text, record.plain, record.parse_mode = text, plain, p.get("parse_mode")
        return _snapshot(msg)

    def _edit_message_caption(self, p: dict[str, Any], f: dict[str, UploadedFile]) -> dict[str, Any]:
        msg, record = self._editable(p)
        if "text" in msg:
            raise _bad("there is no caption in the message to edit")
        content = self._caption(p)
        markup = self._check_markup(p.get("reply_markup"))
        new_inline = markup if markup is not None and "inline_keyboard" in markup else None
        old = (msg.get("caption"), msg.get("caption_entities"), msg.get("reply_markup"))
        if (content.get("caption"), content.get("caption_entities"), new_inline) == old:
            raise _bad(NOT_MODIFIED.removeprefix("Bad Request: "))
        msg.pop("caption", None)
        msg.pop("caption_entities", None)
        msg.update(content)
        self._apply_edit(msg, record, markup)
        record.history.append(record.text)
        record.text, record.plain, record.caption = p.get("caption"), content.get("caption"), p.get("caption")
        return _snapshot(msg)

    def _edit_message_reply_markup(self, p: dict[str, Any], f: dict[str, UploadedFile]) -> dict[str, Any]:
        msg, record = self._editable(p)
        markup = self._check_markup(p.get("reply_markup"))
        new_inline = markup if markup is not None and "inline_keyboard" in markup else None
        if new_inline == msg.get("reply_markup"):
            raise _bad(NOT_MODIFIED.removeprefix("Bad Request: "))
        self._apply_edit(msg, record, markup)
        return _snapshot(msg)

    def _answer_callback_query(self, p: dict[str, Any], f: dict[str, UploadedFile]) -> bool:
        query_id = str(p.get("callback_query_id", ""))
        query = self._callbacks.get(query_id)
        if query is None or query["answered"]:
            raise _bad(QUERY_TOO_OLD.removeprefix("Bad Request: "))
        if len(str(p.get("text") or "")) > 200:
            raise _bad("MESSAGE_TOO_LONG")
        query["answered"] = True
        self.callback_answers[query_id] = {
            k: p[k] for k in ("text", "show_alert", "url", "cache_time") if k in p
        }
        return True

    def _get_file(self, p: dict[str, Any], f: dict[str, UploadedFile]) -> dict[str, Any]:
        rec = self._files.get(str(p.get("file_id", "")))
        if rec is None:
            raise _bad("invalid file_id")
        if rec["file_size"] > MAX_DOWNLOAD:
            raise _bad("file is too big")
        if rec["file_path"] not in self._files_by_path:
            self._files_by_path[rec["file_path"]] = rec["file_id"]
        return {k: rec[k] for k in ("file_id", "file_unique_id", "file_size", "file_path")}

    def _send_chat_action(self, p: dict[str, Any], f: dict[str, UploadedFile]) -> bool:
        chat = self._target_chat(p)
        action = str(p.get("action", ""))
        if action not in _CHAT_ACTIONS:
            raise _bad("wrong parameter action in request")
        self.chat_actions.append((chat["id"], action))
        return True

    def _delete_message(self, p: dict[str, Any], f: dict[str, UploadedFile]) -> bool:
        chat = self._target_chat(p)
        key = (chat["id"], int(p.get("message_id") or 0))
        msg = self._messages.get(key)
        if msg is None:
            raise _bad("message to delete not found")
        if chat["type"] != "private" and msg["from"]["id"] != self.bot_id:
            raise _bad("message can't be deleted")
        del self._messages[key]
        record = self._sent_index.get(key)
        if record is not None:
            record.deleted = True
        return True

    def _get_chat(self, p: dict[str, Any], f: dict[str, UploadedFile]) -> dict[str, Any]:
        chat = self._target_chat(p)
        return {
            **chat,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False, "limited_gifts": False, "unique_gifts": False,
                "premium_subscription": False, "gifts_from_channels": False,
            },
        }

    # ---------------------------------------------------------------- HTTP

    def serve_http(self, *, host: str = "127.0.0.1", port: int = 0, hold_seconds: float = 60.0
                   ) -> FakeTelegramServer:
        """Start a ``FakeTelegramServer`` on this state; use it as a context manager to stop it."""
        return FakeTelegramServer(self, host=host, port=port, hold_seconds=hold_seconds).start()


def _resolve(fut: asyncio.Future[None]) -> None:
    if not fut.done():
        fut.set_result(None)


# --------------------------------------------------------------------------------------------------------
# In-process transport


class FakeRequest(BaseRequest):
    """A python-telegram-bot request that answers from a ``FakeTelegram`` without any socket."""

    def __init__(self, fake: FakeTelegram, *, read_timeout: float | None = 5.0) -> None:
        self.fake = fake
        self._read_timeout = read_timeout

    @property
    def read_timeout(self) -> float | None:
        """The default read timeout (only reported to PTB; nothing here waits on it)."""
        return self._read_timeout

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        """Route ``url`` to the fake: API methods and file downloads."""
        parts = urlsplit(url)
        file_match = _FILE_PATH.search(parts.path)
        if file_match:
            outcome = self.fake.download(unquote(file_match.group(1)), unquote(file_match.group(2)))
            return outcome.status, outcome.body
        api_match = _API_PATH.search(parts.path)
        if api_match is None:
            return 404, _envelope_error(404, "Not Found")
        params: dict[str, Any] = dict(parse_qsl(parts.query))
        files: dict[str, UploadedFile] = {}
        if request_data is not None:
            params.update(request_data.json_parameters)
            if request_data.contains_files:
                for name, (file_name, content, mime) in request_data.multipart_data.items():
                    data = content.read() if hasattr(content, "read") else content
                    files[name] = UploadedFile(file_name, bytes(data), mime)
        outcome = await self.fake.handle(unquote(api_match.group(1)), api_match.group(2), params, files, "inproc")
        if outcome.drop == "timeout":
            raise TimedOut("fake Telegram: the request timed out")
        if outcome.drop == "reset":
            raise NetworkError("fake Telegram: connection reset by peer")
        return outcome.status, outcome.body


# --------------------------------------------------------------------------------------------------------
# HTTP transport (tornado in a daemon thread)


class FakeTelegramServer(ThreadedServer):
    """Serves a ``FakeTelegram`` over HTTP on 127.0.0.1 from a daemon thread.

    ``with FakeTelegramServer(fake) as server:`` (or ``fake.serve_http()``), then
    ``telegram.Bot(token, base_url=server.base_url, base_file_url=server.base_file_url)`` or
    ``TELEGRAM_BASE_URL=server.base_url`` for a subprocess.
    """

    name = "fakegram-http"
    max_body_size = MAX_UPLOAD_DOCUMENT + 1024 * 1024

    def __init__(self, fake: FakeTelegram, *, host: str = "127.0.0.1", port: int = 0,
                 hold_seconds: float = 60.0) -> None:
        super().__init__(host=host, port=port)
        self.fake = fake
        self.hold_seconds = hold_seconds

    @property
    def base_url(self) -> str:
        """What PTB calls base_url: ``http://127.0.0.1:PORT/bot``."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        """What PTB calls base_file_url: ``http://127.0.0.1:PORT/file/bot``."""
        return f"{self.url}/file/bot"

    def app(self) -> Any:
        import tornado.web

        return tornado.web.Application(
            [
                (r"/file/bot([^/]+)/(.+)", _FileHandler, {"server": self}),
                (r"/bot([^/]+)/([A-Za-z0-9_]+)/?", _ApiHandler, {"server": self}),
            ],
            default_handler_class=_NotFoundHandler,
        )


def _tornado_handlers() -> tuple[type, type, type]:
    import tornado.web

    class ApiHandler(tornado.web.RequestHandler):
        """``/bot<token>/<method>``: GET query, form, multipart or JSON body."""

        def initialize(self, server: FakeTelegramServer) -> None:
            self.server = server
            self.closed = asyncio.Event()

        def on_connection_close(self) -> None:
            self.closed.set()

        def check_xsrf_cookie(self) -> None:
            return None

        async def get(self, token: str, method: str) -> None:
            await self._serve(token, method)

        async def post(self, token: str, method: str) -> None:
            await self._serve(token, method)

        def _params(self) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
            params: dict[str, Any] = {k: v[-1].decode() for k, v in self.request.query_arguments.items()}
            ctype = self.request.headers.get("Content-Type", "")
            if ctype.startswith("application/json") and self.request.body:
                body = json.loads(self.request.body)
                if isinstance(body, dict):
                    params.update(body)
            else:
                params.update({k: v[-1].decode() for k, v in self.request.body_arguments.items()})
            files = {
                name: UploadedFile(parts[-1].filename, parts[-1].body, parts[-1].content_type or None)
                for name, parts in self.request.files.items()
            }
            return params, files

        async def _serve(self, token: str, method: str) -> None:
            try:
                params, files = self._params()
            except ValueError:
                self._answer(400, _envelope_error(400, "Bad Request: can't parse JSON object"))
                return
            outcome = await self.server.fake.handle(token, method, params, files, "http")
            if outcome.drop == "timeout":
                # Hold the request past the client's read timeout, then hang up without an answer.
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.closed.wait(), self.server.hold_seconds)
                self._reset()
            elif outcome.drop == "reset":
                self._reset()
            else:
                self._answer(outcome.status, outcome.body)

        def _answer(self, status: int, body: bytes) -> None:
            self.set_status(status)
            self.set_header("Content-Type", "application/json")
            self.finish(body)

        def _reset(self) -> None:
            stream = self.detach()
            sock = stream.socket
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            stream.close()

    class FileHandler(tornado.web.RequestHandler):
        """``/file/bot<token>/<path>``: the bytes of a stored file."""

        def initialize(self, server: FakeTelegramServer) -> None:
            self.server = server

        def get(self, token: str, path: str) -> None:
            outcome = self.server.fake.download(token, path)
            self.set_status(outcome.status)
            self.set_header(
                "Content-Type", "application/octet-stream" if outcome.status == 200 else "application/json"
            )
            self.finish(outcome.body)

    class NotFoundHandler(tornado.web.RequestHandler):
        """Any other path: Telegram's JSON 404."""

        def prepare(self) -> None:
            self.set_status(404)
            self.set_header("Content-Type", "application/json")
            self.finish(_envelope_error(404, "Not Found"))

    return ApiHandler, FileHandler, NotFoundHandler


_ApiHandler, _FileHandler, _NotFoundHandler = _tornado_handlers()


def iter_updates_kinds(updates: list[dict[str, Any]]) -> Iterator[str]:
    """The kind of each raw update ("message", "callback_query", ...): handy in assertions."""
    for update in updates:
        yield next(k for k in update if k != "update_id")
