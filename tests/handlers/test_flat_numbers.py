"""A plan numbered 1, 2, 3 (a flat STT column, no sections): its people report by typing the number."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from tests.harness import SAMPLE, task
from tests.reliability_core import open_core

FLAT = replace(SAMPLE, tasks=(
    task("1", "Ban hành Kế hoạch kiểm tra CCHC", "Phòng Nội vụ", date(2025, 3, 31)),
    task("2", "Rà soát thủ tục hành chính", "Phòng Nội vụ", date(2025, 3, 20)),
    task("3", "Báo cáo quý I", "Phường Bến Nghé", date(2025, 3, 25)),
))


async def test_a_task_numbered_without_a_dot_is_reported_by_its_number(tmp_path):
    core = await open_core(tmp_path, FLAT)
    try:
        await core.link("500", "head", "Phòng Nội vụ")
        answer = await core.text("500", "2 xong")
        assert "2" in answer and "Xong" in answer
        assert await core.count("reports", "task_id = ? AND status = 'done'", (await core.task_id("2"),)) == 1
        await core.text("500", "nv 1 đạt 80%")
        assert await core.count("reports", "task_id = ? AND percent = 80", (await core.task_id("1"),)) == 1
        # task 3 is another agency's: the number is not read as a task, nothing is stored for it
        await core.text("500", "3 xong")
        assert await core.count("reports", "task_id = ?", (await core.task_id("3"),)) == 0
        # a count is not a task number
        await core.text("500", "đã tiếp nhận 2 hồ sơ")
        assert await core.count("reports") == 2
    finally:
        await core.db.close()
