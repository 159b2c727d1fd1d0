"""A reply about every task of a message ("tất cả đã xong"), through the fake Telegram."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from tests.fakegram import FakeTelegram
from tests.harness import ADMIN_ID, SAMPLE, Clock, Running, make_settings, seed_plan, start, stop, task

WARD_CHAIR = 2


@pytest.fixture
async def bot(tmp_path) -> AsyncIterator[Running]:
    settings = make_settings(tmp_path)
    await seed_plan(settings.db)
    fake = FakeTelegram()
    for uid, name in ((ADMIN_ID, "Admin"), (WARD_CHAIR, "Lan")):
        fake.add_user(uid, first_name=name)
    running = await start(settings, fake, Clock(datetime(2025, 3, 10, 2, 0, tzinfo=UTC)))
    try:
        answer = await running.say(ADMIN_ID, "/invite Phường Bến Nghé head")
        code = re.search(r"start=([A-Z0-9]+)", answer.plain or "")
        assert code, answer.plain
        await running.say(WARD_CHAIR, f"/start {code.group(1)}")
        yield running
    finally:
        await stop(running)


async def stored(bot: Running) -> list[tuple]:
    async with bot.db.execute(
        "SELECT t.number, r.status, r.percent, r.note FROM reports r JOIN tasks t ON t.id = r.task_id ORDER BY r.id"
    ) as cur:
        return [tuple(row) for row in await cur.fetchall()]


@pytest.mark.parametrize("reply", ["tất cả đã xong", "cả 2 việc xong", "all done"])
async def test_all_done_reports_each_listed_task_once(bot: Running, reply: str):
    listing = await bot.say(WARD_CHAIR, "/tasks")
    assert "2.1." in listing.plain and "1.1." in listing.plain
    asked = await bot.say(WARD_CHAIR, reply, reply_to=listing.message_id, contains="1.1")
    assert await stored(bot) == []  # one confirmation first
    await bot.press(WARD_CHAIR, asked, "Có", contains="1.1")
    assert sorted(await stored(bot)) == [("1.1", "done", 100, ""), ("2.1", "done", 100, "")]


async def test_edited_all_done_rewrites_every_report_it_made(bot: Running):
    listing = await bot.say(WARD_CHAIR, "/tasks")
    before = bot.fake.last_to(WARD_CHAIR).message_id
    message_id = bot.fake.user_sends(WARD_CHAIR, "tất cả đang làm", reply_to=listing.message_id)
    asked = await bot.fake.wait_for_message(WARD_CHAIR, after=before, contains="1.1")
    await bot.press(WARD_CHAIR, asked, "Có", contains="1.1")
    before = bot.fake.last_to(WARD_CHAIR).message_id
    bot.fake.user_edits(WARD_CHAIR, message_id, "tất cả đã xong")
    await bot.fake.wait_for_message(WARD_CHAIR, after=before, contains="1.1")
    assert sorted(r[:2] for r in await stored(bot)) == [("1.1", "done"), ("2.1", "done")]


async def test_plain_done_still_asks_which_task(bot: Running):
    listing = await bot.say(WARD_CHAIR, "/tasks")
    asked = await bot.say(WARD_CHAIR, "đã xong", reply_to=listing.message_id)
    assert asked.buttons, asked.plain
    assert await stored(bot) == []


async def test_all_done_but_one_leaves_the_exception_alone(bot: Running):
    listing = await bot.say(WARD_CHAIR, "/tasks")
    asked = await bot.say(WARD_CHAIR, "tất cả xong trừ 2.1", reply_to=listing.message_id, contains="1.1")
    assert "2.1" not in asked.plain  # the exception is not in the confirmation
    await bot.press(WARD_CHAIR, asked, "Có", contains="1.1")
    assert await stored(bot) == [("1.1", "done", 100, "")]


async def test_all_done_but_one_with_its_own_words_reports_both(bot: Running):
    listing = await bot.say(WARD_CHAIR, "/tasks")
    asked = await bot.say(
        WARD_CHAIR, "tat ca xong, rieng 2.1 dang lam 50%", reply_to=listing.message_id, contains="1.1"
    )
    assert await stored(bot) == [("2.1", "in_progress", 50, "")]
    await bot.press(WARD_CHAIR, asked, "Có", contains="1.1")
    assert sorted(await stored(bot)) == [("1.1", "done", 100, ""), ("2.1", "in_progress", 50, "")]


async def test_the_tasks_of_a_month_are_those_due_in_it(tmp_path):
    """«các việc tháng 3 xong hết» confirms only the listed tasks due in March; a month none is due in asks which."""
    settings = make_settings(tmp_path)
    plan = replace(SAMPLE, tasks=(
        task("1.1", "Ban hành Kế hoạch kiểm tra CCHC", "Phường Bến Nghé", date(2025, 4, 30)),
        task("2.1", "Báo cáo quý I", "Phường Bến Nghé", date(2025, 3, 5), section="2"),
    ))
    await seed_plan(settings.db, plan)
    fake = FakeTelegram()
    for uid, name in ((ADMIN_ID, "Admin"), (WARD_CHAIR, "Lan")):
        fake.add_user(uid, first_name=name)
    bot = await start(settings, fake, Clock(datetime(2025, 3, 10, 2, 0, tzinfo=UTC)))
    try:
        code = re.search(r"start=([A-Z0-9]+)", (await bot.say(ADMIN_ID, "/invite Phường Bến Nghé head")).plain or "")
        assert code
        await bot.say(WARD_CHAIR, f"/start {code.group(1)}")
        listing = await bot.say(WARD_CHAIR, "/tasks")
        asked = await bot.say(WARD_CHAIR, "các việc tháng 2 xong hết", reply_to=listing.message_id)
        assert asked.buttons and await stored(bot) == []  # none due in February: which task?
        await bot.say(WARD_CHAIR, "/cancel")
        asked = await bot.say(WARD_CHAIR, "các việc tháng 3 xong hết rồi", reply_to=listing.message_id, contains="2.1")
        assert "1.1" not in asked.plain, asked.plain
        await bot.press(WARD_CHAIR, asked, "Có", contains="2.1")
        assert await stored(bot) == [("2.1", "done", 100, "")]
    finally:
        await stop(bot)
