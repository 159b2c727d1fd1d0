"""Reminders a person reads on a phone, through the fake Telegram (issue 17 item 9): every listed task has
its buttons, long titles take a line, a ward's last report is repeated back, and the secretary's items are
grouped by agency with the blocker's note."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime

import pytest

from bot.config import Settings
from plans.model import ParsedPlan
from schedules.jobs import tick_once
from tests.fakegram import FakeTelegram, SentMessage
from tests.harness import ADMIN_ID, SAMPLE, Clock, Running, make_settings, seed_plan, start, stop, task

CHAIR, OFFICER, SECRETARY = 2, 3, 4
BEN_NGHE, NOI_VU = "Phường Bến Nghé", "Phòng Nội vụ"
LONG = "Rà soát, đánh giá, cập nhật và công khai " + "thủ tục hành chính thuộc thẩm quyền giải quyết " * 7


def _plan() -> ParsedPlan:
    """12 tasks of Bến Nghé and one of Nội vụ, all due Wednesday 05/03/2025: 3 working days late on 10/03."""
    ward = [task(f"3.{n}", f"{LONG} số {n}", BEN_NGHE, date(2025, 3, 5), section="3") for n in range(1, 13)]
    unit = task("4.1", "Trình phương án sắp xếp bộ phận một cửa", NOI_VU, date(2025, 3, 5), section="4")
    return ParsedPlan(meta=SAMPLE.meta, tasks=(*ward, unit), derived_agencies=SAMPLE.derived_agencies)


@pytest.fixture
async def started(tmp_path) -> AsyncIterator[tuple[Running, Settings]]:
    settings = make_settings(tmp_path)
    await seed_plan(settings.db, _plan())
    fake = FakeTelegram()
    for uid, name in ((ADMIN_ID, "Admin"), (CHAIR, "Lan"), (OFFICER, "Minh"), (SECRETARY, "Hoa")):
        fake.add_user(uid, first_name=name)
    running = await start(settings, fake, Clock(datetime(2025, 3, 10, 2, 0, tzinfo=UTC)))  # 09:00 Monday
    for uid, agency, role in ((CHAIR, BEN_NGHE, "member"), (OFFICER, NOI_VU, "member"), (SECRETARY, NOI_VU, "secretary")):
        answer = await running.say(ADMIN_ID, f"/invite {agency} {role}")
        code = re.search(r"start=([A-Z0-9]+)", answer.plain or "")
        assert code, answer.plain
        await running.say(uid, f"/start {code.group(1)}")
    try:
        yield running, settings
    finally:
        await stop(running)


async def _digest(bot: Running, user: int) -> SentMessage:
    digests = [m for m in bot.fake.messages_to(user) if (m.plain or "").startswith("🔔")]
    assert len(digests) == 1
    return digests[0]


async def test_reminders_list_every_task_with_buttons_and_what_was_said(started: tuple[Running, Settings]):
    bot, settings = started
    await bot.say(CHAIR, "3.2 đang làm 40%, dự kiến 15/03/2025")
    await bot.say(OFFICER, "4.1 vướng: chờ Sở Tài chính cấp kinh phí")
    await tick_once(bot.db, {"telegram": bot.app.bot_data["channel"].messenger}, settings, bot.clock())
    ward = await _digest(bot, CHAIR)
    rows = [[label for label, _ in row] for row in ward.buttons]
    status_rows = [row for row in rows if row[0].startswith("✅")]
    assert len(status_rows) == 12 and status_rows[11] == ["✅ 3.12 Xong", "🔄 3.12 Đang làm", "⛔ 3.12 Vướng"]
    assert sum(1 for row in rows if row[-1].startswith("📅 Xin gia hạn")) == 12  # then each one's late row
    lines = ward.plain.split("\n")
    titles = [line for line in lines if re.match(r"\d+\. Nhiệm vụ 3\.\d+: ", line)]
    assert len(titles) == 12 and all(len(line) < 90 and line.endswith("…") for line in titles)
    assert "gõ /task SỐ để xem đủ" in ward.plain
    said = lines.index("   Đã báo ngày 10/03/2025: Đang thực hiện, 40%, dự kiến xong 15/03/2025")
    assert lines[said - 3].startswith("2. Nhiệm vụ 3.2: ")  # under the task it is about
    # the secretary: one heading per agency, one line per task, the blocker's own words
    secretary = (await _digest(bot, SECRETARY)).plain
    assert f"🏢 {NOI_VU}\n• 4.1 Trình phương án sắp xếp bộ phận một cửa — hạn 05/03/2025" in secretary
    assert "Vướng mắc — ghi chú: «chờ Sở Tài chính cấp kinh phí»" in secretary
    # pressing a button of the twelfth task stores a report on it
    pressed = await bot.press(CHAIR, ward, "✅ 3.12 Xong")
    assert "3.12" in pressed.plain
