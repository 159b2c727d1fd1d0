"""The command line as scripts use it (CONTRACTS.md): exit codes, JSON shapes, what each command loads.

Commands run in-process through `main(argv)`; the few tests about the process itself (the console
script's exit codes, `run` stopped by SIGTERM, what a fresh interpreter imports) start one.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import signal
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.__main__ import COMMANDS, _parser, command, main
from storage.db import open_db, transaction
from storage.people import ensure_user, set_role
from tests.fakegram import BOT_TOKEN, FakeTelegram
from tests.harness import seed_plan
from tests.helpers import clean_env

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
SEED_000 = SEEDS / "000_59a7d8b938235585.txt"
if not SEED_000.exists():  # the bundled copy of the same plan
    SEED_000 = Path(__file__).resolve().parents[2] / "bot" / "data" / "sample_plan_17-KH-UBND_2022.txt"


# one valid command line per sub-command, for the table test
SAMPLE_ARGV = {
    "demo": [], "run": [], "import": ["ke-hoach.docx"], "parse-deadline": ["Quý I", "--year", "2022"],
    "parse-reply": ["1.2 xong"], "tick": [], "summary": [], "agency": ["list"], "invite": ["Phòng Nội vụ"],
    "backup": ["sao-luu.sqlite3"], "restore": ["sao-luu.sqlite3"], "migrate": [], "member": ["remove", "Nguyễn Văn An"],
    "template": ["mau.xlsx"], "plan": ["remove", "58/KH-UBND"],
}


def test_help_answers(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for name in ("demo", "run", "import", "parse-deadline", "parse-reply", "tick", "summary", "agency", "invite", "backup"):
        assert name in out
    for name in SAMPLE_ARGV:
        assert name in out


def test_every_command_line_resolves_to_a_coroutine():
    assert {*SAMPLE_ARGV, "import --dry-run", "import --dry-run --known"} == set(COMMANDS)
    for name, rest in SAMPLE_ARGV.items():
        args = _parser().parse_args([name, *rest])
        assert inspect.iscoroutinefunction(command(args)), name
    dry_run = _parser().parse_args(["import", "ke-hoach.docx", "--dry-run"])
    assert command(dry_run).__module__ == "bot.commands.plan_read"
    assert command(_parser().parse_args(["import", "ke-hoach.docx"])).__module__ == "bot.commands.plan"


def test_console_script_exit_codes(tmp_path):
    script = Path(sys.executable).with_name("nhacviec")
    ok = subprocess.run([script, "parse-deadline", "Quý I năm 2022", "--year", "2022"], capture_output=True,
                        text=True, env=clean_env(), cwd=tmp_path, timeout=60)
    assert ok.returncode == 0, ok.stderr
    assert "2022-03-31" in ok.stdout
    bad = subprocess.run([script, "tick", "--at", "hôm qua"], capture_output=True, text=True,
                         env=clean_env(NHACVIEC_DB=str(tmp_path / "x.sqlite3")), cwd=tmp_path, timeout=60)
    assert bad.returncode == 2
    assert "hôm qua" in bad.stderr and "Traceback" not in bad.stderr
    unknown = subprocess.run([script, "no-such-command"], capture_output=True, text=True, env=clean_env(),
                             cwd=tmp_path, timeout=60)
    assert unknown.returncode == 2


@pytest.mark.parametrize(
    ("argv", "absent"),
    [
        (["parse-reply", "1.2 xong", "--json"],
         ("telegram", "matplotlib", "docx", "openpyxl", "rustpy_xlsxwriter", "storage", "holidays", "dateparser")),
        (["import", str(SEED_000), "--dry-run", "--json"],
         ("telegram", "matplotlib", "docx", "openpyxl", "rustpy_xlsxwriter", "storage", "holidays")),
        (["parse-deadline", "Quý I năm 2022", "--year", "2022"],
         ("telegram", "matplotlib", "docx", "openpyxl", "rustpy_xlsxwriter", "storage")),
    ],
)
def test_quick_commands_load_only_what_they_use(tmp_path, argv, absent):
    probe = (
        "import io, sys, contextlib\n"
        "from bot.__main__ import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main({argv!r}) == 0\n"
        "print(' '.join(sorted({name.split('.')[0] for name in sys.modules})))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=clean_env(),
                            cwd=tmp_path, timeout=60)
    assert result.returncode == 0, result.stderr
    loaded = set(result.stdout.split())
    assert "bot" in loaded
    assert loaded.isdisjoint(absent), sorted(loaded & set(absent))


def test_the_bot_starts_without_the_report_and_office_libraries(tmp_path):
    probe = (
        "import sys\n"
        "import bot.commands.run, bot.serve\n"
        "print(' '.join(sorted({name.split('.')[0] for name in sys.modules})))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=clean_env(),
                            cwd=tmp_path, timeout=60)
    assert result.returncode == 0, result.stderr
    loaded = set(result.stdout.split())
    assert "telegram" in loaded
    # nor the PostgreSQL driver (14 MB) or the PDF reader: an SQLite deployment never loads them
    assert loaded.isdisjoint(
        {"matplotlib", "numpy", "docx", "openpyxl", "rustpy_xlsxwriter", "dateparser", "asyncpg", "pypdfium2"}
    )


def test_parse_deadline_json(nhacviec):
    result = nhacviec("parse-deadline", "Quý I năm 2022", "--year", "2022", "--json")
    assert result.returncode == 0, result.stderr
    milestones = json.loads(result.stdout)["milestones"]
    assert milestones[0]["kind"] == "due"
    assert milestones[0]["due"] == "2022-03-31"
    assert set(milestones[0]) >= {"kind", "label", "due", "dates", "trigger", "offset"}


def test_parse_reply_json(nhacviec):
    result = nhacviec("parse-reply", "1.2 xong, 1.6 đang làm 60%", "--now", "2025-03-10T09:00:00+07:00", "--json")
    assert result.returncode == 0, result.stderr
    reports = json.loads(result.stdout)["reports"]
    assert [(r["task"], r["status"], r["percent"]) for r in reports] == [("1.2", "done", None), ("1.6", "in_progress", 60)]
    assert set(reports[0]) == {"task", "status", "percent", "eta", "note"}


def test_import_dry_run_json_reads_the_seed(nhacviec, tmp_path):
    result = nhacviec("import", str(SEED_000), "--dry-run", "--json")
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert plan["plan"]["code"] == "17/KH-UBND"
    assert len(plan["tasks"]) == 69
    assert not (tmp_path / "nhacviec.sqlite3").exists(), "a dry run stores nothing"


def test_import_missing_file_is_a_clear_usage_error(nhacviec, tmp_path):
    result = nhacviec("import", str(tmp_path / "khong-co.docx"))
    assert result.returncode == 2
    assert "khong-co.docx" in result.stderr
    assert "Traceback" not in result.stderr


def test_import_not_a_plan_stores_nothing(nhacviec, tmp_path):
    bad = tmp_path / "ghi-chu.txt"
    bad.write_text("Biên bản họp chi bộ, không có bảng nhiệm vụ.\n", encoding="utf-8")
    db = tmp_path / "x.sqlite3"
    result = nhacviec("import", str(bad), env={"NHACVIEC_DB": str(db)})
    assert result.returncode == 2
    assert "ghi-chu.txt" in result.stderr or "nhiệm vụ" in result.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM plans").fetchone()[0] == 0


def test_agency_and_invite_commands(nhacviec, tmp_path):
    env = {"NHACVIEC_DB": str(tmp_path / "x.sqlite3")}
    added = nhacviec("agency", "add", "Phòng Tư pháp", "--alias", "P.TP", env=env)
    assert added.returncode == 0, added.stderr
    again = nhacviec("agency", "add", "phòng tư pháp", env=env)
    assert again.returncode == 2 and "Phòng Tư pháp" in again.stderr
    listed = json.loads(nhacviec("agency", "list", "--json", env=env).stdout)
    assert [(a["name"], a["kind"], a["aliases"]) for a in listed] == [("Phòng Tư pháp", "unit", ["P.TP"])]
    invite = nhacviec("invite", "Phòng Tư pháp", "--role", "head", "--json", env=env)
    assert invite.returncode == 0, invite.stderr
    data = json.loads(invite.stdout)
    assert data["role"] == "head" and len(data["code"]) == 8
    unknown = nhacviec("invite", "Phòng Không Có", env=env)
    assert unknown.returncode == 2 and "Phòng Không Có" in unknown.stderr


def test_backup_restores_every_row(nhacviec, tmp_path):
    env = {"NHACVIEC_DB": str(tmp_path / "x.sqlite3")}
    assert nhacviec("import", str(SEED_000), env=env).returncode == 0
    backup = tmp_path / "backups" / "nhacviec.sqlite3"
    result = nhacviec("backup", str(backup), env=env)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "x.sqlite3") as live, sqlite3.connect(backup) as copy:
        for table in ("agencies", "tasks", "milestones", "occurrences", "audit"):
            live_rows = live.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            assert live_rows, table
            assert copy.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall() == live_rows
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


async def _link_telegram_user(db_path: Path, agency: str, telegram_id: int) -> None:
    db = await open_db(db_path)
    try:
        async with transaction(db):
            user, _ = await ensure_user(
                db, channel="telegram", external_id=str(telegram_id), chat_id=str(telegram_id), display_name="Lan",
                now=datetime(2025, 1, 10, tzinfo=UTC),
            )
            async with db.execute("SELECT id FROM agencies WHERE name = ?", (agency,)) as cur:
                (agency_id,) = await cur.fetchone()
            await set_role(db, user.id, "head", agency_id)
    finally:
        await db.close()


def test_tick_sends_to_the_http_fake(nhacviec, tmp_path):
    db = tmp_path / "x.sqlite3"
    asyncio.run(seed_plan(db))
    asyncio.run(_link_telegram_user(db, "Phường Bến Nghé", 2002))
    fake = FakeTelegram()
    fake.add_user(2002, first_name="Lan")
    with fake.serve_http(hold_seconds=5) as server:
        env = {"NHACVIEC_DB": str(db), "TELEGRAM_BOT_TOKEN": BOT_TOKEN, "TELEGRAM_BASE_URL": server.base_url}
        # Wednesday 26/03/2025 08:05: task 1.1 (due Monday 31/03) is 3 working days away; 2.1 is 15 overdue
        first = nhacviec("tick", "--at", "2025-03-26T08:05:00+07:00", env=env)
        assert first.returncode == 0, first.stderr
        second = nhacviec("tick", "--at", "2025-03-26T08:06:00+07:00", env=env)
    assert second.returncode == 0, second.stderr
    sent = fake.messages_to(2002)
    assert len(sent) == 1, "one digest per person per day, not two"
    assert "2.1" in sent[0].plain
    assert len(first.stdout.strip().splitlines()) == 1
    assert second.stdout.strip() == ""
    # tester6: cron mails whatever a run prints; README's `*/5` line mailed «Số tin đã gửi lúc …: 0.» 288 times a day
    assert first.stderr.strip() == "Số tin đã gửi lúc 26/03/2025 08:05: 1."
    assert second.stderr == ""


def test_run_serves_and_stops_on_sigterm(tmp_path):
    fake = FakeTelegram()
    fake.add_user(1, first_name="Admin")
    with fake.serve_http(hold_seconds=5) as server:
        env = clean_env(
            NHACVIEC_DB=str(tmp_path / "run.sqlite3"), TELEGRAM_BOT_TOKEN=BOT_TOKEN,
            TELEGRAM_BASE_URL=server.base_url, NHACVIEC_ADMIN_IDS="1",
        )
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"], env=env, cwd=tmp_path,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        try:
            # polling: a long poll is in flight (a call is recorded only when it is answered, seconds later)
            fake.wait_for_sync(lambda: fake.active_polls > 0 or proc.poll() is not None, timeout=60)
            assert proc.poll() is None, proc.communicate()[1]
            fake.user_sends(1, "/start")
            answer = fake.wait_for_sync(lambda: fake.last_to(1), timeout=30)
            assert "quản trị viên" in answer.plain
            proc.send_signal(signal.SIGTERM)
            out, err = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
    assert proc.returncode == 0, err
    assert BOT_TOKEN not in err and BOT_TOKEN not in out


@pytest.mark.parametrize("args", [["summary", "--format", "xlsx"], ["tick", "--at", "hôm qua"]])
def test_bad_usage_exits_2(nhacviec, tmp_path, args):
    result = nhacviec(*args, env={"NHACVIEC_DB": str(tmp_path / "x.sqlite3")})
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_summary_every_format_writes_a_file_that_opens(nhacviec, tmp_path):
    import docx
    import openpyxl
    from PIL import Image

    db = tmp_path / "x.sqlite3"
    asyncio.run(seed_plan(db))
    env = {"NHACVIEC_DB": str(db)}
    at = "2025-03-14T16:00:00+07:00"
    for fmt in ("text", "json", "xlsx", "png", "docx"):
        out = tmp_path / f"tong-hop.{fmt}"
        result = nhacviec("summary", "--at", at, "--period", "quarter", "--format", fmt, "--out", str(out), env=env)
        assert result.returncode == 0, (fmt, result.stderr)
        assert out.stat().st_size > 0
    assert "Phường Bến Nghé" in (tmp_path / "tong-hop.text").read_text(encoding="utf-8")
    data = json.loads((tmp_path / "tong-hop.json").read_text(encoding="utf-8"))
    assert {a["name"] for a in data["agencies"]} >= {"Phường Bến Nghé", "Phòng Nội vụ"}
    book = openpyxl.load_workbook(tmp_path / "tong-hop.xlsx")
    assert book.sheetnames[:2] == ["Tổng hợp", "Chi tiết"]
    with Image.open(tmp_path / "tong-hop.png") as image:
        assert image.format == "PNG" and image.width >= 800
    document = docx.Document(str(tmp_path / "tong-hop.docx"))
    assert any("cải cách hành chính" in p.text.lower() for p in document.paragraphs)
    assert document.tables, "the figures table"
    stdout = nhacviec("summary", "--at", at, env=env)
    assert stdout.returncode == 0 and "Phường Bến Nghé" in stdout.stdout


def test_summary_quarter_holds_at_and_the_one_chat_gives_is_offered_and_the_draft_is_the_issuers(nhacviec, tmp_path):
    # before: on 05/04 chat's /summary quý gave quý I (just ended) and the CLI quý II, with no way to ask for
    # quý I; --period keeps CONTRACTS.md's meaning (the period holding --at) and names --previous
    env = {"NHACVIEC_DB": str(tmp_path / "x.sqlite3")}
    assert nhacviec("import", str(SEED_000), env=env).returncode == 0
    at = "2022-04-05T08:00"

    def period(*extra: str) -> tuple[str, str]:
        result = nhacviec("summary", "--at", at, "--period", "quarter", "--format", "json", *extra, env=env)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)["period"]["start"], result.stderr

    start, said = period()
    assert start == "2022-04-01" and "quý II năm 2022" in said and "--previous" in said
    assert period("--current") == ("2022-04-01", "")
    assert period("--previous") == ("2022-01-01", "")
    out = tmp_path / "bao-cao.docx"
    assert nhacviec("summary", "--at", at, "--period", "quarter", "--format", "docx", "--out", str(out),
                    env=env).returncode == 0
    import docx  # python-docx: heavy, only this test reads a draft back

    assert docx.Document(str(out)).core_properties.author == "UBND Quận 1"
