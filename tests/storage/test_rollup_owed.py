"""storage.rollups: what each lead agency of one shared task owes, by the paths the rollup takes.

Most pairs have neither a latest "done" report nor a "done" report naming an occurrence; they read the
task's first due dates from its row. The others search the occurrences. One task shared by agencies on
every path shows that each gets its own answer.
"""

from __future__ import annotations

from datetime import date

import aiosqlite
import pytest

from storage.rollups import compute_rollup
from tests.rollup_world import Data, by_task

pytestmark = pytest.mark.both_backends


@pytest.fixture
async def shared(db: aiosqlite.Connection) -> dict[str, int]:
    """A monthly task (31/01, 28/02, 31/03) with six lead agencies and an undated one; now is 10/03 09:00."""
    d = Data(db)
    ids: dict[str, int] = {}
    for key in ("plain", "named", "unnamed_done", "done_now", "moved_plain", "reopened_now"):
        ids[key] = await d.agency(f"Phòng {key}")
    plan = await d.plan("05/KH-UBND")
    task, (jan, feb, _) = await d.task(
        plan, None, "1.1", lead=list(ids.values()), dues=["2025-01-31", "2025-02-28", "2025-03-31"]
    )
    ids["task"] = task
    await d.report(task, ids["plain"], "in_progress", "2025-03-01 09:00")
    await d.report(task, ids["named"], "done", "2025-02-02 09:00", occurrence=jan)
    await d.report(task, ids["named"], "in_progress", "2025-03-03 09:00")
    await d.report(task, ids["unnamed_done"], "done", "2025-02-15 09:00")
    await d.report(task, ids["done_now"], "in_progress", "2025-02-01 09:00")
    await d.report(task, ids["done_now"], "done", "2025-03-10 08:00", occurrence=feb)
    await d.report(task, ids["moved_plain"], "in_progress", "2025-03-10 08:30")
    await d.report(task, ids["reopened_now"], "done", "2025-02-02 09:00", occurrence=jan)
    await d.report(task, ids["reopened_now"], "in_progress", "2025-03-10 08:45")
    ids["undated"], _ = await d.task(plan, None, "1.2", lead=[ids["plain"]])
    await d.report(ids["undated"], ids["plain"], "in_progress", "2025-03-01 09:00")
    return ids


@pytest.mark.parametrize(
    ("agency", "overdue_since", "next_due", "bucket"),
    [
        ("plain", date(2025, 1, 31), date(2025, 3, 31), "overdue"),
        # January answered by name, then reopened: February is the first owed
        ("named", date(2025, 2, 28), date(2025, 3, 31), "overdue"),
        # done without naming one: covers up to the first due on or after the day it was made
        ("unnamed_done", None, date(2025, 3, 31), "done"),
        ("done_now", None, date(2025, 3, 31), "done"),
        ("moved_plain", date(2025, 1, 31), date(2025, 3, 31), "overdue"),
        ("reopened_now", date(2025, 2, 28), date(2025, 3, 31), "overdue"),
    ],
)
async def test_each_agency_owes_its_own_occurrences(
    db, shared, now, tz, agency: str, overdue_since: date | None, next_due: date | None, bucket: str
) -> None:
    rollup = await compute_rollup(db, as_of=now, period="week", tz=tz)
    line = by_task(rollup, shared["task"], shared[agency])
    assert (line.overdue_since, line.next_due, line.bucket) == (overdue_since, next_due, bucket)


async def test_task_without_dates_owes_nothing(db, shared, now, tz) -> None:
    rollup = await compute_rollup(db, as_of=now, period="week", tz=tz)
    line = by_task(rollup, shared["undated"], shared["plain"])
    assert (line.overdue_since, line.next_due, line.bucket) == (None, None, "on_track")


async def test_changes_compare_with_what_each_agency_owed_before(db, shared, now, tz) -> None:
    # moved_plain and reopened_now were overdue before this week already; done_now became done
    rollup = await compute_rollup(db, as_of=now, period="week", tz=tz)
    names = {v: k for k, v in shared.items() if k not in ("task", "undated")}
    assert {(c.kind, names[c.agency_id]) for c in rollup.changes} == {("done", "done_now")}


async def test_one_agency_rollup_agrees_with_the_whole(db, shared, now, tz) -> None:
    whole = await compute_rollup(db, as_of=now, period="week", tz=tz)
    for key in ("plain", "named", "done_now"):
        own = await compute_rollup(db, as_of=now, period="week", tz=tz, agency_id=shared[key])
        assert own.details == tuple(d for d in whole.details if d.agency_id == shared[key])
