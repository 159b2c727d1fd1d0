"""Digests about to be sent, checked against what still exists: a plan removed (`/plan_remove`), a task a
re-import archived, a lead agency taken off a task or a person unlinked after the digest was queued.

The dispatcher asks this of every digest it claims, so no way of removing something has to remember the
outbox. A digest listing only what is gone is not sent (dead, with the reason); one that also lists what
still exists is made again from the database, as the planner makes it, without the rest, and queued as
that person's next digest of the day.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import date, datetime, timedelta

import aiosqlite

from chat.messages import OutgoingMessage
from schedules.digest import build_digests, digest_key
from schedules.model import Delivery, ReminderItem, ReminderSettings
from schedules.planner import plan_items
from storage import outbox, queued
from storage import reminders as reminder_repo
from storage.db import reading, transaction
from storage.reminders import LatestReport, OccurrenceInfo, Person, Scope

log = logging.getLogger(__name__)

GONE = "withdrawn: what it listed was removed after it was queued"


async def without_removed(
    db: aiosqlite.Connection, rows: Sequence[outbox.OutboxRow], settings: ReminderSettings, now: datetime
) -> list[outbox.OutboxRow]:
    """The claimed rows still to send as they are; the others are dead, and a digest that still lists
    something is queued again without what is gone (sent later in the same run).

    A long digest queued in parts (`…|part:2`, each listing all its items) is checked once, as its first part
    is: a later part goes out when the first did and dies with it when it was dropped or made again (the new
    digest lists everything still due), so no part is lost after the first went out, nor repeated in a
    digest made again."""
    digests = [r for r in rows if r.kind == "digest" and r.user_id is not None]
    if not digests:
        return list(rows)
    firsts = [row for row in digests if "|part:" not in row.key]
    listed = {
        row.id: [(row.user_id, i["task"], i.get("occurrence"), i.get("agency"), i.get("role")) for i in row.items()]
        for row in firsts
    }
    async with transaction(db):
        lost = await queued.gone(db, [line for lines in listed.values() for line in lines]) if listed else set()
        dropped = {row.key for row in firsts if any(line in lost for line in listed[row.id])}
        dropped |= await _dropped_before(db, [row for row in digests if "|part:" in row.key], {r.key for r in firsts})
    if not dropped:
        return list(rows)
    keep: list[outbox.OutboxRow] = []
    for row in rows:
        if row.kind != "digest" or row.user_id is None or _first_key(row.key) not in dropped:
            keep.append(row)
            continue
        again = None
        if row.id in listed:
            still = [(line[1], line[2]) for line in listed[row.id] if line not in lost]
            if still:
                again = await _digest_again(db, row, set(still), settings, now)
        async with transaction(db):
            await outbox.mark_dead(db, row.id, GONE)
            if again is not None:
                await outbox.enqueue_each(
                    db, [outbox.Queued(digest_key(row.user_id, _day(row)), "digest", row.channel, row.chat_id,
                                       row.user_id, again)], now,
                )
        log.info("outbox row %s: %s%s", row.id, GONE, " (made again without it)" if again else "")
    return keep


def _first_key(key: str) -> str:
    # a part's key is its first part's with "|part:n"
    return key.split("|part:")[0]


async def _dropped_before(db: aiosqlite.Connection, parts: Sequence[outbox.OutboxRow], claimed: set[str]) -> set[str]:
    """The first parts' keys of `parts`, not claimed with them, that were dropped or made again earlier."""
    found = set()
    for key in {_first_key(row.key) for row in parts} - claimed:
        first = await outbox.by_key(db, key)
        if first is not None and first.state == "dead" and first.last_error == GONE:
            found.add(key)
    return found


def _day(row: outbox.OutboxRow) -> date:
    # digest:user:<id>|<day>[|n][|part:n]
    return date.fromisoformat(row.key.split("|")[1])


async def _digest_again(
    db: aiosqlite.Connection, row: outbox.OutboxRow, still: set[tuple[int, int | None]],
    settings: ReminderSettings, now: datetime,
) -> OutgoingMessage | None:
    """The person's digest of the items `still` listed, planned again from the database at `now` (None when
    none is due any more: another day, a report since)."""
    day = _day(row)
    scope = Scope(tasks=frozenset(task for task, _ in still))
    async with reading(db) as own:
        occurrences = await reminder_repo.load_occurrences(
            own, settings.horizon(day), scope, reminded_since=day - timedelta(days=31)
        )
        people = await reminder_repo.load_people(own)
        reports = await reminder_repo.load_latest_reports(own, now, scope)
        last_planned = await reminder_repo.last_planned_day(own, day)
    items = await asyncio.to_thread(_items_for, row.user_id, day, still, occurrences, people, reports, settings,
                                    now, last_planned)
    digests = build_digests(items, settings)
    return digests[0].message if digests else None


def _items_for(
    user_id: int, day: date, still: set[tuple[int, int | None]], occurrences: list[OccurrenceInfo],
    people: list[Person], reports: list[LatestReport], settings: ReminderSettings, now: datetime,
    last_planned: date | None,
) -> list[ReminderItem]:
    """The items of `day` planned at `now` that the digest listed and that still go to the person, theirs alone."""
    found = []
    for item in plan_items(occurrences, people, reports, settings, now, last_planned):
        occ = item.occurrence
        if item.day != day or (occ.task_id, occ.occurrence_id) not in still:
            continue
        mine = tuple(
            Delivery(d.reason, people_) for d in item.deliveries
            if (people_ := tuple(p for p in d.people if p.user_id == user_id))
        )
        if mine:
            found.append(item._replace(deliveries=mine))
    return found
