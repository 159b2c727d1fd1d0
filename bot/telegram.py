"""The Telegram channel: python-telegram-bot updates in, core answers out, and sending for the scheduler."""

from __future__ import annotations

import hashlib
import html
import json
import logging
import os
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any

from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Message,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatType, MessageLimit, ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import Application, ExtBot

from bot.ratelimit import OUTBOX
from chat.messages import Attachment, ChannelLimits, IncomingMessage, OutgoingMessage, SendError, split_text
from chat.printable import printable_message
from handlers.context import Context
from handlers.dispatch import addressed, dispatch
from i18n import LANGUAGES, N_, t
from schedules.delivery import deliver
from schedules.dispatcher import send_claimed
from storage.db import transaction
from storage.inbox import InboxRow, Received, mark_handled
from storage.outbox import OutboxRow

log = logging.getLogger(__name__)

CHANNEL = "telegram"
LIMITS = ChannelLimits(text=MessageLimit.MAX_TEXT_LENGTH, buttons=True, documents=True, replies=True)  # 4,096 characters
ESCAPE_ROOM = 96  # room for the HTML entities escaping adds to a part

# the menu Telegram shows: (command, the id of its description)
MENU = [  # each English command with its Vietnamese name (handlers/dispatch.COMMANDS), described alike
    ("tasks", N_("menu.tasks")),
    ("viec", N_("menu.tasks")),
    ("report", N_("menu.report")),
    ("baocao", N_("menu.report")),
    ("task", N_("menu.task")),
    ("nhiemvu", N_("menu.task")),
    ("summary", N_("menu.summary")),
    ("tonghop", N_("menu.summary")),
    ("overdue", N_("menu.overdue")),
    ("quahan", N_("menu.overdue")),
    ("help", N_("menu.help")),
    ("cancel", N_("menu.cancel")),
    ("huy", N_("menu.cancel")),
    ("start", N_("menu.start")),
    ("member_remove", N_("menu.member_remove")),
    ("plan_remove", N_("menu.plan_remove")),
    ("xin_gia_han", N_("menu.extend")),
    ("extend", N_("menu.extend")),
    ("giai_trinh", N_("menu.explain")),
    ("explain", N_("menu.explain")),
    ("gia_han", N_("menu.extensions")),
    ("extensions", N_("menu.extensions")),
]


def _attachment(message: Message) -> Attachment | None:
    if message.document is not None:
        doc = message.document
        return Attachment(doc.file_id, doc.file_name or "tep", doc.file_size, doc.mime_type, "document")
    if message.photo:
        photo = message.photo[-1]  # the largest size
        return Attachment(photo.file_id, f"anh-{photo.file_unique_id}.jpg", photo.file_size, "image/jpeg", "photo")
    # a clip or a recording is evidence as a document is (a ward films the event): never dropped unsaid
    for media, stem, ext in ((message.video, "video", "mp4"), (message.video_note, "video", "mp4"),
                             (message.audio, "ghi-am", "mp3"), (message.voice, "ghi-am", "ogg")):
        if media is not None:
            name = getattr(media, "file_name", None) or f"{stem}-{media.file_unique_id}.{ext}"
            return Attachment(media.file_id, name, media.file_size, getattr(media, "mime_type", None), "document")
    return None


def to_incoming(update: Update) -> IncomingMessage | None:
    """Normalise an Update at the edge: the core sees only plain values."""
    query = update.callback_query
    message = update.effective_message
    user = update.effective_user
    chat = update.effective_chat
    if user is None or chat is None:
        return None
    chat_type = "private" if chat.type == ChatType.PRIVATE else "group"
    common = {
        "channel": CHANNEL,
        "chat_id": str(chat.id),
        "user_id": str(user.id),
        "user_name": user.full_name,
        "chat_type": chat_type,
        "language_code": user.language_code,
    }
    if query is not None:
        return IncomingMessage(
            **common,
            button_data=query.data or "",
            message_id=str(message.message_id) if message else None,
            reply_to_ref=str(message.message_id) if message else None,
        )
    if message is None:
        return None
    replied = message.reply_to_message
    return IncomingMessage(
        **common,
        text=message.text or message.caption or "",
        message_id=str(message.message_id),
        reply_to_ref=str(replied.message_id) if replied else None,
        attachment=_attachment(message),
        reply_to_attachment=_attachment(replied) if replied else None,
        edited=update.edited_message is not None,
    )


def received(data: dict[str, Any]) -> Received:
    """An update as Telegram sent it, keyed for the inbox: its update id, and the message, edit or button
    press it carries (Telegram may deliver one again under a new update id)."""
    message_key = None
    chat = ""
    if "callback_query" in data:
        query = data["callback_query"]
        message_key = f"callback:{query['id']}"
        chat = str(((query.get("message") or {}).get("chat") or {}).get("id") or query["from"]["id"])
    for kind in ("message", "edited_message", "channel_post", "edited_channel_post"):
        if kind in data:
            message = data[kind]
            chat = str(message["chat"]["id"])
            key = f"{kind}:{chat}:{message['message_id']}"
            if kind.startswith("edited"):
                # each edit is news; the same edit delivered twice is not
                content = json.dumps([message.get(k) for k in ("text", "caption")], ensure_ascii=False)
                key += f":{message.get('edit_date')}:{hashlib.sha256(content.encode()).hexdigest()[:16]}"
            message_key = key
    return Received(CHANNEL, str(data["update_id"]), message_key, f"{CHANNEL}:{chat}", data)


def render_markup(message: OutgoingMessage) -> InlineKeyboardMarkup | None:
    """Choices as an inline keyboard, one row per row of choices."""
    if not message.choices:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(c.label, callback_data=c.data) for c in row] for row in message.choices]
    )


def use_timedelta_periods() -> None:
    """python-telegram-bot's documented opt-in (v22.2) to time periods as `timedelta`, the form its next major
    version keeps: without it every RetryAfter it raises warns that `retry_after` in seconds is deprecated.
    An explicit PTB_TIMEDELTA in the environment is left as set."""
    os.environ.setdefault("PTB_TIMEDELTA", "true")


class TelegramMessenger:
    """Sends core messages through a python-telegram-bot `Bot`, mapping its errors to SendError."""

    channel = CHANNEL

    def __init__(self, bot, *, outbox: bool = False) -> None:
        use_timedelta_periods()
        self.bot = bot
        # the outbox's sends yield to answers in the bot's rate limiter (bot.ratelimit), when it has one
        paced = outbox and isinstance(bot, ExtBot) and bot.rate_limiter is not None
        self._paced: dict[str, Any] = {"rate_limit_args": OUTBOX} if paced else {}

    async def send(self, chat_id: str, message: OutgoingMessage) -> str:
        """Send (split under 4,096 characters, keyboard on the last part); the last part's id is returned."""
        try:
            return await self._send(chat_id, printable_message(message))
        except RetryAfter as exc:
            wait = exc.retry_after  # a timedelta (opted in); seconds only if PTB_TIMEDELTA was set false by hand
            delay = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
            raise SendError(f"429 retry after {delay}", retry_after=delay) from exc
        except Forbidden as exc:
            raise SendError(f"403 {exc.message}", permanent=True, unreachable=True) from exc
        except BadRequest as exc:
            if "chat not found" in exc.message.lower():
                raise SendError(f"400 {exc.message}", permanent=True, unreachable=True) from exc
            raise SendError(f"400 {exc.message}", permanent=True) from exc
        except (TimedOut, NetworkError) as exc:
            raise SendError(f"network: {exc.message}") from exc
        except TelegramError as exc:
            raise SendError(f"telegram: {exc.message}") from exc

    async def _send(self, chat_id: str, message: OutgoingMessage) -> str:
        last_id = ""
        if message.text:
            parts = split_text(message.text, LIMITS.text - ESCAPE_ROOM)
            for index, part in enumerate(parts):
                is_last = index == len(parts) - 1
                reply = ReplyParameters(int(message.reply_to), allow_sending_without_reply=True) if (
                    message.reply_to and index == 0
                ) else None
                sent = await self.bot.send_message(
                    chat_id=int(chat_id),
                    text=html.escape(part, quote=False),
                    parse_mode=ParseMode.HTML,
                    reply_markup=render_markup(message) if is_last else None,
                    reply_parameters=reply,
                    **self._paced,
                )
                last_id = str(sent.message_id)
        for file in message.files:
            payload = InputFile(file.data, filename=file.name)
            caption = html.escape(file.caption, quote=False) if file.caption else None
            if file.kind == "photo":
                sent = await self.bot.send_photo(
                    chat_id=int(chat_id), photo=payload, caption=caption, parse_mode=ParseMode.HTML, **self._paced
                )
            else:
                sent = await self.bot.send_document(
                    chat_id=int(chat_id), document=payload, caption=caption, parse_mode=ParseMode.HTML,
                    **self._paced,
                )
            last_id = last_id or str(sent.message_id)
        return last_id


class TelegramChannel:
    """Wires one Application's updates to the core and back."""

    def __init__(self, application: Application, make_context: Callable[[], Context]) -> None:
        self.application = application
        self.make_context = make_context
        self.messenger = TelegramMessenger(application.bot)

    def deep_link(self, code: str) -> str | None:
        """https://t.me/<bot>?start=<code>, the link that opens the bot with the invite code."""
        try:
            username = self.application.bot.username
        except RuntimeError:  # not initialised yet: no getMe answer to take the name from
            return None
        return f"https://t.me/{username}?start={code}" if username else None

    async def fetch_file(self, attachment: Attachment) -> bytes | None:
        """Download a file someone sent (Telegram allows bots up to 20 MB)."""
        file = await self.application.bot.get_file(attachment.file_id)
        return bytes(await file.download_as_bytearray())

    async def set_commands(self, lang: str) -> None:
        """The command menu: by default in `lang`, and in each other language for people whose app is in it."""
        for language in LANGUAGES:
            menu = [BotCommand(command, t(key, language)) for command, key in MENU]
            await self.application.bot.set_my_commands(menu, language_code=None if language == lang else language)

    platform = CHANNEL

    async def handle(self, row: InboxRow) -> None:
        """A stored update (a message, an edit or a button press) through the core, and its answers sent."""
        update = Update.de_json(row.update(), self.application.bot)
        incoming = to_incoming(update)
        ctx = self.make_context()
        if incoming is None:
            async with transaction(ctx.db):
                await mark_handled(ctx.db, row.id, ctx.clock())
            return
        if update.callback_query is not None:
            try:
                await update.callback_query.answer()
            except TelegramError as exc:
                log.info("callback query not answered: %s", exc)
        queued: list[OutboxRow] = []
        ctx = replace(ctx, queued=queued, answer_now=lambda answer: self.answer(ctx, incoming, [answer]))
        answers = await dispatch(incoming, ctx, inbox_id=row.id)
        await send_claimed(ctx.db, self.messenger, queued, ctx.clock(), lang=ctx.settings.lang)
        try:
            await self.answer(ctx, incoming, answers)
        except SendError:
            log.exception("could not answer Telegram chat %s", incoming.chat_id)

    async def tell_not_saved(self, update: dict[str, Any]) -> None:
        """Tell the sender their message was not saved (the database refused it, again and again)."""
        incoming = to_incoming(Update.de_json(update, self.application.bot))
        if incoming is not None:
            text = t("not_saved", self.make_context().settings.lang)
            reply_to = incoming.message_id if incoming.button_data is None else None
            await self.messenger.send(incoming.chat_id, OutgoingMessage(text, reply_to=reply_to))

    async def answer(self, ctx: Context, incoming: IncomingMessage, answers: list[OutgoingMessage]) -> None:
        """Send the core's answers not queued in the outbox (those with files, those of read-only commands)
        to the chat and remember what replies to them will mean."""
        for answer in answers:
            message = addressed(incoming, answer)
            await deliver(ctx.db, self.messenger, message.chat_id or incoming.chat_id, message, ctx.clock)
