"""An admin importing in the console (as on Telegram) is told to «chọn» a choice, never to «bấm» a button the
console has none of (note13: the import prompts said «bấm»)."""

from __future__ import annotations

from tests.bot.test_console import run_lines

LETTER = ("ỦY BAN NHÂN DÂN\nQUẬN 1\nSố: 125/UBND-VP\nV/v triển khai nhiệm vụ cải cách hành chính năm 2022\n\n"
          "STT\tNhiệm vụ\tChủ trì\tThời gian hoàn thành\n"
          "1\tRà soát thủ tục\tPhòng Nội vụ\t30/06/2022\n"
          "2\tSố hóa hồ sơ\tTrung tâm Dữ liệu quận\t30/09/2022\n"
          "3\tKiểm tra việc niêm yết\tPhòng Nội vụ\tsớm\n")


async def test_the_import_prompts_say_choose_on_the_console(tmp_path):
    letter = tmp_path / "cv-125.txt"
    letter.write_text(LETTER)
    out, _ = await run_lines(tmp_path, "/as admin", f"/import {letter}", "99.9 thường xuyên", "1", "1")
    said = out.split("> [#", 1)[1]  # the bot's answers, after the console's own opening
    assert "chọn «Tạo … đơn vị mới» để tạo và giao việc" in said
    assert "Các việc chưa đọc được hạn: chọn «Xác nhận (chờ sự kiện)»" in said
    assert "Kế hoạch đang chờ xác nhận: chọn một mục dưới đây" in said
    assert "hoặc gửi lại tệp và chọn «Tạo … đơn vị mới»" in said
    assert "bấm" not in said.lower()
