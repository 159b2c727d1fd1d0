"""One pass of due reminder work: plan today's reminders, queue one digest per person, send the outbox.

`nhacviec tick --at …` and the resident scheduler both call `run_tick`; the database is the truth, so
running it twice (or in two processes) sends nothing twice: intents already logged for the day are
dropped before digests are built, and digests go through the outbox's unique keys.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Mapping
from datetime import date, datetime, timedelta

import aiosqlite

from chat.messages import Messenger
from schedules.digest import build_digests
from schedules.dispatcher import MAX_ATTEMPTS, DispatchResult, Sleep, dispatch_outbox
from schedules.model import Digest, ReminderSettings
from schedules.planner import plan_reminders, planning_day
from schedules.ratelimit import Limiter
from storage import outbox
from storage import reminders as reminder_repo
from storage.db import reading, transaction

log = logging.getLogger(__name__)


def _horizon(today: date, settings: ReminderSettings) -> date:
    # the earliest stage is max(stages_before) working days ahead; weekends and Tết stretch that
    return today + timedelta(days=2 * max(settings.stages_before, default=0) + 21)


async def plan_and_enqueue(
    db: aiosqlite.Connection, settings: ReminderSettings, now: datetime
) -> list[Digest]:
    """Plan today's reminders and queue the new ones as digests; returns what was queued.

    Reading (on a connection of its own) and planning happen outside the write lock (they take seconds
    at 100,000 occurrences); the queueing transaction re-reads the day's log, so a process or a tick
    that raced us adds nothing twice.
    """
    today = planning_day(now, settings)
    if today is None:
        return []
    async with reading(db) as own:  # seconds at 100,000 occurrences: not on the shared connection
        occurrences = await reminder_repo.load_occurrences(own, _horizon(today, settings))
        people = await reminder_repo.load_people(own)
        reports = await reminder_repo.load_latest_reports(own, now)
        logged = await reminder_repo.logged_keys(own, today)
    intents = plan_reminders(occurrences, people, reports, settings, now)
    digests = build_digests([i for i in intents if i.key not in logged], settings)
    if not digests:
        return []
    queued: list[Digest] = []
    async with transaction(db):
        logged = await reminder_repo.logged_keys(db, today)
        for digest in digests:
            if any(k in logged for k in digest.intent_keys):
                remaining = [i for i in digest.intents if i.key not in logged]
                if not remaining:
                    continue
                (digest,) = build_digests(remaining, settings)
            queued.append(await _enqueue_digest(db, digest, now))
    return queued


async def _enqueue_digest(db: aiosqlite.Connection, digest: Digest, now: datetime) -> Digest:
    # a second digest the same day (new items since the first) gets its own key
    key, n = digest.key, 1
    while await outbox.key_exists(db, key):
        n += 1
        key = f"{digest.key}|{n}"
    await outbox.enqueue(
        db, key, "digest", digest.channel, digest.chat_id, digest.user_id, digest.message, now
    )
    entries = [
        reminder_repo.LogEntry(
            key=i.key,
            occurrence_id=i.occurrence.occurrence_id,
            milestone_id=i.occurrence.milestone_id,
            task_id=i.occurrence.task_id,
            agency_id=i.agency.id,
            user_id=i.user_id,
            stage=i.stage,
            reason=i.reason,
            day=i.day,
        )
        for i in digest.intents
    ]
    await reminder_repo.log_intents(db, entries, key, now)
    return dataclasses.replace(digest, key=key)


async def run_tick(
    db: aiosqlite.Connection,
    messengers: Mapping[str, Messenger],
    settings: ReminderSettings,
    now: datetime,
    *,
    limiter: Limiter | None = None,
    sleep: Sleep = asyncio.sleep,
    max_attempts: int = MAX_ATTEMPTS,
) -> list[str]:
    """Plan, queue and send everything due at `now`; one line per message sent."""
    try:
        await plan_and_enqueue(db, settings, now)
    except Exception:
        # what is already queued still goes out
        log.exception("planning reminders failed at %s", now.isoformat())
    result: DispatchResult = await dispatch_outbox(
        db, messengers, now, limiter=limiter, sleep=sleep, max_attempts=max_attempts, lang=settings.lang
    )
    return [d.line() for d in result.delivered]

