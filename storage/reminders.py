"""What the reminder planner reads (deadlines, people, latest reports), as its own values, and the log of
what it planned."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal, NamedTuple, get_args

import aiosqlite

from plans.model import MilestoneKind
from storage.db import dialect, utc_iso
from storage.explanations import explained as explained_pairs
from storage.extensions import approved_decisions, pending_dues
from storage.reports import ReportStatus
from storage.rows import from_rows

Role = Literal["none", "member", "head", "secretary", "admin"]


@dataclass(frozen=True)
class Agency:
    """A lead (or coordinating) agency of a task: id and the name people know it by."""

    id: int
    name: str


@dataclass(frozen=True)
class OccurrenceInfo:
    """One concrete deadline of a task (or an ongoing task's standing duty), with what a reminder shows."""

    occurrence_id: int | None  # None: an ongoing milestone with no bound date
    milestone_id: int
    task_id: int
    plan_code: str
    task_number: str
    task_title: str
    deliverable: str
    kind: MilestoneKind
    due: date | None  # None only for an ongoing milestone without a bound
    leads: tuple[Agency, ...]
    label: str | None = None
    previous_due: date | None = None  # due of the milestone's previous occurrence (recurring)
    triggered_on: date | None = None  # event milestones are silent until this is set
    reminded_before_due: frozenset[int] = frozenset()  # agencies that got a pre-due reminder
    # coordinating (phối hợp) agencies: never reminded, but a blocked one goes to the secretaries
    supports: tuple[Agency, ...] = ()
    # agency → its due date after an approved extension (storage.extensions); the others keep `due`
    extended: tuple[tuple[int, date], ...] = ()
    # agency → when that extension was approved (the decision itself tells the agency its new date)
    extended_at: tuple[tuple[int, datetime], ...] = ()
    # (agency, its newest explanation) of agencies that explained why it is late: reminded weekly
    explanations: tuple[tuple[int, str], ...] = ()
    # agency → the date its extension request waiting for a secretary's decision asks for: it answered
    asked: tuple[tuple[int, date], ...] = ()
    task_key: str = ""  # the task's key in its plan when it differs from its number ("7.6#2")

    @property
    def task_name(self) -> str:
        """How people name the task in its plan: its number, or its key ("7.6#2" for the plan's second 7.6)."""
        return self.task_key or self.task_number

    @property
    def explained(self) -> frozenset[int]:
        """The agencies that explained why it is late."""
        return frozenset(agency for agency, _ in self.explanations)

    def explanation_of(self, agency_id: int) -> str | None:
        """The agency's newest explanation, if it gave one."""
        return next((text for agency, text in self.explanations if agency == agency_id), None)

    def asked_for(self, agency_id: int) -> date | None:
        """The date the agency's pending extension request asks for, if it made one."""
        return next((due for agency, due in self.asked if agency == agency_id), None)

    def extended_on(self, agency_id: int) -> datetime | None:
        """When the agency's approved extension was decided, if it has one."""
        return next((moment for agency, moment in self.extended_at if agency == agency_id), None)

    def due_for(self, agency_id: int) -> date | None:
        """The agency's due date: its approved extension's, else the plan's."""
        for agency, due in self.extended:
            if agency == agency_id:
                return due
        return self.due


@dataclass(frozen=True)
class Person:
    """Someone who can be messaged: role, agency, and the one chat the bot reaches them in."""

    user_id: int
    role: Role
    agency_id: int | None
    channel: str
    chat_id: str
    lang: str | None = None
    name: str = ""


class LatestReport(NamedTuple):
    """The newest report of an agency on a task, for one occurrence (or none): a named tuple, 203,000 of them
    at national scale (a frozen dataclass sets its fields one by one)."""

    task_id: int
    occurrence_id: int | None
    agency_id: int
    status: ReportStatus
    created_at: datetime  # aware
    percent: int | None = None
    eta: str | None = None  # ISO date
    note: str = ""


@dataclass(frozen=True)
class Scope:
    """The lead pairs a re-plan covers: every lead of `tasks`, every task `agencies` lead, and `pairs`."""

    everything: bool = False
    tasks: frozenset[int] = frozenset()
    agencies: frozenset[int] = frozenset()
    pairs: frozenset[tuple[int, int]] = frozenset()

    def __bool__(self) -> bool:
        return self.everything or bool(self.tasks or self.agencies or self.pairs)

    def params(self) -> dict[str, object]:
        """The scope as the `:everything` and `:scope` (JSON) parameters of `_in_scope`'s filter."""
        return {
            "everything": self.everything,
            "scope": json.dumps(
                {"tasks": sorted(self.tasks), "agencies": sorted(self.agencies), "pairs": sorted(self.pairs)}
            ),
        }


EVERYTHING = Scope(everything=True)


_IN_SCOPE = {
    "sqlite": (
        "(:everything OR {a}.task_id IN (SELECT value FROM json_each(:scope, '$.tasks'))"
        " OR {a}.agency_id IN (SELECT value FROM json_each(:scope, '$.agencies'))"
        " OR ({a}.task_id, {a}.agency_id) IN"
        " (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(:scope, '$.pairs')))"
    ),
    "postgresql": (
        "(:everything OR {a}.task_id IN"
        " (SELECT CAST(v AS BIGINT) FROM json_array_elements_text(CAST(:scope AS json) -> 'tasks') AS v)"
        " OR {a}.agency_id IN"
        " (SELECT CAST(v AS BIGINT) FROM json_array_elements_text(CAST(:scope AS json) -> 'agencies') AS v)"
        " OR ({a}.task_id, {a}.agency_id) IN"
        " (SELECT CAST(v ->> 0 AS BIGINT), CAST(v ->> 1 AS BIGINT)"
        "  FROM json_array_elements(CAST(:scope AS json) -> 'pairs') AS v))"
    ),
}


def _in_scope(alias: str, dialect: str) -> str:
    # a (task_id, agency_id) row of `alias` the scope covers
    return _IN_SCOPE[dialect].format(a=alias)


def item_prefix(occurrence_id: int | None, milestone_id: int, agency_id: int, stage: str, day: date) -> str:
    """The start of the intent keys of one reminder item of a day; each person's key ends with their id."""
    head = f"occ:{occurrence_id}" if occurrence_id is not None else f"ms:{milestone_id}"
    return f"{head}|agency:{agency_id}|stage:{stage}|{day.isoformat()}|user:"


class LoggedItem(NamedTuple):
    """One planned reminder item of a day and the people one planning pass gave it to (a named tuple: 166,000
    a day at national scale)."""

    day: date
    task_id: int
    agency_id: int
    occurrence_id: int | None
    milestone_id: int
    stage: str
    upcoming: bool  # the agency's own people got it ahead of the due day
    users: tuple[int, ...]


_OCCURRENCES_SQL = """
WITH occ AS (
    SELECT o.id, o.milestone_id, o.due,
           LAG(o.due) OVER (PARTITION BY o.milestone_id ORDER BY o.due) AS previous_due
    FROM occurrences AS o
    WHERE o.active = 1
)
SELECT occ.id AS occurrence_id, m.id AS milestone_id, t.id AS task_id, p.code AS plan_code,
       t.number AS task_number, t.key AS task_key, t.title AS task_title, t.deliverables, m.kind, occ.due, m.label,
       occ.previous_due, m.triggered_on
FROM occ
JOIN milestones AS m ON m.id = occ.milestone_id
JOIN tasks AS t ON t.id = m.task_id AND t.active = 1
JOIN plans AS p ON p.id = t.plan_id
WHERE occ.due <= :until AND m.kind IN ('due', 'recurring', 'event')
  AND (m.kind != 'event' OR m.triggered_on IS NOT NULL)
UNION ALL
SELECT (SELECT o.id FROM occurrences AS o WHERE o.milestone_id = m.id AND o.active = 1
         ORDER BY o.due DESC LIMIT 1),
       m.id, t.id, p.code, t.number, t.key, t.title, t.deliverables, m.kind,
       (SELECT MAX(o.due) FROM occurrences AS o WHERE o.milestone_id = m.id AND o.active = 1),
       m.label, NULL, m.triggered_on
FROM milestones AS m
JOIN tasks AS t ON t.id = m.task_id AND t.active = 1
JOIN plans AS p ON p.id = t.plan_id
WHERE m.kind = 'ongoing'
"""

# a task's agencies by id, in the order of their names: the names are read once (280,000 lead pairs at
# national scale, 3,500 names)
_LEADS_SQL = {
    dialect: f"""
SELECT ta.task_id, ta.agency_id
FROM task_agencies AS ta JOIN agencies AS a ON a.id = ta.agency_id
WHERE ta.role = 'lead' AND {_in_scope("ta", dialect)}
ORDER BY ta.task_id, a.name
"""
    for dialect in _IN_SCOPE
}

# an agency that leads a task and also coordinates it is its lead only
_SUPPORTS_SQL = {
    dialect: f"""
SELECT ta.task_id, ta.agency_id
FROM task_agencies AS ta JOIN agencies AS a ON a.id = ta.agency_id
WHERE ta.role = 'support' AND {_in_scope("ta", dialect)}
  AND NOT EXISTS (SELECT 1 FROM task_agencies AS l
                  WHERE l.task_id = ta.task_id AND l.agency_id = ta.agency_id AND l.role = 'lead')
ORDER BY ta.task_id, a.name
"""
    for dialect in _IN_SCOPE
}

# one reachable chat per user: the preferred channel's newest identity, else the newest identity
_PEOPLE_SQL = """
SELECT user_id, role, agency_id, channel, chat_id, lang, name FROM (
    SELECT u.id AS user_id, u.role, u.agency_id, i.channel, i.chat_id, u.lang, u.display_name AS name,
           ROW_NUMBER() OVER (
               PARTITION BY u.id
               ORDER BY (i.channel = u.preferred_channel) DESC, i.linked_at DESC, i.id DESC
           ) AS rank
    FROM users AS u JOIN identities AS i ON i.user_id = u.id
    WHERE u.active = 1 AND u.role IN ('member', 'head', 'secretary') AND i.unreachable_at IS NULL
)
WHERE rank = 1
ORDER BY user_id
"""

# The newest standing report made by :now of each (task, occurrence or none, agency) a scope covers, in
# one of two shapes. The day's first planning names only tasks, a third of them: it reads their rows of
# v046's `newest_reports`, which triggers keep (203,000 at national scale, one range scan); a group whose
# newest report is dated after :now (a tick "in the past") has its reports walked for the newest by then.
# A change names a few pairs or agencies: walking their task_agencies rows to their reports is quicker than
# a scan of the whole table. SQLite finds the newest as the MAX of created_at (UTC text of one shape) then
# the id, zero-padded, and reads the id back from its last 20 characters; PostgreSQL keeps the first row of
# each DISTINCT ON in that order. (A window over them held 100 MB.)
_REPORT_COLUMNS = "r.task_id, r.occurrence_id, r.agency_id, r.status, r.created_at, r.percent, r.eta, r.note"
_IN_TASKS = {
    "sqlite": "n.task_id IN (SELECT value FROM json_each(:scope, '$.tasks'))",
    "postgresql": "n.task_id IN (SELECT CAST(v AS BIGINT) FROM json_array_elements_text(CAST(:scope AS json) -> 'tasks') AS v)",
}
_PAIRS = {
    dialect: f"(SELECT DISTINCT ta.task_id, ta.agency_id FROM task_agencies AS ta WHERE {_in_scope('ta', dialect)}) AS s"
    " JOIN reports AS r ON r.task_id = s.task_id AND r.agency_id = s.agency_id"
    for dialect in _IN_SCOPE
}


def _newest_of_tasks_sql(dialect: str) -> str:
    return (
        "SELECT n.task_id, NULLIF(n.occurrence_key, 0), n.agency_id, n.status, n.created_at, n.percent, n.eta, n.note"
        f" FROM newest_reports AS n WHERE {_IN_TASKS[dialect]} AND n.created_at <= :now"
        f" UNION ALL SELECT {_REPORT_COLUMNS} FROM newest_reports AS n JOIN reports AS r ON r.id = ("
        "  SELECT l.id FROM reports AS l WHERE l.task_id = n.task_id AND l.agency_id = n.agency_id"
        "  AND COALESCE(l.occurrence_id, 0) = n.occurrence_key AND l.created_at <= :now AND l.withdrawn_at IS NULL"
        "  ORDER BY l.created_at DESC, l.id DESC LIMIT 1)"
        f" WHERE {_IN_TASKS[dialect]} AND n.created_at > :now"
    )


def _newest_of_pairs_sql(dialect: str) -> str:
    where = "r.created_at <= :now AND r.withdrawn_at IS NULL"
    if dialect == "postgresql":
        return (
            f"SELECT DISTINCT ON (r.task_id, r.agency_id, r.occurrence_id) {_REPORT_COLUMNS} FROM {_PAIRS[dialect]}"
            f" WHERE {where} ORDER BY r.task_id, r.agency_id, r.occurrence_id, r.created_at DESC, r.id DESC"
        )
    return (
        f"SELECT {_REPORT_COLUMNS} FROM (SELECT MAX(r.created_at || printf('%020d', r.id)) AS newest"
        f" FROM {_PAIRS[dialect]} WHERE {where} GROUP BY r.task_id, r.agency_id, r.occurrence_id) AS n"
        " JOIN reports AS r ON r.id = CAST(substr(n.newest, -20) AS INTEGER)"
    )


_NEWEST_SQL = {
    (dialect, tasks_only): _newest_of_tasks_sql(dialect) if tasks_only else _newest_of_pairs_sql(dialect)
    for dialect in _IN_SCOPE for tasks_only in (True, False)
}


CHUNK = 2_000  # rows converted between two awaits: a few milliseconds of the event loop at a time


async def _chunks(cur: aiosqlite.Cursor) -> AsyncIterator[list[sqlite3.Row]]:
    # national scale reads hundreds of thousands of rows: converting them all at once would stall chats
    while rows := await cur.fetchmany(CHUNK):
        yield rows


async def _batches(db: aiosqlite.Connection, sql: str, params: dict[str, object]) -> AsyncIterator[Sequence[Any]]:
    """A read's rows as plain tuples, CHUNK at a time; on PostgreSQL from a server-side cursor, so the driver
    never decodes 200,000 rows at once on the event loop (a second's stall at national scale)."""
    if dialect(db) == "postgresql":
        async for rows in db.stream(sql, params, CHUNK):  # type: ignore[attr-defined]
            yield rows
        return
    async with db.execute(sql, params) as cur:
        cur.row_factory = None  # plain tuples
        async for rows in _chunks(cur):
            yield rows


def _deliverable(text: str) -> str:
    try:
        items = json.loads(text or "[]")
    except ValueError:
        return text
    return "; ".join(str(i) for i in items) if isinstance(items, list) else str(items)


async def load_occurrences(
    db: aiosqlite.Connection, until: date, scope: Scope = EVERYTHING, reminded_since: date = date.min
) -> list[OccurrenceInfo]:
    """Occurrences of active tasks due up to `until` (triggered events only) plus every ongoing milestone,
    with the lead and coordinating agencies `scope` covers (an occurrence with none of them is left out).

    `reminded_before_due` is filled for occurrences due from `reminded_since` on (the planner asks it of
    an occurrence the working day after its due day only).
    """
    # one value per agency, however many tasks it leads
    agencies = {agency_id: Agency(agency_id, name) for agency_id, name in await db.execute_fetchall(
        "SELECT id, name FROM agencies"
    )}
    leads = await _agencies_of_tasks(db, _LEADS_SQL[dialect(db)], scope, agencies)
    supports = await _agencies_of_tasks(db, _SUPPORTS_SQL[dialect(db)], scope, agencies)
    reminded: dict[int, set[int]] = defaultdict(set)
    async with db.execute(
        "SELECT DISTINCT occurrence_id, agency_id FROM reminder_items AS l"
        " WHERE upcoming = 1 AND occurrence_id IN (SELECT id FROM occurrences WHERE due >= :since)"
        f" AND {_in_scope('l', dialect(db))}",
        {"since": reminded_since.isoformat(), **scope.params()},
    ) as cur:
        async for rows in _chunks(cur):
            for occurrence_id, agency_id in rows:
                reminded[occurrence_id].add(agency_id)
    extended: dict[int, list[tuple[int, date]]] = defaultdict(list)
    extended_at: dict[int, list[tuple[int, datetime]]] = defaultdict(list)
    for (occurrence_id, agency_id), (due, decided) in (await approved_decisions(db)).items():
        extended[occurrence_id].append((agency_id, due))
        extended_at[occurrence_id].append((agency_id, decided))
    explained: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for (occurrence_id, agency_id), text in (await explained_pairs(db)).items():
        explained[occurrence_id].append((agency_id, text))
    asked: dict[int, list[tuple[int, date]]] = defaultdict(list)
    for (occurrence_id, agency_id), due in (await pending_dues(db)).items():
        asked[occurrence_id].append((agency_id, due))
    found = []
    async with db.execute(_OCCURRENCES_SQL, {"until": until.isoformat()}) as cur:
        for r in await cur.fetchall():
            task_leads, task_supports = leads.get(r["task_id"], ()), supports.get(r["task_id"], ())
            if not task_leads and not task_supports:
                continue
            occurrence_id = r["occurrence_id"]
            found.append(
                OccurrenceInfo(
                    occurrence_id=occurrence_id,
                    milestone_id=r["milestone_id"],
                    task_id=r["task_id"],
                    plan_code=r["plan_code"],
                    task_number=r["task_number"],
                    task_key=r["task_key"] if r["task_key"] != r["task_number"] else "",
                    task_title=r["task_title"],
                    deliverable=_deliverable(r["deliverables"]),
                    kind=r["kind"],
                    due=date.fromisoformat(r["due"]) if r["due"] else None,
                    leads=tuple(task_leads),
                    label=r["label"],
                    previous_due=date.fromisoformat(r["previous_due"]) if r["previous_due"] else None,
                    triggered_on=date.fromisoformat(r["triggered_on"]) if r["triggered_on"] else None,
                    reminded_before_due=frozenset(reminded.get(occurrence_id, ())),
                    supports=tuple(task_supports),
                    extended=tuple(sorted(extended.get(occurrence_id, ()))),
                    extended_at=tuple(sorted(extended_at.get(occurrence_id, ()))),
                    explanations=tuple(sorted(explained.get(occurrence_id, ()))),
                    asked=tuple(sorted(asked.get(occurrence_id, ()))),
                )
            )
    return found


async def _agencies_of_tasks(
    db: aiosqlite.Connection, sql: str, scope: Scope, agencies: dict[int, Agency]
) -> dict[int, list[Agency]]:
    """The (task, agency id) rows of `sql` as each task's agencies, in the rows' order."""
    found: dict[int, list[Agency]] = defaultdict(list)
    async for rows in _batches(db, sql, scope.params()):
        for task_id, agency_id in rows:
            found[task_id].append(agencies[agency_id])
    return found


async def load_people(db: aiosqlite.Connection) -> list[Person]:
    """Active members, heads and secretaries with a reachable chat (one chat each)."""
    return from_rows(Person, await db.execute_fetchall(_PEOPLE_SQL))


async def load_latest_reports(
    db: aiosqlite.Connection, now: datetime, scope: Scope = EVERYTHING
) -> list[LatestReport]:
    """The newest report made by `now` per (task, occurrence or none, agency), of the lead and coordinating
    pairs `scope` covers (a scope of tasks alone: of every agency that reported on them)."""
    tasks_only = not (scope.everything or scope.agencies or scope.pairs)
    sql = _NEWEST_SQL[dialect(db), tasks_only]
    found: list[LatestReport] = []
    # 200,000 of them at national scale, made at far fewer moments and in a few statuses: one value of each
    moments: dict[str, datetime] = {}
    statuses = {status: status for status in get_args(ReportStatus)}
    async for rows in _batches(db, sql, {"now": utc_iso(now), **scope.params()}):
        for task_id, occurrence_id, agency_id, status, at, percent, eta, note in rows:
            moment = moments.get(at)
            if moment is None:
                moment = moments[at] = datetime.fromisoformat(at)
            found.append(
                LatestReport(task_id, occurrence_id, agency_id, statuses.get(status, status), moment, percent, eta, note)
            )
    return found


async def logged_keys(db: aiosqlite.Connection, day: date, scope: Scope = EVERYTHING) -> set[str]:
    """Intent keys already planned for a local day (of the lead pairs `scope` covers)."""
    async with db.execute(
        f"SELECT occurrence_id, milestone_id, agency_id, stage, users FROM reminder_items AS l"
        f" WHERE day = :day AND {_in_scope('l', dialect(db))}",
        {"day": day.isoformat(), **scope.params()},
    ) as cur:
        return {key async for rows in _chunks(cur) for key in _keys(rows, day)}


async def logged_since(db: aiosqlite.Connection, day: date, after: int) -> set[str]:
    """Intent keys planned for a local day in log rows after row `after` (written since it was read)."""
    # by id alone: the day's index would walk every row of the day (166,000 at national scale)
    async with db.execute(
        "SELECT occurrence_id, milestone_id, agency_id, stage, users, day FROM reminder_items WHERE id > ?", (after,)
    ) as cur:
        rows = [r for r in await cur.fetchall() if r[5] == day.isoformat()]
    return set(_keys(rows, day))


def _keys(rows: Iterable[Sequence[Any]], day: date) -> Iterator[str]:
    # a log row spelled out as the planner's keys, one per person
    for occurrence_id, milestone_id, agency_id, stage, users, *_ in rows:
        prefix = item_prefix(occurrence_id, milestone_id, agency_id, stage, day)
        for user in users.split():
            yield prefix + user


async def last_logged(db: aiosqlite.Connection) -> int:
    """The id of the newest row of the reminder log (0: none yet)."""
    async with db.execute("SELECT COALESCE(MAX(id), 0) FROM reminder_items") as cur:
        (found,) = await cur.fetchone()
    return found


async def last_planned_day(db: aiosqlite.Connection, before: date) -> date | None:
    """The latest day before `before` whose reminders were planned whole (None: none ever was)."""
    async with db.execute("SELECT MAX(day) FROM planned_days WHERE day < ?", (before.isoformat(),)) as cur:
        (found,) = await cur.fetchone()
    return date.fromisoformat(found) if found else None


async def mark_planned(db: aiosqlite.Connection, day: date, now: datetime) -> None:
    """Remember that a day's reminders were planned whole."""
    await db.execute(
        "INSERT OR IGNORE INTO planned_days (day, planned_at) VALUES (?, ?)", (day.isoformat(), utc_iso(now))
    )


async def last_change(db: aiosqlite.Connection) -> int:
    """The id of the newest change to the planner's inputs (0: none yet)."""
    async with db.execute("SELECT COALESCE(MAX(id), 0) FROM plan_changes") as cur:
        (found,) = await cur.fetchone()
    return found


async def changes_since(db: aiosqlite.Connection, after_id: int, last: datetime, now: datetime) -> Scope:
    """What changed since a plan that read changes up to `after_id` at `last`: rows written since, and
    reports whose time came in (`last`, `now`]."""
    tasks: set[int] = set()
    agencies: set[int] = set()
    pairs: set[tuple[int, int]] = set()
    async with db.execute(
        "SELECT task_id, agency_id FROM plan_changes WHERE id > ?"
        " UNION SELECT task_id, agency_id FROM plan_changes WHERE at > ? AND at <= ?",
        (after_id, utc_iso(last), utc_iso(now)),
    ) as cur:
        for task_id, agency_id in await cur.fetchall():
            if task_id is None and agency_id is None:
                return EVERYTHING
            if agency_id is None:
                tasks.add(task_id)
            elif task_id is None:
                agencies.add(agency_id)
            else:
                pairs.add((task_id, agency_id))
    return Scope(tasks=frozenset(tasks), agencies=frozenset(agencies), pairs=frozenset(pairs))


async def prune_changes(db: aiosqlite.Connection, up_to: int, now: datetime) -> None:
    """Forget changes written over a day ago (every process has planned a whole day since) that count by `now`."""
    await db.execute(
        "DELETE FROM plan_changes WHERE id <= ? AND written_at < strftime('%Y-%m-%dT%H:%M:%S', 'now', '-1 day')"
        " AND (at IS NULL OR at <= ?)",
        (up_to, utc_iso(now)),
    )


async def log_items(db: aiosqlite.Connection, items: Iterable[LoggedItem], now: datetime) -> None:
    """Remember planned reminder items and whom they were planned for."""
    at = utc_iso(now)
    # 166,000 rows at national scale on a few days and sets of people: each spelled once
    days: dict[date, str] = {}
    users: dict[tuple[int, ...], str] = {}
    rows = []
    for i in items:
        day = days.get(i.day)
        if day is None:
            day = days[i.day] = i.day.isoformat()
        people = users.get(i.users)
        if people is None:
            people = users[i.users] = " ".join(map(str, i.users))
        rows.append((day, i.task_id, i.agency_id, i.occurrence_id, i.milestone_id, i.stage, int(i.upcoming), people, at))
    await db.executemany(
        "INSERT INTO reminder_items (day, task_id, agency_id, occurrence_id, milestone_id, stage, upcoming,"
        " users, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


@dataclass(frozen=True)
class UnreachableUser:
    """Someone the bot can no longer message in one chat."""

    user_id: int
    name: str
    agency: str | None


async def mark_unreachable(
    db: aiosqlite.Connection, channel: str, chat_id: str, now: datetime
) -> list[UnreachableUser]:
    """Flag the identities behind a chat as unreachable; returns whom it newly affected."""
    async with db.execute(
        "SELECT u.id, u.display_name, a.name FROM identities AS i JOIN users AS u ON u.id = i.user_id"
        " LEFT JOIN agencies AS a ON a.id = u.agency_id"
        " WHERE i.channel = ? AND i.chat_id = ? AND i.unreachable_at IS NULL",
        (channel, str(chat_id)),
    ) as cur:
        affected = [UnreachableUser(r[0], r[1], r[2]) for r in await cur.fetchall()]
    await db.execute(
        "UPDATE identities SET unreachable_at = ? WHERE channel = ? AND chat_id = ? AND unreachable_at IS NULL",
        (utc_iso(now), channel, str(chat_id)),
    )
    return affected
