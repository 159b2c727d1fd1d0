"""/tasks says what the agency last reported on each lead task under way, as its reminders do: after «1.1 đang làm
50%» the list showed 1.1 exactly as a task nobody had reported on (TESTER15 F5)."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.reliability_core import open_core

WARD_CHAIR = "56"


async def test_the_list_says_what_the_ward_last_reported_on_its_tasks_under_way(tmp_path):
    core = await open_core(tmp_path)
    try:
        await core.link(WARD_CHAIR, "member", "Phường Bến Nghé")
        core.clock.now = datetime(2025, 3, 10, 2, 0, tzinfo=UTC)
        await core.send(WARD_CHAIR, "1.1 đang làm 50%, dự kiến 20/03")
        await core.send(WARD_CHAIR, "2.1 vướng: chờ hướng dẫn của Sở")
        listed = await core.text(WARD_CHAIR, "/tasks")
        assert "Hạn: 31/03/2025\n   Đã báo ngày 10/03/2025: Đang thực hiện, 50%, dự kiến xong 20/03/2025" in listed
        assert "Đã báo ngày 10/03/2025: Vướng mắc — ghi chú: «chờ hướng dẫn của Sở»" in listed
    finally:
        await core.db.close()
