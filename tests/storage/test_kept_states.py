"""The on-time counts kept between roll-ups (storage.rollup_states, v033) give what computing them afresh gives.

The fresh figures come from a roll-up inside a unit of work, which neither reads nor writes the kept counts.
Each change below must move the figures (else it would test nothing) and the roll-up after it, reading the
counts kept by the one before, must equal the fresh one. Now is Monday 10/03/2025 09:00. The triggers are
checked on both backends; the roll-up after every change, and at a moment before a pair's last report, on
SQLite (a PostgreSQL roll-up costs 0.3-0.5 s here: the SQL is the same), and after all of them on both.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import aiosqlite
import pytest

from storage.db import transaction
from storage.rollups import compute_rollup, open_rollup
from tests.rollup_world import VN, Data, at

both_backends = pytest.mark.both_backends


async def _figures(db: aiosqlite.Connection, as_of: datetime, tz: ZoneInfo, *, fresh: bool = False) -> tuple:
    """Each agency's counts (states included) and the totals; `fresh`: without the kept counts."""
    if fresh:
        async with transaction(db):
            rollup = await compute_rollup(db, as_of=as_of, period="quarter", tz=tz, details=False, shards=1)
    else:
        rollup = await compute_rollup(db, as_of=as_of, period="quarter", tz=tz, details=False, shards=1)
    return rollup.totals, tuple((a.agency_id, a.counts) for a in rollup.agencies)


async def _kept(db: aiosqlite.Connection) -> tuple[str | None, int, int]:
    """The kept counts' day and offset, their rows, and the rows with counts."""
    async with db.execute("SELECT value FROM kv WHERE key = 'rollup_states'") as cur:
        row = await cur.fetchone()
    async with db.execute("SELECT COUNT(*), COUNT(on_time) FROM rollup_states") as cur:
        rows, filled = await cur.fetchone()
    return (row[0] if row else None), rows, filled


@pytest.fixture
async def world(db: aiosqlite.Connection) -> dict[str, int]:
    d = Data(db)
    ids = {key: await d.agency(f"Phường {key}") for key in "ABCD"}
    plan = await d.plan("07/KH-UBND")
    ids["one"], (ids["feb"],) = await d.task(plan, None, "1.1", lead=[ids[k] for k in "ABCD"], dues=["2025-02-28"])
    ids["monthly"], (ids["m1"], ids["m2"], ids["m3"]) = await d.task(
        plan, None, "1.2", lead=[ids[k] for k in "ABC"], dues=["2025-01-31", "2025-02-28", "2025-03-31"])
    ids["a_one"] = await d.report(ids["one"], ids["A"], "done", "2025-02-20 10:00")
    ids["b_one"] = await d.report(ids["one"], ids["B"], "done", "2025-03-05 10:00")
    await d.report(ids["monthly"], ids["A"], "done", "2025-01-30 10:00", occurrence=ids["m1"])
    ids["a_m2"] = await d.report(ids["monthly"], ids["A"], "done", "2025-03-03 10:00", occurrence=ids["m2"])
    ids["b_mon"] = await d.report(ids["monthly"], ids["B"], "done", "2025-02-25 10:00")
    await d.report(ids["monthly"], ids["C"], "in_progress", "2025-03-06 10:00")
    return ids


def _changes(world: dict[str, int]) -> dict[str, tuple[str, tuple, set[tuple[str, str]]]]:
    """Each kind of change: its SQL, and the (task, agency) pairs whose kept counts it must drop."""
    monthly = {("monthly", k) for k in "ABC"}
    return {
        "report inserted": ("INSERT INTO reports (task_id, agency_id, status, channel, created_at)"
                            " VALUES (?, ?, 'done', 'telegram', ?)", (world["one"], world["C"], at("2025-03-07 08:00")),
                            {("one", "C")}),
        "progress reported": ("INSERT INTO reports (task_id, agency_id, status, channel, created_at)"
                              " VALUES (?, ?, 'in_progress', 'telegram', ?)",
                              (world["one"], world["D"], at("2025-03-07 08:00")), set()),
        "report edited": ("UPDATE reports SET created_at = ? WHERE id = ?", (at("2025-02-27 08:00"), world["b_one"]),
                          {("one", "B")}),
        "report reopened": ("UPDATE reports SET status = 'in_progress' WHERE id = ?", (world["b_mon"],),
                            {("monthly", "B")}),
        "report withdrawn": ("UPDATE reports SET withdrawn_at = ? WHERE id = ?", (at("2025-03-08 08:00"), world["a_one"]),
                             {("one", "A")}),
        "report deleted": ("DELETE FROM reports WHERE id = ?", (world["a_m2"],), {("monthly", "A")}),
        "due date moved": ("UPDATE occurrences SET due = '2025-03-20' WHERE id = ?", (world["m2"],), monthly),
        "occurrence added": ("INSERT INTO occurrences (milestone_id, due) SELECT milestone_id, '2025-03-01'"
                             " FROM occurrences WHERE id = ?", (world["m3"],), monthly),
        "occurrence removed": ("DELETE FROM occurrences WHERE id = ?", (world["m1"],), monthly),
        "milestone removed": ("DELETE FROM milestones WHERE task_id = ?", (world["monthly"],), monthly),
        "task deactivated": ("UPDATE tasks SET active = 0 WHERE id = ?", (world["one"],), {("one", k) for k in "ABCD"}),
    }


@both_backends
async def test_each_change_drops_the_counts_it_can_move(db, world) -> None:
    tasks = {world[key]: key for key in ("one", "monthly")}
    agencies = {world[key]: key for key in "ABCD"}
    for change, (sql, params, dropped) in _changes(world).items():
        await db.execute("DELETE FROM rollup_states")
        await db.execute("INSERT INTO rollup_states (task_id, agency_id, on_time, late, open, overdue)"
                         " SELECT task_id, agency_id, 0, 0, 0, 0 FROM lead_pairs")
        await db.execute(sql, params)
        async with db.execute("SELECT task_id, agency_id FROM rollup_states") as cur:
            left = {(tasks[task], agencies[agency]) for task, agency in await cur.fetchall()}
        every = {("one", k) for k in "ABCD"} | {("monthly", k) for k in "ABC"}
        assert every - left == dropped, change


async def test_every_change_is_followed(db, world, now, tz) -> None:
    figures = await _figures(db, now, tz)
    assert figures == await _figures(db, now, tz, fresh=True)
    assert await _kept(db) == ("2025-03-10 +25200 seconds", 7, 7)  # every lead pair, for today at +7
    assert figures == await _figures(db, now, tz)  # read back from the kept rows
    for change, (sql, params, dropped) in _changes(world).items():
        await db.execute(sql, params)
        fresh = await _figures(db, now, tz, fresh=True)
        assert (fresh != figures) == bool(dropped), change  # the change moves the figures
        figures = await _figures(db, now, tz)
        assert figures == fresh, change
    assert (await _kept(db))[1:] == (3, 3)  # task 1.2's three lead pairs; 1.1 no longer counts


@both_backends
async def test_after_every_change(db, world, now, tz) -> None:
    before = await _figures(db, now, tz)
    for sql, params, _ in _changes(world).values():
        await db.execute(sql, params)
    after = await _figures(db, now, tz)
    assert after != before
    assert after == await _figures(db, now, tz, fresh=True)


@both_backends
async def _keep_wrong_counts(db: aiosqlite.Connection, stamp: str) -> None:
    """Counts no roll-up could give, kept for `stamp`: read by a roll-up they would show."""
    await db.execute("DELETE FROM rollup_states")
    await db.execute("INSERT INTO rollup_states (task_id, agency_id, on_time, late, open, overdue)"
                     " SELECT task_id, agency_id, 9, 9, 9, 9 FROM lead_pairs")
    await db.execute("INSERT INTO kv (key, value) VALUES ('rollup_states', ?)"
                     " ON CONFLICT (key) DO UPDATE SET value = excluded.value", (stamp,))


async def test_a_day_an_offset_and_the_past(db, world, now, tz) -> None:
    # a report made at 23:30 in Vietnam is the next day in Tokyo: late there, on time here
    await Data(db).report(world["one"], world["C"], "done", "2025-02-28 23:30")
    await _keep_wrong_counts(db, "2025-03-10 +25200 seconds")
    tomorrow = now + timedelta(days=1)
    here = await _figures(db, tomorrow, tz)
    assert here == await _figures(db, tomorrow, tz, fresh=True)
    assert await _kept(db) == ("2025-03-11 +25200 seconds", 7, 7)  # a later day: the rows made again
    tokyo = ZoneInfo("Asia/Tokyo")
    in_tokyo = await _figures(db, tomorrow, tokyo)  # the same day at another offset: made again too
    assert in_tokyo == await _figures(db, tomorrow, tokyo, fresh=True) != here
    assert await _kept(db) == ("2025-03-11 +32400 seconds", 7, 7)
    # a roll-up of the past neither reads nor writes them
    await _keep_wrong_counts(db, "2025-03-11 +25200 seconds")
    await db.execute("DELETE FROM rollup_states WHERE agency_id = ?", (world["A"],))
    assert await _figures(db, now, tz) == await _figures(db, now, tz, fresh=True)
    assert await _kept(db) == ("2025-03-11 +25200 seconds", 5, 5)


async def test_a_moment_before_a_pairs_last_report(db, world, now, tz) -> None:
    # the same day, but before B's report of 08:30: B's kept counts (which count it) are not read
    await Data(db).report(world["one"], world["D"], "done", "2025-03-10 08:30")
    assert await _figures(db, now, tz) == await _figures(db, now, tz, fresh=True)
    earlier = datetime(2025, 3, 10, 8, 0, tzinfo=VN)
    assert await _figures(db, earlier, tz) == await _figures(db, earlier, tz, fresh=True)
    assert await _figures(db, earlier, tz) != await _figures(db, now, tz)


@both_backends
async def test_a_change_while_the_counts_are_worked_out_is_not_kept(db, world, now, tz) -> None:
    async with open_rollup(db, as_of=now, period="quarter", tz=tz, shards=1) as opened:
        # the pairs are claimed and computed; this report commits before their counts are written
        await Data(db).report(world["one"], world["C"], "done", "2025-03-07 08:00")
        await opened.summary()
    assert await _kept(db) == ("2025-03-10 +25200 seconds", 6, 6)  # all but (1.1, C)
    assert await _figures(db, now, tz) == await _figures(db, now, tz, fresh=True)
