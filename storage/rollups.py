"""The summary rollup, computed in SQL: per agency, per plan section, blockers, silence and changes.

Rules (README "Summary rules" repeats them):

* Only active tasks count. Each (task, lead agency) pair is one unit of work; support agencies are
  counted apart (``support_tasks``) and never make a task done or late.
* The latest report of a pair (by ``created_at``, then ``id``, made at or before ``as_of``) sets its
  status. No report: never reported.
* A latest ``done`` report covers the occurrences due up to the one it answers: the occurrence it names,
  or, when it names none, the first occurrence due on or after the day it was made (all of them when
  none is left). An older ``done`` report that names an occurrence keeps covering that occurrence.
  So a one-off task stays done, a monthly one is open again next month, and a ``done`` followed by an
  ``in_progress`` (reopened) no longer covers anything it did not name.
* Overdue: an active occurrence due before today (local) that is not covered. Due soon: the next uncovered
  occurrence falls within the next 7 days.
* Every pair falls in exactly one bucket, in this order: overdue, blocked (latest status), done,
  on_track (reported within the last 14 days), not_reported, stale (reported, but longer ago).
* A blocker's age counts from the first report of its current run of ``blocked`` reports.
* Non-responders: agencies with lead tasks that were reminded this period — a ``digest`` in
  ``sent_messages`` to one of their people, or, without one, any overdue or due-soon lead task — and that
  have sent no report at all since that first digest (or since the period start).
* Changes compare with the state at the end of the previous period (reports made before this period
  started, "today" being the period's first day): newly done, newly overdue, newly blocked.
* Local dates of stored UTC instants use the zone's offset at ``as_of`` (exact for Asia/Ho_Chi_Minh,
  which has no daylight saving time).
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import aiosqlite

from storage.db import utc_iso
from storage.rollup_values import (
    AgencyStats,
    Blocker,
    Change,
    Counts,
    DetailLine,
    NonResponder,
    PeriodKind,
    Rollup,
    SectionStats,
)

FRESH_DAYS = 14
SOON_DAYS = 7
_FAR = "9999-12-31"
_temp_ids = itertools.count(1)


def period_bounds(day: date, period: PeriodKind) -> tuple[date, date]:
    """First and last local day of the week (Monday..Sunday), month or quarter containing `day`."""
    if period == "week":
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    if period == "month":
        start = day.replace(day=1)
    elif period == "quarter":
        start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    else:
        raise ValueError(f"unknown period: {period!r}")
    months = 1 if period == "month" else 3
    year, month = divmod(start.month - 1 + months, 12)
    return start, date(start.year + year, month + 1, 1) - timedelta(days=1)


def previous_period(start: date, period: PeriodKind) -> tuple[date, date]:
    """The period just before the one starting on `start`."""
    return period_bounds(start - timedelta(days=1), period)


def _local_midnight_utc(day: date, tz: ZoneInfo) -> str:
    return utc_iso(datetime.combine(day, time(0), tzinfo=tz))


def _offset_modifier(as_of: datetime, tz: ZoneInfo) -> str:
    offset = as_of.astimezone(tz).utcoffset() or timedelta(0)
    return f"{int(offset.total_seconds()):+d} seconds"


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


# Two small helper tables per rollup (names get a {n} suffix): the active occurrences of the tasks in
# scope, and which occurrences each agency reported done by name (first such report). Checking these
# instead of `reports` keeps the per-pair occurrence scans cheap at national scale.
_HELPERS = (
    "CREATE TEMP TABLE rollup_occ_{n} (task_id INTEGER, due TEXT, occ_id INTEGER,"
    " PRIMARY KEY (task_id, due, occ_id)) WITHOUT ROWID",
    """INSERT INTO temp.rollup_occ_{n} (task_id, due, occ_id)
       SELECT m.task_id, o.due, o.id FROM milestones m JOIN occurrences o ON o.milestone_id = m.id
       JOIN tasks t ON t.id = m.task_id
       WHERE o.active = 1 AND t.active = 1 AND (:plan_id IS NULL OR t.plan_id = :plan_id)""",
    "CREATE TEMP TABLE rollup_named_{n} (occ_id INTEGER, agency_id INTEGER, first_at TEXT,"
    " PRIMARY KEY (occ_id, agency_id)) WITHOUT ROWID",
    """INSERT INTO temp.rollup_named_{n} (occ_id, agency_id, first_at)
       SELECT occurrence_id, agency_id, MIN(created_at) FROM reports
       WHERE status = 'done' AND occurrence_id IS NOT NULL AND created_at <= :as_of
         AND (:agency_id IS NULL OR agency_id = :agency_id)
       GROUP BY occurrence_id, agency_id""",
)

# The occurrences of a task that an agency still owes: not covered by its latest done report (the
# `covered` watermark) and not answered by a done report naming them.
_OPEN_OCC = """
    FROM temp.rollup_occ_{{n}} o
    WHERE o.task_id = w.task_id AND o.due > w.{covered} AND {cond}
      AND NOT EXISTS (SELECT 1 FROM temp.rollup_named_{{n}} d
                      WHERE d.occ_id = o.occ_id AND d.agency_id = w.agency_id AND d.first_at {cut})
"""

# How far a latest "done" report covers: see the module docstring.
_COVERED = """
    CASE WHEN {r}.status = 'done' THEN
        CASE WHEN {r}.occurrence_id IS NOT NULL
             THEN COALESCE((SELECT o.due FROM occurrences o WHERE o.id = {r}.occurrence_id), '9999-12-31')
             ELSE COALESCE((SELECT MIN(o.due) FROM temp.rollup_occ_{{n}} o
                            WHERE o.task_id = p.task_id AND o.due >= date({r}.created_at, :off)),
                           '9999-12-31') END
    ELSE '' END
"""

_LATEST = """
    (SELECT r.id FROM reports r
     WHERE r.task_id = {p}.task_id AND r.agency_id = {p}.agency_id AND r.created_at {cut}
     ORDER BY r.created_at DESC, r.id DESC LIMIT 1)
"""

_PAIRS_SQL = f"""
WITH pairs AS MATERIALIZED (
    SELECT ta.task_id, ta.agency_id, t.plan_id, t.section_id, {_LATEST.format(p="ta", cut="<= :as_of")} AS rid
    FROM task_agencies ta JOIN tasks t ON t.id = ta.task_id
    WHERE ta.role = 'lead' AND t.active = 1
      AND (:plan_id IS NULL OR t.plan_id = :plan_id)
      AND (:agency_id IS NULL OR ta.agency_id = :agency_id)
),
latest AS MATERIALIZED (
    SELECT p.task_id, p.agency_id, p.plan_id, p.section_id, p.rid,
           r.status, r.occurrence_id, r.created_at,
           -- the state before this period only needs a second look when the latest report is new
           CASE WHEN r.created_at < :prev_cut THEN p.rid ELSE {_LATEST.format(p="p", cut="< :prev_cut")} END
               AS prid
    FROM pairs p LEFT JOIN reports r ON r.id = p.rid
),
w AS MATERIALIZED (
    SELECT p.task_id, p.agency_id, p.plan_id, p.section_id, p.rid, p.status, p.created_at AS reported_at,
           pr.status AS pstatus,
           {_COVERED.format(r="p")} AS covered,
           {_COVERED.format(r="pr")} AS pcovered
    FROM latest p LEFT JOIN reports pr ON pr.id = p.prid
),
x AS MATERIALIZED (
    SELECT w.*,
           (SELECT MIN(o.due) {_OPEN_OCC.format(covered="covered", cond="o.due < :today", cut="<= :as_of")})
               AS overdue_since,
           (SELECT MIN(o.due) {_OPEN_OCC.format(covered="covered", cond="o.due >= :today", cut="<= :as_of")})
               AS next_due
    FROM w
)
SELECT task_id, agency_id, plan_id, section_id, rid, status, pstatus,
       date(reported_at, :off) AS reported_on, overdue_since, next_due,
       CASE WHEN overdue_since IS NULL THEN 0
            ELSE EXISTS (SELECT 1 {_OPEN_OCC.format(covered="pcovered", cond="o.due < :prev_today", cut="< :prev_cut")})
       END AS prev_overdue,
       CASE WHEN overdue_since IS NOT NULL THEN 'overdue'
            WHEN status = 'blocked' THEN 'blocked'
            WHEN status = 'done' THEN 'done'
            WHEN status IS NULL THEN 'not_reported'
            WHEN reported_at >= :fresh THEN 'on_track'
            ELSE 'stale' END AS bucket,
       CASE WHEN status = 'blocked' THEN
           (SELECT date(MIN(b.created_at), :off) FROM reports b
            WHERE b.task_id = w.task_id AND b.agency_id = w.agency_id AND b.status = 'blocked'
              AND b.created_at <= :as_of
              AND b.created_at > COALESCE((SELECT MAX(n.created_at) FROM reports n
                                           WHERE n.task_id = w.task_id AND n.agency_id = w.agency_id
                                             AND n.status <> 'blocked' AND n.created_at <= :as_of), ''))
       END AS blocked_since
FROM x w
"""

_COUNT_COLUMNS = """
    COUNT(*) AS lead_tasks,
    COUNT(*) FILTER (WHERE p.bucket = 'done') AS done,
    COUNT(*) FILTER (WHERE p.bucket = 'on_track') AS on_track,
    COUNT(*) FILTER (WHERE p.next_due <= :soon) AS due_soon,
    COUNT(*) FILTER (WHERE p.bucket = 'overdue') AS overdue,
    COUNT(*) FILTER (WHERE p.bucket = 'not_reported') AS never_reported,
    COUNT(*) FILTER (WHERE p.bucket = 'blocked') AS blocked,
    COUNT(*) FILTER (WHERE p.bucket = 'stale') AS stale
"""


def _counts(row: aiosqlite.Row) -> Counts:
    return Counts(
        lead_tasks=row["lead_tasks"] or 0,
        done=row["done"] or 0,
        on_track=row["on_track"] or 0,
        due_soon=row["due_soon"] or 0,
        overdue=row["overdue"] or 0,
        never_reported=row["never_reported"] or 0,
        blocked=row["blocked"] or 0,
        stale=row["stale"] or 0,
    )


async def _fetchall(db: aiosqlite.Connection, sql: str, params: dict) -> list:
    async with db.execute(sql, params) as cur:
        return list(await cur.fetchall())


async def compute_rollup(
    db: aiosqlite.Connection,
    *,
    as_of: datetime,
    period: PeriodKind,
    tz: ZoneInfo,
    plan_id: int | None = None,
    agency_id: int | None = None,
    details: bool = True,
) -> Rollup:
    """Roll up every lead task's state at `as_of` for the period containing it (rules: module docstring)."""
    if as_of.tzinfo is None:
        raise ValueError("naive datetime: pass an aware one")
    today = as_of.astimezone(tz).date()
    start, end = period_bounds(today, period)
    prev_start, prev_end = previous_period(start, period)
    period_cut = _local_midnight_utc(start, tz)
    params = {
        "as_of": utc_iso(as_of),
        "prev_cut": period_cut,
        "start_cut": period_cut,
        "today": today.isoformat(),
        "prev_today": start.isoformat(),
        "soon": (today + timedelta(days=SOON_DAYS)).isoformat(),
        "fresh": utc_iso(as_of - timedelta(days=FRESH_DAYS)),
        "off": _offset_modifier(as_of, tz),
        "plan_id": plan_id,
        "agency_id": agency_id,
    }
    n = next(_temp_ids)
    tmp = f"temp.rollup_pairs_{n}"
    try:
        for sql in _HELPERS:
            await db.execute(sql.replace("{n}", str(n)), params)
        await db.execute(f"CREATE TEMP TABLE rollup_pairs_{n} AS {_PAIRS_SQL.replace('{n}', str(n))}", params)
        await db.execute(f"CREATE INDEX temp.rollup_pairs_{n}_agency ON rollup_pairs_{n} (agency_id)")
        totals_rows = await _fetchall(db, f"SELECT {_COUNT_COLUMNS} FROM {tmp} p", params)
        agencies = await _agencies(db, tmp, params)
        sections = await _sections(db, tmp, params)
        blockers = await _blockers(db, tmp, today)
        non_responders = await _non_responders(db, tmp, params)
        changes = await _changes(db, tmp)
        lines = await _details(db, tmp, params) if details else ()
    finally:
        for table in ("rollup_pairs", "rollup_occ", "rollup_named"):
            await db.execute(f"DROP TABLE IF EXISTS temp.{table}_{n}")
    return Rollup(
        as_of=as_of.astimezone(UTC),
        tz=tz.key,
        today=today,
        period=period,
        start=start,
        end=end,
        prev_start=prev_start,
        prev_end=prev_end,
        plan_id=plan_id,
        agency_id=agency_id,
        totals=_counts(totals_rows[0]),
        agencies=agencies,
        sections=sections,
        blockers=blockers,
        non_responders=non_responders,
        changes=changes,
        details=lines,
    )


async def _agencies(db: aiosqlite.Connection, tmp: str, params: dict) -> tuple[AgencyStats, ...]:
    sql = f"""
    WITH lead AS (SELECT p.agency_id, {_COUNT_COLUMNS} FROM {tmp} p GROUP BY p.agency_id),
    support AS (
        SELECT ta.agency_id, COUNT(*) AS n
        FROM task_agencies ta JOIN tasks t ON t.id = ta.task_id
        WHERE ta.role = 'support' AND t.active = 1
          AND (:plan_id IS NULL OR t.plan_id = :plan_id)
          AND (:agency_id IS NULL OR ta.agency_id = :agency_id)
        GROUP BY ta.agency_id
    ),
    ids AS (SELECT agency_id FROM lead UNION SELECT agency_id FROM support
            UNION SELECT id FROM agencies WHERE id = :agency_id)
    SELECT a.id, a.name, a.kind, lead.*, COALESCE(support.n, 0) AS support_tasks,
           (SELECT COUNT(*) FROM reports r
            WHERE r.agency_id = a.id AND r.created_at >= :start_cut AND r.created_at <= :as_of
              AND (:plan_id IS NULL OR r.task_id IN (SELECT id FROM tasks WHERE plan_id = :plan_id)))
               AS reports_in_period
    FROM ids JOIN agencies a ON a.id = ids.agency_id
    LEFT JOIN lead ON lead.agency_id = a.id
    LEFT JOIN support ON support.agency_id = a.id
    ORDER BY COALESCE(lead.overdue, 0) DESC, a.name
    """
    return tuple(
        AgencyStats(
            agency_id=row["id"],
            name=row["name"],
            kind=row["kind"],
            counts=_counts(row),
            support_tasks=row["support_tasks"],
            reports_in_period=row["reports_in_period"],
        )
        for row in await _fetchall(db, sql, params)
    )


async def _sections(db: aiosqlite.Connection, tmp: str, params: dict) -> tuple[SectionStats, ...]:
    sql = f"""
    SELECT p.plan_id, pl.code AS plan_code, p.section_id, s.number, s.title,
           COUNT(DISTINCT p.task_id) AS tasks, {_COUNT_COLUMNS}
    FROM {tmp} p JOIN plans pl ON pl.id = p.plan_id LEFT JOIN sections s ON s.id = p.section_id
    GROUP BY p.plan_id, p.section_id
    ORDER BY p.plan_id, s.position IS NULL, s.position
    """
    return tuple(
        SectionStats(
            plan_id=row["plan_id"],
            plan_code=row["plan_code"],
            section_id=row["section_id"],
            number=row["number"] or "",
            title=row["title"] or "",
            tasks=row["tasks"],
            counts=_counts(row),
        )
        for row in await _fetchall(db, sql, params)
    )


async def _blockers(db: aiosqlite.Connection, tmp: str, today: date) -> tuple[Blocker, ...]:
    sql = f"""
    SELECT p.task_id, t.number, t.title, p.agency_id, a.name AS agency, p.blocked_since, r.note
    FROM {tmp} p JOIN tasks t ON t.id = p.task_id JOIN agencies a ON a.id = p.agency_id
    JOIN reports r ON r.id = p.rid
    WHERE p.status = 'blocked'
    ORDER BY p.blocked_since, t.position, a.name
    """
    out = []
    for row in await _fetchall(db, sql, {}):
        since = date.fromisoformat(row["blocked_since"])
        out.append(
            Blocker(
                task_id=row["task_id"],
                number=row["number"],
                title=row["title"],
                agency_id=row["agency_id"],
                agency=row["agency"],
                since=since,
                age_days=(today - since).days,
                note=row["note"] or "",
            )
        )
    return tuple(out)


async def _non_responders(db: aiosqlite.Connection, tmp: str, params: dict) -> tuple[NonResponder, ...]:
    sql = f"""
    WITH reminded AS (
        SELECT u.agency_id, MIN(s.created_at) AS first_at
        FROM sent_messages s JOIN users u ON u.id = s.user_id
        WHERE s.kind = 'digest' AND s.created_at >= :start_cut AND s.created_at <= :as_of
          AND u.agency_id IS NOT NULL
        GROUP BY u.agency_id
    ),
    open AS (
        SELECT p.agency_id,
               COUNT(*) FILTER (WHERE p.overdue_since IS NOT NULL OR p.next_due <= :soon) AS n
        FROM {tmp} p GROUP BY p.agency_id
    )
    SELECT a.id, a.name, rm.first_at, open.n
    FROM open JOIN agencies a ON a.id = open.agency_id
    LEFT JOIN reminded rm ON rm.agency_id = open.agency_id
    WHERE (rm.first_at IS NOT NULL OR open.n > 0)
      AND NOT EXISTS (SELECT 1 FROM reports r
                      WHERE r.agency_id = a.id AND r.created_at >= COALESCE(rm.first_at, :start_cut)
                        AND r.created_at <= :as_of)
    ORDER BY open.n DESC, a.name
    """
    return tuple(
        NonResponder(
            agency_id=row["id"],
            name=row["name"],
            reminded_at=datetime.fromisoformat(row["first_at"]) if row["first_at"] else None,
            open_items=row["n"],
        )
        for row in await _fetchall(db, sql, params)
    )


async def _changes(db: aiosqlite.Connection, tmp: str) -> tuple[Change, ...]:
    sql = f"""
    SELECT p.kind, p.task_id, t.number, t.title, p.agency_id, a.name AS agency
    FROM (
        SELECT 'done' AS kind, task_id, agency_id FROM {tmp}
        WHERE status = 'done' AND pstatus IS NOT 'done'
        UNION ALL
        SELECT 'overdue', task_id, agency_id FROM {tmp}
        WHERE overdue_since IS NOT NULL AND NOT prev_overdue
        UNION ALL
        SELECT 'blocked', task_id, agency_id FROM {tmp}
        WHERE status = 'blocked' AND pstatus IS NOT 'blocked'
    ) p JOIN tasks t ON t.id = p.task_id JOIN agencies a ON a.id = p.agency_id
    ORDER BY p.kind, t.plan_id, t.position, a.name
    """
    return tuple(
        Change(
            kind=row["kind"],
            task_id=row["task_id"],
            number=row["number"],
            title=row["title"],
            agency_id=row["agency_id"],
            agency=row["agency"],
        )
        for row in await _fetchall(db, sql, {})
    )


async def _details(db: aiosqlite.Connection, tmp: str, params: dict) -> tuple[DetailLine, ...]:
    sql = f"""
    WITH ev AS (
        SELECT r.task_id, r.agency_id, COUNT(*) AS n
        FROM evidence e JOIN reports r ON r.id = e.report_id
        WHERE r.created_at <= :as_of
        GROUP BY r.task_id, r.agency_id
    )
    SELECT p.plan_id, pl.code, COALESCE(s.number, ''), COALESCE(s.title, ''), p.task_id, t.number, t.title,
           p.agency_id, a.name, p.status, r.percent, COALESCE(r.note, ''), p.reported_on,
           COALESCE(ev.n, 0), p.next_due, p.overdue_since, p.blocked_since, p.bucket
    FROM {tmp} p
    JOIN tasks t ON t.id = p.task_id
    JOIN plans pl ON pl.id = p.plan_id
    JOIN agencies a ON a.id = p.agency_id
    LEFT JOIN sections s ON s.id = p.section_id
    LEFT JOIN reports r ON r.id = p.rid
    LEFT JOIN ev ON ev.task_id = p.task_id AND ev.agency_id = p.agency_id
    ORDER BY p.plan_id, s.position IS NULL, s.position, t.position, t.id, a.name
    """
    out = []
    day = _day
    async with db.execute(sql, params) as cur:
        # plain tuples, not sqlite3.Row: the national-scale detail list is 280k rows
        cur.row_factory = None
        rows = await cur.fetchall()
    for r in rows:
        out.append(DetailLine(*r[:12], day(r[12]), r[13], day(r[14]), day(r[15]), day(r[16]), r[17]))
    return tuple(out)
