"""`nhacviec migrate --to` on the benchmark database: every row arrives, and the roll-ups match.

    python -m bench.migrate_to [--scale national]

Copies the cached benchmark database (bench/scale.py; national: 3,500 agencies, 1.46 M reports) to a
temporary file, migrates it, and moves it into a throw-away PostgreSQL cluster (tests/pg_cluster.py) with
the command line, as an operator would; then counts every table's rows on both sides itself, and compares
`nhacviec summary --format json` on both backends for the week, the quarter and the year (the JSON
roll-up, every agency's figures), printing the times.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.scale import AS_OF, SCALES, database
from storage.db import open_db
from tests.pg_cluster import running_cluster

ROOT = Path(__file__).resolve().parent.parent
NHACVIEC = [sys.executable, "-m", "bot"]


def run(args: list[str], db: str) -> tuple[str, float]:
    """Run `nhacviec ARGS` on the database `db`; its stdout and the seconds it took."""
    env = {**os.environ, "NHACVIEC_DB": db, "NHACVIEC_LANG": "en"}
    started = time.perf_counter()
    done = subprocess.run(NHACVIEC + args, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"nhacviec {' '.join(args)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return done.stdout, time.perf_counter() - started


async def postgresql_counts(url: str, tables: list[str]) -> dict[str, int]:
    conn = await asyncpg.connect(url)
    try:
        return {t: await conn.fetchval(f"SELECT COUNT(*) FROM {t}") for t in tables}
    finally:
        await conn.close()


async def create(url: str, name: str) -> None:
    admin = await asyncpg.connect(url)
    try:
        await admin.execute(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'")
    finally:
        await admin.close()


def main() -> None:
    """Move the benchmark database over and check it, printing the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=list(SCALES), default="national")
    args = parser.parse_args()
    source = database(SCALES[args.scale])
    print(f"load average {os.getloadavg()[0]:.1f}", flush=True)
    with tempfile.TemporaryDirectory() as tmp, running_cluster() as cluster:
        copy = Path(tmp) / "nhacviec.sqlite3"
        shutil.copyfile(source, copy)  # the cached database stays as built
        started = time.perf_counter()
        asyncio.run(_migrated(copy))
        print(f"{args.scale}: SQLite copy migrated to the latest version in {time.perf_counter() - started:.1f} s")
        asyncio.run(create(cluster.url("postgres"), "moved"))
        url = cluster.url("moved")
        out, took = run(["migrate", "--to", url], str(copy))
        print(f"nhacviec migrate --to: {took:.1f} s — {out.strip()}")
        with sqlite3.connect(copy) as lite:
            tables = [r[0] for r in lite.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
            here = {t: lite.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}
        there = asyncio.run(postgresql_counts(url, tables))
        differ = {t: (here[t], there[t]) for t in tables if here[t] != there[t]}
        print(f"rows: {sum(here.values()):,} in {len(tables)} tables on SQLite, {sum(there.values()):,} on "
              f"PostgreSQL; tables that differ: {differ or 'none'}")
        largest = sorted(here.items(), key=lambda kv: -kv[1])[:4]
        print("largest: " + ", ".join(f"{t} {n:,}" for t, n in largest))
        at = AS_OF.strftime("%Y-%m-%dT%H:%M")
        for period in ("week", "quarter", "year"):
            cmd = ["summary", "--format", "json", "--at", at, "--period", period]
            lite_json, lite_s = run(cmd, str(copy))
            pg_json, pg_s = run(cmd, url)
            same = json.loads(lite_json) == json.loads(pg_json)
            agencies = len(json.loads(lite_json).get("agencies", []))
            print(f"summary --period {period} --format json: {'identical' if same else 'DIFFERENT'} "
                  f"({len(lite_json):,} bytes, {agencies:,} agencies); SQLite {lite_s:.1f} s, PostgreSQL {pg_s:.1f} s")
            if not same:
                raise SystemExit("the roll-ups differ")
        if differ:
            raise SystemExit("row counts differ")


async def _migrated(path: Path) -> None:
    await (await open_db(path)).close()


if __name__ == "__main__":
    main()
