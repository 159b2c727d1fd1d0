"""No hangs and no token on the way out: an unusable database, a refused token or a wrong Telegram address
end every command promptly in one Vietnamese line and status 2; SIGTERM stops polling without an error.

What a process would hang on is checked in this one: every thread a command started, aiosqlite's included
(one left open kept the process alive for ever), has ended, as the interpreter waits for them at exit. One
command of each kind, and `run`, also go through the real console script as a process, whose stderr and
stdout are what an operator or cron would see; a timeout proves it exited.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from telegram import Bot

from bot.commands.run import port_unavailable
from bot.config import PortUnavailable, Settings
from bot.inbox import Inbox
from bot.receive import TelegramReceiver
from storage.db import open_db
from tests.conftest import Nhacviec, Result
from tests.fakegram import BOT_TOKEN, FakeRequest, FakeTelegram
from tests.fakezalo import FakeZalo
from tests.reliability_tools import clean_env, popen_nhacviec, stop_process

SAMPLE = Path(__file__).resolve().parents[2] / "bot" / "data" / "sample_plan_17-KH-UBND_2022.txt"
SECRET_PART = BOT_TOKEN.split(":", 1)[1]
EXIT_WITHIN = 60  # seconds; a stuck process never exits at all


def run_script(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the console script to its end; TimeoutExpired (a failure) if it hangs."""
    return subprocess.run([sys.executable, "-m", "bot", *args], env=clean_env(**env), cwd=cwd,
                          capture_output=True, text=True, timeout=EXIT_WITHIN)


def ended(nhacviec: Nhacviec, *args: str, env: dict[str, str]) -> Result:
    """`nhacviec ARGS` in this process, then every (non-daemon) thread it started must end, as at exit."""
    before = set(threading.enumerate())
    result = nhacviec(*args, env=env)
    started = [thread for thread in threading.enumerate() if thread not in before and not thread.daemon]
    for thread in started:
        thread.join(EXIT_WITHIN)
    assert [thread for thread in started if thread.is_alive()] == [], "a thread left running: the process never exits"
    return result


def one_line(result: subprocess.CompletedProcess[str] | Result) -> str:
    """The single line a failed command printed on stderr (nothing else, and no traceback)."""
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr and result.stdout == "", result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def migrated(path: Path) -> Path:
    async def create() -> None:
        await (await open_db(path)).close()

    asyncio.run(create())
    return path


@contextlib.contextmanager
def unwritable(path: Path) -> Iterator[None]:
    """`path` (a file, or a folder standing for a read-only file system) that nobody can write.

    As root, permissions don't stop writes: the immutable attribute does (chattr +i; skipped where the
    file system has none). Otherwise read-only permissions do.
    """
    if os.geteuid() == 0:
        chattr = shutil.which("chattr")
        if chattr is None or subprocess.run([chattr, "+i", str(path)], capture_output=True).returncode != 0:
            pytest.skip("running as root without chattr +i: no way to make a file unwritable here")
        try:
            yield
        finally:
            subprocess.run([chattr, "-i", str(path)], check=True)
    else:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)


COMMANDS = [
    ["migrate"], ["tick"], ["summary"], ["backup", "sao-luu.sqlite3"], ["agency", "list"],
    ["invite", "Phòng Nội vụ"], ["import", str(SAMPLE)],
]


def not_sqlite(tmp_path: Path) -> Path:
    path = tmp_path / "db.sqlite3"
    path.write_text("Đây là một tệp văn bản, không phải cơ sở dữ liệu. " * 20)
    return path


@pytest.mark.parametrize("args", COMMANDS, ids=lambda args: args[0])
def test_a_file_that_is_not_sqlite_ends_every_command_in_one_line(nhacviec, tmp_path, args):
    db = not_sqlite(tmp_path)
    line = one_line(ended(nhacviec, *args, env={"NHACVIEC_DB": str(db)}))
    assert line == f"Không dùng được cơ sở dữ liệu {db}: tệp không phải cơ sở dữ liệu SQLite."


def test_a_file_that_is_not_sqlite_ends_the_console_script_in_one_line(tmp_path):
    db = not_sqlite(tmp_path)
    line = one_line(run_script("tick", env={"NHACVIEC_DB": str(db)}, cwd=tmp_path))
    assert line == f"Không dùng được cơ sở dữ liệu {db}: tệp không phải cơ sở dữ liệu SQLite."


@pytest.mark.parametrize("args", [["migrate"], ["tick"], ["agency", "list"]], ids=lambda args: args[0])
def test_an_unwritable_database_file_ends_every_command_in_one_line(nhacviec, tmp_path, args):
    db = migrated(tmp_path / "db.sqlite3")
    with unwritable(db):
        line = one_line(ended(nhacviec, *args, env={"NHACVIEC_DB": str(db)}))
    assert line.startswith(f"Không dùng được cơ sở dữ liệu {db}: ")
    assert "chỉ đọc" in line


def test_an_unwritable_database_file_ends_the_console_script_in_one_line(tmp_path):
    db = migrated(tmp_path / "db.sqlite3")
    with unwritable(db):
        line = one_line(run_script("tick", env={"NHACVIEC_DB": str(db)}, cwd=tmp_path))
    assert line.startswith(f"Không dùng được cơ sở dữ liệu {db}: ") and "chỉ đọc" in line


@pytest.mark.parametrize("args", [["summary"], ["backup", "sao-luu.sqlite3"]], ids=lambda args: args[0])
def test_a_database_on_a_read_only_folder_ends_every_command_in_one_line(nhacviec, tmp_path, args):
    folder = tmp_path / "ro"
    folder.mkdir()
    db = migrated(folder / "db.sqlite3")
    with unwritable(folder):
        line = one_line(ended(nhacviec, *args, env={"NHACVIEC_DB": str(db)}))
    assert line.startswith(f"Không dùng được cơ sở dữ liệu {db}: ") and "chỉ đọc" in line


def test_run_on_a_file_that_is_not_sqlite_ends_in_one_line(tmp_path):
    (tmp_path / "db.sqlite3").write_bytes(b"\x00garbage" * 100)
    fake = FakeTelegram()
    with fake.serve_http(hold_seconds=5) as server:
        result = run_script("run", env={"NHACVIEC_DB": str(tmp_path / "db.sqlite3"), "TELEGRAM_BOT_TOKEN": BOT_TOKEN,
                                        "TELEGRAM_BASE_URL": server.base_url}, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and " ERROR " not in result.stderr, result.stderr
    last = result.stderr.strip().splitlines()[-1]  # `run` logs its start at INFO before
    assert last.endswith("tệp không phải cơ sở dữ liệu SQLite.") and last.startswith("Không dùng được")


def test_a_refused_token_ends_run_in_one_line_without_the_token(tmp_path):
    fake = FakeTelegram()  # knows BOT_TOKEN only: another token is answered 401, as a revoked one is
    revoked = "123456:" + "R" * len(SECRET_PART)
    with fake.serve_http(hold_seconds=5) as server:
        result = run_script("run", env={"NHACVIEC_DB": str(tmp_path / "db.sqlite3"), "TELEGRAM_BOT_TOKEN": revoked,
                                        "TELEGRAM_BASE_URL": server.base_url}, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and " ERROR " not in result.stderr, result.stderr
    assert "R" * len(SECRET_PART) not in result.stderr + result.stdout
    assert result.stderr.strip().splitlines()[-1] == "Lỗi: Telegram từ chối token: kiểm tra TELEGRAM_BOT_TOKEN"


def test_a_refused_zalo_token_ends_run_in_one_line(tmp_path):
    revoked = "999:" + "Z" * 30
    with FakeZalo().serve() as server:
        result = run_script("run", env={"NHACVIEC_DB": str(tmp_path / "db.sqlite3"), "ZALO_BOT_TOKEN": revoked,
                                        "ZALO_BASE_URL": server.base_url}, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "Z" * 30 not in result.stderr + result.stdout
    assert result.stderr.strip().splitlines()[-1] == "Lỗi: Zalo từ chối token: kiểm tra ZALO_BOT_TOKEN"


@pytest.mark.parametrize("address", ["{base}", "{base}/", "http://127.0.0.1:notaport/bot", "ftp://example.org/bot",
                                     "api.telegram.org/bot"])
def test_a_telegram_address_without_bot_is_refused_at_start_up(nhacviec, tmp_path, address):
    fake = FakeTelegram()
    with fake.serve_http(hold_seconds=5) as server:
        base = server.base_url.removesuffix("/bot")
        result = ended(nhacviec, "run", env={"NHACVIEC_DB": str(tmp_path / "db.sqlite3"), "TELEGRAM_BOT_TOKEN": BOT_TOKEN,
                                             "TELEGRAM_BASE_URL": address.format(base=base)})
    line = one_line(result)
    assert line.startswith("Cấu hình không hợp lệ:") and "TELEGRAM_BASE_URL phải là địa chỉ http(s) kết thúc bằng /bot" in line
    assert SECRET_PART not in result.stderr
    assert fake.calls == []  # refused before any request could carry the token anywhere


def test_an_uncaught_exception_anywhere_prints_no_secret(tmp_path):
    script = (
        "import threading\n"
        "from bot.logs import configure_logging, hide_in_logs\n"
        f"token = {BOT_TOKEN!r}\n"
        "configure_logging()\n"
        "hide_in_logs(token)\n"
        "worker = threading.Thread(target=lambda: int('8081' + token))\n"
        "worker.start(); worker.join()\n"
        "raise RuntimeError(f'The token `{token}` was rejected by the server.')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).resolve().parents[2],
                            capture_output=True, text=True, timeout=EXIT_WITHIN)
    assert result.returncode == 1
    assert "invalid literal for int()" in result.stderr and "was rejected by the server" in result.stderr
    assert SECRET_PART not in result.stderr + result.stdout
    assert result.stderr.count("<token>") == 2


def test_sigterm_while_polling_stops_without_an_error(tmp_path):
    fake = FakeTelegram()
    fake.add_user(1, first_name="Admin")
    with fake.serve_http(hold_seconds=5) as server:
        env = clean_env(NHACVIEC_DB=str(tmp_path / "run.sqlite3"), TELEGRAM_BOT_TOKEN=BOT_TOKEN,
                        TELEGRAM_BASE_URL=server.base_url, NHACVIEC_ADMIN_IDS="1")
        proc = popen_nhacviec("run", env=env, cwd=tmp_path)
        try:
            # a long poll is in flight: SIGTERM arrives while getUpdates waits
            fake.wait_for_sync(lambda: fake.active_polls > 0 or proc.poll() is not None, timeout=EXIT_WITHIN)
            assert proc.poll() is None, proc.communicate()[1]
            proc.send_signal(signal.SIGTERM)
            _, err = proc.communicate(timeout=EXIT_WITHIN)
        finally:
            stop_process(proc)
    assert proc.returncode == 0, err
    assert " ERROR " not in err and "Traceback" not in err, err
    assert "nhacviec stopped" in err



async def test_a_webhook_port_in_use_is_one_line_naming_the_setting(tmp_path):
    # tester6: a second bot on the same PORT ended `run` in tornado's «OSError: [Errno 98] Address already in use»
    # traceback, which systemd's Restart=always repeated every 5 seconds
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        settings = Settings(_env_file=None, NHACVIEC_DB=str(tmp_path / "db.sqlite3"),  # type: ignore[call-arg]
                            WEBHOOK_URL="https://bot.example.vn", WEBHOOK_LISTEN="127.0.0.1", PORT=str(port))
        fake = FakeRequest(FakeTelegram())
        receiver = TelegramReceiver(Bot(BOT_TOKEN, request=fake, get_updates_request=fake), Inbox(None, None),  # type: ignore[arg-type]
                                    settings)
        with pytest.raises(PortUnavailable) as refused:
            await receiver.start()  # refused before it registers anything with Telegram
    line = port_unavailable(refused.value, "vi")
    assert line.startswith(f"Không mở được cổng {port} trên 127.0.0.1 để nhận webhook (")
    assert "đặt PORT là một cổng khác" in line
