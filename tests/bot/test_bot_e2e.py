"""The whole Telegram path: fake Bot API ⇄ python-telegram-bot ⇄ core ⇄ SQLite."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from storage.audit import entries
from tests.fakegram import FakeTelegram
from tests.harness import ADMIN_ID, Clock, Running, make_settings, seed_plan, start, stop

WARD_CHAIR = 2
NOI_VU = 3
STRANGER = 4


@pytest.fixture
async def bot(tmp_path) -> AsyncIterator[Running]:
    settings = make_settings(tmp_path)
    await seed_plan(settings.db)
    fake = FakeTelegram()
    for uid, name in ((ADMIN_ID, "Admin"), (WARD_CHAIR, "Lan"), (NOI_VU, "Minh"), (STRANGER, "Khách")):
        fake.add_user(uid, first_name=name)
    running = await start(settings, fake, Clock(datetime(2025, 3, 10, 2, 0, tzinfo=UTC)))
    try:
        yield running
    finally:
        await stop(running)


async def link(bot: Running, user_id: int, agency: str, role: str = "head") -> None:
    answer = await bot.say(ADMIN_ID, f"/invite {agency} {role}")
    code = re.search(r"start=([A-Z0-9]+)", answer.plain or "")
    assert code, answer.plain
    joined = await bot.say(user_id, f"/start {code.group(1)}")
    assert "Đã liên kết" in (joined.plain or ""), joined.plain


async def reports(bot: Running) -> list:
    async with bot.db.execute(
        "SELECT t.number, r.status, r.percent, r.note, a.name FROM reports r JOIN tasks t ON t.id = r.task_id"
        " JOIN agencies a ON a.id = r.agency_id ORDER BY r.id"
    ) as cur:
        return [tuple(row) for row in await cur.fetchall()]


async def test_commands_menu_is_vietnamese_and_english_for_apps_in_english(bot: Running):
    commands = {c["command"]: c["description"] for c in bot.fake.commands()}
    assert commands["tasks"] == "Việc của đơn vị tôi"
    assert "report" in commands and "summary" in commands
    english = {c["command"]: c["description"] for c in bot.fake.commands(language_code="en")}
    assert english["tasks"] == "My office's tasks" and set(english) == set(commands)  # for apps in English


async def test_admin_adds_agency_invites_and_member_joins(bot: Running):
    added = await bot.say(ADMIN_ID, "/agency_add Phòng Tư pháp")
    assert "Đã thêm đơn vị «Phòng Tư pháp»" in added.plain
    invite = await bot.say(ADMIN_ID, "/invite Phòng Tư pháp member")
    assert "https://t.me/nhacviec_test_bot?start=" in invite.plain
    code = re.search(r"start=([A-Z0-9]+)", invite.plain).group(1)
    joined = await bot.say(STRANGER, f"/start {code}")
    assert "Phòng Tư pháp" in joined.plain
    again = await bot.say(NOI_VU, f"/start {code}")
    assert "đã được sử dụng" in again.plain
    listing = await bot.say(ADMIN_ID, "/agencies")
    assert "Phòng Tư pháp — 1 người" in listing.plain
    assert "Chưa ai tham gia" in listing.plain  # the seeded agencies have nobody yet
    linked = await entries(bot.db, "user.linked")
    assert len(linked) == 1


async def test_non_admin_cannot_add_agencies_or_invite(bot: Running):
    refused = await bot.say(STRANGER, "/agency_add Phòng Tài chính")
    assert "Chỉ quản trị viên" in refused.plain
    refused = await bot.say(STRANGER, "/invite Phường Bến Nghé head")
    assert "Chỉ quản trị viên" in refused.plain
    async with bot.db.execute("SELECT COUNT(*) FROM invites") as cur:
        assert (await cur.fetchone())[0] == 0


async def test_wrong_codes_are_throttled(bot: Running):
    for _ in range(5):
        wrong = await bot.say(STRANGER, "/start ZZZZZZZZ")
        assert "không đúng" in wrong.plain
    throttled = await bot.say(STRANGER, "/start ZZZZZZZZ")
    assert "quá nhiều lần" in throttled.plain


async def test_tasks_then_reply_xong_is_stored_and_audited(bot: Running):
    await link(bot, WARD_CHAIR, "Phường Bến Nghé")
    listing = await bot.say(WARD_CHAIR, "/tasks")
    text = listing.plain
    assert text.index("2.1.") < text.index("1.1."), "overdue first"
    assert "05/03/2025 (trễ 3 ngày làm việc)" in text
    assert "1.2." not in text  # another agency's task
    answer = await bot.say(WARD_CHAIR, "2.1 xong", reply_to=listing.message_id)
    assert "Đã ghi nhận 2.1: Xong" in answer.plain
    assert await reports(bot) == [("2.1", "done", 100, "", "Phường Bến Nghé")]
    # two replies: the audit row names each one's own report (its id is taken at insert time)
    await bot.say(WARD_CHAIR, "2.1 đang làm 50%", reply_to=listing.message_id)
    audited = await entries(bot.db, "report.added")
    stored = await bot.db.execute_fetchall("SELECT id, task_id, agency_id, status FROM reports ORDER BY id")
    assert [json.loads(e.detail) for e in audited] == [
        {"report": r["id"], "task_id": r["task_id"], "agency_id": r["agency_id"], "status": r["status"]} for r in stored
    ]
    assert [e.subject for e in audited] == ["2.1", "2.1"] and len(stored) == 2
    await bot.say(WARD_CHAIR, "2.1 xong", reply_to=listing.message_id)
    relisted = await bot.say(WARD_CHAIR, "/tasks")
    assert "2.1." not in relisted.plain


async def test_buttons_then_note(bot: Running):
    await link(bot, WARD_CHAIR, "Phường Bến Nghé")
    listing = await bot.say(WARD_CHAIR, "/tasks")
    status = await bot.press(WARD_CHAIR, listing, "Báo cáo 1.1")
    assert "Tình trạng" in status.plain
    ask = await bot.press(WARD_CHAIR, status, "Vướng")
    assert "Gõ ghi chú" in ask.plain
    saved = await bot.say(WARD_CHAIR, "chờ hướng dẫn của Sở Nội vụ")
    assert "Đã lưu ghi chú" in saved.plain
    assert await reports(bot) == [("1.1", "blocked", None, "chờ hướng dẫn của Sở Nội vụ", "Phường Bến Nghé")]


async def test_a_note_after_a_status_button_keeps_the_cause_only(bot: Running):
    await link(bot, WARD_CHAIR, "Phường Bến Nghé")
    status = await bot.press(WARD_CHAIR, await bot.say(WARD_CHAIR, "/tasks"), "Báo cáo 1.1")
    await bot.press(WARD_CHAIR, status, "Vướng")
    saved = await bot.say(WARD_CHAIR, "Vướng mắc: thiếu kinh phí in ấn")  # the status said again before it
    assert "«thiếu kinh phí in ấn»" in saved.plain
    assert await reports(bot) == [("1.1", "blocked", None, "thiếu kinh phí in ấn", "Phường Bến Nghé")]


async def test_edited_reply_updates_the_report(bot: Running):
    await link(bot, WARD_CHAIR, "Phường Bến Nghé")
    listing = await bot.say(WARD_CHAIR, "/tasks")
    before = bot.fake.last_to(WARD_CHAIR).message_id
    message_id = bot.fake.user_sends(WARD_CHAIR, "1.1 đang làm 30%", reply_to=listing.message_id)
    await bot.fake.wait_for_message(WARD_CHAIR, after=before, contains="Đã ghi nhận")
    before = bot.fake.last_to(WARD_CHAIR).message_id
    bot.fake.user_edits(WARD_CHAIR, message_id, "1.1 đang làm 80%")
    updated = await bot.fake.wait_for_message(WARD_CHAIR, after=before)
    assert "Đã cập nhật báo cáo 1.1" in updated.plain
    assert await reports(bot) == [("1.1", "in_progress", 80, "", "Phường Bến Nghé")]


async def test_cross_agency_report_is_refused(bot: Running):
    await link(bot, NOI_VU, "Phòng Nội vụ")
    listing = await bot.say(NOI_VU, "/tasks")
    refused = await bot.say(NOI_VU, "2.1 xong", reply_to=listing.message_id)
    assert "không do Phòng Nội vụ chủ trì" in refused.plain
    forged = await bot.say(NOI_VU, "/report 2.1")
    assert "không do Phòng Nội vụ" in forged.plain
    assert await reports(bot) == []


async def test_unclear_reply_asks_with_buttons(bot: Running):
    await link(bot, WARD_CHAIR, "Phường Bến Nghé")
    listing = await bot.say(WARD_CHAIR, "/tasks")
    asked = await bot.say(WARD_CHAIR, "2.1 ok", reply_to=listing.message_id)
    assert "Chưa rõ" in asked.plain
    done = await bot.press(WARD_CHAIR, asked, "Xong")
    assert "2.1" in done.plain
    assert [r[:2] for r in await reports(bot)] == [("2.1", "done")]


async def test_evidence_document_is_kept(bot: Running, tmp_path):
    await link(bot, WARD_CHAIR, "Phường Bến Nghé")
    listing = await bot.say(WARD_CHAIR, "/tasks")
    before = bot.fake.last_to(WARD_CHAIR).message_id
    bot.fake.user_sends_document(
        WARD_CHAIR, "bao-cao.pdf", b"%PDF-1.4 test", caption="2.1 xong", reply_to=listing.message_id,
        mime_type="application/pdf",
    )
    await bot.fake.wait_for_message(WARD_CHAIR, after=before, contains="minh chứng")
    async with bot.db.execute("SELECT file_name, size, local_path FROM evidence") as cur:
        name, size, path = await cur.fetchone()
    assert name == "bao-cao.pdf" and size == len(b"%PDF-1.4 test")
    assert open(path, "rb").read() == b"%PDF-1.4 test"


async def test_guided_report_survives_a_restart(tmp_path):
    settings = make_settings(tmp_path)
    await seed_plan(settings.db)
    fake = FakeTelegram()
    fake.add_user(ADMIN_ID)
    fake.add_user(WARD_CHAIR)
    clock = Clock(datetime(2025, 3, 10, 2, 0, tzinfo=UTC))
    first = await start(settings, fake, clock)
    try:
        await link(first, WARD_CHAIR, "Phường Bến Nghé")
        pick = await first.say(WARD_CHAIR, "/report")
        assert "Chọn nhiệm vụ" in pick.plain
    finally:
        await stop(first)
    second = await start(settings, fake, clock)
    try:
        status = await second.press(WARD_CHAIR, pick, "1.1")
        assert "1.1" in status.plain and "Tình trạng" in status.plain
        ask = await second.press(WARD_CHAIR, status, "Xong")
        assert "Gõ ghi chú" in ask.plain
        assert [r[:2] for r in await reports(second)] == [("1.1", "done")]
    finally:
        await stop(second)


async def test_typed_report_without_a_reply_names_its_task(bot: Running):
    await link(bot, WARD_CHAIR, "Phường Bến Nghé")
    answer = await bot.say(WARD_CHAIR, "1.1 vướng: chờ hướng dẫn của Sở")
    assert "Đã ghi nhận 1.1: Vướng" in answer.plain
    hint = await bot.say(WARD_CHAIR, "chào anh")
    assert "/tasks" in hint.plain
    assert [r[:2] for r in await reports(bot)] == [("1.1", "blocked")]


async def test_stranger_gets_the_invite_hint_not_a_report(bot: Running):
    answer = await bot.say(STRANGER, "2.1 xong")
    assert "mã mời" in answer.plain
    assert await reports(bot) == []


async def test_photo_during_the_guided_report_is_evidence(bot: Running):
    await link(bot, WARD_CHAIR, "Phường Bến Nghé")
    status = await bot.say(WARD_CHAIR, "/report 1.1")
    ask = await bot.press(WARD_CHAIR, status, "Đang làm")
    assert "gửi tệp minh chứng" in ask.plain
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    before = bot.fake.last_to(WARD_CHAIR).message_id
    bot.fake.user_sends_photo(WARD_CHAIR, png)
    saved = await bot.fake.wait_for_message(WARD_CHAIR, after=before)
    assert "Đã lưu minh chứng" in saved.plain and "1.1" in saved.plain
    async with bot.db.execute(
        "SELECT t.number, r.status, e.size FROM evidence e JOIN reports r ON r.id = e.report_id"
        " JOIN tasks t ON t.id = r.task_id"
    ) as cur:
        assert [tuple(row) for row in await cur.fetchall()] == [("1.1", "in_progress", len(png))]
