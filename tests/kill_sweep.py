"""The SIGKILL sweep of the inbox: `nhacviec run` killed across the receive-handle-answer window, restarted.

Each run starts the bot as a subprocess polling the HTTP fake Telegram, has a few people (each in their own
chat, each with one task) send a report, and kills the bot with SIGKILL at one instant of the window:

* "confirmed": as soon as Telegram holds the updates confirmed (what python-telegram-bot's Updater did
  before handling them, so a kill here lost them);
* "call": when the fake has answered a random number of the bot's calls since the reports were sent
  (the getUpdates that brings them, the answers), plus a random jitter of up to 20 ms.

Runs take the kill points in turn.

A last run is not killed: it handles whatever the killed runs stored, and takes what Telegram still holds.
Then, when the killed runs left confirmations queued with their reports and not sent (or sent and not
recorded: those arrive twice, the outbox's window), `nhacviec tick` at a moment after their lease sends them.
Used by tests/test_inbox_kill.py (a few runs) and bench/kill.py (the full sweep).
"""

from __future__ import annotations

import asyncio
import random
import signal
import sqlite3
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from storage.outbox import LEASE
from tests.fakegram import BOT_TOKEN, FakeTelegram
from tests.reliability_tools import (
    clean_env,
    integrity,
    newest_reports_drift,
    popen_nhacviec,
    seed_deployment,
    stop_process,
)

ACK = "Đã ghi nhận"
KILL_POINTS = ("confirmed", "call")


@dataclass
class Sweep:
    """What a sweep saw: per person, the reports stored and the acknowledgements they got."""

    kills: list[str] = field(default_factory=list)
    stored: dict[int, int] = field(default_factory=dict)  # chat -> reports stored for its agency
    acks: dict[int, int] = field(default_factory=dict)  # chat -> "Đã ghi nhận" messages it got
    claims: dict[int, int] = field(default_factory=dict)  # chat -> times its answer's outbox row was claimed
    left: list[int] = field(default_factory=list)  # chats whose confirmation the runs left unsent in the outbox
    answer_rows: dict[str, int] = field(default_factory=dict)  # the answers' outbox rows by state, at the end
    integrity: str = ""
    newest_reports: tuple[int, int] = (0, 0)  # groups kept by the triggers, rows differing from a recompute

    @property
    def duplicates(self) -> list[int]:
        """Chats whose one report was stored more than once, or acknowledged more than once outside the
        outbox's window (each claim of the answer's row may send it once: a run killed after sending,
        before recording, leaves it to be claimed again after the lease)."""
        return [c for c in self.stored
                if self.stored[c] > 1 or self.acks.get(c, 0) > max(1, min(2, self.claims.get(c, 0)))]

    @property
    def twice(self) -> list[int]:
        """Chats acknowledged twice through the outbox's window."""
        return [c for c in self.stored if self.acks.get(c, 0) == 2 and c not in self.duplicates]

    @property
    def lost(self) -> list[int]:
        """Chats whose report was never stored."""
        return [c for c, n in self.stored.items() if n == 0]

    @property
    def unacknowledged(self) -> list[int]:
        """Chats whose report was stored but never acknowledged, even after the lease."""
        return [c for c, n in self.stored.items() if n == 1 and self.acks.get(c, 0) == 0]


def _stored(db_path: Path) -> dict[int, int]:
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute(
            "SELECT i.chat_id, COUNT(r.id) FROM identities i JOIN users u ON u.id = i.user_id"
            " LEFT JOIN reports r ON r.agency_id = u.agency_id GROUP BY i.chat_id"
        ).fetchall()
    return {int(chat): n for chat, n in rows}


def _waiting(db_path: Path) -> int:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT COUNT(*) FROM inbox WHERE handled_at IS NULL").fetchone()[0]


def _answers(db_path: Path) -> list[tuple[int, str, int]]:
    """The answers' outbox rows: chat, state, times claimed."""
    with sqlite3.connect(db_path) as conn:
        return [(int(chat), state, n) for chat, state, n in conn.execute(
            "SELECT chat_id, state, attempts FROM outbox WHERE kind = 'answer'")]


def sweep(tmp_path: Path, *, runs: int, per_run: int = 3, seed: int = 22, points: tuple[str, ...] = KILL_POINTS) -> Sweep:
    """`runs` killed runs of `per_run` reports each, then one run that is not killed; what was stored and said."""
    rng = random.Random(seed)
    db_path = tmp_path / "kill.sqlite3"
    seeded = asyncio.run(seed_deployment(db_path, agencies=runs * per_run, people_per_agency=1))
    chats = iter(seeded.all_chats)
    task_of = {chat: seeded.task_numbers[name] for name, cs in seeded.chats.items() for chat in cs}
    fake = FakeTelegram()
    for chat in seeded.all_chats:
        fake.add_user(chat)
    result = Sweep()
    with fake.serve_http(hold_seconds=2) as server:
        env = clean_env(
            TELEGRAM_BOT_TOKEN=BOT_TOKEN, TELEGRAM_BASE_URL=server.base_url, NHACVIEC_DB=str(db_path),
            NHACVIEC_FILES=str(tmp_path / "files"),
        )
        for run in range(runs + 1):
            started = len(fake.calls_to("deleteWebhook"))  # the bot deletes any webhook, then polls
            proc = popen_nhacviec("run", env=env, cwd=tmp_path)
            try:
                fake.wait_for_sync(
                    lambda p=proc, s=started: (len(fake.calls_to("deleteWebhook")) > s and fake.active_polls > 0)
                    or p.poll() is not None,
                    timeout=60,
                )
                assert proc.poll() is None, stop_process(proc)
                if run == runs:  # the last run: not killed, it handles everything left
                    fake.wait_for_sync(
                        lambda: fake.active_polls > 0 and not fake.pending_updates() and _waiting(db_path) == 0,
                        timeout=60,
                    )
                    proc.send_signal(signal.SIGTERM)
                    proc.wait(timeout=30)
                    break
                base = len(fake.calls)
                for _ in range(per_run):
                    chat = next(chats)
                    fake.user_sends(chat, f"{task_of[chat]} xong")
                point = points[run % len(points)]
                if point == "confirmed":
                    fake.wait_for_sync(lambda: not fake.pending_updates(), timeout=30)
                    result.kills.append("confirmed")
                else:
                    calls = rng.randint(1, 1 + per_run)  # the getUpdates that brings them, then the answers
                    try:
                        fake.wait_for_sync(lambda c=calls, b=base: len(fake.calls) >= b + c, timeout=10)
                    except TimeoutError:
                        pass  # the bot made fewer calls: it is killed after answering
                    # a random instant inside the window, not a wait for anything
                    threading.Event().wait(rng.uniform(0, 0.02))
                    result.kills.append(f"call {calls}")
                proc.send_signal(signal.SIGKILL)
                proc.wait(timeout=30)
            finally:
                stop_process(proc)
        # the confirmations left claimed by a killed run go with the first dispatch after their lease
        result.left = [chat for chat, state, _ in _answers(db_path) if state != "sent"]
        if result.left:
            after_lease = datetime.now(UTC) + LEASE + timedelta(minutes=1)
            tick = popen_nhacviec("tick", "--at", after_lease.isoformat(timespec="seconds"), env=env, cwd=tmp_path)
            try:
                _out, err = tick.communicate(timeout=120)
                assert tick.returncode == 0, err[-3000:]
            finally:
                stop_process(tick)
    result.stored = _stored(db_path)
    answers = _answers(db_path)
    result.claims = {chat: n for chat, _, n in answers}
    for _, state, _ in answers:
        result.answer_rows[state] = result.answer_rows.get(state, 0) + 1
    for chat in result.stored:
        result.acks[chat] = sum(ACK in (m.plain or "") for m in fake.messages_to(chat))
    result.integrity = integrity(db_path)
    result.newest_reports = newest_reports_drift(db_path)
    return result
