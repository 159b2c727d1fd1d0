"""/plan_remove and `nhacviec plan remove` through the fake Telegram: what removing takes out is said before the
button, an unknown plan is refused naming the plans there are, reminders stop, reports stay and come back."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from bot.commands import UsageError
from schedules.jobs import tick_once
from storage.db import transaction
from tests.fakegram import FakeTelegram
from tests.harness import ADMIN_ID, SAMPLE, Clock, Running, cli, make_settings, seed_plan, start, stop

WARD_CHAIR = 2
WEDNESDAY = datetime(2025, 3, 26, 1, 0, tzinfo=UTC)  # 08:00 in Hồ Chí Minh City, 3 working days before 1.1's 31/03


@pytest.fixture
async def bot(tmp_path) -> AsyncIterator[Running]:
    settings = make_settings(tmp_path)
    await seed_plan(settings.db)
    fake = FakeTelegram()
    for uid in (ADMIN_ID, WARD_CHAIR):
        fake.add_user(uid, first_name=f"U{uid}")
    running = await start(settings, fake, Clock(WEDNESDAY))
    running.app.bot_data["settings"] = settings
    try:
        yield running
    finally:
        await stop(running)


async def tick(bot: Running, when: datetime) -> list[str]:
    """The messages the ward chair got from the tick at `when`."""
    before = bot.fake.last_to(WARD_CHAIR).message_id if bot.fake.last_to(WARD_CHAIR) else 0
    settings = bot.app.bot_data["settings"]
    await tick_once(bot.db, {"telegram": bot.app.bot_data["channel"].messenger}, settings, when)
    return [m.plain for m in bot.fake.messages_to(WARD_CHAIR) if m.message_id > before]


async def test_removing_a_plan_says_what_it_takes_out_stops_reminders_and_keeps_reports(bot: Running):
    answer = await bot.say(ADMIN_ID, "/invite Phường Bến Nghé thủ trưởng")
    await bot.say(WARD_CHAIR, f"/start {re.search(r'start=([A-Z0-9]+)', answer.plain).group(1)}", contains="Đã")
    assert any("1.1" in text for text in await tick(bot, WEDNESDAY.replace(minute=5))), "reminded before"
    await bot.say(WARD_CHAIR, "1.1 đang làm 50%", contains="Đã ghi nhận")

    unknown = await bot.say(ADMIN_ID, "/plan_remove 12/KH-UBND")
    assert unknown.plain == "Không có kế hoạch «12/KH-UBND» đang được theo dõi. Các kế hoạch hiện có: 99/KH-UBND."
    ask = await bot.say(ADMIN_ID, "/plan_remove KH 99")
    assert ask.plain == (
        "Gỡ kế hoạch 99/KH-UBND — Kế hoạch CCHC thử?\n"
        "• 3 nhiệm vụ thôi theo dõi: không nhắc, không vào tổng hợp;\n"
        "• 1 mốc hạn từ hôm nay sẽ không được nhắc;\n"
        "• 1 báo cáo đã nhận được giữ lại, lưu trữ cùng nhiệm vụ.\n"
        "Nhập lại đúng kế hoạch này (/import) sẽ đưa các nhiệm vụ và báo cáo trở lại.")
    done = await bot.press(ADMIN_ID, ask, "Gỡ kế hoạch 99/KH-UBND")
    assert done.plain == ("Đã gỡ kế hoạch 99/KH-UBND: 3 nhiệm vụ thôi theo dõi, không còn nhắc;"
                          " 1 báo cáo được giữ lại (lưu trữ).")
    assert await tick(bot, datetime(2025, 3, 28, 1, 5, tzinfo=UTC)) == [], "no reminder the day before"
    again = await bot.say(ADMIN_ID, "/plan_remove 99")
    assert again.plain == "Chưa có kế hoạch nào đang được theo dõi."

    await seed_plan(bot.app.bot_data["settings"].db, SAMPLE)  # imported again: the tasks come back with the report
    async with transaction(bot.db):
        rows = await bot.db.execute_fetchall(
            "SELECT t.number, t.active, r.percent FROM reports r JOIN tasks t ON t.id = r.task_id")
    assert [tuple(r) for r in rows] == [("1.1", 1, 50)]


async def test_the_command_line_refuses_an_unknown_plan_and_removes_a_known_one(tmp_path, capsys):
    settings = make_settings(tmp_path)
    await seed_plan(settings.db)
    with pytest.raises(UsageError, match="Không có kế hoạch «17/KH-UBND» đang được theo dõi"):
        await cli(settings, "plan", "remove", "17/KH-UBND")
    assert await cli(settings, "plan", "remove", "99/KH-UBND", "--dry-run") == 0
    assert "• 3 nhiệm vụ thôi theo dõi" in capsys.readouterr().out
    assert await cli(settings, "plan", "remove", "99/KH-UBND") == 0
    assert "Đã gỡ kế hoạch 99/KH-UBND: 3 nhiệm vụ" in capsys.readouterr().out
    with pytest.raises(UsageError, match="Chưa có kế hoạch nào"):
        await cli(settings, "plan", "remove", "99/KH-UBND")
