import json
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

from plans.importer import read_plan
from plans.model import Milestone, Offset, ParsedPlan, ParsedTask, PlanMeta
from storage.agencies import (
    GROUP_UNITS,
    GROUP_WARDS,
    add_agency,
    expand_groups_for_agency,
    find_agency,
    registry,
)
from storage.audit import entries
from storage.errors import NotAnEvent, UnknownMilestone
from storage.plans import (
    get_plan_by_code,
    list_plans,
    milestones_of,
    set_trigger_date,
    store_plan,
    untriggered_events,
)
from storage.tasks import find_tasks, get_task, task_agencies, tasks_for_agency

pytestmark = pytest.mark.both_backends

D = date.fromisoformat
CODE = "17/KH-UBND"
MONTH_ENDS = (D("2025-01-31"), D("2025-02-28"), D("2025-03-31"), D("2025-04-30"), D("2025-05-31"))


def due(day: str, label: str | None = None) -> Milestone:
    return Milestone(kind="due", label=label, due=D(day), dates=(D(day),))


def task(
    number: str,
    *,
    key: str | None = None,
    section: str = "1",
    lead: tuple[str, ...] = ("Phòng Nội vụ",),
    support: tuple[str, ...] = (),
    milestones: tuple[Milestone, ...] = (),
    deadline_text: str = "",
    deliverables: tuple[str, ...] = ("Kế hoạch",),
) -> ParsedTask:
    return ParsedTask(
        number=number,
        key=key or number,
        section=section,
        section_title={"1": "Cải cách thể chế", "2": "Cải cách thủ tục hành chính"}[section],
        title=f"Nhiệm vụ {key or number}",
        deliverables=deliverables,
        lead=lead,
        support=support,
        lead_text=", ".join(lead),
        support_text=", ".join(support),
        deadline_text=deadline_text,
        milestones=milestones,
    )


EVENT = Milestone(
    kind="event",
    label="Triển khai",
    trigger="Sau khi Thành phố ban hành quy định",
    offset=Offset(days=5, working=True),
)


def plan(*tasks: ParsedTask, derived: dict[str, str] | None = None) -> ParsedPlan:
    return ParsedPlan(
        meta=PlanMeta(code=CODE, title="Kế hoạch CCHC năm 2025", issuer="UBND Quận 1",
                      issued_on=D("2025-01-18"), year=2025, period=(2025, 2025)),
        tasks=tasks,
        derived_agencies=derived or {},
    )


def base_plan() -> ParsedPlan:
    return plan(
        task("1.1", support=(GROUP_WARDS, "Công an Quận"), milestones=(due("2025-03-31"),),
             deadline_text="Trước ngày 31/3/2025"),
        task("1.2", lead=(GROUP_UNITS,),
             milestones=(Milestone(kind="recurring", label="Báo cáo tháng", due=MONTH_ENDS[0], dates=MONTH_ENDS),),
             deadline_text="Hằng tháng"),
        task("2.1", section="2", lead=(GROUP_WARDS,), milestones=(EVENT,), deadline_text="Sau khi …"),
        task("2.2", section="2", lead=("Phòng Tư pháp",), milestones=(due("2025-06-30"),)),
        task("2.2", key="2.2#2", section="2", lead=("Phòng Tư pháp",),
             milestones=(Milestone(kind="ongoing"),), deadline_text="Thường xuyên"),
    )


@pytest.fixture
async def registered(db, now):
    names = {}
    for name, kind in (("Phòng Nội vụ", "unit"), ("Phòng Tư pháp", "unit"), ("Phường 1", "ward"),
                       ("Phường 2", "ward")):
        names[name] = (await add_agency(db, name, kind, now=now)).id
    return names


# the plan imported in January, before its monthly series starts (a series' weeks or months before the
# import day are not stored: test_a_series_starts_on_its_import_day)
IMPORTED = datetime(2025, 1, 20, 2, 0, tzinfo=UTC)


async def store(db, now, parsed, *, create=False, when=None):
    return await store_plan(db, parsed, now=when or IMPORTED, user_id=None, channel="cli", source_name="kh17.docx",
                            create_agencies=create)


async def rows(db, sql, args=()):
    async with db.execute(sql, args) as cur:
        return [tuple(r) for r in await cur.fetchall()]


async def test_first_store_creates_plan_sections_tasks_links_and_occurrences(db, now, registered):
    result = await store(db, now, base_plan())
    assert (result.created, result.tasks_added, result.tasks_updated, result.tasks_removed) == (True, 5, 0, 0)
    assert result.unknown_agencies == [] and result.agencies_created == []

    p = await get_plan_by_code(db, CODE)
    assert (p.id, p.issued_on, p.period_start, p.period_end, p.source_name) == (
        result.plan_id, "2025-01-18", 2025, 2025, "kh17.docx")
    assert await rows(db, "SELECT number, title, position FROM sections ORDER BY position") == [
        ("1", "Cải cách thể chế", 0), ("2", "Cải cách thủ tục hành chính", 1)]

    t11 = (await find_tasks(db, "1.1"))[0].task
    assert t11.deliverable_list == ["Kế hoạch"]
    assert t11.support_other_list == ["Công an Quận"]  # external supporter kept as text
    links = set(await task_agencies(db, t11.id))
    assert links == {(registered["Phòng Nội vụ"], "lead"), (registered["Phường 1"], "support"),
                     (registered["Phường 2"], "support")}
    t12 = (await find_tasks(db, "1.2"))[0].task
    assert set(await task_agencies(db, t12.id)) == {(registered["Phòng Nội vụ"], "lead"),
                                                     (registered["Phòng Tư pháp"], "lead")}
    assert await rows(
        db, "SELECT o.due FROM occurrences AS o JOIN milestones AS m ON m.id = o.milestone_id"
        " WHERE m.task_id = ? ORDER BY o.due", (t12.id,)) == [(d.isoformat(),) for d in MONTH_ENDS]
    assert [e.action for e in await entries(db)] == ["plan.imported"]
    plans = await list_plans(db)
    assert [(x.code, x.active_tasks) for x in plans] == [(CODE, 5)]


async def find_task(db, key: str):
    """The task a key names: the latest plan's, the exact key before a second task numbered alike."""
    found = [f.task for f in await find_tasks(db, key)]
    exact = [t for t in found if t.key == key.strip()]
    return (exact or found or [None])[0]


async def test_find_tasks_by_number_and_key(db, now, registered):
    await store(db, now, base_plan())
    both = [found.task for found in await find_tasks(db, "2.2")]
    assert [t.key for t in both] == ["2.2", "2.2#2"]  # a number names a plan's second 2.2 too, in order
    assert both[0].position < both[1].position
    assert [found.task.id for found in await find_tasks(db, " 2.2#2 ")] == [both[1].id]
    assert await find_tasks(db, "9.9") == []


async def test_find_tasks_lists_the_latest_plan_first(db, now, registered):
    await store(db, now, base_plan())
    other = replace(plan(task("1.1", milestones=(due("2025-09-30"),))),
                    meta=PlanMeta(code="20/KH-UBND", title="Kế hoạch khác"))
    result = await store(db, now, other, when=now + timedelta(days=1))
    assert [found.task.plan_id == result.plan_id for found in await find_tasks(db, "1.1")] == [True, False]
    assert [found.plan_code for found in await find_tasks(db, "1.1")] == ["20/KH-UBND", CODE]
    assert all(found.task.plan_id != result.plan_id for found in await find_tasks(db, "2.2"))


async def test_reimport_updates_in_place_and_keeps_reports(db, now, registered):
    first = await store(db, now, base_plan())
    t11 = (await find_tasks(db, "1.1"))[0].task
    old_occ = (await rows(db, "SELECT o.id FROM occurrences AS o JOIN milestones AS m ON m.id = o.milestone_id"
                              " WHERE m.task_id = ?", (t11.id,)))[0][0]
    removed = await find_task(db, "2.2#2")
    await db.execute(
        "INSERT INTO reports (task_id, occurrence_id, agency_id, status, percent, channel, created_at)"
        " VALUES (?, ?, ?, 'in_progress', 50, 'telegram', '2025-03-20T02:00:00+00:00')",
        (t11.id, old_occ, registered["Phòng Nội vụ"]),
    )
    await db.execute(
        "INSERT INTO reports (task_id, agency_id, status, channel, created_at)"
        " VALUES (?, ?, 'in_progress', 'telegram', '2025-03-20T02:00:00+00:00')",
        (removed.id, registered["Phòng Tư pháp"]),
    )

    changed = base_plan()
    new_tasks = list(changed.tasks[:4])
    new_tasks[0] = replace(new_tasks[0], milestones=(due("2025-04-30"),), deadline_text="Trước ngày 30/4/2025",
                           title="Nhiệm vụ 1.1 (sửa)")
    new_tasks.append(task("3.1", section="2", milestones=(due("2025-07-31"),)))
    second = await store(db, now, plan(*new_tasks), when=now + timedelta(days=2))

    assert second.plan_id == first.plan_id and not second.created
    assert (second.tasks_added, second.tasks_updated, second.tasks_removed) == (1, 1, 1)
    assert [(c.key, c.old_text, c.new_text, c.old_due, c.new_due) for c in second.deadline_changes] == [
        ("1.1", "Trước ngày 31/3/2025", "Trước ngày 30/4/2025", ("2025-03-31",), ("2025-04-30",))]

    again = await find_task(db, "1.1")
    assert again.id == t11.id and again.title == "Nhiệm vụ 1.1 (sửa)"
    assert (await get_task(db, removed.id)).active == 0
    assert await find_task(db, "2.2#2") is None
    # both reports survive, pointing at the same tasks; the reported old date is kept, inactive
    assert await rows(db, "SELECT task_id, occurrence_id FROM reports ORDER BY id") == [
        (t11.id, old_occ), (removed.id, None)]
    assert await rows(db, "SELECT o.due, o.active FROM occurrences AS o JOIN milestones AS m"
                          " ON m.id = o.milestone_id WHERE m.task_id = ? ORDER BY o.due", (t11.id,)) == [
        ("2025-03-31", 0), ("2025-04-30", 1)]

    audit = await entries(db)
    assert [e.action for e in audit] == ["plan.imported", "plan.deadline_changed", "plan.reimported"]
    assert audit[1].subject == "17/KH-UBND 1.1"
    detail = json.loads(audit[1].detail)
    assert detail["old"]["due"] == ["2025-03-31"] and detail["new"]["deadline_text"] == "Trước ngày 30/4/2025"

    # the removed task comes back: reactivated, same row, its report still attached
    third = await store(db, now, base_plan(), when=now + timedelta(days=3))
    assert (await find_task(db, "2.2#2")).id == removed.id
    assert third.tasks_added == 1 and third.tasks_removed == 1  # 2.2#2 back, 3.1 gone
    assert await rows(db, "SELECT o.due, o.active FROM occurrences AS o JOIN milestones AS m"
                          " ON m.id = o.milestone_id WHERE m.task_id = ? ORDER BY o.due", (t11.id,)) == [
        ("2025-03-31", 1)]  # listed again: the same occurrence row is live again
    assert await rows(db, "SELECT occurrence_id FROM reports WHERE task_id = ?", (t11.id,)) == [(old_occ,)]


async def test_unreferenced_old_occurrences_and_milestones_are_deleted(db, now, registered):
    two = task("4.1", milestones=(due("2025-03-31", "Dự thảo"), due("2025-05-31", "Ban hành")))
    await store(db, now, plan(two))
    t = await find_task(db, "4.1")
    await store(db, now, plan(replace(two, milestones=(due("2025-04-15", "Dự thảo"),))))
    ms = await milestones_of(db, t.id)
    assert [(m.position, m.label, m.due) for m in ms] == [(0, "Dự thảo", "2025-04-15")]
    assert await rows(db, "SELECT due FROM occurrences") == [("2025-04-15",)]


async def test_unchanged_reimport_changes_nothing(db, now, registered):
    await store(db, now, base_plan())
    before = await rows(db, "SELECT id, milestone_id, due, active FROM occurrences ORDER BY id")
    again = await store(db, now, base_plan())
    assert (again.tasks_added, again.tasks_updated, again.tasks_removed, again.deadline_changes) == (0, 0, 0, [])
    assert await rows(db, "SELECT id, milestone_id, due, active FROM occurrences ORDER BY id") == before


async def test_group_tasks_reach_wards_registered_later_when_the_admin_says_so(db, now, registered):
    await store(db, now, base_plan())
    p3 = await add_agency(db, "Phường 3", "ward", now=now)
    t11, t21 = await find_task(db, "1.1"), await find_task(db, "2.1")
    assert p3.id not in {a for a, _ in await task_agencies(db, t21.id)}  # the import bound the wards it saw
    await expand_groups_for_agency(db, p3.id)  # the admin's "Có" (handlers.agencies)
    assert (p3.id, "support") in await task_agencies(db, t11.id)
    assert (p3.id, "lead") in await task_agencies(db, t21.id)
    # and a re-import rebuilds links from the group, the late ward included
    await store(db, now, base_plan())
    assert (p3.id, "lead") in await task_agencies(db, t21.id)


async def test_unknown_agencies_reported_not_linked_unless_created(db, now, registered):
    parsed = plan(
        task("5.1", lead=("Phòng Y tế",), support=("Phòng Nội vụ", "Ban Quản lý dự án", "Sở Nội vụ"),
             milestones=(due("2025-06-30"),)),
        derived={"Phòng Y tế": "unit", "Ban Quản lý dự án": "unit", "Sở Nội vụ": "external"},
    )
    result = await store(db, now, parsed)
    assert result.unknown_agencies == ["Phòng Y tế", "Ban Quản lý dự án"]
    assert result.agencies_created == []
    t = await find_task(db, "5.1")
    assert await task_agencies(db, t.id) == [(registered["Phòng Nội vụ"], "support")]
    assert t.support_other_list == ["Ban Quản lý dự án", "Sở Nội vụ"]
    assert await find_agency(db, "Phòng Y tế") is None

    created = await store(db, now, parsed, create=True)
    assert created.agencies_created == ["Phòng Y tế", "Ban Quản lý dự án"]
    assert created.unknown_agencies == []
    yt, ql = await find_agency(db, "Phòng Y tế"), await find_agency(db, "Ban Quản lý dự án")
    assert (yt.kind, ql.kind) == ("unit", "unit")
    assert set(await task_agencies(db, t.id)) == {(yt.id, "lead"), (registered["Phòng Nội vụ"], "support"),
                                                  (ql.id, "support")}
    assert (await get_task(db, t.id)).support_other_list == ["Sở Nội vụ"]
    assert created.tasks_updated == 1


async def test_tasks_for_agency_orders_overdue_first_and_hides_done(db, now, registered):
    await store(db, now, base_plan())
    nv = registered["Phòng Nội vụ"]
    today = D("2025-04-10")
    items = await tasks_for_agency(db, nv, today=today)
    assert [(i.key, i.due, i.role) for i in items] == [
        ("1.2", D("2025-01-31"), "lead"),
        ("1.2", D("2025-02-28"), "lead"),
        ("1.1", D("2025-03-31"), "lead"),
        ("1.2", D("2025-03-31"), "lead"),
        ("1.2", D("2025-04-30"), "lead"),
        ("1.2", D("2025-05-31"), "lead"),
    ]
    assert [i.overdue(today) for i in items] == [True, True, True, True, False, False]
    assert items[2].deliverable == "Kế hoạch" and items[2].kind == "due" and items[0].label == "Báo cáo tháng"

    t11, t12 = await find_task(db, "1.1"), await find_task(db, "1.2")
    jan = items[0].occurrence_id
    # January done for its occurrence; 1.1 done by a task-level reply; latest report wins
    await db.execute(
        "INSERT INTO reports (task_id, occurrence_id, agency_id, status, channel, created_at) VALUES"
        " (?, ?, ?, 'done', 'telegram', '2025-02-01T01:00:00+00:00'),"
        " (?, NULL, ?, 'in_progress', 'telegram', '2025-03-01T01:00:00+00:00'),"
        " (?, NULL, ?, 'done', 'telegram', '2025-04-01T01:00:00+00:00')",
        (t12.id, jan, nv, t11.id, nv, t11.id, nv),
    )
    # a task-level "done" on 1.2 made on 10 February closes February's report, not March's
    await db.execute(
        "INSERT INTO reports (task_id, agency_id, status, channel, created_at)"
        " VALUES (?, ?, 'done', 'telegram', '2025-02-10T01:00:00+00:00')", (t12.id, nv))
    items = await tasks_for_agency(db, nv, today=today)
    assert [(i.key, i.due) for i in items] == [
        ("1.2", D("2025-03-31")), ("1.2", D("2025-04-30")), ("1.2", D("2025-05-31"))]
    # a task-level "done" on 1.2 made on 5 April closes every month up to April's, not May's
    await db.execute(
        "INSERT INTO reports (task_id, agency_id, status, channel, created_at)"
        " VALUES (?, ?, 'done', 'telegram', '2025-04-05T01:00:00+00:00')", (t12.id, nv))
    items = await tasks_for_agency(db, nv, today=today)
    assert [(i.key, i.due) for i in items] == [("1.2", D("2025-05-31"))]

    # reopening: a later not-done report on 1.1 wins over the earlier done
    await db.execute(
        "INSERT INTO reports (task_id, agency_id, status, channel, created_at)"
        " VALUES (?, ?, 'blocked', 'telegram', '2025-04-08T01:00:00+00:00')", (t11.id, nv))
    assert ("1.1", D("2025-03-31")) in [(i.key, i.due) for i in await tasks_for_agency(db, nv, today=today)]
    assert [i.due for i in await tasks_for_agency(db, nv, today=today, until=D("2025-04-30"))] == [D("2025-03-31")]


async def test_a_done_report_on_a_later_occurrence_closes_the_missed_ones(db, now, registered):
    # as the roll-ups count it: the missed months are done late, not open on the agency's /tasks for ever
    await store(db, now, base_plan())
    nv, today = registered["Phòng Nội vụ"], D("2025-04-10")
    t12 = await find_task(db, "1.2")
    occurrence = {i.due: i.occurrence_id for i in await tasks_for_agency(db, nv, today=today) if i.key == "1.2"}
    await db.execute(
        "INSERT INTO reports (task_id, occurrence_id, agency_id, status, channel, created_at)"
        " VALUES (?, ?, ?, 'done', 'telegram', '2025-04-09T01:00:00+00:00')", (t12.id, occurrence[D("2025-04-30")], nv))
    assert [(i.key, i.due) for i in await tasks_for_agency(db, nv, today=today)] == [
        ("1.1", D("2025-03-31")), ("1.2", D("2025-05-31"))]
    # a «xong» stands: a later report that is not "done" (May's «đang làm») reopens none of the months it closed,
    # as the summary never did (it used to reopen January to March here, on /tasks and in the reminders alone)
    await db.execute(
        "INSERT INTO reports (task_id, occurrence_id, agency_id, status, channel, created_at)"
        " VALUES (?, ?, ?, 'in_progress', 'telegram', '2025-04-10T01:00:00+00:00')", (t12.id, occurrence[D("2025-05-31")], nv))
    assert [i.due for i in await tasks_for_agency(db, nv, today=today) if i.key == "1.2"] == [D("2025-05-31")]


async def test_a_series_starts_on_its_import_day(db, now, registered, tz):
    # imported on 10/04/2025: January to March were never reminded, so they are not late; a one-off
    # deadline already past is (the task was due)
    first = await store_plan(db, base_plan(), now=datetime(2025, 4, 10, 2, tzinfo=UTC), user_id=None, channel="cli",
                             source_name="kh17.docx", create_agencies=False, tz=tz)
    assert first.series_skipped == 3  # 31/01, 28/02, 31/03: the answer says so
    nv = registered["Phòng Nội vụ"]
    open_items = await tasks_for_agency(db, nv, today=D("2025-04-10"))
    assert [(i.key, i.due) for i in open_items] == [
        ("1.1", D("2025-03-31")), ("1.2", D("2025-04-30")), ("1.2", D("2025-05-31"))]
    # a re-import after April's due day keeps the April stored (its reports with it)
    await store_plan(db, base_plan(), now=datetime(2025, 5, 5, 2, tzinfo=UTC), user_id=None, channel="cli",
                     source_name="kh17.docx", create_agencies=False, tz=tz)
    assert [i.due for i in await tasks_for_agency(db, nv, today=D("2025-05-05")) if i.key == "1.2"] == [
        D("2025-04-30"), D("2025-05-31")]
    # a task whose whole series is past on the import day (00:30 on 01/06 in Hà Nội: an old plan imported for
    # the record, or followed with --at in its own year) keeps every date, as written
    past = await store_plan(db, plan(task("3.1", milestones=base_plan().tasks[1].milestones)),
                            now=datetime(2025, 5, 31, 17, 30, tzinfo=UTC), user_id=None, channel="cli", source_name="x",
                            create_agencies=False, tz=tz)
    assert past.series_skipped == 0
    assert [i.due for i in await tasks_for_agency(db, nv, today=D("2025-06-01")) if i.key == "3.1"] == [
        D("2025-01-31"), D("2025-02-28"), D("2025-03-31"), D("2025-04-30"), D("2025-05-31")]


async def test_a_series_date_on_the_import_day_counts_only_when_that_days_reminders_are_to_come(db, now, registered, tz):
    # TESTER14 F2: a plan stored after the day's reminders went (08:00) would hold the day's own date late
    # before anyone was told of it (one digest a day; the next one finds it past): it is not stored either
    series = base_plan().tasks[1].milestones
    nv = registered["Phòng Nội vụ"]

    async def stored(code: str, local: datetime, series=series) -> tuple[int, bool, list[date]]:
        parsed = replace(plan(task(code, milestones=series)), meta=replace(plan().meta, code=code))
        result = await store_plan(db, parsed, now=local.replace(tzinfo=tz), user_id=None, channel="cli",
                                  source_name="x", create_agencies=False, tz=tz, reminder_time=time(8, 0))
        dues = [i.due for i in await tasks_for_agency(db, nv, today=local.date()) if i.key == code]
        return result.series_skipped, result.series_today_skipped, dues

    # Monday 31/03/2025: before 08:00 the day's digest tells of it; from 08:00 it is left out, and said so
    assert await stored("A", datetime(2025, 3, 31, 7, 59)) == (2, False, list(MONTH_ENDS[2:]))
    assert await stored("B", datetime(2025, 3, 31, 8, 0)) == (3, True, list(MONTH_ENDS[3:]))
    # 30/04 is a holiday: its date is reminded on the next working day, so it stays
    assert await stored("C", datetime(2025, 4, 30, 10, 0)) == (3, False, list(MONTH_ENDS[3:]))
    # a series whose last date is the import day keeps none after that day's reminders (it was kept, and late
    # the next morning, before anyone was told of it): the answer says so, and no undated line is left on /tasks
    ending = (replace(series[0], dates=MONTH_ENDS[1:3]),)
    assert await stored("D", datetime(2025, 3, 31, 10, 0), ending) == (2, True, [])
    assert await stored("E", datetime(2025, 3, 31, 7, 0), ending) == (1, False, [MONTH_ENDS[2]])


async def test_tasks_for_agency_roles_and_undated_last(db, now, registered):
    await store(db, now, base_plan())
    tp = registered["Phòng Tư pháp"]
    items = await tasks_for_agency(db, tp, today=D("2025-04-10"))
    assert [(i.key, i.due, i.kind) for i in items][-2:] == [("2.2", D("2025-06-30"), "due"),
                                                          ("2.2#2", None, "ongoing")]
    assert items[-1].occurrence_id is None
    p1 = registered["Phường 1"]
    ward = await tasks_for_agency(db, p1, today=D("2025-04-10"))
    assert [(i.key, i.role, i.due) for i in ward] == [("1.1", "support", D("2025-03-31")), ("2.1", "lead", None)]
    assert [i.key for i in await tasks_for_agency(db, p1, today=D("2025-04-10"), include_support=False)] == ["2.1"]


async def test_trigger_date_creates_the_occurrence(db, now, registered):
    await store(db, now, base_plan())
    events = await untriggered_events(db)
    assert [(e.plan_code, e.number, e.offset_days, e.offset_working) for e in events] == [(CODE, "2.1", 5, 1)]
    mid = events[0].milestone_id

    # Wednesday 12/3/2025 + 5 working days = Wednesday 19/3/2025
    assert await set_trigger_date(db, mid, D("2025-03-12"), now=now, user_id=None, channel="cli") == D("2025-03-19")
    assert await untriggered_events(db) == []
    assert await rows(db, "SELECT due, active FROM occurrences WHERE milestone_id = ?", (mid,)) == [
        ("2025-03-19", 1)]
    ward = await tasks_for_agency(db, registered["Phường 1"], today=D("2025-03-14"))
    assert [(i.key, i.due, i.kind) for i in ward] == [("2.1", D("2025-03-19"), "event"),
                                                     ("1.1", D("2025-03-31"), "due")]
    audit = (await entries(db, "milestone.triggered"))[0]
    assert audit.subject == f"{CODE} 2.1" and json.loads(audit.detail)["due"] == "2025-03-19"

    # a corrected trigger date moves the occurrence; a re-import keeps the trigger
    assert await set_trigger_date(db, mid, D("2025-03-13"), now=now, user_id=None, channel="cli") == D("2025-03-20")
    await store(db, now, base_plan())
    assert await rows(db, "SELECT due FROM occurrences WHERE milestone_id = ?", (mid,)) == [("2025-03-20",)]
    assert (await milestones_of(db, (await find_task(db, "2.1")).id))[0].triggered_on == "2025-03-13"


async def test_trigger_errors(db, now, registered):
    await store(db, now, base_plan())
    due_milestone = (await milestones_of(db, (await find_task(db, "1.1")).id))[0]
    with pytest.raises(NotAnEvent):
        await set_trigger_date(db, due_milestone.id, D("2025-03-12"), now=now, user_id=None, channel="cli")
    with pytest.raises(UnknownMilestone, match="9999"):
        await set_trigger_date(db, 9999, D("2025-03-12"), now=now, user_id=None, channel="cli")


async def test_duplicate_task_keys_are_refused(db, now, registered):
    with pytest.raises(ValueError):
        await store(db, now, plan(task("1.1"), task("1.1")))


async def test_task_level_report_counts_from_its_local_day(db, now, registered, tz):
    await store(db, now, base_plan())
    nv, t12 = registered["Phòng Nội vụ"], await find_task(db, "1.2")
    # 01:00 on 1 March in Hà Nội is still 28 February in UTC: March's report is the one answered
    await db.execute(
        "INSERT INTO reports (task_id, agency_id, status, channel, created_at)"
        " VALUES (?, ?, 'done', 'telegram', '2025-02-28T18:00:00+00:00')", (t12.id, nv))
    today = D("2025-03-05")
    local = [i.due for i in await tasks_for_agency(db, nv, today=today, tz=tz) if i.key == "1.2"]
    assert local == [D("2025-04-30"), D("2025-05-31")]
    utc = [i.due for i in await tasks_for_agency(db, nv, today=today) if i.key == "1.2"]
    assert utc == [D("2025-03-31"), D("2025-04-30"), D("2025-05-31")]


async def test_open_event_item_carries_its_trigger(db, now, registered):
    await store(db, now, base_plan())
    (item,) = [i for i in await tasks_for_agency(db, registered["Phường 2"], today=D("2025-04-10")) if i.kind == "event"]
    assert (item.key, item.due, item.trigger, item.label) == ("2.1", None, EVENT.trigger, "Triển khai")


async def test_a_lead_the_registry_lacks_is_created_and_linked_when_the_admin_says_so(db, now, registered):
    # "Tạo N đơn vị mới" after reading a document: the unknown lead must become the task's lead, not vanish
    text = (
        "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2025\n"
        "1. Giao Phòng Kinh tế chủ trì, phối hợp Phòng Tư pháp rà soát thủ tục hành chính, hoàn thành trước"
        " ngày 30/6/2025.\n"
    ).encode()
    known = await registry(db)
    parsed = read_plan(text, "ke-hoach.txt", year=2025, registry=known)
    assert parsed.unknown_agencies == ("Phòng Kinh tế",)
    created = await store(db, now, parsed, create=True)
    assert created.agencies_created == ["Phòng Kinh tế"]
    kinh_te = await find_agency(db, "Phòng Kinh tế")
    (task,) = [await find_task(db, t.key) for t in parsed.tasks]
    assert (kinh_te.id, "lead") in await task_agencies(db, task.id)
