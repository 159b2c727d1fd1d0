"""lead_pairs (migration v007): one row per (task, lead agency), kept by triggers whatever writes."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import aiosqlite
import pytest

from storage.db import _migrations, connect, migrate
from tests.rollup_world import Data, at, expected_latest

pytestmark = pytest.mark.both_backends

COLUMNS = "task_id, agency_id, report_id, status, occurrence_id, created_at, blocked_since, named_at"


async def _rows(db: aiosqlite.Connection, sql: str) -> list[tuple]:
    async with db.execute(sql) as cur:
        return [tuple(r) for r in await cur.fetchall()]


async def _expected(db: aiosqlite.Connection) -> set[tuple]:
    """Worked out in Python: the lead links, each with its latest report and first naming "done" report."""
    latest = {(row[0], row[1]): row[2:] for row in await expected_latest(db)}
    named: dict[tuple[int, int], str] = {}
    for task, agency, made in await _rows(
        db, "SELECT task_id, agency_id, created_at FROM reports WHERE status = 'done' AND occurrence_id IS NOT NULL"
    ):
        named[(task, agency)] = min(made, named.get((task, agency), made))
    leads = await _rows(db, "SELECT task_id, agency_id FROM task_agencies WHERE role = 'lead'")
    return {(*pair, *latest.get(pair, (None,) * 5), named.get(pair)) for pair in leads}


async def _stored(db: aiosqlite.Connection) -> set[tuple]:
    return set(await _rows(db, f"SELECT {COLUMNS} FROM lead_pairs"))


async def _world(db: aiosqlite.Connection) -> tuple[list[int], list[int], list[int]]:
    d = Data(db)
    agencies = [await d.agency(f"Phường {i}") for i in range(4)]
    plan = await d.plan("02/KH-UBND")
    tasks, occurrences = [], []
    for i in range(1, 4):
        task, occ = await d.task(plan, None, f"2.{i}", lead=agencies[:2], support=agencies[2:3],
                                 dues=["2025-03-31", "2025-06-30", "2025-09-30"])
        tasks.append(task)
        occurrences += occ
    return tasks, agencies, occurrences


async def test_triggers_follow_reports_links_and_deletions_in_any_order(db) -> None:
    tasks, agencies, occurrences = await _world(db)
    rnd = random.Random(11)
    base = datetime(2025, 3, 1, 8, 0)
    checked = 0
    kinds: set[tuple[bool, bool]] = set()
    for step in range(600):
        action = rnd.random()
        task, agency = rnd.choice(tasks), rnd.choice(agencies)
        if action < 0.5:
            # times collide and go backwards on purpose; some "done" reports name an occurrence
            when = base + timedelta(hours=rnd.randrange(0, 90))
            status = rnd.choice(["done", "done", "blocked", "in_progress"])
            occurrence = rnd.choice([None, *occurrences]) if status == "done" else None
            await db.execute(
                "INSERT INTO reports (task_id, occurrence_id, agency_id, status, channel, created_at)"
                " VALUES (?, ?, ?, ?, 'telegram', ?)",
                (task, occurrence, agency, status, when.isoformat() + "+00:00"),
            )
        elif action < 0.62:
            await db.execute(
                "UPDATE reports SET status = ?, occurrence_id = ? WHERE id = (SELECT id FROM reports ORDER BY random() LIMIT 1)",
                (rnd.choice(["done", "blocked", "in_progress"]), rnd.choice([None, *occurrences])),
            )
        elif action < 0.68:
            await db.execute(
                "UPDATE reports SET created_at = ? WHERE id = (SELECT id FROM reports ORDER BY random() LIMIT 1)",
                ((base + timedelta(hours=rnd.randrange(0, 90))).isoformat() + "+00:00",),
            )
        elif action < 0.74:
            # an edit that moves a report to another agency (a merge of two offices, say)
            await db.execute(
                "UPDATE reports SET agency_id = ? WHERE id = (SELECT id FROM reports ORDER BY random() LIMIT 1)",
                (agency,),
            )
        elif action < 0.82:
            await db.execute("DELETE FROM reports WHERE id = (SELECT id FROM reports ORDER BY random() LIMIT 1)")
        elif action < 0.88:
            # a re-import links or unlinks a lead, or makes a support agency the lead
            if rnd.random() < 0.5:
                await db.execute("INSERT OR IGNORE INTO task_agencies VALUES (?, ?, 'lead')", (task, agency))
            else:
                await db.execute("DELETE FROM task_agencies WHERE task_id = ? AND agency_id = ? AND role = 'lead'",
                                 (task, agency))
        elif action < 0.92:
            await db.execute(
                # (UPDATE OR IGNORE, said in SQL both backends speak: a pair linked in both roles keeps them)
                "UPDATE task_agencies SET role = CASE role WHEN 'lead' THEN 'support' ELSE 'lead' END"
                " WHERE task_id = ? AND agency_id = ? AND NOT EXISTS (SELECT 1 FROM task_agencies AS o"
                "  WHERE o.task_id = task_agencies.task_id AND o.agency_id = task_agencies.agency_id"
                "  AND o.role <> task_agencies.role)",
                (task, agency),
            )
        elif action < 0.95 and len(occurrences) > 3:
            # an occurrence a re-import drops: the reports naming it lose the name (ON DELETE SET NULL)
            gone = occurrences.pop(rnd.randrange(len(occurrences)))
            await db.execute("DELETE FROM occurrences WHERE id = ?", (gone,))
        if step % 25 == 24:
            stored = await _stored(db)
            assert stored == await _expected(db), f"after step {step}"
            checked += 1
            kinds |= {(row[3] is None, row[7] is None) for row in stored}
    assert checked == 24
    # the walk met every kind of row: never reported, reported, with and without a named "done"
    assert kinds == {(True, True), (False, True), (False, False)}


async def test_a_deleted_task_or_agency_takes_its_rows_along(db) -> None:
    tasks, agencies, occurrences = await _world(db)
    d = Data(db)
    await d.report(tasks[0], agencies[0], "done", "2025-03-03 09:00", occurrence=occurrences[0])
    await db.execute("DELETE FROM tasks WHERE id = ?", (tasks[0],))
    await db.execute("DELETE FROM reports WHERE agency_id = ?", (agencies[1],))
    await db.execute("DELETE FROM agencies WHERE id = ?", (agencies[1],))
    stored = await _stored(db)
    assert stored == await _expected(db)
    assert {(row[0], row[1]) for row in stored} == {(tasks[1], agencies[0]), (tasks[2], agencies[0])}


async def test_migration_fills_the_table_from_existing_links_and_reports(tmp_path) -> None:
    db = await connect(tmp_path / "old.sqlite3")
    try:
        for version, sql in _migrations():
            if version < 7:
                await db.executescript(f"BEGIN; {sql}; PRAGMA user_version = {version}; COMMIT;")
        tasks, agencies, occurrences = await _world(db)
        d = Data(db)
        await d.report(tasks[0], agencies[0], "done", "2025-03-03 09:00", occurrence=occurrences[1])
        await d.report(tasks[0], agencies[0], "blocked", "2025-03-04 09:00")
        await d.report(tasks[1], agencies[1], "in_progress", "2025-03-05 09:00")
        await d.report(tasks[1], agencies[2], "done", "2025-03-05 10:00")  # a support agency: no row
        assert await migrate(db) >= 7
        stored = await _stored(db)
        assert stored == await _expected(db)
        assert len(stored) == 6  # 3 tasks x 2 lead agencies, reported or not
        assert (tasks[0], agencies[0], "blocked", at("2025-03-03 09:00")) in {
            (r[0], r[1], r[3], r[7]) for r in stored
        }
    finally:
        await db.close()


async def test_a_pair_whose_reports_are_all_deleted_is_unreported_again(db) -> None:
    tasks, agencies, occurrences = await _world(db)
    d = Data(db)
    first = await d.report(tasks[0], agencies[0], "done", "2025-03-03 09:00", occurrence=occurrences[0])
    second = await d.report(tasks[0], agencies[0], "blocked", "2025-03-04 09:00")
    await db.execute("DELETE FROM reports WHERE id = ?", (second,))
    row = (await _rows(db, f"SELECT {COLUMNS} FROM lead_pairs WHERE report_id IS NOT NULL"))
    assert [(r[2], r[3], r[7]) for r in row] == [(first, "done", at("2025-03-03 09:00"))]
    await db.execute("DELETE FROM reports WHERE id = ?", (first,))
    stored = await _stored(db)
    assert stored == await _expected(db)
    assert (tasks[0], agencies[0], None, None, None, None, None, None) in stored
