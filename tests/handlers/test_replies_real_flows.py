"""Replies that are no report store nothing, through the fake Telegram: a question naming a task, a task's
deadline repeated, an acknowledgement; a check mark is a report."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime

from plans.model import Milestone
from tests.fakegram import FakeTelegram
from tests.harness import ADMIN_ID, SAMPLE, Clock, Running, make_settings, seed_plan, start, stop, task

WARD_CHAIR = 2


async def stored(bot: Running) -> list[tuple]:
    async with bot.db.execute(
        "SELECT t.number, r.status FROM reports r JOIN tasks t ON t.id = r.task_id ORDER BY r.id"
    ) as cur:
        return [tuple(row) for row in await cur.fetchall()]


async def test_questions_and_deadlines_store_nothing_a_check_mark_does(tmp_path):
    settings = make_settings(tmp_path)
    await seed_plan(settings.db, SAMPLE)  # Bến Nghé leads 1.1 (31/03) and 2.1 (05/03)
    fake = FakeTelegram()
    for uid, name in ((ADMIN_ID, "Admin"), (WARD_CHAIR, "Lan")):
        fake.add_user(uid, first_name=name)
    bot = await start(settings, fake, Clock(datetime(2025, 3, 10, 2, 0, tzinfo=UTC)))
    try:
        answer = await bot.say(ADMIN_ID, "/invite Phường Bến Nghé head")
        code = re.search(r"start=([A-Z0-9]+)", answer.plain or "")
        assert code, answer.plain
        await bot.say(WARD_CHAIR, f"/start {code.group(1)}")
        for text in ("1.1 xong chưa ạ?", "/cancel", "1.1 hạn 31/3", "/cancel", "ok em nhận được rồi", "done?"):
            answer = await bot.say(WARD_CHAIR, text)
            assert "Đã ghi nhận" not in (answer.plain or ""), (text, answer.plain)
        assert await stored(bot) == []
        saved = await bot.say(WARD_CHAIR, "1.1 ✅")
        assert "Đã ghi nhận 1.1: Xong" in saved.plain
        assert await stored(bot) == [("1.1", "done")]
    finally:
        await stop(bot)


async def test_the_tasks_own_deed_said_done_under_its_message_is_done(tmp_path):
    """«đã báo cáo» under task 2.1 «Báo cáo quý I» says its deed was done; under a list of two tasks it is asked
    about, and so is «đã tổ chức» under 1.1 «Tổ chức hội nghị …» whose date answered is to «Trình Kế hoạch»."""
    settings = make_settings(tmp_path)
    meeting = replace(
        task("1.1", "Tổ chức hội nghị đối thoại", "Phường Bến Nghé", None),
        milestones=(Milestone(kind="due", label="Trình Kế hoạch", due=date(2025, 3, 31), dates=(date(2025, 3, 31),)),),
    )
    await seed_plan(settings.db, replace(SAMPLE, tasks=(meeting, *SAMPLE.tasks[1:])))  # and 2.1 «Báo cáo quý I»
    fake = FakeTelegram()
    for uid, name in ((ADMIN_ID, "Admin"), (WARD_CHAIR, "Lan")):
        fake.add_user(uid, first_name=name)
    bot = await start(settings, fake, Clock(datetime(2025, 3, 10, 2, 0, tzinfo=UTC)))
    try:
        answer = await bot.say(ADMIN_ID, "/invite Phường Bến Nghé head")
        code = re.search(r"start=([A-Z0-9]+)", answer.plain or "")
        assert code, answer.plain
        await bot.say(WARD_CHAIR, f"/start {code.group(1)}")
        listing = await bot.say(WARD_CHAIR, "/tasks")
        asked = await bot.say(WARD_CHAIR, "đã báo cáo", reply_to=listing.message_id)
        assert "Đã ghi nhận" not in (asked.plain or ""), asked.plain
        await bot.say(WARD_CHAIR, "/cancel")
        assert await stored(bot) == []
        one = await bot.say(WARD_CHAIR, "/tasks 1.1")
        asked = await bot.say(WARD_CHAIR, "đã tổ chức", reply_to=one.message_id)
        assert "Đã ghi nhận" not in (asked.plain or ""), asked.plain
        await bot.say(WARD_CHAIR, "/cancel")
        one = await bot.say(WARD_CHAIR, "/tasks 2.1")
        saved = await bot.say(WARD_CHAIR, "đã báo cáo", reply_to=one.message_id)
        assert "Đã ghi nhận 2.1: Xong" in (saved.plain or ""), saved.plain
        assert await stored(bot) == [("2.1", "done")]
    finally:
        await stop(bot)
