"""Two workers on one PostgreSQL database: both run the day's tick at once, one is SIGKILLed mid-dispatch
and a cron `tick` after the lease finishes the work.

Checked: one worker plans and one sends at a time (advisory locks; the outbox is also claimed FOR
UPDATE SKIP LOCKED); every person got their reminder; nobody got it twice except through the documented window (a row the
killed worker had claimed and sent, re-sent after its two-minute lease); every outbox row ends 'sent'
and every reminder is logged once.

The test runs 60 reminders; `python -m bench.two_workers` runs 1,000 and prints the delivery rate.
"""

from __future__ import annotations

import asyncio
import signal
import time
from collections import Counter
from pathlib import Path

import asyncpg
import pytest

from tests.fakegram import BOT_TOKEN, FakeTelegram
from tests.reliability_tools import TICK_AT, clean_env, popen_nhacviec, seed_deployment, stop_process

AFTER_LEASE = "2025-03-26T08:09:30+07:00"  # both workers' leases (2 minutes from 08:05) have run out
CONCURRENCY = 8  # schedules.dispatcher's sends in flight per worker


async def _fetch(url: str, sql: str) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(url)
    try:
        return await conn.fetch(sql)
    finally:
        await conn.close()


def run_two_workers(tmp_path: Path, url: str, *, people: int, kill_at: int) -> str:
    """`people` reminders sent by two concurrent workers, the second killed once `kill_at` messages went
    out; asserts what the module says; returns the figures."""
    seeded = asyncio.run(seed_deployment(url, agencies=people, people_per_agency=1))  # type: ignore[arg-type]
    fake = FakeTelegram()
    for chat in seeded.all_chats:
        fake.add_user(chat)
    with fake.serve_http(hold_seconds=5) as server:
        env = clean_env(NHACVIEC_DB=url, TELEGRAM_BOT_TOKEN=BOT_TOKEN, TELEGRAM_BASE_URL=server.base_url)
        started = time.monotonic()
        workers = [popen_nhacviec("tick", "--at", TICK_AT, env=env, cwd=tmp_path) for _ in range(2)]
        try:
            fake.wait_for_sync(lambda: len(fake.sent) >= kill_at or None, timeout=240)
            running = [w for w in workers if w.poll() is None]
            assert running, "both workers finished before the kill point"
            for worker in running:  # the one sending (the other, if still there, is on its way out)
                worker.send_signal(signal.SIGKILL)
                worker.wait(timeout=30)
            sent_at_kill = len(fake.sent)
            first_pass = time.monotonic() - started
            sending = {r[0] for r in asyncio.run(_fetch(url, "SELECT chat_id FROM outbox WHERE state = 'sending'"))}
            for worker in workers:
                if worker not in running:
                    worker.communicate(timeout=240)
                    assert worker.returncode == 0
        finally:
            for worker in workers:
                stop_process(worker)
        cron = popen_nhacviec("tick", "--at", AFTER_LEASE, env=env, cwd=tmp_path)
        try:
            _out, err = cron.communicate(timeout=240)
            assert cron.returncode == 0, err[-3000:]
        finally:
            stop_process(cron)

    per_chat = Counter(m.chat_id for m in fake.sent)
    assert set(per_chat) == set(seeded.all_chats), f"{len(set(seeded.all_chats) - set(per_chat))} people got nothing"
    states = {r[0]: r[1] for r in asyncio.run(_fetch(url, "SELECT state, COUNT(*) FROM outbox GROUP BY state"))}
    assert states == {"sent": people}, states
    # each logged item names the people it went to: every person once, nobody twice
    logged = [user for row in asyncio.run(_fetch(url, "SELECT users FROM reminder_items")) for user in row[0].split()]
    assert (len(logged), len(set(logged))) == (people, people), (len(logged), len(set(logged)))
    duplicates = {chat: n for chat, n in per_chat.items() if n > 1}
    assert all(n == 2 for n in duplicates.values()), duplicates
    # each duplicate was a row the killed worker held when it died
    assert all(str(chat) in sending for chat in duplicates), (duplicates, sending)
    assert len(duplicates) <= CONCURRENCY
    return (
        f"two workers on PostgreSQL: {people} reminders, the sending one SIGKILLed at {sent_at_kill} sent "
        f"({sent_at_kill / first_pass:.1f} msg/s from start-up to the kill); {len(sending)} rows it held, "
        f"{len(duplicates)} duplicates (documented window); the cron tick after the lease sent the rest "
        f"({len(fake.sent) - sent_at_kill})"
    )


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_two_workers_share_the_outbox_and_a_killed_one_loses_nothing(tmp_path, database_url):
    print("\n" + run_two_workers(tmp_path, database_url, people=60, kill_at=20))
