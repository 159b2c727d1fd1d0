"""Approved extensions in a roll-up: the few pairs they move, corrected after the per-pair table is made.

The roll-up's SQL reads every pair against the plan's dates. A pair with an approved extension
(storage.extensions) is then read again here, alone: its occurrences, its done reports, and the due dates
its extensions give. For such a pair each occurrence counts as done from the day of the first done report
that answers it (the rule of the four states), and its overdue and next dates are those of the occurrences
not done, at their current due dates. Extensions are rare (tens at a province), so this is a few small
queries; a roll-up with none costs one.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date

import aiosqlite

from storage.db import ids_in
from storage.rollup_values import GrantedExtension, State

# The newest extension of each (occurrence, agency) approved by the roll-up's moment: a period already ended
# keeps the due dates it had at its end (an extension approved on 18/04 leaves the first quarter's report alone).
_APPROVED_BY = """SELECT e.task_id, e.occurrence_id, e.agency_id, e.proposed_due FROM extensions e
WHERE e.status = 'approved' AND e.decided_at <= :as_of AND e.id = (
    SELECT x.id FROM extensions x WHERE x.occurrence_id = e.occurrence_id AND x.agency_id = e.agency_id
      AND x.status = 'approved' AND x.decided_at <= :as_of ORDER BY x.decided_at DESC, x.id DESC LIMIT 1)"""


def state_of(done_on: date | None, due: date, today: date) -> State:
    """The on-time state of one occurrence: done (on time or late against `due`), else open or overdue."""
    if done_on is not None:
        return "done_on_time" if done_on <= due else "done_late"
    return "open_overdue" if due < today else "open_on_time"


def done_days(dues: list[date], marks: list[tuple[date, date]]) -> dict[date, date]:
    """{due: the day it was done} from done reports in time order, each (day, the last due it answers)."""
    found: dict[date, date] = {}
    reached = date.min
    for day, mark in marks:
        if mark <= reached:
            continue
        for due in dues:
            if reached < due <= mark:
                found[due] = day
        reached = mark
    return found


_COLUMNS = {"done_on_time": "st_on_time", "done_late": "st_late", "open_on_time": "st_open", "open_overdue": "st_overdue"}


async def apply_extensions(db: aiosqlite.Connection, pairs: str, occ: str, params: dict, *, states: bool) -> None:
    """Correct the rows of `pairs` (a roll-up's per-pair table, over the occurrences table `occ`) that an
    approved extension moves: their overdue and next dates, the plan's date of the one shown, and (with
    `states`) their four counts."""
    async with db.execute(
        "SELECT EXISTS (SELECT 1 FROM extensions WHERE status = 'approved' AND decided_at <= :as_of)", params
    ) as cur:
        if not (await cur.fetchone())[0]:
            return
    async with db.execute(_APPROVED_BY, params) as cur:
        approved = await cur.fetchall()
    moved: dict[tuple[int, int], dict[int, date]] = defaultdict(dict)
    for task_id, occurrence_id, agency_id, due in approved:
        moved[(task_id, agency_id)][occurrence_id] = date.fromisoformat(due)
    # the pairs' tasks as a list of ids (ids_in: the SQL of either backend), the pairs picked out here
    tasks = json.dumps(sorted({task_id for task_id, _ in moved}))
    async with db.execute(f"SELECT p.task_id, p.agency_id FROM {pairs} p WHERE p.task_id IN {ids_in(db)}", (tasks,)) as cur:
        rows = [(task_id, agency_id) for task_id, agency_id in await cur.fetchall() if (task_id, agency_id) in moved]
    if not rows:
        return
    dues: dict[int, list[tuple[date, int]]] = defaultdict(list)
    async with db.execute(f"SELECT task_id, due, occ_id FROM {occ} WHERE task_id IN {ids_in(db)} ORDER BY due", (tasks,)) as cur:
        for task_id, due, occurrence_id in await cur.fetchall():
            dues[task_id].append((date.fromisoformat(due), occurrence_id))
    reports: dict[tuple[int, int], list[tuple[date, date | None]]] = defaultdict(list)
    async with db.execute(
        "SELECT r.task_id, r.agency_id, date(r.created_at, :off), o.due FROM reports r"
        " LEFT JOIN occurrences o ON o.id = r.occurrence_id"
        " WHERE r.status = 'done' AND r.withdrawn_at IS NULL AND r.created_at <= :as_of"
        f" AND r.task_id IN {ids_in(db, ':tasks')} ORDER BY r.created_at, r.id",
        {**params, "tasks": tasks},
    ) as cur:
        for task_id, agency_id, day, named in await cur.fetchall():
            reports[(task_id, agency_id)].append((date.fromisoformat(day), date.fromisoformat(named) if named else None))
    today = date.fromisoformat(params["today"])
    for task_id, agency_id in rows:
        await _correct(db, pairs, (task_id, agency_id), dues[task_id], reports[(task_id, agency_id)],
                       moved[(task_id, agency_id)], today, states)


async def _correct(
    db: aiosqlite.Connection,
    pairs: str,
    pair: tuple[int, int],
    dues: list[tuple[date, int]],
    reports: list[tuple[date, date | None]],
    extended: dict[int, date],
    today: date,
    states: bool,
) -> None:
    """One extended pair's row (`pair`: task and agency), computed from its occurrences and done reports."""
    plain = [due for due, _ in dues]
    marks = []
    for day, named in reports:
        mark = named or next((due for due in plain if due >= day), date.max)
        marks.append((day, mark))
    done = done_days(plain, marks)
    nxt = next((due for due in plain if due >= today), None)
    delta = dict.fromkeys(_COLUMNS, 0)
    late: tuple[date, date] | None = None  # (current due, plan's due) of the first open one past due
    coming: tuple[date, date] | None = None
    for due, occurrence_id in dues:
        current = extended.get(occurrence_id, due)
        if (nxt is None or due <= nxt) and occurrence_id in extended:
            delta[state_of(done.get(due), due, today)] -= 1
            delta[state_of(done.get(due), current, today)] += 1
        if due in done:
            continue
        if current < today:
            late = min(late, (current, due)) if late else (current, due)
        else:
            coming = min(coming, (current, due)) if coming else (current, due)
    shown = late or coming
    sets = ["overdue_since = ?", "next_due = ?", "planned_due = ?", "extended = 1"]
    values: list[object] = [
        late[0].isoformat() if late else None,
        coming[0].isoformat() if coming else None,
        shown[1].isoformat() if shown else None,
    ]
    if states:
        for state, column in _COLUMNS.items():
            sets.append(f"{column} = {column} + ?")
            values.append(delta[state])
    await db.execute(f"UPDATE {pairs} SET {', '.join(sets)} WHERE task_id = ? AND agency_id = ?", (*values, *pair))


async def granted(db: aiosqlite.Connection, params: dict) -> tuple[GrantedExtension, ...]:
    """The extensions approved in a roll-up's period, by its moment (of its plan and agency)."""
    async with db.execute(
        """SELECT e.task_id, t.number, t.title, e.agency_id, a.name, o.due, e.proposed_due, e.reason,
                  date(e.decided_at, :off)
           FROM extensions e JOIN tasks t ON t.id = e.task_id JOIN agencies a ON a.id = e.agency_id
           JOIN occurrences o ON o.id = e.occurrence_id
           WHERE e.status = 'approved' AND e.decided_at >= :start_cut AND e.decided_at <= :as_of
             AND (:plan_id IS NULL OR t.plan_id = :plan_id) AND (:agency_id IS NULL OR e.agency_id = :agency_id)
           ORDER BY e.decided_at, e.id""",
        params,
    ) as cur:
        rows = await cur.fetchall()
    return tuple(
        GrantedExtension(task_id, number, title, agency_id, agency, date.fromisoformat(planned),
                         date.fromisoformat(new), reason, date.fromisoformat(decided))
        for task_id, number, title, agency_id, agency, planned, new, reason, decided in rows
    )
