"""The Zalo channel: Zalo Bot API updates in, core answers out, and sending for the scheduler.

Zalo's Bot API (bot/zalo_api.py) offers far less than Telegram's, so this adapter renders within its
limits (`LIMITS`):

* no buttons: choices become a lettered list ("Gõ a, b hoặc c để chọn"); a typed letter presses the choice,
  and a typed number is never a choice (a digest numbers its tasks; people type task numbers and percents,
  TESTER15 F17): one that could be meant for a choice is asked about, any other goes on as text.
  The chat's last choices live in the database (storage/zalo.py), so a restart loses nothing;
* no reply-to: a plain text (not a command) answers the chat's latest digest or task list, whose
  message id is kept per chat as well;
* 2,000 characters per message: longer texts are split on line boundaries;
* no documents and no edits: a file becomes a line of text (with a link when ZALO_PUBLIC_FILES_URL is
  set), an edit is sent anew;
* a small monthly quota: every message sent is counted; admins are warned at 80%, and HTTP 429 (quota
  exhausted) stops sending to Zalo (no API call for an hour, each row dead with the reason) and alerts
  the admins on another channel.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import re
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import aiosqlite
import httpx

from bot.config import PortUnavailable, Settings
from bot.inbox import Inbox, stop_receiving
from bot.zalo_api import ZaloApi, ZaloApiError, ZaloError, ZaloNetworkError, updates_of
from chat.buttons import letter_picked, lettered, letters_prompt, number_for_a_choice, unlettered_note
from chat.messages import (
    Attachment,
    ChannelLimits,
    Choice,
    IncomingMessage,
    OutgoingFile,
    OutgoingMessage,
    SendError,
    split_text,
)
from chat.printable import printable_message
from handlers.context import Context, CoreSettings
from handlers.dispatch import dispatch
from i18n import N_, t
from i18n.formats import format_month, format_number, format_percent
from schedules.delivery import deliver
from schedules.dispatcher import send_claimed
from storage import outbox
from storage import zalo as repo
from storage.db import from_utc_iso, transaction
from storage.files import save_public
from storage.inbox import InboxRow, Received, is_transient, mark_handled
from storage.people import load_session

log = logging.getLogger(__name__)

CHANNEL = "zalo"
LIMITS = ChannelLimits(text=2000, buttons=False, documents=False, replies=False)
SECRET_HEADER = "X-Bot-Api-Secret-Token"
WARN_SHARE = 0.8  # warn the admins when this share of the monthly quota is used
PROBE_AFTER = timedelta(hours=1)  # after a 429, try Zalo again this much later (the quota may be raised)
POLL_TIMEOUT_S = 30.0

_LINK = re.compile(r"(?:link|lienket|liên kết)\s+([A-Za-z0-9-]{4,20})", re.IGNORECASE)
_EVENTS = {
    "message.text.received": "text",
    "message.image.received": "image",
    "message.sticker.received": "sticker",
    "message.unsupported.received": "unsupported",
}


def received(update: dict[str, Any]) -> Received:
    """A Zalo update keyed for the inbox by its message id (by its content when it has none)."""
    message = update.get("message") if isinstance(update.get("message"), dict) else {}
    chat = str((message.get("chat") or {}).get("id") or (message.get("from") or {}).get("id") or "")
    key = str(message.get("message_id") or "")
    if not key:
        key = "sha256:" + hashlib.sha256(json.dumps(update, sort_keys=True).encode()).hexdigest()
    return Received(CHANNEL, key, None, f"{CHANNEL}:{chat}", update)


# ---- rendering ------------------------------------------------------------------------------------


def lettered_choices(rows: tuple[tuple[Choice, ...], ...], lang: str) -> tuple[str, list[tuple[str, str]]]:
    """The choices as lettered lines (one line per row) and the (label, data) list a typed letter indexes."""
    lines: list[str] = []
    flat: list[tuple[str, str]] = []
    for row in lettered(rows):
        lines.append("   ".join(f"{letter}) {choice.label}" for letter, choice in row))
        flat += [(choice.label, choice.data) for _, choice in row]
    note = unlettered_note(rows, len(flat), lang)
    lines.append(f"{letters_prompt(len(flat), lang)} {note}" if note else letters_prompt(len(flat), lang))
    return "\n".join(lines), flat


def _number_not_a_choice(typed: str, choices: list[tuple[str, str]], lang: str) -> OutgoingMessage:
    """«3» typed under lettered choices: asked about, with the choices shown again (so they stay the chat's)."""
    rows = tuple(tuple(Choice(label, data) for label, data in choices[i : i + 3]) for i in range(0, len(choices), 3))
    return OutgoingMessage(t("choices_number_typed", lang, typed=typed.strip()), choices=rows)


@dataclass(frozen=True)
class _Part:
    """One Zalo message: a text, or a photo URL with its caption."""

    text: str
    photo: str | None = None


# ---- sending: the Messenger port ------------------------------------------------------------------


class ZaloMessenger:
    """Sends core messages to Zalo chats, counting them against the monthly quota; the outbox's Messenger."""

    channel = CHANNEL

    def __init__(
        self,
        api: ZaloApi,
        db: aiosqlite.Connection,
        *,
        clock: Callable[[], datetime],
        tz: ZoneInfo,
        lang: str = "vi",
        quota: int = 3000,
        files_dir: Path | None = None,
        public_url: str | None = None,
    ) -> None:
        self.api = api
        self.db = db
        self.clock = clock
        self.tz = tz
        self.lang = lang
        self.quota = quota
        self.files_dir = files_dir
        self.public_url = public_url.rstrip("/") if public_url else None

    def month(self, now: datetime) -> str:
        """The quota month of a moment: YYYY-MM in the deployment's zone."""
        return now.astimezone(self.tz).strftime("%Y-%m")

    async def send(self, chat_id: str, message: OutgoingMessage) -> str:
        """Send (split under 2,000 characters, choices lettered); the last part's message id is returned."""
        message = printable_message(message)
        now = self.clock()
        month = self.month(now)
        async with transaction(self.db):
            usage = await repo.usage(self.db, month)
        if usage.exhausted_at is not None and now - from_utc_iso(usage.exhausted_at) < PROBE_AFTER:
            raise SendError(f"zalo quota exhausted for {month}: not sending", permanent=True)
        parts, choices = await self.render(message)
        sent: list[str] = []
        try:
            for part in parts:
                if part.photo is not None:
                    params = {"chat_id": str(chat_id), "photo": part.photo, "caption": part.text}
                    result = await self.api.call("sendPhoto", params)
                else:
                    result = await self.api.call("sendMessage", {"chat_id": str(chat_id), "text": part.text})
                sent.append(str((result or {}).get("message_id", "")))
        except ZaloApiError as exc:
            await self._count(chat_id, message, sent, choices, now, month, complete=False)
            raise await self._send_error(exc, now, month) from None
        except ZaloNetworkError as exc:
            await self._count(chat_id, message, sent, choices, now, month, complete=False)
            raise SendError(f"zalo network: {exc}") from None
        await self._count(chat_id, message, sent, choices, now, month, complete=True)
        return sent[-1] if sent else ""

    async def render(self, message: OutgoingMessage) -> tuple[list[_Part], list[tuple[str, str]]]:
        """The message as Zalo messages, and the lettered choices a typed letter will pick from."""
        blocks = [message.text] if message.text.strip() else []
        photos: list[_Part] = []
        for file in message.files:
            url = await self._publish(file)
            if url is not None and file.kind == "photo":
                photos.append(_Part((file.caption or file.name)[:LIMITS.text], photo=url))
            elif url is not None:
                blocks.append(t("file_link", self.lang, name=file.name, url=url))
            else:
                blocks.append(t("file_not_sent", self.lang, name=file.name))
        choices: list[tuple[str, str]] = []
        if message.choices:
            block, choices = lettered_choices(message.choices, self.lang)
            blocks.append(block)
        text = "\n\n".join(blocks)
        parts = [_Part(chunk) for chunk in split_text(text, LIMITS.text) if chunk.strip()] if text else []
        return parts + photos, choices

    async def _publish(self, file: OutgoingFile) -> str | None:
        """Put a file where the public files URL serves it; None when the deployment has none."""
        if self.public_url is None or self.files_dir is None:
            return None
        return f"{self.public_url}/{await save_public(self.files_dir, file.name, file.data)}"

    async def _count(
        self,
        chat_id: str,
        message: OutgoingMessage,
        sent: list[str],
        choices: list[tuple[str, str]],
        now: datetime,
        month: str,
        *,
        complete: bool,
    ) -> None:
        """Count what went out, remember what the chat was shown, warn the admins at 80% of the quota."""
        if not sent:
            return
        async with transaction(self.db):
            before = await repo.usage(self.db, month)
            total = await repo.count_sent(self.db, month, len(sent))
            if before.exhausted_at is not None:
                await repo.clear_exhausted(self.db, month)  # it went through: the quota was raised
            if complete:
                refers = sent[-1] if message.refers_to else None
                await repo.remember_shown(self.db, str(chat_id), choices=choices, refers_message_id=refers, now=now)
            if self.quota > 0 and total >= self.quota * WARN_SHARE and await repo.mark_warned(self.db, month, now):
                log.warning("Zalo: %s of %s messages used in %s", total, self.quota, month)
                await self._alert_admins("warn80", N_("quota_warning"), now, month, sent=total, skip_channel="")

    async def _send_error(self, exc: ZaloApiError, now: datetime, month: str) -> SendError:
        code = exc.error_code if exc.error_code >= 400 else exc.status
        if code == 429 or exc.status == 429:
            async with transaction(self.db):
                newly = await repo.mark_exhausted(self.db, month, now)
                if newly:
                    usage = await repo.usage(self.db, month)
                    # the alert must not go through the channel that just ran out
                    await self._alert_admins(
                        "exhausted", N_("quota_exhausted"), now, month, sent=usage.sent, skip_channel=CHANNEL
                    )
            if newly:
                log.error("Zalo quota exhausted for %s: sending to Zalo stopped, admins alerted", month)
            return SendError(f"zalo 429 quota exhausted for {month}: {exc.description}", permanent=True)
        if code == 403 or (code in (400, 404) and "not found" in exc.description.lower()):
            return SendError(f"zalo {code} {exc.description}", permanent=True, unreachable=True)
        if code == 401:
            log.error("Zalo rejected the bot token (401): check ZALO_BOT_TOKEN")
            return SendError(f"zalo 401 {exc.description}")
        if code in (400, 404, 413):
            return SendError(f"zalo {code} {exc.description}", permanent=True)
        return SendError(f"zalo {code} {exc.description}")

    async def _alert_admins(
        self, kind: str, text_key: str, now: datetime, month: str, *, sent: int, skip_channel: str
    ) -> None:
        admins = await repo.admin_chats(self.db, skip_channel=skip_channel)
        if not admins:
            log.error("Zalo quota notice (%s, %s): no admin can be reached to tell", kind, month)
        first_day = datetime.strptime(month, "%Y-%m").date()
        share = 100 * sent / self.quota if self.quota > 0 else 100.0
        for admin in admins:
            lang = admin.lang or self.lang
            text = t(
                text_key, lang, channel="Zalo", sent=format_number(sent, lang), quota=format_number(self.quota, lang),
                month=format_month(first_day, lang), percent=format_percent(share, lang),
            )
            await outbox.enqueue(
                self.db,
                f"notice:zalo-quota:{kind}|{month}|to:{admin.user_id}",
                "notice",
                admin.channel,
                admin.chat_id,
                admin.user_id,
                OutgoingMessage(text, kind="notice"),
                now,
            )


# ---- receiving: updates → core → answers ----------------------------------------------------------


class ZaloChannel:
    """Turns Zalo updates into IncomingMessages, dispatches them and delivers the answers."""

    def __init__(
        self,
        api: ZaloApi,
        messenger: ZaloMessenger,
        make_context: Callable[[], Context],
        *,
        inbox: Inbox,
        webhook_secret: str | None = None,
        max_download: int = 20 * 1024 * 1024,
    ) -> None:
        self.inbox = inbox
        self.api = api
        self.messenger = messenger
        self.make_context = make_context
        self.webhook_secret = webhook_secret
        self.max_download = max_download
        self.bot_name: str | None = None

    async def to_incoming(self, ctx: Context, update: dict[str, Any]) -> IncomingMessage | OutgoingMessage | None:
        """The update as the core sees it; the channel's own answer (what bots can't read, a number typed for a
        lettered choice); None to ignore."""
        kind = _EVENTS.get(str(update.get("event_name", "")), "unsupported")
        message = update.get("message")
        if not isinstance(message, dict):
            return None
        sender = message.get("from") or {}
        chat = message.get("chat") or {}
        user_id = str(sender.get("id") or "")
        if not user_id or sender.get("is_bot"):
            return None
        chat_id = str(chat.get("id") or user_id)
        chat_type = "group" if str(chat.get("chat_type", "")).upper() == "GROUP" else "private"
        if kind == "sticker":
            return None
        if kind == "unsupported":
            return OutgoingMessage(t("unsupported_message", ctx.settings.lang)) if chat_type == "private" else None
        common: dict[str, Any] = {
            "channel": CHANNEL,
            "chat_id": chat_id,
            "user_id": user_id,
            "user_name": str(sender.get("display_name") or sender.get("name") or ""),
            "chat_type": chat_type,
            "message_id": str(message.get("message_id") or "") or None,
        }
        attachment = None
        if kind == "image":
            url = str(message.get("photo_url") or message.get("photo") or "")
            if url:
                name = f"anh-{common['message_id'] or 'zalo'}.jpg"
                attachment = Attachment(url, name, None, "image/jpeg", "photo")
            text = str(message.get("caption") or "")
        else:
            text = str(message.get("text") or "")
        text = self._without_mention(text).strip()
        link = _LINK.fullmatch(text)
        if link:
            text = f"/start {link.group(1)}"
        async with transaction(ctx.db):
            state = await repo.chat_state(ctx.db, chat_id)
        if attachment is None and state is not None:
            choices = state.choice_list()
            picked = letter_picked(text, len(choices))
            if picked is not None:
                return IncomingMessage(**common, button_data=choices[picked][1])
            if number_for_a_choice(text, len(choices)) and not await self._in_dialog(ctx, chat_id, user_id):
                return _number_not_a_choice(text, choices, ctx.settings.lang)
        # no reply-to in Zalo: plain text answers the chat's latest digest or task list
        reply_to = state.last_ref if state is not None and not text.startswith("/") else None
        return IncomingMessage(**common, text=text, reply_to_ref=reply_to, attachment=attachment)

    async def _in_dialog(self, ctx: Context, chat_id: str, user_id: str) -> bool:
        """Whether the sender has a question open here (a bare number then answers it: «60» after «Đang làm»)."""
        async with transaction(ctx.db):
            session = await load_session(ctx.db, CHANNEL, user_id, chat_id)
        return session is not None and session.dialog is not None

    def _without_mention(self, text: str) -> str:
        if self.bot_name and text.startswith("@" + self.bot_name):
            return text[len(self.bot_name) + 1 :]
        return text

    platform = CHANNEL

    async def handle(self, row: InboxRow) -> None:
        """A stored update end to end; a transient database error is raised (the inbox tries again later),
        anything else is logged and the update counts as handled (the next one still runs)."""
        ctx = self.make_context()
        try:
            update = row.update()
            incoming = await self.to_incoming(ctx, update)
            if not isinstance(incoming, IncomingMessage):
                async with transaction(ctx.db):
                    await mark_handled(ctx.db, row.id, ctx.clock())
                if incoming is not None:
                    chat = str((update.get("message") or {}).get("chat", {}).get("id", ""))
                    await self._deliver_one(ctx, chat, incoming)
                return
            queued: list[outbox.OutboxRow] = []
            ctx = replace(ctx, queued=queued, answer_now=lambda answer: self.answer(ctx, incoming, [answer]))
            answers = await dispatch(incoming, ctx, inbox_id=row.id)
            await send_claimed(ctx.db, self.messenger, queued, ctx.clock(), lang=ctx.settings.lang)
            await self.answer(ctx, incoming, answers)
        except Exception as exc:
            if is_transient(exc):
                raise
            log.exception("failed to handle a Zalo update")
            async with transaction(ctx.db):
                await mark_handled(ctx.db, row.id, ctx.clock(), f"{type(exc).__name__}: {exc}")

    async def tell_not_saved(self, update: dict[str, Any]) -> None:
        """Tell the sender their message was not saved (the database refused it, again and again)."""
        chat = str(((update.get("message") or {}).get("chat") or {}).get("id") or "")
        if chat:
            await self.messenger.send(chat, OutgoingMessage(t("not_saved", self.make_context().settings.lang)))

    async def answer(self, ctx: Context, incoming: IncomingMessage, answers: list[OutgoingMessage]) -> None:
        """Send the core's answers and remember what replies to them will mean."""
        for answer in answers:
            chat_id = answer.chat_id or incoming.chat_id
            if not await self._deliver_one(ctx, chat_id, answer):
                return

    async def _deliver_one(self, ctx: Context, chat_id: str, answer: OutgoingMessage) -> bool:
        try:
            await deliver(ctx.db, self.messenger, chat_id, answer, ctx.clock)
        except SendError as exc:
            log.warning("could not answer Zalo chat %s: %s", chat_id, exc)
            return not exc.permanent
        return True

    async def fetch_file(self, attachment: Attachment) -> bytes | None:
        """Download a photo someone sent (Zalo gives bots its URL)."""
        if not attachment.file_id.startswith(("https://", "http://")):
            return None
        response = await self.api.client.get(attachment.file_id)
        response.raise_for_status()
        if len(response.content) > self.max_download:
            return None
        return response.content

    async def handle_webhook(self, secret: str | None, body: bytes) -> int:
        """One webhook POST: 403 unless the secret header matches (constant time), else stored in the inbox
        (503 when the database refused it, so Zalo sends it again); the HTTP status."""
        expected = self.webhook_secret
        if not expected or secret is None or not hmac.compare_digest(secret.encode(), expected.encode()):
            log.warning("refused a Zalo webhook call: wrong or missing secret token")
            return 403
        try:
            payload = json.loads(body)
        except ValueError:
            return 400
        try:
            await self.inbox.receive([received(update) for update in updates_of(payload)])
        except Exception as exc:
            log.warning("Zalo webhook update not stored (%s)", exc)
            return 503
        return 200


# ---- running: polling or webhook ------------------------------------------------------------------


class ZaloBot:
    """One Zalo bot: API client, channel and messenger, served by long polling or by a webhook."""

    def __init__(
        self,
        settings: Settings,
        db: aiosqlite.Connection,
        core: CoreSettings,
        clock: Callable[[], datetime],
        *,
        inbox: Inbox,
        client: httpx.AsyncClient | None = None,
        poll_timeout: float = POLL_TIMEOUT_S,
        listen: str = "0.0.0.0",
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        if settings.zalo_token is None:
            raise ValueError(t("setting_missing", core.lang, name="ZALO_BOT_TOKEN"))
        self.api = ZaloApi(settings.zalo_token.get_secret_value(), settings.zalo_base_url, client=client)
        self.messenger = ZaloMessenger(
            self.api, db, clock=clock, tz=core.tz, lang=core.lang, quota=settings.zalo_monthly_quota,
            files_dir=core.files_dir, public_url=settings.zalo_public_files_url,
        )
        self.webhook_url: str | None = settings.zalo_webhook_url
        secret = settings.zalo_webhook_secret.get_secret_value() if settings.zalo_webhook_secret else None
        if self.webhook_url and not secret:
            secret = secrets.token_urlsafe(32)  # we register it ourselves, so a fresh one per start will do

        def make_context() -> Context:
            return Context(db=db, settings=core, clock=clock, fetch_file=self.channel.fetch_file)

        self.channel = ZaloChannel(
            self.api, self.messenger, make_context, inbox=inbox, webhook_secret=secret, max_download=core.max_download
        )
        self.poll_timeout = poll_timeout
        self.listen = listen
        self.port: int = settings.zalo_webhook_port
        self._sleep = sleep
        self._poller: asyncio.Task[None] | None = None
        self._server: Any = None

    async def start(self) -> None:
        """Check the token (getMe), then poll in the background or listen for the webhook."""
        me = await self.api.call("getMe") or {}
        self.channel.bot_name = str(me.get("display_name") or me.get("account_name") or "") or None
        if self.webhook_url:
            self._listen()
            await self.api.call(
                "setWebhook", {"url": self.webhook_url, "secret_token": self.channel.webhook_secret}
            )
            log.info("Zalo bot %s: webhook on port %s", self.channel.bot_name, self.port)
        else:
            await self.api.call("deleteWebhook")
            self._poller = asyncio.create_task(self._poll(), name="zalo-poll")
            log.info("Zalo bot %s: polling", self.channel.bot_name)

    async def stop(self) -> None:
        """Stop polling or listening and close the HTTP client."""
        await stop_receiving(self._poller, self._server)
        self._poller = self._server = None
        await self.api.aclose()

    async def _poll(self) -> None:
        failures = 0
        while True:
            try:
                updates = await self.api.get_updates(self.poll_timeout)
            except ZaloError as exc:
                failures += 1
                delay = min(2.0**failures, 60.0)
                log.warning("Zalo getUpdates failed (%s); again in %.0f s", exc, delay)
                await self._sleep(delay)
                continue
            failures = 0
            # Zalo's getUpdates takes no offset: what it answered is confirmed, so it is stored before anything
            # else (tried again while the database refuses it; its senders told when that gives up)
            try:
                await self.channel.inbox.store([received(update) for update in updates])
            except Exception:  # not the database refusing (store retries that): a fault to see in the log
                log.exception("Zalo updates not stored")

    def _listen(self) -> None:
        # tornado (python-telegram-bot's webhooks extra) is loaded only by a deployment with a Zalo webhook
        import tornado.httpserver
        import tornado.netutil
        import tornado.web

        channel = self.channel

        class WebhookHandler(tornado.web.RequestHandler):
            async def post(self) -> None:
                status = await channel.handle_webhook(self.request.headers.get(SECRET_HEADER), self.request.body)
                self.set_status(status)
                self.finish({"ok": status == 200})

        path = urlsplit(self.webhook_url or "").path or "/"
        app = tornado.web.Application([(re.escape(path), WebhookHandler)])
        server = tornado.httpserver.HTTPServer(app)
        try:
            sockets = tornado.netutil.bind_sockets(self.port, self.listen)
        except OSError as exc:
            raise PortUnavailable("ZALO_WEBHOOK_PORT", self.port, self.listen, exc) from None
        self.port = sockets[0].getsockname()[1]
        server.add_sockets(sockets)
        self._server = server
