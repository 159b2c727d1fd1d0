"""/trigger typed again with the date already set says nothing changed: it said «Đã sửa ngày phát sinh của nhiệm
vụ 6 từ 20/04/2022 thành 20/04/2022» (TESTER15 F12)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from tests.harness import SAMPLE, task
from tests.reliability_core import open_core

SECRETARY = "900"
EVENT = task("6", "Triển khai phần mềm đánh giá cán bộ một cửa", "Phòng Nội vụ", None, kind="event")
PLAN = replace(SAMPLE, tasks=(EVENT,))


async def test_the_same_trigger_date_again_changes_nothing_and_says_so(tmp_path):
    core = await open_core(tmp_path, plan=PLAN)
    try:
        await core.link(SECRETARY, "secretary", None)
        core.clock.now = datetime(2025, 4, 18, 2, 0, tzinfo=UTC)
        assert "20/04/2025" in await core.text(SECRETARY, "/trigger 6 20/04/2025")
        again = await core.text(SECRETARY, "/trigger 6 20/04/2025")
        assert again.startswith("Ngày phát sinh của nhiệm vụ 6 đã là 20/04/2025; không có gì thay đổi")
        moved = await core.text(SECRETARY, "/trigger 6 22/04/2025")
        assert moved.startswith("Đã sửa ngày phát sinh của nhiệm vụ 6 từ 20/04/2025 thành 22/04/2025")
    finally:
        await core.db.close()
