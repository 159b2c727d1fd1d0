"""Agencies a plan names that the database lacks: the preview, «Tạo N đơn vị mới» and what is stored agree
(TESTER13 D2: «Bộ phận một cửa», read as an outside body, counted as a lead, then stored as none)."""

from __future__ import annotations

import pytest

from bot.commands.plan_read import print_plan_line
from handlers.admin import preview_text
from handlers.plan_reading import leadless, leadless_text
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


def test_the_cli_answer_counts_its_notes_and_says_how_to_give_the_unregistered_their_tasks(capsys) -> None:
    plan = read_plan(PLAN, "kh-25.txt", registry=KNOWN)
    print_plan_line(plan, stored=True, lang="vi", unknown_created=False)
    lines = capsys.readouterr().out.splitlines()
    # before: «5 nhiệm vụ, 0 lưu ý» above «⚠️ Đã lưu … việc chưa có đơn vị chủ trì», fix: --to-xlsx only
    assert lines[0] == "Đã lưu kế hoạch 25/KH-UBND: 3 nhiệm vụ, 1 lưu ý."
    assert lines[1].startswith("⚠️ Đã lưu 2 việc chỉ ghi đơn vị chưa đăng ký làm chủ trì: chưa ai được nhắc (2, 3).")
    assert "--create-agencies" in lines[1] and "nhacviec agency add TÊN" in lines[1]
    assert len(lines) == 2  # the agencies still not registered are named once, by the import after storing


def test_tasks_with_no_lead_written_and_tasks_led_by_the_unregistered_are_told_apart() -> None:
    text = PLAN.replace("Phòng Nội vụ\t30".encode(), b"\t30")
    plan = read_plan(text, "kh-25.txt", registry=KNOWN)
    said = leadless_text(plan, "vi", stored=True, unknown_created=False)
    assert said.count("\n⚠️") == 2
    assert "chưa có đơn vị chủ trì: sẽ không ai được nhắc (1)" in said
    assert "chỉ ghi đơn vị chưa đăng ký làm chủ trì: chưa ai được nhắc (2, 3)" in said


def test_an_unregistered_lead_also_written_as_coordinating_is_the_lead_only() -> None:
    text = ("KẾ HOẠCH\nSố: 26/KH-UBND\nAn ninh năm 2022\nSTT\tNhiệm vụ\tChủ trì\tPhối hợp\tThời gian hoàn thành\n"
            "1\tTuần tra\tCông an phường\tCông an phường, Phòng Nội vụ\t30/09/2022\n").encode()
    (task,) = read_plan(text, "kh-26.txt", registry=KNOWN).tasks
    assert (task.lead, task.unknown_lead, task.support) == ((), ("Công an phường",), ("Phòng Nội vụ",))


def test_before_storing_the_preview_says_what_confirming_without_creating_leaves_unreminded(capsys) -> None:
    plan = read_plan(PLAN, "kh-25.txt", registry=KNOWN)
    text = preview_text(plan, "vi")
    assert ("Đơn vị chưa có trong danh sách (2): Bộ phận một cửa; Công an phường\nXác nhận mà không tạo thì 2 việc"
            " chỉ ghi các đơn vị này làm chủ trì chưa ai được nhắc (2, 3): chọn «Tạo … đơn vị mới»") in text
    assert "Chủ trì: Bộ phận một cửa (chưa đăng ký) 1 việc;" in text
    print_plan_line(plan, stored=False, lang="vi")
    out = capsys.readouterr().out
    assert out.startswith("Đọc thử kế hoạch 25/KH-UBND: 3 nhiệm vụ, 1 lưu ý.")
    assert "Công an phường — không tạo thì 2 việc chỉ ghi các đơn vị này làm chủ trì chưa ai được nhắc (2, 3)" in out
