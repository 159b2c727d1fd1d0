"""The command line's database: which commands may create one, and backups that cannot go wrong quietly."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from storage.backup import backup_to
from storage.db import open_db
from tests.bot.test_cli import SEED_000


@pytest.mark.parametrize(
    "argv",
    [["backup", "sao-luu.sqlite3"], ["summary"], ["tick"], ["invite", "Phường Bến Nghé"], ["agency", "list"],
     ["agency", "alias", "Phường Bến Nghé", "P. Bến Nghé"]],
)
def test_a_missing_database_is_an_error_not_a_new_empty_one(nhacviec, tmp_path, argv):
    mistyped = tmp_path / "nhacviec.sqlite3.bak" / "x.sqlite3"
    result = nhacviec(*argv, env={"NHACVIEC_DB": str(mistyped)})
    assert result.returncode == 2
    assert str(mistyped) in result.stderr and "NHACVIEC_DB" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not mistyped.exists() and not mistyped.parent.exists()
    assert not (tmp_path / "sao-luu.sqlite3").exists()


def test_the_commands_that_fill_a_database_create_it_and_say_so(nhacviec, tmp_path):
    created = nhacviec("migrate", env={"NHACVIEC_DB": str(tmp_path / "moi.sqlite3")})
    assert created.returncode == 0 and created.stdout.startswith("Đã tạo cơ sở dữ liệu mới")
    again = nhacviec("migrate", env={"NHACVIEC_DB": str(tmp_path / "moi.sqlite3")})
    assert again.returncode == 0 and "đã được cập nhật" in again.stdout
    added = nhacviec("agency", "add", "Phòng Tư pháp", env={"NHACVIEC_DB": str(tmp_path / "a.sqlite3")})
    assert added.returncode == 0 and (tmp_path / "a.sqlite3").exists()
    imported = nhacviec("import", str(SEED_000), env={"NHACVIEC_DB": str(tmp_path / "b.sqlite3")})
    assert imported.returncode == 0 and (tmp_path / "b.sqlite3").exists()


@pytest.fixture
def live(nhacviec, tmp_path) -> dict[str, str]:
    env = {"NHACVIEC_DB": str(tmp_path / "nhacviec.sqlite3")}
    assert nhacviec("agency", "add", "Phòng Tư pháp", env=env).returncode == 0
    return env


@pytest.mark.parametrize("slash", ["", "/"])
def test_backup_into_a_folder_writes_a_dated_file_in_it(nhacviec, tmp_path, live, slash):
    folder = tmp_path / "sao-luu"
    if not slash:
        folder.mkdir()  # an existing folder named without the trailing slash
    result = nhacviec("backup", f"{folder}{slash}", env=live)
    assert result.returncode == 0, result.stderr
    (copy,) = folder.iterdir()
    assert copy.name.startswith("nhacviec-") and copy.suffix == ".sqlite3"
    assert str(copy) in result.stdout
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT name FROM agencies").fetchall() == [("Phòng Tư pháp",)]


def test_backup_refuses_the_live_database_itself(nhacviec, tmp_path, live):
    before = Path(live["NHACVIEC_DB"]).read_bytes()
    result = nhacviec("backup", "nhacviec.sqlite3", env=live)  # the same file, named relative to the cwd
    assert result.returncode == 2
    assert "chính cơ sở dữ liệu đang dùng" in result.stderr and "Traceback" not in result.stderr
    assert Path(live["NHACVIEC_DB"]).read_bytes() == before


async def test_a_failed_backup_leaves_nothing_behind(tmp_path):
    db = await open_db(tmp_path / "nhacviec.sqlite3")
    await db.close()  # the copy fails after the temporary file is made
    with pytest.raises(ValueError):
        await backup_to(db, tmp_path / "sao-luu" / "x.sqlite3")
    assert list((tmp_path / "sao-luu").iterdir()) == []


def test_a_dated_backup_is_named_in_the_deployments_time(nhacviec, tmp_path, live):
    # before: the server's clock (UTC on most servers): a backup made at 18:14 in Hà Nội was named …-111443
    zone = ZoneInfo("Pacific/Kiritimati")  # UTC+14: no server's local time
    folder = tmp_path / "sao-luu"
    assert nhacviec("backup", f"{folder}/", env={**live, "NHACVIEC_TZ": zone.key}).returncode == 0
    (copy,) = folder.iterdir()
    named = datetime.strptime(copy.name, "nhacviec-%Y%m%d-%H%M%S.sqlite3").replace(tzinfo=zone)
    assert abs((datetime.now(zone) - named).total_seconds()) < 120
