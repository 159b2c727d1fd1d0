"""`nhacviec tick [--at ISO]`: all due work once (reminders, escalations, summaries), as cron would run it."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

from telegram.error import NetworkError

from bot.commands import UsageError, moment
from bot.commands.database import connected
from bot.config import Settings
from bot.messengers import open_messengers
from i18n import t
from i18n.formats import format_count, format_date, format_time
from schedules.clock import ClockWentBack, check_forward
from schedules.jobs import tick_once
from schedules.sharing import shared_rate
from storage import pg


async def tick(args: argparse.Namespace, settings: Settings) -> int:
    """Send what is due at --at (now by default) through every configured channel; print what was sent.

    A moment before the latest tick is refused (schedules.clock): its reminders were planned and sent already.
    On PostgreSQL, while a worker sends the outbox this waits its turn.
    """
    at = moment(args.at, settings.zone, settings.lang)
    async with connected(settings) as db:
        try:
            await check_forward(db, at)
        except ClockWentBack as exc:
            asked, last = _local(exc.asked, settings.zone, settings.lang), _local(exc.last, settings.zone, settings.lang)
            raise UsageError(t("cli.tick_backwards", settings.lang, at=asked, last=last)) from exc
        opened = False
        try:
            async with open_messengers(settings, db) as messengers:
                opened = True
                if pg.is_url(settings.db):
                    # workers may be sending for the bot too: this run sends within its share of the rate, and
                    # after a worker sending meanwhile (which sends what is due at its own moment, maybe not
                    # at --at)
                    async with shared_rate(str(settings.db)) as limiter:
                        lines = await tick_once(db, messengers, settings, at, limiter=limiter, wait_to_send=True)
                else:
                    lines = await tick_once(db, messengers, settings, at, wait_to_send=True)
        except NetworkError as exc:
            if opened:  # a send's own failure: the outbox retries it; this is no start-up problem
                raise
            raise UsageError(telegram_unreachable(exc, settings)) from None
    for line in lines:
        print(line)
    if lines or sys.stderr.isatty():  # cron mails any output: a run every 5 minutes that sent nothing says nothing
        when = _local(at, settings.zone, settings.lang)
        print(t("cli.tick_sent", settings.lang, sent=format_count(len(lines), settings.lang), at=when),
              file=sys.stderr)  # stdout: a line a message
    return 0


def telegram_unreachable(exc: NetworkError, settings: Settings) -> str:
    """One line for a Telegram that can't be reached (no route, DNS): no traceback for cron to mail."""
    reason = str(exc)
    if settings.telegram_token is not None:
        reason = reason.replace(settings.telegram_token.get_secret_value(), "<token>")
    return t("telegram_unreachable", settings.lang, reason=reason)


def _local(value: datetime, zone: ZoneInfo, lang: str) -> str:
    """"08/04/2022 08:00": a moment in the deployment's zone, as people read it."""
    local = value.astimezone(zone)
    return f"{format_date(local.date(), lang)} {format_time(local, lang)}"
