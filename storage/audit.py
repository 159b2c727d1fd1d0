"""The audit trail: who changed what, when, through which channel."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiosqlite

from storage.db import utc_iso
from storage.rows import from_rows


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    user_id: int | None
    channel: str
    action: str
    subject: str
    detail: str


async def record(
    db: aiosqlite.Connection,
    *,
    now: datetime,
    channel: str,
    action: str,
    subject: str = "",
    user_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Append one audit row (inside the caller's transaction)."""
    await db.execute(
        "INSERT INTO audit (at, user_id, channel, action, subject, detail) VALUES (?, ?, ?, ?, ?, ?)",
        (utc_iso(now), user_id, channel, action, subject, json.dumps(detail or {}, ensure_ascii=False)),
    )


async def record_report(
    db: aiosqlite.Connection,
    *,
    now: datetime,
    channel: str,
    number: str,
    user_id: int | None,
    task_id: int,
    agency_id: int,
    status: str,
    report_id: int,
) -> None:
    """The audit row of an added report (inside the caller's transaction)."""
    await record(
        db, now=now, channel=channel, action="report.added", subject=number, user_id=user_id,
        detail={"report": report_id, "task_id": task_id, "agency_id": agency_id, "status": status},
    )


async def newest_action_at(db: aiosqlite.Connection, user_id: int, at: str, actions: tuple[str, ...]) -> str | None:
    """Which of `actions` the person made last at the instant `at` (a frozen clock, or one second, holds several)."""
    marks = ", ".join("?" for _ in actions)
    async with db.execute(
        f"SELECT action FROM audit WHERE action IN ({marks}) AND at = ? AND user_id = ? ORDER BY id DESC LIMIT 1",
        (*actions, at, user_id),
    ) as cur:
        row = await cur.fetchone()
    return str(row[0]) if row is not None else None


async def entries(db: aiosqlite.Connection, action: str | None = None) -> list[AuditEntry]:
    """Audit rows, oldest first, optionally of one action."""
    sql = "SELECT id, at, user_id, channel, action, subject, detail FROM audit"
    args: tuple = ()
    if action:
        sql += " WHERE action = ?"
        args = (action,)
    async with db.execute(sql + " ORDER BY id", args) as cur:
        return from_rows(AuditEntry, await cur.fetchall())
