"""Lists a person reads on a phone, through the fake Telegram (issue 17 item 9): /overdue a page at a time
and by agency, titles cut to a line with /task to open the rest, and confirmations that repeat the note."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import pytest

from plans.model import ParsedPlan
from tests.fakegram import FakeTelegram
from tests.harness import ADMIN_ID, SAMPLE, Clock, Running, make_settings, seed_plan, start, stop, task

CHAIR = 2
BEN_NGHE = "Phường Bến Nghé"
NOI_VU = "Phòng Nội vụ"
LONG = "Rà soát, đánh giá, cập nhật và công khai " + "thủ tục hành chính thuộc thẩm quyền giải quyết " * 7


def _plan() -> ParsedPlan:
    """45 overdue tasks of Bến Nghé (a 300-character title each), 3 of Nội vụ, on Monday 10/03/2025."""
    late = [
        task(f"3.{n}", f"{LONG} số {n}", BEN_NGHE, date(2025, 2, 3) + timedelta(days=n % 20), section="3")
        for n in range(1, 46)
    ]
    own = [task(f"4.{n}", f"Việc {n} của Nội vụ", NOI_VU, date(2025, 3, 3), section="4") for n in range(1, 4)]
    return ParsedPlan(meta=SAMPLE.meta, tasks=(*late, *own), derived_agencies=SAMPLE.derived_agencies)


@pytest.fixture
async def bot(tmp_path) -> AsyncIterator[Running]:
    settings = make_settings(tmp_path)
    await seed_plan(settings.db, _plan())
    fake = FakeTelegram()
    for uid, name in ((ADMIN_ID, "Admin"), (CHAIR, "Lan")):
        fake.add_user(uid, first_name=name)
    running = await start(settings, fake, Clock(datetime(2025, 3, 10, 2, 0, tzinfo=UTC)))
    answer = await running.say(ADMIN_ID, f"/invite {BEN_NGHE} head")
    code = re.search(r"start=([A-Z0-9]+)", answer.plain or "")
    assert code, answer.plain
    await running.say(CHAIR, f"/start {code.group(1)}")
    try:
        yield running
    finally:
        await stop(running)


async def _page(bot: Running, text: str) -> str:
    """The answer to `text`, which must be one message."""
    before = bot.fake.last_to(ADMIN_ID).message_id
    answer = await bot.say(ADMIN_ID, text, contains="Trang ")
    assert [m.message_id for m in bot.fake.messages_to(ADMIN_ID) if m.message_id > before] == [answer.message_id]
    return answer.plain or ""


def _tasks(text: str) -> list[str]:
    return re.findall(r"^  • (\d+\.\d+) ", text, flags=re.MULTILINE)


async def test_overdue_comes_a_page_at_a_time_and_every_task_is_on_one(bot: Running):
    first = await _page(bot, "/overdue")
    assert "Trang 1/3 — 48 việc quá hạn." in first and "Gõ /overdue 2 để xem trang sau." in first
    assert first.index(f"🏢 {BEN_NGHE} (45)") and "mục khác" not in first
    second = await _page(bot, "/overdue 2")
    assert f"🏢 {BEN_NGHE} (45, tiếp theo)" in second and "Gõ /overdue 3 để xem trang sau." in second
    third = await _page(bot, "/quahan 3")
    assert "Trang 3/3" in third and "trang sau" not in third and f"🏢 {NOI_VU} (3)" in third
    listed = _tasks(first) + _tasks(second) + _tasks(third)
    assert len(listed) == 48 and len(set(listed)) == 48  # each overdue task once, none left out
    assert (await _page(bot, "/overdue 99")) == third  # past the end: the last page


async def test_overdue_of_one_agency_as_people_type_it(bot: Running):
    one = await _page(bot, "/overdue phuong ben nghe")
    assert NOI_VU not in one and "Trang 1/3 — 45 việc quá hạn." in one
    assert f"Gõ /overdue {BEN_NGHE} 2 để xem trang sau." in one
    two = await _page(bot, "/overdue P. Bến Nghé 2")
    assert "Trang 2/3" in two and set(_tasks(one)).isdisjoint(_tasks(two))
    unknown = await bot.say(ADMIN_ID, "/overdue Phường Không Có")
    assert "Phường Không Có" in unknown.plain and "Trang" not in unknown.plain


async def test_long_titles_take_one_line_and_task_opens_the_whole(bot: Running):
    page = await _page(bot, "/overdue")
    line = next(x for x in page.split("\n") if x.startswith("  • 3.1 "))
    assert len(line) < 140 and "…" in line and "quá " in line
    assert "/task SỐ" in page
    card = await bot.say(CHAIR, "/task 3.1")
    assert f"{LONG} số 1" in card.plain and f"Chủ trì:\n• Chưa báo cáo: {BEN_NGHE}" in card.plain
    assert [label for row in card.buttons for label, _ in row] == ["Xong", "Đang làm", "Vướng"]
    await bot.say(CHAIR, "3.1 đang làm 40%, dự kiến 15/03/2025")
    blocked = await bot.say(CHAIR, "3.2 vướng: chờ Sở Tài chính cho ý kiến")
    assert "Vướng — ghi chú: «chờ Sở Tài chính cho ý kiến»" in blocked.plain  # the note as stored
    card = await bot.say(ADMIN_ID, "/nhiemvu 3.1")
    assert f"• {BEN_NGHE}: Đang làm 40%, dự kiến xong 15/03/2025 (10/03/2025)" in card.plain
    assert card.buttons == []  # the admin's agency is not on it
    assert "Không tìm thấy nhiệm vụ 9.9" in (await bot.say(ADMIN_ID, "/task 9.9")).plain


async def test_a_note_typed_after_a_button_is_repeated(bot: Running):
    card = await bot.say(CHAIR, "/task 3.2")
    asked = await bot.press(CHAIR, card, "Vướng")
    noted = await bot.say(CHAIR, "chờ Sở Nội vụ hướng dẫn", reply_to=asked.message_id)
    assert "«chờ Sở Nội vụ hướng dẫn»" in noted.plain
