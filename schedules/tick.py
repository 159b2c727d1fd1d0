"""One pass of due reminder work: plan today's reminders, queue one digest per person, send the outbox.

`nhacviec tick --at …` and the resident scheduler both call `run_tick`; the database is the truth, so
running it twice (or in two processes) sends nothing twice: intents already logged for the day are
dropped before digests are built, and digests go through the outbox's unique keys.

The resident scheduler keeps a `DayPlan`: it plans the whole day at its first tick of the day and
afterwards only what the `plan_changes` rows name (a report, an import, a /trigger, someone linked…),
so a minute with nothing new costs two small queries and the dispatch. Without one (`nhacviec tick`)
every pass plans the whole day: the same reminders, at the full cost.

Once a day (the first pass after local midnight, or of the process) a pass also keeps the day's on-time
counts for the roll-ups (storage.rollups.warm_states), so the day's first /summary does not work them out.
"""

from __future__ import annotations

import asyncio
import dataclasses
import gc
import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import islice
from zoneinfo import ZoneInfo

import aiosqlite

from chat.messages import Messenger
from schedules.digest import build_digests, with_new_numbers
from schedules.dispatcher import MAX_ATTEMPTS, DispatchResult, Sleep, dispatch_outbox
from schedules.model import Delivery, Digest, ReminderItem, ReminderSettings
from schedules.planner import plan_items, planning_day, tasks_examined
from schedules.ratelimit import Limiter
from storage import outbox, renumbering
from storage import reminders as reminder_repo
from storage.db import only_one, reading, transaction
from storage.reminders import CHUNK, EVERYTHING, LatestReport, LoggedItem, OccurrenceInfo, Person, Scope
from storage.rollups import warm_states

log = logging.getLogger(__name__)


@dataclass
class DayPlan:
    """What one process planned: the local day, the last change it read, and when it planned."""

    day: date | None = None
    change_id: int = 0
    planned_at: datetime | None = None


async def plan_and_enqueue(
    db: aiosqlite.Connection, settings: ReminderSettings, now: datetime, plan: DayPlan | None = None
) -> list[Digest]:
    """Plan today's reminders and queue the new ones as digests; returns what was queued.

    With a `plan` of today, only what changed since it is planned again (nothing, when nothing did).
    Reading happens on a connection of its own and planning on a worker thread, so chats are answered
    meanwhile; the digests and their log rows are written in one unit of work that first re-reads the
    log rows written since the planning read it, so a process or a tick that raced us adds nothing twice.
    """
    # the first call of a year loads that year's holiday calendar: a third of a second, off the loop
    today = await asyncio.to_thread(planning_day, now, settings)
    if today is None:
        return []
    with _collector_paused():
        async with reading(db) as own:  # seconds at national scale: not on the shared connection
            change_id = await reminder_repo.last_change(own)
            if plan is None or plan.day != today or plan.planned_at is None:
                scope = EVERYTHING
            else:
                scope = await reminder_repo.changes_since(own, plan.change_id, plan.planned_at, now)
            if scope:
                seen = await reminder_repo.last_logged(own)  # before the log is read: later rows are re-read
                items = await _plan(own, scope, today, settings, now)
        if scope:
            queued = await _enqueue_new(db, items, today, settings, now, seen, whole=scope.everything)
        else:
            queued = []
    if plan is not None:
        if scope.everything:
            async with transaction(db):
                await reminder_repo.prune_changes(db, change_id, now)
        plan.day, plan.change_id, plan.planned_at = today, change_id, now
    return queued


# a plan that leaves more objects than this alive is frozen on the way out rather than walked
FREEZE_ABOVE = 100_000


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector held off while a plan is made and written. The day's first planning at
    national scale makes a million objects that reference counting frees: the collector walked them a dozen
    times (a fifth of its CPU), holding up the event loop a quarter of a second each time. When what the
    plan still holds at the end (the digests it returns) is that large, it is frozen rather than walked once
    more on the way out, and given back to the collector by the next plan, a minute later, when it is
    garbage (a cycle that became garbage meanwhile is collected then)."""
    enabled = gc.isenabled()
    gc.unfreeze()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_count()[0] > FREEZE_ABOVE:  # objects made since the last collection and still alive
            gc.freeze()
        if enabled:
            gc.enable()


async def _plan(
    db: aiosqlite.Connection, scope: Scope, today: date, settings: ReminderSettings, now: datetime
) -> list[ReminderItem]:
    """Today's items for the lead pairs of `scope`, without the people they are logged for already."""
    # "reminded before due" matters the working day after the due day: a month back covers Tết
    occurrences = await reminder_repo.load_occurrences(
        db, settings.horizon(today), scope, reminded_since=today - timedelta(days=31)
    )
    people = await reminder_repo.load_people(db)
    # stages of the days since the latest day planned are caught up (a database that never planned a day
    # has nothing to catch up: it starts today)
    last_planned = await reminder_repo.last_planned_day(db, today)
    if scope.everything:
        # at national scale a third of the tasks are at a stage on a given day: read only their reports
        scope = Scope(tasks=frozenset(tasks_examined(occurrences, settings, now, last_planned)))
    reports = await reminder_repo.load_latest_reports(db, now, scope) if scope else []
    logged = await reminder_repo.logged_keys(db, today, scope)
    # pure work of seconds at national scale: off the event loop
    return await asyncio.to_thread(_unlogged, occurrences, people, reports, logged, settings, now, last_planned)


def _unlogged(
    occurrences: list[OccurrenceInfo],
    people: list[Person],
    reports: list[LatestReport],
    logged: set[str],
    settings: ReminderSettings,
    now: datetime,
    last_planned: date | None,
) -> list[ReminderItem]:
    items = plan_items(occurrences, people, reports, settings, now, last_planned)
    return _without(items, logged)


def _without(items: list[ReminderItem], logged: set[str]) -> list[ReminderItem]:
    """The items without the people they are logged for (an item left with nobody goes)."""
    if not logged:
        return items
    return [kept for item in items if (kept := item.without(logged)) is not None]


async def _enqueue_new(
    db: aiosqlite.Connection,
    items: list[ReminderItem],
    today: date,
    settings: ReminderSettings,
    now: datetime,
    seen: int,
    *,
    whole: bool,
) -> list[Digest]:
    """Queue one digest per person of the items and log them, in one unit of work, leaving out what was
    logged after row `seen` (by another process, meanwhile); a `whole` day's plan marks the day planned."""
    digests = await asyncio.to_thread(build_digests, items, settings)
    async with transaction(db):
        raced = await reminder_repo.logged_since(db, today, seen)
        if raced:
            items = _without(items, raced)
            digests = await asyncio.to_thread(build_digests, items, settings)
        digests = await _told_new_numbers(db, digests, now)
        keys = await outbox.enqueue_each(
            db, [outbox.Queued(d.key, "digest", d.channel, d.chat_id, d.user_id, d.message) for d in digests], now
        )
        # a second digest the same day (new items since the first) has a key of its own
        queued = [d if key == d.key else dataclasses.replace(d, key=key) for d, key in zip(digests, keys, strict=True)]
        # made as they are written, a few milliseconds of the event loop at a time (166,000 rows at national scale)
        rows = _logged_items(items)
        while chunk := list(islice(rows, CHUNK)):
            await reminder_repo.log_items(db, chunk, now)
        if whole:
            await reminder_repo.mark_planned(db, today, now)
    return queued


# a re-import's new numbers are said in the next digest of each person of an agency it renumbered: a person
# without one for a quarter (none of their tasks due) is not told of changes older than that
_RENUMBERED_WITHIN = timedelta(days=92)


async def _told_new_numbers(db: aiosqlite.Connection, digests: list[Digest], now: datetime) -> list[Digest]:
    """The digests, each to a person of an agency whose tasks a re-import renumbered since that person's
    previous digest saying the new numbers in one line (once: the next digest comes after this one)."""
    agencies = {d.person.agency_id for d in digests if d.person.agency_id is not None and d.person.role != "secretary"}
    changes = await renumbering.agencies_renumbered(db, agencies, now - _RENUMBERED_WITHIN)
    if not changes:
        return digests
    told = []
    for digest in digests:
        person = digest.person
        agency_id = person.agency_id
        theirs = changes.get(agency_id) if agency_id is not None and person.role != "secretary" else None
        moved: dict[int, tuple[str, str]] = {}  # task id → its number before the first change since, and now
        # a person never sent a digest saw no numbers to unlearn
        since = await renumbering.last_digest_at(db, person.channel, person.chat_id) if theirs else None
        for change in theirs or ():
            if since is not None and change.at >= since:
                moved[change.task_id] = (moved.get(change.task_id, (change.old, ""))[0], change.new)
        pairs = [(old, new) for old, new in moved.values() if old != new]
        told.append(with_new_numbers(digest, pairs) if pairs else digest)
    return told


def _logged_items(items: list[ReminderItem]) -> Iterator[LoggedItem]:
    """The items as log rows, one each, naming everyone it goes to."""
    # the deliveries of an agency's items are one shared tuple: their people and reasons read once
    people: dict[int, tuple[bool, tuple[int, ...]]] = {}
    for item in items:
        found = people.get(id(item.deliveries))
        if found is None:
            found = people[id(item.deliveries)] = _users(item.deliveries)
        occ = item.occurrence
        yield LoggedItem(item.day, occ.task_id, item.agency.id, occ.occurrence_id, occ.milestone_id, item.stage, *found)


def _users(deliveries: tuple[Delivery, ...]) -> tuple[bool, tuple[int, ...]]:
    # whether the agency's own people got it ahead of the due day, and everyone's id
    upcoming = any(d.reason == "upcoming" for d in deliveries)
    return upcoming, tuple(p.user_id for d in deliveries for p in d.people)


async def run_tick(
    db: aiosqlite.Connection,
    messengers: Mapping[str, Messenger],
    settings: ReminderSettings,
    now: datetime,
    *,
    limiter: Limiter | None = None,
    sleep: Sleep = asyncio.sleep,
    max_attempts: int = MAX_ATTEMPTS,
    plan: DayPlan | None = None,
    wait_to_send: bool = False,
) -> list[str]:
    """Plan (what changed since `plan`, or the whole day), queue and send everything due at `now`; one line
    per message sent. With `wait_to_send` (`nhacviec tick`: due at a moment of its own), a pass finding
    another worker sending waits its turn instead of leaving its due rows to the next pass."""
    queued: list[Digest] = []
    try:
        # several workers on one PostgreSQL database: one plans at a time, the others skip this pass
        async with only_one(db, "planning") as mine:
            if mine:
                queued = await plan_and_enqueue(db, settings, now, plan)
    except Exception:
        # what is already queued still goes out
        log.exception("planning reminders failed at %s", now.isoformat())
    try:
        # once a day (the first pass after local midnight, or of the process): the day's first /summary
        # then reads the on-time counts instead of working them out while a secretary waits
        await warm_states(db, as_of=now, tz=ZoneInfo(settings.tz))
    except Exception:
        # the roll-ups work out what is not kept: the same answers, later
        log.exception("keeping the day's on-time counts failed at %s", now.isoformat())
    # one worker sends at a time: Telegram's 30 messages a second are the bot's, not each worker's (a worker
    # that dies releases the lock with its connection; the rows it held come back when their lease runs out).
    # A worker that has just queued reminders waits its turn instead of skipping it: the one sending may
    # have looked for due rows before these were queued, and then nobody would send them this pass
    async with only_one(db, "dispatch", wait=wait_to_send or bool(queued)) as mine:
        if not mine:
            return []
        result: DispatchResult = await dispatch_outbox(
            db, messengers, now, limiter=limiter, sleep=sleep, max_attempts=max_attempts, lang=settings.lang,
            settings=settings,
        )
        return [d.line() for d in result.delivered]

