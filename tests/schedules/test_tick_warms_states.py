"""The minute tick keeps the day's on-time counts (storage.rollups.warm_states) before any /summary asks.

The world is the roll-up scenario (tests/rollup_world.py); now is Monday 10/03/2025 09:00 in Vietnam. A fresh
roll-up (inside a unit of work) neither reads nor writes the kept counts. Roll-ups run on SQLite only (a
PostgreSQL one costs 0.3-0.5 s here, and the SQL is the same); what the tick writes is checked on both.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import aiosqlite
import asyncpg
import pytest

from schedules.model import ReminderSettings
from schedules.tick import run_tick
from storage import rollup_states
from storage.db import open_db, transaction, utc_iso
from storage.rollups import compute_rollup, warm_states
from tests.helpers import FakeMessenger, FakeSleep, add_person

both_backends = pytest.mark.both_backends
TODAY = "2025-03-10 +25200 seconds"  # the kept counts' local day and offset (Vietnam, +7)


async def _tick(db: aiosqlite.Connection, moment: datetime) -> None:
    await run_tick(db, {"telegram": FakeMessenger()}, ReminderSettings(), moment, sleep=FakeSleep())


async def _kept(db: aiosqlite.Connection) -> tuple[str | None, int, int, int]:
    """The kept counts' day and offset, their rows, the rows with counts, and the sum of their counts."""
    async with db.execute("SELECT value FROM kv WHERE key = 'rollup_states'") as cur:
        row = await cur.fetchone()
    async with db.execute(
        "SELECT COUNT(*), COUNT(on_time), COALESCE(SUM(on_time + late + open + overdue), 0) FROM rollup_states"
    ) as cur:
        rows, filled, total = await cur.fetchone()
    return (row[0] if row else None), rows, filled, total


async def _pairs(db: aiosqlite.Connection, as_of: datetime) -> int:
    """The lead pairs a roll-up at `as_of` may keep counts for: active tasks, latest report not later."""
    async with db.execute(
        "SELECT COUNT(*) FROM lead_pairs lp JOIN tasks t ON t.id = lp.task_id"
        " WHERE t.active = 1 AND COALESCE(lp.created_at <= ?, TRUE)",
        (utc_iso(as_of),),
    ) as cur:
        (pairs,) = await cur.fetchone()
    return pairs


async def _figures(db: aiosqlite.Connection, as_of: datetime, tz: ZoneInfo, *, fresh: bool = False) -> tuple:
    """Each agency's counts (on-time states included) and the totals; `fresh`: without the kept counts."""
    if fresh:
        async with transaction(db):
            rollup = await compute_rollup(db, as_of=as_of, period="week", tz=tz, details=False, shards=1)
    else:
        rollup = await compute_rollup(db, as_of=as_of, period="week", tz=tz, details=False, shards=1)
    return rollup.totals, tuple((a.agency_id, a.counts) for a in rollup.agencies)


@both_backends
async def test_the_days_first_tick_keeps_every_pairs_counts_and_the_next_tick_nothing(db, world, now) -> None:
    pairs = await _pairs(db, now)
    assert pairs > 5
    await _tick(db, now)
    state, rows, filled, total = await _kept(db)
    assert (state, rows, filled) == (TODAY, pairs, pairs)
    # a count no roll-up gives: a tick that kept the counts again would put it back
    await db.execute("UPDATE rollup_states SET on_time = on_time + 100")
    await _tick(db, now + timedelta(minutes=1))
    assert await _kept(db) == (TODAY, pairs, pairs, total + 100 * pairs)


async def test_the_next_roll_up_reads_what_the_tick_kept(db, world, now, tz) -> None:
    await _tick(db, now - timedelta(minutes=15))  # 08:45, after the world's last report
    kept, pairs = await _kept(db), await _pairs(db, now)
    assert kept[:3] == (TODAY, pairs, pairs)
    fresh = await _figures(db, now, tz, fresh=True)
    assert await _figures(db, now, tz) == fresh
    assert await _kept(db) == kept  # nothing left to work out: nothing written
    # read, not worked out again: a count no roll-up gives shows
    await db.execute("UPDATE rollup_states SET on_time = on_time + 100")
    totals, _ = await _figures(db, now, tz)
    assert totals.done_on_time == fresh[0].done_on_time + 100 * pairs


async def test_a_roll_up_after_a_warming_that_stopped_half_way(db, world, now, tz) -> None:
    # the day named and every pair claimed, no count written (the process stopped): worked out by the roll-up
    await db.execute("INSERT INTO kv (key, value) VALUES ('rollup_states', ?)", (TODAY,))
    await db.execute("INSERT INTO rollup_states (task_id, agency_id, claim) SELECT lp.task_id, lp.agency_id, 7"
                     " FROM lead_pairs lp JOIN tasks t ON t.id = lp.task_id WHERE t.active = 1")
    assert await _figures(db, now, tz) == await _figures(db, now, tz, fresh=True)
    pairs = await _pairs(db, now)
    assert (await _kept(db))[:3] == (TODAY, pairs, pairs)
    # the day is named already: warming leaves it to the roll-ups
    assert not await warm_states(db, as_of=now, tz=tz)


@both_backends
async def test_two_workers_warm_once(db, world, now, tz, database_url) -> None:
    other = await open_db(database_url)
    try:
        done = await asyncio.gather(warm_states(db, as_of=now, tz=tz), warm_states(other, as_of=now, tz=tz))
    finally:
        await other.close()
    assert sorted(done) == [False, True]
    pairs = await _pairs(db, now)
    assert (await _kept(db))[:3] == (TODAY, pairs, pairs)


async def test_nothing_on_a_database_in_memory_or_without_pairs(db, now, tz) -> None:
    assert not await warm_states(db, as_of=now, tz=tz)  # no lead pairs
    assert await _kept(db) == (None, 0, 0, 0)
    memory = await open_db(":memory:")
    try:
        assert not await warm_states(memory, as_of=now, tz=tz)
        assert await _kept(memory) == (None, 0, 0, 0)
    finally:
        await memory.close()


async def test_a_later_day_kept_already_is_left(db, world, now, tz) -> None:
    await _tick(db, now + timedelta(days=1))
    kept = await _kept(db)
    assert kept[0] == "2025-03-11 +25200 seconds"
    assert not await warm_states(db, as_of=now, tz=tz)  # the past: the counts stay tomorrow's
    assert await _kept(db) == kept
    assert await _figures(db, now, tz) == await _figures(db, now, tz, fresh=True)


async def test_a_warming_that_fails_half_way_leaves_the_tick_sending_and_the_next_day_warms_again(
    db, world, now, tz, monkeypatch, caplog
) -> None:
    await add_person(db, "Trưởng phòng Nội vụ", "head", "701", "Phòng Nội vụ")  # reminded on 10/03

    async def disk_full(*args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    # the day named and every pair claimed, then the disk fills before a count is written
    monkeypatch.setattr(rollup_states, "fill", disk_full)
    messenger = FakeMessenger()
    await run_tick(db, {"telegram": messenger}, ReminderSettings(), now, sleep=FakeSleep())
    assert [chat for chat, _ in messenger.sent] == ["701"]  # the day's reminder went out all the same
    assert "keeping the day's on-time counts failed" in caplog.text
    pairs = await _pairs(db, now)
    assert (await _kept(db))[:3] == (TODAY, pairs, 0)
    monkeypatch.undo()
    # the day's roll-ups work the counts out (and keep them); the day's later ticks leave them to those
    await _tick(db, now + timedelta(minutes=1))
    assert (await _kept(db))[:3] == (TODAY, pairs, 0)
    assert await _figures(db, now, tz) == await _figures(db, now, tz, fresh=True)
    # the next day's first tick keeps the counts again
    await _tick(db, now + timedelta(days=1))
    assert (await _kept(db))[:3] == ("2025-03-11 +25200 seconds", pairs, pairs)


@asynccontextmanager
async def _write_lock_held(database_url: str, backend: str) -> AsyncIterator[None]:
    """Another process (cron's `nhacviec tick`, a backup, a worker storing a «xong») holding the lock warming
    needs to write: SQLite's write lock (taken on a thread), or on PostgreSQL the kept counts' table."""
    if backend == "postgresql":
        other = await asyncpg.connect(database_url)
        try:
            async with other.transaction():
                await other.execute("LOCK TABLE rollup_states IN EXCLUSIVE MODE")
                yield
        finally:
            await other.close()
        return
    locker = sqlite3.connect(database_url, isolation_level=None, check_same_thread=False)
    try:
        await asyncio.to_thread(locker.execute, "BEGIN IMMEDIATE")
        yield
    finally:
        locker.execute("ROLLBACK")
        locker.close()


@both_backends
async def test_a_warming_that_finds_the_write_lock_held_names_nothing_and_the_next_tick_warms(
    db, world, now, tz, database_url, backend
) -> None:
    async with _write_lock_held(database_url, backend):
        assert not await warm_states(db, as_of=now, tz=tz)  # given up after rollup_states.WAIT_MS
        assert await _kept(db) == (None, 0, 0, 0)
    await _tick(db, now + timedelta(minutes=1))
    pairs = await _pairs(db, now)
    assert (await _kept(db))[:3] == (TODAY, pairs, pairs)
