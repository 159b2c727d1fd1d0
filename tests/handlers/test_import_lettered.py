"""A plan written as lettered items (a, b, c, d, đ) under its import preview: a deadline typed for a lettered task
(«d 15/06/2025», «đ) thường xuyên») is set, as «2 30/06/2025» is for a numbered one."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from chat.buttons import ImportAnswer
from chat.messages import Attachment
from handlers.admin import typed_deadline
from storage.db import transaction
from tests.reliability_core import ADMIN, open_core

PLAN = (
    "KẾ HOẠCH\nSố: 25/KH-UBND\nTriển khai công tác cải cách hành chính năm 2025\n"
    "II. NHIỆM VỤ CỤ THỂ\n"
    "a) Rà soát, niêm yết công khai thủ tục hành chính.\n- Cơ quan chủ trì: Phòng Nội vụ\n"
    "- Thời gian thực hiện: Trước ngày 31/3/2025\n"
    "b) Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính.\n- Cơ quan chủ trì: Phòng Tư pháp\n"
    "- Thời gian thực hiện: 6 tháng đầu năm\n"
).encode()


@pytest.mark.parametrize(("text", "read"), [
    ("d 15/06/2025", ("d", date(2025, 6, 15))),
    ("đ) thường xuyên", ("đ", "ongoing")),
    ("B: 30/9/2025", ("b", date(2025, 9, 30))),
    ("a xong", None),  # a report, not a deadline
    ("ok 30/6", None),
])
def test_a_lettered_task_s_deadline_reads_as_a_numbered_one_s(text, read):
    assert typed_deadline(text, now=datetime(2025, 3, 1, tzinfo=UTC), tz=ZoneInfo("Asia/Ho_Chi_Minh")) == read


async def test_a_deadline_typed_for_a_lettered_task_is_stored(tmp_path):
    core = await open_core(tmp_path)
    try:
        core.files["F"] = PLAN
        (preview,) = await core.send(ADMIN, "/import", attachment=Attachment("F", "ke-hoach.txt", len(PLAN)))
        assert "• b Số hóa hồ sơ" in preview.text, preview.text  # the plan is read with tasks a and b
        (again,) = await core.send(ADMIN, "b 15/09/2025")
        assert "Kế hoạch đang chờ xác nhận" not in again.text, again.text
        await core.send(ADMIN, button_data=ImportAnswer("ok").pack())
        async with transaction(core.db):
            rows = await core.db.execute_fetchall(
                "SELECT m.due FROM milestones m JOIN tasks t ON t.id = m.task_id WHERE t.number = 'b'")
        assert [str(row[0]) for row in rows] == ["2025-09-15"]
    finally:
        await core.db.close()
