"""Helpers shared by the reliability tests: big seeded deployments, subprocesses, background writers."""

from __future__ import annotations

import itertools
import os
import random
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from plans.model import ParsedPlan, PlanMeta
from storage.db import open_db, transaction
from storage.plans import store_plan
from tests.harness import task

T0 = datetime(2025, 1, 10, tzinfo=UTC)
# Wednesday 26/03/2025 08:05 in Hà Nội: a task due Monday 31/03 is 3 working days away (stage T-3)
TICK_AT = "2025-03-26T08:05:00+07:00"
DUE = date(2025, 3, 31)
FIRST_CHAT = 100_000


@dataclass
class Seeded:
    """What `seed_deployment` created: agency names and the Telegram chat ids per agency."""

    agencies: list[str]
    chats: dict[str, list[int]] = field(default_factory=dict)  # agency name -> chat ids (= user ids)
    task_numbers: dict[str, str] = field(default_factory=dict)  # agency name -> its task's number
    later_numbers: dict[str, str] = field(default_factory=dict)  # agency name -> its later task's (later=)

    @property
    def all_chats(self) -> list[int]:
        return [c for chats in self.chats.values() for c in chats]


def agency_name(i: int) -> str:
    return f"Phường Thử Nghiệm {i:04d}"


async def seed_deployment(
    db_path: Path, *, agencies: int, people_per_agency: int, due: date = DUE, role: str = "head",
    later: date | None = None,
) -> Seeded:
    """One plan with one task per agency (all due `due`; with `later`, a second one each, due then), and
    people linked on Telegram (chat id = user id)."""
    names = [agency_name(i) for i in range(1, agencies + 1)]
    tasks = tuple(task(f"1.{i}", f"Rà soát thủ tục hành chính số {i}", name, due) for i, name in enumerate(names, 1))
    if later is not None:  # numbered 2.1 … 2.90, 3.1 …: a reply reads a task number of at most two digits after the dot
        later_number = {name: f"{2 + (i - 1) // 90}.{(i - 1) % 90 + 1}" for i, name in enumerate(names, 1)}
        tasks += tuple(task(later_number[name], f"Số hoá hồ sơ số {i}", name, later) for i, name in enumerate(names, 1))
    plan = ParsedPlan(
        meta=PlanMeta(code="900/KH-UBND", title="Kế hoạch thử tải", issuer="UBND Quận 1", issued_on=date(2025, 1, 10),
                      year=2025),
        tasks=tasks,
        derived_agencies=dict.fromkeys(names, "ward"),
    )
    seeded = Seeded(names)
    db = await open_db(db_path)
    try:
        async with transaction(db):
            await store_plan(db, plan, now=T0, user_id=None, channel="test", source_name="seed", create_agencies=True)
        async with db.execute("SELECT id, name FROM agencies") as cur:
            ids = {name: agency_id for agency_id, name in await cur.fetchall()}
        chat = FIRST_CHAT
        async with transaction(db):
            for i, name in enumerate(names, 1):
                seeded.task_numbers[name] = f"1.{i}"
                if later is not None:
                    seeded.later_numbers[name] = later_number[name]
                for _ in range(people_per_agency):
                    chat += 1
                    cur = await db.execute(
                        "INSERT INTO users (display_name, role, agency_id, created_at) VALUES (?, ?, ?, ?)",
                        (f"Cán bộ {chat}", role, ids[name], T0.isoformat()),
                    )
                    await db.execute(
                        "INSERT INTO identities (user_id, channel, external_id, chat_id, linked_at)"
                        " VALUES (?, 'telegram', ?, ?, ?)",
                        (cur.lastrowid, str(chat), str(chat), T0.isoformat()),
                    )
                    seeded.chats.setdefault(name, []).append(chat)
    finally:
        await db.close()
    return seeded


def clean_env(**extra: str) -> dict[str, str]:
    """The test's environment without any deployment settings, plus `extra`."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("NHACVIEC_", "TELEGRAM_", "WEBHOOK_", "ZALO_", "PORT"))}
    env.update(extra)
    return env


class Background(subprocess.Popen):
    """A process in the background whose output goes to files in `cwd`, not to pipes: a pipe nobody reads
    fills at 64 KiB, and then the process's next log line blocks it (a webhook worker logs every request,
    a refused send with its traceback), its event loop with it, maybe inside a unit of work holding the
    database's lock for every worker. `communicate` waits for the end and reads the files."""

    def __init__(self, argv: list[str], *, env: dict[str, str], cwd: Path) -> None:
        run = next(_background_runs)
        self.output_paths = (cwd / f"background-{run}.out", cwd / f"background-{run}.err")
        with open(self.output_paths[0], "w") as out, open(self.output_paths[1], "w") as err:
            super().__init__(argv, env=env, cwd=cwd, stdout=out, stderr=err, text=True)

    def communicate(self, input: str | None = None, timeout: float | None = None) -> tuple[str, str]:
        """Wait for the process to end (TimeoutExpired after `timeout`); everything it wrote, (stdout, stderr)."""
        if input is not None:
            raise ValueError("a background process reads no input")
        self.wait(timeout)
        out, err = (path.read_text(encoding="utf-8", errors="replace") for path in self.output_paths)
        return out, err


_background_runs = itertools.count(1)


def popen_nhacviec(*args: str, env: dict[str, str], cwd: Path) -> Background:
    """`python -m bot ARGS` in the background; the caller kills it in `finally`."""
    return Background([sys.executable, "-m", "bot", *args], env=env, cwd=cwd)


def stop_process(proc: subprocess.Popen) -> tuple[str, str]:
    """Kill a subprocess if it still runs; its output."""
    if proc.poll() is None:
        proc.kill()
    try:
        return proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        return "", ""


# The port a test hands to a bot it starts is free when chosen but bound only a second later, by the bot.
# A port the kernel picked (bind to 0) could meanwhile go to a socket of another pytest-xdist worker: the
# kernel gives those out of the ephemeral range (Linux: 32768-60999) for binds to 0 and for every
# outgoing connection. So ports come from below it, from a block of 500 per worker, in turn from a
# random start (another suite running on the same machine starts elsewhere).
_PORT_BLOCK = 500
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
_FIRST_PORT = 20_000 + _PORT_BLOCK * (_WORKER % 24)
_next_port = itertools.count(random.randrange(_PORT_BLOCK))


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free now and that no other worker of this test run hands out."""
    for _ in range(_PORT_BLOCK):
        port = _FIRST_PORT + next(_next_port) % _PORT_BLOCK
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue  # taken by something else on the machine
            return port
    raise RuntimeError(f"no free port in {_FIRST_PORT}-{_FIRST_PORT + _PORT_BLOCK - 1}")


def wait_port(port: int, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    """Wait until something accepts connections on 127.0.0.1:`port` (the process starts its listener
    after telling Telegram its webhook, and says nothing when it is ready): retry the connect, pausing
    briefly between refusals; give up if the process exits or after `timeout`."""
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise
            pause.wait(0.05)


class ReportWriter(threading.Thread):
    """Appends reports through its own SQLite connection, one committed transaction each, until stopped.

    `pace()` is called before each write and blocks until the next one is due (False: stop). `committed`
    holds the ids whose COMMIT returned; they must survive anything that happens afterwards.
    """

    def __init__(self, db_path: Path, *, task_id: int, agency_id: int, user_id: int,
                 pace: Callable[[], bool]) -> None:
        super().__init__(daemon=True, name="report-writer")
        self.db_path = db_path
        self.task_id, self.agency_id, self.user_id = task_id, agency_id, user_id
        self.pace = pace
        self.committed: list[int] = []
        self.errors: list[str] = []

    def run(self) -> None:
        conn = sqlite3.connect(self.db_path, timeout=30, isolation_level=None)
        try:
            conn.execute("PRAGMA busy_timeout = 30000")
            n = 0
            while self.pace():
                n += 1
                try:
                    conn.execute("BEGIN IMMEDIATE")
                    cur = conn.execute(
                        "INSERT INTO reports (task_id, agency_id, user_id, status, percent, note, channel, created_at)"
                        " VALUES (?, ?, ?, 'in_progress', ?, ?, 'test', ?)",
                        (self.task_id, self.agency_id, self.user_id, n % 101, f"ghi trong lúc chạy #{n}",
                         datetime.now(UTC).isoformat(timespec="seconds")),
                    )
                    rid = cur.lastrowid
                    conn.execute("COMMIT")
                    self.committed.append(rid)
                except sqlite3.Error as exc:  # a lock timeout is a finding, kept for the assertion
                    self.errors.append(str(exc))
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
        except BaseException as exc:  # surfaced through `errors`
            self.errors.append(repr(exc))
        finally:
            conn.close()


def first_ids(db_path: Path) -> tuple[int, int, int]:
    """(task id, its lead agency id, a user of that agency) to write reports for."""
    with sqlite3.connect(db_path) as conn:
        return conn.execute(
            "SELECT ta.task_id, ta.agency_id, u.id FROM task_agencies ta JOIN users u ON u.agency_id = ta.agency_id"
            " WHERE ta.role = 'lead' ORDER BY ta.task_id, u.id LIMIT 1"
        ).fetchone()


def ids_present(db_path: Path, table: str, ids: list[int]) -> set[int]:
    """Which of `ids` exist in `table`."""
    with sqlite3.connect(db_path) as conn:
        found = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in conn.execute(f"SELECT id FROM {table} WHERE id IN ({marks})", chunk))
    return found


def integrity(db_path: Path) -> str:
    """PRAGMA integrity_check of a database file."""
    with sqlite3.connect(db_path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


_NEWEST = "task_id, agency_id, occurrence_key, report_id, status, created_at, percent, eta, note"
# newest_reports (v046, kept by triggers) worked out again from reports: each (task, agency, occurrence or
# none)'s newest standing report by (created_at, id). One row: the groups kept, and the rows of either side
# the other lacks (0 when the triggers kept it right). The same SQL on SQLite and PostgreSQL.
NEWEST_REPORTS_DRIFT = f"""
WITH recomputed AS (
    SELECT task_id, agency_id, occurrence_key, id AS report_id, status, created_at, percent, eta, note
    FROM (SELECT r.*, COALESCE(r.occurrence_id, 0) AS occurrence_key,
                 ROW_NUMBER() OVER (PARTITION BY r.task_id, r.agency_id, COALESCE(r.occurrence_id, 0)
                                    ORDER BY r.created_at DESC, r.id DESC) AS newest
          FROM reports AS r WHERE r.withdrawn_at IS NULL) AS ranked
    WHERE newest = 1
)
SELECT (SELECT COUNT(*) FROM newest_reports),
       (SELECT COUNT(*) FROM (SELECT {_NEWEST} FROM recomputed EXCEPT SELECT {_NEWEST} FROM newest_reports) AS lacking)
       + (SELECT COUNT(*) FROM (SELECT {_NEWEST} FROM newest_reports EXCEPT SELECT {_NEWEST} FROM recomputed) AS stale)
"""


def newest_reports_drift(db_path: Path) -> tuple[int, int]:
    """(groups in newest_reports, rows differing from a recompute from reports) of a SQLite database file."""
    with sqlite3.connect(db_path) as conn:
        kept, drift = conn.execute(NEWEST_REPORTS_DRIFT).fetchone()
    return kept, drift
