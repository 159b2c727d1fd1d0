"""The webhook answers 200 only for what it stored (issue 22): `nhacviec run` in webhook mode, as a subprocess.

While another process holds the database's write lock past the busy timeout, an update is refused with
503 (so Telegram sends it again) and nothing is answered; once stored it is answered once, and the same
update posted again, or the same message under a new update id, is answered nothing.
"""

from __future__ import annotations

import json
import sqlite3
import urllib.error
import urllib.request

from tests.fakegram import BOT_TOKEN, FakeTelegram
from tests.reliability_tools import clean_env, free_port, popen_nhacviec, stop_process, wait_port

SECRET = "bi-mat_webhook_22"
CHAT = 2


def post(url: str, body: dict) -> int:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST", headers={
        "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET,
    })
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def update(update_id: int, message_id: int, text: str) -> dict:
    return {"update_id": update_id, "message": {
        "message_id": message_id, "date": 1741572000, "text": text,
        "chat": {"id": CHAT, "type": "private", "first_name": "Lan"},
        "from": {"id": CHAT, "is_bot": False, "first_name": "Lan"},
        "entities": [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}],
    }}


def test_the_webhook_answers_200_only_for_what_it_stored_and_never_twice(tmp_path):
    fake = FakeTelegram()
    fake.add_user(CHAT)
    port = free_port()
    db_path = tmp_path / "hook.sqlite3"
    with fake.serve_http(hold_seconds=2) as server:
        env = clean_env(
            NHACVIEC_DB=str(db_path), TELEGRAM_BOT_TOKEN=BOT_TOKEN, TELEGRAM_BASE_URL=server.base_url,
            WEBHOOK_URL="https://bot.example.vn", WEBHOOK_SECRET=SECRET, PORT=str(port), WEBHOOK_LISTEN="127.0.0.1",
            NHACVIEC_DB_BUSY_TIMEOUT_MS="100",
        )
        proc = popen_nhacviec("run", env=env, cwd=tmp_path)
        try:
            fake.wait_for_sync(lambda: fake.webhook.get("url"), timeout=60)
            wait_port(port, proc)
            url = f"http://127.0.0.1:{port}/telegram"
            locker = sqlite3.connect(db_path, isolation_level=None)
            try:
                locker.execute("BEGIN IMMEDIATE")  # another process holds the write lock
                assert post(url, update(1, 1, "/start")) == 503, "not stored: Telegram must send it again"
            finally:
                locker.execute("ROLLBACK")
                locker.close()
            assert post(url, update(1, 1, "/start")) == 200
            first = fake.wait_for_sync(lambda: fake.last_to(CHAT), timeout=30)
            assert post(url, update(1, 1, "/start")) == 200  # the same update again
            assert post(url, update(2, 1, "/start")) == 200  # the same message under a new update id
            assert post(url, update(3, 2, "/help")) == 200
            # the chat's updates are handled in order: any answer to the copies would come before this one
            fake.wait_for_sync(lambda: len(fake.messages_to(CHAT)) >= 2, timeout=30)
        finally:
            _, err = stop_process(proc)
    answers = [m.plain for m in fake.messages_to(CHAT)]
    assert answers[0] == first.plain and len(answers) == 2, (answers, err[-2000:])
    assert "/tasks" in answers[1], answers
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM inbox").fetchone()[0] == 2
