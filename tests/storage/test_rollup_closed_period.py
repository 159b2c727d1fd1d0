"""A period already ended says what it said at its end (TESTER15 F13): a plan imported after the end stays out
of it, and so does an extension approved after the end; reports made after the end are the next period's."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storage.rollups import compute_rollup
from tests.rollup_world import Data, at

pytestmark = pytest.mark.both_backends

Q1_END = datetime(2025, 3, 31, 16, 59, 59, tzinfo=UTC)  # 23:59:59 on 31/03 in Vietnam: /summary quý trước


def _figures(rollup) -> tuple:
    late = sorted((d.number, d.agency) for d in rollup.details if d.overdue_since)
    states = (rollup.totals.open_overdue, rollup.totals.open_on_time, rollup.totals.done_late)
    return rollup.totals.lead_tasks, rollup.totals.overdue, states, late, [s.plan_code for s in rollup.sections]


async def test_a_quarter_read_after_it_ended_keeps_its_figures(db, tz) -> None:
    d = Data(db)
    noi_vu, ben_nghe = await d.agency("Phòng Nội vụ"), await d.agency("Phường Bến Nghé", "ward")
    plan = await d.plan("17/KH-UBND")
    s3 = await d.section(plan, "3", "Cải cách thủ tục hành chính", 3)
    t37, (occ,) = await d.task(plan, s3, "3.7", lead=[noi_vu], dues=["2025-03-20"])
    await d.task(plan, s3, "3.8", lead=[ben_nghe], dues=["2025-03-31"])
    await db.commit()
    on_01_04 = _figures(await compute_rollup(db, as_of=Q1_END, period="quarter", tz=tz))
    assert on_01_04[:2] == (2, 2) and on_01_04[3] == [("3.7", "Phòng Nội vụ"), ("3.8", "Phường Bến Nghé")]

    # April: plan 52 imported on 04/04 (a task due 08/04), 3.7's extension to 30/04 approved on 18/04, 3.8 done
    # on 02/04 (late: the second quarter's news, not the first's)
    later = await d.plan("52/KH-UBND", imported_at=at("2025-04-04 09:00"))
    await d.task(later, None, "1", lead=[ben_nghe], dues=["2025-04-08"])
    await db.execute(
        "INSERT INTO extensions (task_id, occurrence_id, agency_id, previous_due, proposed_due, reason, status,"
        " requested_at, channel, chat_id, decided_at) VALUES (?, ?, ?, '2025-03-20', '2025-04-30', 'chờ Sở',"
        " 'approved', ?, 'telegram', '1', ?)",
        (t37, occ, noi_vu, at("2025-04-15 09:00"), at("2025-04-18 10:00")),
    )
    t38 = (await db.execute_fetchall("SELECT id FROM tasks WHERE number = '3.8'"))[0][0]
    await d.report(t38, ben_nghe, "done", "2025-04-02 09:00")
    await db.commit()
    on_18_04 = await compute_rollup(db, as_of=Q1_END, period="quarter", tz=tz)
    assert _figures(on_18_04) == on_01_04
    assert on_18_04.extensions == ()  # none granted in the first quarter

    # the second quarter, read on 18/04, has all of it: the new plan, the extension, 3.8 done late
    now = await compute_rollup(db, as_of=datetime(2025, 4, 18, 4, tzinfo=UTC), period="quarter", tz=tz)
    assert now.totals.lead_tasks == 3 and [s.plan_code for s in now.sections] == ["17/KH-UBND", "52/KH-UBND"]
    line = next(x for x in now.details if x.number == "3.7")
    assert (line.extended, line.overdue_since, line.next_due.isoformat()) == (True, None, "2025-04-30")
    assert now.totals.done_late == 1
