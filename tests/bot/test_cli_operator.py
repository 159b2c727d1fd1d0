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
