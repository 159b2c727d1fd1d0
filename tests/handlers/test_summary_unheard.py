"""The committee's Friday post names who nobody is reminded for (TESTER16 F3, F15), through the demo's tick."""

from __future__ import annotations

import sqlite3

from tests.bot.test_console import run_lines, seeded_copy


async def test_the_committee_sees_a_task_nobody_leads_and_the_agencies_nobody_joined(tmp_path):
    await seeded_copy(tmp_path)
    with sqlite3.connect(tmp_path / "demo.sqlite3") as db:  # 2.1's lead, Phòng Tư pháp, as if never registered
        db.execute("DELETE FROM task_agencies WHERE role = 'lead'"
                   " AND task_id = (SELECT id FROM tasks WHERE number = '2.1')")
    db.close()
    out, _ = await run_lines(tmp_path, "/tick 25/03/2022 16:00")
    post = out.split("nhacviec → Nhóm Ban Chỉ đạo CCHC:", 1)[1]  # the post and its parts, the last things sent
    assert "⚠️ 1 việc chưa có đơn vị chủ trì đăng ký (chưa ai được nhắc, không tính vào số liệu trên): 2.1" \
           " (- Trưởng Phòng Tư pháp quận.)" in post
    assert "🟡 Phòng Tư pháp: 0/42 hoàn thành (0%), 42 chưa báo cáo, phối hợp 0/24 hoàn thành, chưa có ai" \
           " nhận nhắc việc" in post
    assert "🟡 Phường Bến Nghé: 0/39 hoàn thành (0%), 39 chưa báo cáo, phối hợp 0/28 hoàn thành\n" in post
