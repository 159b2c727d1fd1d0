"""The confirmation of a report on a series names the date it answers and, for a «xong», the earlier dates it
closes with it (TESTER14 F1: «Đã ghi nhận 2: Xong» said neither), in Vietnamese and English."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from chat.buttons import ReportStatus
from plans.model import Milestone
from storage.db import transaction
from tests.harness import SAMPLE, task
from tests.reliability_core import open_core

pytestmark = pytest.mark.both_backends

WARD_CHAIR = "56"
FRIDAYS = tuple(date(2025, 3, 14) + timedelta(weeks=n) for n in range(6))  # 14/03 … 18/04/2025
WEEKLY = replace(
    task("3.1", "Báo cáo tình hình giải quyết hồ sơ", "Phường Bến Nghé", None),
    deadline_text="Hằng tuần, thứ Sáu",
    milestones=(Milestone(kind="recurring", label="Báo cáo tuần", due=FRIDAYS[0], dates=FRIDAYS),),
)
ONCE = task("3.2", "Ban hành quy chế", "Phường Bến Nghé", date(2025, 6, 30))
PLAN = replace(SAMPLE, tasks=(WEEKLY, ONCE))


async def test_a_xong_on_a_series_names_its_date_and_the_missed_dates_it_closes(tmp_path, database_url):
    core = await open_core(tmp_path, plan=PLAN, database=database_url)
    try:
        await core.link(WARD_CHAIR, "member", "Phường Bến Nghé")
        core.clock.now = datetime(2025, 4, 1, 2, 0, tzinfo=UTC)  # Tuesday 01/04: 14/03, 21/03 and 28/03 missed
        said = await core.text(WARD_CHAIR, "3.1 xong")
        assert "Đã ghi nhận 3.1: Xong (kỳ 28/03/2025; hạn trễ 14/03/2025, 21/03/2025 cũng được đóng)." in said
        # a task's only date is not repeated
        assert "Đã ghi nhận 3.2: Xong. Cảm ơn!" in await core.text(WARD_CHAIR, "3.2 xong")
        # weeks later, in English
        async with transaction(core.db):
            await core.db.execute("UPDATE users SET lang = 'en' WHERE id = ?", (await core.user_id(WARD_CHAIR),))
        core.clock.now = datetime(2025, 4, 22, 2, 0, tzinfo=UTC)  # 04/04, 11/04 and 18/04 missed
        said = await core.text(WARD_CHAIR, "3.1 xong")
        assert "Recorded 3.1: Done (period due Apr 18, 2025; also closed, late: Apr 4, 2025, Apr 11, 2025)." in said
    finally:
        await core.db.close()


async def test_the_xong_button_of_a_missed_week_names_the_dates_it_closes(tmp_path, database_url):
    """The digest's «✅ 3.1 Xong» pressed for a missed week answers the newest week due (resolve_target), and its
    question for a note says so; four missed weeks are counted, not listed."""
    core = await open_core(tmp_path, plan=PLAN, database=database_url)
    try:
        await core.link(WARD_CHAIR, "member", "Phường Bến Nghé")
        core.clock.now = datetime(2025, 4, 14, 2, 0, tzinfo=UTC)  # Monday 14/04: 14/03 … 11/04 missed
        task_id = await core.task_id("3.1")
        said = await core.text(WARD_CHAIR, button_data=ReportStatus(task_id, await core.occurrence_of("3.1"), "done").pack())
        assert said.startswith("Đã ghi nhận 3.1: Xong (kỳ 11/04/2025; 4 hạn trễ từ 14/03/2025 cũng được đóng).")
    finally:
        await core.db.close()
