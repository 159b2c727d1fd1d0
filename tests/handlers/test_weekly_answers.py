"""A weekly task's missed weeks and a later «xong»: one meaning in /tasks, the reminders and the roll-ups
(a «xong» answers the newest week already due and closes the earlier ones, done late)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from chat.buttons import ReportStatus
from plans.model import Milestone
from storage.db import transaction
from storage.reports import remember_sent
from storage.tasks import tasks_for_agency
from tests.harness import SAMPLE, task
from tests.reliability_core import open_core

WARD_CHAIR = "56"
SECRETARY = "900"
FRIDAYS = tuple(date(2025, 3, 14) + timedelta(weeks=n) for n in range(6))  # 14/03 … 18/04/2025
WEEKLY = replace(
    task("3.1", "Báo cáo tình hình giải quyết hồ sơ", "Phường Bến Nghé", None),
    deadline_text="Hằng tuần, thứ Sáu",
    milestones=(Milestone(kind="recurring", label="Báo cáo tuần", due=FRIDAYS[0], dates=FRIDAYS),),
)
PLAN = replace(SAMPLE, tasks=(WEEKLY,))


async def test_a_typed_xong_answers_the_newest_week_due_and_closes_the_missed_ones(tmp_path):
    core = await open_core(tmp_path, plan=PLAN)
    try:
        await core.link(WARD_CHAIR, "member", "Phường Bến Nghé")
        await core.link(SECRETARY, "secretary", None)
        core.clock.now = datetime(2025, 4, 1, 2, 0, tzinfo=UTC)  # Tuesday 01/04: 14/03, 21/03 and 28/03 missed
        listed = await core.text(WARD_CHAIR, "/tasks")
        assert "14/03/2025" in listed and "3.1" in await core.text(SECRETARY, "/overdue")
        await core.send(WARD_CHAIR, "3.1 xong")
        async with transaction(core.db):
            (named,) = await core.db.execute_fetchall(
                "SELECT o.due FROM reports r JOIN occurrences o ON o.id = r.occurrence_id")
            ward = await core.agency_id("Phường Bến Nghé")
            left = await tasks_for_agency(core.db, ward, today=date(2025, 4, 1))
        assert named[0] == "2025-03-28"  # the newest week due, not the oldest
        assert [item.due for item in left] == list(FRIDAYS[3:])
        listed = await core.text(WARD_CHAIR, "/tasks")
        assert "14/03/2025" not in listed and "28/03/2025" not in listed
        assert "3.1" not in await core.text(SECRETARY, "/overdue")  # the roll-ups read it alike
    finally:
        await core.db.close()


async def test_a_reply_to_a_digest_listing_a_missed_week_and_todays_answers_today_and_closes_both(tmp_path):
    """A digest lists the series twice (28/03 missed, 04/04 due today); «3.1 xong» under it closed only the
    oldest, so the ward was late for 04/04 the next morning (a tester's finding)."""
    core = await open_core(tmp_path, plan=PLAN)
    try:
        await core.link(WARD_CHAIR, "member", "Phường Bến Nghé")
        ward = await core.agency_id("Phường Bến Nghé")
        core.clock.now = datetime(2025, 4, 4, 1, 0, tzinfo=UTC)  # Friday 04/04, 08:00
        async with transaction(core.db):
            dues = dict(await core.db.execute_fetchall("SELECT o.due, o.id FROM occurrences o"))
            await remember_sent(core.db, channel="telegram", chat_id=WARD_CHAIR, message_id="70", kind="digest",
                                user_id=None, now=core.clock(), items=[
                                    {"task": await core.task_id("3.1"), "occurrence": dues["2025-03-28"]},
                                    {"task": await core.task_id("3.1"), "occurrence": dues["2025-04-04"]}])
        await core.send(WARD_CHAIR, "3.1 xong", reply_to_ref="70")
        async with transaction(core.db):
            (named,) = await core.db.execute_fetchall(
                "SELECT o.due FROM reports r JOIN occurrences o ON o.id = r.occurrence_id")
            left = await tasks_for_agency(core.db, ward, today=date(2025, 4, 5))
        assert named[0] == "2025-04-04"
        assert [item.due for item in left] == list(FRIDAYS[4:])  # 11/04 on: 14/03 … 04/04 all closed
    finally:
        await core.db.close()


async def test_words_answering_a_line_of_a_missed_week_answer_the_newest_week_due_never_one_to_come(tmp_path):
    """A list or digest line showing a missed week (21/03) while 28/03 is due too: «3.1 xong» under it closed
    only 21/03 (Zalo and the console answer the chat's latest list so), while the same words sent to no list
    close every week due (TESTER14 F1b): one meaning now. A line of a week to come stays that week."""
    core = await open_core(tmp_path, plan=PLAN)
    try:
        await core.link(WARD_CHAIR, "member", "Phường Bến Nghé")
        ward = await core.agency_id("Phường Bến Nghé")
        core.clock.now = datetime(2025, 4, 1, 2, 0, tzinfo=UTC)  # Tuesday 01/04: 14/03, 21/03, 28/03 missed
        task_id = await core.task_id("3.1")
        async with transaction(core.db):
            dues = dict(await core.db.execute_fetchall("SELECT o.due, o.id FROM occurrences o"))
            for message_id, due in (("71", "2025-03-21"), ("72", "2025-04-04")):
                await remember_sent(core.db, channel="telegram", chat_id=WARD_CHAIR, message_id=message_id,
                                    kind="digest", user_id=None, now=core.clock(),
                                    items=[{"task": task_id, "occurrence": dues[due]}])
        await core.send(WARD_CHAIR, "3.1 xong", reply_to_ref="71")
        await core.send(WARD_CHAIR, "xong", reply_to_ref="72")
        async with transaction(core.db):
            named = await core.db.execute_fetchall(
                "SELECT o.due FROM reports r JOIN occurrences o ON o.id = r.occurrence_id ORDER BY r.id")
            left = await tasks_for_agency(core.db, ward, today=date(2025, 4, 1))
        assert [row[0] for row in named] == ["2025-03-28", "2025-04-04"]
        assert [item.due for item in left] == list(FRIDAYS[4:])
        # the line's button (Zalo: its number typed) answers alike: 11/04's line on 22/04, 18/04 missed too
        core.clock.now = datetime(2025, 4, 22, 2, 0, tzinfo=UTC)
        await core.send(WARD_CHAIR, button_data=ReportStatus(task_id, dues["2025-04-11"], "done").pack())
        async with transaction(core.db):
            (last,) = await core.db.execute_fetchall(
                "SELECT o.due FROM reports r JOIN occurrences o ON o.id = r.occurrence_id ORDER BY r.id DESC LIMIT 1")
        assert last[0] == "2025-04-18"
    finally:
        await core.db.close()
