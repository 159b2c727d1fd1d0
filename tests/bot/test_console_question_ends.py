"""In the demo (as on Zalo) a text answers what the person reads: a card opened since «Chưa rõ tình trạng của 3.4»
ends that question (TESTER17 T5); «à nhầm, …» right after a confirmation corrects it (T10); a file kept under
«which task?» goes with the one report typed next, of a task the list did not show (T3b)."""

from __future__ import annotations

import io
import sqlite3

from bot.config import Settings
from bot.console import run_demo
from tests.bot.test_console import seeded_copy


async def test_a_bare_status_answers_the_card_opened_and_a_correction_its_confirmation(tmp_path):
    await seeded_copy(tmp_path)
    settings = Settings(_env_file=None, NHACVIEC_DB=str(tmp_path / "demo.sqlite3"))  # type: ignore[call-arg]
    paper = tmp_path / "bien-ban.txt"
    paper.write_text("biên bản", encoding="utf-8")
    out = io.StringIO()
    lines = ["/as bennghe", "/tasks", f"/file {paper}", "7.8 xong", "3.4 ok", "/task 3.5", "xong", "à nhầm, đang làm 80%"]
    assert await run_demo(settings, stdin=io.StringIO("\n".join(lines) + "\n"), out=out) == 0
    text = out.getvalue()
    # before: «Minh chứng «bien-ban.txt» là cho việc nào? … 1) 7.8», then the next report took the file
    assert "Đã ghi nhận 7.8: Xong" in text and "«bien-ban.txt» cho 7.8" in text and "là cho việc nào" not in text
    # before: «Đã ghi nhận 3.4: Xong», a done on the task the person was not reading
    assert "Đã ghi nhận 3.5: Xong" in text and "Đã ghi nhận 3.4" not in text
    # before: a new «Đang làm, 80%» report on 3.5 beside its «Xong», the words kept as its note
    assert "Đã cập nhật báo cáo 3.5: Đang làm, 80%." in text
    db = sqlite3.connect(tmp_path / "demo.sqlite3")
    rows = db.execute("SELECT t.number, r.status, r.percent FROM reports r JOIN tasks t ON t.id = r.task_id").fetchall()
    assert rows == [("7.8", "done", 100), ("3.5", "in_progress", 80)]
    assert db.execute("SELECT COUNT(*) FROM evidence").fetchone() == (1,)
