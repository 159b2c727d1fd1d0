"""The planner's latest reports (storage.reminders.load_latest_reports): the newest standing report made by
`now` of each (task, occurrence or none, agency), grouped by the database in either shape of the query."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import aiosqlite
import pytest

from storage.db import utc_iso
from storage.reminders import Scope, load_latest_reports
from tests.rollup_world import Data

pytestmark = pytest.mark.both_backends

NOW = datetime.fromisoformat("2025-03-03T10:00:00+00:00")


async def _reports_world(db: aiosqlite.Connection) -> tuple[list[int], list[int]]:
    """Three tasks (one recurring) led or coordinated by three agencies, and 300 reports whose times collide,
    fall after NOW, or were withdrawn."""
    d = Data(db)
    agencies = [await d.agency(f"Phòng {i}") for i in range(3)]
    plan = await d.plan("01/KH-UBND")
    recurring, occurrences = await d.task(plan, None, "1.1", lead=agencies[:2], support=agencies[2:],
                                          dues=["2025-03-31", "2025-06-30"])
    tasks = [recurring] + [(await d.task(plan, None, f"1.{i}", lead=agencies))[0] for i in (2, 3)]
    rnd = random.Random(11)
    for _ in range(300):
        task = rnd.choice(tasks)
        when = NOW + timedelta(hours=rnd.randrange(-30, 4))  # a few after NOW; many share a time
        report = await d.report(
            task, rnd.choice(agencies), rnd.choice(["done", "blocked", "in_progress"]), "2025-01-01 00:00",
            occurrence=rnd.choice([None, *occurrences]) if task == recurring else None,
            percent=rnd.choice([None, 40]), note=rnd.choice(["", "chờ Sở"]),
        )
        withdrawn = utc_iso(NOW) if rnd.random() < 0.1 else None
        await db.execute(
            "UPDATE reports SET created_at = ?, withdrawn_at = ? WHERE id = ?", (utc_iso(when), withdrawn, report)
        )
    return tasks, agencies


async def _expected(db: aiosqlite.Connection, pairs: set[tuple[int, int]]) -> dict[tuple, tuple]:
    newest: dict[tuple, tuple] = {}
    for task, occurrence, agency, status, at, report_id, percent, note in await db.execute_fetchall(
        "SELECT task_id, occurrence_id, agency_id, status, created_at, id, percent, note FROM reports"
        " WHERE withdrawn_at IS NULL AND created_at <= ?", (utc_iso(NOW),)
    ):
        key = (task, occurrence, agency)
        if (task, agency) in pairs and (key not in newest or (at, report_id) > newest[key][:2]):
            newest[key] = (at, report_id, status, percent, note)
    return {key: (datetime.fromisoformat(at), status, percent, note) for key, (at, _, status, percent, note) in newest.items()}


def _found(reports: list) -> dict[tuple, tuple]:
    found = {(r.task_id, r.occurrence_id, r.agency_id): (r.created_at, r.status, r.percent, r.note) for r in reports}
    assert len(found) == len(reports)  # one each
    return found


async def test_newest_report_of_each_occurrence_and_agency_by_time_then_id(db) -> None:
    tasks, agencies = await _reports_world(db)
    whole = _found(await load_latest_reports(db, NOW, Scope(tasks=frozenset(tasks[:2]))))
    assert whole == await _expected(db, {(t, a) for t in tasks[:2] for a in agencies})
    assert len(whole) > 10 and {key[1] for key in whole if key[0] == tasks[0]} > {None}
    some = Scope(pairs=frozenset({(tasks[0], agencies[2]), (tasks[2], agencies[1])}), agencies=frozenset({agencies[0]}))
    changed = _found(await load_latest_reports(db, NOW, some))
    assert changed == await _expected(db, {(tasks[0], agencies[2]), (tasks[2], agencies[1]), *((t, agencies[0]) for t in tasks)})
