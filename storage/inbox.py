"""The inbox: incoming updates stored before the platform is told they arrived, handled from here.

An update is `receive`d (one row; a re-delivery hits a unique key and stores nothing), then handled
and `mark_handled` in the same unit of work as its effects, so a crash at any instant leaves it either
stored and handled once, or stored and waiting for the next start. Updates of one chat are handled in
the order they arrived.

These functions run plain statements in the caller's unit of work; they never commit.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import aiosqlite

from storage.db import utc_iso
from storage.rows import from_row

KEEP_HANDLED = timedelta(days=7)  # Telegram keeps an unconfirmed update 24 hours: a re-delivery comes sooner

# SQLite's answers that a later attempt may not get: another process holds the write lock past the busy
# timeout, or the disk (or the database's page limit) is full
TRANSIENT_CODES = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_FULL})


# PostgreSQL's: connection lost (08…), insufficient resources such as a full disk (53…), the server
# shutting down (57P…), a serialization failure or deadlock (40001, 40P01)
TRANSIENT_STATES = ("08", "53", "57P", "40001", "40P01")


def is_transient(exc: BaseException) -> bool:
    """Whether a failed unit of work may succeed if tried again later (locked, disk full, server away)."""
    driver = sys.modules.get("asyncpg")  # loaded only by a PostgreSQL connection: without it, none of its errors
    if driver is not None and isinstance(exc, driver.PostgresError):
        return str(getattr(exc, "sqlstate", "") or "").startswith(TRANSIENT_STATES)
    if isinstance(exc, ConnectionError) or (driver is not None and isinstance(exc, driver.ConnectionDoesNotExistError)):
        return True
    return isinstance(exc, sqlite3.Error) and getattr(exc, "sqlite_errorcode", None) in TRANSIENT_CODES


@dataclass(frozen=True)
class Received:
    """One update as a channel received it, with the keys that recognise a re-delivery."""

    platform: str
    update_key: str
    message_key: str | None
    chat_key: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class InboxRow:
    id: int
    platform: str
    update_key: str
    message_key: str | None
    chat_key: str
    payload: str
    received_at: str
    handled_at: str | None
    attempts: int
    last_error: str | None

    def update(self) -> dict[str, Any]:
        """The update as the platform sent it."""
        return json.loads(self.payload)


async def receive(db: aiosqlite.Connection, item: Received, now: datetime) -> bool:
    """Store an update; False (nothing stored) when it, or the message it carries, is already stored."""
    cur = await db.execute(
        "INSERT INTO inbox (platform, update_key, message_key, chat_key, payload, received_at)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        (item.platform, item.update_key, item.message_key, item.chat_key,
         json.dumps(item.payload, ensure_ascii=False), utc_iso(now)),
    )
    return cur.rowcount == 1


async def waiting_chats(db: aiosqlite.Connection) -> list[str]:
    """The chats with an update not handled yet, the one waiting longest first."""
    async with db.execute(
        "SELECT chat_key FROM inbox WHERE handled_at IS NULL GROUP BY chat_key ORDER BY MIN(id)"
    ) as cur:
        return [row[0] for row in await cur.fetchall()]


async def first_waiting(db: aiosqlite.Connection, chat_key: str) -> InboxRow | None:
    """The chat's oldest update not handled yet."""
    async with db.execute(
        "SELECT * FROM inbox WHERE chat_key = ? AND handled_at IS NULL ORDER BY id LIMIT 1", (chat_key,)
    ) as cur:
        return from_row(InboxRow, await cur.fetchone())


async def mark_handled(db: aiosqlite.Connection, inbox_id: int, now: datetime, error: str | None = None) -> bool:
    """The update is handled (`error`: given up, with why); call in the unit that made its effects. False when
    it already was (another worker on the same PostgreSQL database handled it first)."""
    cur = await db.execute(
        "UPDATE inbox SET handled_at = ?, last_error = COALESCE(?, last_error) WHERE id = ? AND handled_at IS NULL",
        (utc_iso(now), error, inbox_id),
    )
    return cur.rowcount == 1


async def mark_failed(db: aiosqlite.Connection, inbox_id: int, error: str) -> None:
    """An attempt failed; the update stays waiting."""
    await db.execute("UPDATE inbox SET attempts = attempts + 1, last_error = ? WHERE id = ?", (error, inbox_id))


async def forget_handled(db: aiosqlite.Connection, now: datetime) -> int:
    """Drop updates handled longer ago than any platform re-delivers; how many."""
    cur = await db.execute("DELETE FROM inbox WHERE handled_at < ?", (utc_iso(now - KEEP_HANDLED),))
    return cur.rowcount
