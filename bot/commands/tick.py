"""`nhacviec tick [--at ISO]`: all due work once (reminders, escalations, summaries), as cron would run it."""

from __future__ import annotations

import argparse

from bot.commands import moment
from bot.commands.database import connected
from bot.config import Settings
from bot.messengers import open_messengers
from schedules.jobs import tick_once


async def tick(args: argparse.Namespace, settings: Settings) -> int:
    """Send what is due at --at (now by default) through every configured channel; print what was sent."""
    at = moment(args.at, settings.zone)
    async with connected(settings) as db, open_messengers(settings, db) as messengers:
        lines = await tick_once(db, messengers, settings, at)
    for line in lines:
        print(line)
    return 0
