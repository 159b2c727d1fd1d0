"""A «xong» stands: it closes the date it answers and every earlier date the agency owed, for good, and later
words («đang làm», «vướng») are progress on the dates still owed. Before, a «đang làm» after a «xong» reopened
the missed weeks on /tasks, /overdue and in the reminders while the summary kept them done (note13)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from plans.model import Milestone
from schedules.planner import plan_items
from storage.db import transaction
from storage.reports import remember_sent
from storage.rollups import compute_overdue, compute_rollup
from storage.tasks import tasks_for_agency
from tests.harness import SAMPLE, task
from tests.helpers import at
from tests.reliability_core import open_core
from tests.schedules.test_planner import PEOPLE, S, occ, report

VN = ZoneInfo("Asia/Ho_Chi_Minh")
WARD_CHAIR = "56"
SECRETARY = "900"
FRIDAYS = tuple(date(2025, 3, 14) + timedelta(weeks=n) for n in range(6))  # 14/03 … 18/04/2025
WEEKLY = replace(
    task("3.1", "Báo cáo tình hình giải quyết hồ sơ", "Phường Bến Nghé", None),
    deadline_text="Hằng tuần, thứ Sáu",
    milestones=(Milestone(kind="recurring", label="Báo cáo tuần", due=FRIDAYS[0], dates=FRIDAYS),),
)
PLAN = replace(SAMPLE, tasks=(WEEKLY,))


@pytest.mark.both_backends
async def test_a_dang_lam_after_a_xong_reopens_no_week_on_tasks_overdue_or_in_the_summary(tmp_path, database_url):
    core = await open_core(tmp_path, plan=PLAN, database=database_url)
    try:
        await core.link(WARD_CHAIR, "member", "Phường Bến Nghé")
        await core.link(SECRETARY, "secretary", None)
        ward = await core.agency_id("Phường Bến Nghé")
        task_id = await core.task_id("3.1")
        core.clock.now = datetime(2025, 4, 1, 2, 0, tzinfo=UTC)  # Tuesday 01/04: 14/03, 21/03, 28/03 missed
        async with transaction(core.db):
            dues = dict(await core.db.execute_fetchall("SELECT o.due, o.id FROM occurrences o"))
            # the morning's digest listed the missed week (Zalo and the console answer the latest one)
            await remember_sent(core.db, channel="telegram", chat_id=WARD_CHAIR, message_id="80", kind="digest",
                                user_id=None, now=core.clock(), items=[{"task": task_id, "occurrence": dues["2025-03-28"]}])
        assert "(kỳ 28/03/2025;" in await core.text(WARD_CHAIR, "3.1 xong", reply_to_ref="80")
        # the same line answered again with work under way: next week's, not a closed week reopened
        said = await core.text(WARD_CHAIR, "3.1 đang làm 30%", reply_to_ref="80")
        assert "Đã ghi nhận 3.1: Đang làm (kỳ 04/04/2025), 30%." in said
        core.clock.now = datetime(2025, 4, 2, 2, 0, tzinfo=UTC)
        async with transaction(core.db):
            named = await core.db.execute_fetchall(
                "SELECT r.status, o.due FROM reports r JOIN occurrences o ON o.id = r.occurrence_id ORDER BY r.id")
            left = await tasks_for_agency(core.db, ward, today=date(2025, 4, 2))
        assert [tuple(row) for row in named] == [("done", "2025-03-28"), ("in_progress", "2025-04-04")]
        assert [item.due for item in left] == list(FRIDAYS[3:])  # before: 14/03 and 21/03 open again
        assert "14/03/2025" not in await core.text(WARD_CHAIR, "/tasks")
        assert "3.1" not in await core.text(SECRETARY, "/overdue")
        rollup = await compute_rollup(core.db, as_of=core.clock(), period="month", tz=VN, details=False, shards=1)
        assert (rollup.totals.done_late, rollup.totals.open_overdue) == (3, 0)
        # a week missed after it is overdue again, on every reader alike
        core.clock.now = datetime(2025, 4, 8, 2, 0, tzinfo=UTC)
        async with transaction(core.db):
            left = await tasks_for_agency(core.db, ward, today=date(2025, 4, 8))
        assert [item.due for item in left] == list(FRIDAYS[3:])
        assert "04/04/2025" in await core.text(SECRETARY, "/overdue")
        rollup = await compute_rollup(core.db, as_of=core.clock(), period="month", tz=VN, details=False, shards=1)
        assert (rollup.totals.done_late, rollup.totals.open_overdue) == (3, 1)
    finally:
        await core.db.close()


def test_the_reminders_keep_the_months_a_xong_closed_after_a_dang_lam():
    """A monthly series (reminded until done, unlike a missed week): «xong» for February closes January too;
    «đang làm» on March after it left January reminded as overdue again."""
    months = [occ(date(2022, 1, 25), occurrence_id=3, previous_due=date(2021, 12, 25)),
              occ(date(2022, 2, 25), occurrence_id=4, previous_due=date(2022, 1, 25)),
              occ(date(2022, 3, 25), occurrence_id=5, previous_due=date(2022, 2, 25))]
    reports = [report("done", at(date(2022, 3, 1)), occurrence_id=4),
               report("in_progress", at(date(2022, 3, 2)), occurrence_id=5)]
    reminded = {item.occurrence.occurrence_id for day in range(3, 32)
                for item in plan_items(months, PEOPLE, reports, S, at(date(2022, 3, day)))}
    assert reminded == {5}


async def test_only_editing_the_xong_message_takes_back_what_it_closed(tmp_path):
    core = await open_core(tmp_path, plan=PLAN)
    try:
        await core.link(WARD_CHAIR, "member", "Phường Bến Nghé")
        ward = await core.agency_id("Phường Bến Nghé")
        core.clock.now = datetime(2025, 4, 1, 2, 0, tzinfo=UTC)
        await core.send(WARD_CHAIR, "3.1 xong", message_id="90")
        await core.send(WARD_CHAIR, "3.1 vướng: chờ số liệu của Sở", message_id="91")
        async with transaction(core.db):
            assert [item.due for item in await tasks_for_agency(core.db, ward, today=date(2025, 4, 1))] == list(FRIDAYS[3:])
        await core.send(WARD_CHAIR, "3.1 đang làm 50%", message_id="90", edited=True)  # «xong» was a slip
        async with transaction(core.db):
            left = await tasks_for_agency(core.db, ward, today=date(2025, 4, 1))
        assert [item.due for item in left] == list(FRIDAYS)
    finally:
        await core.db.close()


@pytest.mark.both_backends
async def test_a_week_missed_after_a_xong_and_a_dang_lam_is_a_change_of_this_week(tmp_path, database_url):
    """The summary's «mới quá hạn» compares with the end of last week by the same rule: the ward was caught up
    then (a «xong» for 11/04, then «đang làm» on 18/04), so 18/04 missed is new this week."""
    core = await open_core(tmp_path, plan=PLAN, database=database_url)
    try:
        await core.link(WARD_CHAIR, "member", "Phường Bến Nghé")
        core.clock.now = datetime(2025, 4, 11, 2, 0, tzinfo=UTC)  # Friday 11/04: 14/03 … 04/04 missed
        await core.send(WARD_CHAIR, "3.1 xong")  # 11/04, closing the missed weeks
        core.clock.now = datetime(2025, 4, 12, 2, 0, tzinfo=UTC)
        await core.send(WARD_CHAIR, "3.1 đang làm 20%")  # 18/04
        core.clock.now = datetime(2025, 4, 16, 2, 0, tzinfo=UTC)
        await core.send(WARD_CHAIR, "3.1 vướng: chờ số liệu")
        rollup = await compute_rollup(core.db, as_of=datetime(2025, 4, 19, 2, 0, tzinfo=UTC), period="week", tz=VN,
                                      details=False, shards=1)  # Saturday: 18/04 missed this week
        assert ("overdue", "3.1") in [(change.kind, change.number) for change in rollup.changes]
    finally:
        await core.db.close()


@pytest.mark.both_backends
async def test_a_roll_up_of_a_moment_before_a_later_xong_counts_the_dates_closed_by_then(tmp_path, database_url):
    """xong_named (v062) keeps the latest date a «xong» named as of now; a roll-up of an earlier moment (a
    period already closed) still counts only what the «xong» made by then closed."""
    core = await open_core(tmp_path, plan=PLAN, database=database_url)
    try:
        await core.link(WARD_CHAIR, "member", "Phường Bến Nghé")
        core.clock.now = datetime(2025, 4, 1, 2, 0, tzinfo=UTC)  # Tuesday 01/04: closes 14/03, 21/03, 28/03
        await core.send(WARD_CHAIR, "3.1 xong")
        core.clock.now = datetime(2025, 4, 11, 2, 0, tzinfo=UTC)  # Friday 11/04: closes 04/04 (late) and 11/04
        await core.send(WARD_CHAIR, "3.1 xong")
        saturday = datetime(2025, 4, 5, 2, 0, tzinfo=UTC)
        before = await compute_rollup(core.db, as_of=saturday, period="month", tz=VN, details=False, shards=1)
        late = await compute_overdue(core.db, as_of=saturday, tz=VN, shards=1)
        assert (before.totals.done_late, before.totals.open_overdue) == (3, 1)  # 04/04 still owed on 05/04
        assert [(line.number, line.overdue_since) for group in late.groups for line in group.lines] == [
            ("3.1", date(2025, 4, 4))]
        now = await compute_rollup(core.db, as_of=core.clock(), period="month", tz=VN, details=False, shards=1)
        assert (now.totals.done_late, now.totals.open_overdue) == (4, 0)
        assert (await compute_overdue(core.db, as_of=core.clock(), tz=VN, shards=1)).total == 0
    finally:
        await core.db.close()
