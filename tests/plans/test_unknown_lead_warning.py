"""A lead the registry lacks is listed once, as an agency to create, not also as a lead «not determined»."""

from __future__ import annotations

from plans.agencies import KnownAgency
from plans.importer import read_plan

PLAN = ("KẾ HOẠCH\nSố: 45/KH-UBND\nCải cách hành chính năm 2025\n"
        "STT\tNhiệm vụ\tChủ trì\tThời gian hoàn thành\n"
        "1\tRà soát thủ tục\tPhòng Nội vụ\t30/06/2025\n"
        "2\tKiểm tra công vụ\tVăn phòng HĐND và UBND huyện\t30/09/2025\n").encode()


def test_an_unregistered_lead_is_an_agency_to_create_not_a_reading_failure() -> None:
    plan = read_plan(PLAN, "kh-45.txt", registry=[KnownAgency("Phòng Nội vụ", "unit")])
    assert plan.unknown_agencies == ("Văn phòng HĐND và UBND huyện",)
    assert [w.render("vi") for w in plan.warnings if w.task == "2"] == []


def test_a_lead_that_names_no_agency_is_still_said() -> None:
    text = PLAN.replace("Văn phòng HĐND và UBND huyện".encode(), b"x")
    plan = read_plan(text, "kh-45.txt", registry=[KnownAgency("Phòng Nội vụ", "unit")])
    assert any("Không xác định được cơ quan chủ trì từ «x»" in w.render("vi") for w in plan.warnings if w.task == "2")
