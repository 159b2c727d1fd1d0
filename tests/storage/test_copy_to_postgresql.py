"""`nhacviec migrate --to postgresql://…`: an SQLite deployment copied whole, the roll-ups the same after."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

import asyncpg
import pytest

from storage.db import open_db, transaction
from storage.rollups import compute_rollup
from tests.rollup_world import build_world


async def _sqlite_world(path: Path, migrated: Path) -> None:
    shutil.copyfile(migrated, path)
    db = await open_db(path)
    try:
        async with transaction(db):
            await build_world(db)
    finally:
        await db.close()


def _rows(path: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                             " AND name NOT LIKE 'sqlite%'")]
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}


def test_every_row_arrives_and_the_rollups_match(nhacviec, tmp_path, migrated, pg_test, now, tz) -> None:
    source = tmp_path / "district.sqlite3"
    asyncio.run(_sqlite_world(source, migrated))
    pg_test.empty()

    done = nhacviec("migrate", "--to", pg_test.url, env={"NHACVIEC_DB": str(source)})

    assert done.returncode == 0, done.stderr
    assert "khớp" in done.stdout
    asyncio.run(_same(source, pg_test.url, now, tz))
    asyncio.run(_analyzed(pg_test.url))


async def _analyzed(url: str) -> None:
    # the copy leaves the planner statistics (ANALYZE), not tables of unknown size (reltuples -1)
    conn = await asyncpg.connect(url)
    try:
        count = await conn.fetchval("SELECT COUNT(*) FROM reports")
        tuples = await conn.fetchval("SELECT reltuples FROM pg_class WHERE relname = 'reports'")
    finally:
        await conn.close()
    assert count > 0
    assert tuples == count


async def _same(source: Path, url: str, now: datetime, tz) -> None:
    conn = await asyncpg.connect(url)
    try:
        for table, rows in _rows(source).items():
            copied = sorted((tuple(r) for r in await conn.fetch(f"SELECT * FROM {table}")), key=repr)
            assert copied == rows, table
    finally:
        await conn.close()
    sqlite_db, pg_db = await open_db(source), await open_db(url)
    try:
        for period in ("week", "quarter"):
            assert await compute_rollup(pg_db, as_of=now, period=period, tz=tz) == await compute_rollup(
                sqlite_db, as_of=now, period=period, tz=tz
            )
        # the sequences continue after the largest id copied
        async with transaction(pg_db):
            cur = await pg_db.execute(
                "INSERT INTO agencies (name, norm, kind, created_at) VALUES ('Mới', 'moi', 'unit', ?)",
                (datetime.now().isoformat(),),
            )
        (largest,) = (await pg_db.execute_fetchall("SELECT MAX(id) FROM agencies WHERE name <> 'Mới'"))[0]
        assert cur.lastrowid == largest + 1
    finally:
        await sqlite_db.close()
        await pg_db.close()


def test_a_database_with_rows_is_refused_and_left_as_it_was(nhacviec, tmp_path, migrated, pg_test) -> None:
    source = tmp_path / "district.sqlite3"
    asyncio.run(_sqlite_world(source, migrated))
    pg_test.empty()
    assert nhacviec("migrate", "--to", pg_test.url, env={"NHACVIEC_DB": str(source)}).returncode == 0

    again = nhacviec("migrate", "--to", pg_test.url, env={"NHACVIEC_DB": str(source)})

    assert again.returncode == 2
    assert "agencies" in again.stderr
    assert asyncio.run(_count(pg_test.url, "agencies")) == len(_rows(source)["agencies"])


async def _count(url: str, table: str) -> int:
    conn = await asyncpg.connect(url)
    try:
        return await conn.fetchval(f"SELECT COUNT(*) FROM {table}")
    finally:
        await conn.close()


@pytest.mark.parametrize("target", ["mysql://x@h/db", "/tmp/other.sqlite3"])
def test_only_a_postgresql_url_is_a_target(nhacviec, tmp_path, target) -> None:
    done = nhacviec("migrate", "--to", target, env={"NHACVIEC_DB": str(tmp_path / "a.sqlite3")})
    assert done.returncode == 2
    assert "postgresql://" in done.stderr


def test_migrate_on_postgresql_never_prints_the_password(nhacviec, pg_test) -> None:
    url = pg_test.url.replace("nhacviec@", "nhacviec:s3cret-pw@")  # trust authentication ignores it

    done = nhacviec("migrate", env={"NHACVIEC_DB": url})

    assert done.returncode == 0, done.stderr
    assert "s3cret-pw" not in done.stdout + done.stderr
    assert "nhacviec:***@" in done.stdout


def test_backup_on_postgresql_points_to_pg_dump(nhacviec, pg_test, tmp_path) -> None:
    done = nhacviec("backup", str(tmp_path / "copy.sqlite3"), env={"NHACVIEC_DB": pg_test.url})
    assert done.returncode == 2
    assert "pg_dump" in done.stderr
    assert not (tmp_path / "copy.sqlite3").exists()
