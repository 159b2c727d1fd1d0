"""The summary rollup, computed in SQL: per agency, per plan section, blockers, silence and changes.

Rules (README "Summary rules" repeats them):

* Only active tasks count. Each (task, lead agency) pair is one unit of work; coordinating (support,
  phối hợp) agencies are counted apart (``support_totals``, ``AgencyStats.support``) and never make a task
  done or late. A coordinating pair's status is its latest report (as of ``as_of``), in one bucket, the
  first of: blocked, done, in_progress (any other report), not_reported. Its blocked pairs are blockers
  (``support_blockers``) like the lead ones. An agency that leads a task and also coordinates it is its
  lead only.
* The latest report of a pair (by ``created_at``, then ``id``, made at or before ``as_of``) sets its
  status. No report: never reported. It is read from ``lead_pairs`` (kept by triggers, migrations v006
  and v007) unless that row is newer than ``as_of``.
* A latest ``done`` report covers the occurrences due up to the one it answers: the occurrence it names,
  or, when it names none, the first occurrence due on or after the day it was made (all of them when
  none is left). An older ``done`` report that names an occurrence keeps covering that occurrence.
  So a one-off task stays done, a monthly one is open again next month, and a ``done`` followed by an
  ``in_progress`` (reopened) no longer covers anything it did not name.
* Overdue: an active occurrence due before today (local; a roll-up at a day's last second, that of a period
  just ended, counts that day as past) that is not covered. Due soon: the next uncovered
  occurrence falls within the next 7 days.
* Every pair falls in exactly one bucket, the first of: overdue (a task past its due date and not done is
  late whatever its latest report says, as the on-time states, the DOCX and the change line count it),
  blocked (latest status: it waits on someone else; not late), done, on_track (reported within the last
  14 days), not_reported, stale (reported, but longer ago). So the buckets add up to the lead tasks and
  the summary's overdue list is the overdue bucket. The blocker list shows every blocked pair, late or
  not: a late one is counted overdue and says so in its line (``Blocker.overdue_since``). The late list
  (/overdue) lists every late pair, blocked ones included.
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

import asyncio
import itertools
import json
import os
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

import aiosqlite

from i18n.collation import vi_sort_key
from plans.periods import PeriodKind, period_bounds, previous_period
from storage import rollup_states
from storage.db import connect, dialect, ids_in, reading, utc_iso
from storage.rollup_extensions import apply_extensions, granted
from storage.rollup_values import (
    FIRST_LINES,
    AgencyStats,
    Blocker,
    Change,
    Counts,
    DetailLine,
    NonResponder,
    OverdueGroup,
    OverdueList,
    Role,
    Rollup,
    SectionStats,
    SupportCounts,
)

FRESH_DAYS = 14
_C = TypeVar("_C", Counts, SupportCounts)
SOON_DAYS = 7
_FAR = "9999-12-31"
_temp_ids = itertools.count(1)


def _local_midnight_utc(day: date, tz: ZoneInfo) -> str:
    return utc_iso(datetime.combine(day, time(0), tzinfo=tz))


def _offset_modifier(as_of: datetime, tz: ZoneInfo) -> str:
    offset = as_of.astimezone(tz).utcoffset() or timedelta(0)
    return f"{int(offset.total_seconds()):+d} seconds"


# A period already ended counts the tasks stored by its end (task_added, v056): a plan imported after it stays
# out (:stored_by, _params). Few or none: the list is made once per statement, not looked up per pair.
_STORED = "t.id NOT IN (SELECT x.task_id FROM task_added x WHERE x.added_at > :stored_by)"

# The latest date a pair's «xong» reports made by `cut` name (a «xong» closes its date and every earlier one for
# good, whatever is said after: docs/architecture.md, "Plans"): xong_named's (x, v062, kept by triggers) when its
# first report naming that date was made by then (a later one can't have named an earlier date), else looked
# up; NULL without a row (no such report).
_NAMED_TO = """
    CASE WHEN x.task_id IS NULL THEN NULL WHEN x.named_to_at {cut} THEN x.named_to ELSE
        (SELECT MAX(o.due) FROM reports d INDEXED BY reports_done_pair JOIN occurrences o ON o.id = d.occurrence_id
         WHERE d.task_id = {p}.task_id AND d.agency_id = {p}.agency_id AND d.status = 'done'
           AND d.withdrawn_at IS NULL AND d.occurrence_id IS NOT NULL AND d.created_at {cut}) END
"""


# Helper tables per rollup (names get a {n} suffix): the active occurrences of the tasks in scope; per
# task, its first due date before today, from today on and before the previous period's "today". A pair
# with neither a latest "done" report nor one naming an occurrence (lead_pairs.named_at) owes its task's
# first occurrences, so most pairs read them from the task's row instead of searching the occurrences
# and the reports naming them, twice per pair.
_HELPERS = (
    "CREATE TEMP TABLE rollup_occ_{n} (task_id INTEGER, due TEXT, occ_id INTEGER,"
    " PRIMARY KEY (task_id, due, occ_id)) WITHOUT ROWID",
    f"""INSERT INTO temp.rollup_occ_{{n}} (task_id, due, occ_id)
       SELECT m.task_id, o.due, o.id FROM milestones m JOIN occurrences o ON o.milestone_id = m.id
       JOIN tasks t ON t.id = m.task_id
       WHERE o.active = 1 AND t.active = 1 AND (:plan_id IS NULL OR t.plan_id = :plan_id) AND {_STORED}""",
    "CREATE TEMP TABLE rollup_task_{n} (task_id INTEGER PRIMARY KEY, overdue TEXT, next TEXT,"
    " prev_overdue TEXT, n_past INTEGER, n_next INTEGER)",
    """INSERT INTO temp.rollup_task_{n} (task_id, overdue, next, prev_overdue, n_past)
       SELECT o.task_id, MIN(o.due) FILTER (WHERE o.due < :today), MIN(o.due) FILTER (WHERE o.due >= :today),
              MIN(o.due) FILTER (WHERE o.due < :prev_today), COUNT(*) FILTER (WHERE o.due < :today)
       FROM temp.rollup_occ_{n} o GROUP BY o.task_id""",
    """UPDATE temp.rollup_task_{n} SET n_next = (SELECT COUNT(*) FROM temp.rollup_occ_{n} o
       WHERE o.task_id = temp.rollup_task_{n}.task_id AND o.due = temp.rollup_task_{n}.next)""",
)

# The four on-time states (module docstring), counted per (task, lead agency, occurrence) over the
# occurrences due before today and each task's next one. A "done" report's mark is the last due date it
# answers (as _COVERED reads it); an occurrence is done on the day of the first done report whose mark
# reaches its date. Most tasks count one occurrence (a one-off deadline, or the first of a series): any
# done report reaches it, so the pair's first done report is the day, read from first_done (kept by
# triggers, v016: none by the roll-up's moment when that row is later). For a task counting several,
# the steps are the done reports that move a pair's mark on, in time order: those between the previous
# mark (lo) and theirs (hi) were done that day. They read the partial index reports_done_pair (v013),
# named: the done reports only, in the order the window wants (without fresh statistics SQLite would take
# reports_task_agency and read every report), of the tasks counting several and the agencies in range:
# read straight off that index, they come in the window's order and need no sort (driven from the tasks
# and their lead pairs, as before, SQLite sorted them all: twice the time).
_STATE_HELPERS = (
    "CREATE TEMP TABLE rollup_steps_{n} (task_id INTEGER, agency_id INTEGER, day TEXT, lo TEXT, hi TEXT)",
    f"""INSERT INTO temp.rollup_steps_{{n}} (task_id, agency_id, day, lo, hi)
       SELECT task_id, agency_id, day, lo, hi FROM (
           SELECT d.task_id, d.agency_id, d.day, d.mark AS hi,
                  MAX(d.mark) OVER (PARTITION BY d.task_id, d.agency_id ORDER BY d.created_at, d.occurrence_id, d.id
                                    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS lo
           FROM (SELECT r.task_id, r.agency_id, r.id, r.created_at, r.occurrence_id, date(r.created_at, :off) AS day,
                        CASE WHEN r.occurrence_id IS NOT NULL
                             THEN COALESCE((SELECT o.due FROM occurrences o WHERE o.id = r.occurrence_id), '{_FAR}')
                             ELSE COALESCE((SELECT o.due FROM temp.rollup_occ_{{n}} o
                                            WHERE o.task_id = r.task_id AND o.due >= date(r.created_at, :off)
                                            ORDER BY o.due LIMIT 1), '{_FAR}') END AS mark
                 FROM {{steps_from}}
                 WHERE r.task_id IN (SELECT k.task_id FROM temp.rollup_task_{{n}} k WHERE k.n_past + k.n_next > 1)
                   AND (:agency_id IS NULL OR r.agency_id = :agency_id) AND r.agency_id >= :lo AND r.agency_id < :hi
                   AND r.status = 'done' AND r.withdrawn_at IS NULL AND r.created_at <= :as_of) d)
       WHERE lo IS NULL OR hi > lo""",
    "CREATE TEMP TABLE rollup_done_{n} (task_id INTEGER, agency_id INTEGER, on_time INTEGER, late INTEGER,"
    " mark TEXT, PRIMARY KEY (task_id, agency_id)) WITHOUT ROWID",
    f"""INSERT INTO temp.rollup_done_{{n}} (task_id, agency_id, on_time, late, mark)
       SELECT s.task_id, s.agency_id,
              SUM((SELECT COUNT(*) FROM temp.rollup_occ_{{n}} o WHERE o.task_id = s.task_id
                   AND o.due > COALESCE(s.lo, '') AND o.due <= MIN(s.hi, COALESCE(k.next, '{_FAR}'))
                   AND o.due >= s.day)),
              SUM((SELECT COUNT(*) FROM temp.rollup_occ_{{n}} o WHERE o.task_id = s.task_id
                   AND o.due > COALESCE(s.lo, '') AND o.due <= MIN(s.hi, COALESCE(k.next, '{_FAR}'))
                   AND o.due < s.day)),
              MAX(s.hi)
       FROM temp.rollup_steps_{{n}} s JOIN temp.rollup_task_{{n}} k ON k.task_id = s.task_id
       GROUP BY s.task_id, s.agency_id""",
)
# The steps' reports: every done report of the lead pairs, or (few pairs missing from the kept counts,
# storage.rollup_states) those of the missing pairs, looked up pair by pair.
_STEPS_OF_ALL = """reports r INDEXED BY reports_done_pair
                 JOIN lead_pairs lp ON lp.task_id = r.task_id AND lp.agency_id = r.agency_id"""
_STEPS_OF_MISSING = """temp.rollup_miss_{n} lp
                 CROSS JOIN reports r INDEXED BY reports_done_pair ON r.task_id = lp.task_id AND r.agency_id = lp.agency_id"""
STEPS_OF_MISSING_MAX = 20_000  # above this many missing pairs, reading every done report in order is quicker
# Each pair's four counts. One occurrence counted: done on the day of the first done report, else open or
# overdue. Several: done on time and late from rollup_done; those past its mark are open, overdue before
# today (a pair without a done report owes every one: its task's counts).
_STATE_COUNTS = """,
       CASE WHEN k.n_past + k.n_next = 1 THEN CASE WHEN date(f.done_at, :off) <= COALESCE(k.overdue, k.next) THEN 1 ELSE 0 END
            ELSE COALESCE(dn.on_time, 0) END AS st_on_time,
       CASE WHEN k.n_past + k.n_next = 1 THEN CASE WHEN date(f.done_at, :off) > COALESCE(k.overdue, k.next) THEN 1 ELSE 0 END
            ELSE COALESCE(dn.late, 0) END AS st_late,
       CASE WHEN k.n_past + k.n_next = 1 THEN CASE WHEN f.done_at IS NULL AND k.n_next = 1 THEN 1 ELSE 0 END
            WHEN dn.mark IS NULL THEN COALESCE(k.n_next, 0)
            ELSE (SELECT COUNT(*) FROM temp.rollup_occ_{n} o WHERE o.task_id = a.task_id AND o.due > dn.mark
                  AND o.due = k.next) END AS st_open,
       CASE WHEN k.n_past + k.n_next = 1 THEN CASE WHEN f.done_at IS NULL AND k.n_past = 1 THEN 1 ELSE 0 END
            WHEN dn.mark IS NULL THEN COALESCE(k.n_past, 0)
            ELSE (SELECT COUNT(*) FROM temp.rollup_occ_{n} o WHERE o.task_id = a.task_id AND o.due > dn.mark
                  AND o.due < :today) END AS st_overdue"""
_STATE_COLUMNS = _STATE_COUNTS + """,
       NULL AS planned_due, 0 AS extended"""
_STATE_JOIN = """LEFT JOIN first_done f ON f.task_id = a.task_id AND f.agency_id = a.agency_id AND f.done_at <= :as_of
LEFT JOIN temp.rollup_done_{n} dn ON dn.task_id = a.task_id AND dn.agency_id = a.agency_id"""
# /overdue reads no states: the columns are there, empty
_NO_STATE_COLUMNS = """,
       0 AS st_on_time, 0 AS st_late, 0 AS st_open, 0 AS st_overdue, NULL AS planned_due, 0 AS extended"""
# A shard of the rollup takes the agencies with ids in [:lo, :hi) (plain comparisons, so that the
# planner searches that range of the indexes instead of filtering every pair).
_IN_SHARD = "{a} >= :lo AND {a} < :hi"
_NO_BOUND = (-(2**63), 2**63 - 1)
_TEMP_TABLES = (
    "rollup_pairs", "rollup_support", "rollup_groups", "rollup_done", "rollup_steps", "rollup_st", "rollup_miss",
    "rollup_task", "rollup_occ",
)
# The counts of the pairs missing from the kept ones (storage.rollup_states), computed as above.
_MISSING_STATES = (
    "CREATE TEMP TABLE rollup_st_{n} (task_id INTEGER, agency_id INTEGER, on_time INTEGER, late INTEGER,"
    " open INTEGER, overdue INTEGER, PRIMARY KEY (task_id, agency_id)) WITHOUT ROWID",
    f"""INSERT INTO temp.rollup_st_{{n}} (task_id, agency_id, on_time, late, open, overdue)
       SELECT a.task_id, a.agency_id{_STATE_COUNTS}
       FROM temp.rollup_miss_{{n}} a LEFT JOIN temp.rollup_task_{{n}} k ON k.task_id = a.task_id
       {_STATE_JOIN}""",
)

# How far a "done" report covers (see the module docstring); '' for any other status.
_COVERED = """
    CASE WHEN {status} = 'done' THEN
        CASE WHEN {occ} IS NOT NULL
             THEN COALESCE((SELECT o.due FROM occurrences o WHERE o.id = {occ}), '9999-12-31')
             ELSE COALESCE((SELECT o.due FROM temp.rollup_occ_{{n}} o
                            WHERE o.task_id = {p}.task_id AND o.due >= date({at}, :off)
                            ORDER BY o.due LIMIT 1), '9999-12-31') END
    ELSE '' END
"""

# The first occurrence of a task that an agency still owes: after the `covered` watermark, meeting `cond`,
# and not answered by a "done" report naming it (partial index reports_occurrence_done; `named` is false
# when the pair has none).
_OPEN_OCC = """
    (SELECT o.due FROM temp.rollup_occ_{{n}} o
     WHERE o.task_id = {p}.task_id AND o.due > ({covered}) AND {cond}
       AND NOT ({named} AND EXISTS (SELECT 1 FROM reports d
                       WHERE d.occurrence_id = o.occ_id AND d.agency_id = {p}.agency_id AND d.status = 'done'
                         AND d.occurrence_id IS NOT NULL AND d.withdrawn_at IS NULL AND d.created_at {cut}))
     ORDER BY o.due LIMIT 1)
"""

_LATEST = """
    (SELECT r.id FROM reports r
     WHERE r.task_id = {p}.task_id AND r.agency_id = {p}.agency_id AND r.created_at {cut}
       AND r.withdrawn_at IS NULL
     ORDER BY r.created_at DESC, r.id DESC LIMIT 1)
"""

_BLOCKED_SINCE = """
    (SELECT MIN(b.created_at) FROM reports b
     WHERE b.task_id = {p}.task_id AND b.agency_id = {p}.agency_id AND b.status = 'blocked'
       AND b.created_at <= :as_of AND b.withdrawn_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM reports n
                       WHERE n.task_id = b.task_id AND n.agency_id = b.agency_id AND n.status <> 'blocked'
                         AND n.created_at <= :as_of AND n.withdrawn_at IS NULL AND (n.created_at, n.id) > (b.created_at, b.id)))
"""

# Each lead pair (lead_pairs, v007) with its latest report as of the rollup: the one kept there when it is
# not newer than `as_of` (the usual case), else looked up among the reports. `named`: it has a "done"
# report naming an occurrence, made by then. The pairs whose kept report is newer (a rollup of the past:
# few or none) are looked up apart and joined by pair; joined on the report id the CASE works out,
# PostgreSQL hashed every report to serve them.
_LATEST_PAIRS = f"""
    SELECT lp.task_id, lp.agency_id, t.plan_id, t.section_id,
           CASE WHEN lp.created_at <= :as_of THEN lp.report_id ELSE h.id END AS rid,
           CASE WHEN lp.created_at <= :as_of THEN lp.status ELSE h.status END AS status,
           CASE WHEN lp.created_at <= :as_of THEN lp.occurrence_id ELSE h.occurrence_id END AS rocc,
           CASE WHEN lp.created_at <= :as_of THEN lp.created_at ELSE h.created_at END AS reported_at,
           CASE WHEN lp.created_at <= :as_of THEN lp.blocked_since
                WHEN h.status = 'blocked' THEN {_BLOCKED_SINCE.format(p="lp")} END AS blocked_at,
           COALESCE(lp.named_at <= :as_of, FALSE) AS named, lp.created_at AS latest_at
    FROM tasks t JOIN lead_pairs lp ON lp.task_id = t.id
    LEFT JOIN (SELECT h.* FROM lead_pairs lq JOIN reports h ON h.id = {_LATEST.format(p="lq", cut="<= :as_of")}
               WHERE lq.created_at > :as_of AND {_IN_SHARD.format(a="lq.agency_id")}) h
           ON h.task_id = lp.task_id AND h.agency_id = lp.agency_id
    WHERE t.active = 1 AND {_STORED}
      AND (:plan_id IS NULL OR t.plan_id = :plan_id)
      AND (:agency_id IS NULL OR lp.agency_id = :agency_id)
      AND {_IN_SHARD.format(a="lp.agency_id")}
"""

_COVERED_NOW = ("max((" + _COVERED.format(status="a.status", occ="a.rocc", at="a.reported_at", p="a")
                + "), COALESCE((" + _NAMED_TO.format(p="a", cut="<= :as_of") + "), ''))")


def _open_occ_now(cond: str) -> str:
    return _OPEN_OCC.format(
        p="a", covered=_COVERED_NOW, cond=cond, cut="<= :as_of", named="a.named"
    )


# One row per pair: its latest report and the first owed occurrence before today (overdue) and from
# today on. A pair with neither a latest "done" report nor one naming an occurrence takes its task's.
# xong_named is joined for a pair with a "done" naming an occurrence of a task counting several (a task
# counting one needs none: the "done" naming its date is the one that could).
_PAIRS_SQL = f"""
SELECT a.task_id, a.agency_id, a.plan_id, a.section_id, a.rid, a.status, a.reported_at, a.blocked_at, a.named,
       CASE WHEN a.status IS NOT 'done' AND NOT a.named THEN k.overdue
            ELSE {_open_occ_now("o.due < :today")} END AS overdue_since,
       CASE WHEN a.status IS NOT 'done' AND NOT a.named THEN k.next
            ELSE {_open_occ_now("o.due >= :today")} END AS next_due{{states}}
FROM ({_LATEST_PAIRS}) a
LEFT JOIN temp.rollup_task_{{n}} k ON k.task_id = a.task_id
LEFT JOIN xong_named x ON x.task_id = a.task_id AND x.agency_id = a.agency_id AND a.named AND k.n_past + k.n_next > 1
{{states_join}}
"""

# Each coordinating pair with its latest report as of the rollup (report_latest's row unless that is newer
# than `as_of`) and its bucket (module docstring); the task's next due date for its detail line. The
# columns the lead pairs' blocker and detail queries read are here too (never overdue).
_SUPPORT_PAIRS_SQL = f"""
SELECT s.task_id, s.agency_id, s.plan_id, s.section_id, s.rid, r.status, r.created_at AS reported_at,
       CASE WHEN r.status = 'blocked' THEN
            CASE WHEN s.rid = s.latest_id THEN s.latest_blocked ELSE {_BLOCKED_SINCE.format(p="s")} END
       END AS blocked_at,
       k.next AS next_due, NULL AS overdue_since,
       CASE WHEN r.status = 'blocked' THEN 'blocked' WHEN r.status = 'done' THEN 'done'
            WHEN r.status IS NULL THEN 'not_reported' ELSE 'in_progress' END AS bucket
FROM (
    SELECT ta.task_id, ta.agency_id, t.plan_id, t.section_id, rl.report_id AS latest_id,
           rl.blocked_since AS latest_blocked,
           CASE WHEN rl.report_id IS NULL THEN NULL  -- no report_latest row: no report at all
                WHEN rl.created_at <= :as_of THEN rl.report_id
                ELSE {_LATEST.format(p="ta", cut="<= :as_of")} END AS rid
    -- each agency's support links through the (agency, role) index, then their tasks (CROSS JOIN keeps
    -- this order: left to choose, SQLite tried every active task for every agency, ten times slower)
    FROM agencies ag CROSS JOIN task_agencies ta ON ta.agency_id = ag.id AND ta.role = 'support'
    CROSS JOIN tasks t ON t.id = ta.task_id
    LEFT JOIN report_latest rl ON rl.task_id = ta.task_id AND rl.agency_id = ta.agency_id
    WHERE t.active = 1 AND {_STORED}
      AND (:plan_id IS NULL OR t.plan_id = :plan_id)
      AND (:agency_id IS NULL OR ag.id = :agency_id)
      AND {_IN_SHARD.format(a="ag.id")}
      AND NOT EXISTS (SELECT 1 FROM task_agencies l
                      WHERE l.task_id = ta.task_id AND l.agency_id = ta.agency_id AND l.role = 'lead')
    LIMIT -1 OFFSET 0  -- computed once per pair (flattened, `rid` would be worked out where each use is)
) s
LEFT JOIN reports r ON r.id = s.rid
LEFT JOIN temp.rollup_task_{{n}} k ON k.task_id = s.task_id
"""
_SUPPORT_COUNTS = """COUNT(*), COUNT(*) FILTER (WHERE s.bucket = 'done'), COUNT(*) FILTER (WHERE s.bucket = 'in_progress'),
    COUNT(*) FILTER (WHERE s.bucket = 'blocked'), COUNT(*) FILTER (WHERE s.bucket = 'not_reported')"""

# Every pair falls in exactly one bucket (module docstring).
_BUCKET = """
    CASE WHEN p.overdue_since IS NOT NULL THEN 'overdue'
         WHEN p.status = 'blocked' THEN 'blocked'
         WHEN p.status = 'done' THEN 'done'
         WHEN p.status IS NULL THEN 'not_reported'
         WHEN p.reported_at >= :fresh THEN 'on_track'
         ELSE 'stale' END
"""

# Was the pair overdue at the end of the previous period? Asked only of pairs reported this period (the
# others stood then as they stand now); a plain pair (above) then owed its task's first occurrence.
_PREV_OPEN_OCC = _OPEN_OCC.format(
    p="m",
    covered="max((" + _COVERED.format(status="m.pstatus", occ="m.pocc", at="m.preported_at", p="m")
            + "), COALESCE(m.pnamed_to, ''))",
    cond="o.due < :prev_today",
    cut="< :prev_cut",
    named="m.named",
)
_PREV_OVERDUE = f"""
    CASE WHEN m.pstatus IS NOT 'done' AND NOT m.named THEN m.task_prev_overdue IS NOT NULL
         ELSE EXISTS {_PREV_OPEN_OCC} END
"""

_COUNTS = tuple(f.name for f in fields(Counts))  # lead_tasks, done, on_track, due_soon, overdue, …

# The buckets as small numbers for the GROUP BY below, same order as _BUCKET.
_BUCKET_CODE = """
    CASE WHEN p.overdue_since IS NOT NULL THEN 1
         WHEN p.status = 'blocked' THEN 2
         WHEN p.status = 'done' THEN 3
         WHEN p.status IS NULL THEN 4
         WHEN p.reported_at >= :fresh THEN 5
         ELSE 6 END
"""

# Per agency and plan section, in one pass over the pairs; the totals, agencies, sections and
# non-responders are sums of these few thousand rows. The GROUP BY sorts every pair: the inner query
# (OFFSET keeps SQLite from flattening it) hands the sorter a few small integers per pair instead of
# its status and dates, which makes the sort about a third cheaper.
_GROUPS_SQL = f"""
SELECT p.agency_id, p.plan_id, p.section_id,
       COUNT(*) AS lead_tasks,
       COUNT(*) FILTER (WHERE p.bucket = 3) AS done,
       COUNT(*) FILTER (WHERE p.bucket = 5) AS on_track,
       COUNT(*) FILTER (WHERE p.soon) AS due_soon,
       COUNT(*) FILTER (WHERE p.bucket = 1) AS overdue,
       COUNT(*) FILTER (WHERE p.bucket = 4) AS never_reported,
       COUNT(*) FILTER (WHERE p.bucket = 2) AS blocked,
       COUNT(*) FILTER (WHERE p.bucket = 6) AS stale,
       SUM(p.st_on_time) AS done_on_time,
       SUM(p.st_late) AS done_late,
       SUM(p.st_open) AS open_on_time,
       SUM(p.st_overdue) AS open_overdue,
       COUNT(*) FILTER (WHERE p.bucket = 1 OR p.soon) AS open_items
FROM (SELECT p.agency_id, p.plan_id, p.section_id, {_BUCKET_CODE} AS bucket, p.next_due <= :soon AS soon,
             p.st_on_time, p.st_late, p.st_open, p.st_overdue
      FROM {{tmp}} p LIMIT -1 OFFSET 0) p
GROUP BY p.agency_id, p.plan_id, p.section_id
"""

_SUM_COLUMNS = ", ".join(f"SUM(g.{c}) AS {c}" for c in _COUNTS)


def _counts(values: tuple) -> Counts:
    """Counts from the _COUNTS columns, in that order (NULL sums of no rows are 0)."""
    return Counts(*(value or 0 for value in values))


async def _fetchall(db: aiosqlite.Connection, sql: str, params: dict) -> list:
    async with db.execute(sql, params) as cur:
        return list(await cur.fetchall())


async def _tuples(db: aiosqlite.Connection, sql: str, params: dict) -> list[tuple]:
    """The rows as plain tuples: a few thousand sqlite3.Row read by name cost more than the query."""
    async with db.execute(sql, params) as cur:
        cur.row_factory = None
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
    shards: int | None = None,
) -> Rollup:
    """Roll up every lead task's state at `as_of` for the period containing it (rules: module docstring).

    Without `details` the rollup holds everything the summary text shows (its first overdue and due-soon
    lines included) but not the line of every pair, which only the files need. `shards`: open_rollup.
    """
    async with open_rollup(
        db, as_of=as_of, period=period, tz=tz, plan_id=plan_id, agency_id=agency_id, shards=shards
    ) as opened:
        rollup = await opened.summary()
        return await opened.complete(rollup) if details else rollup


@asynccontextmanager
async def open_rollup(
    db: aiosqlite.Connection,
    *,
    as_of: datetime,
    period: PeriodKind,
    tz: ZoneInfo,
    plan_id: int | None = None,
    agency_id: int | None = None,
    shards: int | None = None,
) -> AsyncIterator[OpenRollup]:
    """A rollup whose pairs are read once, for its summary now and its detail lines later (the files).

    It runs on connections of its own (storage.db.reading), never on the shared one, so it needs no unit
    of work and no write lock, and its helper tables never join a unit another coroutine has open. A large
    rollup of every agency is computed in `shards` ranges of agency ids at once, each on its own
    connection (SQLite runs one statement on one core; the machine has more), and merged into the same
    Rollup one connection gives. Those connections read what is committed: anything the caller's unit of
    work wrote before is not in the figures. `shards` defaults to the number of cores, at most SHARDS_MAX,
    for databases of SHARD_MIN_PAIRS lead pairs or more; 1 computes on one connection.
    """
    params = _params(as_of, period, tz, plan_id, agency_id)
    async with _opened(db, params, agency_id, shards, overdue_only=False) as tables:
        yield OpenRollup(tables, as_of, period, tz)


class OpenRollup:
    """An open rollup (open_rollup): its summary, then its detail lines, from the same helper tables."""

    def __init__(self, tables: _Tables, as_of: datetime, period: PeriodKind, tz: ZoneInfo) -> None:
        self._tables, self._as_of, self._period, self._tz = tables, as_of, period, tz

    async def summary(self) -> Rollup:
        """Everything the summary text shows; no detail lines (details=())."""
        part = await self._tables.read(summary=True)
        today = self._tables.today
        start, end = period_bounds(today, self._period)
        prev_start, prev_end = previous_period(start, self._period)
        params = self._tables.params
        return Rollup(
            as_of=self._as_of.astimezone(UTC),
            tz=self._tz.key,
            today=today,
            period=self._period,
            start=start,
            end=end,
            prev_start=prev_start,
            prev_end=prev_end,
            plan_id=params["plan_id"],
            agency_id=params["agency_id"],
            extensions=await granted(self._tables.own, params),
            **{f.name: getattr(part, f.name) for f in fields(part) if f.name != "overdue"},
        )

    async def details(self) -> tuple[DetailLine, ...]:
        """Every lead pair's line: tasks as the plan lists them, then agencies by name."""
        return (await self._tables.read(details=True)).details

    async def complete(self, rollup: Rollup) -> Rollup:
        """`rollup` (this one's summary) with every lead and coordinating pair's line, for the files."""
        part = await self._tables.read(details=True)
        return replace(rollup, details=part.details, support_details=part.support_details)


async def warm_states(db: aiosqlite.Connection, *, as_of: datetime, tz: ZoneInfo) -> bool:
    """Every lead pair's on-time counts kept (storage.rollup_states) for the local day and offset at `as_of`,
    unless they are kept for that day already; whether this call kept them.

    The minute tick calls it, so that the day's first roll-up reads them instead of working them out (about a
    second of CPU and half a second of writes at national scale, else the first secretary's). Only the counts
    are worked out, on a connection of its own, and written in the roll-ups' short chunks. Nothing is done
    on an in-memory database (no second connection to write from), one without lead pairs, or one whose
    counts are for a later day; nor when another process or roll-up names the day first: only one does it.
    """
    params = _params(as_of, "week", tz, None, None)
    async with reading(db) as own:
        if own is db or db.in_transaction:
            return False
        async with own.execute(f"SELECT {rollup_states.STAMP}, EXISTS (SELECT 1 FROM lead_pairs)") as cur:
            held, pairs = await cur.fetchone()
        if held == rollup_states.stamp(params) or not pairs:
            return False
        claim, emptied = await rollup_states.claim_number(own, params, db)
        if not emptied:
            return False
        params = {**params, "stamp": rollup_states.stamp(params), "claim": claim, "emptied": True}
        n = next(_temp_ids)
        try:
            await _run(own, n, params, _HELPERS)
            missing = await _missing(own, n, params, rollup_states.ALL_MISSING, db)
            await _run(own, n, params, _states_helpers(_STEPS_OF_ALL))
            await _run(own, n, params, _MISSING_STATES)
            await rollup_states.fill(own, n, params, missing, db)
        finally:
            await _drop_tables(own, n)
    return True


def _params(
    as_of: datetime, period: PeriodKind, tz: ZoneInfo, plan_id: int | None, agency_id: int | None
) -> dict:
    """The SQL parameters of a rollup at `as_of` for the period containing it."""
    if as_of.tzinfo is None:
        raise ValueError("naive datetime: pass an aware one")
    day = as_of.astimezone(tz).date()
    # a deadline is a whole day, past once that day is over: a roll-up taken at a day's last second (that of
    # a period just ended) counts the day's deadlines not done by then as overdue. "today" in the SQL is the
    # first day whose deadlines have not passed; "day", as_of's own, dates the roll-up and its period
    today = (as_of + timedelta(seconds=1)).astimezone(tz).date()
    start, end = period_bounds(day, period)
    period_cut = _local_midnight_utc(start, tz)
    return {
        "as_of": utc_iso(as_of),
        # a period under way counts every task stored (a clock set back, as tests and `tick --at` do, hides none)
        "stored_by": utc_iso(as_of) if today > end else _FAR,
        "prev_cut": period_cut,
        "start_cut": period_cut,
        "day": day.isoformat(),
        "today": today.isoformat(),
        "prev_today": start.isoformat(),
        "soon": (today + timedelta(days=SOON_DAYS)).isoformat(),
        "fresh": utc_iso(as_of - timedelta(days=FRESH_DAYS)),
        "off": _offset_modifier(as_of, tz),
        "plan_id": plan_id,
        "agency_id": agency_id,
        "lo": _NO_BOUND[0],
        "hi": _NO_BOUND[1],
    }


OVERDUE_SHOWN = 200  # the late list names this many overdue tasks (and the rest of the last agency's)


async def compute_overdue(
    db: aiosqlite.Connection,
    *,
    as_of: datetime,
    tz: ZoneInfo,
    agency_id: int | None = None,
    max_items: int = OVERDUE_SHOWN,
    shards: int | None = None,
) -> OverdueList:
    """The late list at `as_of`: agencies by how many overdue lead tasks they have (then by name), each
    with all of its overdue lines, until `max_items` lines are listed; only overdue pairs are read."""
    params = _params(as_of, "week", tz, None, agency_id)
    async with _opened(db, params, agency_id, shards, overdue_only=True) as tables:
        part = await tables.read(overdue=max_items)
    assert part.overdue is not None
    return part.overdue


@dataclass(frozen=True)
class _Part:
    """A rollup's figures for some of the agencies (all of them when not sharded): Rollup's last fields."""

    totals: Counts = field(default_factory=Counts)
    agencies: tuple[AgencyStats, ...] = ()
    sections: tuple[SectionStats, ...] = ()
    blockers: tuple[Blocker, ...] = ()
    non_responders: tuple[NonResponder, ...] = ()
    changes: tuple[Change, ...] = ()
    late: tuple[DetailLine, ...] = ()
    soon: tuple[DetailLine, ...] = ()
    details: tuple[DetailLine, ...] = ()
    support_totals: SupportCounts = field(default_factory=SupportCounts)
    support_blockers: tuple[Blocker, ...] = ()
    support_details: tuple[DetailLine, ...] = ()
    overdue: OverdueList | None = None


@dataclass
class _Tables:
    """A rollup's helper tables, on one connection or one per agency range, until they are closed."""

    own: aiosqlite.Connection  # the rollup's reading connection (holds the tables when not sharded)
    params: dict
    shards: list[tuple[aiosqlite.Connection, int, dict]]  # connection, table number, its range's params

    @property
    def today(self) -> date:
        return date.fromisoformat(self.params["day"])

    async def read(self, *, summary: bool = False, details: bool = False, overdue: int | None = None) -> _Part:
        """What is asked for, from every range at once, merged in the order one connection gives."""
        # every part runs to its end before the connections close, even when one fails
        outcomes = await asyncio.gather(
            *(_read(conn, n, params, self.today, summary, details, overdue) for conn, n, params in self.shards),
            return_exceptions=True,
        )
        parts: list[_Part] = []
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                raise outcome
            parts.append(outcome)
        return parts[0] if len(parts) == 1 else await _merged(self.own, parts, self.params, overdue)


@asynccontextmanager
async def _opened(
    db: aiosqlite.Connection, params: dict, agency_id: int | None, shards: int | None, *, overdue_only: bool
) -> AsyncIterator[_Tables]:
    """The helper tables of a rollup (of its overdue pairs only), on connections of its own."""
    async with reading(db) as own:
        ranges, path = await _shard_ranges(own, agency_id, shards)
        connections: list[aiosqlite.Connection] = []
        tables: list[tuple[aiosqlite.Connection, int, dict]] = []
        try:
            # the counts are kept by writing from this roll-up's own connections: not when the caller's unit
            # holds the write lock (its writes would wait on it), nor in an in-memory database (no second one)
            if not overdue_only and own is not db and not db.in_transaction:
                claim, emptied = await rollup_states.claim_number(own, params, db)
                params = {**params, "stamp": rollup_states.stamp(params), "claim": claim, "emptied": emptied}
            if path is None:
                tables.append((own, next(_temp_ids), params))
            else:
                for lo, hi in ranges:
                    connections.append(await connect(path))
                    tables.append((connections[-1], next(_temp_ids), {**params, "lo": lo, "hi": hi}))
            made = await asyncio.gather(
                *(_make_tables(conn, n, shard, overdue_only, db) for conn, n, shard in tables),
                return_exceptions=True,
            )
            for outcome in made:
                if isinstance(outcome, BaseException):
                    raise outcome
            yield _Tables(own, params, tables)
            # the counts computed now, kept for the next roll-ups (after what the caller waits for)
            for (conn, n, shard), missing in zip(tables, made, strict=True):
                if missing:
                    await rollup_states.fill(conn, n, shard, missing, db)
        finally:
            if path is None:
                for conn, n, _ in tables:
                    await _drop_tables(conn, n)
            for conn in connections:  # their temp tables go with them
                await conn.close()


async def _make_tables(
    db: aiosqlite.Connection, n: int, params: dict, overdue_only: bool, shared: aiosqlite.Connection
) -> int:
    """The helper tables and each pair's row (of the agencies in [params lo, hi)), numbered `n`; how many
    pairs' states it computed for storage.rollup_states to keep (with a params "claim": rollup_states.fill;
    `shared`: the caller's connection, whose units the writes there take turns with)."""
    kept = not overdue_only and params.get("claim") is not None
    if overdue_only:
        states, states_join = _NO_STATE_COLUMNS, ""
    elif kept and not params["emptied"]:
        states, states_join = rollup_states.KEPT_COLUMNS, rollup_states.KEPT_JOIN
    else:
        states, states_join = _STATE_COLUMNS, _STATE_JOIN
    pairs_sql = _PAIRS_SQL.replace("{states}", states).replace("{states_join}", states_join).replace("{n}", str(n))
    if overdue_only:
        pairs_sql = f"SELECT * FROM ({pairs_sql}) WHERE overdue_since IS NOT NULL"
    await _run(db, n, params, _HELPERS)
    missing = 0
    if kept and params["emptied"]:
        # every pair to compute: claimed first, then worked out in full as without kept counts
        missing = await _missing(db, n, params, rollup_states.ALL_MISSING, shared)
        await _run(db, n, params, _states_helpers(_STEPS_OF_ALL))
        await db.execute(f"CREATE TEMP TABLE rollup_pairs_{n} AS {pairs_sql}", params)
        await _run(db, n, params, (_MISSING_STATES[0], rollup_states.COPY_COMPUTED))
    elif kept:
        # the kept counts read, then those of the pairs without them worked out
        await db.execute(f"CREATE TEMP TABLE rollup_pairs_{n} AS {pairs_sql}", params)
        missing = await _missing(db, n, params, rollup_states.NOT_KEPT, shared)
        await db.execute(_MISSING_STATES[0].replace("{n}", str(n)))
        if missing:
            await _run(db, n, params, _states_helpers(_STEPS_OF_MISSING if missing <= STEPS_OF_MISSING_MAX else _STEPS_OF_ALL))
            await _run(db, n, params, (_MISSING_STATES[1], rollup_states.SET_COMPUTED))
    else:
        if not overdue_only:
            await _run(db, n, params, _states_helpers(_STEPS_OF_ALL))
        await db.execute(f"CREATE TEMP TABLE rollup_pairs_{n} AS {pairs_sql}", params)
    await apply_extensions(db, f"temp.rollup_pairs_{n}", f"temp.rollup_occ_{n}", params, states=not overdue_only)
    await _analyze(db, f"temp.rollup_pairs_{n}")
    if not overdue_only:
        await db.execute(
            f"CREATE TEMP TABLE rollup_support_{n} AS {_SUPPORT_PAIRS_SQL.replace('{n}', str(n))}", params
        )
        await _analyze(db, f"temp.rollup_support_{n}")
    return missing


def _states_helpers(steps_from: str) -> tuple[str, ...]:
    """_STATE_HELPERS with the steps read from `steps_from`."""
    return tuple(sql.replace("{steps_from}", steps_from) for sql in _STATE_HELPERS)


async def _missing(
    db: aiosqlite.Connection, n: int, params: dict, statements: tuple[str, ...], shared: aiosqlite.Connection
) -> int:
    """How many pairs `statements` put in temp.rollup_miss_{n}, claimed (storage.rollup_states)."""
    await _run(db, n, params, statements)
    async with db.execute(f"SELECT COUNT(*) FROM temp.rollup_miss_{n}") as cur:
        (missing,) = await cur.fetchone()
    if missing:
        await rollup_states.claim(db, n, params, missing, shared)
    return missing


# the helper statements that fill a table (its name without the number)
_FILLS = re.compile(r"\s*(?:INSERT INTO|UPDATE) temp\.(\w+)_\{n\}")


async def _run(db: aiosqlite.Connection, n: int, params: dict, statements: tuple[str, ...]) -> None:
    """Helper statements, numbered `n`, with statistics for each table they fill (PostgreSQL)."""
    for sql in statements:
        await db.execute(sql.replace("{n}", str(n)), params)
        if filled := _FILLS.match(sql):
            await _analyze(db, f"temp.{filled.group(1)}_{n}")


async def _analyze(db: aiosqlite.Connection, table: str) -> None:
    """Statistics for a helper table just filled, on PostgreSQL: autovacuum never sees temp tables, and
    without them every plan reading one expects a single row (nested hashed subplans, rebuilt per pair)."""
    if dialect(db) == "postgresql":
        await db.execute(f"ANALYZE {table}")


async def _drop_tables(db: aiosqlite.Connection, n: int) -> None:
    for table in _TEMP_TABLES:
        await db.execute(f"DROP TABLE IF EXISTS temp.{table}_{n}")


async def _read(
    db: aiosqlite.Connection, n: int, params: dict, today: date, summary: bool, details: bool, overdue: int | None
) -> _Part:
    """What is asked for from one connection's helper tables, numbered `n`."""
    pairs, groups, support = f"temp.rollup_pairs_{n}", f"temp.rollup_groups_{n}", f"temp.rollup_support_{n}"
    part = _Part(
        details=await _details(db, pairs, params) if details else (),
        support_details=await _details(db, support, params, where="1 = 1", role="support") if details else (),
        overdue=await _overdue(db, pairs, params, today, overdue) if overdue is not None else None,
    )
    if not summary:
        return part
    await db.execute(f"DROP TABLE IF EXISTS {groups}")
    await db.execute(f"CREATE TEMP TABLE rollup_groups_{n} AS {_GROUPS_SQL.replace('{tmp}', pairs)}", params)
    await _analyze(db, groups)
    totals_rows = await _tuples(db, f"SELECT {_SUM_COLUMNS} FROM {groups} g", {})
    support_rows = await _tuples(db, f"SELECT {_SUPPORT_COUNTS} FROM {support} s", {})
    return replace(
        part,
        totals=_counts(totals_rows[0]),
        support_totals=SupportCounts(*support_rows[0]),
        agencies=await _agencies(db, groups, support, params),
        sections=await _sections(db, groups, params),
        blockers=await _blockers(db, pairs, params, today),
        support_blockers=await _blockers(db, support, params, today, role="support"),
        non_responders=await _non_responders(db, groups, params),
        changes=await _changes(db, pairs, params, n),
        late=await _details(db, pairs, params, first=_FIRST_LATE),
        soon=await _details(db, pairs, params, first=_FIRST_SOON),
    )


SHARDS_MAX = 4
# Below this many lead pairs (about 250 agencies of a national plan) one connection is as quick as
# opening others.
SHARD_MIN_PAIRS = 20_000


async def _database_file(db: aiosqlite.Connection) -> str | None:
    """The file of the main database (PostgreSQL's URL); None for an in-memory one (it has no second connection)."""
    if dialect(db) == "postgresql":
        return db.url  # type: ignore[attr-defined]
    (path,) = (await _fetchall(db, "SELECT file FROM pragma_database_list WHERE name = 'main'", {}))[0]
    return path or None


async def _shard_ranges(
    db: aiosqlite.Connection, agency_id: int | None, shards: int | None
) -> tuple[list[tuple[int, int]], str | None]:
    """The agency id ranges [lo, hi) to compute apart, and the database file; (_, None): don't shard."""
    wanted = min(os.cpu_count() or 1, SHARDS_MAX) if shards is None else shards
    if wanted < 2 or agency_id is not None:
        return [], None
    path = await _database_file(db)
    if path is None:
        return [], None
    if shards is None:
        # the largest rowid counts the pairs ever linked: enough to tell a district from a country
        linked_sql = {
            "sqlite": "SELECT MAX(rowid) FROM task_agencies",
            "postgresql": "SELECT COUNT(*) FROM task_agencies",  # no rowid; counting is quick enough there
        }[dialect(db)]
        (linked,) = (await _fetchall(db, linked_sql, {}))[0]
        if (linked or 0) < SHARD_MIN_PAIRS:
            return [], None
    # equal numbers of agencies per range: offices of one kind lead about as many tasks each
    ids = [row[0] for row in await _fetchall(db, "SELECT id FROM agencies ORDER BY id", {})]
    cuts = sorted({ids[len(ids) * i // wanted] for i in range(1, wanted)} if ids else set())
    if not cuts:
        return [], None
    bounds = [_NO_BOUND[0], *cuts, _NO_BOUND[1]]
    return list(itertools.pairwise(bounds)), path


async def _merged(db: aiosqlite.Connection, parts: list[_Part], params: dict, overdue: int | None) -> _Part:
    """The parts of the agency ranges as one, in the orders of the SQL above."""
    # the orders of the SQL above, now over every part
    tasks = {row[0]: (row[1], row[2]) for row in await _fetchall(db, "SELECT id, plan_id, position FROM tasks", {})}
    places = {row[0]: row[1] for row in await _fetchall(db, "SELECT id, position FROM sections", {})}
    sections: dict[tuple[int, int | None], SectionStats] = {}
    for section in (s for part in parts for s in part.sections):
        key = (section.plan_id, section.section_id)
        seen = sections.get(key)
        sections[key] = section if seen is None else replace(seen, counts=_add(seen.counts, section.counts))

    def section_order(s: SectionStats) -> tuple:
        place = places.get(s.section_id) if s.section_id is not None else None
        return (s.plan_id, place is None, place or 0)

    totals, support = Counts(), SupportCounts()
    for part in parts:
        totals = _add(totals, part.totals)
        support = _add(support, part.support_totals)
    lines = [line for part in parts for line in (*part.details, *part.support_details, *part.late, *part.soon)]
    rank = _detail_key(*await _detail_texts(db, params)) if lines else _no_rank
    late = sorted((d for p in parts for d in p.late), key=lambda d: (d.overdue_since, rank(d)))
    soon = sorted((d for p in parts for d in p.soon), key=lambda d: (d.next_due, rank(d)))
    def blocker_order(b: Blocker) -> tuple:
        return (b.since, tasks[b.task_id][1], vi_sort_key(b.agency))

    return _Part(
        totals=totals,
        support_totals=support,
        support_blockers=tuple(sorted((b for p in parts for b in p.support_blockers), key=blocker_order)),
        support_details=tuple(sorted((d for p in parts for d in p.support_details), key=rank)),
        agencies=tuple(sorted((a for p in parts for a in p.agencies), key=_agency_order)),
        sections=tuple(sorted(sections.values(), key=section_order)),
        blockers=tuple(sorted((b for p in parts for b in p.blockers), key=blocker_order)),
        non_responders=tuple(sorted((r for p in parts for r in p.non_responders),
                                    key=lambda r: (-r.open_items, vi_sort_key(r.name)))),
        changes=tuple(sorted((c for p in parts for c in p.changes),
                             key=lambda c: (c.kind, *tasks[c.task_id], vi_sort_key(c.agency)))),
        late=tuple(late[:FIRST_LINES]),
        soon=tuple(soon[:FIRST_LINES]),
        details=tuple(sorted((d for p in parts for d in p.details), key=rank)),
        overdue=_merged_overdue([p.overdue for p in parts], overdue) if overdue is not None else None,
    )


def _no_rank(line: DetailLine) -> int:
    return 0


def _merged_overdue(lists: list[OverdueList | None], max_items: int) -> OverdueList:
    """The late lists of agency ranges as one: each range lists every agency the whole list can show
    (those before it in the whole order are before it in its range too)."""
    present = [x for x in lists if x is not None]
    groups = sorted((g for x in present for g in x.groups), key=lambda g: (-len(g.lines), vi_sort_key(g.agency)))
    return OverdueList(
        today=present[0].today, total=sum(x.total for x in present), groups=tuple(_first_groups(groups, max_items))
    )


def _first_groups(groups: list[OverdueGroup], max_items: int) -> list[OverdueGroup]:
    """The groups the late list shows: each one while fewer than `max_items` lines are listed before it."""
    shown, listed = [], 0
    for group in groups:
        if listed >= max_items:
            break
        shown.append(group)
        listed += len(group.lines)
    return shown


def _add(a: _C, b: _C) -> _C:
    return type(a)(**{f.name: getattr(a, f.name) + getattr(b, f.name) for f in fields(a)})


async def _agencies(db: aiosqlite.Connection, groups: str, support: str, params: dict) -> tuple[AgencyStats, ...]:
    sql = f"""
    WITH lead AS (SELECT g.agency_id, {_SUM_COLUMNS} FROM {groups} g GROUP BY g.agency_id),
    support (agency_id, n, done, in_progress, blocked, not_reported) AS (
        SELECT s.agency_id, {_SUPPORT_COUNTS} FROM {support} s GROUP BY s.agency_id
    ),
    ids AS (SELECT agency_id FROM lead UNION SELECT agency_id FROM support
            UNION SELECT id FROM agencies WHERE id = :agency_id)
    SELECT a.id, a.name, a.kind, COALESCE(support.n, 0), COALESCE(support.done, 0),
           COALESCE(support.in_progress, 0), COALESCE(support.blocked, 0), COALESCE(support.not_reported, 0),
           (SELECT COUNT(*) FROM reports r
            WHERE r.agency_id = a.id AND r.created_at >= :start_cut AND r.created_at <= :as_of
              AND r.withdrawn_at IS NULL
              AND (:plan_id IS NULL OR r.task_id IN (SELECT id FROM tasks WHERE plan_id = :plan_id)))
               AS reports_in_period,
           {", ".join(f"lead.{c}" for c in _COUNTS)}
    FROM ids JOIN agencies a ON a.id = ids.agency_id
    LEFT JOIN lead ON lead.agency_id = a.id
    LEFT JOIN support ON support.agency_id = a.id
    """
    found = (
        AgencyStats(
            agency_id=row[0],
            name=row[1],
            kind=row[2],
            counts=_counts(row[9:]),
            support=SupportCounts(*row[3:8]),
            reports_in_period=row[8],
        )
        for row in await _tuples(db, sql, params)
    )
    return tuple(sorted(found, key=_agency_order))


def _agency_order(agency: AgencyStats) -> tuple:
    """Most overdue first, then in Vietnamese alphabetical order ("Đa Kao" before "Tân Định")."""
    return (-agency.counts.overdue, vi_sort_key(agency.name))


async def _sections(db: aiosqlite.Connection, groups: str, params: dict) -> tuple[SectionStats, ...]:
    sql = f"""
    WITH tasks_in AS (
        SELECT t.plan_id, t.section_id, COUNT(*) AS tasks FROM tasks t
        WHERE t.active = 1 AND (:plan_id IS NULL OR t.plan_id = :plan_id) AND {_STORED}
          AND EXISTS (SELECT 1 FROM task_agencies ta WHERE ta.task_id = t.id AND ta.role = 'lead'
                        AND (:agency_id IS NULL OR ta.agency_id = :agency_id))
        GROUP BY t.plan_id, t.section_id
    ),
    sums AS (SELECT g.plan_id, g.section_id, {_SUM_COLUMNS} FROM {groups} g GROUP BY g.plan_id, g.section_id)
    SELECT g.plan_id, pl.code AS plan_code, g.section_id, s.number, s.title, ti.tasks,
           {", ".join(f"g.{c}" for c in _COUNTS)}
    FROM sums g JOIN plans pl ON pl.id = g.plan_id LEFT JOIN sections s ON s.id = g.section_id
    JOIN tasks_in ti ON ti.plan_id = g.plan_id AND ti.section_id IS g.section_id
    ORDER BY g.plan_id, s.position IS NULL, s.position
    """
    return tuple(
        SectionStats(
            plan_id=row[0],
            plan_code=row[1],
            section_id=row[2],
            number=row[3] or "",
            title=row[4] or "",
            tasks=row[5],
            counts=_counts(row[6:]),
        )
        for row in await _tuples(db, sql, params)
    )


async def _blockers(
    db: aiosqlite.Connection, pairs: str, params: dict, today: date, *, role: Role = "lead"
) -> tuple[Blocker, ...]:
    """The blocked pairs of `pairs` (lead pairs, or coordinating ones with role "support")."""
    sql = f"""
    SELECT p.task_id, t.number, t.title, p.agency_id, a.name AS agency,
           date(p.blocked_at, :off) AS blocked_since, r.note, p.overdue_since, pl.code
    FROM {pairs} p JOIN tasks t ON t.id = p.task_id JOIN agencies a ON a.id = p.agency_id
    JOIN reports r ON r.id = p.rid JOIN plans pl ON pl.id = t.plan_id
    WHERE p.status = 'blocked'
    ORDER BY blocked_since, t.position, a.name
    """
    # about 14k at national scale: plain rows, and one copy of each repeated text and date
    texts: dict = {}
    once = texts.setdefault
    days: dict[str, tuple[date, int]] = {}
    out = []
    for task_id, number, title, agency_id, agency, blocked_since, note, late, code in await _tuples(db, sql, params):
        day = days.get(blocked_since)
        if day is None:
            since = date.fromisoformat(blocked_since)
            day = days[blocked_since] = (since, (today - since).days)
        # positional, in Blocker's field order: 14k keyword calls cost more than the query
        out.append(
            Blocker(task_id, once(number, number), once(title, title), agency_id, once(agency, agency), *day,
                    once(note, note) if note else "", date.fromisoformat(late) if late else None, role,
                    once(code, code))
        )
    return tuple(out)


async def _non_responders(db: aiosqlite.Connection, groups: str, params: dict) -> tuple[NonResponder, ...]:
    sql = f"""
    WITH reminded AS (
        SELECT u.agency_id, MIN(s.created_at) AS first_at
        FROM sent_messages s JOIN users u ON u.id = s.user_id
        WHERE s.kind = 'digest' AND s.created_at >= :start_cut AND s.created_at <= :as_of
          AND u.agency_id IS NOT NULL
        GROUP BY u.agency_id
    ),
    open AS (SELECT g.agency_id, SUM(g.open_items) AS n FROM {groups} g GROUP BY g.agency_id),
    -- asking for more time or explaining a delay is an answer too (both are few: one pass each)
    said AS (SELECT agency_id, MAX(said_at) AS last_at
             FROM (SELECT agency_id, requested_at AS said_at FROM extensions
                   UNION ALL SELECT agency_id, created_at FROM explanations) x
             WHERE said_at <= :as_of GROUP BY agency_id)
    SELECT a.id, a.name, rm.first_at, open.n
    FROM open JOIN agencies a ON a.id = open.agency_id
    LEFT JOIN reminded rm ON rm.agency_id = open.agency_id
    LEFT JOIN said ON said.agency_id = open.agency_id
    WHERE (rm.first_at IS NOT NULL OR open.n > 0)
      AND (said.last_at IS NULL OR said.last_at < COALESCE(rm.first_at, :start_cut))
      AND NOT EXISTS (SELECT 1 FROM reports r
                      WHERE r.agency_id = a.id AND r.created_at >= COALESCE(rm.first_at, :start_cut)
                        AND r.created_at <= :as_of AND r.withdrawn_at IS NULL)
    """
    found = (
        NonResponder(
            agency_id=row["id"],
            name=row["name"],
            reminded_at=datetime.fromisoformat(row["first_at"]) if row["first_at"] else None,
            open_items=row["n"],
        )
        for row in await _fetchall(db, sql, params)
    )
    return tuple(sorted(found, key=lambda r: (-r.open_items, vi_sort_key(r.name))))


async def _changes(db: aiosqlite.Connection, pairs: str, params: dict, n: int) -> tuple[Change, ...]:
    # a pair with no report this period stood at its end as it stands now: only its overdue date can
    # have passed since; the pairs reported this period are compared with their report before it
    sql = f"""
    WITH moved AS MATERIALIZED (
        SELECT p.task_id, p.agency_id, p.status, p.overdue_since, p.named, k.prev_overdue AS task_prev_overdue,
               r.status AS pstatus, r.occurrence_id AS pocc, r.created_at AS preported_at,
               -- the latest date a «xong» made before the period names (it closed it and the earlier ones)
               {_NAMED_TO.format(p="p", cut="< :prev_cut")} AS pnamed_to
        FROM {pairs} p LEFT JOIN reports r ON r.id = {_LATEST.format(p="p", cut="< :prev_cut")}
        LEFT JOIN xong_named x ON x.task_id = p.task_id AND x.agency_id = p.agency_id
        LEFT JOIN temp.rollup_task_{n} k ON k.task_id = p.task_id
        -- only a pair now done, blocked or overdue can have become so
        WHERE p.reported_at >= :prev_cut AND (p.status IN ('done', 'blocked') OR p.overdue_since IS NOT NULL)
    )
    SELECT p.kind, p.task_id, t.number, t.title, p.agency_id, a.name AS agency, pl.code
    FROM (
        SELECT 'done' AS kind, task_id, agency_id FROM moved WHERE status = 'done' AND pstatus IS NOT 'done'
        UNION ALL
        SELECT 'blocked', task_id, agency_id FROM moved WHERE status = 'blocked' AND pstatus IS NOT 'blocked'
        UNION ALL
        SELECT 'overdue', m.task_id, m.agency_id FROM moved m
        WHERE m.overdue_since IS NOT NULL AND NOT {_PREV_OVERDUE.replace("{n}", str(n))}
        UNION ALL
        SELECT 'overdue', task_id, agency_id FROM {pairs}
        WHERE overdue_since >= :prev_today AND (reported_at IS NULL OR reported_at < :prev_cut)
    ) p JOIN tasks t ON t.id = p.task_id JOIN agencies a ON a.id = p.agency_id JOIN plans pl ON pl.id = t.plan_id
    ORDER BY p.kind, t.plan_id, t.position, a.name
    """
    # a quarter has about 100k changes at national scale: one copy of each task's and agency's texts
    texts: dict = {}
    once = texts.setdefault
    out = []
    async with db.execute(sql, params) as cur:
        cur.row_factory = None
        while rows := await cur.fetchmany(5000):
            for kind, task_id, number, title, agency_id, agency, code in rows:
                out.append(  # positional, in Change's field order
                    Change(once(kind, kind), task_id, once(number, number), once(title, title), agency_id,
                           once(agency, agency), once(code, code))
                )
    return tuple(out)


# The order of the detail lines: tasks as the plan lists them, then agencies by name.
_DETAIL_TASKS = """
SELECT t.id, t.plan_id, pl.code, COALESCE(s.number, ''), COALESCE(s.title, ''), t.number, t.title
FROM tasks t JOIN plans pl ON pl.id = t.plan_id LEFT JOIN sections s ON s.id = t.section_id
WHERE t.active = 1 AND (:plan_id IS NULL OR t.plan_id = :plan_id)
ORDER BY t.plan_id, s.position IS NULL, s.position, t.position, t.id
"""
_DETAIL_AGENCIES = """
SELECT a.id, a.name FROM agencies a WHERE (:agency_id IS NULL OR a.id = :agency_id) ORDER BY a.name
"""


async def _detail_texts(db: aiosqlite.Connection, params: dict) -> tuple[dict[int, tuple], dict[int, tuple]]:
    """Each task's and agency's texts for the detail lines, keyed by id, in the lines' order."""
    tasks = {row[0]: tuple(row) for row in await _fetchall(db, _DETAIL_TASKS, params)}
    agencies = {row[0]: tuple(row) for row in await _fetchall(db, _DETAIL_AGENCIES, params)}
    return tasks, agencies


def _detail_key(tasks: dict[int, tuple], agencies: dict[int, tuple]) -> Callable[[DetailLine], int]:
    """Sort key of the detail lines: the rank of their task, then of their agency's name."""
    task_rank = {task_id: rank for rank, task_id in enumerate(tasks)}
    agency_rank = {agency_id: rank for rank, agency_id in enumerate(agencies)}
    width = len(agency_rank)
    return lambda line: task_rank[line.task_id] * width + agency_rank[line.agency_id]


# The first lines the summary text lists: a filter and a date, ties in the detail lines' order (the plan's,
# where 3.10 comes after 3.9). Only the pairs up to the FIRST_LINES-th date are sorted in full (the pairs table
# has no index).
_FIRST_LATE = ("p.overdue_since IS NOT NULL", "p.overdue_since")
_FIRST_SOON = ("p.next_due <= :soon", "p.next_due")
_DETAIL_ORDER = "t.plan_id, s.position IS NULL, s.position, t.position, t.id, a.name"

# Files attached to any of a pair's reports by `as_of`: for every pair at once, and for one pair.
_EVIDENCE_ALL = """
    LEFT JOIN (SELECT r.task_id, r.agency_id, COUNT(*) AS n
               FROM evidence e JOIN reports r ON r.id = e.report_id
               WHERE r.created_at <= :as_of AND r.withdrawn_at IS NULL
               GROUP BY r.task_id, r.agency_id) ev ON ev.task_id = p.task_id AND ev.agency_id = p.agency_id
"""
_EVIDENCE_ONE = """
    (SELECT COUNT(*) FROM reports r JOIN evidence e ON e.report_id = r.id
     WHERE r.task_id = p.task_id AND r.agency_id = p.agency_id AND r.created_at <= :as_of
       AND r.withdrawn_at IS NULL)
"""


class _Days(dict[str | None, date | None]):
    """ISO dates as dates, each parsed once (the lines share a few hundred days); None stays None."""

    def __init__(self) -> None:
        super().__init__({None: None})

    def __missing__(self, text: str | None) -> date | None:
        found = self[text] = date.fromisoformat(text) if text else None
        return found


# a lead pair's on-time state (the worst of its occurrences'), the plan's date of its due date, its extension, its
# occurrences done late and past due
_DETAIL_STATE_COLUMNS = """,
           CASE WHEN p.st_overdue > 0 THEN 'open_overdue' WHEN p.st_open > 0 THEN 'open_on_time'
                WHEN p.st_late > 0 THEN 'done_late' WHEN p.st_on_time > 0 THEN 'done_on_time' END,
           COALESCE(p.planned_due, p.overdue_since, p.next_due), p.extended, p.st_late, p.st_overdue"""


async def _details(
    db: aiosqlite.Connection,
    pairs: str,
    params: dict,
    *,
    where: str | None = None,
    first: tuple[str, str] | None = None,
    role: Role = "lead",
) -> tuple[DetailLine, ...]:
    """The detail lines of the pairs (those meeting `where`), in the lines' order; with `first`, only the
    FIRST_LINES first of those meeting its filter, in its order. Role "support": `pairs` are coordinating
    pairs, with their bucket worked out."""
    # At national scale this is 280k lines. SQL returns each line's ids and figures only; the texts of
    # its task and agency come from one row per task and per agency, so every line shares them, and so
    # it shares each repeated status, note and date. Sorting the lines here, by the rank of their task
    # and of their agency's name, spares SQLite a sort carrying every column.
    columns = """p.task_id, p.agency_id, p.status, r.percent, COALESCE(r.note, ''), date(p.reported_at, :off),
           {evidence}, p.next_due, p.overdue_since, date(p.blocked_at, :off), """ + (
        _BUCKET + _DETAIL_STATE_COLUMNS if role == "lead" else "p.bucket, NULL, NULL, 0, 0, 0"  # coordinators have no deadline
    )
    if where is None and first is None:
        line_sql = f"""
        SELECT {columns.format(evidence="COALESCE(ev.n, 0)")}
        FROM {pairs} p LEFT JOIN reports r ON r.id = p.rid {_EVIDENCE_ALL}
        """
    else:
        if first is None:
            cond, order, limit = where, _DETAIL_ORDER, ""
        else:
            cond, day = first
            last_day = f"SELECT {day} FROM {pairs} p WHERE {cond} ORDER BY 1 LIMIT 1 OFFSET {FIRST_LINES - 1}"
            cond = f"{cond} AND {day} <= COALESCE(({last_day}), '{_FAR}')"
            order, limit = f"{day}, {_DETAIL_ORDER}", f"LIMIT {FIRST_LINES}"
        line_sql = f"""
        SELECT {columns.format(evidence=_EVIDENCE_ONE)}
        FROM {pairs} p LEFT JOIN reports r ON r.id = p.rid
        JOIN tasks t ON t.id = p.task_id JOIN agencies a ON a.id = p.agency_id
        LEFT JOIN sections s ON s.id = t.section_id
        WHERE {cond}
        ORDER BY {order} {limit}
        """
    tasks, agencies = await _detail_texts(db, params)
    # each task's first fields of a line, in DetailLine's order: (plan_id, plan_code, section number and
    # title, task_id, number, title)
    heads = {task_id: (plan_id, code, s_number, s_title, task_id, number, title)
             for task_id, plan_id, code, s_number, s_title, number, title in tasks.values()}
    texts: dict[str | None, str | None] = {None: None}
    text = texts.setdefault
    day = _Days()
    out = []
    append = out.append
    async with db.execute(line_sql, params) as cur:
        cur.row_factory = None
        while rows := await cur.fetchmany(5000):
            for (task_id, agency_id, status, percent, note, on, ev, nxt, late, blocked, bucket, state, planned, ext,
                 n_late, n_overdue) in rows:
                append(  # positional, in DetailLine's field order: 280k keyword calls cost more
                    DetailLine(
                        *heads[task_id], *agencies[agency_id], text(status, status), percent, text(note, note),
                        day[on], ev, day[nxt], day[late], day[blocked], text(bucket, bucket), role,
                        text(state, state), day[planned], bool(ext), n_late or 0, n_overdue or 0,
                    )
                )
    if where is None and first is None:
        out.sort(key=_detail_key(tasks, agencies))
    await _add_explanations(db, out, params)
    await _add_asked(db, out, params)
    return tuple(out)


async def _add_explanations(db: aiosqlite.Connection, lines: list[DetailLine], params: dict) -> None:
    """Each line's newest explanation made by the rollup's moment (explanations are few: one query)."""
    async with db.execute(
        "SELECT task_id, agency_id, text FROM explanations WHERE created_at <= :as_of ORDER BY created_at, id", params
    ) as cur:
        newest = {(task_id, agency_id): text for task_id, agency_id, text in await cur.fetchall()}
    if newest:
        for line in lines:
            line.explanation = newest.get((line.task_id, line.agency_id), "")


async def _add_asked(db: aiosqlite.Connection, lines: list[DetailLine], params: dict) -> None:
    """The date each line's extension request asks for, made by the rollup's moment and not yet decided then,
    for the occurrence the line is due on (requests are few: one query)."""
    async with db.execute(
        "SELECT task_id, agency_id, previous_due, proposed_due FROM extensions WHERE requested_at <= :as_of"
        " AND (status = 'pending' OR decided_at > :as_of) ORDER BY requested_at, id",
        params,
    ) as cur:
        rows = await cur.fetchall()
    asked: dict[tuple[int, int], dict[date, date]] = {}
    for task_id, agency_id, before, due in rows:
        asked.setdefault((task_id, agency_id), {})[date.fromisoformat(before)] = date.fromisoformat(due)
    if asked:
        for line in lines:
            found = asked.get((line.task_id, line.agency_id))
            if found is not None and line.due is not None:
                line.asked = found.get(line.due)


async def _overdue(db: aiosqlite.Connection, pairs: str, params: dict, today: date, max_items: int) -> OverdueList:
    """The late list of the overdue pairs in `pairs`: the agencies it shows, with all their lines."""
    sql = f"""
    SELECT p.agency_id, a.name, COUNT(*) FROM {pairs} p JOIN agencies a ON a.id = p.agency_id
    WHERE p.overdue_since IS NOT NULL
    GROUP BY p.agency_id, a.name
    """
    counts = sorted(await _tuples(db, sql, params), key=lambda row: (-row[2], vi_sort_key(row[1])))
    shown, listed = [], 0
    for agency_id, _, count in counts:
        if listed >= max_items:
            break
        shown.append(agency_id)
        listed += count
    lines = await _details(
        db, pairs, {**params, "shown": json.dumps(shown)},
        where="p.overdue_since IS NOT NULL AND p.agency_id IN " + ids_in(db, ":shown"),
    )
    by_agency: dict[int, list[DetailLine]] = {agency_id: [] for agency_id in shown}
    for line in sorted(lines, key=lambda d: d.overdue_since):  # stable: ties in the lines' (the plan's) order
        by_agency[line.agency_id].append(line)
    return OverdueList(
        today=today,
        total=sum(count for _, _, count in counts),
        groups=tuple(OverdueGroup(group[0].agency, tuple(group)) for group in by_agency.values()),
    )
