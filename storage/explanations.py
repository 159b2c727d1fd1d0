"""Explanations (giải trình): why a lead agency's occurrence is late, in its own words (and a file)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import aiosqlite

from storage.db import utc_iso
from storage.rows import from_rows


@dataclass(frozen=True)
class Explanation:
    """One explanation, with the names people read."""

    id: int
    task_id: int
    occurrence_id: int | None
    agency_id: int
    user_id: int | None
    text: str
    channel: str
    file_name: str | None
    created_at: str
    task_number: str
    task_title: str
    agency: str
    due: str | None  # the occurrence's planned due date


async def add(
    db: aiosqlite.Connection,
    *,
    task_id: int,
    occurrence_id: int | None,
    agency_id: int,
    user_id: int,
    text: str,
    channel: str,
    now: datetime,
    file_id: str | None = None,
    file_name: str | None = None,
) -> int:
    """Store an explanation (inside the caller's unit of work); its id."""
    async with db.execute(
        "INSERT INTO explanations (task_id, occurrence_id, agency_id, user_id, text, channel, file_id, file_name,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (task_id, occurrence_id, agency_id, user_id, text, channel, file_id, file_name, utc_iso(now)),
    ) as cur:
        (new_id,) = await cur.fetchone()
    return new_id


_SELECT = """
SELECT x.id, x.task_id, x.occurrence_id, x.agency_id, x.user_id, x.text, x.channel, x.file_name, x.created_at,
       t.number AS task_number, t.title AS task_title, a.name AS agency, o.due
FROM explanations x JOIN tasks t ON t.id = x.task_id JOIN agencies a ON a.id = x.agency_id
LEFT JOIN occurrences o ON o.id = x.occurrence_id
"""


async def since(db: aiosqlite.Connection, after: datetime, until: datetime) -> list[Explanation]:
    """Explanations made in (`after`, `until`], oldest first: what the secretaries have not read yet."""
    async with db.execute(
        _SELECT + " WHERE x.created_at > ? AND x.created_at <= ? ORDER BY x.created_at, x.id",
        (utc_iso(after), utc_iso(until)),
    ) as cur:
        return from_rows(Explanation, await cur.fetchall())


async def latest_by_pair(
    db: aiosqlite.Connection, until: datetime, plan_id: int | None = None
) -> dict[tuple[int, int], Explanation]:
    """The newest explanation of each (task, agency) made by `until` (of one plan)."""
    async with db.execute(
        _SELECT + " WHERE x.created_at <= ? AND (? IS NULL OR t.plan_id = ?) ORDER BY x.created_at, x.id",
        (utc_iso(until), plan_id, plan_id),
    ) as cur:
        rows = from_rows(Explanation, await cur.fetchall())
    return {(x.task_id, x.agency_id): x for x in rows}


async def explained(db: aiosqlite.Connection) -> dict[tuple[int, int], str]:
    """{(occurrence, agency): its newest explanation}: those agencies' overdue reminders go weekly and show it."""
    async with db.execute(
        "SELECT occurrence_id, agency_id, text FROM explanations WHERE occurrence_id IS NOT NULL"
        " ORDER BY created_at, id"
    ) as cur:
        return {(occ, agency): text for occ, agency, text in await cur.fetchall()}


def due_of(x: Explanation) -> date | None:
    """The planned due date the explanation is about, if it names an occurrence."""
    return date.fromisoformat(x.due) if x.due else None
