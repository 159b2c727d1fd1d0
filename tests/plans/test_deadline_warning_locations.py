"""A deadline the grammar could not read is named with the line, row or cell of the task it belongs to, in
every shape (text line, Word table row, sheet row), in the preview's words and in `import --json`; and
`import --deadline TASK=…` sets one task's deadline instead of the reading."""

from __future__ import annotations

import io
import json

import openpyxl
from docx import Document

from plans.importer import read_plan

ROWS = (
    ("STT", "Nhiệm vụ", "Chủ trì", "Thời hạn"),
    ("1", "Rà soát thủ tục", "Phòng Nội vụ", "Quý II/2025"),
    ("2", "Tập huấn", "Phòng Tư pháp", "Hằng quý, trước ngày 20"),
)
UNREAD_VI = "Không đọc được thời hạn «Hằng quý, trước ngày 20»: không rõ ngày 20 thuộc tháng nào của quý"
UNREAD_EN = "Could not read the deadline «Hằng quý, trước ngày 20»: it does not say which month of the quarter day 20 is in"


def unread(plan) -> list[tuple[str | None, str, str]]:
    return [(w.task, w.render("vi"), w.render("en")) for w in plan.unread_deadlines()]


def test_a_word_table_row():
    doc = Document()
    for line in ("Số: 9/KH-UBND", "KẾ HOẠCH", "Cải cách hành chính năm 2025"):
        doc.add_paragraph(line)
    table = doc.add_table(rows=len(ROWS), cols=len(ROWS[0]))
    for r, values in enumerate(ROWS):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    buffer = io.BytesIO()
    doc.save(buffer)
    plan = read_plan(buffer.getvalue(), "ke-hoach.docx")
    assert unread(plan) == [("2", f"{UNREAD_VI} (bảng 1, hàng 3)", f"{UNREAD_EN} (table 1, row 3)")]


def test_a_sheet_row():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "KH"
    sheet.append(["Số: 9/KH-UBND"])
    sheet.append(["Cải cách hành chính năm 2025"])
    for values in ROWS:
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    plan = read_plan(buffer.getvalue(), "ke-hoach.xlsx")
    assert unread(plan) == [("2", f"{UNREAD_VI} (trang tính «KH», hàng 5)", f"{UNREAD_EN} (sheet 'KH', row 5)")]


def test_a_field_block_names_its_heading_line():
    text = (
        "ỦY BAN NHÂN DÂN HUYỆN CỦ CHI\nSố: 7/KH-UBND\nKẾ HOẠCH\nCải cách hành chính năm 2025\nII. NHIỆM VỤ\n"
        "1. Rà soát văn bản quy phạm pháp luật\n- Cơ quan chủ trì: Phòng Tư pháp\n- Thời gian hoàn thành: Quý II/2025\n"
        "2. Kiểm tra công vụ\n- Cơ quan chủ trì: Phòng Nội vụ\n- Thời gian hoàn thành: Hằng quý, trước ngày 20\n"
    )
    plan = read_plan(text.encode(), "ke-hoach.txt")
    assert unread(plan) == [("2", f"{UNREAD_VI} (dòng 9)", f"{UNREAD_EN} (line 9)")]


def test_an_assignment_sentence_names_its_line():
    text = (
        "ỦY BAN NHÂN DÂN HUYỆN CỦ CHI\nSố: 8/KH-UBND\nKẾ HOẠCH\nCải cách hành chính năm 2025\n"
        "1. Phòng Tư pháp chủ trì rà soát văn bản quy phạm pháp luật, hoàn thành trong quý II/2025.\n"
        "2. Phòng Nội vụ chủ trì kiểm tra công vụ, hoàn thành trong tháng 13/2025.\n"
    )
    plan = read_plan(text.encode(), "ke-hoach.txt")
    (warning,) = plan.unread_deadlines()
    assert warning.render("vi") == "Không đọc được thời hạn «trong tháng 13/2025»: tháng 13 không có thật (dòng 6)"


def test_import_json_names_the_row_and_deadline_sets_one_task(nhacviec, tmp_path):
    path = tmp_path / "ke-hoach.txt"
    path.write_text("Số: 9/KH-UBND\nCải cách hành chính năm 2025\n" + "\n".join("\t".join(r) for r in ROWS) + "\n")
    result = nhacviec("import", str(path), "--dry-run", "--json")
    assert result.returncode == 0, result.stderr
    (warning,) = json.loads(result.stdout)["warnings"]
    assert (warning["key"], warning["where"]) == ("deadline_unreadable_because", "dòng 5")
    assert warning["message"] == f"{UNREAD_VI} (dòng 5)"
    result = nhacviec("import", str(path), "--dry-run", "--json", "--deadline", "2=30/09/2025")
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert plan["warnings"] == []
    assert plan["tasks"][1]["milestones"] == [{"kind": "due", "label": None, "due": "2025-09-30",
                                                "dates": ["2025-09-30"], "trigger": None, "offset": None}]
    result = nhacviec("import", str(path), "--dry-run", "--json", "--deadline", "2=thường xuyên")
    assert [m["kind"] for m in json.loads(result.stdout)["tasks"][1]["milestones"]] == ["ongoing"]


def test_a_deadline_option_naming_no_task_or_no_date_is_refused(nhacviec, tmp_path):
    path = tmp_path / "ke-hoach.txt"
    path.write_text("Số: 9/KH-UBND\nCải cách hành chính năm 2025\n" + "\n".join("\t".join(r) for r in ROWS) + "\n")
    result = nhacviec("import", str(path), "--dry-run", "--deadline", "9=30/09/2025")
    assert result.returncode != 0 and "kế hoạch không có việc «9»" in result.stderr
    result = nhacviec("import", str(path), "--dry-run", "--deadline", "2=cuối năm")
    assert result.returncode != 0 and "--deadline «2=cuối năm»: cần SỐ_VIỆC=NGÀY" in result.stderr
