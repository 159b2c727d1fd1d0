"""The import answers name a document by its kind (TESTER13 P8: «Đã lưu kế hoạch 3815/UBND-NV» for a công văn)
and count areas only for a plan divided into them (D5: «0 lĩnh vực» read as something missing)."""

from __future__ import annotations

from bot.commands.plan_read import print_plan_line
from handlers.admin import preview_text
from plans.importer import read_plan

LETTER = ("ỦY BAN NHÂN DÂN\nQUẬN 1\nSố: 125/UBND-VP\nV/v triển khai nhiệm vụ cải cách hành chính năm 2022\n\n"
          "STT\tNhiệm vụ\tChủ trì\tThời gian hoàn thành\n"
          "1\tRà soát thủ tục\tPhòng Nội vụ\t30/06/2022\n").encode()
PLAN = ("KẾ HOẠCH\nSố: 17/KH-UBND\nCải cách hành chính năm 2022\n"
        "STT\tNhiệm vụ\tChủ trì\tThời gian hoàn thành\n"
        "I\tCải cách thể chế\t\t\n"
        "1\tRà soát thủ tục\tPhòng Nội vụ\t30/06/2022\n"
        "II\tCải cách thủ tục hành chính\t\t\n"
        "2\tNiêm yết thủ tục\tPhòng Tư pháp\t30/09/2022\n").encode()


def test_a_cong_van_is_named_so_and_a_plan_without_areas_counts_none() -> None:
    letter = read_plan(LETTER, "cv-125.txt")
    text = preview_text(letter, "vi")
    assert text.startswith("Công văn 125/UBND-VP — ")
    assert "1 nhiệm vụ, 1 mốc thời hạn." in text and "lĩnh vực" not in text
    assert preview_text(letter, "en").startswith("Official letter 125/UBND-VP — ")


def test_a_plan_keeps_its_name_and_its_areas_count(capsys) -> None:
    plan = read_plan(PLAN, "kh-17.txt")
    text = preview_text(plan, "vi")
    assert text.startswith("Kế hoạch 17/KH-UBND — ")
    sections = len({task.section for task in plan.tasks if task.section})
    assert sections and f"2 nhiệm vụ, 2 mốc thời hạn, {sections} lĩnh vực." in text
    print_plan_line(read_plan(LETTER, "cv-125.txt"), stored=True, lang="vi")
    assert capsys.readouterr().out.startswith("Đã lưu công văn 125/UBND-VP: 1 nhiệm vụ, 0 lưu ý.")
