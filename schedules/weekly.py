"""The committee's weekly summary, posted once per week to the committee chat through the outbox."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import aiosqlite

from chat.messages import OutgoingMessage
from i18n import t
from i18n.formats import format_date
from plans.periods import week_start
from plans.workdays import is_working_day
from reports.text import render_text
from storage import outbox
from storage.db import only_one, transaction
from storage.people import get_value
from storage.rollups import compute_rollup
from storage.unheard import find_unheard

COMMITTEE_KEY = "committee_chat"  # "channel:chat id", set by /set_committee


def summary_key(channel: str, chat_id: str, monday: date) -> str:
    """One weekly summary per committee chat per week, whatever restarts or ticks happen."""
    return f"summary:week|{channel}:{chat_id}|{monday.isoformat()}"


def posting_day(monday: date, weekday: int) -> date | None:
    """The day the week of `monday` gets its summary: the set weekday, or, when that is a public holiday (Friday
    01/01), the last working day before it in the week, as an office hands its weekly report in before the
    holiday (else the first working day after it in the week); None when the whole working week is off (Tết).
    A weekend day set on purpose (NHACVIEC_SUMMARY_WEEKDAY=5) stays as set."""
    day = monday + timedelta(days=weekday)
    if day.weekday() >= 5 or is_working_day(day):
        return day
    week = [monday + timedelta(days=n) for n in range(5)]
    before = [d for d in week if d < day and is_working_day(d)]
    after = [d for d in week if d > day and is_working_day(d)]
    return before[-1] if before else after[0] if after else None


async def enqueue_weekly_summary(
    db: aiosqlite.Connection, now: datetime, *, tz: ZoneInfo, weekday: int, at: time, lang: str = "vi"
) -> str | None:
    """Queue this week's summary once its moment (default Friday 16:00; on a holiday, `posting_day`) has
    passed; returns the key queued.

    A moment missed while the bot was down is caught up when it comes back in the same week (Friday evening,
    the weekend), saying it is late; from Monday on that week's post is not sent: its figures would be the
    new week's, and the next post is due on Friday.
    """
    local = now.astimezone(tz)
    monday = week_start(local.date())
    day = posting_day(monday, weekday)
    if day is None:
        return None
    moment = datetime.combine(day, at, tzinfo=tz)
    if local < moment:
        return None
    # several workers on one PostgreSQL database: one makes the summary (the outbox key keeps it one post)
    async with only_one(db, "weekly summary") as mine:
        if not mine:
            return None
        async with transaction(db):
            committee = await get_value(db, COMMITTEE_KEY)
            if not committee or ":" not in committee:
                return None
            channel, chat_id = committee.split(":", 1)
            key = summary_key(channel, chat_id, monday)
            if await outbox.key_exists(db, key):
                return None
            unheard = await find_unheard(db)
        rollup = await compute_rollup(db, as_of=now, period="week", tz=tz, details=False)  # the text needs no lines
        text = "\n\n".join(render_text(rollup, lang, limit=1_000_000, unheard=unheard))  # the channel splits it
        if local.date() > moment.date():
            late = t("weekly.caught_up", lang, time=f"{at:%H:%M}", day=format_date(moment.date(), lang))
            text = f"{late}\n\n{text}"
        async with transaction(db):
            queued = await outbox.enqueue(
                db, key, "summary", channel, chat_id, None, OutgoingMessage(text, kind="summary"), now
            )
        return key if queued else None
