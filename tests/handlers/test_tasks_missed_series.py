"""/tasks of a series missed several times: its oldest date, and how many later dates are missed too (TESTER14 F6)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from storage.db import transaction
from storage.tasks import tasks_for_agency
from tests.handlers.test_weekly_answers import FRIDAYS, PLAN, WARD_CHAIR
from tests.reliability_core import open_core


async def test_tasks_says_how_many_later_weeks_are_missed_beside_the_oldest(tmp_path):
    # before: «Hạn: 14/03/2025 (trễ 12 ngày làm việc)» alone, while 21/03 and 28/03 were missed too: the chair
    # could not tell that one «xong» of the oldest date left two more weeks open
    core = await open_core(tmp_path, plan=PLAN)
    try:
        await core.link(WARD_CHAIR, "member", "Phường Bến Nghé")
        core.clock.now = datetime(2025, 4, 1, 2, 0, tzinfo=UTC)  # Tuesday 01/04: 14/03, 21/03 and 28/03 missed
        listed = await core.text(WARD_CHAIR, "/tasks")
        assert "14/03/2025 (trễ 12 ngày làm việc); còn 2 hạn sau cũng chưa báo, gần nhất 28/03/2025" in listed
        core.clock.now = datetime(2025, 3, 18, 2, 0, tzinfo=UTC)  # Tuesday 18/03: one week missed, nothing added
        assert "còn" not in await core.text(WARD_CHAIR, "/tasks")
        core.clock.now = datetime(2025, 3, 21, 2, 0, tzinfo=UTC)  # Friday 21/03: 14/03 missed, 21/03 due today
        assert "14/03/2025 (trễ 5 ngày làm việc); còn 1 hạn sau cũng chưa báo, gần nhất 21/03/2025" in await core.text(
            WARD_CHAIR, "/tasks")
    finally:
        await core.db.close()


async def test_xong_answering_the_list_on_a_deadline_day_closes_that_day_too(tmp_path):
    # before (TESTER14 F18's list side): on Friday 21/03, «3.1 xong» under /tasks closed 14/03 only and 21/03,
    # answered on its own day, was overdue the next working day
    core = await open_core(tmp_path, plan=PLAN)
    try:
        await core.link(WARD_CHAIR, "member", "Phường Bến Nghé")
        core.clock.now = datetime(2025, 3, 21, 2, 0, tzinfo=UTC)
        await core.send(WARD_CHAIR, "/tasks", sent_as="70")
        await core.send(WARD_CHAIR, "3.1 xong", reply_to_ref="70", message_id="71")
        async with transaction(core.db):
            left = await tasks_for_agency(core.db, await core.agency_id("Phường Bến Nghé"), today=date(2025, 3, 21))
        assert [item.due for item in left] == list(FRIDAYS[2:])
    finally:
        await core.db.close()


async def test_xong_answering_the_list_closes_every_missed_week_as_a_xong_typed_to_no_list_does(tmp_path):
    # before (TESTER14 F1b): «3.1 xong» as the answer to /tasks (a reply on Telegram; on Zalo any text after the
    # list) closed only 14/03, the date the line showed, leaving 21/03 and 28/03 overdue, while the same words
    # sent to no list closed all three (test_weekly_answers)
    core = await open_core(tmp_path, plan=PLAN)
    try:
        await core.link(WARD_CHAIR, "member", "Phường Bến Nghé")
        core.clock.now = datetime(2025, 4, 1, 2, 0, tzinfo=UTC)
        await core.send(WARD_CHAIR, "/tasks", sent_as="70")
        assert "Đã ghi nhận 3.1" in await core.text(WARD_CHAIR, "3.1 xong", reply_to_ref="70", message_id="71")
        async with transaction(core.db):
            (named,) = await core.db.execute_fetchall(
                "SELECT o.due FROM reports r JOIN occurrences o ON o.id = r.occurrence_id")
            left = await tasks_for_agency(core.db, await core.agency_id("Phường Bến Nghé"), today=date(2025, 4, 1))
        assert named[0] == "2025-03-28"
        assert [item.due for item in left] == list(FRIDAYS[3:])
    finally:
        await core.db.close()


async def test_the_task_card_names_the_persons_dates_still_open_under_an_earlier_xong(tmp_path):
    # before (TESTER14 F1): /task of a monthly task answered «xong» for April read «Phường Bến Nghé: Xong
    # (23/05/2022)» while May's date was open and overdue, with nothing saying so
    core = await open_core(tmp_path, plan=PLAN)
    try:
        await core.link(WARD_CHAIR, "member", "Phường Bến Nghé")
        core.clock.now = datetime(2025, 3, 25, 2, 0, tzinfo=UTC)  # Tuesday 25/03: 14/03 and 21/03 missed
        await core.send(WARD_CHAIR, "/task 3.1", sent_as="80")
        await core.send(WARD_CHAIR, "3.1 xong", reply_to_ref="80", message_id="81")
        core.clock.now = datetime(2025, 4, 1, 2, 0, tzinfo=UTC)  # 28/03 missed since
        card = await core.text(WARD_CHAIR, "/task 3.1")
        assert "Phường Bến Nghé: Xong" in card
        assert "⏰ Phường Bến Nghé còn 1 hạn chưa báo xong: 28/03/2025." in card
        assert "has 1 deadline not reported done" not in card
    finally:
        await core.db.close()
