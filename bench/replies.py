"""How long a person waits for "Đã ghi nhận": progress replies at a steady rate, next to a bare echo bot.

    python bench/replies.py                # 30 and 100 replies a second, 20 s each, both bots (~2 min)
    python bench/replies.py --seconds 5    # a shorter run

nhacviec: the fake Bot API in process (tests/fakegram.FakeRequest) ⇄ the real python-telegram-bot
Application from bot.app.build_app (polling, concurrent updates; the rate limiter and the scheduler off, so
the figure is the bot's own time) ⇄ the core ⇄ a real SQLite file in a temporary directory. 100 people are
linked with real /invite + /start, each gets a /tasks message, then they answer it as replies
("1.3 đang làm 40%", "2.3 xong", "4.3 vướng: chờ hướng dẫn"), round robin.

The replies are sent at a steady rate, each at its own moment on the event loop's clock (loop.call_at), so
the pace does not drift with the bot's work: 30 a second (what Telegram lets one bot send) and 100 a
second, for a fixed time each, after a 3-second warm-up that is not counted. A reply's handling time runs
from the moment the person's message enters the fake (the update is queued for getUpdates) to the moment
the bot's sendMessage with the answer has been answered by the fake. The script prints p50, p99 and the
worst of these; how late the sends themselves fired (a busy loop sends late); the process's CPU time per
reply and the machine's load average, since on a shared machine a long tail is often another process's
work, not the bot's.

Baseline, in the same run: a bare python-telegram-bot Application (default builder) whose one
MessageHandler says the text back, on a fresh fake, fed the same traffic: its bot first posts each person
a copy of their /tasks message (same HTML, same "Báo cáo" keyboard), and the people send the same texts as
replies to it, so both bots decode the same kind of update (a reply carries the whole replied-to message,
keyboard included).

Target: nhacviec's p99 ≤ 100 ms at 30 replies a second, printed as met or MISSED. The exit status is 1
only when a reply was lost or answered wrongly, or the database does not hold exactly one report per reply
(`make bench` runs every script).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import math
import os
import re
import sqlite3
import sys
import tempfile
import time
from collections import defaultdict, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters
from telegram.request import RequestData

from bot.app import build_app
from plans.model import ParsedPlan, PlanMeta
from tests.fakegram import BOT_TOKEN, FakeRequest, FakeTelegram, SentMessage
from tests.harness import ADMIN_ID, Clock, make_settings, seed_plan, task

NOW = datetime(2025, 3, 10, 2, 0, tzinfo=UTC)
WARDS = (
    "Phường Bến Nghé", "Phường Bến Thành", "Phường Cầu Kho", "Phường Cầu Ông Lãnh", "Phường Cô Giang",
    "Phường Đa Kao", "Phường Nguyễn Cư Trinh", "Phường Nguyễn Thái Bình", "Phường Phạm Ngũ Lão",
    "Phường Tân Định",
)
SECTIONS = 6  # tasks "1.k" … "6.k" are led by ward k
FIRST_USER = 10_001
PEOPLE = 100
RATES = (30.0, 100.0)  # replies a second: Telegram's ceiling for one bot, and over three times it
WARM_UP_S = 3.0
TARGET_RATE = 30.0
TARGET_P99_MS = 100.0


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
class Timing:
    """Handling times of one steady run, in seconds, and how late its sends fired."""

    rate: float
    handling: tuple[float, ...]  # sorted
    late: tuple[float, ...]  # sorted
    cpu: float  # CPU seconds the whole process (event loop, database thread) spent during the run
    load: float  # the machine's 1-minute load average at the end of the run

    def percentile(self, p: float, values: Sequence[float] | None = None) -> float:
        """Nearest-rank percentile (p in 0–100) of the handling times, or of `values`."""
        values = self.handling if values is None else values
        return values[max(0, math.ceil(p / 100 * len(values)) - 1)]


class TimedRequest(FakeRequest):
    """The fake's in-process transport, noting when each sendMessage has been answered."""

    def __init__(self, fake: FakeTelegram, on_sent: Callable[[int], None]) -> None:
        super().__init__(fake)
        self.on_sent = on_sent

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        """Answer from the fake; a successful sendMessage reports its chat."""
        status, body = await super().do_request(
            url, method, request_data, read_timeout, write_timeout, connect_timeout, pool_timeout
        )
        if url.endswith("/sendMessage") and status == 200 and request_data is not None:
            self.on_sent(int(request_data.json_parameters["chat_id"]))
        return status, body


class Stopwatch:
    """Pairs each reply sent with the next answer to the same chat (answers come in order per chat)."""

    def __init__(self) -> None:
        self.waiting: dict[int, deque[float]] = defaultdict(deque)
        self.handling: list[float] = []
        self.answered = 0
        self.stray = 0  # answers to a chat with no reply waiting

    def sent(self, chat_id: int, at: float) -> None:
        self.waiting[chat_id].append(at)

    def answered_now(self, chat_id: int) -> None:
        queue = self.waiting.get(chat_id)
        if not queue:
            self.stray += 1
            return
        self.handling.append(asyncio.get_running_loop().time() - queue.popleft())
        self.answered += 1


def people(count: int) -> list[Person]:
    return [Person(FIRST_USER + i, i % len(WARDS) + 1) for i in range(count)]


async def steady(
    fake: FakeTelegram, watch: Stopwatch, crowd: list[Person], reply_to: dict[int, int], rate: float,
    seconds: float, first: int,
) -> Timing:
    """Send `rate` replies a second for `seconds`, each at its moment on the loop's clock; wait for every answer."""
    loop = asyncio.get_running_loop()
    count = round(rate * seconds)
    done_before = watch.answered
    watch.handling = []
    late: list[float] = []
    cpu = time.process_time()

    def send(n: int, due: float) -> None:
        late.append(loop.time() - due)
        person = crowd[n % len(crowd)]
        watch.sent(person.user_id, loop.time())
        fake.user_sends(person.user_id, reply_text(n // len(crowd), person.ward), reply_to=reply_to[person.user_id])

    start = loop.time() + 0.05
    for i in range(count):
        due = start + i / rate
        loop.call_at(due, send, first + i, due)
    await fake.wait_for(lambda: watch.answered - done_before >= count, seconds + 60)
    return Timing(rate, tuple(sorted(watch.handling)), tuple(sorted(late)), time.process_time() - cpu,
                  os.getloadavg()[0])


async def run_rates(
    fake: FakeTelegram, watch: Stopwatch, crowd: list[Person], reply_to: dict[int, int], seconds: float,
) -> tuple[list[Timing], int]:
    """The warm-up, then each rate in turn; also how many replies were sent in all."""
    await steady(fake, watch, crowd, reply_to, RATES[0], WARM_UP_S, 0)
    sent = round(RATES[0] * WARM_UP_S)
    timings = []
    for rate in RATES:
        timings.append(await steady(fake, watch, crowd, reply_to, rate, seconds, sent))
        sent += round(rate * seconds)
    return timings, sent


async def say(fake: FakeTelegram, user_id: int, text: str, contains: str) -> SentMessage:
    """A person sends a text; the bot's next message to them, which must contain `contains`."""
    last = fake.last_to(user_id)
    fake.user_sends(user_id, text)
    return await fake.wait_for_message(user_id, after=last.message_id if last else 0, contains=contains)


async def bench_nhacviec(crowd: list[Person], seconds: float) -> tuple[list[Timing], dict[int, SentMessage]]:
    """Replies to /tasks through build_app's Application into a real SQLite file; also each /tasks message."""
    watch = Stopwatch()
    with tempfile.TemporaryDirectory() as tmp:
        settings = make_settings(Path(tmp))
        await seed_plan(settings.db, bench_plan())
        fake = FakeTelegram()
        fake.add_user(ADMIN_ID, first_name="Quản trị")
        for person in crowd:
            fake.add_user(person.user_id, first_name=f"Cán bộ {person.user_id}")
        app = build_app(
            settings, request=TimedRequest(fake, watch.answered_now), get_updates_request=FakeRequest(fake),
            clock=Clock(NOW), rate_limit=False, scheduler=False, poll_timeout=1,
        )
        await app.initialize()
        await app.post_init(app)  # type: ignore[misc]  # as `nhacviec run`: starts polling into the inbox
        try:
            listing: dict[int, SentMessage] = {}
            for person in crowd:
                invite = await say(fake, ADMIN_ID, f"/invite {WARDS[person.ward - 1]} member", "start=")
                code = re.search(r"start=([A-Z0-9]+)", invite.plain or "")
                if code is None:
                    raise SystemExit(f"no invite code in {invite.plain!r}")
                await say(fake, person.user_id, f"/start {code.group(1)}", "Đã liên kết")
                listing[person.user_id] = await say(fake, person.user_id, "/tasks", "Báo cáo")
            base = len(fake.sent)
            watch.stray = 0  # the setup's answers above were sendMessage calls too
            timings, sent = await run_rates(fake, watch, crowd, {p: m.message_id for p, m in listing.items()}, seconds)
            answers = fake.sent[base:]
        finally:
            await app.post_shutdown(app)  # type: ignore[misc]
            await app.shutdown()
        with sqlite3.connect(settings.db) as db:
            (stored,) = db.execute("SELECT COUNT(*) FROM reports").fetchone()
    wrong = [a.plain for a in answers if "Đã ghi nhận" not in (a.plain or "")]
    print(f"  reports in the database: {stored:,} (expected {sent:,}); answers {len(answers):,}")
    if wrong:
        print(f"  {len(wrong)} answers were not acknowledgements, e.g. {wrong[0]!r}")
    if stored != sent or wrong or len(answers) != sent or watch.stray:
        raise SystemExit(1)
    return timings, listing


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The whole baseline bot: say the text back."""
    await update.message.reply_text(update.message.text)  # type: ignore[union-attr]


async def bench_echo(crowd: list[Person], opening: dict[int, SentMessage], seconds: float) -> list[Timing]:
    """The same replies through a bare python-telegram-bot echo bot on a fresh fake.

    Its bot first sends each person a copy of their /tasks message (text, HTML and keyboard), and the
    replies answer that copy, so the updates are the ones nhacviec received.
    """
    watch = Stopwatch()
    fake = FakeTelegram()
    for person in crowd:
        fake.add_user(person.user_id, first_name=f"Cán bộ {person.user_id}")
    app = (
        Application.builder().token(BOT_TOKEN).request(TimedRequest(fake, watch.answered_now))
        .get_updates_request(FakeRequest(fake)).build()
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
        watch.stray = 0  # the copies above were sendMessage calls too
        timings, _ = await run_rates(fake, watch, crowd, copies, seconds)
    finally:
        await app.updater.stop()  # type: ignore[union-attr]
        await app.stop()
        await app.shutdown()
    if watch.stray:
        raise SystemExit(f"the echo bot sent {watch.stray} answers nobody waited for")
    return timings


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f}"


def report(timings: list[Timing], seconds: float) -> None:
    """One line per rate: handling time p50, p99 and worst, and the sends' lateness."""
    for timing in timings:
        print(
            f"  {timing.rate:>5.0f}/s × {seconds:.0f} s = {len(timing.handling):,} replies: handling p50"
            f" {ms(timing.percentile(50))} ms, p99 {ms(timing.percentile(99))} ms, worst {ms(timing.handling[-1])} ms"
            f"; sends fired late by p99 {ms(timing.percentile(99, timing.late))} ms;"
            f" CPU {ms(timing.cpu / len(timing.handling))} ms a reply; load average {timing.load:.1f}"
        )


async def run(seconds: float) -> None:
    """Both bots, nhacviec first (its /tasks texts shape the echo bot's updates), then the summary."""
    crowd = people(PEOPLE)
    print(f"progress replies from {PEOPLE} people in {len(WARDS)} wards, each rate for {seconds:.0f} s"
          f" after a {WARM_UP_S:.0f}-second warm-up at {RATES[0]:.0f}/s")
    print("nhacviec (fake Bot API ⇄ build_app ⇄ core ⇄ SQLite file):")
    ours, opening = await bench_nhacviec(crowd, seconds)
    report(ours, seconds)
    print("echo bot (bare python-telegram-bot Application, same fake, same updates):")
    baseline = await bench_echo(crowd, opening, seconds)
    report(baseline, seconds)
    print("handling time, update in → answer sent (p50 / p99):")
    print(f"  {'rate':>6}  {'nhacviec':>20}  {'echo bot':>20}")
    for mine, theirs in zip(ours, baseline, strict=True):
        print(f"  {mine.rate:>4.0f}/s  {ms(mine.percentile(50)):>8} / {ms(mine.percentile(99)):>6} ms"
              f"  {ms(theirs.percentile(50)):>8} / {ms(theirs.percentile(99)):>6} ms")
    target = next(t for t in ours if t.rate == TARGET_RATE)
    p99 = target.percentile(99) * 1000
    print(f"nhacviec p99 at {TARGET_RATE:.0f}/s: {p99:,.1f} ms (target ≤ {TARGET_P99_MS:.0f} ms):"
          f" {'met' if p99 <= TARGET_P99_MS else 'MISSED'}")


def main() -> None:
    """Parse the command line and run."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=20.0, help="how long each rate runs (default 20)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(run(args.seconds))


if __name__ == "__main__":
    main()
