"""The minute tick at district, province and national scale: prints a table (never asserts).

    python bench/tick.py [--agencies 150 1000 3500] [--rebuild]

Each scale's database is bench/scale.py's (its agencies leading 80 tasks each of a 160-task plan, a
year of weekly reports, cached in /tmp), copied with a reachable head per agency and two secretaries. On a copy of it, a child process runs as the resident bot does, on a Friday at 17:00:
the day's first planning, the on-time counts the tick then keeps once a day (storage.rollups.warm_states),
a minute later a tick with nothing changed, then a tick after 100 reports arrived. The baseline, in the same run, is the old schedule: the whole day re-planned at every tick.
Each row: CPU (process, every thread), wall, the longest event-loop stall seen by a probe task that
wakes every millisecond, and the child's peak RSS so far. Sends go to an instant fake messenger; the
first planning's digests are marked sent, as if delivered, before the next tick. Where PostgreSQL's
binaries are (tests/pg_cluster.py), a third child does the resident bot's ticks on the database copied
into a throw-away PostgreSQL cluster (`migrate --to`'s code): the PostgreSQL column (CPU is the bot's,
not the server's).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, timedelta
from pathlib import Path

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.scale import AS_OF, TZ, database
from chat.messages import OutgoingMessage
from schedules.model import ReminderSettings
from schedules.tick import DayPlan, plan_and_enqueue, run_tick
from storage.copy import copy_to_postgresql
from storage.db import LATEST_VERSION, connect, open_db, transaction
from storage.rollups import warm_states
from tests.pg_cluster import bin_dir, running_cluster

SETTINGS = ReminderSettings()
REPORTS = 100
STATUSES = ("done", "in_progress", "blocked")


class Sink:
    """A messenger that answers at once."""

    channel = "telegram"

    def __init__(self) -> None:
        self.sent = 0

    async def send(self, chat_id: str, message: OutgoingMessage) -> str:
        self.sent += 1
        return str(self.sent)


class LoopLag:
    """A task that wakes every millisecond and keeps the longest delay past its wake-up."""

    def __init__(self) -> None:
        self.worst = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _probe(self) -> None:
        while True:
            started = time.perf_counter()
            await asyncio.sleep(0.001)
            self.worst = max(self.worst, time.perf_counter() - started - 0.001)

    def __enter__(self) -> LoopLag:
        self._task = asyncio.get_running_loop().create_task(self._probe())
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()


def prepare(agencies: int, rebuild: bool) -> Path:
    """A copy of bench/scale.py's database of this size, with a reachable head per agency and two secretaries."""
    source = database(agencies, rebuild=rebuild)
    # one copy per schema version, migrated once: migrating a national copy takes minutes
    path = Path(f"/tmp/nhacviec-bench-tick-{agencies}-v{LATEST_VERSION}.sqlite3")
    if path.exists() and path.stat().st_mtime >= source.stat().st_mtime:
        return path
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, path)
    asyncio.run(_migrate(path))
    db = sqlite3.connect(path, isolation_level=None)
    t0 = "2024-01-01T00:00:00+00:00"
    db.execute("BEGIN")
    db.executemany(
        "INSERT INTO users (display_name, role, created_at) VALUES (?, 'secretary', ?)",
        ((f"Thư ký {n}", t0) for n in (1, 2)),
    )
    db.execute(
        "INSERT INTO identities (user_id, channel, external_id, chat_id, linked_at)"
        " SELECT id, 'telegram', 'u' || id, 'u' || id, ? FROM users"
        " WHERE role IN ('head', 'secretary') AND id NOT IN (SELECT user_id FROM identities)",
        (t0,),
    )
    # the setup's own change rows: a running bot prunes them a day later
    db.execute("DELETE FROM plan_changes")
    db.execute("COMMIT")
    db.close()
    return path


async def _migrate(path: Path) -> None:
    db = await open_db(path)
    await db.close()


async def measure(path: Path, incremental: bool) -> list[dict[str, float]]:
    """The three ticks on `path`, planned the resident way (`incremental`) or whole every time."""
    db = await open_db(path)
    messengers = {"telegram": Sink()}
    plan = DayPlan() if incremental else None
    first = AS_OF.astimezone(UTC) + timedelta(minutes=1)
    rows = []

    async def timed(name: str, work) -> None:
        cpu, wall = time.process_time(), time.perf_counter()
        with LoopLag() as lag:
            await work
        rows.append({
            "tick": name,
            "cpu": time.process_time() - cpu,
            "wall": time.perf_counter() - wall,
            "stall": lag.worst,
            "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        })

    await timed("the day's first planning", plan_and_enqueue(db, SETTINGS, first, plan))
    async with transaction(db):
        await db.execute("UPDATE outbox SET state = 'sent', sent_at = created_at WHERE state = 'pending'")
    # what the day's first tick does next, once a day: the roll-ups' on-time counts kept (a ward chair's reply
    # must not wait on it: the stall column)
    await timed("the day's on-time counts kept", warm_states(db, as_of=first, tz=TZ))
    await timed("a minute later, nothing changed", run_tick(db, messengers, SETTINGS, first + timedelta(minutes=1), plan=plan))
    rng = random.Random(7)
    pairs = await db.execute_fetchall("SELECT task_id, agency_id FROM task_agencies WHERE role = 'lead'")
    made = first + timedelta(minutes=1, seconds=30)
    async with transaction(db):
        await db.executemany(
            "INSERT INTO reports (task_id, agency_id, status, channel, created_at) VALUES (?, ?, ?, 'telegram', ?)",
            [(*rng.choice(pairs), rng.choice(STATUSES), made.isoformat(timespec="seconds")) for _ in range(REPORTS)],
        )
    await timed(f"after {REPORTS} reports", run_tick(db, messengers, SETTINGS, first + timedelta(minutes=2), plan=plan))
    await db.close()
    return rows


async def measure_postgresql(path: Path) -> list[dict[str, float]]:
    """The resident ticks on `path` copied into a throw-away PostgreSQL cluster."""
    with running_cluster() as cluster:
        admin = await asyncpg.connect(cluster.url("postgres"))
        await admin.execute("CREATE DATABASE bench")
        await admin.close()
        await copy_to_postgresql(path, cluster.url("bench"))
        return await measure(cluster.url("bench"), True)  # type: ignore[arg-type]


def run_child(source: Path, incremental: bool, postgresql: bool = False) -> list[dict[str, float]]:
    """`measure` in a process of its own on a copy of `source`, so its peak RSS is the bot's alone."""
    work = source.with_suffix(f".work{os.getpid()}.sqlite3")
    shutil.copyfile(source, work)  # migrated already (prepare): a new index of a cached copy is not the bot's memory
    try:
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(work), *(["--incremental"] if incremental else []),
             *(["--postgresql"] if postgresql else [])],
            check=True, capture_output=True, text=True,
        ).stdout
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{work}{suffix}").unlink(missing_ok=True)
    return json.loads(out)


async def _sizes(path: Path) -> tuple[int, int]:
    db = await connect(path)
    (reports,) = (await db.execute_fetchall("SELECT COUNT(*) FROM reports"))[0]
    (pairs,) = (await db.execute_fetchall("SELECT COUNT(*) FROM task_agencies WHERE role = 'lead'"))[0]
    await db.close()
    return reports, pairs


def main() -> None:
    """Build what is missing, then print one table per scale."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, nargs="+", default=[150, 1000, 3500])
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--incremental", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--postgresql", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        work = measure_postgresql(args.child) if args.postgresql else measure(args.child, args.incremental)
        print(json.dumps(asyncio.run(work)))
        return
    print(f"{AS_OF.astimezone(TZ):%d/%m/%Y %H:%M} + 1 min; CPU and wall in ms, stall = longest event-loop stall")
    for agencies in args.agencies:
        path = prepare(agencies, args.rebuild)
        reports, pairs = asyncio.run(_sizes(path))
        print(f"\n{agencies:,} agencies, {pairs:,} lead pairs, {reports:,} reports")
        new, old = run_child(path, True), run_child(path, False)
        on_pg = run_child(path, True, postgresql=True) if bin_dir() is not None else [None] * len(new)
        heads = ["plan once, then changes", "whole day every tick (baseline)"]
        heads += ["PostgreSQL, plan once, then changes"] if on_pg[0] is not None else []
        columns = f"{'CPU':>8} {'wall':>8} {'stall':>8} {'RSS MB':>8}"
        print(f"{'':40} " + "  │ ".join(f"{head:>35}" for head in heads))
        print(f"{'tick':40} " + "  │ ".join(columns for _ in heads))
        for n, o, p in zip(new, old, on_pg, strict=True):
            cells = [
                f"{r['cpu'] * 1000:8.0f} {r['wall'] * 1000:8.0f} {r['stall'] * 1000:8.0f} {r['rss']:8.0f}"
                for r in (n, o, p) if r is not None
            ]
            print(f"{n['tick']:40} " + "  │ ".join(cells))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
