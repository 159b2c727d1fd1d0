"""Messengers for commands that send outside a running bot (`nhacviec tick`)."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from handlers.messages import Messenger, OutgoingMessage


class PrintMessenger:
    """Console identities (the demo's people) get their messages printed on stdout."""

    channel = "console"

    def __init__(self) -> None:
        self.count = 0

    async def send(self, chat_id: str, message: OutgoingMessage) -> str:
        """Print the message and number it."""
        self.count += 1
        sys.stdout.write(f"--- tới {chat_id} (#{self.count}) ---\n{message.text}\n")
        return str(self.count)


@asynccontextmanager
async def open_messengers(settings) -> AsyncIterator[dict[str, Messenger]]:
    """Every channel the settings configure, opened for the duration of one command."""
    messengers: dict[str, Messenger] = {"console": PrintMessenger()}
    if settings.telegram_token is None:
        yield messengers
        return
    from telegram import Bot

    from bot.telegram import TelegramMessenger

    kwargs = {}
    if settings.telegram_base_url:
        base = settings.telegram_base_url.rstrip("/")
        kwargs = {"base_url": base, "base_file_url": base.removesuffix("/bot") + "/file/bot"}
    async with Bot(settings.telegram_token.get_secret_value(), **kwargs) as bot:
        messengers["telegram"] = TelegramMessenger(bot)
        yield messengers
