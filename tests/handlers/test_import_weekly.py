"""A weekly task in a plan sent to the bot is stored as a recurring deadline, and «2 hang tuan thu 6» typed
under the preview sets one (before: «Không đọc được thời hạn «hàng tuần»», stored as an event)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from chat.buttons import ImportAnswer
from chat.messages import Attachment
from storage.db import transaction
from tests.reliability_core import ADMIN, open_core

PLAN = (
    "ỦY BAN NHÂN DÂN QUẬN 1\nSố: 12/KH-UBND\nQuận 1, ngày 05 tháng 01 năm 2025\nKẾ HOẠCH\nCải cách hành chính năm 2025\n"
    "STT\tNhiệm vụ\tChủ trì\tThời gian hoàn thành\n"
    "1\tRà soát thủ tục\tPhòng Nội vụ\tQuý II/2025\n"
    "2\tCập nhật hồ sơ lên Cổng dịch vụ công\tPhòng Nội vụ\tQuý V/2025\n"
).encode()


async def test_a_weekly_deadline_typed_under_the_preview_is_stored_as_every_friday(tmp_path):
    core = await open_core(tmp_path)
    try:
        core.files["F"] = PLAN
        await core.send(ADMIN, "/import", attachment=Attachment("F", "ke-hoach.txt", len(PLAN)))
        (again,) = await core.send(ADMIN, "2 hang tuan thu 6")
        assert "Hạn đã đặt (1):\n• 2: «hang tuan thu 6» (định kỳ)" in again.text
        assert "Chưa đọc được hạn" not in again.text
        assert "• 2 Cập nhật hồ sơ lên Cổng dịch vụ công — định kỳ, hạn " in again.text
        (done,) = await core.send(ADMIN, button_data=ImportAnswer("ok").pack())
        assert ("Không tính 9 hạn định kỳ đã qua trước ngày nhập (chưa ai được nhắc): việc định kỳ tính từ hôm nay."
                in done.text)
        async with transaction(core.db):
            rows = await core.db.execute_fetchall(
                "SELECT m.kind, o.due FROM milestones m JOIN tasks t ON t.id = m.task_id "
                "JOIN occurrences o ON o.milestone_id = m.id WHERE t.number = '2' ORDER BY o.due")
        # from the import day (Monday 10/03/2025) on: the Fridays since the plan's date, 05/01/2025, were never reminded
        assert {kind for kind, _ in rows} == {"recurring"} and len(rows) == 42 and rows[0][1] == "2025-03-14"
        assert {date.fromisoformat(due).weekday() for _, due in rows} == {4}
    finally:
        await core.db.close()


async def test_a_weekly_plan_imported_on_its_friday_after_the_reminders_counts_from_the_next_friday(tmp_path):
    # TESTER14 F2: Friday 14/03/2025 10:00, the day's reminders gone: that Friday would be late untold
    core = await open_core(tmp_path)
    try:
        core.clock.now = datetime(2025, 3, 14, 3, 0, tzinfo=UTC)
        core.files["F"] = PLAN
        await core.send(ADMIN, "/import", attachment=Attachment("F", "ke-hoach.txt", len(PLAN)))
        await core.send(ADMIN, "2 hang tuan thu 6")
        (done,) = await core.send(ADMIN, button_data=ImportAnswer("ok").pack())
        assert ("Không tính 10 hạn định kỳ đến hết hôm nay (chưa ai được nhắc, nhắc việc hôm nay đã gửi): việc định"
                " kỳ tính từ ngày mai." in done.text)
        async with transaction(core.db):
            (first,) = await core.db.execute_fetchall(
                "SELECT MIN(o.due) FROM milestones m JOIN tasks t ON t.id = m.task_id "
                "JOIN occurrences o ON o.milestone_id = m.id WHERE t.number = '2'")
        assert first[0] == "2025-03-21"
    finally:
        await core.db.close()
