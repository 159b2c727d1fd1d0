"""report_latest (migration v006): the triggers keep the latest report of each pair, and the rollup reads it."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import aiosqlite
import pytest

from storage.db import _migrations, connect, migrate, utc_iso
from storage.rollups import compute_rollup
from tests.rollup_world import Data, expected_latest

pytestmark = pytest.mark.both_backends

COLUMNS = "task_id, agency_id, report_id, status, occurrence_id, created_at, blocked_since"


async def _stored(db: aiosqlite.Connection) -> set[tuple]:
    async with db.execute(f"SELECT {COLUMNS} FROM report_latest") as cur:
        return {tuple(r) for r in await cur.fetchall()}


async def _small_world(db: aiosqlite.Connection) -> tuple[list[int], list[int]]:
    d = Data(db)
    agencies = [await d.agency(f"Phòng {i}") for i in range(3)]
    plan = await d.plan("01/KH-UBND")
    tasks = [(await d.task(plan, None, f"1.{i}", lead=agencies))[0] for i in range(1, 4)]
    return tasks, agencies


async def test_triggers_follow_inserts_edits_and_deletes_in_any_order(db) -> None:
    tasks, agencies = await _small_world(db)
    rnd = random.Random(7)
    base = datetime(2025, 3, 1, 8, 0)
    for step in range(400):
        action = rnd.random()
        if action < 0.7:
            # times collide and go backwards on purpose: late arrivals and ties on created_at
            when = base + timedelta(hours=rnd.randrange(0, 60))
            await db.execute(
                "INSERT INTO reports (task_id, agency_id, status, channel, created_at) VALUES (?, ?, ?, 'telegram', ?)",
                (
                    rnd.choice(tasks),
                    rnd.choice(agencies),
                    rnd.choice(["done", "blocked", "blocked", "in_progress"]),
                    when.isoformat() + "+00:00",
                ),
            )
        elif action < 0.9:
            await db.execute(
                "UPDATE reports SET status = ? WHERE id = (SELECT id FROM reports ORDER BY random() LIMIT 1)",
                (rnd.choice(["done", "blocked", "in_progress"]),),
            )
        else:
            await db.execute("DELETE FROM reports WHERE id = (SELECT id FROM reports ORDER BY random() LIMIT 1)")
        if step % 20 == 19:
            assert await _stored(db) == await expected_latest(db), f"after step {step}"
    assert len(await _stored(db)) > 3


async def test_an_edit_that_keeps_the_status_changes_nothing(db) -> None:
    tasks, agencies = await _small_world(db)
    d = Data(db)
    first = await d.report(tasks[0], agencies[0], "blocked", "2025-03-03 09:00")
    await d.report(tasks[0], agencies[0], "blocked", "2025-03-04 09:00")
    before = await _stored(db)
    await db.execute("UPDATE reports SET note = 'sửa ghi chú', percent = 10 WHERE id = ?", (first,))
    assert await _stored(db) == before == await expected_latest(db)


async def test_migration_fills_the_table_from_existing_reports(tmp_path) -> None:
    db = await connect(tmp_path / "old.sqlite3")
    try:
        for version, sql in _migrations():
            if version < 6:
                await db.executescript(f"BEGIN; {sql}; PRAGMA user_version = {version}; COMMIT;")
        tasks, agencies = await _small_world(db)
        d = Data(db)
        for i, status in enumerate(["in_progress", "blocked", "blocked", "done", "blocked"]):
            await d.report(tasks[i % 2], agencies[0], status, f"2025-03-0{i + 1} 09:00")
        assert await migrate(db) >= 6
        stored = await _stored(db)
        assert stored == await expected_latest(db) and len(stored) == 2
    finally:
        await db.close()


async def test_rollup_in_the_past_matches_a_database_without_the_later_reports(db, world, tz) -> None:
    # at Wednesday 05/03 noon, later reports exist: the rollup must look them up instead of report_latest
    then = datetime(2025, 3, 5, 12, 0, tzinfo=tz)
    past = await compute_rollup(db, as_of=then, period="week", tz=tz)
    blocked = {(b.number, b.since.isoformat()) for b in past.blockers}
    assert blocked == {("2.2", "2025-03-03")}
    cur = await db.execute("DELETE FROM reports WHERE created_at > ?", (utc_iso(then),))
    assert cur.rowcount >= 4
    trimmed = await compute_rollup(db, as_of=then, period="week", tz=tz)
    assert trimmed.details == past.details
    assert trimmed.blockers == past.blockers
    assert trimmed.changes == past.changes
    assert trimmed.totals == past.totals
