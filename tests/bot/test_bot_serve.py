"""One runtime: `nhacviec run` serves Telegram and Zalo and the minute tick in one process and stops them all
on SIGTERM; one filter on the root handlers masks every secret, tracebacks included."""

from __future__ import annotations

import io
import logging
import signal
import sys
from datetime import UTC, datetime

from bot.logs import MASK, hide_in_logs
from chat.messages import OutgoingMessage
from storage import outbox
from storage.db import open_db, transaction
from tests.fakegram import BOT_TOKEN, FakeTelegram
from tests.fakezalo import ZALO_TOKEN, FakeZalo
from tests.reliability_tools import clean_env, popen_nhacviec, stop_process

LAN = "5550000000000000002"


async def queue(db_path, channel: str, chat_id: str, text: str) -> None:
    """A message due now in the outbox, as a reminder planned earlier would be."""
    db = await open_db(db_path)
    try:
        async with transaction(db):
            await outbox.enqueue(db, f"notice:test:{channel}", "notice", channel, chat_id, None,
                                 OutgoingMessage(text, kind="notice"), datetime.now(UTC))
    finally:
        await db.close()


async def test_run_serves_telegram_zalo_and_the_tick_and_stops_all_on_sigterm(tmp_path):
    telegram = FakeTelegram()
    telegram.add_user(1, first_name="Admin")
    zalo = FakeZalo()
    zalo.add_user(LAN)
    db_path = tmp_path / "run.sqlite3"
    await queue(db_path, "telegram", "1", "Tin nhắc gửi qua Telegram")
    await queue(db_path, "zalo", LAN, "Tin nhắc gửi qua Zalo")
    with telegram.serve_http(hold_seconds=2) as tg_server, zalo.serve() as zalo_server:
        env = clean_env(NHACVIEC_DB=str(db_path), NHACVIEC_ADMIN_IDS="1", TELEGRAM_BOT_TOKEN=BOT_TOKEN,
                        TELEGRAM_BASE_URL=tg_server.base_url, ZALO_BOT_TOKEN=ZALO_TOKEN,
                        ZALO_BASE_URL=zalo_server.base_url)
        proc = popen_nhacviec("run", env=env, cwd=tmp_path)
        try:
            # the tick's first pass sends what is due through both channels
            await telegram.wait_for(lambda: any("qua Telegram" in m.plain for m in telegram.messages_to(1)), 60)
            await zalo.wait_for(lambda: any("qua Zalo" in m.plain for m in zalo.messages_to(LAN)), 60)
            # and both channels answer people
            telegram.user_sends(1, "/help")
            await telegram.wait_for(lambda: any("/tasks" in m.plain for m in telegram.messages_to(1)), 30)
            zalo.user_sends(LAN, "/help")
            await zalo.wait_for(lambda: any("Các lệnh" in m.plain for m in zalo.messages_to(LAN)), 30)
            proc.send_signal(signal.SIGTERM)
            out, err = proc.communicate(timeout=60)
        finally:
            stop_process(proc)
    assert proc.returncode == 0, err
    assert "nhacviec started" in err and "nhacviec stopped" in err
    assert "Traceback" not in err and " ERROR " not in err, err
    for secret in (BOT_TOKEN, ZALO_TOKEN, BOT_TOKEN.split(":", 1)[1], ZALO_TOKEN.split(":", 1)[1]):
        assert secret not in out + err


def test_a_traceback_logged_by_any_library_is_masked_on_the_root_handlers():
    secret = "424242:RootHandlerMaskingSecretForTests"
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        hide_in_logs(secret)  # installs the one filter on every root handler, this one included
        try:
            raise ConnectionError(f"POST https://api.example/bot{secret}/getMe: reset")
        except ConnectionError:
            logging.getLogger("some.library").error("call to %s failed", f"/bot{secret}/getMe", exc_info=True)
        logging.getLogger("other.library").warning("retrying /bot%s/getUpdates", secret)
    finally:
        root.removeHandler(handler)
    logged = stream.getvalue()
    assert "Traceback (most recent call last)" in logged and "ConnectionError: POST" in logged
    assert f"/bot{MASK}/getMe" in logged and f"retrying /bot{MASK}/getUpdates" in logged
    assert secret not in logged and secret.split(":", 1)[1] not in logged


def test_an_exception_that_escapes_is_printed_masked(capsys):
    secret = "515151:EscapingExceptionSecretForTests"
    hide_in_logs(secret)
    try:
        raise RuntimeError(f"token {secret} rejected")
    except RuntimeError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    printed = capsys.readouterr().err
    assert f"RuntimeError: token {MASK} rejected" in printed and "Traceback" in printed
    assert secret not in printed
