"""Time-driven work as one pass (`tick_once`), and the resident bot's minute loop around it."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Mapping
from datetime import datetime

import aiosqlite

from chat.messages import Messenger
from schedules.clock import record_tick
from schedules.model import ReminderSettings
from schedules.tick import DayPlan, run_tick
from schedules.weekly import enqueue_weekly_summary

log = logging.getLogger(__name__)

TICK_EVERY_S = 60


def reminder_settings(settings) -> ReminderSettings:
    """The reminder planner's settings from the deployment's."""
    return ReminderSettings(
        send_hour=settings.reminder_time.hour,
        send_minute=settings.reminder_time.minute,
        tz=settings.tz,
        lang=settings.lang,
        typed_channels=settings.typed_channels,
    )


async def tick_once(
    db: aiosqlite.Connection, messengers: Mapping[str, Messenger], settings, now: datetime, **kwargs
) -> list[str]:
    """Every piece of due work once: the weekly summary is queued, then reminders planned and all sent.

    `now` is remembered as the latest tick (schedules.clock); callers with a moment people chose check it
    first with `check_forward`.
    """
    await record_tick(db, now)
    await enqueue_weekly_summary(
        db, now, tz=settings.zone, weekday=settings.summary_weekday, at=settings.summary_time, lang=settings.lang
    )
    return await run_tick(db, messengers, reminder_settings(settings), now, **kwargs)


async def tick_every_minute(
    db: aiosqlite.Connection,
    messengers: Mapping[str, Messenger],
    settings,
    clock: Callable[[], datetime],
    stop: asyncio.Event,
) -> None:
    """`tick_once` now and every minute until `stop` is set; a failed pass is logged and the next one retries.

    The day is planned whole at the first pass of the day (or of the process), then only what changed.
    """
    plan = DayPlan()
    while not stop.is_set():
        try:
            for line in await tick_once(db, messengers, settings, clock(), plan=plan):
                log.info("%s", line)
        except Exception:
            # one failed pass must not stop the scheduler: the next minute retries from the database
            log.exception("scheduled tick failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), TICK_EVERY_S)
