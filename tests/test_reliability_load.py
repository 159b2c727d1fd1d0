"""Load test: hundreds of people answering their reminders as fast as they can while a reminder run
(`nhacviec tick`, another process on the same database) is dispatching.

Shape: the bot is the real python-telegram-bot Application, in this process on its own thread and event
loop, talking HTTP (httpx) to the fake Telegram server; the rate limiter is off, so the figures are the
bot's own capacity (Telegram itself caps a bot at about 30 messages a second). Each simulated person
waits for their reminder, replies to it, waits for the bot's answer, replies again, … Every reply must be
stored exactly once and every answer must be a confirmation (no "database is locked", no error).
Answer time (reply sent → answer received by the fake) is printed, never asserted.
"""

from __future__ import annotations

import asyncio
import sqlite3
import statistics
import threading
import time
from collections import Counter

import pytest

from bot.app import build_app
from tests.fakegram import BOT_TOKEN, FakeTelegram
from tests.harness import Clock, make_settings
from tests.reliability_tools import TICK_AT, clean_env, popen_nhacviec, seed_deployment, stop_process

AGENCIES, PEOPLE_EACH, REPLIES = 50, 10, 6  # 500 people; 20 replies each is ~3x longer (see README)


class BotThread(threading.Thread):
    """The Application polling the HTTP fake from its own event loop until `stop` is set."""

    def __init__(self, settings) -> None:
        super().__init__(daemon=True, name="bot")
        self.settings = settings
        self.ready = threading.Event()
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as exc:
            self.error = exc
            self.ready.set()

    async def _main(self) -> None:
        app = build_app(self.settings, clock=Clock(_at()), rate_limit=False, scheduler=False)
        await app.initialize()
        await app.post_init(app)
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
        await app.start()
        self.ready.set()
        try:
            await asyncio.to_thread(self.stop.wait)
        finally:
            await app.updater.stop()
            await app.stop()
            await app.shutdown()
            await app.post_shutdown(app)


def _at():
    from datetime import datetime

    return datetime.fromisoformat(TICK_AT)


@pytest.mark.slow
def test_replies_under_load_are_all_stored_once(tmp_path):
    settings = make_settings(tmp_path)
    seeded = asyncio.run(seed_deployment(settings.db, agencies=AGENCIES, people_per_agency=PEOPLE_EACH))
    number_of = {chat: seeded.task_numbers[name] for name, chats in seeded.chats.items() for chat in chats}
    people = len(number_of)
    fake = FakeTelegram()
    for chat in number_of:
        fake.add_user(chat)
    latencies: list[float] = []
    answers: list[str] = []
    with fake.serve_http(hold_seconds=5) as server:
        settings = make_settings(tmp_path, TELEGRAM_BASE_URL=server.base_url)
        bot = BotThread(settings)
        bot.start()
        tick = None
        try:
            assert bot.ready.wait(60) and bot.error is None, bot.error
            started = time.monotonic()
            env = clean_env(NHACVIEC_DB=str(settings.db), TELEGRAM_BOT_TOKEN=BOT_TOKEN,
                            TELEGRAM_BASE_URL=server.base_url)
            tick = popen_nhacviec("tick", "--at", TICK_AT, env=env, cwd=tmp_path)
            digest: dict[int, int] = {}
            sent_at: dict[int, float] = {}
            count: Counter[int] = Counter()
            finished = 0
            seen = 0

            def reply(chat: int) -> None:
                count[chat] += 1
                sent_at[chat] = time.monotonic()
                fake.user_sends(chat, f"{number_of[chat]} đạt {count[chat] * 5}%", reply_to=digest[chat])

            while finished < people:
                fake.wait_for_sync(lambda s=seen: len(fake.sent) > s, timeout=120)
                new = fake.sent[seen:]
                seen += len(new)
                for message in new:
                    chat = message.chat_id
                    if chat not in number_of:
                        continue
                    if (message.plain or "").startswith("🔔"):
                        digest[chat] = message.message_id
                        reply(chat)
                    elif chat in sent_at:
                        latencies.append(time.monotonic() - sent_at.pop(chat))
                        answers.append(message.plain or "")
                        if count[chat] < REPLIES:
                            reply(chat)
                        else:
                            finished += 1
            elapsed = time.monotonic() - started
            _, tick_err = tick.communicate(timeout=120)
            assert tick.returncode == 0, tick_err[-3000:]
        finally:
            if tick is not None:
                stop_process(tick)
            bot.stop.set()
            bot.join(60)
    assert bot.error is None, bot.error

    total = people * REPLIES
    assert len(answers) == total
    bad = [a for a in answers if "Đã ghi nhận" not in a]
    assert not bad, bad[:5]
    assert not any("locked" in a.lower() or "lỗi" in a.lower() for a in answers)
    with sqlite3.connect(settings.db) as conn:
        rows = conn.execute(
            "SELECT i.external_id, r.percent, r.source_ref FROM reports r JOIN identities i ON i.user_id = r.user_id"
        ).fetchall()
        digests = conn.execute("SELECT COUNT(*) FROM outbox WHERE state = 'sent' AND kind = 'digest'").fetchone()[0]
    assert digests == people
    assert len(rows) == total
    assert len({ref for _, _, ref in rows}) == total, "a reply stored twice"
    assert Counter((int(u), p) for u, p, _ in rows) == Counter(
        (chat, 5 * k) for chat in number_of for k in range(1, REPLIES + 1))
    ordered = sorted(latencies)
    p50 = statistics.median(ordered)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    print(
        f"\nload test (in-process bot over HTTP, rate limiter off, tick in another process): {people} people in "
        f"{AGENCIES} agencies x {REPLIES} replies = {total} replies + {people} reminders in {elapsed:.1f} s "
        f"({total / elapsed:.0f} replies/s); answer time p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
        f"max {ordered[-1] * 1000:.0f} ms; all stored once, no error answers"
    )
