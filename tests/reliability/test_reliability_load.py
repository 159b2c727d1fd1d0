"""Load test: hundreds of people answering their reminders as fast as they can while a reminder run
(`nhacviec tick`, another process on the same database) is dispatching.

Shape: the bot is the real python-telegram-bot Application in a process of its own (tests/load_bot.py:
build_app, configured from the environment like `nhacviec run`), talking HTTP (httpx) to the fake Telegram
server in this process; the rate limiter is off, so the figures are the bot's own capacity (Telegram
itself caps a bot at about 30 messages a second). Each simulated person
waits for their reminder, replies to it, waits for the bot's answer, replies again, … Every reply must be
stored exactly once and every answer must be a confirmation (no "database is locked", no error).
Answer time (reply sent → answer received by the fake) is printed, never asserted.

The test runs the scenario at a size that takes seconds; `python bench/load.py` runs it at full size
(500 people x 20 replies, issue 6) and prints the figures.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from tests.fakegram import BOT_TOKEN, FakeTelegram
from tests.harness import make_settings
from tests.reliability_tools import TICK_AT, clean_env, popen_nhacviec, seed_deployment, stop_process


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time a running process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_load(tmp_path: Path, *, agencies: int, people_each: int, replies: int) -> str:
    """`agencies` x `people_each` people each answer `replies` times while a tick runs; asserts that every
    reply is stored once and answered with a confirmation; returns the figures."""
    settings = make_settings(tmp_path)
    seeded = asyncio.run(seed_deployment(settings.db, agencies=agencies, people_per_agency=people_each))
    number_of = {chat: seeded.task_numbers[name] for name, chats in seeded.chats.items() for chat in chats}
    people = len(number_of)
    fake = FakeTelegram()
    for chat in number_of:
        fake.add_user(chat)
    latencies: list[float] = []
    answers: list[str] = []
    with fake.serve_http(hold_seconds=5) as server:
        env = clean_env(NHACVIEC_DB=str(settings.db), TELEGRAM_BOT_TOKEN=BOT_TOKEN,
                        TELEGRAM_BASE_URL=server.base_url, NHACVIEC_FILES=str(tmp_path / "files"))
        bot_log = (tmp_path / "bot.log").open("w")  # a file, not a pipe nobody reads until the end
        bot = subprocess.Popen(
            [sys.executable, "-m", "tests.load_bot"], env={**env, "NHACVIEC_TEST_NOW": TICK_AT},
            cwd=Path(__file__).resolve().parents[2], stdout=bot_log, stderr=subprocess.STDOUT,
        )
        tick = None
        try:
            fake.wait_for_sync(lambda: fake.active_polls > 0 or bot.poll() is not None, timeout=60)
            assert bot.poll() is None, (tmp_path / "bot.log").read_text()[-3000:]
            started = time.monotonic()
            tick = popen_nhacviec("tick", "--at", TICK_AT, env=env, cwd=tmp_path)
            digest: dict[int, int] = {}
            sent_at: dict[int, float] = {}
            count: Counter[int] = Counter()
            finished = 0
            seen = 0
            during_run = 0  # answers that came while reminders were still going out

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
                        during_run += len(digest) < people
                        if count[chat] < replies:
                            reply(chat)
                        else:
                            finished += 1
            elapsed = time.monotonic() - started
            bot_cpu = _cpu_seconds(bot.pid)
            _, tick_err = tick.communicate(timeout=120)
            assert tick.returncode == 0, tick_err[-3000:]
        finally:
            if tick is not None:
                stop_process(tick)
            if bot.poll() is None:
                bot.send_signal(signal.SIGTERM)
            try:
                bot.wait(timeout=60)
            except subprocess.TimeoutExpired:
                bot.kill()
                bot.wait()
            bot_log.close()
    assert bot.returncode == 0, (tmp_path / "bot.log").read_text()[-3000:]

    total = people * replies
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
        (chat, 5 * k) for chat in number_of for k in range(1, replies + 1))
    ordered = sorted(latencies)
    p50 = statistics.median(ordered)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return (
        f"load test (bot process over HTTP, rate limiter off, tick in another process): {people} people in "
        f"{agencies} agencies x {replies} replies = {total} replies + {people} reminders in {elapsed:.1f} s "
        f"({total / elapsed:.0f} replies/s); answer time p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
        f"max {ordered[-1] * 1000:.0f} ms; the bot process used {bot_cpu:.1f} s of CPU "
        f"({bot_cpu / total * 1000:.1f} ms a reply); {during_run} answers came while reminders were still "
        f"going out; all stored once, no error answers"
    )


def test_replies_under_load_are_all_stored_once(tmp_path):
    # 40 people x 3 replies: the reminder run is still sending while the first replies arrive
    print("\n" + run_load(tmp_path, agencies=8, people_each=5, replies=3))
