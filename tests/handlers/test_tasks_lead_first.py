"""/tasks of a ward that coordinates many tasks: its own lead tasks are listed before any coordinating one, even
when the coordinating dates come first (TESTER15 F1)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from tests.harness import SAMPLE, task
from tests.reliability_core import open_core

WARD_CHAIR = "56"
COORDINATING = tuple(
    replace(task(f"1.{n}", f"Việc phối hợp số {n}", "Phòng Nội vụ", date(2025, 3, 31)),
            support=("Phường Bến Nghé",), support_text="Phường Bến Nghé")
    for n in range(1, 14)
)  # 13: more than a screen (MAX_LISTED) on their own
OWN = task("2.1", "Báo cáo tuần của phường", "Phường Bến Nghé", date(2025, 4, 4), section="2")
PLAN = replace(SAMPLE, tasks=(*COORDINATING, OWN))


async def test_the_wards_own_task_due_this_week_is_listed_before_coordinating_ones(tmp_path):
    # before: 13 coordinating tasks whose date had passed filled the list (every «overdue» one was kept) and the
    # ward's own task due on Friday was only counted in «… và 1 việc khác»
    core = await open_core(tmp_path, plan=PLAN)
    try:
        await core.link(WARD_CHAIR, "member", "Phường Bến Nghé")
        core.clock.now = datetime(2025, 4, 1, 2, 0, tzinfo=UTC)  # Tuesday 01/04: the coordinating dates passed
        listed = await core.text(WARD_CHAIR, "/tasks")
        assert "Chủ trì:\n🟡 2.1. Báo cáo tuần của phường" in listed
        assert listed.count("Việc phối hợp số") == 11  # the rest of the screen, the others counted
        core.clock.now = datetime(2025, 3, 25, 2, 0, tzinfo=UTC)  # nothing passed yet: the nearest dates first
        assert "Chủ trì:\n⚪ 2.1. Báo cáo tuần của phường" in await core.text(WARD_CHAIR, "/tasks")
    finally:
        await core.db.close()
