"""A reminder listing the same task number from two plans names each plan, through the fake Telegram.

Plans 99/KH-UBND (the sample) and 12/KH-UBND both have a task 1.1 led by Phường Bến Nghé due Monday
31/03/2025; Thursday 20/03/2025 is seven working days before, so one digest lists both (and 3.1, which only 12/KH-UBND has).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime

import pytest

from plans.model import ParsedPlan, PlanMeta
from schedules.jobs import tick_once
from storage.reports import latest_report
from storage.tasks import find_tasks
from tests.bot.test_bot_admin_e2e import invite_and_join
from tests.fakegram import FakeTelegram
from tests.harness import ADMIN_ID, Clock, Running, make_settings, seed_plan, start, stop, task

WARD_CHAIR = 2
SECRETARY = 5
MORNING = datetime(2025, 3, 20, 1, 0, tzinfo=UTC)  # Thursday 20/03/2025 08:00 in Hà Nội

SECOND = ParsedPlan(
    meta=PlanMeta(code="12/KH-UBND", title="Kế hoạch kiểm tra CCHC", issuer="UBND Quận 1",
                  issued_on=date(2025, 1, 20), year=2025),
    tasks=(
        task("1.1", "Kiểm tra công vụ quý I", "Phường Bến Nghé", date(2025, 3, 31)),
        task("3.1", "Tự đánh giá chỉ số CCHC", "Phường Bến Nghé", date(2025, 3, 31), section="3"),
    ),
    derived_agencies={"Phường Bến Nghé": "ward"},
)


@pytest.fixture
async def bot(tmp_path) -> AsyncIterator[Running]:
    settings = make_settings(tmp_path)
    await seed_plan(settings.db)
    await seed_plan(settings.db, SECOND, now=datetime(2025, 1, 20, tzinfo=UTC))
    fake = FakeTelegram()
    for uid, name in ((ADMIN_ID, "Admin"), (WARD_CHAIR, "Lan"), (SECRETARY, "Hoa")):
        fake.add_user(uid, first_name=name)
    running = await start(settings, fake, Clock(MORNING))
    running.app.bot_data["settings"] = settings
    try:
        await invite_and_join(running, WARD_CHAIR, "Phường Bến Nghé", "head")
        await invite_and_join(running, SECRETARY, "Phòng Nội vụ", "secretary")
        yield running
    finally:
        await stop(running)


async def test_a_digest_names_the_plan_of_a_number_two_plans_share(bot: Running):
    await tick_once(bot.db, {"telegram": bot.app.bot_data["channel"].messenger}, bot.app.bot_data["settings"], MORNING)
    digest = bot.fake.last_to(WARD_CHAIR)
    assert "Nhắc việc CCHC" in digest.plain
    assert "Nhiệm vụ 1.1 [12/KH-UBND]: Kiểm tra công vụ quý I" in digest.plain
    assert "Nhiệm vụ 1.1 [99/KH-UBND]: Ban hành Kế hoạch kiểm tra CCHC" in digest.plain
    # a number only one plan has keeps its plain form
    assert "Nhiệm vụ 3.1: Tự đánh giá chỉ số CCHC" in digest.plain
    # each button says which plan it answers, and answers that plan's task
    newer, older = await find_tasks(bot.db, "1.1")
    (ward,) = (await bot.db.execute_fetchall("SELECT id FROM agencies WHERE name = 'Phường Bến Nghé'"))[0]
    saved = await bot.press(WARD_CHAIR, digest, "1.1 [99/KH-UBND] Xong")
    assert "Đã ghi nhận 1.1" in saved.plain
    assert (await latest_report(bot.db, older.task.id, ward)).status == "done"
    assert await latest_report(bot.db, newer.task.id, ward) is None


async def test_the_digests_own_example_answers_the_plan_it_names(bot: Running):
    await tick_once(bot.db, {"telegram": bot.app.bot_data["channel"].messenger}, bot.app.bot_data["settings"], MORNING)
    digest = bot.fake.last_to(WARD_CHAIR)
    assert "ví dụ: «1.1 [99/KH-UBND] xong»" in digest.plain
    newer, older = await find_tasks(bot.db, "1.1")
    (ward,) = (await bot.db.execute_fetchall("SELECT id FROM agencies WHERE name = 'Phường Bến Nghé'"))[0]
    saved = await bot.say(WARD_CHAIR, "1.1 [12/KH-UBND] đạt 60%", reply_to=digest.message_id)
    assert "Đã ghi nhận 1.1" in saved.plain and not saved.buttons
    assert (await latest_report(bot.db, newer.task.id, ward)).percent == 60
    assert await latest_report(bot.db, older.task.id, ward) is None


async def test_the_secretarys_lines_name_the_plan_too(bot: Running):
    await bot.say(WARD_CHAIR, "1.1 KH 99 vướng: chờ Sở hướng dẫn")
    await bot.say(WARD_CHAIR, "1.1 KH 12 vướng: thiếu kinh phí")
    await tick_once(bot.db, {"telegram": bot.app.bot_data["channel"].messenger}, bot.app.bot_data["settings"], MORNING)
    secretary = bot.fake.last_to(SECRETARY).plain
    assert "• 1.1 [99/KH-UBND] Ban hành Kế hoạch kiểm tra CCHC — hạn 31/03/2025" in secretary
    assert "• 1.1 [12/KH-UBND] Kiểm tra công vụ quý I — hạn 31/03/2025" in secretary
