"""Summary rollup at national scale: prints timings and peak memory (never asserts).

    python bench/summary.py [--db FILE] [--rebuild] [--agencies 3500]

Builds (once, cached in --db) 3,500 agencies leading 80 tasks each of a 160-task plan, a year of weekly
reports (8 per agency a week, about 1.46 million rows), evidence on 3 % of them and a weekly reminder
digest per agency. The database is built in a child process so the figures below are the rollup's own:
weekly rollup (targets < 1 s), XLSX (< 5 s), peak RSS (< 300 MB).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from storage.db import connect, open_db
from storage.rollups import _shard_ranges, compute_rollup

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
AS_OF = datetime(2025, 3, 14, 17, 0, tzinfo=TZ)  # a Friday: this week's reports are in
TASKS = 160
SECTIONS = 8
LEADS_PER_AGENCY = 80
SUPPORT_PER_AGENCY = 5
REPORTS_PER_WEEK = 8
WEEKS = 52
REPEATS = 5
STATUSES = ["done"] * 25 + ["in_progress"] * 50 + ["blocked"] * 5 + ["not_started"] * 10 + ["unclear"] * 10


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def build(path: Path, agencies: int) -> None:
    """Create and fill the benchmark database (runs in a child process)."""
    asyncio.run(_migrate(path))
    rnd = random.Random(42)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = OFF")
    t0 = "2024-01-01T00:00:00+00:00"
    db.execute("BEGIN")
    db.executemany(
        "INSERT INTO agencies (id, name, norm, kind, created_at) VALUES (?, ?, ?, ?, ?)",
        (
            (i, f"{'UBND phường' if i % 3 else 'Phòng'} Số {i}", f"a{i}", "ward" if i % 3 else "unit", t0)
            for i in range(1, agencies + 1)
        ),
    )
    db.execute("INSERT INTO plans (id, code, title, imported_at) VALUES (1, '01/KH-BCĐ', 'Kế hoạch CCHC', ?)", (t0,))
    db.executemany(
        "INSERT INTO sections (id, plan_id, number, title, position) VALUES (?, 1, ?, ?, ?)",
        ((s, str(s), f"Lĩnh vực cải cách số {s}", s) for s in range(1, SECTIONS + 1)),
    )
    db.executemany(
        "INSERT INTO tasks (id, plan_id, section_id, number, key, title, position) VALUES (?, 1, ?, ?, ?, ?, ?)",
        (
            (t, t % SECTIONS + 1, f"{t % SECTIONS + 1}.{t}", f"k{t}", f"Nhiệm vụ cải cách hành chính số {t}", t)
            for t in range(1, TASKS + 1)
        ),
    )
    year_start = AS_OF.date() - timedelta(days=AS_OF.weekday(), weeks=WEEKS - 1)
    occurrences: dict[int, list[tuple[int, str]]] = {}
    occ_id = 0
    for t in range(1, TASKS + 1):
        kind = t % 4
        if kind == 3:
            continue  # ongoing: no due date
        db.execute(
            "INSERT INTO milestones (id, task_id, position, kind) VALUES (?, ?, 1, ?)",
            (t, t, "recurring" if kind == 0 else "due"),
        )
        if kind == 0:
            dues = [date(2024 + (m + 2) // 12, (m + 2) % 12 + 1, 1) - timedelta(days=1) for m in range(13)]
        else:
            dues = [year_start + timedelta(days=(t * 37) % 400)]
        for due in dues:
            occ_id += 1
            occurrences.setdefault(t, []).append((occ_id, due.isoformat()))
            db.execute("INSERT INTO occurrences (id, milestone_id, due) VALUES (?, ?, ?)", (occ_id, t, due.isoformat()))

    parity = [[t for t in range(1, TASKS + 1) if (t + a) % 2 == 0][:LEADS_PER_AGENCY] for a in (0, 1)]

    def lead_tasks(a: int) -> list[int]:
        return parity[a % 2]

    db.executemany(
        "INSERT INTO task_agencies (task_id, agency_id, role) VALUES (?, ?, 'lead')",
        ((t, a) for a in range(1, agencies + 1) for t in lead_tasks(a)),
    )
    db.executemany(
        "INSERT INTO task_agencies (task_id, agency_id, role) VALUES (?, ?, 'support')",
        ((t, a) for a in range(1, agencies + 1) for t in lead_tasks(a + 1)[:SUPPORT_PER_AGENCY]),
    )
    db.executemany(
        "INSERT INTO users (id, display_name, role, agency_id, created_at) VALUES (?, ?, 'head', ?, ?)",
        ((a, f"Trưởng {a}", a, t0) for a in range(1, agencies + 1)),
    )

    as_of = _iso(AS_OF)

    def reports():
        rid = 0
        choice = rnd.choice
        for w in range(WEEKS):
            monday = datetime.combine(year_start + timedelta(weeks=w), datetime.min.time(), tzinfo=TZ)
            for a in range(1, agencies + 1):
                tasks = lead_tasks(a)
                for j in range(REPORTS_PER_WEEK):
                    t = tasks[(w * REPORTS_PER_WEEK + j + a) % len(tasks)]
                    status = choice(STATUSES)
                    occ = None
                    if status == "done" and t % 4 == 0:
                        when = monday.date().isoformat()
                        occ = next((o for o, due in occurrences[t] if due >= when), None)
                    rid += 1
                    made = _iso(monday + timedelta(hours=8 + j, minutes=a % 60, days=a % 5))
                    if made <= as_of:
                        yield (rid, t, occ, a, status, 10 * (rid % 11), "Ghi chú tiến độ", "telegram", made)

    db.executemany(
        "INSERT INTO reports (id, task_id, occurrence_id, agency_id, status, percent, note, channel, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        reports(),
    )
    (count,) = db.execute("SELECT MAX(id) FROM reports").fetchone()  # ids have gaps: fine
    db.executemany(
        "INSERT INTO evidence (report_id, channel, file_id, file_name, created_at) VALUES (?, 'telegram', ?, ?, ?)",
        ((r, f"f{r}", f"minh-chung-{r}.pdf", t0) for r in range(1, count + 1, 33)),
    )
    db.executemany(
        "INSERT INTO sent_messages (channel, chat_id, message_id, kind, user_id, items, created_at)"
        " VALUES ('telegram', ?, ?, 'digest', ?, ?, ?)",
        (
            (str(a), str(w), a, json.dumps([{"task": t, "occurrence": None} for t in lead_tasks(a)[:3]]),
             _iso(datetime.combine(year_start + timedelta(weeks=w), datetime.min.time(), tzinfo=TZ)
                  + timedelta(hours=7)))
            for w in range(WEEKS + 1)
            for a in range(1, agencies + 1)
        ),
    )
    db.execute("COMMIT")
    db.execute("ANALYZE")
    db.close()


async def _migrate(path: Path) -> None:
    db = await open_db(path)
    await db.close()


async def _writes(db) -> None:
    """A report written and edited at this scale, its triggers (report_latest, lead_pairs) included.

    An INSERT and an UPDATE of reports like storage.reports makes, in a transaction rolled back, so the
    cached file stays as built.
    """
    rounds = 200
    (task, agency, occurrence) = await (
        await db.execute(
            "SELECT lp.task_id, lp.agency_id, o.id FROM lead_pairs lp JOIN milestones m ON m.task_id = lp.task_id"
            " JOIN occurrences o ON o.milestone_id = m.id ORDER BY lp.task_id, lp.agency_id LIMIT 1"
        )
    ).fetchone()
    insert = (
        "INSERT INTO reports (task_id, occurrence_id, agency_id, status, percent, note, channel, created_at)"
        " VALUES (?, ?, ?, ?, NULL, '', 'telegram', ?)"
    )
    await db.execute("BEGIN")
    try:
        started = time.perf_counter()
        for i in range(rounds):
            at = _iso(AS_OF + timedelta(minutes=i))
            await db.execute(insert, (task, occurrence if i % 2 else None, agency, "done", at))
        inserted = time.perf_counter() - started
        started = time.perf_counter()
        for i in range(rounds):
            await db.execute(
                "UPDATE reports SET status = ?, edited_at = ? WHERE id = (SELECT MAX(id) FROM reports)",
                ("blocked" if i % 2 else "in_progress", _iso(AS_OF)),
            )
        edited = time.perf_counter() - started
    finally:
        await db.execute("ROLLBACK")
    print(
        f"a report at this scale, triggers included: written in {inserted / rounds * 1000:.2f} ms,"
        f" edited in {edited / rounds * 1000:.2f} ms (mean of {rounds})"
    )


async def measure(path: Path) -> None:
    """Time the rollups and renderers on the built database."""
    db = await connect(path)
    await _migrate(path)  # an old cached file gets new indexes
    (reports,) = await (await db.execute("SELECT COUNT(*) FROM reports")).fetchone()
    (pairs,) = await (await db.execute("SELECT COUNT(*) FROM task_agencies WHERE role = 'lead'")).fetchone()
    print(f"database: {reports:,} reports, {pairs:,} (task, lead agency) pairs")

    times = []
    for _ in range(REPEATS):  # the first call reads a cold cache; the machine is shared, so best and median too
        started = time.perf_counter()
        summary = await compute_rollup(db, as_of=AS_OF, period="week", tz=TZ, details=False)
        times.append(time.perf_counter() - started)
    ranges, _ = await _shard_ranges(db, None, None)
    print(
        f"weekly rollup without detail lines: {times[0]:.2f} s first call; best {min(times):.2f} s, median"
        f" {statistics.median(times):.2f} s of {REPEATS} (target < 1 s), in {max(len(ranges), 1)} agency"
        f" range(s) at once on {os.cpu_count()} cores"
    )
    # the baseline, in this run: the same rollup on one connection. It runs in a child process because its
    # helper tables (about 30 MB) would otherwise raise this process's peak memory, which /summary never does.
    child = await asyncio.create_subprocess_exec(
        sys.executable, __file__, "--db", str(path), "--baseline", stdout=asyncio.subprocess.PIPE
    )
    out, _ = await child.communicate()
    if child.returncode != 0:
        raise SystemExit(f"the one-connection baseline failed (exit {child.returncode})")
    alone = json.loads(out)
    print(
        f"  the same on one connection (a child process): best {min(alone):.2f} s of {len(alone)}"
        f" ({min(alone) / min(times):.2f}× the time)"
    )
    started = time.perf_counter()
    rollup = await compute_rollup(db, as_of=AS_OF, period="week", tz=TZ)
    print(f"weekly rollup with {len(rollup.details):,} detail lines: {time.perf_counter() - started:.2f} s")
    print(
        f"  totals: {summary.totals.lead_tasks:,} lead, {summary.totals.done:,} done, "
        f"{summary.totals.overdue:,} overdue, {summary.totals.blocked:,} blocked, "
        f"{len(summary.non_responders):,} silent agencies, {len(summary.changes):,} changes"
    )
    started = time.perf_counter()
    await compute_rollup(db, as_of=AS_OF, period="quarter", tz=TZ, details=False)
    print(f"quarterly rollup without detail lines: {time.perf_counter() - started:.2f} s")
    started = time.perf_counter()
    await compute_rollup(db, as_of=AS_OF, period="week", tz=TZ, agency_id=7)
    print(f"one agency's weekly rollup: {time.perf_counter() - started:.3f} s")
    await _writes(db)

    renderers = []
    try:
        from reports.text import render_text

        renderers.append(("text", lambda: render_text(rollup)))
    except ImportError:
        pass
    try:
        from reports.xlsx import render_xlsx

        renderers.append(("xlsx", lambda: render_xlsx(rollup)))
    except ImportError:
        pass
    try:
        from reports.chart import render_chart

        renderers.append(("png", lambda: render_chart(rollup)))
    except ImportError:
        pass
    try:
        from reports.docx import render_docx

        renderers.append(("docx", lambda: render_docx(rollup, quarter_label="I năm 2025")))
    except ImportError:
        pass
    print(f"peak RSS after the rollups: {_peak_mb():.0f} MB")
    for name, render in renderers:
        if name == "docx":
            # the weekly summary (what /summary and the Friday post make) is done; the quarterly draft is extra
            print(f"peak RSS of the weekly summary (rollups, text, XLSX, PNG): {_peak_mb():.0f} MB (target < 300 MB)")
        started, before = time.perf_counter(), _peak_mb()
        out = render()
        size = sum(len(c) for c in out) if isinstance(out, list) else len(out)
        print(
            f"{name}: {time.perf_counter() - started:.2f} s, {size:,} {'chars' if name == 'text' else 'bytes'},"
            f" peak RSS +{_peak_mb() - before:.0f} MB"
        )
    await db.close()
    print(f"peak RSS of this process, the quarterly DOCX draft included (not the build): {_peak_mb():.0f} MB")


async def baseline(path: Path) -> list[float]:
    """Seconds of each weekly rollup on one connection (shards=1); the first call warms its page cache."""
    db = await connect(path)
    times = []
    for _ in range(3):
        started = time.perf_counter()
        await compute_rollup(db, as_of=AS_OF, period="week", tz=TZ, details=False, shards=1)
        times.append(time.perf_counter() - started)
    await db.close()
    return times[1:]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def traced(path: Path) -> None:
    """Peak Python heap of the weekly rollup plus XLSX, by tracemalloc (SQLite's own memory not included)."""
    db = await connect(path)
    tracemalloc.start()
    rollup = await compute_rollup(db, as_of=AS_OF, period="week", tz=TZ)
    held, peak = tracemalloc.get_traced_memory()
    print(f"tracemalloc: weekly rollup with details peaks at {peak / 2**20:.0f} MB, holds {held / 2**20:.0f} MB")
    try:
        from reports.xlsx import render_xlsx

        tracemalloc.reset_peak()
        render_xlsx(rollup)
        _, peak = tracemalloc.get_traced_memory()
        print(f"tracemalloc: XLSX on top of it peaks at {(peak - held) / 2**20:.0f} MB more")
    except ImportError:
        pass
    tracemalloc.stop()
    await db.close()


def main() -> None:
    """Build the database when needed, then print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/nhacviec-bench-summary.sqlite3"))
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--agencies", type=int, default=3500)
    parser.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--baseline", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_only:
        build(args.db, args.agencies)
        return
    if args.baseline:
        print(json.dumps(asyncio.run(baseline(args.db))))
        return
    if args.rebuild or not args.db.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{args.db}{suffix}").unlink(missing_ok=True)
        started = time.perf_counter()
        cmd = [sys.executable, __file__, "--db", str(args.db), "--agencies", str(args.agencies), "--build-only"]
        subprocess.run(cmd, check=True)
        print(f"built {args.db} in {time.perf_counter() - started:.1f} s")
    asyncio.run(measure(args.db))
    asyncio.run(traced(args.db))


if __name__ == "__main__":
    main()
