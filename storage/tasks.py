"""Task reads of the bot: a task by id or number, who reports on it, and an agency's open deadlines."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from typing import Any

import aiosqlite

from storage.db import from_utc_iso, utc_iso
from storage.extensions import approved_dues
from storage.rows import from_row, from_rows

TASK_COLUMNS = (
    "id, plan_id, section_id, number, key, title, deliverables, lead_text, support_text, support_other,"
    " deadline_text, position, active"
)


@dataclass(frozen=True)
class Task:
    id: int
    plan_id: int
    section_id: int | None
    number: str
    key: str
    title: str
    deliverables: str  # JSON list, see deliverable_list
    lead_text: str
    support_text: str
    support_other: str  # JSON list, see support_other_list
    deadline_text: str
    position: int
    active: int

    @property
    def deliverable_list(self) -> list[str]:
        """The deliverables as a list of texts."""
        return json.loads(self.deliverables)

    @property
    def support_other_list(self) -> list[str]:
        """Supporting bodies outside the registry, as printed."""
        return json.loads(self.support_other)


@dataclass(frozen=True)
class OpenItem:
    """One open deadline of an agency: an occurrence, or an undated ongoing/event milestone."""

    task_id: int
    plan_id: int
    number: str
    key: str
    title: str
    deliverable: str | None
    role: str  # lead | support
    milestone_id: int
    occurrence_id: int | None
    due: date | None
    kind: str
    label: str | None
    trigger: str | None  # what an event milestone waits for
    plan_code: str = ""  # the plan's code ("17/KH-UBND"): two plans may both have a task 1.1

    def overdue(self, today: date) -> bool:
        """True when the due date has passed."""
        return self.due is not None and self.due < today


async def get_task(db: aiosqlite.Connection, task_id: int) -> Task | None:
    """The task with this id (active or not), or None."""
    rows = await db.execute_fetchall(f"SELECT {TASK_COLUMNS} FROM tasks WHERE id = ?", (task_id,))
    return from_row(Task, rows[0]) if rows else None


async def plain_task_numbers(db: aiosqlite.Connection, agency_id: int) -> frozenset[str]:
    """The numbers without a dot ("2") of the active tasks an agency leads or supports: a plan numbered 1, 2, 3."""
    rows = await db.execute_fetchall(
        "SELECT DISTINCT t.number FROM tasks AS t JOIN task_agencies AS ta ON ta.task_id = t.id"
        " WHERE ta.agency_id = ? AND t.active = 1 AND t.number NOT LIKE '%.%'",
        (agency_id,),
    )
    return frozenset(row[0] for row in rows)


@dataclass(frozen=True)
class NumberedTask:
    """A task with the code of its plan ("17/KH-UBND"), for telling apart tasks numbered alike."""

    task: Task
    plan_code: str


async def find_tasks(db: aiosqlite.Connection, number_or_key: str, *, agency_id: int | None = None) -> list[NumberedTask]:
    """Every active task with this key ("7.6#2") or number ("7.6": a plan's second 7.6 too), latest plan
    first, in the plan's order; with agency_id, only tasks that agency leads or supports."""
    text = number_or_key.strip()
    scope, args = "1 = 1", ()
    if agency_id is not None:
        scope, args = "t.id IN (SELECT task_id FROM task_agencies WHERE agency_id = ?)", (agency_id,)
    columns = ", ".join(f"t.{c.strip()}" for c in TASK_COLUMNS.split(","))
    rows = await db.execute_fetchall(
        f"SELECT {columns}, p.code AS plan_code FROM tasks AS t JOIN plans AS p ON p.id = t.plan_id"
        f" WHERE t.active = 1 AND {scope} AND (t.key = ? OR t.number = ?)"
        " ORDER BY p.imported_at DESC, p.id DESC, t.position",
        (*args, text, text),
    )
    return [NumberedTask(from_row(Task, row), row["plan_code"]) for row in rows]


@dataclass(frozen=True)
class TaskFacts:
    """What deciding who reports on a task needs: the task, its (agency id, role) pairs, leads first,
    and the task each occurrence in question belongs to (a forged button names another task's)."""

    task: Task
    links: tuple[tuple[int, str], ...]
    occurrence_tasks: dict[int, int]


async def task_facts_of(
    db: aiosqlite.Connection, tasks: str, task_params: Sequence[Any], occurrences: str, occurrence_params: Sequence[Any]
) -> dict[int, TaskFacts]:
    """TaskFacts by task id, for the task ids and occurrence ids that the SQL `tasks` and `occurrences`
    (a "?" or a subquery) name."""
    task_rows = await db.execute_fetchall(f"SELECT {TASK_COLUMNS} FROM tasks WHERE id IN ({tasks})", task_params)
    link_rows = await db.execute_fetchall(
        f"SELECT task_id, agency_id, role FROM task_agencies WHERE task_id IN ({tasks}) ORDER BY task_id, role, agency_id",
        task_params,
    )
    occurrence_rows = await db.execute_fetchall(
        "SELECT o.id, m.task_id FROM occurrences AS o JOIN milestones AS m ON m.id = o.milestone_id"
        f" WHERE o.id IN ({occurrences})",
        occurrence_params,
    )
    links: dict[int, list[tuple[int, str]]] = {}
    for row in link_rows:
        links.setdefault(row["task_id"], []).append((row["agency_id"], row["role"]))
    occurrence_tasks = {row[0]: row[1] for row in occurrence_rows}
    return {
        task.id: TaskFacts(task, tuple(links.get(task.id, ())), occurrence_tasks)
        for task in from_rows(Task, task_rows)
    }


async def task_facts(db: aiosqlite.Connection, task_id: int, occurrence_id: int | None) -> TaskFacts | None:
    """The task, its agencies and its occurrence's task; None for an unknown task."""
    return (await task_facts_of(db, "?", (task_id,), "?", (occurrence_id,))).get(task_id)


async def occurrence_due(db: aiosqlite.Connection, occurrence_id: int) -> tuple[date, str] | None:
    """The plan's due date of an occurrence and its milestone's kind ("recurring" for a series), or None."""
    rows = await db.execute_fetchall(
        "SELECT o.due, m.kind FROM occurrences AS o JOIN milestones AS m ON m.id = o.milestone_id WHERE o.id = ?",
        (occurrence_id,),
    )
    return (date.fromisoformat(rows[0][0]), rows[0][1]) if rows else None


async def task_agencies(db: aiosqlite.Connection, task_id: int) -> list[tuple[int, str]]:
    """(agency id, role) pairs linked to the task, leads first."""
    rows = await db.execute_fetchall(
        "SELECT agency_id, role FROM task_agencies WHERE task_id = ? ORDER BY role, agency_id", (task_id,)
    )
    return [(r["agency_id"], r["role"]) for r in rows]


# An occurrence is open for an agency unless the agency's latest report that counts for it says done.
# A report counts when it names the occurrence, or names none (a task-level reply) and was made after
# the milestone's previous occurrence was due: "done" for March's monthly report must not close April's.
# Nor is it open when a standing "done" of the agency names it or a later occurrence of the task (`named_to`):
# a «xong» closes its date and the earlier ones for good, and a «đang làm» said after it reopens none; nor
# when the agency's latest report on the task is a "done" naming none whose day reaches it (`covered_to`).
# (schedules/planner.py and storage/rollups.py apply the same rules, so /tasks, the reminders and the
# roll-ups agree: docs/architecture.md, "Plans".)
_OPEN_SQL = """
WITH links AS (
    SELECT ta.task_id, MIN(ta.role) AS role            -- 'lead' < 'support': a lead link wins
    FROM task_agencies AS ta
    WHERE ta.agency_id = :agency AND (:support OR ta.role = 'lead')
    GROUP BY ta.task_id
),
items AS (
    SELECT t.id AS task_id, t.plan_id, pl.code AS plan_code, t.number, t.key, t.title, t.deliverables,
           t.position AS task_pos,
           l.role, m.id AS milestone_id, m.position AS m_pos, m.kind, m.label, m.trigger_text,
           o.id AS occurrence_id, o.due,
           (SELECT MAX(p.due) FROM occurrences AS p
             WHERE p.milestone_id = m.id AND p.active = 1 AND p.due < o.due) AS prev_due
    FROM links AS l
    JOIN tasks AS t ON t.id = l.task_id AND t.active = 1
    JOIN plans AS pl ON pl.id = t.plan_id
    JOIN milestones AS m ON m.task_id = t.id
    LEFT JOIN occurrences AS o ON o.milestone_id = m.id AND o.active = 1
    WHERE o.id IS NOT NULL
       OR (m.kind <> 'recurring' AND NOT EXISTS (SELECT 1 FROM occurrences AS x WHERE x.milestone_id = m.id))
)
SELECT i.*,
       (SELECT r.status FROM reports AS r
         WHERE r.task_id = i.task_id AND r.agency_id = :agency AND r.withdrawn_at IS NULL
           AND (r.occurrence_id = i.occurrence_id
                OR (r.occurrence_id IS NULL
                    AND (i.prev_due IS NULL OR date(r.created_at, :off) > i.prev_due)))
         ORDER BY r.created_at DESC, r.id DESC LIMIT 1) AS latest,
       (SELECT CASE WHEN r.status <> 'done' THEN NULL
                    WHEN r.occurrence_id IS NOT NULL
                    THEN COALESCE((SELECT o.due FROM occurrences AS o WHERE o.id = r.occurrence_id), '9999-12-31')
                    ELSE COALESCE((SELECT MIN(o.due) FROM occurrences AS o JOIN milestones AS m ON m.id = o.milestone_id
                                   WHERE m.task_id = r.task_id AND o.active = 1 AND o.due >= date(r.created_at, :off)),
                                  '9999-12-31') END
         FROM reports AS r
         WHERE r.task_id = i.task_id AND r.agency_id = :agency AND r.withdrawn_at IS NULL
         ORDER BY r.created_at DESC, r.id DESC LIMIT 1) AS covered_to,
       (SELECT MAX(od.due) FROM reports AS r JOIN occurrences AS od ON od.id = r.occurrence_id
         WHERE r.task_id = i.task_id AND r.agency_id = :agency AND r.status = 'done'
           AND r.withdrawn_at IS NULL) AS named_to
FROM items AS i
"""


async def tasks_for_agency(
    db: aiosqlite.Connection,
    agency_id: int,
    *,
    today: date,
    include_support: bool = True,
    until: date | None = None,
    tz: tzinfo | None = None,
) -> list[OpenItem]:
    """The agency's open deadlines: dated ones by due date (so overdue first), then undated ones."""
    # report instants are UTC; their local day (in `tz`, UTC when not given) is what compares with due dates
    offset = tz.utcoffset(datetime.combine(today, time(12))) if tz is not None else None
    rows = await db.execute_fetchall(
        _OPEN_SQL,
        {
            "agency": agency_id,
            "support": int(include_support),
            "off": f"{int(offset.total_seconds()) if offset else 0:+d} seconds",
        },
    )
    # an approved extension is the agency's due date for that occurrence
    extended = {occ: due for (occ, agency), due in (await approved_dues(db)).items() if agency == agency_id}
    items: list[tuple[tuple, OpenItem]] = []
    for r in rows:
        if r["latest"] == "done" or (r["due"] is not None and any(
                mark is not None and r["due"] <= mark for mark in (r["covered_to"], r["named_to"]))):
            continue
        due = date.fromisoformat(r["due"]) if r["due"] else None
        if extended and r["occurrence_id"] in extended:
            due = extended[r["occurrence_id"]]
        if until is not None and due is not None and due > until:
            continue
        deliverables = json.loads(r["deliverables"])
        item = OpenItem(
            task_id=r["task_id"],
            plan_id=r["plan_id"],
            number=r["number"],
            key=r["key"],
            title=r["title"],
            deliverable=deliverables[0] if deliverables else None,
            role=r["role"],
            milestone_id=r["milestone_id"],
            occurrence_id=r["occurrence_id"],
            due=due,
            kind=r["kind"],
            label=r["label"],
            trigger=r["trigger_text"],
            plan_code=r["plan_code"],
        )
        items.append(((due is None, due or today, r["plan_id"], r["task_pos"], r["m_pos"]), item))
    items.sort(key=lambda pair: pair[0])
    return [item for _, item in items]


@dataclass(frozen=True)
class TakenBack:
    """A «xong» a later report of its agency took back: who said it, and when (UTC)."""

    user_id: int
    name: str
    at: datetime


async def take_back_done(
    db: aiosqlite.Connection, task_id: int, agency_id: int, *, now: datetime
) -> TakenBack | None:
    """On a task with one date or none (no series), withdraw the agency's standing «xong» reports, the latest
    first: a «đang làm» or «vướng» said after it, by anyone of the agency, reopens the task everywhere (the
    latest report wins; on a series a «xong» stands: docs/architecture.md, "Plans"). The latest one taken
    back, or None."""
    rows = await db.execute_fetchall(
        "SELECT r.id, r.user_id, u.display_name, r.created_at FROM reports AS r JOIN users AS u ON u.id = r.user_id"
        " WHERE r.task_id = ? AND r.agency_id = ? AND r.status = 'done' AND r.withdrawn_at IS NULL"
        "   AND (SELECT COUNT(*) FROM occurrences AS o JOIN milestones AS m ON m.id = o.milestone_id"
        "        WHERE m.task_id = r.task_id AND o.active = 1) <= 1"
        "   AND NOT EXISTS (SELECT 1 FROM milestones AS m WHERE m.task_id = r.task_id AND m.kind = 'recurring')"
        " ORDER BY r.created_at DESC, r.id DESC",
        (task_id, agency_id),
    )
    for row in rows:  # withdrawn as an edit withdraws: kept, no longer counted (storage.reports.withdraw_report)
        await db.execute("UPDATE reports SET withdrawn_at = ? WHERE id = ?", (utc_iso(now), row[0]))
    return TakenBack(rows[0][1], rows[0][2], from_utc_iso(rows[0][3])) if rows else None


@dataclass(frozen=True)
class PlanTask:
    """One active task as the plan lists it, with its section and how many agencies lead it."""

    plan_code: str
    section_number: str
    section_title: str
    number: str
    title: str
    leads: int
    lead: str  # the lead agency's name when there is one, else ""


async def plan_tasks(db: aiosqlite.Connection) -> list[PlanTask]:
    """Every active task of every plan, newest plan first, in the plan's order (sections, then tasks)."""
    rows = await db.execute_fetchall(
        "SELECT p.code AS plan_code, COALESCE(s.number, '') AS section_number, COALESCE(s.title, '') AS section_title,"
        "       t.number, t.title,"
        "       (SELECT COUNT(*) FROM task_agencies AS ta WHERE ta.task_id = t.id AND ta.role = 'lead') AS leads,"
        "       COALESCE((SELECT MIN(a.name) FROM task_agencies AS ta JOIN agencies AS a ON a.id = ta.agency_id"
        "                 WHERE ta.task_id = t.id AND ta.role = 'lead'), '') AS lead"
        " FROM tasks AS t JOIN plans AS p ON p.id = t.plan_id LEFT JOIN sections AS s ON s.id = t.section_id"
        " WHERE t.active = 1"
        " ORDER BY p.imported_at DESC, p.id DESC, s.position IS NULL, s.position, t.position, t.id"
    )
    return from_rows(PlanTask, rows)
