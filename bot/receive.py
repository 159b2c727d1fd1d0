"""Telegram updates in, by long polling or a webhook: each one stored in the inbox before Telegram is told.

python-telegram-bot's Updater confirms a polled update with its next getUpdates before the update is
handled, and its webhook answers 200 before handlers run; either way an update is lost when the process
dies in between. So both are done here with the public Bot API: polling asks for the next offset only
after the batch is stored, and the webhook answers 200 only after the update is stored (an error
status makes Telegram send it again).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import secrets

import tornado.httpserver
import tornado.netutil
import tornado.web
from telegram import Bot, Update
from telegram.error import InvalidToken, TelegramError

from bot.config import PortUnavailable, Settings
from bot.inbox import Inbox, stop_receiving
from bot.telegram import received

log = logging.getLogger(__name__)

POLL_TIMEOUT_S = 10  # a long poll; stopping doesn't wait for it
MAX_PAUSE_S = 30.0
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
WEBHOOK_PATH = "/telegram"


class TelegramReceiver:
    """Polls getUpdates, or serves the webhook when WEBHOOK_URL is set, into the inbox."""

    def __init__(self, bot: Bot, inbox: Inbox, settings: Settings, *, poll_timeout: int = POLL_TIMEOUT_S) -> None:
        self.bot = bot
        self.inbox = inbox
        self.settings = settings
        self.poll_timeout = poll_timeout
        self.port = settings.port
        self._offset: int | None = None
        self._poller: asyncio.Task[None] | None = None
        self._server: tornado.httpserver.HTTPServer | None = None

    async def start(self) -> None:
        """Start polling, or listen and register the webhook."""
        settings = self.settings
        if settings.webhook_url:
            # without a configured secret, one for this run: Telegram sends it back, anybody else is refused
            secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else secrets.token_urlsafe(32)
            self._listen(secret)
            await self.bot.set_webhook(
                settings.webhook_url.rstrip("/") + WEBHOOK_PATH, secret_token=secret, allowed_updates=Update.ALL_TYPES
            )
        else:
            await self.bot.delete_webhook()
            self._poller = asyncio.create_task(self._poll(), name="nhacviec-telegram-poll")

    async def stop(self) -> None:
        """Stop polling (confirming what is stored) or listening."""
        polling = self._poller is not None
        await stop_receiving(self._poller, self._server)
        self._poller = self._server = None
        if polling and self._offset is not None:
            with contextlib.suppress(TelegramError):
                await self.bot.get_updates(offset=self._offset, timeout=0, limit=1)

    async def _poll(self) -> None:
        failures = 0
        while True:
            try:
                updates = await self.bot.get_updates(
                    offset=self._offset, timeout=self.poll_timeout, allowed_updates=Update.ALL_TYPES
                )
                if updates:
                    await self.inbox.store([received(update.to_dict()) for update in updates])
                    # only now may the next getUpdates confirm them to Telegram
                    self._offset = updates[-1].update_id + 1
                failures = 0
            except InvalidToken:
                raise
            except Exception as exc:  # Telegram unreachable, or the database failed otherwise
                failures += 1
                pause = min(2.0 ** (failures - 1), MAX_PAUSE_S)
                log.warning("Telegram updates not received (%s); again in %.0f s", exc, pause)
                await asyncio.sleep(pause)

    def _listen(self, secret: str) -> None:
        inbox = self.inbox

        class WebhookHandler(tornado.web.RequestHandler):
            async def post(self) -> None:
                given = self.request.headers.get(SECRET_HEADER) or ""
                if not hmac.compare_digest(given.encode(), secret.encode()):
                    log.warning("refused a Telegram webhook call: wrong or missing secret token")
                    self.set_status(403)
                    return
                try:
                    data = json.loads(self.request.body)
                    item = received(data)
                except (ValueError, KeyError, TypeError):
                    self.set_status(400)
                    return
                try:
                    await inbox.receive([item])
                except Exception as exc:  # not stored: an error status makes Telegram send it again
                    log.warning("Telegram update %s not stored (%s); Telegram will send it again", item.update_key, exc)
                    self.set_status(503)
                    return
                self.set_status(200)

        app = tornado.web.Application([(WEBHOOK_PATH, WebhookHandler)])
        server = tornado.httpserver.HTTPServer(app)
        try:
            sockets = tornado.netutil.bind_sockets(self.port, self.settings.webhook_listen)
        except OSError as exc:  # a second bot on the same port, said in one line by `run`
            raise PortUnavailable("PORT", self.port, self.settings.webhook_listen, exc) from None
        self.port = sockets[0].getsockname()[1]
        server.add_sockets(sockets)
        self._server = server
