"""On typed channels (Zalo, the console demo) a digest numbers its tasks «1. 2. 3.» and its choices are lettered
«a) b) c)»: a number typed there is a task number or a percent, never a choice, and one that could be meant for
a choice is asked about (TESTER15 F17). Before, the
choices were numbered too, and a ward chair's «3» (the third task) stored «1.6: Vướng», a head's «30» (30 %)
stored «5.10: Vướng»."""

from __future__ import annotations

import io
import sqlite3
from dataclasses import replace

from bot.config import Settings
from bot.console import run_demo
from chat.buttons import letter_picked, number_for_a_choice
from schedules.jobs import tick_once
from tests.bot.test_console import seeded_copy
from tests.bot.test_zalo import LAN, LONG_PLAN, MONDAY_9AM, start_zalo, stop_zalo, zalo_settings
from tests.fakezalo import FakeZalo
from tests.harness import Clock, seed_plan


def test_a_letter_picks_a_choice_and_a_number_never_does():
    assert [letter_picked(typed, 3) for typed in ("a", "B", " c) ", "b.")] == [0, 1, 2, 1]
    assert [letter_picked(typed, 3) for typed in ("d", "3", "30", "1)", "ab", "", "xong", "đ")] == [None] * 8
    # a bare number that could be meant for one of the choices is asked about; a percent, a task number not
    assert [number_for_a_choice(typed, 24) for typed in ("3", " 24 ", "25", "30%", "3.1", "0", "٣")] == [
        True, True, False, False, False, False, False]


async def test_numbers_typed_under_the_demos_digest_store_nothing_and_a_letter_reports(tmp_path):
    await seeded_copy(tmp_path)
    settings = Settings(_env_file=None, NHACVIEC_DB=str(tmp_path / "demo.sqlite3"))  # type: ignore[call-arg]
    out = io.StringIO()
    lines = ["/as bennghe", "3", "/as noivu", "30", "/tasks", "a"]
    assert await run_demo(settings, stdin=io.StringIO("\n".join(lines) + "\n"), out=out) == 0
    text = out.getvalue()
    db = sqlite3.connect(tmp_path / "demo.sqlite3")
    assert db.execute("SELECT COUNT(*) FROM reports").fetchone() == (0,)  # before: «1.6: Vướng», «5.10: Vướng»
    assert "Đã ghi nhận" not in text.split("/tasks")[0]
    # «3» could be meant for a choice (the habit of numbered lists): asked about; «30» is beyond the choices
    assert "Số «3» không chọn lựa chọn nào: các lựa chọn được đánh chữ (a, b, c…)" in text
    assert "Gõ một chữ từ a đến i để chọn." in text  # three tasks of three choices: ten letters hold no more
    # the digest shows its tasks by number and its choices by letter, and says so
    assert "  3. Nhiệm vụ 3.4:" in text and "a) ✅ 1.6 Xong   b) 🔄 1.6 Đang làm   c) ⛔ 1.6 Vướng" in text
    assert "hoặc gõ chữ của một lựa chọn bên dưới (a, b, c…)" in text and "1) " not in text
    # a letter still presses: /tasks's first choice is «Báo cáo …», which asks the status
    assert "Tình trạng hiện nay?" in text.split("Việc của Phòng Nội vụ")[-1]

async def test_a_task_past_the_ten_letters_is_picked_by_its_number(tmp_path):
    await seeded_copy(tmp_path)
    settings = Settings(_env_file=None, NHACVIEC_DB=str(tmp_path / "demo.sqlite3"))  # type: ignore[call-arg]
    out = io.StringIO()
    lines = ["/as bennghe", "đã trình, chờ ký", "7.4"]  # «which task?» lists 11 tasks; 7.4 has no letter
    assert await run_demo(settings, stdin=io.StringIO("\n".join(lines) + "\n"), out=out) == 0
    asked = out.getvalue().split("Bạn báo cáo việc nào?")[1]
    assert "h) 3.10\n  Với việc không có chữ ở đây, gõ số việc." in asked and " 7.4" not in asked.split(">")[0]
    assert "Đã ghi nhận 7.4: Đang làm — ghi chú: «đã trình, chờ ký»" in asked


async def test_numbers_typed_under_a_zalo_digest_are_asked_about_and_a_letter_picks(tmp_path):
    fake = FakeZalo()
    with fake.serve() as server:
        settings = zalo_settings(tmp_path, server.base_url)
        await seed_plan(settings.db, replace(LONG_PLAN, tasks=LONG_PLAN.tasks[:4]))  # 3.1–3.4, overdue: 20 choices
        zalo = await start_zalo(settings, fake, Clock(MONDAY_9AM))
        try:
            await zalo.link(LAN)
            await tick_once(zalo.db, {"zalo": zalo.bot.messenger}, settings, zalo.clock())
            digest = "\n".join(m.plain for m in fake.messages_to(LAN))
            three = await zalo.say(LAN, "3")  # the third task (3.3)? not «⛔ 3.1 Vướng»: asked
            async with zalo.db.execute("SELECT COUNT(*) FROM reports") as cur:
                assert (await cur.fetchone())[0] == 0
            assert "Số «3» không chọn lựa chọn nào" in three.text and "Đã ghi nhận" not in three.text
            assert "c) ⛔ 3.1 Vướng" in three.text  # the choices shown again, still the chat's: a letter picks
            assert "c) ⛔ 3.1 Vướng" in digest and "3. Nhiệm vụ 3.3:" in digest
            assert digest.endswith("Gõ một chữ từ a đến j để chọn. Chỉ mười lựa chọn đầu có chữ.")
            picked = await zalo.say(LAN, "c")
            assert "Đã ghi nhận 3.1: Vướng" in picked.text
            thirty = await zalo.say(LAN, "30")  # 30 % for the note question, never a choice
            assert "Đã ghi nhận" not in thirty.text
            async with zalo.db.execute("SELECT status, percent FROM reports") as cur:
                assert [tuple(row) for row in await cur.fetchall()] == [("blocked", None)]
        finally:
            await stop_zalo(zalo)
