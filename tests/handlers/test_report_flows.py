"""Open questions and reports, through the fake Telegram: a complete report is never swallowed by an open
question, typed answers answer it, old questions expire, /cancel ends every flow, /report pages through
every open task, "tất cả xong" asks once, and a bare number after "Đang làm" is the percentage."""

from __future__ import annotations

import io
import re
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.config import Settings
from bot.console import run_demo
from handlers.session import Flow
from i18n.formats import format_percent
from plans.model import ParsedPlan
from storage.db import transaction
from storage.people import set_dialog
from tests.bot.test_console import seeded_copy
from tests.fakegram import FakeTelegram
from tests.harness import ADMIN_ID, SAMPLE, Clock, Running, make_settings, seed_plan, start, stop, task
from tests.reliability_core import ADMIN, open_core

pytestmark = pytest.mark.both_backends

WARD_CHAIR = 2
BEN_NGHE = "Phường Bến Nghé"
LONG_TITLE = "Rà soát, đánh giá, cập nhật và công khai " + "thủ tục hành chính thuộc thẩm quyền giải quyết " * 8


async def _bot(tmp_path, plan: ParsedPlan, database: str | None = None) -> Running:
    settings = make_settings(tmp_path, **({"NHACVIEC_DB": database} if database else {}))
    await seed_plan(settings.db, plan)
    fake = FakeTelegram()
    for uid, name in ((ADMIN_ID, "Admin"), (WARD_CHAIR, "Lan")):
        fake.add_user(uid, first_name=name)
    running = await start(settings, fake, Clock(datetime(2025, 3, 10, 2, 0, tzinfo=UTC)))
    answer = await running.say(ADMIN_ID, f"/invite {BEN_NGHE} head")
    code = re.search(r"start=([A-Z0-9]+)", answer.plain or "")
    assert code, answer.plain
    await running.say(WARD_CHAIR, f"/start {code.group(1)}")
    return running


@pytest.fixture
async def bot(tmp_path, database_url) -> AsyncIterator[Running]:
    running = await _bot(tmp_path, SAMPLE, database_url)  # Bến Nghé leads 1.1 (31/03) and 2.1 (05/03)
    try:
        yield running
    finally:
        await stop(running)


async def stored(bot: Running) -> list[tuple]:
    async with bot.db.execute(
        "SELECT t.number, r.status, r.percent, r.note FROM reports r JOIN tasks t ON t.id = r.task_id ORDER BY r.id"
    ) as cur:
        return [tuple(row) for row in await cur.fetchall()]


async def open_flow(bot: Running) -> str | None:
    async with bot.db.execute("SELECT flow FROM dialogs") as cur:
        row = await cur.fetchone()
    return row[0] if row else None


# ---- an open question never swallows a report (tester's findings 1 and 2) -----------------------


async def test_a_report_sent_while_a_status_question_is_open_is_stored(bot: Running):
    asked = await bot.say(WARD_CHAIR, "1.1 ok")
    assert "Chưa rõ tình trạng của 1.1" in asked.plain
    saved = await bot.say(WARD_CHAIR, "2.1 chưa xong")
    assert "Đã ghi nhận 2.1: Đang làm" in saved.plain
    assert await stored(bot) == [("2.1", "in_progress", None, "")]
    assert await open_flow(bot) is None  # the question gave way to the report


async def test_a_typed_status_answers_the_status_question(bot: Running):
    await bot.say(WARD_CHAIR, "1.1 ok")
    saved = await bot.say(WARD_CHAIR, "xong")
    assert "Đã ghi nhận 1.1: Xong" in saved.plain
    assert [row[:2] for row in await stored(bot)] == [("1.1", "done")]


async def test_the_same_unclear_report_twice_asks_again(bot: Running):
    await bot.say(WARD_CHAIR, "1.1 ok")
    again = await bot.say(WARD_CHAIR, "1.1 ok")
    assert "Chưa rõ tình trạng của 1.1" in again.plain and again.buttons
    assert await stored(bot) == []


async def test_anything_else_says_what_the_question_expects_and_keeps_it(bot: Running):
    await bot.say(WARD_CHAIR, "1.1 ok")
    expected = await bot.say(WARD_CHAIR, "asdf")
    assert "chờ tình trạng của 1.1" in expected.plain and "/cancel" in expected.plain
    assert [label for row in expected.buttons for label, _ in row] == ["Xong", "Đang làm", "Vướng"]
    saved = await bot.say(WARD_CHAIR, "đang làm 50%")
    assert "Đã ghi nhận 1.1: Đang làm, 50%" in saved.plain
    assert [row[:3] for row in await stored(bot)] == [("1.1", "in_progress", 50)]


async def test_a_report_beats_an_open_which_task_question(bot: Running):
    listing = await bot.say(WARD_CHAIR, "/tasks")
    asked = await bot.say(WARD_CHAIR, "đã xong", reply_to=listing.message_id)
    assert asked.buttons and await open_flow(bot) == "pick"
    saved = await bot.say(WARD_CHAIR, "1.1 xong")
    assert "Đã ghi nhận 1.1: Xong" in saved.plain
    assert [row[:2] for row in await stored(bot)] == [("1.1", "done")]


async def test_a_typed_task_number_answers_the_which_task_question(bot: Running):
    listing = await bot.say(WARD_CHAIR, "/tasks")
    await bot.say(WARD_CHAIR, "đang làm 30%", reply_to=listing.message_id)
    saved = await bot.say(WARD_CHAIR, "2.1")
    assert "Đã ghi nhận 2.1: Đang làm, 30%" in saved.plain
    assert [row[:3] for row in await stored(bot)] == [("2.1", "in_progress", 30)]


async def test_an_open_question_expires_after_a_day(bot: Running):
    listing = await bot.say(WARD_CHAIR, "/tasks")
    await bot.say(WARD_CHAIR, "đã xong", reply_to=listing.message_id)
    bot.clock.now += timedelta(days=2)
    # yesterday's "đã xong" no longer waits for a task: it is named as not recorded, then 2.1 is asked about
    answer = await bot.say(WARD_CHAIR, "2.1", contains="Chưa rõ tình trạng của 2.1")
    assert "Chưa rõ tình trạng của 2.1" in answer.plain
    said = [m.plain for m in bot.fake.messages_to(WARD_CHAIR)]
    assert said[-2].startswith("Chưa ghi nhận «Xong» bạn báo hôm trước: chưa rõ là cho việc nào.")
    assert await stored(bot) == []


# ---- nonsense (issue 17 item 5) ------------------------------------------------------------------


@pytest.mark.parametrize("text", ["asdfgh qwerty", "2"])
async def test_nonsense_is_not_understood(bot: Running, text: str):
    listing = await bot.say(WARD_CHAIR, "/tasks")
    for answer in (await bot.say(WARD_CHAIR, text, reply_to=listing.message_id), await bot.say(WARD_CHAIR, text)):
        assert "chưa hiểu" in answer.plain and "1.2 xong" in answer.plain and "/tasks" in answer.plain
        assert "Bạn báo cáo việc nào" not in answer.plain and not answer.buttons
    assert await open_flow(bot) is None and await stored(bot) == []


# ---- /cancel ends every flow (item 6, finding 14) -------------------------------------------------


async def test_cancel_ends_the_report_flow_at_every_step(bot: Running):
    status = await bot.say(WARD_CHAIR, "/report 2.1")
    assert status.buttons
    assert "Đã thoát" in (await bot.say(WARD_CHAIR, "/cancel")).plain
    pick = await bot.say(WARD_CHAIR, "/report")
    assert "Đã thoát" in (await bot.say(WARD_CHAIR, "/cancel")).plain
    pick = await bot.say(WARD_CHAIR, "/report")
    status = await bot.press(WARD_CHAIR, pick, "1.1", contains="Tình trạng")
    assert "Đã thoát" in (await bot.say(WARD_CHAIR, "/cancel")).plain
    await bot.say(WARD_CHAIR, "/report 1.1")
    await bot.press(WARD_CHAIR, bot.fake.last_to(WARD_CHAIR), "Đang làm")
    assert "Đã thoát" in (await bot.say(WARD_CHAIR, "/cancel")).plain
    assert "Không có thao tác" in (await bot.say(WARD_CHAIR, "/cancel")).plain


# ---- "Đang làm" then a bare number (finding 15) ---------------------------------------------------


@pytest.mark.parametrize(("typed", "percent", "note"), [("45", 45, ""), ("45%", 45, ""), ("60 % chờ ký", 60, "chờ ký")])
async def test_a_number_after_in_progress_is_the_percentage(bot: Running, typed: str, percent: int, note: str):
    status = await bot.say(WARD_CHAIR, "/report 1.1")
    ask = await bot.press(WARD_CHAIR, status, "Đang làm")
    assert "phần trăm" in ask.plain
    saved = await bot.say(WARD_CHAIR, typed)
    assert f"1.1: {format_percent(percent)}" in saved.plain
    assert await stored(bot) == [("1.1", "in_progress", percent, note)]


async def test_words_after_in_progress_stay_the_note(bot: Running):
    status = await bot.say(WARD_CHAIR, "/report 1.1")
    await bot.press(WARD_CHAIR, status, "Đang làm")
    saved = await bot.say(WARD_CHAIR, "45 ngày nữa mới xong")
    assert "Đã lưu ghi chú cho 1.1" in saved.plain
    assert await stored(bot) == [("1.1", "in_progress", None, "45 ngày nữa mới xong")]


# ---- /report lists every open task, titled, by pages, lead first (item 7) -------------------------

PAGED = ParsedPlan(
    meta=SAMPLE.meta,
    tasks=(
        # coordinating, and due first: still after every lead task
        replace(task("9.1", "Phối hợp kiểm tra", "Phòng Nội vụ", date(2025, 3, 12), section="9"),
                support=(BEN_NGHE,), support_text=BEN_NGHE),
        task("1.1", LONG_TITLE, BEN_NGHE, date(2025, 3, 31)),
        *(task(f"2.{n}", f"Việc chủ trì số {n}", BEN_NGHE, date(2025, 4, n)) for n in range(1, 10)),
    ),
    derived_agencies=SAMPLE.derived_agencies,
)


async def test_report_pages_through_every_open_task_lead_first(tmp_path):
    bot = await _bot(tmp_path, PAGED)
    try:
        first = await bot.say(WARD_CHAIR, "/report")
        lines = first.plain.splitlines()
        assert "11 việc, trang 1/2" in lines[0] and lines[1] == "Chủ trì:"
        assert "9.1" not in first.plain
        long_line = next(line for line in lines if line.startswith("• 1.1 — "))
        assert long_line.endswith("…") and len(long_line) < 80
        labels = [label for row in first.buttons for label, _ in row]
        assert labels[-1] == "Trang sau ▶" and "Trang trước" not in " ".join(labels)
        second = await bot.press(WARD_CHAIR, first, "Trang sau ▶", contains="trang 2/2")
        assert "Phối hợp:\n• 9.1 — Phối hợp kiểm tra" in second.plain
        listed = re.findall(r"^• (\d\.\d) ", first.plain + "\n" + second.plain, re.MULTILINE)
        assert sorted(listed) == sorted(["1.1", "9.1", *(f"2.{n}" for n in range(1, 10))])
        assert "◀ Trang trước" in [label for row in second.buttons for label, _ in row]
        status = await bot.press(WARD_CHAIR, second, "9.1", contains="Tình trạng")
        assert status.buttons
    finally:
        await stop(bot)


# ---- "tất cả xong" answers every task listed, after one confirmation (item 8, finding 5) -----------

MANY = ParsedPlan(
    meta=SAMPLE.meta,
    tasks=(
        *(task(f"3.{n}", f"Việc quá hạn {n}", BEN_NGHE, date(2025, 2, n)) for n in range(1, 15)),
        task("4.1", "Việc còn xa", BEN_NGHE, date(2025, 9, 30)),
    ),
    derived_agencies=SAMPLE.derived_agencies,
)


async def test_all_done_confirms_once_for_every_listed_task(tmp_path):
    bot = await _bot(tmp_path, MANY)
    try:
        listing = await bot.say(WARD_CHAIR, "/tasks")
        buttons = sum(len(row) for row in listing.buttons)
        assert buttons == 12 and "3.14." in listing.plain  # 14 overdue listed, 12 with buttons
        asked = await bot.say(WARD_CHAIR, "tất cả xong", reply_to=listing.message_id)
        assert "Xác nhận: 14 việc" in asked.plain and "Xong" in asked.plain
        numbers = re.findall(r"\b3\.\d+\b", asked.plain)
        assert sorted(numbers) == sorted(f"3.{n}" for n in range(1, 15))  # each once
        assert "1 việc khác" in asked.plain  # 4.1 was not in the message
        assert await stored(bot) == []
        done = await bot.press(WARD_CHAIR, asked, "Có", contains="14 việc")
        assert "Đã ghi nhận Xong cho 14 việc" in done.plain
        assert sorted(row[0] for row in await stored(bot)) == sorted(f"3.{n}" for n in range(1, 15))
        assert {row[1] for row in await stored(bot)} == {"done"}
    finally:
        await stop(bot)


async def test_all_done_declined_stores_nothing(bot: Running):
    listing = await bot.say(WARD_CHAIR, "/tasks")
    asked = await bot.say(WARD_CHAIR, "cả 2 việc xong", reply_to=listing.message_id)
    expected = await bot.say(WARD_CHAIR, "hả?")
    assert "xác nhận" in expected.plain and expected.buttons
    dropped = await bot.press(WARD_CHAIR, asked, "Không")
    assert "chưa ghi nhận" in dropped.plain
    assert await stored(bot) == [] and await open_flow(bot) is None


# ---- the tester's console sessions (findings 1, 2, 14), where every line answers the last list ------


async def test_console_open_questions_never_swallow_a_report(tmp_path):
    lines = ["/as bennghe", "/tasks", "2.3 150%", "3.3 chưa xong", "2.4 ok", "xong", "asdf", "1.3 xong",
             "/report", "b", "/cancel"]
    await seeded_copy(tmp_path)
    settings = Settings(_env_file=None, NHACVIEC_DB=str(tmp_path / "demo.sqlite3"))  # type: ignore[call-arg]
    out = io.StringIO()
    assert await run_demo(settings, stdin=io.StringIO("\n".join(lines) + "\n"), out=out) == 0
    text = out.getvalue()
    assert "Chưa rõ tình trạng của 2.3" in text and "Chưa rõ tình trạng của 2.4" in text
    assert "Đã ghi nhận 3.3: Đang làm" in text and "Đã ghi nhận 2.4: Xong" in text
    assert "Đã ghi nhận 1.3: Xong" in text and "chưa hiểu" in text
    assert text.split("Tình trạng hiện nay?")[-1].split("Tạm biệt")[0].rstrip("> \n").endswith("Đã thoát.")
    db = sqlite3.connect(tmp_path / "demo.sqlite3")
    rows = db.execute("SELECT t.number, r.status FROM reports r JOIN tasks t ON t.id = r.task_id ORDER BY r.id").fetchall()
    assert rows == [("3.3", "in_progress"), ("2.4", "done"), ("1.3", "done")]



async def test_a_question_left_open_in_a_previous_session_does_not_swallow_a_report(tmp_path):
    await seeded_copy(tmp_path)
    settings = Settings(_env_file=None, NHACVIEC_DB=str(tmp_path / "demo.sqlite3"))  # type: ignore[call-arg]
    first = io.StringIO()
    assert await run_demo(settings, stdin=io.StringIO("/as bennghe\n/tasks\nđã xong\n"), out=first) == 0
    assert "Bạn báo cáo việc nào" in first.getvalue()  # the question stays open when the demo ends
    again = io.StringIO()
    assert await run_demo(settings, stdin=io.StringIO("/as bennghe\n1.3 xong\n"), out=again) == 0
    assert "Đã ghi nhận 1.3: Xong" in again.getvalue()


@pytest.mark.parametrize("flow", list(Flow))
async def test_cancel_ends_every_flow(tmp_path, flow: Flow):
    core = await open_core(tmp_path)
    try:
        user_id = await core.link(ADMIN, "admin", None)
        async with transaction(core.db):
            await set_dialog(core.db, "telegram", ADMIN, user_id, flow, {}, core.clock())
        assert await core.text(ADMIN, "/cancel") == "Đã thoát."
        assert await core.text(ADMIN, "/cancel") == "Không có thao tác nào đang làm."
    finally:
        await core.db.close()


@pytest.mark.parametrize(("typed", "rows"), [("Có", 2), ("khong", 0)])
async def test_all_done_confirmed_by_typing(bot: Running, typed: str, rows: int):
    listing = await bot.say(WARD_CHAIR, "/tasks")
    await bot.say(WARD_CHAIR, "tất cả xong", reply_to=listing.message_id, contains="Xác nhận")
    await bot.say(WARD_CHAIR, typed)
    assert len(await stored(bot)) == rows and await open_flow(bot) is None
