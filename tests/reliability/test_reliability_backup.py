"""`nhacviec backup FILE` while another connection keeps writing: the copy is consistent and complete.

The test backs up a database of a few hundred pages; `python bench/backup.py` one of thousands (or any
size) and prints the time it took.
"""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.reliability_tools import (
    ReportWriter,
    clean_env,
    first_ids,
    integrity,
    seed_deployment,
)


def run_backup(tmp_path: Path, *, agencies: int, padding: int) -> str:
    """Back up a deployment of `agencies` x 2 people plus `padding` audit lines of 400 bytes while reports
    are being written; asserts what the module says; returns the figures."""
    db_path = tmp_path / "live.sqlite3"
    asyncio.run(seed_deployment(db_path, agencies=agencies, people_per_agency=2))
    with sqlite3.connect(db_path) as conn:
        conn.executemany(
            "INSERT INTO audit (at, channel, action, subject, detail) VALUES (?, 'test', 'padding', ?, ?)",
            [("2025-01-10T00:00:00+00:00", f"dòng {i}", "x" * 400) for i in range(padding)],
        )
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    task_id, agency_id, user_id = first_ids(db_path)

    stop, going = threading.Event(), threading.Event()

    def pace() -> bool:  # a busy bot's pace; `going` once it has written a few
        if len(writer.committed) >= 50:
            going.set()
        # a millisecond between commits: a writer committing back to back starves the backup command's
        # write lock (SQLite's busy handler polls), which no bot's traffic does; the copy still races writes
        return not stop.wait(0.001)

    writer = ReportWriter(db_path, task_id=task_id, agency_id=agency_id, user_id=user_id, pace=pace)
    writer.start()
    backup = tmp_path / "backups" / "nhacviec.sqlite3"
    try:
        # wait until the writer is going, then note what was committed before the backup starts
        assert going.wait(60), writer.errors
        committed_before = list(writer.committed)
        with sqlite3.connect(db_path) as conn:
            # each table in the order rows arrive (a WITHOUT ROWID one, keyed by its first columns, by its key)
            orders = {name: "1, 2" if "WITHOUT ROWID" in sql.upper() else "rowid"
                      for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"
                                                    " AND name NOT LIKE 'sqlite_%'")}
            before = {t: conn.execute(f"SELECT * FROM {t} ORDER BY {order}").fetchall()
                      for t, order in orders.items()
                      if t not in ("reports", "report_latest", "lead_pairs", "newest_reports")}  # these move with the writer
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-m", "bot", "backup", str(backup)], env=clean_env(NHACVIEC_DB=str(db_path)),
            cwd=tmp_path, capture_output=True, text=True, timeout=120,
        )
        took = time.monotonic() - started
        written_during = len(writer.committed) - len(committed_before)
    finally:
        stop.set()
        writer.join(30)
    assert result.returncode == 0, result.stderr[-3000:]
    assert writer.errors == []
    assert written_during > 0, "the writer kept writing during the backup"

    # restore: the backup file is a plain SQLite database; copy it into place and open it
    restored = tmp_path / "restored.sqlite3"
    restored.write_bytes(backup.read_bytes())
    assert integrity(restored) == "ok"
    with sqlite3.connect(restored) as conn:
        ids = {r[0] for r in conn.execute("SELECT id FROM reports")}
        assert set(committed_before) <= ids, "a report committed before the backup started is missing"
        # the copy is one consistent moment: its latest-report table agrees with its reports
        (latest,) = conn.execute(
            "SELECT MAX(id) FROM reports WHERE task_id = ? AND agency_id = ?", (task_id, agency_id)
        ).fetchone()
        for kept in ("report_latest", "lead_pairs", "newest_reports"):  # the writer's reports name no occurrence
            assert conn.execute(
                f"SELECT report_id FROM {kept} WHERE task_id = ? AND agency_id = ?", (task_id, agency_id)
            ).fetchone() == (latest,), kept
        for table, rows in before.items():
            assert conn.execute(f"SELECT * FROM {table} ORDER BY {orders[table]}").fetchall()[: len(rows)] == rows, table
        assert conn.execute("PRAGMA user_version").fetchone()[0] > 0
    return (f"backup: {pages} pages copied in {took:.2f} s (the command's whole run) while {written_during} "
            f"reports were committed; {len(ids)} reports in the copy")


def test_online_backup_under_writes_restores_every_committed_row(tmp_path):
    print("\n" + run_backup(tmp_path, agencies=50, padding=1_000))
