"""The chat preview of a plan: deadlines it could not read listed apart and never stored silently as events,
the reading sent as a workbook to correct, and the readers' notes shown even when the import is refused."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from chat.buttons import ImportAnswer
from chat.messages import Attachment
from handlers.admin import typed_deadline
from plans.template import HEADER_ROW
from storage.db import transaction
from tests.reliability_core import ADMIN, open_core

PLAN = (
    "KẾ HOẠCH\nSố: 12/KH-UBND\nCải cách hành chính năm 2025\n"
    "STT\tNhiệm vụ\tChủ trì\tThời gian hoàn thành\n"
    "1\tRà soát thủ tục\tPhòng Nội vụ\tQuý II/2025\n"
    "2\tHọp giao ban\tPhòng Nội vụ\tHằng quý, trước ngày 20\n"
).encode()


async def preview(core, data: bytes, name: str = "ke-hoach.txt"):
    core.files["F"] = data
    return await core.send(ADMIN, "/import", attachment=Attachment("F", name, len(data)))


async def milestone_kinds(core, number: str) -> list[str]:
    async with transaction(core.db):
        rows = await core.db.execute_fetchall(
            "SELECT m.kind FROM milestones m JOIN tasks t ON t.id = m.task_id WHERE t.number = ? "
            "AND t.plan_id = (SELECT id FROM plans WHERE code = '12/KH-UBND')", (number,))
    return [row[0] for row in rows]


async def test_unread_deadlines_are_listed_apart_and_stored_as_the_admin_chose(tmp_path):
    core = await open_core(tmp_path)
    try:
        (answer,) = await preview(core, PLAN)
        assert "Chưa đọc được hạn (1):\n• 2: Không đọc được thời hạn «Hằng quý, trước ngày 20»" in answer.text
        assert "Lưu ý" not in answer.text  # the unread deadline is not listed twice
        labels = [c.label for row in answer.choices for c in row]
        assert labels[:3] == ["Xác nhận (chờ sự kiện)", "Hủy", "Lưu, coi là thường xuyên"]
        assert "Tải bảng để sửa" in labels
        await core.send(ADMIN, button_data=ImportAnswer("ongoing").pack())
        assert await milestone_kinds(core, "2") == ["ongoing"]
        assert await milestone_kinds(core, "1") == ["due"]
    finally:
        await core.db.close()


async def test_the_workbook_button_sends_the_reading_and_keeps_the_preview_open(tmp_path):
    core = await open_core(tmp_path)
    try:
        await preview(core, PLAN)
        (sent,) = await core.send(ADMIN, button_data=ImportAnswer("xlsx").pack())
        (file,) = sent.files
        assert file.name == "ke-hoach-sua.xlsx"
        sheet = openpyxl.load_workbook(io.BytesIO(file.data))["Kế hoạch"]
        assert [sheet.cell(HEADER_ROW + r, 1).value for r in (1, 2)] == ["1", "2"]
        assert sheet.cell(HEADER_ROW + 2, 5).comment is not None  # the unread deadline has its note
        stored = await core.send(ADMIN, button_data=ImportAnswer("ok").pack())
        assert "Đã lưu kế hoạch 12/KH-UBND" in stored[0].text
        assert await milestone_kinds(core, "2") == ["event"]  # chosen: wait for the event
    finally:
        await core.db.close()


async def test_a_refused_plan_still_shows_what_the_reader_noted(tmp_path):
    core = await open_core(tmp_path)
    try:
        text = "STT\tNhiệm vụ\tChủ trì\tThời gian\nx\tViệc lạc\tPhòng Nội vụ\tQuý I/2025\n".encode()
        (answer,) = await preview(core, text)
        assert "không có nhiệm vụ nào" in answer.text
        assert "dòng 2: STT «x» không phải số thứ tự" in answer.text
    finally:
        await core.db.close()


async def milestones(core, number: str) -> list[tuple[str, str | None]]:
    async with transaction(core.db):
        rows = await core.db.execute_fetchall(
            "SELECT m.kind, m.due FROM milestones m JOIN tasks t ON t.id = m.task_id WHERE t.number = ? "
            "AND t.plan_id = (SELECT id FROM plans WHERE code = '12/KH-UBND')", (number,))
    return [(row[0], row[1]) for row in rows]


async def test_a_date_typed_for_one_task_sets_its_deadline_and_shows_the_preview_again(tmp_path):
    core = await open_core(tmp_path)
    try:
        (answer,) = await preview(core, PLAN)
        assert "«2 30/06/2025», «2 thường xuyên» hay «2 sự kiện»" in answer.text  # says how
        (again,) = await core.send(ADMIN, "2 30/6/2025")
        assert "Chưa đọc được hạn" not in again.text
        assert "Hạn đã đặt (1):\n• 2: 30/06/2025" in again.text
        labels = [c.label for row in again.choices for c in row]
        assert labels[:2] == ["Xác nhận", "Hủy"] and "Lưu, coi là thường xuyên" not in labels
        stored = await core.send(ADMIN, button_data=ImportAnswer("ok").pack())
        assert "Đã lưu kế hoạch 12/KH-UBND" in stored[0].text
        assert await milestones(core, "2") == [("due", "2025-06-30")]
        assert await milestone_kinds(core, "1") == ["due"]
    finally:
        await core.db.close()


async def test_a_task_marked_ongoing_or_event_keeps_the_others_choices(tmp_path):
    core = await open_core(tmp_path)
    try:
        text = PLAN + "3\tTập huấn\tPhòng Nội vụ\tQuý V/2025\n".encode()
        (answer,) = await preview(core, text)
        assert "Chưa đọc được hạn (2)" in answer.text
        (again,) = await core.send(ADMIN, "2 thường xuyên")
        assert "Chưa đọc được hạn (1):\n• 3:" in again.text
        assert "Hạn đã đặt (1):\n• 2: thường xuyên" in again.text
        (again,) = await core.send(ADMIN, "3: su kien")
        assert "Chưa đọc được hạn" not in again.text
        assert "• 2: thường xuyên\n• 3: chờ sự kiện" in again.text
        await core.send(ADMIN, button_data=ImportAnswer("ok").pack())
        assert await milestone_kinds(core, "2") == ["ongoing"]
        assert await milestone_kinds(core, "3") == ["event"]
    finally:
        await core.db.close()


async def test_a_task_the_plan_does_not_have_is_named_and_the_preview_stays_open(tmp_path):
    core = await open_core(tmp_path)
    try:
        await preview(core, PLAN)
        (answer,) = await core.send(ADMIN, "9 30/06/2025")
        assert "không có việc «9»" in answer.text
        await core.send(ADMIN, button_data=ImportAnswer("ongoing").pack())
        assert await milestone_kinds(core, "2") == ["ongoing"]
    finally:
        await core.db.close()


@pytest.mark.parametrize(("text", "read"), [
    ("2 30/6/2025", ("2", date(2025, 6, 30))),
    ("3.2: hạn 30/06/2025.", ("3.2", date(2025, 6, 30))),
    ("7.6#2 cuối tháng 9", ("7.6#2", date(2025, 9, 30))),
    ("2 thuong xuyen", ("2", "ongoing")),
    ("2 sự kiện", ("2", "event")),
    ("1.6 đạt 60%, dự kiến 21/04/2025", None),  # a report, not a deadline
    ("3.3 xong 20/5", None),
    ("3.3 xong", None),
    ("Ngày 2 tháng 5", None),
])
def test_what_reads_as_one_tasks_deadline(text, read):
    assert typed_deadline(text, now=datetime(2025, 3, 1, tzinfo=UTC), tz=ZoneInfo("Asia/Ho_Chi_Minh")) == read
