"""A deadline on a day off reads as one day everywhere (TESTER16 F12): the date as written, and the working day it
counts to said once beside it, in the reminder, `/tasks` and the summary; reminders count from that working day."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from handlers.tasks import due_text, item_mark
from plans.workdays import format_due
from schedules.digest import build_digests
from schedules.planner import plan_items
from tests.helpers import at
from tests.schedules.test_planner import MEMBER, S, occ

SUNDAY = date(2025, 3, 9)


def test_a_sunday_deadline_says_the_monday_it_counts_to_in_the_reminder_and_the_task_list() -> None:
    assert format_due(SUNDAY) == "09/03/2025 (Chủ nhật, tính đến 10/03/2025)"
    assert format_due(date(2027, 1, 1)) == "01/01/2027 (ngày nghỉ lễ, tính đến 04/01/2027)"
    assert format_due(date(2025, 3, 8), "en") == "Mar 8, 2025 (a Saturday, counted to Mar 10, 2025)"
    assert format_due(date(2025, 3, 10)) == "10/03/2025"  # a working day: as written, nothing more
    # Monday: the reminder and /tasks both say it is today's deadline (before: «vừa trễ hạn» in /tasks)
    (digest,) = build_digests(plan_items([occ(SUNDAY)], [MEMBER], [], S, at(date(2025, 3, 10))), S)
    assert "Thời hạn: 09/03/2025 (Chủ nhật, tính đến 10/03/2025) — hôm nay là hạn chót" in digest.message.text
    task = SimpleNamespace(due=SUNDAY, kind="due", role="lead", trigger=None, label=None)
    assert due_text(task, date(2025, 3, 10), "vi") == "09/03/2025 (Chủ nhật, tính đến 10/03/2025)"
    assert item_mark(task, date(2025, 3, 10)) == "🟡"  # not 🔴 beside «today's deadline»
    assert due_text(task, date(2025, 3, 8), "vi") == "09/03/2025 (Chủ nhật, tính đến 10/03/2025)"
    # Tuesday: one working day late everywhere, counted from Monday
    assert item_mark(task, date(2025, 3, 11)) == "🔴"
    assert due_text(task, date(2025, 3, 11), "vi") == "09/03/2025 (Chủ nhật, tính đến 10/03/2025) (trễ 1 ngày làm việc)"
    (digest,) = build_digests(plan_items([occ(SUNDAY)], [MEMBER], [], S, at(date(2025, 3, 13))), S)
    assert "Thời hạn: 09/03/2025 (Chủ nhật, tính đến 10/03/2025) — quá hạn 3 ngày làm việc" in digest.message.text
