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
from schedules.model import Agency, Digest, LatestReport, OccurrenceInfo, Person, ReminderSettings
from schedules.planner import plan_reminders, planning_day
from schedules.ratelimit import Limiter
from storage import outbox
from storage import reminders as reminder_repo
from storage.db import transaction

log = logging.getLogger(__name__)


def _occurrence(row: reminder_repo.OccurrenceRow) -> OccurrenceInfo:
    return OccurrenceInfo(
        occurrence_id=row.occurrence_id,
        milestone_id=row.milestone_id,
        task_id=row.task_id,
        plan_code=row.plan_code,
        task_number=row.task_number,
        task_title=row.task_title,
        deliverable=row.deliverable,
        kind=row.kind,  # type: ignore[arg-type]
        due=row.due,
        leads=tuple(Agency(i, name) for i, name in row.leads),
        label=row.label,
        previous_due=row.previous_due,
        triggered_on=row.triggered_on,
        reminded_before_due=row.reminded_before_due,
    )


def _horizon(today: date, settings: ReminderSettings) -> date:
    # the earliest stage is max(stages_before) working days ahead; weekends and Tết stretch that
    return today + timedelta(days=2 * max(settings.stages_before, default=0) + 21)


async def plan_and_enqueue(
    db: aiosqlite.Connection, settings: ReminderSettings, now: datetime
) -> list[Digest]:
    """Plan today's reminders and queue the new ones as digests; returns what was queued.

    Reading and planning happen outside the write lock (they take seconds at 100,000 occurrences);
    the queueing transaction re-reads the day's log, so a process that raced us adds nothing twice.
    """
    today = planning_day(now, settings)
    if today is None:
        return []
    rows = await reminder_repo.load_occurrences(db, _horizon(today, settings))
    occurrences = [_occurrence(r) for r in rows]
    people = [
        Person(p.user_id, p.role, p.agency_id, p.channel, p.chat_id, p.lang, p.name)  # type: ignore[arg-type]
        for p in await reminder_repo.load_people(db)
    ]
    reports = [
        LatestReport(r.task_id, r.occurrence_id, r.agency_id, r.status, r.created_at)  # type: ignore[arg-type]
        for r in await reminder_repo.load_latest_reports(db, now)
    ]
    intents = plan_reminders(occurrences, people, reports, settings, now)
    logged = await reminder_repo.logged_keys(db, today)
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

