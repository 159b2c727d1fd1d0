"""«Chưa rõ tình trạng của …» asked because of an «ok»: the «ok» is no note of the status said next (TESTER15 F14),
and «cảm ơn» typed to it closes the question, telling nothing was recorded (F10), as thanks end a note step."""

from __future__ import annotations

import io
import sqlite3

from bot.config import Settings
from bot.console import run_demo
from tests.bot.test_console import seeded_copy


async def test_the_ok_that_made_the_bot_ask_is_no_note_and_thanks_close_the_question(tmp_path):
    # before: «Đã ghi nhận 7.8: Xong — ghi chú: «ok»», and «cam on» re-asked «Mình đang chờ tình trạng của 7.4 …»
    await seeded_copy(tmp_path)
    settings = Settings(_env_file=None, NHACVIEC_DB=str(tmp_path / "demo.sqlite3"))  # type: ignore[call-arg]
    lines = ["/as bennghe", "/tasks", "7.8 ok", "xong", "7.4 ok", "cam on", "/cancel"]
    out = io.StringIO()
    assert await run_demo(settings, stdin=io.StringIO("\n".join(lines) + "\n"), out=out) == 0
    text = out.getvalue()
    assert "Chưa rõ tình trạng của 7.8" in text and "Chưa rõ tình trạng của 7.4" in text
    assert "Đã ghi nhận 7.8: Xong. Cảm ơn!" in text and "ghi chú" not in text
    assert "Chưa ghi nhận gì cho 7.4" in text and "Mình đang chờ tình trạng của 7.4" not in text
    assert "Không có thao tác nào đang làm" in text  # /cancel after the thanks: no question was left open
    db = sqlite3.connect(tmp_path / "demo.sqlite3")
    rows = db.execute("SELECT t.number, r.status, r.note FROM reports r JOIN tasks t ON t.id = r.task_id").fetchall()
    assert rows == [("7.8", "done", "")]
