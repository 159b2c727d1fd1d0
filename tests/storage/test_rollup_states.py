"""The four on-time states over a hand-built quarter: per (task, lead agency, occurrence), with extensions.

Now is Monday 10/03/2025 09:00. Task 1.1 is due 28/02 for five agencies; 1.2 is monthly (31/01, 28/02,
31/03); 1.3 is due 30/06; 1.4 has no date and is not counted.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import aiosqlite
import pytest

from reports.text import render_overdue
from storage import extensions
from storage.rollups import compute_overdue, compute_rollup
from tests.rollup_world import Data, by_task


async def _extend(db: aiosqlite.Connection, task: int, occ: int, agency: int, to: str, *, approve: bool = True) -> None:
    asked = await extensions.request(
        db, task_id=task, occurrence_id=occ, agency_id=agency, previous_due=date(2025, 2, 28),
        proposed_due=date.fromisoformat(to), reason="chờ số liệu", user_id=None, channel="telegram", chat_id="1",  # type: ignore[arg-type]
        now=datetime(2025, 2, 25, 2, 0, tzinfo=UTC),
    )
    await extensions.decide(db, asked.id, approve=approve, user_id=None, now=datetime(2025, 2, 26, 2, 0, tzinfo=UTC))  # type: ignore[arg-type]


@pytest.fixture
async def quarter(db: aiosqlite.Connection) -> dict[str, int]:
    d = Data(db)
    ids = {key: await d.agency(f"Phường {key}") for key in ("A", "B", "C", "D", "E", "F", "G")}
    plan = await d.plan("07/KH-UBND")
    one, (feb,) = await d.task(plan, None, "1.1", lead=[ids[k] for k in "ABCDEG"], dues=["2025-02-28"])
    ids["1.1"], ids["1.1 feb"] = one, feb
    await d.report(one, ids["A"], "done", "2025-02-20 10:00")  # on time
    await d.report(one, ids["B"], "done", "2025-03-05 10:00")  # late
    # C never reports: overdue
    await _extend(db, one, feb, ids["D"], "2025-03-31")
    await d.report(one, ids["D"], "done", "2025-03-07 10:00")  # late by the plan, on time by its extension
    await _extend(db, one, feb, ids["E"], "2025-03-31")  # not done, still within its extended date
    await _extend(db, one, feb, ids["G"], "2025-03-31", approve=False)  # refused: changes nothing
    monthly, (jan, feb2, _) = await d.task(plan, None, "1.2", lead=[ids["A"]], dues=["2025-01-31", "2025-02-28", "2025-03-31"])
    ids["1.2"] = monthly
    await d.report(monthly, ids["A"], "done", "2025-01-30 10:00", occurrence=jan)
    await d.report(monthly, ids["A"], "done", "2025-03-03 10:00", occurrence=feb2)
    ids["1.3"], _ = await d.task(plan, None, "1.3", lead=[ids["F"]], dues=["2025-06-30"])
    ids["1.4"], _ = await d.task(plan, None, "1.4", lead=[ids["F"]])
    return ids


@pytest.mark.parametrize("shards", [1, 3])
async def test_the_four_states_per_agency_and_in_all(db, quarter, now, tz, shards) -> None:
    rollup = await compute_rollup(db, as_of=now, period="quarter", tz=tz, shards=shards)
    states = {a.name[-1]: (a.counts.done_on_time, a.counts.done_late, a.counts.open_on_time, a.counts.open_overdue)
              for a in rollup.agencies}
    assert states == {
        "A": (2, 1, 1, 0),  # 1.1 on time; 1.2 January on time, February late, March open
        "B": (0, 1, 0, 0),
        "C": (0, 0, 0, 1),
        "D": (1, 0, 0, 0),  # done by its extended date
        "E": (0, 0, 1, 0),  # extended, not done, the new date not passed
        "F": (0, 0, 1, 0),  # 1.3 within its deadline; 1.4 has none and is not counted
        "G": (0, 0, 0, 1),  # its request was refused
    }
    t = rollup.totals
    assert (t.done_on_time, t.done_late, t.open_on_time, t.open_overdue) == (3, 2, 3, 2)
    assert t.on_time_pct == 42.9  # 3 of the 7 done or past due
    assert rollup.agency(quarter["E"]).counts.on_time_pct is None  # nothing done or due yet: not judged
    assert rollup.agency(quarter["A"]).counts.on_time_pct == 66.7


async def test_detail_lines_carry_the_state_and_both_dates(db, quarter, now, tz) -> None:
    rollup = await compute_rollup(db, as_of=now, period="quarter", tz=tz)
    line = by_task(rollup, quarter["1.1"], quarter["D"])
    assert (line.state, line.extended, line.bucket) == ("done_on_time", True, "done")
    line = by_task(rollup, quarter["1.1"], quarter["E"])
    assert (line.state, line.extended, line.bucket) == ("open_on_time", True, "not_reported")
    assert (line.planned_due, line.next_due, line.overdue_since) == (date(2025, 2, 28), date(2025, 3, 31), None)
    line = by_task(rollup, quarter["1.1"], quarter["C"])
    assert (line.state, line.extended, line.planned_due, line.overdue_since) == (
        "open_overdue", False, date(2025, 2, 28), date(2025, 2, 28))
    assert by_task(rollup, quarter["1.1"], quarter["B"]).state == "done_late"
    assert by_task(rollup, quarter["1.2"], quarter["A"]).state == "open_on_time"
    assert by_task(rollup, quarter["1.4"], quarter["F"]).state is None
    assert rollup.as_json()["totals"]["states"] == {
        "done_on_time": 3, "done_late": 2, "open_on_time": 3, "open_overdue": 2}


async def test_an_extended_agency_leaves_the_late_list(db, quarter, now, tz) -> None:
    late = await compute_overdue(db, as_of=now, tz=tz)
    listed = {line.agency[-1] for group in late.groups for line in group.lines}
    assert listed == {"C", "G"} and late.total == 2
    rollup = await compute_rollup(db, as_of=now, period="quarter", tz=tz)
    assert rollup.totals.overdue == 2


async def test_an_extension_waiting_for_a_decision_is_an_answer_in_the_late_list(db, quarter, now, tz) -> None:
    # C asked for 31/03 on 05/03 and the secretary has not decided; G's request was refused on 26/02
    await extensions.request(
        db, task_id=quarter["1.1"], occurrence_id=quarter["1.1 feb"], agency_id=quarter["C"],
        previous_due=date(2025, 2, 28), proposed_due=date(2025, 3, 31), reason="chờ số liệu", user_id=None,  # type: ignore[arg-type]
        channel="telegram", chat_id="1", now=datetime(2025, 3, 5, 2, 0, tzinfo=UTC),
    )
    late = await compute_overdue(db, as_of=now, tz=tz)
    asked = {line.agency[-1]: line.asked for group in late.groups for line in group.lines}
    assert asked == {"C": date(2025, 3, 31), "G": None}
    text = "\n".join(render_overdue(late))
    assert "— Đang xin gia hạn đến 31/03/2025" in text and text.count("— Chưa báo cáo") == 1  # G's only
    # as of before the request, C had not answered
    before = await compute_overdue(db, as_of=datetime(2025, 3, 4, 2, 0, tzinfo=UTC), tz=tz)
    asked = {line.agency[-1]: line.asked for group in before.groups for line in group.lines}
    assert asked["C"] is None and set(asked.values()) == {None}

