"""xong_named (migration v062): the triggers keep, per (task, agency), the latest date its standing «xong»
reports name and when the first report naming that date was made, whatever is done to the reports and the
dates; the migration fills it from what is already stored."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import aiosqlite
import pytest

from storage.db import _migrations, dialect
from tests.rollup_world import Data

pytestmark = pytest.mark.both_backends


async def _stored(db: aiosqlite.Connection) -> set[tuple]:
    return {tuple(r) for r in await db.execute_fetchall("SELECT task_id, agency_id, named_to, named_to_at FROM xong_named")}


async def _expected(db: aiosqlite.Connection) -> set[tuple]:
    """Each pair's latest named date and its first report's time, worked out in Python from every report."""
    latest: dict[tuple, tuple[str, str]] = {}
    for task, agency, due, at in await db.execute_fetchall(
        "SELECT r.task_id, r.agency_id, o.due, r.created_at FROM reports r JOIN occurrences o ON o.id = r.occurrence_id"
        " WHERE r.status = 'done' AND r.withdrawn_at IS NULL"
    ):
        kept = latest.get((task, agency))
        if kept is None or due > kept[0] or (due == kept[0] and at < kept[1]):
            latest[(task, agency)] = (due, at)
    return {(task, agency, due, at) for (task, agency), (due, at) in latest.items()}


async def _world(db: aiosqlite.Connection) -> tuple[list[int], list[int], list[int]]:
    d = Data(db)
    agencies = [await d.agency(f"Phòng {i}") for i in range(3)]
    plan = await d.plan("01/KH-UBND")
    weekly, occurrences = await d.task(plan, None, "1.1", lead=agencies, dues=["2025-03-07", "2025-03-14", "2025-03-21"])
    other, _ = await d.task(plan, None, "1.2", lead=agencies)
    return [weekly, other], agencies, occurrences


async def test_triggers_follow_reports_added_edited_withdrawn_moved_deleted_and_dates_moved(db) -> None:
    tasks, agencies, occurrences = await _world(db)
    d = Data(db)
    rnd = random.Random(62)
    base = datetime(2025, 3, 1, 8, 0)
    checked = 0
    for step in range(60):
        action = rnd.random()
        if action < 0.45 or step < 12:
            # times collide and go backwards on purpose: late arrivals, ties, a «xong» naming an earlier date later
            when = base + timedelta(hours=rnd.randrange(0, 40))
            task = rnd.choice(tasks)
            await d.report(task, rnd.choice(agencies), rnd.choice(["done", "done", "in_progress"]), f"{when:%Y-%m-%d %H:%M}",
                           occurrence=rnd.choice([None, *occurrences]) if task == tasks[0] else None)
        else:
            one = rnd.choice([r[0] for r in await db.execute_fetchall("SELECT id FROM reports ORDER BY id")])
            if action < 0.6:  # a person edits their report
                await db.execute("UPDATE reports SET status = ? WHERE id = ?", (rnd.choice(["done", "blocked"]), one))
            elif action < 0.75:  # withdrawn, or back
                await db.execute(
                    "UPDATE reports SET withdrawn_at = CASE WHEN withdrawn_at IS NULL THEN ? END WHERE id = ?",
                    ("2025-03-05T00:00:00+00:00", one),
                )
            elif action < 0.85:  # moved to another agency or time
                await db.execute(
                    "UPDATE reports SET agency_id = ?, created_at = ? WHERE id = ?",
                    (rnd.choice(agencies), f"{base + timedelta(hours=rnd.randrange(0, 40)):%Y-%m-%dT%H:%M:%S}+00:00", one),
                )
            elif action < 0.93:  # a date moved, maybe past another
                taken = {row[0] for row in await db.execute_fetchall("SELECT due FROM occurrences")}
                free = [f"2025-03-{day:02d}" for day in range(1, 29) if f"2025-03-{day:02d}" not in taken]
                await db.execute("UPDATE occurrences SET due = ? WHERE id = ?", (rnd.choice(free), rnd.choice(occurrences)))
            else:
                await db.execute("DELETE FROM reports WHERE id = ?", (one,))
        if step % 20 == 19:
            expected = await _expected(db)
            assert await _stored(db) == expected, f"after step {step}"
            checked += len(expected)
    assert checked > 6
    # a date deleted: its reports fall back to the task without one (ON DELETE SET NULL)
    await d.report(tasks[0], agencies[0], "done", "2025-03-03 08:00", occurrence=occurrences[2])
    await db.execute("DELETE FROM occurrences WHERE id = ?", (occurrences[2],))
    assert await _stored(db) == await _expected(db)


async def test_the_migration_fills_the_table_from_reports_already_stored(db) -> None:
    tasks, agencies, occurrences = await _world(db)
    d = Data(db)
    await d.report(tasks[0], agencies[0], "done", "2025-03-15 09:00", occurrence=occurrences[1])
    await d.report(tasks[0], agencies[0], "done", "2025-03-16 09:00", occurrence=occurrences[0])
    await d.report(tasks[0], agencies[0], "done", "2025-03-17 09:00", occurrence=occurrences[1])
    withdrawn = await d.report(tasks[0], agencies[1], "done", "2025-03-22 09:00", occurrence=occurrences[2])
    await d.report(tasks[0], agencies[1], "done", "2025-03-10 09:00", occurrence=occurrences[0])
    await d.report(tasks[0], agencies[2], "in_progress", "2025-03-10 09:00", occurrence=occurrences[0])
    await db.execute("UPDATE reports SET withdrawn_at = created_at WHERE id = ?", (withdrawn,))
    await db.execute("DELETE FROM xong_named")
    (sql,) = [sql for version, sql in _migrations(dialect(db)) if version == 62]
    await db.executescript(sql)  # twice: a replayed migration runs again on a filled table
    await db.executescript(sql)
    stored = await _stored(db)
    assert stored == await _expected(db)
    assert {(row[1], row[2], row[3][:10]) for row in stored} == {
        (agencies[0], "2025-03-14", "2025-03-15"), (agencies[1], "2025-03-07", "2025-03-10")
    }
