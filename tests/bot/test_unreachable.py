"""A PostgreSQL server or a Telegram that can't be reached ends a command in one line, never a traceback:
an operator's mistyped NHACVIEC_DB port, a database not created yet, cron's `nhacviec tick` while the
office's network is down."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from storage.db import open_db
from tests.fakegram import BOT_TOKEN
from tests.reliability_tools import free_port

SECRET_PART = BOT_TOKEN.split(":", 1)[1]


def one_line(result) -> str:
    """The single line a failed command printed on stderr."""
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize("args", [["agency", "list"], ["summary"], ["tick"], ["migrate"]], ids=lambda a: a[0])
def test_a_postgresql_server_not_running_is_one_line_without_the_password(nhacviec, args):
    url = f"postgresql://nhacviec:matkhau-bi-mat@127.0.0.1:{free_port()}/nhacviec"  # nothing listens there
    line = one_line(nhacviec(*args, env={"NHACVIEC_DB": url}))
    assert line.startswith("Lỗi: Không dùng được cơ sở dữ liệu postgresql://nhacviec:***@127.0.0.1:"), line
    assert "không kết nối được máy chủ" in line and "matkhau-bi-mat" not in line


def test_a_mistyped_port_is_one_line(nhacviec):
    line = one_line(nhacviec("agency", "list", env={"NHACVIEC_DB": "postgresql://nhacviec@127.0.0.1:54x2/nhacviec"}))
    assert line.startswith("Lỗi: Không dùng được cơ sở dữ liệu postgresql://nhacviec@127.0.0.1:54x2/nhacviec: "), line


def test_cron_tick_with_telegram_unreachable_is_one_line(nhacviec, tmp_path: Path):
    db = tmp_path / "db.sqlite3"
    asyncio.run(_migrate(db))
    nowhere = f"http://127.0.0.1:{free_port()}/bot"  # no server: the connection is refused, as with no route
    result = nhacviec("tick", env={"NHACVIEC_DB": str(db), "TELEGRAM_BOT_TOKEN": BOT_TOKEN,
                                   "TELEGRAM_BASE_URL": nowhere})
    line = one_line(result)
    assert line.startswith("Lỗi: Không kết nối được Telegram (") and "Chưa gửi tin nào" in line, line
    assert SECRET_PART not in result.stderr + result.stdout


def test_run_with_telegram_unreachable_is_one_line_in_english_too(nhacviec, tmp_path: Path):
    nowhere = f"http://127.0.0.1:{free_port()}/bot"
    result = nhacviec("run", env={"NHACVIEC_DB": str(tmp_path / "db.sqlite3"), "TELEGRAM_BOT_TOKEN": BOT_TOKEN,
                                  "TELEGRAM_BASE_URL": nowhere, "NHACVIEC_LANG": "en"})
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    last = result.stderr.strip().splitlines()[-1]  # `run` logs its start at INFO before
    assert last.startswith("Error: Cannot reach Telegram (") and "check this machine's network" in last, last


async def _migrate(path: Path) -> None:
    await (await open_db(path)).close()
