"""The demo: the console chat over the real core, on the bundled sample plan."""

from __future__ import annotations

import io
import re
import sqlite3

from bot.config import Settings
from bot.console import run_demo
from bot.messengers import PrintMessenger
from chat.messages import OutgoingMessage


async def run_lines(tmp_path, *lines: str, lang: str = "vi") -> tuple[str, sqlite3.Connection]:
    settings = Settings(_env_file=None, NHACVIEC_DB=str(tmp_path / "demo.sqlite3"), NHACVIEC_LANG=lang)  # type: ignore[call-arg]
    out = io.StringIO()
    assert await run_demo(settings, stdin=io.StringIO("\n".join(lines) + "\n"), out=out) == 0
    return out.getvalue(), sqlite3.connect(tmp_path / "demo.sqlite3")


async def test_demo_seeds_the_sample_plan_and_people(tmp_path):
    out, db = await run_lines(tmp_path, "/tasks")
    assert db.execute("SELECT code FROM plans").fetchall() == [("17/KH-UBND",)]
    assert db.execute("SELECT COUNT(*) FROM tasks").fetchone()[0] == 69
    wards = db.execute("SELECT COUNT(*) FROM agencies WHERE kind = 'ward'").fetchone()[0]
    assert wards == 10
    assert "Việc của Phường Bến Nghé" in out
    assert "Báo cáo 1.6" in out


async def test_demo_tick_sends_digests_and_a_typed_reply_is_stored(tmp_path):
    out, db = await run_lines(
        tmp_path, "/as thuky", "/tick 28/03/2022", "/as bennghe", "1.6 xong", "3.3 đang làm 40%", "/as thuky", "/summary"
    )
    assert "(đồng hồ: 22/03/2022 08:00; bạn đang là: Chủ tịch UBND phường Bến Nghé)" in out
    assert "(đồng hồ: 28/03/2022 08:00)\n" in out and "(2 tin đã gửi)" in out
    assert "Nhắc việc CCHC — ngày 28/03/2022" in out
    assert "Đã ghi nhận 1.6: Xong" in out
    assert "Đã ghi nhận 3.3: Đang làm, 40%" in out
    rows = db.execute(
        "SELECT t.number, r.status, r.percent FROM reports r JOIN tasks t ON t.id = r.task_id ORDER BY r.id"
    ).fetchall()
    assert rows == [("1.6", "done", 100), ("3.3", "in_progress", 40)]
    assert re.search(r"📎 tong-hop-cchc-2022-03-28\.xlsx \(\d{1,3}(\.\d{3})+ byte\)", out)  # 47.870 byte


async def test_demo_sends_the_starting_days_reminders_and_catches_up_a_day_ticked_after_hours(tmp_path):
    # issue 17 item 21: 22/03/2022 is the T-7 day of the first quarter's deadlines (31/03)
    out, _ = await run_lines(tmp_path, "/tick 28/03/2022 21:00", "/tick 29/03/2022 08:00")
    start, after_hours, next_morning = out.split("> ")[:3]
    assert "Nhắc việc CCHC — ngày 22/03/2022" in start and "31/03/2022 — còn 7 ngày làm việc" in start
    assert "(2 tin đã gửi)" in start
    assert "(0 tin đã gửi)" in after_hours  # the T-3 day, after the quiet hour
    assert "Nhắc việc CCHC — ngày 29/03/2022" in next_morning
    assert "31/03/2022 — còn 2 ngày làm việc" in next_morning and "(2 tin đã gửi)" in next_morning


async def test_demo_numbered_buttons(tmp_path):
    out, db = await run_lines(tmp_path, "/tasks", "1", "1")
    assert "Tình trạng hiện nay?" in out
    assert "Gõ ghi chú nếu cần" in out
    assert db.execute("SELECT status FROM reports").fetchall() == [("done",)]


async def test_demo_people_answer_to_what_newcomers_type(tmp_path):
    out, _ = await run_lines(tmp_path, "/as thư ký", "/as Trưởng Phòng Nội vụ", "/as secretary", "/as chủ tịch", "/as ai đó")
    switched = [line for line in out.splitlines() if "(bạn đang là:" in line]
    assert [s.split("bạn đang là: ")[1].rstrip(")") for s in switched] == [
        "Thư ký Ban Chỉ đạo CCHC", "Trưởng Phòng Nội vụ", "Thư ký Ban Chỉ đạo CCHC", "Chủ tịch UBND phường Bến Nghé",
    ]
    assert "Dùng: /as TÊN — một trong:" in out  # "ai đó" is nobody: the choices are listed


async def test_demo_ends_on_what_newcomers_type_to_leave(tmp_path):
    for word in ("/thoát", "/quit", "/EXIT"):
        out, _ = await run_lines(tmp_path, word, "/tasks")
        assert out.rstrip().endswith("Tạm biệt!"), word
        assert "Việc của Phường Bến Nghé" not in out, word  # nothing after it was read
        assert "Không hiểu lệnh" not in out, word


async def test_demo_in_english_speaks_english_in_its_own_lines(tmp_path):
    out, db = await run_lines(
        tmp_path, "/as nobody", "/as thuky", "/tick 28/03/2022", "/tick soon", "/as bennghe", "1.6 done",
        "/as thuky", "/summary", lang="en",
    )
    assert out.startswith("nhacviec — a trial run on Plan 17/KH-UBND")
    assert "/as thuky (secretary of the steering committee)" in out
    assert "(clock: Mar 22, 2022 8:00\u202fAM; you are: Chủ tịch UBND phường Bến Nghé)" in out  # names are data
    assert "Usage: /as NAME — one of: admin (Chuyên viên Phòng Nội vụ (admin)), thuky (" in out
    assert "(you are now: Thư ký Ban Chỉ đạo CCHC)" in out
    assert "(clock: Mar 28, 2022 8:00\u202fAM)\n" in out and "(2 messages sent)" in out
    assert "Usage: /tick dd/mm/yyyy [HH:MM]" in out
    assert re.search(r"📎 tong-hop-cchc-2022-03-28\.xlsx \(\d{1,3}(,\d{3})+ bytes\)", out)  # 47,870 bytes
    assert out.rstrip().endswith("Goodbye!")
    for vietnamese in ("bản chạy thử", "đồng hồ", "bạn đang là", "Dùng:", "tin đã gửi", "byte)", "Tạm biệt"):
        assert vietnamese not in out, vietnamese
    assert "CCHC reminders — Mar 28, 2022" in out  # the core answers in the same language
    assert db.execute("SELECT status FROM reports").fetchall() == [("done",)]


async def test_messages_for_the_demos_people_outside_the_demo_are_printed_in_the_deployments_language(capsys):
    await PrintMessenger("vi").send("thuky", OutgoingMessage("Nhắc việc"))
    english = PrintMessenger("en")
    await english.send("thuky", OutgoingMessage("Reminder"))
    assert await english.send("bennghe", OutgoingMessage("Reminder")) == "2"
    assert capsys.readouterr().out.splitlines() == [
        "--- tới thuky (#1) ---", "Nhắc việc", "--- to thuky (#1) ---", "Reminder", "--- to bennghe (#2) ---", "Reminder",
    ]
