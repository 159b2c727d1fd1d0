"""Shapes written here with the real libraries, each read as an office means it:

- a province Sở's plan in DOCX: the heading in a two-column table (UBND tỉnh over the Sở), the tasks in a
  landscape appendix table with section rows merged across, units named whole («Phòng Xây dựng và Kiểm
  tra văn bản», «Phòng Quản lý xử lý vi phạm hành chính và Theo dõi thi hành pháp luật»);
- a ministry's directive with numbered paragraphs and lettered points, led by its Vụ;
- a commune's XLSX workbook whose two appendix sheets each number their tasks from 1;
- a ward's PDF table drawn with fpdf2, with a deadline in the middle of a month.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from fpdf import FPDF

from plans.agencies import GROUP_UNITS
from plans.importer import read_plan

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _docx(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _department_plan() -> bytes:
    doc = Document()
    head = doc.add_table(rows=1, cols=2)
    head.cell(0, 0).text = "UBND TỈNH ĐỒNG NAI\nSỞ TƯ PHÁP\nSố: 312/KH-STP"
    head.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐồng Nai, ngày 20 tháng 02 năm 2025"
    for text in ("KẾ HOẠCH", "Thực hiện công tác cải cách hành chính của Sở Tư pháp năm 2025",
                 "Căn cứ Kế hoạch số 25/KH-UBND ngày 10/01/2025 của UBND tỉnh, Sở Tư pháp ban hành Kế hoạch như sau:",
                 "Các nhiệm vụ cụ thể tại Phụ lục kèm theo.", "Nơi nhận:", "- Lưu: VT.", "GIÁM ĐỐC"):
        doc.add_paragraph(text)
    section = doc.add_section()
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    doc.add_paragraph("PHỤ LỤC")
    rows = [
        ("TT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành", "Sản phẩm"),
        ("I", "CẢI CÁCH THỂ CHẾ", "", "", "", ""),
        ("1", "Rà soát văn bản quy phạm pháp luật", "Phòng Xây dựng và Kiểm tra văn bản",
         "Các phòng thuộc Sở Tư pháp", "Quý III/2025", "Báo cáo"),
        ("2", "Theo dõi thi hành pháp luật", "Phòng Quản lý xử lý vi phạm hành chính và Theo dõi thi hành pháp luật",
         "", "Báo cáo 6 tháng, báo cáo năm", "Báo cáo"),
        ("II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "", "", "", ""),
        ("3", "Công bố thủ tục hành chính", "Văn phòng Sở", "",
         "Trong 05 ngày làm việc kể từ ngày ban hành quyết định công bố", "Quyết định"),
        ("4", "Tự kiểm tra công tác cải cách hành chính", "Thanh tra Sở", "Văn phòng Sở", "Tuần đầu tháng 11/2025",
         "Báo cáo"),
    ]
    table = doc.add_table(rows=len(rows), cols=6)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    for r in (1, 4):
        table.cell(r, 1).merge(table.cell(r, 5))
    return _docx(doc)


def test_a_province_departments_plan_with_a_landscape_appendix() -> None:
    plan = read_plan(_department_plan(), "ke-hoach-so.docx")
    assert (plan.meta.code, plan.meta.issuer) == ("312/KH-STP", "Sở Tư pháp tỉnh Đồng Nai")
    tasks = {task.number: task for task in plan.tasks}
    # numbered on across the sections: the numbers stay as printed
    assert [(number, task.section_title) for number, task in tasks.items()] == [
        ("1", "CẢI CÁCH THỂ CHẾ"), ("2", "CẢI CÁCH THỂ CHẾ"), ("3", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"),
        ("4", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH")]
    assert tasks["1"].lead == ("Phòng Xây dựng và Kiểm tra văn bản",)
    assert tasks["1"].support == (GROUP_UNITS,)
    assert tasks["2"].lead == ("Phòng Quản lý xử lý vi phạm hành chính và Theo dõi thi hành pháp luật",)
    assert tasks["2"].milestones[0].dates == (date(2025, 6, 30), date(2025, 12, 31))
    # five working days after another document is issued: an event, not five days after the plan
    assert [(m.kind, m.due) for m in tasks["3"].milestones] == [("event", None)]
    assert tasks["4"].milestones[0].due == date(2025, 11, 7)
    # full names of offices are no guesses
    assert [w.text.key for w in plan.warnings] == ["deadline_read_as"]


def test_a_ministrys_directive_assigns_its_vu() -> None:
    doc = Document()
    for text in ("BỘ NỘI VỤ", "Số: 08/CT-BNV", "Hà Nội, ngày 03 tháng 3 năm 2025", "CHỈ THỊ",
                 "Về việc đẩy mạnh cải cách hành chính năm 2025", "Bộ trưởng Bộ Nội vụ chỉ thị:",
                 "1. Vụ Cải cách hành chính chủ trì, phối hợp với Văn phòng Bộ xây dựng bộ chỉ số, hoàn thành trong Quý II/2025.",
                 "2. Vụ Tổ chức cán bộ có trách nhiệm:",
                 "a) Rà soát chức năng, nhiệm vụ của các đơn vị thuộc Bộ, hoàn thành trước ngày 30/6/2025;",
                 "b) Tổng hợp báo cáo 9 tháng về công tác tổ chức cán bộ.",
                 "3. Thủ trưởng các đơn vị thuộc Bộ chịu trách nhiệm thi hành Chỉ thị này.",
                 "Nơi nhận:", "BỘ TRƯỞNG"):
        doc.add_paragraph(text)
    plan = read_plan(_docx(doc), "chi-thi.docx")
    assert plan.meta.issuer == "Bộ Nội vụ"
    got = [(t.number, t.lead, t.support, t.milestones[0].due) for t in plan.tasks]
    assert got == [
        ("1.1", ("Vụ Cải cách hành chính",), ("Văn phòng Bộ",), date(2025, 6, 30)),
        ("2.a", ("Vụ Tổ chức cán bộ",), (), date(2025, 6, 30)),
        ("2.b", ("Vụ Tổ chức cán bộ",), (), date(2025, 9, 30)),  # the 9-month report: end of quý III
    ]


def test_a_workbooks_sheets_each_numbered_from_one_are_sections() -> None:
    book = openpyxl.Workbook()
    book.active.title = "Hướng dẫn"
    book.active["A1"] = "Số: 77/KH-UBND"
    header = ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn"]
    first = book.create_sheet("PL1 - Thể chế")
    first.append(["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2025 CỦA UBND XÃ BÌNH MỸ"])
    first.append(header)
    first.append([1, "Rà soát văn bản của xã", "Công chức Tư pháp - Hộ tịch", "", "Quý II/2025"])
    first.append([2, "Tuyên truyền cải cách hành chính", "Công chức Văn hóa - Xã hội", "", "Quý III/2025"])
    second = book.create_sheet("PL2 - TTHC")
    second.append(header)
    second.append([1, "Niêm yết công khai thủ tục hành chính", "Bộ phận Một cửa", "", "Thường xuyên"])
    second.append([2, "Báo cáo kết quả giải quyết thủ tục hành chính", "Bộ phận Một cửa", "", "Báo cáo 9 tháng"])
    buffer = io.BytesIO()
    book.save(buffer)
    plan = read_plan(buffer.getvalue(), "xa.xlsx")
    assert (plan.meta.title, plan.meta.issuer) == (
        "Cải cách hành chính năm 2025 của UBND xã Bình Mỹ", "UBND xã Bình Mỹ")
    got = [(t.key, t.section_title) for t in plan.tasks]
    assert got == [("1.1", "PL1 - Thể chế"), ("1.2", "PL1 - Thể chế"), ("2.1", "PL2 - TTHC"), ("2.2", "PL2 - TTHC")]
    assert plan.tasks[3].milestones[0].due == date(2025, 9, 30)
    assert not [w for w in plan.warnings if w.text.key == "plan_warn_number_repeated"]


@pytest.mark.skipif(not FONT.exists(), reason="DejaVu font not installed")
def test_a_wards_pdf_table_with_the_middle_of_a_month() -> None:
    pdf = FPDF(orientation="L")
    pdf.add_font("dv", "", str(FONT))
    pdf.add_font("dv", "B", str(FONT))
    pdf.set_font("dv", size=10)
    pdf.add_page()
    for line in ("ỦY BAN NHÂN DÂN", "PHƯỜNG TÂN ĐỊNH", "Số: 21/KH-UBND", "Tân Định, ngày 12 tháng 3 năm 2025",
                 "KẾ HOẠCH", "Kiểm tra công tác cải cách hành chính năm 2025"):
        pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    rows = [("STT", "Nội dung", "Chủ trì", "Phối hợp", "Thời gian"),
            ("1", "Kiểm tra việc niêm yết thủ tục hành chính", "Văn phòng HĐND và UBND", "Công an phường",
             "Giữa tháng 6/2025"),
            ("2", "Báo cáo kết quả kiểm tra", "Văn phòng HĐND và UBND", "", "Cuối năm 2025")]
    with pdf.table(col_widths=(12, 110, 60, 50, 40), text_align="LEFT") as table:
        for row in rows:
            cells = table.row()
            for value in row:
                cells.cell(value)
    plan = read_plan(bytes(pdf.output()), "phuong.pdf")
    assert plan.meta.issuer == "UBND phường Tân Định"
    assert [(t.number, t.lead, t.milestones[0].due) for t in plan.tasks] == [
        ("1", ("Văn phòng HĐND và UBND",), date(2025, 6, 20)), ("2", ("Văn phòng HĐND và UBND",), date(2025, 12, 31))]
