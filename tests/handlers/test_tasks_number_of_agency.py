"""/tasks 2 of a ward or unit (whose list has one page) is task 2 of a plan numbered 1, 2, 3 (TESTER14 F12)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from tests.harness import SAMPLE, task
from tests.reliability_core import open_core

WARD_CHAIR = "56"
SECRETARY = "900"
PLAN = replace(SAMPLE, tasks=(
    task("1", "Tự kiểm tra giờ giấc làm việc", "Phường Bến Nghé", date(2025, 6, 30), section=""),
    task("2", "Báo cáo kết quả tự kiểm tra", "Phường Bến Nghé", date(2025, 7, 15), section=""),
))


async def test_tasks_with_a_bare_number_shows_that_task_to_an_agency_and_pages_for_the_secretary(tmp_path):
    # before: «/tasks 2» as a ward chair gave the same list again without a word (read as a page, and an
    # agency's list has none); «/tasks trang 2» stays a page, and a secretary's «/tasks 1» the plan's page 1
    core = await open_core(tmp_path, plan=PLAN)
    try:
        await core.link(WARD_CHAIR, "member", "Phường Bến Nghé")
        await core.link(SECRETARY, "secretary", None)
        core.clock.now = datetime(2025, 3, 18, 2, 0, tzinfo=UTC)
        assert "Việc của Phường Bến Nghé" in await core.text(WARD_CHAIR, "/tasks")
        shown = await core.text(WARD_CHAIR, "/tasks 2")
        assert "Nhiệm vụ 2: Báo cáo kết quả tự kiểm tra" in shown and "Việc của" not in shown
        assert "Việc của Phường Bến Nghé" in await core.text(WARD_CHAIR, "/tasks trang 2")
        assert "Việc của" not in await core.text(SECRETARY, "/tasks 1")
    finally:
        await core.db.close()
