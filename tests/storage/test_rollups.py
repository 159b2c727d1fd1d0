"""storage.rollups: figures on hand-built data inserted with plain SQL."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from datetime import date, datetime

import aiosqlite
import pytest

from plans.periods import period_bounds, previous_period
from storage import explanations, extensions, rollups
from storage.db import connect, transaction
from storage.rollups import _shard_ranges, compute_rollup
from tests.rollup_world import Data, at, by_task

pytestmark = pytest.mark.both_backends


@pytest.mark.parametrize(
    ("day", "period", "start", "end"),
    [
        (date(2025, 3, 10), "week", date(2025, 3, 10), date(2025, 3, 16)),
        (date(2025, 3, 16), "week", date(2025, 3, 10), date(2025, 3, 16)),
        (date(2025, 1, 1), "week", date(2024, 12, 30), date(2025, 1, 5)),
        (date(2024, 2, 10), "month", date(2024, 2, 1), date(2024, 2, 29)),
        (date(2025, 12, 31), "month", date(2025, 12, 1), date(2025, 12, 31)),
        (date(2025, 3, 10), "quarter", date(2025, 1, 1), date(2025, 3, 31)),
        (date(2025, 11, 2), "quarter", date(2025, 10, 1), date(2025, 12, 31)),
    ],
)
def test_period_bounds(day: date, period, start: date, end: date) -> None:
    assert period_bounds(day, period) == (start, end)


def test_previous_period() -> None:
    assert previous_period(date(2025, 1, 1), "quarter") == (date(2024, 10, 1), date(2024, 12, 31))
    assert previous_period(date(2025, 3, 10), "week") == (date(2025, 3, 3), date(2025, 3, 9))


async def test_agency_figures(db, world, now, tz) -> None:
    rollup = await compute_rollup(db, as_of=now, period="week", tz=tz)
    assert (rollup.start, rollup.end, rollup.today) == (
        date(2025, 3, 10),
        date(2025, 3, 16),
        date(2025, 3, 10),
    )

    noi_vu = rollup.agency(world["noi_vu"]).counts
    assert (noi_vu.lead_tasks, noi_vu.done, noi_vu.overdue, noi_vu.stale) == (3, 1, 1, 1)
    assert noi_vu.completion_pct == 33.3

    ben_nghe = rollup.agency("UBND phường Bến Nghé").counts
    # overdue wins over never reported: 1.2 was never reported, 2.1 missed February
    assert (ben_nghe.lead_tasks, ben_nghe.overdue, ben_nghe.never_reported, ben_nghe.done) == (2, 2, 0, 0)

    tu_phap = rollup.agency(world["tu_phap"]).counts
    assert (tu_phap.lead_tasks, tu_phap.blocked, tu_phap.overdue, tu_phap.due_soon) == (3, 2, 1, 1)

    van_hoa = rollup.agency(world["van_hoa"]).counts
    assert (van_hoa.lead_tasks, van_hoa.never_reported, van_hoa.completion_pct) == (1, 1, 0.0)

    vp = rollup.agency(world["vp"])
    assert vp.counts.lead_tasks == 0 and vp.support_tasks == 1
    assert rollup.agency("Phòng không có việc") is None

    totals = rollup.totals
    assert totals.lead_tasks == 9
    assert (totals.done, totals.overdue, totals.blocked, totals.stale, totals.never_reported) == (
        1,
        4,
        2,
        1,
        1,
    )
    buckets = (
        totals.done + totals.on_track + totals.overdue + totals.blocked + totals.never_reported + totals.stale
    )
    assert buckets == totals.lead_tasks
    # the most overdue agency comes first
    assert rollup.agencies[0].agency_id == world["ben_nghe"]


async def test_detail_lines(db, world, now, tz) -> None:
    rollup = await compute_rollup(db, as_of=now, period="week", tz=tz)
    assert len(rollup.details) == 9
    assert world["t14"] not in {d.task_id for d in rollup.details}

    done = by_task(rollup, world["t11"], world["noi_vu"])
    assert (done.status, done.bucket, done.evidence, done.reported_on) == (
        "done",
        "done",
        2,
        date(2025, 3, 10),
    )
    assert done.note == "Đã ban hành" and done.overdue_since is None and done.next_due is None

    several = [d for d in rollup.details if d.task_id == world["t12"]]
    assert {d.agency for d in several} == {"Phòng Nội vụ", "UBND phường Bến Nghé"}
    assert all(d.overdue_since == date(2025, 3, 5) for d in several)
    never = by_task(rollup, world["t12"], world["ben_nghe"])
    assert never.status is None and never.reported_on is None and never.percent is None

    monthly = by_task(rollup, world["t21"], world["ben_nghe"])
    assert (monthly.overdue_since, monthly.next_due, monthly.percent) == (
        date(2025, 2, 28),
        date(2025, 3, 31),
        30,
    )

    reopened = by_task(rollup, world["t23"], world["tu_phap"])
    assert (reopened.status, reopened.bucket, reopened.overdue_since) == (
        "in_progress",
        "overdue",
        date(2025, 3, 1),
    )

    blocked = by_task(rollup, world["t22"], world["tu_phap"])
    assert (blocked.bucket, blocked.next_due, blocked.blocked_since) == (
        "blocked",
        date(2025, 3, 14),
        date(2025, 3, 3),
    )
    assert by_task(rollup, world["t13"], world["noi_vu"]).bucket == "stale"
    # ordered as the plan reads: section, task, then agency name
    assert [d.number for d in rollup.details][:4] == ["1.1", "1.2", "1.2", "1.3"]


async def test_blockers_with_age(db, world, now, tz) -> None:
    rollup = await compute_rollup(db, as_of=now, period="week", tz=tz)
    assert [(b.number, b.since, b.age_days) for b in rollup.blockers] == [
        ("2.2", date(2025, 3, 3), 7),
        ("2.5", date(2025, 3, 10), 0),
    ]
    assert rollup.blockers[0].note == "Vẫn chờ hướng dẫn của Sở"


async def test_non_responders(db, world, now, tz) -> None:
    rollup = await compute_rollup(db, as_of=now, period="week", tz=tz)
    silent = {n.name: n for n in rollup.non_responders}
    # Bến Nghé: overdue work and no report this week; Văn hóa: got a digest, said nothing
    assert set(silent) == {"UBND phường Bến Nghé", "Phòng Văn hóa và Thông tin"}
    assert (
        silent["UBND phường Bến Nghé"].open_items == 2 and silent["UBND phường Bến Nghé"].reminded_at is None
    )
    assert silent["Phòng Văn hóa và Thông tin"].reminded_at == datetime.fromisoformat(at("2025-03-10 07:30"))


async def test_late_answer_to_digest_still_counts_as_silence(db, world, now, tz) -> None:
    d = Data(db)
    # a second digest to Nội vụ does not move "since": its 08:00 report came after the first one
    await d.digest(await d.user(world["noi_vu"]), "2025-03-10 08:45", [])
    rollup = await compute_rollup(db, as_of=now, period="week", tz=tz)
    assert "Phòng Nội vụ" not in {n.name for n in rollup.non_responders}


async def test_asking_for_more_time_or_explaining_is_an_answer(db, world, now, tz) -> None:
    async def occurrence(task: int) -> int:
        async with db.execute("SELECT o.id FROM occurrences o JOIN milestones m ON m.id = o.milestone_id"
                              " WHERE m.task_id = ?", (task,)) as cur:
            return (await cur.fetchone())[0]

    # Văn hóa asks for more time on 2.4 after its digest of 07:30; Bến Nghé explained 1.2 last week only
    await extensions.request(
        db, task_id=world["t24"], occurrence_id=await occurrence(world["t24"]), agency_id=world["van_hoa"],
        previous_due=date(2025, 4, 30), proposed_due=date(2025, 5, 30), reason="chờ số liệu", user_id=None,  # type: ignore[arg-type]
        channel="telegram", chat_id="1", now=datetime.fromisoformat(at("2025-03-10 08:00")),
    )
    await explanations.add(
        db, task_id=world["t12"], occurrence_id=await occurrence(world["t12"]), agency_id=world["ben_nghe"],
        user_id=None, text="Chờ Sở", channel="telegram", now=datetime.fromisoformat(at("2025-03-07 08:00")),  # type: ignore[arg-type]
    )
    rollup = await compute_rollup(db, as_of=now, period="week", tz=tz)
    assert {n.name for n in rollup.non_responders} == {"UBND phường Bến Nghé"}


async def test_changes_since_previous_period(db, world, now, tz) -> None:
    rollup = await compute_rollup(db, as_of=now, period="week", tz=tz)
    changes = {(c.kind, c.number, c.agency) for c in rollup.changes}
    assert changes == {
        ("done", "1.1", "Phòng Nội vụ"),
        ("overdue", "2.3", "Phòng Tư pháp"),
        ("blocked", "2.5", "Phòng Tư pháp"),
    }


async def test_state_moves_with_as_of(db, world, tz) -> None:
    friday = datetime(2025, 3, 7, 12, 0, tzinfo=tz)
    rollup = await compute_rollup(db, as_of=friday, period="week", tz=tz)
    assert (rollup.start, rollup.end) == (date(2025, 3, 3), date(2025, 3, 9))
    assert by_task(rollup, world["t11"], world["noi_vu"]).overdue_since == date(2025, 2, 28)
    assert by_task(rollup, world["t23"], world["tu_phap"]).bucket == "done"
    # reports made after as_of are invisible
    assert by_task(rollup, world["t25"], world["tu_phap"]).status == "in_progress"
    assert [b.number for b in rollup.blockers] == ["2.2"]
    assert rollup.blockers[0].age_days == 4
    assert ("blocked", "2.2") in {(c.kind, c.number) for c in rollup.changes}


async def test_month_and_quarter_periods(db, world, now, tz) -> None:
    month = await compute_rollup(db, as_of=now, period="month", tz=tz)
    assert (month.start, month.end, month.prev_start) == (
        date(2025, 3, 1),
        date(2025, 3, 31),
        date(2025, 2, 1),
    )
    # 1.2 (due 05/03) became overdue this month; 2.1 had already missed 28/02 when March began
    kinds = {(c.kind, c.number) for c in month.changes}
    assert {("done", "1.1"), ("overdue", "1.2"), ("overdue", "2.3")} <= kinds
    assert ("overdue", "2.1") not in kinds
    quarter = await compute_rollup(db, as_of=now, period="quarter", tz=tz)
    assert (quarter.start, quarter.end) == (date(2025, 1, 1), date(2025, 3, 31))
    assert quarter.agency(world["noi_vu"]).reports_in_period == 4


async def test_sections(db, world, now, tz) -> None:
    rollup = await compute_rollup(db, as_of=now, period="week", tz=tz)
    first, second = rollup.sections
    assert (first.number, first.title, first.tasks, first.counts.lead_tasks) == (
        "1",
        "Cải cách thể chế",
        3,
        4,
    )
    assert (first.counts.done, first.counts.overdue, first.counts.stale) == (1, 2, 1)
    assert (second.tasks, second.counts.overdue, second.counts.blocked, second.counts.never_reported) == (
        5,
        2,
        2,
        1,
    )


async def test_filters(db, world, now, tz) -> None:
    rollup = await compute_rollup(db, as_of=now, period="week", tz=tz, agency_id=world["tu_phap"])
    assert [a.name for a in rollup.agencies] == ["Phòng Tư pháp"]
    assert {d.agency_id for d in rollup.details} == {world["tu_phap"]}
    assert rollup.totals.lead_tasks == 3
    other = await Data(db).plan("99/KH-UBND")
    empty = await compute_rollup(db, as_of=now, period="week", tz=tz, plan_id=other)
    assert empty.totals.lead_tasks == 0 and empty.agencies == () and empty.details == ()


async def test_inactive_occurrence_is_not_owed(db, world, now, tz) -> None:
    await db.execute(
        "UPDATE occurrences SET active = 0 WHERE milestone_id IN (SELECT id FROM milestones WHERE task_id = ?)",
        (world["t12"],),
    )
    rollup = await compute_rollup(db, as_of=now, period="week", tz=tz)
    assert by_task(rollup, world["t12"], world["ben_nghe"]).bucket == "not_reported"


async def test_latest_report_ties_break_on_id(db, world, now, tz) -> None:
    d = Data(db)
    await d.report(world["t24"], world["van_hoa"], "done", "2025-03-09 10:00")
    await d.report(world["t24"], world["van_hoa"], "in_progress", "2025-03-09 10:00", percent=90)
    rollup = await compute_rollup(db, as_of=now, period="week", tz=tz)
    line = by_task(rollup, world["t24"], world["van_hoa"])
    assert (line.status, line.percent) == ("in_progress", 90)


async def test_json_shape(db, world, now, tz) -> None:
    rollup = await compute_rollup(db, as_of=now, period="week", tz=tz)
    doc = json.loads(json.dumps(rollup.as_json(), ensure_ascii=False))
    assert doc["version"] == 1
    assert doc["period"] == {
        "kind": "week",
        "start": "2025-03-10",
        "end": "2025-03-16",
        "previous": {"start": "2025-03-03", "end": "2025-03-09"},
    }
    assert doc["totals"]["lead_tasks"] == 9
    assert set(doc["changes"]) == {"done", "overdue", "blocked"}
    first = doc["agencies"][0]
    assert {"id", "name", "kind", "lead_tasks", "overdue", "completion_pct", "support_tasks"} <= set(first)
    assert doc["details"][0]["reported_on"] == "2025-03-10"


@pytest.mark.parametrize(
    ("when", "period"),
    [("2025-03-10 09:00", "week"), ("2025-03-07 12:00", "week"), ("2025-03-10 09:00", "quarter")],
)
async def test_sharded_rollup_equals_the_single_one(db, world, tz, when, period) -> None:
    # agencies split into id ranges, each computed on its own connection, then merged in the same orders;
    # the single rollup computed once and compared with each number of ranges
    as_of = datetime.fromisoformat(when).replace(tzinfo=tz)
    single = await compute_rollup(db, as_of=as_of, period=period, tz=tz, shards=1)
    for shards in (2, 3, 6):
        ranges, path = await _shard_ranges(db, None, shards)
        assert path is not None and len(ranges) == shards
        sharded = await compute_rollup(db, as_of=as_of, period=period, tz=tz, shards=shards)
        assert sharded.totals.lead_tasks == 9 and len(sharded.agencies) == 5, shards
        assert sharded == single, shards


async def test_small_or_single_agency_rollups_are_not_sharded(db, world, tmp_path) -> None:
    assert (await _shard_ranges(db, None, None))[1] is None  # 9 lead pairs: not worth other connections
    assert (await _shard_ranges(db, world["tu_phap"], 4))[1] is None
    memory = await connect(":memory:")
    try:
        assert (await _shard_ranges(memory, None, 4))[1] is None
    finally:
        await memory.close()


async def test_sharded_rollup_fails_whole_and_closes_its_connections(db, world, now, tz, monkeypatch, backend) -> None:
    opened: list[aiosqlite.Connection] = []
    finished: list[int | None] = []
    real_read = rollups._read

    async def tracked(path):
        conn = await connect(path)
        opened.append(conn)
        return conn

    async def read(conn, n, params, *asked):
        if params["lo"] != rollups._NO_BOUND[0] and params["hi"] != rollups._NO_BOUND[1]:  # the middle range fails
            raise sqlite3.OperationalError("disk I/O error")
        done = await real_read(conn, n, params, *asked)
        finished.append(params["lo"])
        return done

    monkeypatch.setattr(rollups, "connect", tracked)
    monkeypatch.setattr(rollups, "_read", read)
    with pytest.raises(sqlite3.OperationalError, match="disk I/O error"):
        await compute_rollup(db, as_of=now, period="week", tz=tz, shards=3)
    # the other ranges ran to their end before every connection was closed
    assert len(opened) == 3 and len(finished) == 2
    if backend == "postgresql":
        assert all(conn.raw.is_closed() for conn in opened)
    else:
        assert all(conn._connection is None for conn in opened)


async def test_sharded_rollup_inside_a_unit_holding_the_write_lock(db, world, now, tz) -> None:
    # /summary runs inside the chat's unit of work: its BEGIN IMMEDIATE has run when the ranges open
    single = await compute_rollup(db, as_of=now, period="week", tz=tz, shards=1)
    async with transaction(db):
        await db.execute("UPDATE users SET display_name = display_name")
        assert db.in_transaction
        sharded = await compute_rollup(db, as_of=now, period="week", tz=tz, shards=2)
    assert sharded == single


async def test_a_rollup_does_not_count_another_units_uncommitted_report(db, world, now, tz) -> None:
    # the weekly post's rollup runs outside any unit while a chat's unit may be open on the shared
    # connection; it reads committed data on its own connection, so a report that unit then rolls
    # back was never in the figures (and its helper tables never joined that unit's transaction)
    before = await compute_rollup(db, as_of=now, period="week", tz=tz)
    opened, finish = asyncio.Event(), asyncio.Event()

    async def unit() -> None:
        async with transaction(db):
            await Data(db).report(world["t24"], world["van_hoa"], "done", "2025-03-10 08:00")
            opened.set()
            await finish.wait()
            raise RuntimeError("the chat's unit fails after all")

    pending = asyncio.ensure_future(unit())
    await opened.wait()
    try:
        during = await compute_rollup(db, as_of=now, period="week", tz=tz)
    finally:
        finish.set()
    with pytest.raises(RuntimeError):
        await pending
    assert during == before
    assert await compute_rollup(db, as_of=now, period="week", tz=tz) == before
