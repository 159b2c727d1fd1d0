"""newest_reports (migration v046): the triggers keep the newest standing report of each (task, agency,
occurrence or none) whatever is done to the reports, and the migration fills it from reports already stored."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import aiosqlite
import pytest

from storage.db import _migrations, dialect
from tests.rollup_world import Data

pytestmark = pytest.mark.both_backends

COLUMNS = "task_id, agency_id, occurrence_key, report_id, status, created_at, percent, eta, note"


async def _stored(db: aiosqlite.Connection) -> set[tuple]:
    return {tuple(r) for r in await db.execute_fetchall(f"SELECT {COLUMNS} FROM newest_reports")}


async def _expected(db: aiosqlite.Connection) -> set[tuple]:
    """Each group's newest standing report by (created_at, id), worked out in Python from every report."""
    newest: dict[tuple, tuple] = {}
    for row in await db.execute_fetchall(
        "SELECT task_id, agency_id, occurrence_id, id, status, created_at, percent, eta, note FROM reports"
        " WHERE withdrawn_at IS NULL"
    ):
        task, agency, occurrence, report_id, status, at, percent, eta, note = row
        key = (task, agency, occurrence or 0)
        if key not in newest or (at, report_id) > (newest[key][5], newest[key][3]):
            newest[key] = (task, agency, occurrence or 0, report_id, status, at, percent, eta, note)
    return set(newest.values())


async def _world(db: aiosqlite.Connection) -> tuple[list[int], list[int], list[int]]:
    d = Data(db)
    agencies = [await d.agency(f"Phòng {i}") for i in range(3)]
    plan = await d.plan("01/KH-UBND")
    weekly, occurrences = await d.task(plan, None, "1.1", lead=agencies, dues=["2025-03-07", "2025-03-14", "2025-03-21"])
    other, _ = await d.task(plan, None, "1.2", lead=agencies)
    return [weekly, other], agencies, occurrences


async def test_triggers_follow_inserts_edits_withdrawals_moves_and_deletes(db) -> None:
    tasks, agencies, occurrences = await _world(db)
    d = Data(db)
    rnd = random.Random(35)
    base = datetime(2025, 3, 1, 8, 0)
    for step in range(50):
        action = rnd.random()
        if action < 0.45 or step < 10:
            # times collide and go backwards on purpose: late arrivals and ties on created_at
            when = base + timedelta(hours=rnd.randrange(0, 40))
            task = rnd.choice(tasks)
            await d.report(task, rnd.choice(agencies), rnd.choice(["done", "blocked", "in_progress"]),
                           f"{when:%Y-%m-%d %H:%M}", occurrence=rnd.choice([None, *occurrences]) if task == tasks[0] else None,
                           percent=rnd.choice([None, 30]), note=rnd.choice(["", "chờ Sở Nội vụ"]))
        else:
            # a report picked by the test's own random numbers: the same steps on both backends
            one = rnd.choice([r[0] for r in await db.execute_fetchall("SELECT id FROM reports ORDER BY id")])
            if action < 0.65:  # a person edits their report
                await db.execute(
                    "UPDATE reports SET status = ?, percent = ?, eta = ?, note = ? WHERE id = ?",
                    (rnd.choice(["done", "in_progress"]), rnd.choice([None, 80]), rnd.choice([None, "2025-04-30"]), "sửa", one),
                )
            elif action < 0.8:  # withdrawn, or back
                await db.execute(
                    "UPDATE reports SET withdrawn_at = CASE WHEN withdrawn_at IS NULL THEN ? END WHERE id = ?",
                    ("2025-03-05T00:00:00+00:00", one),
                )
            elif action < 0.9:  # moved to another agency or time
                await db.execute(
                    "UPDATE reports SET agency_id = ?, created_at = ? WHERE id = ?",
                    (rnd.choice(agencies), f"{base + timedelta(hours=rnd.randrange(0, 40)):%Y-%m-%dT%H:%M:%S}+00:00", one),
                )
            else:
                await db.execute("DELETE FROM reports WHERE id = ?", (one,))
        if step % 25 == 24:
            assert await _stored(db) == await _expected(db), f"after step {step}"
    # an occurrence deleted: its reports fall back to the task without one (ON DELETE SET NULL)
    for occurrence in occurrences[:2]:
        await d.report(tasks[0], agencies[0], "in_progress", "2025-03-03 08:00", occurrence=occurrence)
    await db.execute("DELETE FROM occurrences WHERE id = ?", (occurrences[0],))
    stored = await _stored(db)
    assert stored == await _expected(db)
    assert {row[2] for row in stored} >= {0, occurrences[1]} and len(stored) > 6


async def test_the_migration_fills_the_table_from_reports_already_stored(db) -> None:
    tasks, agencies, occurrences = await _world(db)
    d = Data(db)
    for n, status in enumerate(["in_progress", "blocked", "done", "in_progress"]):
        await d.report(tasks[0], agencies[n % 2], status, f"2025-03-0{n + 1} 09:00", occurrence=occurrences[n % 2])
    withdrawn = await d.report(tasks[1], agencies[0], "done", "2025-03-06 09:00")
    await d.report(tasks[1], agencies[0], "blocked", "2025-03-05 09:00", note="chờ")
    await db.execute("UPDATE reports SET withdrawn_at = created_at WHERE id = ?", (withdrawn,))
    await db.execute("DELETE FROM newest_reports")
    (sql,) = [
        sql for version, sql in _migrations(dialect(db)) if version == 46
    ]
    await db.executescript(sql)  # twice: a replayed migration runs again on a filled table
    await db.executescript(sql)
    stored = await _stored(db)
    assert stored == await _expected(db) and len(stored) == 3
    assert (tasks[1], agencies[0], 0) in {row[:3] for row in stored if row[4] == "blocked"}
