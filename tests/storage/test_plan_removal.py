"""Removing a plan (storage/plans.remove_plan): its tasks turn inactive, its reports stay, importing it again
brings them back; the counts said before removing."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from handlers.plan_texts import reimport_text
from storage.db import transaction
from storage.plans import list_plans, plan_footprint, reimport_changes, remove_plan, store_plan
from tests.harness import SAMPLE

pytestmark = pytest.mark.both_backends

NOW = datetime(2025, 3, 10, 2, 0, tzinfo=UTC)


async def store(db):
    async with transaction(db):
        return await store_plan(db, SAMPLE, now=NOW, user_id=None, channel="test", source_name="t", create_agencies=True)


async def test_removed_plan_keeps_its_reports_and_comes_back_whole(db) -> None:
    await store(db)
    async with transaction(db):
        await db.execute(
            "INSERT INTO reports (task_id, agency_id, status, channel, created_at)"
            " SELECT t.id, a.id, 'done', 'test', ? FROM tasks t, agencies a WHERE t.number = '2.1'"
            " AND a.name = 'Phường Bến Nghé'", (NOW.isoformat(),))
        (plan,) = await list_plans(db)
        before = await plan_footprint(db, plan, date(2025, 3, 10))
        # 1.1 (31/03) and 1.2 (20/03) are still to come; 2.1 (05/03) is past
        assert (before.tasks, before.upcoming, before.reports) == (3, 2, 1)
        removed = await remove_plan(db, plan, today=date(2025, 3, 10), now=NOW, user_id=None, channel="test")
    assert removed == before
    assert await list_plans(db) == []
    assert (await db.execute_fetchall("SELECT COUNT(*) FROM tasks WHERE active = 1"))[0][0] == 0
    assert (await db.execute_fetchall("SELECT COUNT(*) FROM reports"))[0][0] == 1
    audit = await db.execute_fetchall("SELECT action, subject FROM audit ORDER BY id DESC LIMIT 1")
    assert tuple(audit[0]) == ("plan.removed", "99/KH-UBND")
    async with transaction(db):
        changes = await reimport_changes(db, SAMPLE)
    assert not changes.exists  # imported again, it is a new plan to the admin
    again = await store(db)
    assert again.tasks_added == 3
    rows = await db.execute_fetchall("SELECT t.number, t.active FROM reports r JOIN tasks t ON t.id = r.task_id")
    assert [tuple(r) for r in rows] == [("2.1", 1)]


async def test_a_re_import_says_how_many_reports_stay_or_come_back(db) -> None:
    await store(db)
    async with transaction(db):
        await db.execute(
            "INSERT INTO reports (task_id, agency_id, status, channel, created_at)"
            " SELECT t.id, a.id, s.status, 'test', ? FROM tasks t, agencies a, (SELECT 'done' AS status UNION ALL"
            " SELECT 'in_progress') s WHERE t.number IN ('1.1', '2.1') AND a.name = 'Phường Bến Nghé'",
            (NOW.isoformat(),))
        changes = await reimport_changes(db, SAMPLE)
    assert changes.exists and changes.kept_reports == 4
    assert reimport_text(changes, "vi", counts=False) == "\nGiữ lại 4 báo cáo đã có cho các nhiệm vụ không đổi."
    assert reimport_text(changes, "en", counts=False) == "\nKeeps 4 reports already made on the unchanged tasks."
    async with transaction(db):
        (plan,) = await list_plans(db)
        await remove_plan(db, plan, today=date(2025, 3, 10), now=NOW, user_id=None, channel="test")
        changes = await reimport_changes(db, SAMPLE)
    assert not changes.exists and changes.kept_reports == 4
    assert reimport_text(changes, "vi") == (
        "\nKế hoạch này đã được gỡ trước đây: 4 báo cáo đã có trở lại với các nhiệm vụ của nó.")
