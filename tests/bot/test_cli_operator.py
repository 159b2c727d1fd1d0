"""The command line as an operator who is not a programmer types it: mistakes refused before anything is written."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.mark.parametrize(("fmt", "name"), [("png", "tong-hop.xlsx"), ("xlsx", "tong-hop.docx"), ("docx", "bao-cao")])
def test_summary_refuses_a_file_name_of_another_kind_than_the_format(nhacviec, tmp_path: Path, fmt, name):
    # before: the chart was written into tong-hop.xlsx, which Excel then calls damaged
    out = tmp_path / name
    result = nhacviec("summary", "--format", fmt, "--out", str(out), env={"NHACVIEC_DB": str(tmp_path / "x.sqlite3")})
    assert (result.returncode, result.stderr.strip()) == (
        2, f"Lỗi: --out {out} không hợp với --format {fmt}: tên tệp phải có đuôi .{fmt}")
    assert not out.exists()


def test_summary_takes_the_format_s_own_suffix_in_any_case(nhacviec, tmp_path: Path):
    result = nhacviec("summary", "--format", "xlsx", "--out", str(tmp_path / "TONG-HOP.XLSX"),
                      env={"NHACVIEC_DB": str(tmp_path / "x.sqlite3")})
    assert "không hợp với --format" not in result.stderr  # refused only because no database is there
    assert "cơ sở dữ liệu" in result.stderr


PLAN = (
    "KẾ HOẠCH\nSố: 12/KH-UBND\nCải cách hành chính năm 2030\n"
    "STT\tNhiệm vụ\tChủ trì\tThời gian hoàn thành\n"
    "1\tRà soát thủ tục hành chính\tPhòng Nội vụ\t31/12/2030\n"
    "2\tNiêm yết thủ tục hành chính\tUBND các phường\t31/12/2030\n"
)


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "Did not give it 1 open task (1 as lead) of the group «Tất cả phường» (given before it existed); "
           "add --inherit-open-tasks when registering to give it."),
    ("vi", "Không giao 1 việc chưa đến hạn (1 việc chủ trì) của nhóm «Tất cả phường»"),
])
def test_agency_add_counts_one_open_task_in_the_singular(nhacviec, tmp_path: Path, lang, said):
    plan = tmp_path / "ke-hoach.txt"
    plan.write_text(PLAN, encoding="utf-8")
    env = {"NHACVIEC_DB": str(tmp_path / "x.sqlite3"), "NHACVIEC_LANG": lang}
    assert nhacviec("import", str(plan), env=env).returncode == 0
    result = nhacviec("agency", "add", "Phường Bến Nghé", env=env)
    assert result.returncode == 0, result.stderr
    assert said in result.stdout, result.stdout  # it said «1 open tasks»


def test_an_import_naming_unregistered_agencies_says_how_to_give_them_their_tasks(nhacviec, tmp_path: Path):
    first, second = tmp_path / "ke-hoach.txt", tmp_path / "ke-hoach-2.txt"
    first.write_text(PLAN, encoding="utf-8")
    second.write_text(PLAN.replace("12/KH-UBND", "13/KH-UBND").replace("Phòng Nội vụ", "Phòng Kinh tế"), encoding="utf-8")
    env = {"NHACVIEC_DB": str(tmp_path / "x.sqlite3")}
    assert nhacviec("import", str(first), env=env).returncode == 0  # the first import creates its agencies
    result = nhacviec("import", str(second), env=env)
    assert result.returncode == 0, result.stderr
    # before: «Đơn vị chưa đăng ký: Phòng Kinh tế» and nothing on what to do
    assert ("Đơn vị chưa đăng ký: Phòng Kinh tế. Việc ghi cho các đơn vị này chưa giao cho ai; nhập lại kế hoạch với "
            "--create-agencies") in result.stdout, result.stdout
    assert nhacviec("import", str(second), "--create-agencies", env=env).returncode == 0
    listed = nhacviec("agency", "list", env=env).stdout
    assert any(line.startswith(tuple("0123456789")) and "Phòng Kinh tế" in line and "chủ trì 1 việc" in line
               for line in listed.splitlines()), listed


@pytest.mark.parametrize("folder", ["", "{tmp}"], ids=["empty", "a folder"])
def test_a_database_setting_naming_a_folder_is_one_sentence(nhacviec, tmp_path: Path, folder):
    # before: «Không dùng được cơ sở dữ liệu .: …», then aiosqlite's thread failed after the command had ended
    # («Exception in thread … Event loop is closed», a traceback under the line)
    value = folder.format(tmp=tmp_path)
    result = nhacviec("agency", "list", env={"NHACVIEC_DB": value})
    shown = value or "."
    assert (result.returncode, result.stderr.strip()) == (2, (
        "Cấu hình không hợp lệ: NHACVIEC_DB phải là tên tệp cơ sở dữ liệu (ví dụ /var/lib/nhacviec/nhacviec.sqlite3) "
        f"hoặc địa chỉ postgresql://…, không phải thư mục «{shown}»."))


@pytest.mark.parametrize("address", ["bot.example.gov.vn", "http://bot.example.gov.vn", "https://"])
def test_a_webhook_address_telegram_would_refuse_is_one_sentence(nhacviec, tmp_path: Path, address):
    # before: taken as it was, and `run` failed at Telegram's setWebhook
    result = nhacviec("agency", "list", env={"NHACVIEC_DB": str(tmp_path / "x.sqlite3"), "WEBHOOK_URL": address})
    assert (result.returncode, result.stderr.strip()) == (2, (
        "Cấu hình không hợp lệ: WEBHOOK_URL phải là địa chỉ https:// công khai của bot (ví dụ "
        f"https://bot.example.gov.vn; Telegram chỉ gửi tin tới https), không phải «{address}»."))
