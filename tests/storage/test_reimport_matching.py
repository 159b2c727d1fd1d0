"""A corrected plan re-imported: tasks matched to the stored ones by content as well as number, so reports stay
with the task they were about when rows are removed or numbers shift."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from plans.model import ParsedPlan
from storage.db import transaction
from storage.plans import reimport_changes, store_plan
from tests.harness import SAMPLE, task

pytestmark = pytest.mark.both_backends

NOW = datetime(2025, 2, 1, 2, 0, tzinfo=UTC)
WARD = "Phường Bến Nghé"
FIRST = replace(SAMPLE, tasks=(
    task("1.1", "Ban hành Kế hoạch kiểm tra CCHC", WARD, date(2025, 3, 31)),
    task("1.2", "Báo cáo CCHC hằng tháng", WARD, date(2025, 3, 20)),
    task("1.3", "Tổ chức kiểm tra việc thực hiện văn hóa công sở", WARD, date(2025, 6, 30)),
))
# the office's corrected plan: the monthly report row taken out, so 1.3 became 1.2
CORRECTED = replace(FIRST, tasks=(FIRST.tasks[0], replace(FIRST.tasks[2], number="1.2", key="1.2")))


async def store(db, plan: ParsedPlan):
    async with transaction(db):
        return await store_plan(db, plan, now=NOW, user_id=None, channel="test", source_name="t", create_agencies=True)


async def report_done(db, number: str) -> None:
    async with transaction(db):
        await db.execute(
            "INSERT INTO reports (task_id, agency_id, status, channel, created_at)"
            " SELECT t.id, a.id, 'done', 'test', ? FROM tasks t, agencies a WHERE t.number = ? AND t.active = 1"
            " AND a.name = ?", (NOW.isoformat(), number, WARD))


async def reports_by_title(db) -> dict[str, tuple[str, int]]:
    rows = await db.execute_fetchall(
        "SELECT t.title, t.number, t.active FROM reports r JOIN tasks t ON t.id = r.task_id")
    return {row[0]: (row[1], row[2]) for row in rows}


async def test_a_removed_row_does_not_move_its_reports_to_the_next_task(db) -> None:
    await store(db, FIRST)
    await report_done(db, "1.2")  # the monthly report
    async with transaction(db):
        before = await reimport_changes(db, CORRECTED)
    assert [(r.old_number, r.new_number) for r in before.renumbered] == [("1.3", "1.2")]
    assert [(d.number, d.title, d.reports, d.number_reused) for d in before.dropped] == [
        ("1.2", "Báo cáo CCHC hằng tháng", 1, True)]
    result = await store(db, CORRECTED)
    assert (result.tasks_added, result.tasks_removed) == (0, 1)
    # the report stays on the monthly report task, archived; the inspection (now 1.2) has none
    assert await reports_by_title(db) == {"Báo cáo CCHC hằng tháng": ("1.2", 0)}
    active = await db.execute_fetchall("SELECT number, title FROM tasks WHERE active = 1 ORDER BY position")
    assert [tuple(r) for r in active] == [
        ("1.1", "Ban hành Kế hoạch kiểm tra CCHC"), ("1.2", "Tổ chức kiểm tra việc thực hiện văn hóa công sở")]


async def test_renumbered_tasks_keep_their_reports_and_the_row_can_come_back(db) -> None:
    await store(db, FIRST)
    await report_done(db, "1.3")
    renumbered = replace(FIRST, tasks=tuple(replace(t, number=f"5.{i}", key=f"5.{i}") for i, t in enumerate(FIRST.tasks, 1)))
    result = await store(db, renumbered)
    assert (result.tasks_added, result.tasks_removed) == (0, 0)
    assert [(r.old_number, r.new_number, r.reports) for r in result.changes.renumbered] == [
        ("1.1", "5.1", 0), ("1.2", "5.2", 0), ("1.3", "5.3", 1)]
    assert await reports_by_title(db) == {"Tổ chức kiểm tra việc thực hiện văn hóa công sở": ("5.3", 1)}
    await store(db, CORRECTED)  # 1.2 dropped, then listed again: the archived task comes back with its id
    back = await store(db, FIRST)
    assert (back.tasks_added, back.tasks_removed) == (1, 0)
    assert await reports_by_title(db) == {"Tổ chức kiểm tra việc thực hiện văn hóa công sở": ("1.3", 1)}
    assert (await db.execute_fetchall("SELECT COUNT(*) FROM tasks"))[0][0] == 3


async def test_a_new_plan_and_an_unchanged_one_say_nothing_moved(db) -> None:
    async with transaction(db):
        assert not (await reimport_changes(db, FIRST)).exists
    await store(db, FIRST)
    again = await store(db, FIRST)
    assert again.changes.exists and (again.changes.kept, again.changes.added) == (3, 0)
    assert not again.changes.renumbered and not again.changes.dropped
