"""A group named as a lead with no member registered is said even when another agency leads the task too
(TESTER13 P4: 39 tasks of 17/KH-UBND «Thủ trưởng cơ quan, đơn vị; Chủ tịch UBND 10 phường» reached no ward,
silently, after a first import)."""

from __future__ import annotations

import pytest

from handlers.plan_texts import empty_groups_text
from plans.importer import read_plan
from storage.agencies import GROUP_WARDS, add_agency, registry
from storage.plans import empty_groups, store_plan, unled_tasks

PLAN = ("KẾ HOẠCH\nSố: 17/KH-UBND\nCải cách hành chính năm 2025\n"
        "STT\tNhiệm vụ\tChủ trì\tThời gian hoàn thành\n"
        "1\tRà soát thủ tục\tPhòng Nội vụ; Chủ tịch UBND 10 phường\t30/06/2025\n"
        "2\tNiêm yết thủ tục\tPhòng Nội vụ, Chủ tịch UBND 10 phường\t30/09/2025\n"
        "3\tĐối thoại với dân\tChủ tịch UBND 10 phường\t30/09/2025\n"
        "4\tKiểm tra công vụ\tPhòng Nội vụ\t30/09/2025\n").encode()


@pytest.mark.both_backends
async def test_a_group_without_members_is_said_beside_another_lead(db, now) -> None:
    await add_agency(db, "Phòng Nội vụ", "unit", now=now)
    plan = read_plan(PLAN, "kh-17.txt", registry=await registry(db))
    await store_plan(db, plan, now=now, user_id=None, channel="cli", source_name="kh-17.txt", create_agencies=False)
    assert await empty_groups(db, plan) == [(GROUP_WARDS, 3)]
    assert await unled_tasks(db, plan) == [("3", GROUP_WARDS)]
    await add_agency(db, "Phường Bến Nghé", "ward", now=now)
    assert await empty_groups(db, plan) == []


@pytest.mark.both_backends
async def test_a_group_only_ever_named_alone_is_left_to_the_unled_line(db, now) -> None:
    await add_agency(db, "Phòng Nội vụ", "unit", now=now)
    alone = PLAN.replace("Phòng Nội vụ; ".encode(), b"").replace("Phòng Nội vụ, ".encode(), b"")
    plan = read_plan(alone, "kh-17.txt", registry=await registry(db))
    assert await empty_groups(db, plan) == []


def test_the_group_line_says_how_many_tasks_and_how_to_register_its_members() -> None:
    assert empty_groups_text([(GROUP_WARDS, 39)], "vi", cli=True) == (
        "\n⚠️ Nhóm «Tất cả phường» chưa có đơn vị nào: 39 việc chưa nhắc được phường, xã nào. Đăng ký các phường:"
        " nhacviec agency add \"Phường …\" --inherit-open-tasks")
    assert "1 task reminds no ward" in empty_groups_text([(GROUP_WARDS, 1)], "en")
