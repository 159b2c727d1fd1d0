"""A plan numbered 1, 2, 3, through the fake Telegram: "2 xong" typed while a question waits for a button is
a report, as "2.1 xong" is, never the answer that files the waiting report under task 2."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from storage.reports import latest_report
from storage.tasks import find_tasks
from tests.bot.test_bot_admin_e2e import invite_and_join
from tests.fakegram import FakeTelegram
from tests.harness import ADMIN_ID, SAMPLE, Clock, Running, make_settings, seed_plan, start, stop, task

NOI_VU = 3
FLAT = replace(SAMPLE, tasks=(
    task("1", "Ban hành Kế hoạch kiểm tra CCHC", "Phòng Nội vụ", date(2025, 3, 31)),
    task("2", "Rà soát thủ tục hành chính", "Phòng Nội vụ", date(2025, 3, 20)),
))


@pytest.fixture
async def bot(tmp_path) -> AsyncIterator[Running]:
    settings = make_settings(tmp_path)
    await seed_plan(settings.db, FLAT)
    fake = FakeTelegram()
    for uid, name in ((ADMIN_ID, "Admin"), (NOI_VU, "Minh")):
        fake.add_user(uid, first_name=name)
    running = await start(settings, fake, Clock(datetime(2025, 3, 10, 2, 0, tzinfo=UTC)))
    try:
        await invite_and_join(running, NOI_VU, "Phòng Nội vụ", "head")
        yield running
    finally:
        await stop(running)


async def test_a_flat_number_and_status_typed_while_a_question_waits_is_its_own_report(bot: Running):
    listed = await bot.say(NOI_VU, "/tasks")
    asked = await bot.say(NOI_VU, "vướng: chờ Sở hướng dẫn", reply_to=listed.message_id)
    assert "Bạn báo cáo việc nào?" in asked.plain  # the blocked report waits for its task
    saved = await bot.say(NOI_VU, "2 xong")
    assert "Đã ghi nhận 2: Xong" in saved.plain
    ((one,), (two,)) = [await find_tasks(bot.db, number) for number in ("1", "2")]
    (agency,) = (await bot.db.execute_fetchall("SELECT id FROM agencies WHERE name = 'Phòng Nội vụ'"))[0]
    assert (await latest_report(bot.db, two.task.id, agency)).status == "done"
    assert await latest_report(bot.db, one.task.id, agency) is None
    # the question gave way to the report: a button of it is no longer waited for
    assert "Không có thao tác nào" in (await bot.say(NOI_VU, "/huy")).plain
