"""Counts in chat texts are grouped as each language writes them (1.205 nhiệm vụ; 1,205 tasks), as the roll-ups'
already were: a province's plan runs to more than a thousand tasks."""

from __future__ import annotations

from dataclasses import replace

from handlers.admin import preview_text
from plans.importer import read_plan

PLAN = ("KẾ HOẠCH\nSố: 17/KH-UBND\nCải cách hành chính năm 2022\n"
        "STT\tNhiệm vụ\tChủ trì\tThời gian hoàn thành\n1\tRà soát thủ tục\tPhòng Nội vụ\t30/06/2022\n").encode()


def test_an_import_preview_of_a_big_plan_groups_its_counts() -> None:
    # before: «Chủ trì: Phòng Nội vụ 1205 việc», «… và 1200 việc nữa»
    plan = read_plan(PLAN, "kh-17.txt")
    big = replace(plan, tasks=[replace(plan.tasks[0], key=str(n), number=str(n)) for n in range(1, 1206)])
    text = preview_text(big, "vi")
    assert "1.205 nhiệm vụ, 1.205 mốc thời hạn." in text
    assert "Chủ trì: Phòng Nội vụ 1.205 việc." in text and "• … và 1.200 việc nữa" in text
    assert "1,205 tasks" in preview_text(big, "en")
