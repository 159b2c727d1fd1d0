"""Opening the SQLite database and applying numbered migrations."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import weakref
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

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

# The unit of work (transaction()) the running code is inside, if any: its connection and a marker of
# its own. A context variable, so it follows the unit's own code (and tasks it starts) but not the other
# chats' coroutines that share the connection meanwhile; the marker must still be the connection's open
# unit, so a task the unit started that runs on after it ended is outside it.
_unit: ContextVar[tuple[aiosqlite.Connection, object] | None] = ContextVar("nhacviec_unit_of_work", default=None)
_open_units: weakref.WeakKeyDictionary[aiosqlite.Connection, object] = weakref.WeakKeyDictionary()


def _in_unit(db: aiosqlite.Connection) -> bool:
    """Is the running code inside the unit of work open on `db`?"""
    current = _unit.get()
    return current is not None and current[0] is db and _open_units.get(db) is current[1]


class Connection(aiosqlite.Connection):
    """aiosqlite's connection, making fewer trips to its database thread inside a unit of work.

    Every call to aiosqlite is a round trip to its thread (about 250 µs here, more when the event loop
    is busy), and a transaction holds the connection for all of its trips, so a unit's trips bound how
    many messages a second the bot can take. Here:
    - a unit's BEGIN and its writes whose result nobody reads (the audit row) wait in `_held` and run,
      in order, on that thread just before the unit's next statement; one that fails raises from the
      statement it rode with, inside the same transaction. Statements of code outside the unit (other
      chats' reads, made while the unit awaits something else) run alone: they neither start the
      unit's transaction nor answer for its writes;
    - COMMIT is queued while the unit still holds the connection but awaited after letting the next
      unit in (the thread runs calls in order, so the next BEGIN still comes after it); a COMMIT that
      fails is rolled back in the same call, before anything queued behind it runs.
    A progress reply makes two trips (one of them in the lock) instead of eight.
    This leans on aiosqlite internals (`_execute`, `_tx`); tests/test_storage_db.py covers it.
    """

    def __init__(self, connector: Callable[[], sqlite3.Connection], iter_chunk_size: int) -> None:
        super().__init__(connector, iter_chunk_size)
        self._held: list[tuple[str, Sequence[Any]]] = []

    def in_unit(self) -> bool:
        """Is the running code inside the unit of work (transaction()) open on this connection?"""
        return _in_unit(self)

    def hold(self, sql: str, parameters: Sequence[Any] = ()) -> None:
        """Run `sql` with the unit's next statement (inside transaction() only, where COMMIT always follows)."""
        if not self.in_unit():
            raise RuntimeError("hold() outside a unit of work on this connection")
        self._held.append((sql, parameters))

    async def fetch_many(self, queries: Sequence[tuple[str, Any]]) -> list[list[sqlite3.Row]]:
        """The rows of several reads, made in one trip."""

        def run() -> list[list[sqlite3.Row]]:
            return [self._conn.execute(sql, parameters).fetchall() for sql, parameters in queries]

        return await self._execute(run)

    def queue_commit(self) -> asyncio.Future[None]:
        """Queue the held statements and COMMIT now; the future settles when they ran (or rolled back)."""
        held, self._held = self._held, []

        def commit() -> None:
            try:
                self._run(held)
                self._conn.execute("COMMIT")
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise

        if not self._running or not self._connection:
            raise ValueError("Connection closed")
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._tx.put_nowait((future, commit))
        return future

    async def rollback(self) -> None:
        """Forget held statements and roll back whatever part of the unit ran (nothing, if BEGIN never did)."""
        self._held = []
        await super()._execute(self._rollback_if_open)

    def _rollback_if_open(self) -> None:
        if self._conn.in_transaction:  # read on the database thread, after every queued trip
            self._conn.execute("ROLLBACK")

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if not self._held or not self.in_unit():
            return await super()._execute(fn, *args, **kwargs)
        held, self._held = self._held, []

        def held_then_fn() -> Any:
            self._run(held)
            return fn(*args, **kwargs)

        return await super()._execute(held_then_fn)

    def _run(self, held: list[tuple[str, Sequence[Any]]]) -> None:
        """Execute held statements in order (on the database thread)."""
        for sql, parameters in held:
            self._conn.execute(sql, parameters)


async def connect(path: str | Path) -> Connection:
    """Open the database with WAL, foreign keys and a busy timeout; rows come back as sqlite3.Row."""
    target = str(path)
    db = await Connection(
        lambda: sqlite3.connect(target, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None), 64
    )
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


async def open_db(path: str | Path) -> Connection:
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
    committed: asyncio.Future[None] | None = None
    async with lock:
        marker = _open_units[db] = object()
        token = _unit.set((db, marker))
        try:
            if isinstance(db, Connection):
                db.hold("BEGIN IMMEDIATE")  # rides with the unit's first statement
            else:
                await db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                await db.rollback() if isinstance(db, Connection) else await db.execute("ROLLBACK")
                raise
            if isinstance(db, Connection):
                committed = db.queue_commit()  # in line before any later unit's BEGIN
            else:
                await db.execute("COMMIT")
        finally:
            _unit.reset(token)
            del _open_units[db]
    if committed is not None:
        await committed  # the unit is done only once its COMMIT is


async def fetch_many(db: aiosqlite.Connection, queries: Sequence[tuple[str, Any]]) -> list[list[sqlite3.Row]]:
    """The rows of several (sql, parameters) reads; one trip to the database thread on our connections."""
    if isinstance(db, Connection):
        return await db.fetch_many(queries)
    return [list(await db.execute_fetchall(sql, parameters)) for sql, parameters in queries]


async def write_soon(db: aiosqlite.Connection, sql: str, parameters: Sequence[Any] = ()) -> None:
    """Execute a write whose result is not read: inside transaction() it rides with the next statement.

    Outside one it is a unit of its own, so that it never joins (and is never rolled back with) a unit
    another coroutine has open on the shared connection.
    """
    if isinstance(db, Connection) and db.in_unit():
        db.hold(sql, parameters)
    elif _in_unit(db):
        await db.execute(sql, parameters)
    else:
        async with transaction(db):
            await db.execute(sql, parameters)
