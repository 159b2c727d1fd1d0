"""PostgreSQL through asyncpg, behind the calls the storage modules make on aiosqlite.

The storage functions are written once, against aiosqlite's connection (`execute`, `execute_fetchall`,
`executemany`, cursors with `fetchone`/`fetchall`/`fetchmany`, `rowcount`, `lastrowid`). `Database`
(a pool: the application's shared handle) and `Connection` (one pooled connection: `reading`, the
roll-ups' shards) answer the same calls, and `translate` turns the SQL into PostgreSQL's mechanically:
`?` and `:name` parameters become `$n`, `INSERT OR IGNORE` becomes `ON CONFLICT DO NOTHING`, an INSERT
into a table with an `id` returns it (lastrowid), `temp.` is `pg_temp.`, `WITHOUT ROWID` goes. SQLite's
`date(t, modifier)`, `strftime(…)` and two-argument `min`/`max` are SQL functions of the schema
(migration v012's PostgreSQL file). Where a statement truly differs, its module keeps both texts side by
side and picks one with `storage.db.dialect(db)`.

A unit of work (`transaction`) is BEGIN … COMMIT on one pooled connection, bound to the calling task
(a context variable), so `db.execute` inside it runs there. Every unit first takes one transaction-level
advisory lock: units run one at a time across every worker, as SQLite's BEGIN IMMEDIATE makes them, so
the code that reads and then writes in a unit means the same on both backends. Reads outside units
(roll-ups, the tick's planning reads) run side by side on connections of their own.
"""

from __future__ import annotations

import asyncio
import contextvars
import re
import zlib
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager, nullcontext
from functools import lru_cache
from types import ModuleType
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

if TYPE_CHECKING:
    import asyncpg


def driver() -> ModuleType:
    """asyncpg, loaded by the first PostgreSQL connection: an SQLite deployment never pays its 14 MB."""
    import asyncpg  # heavy and only for PostgreSQL deployments

    return asyncpg


# pg_advisory_xact_lock key of every unit of work; the jobs' session locks (Database.only_one) are
# pairs (JOB_LOCKS, a number per job name)
UNIT_LOCK = 0x6E6876_01
JOB_LOCKS = 0x6E6876

_TOKEN = re.compile(
    r"""'(?:[^']|'')*'        # a string literal
      | "(?:[^"]|"")*"        # a quoted name
      | --[^\n]*              # a comment
      | ::                    # a cast, not a parameter
      | (?:\?|(?<![\w:]):([A-Za-z_]\w*))(\s+IS\s+(NOT\s+)?NULL\b)?  # a parameter, maybe tested for NULL
    """,
    re.VERBOSE | re.IGNORECASE,
)
_INSERT_OR = re.compile(r"\bINSERT\s+OR\s+IGNORE\s+INTO\b", re.IGNORECASE)
_INSERT_INTO = re.compile(r"^\s*INSERT\s+(?:OR\s+\w+\s+)?INTO\s+([\w.]+)", re.IGNORECASE)
_RETURNING = re.compile(r"\bRETURNING\b", re.IGNORECASE)
_WITHOUT_ROWID = re.compile(r"\)\s*WITHOUT\s+ROWID", re.IGNORECASE)
_TEMP_SCHEMA = re.compile(r"\btemp\.", re.IGNORECASE)
# SQLite's CROSS JOIN … ON is an inner join in the order written
_CROSS_ON = re.compile(r"\bCROSS\s+JOIN(\s+[\w.]+(?:\s+(?:AS\s+)?(?!ON\b)\w+)?\s+ON\b)", re.IGNORECASE)
_NO_LIMIT = re.compile(r"\bLIMIT\s+-1\b", re.IGNORECASE)
_LITERAL = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|--[^\n]*")
_IS_NOT = re.compile(r"\bIS\s+NOT\s+(?!NULL\b|DISTINCT\b|TRUE\b|FALSE\b)", re.IGNORECASE)
_IS = re.compile(r"\bIS\s+(?!NOT\b|NULL\b|DISTINCT\b|TRUE\b|FALSE\b)", re.IGNORECASE)
_SUBQUERY = re.compile(r"\b(?:FROM|JOIN)\s*\(", re.IGNORECASE)
_ALIAS = re.compile(r"\s*(?:AS\b|(?!(?:WHERE|ORDER|GROUP|LIMIT|OFFSET|JOIN|LEFT|INNER|CROSS|UNION|ON|HAVING|WINDOW)\b)[A-Za-z_])",
                    re.IGNORECASE)
_ORDER_BY = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)
# SQLite's index hints: PostgreSQL's planner picks its own
_INDEXED_BY = re.compile(r"\s+(?:INDEXED\s+BY\s+\w+|NOT\s+INDEXED)\b", re.IGNORECASE)
_ORDER_END = re.compile(r"\b(?:LIMIT|OFFSET|UNION|EXCEPT|INTERSECT|ROWS|RANGE|FOR)\b", re.IGNORECASE)


# A parameter's slot: its name or position, or ("null", name or position) for whether it is NULL
Slot = str | int | tuple[str, str | int]


@lru_cache(maxsize=4096)
def translate(sql: str, id_tables: frozenset[str] = frozenset()) -> tuple[str, tuple[Slot, ...], int, bool]:
    """SQLite's SQL as PostgreSQL's: (text, the value of each $n, the count of `?`, whether it returns the
    inserted id)."""
    slots: list[Slot] = []
    positional = 0
    named = False

    def number(slot: Slot) -> str:
        if slot not in slots:
            slots.append(slot)
        return f"${slots.index(slot) + 1}"

    def parameter(match: re.Match[str]) -> str:
        nonlocal positional, named
        token = match.group(0)
        if token == "::" or token[0] in "'\"-":
            return token
        if token[0] == "?":
            key: str | int = positional
            positional += 1
        else:
            key, named = match.group(1), True
        if match.group(2):
            # `$1 IS NULL` alone gives PostgreSQL no type for $1 (and before `x = $1`, none either): the
            # test is a boolean parameter of its own, worked out from the value
            return f"{'NOT ' if match.group(3) else ''}{number(('null', key))}"
        return number(key)

    text = _TOKEN.sub(parameter, sql)
    if named and positional:
        raise ValueError("a statement mixes ? and :name parameters")
    text = _sqlite_meaning(text)
    text = _WITHOUT_ROWID.sub(")", text)
    text = _INDEXED_BY.sub("", text)
    text = _TEMP_SCHEMA.sub("pg_temp.", text)
    text = _NO_LIMIT.sub("LIMIT ALL", text)
    text = _CROSS_ON.sub(r"JOIN\1", text)
    ignore = bool(_INSERT_OR.search(text))
    if ignore:
        text = _INSERT_OR.sub("INSERT INTO", text)
    returning = _RETURNING.search(text)
    tail = ""
    if ignore:
        tail += " ON CONFLICT DO NOTHING"
    inserted = _INSERT_INTO.match(text)
    returns_id = bool(inserted and not returning and inserted.group(1).lower() in id_tables)
    if returns_id:
        tail += " RETURNING id"
    if tail:
        body = text.rstrip().rstrip(";")
        if returning and ignore:
            body = body[: returning.start()] + "ON CONFLICT DO NOTHING " + body[returning.start():]
            tail = tail.replace(" ON CONFLICT DO NOTHING", "")
        text = body + tail
    return text, tuple(slots), positional, returns_id


def _masked(text: str) -> str:
    # the text with literals' and comments' insides blanked: what the rewrites below may look at
    return _LITERAL.sub(lambda m: m.group(0)[0] + " " * (len(m.group(0)) - 2) + m.group(0)[-1], text)


def _closing(masked: str, start: int) -> int:
    """The index of the ')' closing the '(' just before `start`, or len(masked)."""
    depth = 1
    for at in range(start, len(masked)):
        if masked[at] == "(":
            depth += 1
        elif masked[at] == ")":
            depth -= 1
            if depth == 0:
                return at
    return len(masked)


def _order_inserts(masked: str, start: int) -> list[tuple[int, str]]:
    # each term of the ORDER BY list from `start` gets SQLite's place for NULLs: first going up, last going down
    inserts, depth, term_start, at = [], 0, start, start
    while at <= len(masked):
        char = masked[at] if at < len(masked) else ";"
        if char == "(":
            depth += 1
        elif char == ")" and depth > 0:
            depth -= 1
        elif depth == 0 and (char in ",);" or (_ORDER_END.match(masked, at) and masked[at - 1] in " \n\t")):
            term = masked[term_start:at].rstrip()
            if term and not re.search(r"\bNULLS\s+(FIRST|LAST)$", term, re.IGNORECASE):
                last = " NULLS LAST" if re.search(r"\bDESC$", term, re.IGNORECASE) else " NULLS FIRST"
                inserts.append((term_start + len(masked[term_start:at].rstrip()), last))
            if char != ",":
                break
            term_start = at + 1
        at += 1
    return inserts


def _sqlite_meaning(text: str) -> str:
    """SQLite's readings where PostgreSQL's differ: NULLs sort first, `IS` compares values, a subquery in
    FROM needs no name."""
    masked = _masked(text)
    inserts: list[tuple[int, str]] = []
    for match in _ORDER_BY.finditer(masked):
        inserts.extend(_order_inserts(masked, match.end()))
    for number, match in enumerate(_SUBQUERY.finditer(masked)):
        end = _closing(masked, match.end())
        if end < len(masked) and not _ALIAS.match(masked, end + 1):
            inserts.append((end + 1, f" AS _sub{number}"))
    for at, words in sorted(inserts, reverse=True):
        text = text[:at] + words + text[at:]
    masked = _masked(text)
    for pattern, words in ((_IS_NOT, "IS DISTINCT FROM "), (_IS, "IS NOT DISTINCT FROM ")):
        for match in reversed(list(pattern.finditer(masked))):
            text = text[: match.start()] + words + text[match.end() :]
        masked = _masked(text)
    return text


def _arguments(slots: tuple[Slot, ...], positional: int, params: Any) -> list[Any]:
    if not slots:
        return []
    if positional and len(params) != positional:
        raise ValueError(f"the statement has {positional} parameters, {len(params)} given")
    return [params[slot[1]] is None if isinstance(slot, tuple) else params[slot] for slot in slots]


def _coerce(value: Any, type_name: str) -> Any:
    # SQLite converts a value to its column's affinity; asyncpg wants the exact Python type
    if value is None:
        return None
    if type_name in ("text", "varchar", "bpchar", "json", "jsonb") and not isinstance(value, str):
        return str(value)
    if type_name in ("int2", "int4", "int8") and isinstance(value, str | float):
        return int(value)
    if type_name in ("float4", "float8", "numeric") and isinstance(value, int | str):
        return float(value)
    if type_name == "bool" and not isinstance(value, bool):
        return bool(int(value))
    return value


def _numeric(text: str) -> int | float:
    # SUM over BIGINT is numeric in PostgreSQL and an integer in SQLite: whole numbers stay int
    return float(text) if any(c in text for c in ".eEN") else int(text)


# JIT compiling costs seconds on a roll-up's statements (their many correlated subqueries make the
# planner's cost pass jit_above_cost) and saves nothing on these few thousand rows. The database fits in
# memory (or on an SSD): at the default random_page_cost of 4 the planner hashed all the reports rather
# than look up the latest of a few thousand pairs by index
SERVER_SETTINGS = {"jit": "off", "random_page_cost": "1.1"}


async def _setup(conn: asyncpg.Connection) -> None:
    await conn.set_type_codec("numeric", encoder=str, decoder=_numeric, schema="pg_catalog", format="text")


class Cursor:
    """The rows of one statement, read like an aiosqlite cursor."""

    def __init__(self, rows: list[asyncpg.Record], rowcount: int, lastrowid: int | None) -> None:
        self._rows = rows
        self._at = 0
        self.rowcount = rowcount
        self.lastrowid = lastrowid
        self.row_factory: Any = None  # asyncpg's records are read by name and by index alike

    async def fetchone(self) -> asyncpg.Record | None:
        """The next row, or None."""
        if self._at >= len(self._rows):
            return None
        self._at += 1
        return self._rows[self._at - 1]

    async def fetchall(self) -> list[asyncpg.Record]:
        """The rows not read yet."""
        rows, self._at = self._rows[self._at :], len(self._rows)
        return rows

    async def fetchmany(self, size: int) -> list[asyncpg.Record]:
        """Up to `size` more rows."""
        rows = self._rows[self._at : self._at + size]
        self._at += len(rows)
        return rows

    async def close(self) -> None:
        """Nothing to release: the rows were read whole."""

    async def __aenter__(self) -> Cursor:
        return self

    async def __aexit__(self, *_: object) -> None:
        return None


class _Pending:
    """What execute returns: awaited, a cursor; or used as `async with … as cur`, like aiosqlite's."""

    def __init__(self, coro: Any) -> None:
        self._coro = coro

    def __await__(self) -> Any:
        return self._coro.__await__()

    async def __aenter__(self) -> Cursor:
        return await self._coro

    async def __aexit__(self, *_: object) -> None:
        return None


class _Statements:
    """The aiosqlite-shaped calls, given a way to get the asyncpg connection to run on."""

    dialect = "postgresql"
    id_tables: frozenset[str] = frozenset()

    @asynccontextmanager
    async def _connection(self) -> AsyncIterator[tuple[asyncpg.Connection, asyncio.Lock]]:
        raise NotImplementedError
        yield

    def execute(self, sql: str, params: Any = ()) -> _Pending:
        """Run one statement; a cursor over its rows."""
        return _Pending(self._run(sql, params))

    async def execute_fetchall(self, sql: str, params: Any = ()) -> list[asyncpg.Record]:
        """Run one statement and return all its rows."""
        return (await self._run(sql, params))._rows

    async def executemany(self, sql: str, seq: Iterable[Any]) -> None:
        """Run one statement once per parameter set."""
        text, slots, positional, _ = translate(sql, self.id_tables)
        batch = [_arguments(slots, positional, params) for params in seq]
        if not batch:
            return
        async with self._connection() as (conn, lock), lock:
            try:
                await conn.executemany(text, batch)
            except driver().DataError as error:
                if type(error) is not driver().DataError:
                    raise
                types = await _parameter_types(conn, text)
                await conn.executemany(text, [_coerced(args, types) for args in batch])

    async def stream(self, sql: str, params: Any, size: int) -> AsyncIterator[list[asyncpg.Record]]:
        """Run one read and yield its rows `size` at a time from a server-side cursor: asyncpg decodes a
        batch at a time, so a read of 200,000 rows never holds the event loop for all of them at once."""
        text, slots, positional, _ = translate(sql, self.id_tables)
        args = _arguments(slots, positional, params)
        async with self._connection() as (conn, lock), lock:
            # a cursor lives in a transaction: the unit's own, else one of its own that only reads
            async with nullcontext() if conn.is_in_transaction() else conn.transaction(readonly=True):
                cursor = await conn.cursor(text, *args)
                while rows := await cursor.fetch(size):
                    yield rows

    async def executescript(self, sql: str) -> None:
        """Run several statements without parameters (migrations)."""
        async with self._connection() as (conn, lock), lock:
            await conn.execute(sql)

    async def _run(self, sql: str, params: Any) -> Cursor:
        text, slots, positional, returns_id = translate(sql, self.id_tables)
        args = _arguments(slots, positional, params)
        async with self._connection() as (conn, lock), lock:
            try:
                return await _send(conn, text, args, returns_id)
            except driver().DataError as error:
                # raised before anything was sent (a value of another type than its column's, which SQLite
                # converts): convert it as SQLite would and send again; the server's own DataErrors stand
                if type(error) is not driver().DataError:
                    raise
                return await _send(conn, text, _coerced(args, await _parameter_types(conn, text)), returns_id)


async def _parameter_types(conn: asyncpg.Connection, text: str) -> list[str]:
    return [t.name for t in (await conn.prepare(text)).get_parameters()]


def _coerced(args: Sequence[Any], types: Sequence[str]) -> list[Any]:
    return [_coerce(value, name) for value, name in zip(args, types, strict=True)]


_WRITES = ("INSERT", "UPDATE", "DELETE")


async def _send(conn: asyncpg.Connection, text: str, args: Sequence[Any], returns_id: bool) -> Cursor:
    if not returns_id and text.lstrip()[:6].upper() in _WRITES and not _RETURNING.search(text):
        status = await conn.execute(text, *args)  # "UPDATE 3": the rowcount
        return Cursor([], int(status.rsplit(" ", 1)[-1]), None)
    rows = await conn.fetch(text, *args)
    if returns_id:
        return Cursor([], len(rows), rows[-1][0] if rows else None)
    return Cursor(rows, len(rows), None)


class Connection(_Statements):
    """One asyncpg connection (from the pool), answering like an aiosqlite connection."""

    def __init__(self, conn: asyncpg.Connection, url: str, id_tables: frozenset[str]) -> None:
        self.raw = conn
        self.url = url
        self.id_tables = id_tables
        self.lock = asyncio.Lock()  # asyncpg runs one statement at a time per connection

    async def close(self) -> None:
        """Close a connection opened by `connect` (a pooled one goes back to its pool instead)."""
        await self.raw.close()

    @asynccontextmanager
    async def _connection(self) -> AsyncIterator[tuple[asyncpg.Connection, asyncio.Lock]]:
        yield self.raw, self.lock


class Database(_Statements):
    """The application's handle on a PostgreSQL database: a pool, and the unit of work bound to each task."""

    def __init__(self, pool: asyncpg.Pool, url: str, id_tables: frozenset[str]) -> None:
        self.pool = pool
        self.url = url
        self.id_tables = id_tables
        self._current: contextvars.ContextVar[Connection | None] = contextvars.ContextVar(
            f"nhacviec_unit_{id(self)}", default=None
        )

    @asynccontextmanager
    async def _connection(self) -> AsyncIterator[tuple[asyncpg.Connection, asyncio.Lock]]:
        unit = self._current.get()
        if unit is not None:
            yield unit.raw, unit.lock
            return
        async with self.pool.acquire() as conn:  # outside a unit: one statement, committed by itself
            yield conn, asyncio.Lock()

    async def commit(self) -> None:
        """Nothing to do: a statement outside a unit commits by itself (as on aiosqlite's autocommit connection)."""

    @property
    def in_transaction(self) -> bool:
        """Whether a unit of work is open in the calling task (aiosqlite's attribute of the same name)."""
        return self._current.get() is not None

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Database]:
        """One unit of work on a pooled connection: BEGIN … COMMIT, rolled back on any error."""
        if self._current.get() is not None:
            raise RuntimeError("a unit of work is already open in this task")
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock($1)", UNIT_LOCK)
            token = self._current.set(Connection(conn, self.url, self.id_tables))
            try:
                yield self
            finally:
                self._current.reset(token)

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[Connection]:
        """A pooled connection of its own, outside any unit: it sees committed data only."""
        async with self.pool.acquire() as conn:
            yield Connection(conn, self.url, self.id_tables)

    @asynccontextmanager
    async def only_one(self, name: str, *, wait: bool = False) -> AsyncIterator[bool]:
        """Whether this worker holds the named job's lock (pg_try_advisory_lock) for the block; False at once
        when another worker does, or with `wait`, True once that worker is done (pg_advisory_lock). The
        lock is the session's of a pooled connection held meanwhile, so a worker that dies releases it with
        its connection."""
        key = zlib.crc32(name.encode()) & 0x7FFFFFFF
        async with self.pool.acquire() as conn:
            if wait:
                await conn.execute("SELECT pg_advisory_lock($1, $2)", JOB_LOCKS, key)
                mine = True
            else:
                mine = await conn.fetchval("SELECT pg_try_advisory_lock($1, $2)", JOB_LOCKS, key)
            try:
                yield mine
            finally:
                if mine:
                    await conn.execute("SELECT pg_advisory_unlock($1, $2)", JOB_LOCKS, key)

    async def close(self) -> None:
        """Close every pooled connection."""
        await self.pool.close()


async def open_pool(url: str, *, min_size: int = 2, max_size: int = 10) -> Database:
    """Connect a pool to the database at `url` (postgresql://user@host:port/name)."""
    pool = await driver().create_pool(
        url, min_size=min_size, max_size=max_size, init=_setup, server_settings=SERVER_SETTINGS
    )
    return Database(pool, url, frozenset())


async def connect(url: str) -> Connection:
    """A connection of its own, outside the pool (a sharded roll-up's part); close it when done."""
    return Connection(await _connected(url), url, frozenset())


async def _connected(url: str) -> asyncpg.Connection:
    conn = await driver().connect(url, server_settings=SERVER_SETTINGS)
    try:
        await _setup(conn)
    except BaseException:
        await conn.close()
        raise
    return conn


async def load_id_tables(db: Database) -> None:
    """Learn which tables have an `id` column (their INSERTs return it, for lastrowid)."""
    rows = await db.execute_fetchall(
        "SELECT table_name FROM information_schema.columns"
        " WHERE column_name = 'id' AND table_schema = current_schema()"
    )
    db.id_tables = frozenset(r[0] for r in rows)


def is_url(target: object) -> bool:
    """Whether a NHACVIEC_DB value names a PostgreSQL database."""
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


def without_password(url: str) -> str:
    """A database URL as it may be printed: its password replaced by ***."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    user = f"{parts.username}:***@" if parts.username else ":***@"
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=user + host))
