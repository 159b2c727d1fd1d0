"""Secrets: the bot token appears in no log line (python-telegram-bot's, httpx's and httpcore's included,
at DEBUG), no answer to a person, no exception or stored error; webhook mode refuses requests without
the secret header."""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
import urllib.error
import urllib.request

import pytest

from bot import receive
from bot.app import build_app
from schedules.jobs import tick_once
from tests.fakegram import BOT_TOKEN, FakeTelegram
from tests.harness import ADMIN_ID, Clock, make_settings, seed_plan
from tests.reliability_core import NOW
from tests.reliability_tools import clean_env, free_port, popen_nhacviec, stop_process, wait_port

SECRET_PART = BOT_TOKEN.split(":", 1)[1]


class Capture(logging.Handler):
    """Every record, formatted with its traceback, as a handler in production would write it."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        self.lines: list[str] = []
        self.exceptions: list[BaseException] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith("tornado."):
            return  # the fake Telegram's own server (Telegram's side of the wire), not the bot
        self.lines.append(self.format(record))
        if record.exc_info and record.exc_info[1] is not None:
            self.exceptions.append(record.exc_info[1])


@pytest.fixture
def capture():
    handler = Capture()
    root = logging.getLogger()
    names = ("", "httpx", "httpcore", "telegram", "telegram.ext", "telegram.ext.ExtBot", "telegram.Bot",
             "telegram.request", "telegram.ext.Updater", "apscheduler", "bot", "handlers", "schedules")
    levels = {name: logging.getLogger(name).level for name in names}
    root.addHandler(handler)
    for name in names:
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


async def no_wait(seconds: float) -> None:
    await asyncio.sleep(0)


def _chain(exc: BaseException | None) -> list[str]:
    texts = []
    while exc is not None:
        texts.append(f"{type(exc).__name__}: {exc} {exc.args!r}")
        exc = exc.__cause__ or exc.__context__
    return texts


async def test_the_token_never_shows_in_logs_answers_or_errors(tmp_path, capture, monkeypatch):
    # the two failed getUpdates below are each followed by the receiver's pause (1 s, then 2 s): what is
    # logged is the same after a pause of a few milliseconds
    monkeypatch.setattr(receive, "MAX_PAUSE_S", 0.01)
    fake = FakeTelegram()
    for uid in (ADMIN_ID, 2):
        fake.add_user(uid)
    with fake.serve_http(hold_seconds=2) as server:
        settings = make_settings(tmp_path, TELEGRAM_BASE_URL=server.base_url)
        await seed_plan(settings.db)
        # real httpx requests to the HTTP fake, so httpx and httpcore log what they do
        app = build_app(settings, clock=Clock(NOW), rate_limit=False, scheduler=False)
        await app.initialize()
        fake.fail_next("getUpdates", 1, status=502)
        fake.fail_next("getUpdates", 1, kind="reset")
        await app.post_init(app)  # starts polling into the inbox
        try:
            fake.user_sends(ADMIN_ID, "/start")
            await fake.wait_for(lambda: fake.last_to(ADMIN_ID), timeout=30)
            # answers that fail: a reset, a 500, a 400 and a 403 while answering people
            for kind, status in (("reset", 0), ("http", 500), ("http", 400), ("http", 403)):
                before = len(fake.calls_to("sendMessage"))
                if kind == "reset":
                    fake.fail_next("sendMessage", 1, kind="reset")
                else:
                    fake.fail_next("sendMessage", 1, status=status)
                fake.user_sends(2, "/help")
                await fake.wait_for(lambda b=before: len(fake.calls_to("sendMessage")) > b, timeout=30)
            fake.user_sends(2, "/help")
            await fake.wait_for(lambda: len(fake.messages_to(2)) >= 1, timeout=30)
            # the scheduler's path, with failures recorded in the outbox
            invite = fake.last_to(ADMIN_ID)
            assert invite is not None
            fake.user_sends(ADMIN_ID, "/invite Phường Bến Nghé head")
            answer = await fake.wait_for_message(ADMIN_ID, contains="start=")
            code = answer.plain.split("start=")[1].split()[0]
            fake.user_sends(2, f"/start {code}")
            await fake.wait_for_message(2, contains="Đã liên kết")
            fake.fail_next("sendMessage", 2, status=502)
            await tick_once(app.bot_data["db"], app.bot_data["messengers"], settings, NOW, sleep=no_wait)
        finally:
            await app.post_shutdown(app)
            await app.shutdown()
    logged = "\n".join(capture.lines)
    assert any(" httpx: HTTP Request: POST" in line for line in capture.lines), "httpx's request lines were captured"
    assert any("/bot<token>/" in line for line in capture.lines), "the token is masked, the rest of the line kept"
    assert any("ERROR" in line for line in capture.lines), "errors were logged"
    for text in (BOT_TOKEN, SECRET_PART):
        assert text not in logged, [line for line in capture.lines if text in line][:3]
        assert all(text not in (m.plain or "") for m in fake.sent)
        for exc in capture.exceptions:
            assert all(text not in line for line in _chain(exc)), _chain(exc)
    with sqlite3.connect(settings.db) as conn:
        stored = json.dumps(conn.execute("SELECT last_error, payload FROM outbox").fetchall())
        stored += json.dumps(conn.execute("SELECT * FROM audit").fetchall())
    assert SECRET_PART not in stored
    print(f"\nsecrets: {len(capture.lines)} log lines at DEBUG, {len(capture.exceptions)} logged exceptions, "
          f"{len(fake.errors())} injected failures: no token anywhere")


def _post(url: str, body: dict, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", **headers})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _update(update_id: int, user_id: int, text: str) -> dict:
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": 1741572000, "text": text,
        "chat": {"id": user_id, "type": "private", "first_name": "Lan"},
        "from": {"id": user_id, "is_bot": False, "first_name": "Lan"},
        "entities": [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}],
    }}


def test_webhook_rejects_requests_without_the_secret_header(tmp_path):
    fake = FakeTelegram()
    fake.add_user(2)
    fake.add_user(3)
    port = free_port()
    secret = "bi-mat_webhook_123"
    with fake.serve_http(hold_seconds=2) as server:
        env = clean_env(
            NHACVIEC_DB=str(tmp_path / "hook.sqlite3"), TELEGRAM_BOT_TOKEN=BOT_TOKEN,
            TELEGRAM_BASE_URL=server.base_url, WEBHOOK_URL="https://bot.example.vn", WEBHOOK_SECRET=secret,
            PORT=str(port), WEBHOOK_LISTEN="127.0.0.1",
        )
        proc = popen_nhacviec("run", env=env, cwd=tmp_path)
        try:
            hook = fake.wait_for_sync(lambda: fake.webhook.get("url"), timeout=60)
            assert hook == "https://bot.example.vn/telegram"
            assert fake.webhook.get("secret_token") == secret
            url = f"http://127.0.0.1:{port}/telegram"
            wait_port(port, proc)
            statuses = {"none": _post(url, _update(1, 3, "/start"), {})}
            statuses["wrong"] = _post(url, _update(2, 3, "/start"), {"X-Telegram-Bot-Api-Secret-Token": "sai"})
            statuses["right"] = _post(url, _update(3, 2, "/start"), {"X-Telegram-Bot-Api-Secret-Token": secret})
            answer = fake.wait_for_sync(lambda: fake.last_to(2), timeout=30)
        finally:
            out, err = stop_process(proc)
    assert "nhacviec started" in err
    assert BOT_TOKEN not in out + err and SECRET_PART not in out + err and secret not in out + err
    assert statuses == {"none": 403, "wrong": 403, "right": 200}, statuses
    assert "Xin chào" in answer.plain or answer.plain
    assert fake.messages_to(3) == [], "the refused updates were never handled"
