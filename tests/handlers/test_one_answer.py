"""Two people of one agency answer a one-off task differently (TESTER17 T1): the latest report wins everywhere.
Lan «2.1 xong», then Mai of the same ward «2.1 đang làm 30%, chờ ký»: Mai's report takes Lan's «xong» back, Mai
is told whose «xong» she replaced, and /tasks, /task, /overdue, /summary (its roll-up and detail lines, which
its text and XLSX write) and the reminders all show 2.1 overdue. Before, the «xong» stood in the summary and /overdue
(«0 quá hạn · 1 đúng tiến độ» beside «1 hoàn thành trễ hạn») and nobody was told."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from schedules.model import ReminderSettings
from schedules.planner import plan_items
from storage.db import transaction
from storage.reminders import load_latest_reports, load_occurrences, load_people
from storage.rollups import compute_rollup
from storage.tasks import tasks_for_agency
from tests.reliability_core import open_core

VN = ZoneInfo("Asia/Ho_Chi_Minh")
LAN, MAI, SECRETARY = "2", "4", "5"
WARD = "Phường Bến Nghé"


async def _reminded(core, days: range) -> set[str]:
    """The task numbers the reminders of 11/03/2025 + `days` name, each day as planned at 09:00."""
    numbers = {}
    async with transaction(core.db):
        numbers = dict(await core.db.execute_fetchall("SELECT id, number FROM tasks"))
        occurrences = await load_occurrences(core.db, date(2025, 12, 31))
        people = await load_people(core.db)
    found: set[str] = set()
    for day in days:
        now = datetime(2025, 3, 11, 2, 0, tzinfo=UTC) + timedelta(days=day)
        async with transaction(core.db):
            reports = await load_latest_reports(core.db, now)
        found |= {numbers[item.occurrence.task_id] for item in plan_items(occurrences, people, reports,
                                                                            ReminderSettings(), now)}
    return found


async def _everywhere(core) -> dict[str, object]:
    """What every reader says of 2.1 at 09:10 on 10/03/2025 (2.1 was due 05/03). /summary's text and XLSX are
    its roll-up's totals and detail lines (asking /summary itself costs a second of drawing)."""
    ward = await core.agency_id(WARD)
    async with transaction(core.db):
        open_numbers = [item.number for item in await tasks_for_agency(core.db, ward, today=date(2025, 3, 10), tz=VN)]
        rollup = await compute_rollup(core.db, as_of=core.clock(), period="week", tz=VN, shards=1)
    line = next(line for line in rollup.details if line.number == "2.1")
    return {
        "open": "2.1" in open_numbers,
        "tasks": "🔴 2.1" in await core.text(LAN, "/tasks"),
        "task": "còn 1 hạn chưa báo xong: 05/03/2025" in await core.text(MAI, "/task 2.1"),
        "overdue": "2.1 Báo cáo quý I" in await core.text(SECRETARY, "/overdue"),
        "totals": (rollup.totals.done, rollup.totals.overdue, rollup.totals.done_late, rollup.totals.open_overdue),
        "detail": (line.bucket, line.status),
        "reminded": "2.1" in await _reminded(core, range(0, 8)),
    }


@pytest.mark.both_backends
async def test_a_dang_lam_after_a_colleagues_xong_reopens_a_one_off_task_everywhere(tmp_path, database_url):
    core = await open_core(tmp_path, database=database_url)
    try:
        await core.link(LAN, "member", WARD)
        await core.link(MAI, "member", WARD)
        await core.link(SECRETARY, "secretary", None)
        assert await core.text(LAN, "2.1 xong") == "Đã ghi nhận 2.1: Xong. Cảm ơn!"
        # the roll-up keeps its counts for the day (storage.rollup_states): they say done, until Mai's report
        totals = (await compute_rollup(core.db, as_of=core.clock(), period="week", tz=VN, details=False)).totals
        assert (totals.done, totals.overdue, totals.done_late, totals.open_overdue) == (1, 0, 1, 0)
        core.clock.now = datetime(2025, 3, 10, 2, 5, tzinfo=UTC)
        said = await core.text(MAI, "2.1 đang làm 30%, chờ ký")
        assert said == ("Đã ghi nhận 2.1: Đang làm, 30% — ghi chú: «chờ ký». Cảm ơn!\n"
                        "↩️ Báo cáo này thay cho «Xong» mà Người 2 đã báo lúc 09:00 ngày 10/03/2025:"
                        " 2.1 được tính là chưa xong.")
        core.clock.now = datetime(2025, 3, 10, 2, 10, tzinfo=UTC)
        reopened = await _everywhere(core)
        assert reopened == {
            "open": True, "tasks": True, "task": True, "overdue": True,
            "totals": (0, 1, 0, 1), "detail": ("overdue", "in_progress"), "reminded": True,
        }
        # Lan's «xong» again is the latest: done (late) everywhere, and nobody's report is replaced
        assert await core.text(LAN, "2.1 xong") == "Đã ghi nhận 2.1: Xong. Cảm ơn!"
        core.clock.now = datetime(2025, 3, 10, 2, 15, tzinfo=UTC)
        assert await _everywhere(core) == {
            "open": False, "tasks": False, "task": False, "overdue": False,
            "totals": (1, 0, 1, 0), "detail": ("done", "done"), "reminded": False,
        }
    finally:
        await core.db.close()


async def test_ones_own_xong_taken_back_is_named_as_ones_own(tmp_path):
    """«à nhầm»: a «vướng» after one's own «xong» reopens the task too, and says the «xong» was one's own."""
    core = await open_core(tmp_path)
    try:
        await core.link(LAN, "member", WARD)
        await core.text(LAN, "2.1 xong")
        said = await core.text(LAN, "2.1 vướng: chờ Sở ký")
        assert "↩️ Báo cáo này thay cho «Xong» mà chính bạn đã báo lúc 09:00 ngày 10/03/2025" in said
        assert "🔴 2.1" in await core.text(LAN, "/tasks")
        # a second «vướng» replaces no «xong»: nothing standing is taken back
        assert "↩️" not in await core.text(LAN, "2.1 vướng: vẫn chờ")
    finally:
        await core.db.close()


async def test_all_in_progress_confirmed_after_a_colleagues_xong_takes_it_back_and_says_so(tmp_path):
    """Mai's list was read before Lan's «xong»; «tất cả đang làm» answering it, confirmed, is the latest report."""
    core = await open_core(tmp_path)
    try:
        await core.link(LAN, "member", WARD)
        await core.link(MAI, "member", WARD)
        await core.send(MAI, "/tasks", sent_as="70")
        await core.text(LAN, "2.1 xong")
        assert "2.1" in await core.text(MAI, "tất cả đang làm", reply_to_ref="70")
        said = await core.text(MAI, "có")
        assert "↩️ Báo cáo này thay cho «Xong» mà Người 2 đã báo lúc 09:00 ngày 10/03/2025: 2.1" in said
        async with transaction(core.db):
            left = await tasks_for_agency(core.db, await core.agency_id(WARD), today=date(2025, 3, 10), tz=VN)
        assert [item.number for item in left] == ["2.1", "1.1"]
    finally:
        await core.db.close()
