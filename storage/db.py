"""Opening the SQLite database and applying numbered migrations."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import aiosqlite

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000


def utc_iso(moment: datetime) -> str:
    """An aware datetime as UTC ISO-8601 text, the one format stored."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: pass an aware one")
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def from_utc_iso(text: str) -> datetime:
    """Stored UTC text back to an aware datetime."""
    return datetime.fromisoformat(text)


def _migrations() -> list[tuple[int, str]]:
    found = []
    for entry in resources.files("storage.migrations").iterdir():
        name = entry.name
        if name.startswith("v") and name.endswith(".sql"):
            found.append((int(name[1:4]), entry.read_text(encoding="utf-8")))
    return sorted(found)


LATEST_VERSION = max(v for v, _ in _migrations())


async def connect(path: str | Path) -> aiosqlite.Connection:
    """Open the database with WAL, foreign keys and a busy timeout; rows come back as sqlite3.Row."""
    db = await aiosqlite.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    db.row_factory = sqlite3.Row
    await db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    await db.execute("PRAGMA journal_mode = WAL")
    await db.execute("PRAGMA synchronous = NORMAL")
    await db.execute("PRAGMA foreign_keys = ON")
    # the summary's per-pair helper tables (280k rows at national scale) stay off the disk
    await db.execute("PRAGMA temp_store = MEMORY")
    return db


async def migrate(db: aiosqlite.Connection) -> int:
    """Apply every migration newer than PRAGMA user_version, each in its own transaction."""
    async with db.execute("PRAGMA user_version") as cur:
        (current,) = await cur.fetchone()
    for version, sql in _migrations():
        if version <= current:
            continue
        log.info("applying migration v%03d", version)
        statements = f"BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {version};\nCOMMIT;"
        try:
            await db.executescript(statements)
        except Exception:
            await db.execute("ROLLBACK") if db.in_transaction else None
            raise
        current = version
    return current


async def open_db(path: str | Path) -> aiosqlite.Connection:
    """Connect and migrate: the one way the application opens its database."""
    db = await connect(path)
    await migrate(db)
    return db


_locks: weakref.WeakKeyDictionary[aiosqlite.Connection, asyncio.Lock] = weakref.WeakKeyDictionary()


@asynccontextmanager
async def transaction(db: aiosqlite.Connection) -> AsyncIterator[aiosqlite.Connection]:
    """One unit of work: BEGIN IMMEDIATE … COMMIT, rolled back on any error.

    Coroutines sharing one connection take turns (SQLite has one transaction per connection);
    other processes wait on the busy timeout.
    """
    lock = _locks.setdefault(db, asyncio.Lock())
    async with lock:
        await db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            await db.execute("ROLLBACK")
            raise
        else:
            await db.execute("COMMIT")
