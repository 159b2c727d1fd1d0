"""Reminder benchmarks: (a) planning 100,000 occurrences for 3,500 agencies; (b) delivering 3,000 digests
to 3,000 chats through a fake messenger that enforces Telegram's limits (30/s overall, 1/s per chat) and
answers a 429 (SendError with retry_after) when they are broken.

    python bench/reminders.py            # both, full size (b takes about 105 s)
    python bench/reminders.py --quick    # (b) scaled down to 600 messages, same rates

(b) runs on SQLite in one process, then again with people's answers beside the dispatch through the
same RateLimiter. Where PostgreSQL's binaries are (tests/pg_cluster.py), it runs on a throw-away
PostgreSQL cluster with two workers (two pools, as two processes have), each dispatching under the
'dispatch' advisory lock as run_tick does (one sends while the other skips and answers people): first
with a rate each (main's pacing, for comparison), then with one rate shared through `send_shares`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import sys
import tempfile
import time
from collections import deque
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from chat.messages import OutgoingMessage, SendError
from schedules.digest import build_digests
from schedules.dispatcher import dispatch_outbox
from schedules.model import ReminderSettings
from schedules.planner import plan_items
from schedules.ratelimit import RateLimiter
from schedules.sharing import ShareKeeper
from storage import outbox
from storage.db import only_one, open_db, transaction
from storage.reminders import Agency, LatestReport, OccurrenceInfo, Person
from tests.pg_cluster import bin_dir, running_cluster

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def bench_planning(occurrences: int = 100_000, agencies: int = 3_500) -> None:
    """Time plan_items and build_digests over a large synthetic deployment."""
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
    items = plan_items(occs, people, reports, settings, now)
    planned = time.perf_counter() - started
    started = time.perf_counter()
    digests = build_digests(items, settings)
    built = time.perf_counter() - started
    reminders = sum(len(delivery.people) for item in items for delivery in item.deliveries)
    print(
        f"(a) planning: {occurrences:,} occurrences, {agencies:,} agencies, {len(people):,} people, "
        f"{len(reports):,} reports → {len(items):,} items ({reminders:,} reminders) in {planned:.2f} s "
        "(target < 2 s); "
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


async def bench_delivery(count: int, url: str | None = None, *, shared: bool = True, answers: bool = False) -> None:
    """Queue `count` digests to as many chats and time the dispatcher through the fake; with `answers`,
    people's replies are answered beside it (one every 0.15 s, from 2 s before the dispatch starts to its
    end: replies keep coming while a tick sends). On SQLite one process sends both; on PostgreSQL (`url`)
    two workers (two pools, as two processes have): each dispatches under the 'dispatch' advisory lock as
    run_tick does (one sends, the other skips), the second answers, and each paces itself with its own
    RateLimiter: `shared`, its share of the 30 a second kept by a ShareKeeper; not shared, the whole 30
    each (main's pacing: a budget per process). The rate is every message sent from the first reminder to
    the last."""
    with tempfile.TemporaryDirectory() as tmp:
        db = await open_db(url or Path(tmp) / "bench.sqlite3")
        workers = [db, await open_db(url)] if url else [db]
        limiters = [RateLimiter() for _ in workers]
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
        stop = asyncio.Event()
        keepers = [ShareKeeper(url, limiter) for limiter in limiters] if url and shared else []
        keeping = [asyncio.create_task(k.run(stop)) for k in keepers]
        waits: list[float] = []
        reminders: list[float] = []

        first_holds = asyncio.Event()

        async def worker(n: int) -> int:
            if n:
                await first_holds.wait()  # the answering worker is the one that skips
            async with only_one(workers[n], "dispatch") as mine:
                first_holds.set()
                if not mine:
                    return 0
                done = await dispatch_outbox(
                    workers[n], {"telegram": fake}, now, limiter=limiters[n], limit=count * 2
                )
                return done.sent

        async def answer(n: int, limiter: RateLimiter) -> None:
            asked = time.monotonic()
            await limiter.answer(str(900_000 + n))
            waits.append(time.monotonic() - asked)
            with contextlib.suppress(SendError):  # counted by the fake as a 429
                await fake.send(str(900_000 + n), OutgoingMessage(text="Đã ghi nhận"))

        async def people(limiter: RateLimiter) -> None:
            sending = []
            while not stop.is_set():
                sending.append(asyncio.create_task(answer(len(sending), limiter)))
                await asyncio.sleep(0.15)
            await asyncio.gather(*sending)

        async def dispatch() -> int:
            await asyncio.sleep(2.0 if answers else 0.5)  # the workers are up before the tick
            started = time.monotonic()
            sent = sum(await asyncio.gather(*(worker(n) for n in range(len(workers)))))
            reminders.extend((started, time.monotonic()))
            stop.set()
            return sent

        loads = os.getloadavg()[0]
        sent, *_ = await asyncio.gather(dispatch(), *([people(limiters[-1])] if answers else []), *keeping)
        counts = await outbox.counts(db)
        for own in workers:
            await own.close()
    started, ended = reminders
    during = [m for m in fake.sent if started <= m <= ended]
    span = during[-1] - during[0]
    rate = (len(during) - 1) / span
    shape = "SQLite, one process" if not url else (
        "PostgreSQL, two workers, " + ("one shared rate (this branch)" if shared else "a rate each (main's pacing)")
    )
    waits.sort()
    answered = (
        f" and {len(waits)} answers (waited p50 {waits[len(waits) // 2]:.2f} s,"
        f" p95 {waits[len(waits) * 95 // 100]:.2f} s, max {waits[-1]:.2f} s)" if waits else ""
    )
    print(
        f"(b) delivery, {shape}: {sent:,}/{count:,} reminders{answered}; {len(during):,} messages while"
        f" reminders went, {rate:.1f} msg/s ({rate / 30:.0%} of 30/s; target ≥ 90%), 429s: {fake.refused},"
        f" outbox: {counts}, load {loads:.1f}"
    )


def main() -> None:
    """Run both benchmarks and print their figures."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="deliver 600 messages instead of 3,000")
    parser.add_argument("--skip-delivery", action="store_true")
    parser.add_argument("--skip-planning", action="store_true")
    args = parser.parse_args()
    if not args.skip_planning:
        bench_planning()
    if not args.skip_delivery:
        count = 600 if args.quick else 3_000
        asyncio.run(bench_delivery(count))
        asyncio.run(bench_delivery(count, answers=True))
        if bin_dir() is not None:
            with running_cluster() as cluster:
                for n, shared in enumerate((False, True)):
                    asyncio.run(_create(cluster.url("postgres"), f"bench{n}"))
                    asyncio.run(bench_delivery(count, cluster.url(f"bench{n}"), shared=shared, answers=True))


async def _create(url: str, name: str) -> None:
    admin = await asyncpg.connect(url)
    try:
        await admin.execute(f"CREATE DATABASE {name}")
    finally:
        await admin.close()


if __name__ == "__main__":
    main()
