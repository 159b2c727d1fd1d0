"""The reminder planner and digests: tables of frozen moments across weekends, Tết and holidays."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from chat.buttons import ButtonData, ReportStatus
from schedules.digest import build_digests
from schedules.model import ReminderIntent, ReminderSettings
from schedules.planner import checkin_day, plan_items, planning_day
from storage.reminders import Agency, LatestReport, OccurrenceInfo, Person
from tests.helpers import at

S = ReminderSettings()
WARD = Agency(56, "UBND phường Bến Nghé")
UNIT = Agency(57, "Phòng Nội vụ")

MEMBER = Person(12, "member", 56, "telegram", "1012")
HEAD = Person(13, "head", 56, "telegram", "1013")
SECRETARY = Person(14, "secretary", None, "telegram", "1014")
UNIT_HEAD = Person(15, "head", 57, "telegram", "1015")  # Phòng Nội vụ has no members
PEOPLE = (MEMBER, HEAD, SECRETARY, UNIT_HEAD)


def plan_reminders(occurrences, people, reports, settings, now, last_planned=None) -> list[ReminderIntent]:
    """The planned items as one intent per person and item, in the order planned: the per-person view the
    outbox and the log keys are made of."""
    items = plan_items(occurrences, people, reports, settings, now, last_planned)
    return [intent for item in items for intent in item.intents(settings.lang)]


def occ(
    due: date | None,
    *,
    occurrence_id: int = 1234,
    task_id: int = 7,
    kind: str = "due",
    leads: tuple[Agency, ...] = (WARD,),
    previous_due: date | None = None,
    triggered_on: date | None = None,
    reminded: frozenset[int] = frozenset(),
    number: str = "1.2",
    milestone_id: int = 70,
) -> OccurrenceInfo:
    return OccurrenceInfo(
        occurrence_id=occurrence_id,
        milestone_id=milestone_id,
        task_id=task_id,
        plan_code="17/KH-UBND",
        task_number=number,
        task_title="Rà soát thủ tục hành chính",
        deliverable="Báo cáo kết quả rà soát",
        kind=kind,  # type: ignore[arg-type]
        due=due,
        leads=leads,
        previous_due=previous_due,
        triggered_on=triggered_on,
        reminded_before_due=reminded,
    )


def report(
    status: str, when: datetime, *, occurrence_id: int | None = 1234, agency_id: int = 56, task_id: int = 7
):
    return LatestReport(task_id, occurrence_id, agency_id, status, when)  # type: ignore[arg-type]


def stages_by_day(
    o: OccurrenceInfo, start: date, end: date, *, user_id: int = 12, settings=S
) -> dict[str, str]:
    """day (dd/mm) → stage the user is reminded at, over a range of days at 09:00."""
    found = {}
    day = start
    while day <= end:
        for intent in plan_reminders([o], PEOPLE, [], settings, at(day)):
            if intent.user_id == user_id:
                found[day.strftime("%d/%m/%Y")] = intent.stage
        day += timedelta(days=1)
    return found


@pytest.mark.parametrize(
    ("due", "start", "end", "expected"),
    [
        pytest.param(
            date(2025, 3, 26),
            date(2025, 3, 10),
            date(2025, 4, 10),
            {
                "17/03/2025": "T-7",
                "21/03/2025": "T-3",
                "25/03/2025": "T-1",
                "26/03/2025": "T0",
                "31/03/2025": "D+3",
                "03/04/2025": "D+6",
                "09/04/2025": "D+9",  # 07/04 is Giỗ Tổ Hùng Vương
            },
            id="weekends-and-hung-kings",
        ),
        pytest.param(
            date(2025, 2, 3),
            date(2025, 1, 10),
            date(2025, 2, 7),
            {
                "16/01/2025": "T-7",
                "22/01/2025": "T-3",
                "24/01/2025": "T-1",
                "03/02/2025": "T0",
                "06/02/2025": "D+3",
            },
            id="due-right-after-tet-2025",
        ),
        pytest.param(
            date(2025, 1, 29),  # Mùng 1 Tết Ất Tỵ: the due day moves to the first working day after Tết
            date(2025, 1, 15),
            date(2025, 2, 7),
            {
                "16/01/2025": "T-7",
                "22/01/2025": "T-3",
                "24/01/2025": "T-1",
                "03/02/2025": "T0",
                "06/02/2025": "D+3",
            },
            id="due-inside-tet-2025",
        ),
        pytest.param(
            date(2026, 2, 16),
            date(2026, 2, 1),
            date(2026, 3, 3),
            {
                "05/02/2026": "T-7",
                "11/02/2026": "T-3",
                "13/02/2026": "T-1",
                "23/02/2026": "T0",
                "26/02/2026": "D+3",
                "03/03/2026": "D+6",
            },
            id="due-inside-tet-2026",
        ),
        pytest.param(
            date(2025, 4, 30),
            date(2025, 4, 20),
            date(2025, 5, 9),
            {
                "21/04/2025": "T-7",
                "25/04/2025": "T-3",
                "29/04/2025": "T-1",
                "05/05/2025": "T0",
                "08/05/2025": "D+3",
            },
            id="30-4-and-1-5",  # 30/04, 01/05 and 02/05/2025 off: due moves to Monday 05/05
        ),
        pytest.param(
            date(2025, 9, 2),
            date(2025, 8, 25),
            date(2025, 9, 9),
            {"27/08/2025": "T-3", "29/08/2025": "T-1", "03/09/2025": "T0", "08/09/2025": "D+3"},
            id="national-day",
        ),
        pytest.param(
            date(2025, 12, 31),
            date(2025, 12, 25),
            date(2026, 1, 9),
            {
                "26/12/2025": "T-3",
                "30/12/2025": "T-1",
                "31/12/2025": "T0",
                "06/01/2026": "D+3",
                "09/01/2026": "D+6",
            },
            id="year-end",
        ),
        pytest.param(
            date(2025, 5, 31),  # a Saturday: due moves to Monday 02/06
            date(2025, 5, 26),
            date(2025, 6, 6),
            {"28/05/2025": "T-3", "30/05/2025": "T-1", "02/06/2025": "T0", "05/06/2025": "D+3"},
            id="month-end-on-saturday",
        ),
    ],
)
def test_stage_days(due, start, end, expected):
    got = stages_by_day(occ(due), start, end)
    # T-7 of the later cases falls before the table's window, so compare the window only
    assert got == expected


def test_thirtieth_of_april_table_is_what_the_calendar_says():
    # 29/04/2025 is a Tuesday and a working day; 30/04, 01/05, 02/05 are holidays; T-1 is 29/04
    got = stages_by_day(occ(date(2025, 4, 30)), date(2025, 4, 28), date(2025, 4, 29))
    assert got == {"29/04/2025": "T-1"}


def test_no_reminders_on_tet_days_weekends_or_before_send_time():
    o = occ(date(2025, 2, 3))
    for day in (date(2025, 1, 27), date(2025, 1, 31), date(2025, 2, 1), date(2025, 2, 2), date(2026, 2, 17)):
        assert planning_day(at(day), S) is None
        assert plan_reminders([o], PEOPLE, [], S, at(day, 12)) == []
    t0 = date(2025, 2, 3)
    assert plan_reminders([o], PEOPLE, [], S, at(t0, 7, 59)) == []
    morning = plan_reminders([o], PEOPLE, [], S, at(t0, 8, 0))
    evening = plan_reminders([o], PEOPLE, [], S, at(t0, 19, 59))
    assert [i.key for i in morning] == [i.key for i in evening]
    assert plan_reminders([o], PEOPLE, [], S, at(t0, 20, 0)) == []  # never at night
    assert morning[0].key == "occ:1234|agency:56|stage:T0|2025-02-03|user:12"


def test_members_get_reminders_heads_then_secretaries_on_escalation():
    o = occ(date(2025, 3, 3))  # Monday
    settings = ReminderSettings(escalate_after=5, secretary_after=8)
    by_day = {}
    for day in (date(2025, 3, 6), date(2025, 3, 11), date(2025, 3, 14)):  # D+3, D+6, D+9
        by_day[day.day] = {(i.user_id, i.reason) for i in plan_reminders([o], PEOPLE, [], settings, at(day))}
    assert by_day[6] == {(12, "overdue")}
    assert by_day[11] == {(12, "overdue"), (13, "escalation")}
    assert by_day[14] == {(12, "overdue"), (13, "escalation"), (14, "escalation")}
    # defaults: head and secretaries together once overdue more than 5 working days
    default = {(i.user_id, i.reason) for i in plan_reminders([o], PEOPLE, [], S, at(date(2025, 3, 11)))}
    assert default == {(12, "overdue"), (13, "escalation"), (14, "escalation")}


def test_agency_without_members_reminds_its_head_once():
    o = occ(date(2025, 3, 3), leads=(UNIT,))
    got = [(i.user_id, i.reason) for i in plan_reminders([o], PEOPLE, [], S, at(date(2025, 3, 11)))]
    assert sorted(got) == [(14, "escalation"), (15, "overdue")]


def test_done_stops_the_cycle_for_that_agency_only():
    o = occ(date(2025, 3, 3), leads=(WARD, UNIT))
    done = report("done", at(date(2025, 3, 5)))
    got = plan_reminders([o], PEOPLE, [done], S, at(date(2025, 3, 6)))
    assert {i.agency.id for i in got} == {57}
    # a later "in progress" reopens it
    again = report("in_progress", at(date(2025, 3, 10)))
    got = plan_reminders([o], PEOPLE, [done, again], S, at(date(2025, 3, 11)))
    assert 56 in {i.agency.id for i in got}


def test_reports_after_now_are_not_seen():
    o = occ(date(2025, 3, 3))
    later = report("done", at(date(2025, 3, 20)))
    assert plan_reminders([o], PEOPLE, [later], S, at(date(2025, 3, 6)))


def test_blocked_goes_to_secretaries_only():
    o = occ(date(2025, 3, 3))
    blocked = report("blocked", at(date(2025, 3, 4)))
    got = plan_reminders([o], PEOPLE, [blocked], S, at(date(2025, 3, 6)))
    assert [(i.user_id, i.reason, i.status) for i in got] == [(14, "blocked", "blocked")]
    assert plan_reminders([o], PEOPLE, [blocked], S, at(date(2025, 3, 7))) == []  # not a stage day


def test_recurring_occurrences_each_have_their_own_cycle():
    march = occ(date(2025, 3, 31), occurrence_id=1, kind="recurring")
    april = occ(date(2025, 4, 30), occurrence_id=2, kind="recurring", previous_due=date(2025, 3, 31))
    done_march = report("done", at(date(2025, 3, 28)), occurrence_id=1)
    got = plan_reminders([march, april], PEOPLE, [done_march], S, at(date(2025, 4, 29)))
    assert {i.occurrence.occurrence_id for i in got} == {2}
    # a task-level "done" made before March's due day counts for March, not April
    loose = report("done", at(date(2025, 3, 28)), occurrence_id=None)
    got = plan_reminders([march, april], PEOPLE, [loose], S, at(date(2025, 4, 29)))
    assert {i.occurrence.occurrence_id for i in got} == {2}
    # …and one made after March's due day counts for April
    loose = report("done", at(date(2025, 4, 2)), occurrence_id=None)
    got = plan_reminders([march, april], PEOPLE, [loose], S, at(date(2025, 4, 29)))
    assert got == []


def test_event_milestones_are_silent_until_triggered():
    silent = occ(date(2025, 3, 11), kind="event")
    assert plan_reminders([silent], PEOPLE, [], S, at(date(2025, 3, 10))) == []
    triggered = occ(date(2025, 3, 11), kind="event", triggered_on=date(2025, 3, 4))
    got = plan_reminders([triggered], PEOPLE, [], S, at(date(2025, 3, 10)))
    assert [i.stage for i in got] == ["T-1"]


def test_ongoing_tasks_get_a_monthly_check_in_on_the_first_working_day():
    o = occ(None, kind="ongoing", occurrence_id=None, milestone_id=71)
    assert checkin_day(2025, 3) == date(2025, 3, 3)
    assert checkin_day(2026, 1) == date(2026, 1, 2)  # 01/01 is a holiday
    assert checkin_day(2025, 2) == date(2025, 2, 3)  # Tết 2025 ends on Sunday 02/02
    got = plan_reminders([o], PEOPLE, [], S, at(date(2026, 1, 2)))
    assert [(i.user_id, i.stage, i.reason) for i in got] == [(12, "M", "checkin")]
    assert got[0].key == "ms:71|agency:56|stage:M|2026-01-02|user:12"
    assert plan_reminders([o], PEOPLE, [], S, at(date(2026, 1, 5))) == []
    reported = report("in_progress", at(date(2026, 1, 2), 7), occurrence_id=None)
    assert plan_reminders([o], PEOPLE, [reported], S, at(date(2026, 1, 2))) == []
    bounded = occ(date(2025, 12, 31), kind="ongoing", occurrence_id=5, milestone_id=72)
    assert plan_reminders([bounded], PEOPLE, [], S, at(date(2026, 1, 2))) == []


def test_non_responders_are_named_to_secretaries_the_day_after():
    o = occ(date(2025, 3, 7), reminded=frozenset({56}))  # Friday; next working day Monday 10/03
    got = plan_reminders([o], PEOPLE, [], S, at(date(2025, 3, 10)))
    assert [(i.user_id, i.stage, i.reason) for i in got] == [(14, "NR", "nonresponder")]
    answered = report("in_progress", at(date(2025, 3, 7)))
    assert plan_reminders([o], PEOPLE, [answered], S, at(date(2025, 3, 10))) == []
    never_reminded = occ(date(2025, 3, 7))
    assert plan_reminders([never_reminded], PEOPLE, [], S, at(date(2025, 3, 10))) == []


def test_digest_one_message_per_person_overdue_first_with_buttons():
    late = occ(date(2025, 3, 5), occurrence_id=1, task_id=1, number="2.1")
    soon = occ(date(2025, 3, 11), occurrence_id=2, task_id=2, number="1.10")
    sooner = occ(date(2025, 3, 10), occurrence_id=3, task_id=3, number="1.9")
    now = at(date(2025, 3, 10))
    items = plan_items([soon, late, sooner], PEOPLE, [], S, now)
    digests = build_digests(items, S)
    member = next(d for d in digests if d.user_id == 12)
    assert [d.key for d in digests] == sorted({f"digest:user:{d.user_id}|2025-03-10" for d in digests})
    assert member.key == "digest:user:12|2025-03-10"
    text = member.message.text
    assert (
        text.index("QUÁ HẠN")
        < text.index("Nhiệm vụ 2.1")
        < text.index("Nhiệm vụ 1.9")
        < text.index("Nhiệm vụ 1.10")
    )
    assert "Thời hạn: 05/03/2025 — quá hạn 3 ngày làm việc" in text
    assert "Thời hạn: 10/03/2025 — hôm nay là hạn chót" in text
    assert "Thời hạn: 11/03/2025 — còn 1 ngày làm việc" in text
    assert "Trả lời (reply) tin nhắn này" in text
    assert "Đơn vị: UBND phường Bến Nghé" in text
    buttons = [c.data for row in member.message.choices for c in row]
    assert buttons[:3] == ["r:1:1:done", "r:1:1:in_progress", "r:1:1:blocked"]
    assert [ButtonData.unpack(b) for b in buttons[:2]] == [ReportStatus(1, 1, "done"), ReportStatus(1, 1, "in_progress")]
    assert [dict(i) for i in member.message.refers_to] == [
        {"task": 1, "occurrence": 1},
        {"task": 3, "occurrence": 3},
        {"task": 2, "occurrence": 2},
    ]


def test_secretary_digest_names_agencies_and_has_no_buttons_english():
    o = occ(date(2025, 3, 3), leads=(WARD, UNIT))
    blocked = report("blocked", at(date(2025, 3, 4)), agency_id=57)
    settings = ReminderSettings(lang="en")
    items = plan_items([o], PEOPLE, [blocked], settings, at(date(2025, 3, 11)))
    secretary = next(d for d in build_digests(items, settings) if d.user_id == 14)
    text = secretary.message.text
    assert "OVERDUE, NOT DONE" in text and "🏢 UBND phường Bến Nghé" in text
    assert "AGENCIES REPORTING A BLOCKER" in text and "🏢 Phòng Nội vụ" in text
    assert text.index("OVERDUE, NOT DONE") < text.index("🏢 UBND phường Bến Nghé") < text.index("AGENCIES REPORTING")
    assert text.index("AGENCIES REPORTING") < text.index("🏢 Phòng Nội vụ")
    assert secretary.message.choices == ()
    assert "Reply to this message" not in text


def test_long_digests_are_cut_with_a_count():
    occs = [occ(date(2025, 3, 10), occurrence_id=i, task_id=i, number=f"3.{i}") for i in range(1, 41)]
    items = plan_items(occs, PEOPLE, [], S, at(date(2025, 3, 10)))
    member = next(d for d in build_digests(items, S) if d.user_id == 12)
    assert "… và 15 việc khác của đơn vị: gõ /report" in member.message.text
    assert len(member.message.refers_to) == 25
    # a row of report buttons for every task it lists, then its "Xin gia hạn" row: as many as 100 buttons hold
    status_rows = [row for row in member.message.choices if row[0].data.startswith("r:")]
    late_rows = [row for row in member.message.choices if row[0].data.startswith("gh:")]
    assert len(status_rows) == len(late_rows) == 25
    assert sum(len(row) for row in member.message.choices) == 100


def test_extension_buttons_come_from_three_working_days_before_the_deadline():
    # Monday 10/03/2025: 3.1 is due in 7 working days (19/03), 3.2 in 3 (13/03)
    occs = [occ(date(2025, 3, 19), occurrence_id=1, task_id=1, number="3.1"),
            occ(date(2025, 3, 13), occurrence_id=2, task_id=2, number="3.2")]
    items = plan_items(occs, PEOPLE, [], S, at(date(2025, 3, 10)))
    member = next(d for d in build_digests(items, S) if d.user_id == 12)
    labels = [choice.label for row in member.message.choices for choice in row]
    assert "✅ 3.1 Xong" in labels and "✅ 3.2 Xong" in labels
    assert [label for label in labels if "Xin gia hạn" in label] == ["📅 Xin gia hạn 3.2"]


def test_a_done_report_on_a_later_occurrence_stops_the_missed_ones_reminders():
    # as /tasks and the roll-ups read it: April's "xong" closes the March nobody answered, done late
    march = occ(date(2025, 3, 31), occurrence_id=1, kind="recurring")
    april = occ(date(2025, 4, 30), occurrence_id=2, kind="recurring", previous_due=date(2025, 3, 31))
    days = [date(2025, 4, 2) + timedelta(days=n) for n in range(20)]

    def march_days(reports) -> list[date]:
        return [day for day in days if any(
            i.occurrence.occurrence_id == 1 for i in plan_reminders([march, april], PEOPLE, reports, S, at(day)))]

    assert march_days([]) != []
    assert march_days([report("done", at(date(2025, 4, 2), 8), occurrence_id=2)]) == []
    # a task-level one made before April's due day reaches April, so March too
    assert march_days([report("done", at(date(2025, 4, 2), 8), occurrence_id=None)]) == []
