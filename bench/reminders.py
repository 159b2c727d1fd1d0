"""Reminder benchmarks: (a) planning 100,000 occurrences for 3,500 agencies; (b) delivering 3,000 digests
to 3,000 chats through a fake messenger that enforces Telegram's limits (30/s overall, 1/s per chat) and
answers a 429 (SendError with retry_after) when they are broken.

    python bench/reminders.py            # both, full size (b takes about 105 s)
    python bench/reminders.py --quick    # (b) scaled down to 600 messages, same rates

Where PostgreSQL's binaries are (tests/pg_cluster.py), (b) runs again on a throw-away PostgreSQL
cluster with two workers (two pools, as two processes have), each dispatching under the 'dispatch'
advisory lock as run_tick does: one sends while the other skips.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from collections import deque
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import aiosqlite
import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from chat.messages import OutgoingMessage, SendError
from schedules.digest import build_digests
from schedules.dispatcher import dispatch_outbox
from schedules.model import ReminderSettings
from schedules.planner import plan_reminders
from schedules.ratelimit import RateLimiter
from storage import outbox
from storage.db import only_one, open_db, transaction
from storage.reminders import Agency, LatestReport, OccurrenceInfo, Person
from tests.pg_cluster import bin_dir, running_cluster

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def bench_planning(occurrences: int = 100_000, agencies: int = 3_500) -> None:
    """Time plan_reminders and build_digests over a large synthetic deployment."""
    rng = random.Random(17)
    today = date(2025, 3, 12)
    now = datetime(2025, 3, 12, 9, 0, tzinfo=VN).astimezone(UTC)
    names = [Agency(i, f"Đơn vị {i}") for i in range(1, agencies + 1)]
    people = []
    uid = 0
    for agency in names:
        for role in ("member", "member", "head"):
            uid += 1
            people.append(Person(uid, role, agency.id, "telegram", str(10_000 + uid)))  # type: ignore[arg-type]
    for _ in range(5):
        uid += 1
        people.append(Person(uid, "secretary", None, "telegram", str(10_000 + uid)))
    occs = []
    for n in range(occurrences):
        leads = tuple(rng.sample(names, 1 if rng.random() < 0.9 else 3))
        occs.append(
            OccurrenceInfo(
                occurrence_id=n + 1,
                milestone_id=n + 1,
                task_id=n // 3 + 1,
                plan_code="17/KH-UBND",
                task_number=f"{n % 9 + 1}.{n % 31 + 1}",
                task_title="Rà soát, đánh giá thủ tục hành chính",
                deliverable="Báo cáo kết quả",
                kind="due",
                due=today + timedelta(days=rng.randint(-120, 30)),
                leads=leads,
            )
        )
    reports = [
        LatestReport(
            o.task_id,
            o.occurrence_id,
            o.leads[0].id,
            rng.choice(("done", "in_progress", "blocked")),
            now - timedelta(days=1),
        )  # type: ignore[arg-type]
        for o in rng.sample(occs, 30_000)
    ]
    settings = ReminderSettings()
    started = time.perf_counter()
    intents = plan_reminders(occs, people, reports, settings, now)
    planned = time.perf_counter() - started
    started = time.perf_counter()
    digests = build_digests(intents, settings)
    built = time.perf_counter() - started
    print(
        f"(a) planning: {occurrences:,} occurrences, {agencies:,} agencies, {len(people):,} people, "
        f"{len(reports):,} reports → {len(intents):,} intents in {planned:.2f} s (target < 2 s); "
        f"{len(digests):,} digests built in {built:.2f} s"
    )


class TelegramLimits:
    """A fake Bot API: 30 messages in any second overall, 1 a second per chat, else a 429."""

    channel = "telegram"

    def __init__(self, latency: float = 0.04) -> None:
        self.latency = latency
        self.recent: deque[float] = deque()
        self.last_by_chat: dict[str, float] = {}
        self.sent: list[float] = []
        self.refused = 0
        self._id = 0

    async def send(self, chat_id: str, message: OutgoingMessage) -> str:
        await asyncio.sleep(self.latency / 2)
        moment = time.monotonic()
        while self.recent and self.recent[0] <= moment - 1.0:
            self.recent.popleft()
        last = self.last_by_chat.get(chat_id)
        if len(self.recent) >= 30 or (last is not None and moment - last < 1.0):
            self.refused += 1
            raise SendError("Too Many Requests: retry after 1", retry_after=1)
        self.recent.append(moment)
        self.last_by_chat[chat_id] = moment
        self.sent.append(moment)
        await asyncio.sleep(self.latency / 2)
        self._id += 1
        return str(self._id)


async def bench_delivery(count: int, url: str | None = None) -> None:
    """Queue `count` digests to as many chats and time the dispatcher through the fake (two workers on
    PostgreSQL when `url` is given)."""
    with tempfile.TemporaryDirectory() as tmp:
        db = await open_db(url or Path(tmp) / "bench.sqlite3")
        workers = [db, await open_db(url)] if url else [db]
        now = datetime.now(UTC)
        async with transaction(db):
            for n in range(count):
                message = OutgoingMessage(
                    text=f"🔔 Nhắc việc CCHC — nhiệm vụ {n}",
                    refers_to=({"task": n, "occurrence": n},),
                    kind="digest",
                )
                await outbox.enqueue(
                    db, f"digest:user:{n}|bench", "digest", "telegram", str(100_000 + n), None, message, now
                )
        fake = TelegramLimits()

        async def worker(own: aiosqlite.Connection) -> int:
            async with only_one(own, "dispatch") as mine:
                if not mine:
                    return 0
                done = await dispatch_outbox(own, {"telegram": fake}, now, limiter=RateLimiter(), limit=count * 2)
                return done.sent

        started = time.monotonic()
        sent = sum(await asyncio.gather(*(worker(own) for own in workers)))
        elapsed = time.monotonic() - started
        counts = await outbox.counts(db)
        for own in workers:
            await own.close()
    span = (fake.sent[-1] - fake.sent[0]) if len(fake.sent) > 1 else elapsed
    rate = (len(fake.sent) - 1) / span if span else 0.0
    print(
        f"(b) delivery{' (PostgreSQL, two workers)' if url else ''}: {sent:,}/{count:,} sent to {count:,} chats"
        f" in {elapsed:.1f} s, "
        f"{rate:.1f} msg/s ({rate / 30:.0%} of 30/s; target ≥ 90%), 429s: {fake.refused}, "
        f"outbox: {counts}"
    )


def main() -> None:
    """Run both benchmarks and print their figures."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="deliver 600 messages instead of 3,000")
    parser.add_argument("--skip-delivery", action="store_true")
    args = parser.parse_args()
    bench_planning()
    if not args.skip_delivery:
        count = 600 if args.quick else 3_000
        asyncio.run(bench_delivery(count))
        if bin_dir() is not None:
            with running_cluster() as cluster:
                asyncio.run(_create(cluster.url("postgres"), "bench"))
                asyncio.run(bench_delivery(count, cluster.url("bench")))


async def _create(url: str, name: str) -> None:
    admin = await asyncpg.connect(url)
    try:
        await admin.execute(f"CREATE DATABASE {name}")
    finally:
        await admin.close()


if __name__ == "__main__":
    main()
