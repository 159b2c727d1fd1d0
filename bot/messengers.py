"""Messengers for commands that send outside a running bot (`nhacviec tick`)."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

import aiosqlite
from telegram import Bot

from bot.config import Settings, core_settings, system_clock
from bot.telegram import TelegramMessenger
from bot.zalo import ZaloMessenger
from bot.zalo_api import ZaloApi
from chat.messages import Messenger, OutgoingMessage
from i18n import t
from storage.db import open_db


class PrintMessenger:
    """Console identities (the demo's people) get their messages printed on stdout."""

    channel = "console"

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.count = 0

    async def send(self, chat_id: str, message: OutgoingMessage) -> str:
        """Print the message and number it."""
        self.count += 1
        sys.stdout.write(t("printed_to", self.lang, chat_id=chat_id, number=self.count) + f"\n{message.text}\n")
        return str(self.count)


@asynccontextmanager
async def open_messengers(
    settings: Settings, db: aiosqlite.Connection | None = None
) -> AsyncIterator[dict[str, Messenger]]:
    """Every channel the settings configure, opened for the duration of one command.

    Zalo keeps per-chat state and its monthly count in the database: pass the command's connection as
    `db`, or one is opened for it.
    """
    messengers: dict[str, Messenger] = {"console": PrintMessenger(settings.lang)}
    async with AsyncExitStack() as stack:
        if settings.telegram_token is not None:
            kwargs = {}
            if settings.telegram_base_url:
                base = settings.telegram_base_url.rstrip("/")
                kwargs = {"base_url": base, "base_file_url": base.removesuffix("/bot") + "/file/bot"}
            bot = await stack.enter_async_context(Bot(settings.telegram_token.get_secret_value(), **kwargs))
            messengers["telegram"] = TelegramMessenger(bot)
        if settings.zalo_token is not None:
            if db is None:
                db = await open_db(settings.db)
                stack.push_async_callback(db.close)
            api = ZaloApi(settings.zalo_token.get_secret_value(), settings.zalo_base_url)
            stack.push_async_callback(api.aclose)
            core = core_settings(settings)
            messengers["zalo"] = ZaloMessenger(
                api, db, clock=system_clock, tz=core.tz, lang=core.lang, quota=settings.zalo_monthly_quota,
                files_dir=core.files_dir, public_url=settings.zalo_public_files_url,
            )
        yield messengers
