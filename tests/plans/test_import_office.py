"""DOCX, XLSX and prose/directive plans built here with python-docx and openpyxl."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from docx import Document

from plans.agencies import GROUP_UNITS, GROUP_WARDS
from plans.importer import read_plan

HEADER = ("STT", "Nhiệm vụ cụ thể", "Sản phẩm", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành")


def docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _fill(row, values) -> None:
    for cell, value in zip(row.cells, values, strict=False):
        if value is not None:
            cell.text = value


@pytest.fixture
def table_docx() -> bytes:
    doc = Document()
    layout = doc.add_table(rows=2, cols=2)
    layout.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nQUẬN 3"
    layout.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    layout.cell(1, 0).text = "Số: 45/KH-UBND"
    layout.cell(1, 1).text = "Quận 3, ngày 10 tháng 02 năm 2025"
    doc.add_paragraph("KẾ HOẠCH")
    doc.add_paragraph("Cải cách hành chính trên địa bàn Quận 3 năm 2025")
    doc.add_paragraph("Phụ lục")
    # page 1: header, a section row merged across the row, two tasks sharing a vertically merged lead
    t1 = doc.add_table(rows=5, cols=6)
    _fill(t1.rows[0], HEADER)
    merged_title = t1.cell(1, 1).merge(t1.cell(1, 5))
    t1.cell(1, 0).text = "1"
    merged_title.text = "Công tác chỉ đạo, điều hành"
    _fill(t1.rows[2], ("1.1", "Kiện toàn Ban Chỉ đạo CCHC quận", "Quyết định", None,
                       "Thủ trưởng cơ quan, đơn vị", "Quý I năm 2025"))
    lead = t1.cell(2, 3).merge(t1.cell(3, 3))
    lead.text = "Trưởng Phòng Nội vụ quận"
    _fill(t1.rows[3], ("1.2", "Kiểm tra công tác CCHC tại các cơ quan,", None, None,
                       "Chủ tịch UBND các phường", "Trong năm 2025"))
    deliverables = t1.cell(3, 2)
    deliverables.text = ""
    deliverables.paragraphs[0].text = "Kế hoạch kiểm tra"
    deliverables.paragraphs[0].style = doc.styles["List Bullet"]
    deliverables.add_paragraph("Thông báo kết luận", style="List Bullet")
    # the row continues on the next page: empty STT
    _fill(t1.rows[4], ("", "đơn vị và phường", "", "", "Mặt trận Tổ quốc Việt Nam quận cùng giám sát", ""))
    # page 2: a new table whose header repeats
    t2 = doc.add_table(rows=3, cols=6)
    _fill(t2.rows[0], HEADER)
    _fill(t2.rows[1], ("2", "Cải cách thủ tục hành chính", "", "", "", ""))
    _fill(t2.rows[2], ("2.1", "Rà soát, đơn giản hóa TTHC", "- Phương án; - Báo cáo",
                       "Chánh Văn phòng UBND quận; Phòng VH-TT", "UBND 10 phường", "Trước ngày 30/6/2025"))
    return docx_bytes(doc)


def test_docx_table_plan(table_docx):
    plan = read_plan(table_docx, "ke-hoach.docx")
    assert (plan.meta.code, plan.meta.issuer, plan.meta.issued_on, plan.meta.year) == (
        "45/KH-UBND", "UBND Quận 3", date(2025, 2, 10), 2025)
    assert plan.meta.title == "Cải cách hành chính trên địa bàn Quận 3 năm 2025"
    assert [t.key for t in plan.tasks] == ["1.1", "1.2", "2.1"]
    t11, t12, t21 = plan.tasks
    assert t11.section_title == "Công tác chỉ đạo, điều hành"
    assert t11.lead == ("Phòng Nội vụ",)
    assert t12.lead == ("Phòng Nội vụ",)  # vertically merged lead applies to both rows
    assert t12.title == "Kiểm tra công tác CCHC tại các cơ quan, đơn vị và phường"
    assert t12.deliverables == ("Kế hoạch kiểm tra", "Thông báo kết luận")
    assert t12.support == (GROUP_WARDS, "Mặt trận Tổ quốc Việt Nam")
    assert t11.milestones[0].due == date(2025, 3, 31)
    assert t21.section_title == "Cải cách thủ tục hành chính"
    assert t21.deliverables == ("Phương án", "Báo cáo")
    assert t21.lead == ("Văn phòng UBND quận", "Phòng Văn hóa và Thông tin")
    assert t21.milestones[0].due == date(2025, 6, 30)
    assert plan.derived_agencies["Mặt trận Tổ quốc Việt Nam"] == "external"


PROSE = [
    "ỦY BAN NHÂN DÂN QUẬN 5",
    "Số: 12/KH-UBND",
    "Quận 5, ngày 05 tháng 01 năm 2025",
    "KẾ HOẠCH",
    "Cải cách hành chính năm 2025",
    "I. MỤC TIÊU",
    "1. Nâng cao Chỉ số CCHC của quận.",
    "a) Phấn đấu xếp hạng trong nhóm 5 đơn vị dẫn đầu.",
    "II. NHIỆM VỤ, GIẢI PHÁP",
    "1. Cải cách thể chế",
    "1.1. Mục tiêu",
    "Hoàn thiện văn bản quy phạm pháp luật thuộc thẩm quyền.",
    "1.2. Nhiệm vụ cụ thể",
    "a) Rà soát, hệ thống hóa văn bản quy phạm pháp luật của quận.",
    "Cơ quan chủ trì: Phòng Tư pháp.",
    "Cơ quan phối hợp: Các cơ quan, đơn vị; UBND các phường.",
    "Thời gian thực hiện: Quý II năm 2025.",
    "b) Theo dõi tình hình thi hành pháp luật trên địa bàn",
    "quận và báo cáo kết quả.",
    "- Cơ quan chủ trì: Trưởng Phòng Tư pháp quận",
    "- Thời hạn: Trước ngày 15/11/2025",
    "c) Đoạn giải thích không có cơ quan chủ trì thì không phải nhiệm vụ.",
    "2. Cải cách thủ tục hành chính",
    "2.1. Nhiệm vụ cụ thể",
    "đ) Công khai thủ tục hành chính. Cơ quan chủ trì: Văn phòng UBND quận. Thời gian thực hiện: Thường xuyên.",
    "III. TỔ CHỨC THỰC HIỆN",
]


def test_prose_plan_in_docx():
    doc = Document()
    for line in PROSE:
        doc.add_paragraph(line)
    plan = read_plan(docx_bytes(doc), "van-xuoi.docx")
    assert [t.key for t in plan.tasks] == ["1.2.a", "1.2.b", "2.1.đ"]
    a, b, d = plan.tasks
    assert (a.section, a.section_title) == ("1", "Cải cách thể chế")
    assert a.title == "Rà soát, hệ thống hóa văn bản quy phạm pháp luật của quận"
    assert a.lead == ("Phòng Tư pháp",)
    assert a.support == (GROUP_UNITS, GROUP_WARDS)
    assert a.milestones[0].due == date(2025, 6, 30)
    assert b.title == "Theo dõi tình hình thi hành pháp luật trên địa bàn quận và báo cáo kết quả"
    assert b.lead == ("Phòng Tư pháp",)
    assert b.milestones[0].due == date(2025, 11, 15)
    assert d.lead == ("Văn phòng UBND quận",)
    assert d.milestones[0].kind == "ongoing"
    assert plan.meta.code == "12/KH-UBND"
    assert plan.meta.issuer == "UBND Quận 5"


def test_prose_plan_as_markdown():
    plan = read_plan("\n\n".join(PROSE).encode(), "van-xuoi.md")
    assert [t.key for t in plan.tasks] == ["1.2.a", "1.2.b", "2.1.đ"]


def test_a_pipe_table_without_outer_pipes_is_a_table():
    # a table pasted as "1 | Nội dung | Đơn vị | …" (Markdown allows the outer pipes to be left out)
    lines = [
        "KẾ HOẠCH",
        "Cải cách hành chính năm 2025",
        "STT | Nội dung công việc | Đơn vị thực hiện | Đơn vị phối hợp | Thời gian",
        "1 | Xây dựng Kế hoạch tuyên truyền CCHC | Phòng Văn hóa và Thông tin | Phòng Nội vụ | Tháng 3/2025",
        "2 | Tổng kết công tác CCHC năm 2025 | Phòng Nội vụ |  | Trước 20/12/2025",
        "Giao Phòng Nội vụ theo dõi, đôn đốc việc thực hiện Kế hoạch này.",
        "Số liệu | ghi chú",  # one pipe: a line of text, not a row
    ]
    plan = read_plan("\n".join(lines).encode(), "ke-hoach.txt")
    assert [(t.key, t.lead, t.support) for t in plan.tasks] == [
        ("1", ("Phòng Văn hóa và Thông tin",), ("Phòng Nội vụ",)),
        ("2", ("Phòng Nội vụ",), ()),
    ]
    assert [m.due for m in plan.tasks[1].milestones] == [date(2025, 12, 20)]


DIRECTIVE = [
    "ỦY BAN NHÂN DÂN QUẬN 10",
    "Số: 901/UBND-NV",
    "V/v đẩy mạnh cải cách hành chính từ nay đến cuối năm 2025",
    "Quận 10, ngày 01 tháng 10 năm 2025",
    "Kính gửi:",
    "- Thủ trưởng các cơ quan, đơn vị;",
    "- Chủ tịch UBND các phường.",
    "Ủy ban nhân dân Quận 10 chỉ đạo như sau:",
    "1. Phòng Nội vụ:",
    "- Kiểm tra công vụ đột xuất tại các cơ quan, đơn vị.",
    "- Tổng hợp kết quả và báo cáo Ủy ban nhân dân quận trước ngày 20 tháng 12 năm 2025.",
    "2. Đề nghị Thủ trưởng các cơ quan, đơn vị và Chủ tịch UBND các phường",
    "- Thực hiện nghiêm quy tắc ứng xử của cán bộ, công chức;",
    "tăng cường kỷ luật, kỷ cương hành chính.",
    "Nơi nhận:",
    "- Như trên;",
    "- Lưu: VT.",
]


def test_directive_letter_in_docx():
    doc = Document()
    for line in DIRECTIVE:
        doc.add_paragraph(line)
    plan = read_plan(docx_bytes(doc), "cong-van.docx")
    assert plan.meta.code == "901/UBND-NV"
    assert plan.meta.title == "Đẩy mạnh cải cách hành chính từ nay đến cuối năm 2025"
    assert [t.key for t in plan.tasks] == ["1.1", "1.2", "2.1"]
    assert plan.tasks[0].lead == ("Phòng Nội vụ",)
    assert [(m.kind, m.dates) for m in plan.tasks[0].milestones] == [("ongoing", (date(2025, 12, 31),))]
    assert plan.tasks[1].milestones[0].due == date(2025, 12, 20)
    assert plan.tasks[2].lead == (GROUP_UNITS, GROUP_WARDS)
    assert plan.tasks[2].title.endswith("tăng cường kỷ luật, kỷ cương hành chính.")


def test_xlsx_plan():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    ws.append(["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2025"])
    ws.append(["(Ban hành kèm theo Kế hoạch số 77/KH-UBND ngày 15 tháng 01 năm 2025 của Ủy ban nhân dân quận Bình Thạnh)"])
    ws.append(["TT", "Nội dung nhiệm vụ", "Kết quả", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn"])
    ws.append(["1", "Cải cách thể chế", None, None, None, None])
    ws.append(["1.1", "Rà soát văn bản", "Báo cáo", "Phòng Tư pháp", "UBND 20 phường", "Quý II/2025"])
    ws.append([None, "quy phạm pháp luật", "- Danh mục", None, None, None])
    ws.append(["1.2", "Theo dõi thi hành pháp luật", "Báo cáo", None, "Các phòng, ban", date(2025, 9, 30)])
    ws.append(["TT", "Nội dung nhiệm vụ", "Kết quả", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn"])
    ws.append(["1.3", "Kiểm tra công tác CCHC", "Kế hoạch", "Phòng Nội vụ", None, "Tháng 10/2025"])
    buffer = io.BytesIO()
    wb.save(buffer)
    plan = read_plan(buffer.getvalue(), "ke-hoach.xlsx")
    assert plan.meta.code == "77/KH-UBND"
    assert plan.meta.issued_on == date(2025, 1, 15)
    assert plan.meta.issuer == "UBND quận Bình Thạnh"
    assert [t.key for t in plan.tasks] == ["1.1", "1.2", "1.3"]
    t11, t12, t13 = plan.tasks
    assert t11.title == "Rà soát văn bản quy phạm pháp luật"
    assert t11.deliverables == ("Báo cáo", "Danh mục")
    assert t11.support == (GROUP_WARDS,)
    assert t11.section_title == "Cải cách thể chế"
    # an empty lead under a merged cell takes the lead of the row above, with a warning
    assert t12.lead == ("Phòng Tư pháp",)
    assert any(w.task == "1.2" and "ô gộp" in w.render("vi") for w in plan.warnings)
    assert t12.milestones[0].due == date(2025, 9, 30)
    assert t12.support == (GROUP_UNITS,)
    assert t13.milestones[0].due == date(2025, 10, 31)
