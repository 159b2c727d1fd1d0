"""Time-driven work as one pass (`tick_once`) and its wiring into python-telegram-bot's job queue."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime

import aiosqlite

from handlers.messages import Messenger
from schedules.model import ReminderSettings
from schedules.tick import run_tick
from schedules.weekly import enqueue_weekly_summary

log = logging.getLogger(__name__)

TICK_JOB_ID = "nhacviec-tick"
TICK_EVERY_S = 60


def reminder_settings(settings) -> ReminderSettings:
    """The reminder planner's settings from the deployment's."""
    return ReminderSettings(
        send_hour=settings.reminder_time.hour,
        send_minute=settings.reminder_time.minute,
        tz=settings.tz,
        lang=settings.lang,
    )


async def tick_once(
    db: aiosqlite.Connection, messengers: Mapping[str, Messenger], settings, now: datetime, **kwargs
) -> list[str]:
    """Every piece of due work once: the weekly summary is queued, then reminders planned and all sent."""
    await enqueue_weekly_summary(
        db, now, tz=settings.zone, weekday=settings.summary_weekday, at=settings.summary_time, lang=settings.lang
    )
    return await run_tick(db, messengers, reminder_settings(settings), now, **kwargs)


def schedule_jobs(application, settings, clock: Callable[[], datetime]) -> None:
    """Wake `tick_once` every minute; the job has a fixed id so a restart replaces, never doubles, it."""

    async def tick_job(context) -> None:
        bot_data = context.application.bot_data
        # every channel the composition root opened (Telegram, and Zalo when configured)
        messengers = bot_data.get("messengers") or {"telegram": bot_data["channel"].messenger}
        try:
            lines = await tick_once(bot_data["db"], messengers, settings, clock())
        except Exception:
            # one failed pass must not stop the scheduler: the next minute retries from the database
            log.exception("scheduled tick failed")
            return
        for line in lines:
            log.info("%s", line)

    application.job_queue.run_repeating(
        tick_job, interval=TICK_EVERY_S, first=1, name=TICK_JOB_ID,
        job_kwargs={"id": TICK_JOB_ID, "replace_existing": True, "max_instances": 1, "coalesce": True},
    )
