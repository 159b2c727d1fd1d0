"""Extension requests (xin gia hạn): asked by a lead agency for one occurrence, decided by a secretary.

An approved request is that agency's due date for that occurrence (the newest approved one when there are
several); the plan's own date stays as it was. A refused one changes nothing. Every step is audited by the
caller, in the same unit of work.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

import aiosqlite

from i18n import N_
from storage.db import utc_iso
from storage.errors import StorageError
from storage.rows import from_row, from_rows

ExtensionStatus = Literal["pending", "approved", "refused"]

_COLS = """e.id, e.task_id, e.occurrence_id, e.agency_id, e.previous_due, e.proposed_due, e.reason, e.status,
    e.requested_by, e.requested_at, e.channel, e.chat_id, e.decided_by, e.decided_at, e.note,
    t.number AS task_number, t.title AS task_title, a.name AS agency, COALESCE(u.display_name, '') AS requester,
    u.lang AS requester_lang"""
_FROM = """FROM extensions e JOIN tasks t ON t.id = e.task_id JOIN agencies a ON a.id = e.agency_id
    LEFT JOIN users u ON u.id = e.requested_by"""


@dataclass(frozen=True)
class Extension:
    """One extension request with the names people read."""

    id: int
    task_id: int
    occurrence_id: int
    agency_id: int
    previous_due: str
    proposed_due: str
    reason: str
    status: ExtensionStatus
    requested_by: int | None
    requested_at: str
    channel: str
    chat_id: str
    decided_by: int | None
    decided_at: str | None
    note: str
    task_number: str
    task_title: str
    agency: str
    requester: str
    requester_lang: str | None

    @property
    def previous(self) -> date:
        return date.fromisoformat(self.previous_due)

    @property
    def proposed(self) -> date:
        return date.fromisoformat(self.proposed_due)


class AlreadyDecided(StorageError):
    """A decision on a request that is no longer pending (another secretary was quicker)."""

    def __init__(self, request: Extension) -> None:
        self.request = request
        super().__init__(N_("extension_already_decided"), number=request.task_number, agency=request.agency)


class UnknownExtension(StorageError):
    """No extension request has this id."""

    def __init__(self, request_id: int) -> None:
        super().__init__(N_("extension_unknown"), id=request_id)


async def request(
    db: aiosqlite.Connection,
    *,
    task_id: int,
    occurrence_id: int,
    agency_id: int,
    previous_due: date,
    proposed_due: date,
    reason: str,
    user_id: int,
    channel: str,
    chat_id: str,
    now: datetime,
) -> Extension:
    """Store a pending request (inside the caller's unit of work)."""
    async with db.execute(
        "INSERT INTO extensions (task_id, occurrence_id, agency_id, previous_due, proposed_due, reason,"
        " requested_by, requested_at, channel, chat_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (task_id, occurrence_id, agency_id, previous_due.isoformat(), proposed_due.isoformat(), reason, user_id,
         utc_iso(now), channel, chat_id),
    ) as cur:
        (new_id,) = await cur.fetchone()
    found = await get(db, new_id)
    assert found is not None
    return found


async def get(db: aiosqlite.Connection, request_id: int) -> Extension | None:
    """One request by id, or None."""
    async with db.execute(f"SELECT {_COLS} {_FROM} WHERE e.id = ?", (request_id,)) as cur:
        return from_row(Extension, await cur.fetchone())


async def pending(db: aiosqlite.Connection) -> list[Extension]:
    """Every request waiting for a decision, oldest first."""
    async with db.execute(f"SELECT {_COLS} {_FROM} WHERE e.status = 'pending' ORDER BY e.requested_at, e.id") as cur:
        return from_rows(Extension, await cur.fetchall())


async def pending_for(db: aiosqlite.Connection, occurrence_id: int, agency_id: int) -> Extension | None:
    """The agency's request on this occurrence still waiting for a decision, if any."""
    async with db.execute(
        f"SELECT {_COLS} {_FROM} WHERE e.status = 'pending' AND e.occurrence_id = ? AND e.agency_id = ?"
        " ORDER BY e.id DESC LIMIT 1",
        (occurrence_id, agency_id),
    ) as cur:
        return from_row(Extension, await cur.fetchone())


async def last_request_by(
    db: aiosqlite.Connection, user_id: int, channel: str, chat_id: str, since: datetime
) -> Extension | None:
    """The latest extension request a person made from a chat since a moment, if any."""
    async with db.execute(
        f"SELECT {_COLS} {_FROM} WHERE e.requested_by = ? AND e.channel = ? AND e.chat_id = ? AND e.requested_at >= ?"
        " ORDER BY e.requested_at DESC, e.id DESC LIMIT 1",
        (user_id, channel, chat_id, utc_iso(since)),
    ) as cur:
        return from_row(Extension, await cur.fetchone())


async def decide(
    db: aiosqlite.Connection, request_id: int, *, approve: bool, user_id: int, now: datetime
) -> Extension:
    """Approve or refuse a pending request; AlreadyDecided when it is not pending any more."""
    found = await get(db, request_id)
    if found is None:
        raise UnknownExtension(request_id)
    if found.status != "pending":
        raise AlreadyDecided(found)
    await db.execute(
        "UPDATE extensions SET status = ?, decided_by = ?, decided_at = ? WHERE id = ? AND status = 'pending'",
        ("approved" if approve else "refused", user_id, utc_iso(now), request_id),
    )
    decided = await get(db, request_id)
    assert decided is not None
    return decided


async def add_note(db: aiosqlite.Connection, request_id: int, note: str) -> Extension:
    """The decider's note on a decided request."""
    await db.execute("UPDATE extensions SET note = ? WHERE id = ?", (note, request_id))
    found = await get(db, request_id)
    if found is None:
        raise UnknownExtension(request_id)
    return found


async def current_due(db: aiosqlite.Connection, occurrence_id: int, agency_id: int) -> date | None:
    """The agency's approved due date for an occurrence (the newest approved request), or None."""
    async with db.execute(
        "SELECT proposed_due FROM extensions WHERE occurrence_id = ? AND agency_id = ? AND status = 'approved'"
        " ORDER BY decided_at DESC, id DESC LIMIT 1",
        (occurrence_id, agency_id),
    ) as cur:
        row = await cur.fetchone()
    return date.fromisoformat(row[0]) if row else None


# the newest approved request per (occurrence, agency)
_NEWEST_APPROVED = """ FROM extensions e
WHERE e.status = 'approved' AND e.id = (
    SELECT x.id FROM extensions x WHERE x.occurrence_id = e.occurrence_id AND x.agency_id = e.agency_id
      AND x.status = 'approved' ORDER BY x.decided_at DESC, x.id DESC LIMIT 1)
"""


async def approved_dues(db: aiosqlite.Connection) -> dict[tuple[int, int], date]:
    """{(occurrence, agency): approved due date} of every approved extension (the newest per pair)."""
    return {pair: due for pair, (due, _) in (await approved_decisions(db)).items()}


async def approved_decisions(db: aiosqlite.Connection) -> dict[tuple[int, int], tuple[date, datetime]]:
    """{(occurrence, agency): (approved due date, when it was approved)} of every approved extension (the newest
    per pair)."""
    async with db.execute("SELECT e.occurrence_id, e.agency_id, e.proposed_due, e.decided_at" + _NEWEST_APPROVED) as cur:
        rows = await cur.fetchall()
    return {(occ, agency): (date.fromisoformat(due), datetime.fromisoformat(decided))
            for occ, agency, due, decided in rows}


async def pending_dues(db: aiosqlite.Connection) -> dict[tuple[int, int], date]:
    """{(occurrence, agency): the date asked} of every request waiting for a decision (the newest per pair)."""
    async with db.execute(
        "SELECT occurrence_id, agency_id, proposed_due FROM extensions WHERE status = 'pending' ORDER BY requested_at, id"
    ) as cur:
        return {(occ, agency): date.fromisoformat(due) for occ, agency, due in await cur.fetchall()}
