"""The same task number in two plans, through the fake Telegram: the bot asks which plan, naming each, and
never files a report, a task card, an explanation or an extension under the newest plan silently.

Plans 99/KH-UBND (imported 10/01/2025) and 12/KH-UBND (imported 20/01/2025, the newer) both have tasks
1.1 and 2.1 led by Phường Bến Nghé; 1.2 is only in 99/KH-UBND. Now is Monday 10/03/2025 09:00: 1.1 of
99/KH-UBND is due 31/03, of 12/KH-UBND 07/03 (late).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime

import pytest

from plans.model import ParsedPlan, PlanMeta
from storage.reports import latest_report
from storage.tasks import find_tasks
from tests.bot.test_bot_admin_e2e import invite_and_join
from tests.fakegram import FakeTelegram
from tests.harness import ADMIN_ID, Clock, Running, make_settings, seed_plan, start, stop, task

WARD_CHAIR = 2
SECRETARY = 5

SECOND = ParsedPlan(
    meta=PlanMeta(code="12/KH-UBND", title="Kế hoạch kiểm tra CCHC", issuer="UBND Quận 1",
                  issued_on=date(2025, 1, 20), year=2025),
    tasks=(
        task("1.1", "Kiểm tra công vụ quý I", "Phường Bến Nghé", date(2025, 3, 7)),
        task("2.1", "Tự kiểm tra CCHC 6 tháng", "Phường Bến Nghé", date(2025, 6, 30), section="2"),
    ),
    derived_agencies={"Phường Bến Nghé": "ward"},
)


@pytest.fixture
async def bot(tmp_path) -> AsyncIterator[Running]:
    settings = make_settings(tmp_path)
    await seed_plan(settings.db)
    await seed_plan(settings.db, SECOND, now=datetime(2025, 1, 20, tzinfo=UTC))
    fake = FakeTelegram()
    for uid, name in ((ADMIN_ID, "Admin"), (WARD_CHAIR, "Lan"), (SECRETARY, "Thư ký")):
        fake.add_user(uid, first_name=name)
    running = await start(settings, fake, Clock(datetime(2025, 3, 10, 2, 0, tzinfo=UTC)))
    try:
        await invite_and_join(running, WARD_CHAIR, "Phường Bến Nghé", "head")
        await invite_and_join(running, SECRETARY, "Phường Bến Nghé", "secretary")
        yield running
    finally:
        await stop(running)


async def _tasks(bot: Running) -> tuple[int, int, int]:
    """(task 1.1 of 99/KH-UBND, task 1.1 of 12/KH-UBND, Phường Bến Nghé)."""
    newer, older = await find_tasks(bot.db, "1.1")
    assert (older.plan_code, newer.plan_code) == ("99/KH-UBND", "12/KH-UBND")
    (agency_id,) = await bot.db.execute_fetchall("SELECT agency_id FROM task_agencies WHERE task_id = ?", (older.task.id,))
    return older.task.id, newer.task.id, agency_id[0]


async def test_a_reply_naming_a_number_of_two_plans_asks_which_plan(bot: Running):
    older, newer, ward = await _tasks(bot)
    asked = await bot.say(WARD_CHAIR, "1.1 xong")
    assert "Số 1.1 có trong 2 kế hoạch (12/KH-UBND; 99/KH-UBND)" in asked.plain
    assert await latest_report(bot.db, newer, ward) is None, "nothing stored before the person chooses"
    saved = await bot.press(WARD_CHAIR, asked, "1.1 · 99/KH-UBND")
    assert "Đã ghi nhận 1.1" in saved.plain
    assert (await latest_report(bot.db, older, ward)).status == "done"
    assert await latest_report(bot.db, newer, ward) is None


async def test_two_ambiguous_numbers_in_one_message_each_keep_their_report(bot: Running):
    older, newer, ward = await _tasks(bot)
    before = bot.fake.last_to(WARD_CHAIR).message_id
    bot.fake.user_sends(WARD_CHAIR, "1.1 xong; 2.1 vướng: chờ Sở")
    first = await bot.fake.wait_for_message(WARD_CHAIR, after=before, contains="Số 1.1")
    second = await bot.fake.wait_for_message(WARD_CHAIR, after=first.message_id, contains="Số 2.1")
    blocked = await bot.press(WARD_CHAIR, second, "· 12/KH-UBND")
    assert "Đã ghi nhận 2.1" in blocked.plain
    done = await bot.press(WARD_CHAIR, first, "· 99/KH-UBND")
    assert "Đã ghi nhận 1.1" in done.plain
    second_21 = (await find_tasks(bot.db, "2.1"))[0].task.id
    assert (await latest_report(bot.db, second_21, ward)).status == "blocked"
    assert (await latest_report(bot.db, older, ward)).status == "done"
    assert await latest_report(bot.db, newer, ward) is None


async def test_task_card_asks_which_plan_or_takes_the_plan_named(bot: Running):
    asked = await bot.say(WARD_CHAIR, "/task 1.1")
    assert "có trong 2 kế hoạch" in asked.plain
    card = await bot.press(WARD_CHAIR, asked, "· 99/KH-UBND")
    assert "Ban hành Kế hoạch kiểm tra CCHC" in card.plain and "Kiểm tra công vụ" not in card.plain
    named = await bot.say(WARD_CHAIR, "/task 1.1 KH 12")
    assert "Kiểm tra công vụ quý I" in named.plain
    only = await bot.say(WARD_CHAIR, "/task 1.2")
    assert "Rà soát thủ tục hành chính" in only.plain, "a number one plan has is shown at once"


async def test_explanation_and_extension_ask_which_plan_and_keep_the_text(bot: Running):
    older, newer, _ = await _tasks(bot)
    asked = await bot.say(WARD_CHAIR, "/giai_trinh 1.1 chờ Sở hướng dẫn")
    # 99/KH-UBND's 1.1 is due 31/03, not late: only 12/KH-UBND's (due 07/03) can be explained
    assert "Đã ghi nhận giải trình nhiệm vụ 1.1" in asked.plain
    (row,) = await bot.db.execute_fetchall("SELECT task_id, text FROM explanations")
    assert tuple(row) == (newer, "chờ Sở hướng dẫn")
    extend = await bot.say(WARD_CHAIR, "/xin_gia_han 1.1")
    assert "có trong 2 kế hoạch" in extend.plain
    date_asked = await bot.press(WARD_CHAIR, extend, "· 99/KH-UBND")
    assert "1.1 «Ban hành Kế hoạch kiểm tra CCHC» (hạn hiện tại 31/03/2025)" in date_asked.plain
    await bot.say(WARD_CHAIR, "/huy")
    bot.clock.now = datetime(2025, 4, 1, 2, 0, tzinfo=UTC)  # both late now
    both = await bot.say(WARD_CHAIR, "/giai_trinh 1.1 thiếu kinh phí")
    assert "có trong 2 kế hoạch" in both.plain
    saved = await bot.press(WARD_CHAIR, both, "· 99/KH-UBND")
    assert "Đã ghi nhận giải trình nhiệm vụ 1.1" in saved.plain
    rows = await bot.db.execute_fetchall("SELECT task_id, text FROM explanations ORDER BY id")
    assert [tuple(row) for row in rows] == [(newer, "chờ Sở hướng dẫn"), (older, "thiếu kinh phí")]


async def test_a_secretary_reporting_by_number_is_asked_too(bot: Running):
    asked = await bot.say(SECRETARY, "/report 1.1")
    assert "có trong 2 kế hoạch" in asked.plain
    status = await bot.press(SECRETARY, asked, "· 12/KH-UBND")
    assert "1.1" in status.plain and status.button_data("Xong")



async def test_the_summary_names_the_plan_of_each_section_when_two_plans_number_them_alike(bot: Running):
    summary = (await bot.say(SECRETARY, "/summary quý")).plain
    assert "[99/KH-UBND] 1. Lĩnh vực 1:" in summary and "[12/KH-UBND] 1. Lĩnh vực 1:" in summary
    # and so does each late or due-soon line (before: «🔴 1.1 Kiểm tra công vụ quý I …», which 1.1?)
    assert "🔴 1.1 [12/KH-UBND] Kiểm tra công vụ quý I — Phường Bến Nghé — hạn 07/03/2025" in summary
    late = (await bot.say(SECRETARY, "/overdue", contains="NHIỆM VỤ QUÁ HẠN")).plain
    assert "• 1.1 [12/KH-UBND] Kiểm tra công vụ quý I — hạn 07/03/2025" in late


async def test_lists_name_the_plan_of_a_number_two_plans_have(bot: Running):
    listed = (await bot.say(WARD_CHAIR, "/tasks")).plain
    assert "1.1 [12/KH-UBND]. Kiểm tra công vụ quý I" in listed
    assert "1.1 [99/KH-UBND]. Ban hành Kế hoạch kiểm tra CCHC" in listed
    picking = await bot.say(WARD_CHAIR, "/report")
    assert "• 1.1 [99/KH-UBND] — Ban hành Kế hoạch kiểm tra CCHC" in picking.plain
    assert picking.button_data("1.1 [12/KH-UBND]")


async def test_while_the_plan_question_waits_other_words_are_told_to_press_a_plan(bot: Running):
    older, newer, ward = await _tasks(bot)
    asked = await bot.say(WARD_CHAIR, "1.1 xong")
    assert "chọn nhiệm vụ bạn muốn" in (await bot.say(WARD_CHAIR, "ok")).plain
    assert "chọn nhiệm vụ bạn muốn" in (await bot.say(WARD_CHAIR, "1.1")).plain  # the number alone says no plan
    await bot.press(WARD_CHAIR, asked, "· 12/KH-UBND")
    assert (await latest_report(bot.db, newer, ward)).status == "done"
    assert await latest_report(bot.db, older, ward) is None


@pytest.mark.parametrize("typed", ["1.1 KH 99 xong", "nhiệm vụ 1.1 của Kế hoạch 99/KH-UBND: xong",
                                   "1.1 [99/KH-UBND] xong", "1.1 (kế hoạch số 99) đã xong"])
async def test_a_reply_naming_the_plan_is_stored_at_once(bot: Running, typed: str):
    older, newer, ward = await _tasks(bot)
    saved = await bot.say(WARD_CHAIR, typed)
    assert "Đã ghi nhận 1.1 [99/KH-UBND]: Xong" in saved.plain and not saved.buttons
    assert (await latest_report(bot.db, older, ward)).status == "done"
    assert await latest_report(bot.db, newer, ward) is None


async def test_plans_named_in_one_message_each_take_their_report(bot: Running):
    older, newer, ward = await _tasks(bot)
    bot.fake.user_sends(WARD_CHAIR, "1.1 KH 12 vướng: chờ Sở hướng dẫn; 1.1 KH 99 đang làm 40%")
    await bot.fake.wait_for_message(WARD_CHAIR, contains="40")
    blocked = await latest_report(bot.db, newer, ward)
    assert (blocked.status, blocked.note) == ("blocked", "chờ Sở hướng dẫn")
    assert ((await latest_report(bot.db, older, ward)).percent) == 40


async def test_a_plan_without_that_task_is_asked_about_with_the_words_kept(bot: Running):
    older, newer, ward = await _tasks(bot)
    asked = await bot.say(WARD_CHAIR, "1.2 KH 12 xong")  # 12/KH-UBND has no 1.2 (99/KH-UBND's is Nội vụ's)
    assert "Phường Bến Nghé không có nhiệm vụ 1.2 trong KH 12" in asked.plain
    assert await latest_report(bot.db, older, ward) is None and await latest_report(bot.db, newer, ward) is None
    # the ward's open tasks, the two 1.1 told apart by their plans
    assert [label for row in asked.buttons for label, _ in row if label.startswith("1.1")] == [
        "1.1 [12/KH-UBND]", "1.1 [99/KH-UBND]"]
    saved = await bot.press(WARD_CHAIR, asked, "1.1 [99/KH-UBND]")
    assert "Đã ghi nhận 1.1" in saved.plain and "KH 12" in saved.plain  # the words are the report's note
    assert (await latest_report(bot.db, older, ward)).status == "done"


async def test_a_document_no_plan_followed_has_is_the_works_words(bot: Running):
    older, newer, ward = await _tasks(bot)
    asked = await bot.say(WARD_CHAIR, "1.1 Quyết định 25/QĐ-UBND đã ban hành")
    assert await latest_report(bot.db, newer, ward) is None
    assert "có trong 2 kế hoạch" in asked.plain  # the usual question: the words named no plan
    saved = await bot.press(WARD_CHAIR, asked, "· 99/KH-UBND")
    assert "Đã ghi nhận 1.1 [99/KH-UBND]: Xong" in saved.plain
    assert "Quyết định 25/QĐ-UBND" in (await latest_report(bot.db, older, ward)).note
    assert await latest_report(bot.db, newer, ward) is None


async def test_the_plan_question_is_answered_by_naming_the_plan(bot: Running):
    older, newer, ward = await _tasks(bot)
    await bot.say(WARD_CHAIR, "1.1 vướng: chờ Sở hướng dẫn")
    saved = await bot.say(WARD_CHAIR, "1.1 KH 12")
    assert "Đã ghi nhận 1.1 [12/KH-UBND]: Vướng" in saved.plain
    assert (await latest_report(bot.db, newer, ward)).note == "chờ Sở hướng dẫn"
    assert await latest_report(bot.db, older, ward) is None


async def test_an_edit_naming_the_other_plan_moves_the_report(bot: Running):
    older, newer, ward = await _tasks(bot)
    before = bot.fake.last_to(WARD_CHAIR).message_id
    sent = bot.fake.user_sends(WARD_CHAIR, "1.1 KH 99 xong")
    await bot.fake.wait_for_message(WARD_CHAIR, after=before, contains="Đã ghi nhận 1.1")
    assert (await latest_report(bot.db, older, ward)).status == "done"
    before = bot.fake.last_to(WARD_CHAIR).message_id
    bot.fake.user_edits(WARD_CHAIR, sent, "1.1 KH 12 xong")
    await bot.fake.wait_for_message(WARD_CHAIR, after=before, contains="Đã ghi nhận 1.1")
    assert await latest_report(bot.db, older, ward) is None  # withdrawn: the edit names the other plan's 1.1
    assert (await latest_report(bot.db, newer, ward)).status == "done"


async def test_explanation_and_extension_take_the_plan_named(bot: Running):
    older = (await _tasks(bot))[0]
    bot.clock.now = datetime(2025, 4, 1, 2, 0, tzinfo=UTC)  # both 1.1 late
    saved = await bot.say(WARD_CHAIR, "/giai_trinh 1.1 KH 99 thiếu kinh phí")
    assert "Đã ghi nhận giải trình nhiệm vụ 1.1" in saved.plain
    (row,) = await bot.db.execute_fetchall("SELECT task_id, text FROM explanations")
    assert tuple(row) == (older, "thiếu kinh phí")
    asked = await bot.say(WARD_CHAIR, "/xin_gia_han 1.1 [12/KH-UBND]")
    assert "1.1 «Kiểm tra công vụ quý I»" in asked.plain and "có trong 2 kế hoạch" not in asked.plain
