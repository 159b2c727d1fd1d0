"""Admin and committee work through the fake Telegram: /import, /trigger, /summary, the weekly post."""

from __future__ import annotations

import asyncio
import io
import re
import zipfile
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from reports.xlsx import render_xlsx
from schedules.jobs import tick_once
from storage.rollups import compute_rollup
from tests.fakegram import FakeTelegram
from tests.harness import ADMIN_ID, Clock, Running, make_settings, seed_plan, start, stop

SAMPLE = Path(__file__).resolve().parents[2] / "bot" / "data" / "sample_plan_17-KH-UBND_2022.txt"
SECRETARY = 5
WARD_CHAIR = 2
COMMITTEE_GROUP = -100500


@pytest.fixture
async def bot(tmp_path) -> AsyncIterator[Running]:
    settings = make_settings(tmp_path)
    fake = FakeTelegram()
    for uid in (ADMIN_ID, SECRETARY, WARD_CHAIR):
        fake.add_user(uid, first_name=f"U{uid}")
    fake.add_group(COMMITTEE_GROUP, title="Ban Chỉ đạo CCHC")
    running = await start(settings, fake, Clock(datetime(2022, 3, 24, 2, 0, tzinfo=UTC)))
    running.app.bot_data["settings"] = settings
    try:
        yield running
    finally:
        await stop(running)


async def count(bot: Running, table: str) -> int:
    async with bot.db.execute(f"SELECT COUNT(*) FROM {table}") as cur:
        return (await cur.fetchone())[0]


async def send_document(bot: Running, user_id: int, name: str, data: bytes, caption: str | None):
    before = bot.fake.last_to(user_id).message_id if bot.fake.last_to(user_id) else 0
    bot.fake.user_sends_document(user_id, name, data, caption=caption, mime_type="text/plain")
    return await bot.fake.wait_for_message(user_id, after=before)


async def invite_and_join(bot: Running, user_id: int, agency: str, role: str) -> None:
    answer = await bot.say(ADMIN_ID, f"/invite {agency} {role}")
    code = re.search(r"start=([A-Z0-9]+)", answer.plain).group(1)
    await bot.say(user_id, f"/start {code}", contains="Đã")


async def test_chat_import_preview_then_confirm(bot: Running):
    preview = await send_document(bot, ADMIN_ID, SAMPLE.name, SAMPLE.read_bytes(), "/import")
    assert "Kế hoạch 17/KH-UBND" in preview.plain
    assert "69 nhiệm vụ" in preview.plain
    assert await count(bot, "tasks") == 0, "a preview stores nothing"
    done = await bot.press(ADMIN_ID, preview, "Xác nhận")
    assert "Đã lưu kế hoạch 17/KH-UBND: thêm 69" in done.plain
    assert await count(bot, "tasks") == 69
    # the same file again updates in place
    again = await send_document(bot, ADMIN_ID, SAMPLE.name, SAMPLE.read_bytes(), "/import")
    redone = await bot.press(ADMIN_ID, again, "Xác nhận")
    assert "thêm 0" in redone.plain
    assert await count(bot, "tasks") == 69


async def test_import_by_replying_to_a_document_and_cancel(bot: Running):
    before = bot.fake.last_to(ADMIN_ID).message_id if bot.fake.last_to(ADMIN_ID) else 0
    doc_id = bot.fake.user_sends_document(ADMIN_ID, SAMPLE.name, SAMPLE.read_bytes(), mime_type="text/plain")
    await bot.fake.wait_for_message(ADMIN_ID, after=before)  # the hint about what a lone file is
    preview = await bot.say(ADMIN_ID, "/import", reply_to=doc_id)
    assert "69 nhiệm vụ" in preview.plain
    cancelled = await bot.press(ADMIN_ID, preview, "Hủy")
    assert "Đã hủy" in cancelled.plain
    assert await count(bot, "plans") == 0


async def test_import_of_a_non_plan_is_refused_clearly(bot: Running):
    answer = await send_document(bot, ADMIN_ID, "bien-ban.txt", "Biên bản họp.\n".encode(), "/import")
    assert "Không đọc được kế hoạch" in answer.plain
    assert "bien-ban.txt" in answer.plain
    assert await count(bot, "plans") == 0


async def test_only_admins_import(bot: Running):
    answer = await send_document(bot, WARD_CHAIR, SAMPLE.name, SAMPLE.read_bytes(), "/import")
    assert "Chỉ quản trị viên" in answer.plain


async def test_summary_with_files_and_weekly_post_once(bot: Running, tmp_path):
    await seed_plan(Path(bot.app.bot_data["settings"].db))
    await invite_and_join(bot, SECRETARY, "Phường Bến Nghé", "secretary")
    summary_first = bot.fake.last_to(SECRETARY).message_id
    await bot.say(SECRETARY, "/summary tuần")
    files = await bot.fake.wait_for(
        lambda: [m for m in bot.fake.messages_to(SECRETARY) if m.message_id > summary_first and m.file_name]
        if len([m for m in bot.fake.messages_to(SECRETARY) if m.message_id > summary_first and m.file_name]) >= 2
        else None
    )
    names = sorted(m.file_name for m in files)
    assert names[0].endswith(".png") and names[1].endswith(".xlsx")
    xlsx = next(m for m in files if m.file_name.endswith(".xlsx"))
    book = openpyxl.load_workbook(io.BytesIO(xlsx.file_bytes))
    assert "Tổng hợp" in book.sheetnames and "Chi tiết" in book.sheetnames
    # sent after the text, it is still the full rollup's workbook at that moment, part for part
    full = await compute_rollup(bot.db, as_of=bot.clock(), period="week", tz=ZoneInfo(bot.app.bot_data["settings"].tz))
    assert full.details
    assert _parts(xlsx.file_bytes) == _parts(render_xlsx(full))
    # the committee group
    asked = bot.fake.user_sends(SECRETARY, "/set_committee", chat_id=COMMITTEE_GROUP, chat_type="group")
    set_answer = await bot.fake.wait_for_message(COMMITTEE_GROUP)
    assert "nhận bản tổng hợp" in set_answer.plain
    assert set_answer.reply_to == asked  # in a group, under the message it answers (kept in its outbox row)
    settings = bot.app.bot_data["settings"]
    messengers = {"telegram": bot.app.bot_data["channel"].messenger}
    thursday = datetime(2025, 3, 13, 10, 0, tzinfo=UTC)  # 17:00 Thursday in Hồ Chí Minh City
    await tick_once(bot.db, messengers, settings, thursday)
    assert [m for m in bot.fake.messages_to(COMMITTEE_GROUP) if m.message_id > set_answer.message_id] == []
    friday = datetime(2025, 3, 14, 9, 5, tzinfo=UTC)  # 16:05 Friday
    await tick_once(bot.db, messengers, settings, friday)
    await tick_once(bot.db, messengers, settings, friday.replace(minute=30))
    posts = [m for m in bot.fake.messages_to(COMMITTEE_GROUP) if m.message_id > set_answer.message_id]
    assert len(posts) == 1, [p.plain[:80] for p in posts]
    assert "14/03/2025" in posts[0].plain or "10/03/2025" in posts[0].plain
    assert "2.1" in posts[0].plain, "the late list (2.1 was due 05/03/2025) is in the weekly post"


def _parts(xlsx: bytes) -> dict[str, bytes]:
    """A workbook's parts but its creation time (docProps/core.xml)."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as book:
        return {name: book.read(name) for name in book.namelist() if name != "docProps/core.xml"}


async def test_trigger_sets_an_event_date(bot: Running):
    preview = await send_document(bot, ADMIN_ID, SAMPLE.name, SAMPLE.read_bytes(), "/import")
    await bot.press(ADMIN_ID, preview, "Xác nhận")
    waiting = await bot.say(ADMIN_ID, "/trigger")
    assert "1.1" in waiting.plain  # "Trong vòng 05 ngày làm việc khi có thay đổi nhân sự"
    done = await bot.say(ADMIN_ID, "/trigger 1.1 15/03/2022")
    assert "15/03/2022" in done.plain and "22/03/2022" in done.plain  # +5 working days
    refused = await bot.say(WARD_CHAIR, "/trigger 1.1 15/03/2022")
    assert "Chỉ thư ký" in refused.plain


async def test_trigger_from_the_waiting_list_buttons(bot: Running):
    preview = await send_document(bot, ADMIN_ID, SAMPLE.name, SAMPLE.read_bytes(), "/import")
    await bot.press(ADMIN_ID, preview, "Xác nhận")
    waiting = await bot.say(ADMIN_ID, "/trigger")
    ask = await bot.press(ADMIN_ID, waiting, "1.1")
    assert "Nhiệm vụ 1.1" in ask.plain and "ngày/tháng/năm" in ask.plain
    done = await bot.say(ADMIN_ID, "15/03/2022")
    assert "15/03/2022" in done.plain and "22/03/2022" in done.plain
    async with bot.db.execute(
        "SELECT COUNT(*) FROM audit WHERE action = 'milestone.triggered'"
    ) as cur:
        assert (await cur.fetchone())[0] == 1


async def test_a_head_gets_only_the_own_agency_scorecard(bot: Running):
    await seed_plan(Path(bot.app.bot_data["settings"].db))
    bot.clock.now = datetime(2025, 3, 10, 2, 0, tzinfo=UTC)  # 2.1 (due 05/03/2025) is overdue
    await invite_and_join(bot, WARD_CHAIR, "Phường Bến Nghé", "head")
    before = bot.fake.last_to(WARD_CHAIR).message_id
    card = await bot.say(WARD_CHAIR, "/summary")
    assert card.plain.startswith("📋 KẾT QUẢ THỰC HIỆN CỦA PHƯỜNG BẾN NGHÉ")
    assert "Phòng Nội vụ" not in card.plain and "PHÒNG NỘI VỤ" not in card.plain
    overdue = await bot.say(WARD_CHAIR, "/overdue")
    assert "2.1" in overdue.plain and "1.2" not in overdue.plain
    assert not [m for m in bot.fake.messages_to(WARD_CHAIR) if m.message_id > before and m.file_name]


async def test_summary_in_agency_ranges_answers_the_same(bot: Running, monkeypatch):
    # a national database is rolled up in ranges of agencies on their own connections; here a small one
    # is made to, from inside the secretary's unit of work (its write lock taken), and must say the same
    from storage import rollups

    await seed_plan(Path(bot.app.bot_data["settings"].db))
    await invite_and_join(bot, SECRETARY, "Phường Bến Nghé", "secretary")
    whole = await bot.say(SECRETARY, "/summary tuần")
    # its spreadsheet and chart follow the text: the next /summary's answer comes after them
    await bot.fake.wait_for(
        lambda: len([m for m in bot.fake.messages_to(SECRETARY) if m.message_id > whole.message_id and m.file_name]) >= 2
    )
    ranges = []
    real_make_tables = rollups._make_tables

    async def counted(conn, n, params, overdue_only, shared):
        ranges.append((params["lo"], params["hi"]))
        return await real_make_tables(conn, n, params, overdue_only, shared)

    monkeypatch.setattr(rollups, "SHARD_MIN_PAIRS", 1)
    monkeypatch.setattr(rollups.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(rollups, "_make_tables", counted)
    ranged = await bot.say(SECRETARY, "/summary tuần")
    # the helper tables of two agency ranges, read for the text and then for the spreadsheet
    assert len(ranges) == 2 and len(set(ranges)) == 2
    assert ranged.plain == whole.plain and "Phường Bến Nghé" in whole.plain


async def test_replies_are_answered_while_a_summary_renders(bot: Running, monkeypatch):
    # /summary reads outside the message's unit of work: while its spreadsheet is still being made (held
    # here until the ward chair has been answered), other chats' reports are stored and acknowledged
    import threading

    from handlers import summary

    await seed_plan(Path(bot.app.bot_data["settings"].db))
    bot.clock.now = datetime(2025, 3, 10, 2, 0, tzinfo=UTC)
    await invite_and_join(bot, SECRETARY, "Phường Bến Nghé", "secretary")
    await invite_and_join(bot, WARD_CHAIR, "Phường Bến Nghé", "member")
    listing = await bot.say(WARD_CHAIR, "/tasks", contains="Báo cáo")
    rendering, release = threading.Event(), threading.Event()
    real_render = summary.render_xlsx

    def held_render(rollup, lang="vi"):
        rendering.set()
        if not release.wait(timeout=30):
            raise TimeoutError("the test never released the spreadsheet")
        return real_render(rollup, lang)

    monkeypatch.setattr(summary, "render_xlsx", held_render)
    before = bot.fake.last_to(SECRETARY).message_id
    bot.fake.user_sends(SECRETARY, "/summary tuần")
    assert await asyncio.to_thread(rendering.wait, 10)
    try:
        ack = await bot.say(WARD_CHAIR, "1.1 xong", reply_to=listing.message_id, contains="Đã ghi nhận")
    finally:
        release.set()
    assert "1.1" in ack.plain
    async with bot.db.execute("SELECT status FROM reports") as cur:
        assert [row[0] for row in await cur.fetchall()] == ["done"]
    files = await bot.fake.wait_for(
        lambda: [m for m in bot.fake.messages_to(SECRETARY) if m.message_id > before and m.file_name][1:]
    )
    assert files[0].file_name.endswith((".xlsx", ".png"))


async def test_a_trigger_date_typed_again_replaces_it_and_a_task_alone_asks_for_the_date(bot: Running):
    # before: the second /trigger said «không có mốc «khi có sự kiện» nào đang chờ», and «/trigger 1.1» the usage
    preview = await send_document(bot, ADMIN_ID, SAMPLE.name, SAMPLE.read_bytes(), "/import")
    await bot.press(ADMIN_ID, preview, "Xác nhận")
    ask = await bot.say(ADMIN_ID, "/trigger 1.1")
    assert "Nhiệm vụ 1.1" in ask.plain and "ngày/tháng/năm" in ask.plain
    done = await bot.say(ADMIN_ID, "15/03/2022")
    assert "15/03/2022" in done.plain and "22/03/2022" in done.plain
    fixed = await bot.say(ADMIN_ID, "/trigger 1.1 17/03/2022")
    assert fixed.plain == "Đã sửa ngày phát sinh của nhiệm vụ 1.1 từ 15/03/2022 thành 17/03/2022; hạn mới: 24/03/2022."
    async with bot.db.execute(
        "SELECT o.due FROM occurrences AS o JOIN milestones AS m ON m.id = o.milestone_id"
        " JOIN tasks AS t ON t.id = m.task_id WHERE t.number = '1.1' AND m.kind = 'event' AND o.active = 1"
    ) as cur:
        assert [row[0] for row in await cur.fetchall()] == ["2022-03-24"]  # the first date's deadline is gone
    no_event = await bot.say(ADMIN_ID, "/trigger 1.2 17/03/2022")
    assert "không có mốc «khi có sự kiện»" in no_event.plain
    assert "chính ngày này" not in done.plain  # 1.1 has five working days after its event
    same_day = await bot.say(ADMIN_ID, "/trigger 2.1 22/03/2022")  # «Sau khi có Thông báo của Thành phố»: no time given
    assert "hạn mới: 22/03/2022" in same_day.plain
    assert "hạn là chính ngày này" in same_day.plain and "/xin_gia_han 2.1" in same_day.plain
