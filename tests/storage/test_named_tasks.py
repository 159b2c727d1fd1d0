"""An agency registered after a plan named it gets the tasks the plan gives it by name, as the import would have
(TESTER13 P3: «Phòng Kinh tế» added after 187/QĐ-UBND was imported led 0 tasks until the plan was imported again)."""

from __future__ import annotations

import json

import pytest

from handlers.plan_texts import named_tasks_text
from plans.documents import document_name
from plans.importer import read_plan
from storage.agencies import add_agency, registry
from storage.named_tasks import NamedTasks, give_named_tasks
from storage.plans import store_plan

PLAN = ("QUYẾT ĐỊNH\nSố: 187/QĐ-UBND\nCải cách hành chính năm 2025\n"
        "STT\tNhiệm vụ\tChủ trì\tPhối hợp\tThời gian hoàn thành\n"
        "1\tRà soát thủ tục\tPhòng Nội vụ\tPhòng Kinh tế\t30/06/2025\n"
        "2\tHỗ trợ doanh nghiệp\tPhòng Kinh tế\tCông an quận\t30/09/2025\n"
        "3\tKiểm tra công vụ\tPhòng Nội vụ\t\t30/09/2025\n").encode()


async def _links(db, name: str) -> list[tuple[str, str]]:
    rows = await db.execute_fetchall(
        "SELECT t.number, ta.role FROM task_agencies AS ta JOIN tasks AS t ON t.id = ta.task_id"
        " JOIN agencies AS a ON a.id = ta.agency_id WHERE a.name = ? ORDER BY t.number", (name,))
    return [(row[0], row[1]) for row in rows]


@pytest.mark.both_backends
async def test_an_agency_added_later_gets_the_tasks_naming_it_once(db, now) -> None:
    await add_agency(db, "Phòng Nội vụ", "unit", now=now)
    plan = read_plan(PLAN, "qd-187.txt", registry=await registry(db))
    await store_plan(db, plan, now=now, user_id=None, channel="cli", source_name="qd-187.txt", create_agencies=False)
    assert await _links(db, "Phòng Nội vụ") == [("1", "lead"), ("3", "lead")]

    economy = await add_agency(db, "Phòng kinh tế", "unit", now=now)
    assert await give_named_tasks(db, economy.id) == [NamedTasks("187/QĐ-UBND", lead=1, support=1)]
    assert await _links(db, "Phòng kinh tế") == [("1", "support"), ("2", "lead")]
    assert await give_named_tasks(db, economy.id) == []  # given once

    # an outside body kept as text beside a task is linked instead, as the import would have
    police = await add_agency(db, "Công an quận", "external", now=now)
    assert await give_named_tasks(db, police.id) == [NamedTasks("187/QĐ-UBND", support=1)]
    rows = await db.execute_fetchall("SELECT support_other FROM tasks WHERE number = '2'")
    assert json.loads(rows[0][0]) == []


@pytest.mark.both_backends
async def test_an_agency_no_task_names_gets_nothing(db, now) -> None:
    await add_agency(db, "Phòng Nội vụ", "unit", now=now)
    plan = read_plan(PLAN, "qd-187.txt", registry=await registry(db))
    await store_plan(db, plan, now=now, user_id=None, channel="cli", source_name="qd-187.txt", create_agencies=False)
    health = await add_agency(db, "Phòng Y tế", "unit", now=now)
    assert await give_named_tasks(db, health.id) == []


def test_the_answer_names_the_document_by_its_kind() -> None:
    given = [NamedTasks("187/QĐ-UBND", lead=5), NamedTasks("3815/UBND-NV", lead=1, support=2)]
    assert named_tasks_text(given, "vi") == (
        "Đã giao 5 việc của quyết định 187/QĐ-UBND ghi tên đơn vị này (5 việc chủ trì).\n"
        "Đã giao 3 việc của công văn 3815/UBND-NV ghi tên đơn vị này (1 việc chủ trì, 2 việc phối hợp).")
    assert named_tasks_text(given[:1], "en") == (
        "Gave it 5 tasks of decision 187/QĐ-UBND that name this agency (5 as lead).")
    assert [document_name(code, "vi") for code in ("17/KH-UBND", "12/CT-UBND", "45/2022/QĐ-UBND", "ke-hoach")] == [
        "kế hoạch 17/KH-UBND", "chỉ thị 12/CT-UBND", "quyết định 45/2022/QĐ-UBND", "văn bản ke-hoach"]
