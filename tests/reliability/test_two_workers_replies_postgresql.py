"""Replies through two webhook workers on one PostgreSQL database, as behind a load balancer.

Each person's reply is posted to one worker; a third of them is posted again to the other (a re-delivery
that reached the other worker); half-way through, one worker is SIGKILLed and started again, and the
load balancer meanwhile sends everything to the other. Checked: every reply is stored once and answered
once.
"""

from __future__ import annotations

import asyncio
import json
import signal
import urllib.error
import urllib.request
from pathlib import Path

import asyncpg
import pytest

from tests.fakegram import BOT_TOKEN, FakeTelegram
from tests.reliability_tools import (
    clean_env,
    free_port,
    popen_nhacviec,
    seed_deployment,
    stop_process,
    wait_port,
)

SECRET = "bi-mat_hai_tien_trinh"
PEOPLE = 30


def post(port: int, body: dict) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/telegram", data=json.dumps(body).encode(), method="POST",
        headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def reply(update_id: int, chat: int, text: str) -> dict:
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": 1741572000, "text": text,
        "chat": {"id": chat, "type": "private", "first_name": "Lan"},
        "from": {"id": chat, "is_bot": False, "first_name": "Lan"},
    }}


async def _drained(url: str) -> None:
    """Wait until every stored update is handled (polling the inbox, up to a minute)."""
    conn = await asyncpg.connect(url)
    try:
        for _ in range(600):
            if not await conn.fetchval("SELECT COUNT(*) FROM inbox WHERE handled_at IS NULL"):
                return
            await asyncio.sleep(0.1)
        raise AssertionError("updates still waiting in the inbox after a minute")
    finally:
        await conn.close()


async def _reports(url: str) -> list[tuple]:
    conn = await asyncpg.connect(url)
    try:
        return [tuple(r) for r in await conn.fetch("SELECT user_id, status FROM reports")]
    finally:
        await conn.close()


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_replies_through_two_workers_are_stored_and_answered_once(tmp_path: Path, database_url: str) -> None:
    seeded = asyncio.run(seed_deployment(database_url, agencies=PEOPLE, people_per_agency=1))  # type: ignore[arg-type]
    fake = FakeTelegram()
    for chat in seeded.all_chats:
        fake.add_user(chat)
    ports = [free_port(), free_port()]
    with fake.serve_http(hold_seconds=2) as server:

        def worker(port: int):
            env = clean_env(
                NHACVIEC_DB=database_url, TELEGRAM_BOT_TOKEN=BOT_TOKEN, TELEGRAM_BASE_URL=server.base_url,
                WEBHOOK_URL="https://bot.example.vn", WEBHOOK_SECRET=SECRET, PORT=str(port),
                WEBHOOK_LISTEN="127.0.0.1",
            )
            proc = popen_nhacviec("run", env=env, cwd=tmp_path)
            wait_port(port, proc)
            return proc

        workers = [worker(port) for port in ports]
        try:
            replies = [(seeded.chats[name][0], f"{seeded.task_numbers[name]} xong") for name in seeded.agencies]
            for n, (chat, text) in enumerate(replies, 1):
                if n == PEOPLE // 2:  # one worker dies; the load balancer sends the next ones to the other
                    workers[1].send_signal(signal.SIGKILL)
                    workers[1].wait(timeout=30)
                alive = [i for i, w in enumerate(workers) if w.poll() is None]
                target = alive[n % len(alive)]
                assert post(ports[target], reply(n, chat, text)) == 200
                if n % 3 == 0:  # the same update again, at the other worker when there is one
                    assert post(ports[alive[(n + 1) % len(alive)]], reply(n, chat, text)) == 200
                if n == PEOPLE // 2 + 10:
                    workers[1] = worker(ports[1])  # started again
            fake.wait_for_sync(lambda: all(fake.messages_to(chat) for chat, _ in replies), timeout=120)
            # and nothing left waiting that could still be answered a second time
            asyncio.run(_drained(database_url))
        finally:
            for proc in workers:
                stop_process(proc)

    answers = {chat: [m.plain for m in fake.messages_to(chat)] for chat, _ in replies}
    assert all(len(texts) == 1 and "Đã ghi nhận" in texts[0] for texts in answers.values()), answers
    reports = asyncio.run(_reports(database_url))
    assert len(reports) == PEOPLE
    assert len({user for user, _ in reports}) == PEOPLE
    assert {status for _, status in reports} == {"done"}
