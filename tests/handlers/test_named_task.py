"""The task a person named: task numbers as typed, numbers outside the reminder, and edits matched by number."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from handlers.replies import parse_reply
from plans.model import ParsedPlan
from storage.db import transaction, utc_iso
from storage.reports import remember_sent
from tests.harness import SAMPLE, task
from tests.reliability_core import NOW, Core, open_core

WARD = "2"
PLAN = ParsedPlan(
    meta=SAMPLE.meta,
    tasks=(
        task("1.1", "Ban hành Kế hoạch kiểm tra CCHC", "Phường Bến Nghé", date(2025, 3, 31)),
        task("1.2", "Rà soát thủ tục hành chính", "Phòng Nội vụ", date(2025, 3, 20)),
        task("1.3", "Niêm yết thủ tục hành chính", "Phường Bến Nghé", date(2025, 4, 15)),
    ),
    derived_agencies=SAMPLE.derived_agencies,
)


@pytest.fixture
async def core(tmp_path):
    core = await open_core(tmp_path, PLAN)
    await core.link(WARD, "head", "Phường Bến Nghé")
    # a reminder about 1.1 alone, sent to the ward chair as message 50
    async with transaction(core.db):
        await remember_sent(core.db, channel="telegram", chat_id=WARD, message_id="50", kind="digest", user_id=None,
                            items=[{"task": await core.task_id("1.1")}], now=NOW)
    try:
        yield core
    finally:
        await core.db.close()


async def stored(core: Core) -> list[tuple[str, str, bool]]:
    """(task number, status, withdrawn) of every report row, oldest first."""
    rows = await core.db.execute_fetchall(
        "SELECT t.number, r.status, r.withdrawn_at IS NOT NULL FROM reports r JOIN tasks t ON t.id = r.task_id"
        " ORDER BY r.id"
    )
    return [(number, status, bool(withdrawn)) for number, status, withdrawn in rows]


async def standing(core: Core) -> dict[str, str | None]:
    """The status the summary reads for each of the ward's lead pairs (lead_pairs, v007)."""
    rows = await core.db.execute_fetchall(
        "SELECT t.number, lp.status FROM lead_pairs lp JOIN tasks t ON t.id = lp.task_id"
        " JOIN agencies a ON a.id = lp.agency_id WHERE a.name = 'Phường Bến Nghé'"
    )
    return dict(rows)  # type: ignore[arg-type]


@pytest.mark.parametrize("typed", ["１.２ xong", "１．２　xong", "1,2 xong", "1. 2 xong", "1-2 xong", "1 - 2 xong"])
def test_loose_and_full_width_numbers_are_task_numbers(typed: str) -> None:
    (report,) = parse_reply(typed, now=NOW)
    assert (report.task, report.status) == ("1.2", "done")


@pytest.mark.parametrize("typed", ["1,2 tỷ đã giải ngân", "1-2 ngày nữa xong", "1,5 km đã trải nhựa"])
def test_decimals_and_ranges_stay_numbers(typed: str) -> None:
    (report,) = parse_reply(typed, now=NOW)
    assert report.task is None
    assert typed.split()[0] in report.note


def test_loose_numbers_after_and_are_task_numbers_too() -> None:
    reports = parse_reply("1,2 và 1-3 đang làm", now=NOW)
    assert [(r.task, r.status) for r in reports] == [("1.2", "in_progress"), ("1.3", "in_progress")]
    (report,) = parse_reply("1.1 xong và 1,2 tỷ đã giải ngân", now=NOW)
    assert report.task == "1.1" and "1,2 tỷ" in report.note


def test_a_run_of_numbers_is_no_task_number() -> None:
    (report,) = parse_reply("1,2,3 xong", now=NOW)
    assert report.task is None


@pytest.mark.parametrize("typed", ["１.２ xong", "1,2 xong", "1. 2 xong", "1-2 xong"])
async def test_another_agencys_number_is_asked_about_never_filed_under_the_reminders_task(core: Core, typed: str):
    answer = await core.text(WARD, typed, message_id="60", reply_to_ref="50")
    assert "1.2" in answer and "không do Phường Bến Nghé" in answer and "Bạn báo cáo việc nào?" in answer
    assert await stored(core) == []
    # the buttons offer the reminder's task; picking it files the report there, because the person said so
    (answer,) = await core.send(WARD, typed, message_id="61", reply_to_ref="50")
    (row,) = answer.choices
    assert [choice.label for choice in row] == ["1.1"]
    picked = await core.text(WARD, button_data=row[0].data, message_id="62")
    assert "Đã ghi nhận" in picked and await stored(core) == [("1.1", "done", False)]


async def test_a_number_of_the_agency_outside_the_reminder_is_that_task(core: Core):
    answer = await core.text(WARD, "１,３ xong", message_id="60", reply_to_ref="50")
    assert "1.3" in answer and "Đã ghi nhận" in answer
    assert await stored(core) == [("1.3", "done", False)]


async def test_an_edit_to_another_number_moves_the_report(core: Core):
    await core.text(WARD, "1.1 xong", message_id="60", reply_to_ref="50")
    assert (await standing(core))["1.1"] == "done"
    answer = await core.text(WARD, "1.3 xong", message_id="60", reply_to_ref="50", edited=True)
    assert "Đã rút báo cáo nhiệm vụ 1.1" in answer and "1.3" in answer
    # the 1.1 row stays (reports are append-only), withdrawn; the summary no longer counts it
    assert await stored(core) == [("1.1", "done", True), ("1.3", "done", False)]
    assert await standing(core) == {"1.1": None, "1.3": "done"}


async def test_an_edit_is_matched_by_number_not_by_position(core: Core):
    await core.text(WARD, "1.1 xong, 1.3 đang làm", message_id="60", reply_to_ref="50")
    await core.text(WARD, "1.3 đang làm 50%; 1.1 xong", message_id="60", reply_to_ref="50", edited=True)
    assert await stored(core) == [("1.1", "done", False), ("1.3", "in_progress", False)]
    (percent,) = (await core.db.execute_fetchall("SELECT percent FROM reports WHERE status = 'in_progress'"))[0]
    assert percent == 50


async def test_a_task_dropped_from_the_edit_is_withdrawn(core: Core):
    await core.text(WARD, "1.1 đang làm, 1.3 đang làm", message_id="60", reply_to_ref="50")
    await core.text(WARD, "1.3 xong", message_id="60", reply_to_ref="50", edited=True)
    assert await stored(core) == [("1.1", "in_progress", True), ("1.3", "done", False)]
    assert await standing(core) == {"1.1": None, "1.3": "done"}
    # withdrawn, 1.1 is open again in /tasks
    assert "1.1" in await core.text(WARD, "/tasks")


async def test_words_without_a_number_still_rewrite_the_report(core: Core):
    await core.text(WARD, "xong", message_id="60", reply_to_ref="50")
    await core.text(WARD, "đang làm 40%", message_id="60", reply_to_ref="50", edited=True)
    assert await stored(core) == [("1.1", "in_progress", False)]


async def test_a_withdrawn_report_gives_the_status_back_to_the_one_before(core: Core):
    core.clock.now = NOW
    await core.text(WARD, "1.1 vướng kinh phí", message_id="60", reply_to_ref="50")
    core.clock.now = NOW + timedelta(hours=1)
    await core.text(WARD, "1.1 đang làm", message_id="61", reply_to_ref="50")
    core.clock.now = NOW + timedelta(hours=2)
    await core.text(WARD, "1.1 vướng chờ Sở hướng dẫn", message_id="62", reply_to_ref="50")
    core.clock.now = NOW + timedelta(hours=3)
    await core.text(WARD, "1.1 xong", message_id="63", reply_to_ref="50")
    await core.text(WARD, "1.3 xong", message_id="63", reply_to_ref="50", edited=True)  # 1.1 "xong" withdrawn
    assert (await standing(core))["1.1"] == "blocked"
    await core.text(WARD, "1.3 đang làm", message_id="61", reply_to_ref="50", edited=True)  # and "đang làm"
    # the blocked run now began with the first report: the triggers worked the pair out again
    (since,) = (await core.db.execute_fetchall(
        "SELECT blocked_since FROM report_latest WHERE task_id = ?", (await core.task_id("1.1"),)))[0]
    assert since == utc_iso(NOW)
    for table, view in (("report_latest", "report_latest_computed"), ("lead_pairs", "lead_pairs_computed")):
        kept = await core.db.execute_fetchall(f"SELECT * FROM {table} ORDER BY 1, 2")
        computed = await core.db.execute_fetchall(f"SELECT * FROM {view} ORDER BY 1, 2")
        assert [tuple(r) for r in kept] == [tuple(r) for r in computed]
    assert "1.1" in await core.text(WARD, "/tasks")


async def test_a_number_one_plan_gives_two_tasks_is_asked_about_never_filed_under_the_first(tmp_path) -> None:
    plan = ParsedPlan(
        meta=SAMPLE.meta,
        tasks=(
            task("7.6", "Số hóa hồ sơ", "Phường Bến Nghé", date(2025, 3, 31)),
            replace(task("7.6", "Thanh toán trực tuyến", "Phường Bến Nghé", date(2025, 4, 4)), key="7.6#2"),
        ),
        derived_agencies=SAMPLE.derived_agencies,
    )
    core = await open_core(tmp_path, plan)
    try:
        await core.link(WARD, "head", "Phường Bến Nghé")
        listed = await core.text(WARD, "/tasks")  # each line says which 7.6
        assert "7.6. Số hóa hồ sơ" in listed and "7.6#2. Thanh toán trực tuyến" in listed
        (asked,) = await core.send(WARD, "7.6 xong")
        assert "Số 7.6 là 2 nhiệm vụ khác nhau (7.6 · 99/KH-UBND; 7.6#2 · 99/KH-UBND)" in asked.text
        assert await core.count("reports") == 0
        second = next(c.data for row in asked.choices for c in row if c.label.startswith("7.6#2"))
        assert "Đã ghi nhận 7.6#2: Xong" in await core.text(WARD, button_data=second)  # named by its key
        (stored,) = await core.db.execute_fetchall("SELECT t.key FROM reports r JOIN tasks t ON t.id = r.task_id")
        assert stored[0] == "7.6#2"
        card = await core.text(WARD, "/task 7.6#2")  # the key names one at once, and heads its card
        assert "Thanh toán trực tuyến" in card and "Nhiệm vụ 7.6#2" in card
    finally:
        await core.db.close()


async def test_a_plans_second_task_numbered_alike_is_named_as_lists_show_it(tmp_path) -> None:
    plan = ParsedPlan(
        meta=SAMPLE.meta,
        tasks=(
            task("7.6", "Số hóa hồ sơ", "Phường Bến Nghé", date(2025, 3, 31)),
            replace(task("7.6", "Thanh toán trực tuyến", "Phường Bến Nghé", date(2025, 4, 4)), key="7.6#2"),
        ),
        derived_agencies=SAMPLE.derived_agencies,
    )
    core = await open_core(tmp_path, plan)
    try:
        await core.link(WARD, "head", "Phường Bến Nghé")
        assert "Đã ghi nhận 7.6#2: Đang làm" in await core.text(WARD, "7.6#2 đang làm 30%")
        (stored,) = await core.db.execute_fetchall("SELECT t.key, r.percent FROM reports r JOIN tasks t ON t.id = r.task_id")
        assert tuple(stored) == ("7.6#2", 30)
    finally:
        await core.db.close()


@pytest.mark.parametrize(("typed", "plan", "note"), [
    ("1.1 KH 17 xong", "KH 17", ""),
    ("nhiệm vụ 1.1 của Kế hoạch 17/KH-UBND: xong", "Kế hoạch 17/KH-UBND", ""),
    ("1.1 [3815/UBND-NV] đang làm 60%", "3815/UBND-NV", ""),
    ("1.1 thuộc QĐ số 187 vướng: chờ Sở", "QĐ số 187", "chờ Sở"),
    # a document named after the status is the work's product, not the plan
    ("1.1 xong, đã ban hành Kế hoạch 25/KH-UBND", "", "đã ban hành Kế hoạch 25/KH-UBND"),
    ("1.1 đã ban hành KH 25", "", "đã ban hành KH 25"),
])
def test_a_plan_named_right_after_the_number_is_read_apart_from_the_note(typed: str, plan: str, note: str) -> None:
    (report,) = parse_reply(typed, now=NOW)
    assert (report.task, report.plan, report.note) == ("1.1", plan, note)
