"""On Zalo and in the demo every message «answers» the chat's latest list or card: a photo without caption just
after one's own report is that report's evidence, never a report nobody made on the card's task (TESTER15 F3)."""

from __future__ import annotations

import io
import sqlite3

from bot.config import Settings
from bot.console import run_demo
from tests.bot.test_console import seeded_copy
from tests.bot.test_zalo import LAN, ZaloRun
from tests.bot.test_zalo import zalo as zalo  # the fixture: a started Zalo bot on the sample plan

PHOTO = b"\xff\xd8\xff\xe0 anh bien ban ban giao \xff\xd9"


async def _rows(db, sql: str) -> list[tuple]:
    async with db.execute(sql) as cur:
        return [tuple(row) for row in await cur.fetchall()]


async def test_zalo_photo_after_a_report_goes_to_it_not_to_the_card_opened_before(zalo: ZaloRun):
    # before: «Đã ghi nhận 1.1: Đang làm» (nobody reported 1.1) and the photo was 1.1's, 2.1 without its evidence
    await zalo.link(LAN)
    assert "1.1" in (await zalo.say(LAN, "/task 1.1")).text
    assert "Đã ghi nhận 2.1: Xong" in (await zalo.say(LAN, "2.1 xong roi")).text
    before = len(zalo.fake.messages_to(LAN))
    zalo.fake.user_sends_image(LAN, photo=PHOTO, display_name="Lan")
    await zalo.idle()
    answer = "\n".join(m.plain for m in zalo.fake.messages_to(LAN)[before:])
    assert "cho 2.1" in answer and "1.1" not in answer, answer
    reports = await _rows(zalo.db, "SELECT t.number, r.status FROM reports r JOIN tasks t ON t.id = r.task_id ORDER BY r.id")
    assert reports == [("2.1", "done")]
    evidence = await _rows(zalo.db, "SELECT t.number FROM evidence e JOIN reports r ON r.id = e.report_id"
                                    " JOIN tasks t ON t.id = r.task_id")
    assert evidence == [("2.1",)]


async def test_demo_file_after_a_report_goes_to_it_and_a_caption_naming_a_task_keeps_its_eta(tmp_path):
    # before: «Đã ghi nhận 3.4: Đang làm, 40%» + «anh1.png» for 3.4, after «3.5 vướng» under 3.4's card; and the
    # report a file captioned «3.4» made dropped 3.4's «dự kiến xong 15/04/2022»
    await seeded_copy(tmp_path)
    (tmp_path / "anh1.png").write_bytes(b"\x89PNG anh 1")
    (tmp_path / "anh2.png").write_bytes(b"\x89PNG anh 2")
    settings = Settings(_env_file=None, NHACVIEC_DB=str(tmp_path / "demo.sqlite3"))  # type: ignore[call-arg]
    lines = ["/as noivu", "3.4 đang làm 40%, dự kiến 15/04", "/task 3.4", "3.5 vướng: chờ kinh phí",
             f"/file {tmp_path / 'anh1.png'}", f"/file {tmp_path / 'anh2.png'} 3.4"]
    out = io.StringIO()
    assert await run_demo(settings, stdin=io.StringIO("\n".join(lines) + "\n"), out=out) == 0
    text = out.getvalue()
    assert "Đã lưu minh chứng «anh1.png» cho 3.5" in text, text
    db = sqlite3.connect(tmp_path / "demo.sqlite3")
    rows = db.execute("SELECT t.number, r.status, r.eta FROM reports r JOIN tasks t ON t.id = r.task_id ORDER BY r.id").fetchall()
    # the captioned file goes on 3.4's latest report, its eta as said: no new report (file11, TESTER17 T2)
    assert rows == [("3.4", "in_progress", "2022-04-15"), ("3.5", "blocked", None)]
    files = db.execute("SELECT t.number, e.file_name FROM evidence e JOIN reports r ON r.id = e.report_id"
                       " JOIN tasks t ON t.id = r.task_id ORDER BY e.id").fetchall()
    assert files == [("3.5", "anh1.png"), ("3.4", "anh2.png")]
