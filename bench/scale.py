"""The benchmark deployment, at any scale: a plan, its agencies and a year of reports in a SQLite file.

    python -m bench.scale --db FILE --agencies 3500     # build (replaces FILE)

`database(agencies)` returns the cached file for a scale, building it in a child process when missing (so
the benchmark's own peak memory is not the build's). At national scale (3,500 agencies) that is 280,000
(task, lead agency) pairs, about 1.46 million reports, evidence on 3 % of them and a weekly reminder
digest per agency; it takes a few minutes to build.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from storage.db import open_db

SCALES = {"district": 150, "province": 1_000, "national": 3_500}

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
AS_OF = datetime(2025, 3, 14, 17, 0, tzinfo=TZ)  # a Friday: this week's reports are in
TASKS = 160
SECTIONS = 8
LEADS_PER_AGENCY = 80
SUPPORT_PER_AGENCY = 5
REPORTS_PER_WEEK = 8
WEEKS = 52
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


def database(agencies: int, *, rebuild: bool = False, directory: Path = Path("/tmp")) -> Path:
    """The benchmark database of `agencies` agencies, built (in a child process) unless cached."""
    path = directory / f"nhacviec-bench-{agencies}.sqlite3"
    if rebuild or not path.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        started = time.perf_counter()
        root = Path(__file__).resolve().parent.parent
        cmd = [sys.executable, "-m", "bench.scale", "--db", str(path), "--agencies", str(agencies)]
        subprocess.run(cmd, check=True, cwd=root)
        print(f"built {path} ({agencies:,} agencies) in {time.perf_counter() - started:.0f} s", flush=True)
    return path


def main() -> None:
    """Build one database."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--agencies", type=int, default=SCALES["national"])
    args = parser.parse_args()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{args.db}{suffix}").unlink(missing_ok=True)
    build(args.db, args.agencies)


if __name__ == "__main__":
    main()
