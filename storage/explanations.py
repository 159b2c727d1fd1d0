"""Explanations (giải trình): why a lead agency's occurrence is late, in its own words (and a file)."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from storage.db import utc_iso


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


async def explained(db: aiosqlite.Connection) -> dict[tuple[int, int], str]:
    """{(occurrence, agency): its newest explanation}: those agencies' overdue reminders go weekly and show it."""
    async with db.execute(
        "SELECT occurrence_id, agency_id, text FROM explanations WHERE occurrence_id IS NOT NULL"
        " ORDER BY created_at, id"
    ) as cur:
        return {(occ, agency): text for occ, agency, text in await cur.fetchall()}
