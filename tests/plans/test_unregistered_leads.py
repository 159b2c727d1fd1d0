"""Agencies a plan names that the database lacks: the preview, «Tạo N đơn vị mới» and what is stored agree
(TESTER13 D2: «Bộ phận một cửa», read as an outside body, counted as a lead, then stored as none)."""

from __future__ import annotations

import pytest

from handlers.plan_reading import leadless
from plans.agencies import KnownAgency, guess_kind
from plans.importer import read_plan
from storage.agencies import add_agency, registry
from storage.plans import store_plan

PLAN = ("KẾ HOẠCH\nSố: 25/KH-UBND\nCải cách hành chính năm 2022\n"
        "STT\tNhiệm vụ\tChủ trì\tThời gian hoàn thành\n"
        "1\tRà soát thủ tục\tPhòng Nội vụ\t30/06/2022\n"
        "2\tBáo cáo hồ sơ một cửa\tBộ phận một cửa\t30/09/2022\n"
        "3\tPhối hợp bảo đảm an ninh\tCông an phường\t30/09/2022\n").encode()
KNOWN = [KnownAgency("Phòng Nội vụ", "unit")]


def test_a_department_named_bo_phan_is_no_ministry() -> None:
    assert guess_kind("Bộ phận một cửa") == "unit"
    assert guess_kind("Bộ Nội vụ") == "external"


def test_every_lead_the_registry_lacks_is_an_agency_to_create_and_its_task_leadless_if_not_created() -> None:
    plan = read_plan(PLAN, "kh-25.txt", registry=KNOWN)
    assert plan.unknown_agencies == ("Bộ phận một cửa", "Công an phường")
    assert [(task.lead, task.unknown_lead) for task in plan.tasks] == [
        (("Phòng Nội vụ",), ()), ((), ("Bộ phận một cửa",)), ((), ("Công an phường",))]
    assert leadless(plan, unknown_created=False) == ["2", "3"]


@pytest.mark.both_backends
async def test_what_the_preview_counts_is_what_storing_links(db, now) -> None:
    await add_agency(db, "Phòng Nội vụ", "unit", now=now)
    plan = read_plan(PLAN, "kh-25.txt", registry=await registry(db))
    result = await store_plan(db, plan, now=now, user_id=None, channel="cli", source_name="kh-25.txt",
                              create_agencies=False)
    assert result.unknown_agencies == list(plan.unknown_agencies)
    rows = await db.execute_fetchall(
        "SELECT t.number FROM tasks AS t WHERE NOT EXISTS (SELECT 1 FROM task_agencies AS ta"
        " WHERE ta.task_id = t.id AND ta.role = 'lead') ORDER BY t.number")
    assert [row[0] for row in rows] == leadless(plan, unknown_created=False)
