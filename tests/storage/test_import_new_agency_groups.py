"""An agency created by an import («Tạo 1 đơn vị mới», --create-agencies) takes its group's tasks of that plan
only: the open group tasks of earlier plans are /agency_add's question, not the import's."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from plans.agencies import GROUP_UNITS
from plans.model import PlanMeta
from storage.db import transaction
from storage.plans import store_plan
from tests.harness import SAMPLE, task

pytestmark = pytest.mark.both_backends

NOW = datetime(2025, 2, 1, 2, 0, tzinfo=UTC)
EARLIER = replace(SAMPLE, tasks=(task("1.1", "Rà soát văn bản", GROUP_UNITS, date(2025, 6, 30)),
                                 task("1.2", "Rà soát thủ tục", "Phòng Nội vụ", date(2025, 6, 30))))
LATER = replace(
    SAMPLE, meta=PlanMeta(code="45/KH-UBND", title="Kế hoạch khác", issuer=None, issued_on=None, year=2025),
    tasks=(task("1.1", "Tổng hợp báo cáo", GROUP_UNITS, date(2025, 9, 30)),
           task("2.1", "Kiểm tra công vụ", "Văn phòng HĐND và UBND huyện", date(2025, 9, 30))),
    derived_agencies={"Văn phòng HĐND và UBND huyện": "unit"})


async def store(db, plan):
    async with transaction(db):
        return await store_plan(db, plan, now=NOW, user_id=None, channel="test", source_name="t", create_agencies=True)


async def test_an_agency_created_by_an_import_takes_only_that_plans_group_tasks(db) -> None:
    await store(db, EARLIER)
    result = await store(db, LATER)
    assert result.agencies_created == ["Văn phòng HĐND và UBND huyện"]
    rows = await db.execute_fetchall(
        "SELECT p.code, t.number, ta.role FROM task_agencies ta JOIN tasks t ON t.id = ta.task_id"
        " JOIN plans p ON p.id = t.plan_id JOIN agencies a ON a.id = ta.agency_id"
        " WHERE a.name = 'Văn phòng HĐND và UBND huyện' ORDER BY p.code, t.number")
    assert [tuple(r) for r in rows] == [("45/KH-UBND", "1.1", "lead"), ("45/KH-UBND", "2.1", "lead")]
