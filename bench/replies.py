"""Progress replies per second through the whole Telegram path, next to a bare echo bot in the same run.

    python bench/replies.py            # 50 people, 4,000 replies
    python bench/replies.py --quick    # 20 people, 400 replies (a smoke check)

nhacviec: the fake Bot API in process (tests/fakegram.FakeRequest) ⇄ the real python-telegram-bot
Application from bot.app.build_app (rate limiter and scheduler off) ⇄ the core ⇄ a real SQLite file in a
temporary directory. People are linked with real /invite + /start, each gets a /tasks message, then
they answer it ("1.3 đang làm 40%", "2.3 xong", "4.3 vướng: chờ hướng dẫn") as replies. The clock runs
from the first reply pushed until the fake has received every answer (waited on, no sleeps); the
database must then hold exactly one report per reply, or the script exits 1.

Baseline: a bare python-telegram-bot Application (default builder) whose one MessageHandler answers with
the text, on a fresh fake, fed the same traffic: its bot first posts each person a copy of their /tasks
message (same HTML, same "Báo cáo" keyboard, through the real send_message), and the people send the
same texts as replies to it, so both bots receive byte-for-byte the same kind of update (a reply carries
the whole replied-to message, keyboard included, and decoding that is a good part of the cost).
Timed the same way.

All replies are pushed at once and the updater takes them as fast as it can (getUpdates batches of 100).
The targets (≥ 500 replies/s, ≥ half the echo bot's rate) are printed as met or MISSED; the exit status
is 1 only when a reply was lost or answered wrongly (`make bench` runs every script).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import re
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters

from plans.model import ParsedPlan, PlanMeta
from tests.fakegram import BOT_TOKEN, FakeRequest, FakeTelegram, SentMessage
from tests.harness import ADMIN_ID, Clock, make_settings, seed_plan, start, stop, task

NOW = datetime(2025, 3, 10, 2, 0, tzinfo=UTC)
WARDS = (
    "Phường Bến Nghé", "Phường Bến Thành", "Phường Cầu Kho", "Phường Cầu Ông Lãnh", "Phường Cô Giang",
    "Phường Đa Kao", "Phường Nguyễn Cư Trinh", "Phường Nguyễn Thái Bình", "Phường Phạm Ngũ Lão",
    "Phường Tân Định",
)
SECTIONS = 6  # tasks "1.k" … "6.k" are led by ward k
FIRST_USER = 10_001
TARGET_RATE = 500.0
TARGET_RATIO = 0.5


def bench_plan() -> ParsedPlan:
    """Ten wards leading six tasks each, due dates spread around today (some overdue)."""
    tasks = []
    for s in range(1, SECTIONS + 1):
        for k, ward in enumerate(WARDS, start=1):
            due = NOW.date() + timedelta(days=7 * s - 20 + k)
            tasks.append(task(f"{s}.{k}", f"Nhiệm vụ cải cách {s}.{k}", ward, due, section=str(s)))
    return ParsedPlan(
        meta=PlanMeta(code="7/KH-BENCH", title="Kế hoạch CCHC (benchmark)", issuer="UBND Quận 1",
                      issued_on=date(2025, 1, 10), year=2025),
        tasks=tuple(tasks),
        derived_agencies={ward: "ward" for ward in WARDS},
    )


def reply_text(n: int, ward: int) -> str:
    """The n-th reply of a person of ward `ward` (1-based): mostly progress, some done, some blocked."""
    number = f"{n % SECTIONS + 1}.{ward}"
    kind = n % 10
    if kind == 0:
        return f"{number} xong"
    if kind == 1:
        return f"{number} vướng: chờ hướng dẫn của Sở Nội vụ"
    return f"{number} đang làm {10 + (n * 7) % 90}%"


@dataclass(frozen=True)
class Person:
    user_id: int
    ward: int  # 1-based index into WARDS


@dataclass(frozen=True)
class Result:
    replies: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.replies / self.seconds


def people(count: int) -> list[Person]:
    return [Person(FIRST_USER + i, i % len(WARDS) + 1) for i in range(count)]


async def push_and_wait(fake: FakeTelegram, work: Sequence[tuple[int, str, int]], limit: float) -> float:
    """Push every (user, text, reply_to) message at once; seconds from the first push to the last answer."""
    base = len(fake.sent)
    started = time.perf_counter()
    for user_id, text, reply_to in work:
        fake.user_sends(user_id, text, reply_to=reply_to)
    await fake.wait_for(lambda: len(fake.sent) - base >= len(work), limit)
    return time.perf_counter() - started


def workload(crowd: list[Person], replies: int, reply_to: Callable[[Person], int]) -> list[tuple[int, str, int]]:
    """Replies spread round-robin over the people, each answering their own message."""
    work = []
    for n in range(replies):
        person = crowd[n % len(crowd)]
        work.append((person.user_id, reply_text(n // len(crowd), person.ward), reply_to(person)))
    return work


async def bench_nhacviec(crowd: list[Person], replies: int, limit: float) -> tuple[Result, dict[int, SentMessage]]:
    """Replies to /tasks through build_app's Application into a real SQLite file; also each /tasks message."""
    with tempfile.TemporaryDirectory() as tmp:
        settings = make_settings(Path(tmp))
        await seed_plan(settings.db, bench_plan())
        fake = FakeTelegram()
        fake.add_user(ADMIN_ID, first_name="Quản trị")
        for person in crowd:
            fake.add_user(person.user_id, first_name=f"Cán bộ {person.user_id}")
        running = await start(settings, fake, Clock(NOW))
        try:
            listing: dict[int, SentMessage] = {}
            for person in crowd:
                invite = await running.say(ADMIN_ID, f"/invite {WARDS[person.ward - 1]} member")
                code = re.search(r"start=([A-Z0-9]+)", invite.plain or "")
                if code is None:
                    raise SystemExit(f"no invite code in {invite.plain!r}")
                await running.say(person.user_id, f"/start {code.group(1)}", contains="Đã liên kết")
                listing[person.user_id] = await running.say(person.user_id, "/tasks", contains="Báo cáo")
            work = workload(crowd, replies, lambda p: listing[p.user_id].message_id)
            base = len(fake.sent)
            seconds = await push_and_wait(fake, work, limit)
            wrong = [a.plain for a in fake.sent[base:] if "Đã ghi nhận" not in (a.plain or "")]
        finally:
            await stop(running)
        with sqlite3.connect(settings.db) as db:
            (stored,) = db.execute("SELECT COUNT(*) FROM reports").fetchone()
    print(f"  reports in the database: {stored} (expected {replies})")
    if wrong:
        print(f"  {len(wrong)} answers were not acknowledgements, e.g. {wrong[0]!r}")
    if stored != replies or wrong:
        raise SystemExit(1)
    return Result(replies, seconds), listing


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The whole baseline bot: say the text back."""
    await update.message.reply_text(update.message.text)  # type: ignore[union-attr]


async def bench_echo(crowd: list[Person], replies: int, opening: dict[int, SentMessage], limit: float) -> Result:
    """The same replies through a bare python-telegram-bot echo bot on a fresh fake.

    Its bot first sends each person a copy of their /tasks message (text, HTML and keyboard), and the
    replies answer that copy, so the updates are the ones nhacviec received.
    """
    fake = FakeTelegram()
    for person in crowd:
        fake.add_user(person.user_id, first_name=f"Cán bộ {person.user_id}")
    app = (
        Application.builder().token(BOT_TOKEN).request(FakeRequest(fake)).get_updates_request(FakeRequest(fake))
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT, echo))
    await app.initialize()
    await app.updater.start_polling(poll_interval=0.0, timeout=1)  # type: ignore[union-attr]
    await app.start()
    try:
        copies: dict[int, int] = {}
        for person in crowd:
            listing = opening[person.user_id]
            copy = await app.bot.send_message(
                person.user_id, listing.text or "", parse_mode=listing.parse_mode,
                reply_markup=InlineKeyboardMarkup.de_json(listing.reply_markup, app.bot),
            )
            copies[person.user_id] = copy.message_id
            stored = fake.message(person.user_id, copy.message_id) or {}
            if stored.get("reply_markup") != listing.reply_markup or stored.get("text") != listing.raw.get("text"):
                raise SystemExit("the echo bot's copy of the /tasks message differs from the original")
        work = workload(crowd, replies, lambda p: copies[p.user_id])
        seconds = await push_and_wait(fake, work, limit)
    finally:
        await app.updater.stop()  # type: ignore[union-attr]
        await app.stop()
        await app.shutdown()
    return Result(replies, seconds)


async def run(users: int, replies: int, limit: float) -> None:
    """Both benchmarks, nhacviec first (its /tasks texts shape the echo bot's updates)."""
    crowd = people(users)
    print(f"{replies:,} progress replies from {users} people in {len(WARDS)} wards, all pushed at once")
    print("nhacviec (fake Bot API ⇄ build_app ⇄ core ⇄ SQLite file):")
    ours, opening = await bench_nhacviec(crowd, replies, limit)
    print(f"  {ours.replies:,} replies answered in {ours.seconds:.2f} s: {ours.rate:,.0f} replies/s")
    print("echo bot (bare python-telegram-bot Application, same fake, same texts):")
    baseline = await bench_echo(crowd, replies, opening, limit)
    print(f"  {baseline.replies:,} replies answered in {baseline.seconds:.2f} s: {baseline.rate:,.0f} replies/s")
    ratio = ours.rate / baseline.rate
    met = ours.rate >= TARGET_RATE and ratio >= TARGET_RATIO
    print(
        f"nhacviec {ours.rate:,.0f} replies/s (target ≥ {TARGET_RATE:.0f}), echo {baseline.rate:,.0f} replies/s,"
        f" ratio {ratio:.2f} (target ≥ {TARGET_RATIO}): {'met' if met else 'MISSED'}"
    )


def main() -> None:
    """Parse the command line and run."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="20 people, 400 replies (a smoke check)")
    parser.add_argument("--users", type=int, default=None, help="people replying (default 50)")
    parser.add_argument("--replies", type=int, default=None, help="replies in all (default 4,000)")
    parser.add_argument("--limit", type=float, default=300.0, help="give up after this many seconds")
    args = parser.parse_args()
    users = args.users or (20 if args.quick else 50)
    replies = args.replies or (400 if args.quick else 4_000)
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(run(users, replies, args.limit))


if __name__ == "__main__":
    main()
