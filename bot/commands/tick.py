"""`nhacviec tick [--at ISO]`: all due work once (reminders, escalations, summaries), as cron would run it."""

from __future__ import annotations

import argparse
import sys

from bot.commands import moment
from bot.commands.database import connected
from bot.config import Settings
from bot.messengers import open_messengers
from i18n import t
from i18n.formats import format_date, format_time
from schedules.jobs import tick_once


async def tick(args: argparse.Namespace, settings: Settings) -> int:
    """Send what is due at --at (now by default) through every configured channel; print what was sent."""
    at = moment(args.at, settings.zone, settings.lang)
    async with connected(settings) as db, open_messengers(settings, db) as messengers:
        lines = await tick_once(db, messengers, settings, at)
    for line in lines:
        print(line)
    local = at.astimezone(settings.zone)
    when = f"{format_date(local.date(), settings.lang)} {format_time(local, settings.lang)}"
    print(t("cli.tick_sent", settings.lang, sent=len(lines), at=when), file=sys.stderr)  # stdout: one line a message
    return 0
