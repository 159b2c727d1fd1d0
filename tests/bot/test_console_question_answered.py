"""In the demo (as on Zalo) a text answers the chat's latest message about tasks: the bot's «Chưa rõ tình trạng»
question about a task not on the list before it is that message, so «xong» typed next answers it (TESTER15 F2)."""

from __future__ import annotations

import io
import sqlite3

from bot.config import Settings
from bot.console import run_demo
from tests.bot.test_console import seeded_copy


async def test_xong_typed_after_the_status_question_answers_it_not_the_list(tmp_path):
    # before: «Tin bạn trả lời có nhiều việc. Bạn báo cáo việc nào?», the /tasks list's question, and 7.8 (which the
    # ward coordinates, beyond the list's screen) stayed unreported
    await seeded_copy(tmp_path)
    settings = Settings(_env_file=None, NHACVIEC_DB=str(tmp_path / "demo.sqlite3"))  # type: ignore[call-arg]
    out = io.StringIO()
    lines = ["/as bennghe", "/tasks", "7.8 ok", "xong", "/task 3.3", "6.9 ok", "xong"]
    assert await run_demo(settings, stdin=io.StringIO("\n".join(lines) + "\n"), out=out) == 0
    text = out.getvalue()
    assert "Chưa rõ tình trạng của 7.8" in text
    assert "Đã ghi nhận 7.8: Xong" in text and "Bạn báo cáo việc nào" not in text
    # after /task 3.3's card, «xong» answered the card: «Đã ghi nhận 3.3: Xong», a wrong «done» (on Zalo too)
    assert "Đã ghi nhận 6.9: Xong" in text and "Đã ghi nhận 3.3" not in text
    db = sqlite3.connect(tmp_path / "demo.sqlite3")
    rows = db.execute("SELECT t.number, r.status FROM reports r JOIN tasks t ON t.id = r.task_id").fetchall()
    assert rows == [("7.8", "done"), ("6.9", "done")]
