"""Moving a deployment from SQLite to PostgreSQL: every table, every row, the id sequences set, counts checked."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from i18n import N_
from storage import pg
from storage.db import LATEST_VERSION, open_db
from storage.errors import StorageError

if TYPE_CHECKING:
    import asyncpg

# tables the triggers keep (off during the copy: they arrive as the source has them), copied last
_DERIVED = ("report_latest", "lead_pairs", "first_done", "plan_changes", "newest_reports", "xong_named")
BATCH = 5_000


class CopyError(StorageError):
    """The copy cannot be made, or did not arrive whole (its message id and values say which and why)."""


@dataclass(frozen=True)
class Copied:
    """Rows per table in the source and in the target after the copy."""

    counts: dict[str, tuple[int, int]]

    @property
    def rows(self) -> int:
        """Every row copied."""
        return sum(source for source, _ in self.counts.values())


def _tables(source: sqlite3.Connection) -> list[str]:
    names = [
        r[0]
        for r in source.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return [n for n in names if n not in _DERIVED] + [n for n in _DERIVED if n in names]


async def copy_to_postgresql(sqlite_path: str | Path, url: str) -> Copied:
    """Copy the SQLite database at `sqlite_path` into the empty PostgreSQL database at `url` (migrated first).

    Refuses a source that is not at the latest version and a target that already holds rows. Foreign keys
    and triggers are off while the rows arrive (session_replication_role), in one transaction: a failure
    leaves the target as it was.
    """
    source = sqlite3.connect(f"file:{Path(sqlite_path)}?mode=ro", uri=True)
    try:
        (version,) = source.execute("PRAGMA user_version").fetchone()
        if version != LATEST_VERSION:
            raise CopyError(N_("copy_source_version"), version=version, latest=LATEST_VERSION)
        await (await open_db(url)).close()  # the target's schema, at the same version
        tables = _tables(source)
        conn = await pg.driver().connect(url)
        try:
            for table in tables:
                if await conn.fetchval(f"SELECT EXISTS (SELECT 1 FROM {table})"):
                    raise CopyError(N_("copy_target_not_empty"), table=table)
            counts = {}
            async with conn.transaction():
                await conn.execute("SET LOCAL session_replication_role = replica")
                for table in tables:
                    counts[table] = await _copy_table(source, conn, table)
                await _set_sequences(conn)
            # fresh rows have no planner statistics until autovacuum comes by: without them the roll-ups'
            # first plans expect a row or so per table
            await conn.execute(f"ANALYZE {', '.join(tables)}")
            return Copied(counts)
        finally:
            await conn.close()
    finally:
        source.close()


async def _copy_table(source: sqlite3.Connection, conn: asyncpg.Connection, table: str) -> tuple[int, int]:
    columns = [r[1] for r in source.execute(f"PRAGMA table_info({table})")]
    types = {
        r[0]: r[1]
        for r in await conn.fetch(
            "SELECT column_name, data_type FROM information_schema.columns"
            " WHERE table_name = $1 AND table_schema = current_schema()",
            table,
        )
    }
    missing = [c for c in columns if c not in types]
    if missing:
        raise CopyError(N_("copy_column_missing"), table=table, columns=", ".join(missing))
    rows = source.execute(f"SELECT {', '.join(columns)} FROM {table}")
    while batch := rows.fetchmany(BATCH):
        await conn.copy_records_to_table(
            table, records=[_record(row, columns, types) for row in batch], columns=columns
        )
    (expected,) = source.execute(f"SELECT COUNT(*) FROM {table}").fetchone()
    arrived = await conn.fetchval(f"SELECT COUNT(*) FROM {table}")
    if arrived != expected:
        raise CopyError(N_("copy_count_differs"), table=table, expected=expected, arrived=arrived)
    return expected, arrived


def _record(row: tuple, columns: list[str], types: dict[str, str]) -> tuple:
    # SQLite keeps what it was given; PostgreSQL's columns want their own type
    out = []
    for value, column in zip(row, columns, strict=True):
        kind = types[column]
        if value is not None and kind == "text" and not isinstance(value, str):
            value = str(value)
        elif value is not None and kind == "bigint" and not isinstance(value, int):
            value = int(value)
        out.append(value)
    return tuple(out)


async def _set_sequences(conn: asyncpg.Connection) -> None:
    """Each identity column's next value after the largest id copied."""
    for table, column in await conn.fetch(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE is_identity = 'YES' AND table_schema = current_schema()"
    ):
        await conn.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'),"
            f" COALESCE((SELECT MAX({column}) FROM {table}), 0) + 1, false)"
        )
