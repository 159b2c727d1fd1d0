"""/tasks of a series missed several times: its oldest date, and how many later dates are missed too (TESTER14 F6)."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.handlers.test_weekly_answers import PLAN, WARD_CHAIR
from tests.reliability_core import open_core


async def test_tasks_says_how_many_later_weeks_are_missed_beside_the_oldest(tmp_path):
    # before: «Hạn: 14/03/2025 (trễ 12 ngày làm việc)» alone, while 21/03 and 28/03 were missed too: the chair
    # could not tell that one «xong» of the oldest date left two more weeks open
    core = await open_core(tmp_path, plan=PLAN)
    try:
        await core.link(WARD_CHAIR, "member", "Phường Bến Nghé")
        core.clock.now = datetime(2025, 4, 1, 2, 0, tzinfo=UTC)  # Tuesday 01/04: 14/03, 21/03 and 28/03 missed
        listed = await core.text(WARD_CHAIR, "/tasks")
        assert "14/03/2025 (trễ 12 ngày làm việc); còn 2 hạn sau cũng chưa báo, gần nhất 28/03/2025" in listed
        core.clock.now = datetime(2025, 3, 18, 2, 0, tzinfo=UTC)  # Tuesday 18/03: one week missed, nothing added
        assert "còn" not in await core.text(WARD_CHAIR, "/tasks")
    finally:
        await core.db.close()
