"""The command line speaks the deployment's language: configuration errors, help texts, what commands print,
and it ends quietly when its reader goes away."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from bot.__main__ import main
from bot.commands import UsageError, moment
from bot.config import Settings, settings_problem
from tests.bot.test_cli import SEED_000
from tests.harness import seed_plan
from tests.helpers import clean_env


@pytest.mark.parametrize(
    ("variable", "value", "says"),
    [
        ("NHACVIEC_REMINDER_TIME", "25:00", "giờ:phút"),
        ("NHACVIEC_SUMMARY_TIME", "4pm", "giờ:phút"),
        ("NHACVIEC_INVITE_DAYS", "abc", "số nguyên"),
        ("NHACVIEC_TZ", "Mars/Base", "múi giờ"),
        ("NHACVIEC_SUMMARY_WEEKDAY", "9", "từ 0 (thứ Hai) đến 6 (Chủ nhật)"),
        ("NHACVIEC_ADMIN_IDS", "abc", "mã số người dùng Telegram"),
        ("NHACVIEC_LANG", "fr", "vi (tiếng Việt) hoặc en (tiếng Anh)"),
        # before: a code «valid until» three days ago, printed without a word; a quota of -1 taken
        ("NHACVIEC_INVITE_DAYS", "-3", "lớn hơn 0"),
        ("NHACVIEC_INVITE_DAYS", "0", "lớn hơn 0"),
        ("ZALO_MONTHLY_QUOTA", "-1", "lớn hơn 0"),
        ("NHACVIEC_DB_BUSY_TIMEOUT_MS", "10s", "mili giây"),  # before: «Giá trị «10s» … không hợp lệ»
        ("NHACVIEC_REMINDER_TIME", "8:75", "giờ:phút"),
    ],
)
def test_a_bad_setting_is_one_vietnamese_sentence_naming_the_variable(nhacviec, variable, value, says):
    result = nhacviec("parse-reply", "1.2 xong", env={variable: value})
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Cấu hình không hợp lệ: ")
    assert variable in lines[0] and f"«{value}»" in lines[0] and says in lines[0]
    for english in ("Value error", "Input should", "valid", "Traceback"):
        assert english not in result.stderr


def test_a_bad_setting_is_said_in_english_in_an_english_deployment(nhacviec):
    result = nhacviec("parse-reply", "1.2 xong", env={"NHACVIEC_LANG": "en", "NHACVIEC_INVITE_DAYS": "abc"})
    assert result.returncode == 2
    assert result.stderr.strip() == "Invalid configuration: NHACVIEC_INVITE_DAYS must be a whole number, not «abc»."


def test_good_settings_are_still_read(nhacviec):
    env = {"NHACVIEC_ADMIN_IDS": "123, 456", "NHACVIEC_SUMMARY_WEEKDAY": "6", "NHACVIEC_REMINDER_TIME": "07:30"}
    assert nhacviec("parse-reply", "1.2 xong", env=env).returncode == 0


@pytest.mark.parametrize(("written", "read"), [("8:00", time(8)), ("9:30", time(9, 30)), ("08:00", time(8)),
                                               (" 8h30 ", time(8, 30)), ("8h", time(8)), ("16.00", time(16))])
def test_a_time_is_read_as_people_write_it(monkeypatch, written, read):
    # before: «NHACVIEC_REMINDER_TIME phải là giờ:phút (ví dụ 08:00), không phải «8:00»» — 8:00 is giờ:phút
    monkeypatch.setenv("NHACVIEC_REMINDER_TIME", written)
    monkeypatch.setenv("NHACVIEC_SUMMARY_TIME", written)
    monkeypatch.setenv("NHACVIEC_LANG", "EN")  # before: refused for its case
    settings = Settings(_env_file=None)
    assert (settings.reminder_time, settings.summary_time, settings.lang) == (read, read, "en")


COMMAND_LINES = [
    [], ["demo"], ["run"], ["import"], ["parse-deadline"], ["parse-reply"], ["tick"], ["summary"], ["agency"],
    ["agency", "add"], ["agency", "list"], ["agency", "alias"], ["invite"], ["member"], ["member", "remove"],
    ["backup"], ["migrate"],
]


def _help(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    with pytest.raises(SystemExit) as exit_:
        main([*argv, "--help"])
    assert exit_.value.code == 0
    return capsys.readouterr().out


def _undescribed(help_text: str) -> list[str]:
    """The argument lines of a --help text with no description beside or below them."""
    lines = help_text.splitlines()
    bare = []
    for i, line in enumerate(lines):
        if not line.startswith("  ") or line.startswith("   "):
            continue  # not an argument's first line (a description, a sub-command's line, a heading)
        beside = re.search(r"\S {2,}\S", line)
        below = i + 1 < len(lines) and lines[i + 1].startswith("        ")
        if not beside and not below:
            bare.append(line.strip())
    return bare


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_command_and_option_is_described(monkeypatch, capsys, lang):
    monkeypatch.setenv("NHACVIEC_LANG", lang)
    for argv in COMMAND_LINES:
        help_text = _help(capsys, argv)
        assert not _undescribed(help_text), (argv, help_text)
        assert help_text.startswith({"vi": "Cách dùng: nhacviec", "en": "Usage: nhacviec"}[lang]), help_text


# before: «usage:», «positional arguments:» and «options:» in English above Vietnamese descriptions
@pytest.mark.parametrize(("lang", "headings"), [("vi", ("Cách dùng: ", "\nTham số:\n", "\nTùy chọn:\n", "\nLệnh:\n")),
                                               ("en", ("Usage: ", "\nArguments:\n", "\nOptions:\n", "\nCommands:\n"))])
def test_help_headings_are_in_the_deployment_language(monkeypatch, capsys, lang, headings):
    monkeypatch.setenv("NHACVIEC_LANG", lang)
    texts = [_help(capsys, argv) for argv in [*COMMAND_LINES, ["plan"], ["plan", "remove"], ["restore"]]]
    for text in texts:
        assert not re.search(r"^(usage|positional arguments|options|optional arguments):", text, re.M), text
    usage, arguments, options, commands = headings
    assert all(text.startswith(usage) and options in text for text in texts)
    assert arguments in _help(capsys, ["agency", "add"]) and commands in _help(capsys, ["agency"])
    top = _help(capsys, [])
    assert top.index(commands) < top.index(options)  # the commands first, as argparse lists its own
    wrapped = _help(capsys, ["summary"]).split("\n")[1]
    assert wrapped.startswith(" " * len(f"{usage}nhacviec summary ") + "[")  # wrapped usage stays aligned


def test_help_follows_the_deployment_language_and_run_names_zalo(monkeypatch, capsys):
    for lang, words in (("vi", ("hiện hướng dẫn này", "Zalo", "kế hoạch")), ("en", ("show this help", "Zalo", "plan"))):
        monkeypatch.setenv("NHACVIEC_LANG", lang)
        with pytest.raises(SystemExit):
            main(["--help"])
        out = capsys.readouterr().out
        assert all(word in out for word in words), (lang, out)
        assert "Zalo" in _help(capsys, ["run"])
    monkeypatch.setenv("NHACVIEC_LANG", "vi")
    with pytest.raises(SystemExit):
        main(["summary", "--help"])
    out = capsys.readouterr().out
    assert "ISO-8601" in out and "--out" in out and "show this help" not in out


@pytest.mark.parametrize(
    "argv",
    [
        ["parse-deadline", "Quý I năm 2022", "--year", "2022", "--json"],
        ["parse-reply", "1.2 xong, 1.3 đang làm 60%", "--json"],
        ["summary", "--at", "2025-03-14T16:00"],
        ["import", str(SEED_000), "--dry-run", "--json"],
    ],
)
def test_output_to_a_closed_pipe_ends_quietly(tmp_path: Path, argv):
    read_end, write_end = os.pipe()
    asyncio.run(seed_plan(tmp_path / "x.sqlite3"))
    os.close(read_end)  # the reader is gone before the first byte, as `| head -c 0` leaves it
    try:
        proc = subprocess.run([sys.executable, "-m", "bot", *argv], stdout=write_end, stderr=subprocess.PIPE,
                              text=True, env=clean_env(NHACVIEC_DB=str(tmp_path / "x.sqlite3")), cwd=tmp_path,
                              timeout=60)
    finally:
        os.close(write_end)
    assert proc.returncode == 141
    assert proc.stderr == ""


def test_invite_and_agency_commands_speak_vietnamese(nhacviec, tmp_path):
    env = {"NHACVIEC_DB": str(tmp_path / "x.sqlite3"), "NHACVIEC_INVITE_DAYS": "7"}
    added = nhacviec("agency", "add", "Phòng Tư pháp", env=env)
    assert added.stdout.startswith("Đã thêm đơn vị «Phòng Tư pháp» (phòng, ban, đơn vị)"), added.stdout
    listed = nhacviec("agency", "list", env=env).stdout
    assert "\tPhòng Tư pháp\tphòng, ban, đơn vị\t0 người\t" in listed and "unit" not in listed
    invite = nhacviec("invite", "Phòng Tư pháp", "--role", "thủ trưởng", env=env)
    assert invite.returncode == 0, invite.stderr
    assert "(vai trò: thủ trưởng)" in invite.stdout and "head" not in invite.stdout
    assert re.search(r"hiệu lực đến \d\d/\d\d/\d{4} \d\d:\d\d,", invite.stdout), invite.stdout
    assert "+00:00" not in invite.stdout and "T" not in invite.stdout.split("hiệu lực đến")[1][:17]
    assert "Người nhận bấm liên kết" not in invite.stdout  # no token, so no link to press
    assert "/start " in invite.stdout


@pytest.mark.parametrize(
    ("word", "role"),
    [("thành viên", "member"), ("thu ky", "secretary"), ("Trưởng", "head"), ("quản trị", "admin"), ("head", "head")],
)
def test_invite_reads_role_words_in_either_language(nhacviec, tmp_path, word, role):
    env = {"NHACVIEC_DB": str(tmp_path / "x.sqlite3")}
    assert nhacviec("agency", "add", "Phường Đa Kao", env=env).returncode == 0
    result = nhacviec("invite", "Phường Đa Kao", "--role", word, "--json", env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["role"] == role


def test_an_unknown_role_lists_the_roles(nhacviec, tmp_path):
    env = {"NHACVIEC_DB": str(tmp_path / "x.sqlite3")}
    assert nhacviec("agency", "add", "Phòng Kinh tế", env=env).returncode == 0
    result = nhacviec("invite", "Phòng Kinh tế", "--role", "boss", env=env)
    assert result.returncode == 2
    assert "«boss»" in result.stderr and "thành viên, thủ trưởng" in result.stderr


def test_agency_alias_gives_an_agency_another_name(nhacviec, tmp_path):
    env = {"NHACVIEC_DB": str(tmp_path / "x.sqlite3")}
    assert nhacviec("agency", "add", "Phòng Văn hóa và Thông tin", env=env).returncode == 0
    result = nhacviec("agency", "alias", "Phòng Văn hóa và Thông tin", "Phòng Văn hóa", env=env)
    assert result.returncode == 0, result.stderr
    assert "«Phòng Văn hóa»" in result.stdout
    listed = json.loads(nhacviec("agency", "list", "--json", env=env).stdout)
    assert listed[0]["aliases"] == ["Phòng Văn hóa"]
    assert nhacviec("invite", "Phòng Văn hóa", env=env).returncode == 0
    unknown = nhacviec("agency", "alias", "Phòng Không Có", "PKC", env=env)
    assert unknown.returncode == 2 and "«Phòng Không Có»" in unknown.stderr


def test_english_deployment_prints_english(nhacviec, tmp_path):
    env = {"NHACVIEC_DB": str(tmp_path / "x.sqlite3"), "NHACVIEC_LANG": "en"}
    assert nhacviec("agency", "add", "Phường Đa Kao", env=env).stdout.startswith("Added agency «Phường Đa Kao» (ward)")
    invite = nhacviec("invite", "Phường Đa Kao", "--role", "thủ trưởng", env=env).stdout
    assert "(role: head)" in invite and "valid until" in invite
    missing = nhacviec("summary", env={"NHACVIEC_DB": str(tmp_path / "none.sqlite3"), "NHACVIEC_LANG": "en"})
    assert missing.stderr.startswith("Error: there is no database")


def test_summary_files_follow_the_deployment_language(nhacviec, tmp_path):
    import openpyxl  # heavy, and only this test opens a workbook

    asyncio.run(seed_plan(tmp_path / "x.sqlite3"))
    out = tmp_path / "summary.xlsx"
    env = {"NHACVIEC_DB": str(tmp_path / "x.sqlite3"), "NHACVIEC_LANG": "en"}
    result = nhacviec("summary", "--at", "2025-03-14T16:00", "--format", "xlsx", "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Wrote {out}."
    assert openpyxl.load_workbook(out).sheetnames == ["Summary", "Details"]


def test_summary_and_import_name_a_place_they_cannot_use_without_a_traceback(nhacviec, tmp_path):
    # before: `summary --out` into a missing folder or onto a folder, and `import FOLDER`, ended in a traceback
    asyncio.run(seed_plan(tmp_path / "x.sqlite3"))
    env = {"NHACVIEC_DB": str(tmp_path / "x.sqlite3")}
    missing = tmp_path / "chua-co" / "tong-hop.docx"
    result = nhacviec("summary", "--format", "docx", "--out", str(missing), env=env)
    assert (result.returncode, result.stderr.strip()) == (2, f"Lỗi: Không ghi được {missing}: chưa có thư mục này.")
    result = nhacviec("summary", "--format", "xlsx", "--out", str(tmp_path), env=env)
    assert result.returncode == 2 and "đây là một thư mục; hãy ghi tên tệp" in result.stderr
    result = nhacviec("import", str(tmp_path), env=env)
    assert (result.returncode, result.stderr.strip()) == (2, f"Lỗi: không tìm thấy tệp {tmp_path}")
    for output in (result.stderr, result.stdout):
        assert "Traceback" not in output and "Error:" not in output


def test_a_commune_is_not_called_a_ward(nhacviec, tmp_path):
    # before: «Đã thêm đơn vị «Xã Tân Thông Hội» (phường)» in a huyện's deployment; the XLSX says «Phường, xã»
    env = {"NHACVIEC_DB": str(tmp_path / "x.sqlite3")}
    added = nhacviec("agency", "add", "Xã Tân Thông Hội", env=env).stdout
    assert added.startswith("Đã thêm đơn vị «Xã Tân Thông Hội» (phường, xã)"), added
    assert "\tphường, xã\t" in nhacviec("agency", "list", env=env).stdout


@pytest.mark.parametrize(
    ("typed", "local"),
    [("05/04/2022 08:00", datetime(2022, 4, 5, 8)), ("5/4/2022", datetime(2022, 4, 5)),
     ("2022-04-05T08:00", datetime(2022, 4, 5, 8))],
)
def test_at_takes_a_day_as_the_bot_writes_it(typed, local):
    # before: `nhacviec summary --at 05/04/2022` → «thời điểm không hợp lệ … (dạng ISO-8601)», while the demo's
    # /tick, every reminder and the summary itself write days dd/mm/yyyy
    zone = ZoneInfo("Asia/Ho_Chi_Minh")
    assert moment(typed, zone, "vi") == local.replace(tzinfo=zone).astimezone(UTC)
    with pytest.raises(UsageError, match="dd/mm/yyyy HH:MM hoặc ISO-8601"):
        moment("05.04.2022", zone, "vi")


def test_the_placeholders_in_help_are_in_the_deployment_language(monkeypatch, capsys):
    # before: «nhacviec invite [-h] [--role ROLE] [--json] agency» above Vietnamese descriptions
    monkeypatch.setenv("NHACVIEC_LANG", "vi")
    assert _help(capsys, ["invite"]).startswith("Cách dùng: nhacviec invite [-h] [--role VAI-TRÒ] [--json] ĐƠN-VỊ\n")
    assert "Cách dùng: nhacviec [-h] LỆNH ..." in _help(capsys, [])
    monkeypatch.setenv("NHACVIEC_LANG", "en")
    assert _help(capsys, ["invite"]).startswith("Usage: nhacviec invite [-h] [--role ROLE] [--json] AGENCY\n")


@pytest.mark.parametrize("variable", ["PORT", "ZALO_WEBHOOK_PORT"])
def test_a_port_out_of_range_is_refused_naming_the_variable(variable):
    # tester6: PORT=99999 was taken, and the webhook listened on 34463 (99999 - 65536) without a word
    with pytest.raises(ValidationError) as refused:
        Settings(_env_file=None, **{variable: "99999"})  # type: ignore[arg-type]
    said = settings_problem(refused.value)
    assert said == f"{variable} phải là số cổng từ 1 đến 65535 (ví dụ 8443), không phải «99999»."
    assert Settings(_env_file=None, **{variable: "0"})  # type: ignore[arg-type]  # any free port, as tests bind
