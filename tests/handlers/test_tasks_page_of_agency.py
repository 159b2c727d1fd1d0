"""«/viec 2» of a ward whose plans have no task 2 (the chair wants the list's second page): where the rest of its
tasks are, not «Không tìm thấy nhiệm vụ 2. Gõ /tasks để xem số nhiệm vụ» (TESTER15 F9)."""

from __future__ import annotations

from tests.reliability_core import open_core

WARD_CHAIR = "56"


async def test_a_page_number_a_ward_types_points_to_report_for_the_rest(tmp_path):
    core = await open_core(tmp_path)  # tasks 1.1, 1.2 and 2.1: no task 2
    try:
        await core.link(WARD_CHAIR, "member", "Phường Bến Nghé")
        answer = await core.text(WARD_CHAIR, "/tasks 2")
        assert answer.startswith("Phường Bến Nghé không có nhiệm vụ 2, và danh sách /tasks chỉ có một trang")
        assert "Gõ /report để chọn trong mọi việc của đơn vị" in answer
        assert "📌 Nhiệm vụ 2.1" in await core.text(WARD_CHAIR, "/tasks 2.1")  # a task's number still shows it
    finally:
        await core.db.close()
