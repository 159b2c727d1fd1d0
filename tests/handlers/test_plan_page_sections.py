"""/tasks (secretary) heads a plan not divided into sections with its name, never an empty «📚 »."""

from __future__ import annotations

import pytest

from handlers.tasks import plan_page
from storage.tasks import PlanTask

LETTERED = PlanTask("25/KH-UBND", "", "", "a", "Rà soát, niêm yết công khai thủ tục hành chính", 1, "Bộ phận một cửa")
SECTIONED = PlanTask("17/KH-UBND", "1", "Chỉ đạo, điều hành", "1.1", "Kiện toàn Ban Chỉ đạo", 1, "Phòng Nội vụ")


@pytest.mark.parametrize(("tasks", "lang", "heading"), [
    ([LETTERED], "vi", "📚 Kế hoạch 25/KH-UBND (không chia lĩnh vực)"),
    ([LETTERED, SECTIONED], "vi", "📚 Kế hoạch 25/KH-UBND (không chia lĩnh vực)"),
    ([LETTERED], "en", "📚 Plan 25/KH-UBND (no sections)"),
])
def test_a_plan_without_sections_is_headed_by_its_name(tasks, lang, heading):
    lines = plan_page(tasks, 1, lang).text.splitlines()
    assert heading in lines, lines
    assert all(line.strip() != "📚" and not line.endswith("] ") for line in lines), lines


def test_sections_of_two_plans_still_name_the_plan():
    assert "📚 [17/KH-UBND] 1. Chỉ đạo, điều hành" in plan_page([LETTERED, SECTIONED], 1, "vi").text
