"""The Excel correction loop: a reading written into the plan workbook and read back is the same plan; the
empty workbook filled in Excel imports; --to-xlsx and --dry-run look names up in the database."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from plans.importer import read_plan, read_plan_file
from plans.model import ParsedPlan
from plans.template import HEADER, HEADER_ROW, write_template
from tests.plans.test_import_shapes import CONCLUSION, LISTS

SEEDS = Path("/work/shared/seeds")


def same(plan: ParsedPlan):
    return [(t.key, t.section, t.title, t.lead, t.support, t.deliverables, t.milestones) for t in plan.tasks]


def round_trip(plan: ParsedPlan) -> ParsedPlan:
    return read_plan(write_template(plan, ["Phòng Nội vụ", "Sở Tài chính"]), "sua.xlsx")


@pytest.mark.parametrize("text", [CONCLUSION, LISTS])
def test_document_reading_workbook_is_the_same_plan(text):
    plan = read_plan(text.encode(), "van-ban.txt")
    again = round_trip(plan)
    assert same(again) == same(plan)
    assert again.meta == plan.meta


@pytest.mark.skipif(not SEEDS.exists(), reason="seed plans not present")
@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")) if SEEDS.exists() else [])
def test_the_seeds_survive_the_round_trip(seed):
    plan = read_plan_file(seed)
    again = round_trip(plan)
    assert same(again) == same(plan)
    assert again.meta == plan.meta


def test_the_workbook_offers_the_agencies_and_notes_what_was_unsure():
    text = ("KẾ HOẠCH\nSố: 3/KH-UBND\nRà soát năm 2025\n"
            "STT\tNhiệm vụ\tChủ trì\tThời gian\n1\tRà soát\tPhòng Nội vụ\tHằng quý, trước ngày 20\n")
    plan = read_plan(text.encode(), "kh.txt")
    book = openpyxl.load_workbook(io.BytesIO(write_template(plan, ["Sở Tài chính", "Phòng Nội vụ"])))
    sheet = book["Kế hoạch"]
    assert [c.value for c in sheet[HEADER_ROW]] == list(HEADER)
    assert book["Cơ quan"].sheet_state == "hidden"
    assert [r[0].value for r in book["Cơ quan"].iter_rows()] == ["Phòng Nội vụ", "Sở Tài chính"]
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list" and f"C{HEADER_ROW + 1}" in str(validation.sqref)
    row = HEADER_ROW + 1
    assert sheet.cell(row, 5).value == "Hằng quý, trước ngày 20"
    assert "không rõ ngày 20 thuộc tháng nào" in sheet.cell(row, 5).comment.text


def test_the_empty_template_filled_in_imports():
    book = openpyxl.load_workbook(io.BytesIO(write_template(None, ["Phòng Nội vụ"])))
    sheet = book["Kế hoạch"]
    sheet["A2"] = "Số: 9/KH-UBND"
    sheet["A4"] = "Kiểm tra công vụ năm 2025"
    sheet.append(("1", "Kiểm tra công vụ đột xuất", "Phòng Nội vụ", "", "Quý III/2025", "- Báo cáo", ""))
    sheet.append(("2", "Công khai thủ tục", "Văn phòng HĐND và UBND", "Phòng Nội vụ", "trước ngày 30/6/2025", "", ""))
    buffer = io.BytesIO()
    book.save(buffer)
    plan = read_plan(buffer.getvalue(), "mau.xlsx")
    assert plan.meta.code == "9/KH-UBND"
    assert [(t.key, t.lead, t.support, t.deliverables, [m.due for m in t.milestones]) for t in plan.tasks] == [
        ("1", ("Phòng Nội vụ",), (), ("Báo cáo",), [date(2025, 9, 30)]),
        ("2", ("Văn phòng HĐND và UBND",), ("Phòng Nội vụ",), (), [date(2025, 6, 30)]),
    ]


def test_cli_to_xlsx_then_template(nhacviec, tmp_path):
    source = tmp_path / "ket-luan.txt"
    source.write_text(CONCLUSION, encoding="utf-8")
    result = nhacviec("import", str(source), "--to-xlsx", "sua.xlsx")
    assert result.returncode == 0, result.stderr
    assert "sua.xlsx" in result.stdout
    assert not (tmp_path / "nhacviec.sqlite3").exists(), "--to-xlsx stores nothing"
    assert same(read_plan((tmp_path / "sua.xlsx").read_bytes(), "sua.xlsx")) == same(read_plan(CONCLUSION.encode(), "a.txt"))
    result = nhacviec("template", "mau.xlsx")
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(tmp_path / "mau.xlsx")
    assert [c.value for c in book["Kế hoạch"][HEADER_ROW]] == list(HEADER)


def test_dry_run_looks_names_up_in_the_database_like_an_import(nhacviec, tmp_path):
    source = tmp_path / "ke-hoach.txt"
    source.write_text(LISTS, encoding="utf-8")
    without = nhacviec("import", str(source), "--dry-run", "--json")
    assert json.loads(without.stdout)["unknown_agencies"] == []  # no database: every name is derived
    db = str(tmp_path / "x.sqlite3")
    assert nhacviec("agency", "add", "Phòng Nội vụ", env={"NHACVIEC_DB": db}).returncode == 0
    result = nhacviec("import", str(source), "--dry-run", "--json", env={"NHACVIEC_DB": db})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["unknown_agencies"] == ["Văn phòng HĐND và UBND"]
    stored = nhacviec("import", str(source), env={"NHACVIEC_DB": db})
    assert "Văn phòng HĐND và UBND" in stored.stdout  # the same list a real import reports


def test_the_cli_names_the_deadlines_it_could_not_read(nhacviec, tmp_path):
    source = tmp_path / "kh.txt"
    source.write_text("KẾ HOẠCH\nSố: 3/KH-UBND\nRà soát năm 2025\nSTT\tNhiệm vụ\tChủ trì\tThời gian\n"
                      "1\tRà soát\tPhòng Nội vụ\tHằng quý, trước ngày 20\n", encoding="utf-8")
    result = nhacviec("import", str(source), "--dry-run")
    assert "Chưa đọc được hạn (1): 1." in result.stdout
    assert "--to-xlsx" in result.stdout
