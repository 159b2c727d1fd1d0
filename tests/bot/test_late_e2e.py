"""Late tasks through the fake Telegram: a ward chair explains an overdue task and the secretary sees it;
an extension is asked, approved and the reminders move; another is refused.

The sample plan: 2.1 (Phường Bến Nghé) is due Wednesday 05/03/2025, 1.2 (Phòng Nội vụ) 20/03/2025. Now is
Monday 10/03/2025 09:00, the third working day 2.1 is overdue.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from schedules.jobs import tick_once
from storage.audit import entries
from storage.rollups import compute_rollup
from tests.bot.test_bot_admin_e2e import invite_and_join
from tests.fakegram import FakeTelegram, SentMessage
from tests.harness import ADMIN_ID, Clock, Running, make_settings, seed_plan, start, stop

WARD_CHAIR = 2
NOI_VU = 3
SECRETARY = 5


@pytest.fixture
async def bot(tmp_path) -> AsyncIterator[Running]:
    settings = make_settings(tmp_path)
    await seed_plan(settings.db)
    fake = FakeTelegram()
    for uid, name in ((ADMIN_ID, "Admin"), (WARD_CHAIR, "Lan"), (NOI_VU, "Minh"), (SECRETARY, "Thư ký")):
        fake.add_user(uid, first_name=name)
    running = await start(settings, fake, Clock(datetime(2025, 3, 10, 2, 0, tzinfo=UTC)))
    running.app.bot_data["settings"] = settings
    try:
        await invite_and_join(running, WARD_CHAIR, "Phường Bến Nghé", "head")
        await invite_and_join(running, NOI_VU, "Phòng Nội vụ", "member")
        await invite_and_join(running, SECRETARY, "Phường Bến Nghé", "secretary")
        yield running
    finally:
        await stop(running)


async def tick(bot: Running, at: datetime) -> list[str]:
    """The minute tick at `at`: plans the day's reminders and sends the outbox."""
    bot.clock.now = at
    messengers = {"telegram": bot.app.bot_data["channel"].messenger}
    return await tick_once(bot.db, messengers, bot.app.bot_data["settings"], at)


def digests_to(bot: Running, user: int, after: int) -> list[SentMessage]:
    return [m for m in bot.fake.messages_to(user) if m.message_id > after and "Nhắc việc CCHC" in (m.plain or "")]


async def test_the_ward_chair_explains_and_the_secretary_sees_it(bot: Running):
    await tick(bot, datetime(2025, 3, 10, 2, 0, tzinfo=UTC))
    digest = bot.fake.last_to(WARD_CHAIR)
    assert "Nhiệm vụ 2.1" in digest.plain
    asked = await bot.press(WARD_CHAIR, digest, "Giải trình 2.1")
    assert "gõ nguyên nhân chậm" in asked.plain and "hạn 05/03/2025" in asked.plain
    saved = await bot.say(WARD_CHAIR, "Chờ Sở Nội vụ hướng dẫn biểu mẫu")
    assert "Đã ghi nhận giải trình nhiệm vụ 2.1" in saved.plain and "mỗi tuần một lần" in saved.plain
    before = bot.fake.last_to(SECRETARY).message_id
    await tick(bot, datetime(2025, 3, 10, 2, 5, tzinfo=UTC))
    notice = bot.fake.last_to(SECRETARY)
    assert notice.message_id > before
    assert "📝 Giải trình: 2.1 «Báo cáo quý I» — Phường Bến Nghé (hạn 05/03/2025)" in notice.plain
    assert "Chờ Sở Nội vụ hướng dẫn biểu mẫu" in notice.plain
    late = await bot.say(SECRETARY, "/overdue")
    assert "📝 Giải trình: Chờ Sở Nội vụ hướng dẫn biểu mẫu" in late.plain
    (audited,) = await entries(bot.db, "explanation.added")
    assert audited.subject == "2.1" and json.loads(audited.detail)["task_id"] > 0
    # weekly from now on: D+5 (12/03) and D+10 (19/03) remind, D+6 (13/03, a stage at the usual pace) does not
    seen = bot.fake.last_to(WARD_CHAIR).message_id
    await tick(bot, datetime(2025, 3, 11, 2, 0, tzinfo=UTC))
    assert digests_to(bot, WARD_CHAIR, seen) == []
    await tick(bot, datetime(2025, 3, 12, 2, 0, tzinfo=UTC))
    assert ["Nhiệm vụ 2.1" in m.plain for m in digests_to(bot, WARD_CHAIR, seen)] == [True]
    seen = bot.fake.last_to(WARD_CHAIR).message_id
    await tick(bot, datetime(2025, 3, 13, 2, 0, tzinfo=UTC))
    assert digests_to(bot, WARD_CHAIR, seen) == []
    await tick(bot, datetime(2025, 3, 19, 2, 0, tzinfo=UTC))
    assert ["Nhiệm vụ 2.1" in m.plain for m in digests_to(bot, WARD_CHAIR, seen)] == [True]


async def ask_extension(bot: Running, date_text: str) -> SentMessage:
    await tick(bot, datetime(2025, 3, 10, 2, 0, tzinfo=UTC))
    digest = bot.fake.last_to(WARD_CHAIR)
    asked = await bot.press(WARD_CHAIR, digest, "Xin gia hạn 2.1")
    assert "hạn hiện tại 05/03/2025" in asked.plain
    reason = await bot.say(WARD_CHAIR, date_text)
    assert "Gõ lý do" in reason.plain
    sent = await bot.say(WARD_CHAIR, "Chờ số liệu của Chi cục Thống kê")
    assert "Đã gửi đề nghị gia hạn nhiệm vụ 2.1" in sent.plain
    before = bot.fake.last_to(SECRETARY).message_id
    await tick(bot, datetime(2025, 3, 10, 2, 5, tzinfo=UTC))
    request = bot.fake.last_to(SECRETARY)
    assert request.message_id > before and "Đề nghị gia hạn #1: 2.1" in request.plain
    assert "Lý do: Chờ số liệu của Chi cục Thống kê" in request.plain
    return request


async def test_an_extension_is_asked_approved_and_the_reminders_move(bot: Running):
    request = await ask_extension(bot, "25/4")
    assert "hạn 05/03/2025 → đề xuất 25/04/2025" in request.plain
    listed = await bot.say(SECRETARY, "/gia_han")
    assert "ĐỀ NGHỊ GIA HẠN ĐANG CHỜ (1)" in listed.plain
    decided = await bot.press(SECRETARY, request, "Đồng ý #1")
    assert "Đã đồng ý gia hạn 2.1 cho Phường Bến Nghé đến 25/04/2025" in decided.plain
    noted = await bot.say(SECRETARY, "Lần sau báo sớm hơn")
    assert "Đã gửi ghi chú cho Phường Bến Nghé" in noted.plain
    seen = bot.fake.last_to(WARD_CHAIR).message_id
    await tick(bot, datetime(2025, 3, 10, 2, 10, tzinfo=UTC))
    told = [m.plain for m in bot.fake.messages_to(WARD_CHAIR) if m.message_id > seen]
    assert told == [
        "✅ Thư ký Ban Chỉ đạo đã đồng ý gia hạn nhiệm vụ 2.1 «Báo cáo quý I» cho Phường Bến Nghé: hạn mới 25/04/2025"
        " (hạn cũ 05/03/2025).",
        "Ghi chú của thư ký về gia hạn nhiệm vụ 2.1: Lần sau báo sớm hơn",
    ]
    assert "Không có đề nghị gia hạn nào đang chờ" in (await bot.say(SECRETARY, "/gia_han")).plain
    listing = (await bot.say(WARD_CHAIR, "/tasks")).plain
    assert "25/04/2025" in listing and "05/03/2025" not in listing  # its own list shows the new date
    actions = [e.action for e in await entries(bot.db) if e.action.startswith("extension.")]
    assert actions == ["extension.requested", "extension.approved", "extension.noted"]
    # the old pace stops (13/03 would be D+6); the new date's stages come: T-3 of 25/04 is 22/04
    seen = bot.fake.last_to(WARD_CHAIR).message_id
    await tick(bot, datetime(2025, 3, 13, 2, 0, tzinfo=UTC))
    assert digests_to(bot, WARD_CHAIR, seen) == []
    await tick(bot, datetime(2025, 4, 22, 2, 0, tzinfo=UTC))
    (reminder,) = digests_to(bot, WARD_CHAIR, seen)
    assert "2.1" in reminder.plain and "25/04/2025" in reminder.plain and "05/03/2025" not in reminder.plain
    # on time when done by the extended date
    await bot.say(WARD_CHAIR, "2.1 xong", reply_to=reminder.message_id)
    rollup = await compute_rollup(bot.db, as_of=bot.clock.now, period="quarter", tz=bot.app.bot_data["settings"].zone)
    line = next(d for d in rollup.details if d.number == "2.1")
    assert (line.state, line.extended) == ("done_on_time", True)


async def test_a_refused_extension_changes_nothing(bot: Running):
    request = await ask_extension(bot, "thêm 2 tuần")
    assert "đề xuất 24/03/2025" in request.plain  # two weeks from today: 05/03 has passed
    decided = await bot.press(SECRETARY, request, "Không đồng ý #1")
    assert "Đã không đồng ý gia hạn 2.1" in decided.plain
    await bot.say(SECRETARY, "/huy")
    seen = bot.fake.last_to(WARD_CHAIR).message_id
    await tick(bot, datetime(2025, 3, 13, 2, 0, tzinfo=UTC))  # D+6: still reminded at the plan's pace
    told = [m.plain for m in bot.fake.messages_to(WARD_CHAIR) if m.message_id > seen]
    assert told[0].startswith("❌ Thư ký Ban Chỉ đạo không đồng ý gia hạn nhiệm vụ 2.1")
    assert "hạn vẫn là 05/03/2025" in told[0]
    assert any("Nhắc việc CCHC" in text and "2.1" in text for text in told[1:])
    again = await bot.press(SECRETARY, request, "Đồng ý #1")
    assert "đã được quyết định trước đó" in again.plain


async def test_a_reply_to_the_decision_reports_on_its_task(bot: Running):
    # the ward answers the refusal «… hạn vẫn là 05/03/2025» with «xong rồi ạ»: it was «Mình chưa hiểu» (tester7)
    request = await ask_extension(bot, "30/4")
    await bot.press(SECRETARY, request, "Không đồng ý #1")
    await bot.say(SECRETARY, "/huy")
    await tick(bot, datetime(2025, 3, 10, 2, 10, tzinfo=UTC))
    notice = bot.fake.last_to(WARD_CHAIR)
    assert notice.plain.startswith("❌ Thư ký Ban Chỉ đạo không đồng ý gia hạn nhiệm vụ 2.1")
    saved = await bot.say(WARD_CHAIR, "xong rồi ạ", reply_to=notice.message_id)
    assert "Đã ghi nhận 2.1: Xong" in saved.plain
    rows = await bot.db.execute_fetchall("SELECT t.number, r.status FROM reports r JOIN tasks t ON t.id = r.task_id")
    assert [tuple(row) for row in rows] == [("2.1", "done")]


async def test_only_the_lead_agency_asks_and_only_secretaries_decide(bot: Running):
    refused = await bot.say(NOI_VU, "/xin_gia_han 2.1")
    assert "Đơn vị bạn không có nhiệm vụ số 2.1" in refused.plain
    refused = await bot.say(NOI_VU, "/giai_trinh 2.1 lý do")
    assert "Đơn vị bạn không có nhiệm vụ số 2.1" in refused.plain
    request = await ask_extension(bot, "30/4")
    # the ward chair (a head) cannot press the secretary's buttons: the request never reached them, so
    # they type what the button does
    not_theirs = await bot.say(WARD_CHAIR, "/gia_han")
    assert "Chỉ thư ký Ban Chỉ đạo hoặc quản trị viên" in not_theirs.plain
    assert "Đề nghị gia hạn #1" in request.plain
    async with bot.db.execute("SELECT status FROM extensions") as cur:
        assert [r[0] for r in await cur.fetchall()] == ["pending"]


async def test_an_explanation_before_the_due_date_is_refused_and_nothing_stored(bot: Running):
    # 1.2 (Phòng Nội vụ) is due 20/03/2025; on 10/03 it is not late, whatever the text says
    refused = await bot.say(NOI_VU, "/giai_trinh 1.2 trễ hạn do chờ Sở hướng dẫn")
    assert "Nhiệm vụ 1.2 chưa quá hạn (hạn 20/03/2025)" in refused.plain and "/xin_gia_han 1.2" in refused.plain
    asked = await bot.say(NOI_VU, "/giai_trinh 1.2")
    assert "chưa quá hạn" in asked.plain, "no question for a text that could not be stored"
    assert await bot.db.execute_fetchall("SELECT id FROM explanations") == []
    assert await entries(bot.db, "explanation.added") == []


async def test_an_extension_typed_in_english_counts_from_the_due_date(bot: Running):
    await bot.say(NOI_VU, "/xin_gia_han 1.2", contains="Đề xuất hạn mới")
    asked = await bot.say(NOI_VU, "2 more weeks")  # 1.2 is due 20/03/2025: two weeks from then
    assert "03/04/2025" in asked.plain
    await bot.say(NOI_VU, "/huy")
    await bot.say(NOI_VU, "/xin_gia_han 1.2", contains="Đề xuất hạn mới")
    assert "30/06/2025" in (await bot.say(NOI_VU, "by the end of Q2")).plain
