"""first_done (migration v016): each (task, agency) pair's first standing "done" report, kept by triggers."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import aiosqlite
import pytest

from storage.db import _migrations, connect, migrate
from tests.rollup_world import Data

pytestmark = pytest.mark.both_backends


async def _rows(db: aiosqlite.Connection, sql: str) -> set[tuple]:
    async with db.execute(sql) as cur:
        return {tuple(r) for r in await cur.fetchall()}


async def _expected(db: aiosqlite.Connection) -> set[tuple]:
    """Worked out in Python from every report: the earliest done one of each pair that is not withdrawn."""
    first: dict[tuple[int, int], str] = {}
    for task, agency, made in await _rows(
        db, "SELECT task_id, agency_id, created_at FROM reports WHERE status = 'done' AND withdrawn_at IS NULL"
    ):
        first[(task, agency)] = min(made, first.get((task, agency), made))
    return {(*pair, made) for pair, made in first.items()}


async def _stored(db: aiosqlite.Connection) -> set[tuple]:
    return await _rows(db, "SELECT task_id, agency_id, done_at FROM first_done")


async def _world(db: aiosqlite.Connection) -> tuple[list[int], list[int]]:
    d = Data(db)
    agencies = [await d.agency(f"Phường {i}") for i in range(3)]
    plan = await d.plan("02/KH-UBND")
    tasks = []
    for i in range(1, 3):
        task, _ = await d.task(plan, None, f"2.{i}", lead=agencies[:2], support=agencies[2:],
                               dues=["2025-03-31", "2025-06-30"])
        tasks.append(task)
    return tasks, agencies


async def test_triggers_follow_reports_edits_withdrawals_and_deletions(db) -> None:
    tasks, agencies = await _world(db)
    rnd = random.Random(16)
    base = datetime(2025, 3, 1, 8, 0)
    one = "(SELECT id FROM reports ORDER BY random() LIMIT 1)"
    kinds: set[str] = set()
    for step in range(300):
        action = rnd.random()
        when = (base + timedelta(hours=rnd.randrange(0, 60))).isoformat() + "+00:00"  # out of order on purpose
        if action < 0.5:
            kinds.add("insert")
            await db.execute(
                "INSERT INTO reports (task_id, agency_id, status, channel, created_at) VALUES (?, ?, ?, 'telegram', ?)",
                (rnd.choice(tasks), rnd.choice(agencies), rnd.choice(["done", "done", "in_progress", "blocked"]), when),
            )
        elif action < 0.6:
            kinds.add("status")
            await db.execute(f"UPDATE reports SET status = ? WHERE id = {one}", (rnd.choice(["done", "blocked"]),))
        elif action < 0.7:
            kinds.add("moved")
            await db.execute(f"UPDATE reports SET created_at = ? WHERE id = {one}", (when,))
        elif action < 0.76:
            kinds.add("agency")
            await db.execute(f"UPDATE reports SET agency_id = ? WHERE id = {one}", (rnd.choice(agencies),))
        elif action < 0.88:
            kinds.add("withdrawn")  # a report's message edited so it no longer names its task, or named again
            await db.execute(
                f"UPDATE reports SET withdrawn_at = CASE WHEN withdrawn_at IS NULL THEN ? END WHERE id = {one}", (when,)
            )
        else:
            kinds.add("deleted")
            await db.execute(f"DELETE FROM reports WHERE id = {one}")
        if step % 20 == 19:
            assert await _stored(db) == await _expected(db), f"after step {step}"
    assert len(kinds) == 6
    assert len(await _stored(db)) >= 3


async def test_migration_fills_the_table_from_the_reports_made(tmp_path) -> None:
    db = await connect(tmp_path / "old.sqlite3")
    try:
        for version, sql in _migrations():
            if version < 16:
                await db.executescript(f"BEGIN; {sql}; PRAGMA user_version = {version}; COMMIT;")
        tasks, agencies = await _world(db)
        d = Data(db)
        await d.report(tasks[0], agencies[0], "in_progress", "2025-03-02 09:00")
        await d.report(tasks[0], agencies[0], "done", "2025-03-04 09:00")
        await d.report(tasks[0], agencies[0], "done", "2025-03-03 09:00")
        await d.report(tasks[1], agencies[2], "done", "2025-03-05 10:00")  # a coordinating agency's too
        await d.report(tasks[1], agencies[1], "blocked", "2025-03-05 10:00")
        assert await migrate(db) >= 16
        stored = await _stored(db)
        assert stored == await _expected(db)
        assert {(task, agency) for task, agency, _ in stored} == {(tasks[0], agencies[0]), (tasks[1], agencies[2])}
    finally:
        await db.close()
