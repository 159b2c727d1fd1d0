"""The command line's database: which commands may create one, and backups that cannot go wrong quietly."""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.__main__ import _parser, command
from bot.commands import UsageError
from bot.commands.database import restore
from bot.commands.plan import dry_run_known
from bot.config import Settings
from storage import migrations
from storage.backup import backup_to
from storage.db import LATEST_VERSION, open_db
from tests.bot.test_cli import SEED_000
from tests.harness import seed_plan


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


def _agencies(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [name for (name,) in conn.execute("SELECT name FROM agencies ORDER BY id")]


def test_restore_puts_the_backup_back_even_with_a_killed_bots_wal_beside_the_database(nhacviec, tmp_path, live):
    # before: no restore command; copying the backup over the file by hand let SQLite replay the old -wal onto it
    backup = tmp_path / "bk.sqlite3"
    assert nhacviec("backup", str(backup), env=live).returncode == 0
    db = Path(live["NHACVIEC_DB"])
    # a bot killed, not stopped: its last changes only in the -wal beside the database
    killer = ("import sqlite3, os, sys\nc = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
              "c.execute('PRAGMA wal_autocheckpoint = 0')\nc.execute(\"UPDATE agencies SET name = name || ' (đổi)'\")\n"
              "os._exit(0)\n")
    subprocess.run([sys.executable, "-c", killer, str(db)], check=True)
    assert Path(f"{db}-wal").stat().st_size > 0

    result = nhacviec("restore", str(backup), env=live)

    assert result.returncode == 0, result.stderr
    assert _agencies(db) == ["Phòng Tư pháp"]
    (kept,) = tmp_path.glob("nhacviec.truoc-khoi-phuc-*.sqlite3")
    assert _agencies(kept) == ["Phòng Tư pháp (đổi)"]  # the database as it was, its -wal included
    assert f"Đã khôi phục {db}" in result.stdout and str(kept) in result.stdout
    assert "Chú ý" not in result.stdout  # no report was taken back
    assert nhacviec("agency", "list", env=live).stdout.count("(đổi)") == 0


def test_restore_refuses_while_the_bot_has_the_database_open(nhacviec, tmp_path, live):
    backup = tmp_path / "bk.sqlite3"
    assert nhacviec("backup", str(backup), env=live).returncode == 0
    db = Path(live["NHACVIEC_DB"])
    bot = sqlite3.connect(db)  # the running bot's connection
    try:
        bot.execute("PRAGMA journal_mode = WAL")
        bot.execute("SELECT count(*) FROM agencies").fetchone()
        result = nhacviec("restore", str(backup), env=live)
    finally:
        bot.close()
    assert result.returncode == 2
    assert "đang được mở" in result.stderr and "dừng bot" in result.stderr and "Traceback" not in result.stderr
    assert not list(tmp_path.glob("*truoc-khoi-phuc*")) and not list(tmp_path.glob("*.restoring*"))


@pytest.mark.parametrize(
    ("content", "said"),
    [("not-a-db", "không phải tệp cơ sở dữ liệu SQLite"), ("other", "không phải của nhacviec"),
     ("newer", "mới hơn"), ("missing", "Không tìm thấy tệp sao lưu")],
)
def test_restore_refuses_a_file_that_is_not_a_usable_backup_and_changes_nothing(nhacviec, tmp_path, live, content, said):
    backup = tmp_path / "bk.sqlite3"
    if content == "not-a-db":
        backup.write_text("Biên bản họp\n" * 200, encoding="utf-8")
    elif content == "other":
        with sqlite3.connect(backup) as conn:
            conn.execute("CREATE TABLE contacts (name TEXT)")
            conn.execute("PRAGMA user_version = 3")
    elif content == "newer":
        assert nhacviec("backup", str(backup), env=live).returncode == 0
        with sqlite3.connect(backup) as conn:
            conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    db = Path(live["NHACVIEC_DB"])
    before = db.read_bytes()
    result = nhacviec("restore", str(backup), env=live)
    assert result.returncode == 2, result.stdout
    assert said in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert db.read_bytes() == before and sorted(p.name for p in tmp_path.glob("nhacviec.*")) == ["nhacviec.sqlite3"]


def test_restore_migrates_an_older_backup_onto_a_server_with_no_database_yet(nhacviec, tmp_path):
    backup = tmp_path / "cu.sqlite3"
    with sqlite3.connect(backup) as conn:
        conn.executescript((Path(migrations.__file__).parent / "v001_initial.sql").read_text(encoding="utf-8"))
        conn.execute("PRAGMA user_version = 1")
    target = tmp_path / "moi" / "nhacviec.sqlite3"
    Path(f"{target}-wal").parent.mkdir()
    Path(f"{target}-wal").write_bytes(b"stale")  # an old database's leftover: never replayed onto the backup
    result = nhacviec("restore", str(backup), env={"NHACVIEC_DB": str(target)})
    assert result.returncode == 0, result.stderr
    assert f"từ phiên bản dữ liệu 1 lên {LATEST_VERSION}" in result.stdout
    with sqlite3.connect(target) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (LATEST_VERSION,)


def test_restore_points_a_postgresql_deployment_to_pg_restore(nhacviec, tmp_path):
    result = nhacviec("restore", str(tmp_path / "x.dump"), env={"NHACVIEC_DB": "postgresql://nv@localhost/nv"})
    assert result.returncode == 2 and "pg_restore" in result.stderr


def test_restore_keeps_the_databases_permissions(nhacviec, tmp_path, live):
    backup = tmp_path / "bk.sqlite3"
    assert nhacviec("backup", str(backup), env=live).returncode == 0
    db = Path(live["NHACVIEC_DB"])
    db.chmod(0o600)
    backup.chmod(0o644)
    assert nhacviec("restore", str(backup), env=live).returncode == 0
    assert db.stat().st_mode & 0o777 == 0o600 and _agencies(db) == ["Phòng Tư pháp"]


async def test_restore_given_the_backups_folder_names_its_newest_backup(tmp_path):
    # before: `nhacviec restore /var/backups/nhacviec/` (the folder `backup` was given) → «Không tìm thấy tệp
    # sao lưu …»: the folder is there, and the operator could not tell what was wrong
    folder = tmp_path / "sao-luu"
    folder.mkdir()
    settings = Settings(_env_file=None, NHACVIEC_DB=str(tmp_path / "nhacviec.sqlite3"))  # type: ignore[call-arg]
    with pytest.raises(UsageError) as empty:
        await restore(argparse.Namespace(backup=f"{folder}/"), settings)
    assert str(empty.value) == f"{folder} là một thư mục, không có bản sao lưu nào (*.sqlite3) trong đó: hãy ghi tên tệp sao lưu."
    older, newer = folder / "nhacviec-20261204-013000.sqlite3", folder / "nhacviec-20261205-013000.sqlite3"
    older.write_bytes(b"")
    newer.write_bytes(b"")
    os.utime(older, (1_000_000, 1_000_000))
    with pytest.raises(UsageError) as named:
        await restore(argparse.Namespace(backup=str(folder)), settings)
    assert str(named.value).endswith(f"(2 bản): nhacviec restore {newer}")
    live = folder / "nhacviec.sqlite3"  # the database itself in the same folder is no backup to offer
    live.write_bytes(b"")
    beside = Settings(_env_file=None, NHACVIEC_DB=str(live))  # type: ignore[call-arg]
    with pytest.raises(UsageError) as same:
        await restore(argparse.Namespace(backup=str(folder)), beside)
    assert str(same.value).endswith(f"(2 bản): nhacviec restore {newer}")


def _report(path: Path, at: str) -> None:
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        ((task,),), ((agency,),) = conn.execute("SELECT MIN(id) FROM tasks"), conn.execute("SELECT MIN(id) FROM agencies")
        conn.execute("INSERT INTO reports (task_id, agency_id, status, channel, created_at) VALUES (?, ?, 'done', 'cli', ?)",
                     (task, agency, at))


async def test_restore_says_how_many_reports_came_after_the_backup_and_are_gone(tmp_path, capsys):
    # tester6: restoring the backup of 18/12 on 08/01 said only «Đã khôi phục …»; the next tick reminded the
    # agencies of tasks they had reported done since, and nothing had told the operator to ask them again
    live, backup = tmp_path / "nhacviec.sqlite3", tmp_path / "bk.sqlite3"
    await seed_plan(live)
    _report(live, "2025-03-10T02:00:00+00:00")
    with closing(sqlite3.connect(live)) as source, closing(sqlite3.connect(backup)) as copy:
        source.backup(copy)
    _report(live, "2025-03-12T03:00:00+00:00")
    _report(live, "2025-03-13T03:00:00+00:00")
    settings = Settings(_env_file=None, NHACVIEC_DB=str(live))  # type: ignore[call-arg]
    assert await restore(argparse.Namespace(backup=str(backup)), settings) == 0
    out = capsys.readouterr().out
    assert ("Chú ý: 2 báo cáo nhận sau báo cáo mới nhất của bản sao lưu (10/03/2025 09:00) không có trong dữ liệu"
            " đã khôi phục") in out


@pytest.mark.parametrize("flag", [["--dry-run"], ["--to-xlsx", "sua.xlsx"]])
def test_a_dry_run_on_postgresql_looks_names_up_there_instead_of_failing(flag):
    # tester6: `NHACVIEC_DB=postgresql://… nhacviec import KH.docx --dry-run` ended in a traceback,
    # «AttributeError: 'str' object has no attribute 'exists'»
    args = _parser().parse_args(["import", "ke-hoach.docx", *flag])
    settings = Settings(_env_file=None, NHACVIEC_DB="postgresql://nv@localhost/nv")  # type: ignore[call-arg]
    assert command(args, settings) is dry_run_known
