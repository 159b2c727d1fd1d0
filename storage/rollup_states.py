"""Each lead pair's four on-time counts kept between roll-ups (table rollup_states, migration v033).

Working the states out is about 0.9 s of CPU of a national text roll-up (the steps of every done report,
their counts, the per-pair joins); read from this table they cost one keyed lookup a pair. The counts of
a pair depend on its done reports, its task's occurrences, the local day and the zone's offset, and on the
roll-up's moment only through which reports are made by then. So:

* the table holds counts for one (local day, offset), named by kv's 'rollup_states' row. A roll-up of that
  day and offset reads it; one of a later day, or of that day at another offset, empties it and names its
  own; one of an earlier day (the past) neither reads nor writes it;
* a pair's row is read, and written, only when its latest report (lead_pairs.created_at) is not after the
  roll-up's moment: then every report of the pair counts, whatever the moment;
* the triggers of v033 delete the rows a change can move (a done report inserted, edited, withdrawn or
  deleted; a task's occurrences, milestones or active flag), so a row present agrees with the data;
* a roll-up missing rows first claims them (a row without counts, with its own number) in short write
  transactions, then computes, then fills only the rows still claimed by it: a change committed after
  the claim deleted it, and one committed before it is in what the roll-up read. On PostgreSQL the claim
  locks the table against the triggers' deletions, so that a change in flight commits before it.

The minute tick fills the table once a day before anyone asks (storage.rollups.warm_states: the counts
only, claimed and filled as a roll-up does), so the day's first roll-up reads them too.

Writes go in chunks of CHUNK rows, each its own short transaction taking turns with the caller's units of
work (storage.db.turn): the day's warming (or first roll-up) writes every pair (280,000 at national scale),
and a chat's reply must not wait behind that. A roll-up never waits long for the write lock either (WAIT_MS):
when another process holds it, the roll-up keeps nothing more this time (the answers are the same, worked
out afresh).
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiosqlite

from storage.db import BUSY_TIMEOUT_MS, dialect, turn

KEY = "rollup_states"
CHUNK = 5_000  # rows per write transaction (measured in docs/benchmarks.md, session 12)
WAIT_MS = 200  # the longest a roll-up waits for the write lock before keeping nothing

STAMP = "(SELECT value FROM kv WHERE key = 'rollup_states')"  # the day and offset the counts are for
# the roll-up's pairs whose kept row can be read: its latest report not after the moment, the day's stamp
_READABLE = f"COALESCE({{lp}}.{{latest}} <= :as_of, TRUE) AND {STAMP} = :stamp"


def stamp(params: dict) -> str:
    """What a roll-up's kept counts hold for: its local day and the zone's offset."""
    return f"{params['today']} {params['off']}"


class _Busy(Exception):
    """The write lock was not had within WAIT_MS."""


@asynccontextmanager
async def _writing(db: aiosqlite.Connection) -> AsyncIterator[None]:
    """One short write transaction on a roll-up's own connection (outside any unit of work); _Busy when
    the lock is not had within WAIT_MS."""
    postgresql = dialect(db) == "postgresql"
    try:
        if postgresql:
            await db.execute("BEGIN")
            try:
                await db.execute(f"SET LOCAL lock_timeout = {WAIT_MS}")
                # the triggers' deletions wait, and the changes in flight commit first (module docstring)
                await db.execute("LOCK TABLE rollup_states IN SHARE ROW EXCLUSIVE MODE")
            except BaseException:
                await db.execute("ROLLBACK")
                raise
        else:
            await db.execute(f"PRAGMA busy_timeout = {WAIT_MS}")
            try:
                await db.execute("BEGIN IMMEDIATE")
            finally:
                await db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    except Exception as exc:
        if getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_BUSY or getattr(exc, "sqlstate", None) == "55P03":
            raise _Busy from exc
        raise
    try:
        yield
        await db.execute("COMMIT")
    except BaseException:
        await db.execute("ROLLBACK")
        raise


async def claim_number(
    db: aiosqlite.Connection, params: dict, shared: aiosqlite.Connection
) -> tuple[int | None, bool]:
    """A number for this roll-up's claims when it may keep counts (module docstring), else None; and
    whether it emptied the table (a roll-up of a later day than the table's does).

    Called once per roll-up, before its tables are made, on its own connection; `shared`: the caller's
    (its units take turns with the roll-up's writes)."""
    wanted = stamp(params)
    async with db.execute(f"SELECT {STAMP}") as cur:
        (held,) = await cur.fetchone()
    if held != wanted:
        if held is not None and held.split(" ")[0] > params["today"]:
            return None, False  # the past
        try:
            async with turn(shared), _writing(db):
                async with db.execute(f"SELECT {STAMP}") as cur:
                    (held,) = await cur.fetchone()
                if held is not None and held.split(" ")[0] > params["today"]:
                    return None, False
                emptied = held != wanted
                if emptied:
                    await db.execute("DELETE FROM rollup_states")
                    await db.execute(
                        "INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        (KEY, wanted),
                    )
        except _Busy:
            return None, False
        return secrets.randbits(62), emptied
    return secrets.randbits(62), False


# Numbered for the chunks: the pairs whose counts this roll-up computes. Every lead pair of the roll-up (of
# its shard) when it has just emptied the table; else those of its per-pair table without kept counts.
_MISSING_TABLE = (
    "CREATE TEMP TABLE rollup_miss_{n} (rn INTEGER PRIMARY KEY, task_id INTEGER, agency_id INTEGER,"
    " UNIQUE (task_id, agency_id))"
)
ALL_MISSING = (
    _MISSING_TABLE,
    """INSERT INTO temp.rollup_miss_{n} (rn, task_id, agency_id)
       SELECT ROW_NUMBER() OVER (ORDER BY lp.task_id, lp.agency_id), lp.task_id, lp.agency_id
       FROM tasks t JOIN lead_pairs lp ON lp.task_id = t.id
       WHERE t.active = 1 AND (:plan_id IS NULL OR t.plan_id = :plan_id)
         AND (:agency_id IS NULL OR lp.agency_id = :agency_id) AND lp.agency_id >= :lo AND lp.agency_id < :hi""",
)
NOT_KEPT = (
    _MISSING_TABLE,
    """INSERT INTO temp.rollup_miss_{n} (rn, task_id, agency_id)
       SELECT ROW_NUMBER() OVER (ORDER BY p.task_id, p.agency_id), p.task_id, p.agency_id
       FROM temp.rollup_pairs_{n} p WHERE p.st_on_time IS NULL""",
)

# The per-pair table's counts: the pair's kept row, when it can be read (`a`: the pair)
KEPT_JOIN = f"""LEFT JOIN rollup_states c ON c.task_id = a.task_id AND c.agency_id = a.agency_id AND c.on_time IS NOT NULL
     AND {_READABLE.format(lp="a", latest="latest_at")}"""
KEPT_COLUMNS = """,
       c.on_time AS st_on_time, c.late AS st_late, c.open AS st_open, c.overdue AS st_overdue,
       NULL AS planned_due, 0 AS extended"""
# ... and those computed now (temp.rollup_st_{n}) for the pairs without
SET_COMPUTED = """
UPDATE temp.rollup_pairs_{n} SET st_on_time = s.on_time, st_late = s.late, st_open = s.open, st_overdue = s.overdue
FROM temp.rollup_st_{n} s WHERE rollup_pairs_{n}.task_id = s.task_id AND rollup_pairs_{n}.agency_id = s.agency_id
"""
# A per-pair table worked out in full: its counts, to keep
COPY_COMPUTED = """
INSERT INTO temp.rollup_st_{n} (task_id, agency_id, on_time, late, open, overdue)
SELECT p.task_id, p.agency_id, p.st_on_time, p.st_late, p.st_open, p.st_overdue FROM temp.rollup_pairs_{n} p
"""

_CLAIM = f"""
INSERT INTO rollup_states (task_id, agency_id, claim)
SELECT m.task_id, m.agency_id, :claim FROM temp.rollup_miss_{{n}} m
JOIN lead_pairs lp ON lp.task_id = m.task_id AND lp.agency_id = m.agency_id
WHERE m.rn > :from_rn AND m.rn <= :to_rn AND {_READABLE.format(lp="lp", latest="created_at")}
ON CONFLICT (task_id, agency_id) DO UPDATE SET claim = excluded.claim WHERE rollup_states.on_time IS NULL
"""
_FILL = """
UPDATE rollup_states SET on_time = s.on_time, late = s.late, open = s.open, overdue = s.overdue, claim = NULL
FROM temp.rollup_miss_{n} m JOIN temp.rollup_st_{n} s ON s.task_id = m.task_id AND s.agency_id = m.agency_id
WHERE m.rn > :from_rn AND m.rn <= :to_rn
  AND rollup_states.task_id = m.task_id AND rollup_states.agency_id = m.agency_id
  AND rollup_states.claim = :claim AND rollup_states.on_time IS NULL AND (SELECT value FROM kv WHERE key = 'rollup_states') = :stamp
"""


async def _chunks(
    db: aiosqlite.Connection, sql: str, n: int, params: dict, missing: int, shared: aiosqlite.Connection
) -> None:
    """`sql` over the rows of temp.rollup_miss_{n}, CHUNK at a time; the rest left when the lock is busy."""
    for start in range(0, missing, CHUNK):
        try:
            async with turn(shared), _writing(db):
                await db.execute(sql.replace("{n}", str(n)), {**params, "from_rn": start, "to_rn": start + CHUNK})
        except _Busy:
            return


async def claim(db: aiosqlite.Connection, n: int, params: dict, missing: int, shared: aiosqlite.Connection) -> None:
    """Claim the `missing` pairs of temp.rollup_miss_{n} that can be kept, before their counts are computed."""
    await _chunks(db, _CLAIM, n, params, missing, shared)


async def fill(db: aiosqlite.Connection, n: int, params: dict, missing: int, shared: aiosqlite.Connection) -> None:
    """Write the counts computed in temp.rollup_st_{n} into the rows this roll-up still claims."""
    await _chunks(db, _FILL, n, params, missing, shared)
