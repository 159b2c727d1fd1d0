"""Opening the SQLite database, applying numbered migrations, and the unit of work.

The rule: the application's shared connection (the one open_db gives the bot, which every chat's
message and the minute tick use) is touched only inside `async with transaction(db):`, reads
included. A unit is BEGIN IMMEDIATE … COMMIT, rolled back whole on any error, and units on one
connection take turns on one asyncio.Lock held until their COMMIT is done. So a chat's read can never
see or join another chat's open transaction (SQLite has one transaction per connection), a write is
never made outside a unit (nor rolled back with someone else's), and a failed unit leaves nothing
behind. Slow work (downloads, roll-ups with their spreadsheets) is done between units, never inside
one; roll-ups and other long reads open connections of their own (storage.rollups), which see
committed data only. Only aiosqlite's public API is used.

A `postgresql://` target opens PostgreSQL instead (storage.pg): the same calls on an asyncpg pool, the
same units (one at a time, under an advisory lock), migrations recorded in a schema_version table.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import aiosqlite

from plans.agencies import agency_key
from storage import pg

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


# PostgreSQL deployments start at this version: its .postgresql.sql file is the whole schema so far
POSTGRESQL_BASE = 12


def _migrations(dialect: str = "sqlite") -> list[tuple[int, str]]:
    """The numbered migrations of a dialect: vNNN_name.sql, or vNNN_name.postgresql.sql where PostgreSQL's differs."""
    portable: dict[int, list[str]] = {}
    special: dict[int, list[str]] = {}
    for entry in resources.files("storage.migrations").iterdir():
        name = entry.name
        if name.startswith("v") and name.endswith(".sql"):
            side = special if name.endswith(".postgresql.sql") else portable
            side.setdefault(int(name[1:4]), []).append(entry.read_text(encoding="utf-8"))
    shared = sorted(n for side in (portable, special) for n, texts in side.items() if len(texts) > 1)
    if shared:
        # migrate() applies one file per number: a second one would be skipped without a word
        raise RuntimeError(f"two migrations share a number: {shared}")
    if dialect == "sqlite":
        return sorted((n, texts[0]) for n, texts in portable.items())
    chosen = {**portable, **special}
    return sorted((n, texts[0]) for n, texts in chosen.items() if n >= POSTGRESQL_BASE)


LATEST_VERSION = max(v for v, _ in _migrations())

# The file each connection opened, so that long reads can open connections of their own on it.
_files: weakref.WeakKeyDictionary[aiosqlite.Connection, str] = weakref.WeakKeyDictionary()


def dialect(db: object) -> str:
    """"sqlite" or "postgresql": which SQL a connection speaks, for the few statements written twice."""
    return getattr(db, "dialect", "sqlite")


_IDS_IN = {
    "sqlite": "(SELECT value FROM json_each({p}))",
    "postgresql": "(SELECT CAST(v AS BIGINT) FROM json_array_elements_text(CAST({p} AS json)) AS v)",
}


def ids_in(db: object, param: str = "?") -> str:
    """`… IN ids_in(db)` with json.dumps(a list of ids) as the parameter: the ids as a subquery, in the
    connection's SQL (SQLite's json_each, PostgreSQL's json_array_elements_text)."""
    return _IDS_IN[dialect(db)].format(p=param)


async def connect(path: str | Path, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> aiosqlite.Connection:
    """Open the database with WAL, foreign keys and a busy timeout; rows come back as sqlite3.Row.

    A postgresql:// URL gives one PostgreSQL connection of its own (storage.pg.connect), not migrated.
    """
    if pg.is_url(path):
        return await pg.connect(str(path))  # type: ignore[return-value]
    target = str(path)
    db = await aiosqlite.connect(target, timeout=busy_timeout_ms / 1000, isolation_level=None)
    try:
        if target not in ("", ":memory:"):
            _files[db] = target
        db.row_factory = sqlite3.Row
        await db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        await db.execute("PRAGMA journal_mode = WAL")  # the first read: "file is not a database" is raised here
        await db.execute("PRAGMA synchronous = NORMAL")
        await db.execute("PRAGMA foreign_keys = ON")
        # migrations that recompute agencies.norm call the same normal form the application uses
        await db.create_function("agency_norm", 1, agency_key, deterministic=True)
        # the summary's per-pair helper tables (280k rows at national scale) stay off the disk
        await db.execute("PRAGMA temp_store = MEMORY")
    except BaseException:
        await db.close()  # aiosqlite's thread would otherwise keep the process alive after the error
        raise
    return db


async def migrate(db: aiosqlite.Connection) -> int:
    """Apply every migration newer than PRAGMA user_version, each in its own transaction."""
    if isinstance(db, pg.Database):
        return await _migrate_postgresql(db)
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
            await db.rollback()
            raise
        current = version
    return current


async def _migrate_postgresql(db: pg.Database) -> int:
    """Apply PostgreSQL's migrations newer than schema_version's latest, in one unit (workers starting
    together take turns on its lock; DDL is transactional, so a failure leaves the last version whole)."""
    async with db.transaction():
        await db.execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        (current,) = (await db.execute_fetchall("SELECT COALESCE(MAX(version), 0) FROM schema_version"))[0]
        for version, sql in _migrations("postgresql"):
            if version <= current:
                continue
            log.info("applying migration v%03d (PostgreSQL)", version)
            await db.executescript(sql)
            if version in _POSTGRESQL_PYTHON_STEPS:
                await _POSTGRESQL_PYTHON_STEPS[version](db)
            await db.execute(
                "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)", (version, utc_iso(datetime.now(UTC)))
            )
            current = version
    await pg.load_id_tables(db)
    return current


async def recompute_agency_norms(db: pg.Database) -> None:
    """Every agency's and alias's norm from its name again, duplicates kept apart as v011 keeps them (the
    oldest owns a form, a later one gets "<form> #<id>"): what v020's SQL does where agency_norm() exists."""
    owned: set[str] = set()
    agencies: list[tuple[str, int]] = []
    for row in await db.execute_fetchall("SELECT id, name FROM agencies ORDER BY id"):
        key = agency_key(row["name"])
        agencies.append((key if key not in owned else f"{key} #{row['id']}", row["id"]))
        owned.add(key)
    seen: set[str] = set()
    aliases: list[tuple[str, int]] = []
    for row in await db.execute_fetchall("SELECT id, alias FROM agency_aliases ORDER BY id"):
        key = agency_key(row["alias"])
        aliases.append((key if key not in owned and key not in seen else f"{key} #{row['id']}", row["id"]))
        seen.add(key)
    # every norm moves aside first: a row's new norm may be another's old one (norm is UNIQUE)
    await db.execute("UPDATE agencies SET norm = '#' || id")
    await db.executemany("UPDATE agencies SET norm = ? WHERE id = ?", agencies)
    await db.execute("UPDATE agency_aliases SET norm = '#' || id")
    await db.executemany("UPDATE agency_aliases SET norm = ? WHERE id = ?", aliases)


# PostgreSQL's steps that SQL can't do (no agency_norm() there), run after that version's file
_POSTGRESQL_PYTHON_STEPS: dict[int, Callable[[pg.Database], Awaitable[None]]] = {
    20: recompute_agency_norms, 27: recompute_agency_norms, 36: recompute_agency_norms, 49: recompute_agency_norms,
}


async def open_db(path: str | Path, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> aiosqlite.Connection:
    """Connect, migrate and check the file can be written: the one way the application opens its database.

    A file SQLite can only read (immutable, on a read-only file system) fails here, not at the first
    report; on any failure the connection is closed, so its thread never keeps the process alive. A
    postgresql:// URL opens a pool on that database instead (storage.pg).
    """
    if pg.is_url(path):
        database = await pg.open_pool(str(path))
        try:
            await migrate(database)  # type: ignore[arg-type]
        except BaseException:
            await database.close()
            raise
        return database  # type: ignore[return-value]
    db = await connect(path, busy_timeout_ms=busy_timeout_ms)
    try:
        await migrate(db)
        await _check_writable(db)
    except BaseException:
        await db.close()
        raise
    return db


async def _check_writable(db: aiosqlite.Connection) -> None:
    """Write the header's user_version back unchanged: "attempt to write a readonly database" if it can't."""
    async with db.execute("PRAGMA user_version") as cur:
        (version,) = await cur.fetchone()
    async with transaction(db):
        await db.execute(f"PRAGMA user_version = {int(version)}")


# One lock per shared connection: SQLite has one transaction per connection, so its units take turns.
_locks: weakref.WeakKeyDictionary[aiosqlite.Connection, asyncio.Lock] = weakref.WeakKeyDictionary()


@asynccontextmanager
async def transaction(db: aiosqlite.Connection) -> AsyncIterator[aiosqlite.Connection]:
    """One unit of work: BEGIN IMMEDIATE … COMMIT, rolled back on any error (cancellation included).

    Units on one connection take turns on its lock, held until the COMMIT is done; other processes
    wait on the busy timeout. On PostgreSQL, the unit of storage.pg.Database.
    """
    if isinstance(db, pg.Database):
        async with db.transaction():
            yield db  # type: ignore[misc]
        return
    async with _locks.setdefault(db, asyncio.Lock()):
        await db.execute("BEGIN IMMEDIATE")
        try:
            yield db
            await db.execute("COMMIT")
        except BaseException:
            # queued on aiosqlite's thread behind any statement still running, so it always runs; a
            # COMMIT that failed (a deferred constraint) leaves the transaction open, this ends it
            await db.rollback()
            raise


@asynccontextmanager
async def turn(db: aiosqlite.Connection) -> AsyncIterator[None]:
    """The units of `db` held off, without a transaction, while another connection of this process writes
    a short transaction: they wait their turn on `db`'s lock (first come, first served) instead of polling
    SQLite's lock, which back-to-back transactions of the other connection could keep from them for
    seconds. Nothing on PostgreSQL, whose lock queues are fair."""
    if isinstance(db, pg.Database):
        yield
        return
    async with _locks.setdefault(db, asyncio.Lock()):
        yield


@asynccontextmanager
async def reading(db: aiosqlite.Connection) -> AsyncIterator[aiosqlite.Connection]:
    """A connection of its own on `db`'s file, for long reads outside any unit: it sees committed data only.

    An in-memory database has no second connection: then it is `db` itself, and the caller must be
    inside a unit of work on it. On PostgreSQL, a pooled connection of its own.
    """
    if isinstance(db, pg.Database):
        async with db.reading() as conn:
            yield conn  # type: ignore[misc]
        return
    path = _files.get(db)
    if path is None:
        yield db
        return
    own = await connect(path)
    try:
        yield own
    finally:
        await own.close()


@asynccontextmanager
async def only_one(db: aiosqlite.Connection, job: str, *, wait: bool = False) -> AsyncIterator[bool]:
    """Whether this process should do `job` (the day's planning, the weekly post) now: on PostgreSQL one
    worker at a time (an advisory lock; the others skip this pass, or with `wait` take their turn after
    it), on SQLite always (one process)."""
    if isinstance(db, pg.Database):
        async with db.only_one(job, wait=wait) as mine:
            yield mine
        return
    yield True
