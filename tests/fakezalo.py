"""A fake Zalo Bot API for tests, served over HTTP on 127.0.0.1 from a daemon thread (tornado).

``with FakeZalo().serve() as server:`` then ``ZALO_BASE_URL=server.base_url``: the bot calls
``{base_url}/bot<TOKEN>/<method>`` and gets the platform's JSON envelope
``{"ok", "result"}`` / ``{"ok": false, "error_code", "description"}`` back.

What it imitates (from the Zalo Bot API documentation, issue 7):

* getMe, getUpdates, setWebhook, deleteWebhook, getWebhookInfo, sendMessage, sendPhoto, sendSticker,
  sendChatAction. Ids are strings; dates are milliseconds.
* getUpdates is a long poll that answers ONE update (no offset: an answered update is gone) or, when
  nothing arrives within its ``timeout``, HTTP 408. It refuses while a webhook is set.
* sendMessage takes 1–2,000 characters of text, sendPhoto a photo URL and a caption. No buttons, no
  edits, no documents, no reply-to exist, so the fake has none.
* setWebhook needs an https-or-http url and a ``secret_token`` of 8–256 characters; ``push_webhook``
  POSTs an update to that url with the ``X-Bot-Api-Secret-Token`` header (the right secret, a wrong one,
  or none).
* ``fail_next(method, status=429 | 5xx | 401)`` injects errors; a wrong token always gets 401.
* A photo a person sends reaches bots as a ``photo_url`` in the ``message.image.received`` update, which the bot
  downloads with a plain GET (no token). ``user_sends_image(user, photo=b"…")`` serves the bytes at such a URL
  from the same server (``/photos/<name>.jpg``, as image/jpeg); ``photo_status=404`` (a link that no longer
  answers) or 5xx serves that error instead. ``photo_fetches`` lists the URLs fetched.

Waiting is event driven: every call and every simulated user action wakes the waiters (``wait_for``,
``wait_for_message`` and the server's own getUpdates long polls); nothing sleeps in a loop. The server's
access log is off, because its request lines carry the token.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
import json
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, TypeVar

from tests.httpfake import ThreadedServer

__all__ = ["MAX_TEXT", "SECRET_HEADER", "ZALO_TOKEN", "FakeZalo", "FakeZaloServer", "ZaloCall", "ZaloSent"]

ZALO_TOKEN = "2718281828459045235:FakeZaloTokenForNhacviecTestsOnly_q7Wm"
MAX_TEXT = 2000
SECRET_HEADER = "X-Bot-Api-Secret-Token"
EVENTS = {
    "text": "message.text.received",
    "image": "message.image.received",
    "sticker": "message.sticker.received",
    "unsupported": "message.unsupported.received",
}
_CHAT_ACTIONS = frozenset({"typing", "upload_photo"})
_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden: the user has blocked the bot",
    404: "Not Found",
    408: "Request Timeout",
    429: "Too Many Requests: quota exceeded",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}
_DEFAULT = object()

T = TypeVar("T")


class _ApiError(Exception):
    def __init__(self, status: int, description: str | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description or _DESCRIPTIONS.get(status, "Error")


@dataclass(frozen=True)
class ZaloCall:
    """One API call the fake answered (or refused)."""

    method: str
    params: dict[str, Any]
    status: int
    description: str | None = None

    @property
    def ok(self) -> bool:
        """True when answered with HTTP 200."""
        return self.status == 200


@dataclass(frozen=True)
class ZaloSent:
    """A message the bot sent: text, or a photo URL with a caption."""

    chat_id: str
    message_id: str
    method: str  # sendMessage | sendPhoto | sendSticker
    text: str | None
    date: int  # milliseconds
    photo: str | None = None
    caption: str | None = None
    sticker: str | None = None

    @property
    def plain(self) -> str:
        """What the person reads: the text, else the caption."""
        return self.text or self.caption or ""


@dataclass
class _Chat:
    chat_id: str
    chat_type: str  # PRIVATE | GROUP


def _envelope_ok(result: Any) -> bytes:
    return json.dumps({"ok": True, "result": result}, ensure_ascii=False).encode()


def _envelope_error(status: int, description: str) -> bytes:
    return json.dumps({"ok": False, "error_code": status, "description": description}, ensure_ascii=False).encode()


class FakeZalo:
    """In-memory Zalo Bot API state; thread safe (the server runs in its own thread and loop)."""

    def __init__(
        self,
        token: str = ZALO_TOKEN,
        *,
        bot_id: str = "7301000000000000001",
        bot_name: str = "Bot Nhắc việc CCHC",
        strict_chats: bool = True,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.token = token
        self.bot = {"id": bot_id, "account_name": "bot.nhacviec", "account_type": "BASIC", "display_name": bot_name}
        self.strict_chats = strict_chats
        self._clock = clock
        self._lock = threading.RLock()
        self._async_waiters: set[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = set()
        self.calls: list[ZaloCall] = []
        self.sent: list[ZaloSent] = []
        self.chat_actions: list[tuple[str, str]] = []
        self.webhook: dict[str, Any] = {}
        self.webhook_deliveries: list[tuple[int, dict[str, Any]]] = []  # (HTTP status, update) pushed
        self.active_polls = 0
        self._updates: deque[dict[str, Any]] = deque()
        self._chats: dict[str, _Chat] = {}
        self._blocked: set[str] = set()
        self._faults: dict[str, deque[tuple[int, str | None]]] = {}
        self._sent_by_chat: dict[str, list[ZaloSent]] = {}
        self._message_ids = itertools.count(1)
        self._server: FakeZaloServer | None = None
        self._photos: dict[str, tuple[int, bytes]] = {}  # served photo name → (HTTP status, bytes)
        self.photo_fetches: list[str] = []

    # ---------------------------------------------------------------- waiting

    def _notify(self) -> None:
        """Wake every async waiter; call with the lock held."""
        for loop, fut in list(self._async_waiters):
            with contextlib.suppress(RuntimeError):  # the waiter's loop is closed
                loop.call_soon_threadsafe(_resolve, fut)

    async def _wait_async(self, predicate: Callable[[], T], timeout: float) -> T:  # noqa: ASYNC109
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            with self._lock:
                value = predicate()
                remaining = deadline - loop.time()
                if value or remaining <= 0:
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
        """Wait until ``predicate()`` is truthy (re-checked on every call and user action); TimeoutError else."""
        value = await self._wait_async(predicate, timeout)
        if not value:
            raise TimeoutError(f"condition not met within {timeout}s; last calls: {self._tail()}")
        return value

    async def wait_for_message(
        self, chat_id: str, *, after: int = 0, contains: str | None = None, timeout: float = 10.0  # noqa: ASYNC109
    ) -> ZaloSent:
        """The first bot message to ``chat_id`` beyond the first ``after`` ones (containing ``contains``)."""

        def find() -> ZaloSent | None:
            for msg in self.messages_to(chat_id)[after:]:
                if contains is None or contains in msg.plain:
                    return msg
            return None

        return await self.wait_for(find, timeout)

    def _tail(self) -> list[str]:
        with self._lock:
            return [f"{c.method}->{c.status}" for c in self.calls[-8:]]

    # ---------------------------------------------------------------- inspection

    def messages_to(self, chat_id: str) -> list[ZaloSent]:
        """The bot's messages to one chat, in order."""
        with self._lock:
            return list(self._sent_by_chat.get(str(chat_id), ()))

    def last_to(self, chat_id: str) -> ZaloSent | None:
        """The bot's latest message to ``chat_id``, or None."""
        msgs = self.messages_to(chat_id)
        return msgs[-1] if msgs else None

    def calls_to(self, method: str) -> list[ZaloCall]:
        """Every recorded call of one method."""
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def errors(self) -> list[ZaloCall]:
        """Every call answered with an error status."""
        with self._lock:
            return [c for c in self.calls if not c.ok]

    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates nobody has fetched yet."""
        with self._lock:
            return copy.deepcopy(list(self._updates))

    # ---------------------------------------------------------------- faults

    def fail_next(self, method: str, n: int = 1, *, status: int = 429, description: str | None = None) -> None:
        """Make the next ``n`` calls of ``method`` ("*" = any but getUpdates) answer ``status``."""
        with self._lock:
            self._faults.setdefault(method, deque()).extend([(status, description)] * n)

    def clear_faults(self) -> None:
        """Forget every fault still queued by ``fail_next``."""
        with self._lock:
            self._faults.clear()

    def block(self, chat_id: str) -> None:
        """The person blocks the bot: sends to ``chat_id`` get 403."""
        with self._lock:
            self._blocked.add(str(chat_id))

    def _take_fault(self, method: str) -> tuple[int, str | None] | None:
        keys = (method,) if method == "getUpdates" else (method, "*")
        for key in keys:
            queue = self._faults.get(key)
            if queue:
                return queue.popleft()
        return None

    # ---------------------------------------------------------------- people

    def _now_ms(self) -> int:
        return int(self._clock() * 1000)

    def _message(
        self, user_id: str, chat_id: str | None, chat_type: str, display_name: str | None, **content: Any
    ) -> dict[str, Any]:
        user_id = str(user_id)
        chat = str(chat_id) if chat_id is not None else user_id
        if chat_type not in ("PRIVATE", "GROUP"):
            raise ValueError(f"chat_type is PRIVATE or GROUP, not {chat_type!r}")
        self._chats.setdefault(chat, _Chat(chat, chat_type))
        message = {
            "message_id": f"u{next(self._message_ids):08x}",
            "date": self._now_ms(),
            "from": {"id": user_id, "display_name": display_name or f"Người dùng {user_id}", "is_bot": False},
            "chat": {"id": chat, "chat_type": chat_type},
        }
        message.update({k: v for k, v in content.items() if v is not None})
        return message

    def _queue(self, event: str, message: dict[str, Any]) -> str:
        with self._lock:
            self._updates.append({"event_name": EVENTS[event], "message": message})
            self._notify()
        return message["message_id"]

    def add_user(self, user_id: str) -> None:
        """Register a private chat without an update (as if the person had written before)."""
        with self._lock:
            self._chats.setdefault(str(user_id), _Chat(str(user_id), "PRIVATE"))

    def user_sends(
        self,
        user_id: str,
        text: str,
        *,
        chat_id: str | None = None,
        chat_type: str = "PRIVATE",
        display_name: str | None = None,
    ) -> str:
        """A person sends a text (to the bot, or mentioning it in a group); returns the message id."""
        with self._lock:
            return self._queue("text", self._message(user_id, chat_id, chat_type, display_name, text=text))

    def user_sends_image(
        self,
        user_id: str,
        photo_url: str | None = None,
        *,
        photo: bytes | None = None,
        photo_status: int = 200,
        caption: str | None = None,
        chat_id: str | None = None,
        chat_type: str = "PRIVATE",
        display_name: str | None = None,
    ) -> str:
        """A person sends a photo (Zalo gives bots its URL) with an optional caption: `photo_url` as given, or
        `photo` served by this fake's server (answering `photo_status`, 404 for a link gone)."""
        with self._lock:
            if photo is not None:
                if self._server is None:
                    raise RuntimeError("serve() the fake before sending a photo it serves")
                name = f"p{len(self._photos) + 1:04d}.jpg"
                self._photos[name] = (photo_status, photo)
                photo_url = f"{self._server.url}/photos/{name}"
            if photo_url is None:
                raise ValueError("a photo_url or the photo's bytes")
            message = self._message(user_id, chat_id, chat_type, display_name, photo_url=photo_url, caption=caption)
            return self._queue("image", message)

    def photo(self, name: str) -> tuple[int, bytes]:
        """What the photo URL ``/photos/<name>`` answers: (HTTP status, body); 404 for a photo never sent."""
        with self._lock:
            self.photo_fetches.append(name)
            self._notify()
            return self._photos.get(name, (404, b""))

    def user_sends_sticker(self, user_id: str, sticker: str = "st-like", *, display_name: str | None = None) -> str:
        """A person sends a sticker."""
        with self._lock:
            return self._queue("sticker", self._message(user_id, None, "PRIVATE", display_name, sticker=sticker))

    def user_sends_unsupported(self, user_id: str, *, display_name: str | None = None) -> str:
        """A person sends something bots can't see (a file, a voice note…)."""
        with self._lock:
            return self._queue("unsupported", self._message(user_id, None, "PRIVATE", display_name))

    async def push_webhook(
        self, update: dict[str, Any] | None = None, *, secret: Any = _DEFAULT, url: str | None = None
    ) -> int:
        """POST an update (default: the next queued one) to the webhook url, as the platform does.

        ``secret`` defaults to the ``secret_token`` given to setWebhook; pass another string to send a
        wrong one, or None to send no header. Returns the HTTP status the bot answered.
        """
        with self._lock:
            target = url or self.webhook.get("url")
            if not target:
                raise RuntimeError("no webhook set")
            if update is None:
                update = self._updates.popleft()
            token = self.webhook.get("secret_token") if secret is _DEFAULT else secret
        if self._server is None or self._server.loop is None:
            raise RuntimeError("the fake is not served over HTTP")
        future: Future[int] = asyncio.run_coroutine_threadsafe(
            _post(target, update, token), self._server.loop
        )
        status = await asyncio.wrap_future(future)
        with self._lock:
            self.webhook_deliveries.append((status, update))
            self._notify()
        return status

    # ---------------------------------------------------------------- the API

    def _record(self, method: str, params: dict[str, Any], status: int, description: str | None = None) -> None:
        self.calls.append(ZaloCall(method, copy.deepcopy(params), status, description))
        self._notify()

    def handle(self, token: str, method: str, params: dict[str, Any]) -> tuple[int, bytes]:
        """Answer one call (every method but the getUpdates long poll): (HTTP status, JSON body)."""
        with self._lock:
            try:
                if token != self.token:
                    raise _ApiError(401, "Unauthorized: invalid bot token")
                fault = self._take_fault(method)
                if fault is not None:
                    raise _ApiError(*fault)
                handler = self._handlers().get(method)
                if handler is None:
                    raise _ApiError(404, f"Not Found: method {method} does not exist")
                result = handler(params)
            except _ApiError as exc:
                self._record(method, params, exc.status, exc.description)
                return exc.status, _envelope_error(exc.status, exc.description)
            self._record(method, params, 200)
            return 200, _envelope_ok(result)

    async def get_updates(self, token: str, params: dict[str, Any], closed: Callable[[], bool]) -> tuple[int, bytes]:
        """The long poll: one update, or 408 once ``timeout`` seconds pass with none (runs in the server loop)."""
        with self._lock:
            try:
                if token != self.token:
                    raise _ApiError(401, "Unauthorized: invalid bot token")
                fault = self._take_fault("getUpdates")
                if fault is not None:
                    raise _ApiError(*fault)
                if self.webhook.get("url"):
                    raise _ApiError(400, "Bad Request: webhook is active, delete it to use getUpdates")
                timeout = float(params.get("timeout", 30))
            except (_ApiError, ValueError) as exc:
                error = exc if isinstance(exc, _ApiError) else _ApiError(400, "Bad Request: bad timeout")
                self._record("getUpdates", params, error.status, error.description)
                return error.status, _envelope_error(error.status, error.description)
            self.active_polls += 1
            self._notify()
        try:
            await self._wait_async(lambda: bool(self._updates) or closed(), timeout)
        finally:
            with self._lock:
                self.active_polls -= 1
        with self._lock:
            # a client that hung up (the bot stopping) must not swallow the update
            if self._updates and not closed():
                update = self._updates.popleft()
                self._record("getUpdates", params, 200)
                return 200, _envelope_ok(update)
            self._record("getUpdates", params, 408, _DESCRIPTIONS[408])
            return 408, _envelope_error(408, _DESCRIPTIONS[408])

    def _handlers(self) -> dict[str, Callable[[dict[str, Any]], Any]]:
        return {
            "getMe": lambda p: dict(self.bot),
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": lambda p: {"url": self.webhook.get("url", ""), "updated_at": self.webhook.get("at", 0)},
            "sendMessage": self._send_message,
            "sendPhoto": self._send_photo,
            "sendSticker": self._send_sticker,
            "sendChatAction": self._send_chat_action,
        }

    def _set_webhook(self, p: dict[str, Any]) -> dict[str, Any]:
        url = str(p.get("url") or "")
        secret = str(p.get("secret_token") or "")
        if not url.startswith(("https://", "http://")):
            raise _ApiError(400, "Bad Request: url must be an https url")
        if not 8 <= len(secret) <= 256:
            raise _ApiError(400, "Bad Request: secret_token must be 8-256 characters")
        self.webhook = {"url": url, "secret_token": secret, "at": self._now_ms()}
        return {"url": url, "updated_at": self.webhook["at"]}

    def _delete_webhook(self, p: dict[str, Any]) -> dict[str, Any]:
        self.webhook = {}
        return {"url": "", "updated_at": self._now_ms()}

    def _target(self, p: dict[str, Any]) -> str:
        chat_id = p.get("chat_id")
        if not isinstance(chat_id, str) or not chat_id:
            raise _ApiError(400, "Bad Request: chat_id must be a non-empty string")
        if self.strict_chats and chat_id not in self._chats:
            raise _ApiError(400, "Bad Request: chat not found")
        if chat_id in self._blocked:
            raise _ApiError(403)
        return chat_id

    def _store(self, chat_id: str, method: str, **content: Any) -> dict[str, Any]:
        record = ZaloSent(chat_id, f"b{next(self._message_ids):08x}", method, date=self._now_ms(), **content)
        self.sent.append(record)
        self._sent_by_chat.setdefault(chat_id, []).append(record)
        return {"message_id": record.message_id, "date": record.date}

    def _send_message(self, p: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._target(p)
        text = p.get("text")
        if not isinstance(text, str) or not 1 <= len(text) <= MAX_TEXT:
            length = len(text) if isinstance(text, str) else 0
            raise _ApiError(400, f"Bad Request: text must be 1-{MAX_TEXT} characters (got {length})")
        return self._store(chat_id, "sendMessage", text=text)

    def _send_photo(self, p: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._target(p)
        photo = str(p.get("photo") or "")
        if not photo.startswith(("https://", "http://")):
            raise _ApiError(400, "Bad Request: photo must be a URL")
        caption = p.get("caption")
        if caption is not None and len(str(caption)) > MAX_TEXT:
            raise _ApiError(400, "Bad Request: caption is too long")
        return self._store(chat_id, "sendPhoto", text=None, photo=photo, caption=caption)

    def _send_sticker(self, p: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._target(p)
        sticker = str(p.get("sticker") or "")
        if not sticker:
            raise _ApiError(400, "Bad Request: sticker is required")
        return self._store(chat_id, "sendSticker", text=None, sticker=sticker)

    def _send_chat_action(self, p: dict[str, Any]) -> bool:
        chat_id = self._target(p)
        action = str(p.get("action") or "")
        if action not in _CHAT_ACTIONS:
            raise _ApiError(400, "Bad Request: unknown action")
        self.chat_actions.append((chat_id, action))
        return True

    # ---------------------------------------------------------------- HTTP

    def serve(self) -> FakeZaloServer:
        """Start serving over HTTP; use the result as a context manager to stop it."""
        self._server = FakeZaloServer(self).start()
        return self._server


def _resolve(fut: asyncio.Future[None]) -> None:
    if not fut.done():
        fut.set_result(None)


async def _post(url: str, update: dict[str, Any], secret: str | None) -> int:
    import httpx

    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers[SECRET_HEADER] = secret
    body = json.dumps({"ok": True, "result": update}, ensure_ascii=False).encode()
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.post(url, content=body, headers=headers)
    return response.status_code


class FakeZaloServer(ThreadedServer):
    """Serves a ``FakeZalo`` on 127.0.0.1 (a free port) from a daemon thread running tornado."""

    name = "fakezalo-http"

    def __init__(self, fake: FakeZalo, *, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__(host=host, port=port)
        self.fake = fake

    @property
    def base_url(self) -> str:
        """What ZALO_BASE_URL should be: the calls go to ``{base_url}/bot<TOKEN>/<method>``."""
        return self.url

    def app(self) -> Any:
        import tornado.web

        return tornado.web.Application(
            [
                (r"/bot([^/]+)/([A-Za-z0-9_]+)/?", _ApiHandler, {"server": self}),
                (r"/photos/([A-Za-z0-9_.-]+)", _PhotoHandler, {"server": self}),
            ],
            log_function=lambda handler: None,  # request lines carry the token
        )


def _api_handler() -> type:
    import tornado.web

    class ApiHandler(tornado.web.RequestHandler):
        """``/bot<token>/<method>``: JSON body (or form/query parameters)."""

        def initialize(self, server: FakeZaloServer) -> None:
            self.server = server
            self.closed = False

        def on_connection_close(self) -> None:
            self.closed = True
            with self.server.fake._lock:
                self.server.fake._notify()

        def check_xsrf_cookie(self) -> None:
            return None

        async def get(self, token: str, method: str) -> None:
            await self._serve(token, method)

        async def post(self, token: str, method: str) -> None:
            await self._serve(token, method)

        async def _serve(self, token: str, method: str) -> None:
            params: dict[str, Any] = {k: v[-1].decode() for k, v in self.request.query_arguments.items()}
            if self.request.headers.get("Content-Type", "").startswith("application/json") and self.request.body:
                try:
                    body = json.loads(self.request.body)
                except ValueError:
                    self._answer(400, _envelope_error(400, "Bad Request: can't parse JSON"))
                    return
                if isinstance(body, dict):
                    params.update(body)
            else:
                params.update({k: v[-1].decode() for k, v in self.request.body_arguments.items()})
            fake = self.server.fake
            if method == "getUpdates":
                status, answer = await fake.get_updates(token, params, lambda: self.closed)
            else:
                status, answer = fake.handle(token, method, params)
            if not self.closed:
                self._answer(status, answer)

        def _answer(self, status: int, body: bytes) -> None:
            self.set_status(status)
            self.set_header("Content-Type", "application/json")
            self.finish(body)

    return ApiHandler


_ApiHandler = _api_handler()


def _photo_handler() -> type:
    import tornado.web

    class PhotoHandler(tornado.web.RequestHandler):
        """``/photos/<name>``: a photo a person sent, as Zalo's photo links serve it (or the error set)."""

        def initialize(self, server: FakeZaloServer) -> None:
            self.server = server

        def get(self, name: str) -> None:
            status, body = self.server.fake.photo(name)
            self.set_status(status)
            if status == 200:
                self.set_header("Content-Type", "image/jpeg")
                self.finish(body)
            else:
                self.finish(_DESCRIPTIONS.get(status, "Error"))

    return PhotoHandler


_PhotoHandler = _photo_handler()
