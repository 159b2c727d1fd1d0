"""The import preview says what was read, not only how much: who leads how many tasks, the first tasks with
their deadline as read, and the tasks nobody leads (before confirming and after storing anyway), in chat and
in `nhacviec import --dry-run`'s text."""

from __future__ import annotations

from dataclasses import replace

from bot.commands.plan_read import print_plan_line
from chat.buttons import ImportAnswer
from chat.messages import TEXT_LIMIT, Attachment
from handlers.admin import preview_text
from handlers.plan_reading import reading_text
from plans.importer import read_plan
from tests.reliability_core import ADMIN, open_core

PLAN = (
    "KẾ HOẠCH\nSố: 12/KH-UBND\nCải cách hành chính năm 2025\n"
    "STT\tNhiệm vụ\tChủ trì\tThời gian hoàn thành\n"
    "1\tRà soát thủ tục\tPhòng Nội vụ\tQuý II/2025\n"
    "2\tHọp giao ban\tPhòng Nội vụ\tHằng quý năm 2025\n"
    "3\tNiêm yết thủ tục\tPhòng Tư pháp\tThường xuyên\n"
    "4\tSố hóa hồ sơ\t-\t30/9/2025\n"
).encode()


async def test_the_preview_shows_who_leads_what_and_the_deadlines_as_read(tmp_path):
    core = await open_core(tmp_path)
    try:
        core.files["F"] = PLAN
        (answer,) = await core.send(ADMIN, "/import", attachment=Attachment("F", "ke-hoach.txt", len(PLAN)))
        text = answer.text
        assert "Chủ trì: Phòng Nội vụ 2 việc; Phòng Tư pháp 1 việc." in text
        assert "• 1 Rà soát thủ tục — hạn 30/06/2025" in text
        assert "• 2 Họp giao ban — định kỳ, hạn " in text and "(4 hạn)" in text
        assert "• 3 Niêm yết thủ tục — thường xuyên" in text
        leadless = "⚠️ 1 việc chưa có đơn vị chủ trì: sẽ không ai được nhắc (4). Bấm «Tải bảng để sửa»"
        assert leadless in text
        assert text.index(leadless) > text.index("• 4 Số hóa hồ sơ")  # last, right above the buttons
        stored = await core.send(ADMIN, button_data=ImportAnswer("ok").pack())
        assert "⚠️ Đã lưu 1 việc chưa có đơn vị chủ trì: sẽ không ai được nhắc (4)." in stored[0].text
    finally:
        await core.db.close()


def test_the_command_lines_dry_run_shows_the_reading_and_the_fix_for_tasks_without_lead(capsys):
    plan = read_plan(PLAN, "ke-hoach.txt")
    print_plan_line(plan, stored=False, lang="vi")
    out = capsys.readouterr().out
    assert "Chủ trì: Phòng Nội vụ 2 việc; Phòng Tư pháp 1 việc.\n• 1 Rà soát thủ tục — hạn 30/06/2025\n" in out
    assert "⚠️ 1 việc chưa có đơn vị chủ trì: sẽ không ai được nhắc (4). Sửa: nhacviec import TỆP --to-xlsx" in out
    print_plan_line(plan, stored=False, lang="en")
    out = capsys.readouterr().out
    assert "Leads: Phòng Nội vụ 2 tasks; Phòng Tư pháp 1 task.\n• 1 Rà soát thủ tục — due Jun 30, 2025\n" in out


def test_wards_leading_the_same_tasks_are_one_line_and_long_lists_are_cut():
    wards = "; ".join(f"Phường {n}" for n in range(1, 11))
    rows = "".join(f"{n}\tViệc {n}\tPhòng số {n}\tQuý II/2025\n" for n in range(1, 8))
    plan = read_plan(f"STT\tNhiệm vụ\tChủ trì\tThời gian hoàn thành\n{rows}8\tTự kiểm tra\t{wards}\tQuý II/2025\n".encode(),
                     "ke-hoach.txt")
    text = reading_text(plan, "vi")
    assert "10 phường 1 việc" in text and "Phường 3" not in text
    assert "… và 3 đơn vị khác" in text
    assert "• … và 3 việc nữa" in text


def test_a_preview_too_long_for_a_phone_message_cuts_its_lists_and_keeps_what_to_do():
    plan = read_plan(PLAN, "ke-hoach.txt")
    many = replace(plan, unknown_agencies=tuple(f"Tổ dân phố số {n} khu phố {n}" for n in range(400)))
    text = preview_text(many, "vi")
    assert len(text) <= TEXT_LIMIT
    assert "1 việc chưa có đơn vị chủ trì" in text and text.endswith("Bấm Xác nhận để lưu.")
