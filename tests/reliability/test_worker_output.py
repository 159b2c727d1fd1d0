"""A worker the tests start writes its log where it can never block it.

`nhacviec run` logs every webhook call. Its stderr used to be a pipe the tests read only when the worker
ended: past 64 KiB the next log line blocked the worker's event loop, and on PostgreSQL, when that
happened inside a unit of work, every worker waited on the units' lock it held (the full-size two-worker
run hung that way, see docs/benchmarks.md). Here the worker logs well past a pipe's size while the test
does other things, and must still answer.
"""

from __future__ import annotations

import http.client
import json

from tests.fakegram import BOT_TOKEN, FakeTelegram
from tests.reliability_tools import clean_env, free_port, popen_nhacviec, stop_process, wait_port

SECRET = "bi-mat_nhat_ky"
CHAT = 2
PIPE_SIZE = 64 * 1024  # Linux's default pipe buffer


def _post(conn: http.client.HTTPConnection, body: dict, secret: str) -> int:
    conn.request("POST", "/telegram", json.dumps(body), {
        "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret,
    })
    response = conn.getresponse()
    response.read()
    return response.status


def _start(update_id: int) -> dict:
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": 1741572000, "text": "/start",
        "chat": {"id": CHAT, "type": "private", "first_name": "Lan"},
        "from": {"id": CHAT, "is_bot": False, "first_name": "Lan"},
        "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
    }}


def test_a_worker_logging_past_a_pipes_size_goes_on_answering(tmp_path):
    fake = FakeTelegram()
    fake.add_user(CHAT)
    port = free_port()
    with fake.serve_http(hold_seconds=2) as server:
        env = clean_env(
            NHACVIEC_DB=str(tmp_path / "log.sqlite3"), TELEGRAM_BOT_TOKEN=BOT_TOKEN,
            TELEGRAM_BASE_URL=server.base_url, WEBHOOK_URL="https://bot.example.vn", WEBHOOK_SECRET=SECRET,
            PORT=str(port), WEBHOOK_LISTEN="127.0.0.1",
        )
        proc = popen_nhacviec("run", env=env, cwd=tmp_path)
        try:
            wait_port(port, proc)
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            try:
                # each refused call logs a warning and an access line (about 200 bytes)
                refused = [_post(conn, _start(n), "sai") for n in range(1, 501)]
                assert set(refused) == {403}
                assert _post(conn, _start(1000), SECRET) == 200
            finally:
                conn.close()
            answer = fake.wait_for_sync(lambda: fake.last_to(CHAT), timeout=30)
        finally:
            _, err = stop_process(proc)
    assert len(err.encode()) > PIPE_SIZE, len(err.encode())  # the log did pass a pipe's size
    assert fake.messages_to(CHAT) == [answer]
