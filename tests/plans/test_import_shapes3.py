"""Plan shapes met when judging with documents the reader had never seen (branch shapes3): letter sections
and a signature under a spreadsheet's table, numbering restarted per section, tables ordering their columns
apart, department initials ("Phòng NV")."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from fpdf import FPDF

from plans.agencies import KnownAgency
from plans.deadlines import parse_deadline
from plans.importer import read_plan
from plans.model import PlanError
from plans.readers.limits import ReadLimits
from plans.readers.pdf import read_pdf

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_letter_sections_and_the_signature_under_a_sheet_are_no_tasks():
    data = xlsx_bytes([
        ["KẾ HOẠCH THỰC HIỆN CẢI CÁCH HÀNH CHÍNH NĂM 2025"],
        [],
        ["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành", "Ghi chú"],
        ["A", "CẢI CÁCH THỂ CHẾ"],
        [1, "Rà soát văn bản", "Phòng Tư pháp", "", "Quý III/2025", ""],
        ["B", "HIỆN ĐẠI HÓA HÀNH CHÍNH"],
        [2, "Triển khai dịch vụ công trực tuyến", "Phòng Nội vụ", "", "Trước 30/9/2025", "Ưu tiên"],
        [],
        ["", "Người lập biểu", "", "", "Thủ trưởng đơn vị"],
    ])
    plan = read_plan(data, "ke-hoach.xlsx", year=2025)
    assert [(t.key, t.section, t.section_title, t.title, t.deadline_text) for t in plan.tasks] == [
        ("1", "A", "CẢI CÁCH THỂ CHẾ", "Rà soát văn bản", "Quý III/2025"),
        ("2", "B", "HIỆN ĐẠI HÓA HÀNH CHÍNH", "Triển khai dịch vụ công trực tuyến", "Trước 30/9/2025"),
    ]
    assert [w.text.key for w in plan.warnings] == ["plan_warn_no_code"]


def test_numbers_restarted_under_each_section_take_the_section_in_front():
    data = xlsx_bytes([
        ["STT", "Nội dung", "Cơ quan chủ trì", "Đơn vị phối hợp", "Sản phẩm", "Thời gian hoàn thành"],
        ["I", "Công tác chỉ đạo điều hành"],
        ["1", "Ban hành kế hoạch CCHC", "Phòng Nội vụ", "", "Kế hoạch", "Quý I/2025"],
        ["2", "Kiểm tra CCHC", "Phòng Nội vụ", "", "Báo cáo", "Quý IV/2025"],
        ["II", "Cải cách thủ tục hành chính"],
        ["1", "Công bố thủ tục hành chính", "Phòng Tư pháp", "", "Quyết định", "Quý II/2025"],
    ])
    plan = read_plan(data, "phu-luc.xlsx", year=2025)
    assert [(t.key, t.section, t.lead) for t in plan.tasks] == [
        ("1.1", "I", ("Phòng Nội vụ",)), ("1.2", "I", ("Phòng Nội vụ",)), ("2.1", "II", ("Phòng Tư pháp",))]
    assert [w.text.key for w in plan.warnings] == ["plan_warn_no_code"]  # no "number used twice"


def test_numbers_running_on_across_sections_are_kept():
    data = xlsx_bytes([
        ["STT", "Nội dung", "Cơ quan chủ trì", "Thời gian hoàn thành"],
        ["I", "Thể chế"],
        ["1", "Rà soát văn bản", "Phòng Tư pháp", "Quý I/2025"],
        ["II", "Thủ tục hành chính"],
        ["2", "Công bố thủ tục", "Phòng Tư pháp", "Quý II/2025"],
    ])
    assert [t.key for t in read_plan(data, "ke-hoach.xlsx", year=2025).tasks] == ["1", "2"]


def test_two_tables_ordering_their_columns_apart_are_each_read_by_their_own_header():
    doc = Document()
    doc.add_paragraph("Số: 14/KH-UBND")
    doc.add_paragraph("Phụ lục 1")
    first = doc.add_table(rows=2, cols=4)
    for cell, text in zip(first.rows[0].cells, ("STT", "Nhiệm vụ", "Chủ trì", "Thời hạn"), strict=True):
        cell.text = text
    for cell, text in zip(first.rows[1].cells, ("1", "Rà soát quy chế", "Phòng Tư pháp", "Quý II/2025"), strict=True):
        cell.text = text
    doc.add_paragraph("Phụ lục 2")
    second = doc.add_table(rows=2, cols=4)
    for cell, text in zip(second.rows[0].cells, ("STT", "Thời gian", "Nội dung", "Cơ quan chủ trì"), strict=True):
        cell.text = text
    for cell, text in zip(second.rows[1].cells, ("2", "Tháng 9/2025", "Khảo sát mức độ hài lòng", "Phòng Nội vụ"),
                          strict=True):
        cell.text = text
    plan = read_plan(docx_bytes(doc), "ke-hoach.docx", year=2025)
    assert [(t.key, t.title, t.lead, t.deadline_text) for t in plan.tasks] == [
        ("1", "Rà soát quy chế", ("Phòng Tư pháp",), "Quý II/2025"),
        ("2", "Khảo sát mức độ hài lòng", ("Phòng Nội vụ",), "Tháng 9/2025"),
    ]


def test_department_initials_after_phong_are_the_department():
    text = ("Số: 20/KH-UBND\nSTT\tNội dung\tCơ quan chủ trì\tĐơn vị phối hợp\tThời gian\n"
            "1\tKiểm tra công vụ\tPhòng NV\tPhòng TP\tQuý II/2025\n")
    catalogue = read_plan(text.encode(), "kh.txt", year=2025).tasks[0]
    assert (catalogue.lead, catalogue.support) == (("Phòng Nội vụ",), ("Phòng Tư pháp",))
    registry = [KnownAgency("Phòng Nội vụ", "unit"), KnownAgency("Phòng Tư pháp", "unit")]
    known = read_plan(text.encode(), "kh.txt", year=2025, registry=registry)
    assert (known.tasks[0].lead, known.tasks[0].support, known.unknown_agencies) == (
        ("Phòng Nội vụ",), ("Phòng Tư pháp",), ())


HEADINGS_WITH_DEADLINES = """Số: 58/KH-UBND
Bình Chánh, ngày 10 tháng 3 năm 2025
KẾ HOẠCH
II. NHIỆM VỤ CỤ THỂ
1. Rà soát thủ tục hành chính (hoàn thành trong Quý III/2025)
a) Phòng Tư pháp chủ trì rà soát thủ tục lĩnh vực hộ tịch.
b) Phòng Tài nguyên và Môi trường chủ trì rà soát thủ tục lĩnh vực đất đai.
2. Số hóa hồ sơ (thời hạn: trước ngày 30/11/2025)
a) UBND các xã thực hiện số hóa kết quả giải quyết thủ tục hành chính.
b) Phòng Nội vụ chủ trì kiểm tra việc số hóa, báo cáo trước ngày 15/12/2025.
3. Công tác tuyên truyền (Thường xuyên)
a) Phòng Văn hóa và Thông tin chủ trì tuyên truyền về cải cách hành chính.
"""


def test_items_under_a_heading_with_a_deadline_share_it_unless_they_name_their_own():
    plan = read_plan(HEADINGS_WITH_DEADLINES.encode(), "ke-hoach.txt")
    assert [(t.key, t.deadline_text, tuple(m.kind for m in t.milestones)) for t in plan.tasks] == [
        ("1.a", "trong Quý III/2025", ("due",)),
        ("1.b", "trong Quý III/2025", ("due",)),
        ("2.a", "trước ngày 30/11/2025", ("due",)),
        ("2.b", "trước ngày 15/12/2025", ("due",)),
        ("3.a", "Thường xuyên", ("ongoing",)),
    ]
    assert not [w for w in plan.warnings if w.task]  # no "the letter names no horizon"


def test_a_sentence_ending_on_sau_khi_waits_for_the_event_and_thuong_xuyen_is_ongoing():
    text = """Số: 05/CT-UBND
Thủ Đức, ngày 02 tháng 4 năm 2025
CHỈ THỊ
1. Giao Phòng Tài chính - Kế hoạch bố trí kinh phí thực hiện sau khi Kế hoạch được phê duyệt.
2. Giao Phòng Nội vụ công khai số điện thoại đường dây nóng, thực hiện thường xuyên.
3. Giao Phòng Tư pháp chủ trì, sau khi tiếp nhận hồ sơ thì kiểm tra tính hợp lệ, hoàn thành trước ngày 30/6/2025.
"""
    plan = read_plan(text.encode(), "chi-thi.txt")
    assert [(t.lead, t.deadline_text, tuple((m.kind, m.trigger) for m in t.milestones)) for t in plan.tasks] == [
        (("Phòng Tài chính - Kế hoạch",), "sau khi Kế hoạch được phê duyệt",
         (("event", "sau khi Kế hoạch được phê duyệt"),)),
        (("Phòng Nội vụ",), "thường xuyên", (("ongoing", None),)),
        (("Phòng Tư pháp",), "trước ngày 30/6/2025", (("due", None),)),
    ]
    assert not [w for w in plan.warnings if w.task]


def test_a_pdf_table_right_under_a_line_keeps_that_line_s_descenders_out_of_its_header():
    if not FONT.exists():
        pytest.skip("DejaVu font not installed")
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=9)
    pdf.cell(text="Chuyển đổi số trong cải cách hành chính năm 2025", new_x="LMARGIN", new_y="NEXT")
    header = ("STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành")
    with pdf.table(col_widths=(10, 70, 40, 40), first_row_as_headings=False) as table:
        for cells in (header, ("1", "Cập nhật cơ sở dữ liệu cán bộ", "Phòng Nội vụ", "Tháng 6/2025")):
            row = table.row()
            for cell in cells:
                row.cell(cell)
    source = read_pdf(bytes(pdf.output()), "ke-hoach.pdf", ReadLimits("ke-hoach.pdf"))
    assert source.tables[0][0].cells == header


@pytest.mark.parametrize(("head", "code", "title", "issued"), [
    # a Phòng's Công văn: the code is its number and its letters
    ("PHÒNG NỘI VỤ\nSố: 215/NV\nV/v triển khai cải cách hành chính năm 2025\nGò Vấp, ngày 01 tháng 7 năm 2025\n",
     "215/NV", "Triển khai cải cách hành chính năm 2025", date(2025, 7, 1)),
    # a legal document's number carries its year
    ("Số: 12/2025/QĐ-UBND\nQUYẾT ĐỊNH\nVề cải cách hành chính\nQuận 3, ngày 5 tháng 2 năm 2025\n",
     "12/2025/QĐ-UBND", "Về cải cách hành chính", date(2025, 2, 5)),
    # a heading copied from a web page
    ("# KẾ HOẠCH số 09/KH-UBND ngày 06/01/2025 của UBND phường Phú Mỹ\n\nThực hiện cải cách hành chính năm 2025\n",
     "09/KH-UBND", "Thực hiện cải cách hành chính năm 2025", date(2025, 1, 6)),
    # a Chỉ thị's title is followed at once (docx has no blank lines) by its opening sentence
    ("Số: 05/CT-UBND\nThủ Đức, ngày 02 tháng 4 năm 2025\nCHỈ THỊ\nVề tăng cường kỷ luật hành chính\n"
     "Để khắc phục tình trạng chậm trễ, Chủ tịch UBND thành phố chỉ thị:\n",
     "05/CT-UBND", "Về tăng cường kỷ luật hành chính", date(2025, 4, 2)),
], ids=["office-code", "year-in-code", "web-heading", "opening-sentence"])
def test_the_code_title_and_date_of_headings_in_other_shapes(head, code, title, issued):
    text = head + "1. Giao Phòng Tư pháp rà soát quy chế làm việc, hoàn thành trước ngày 30/9/2025.\n"
    meta = read_plan(text.encode(), "van-ban.md").meta
    assert (meta.code, meta.title, meta.issued_on, meta.year) == (code, title, issued, 2025)


def test_a_sheet_s_title_block_gives_the_plan_its_title_year_and_date():
    data = xlsx_bytes([
        ["ỦY BAN NHÂN DÂN QUẬN 5"],
        ["KẾ HOẠCH THỰC HIỆN CẢI CÁCH HÀNH CHÍNH NĂM 2025"],
        ["(Ban hành kèm theo Kế hoạch số 30/KH-UBND ngày 05/01/2025 của UBND Quận 5)"],
        ["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Thời gian hoàn thành"],
        [1, "Báo cáo tình hình giải quyết hồ sơ", "Phòng Nội vụ", "Hàng quý"],
    ])
    plan = read_plan(data, "ke-hoach.xlsx")
    meta = plan.meta
    assert (meta.code, meta.title, meta.issued_on, meta.year) == (
        "30/KH-UBND", "Thực hiện cải cách hành chính năm 2025", date(2025, 1, 5), 2025)
    assert len(plan.tasks[0].milestones[0].dates) == 4  # "Hàng quý" needs the year to be laid out


def test_agencies_listed_with_a_semicolon_before_their_verb_all_lead():
    text = """Số: 05/CT-UBND
Thủ Đức, ngày 02 tháng 4 năm 2025
1. Thủ trưởng các phòng, ban chuyên môn; Chủ tịch UBND các phường có trách nhiệm công khai đường dây nóng, hoàn thành trước ngày 30/6/2025.
"""
    plan = read_plan(text.encode(), "chi-thi.txt")
    assert [(t.lead_text, t.deadline_text) for t in plan.tasks] == [
        ("Thủ trưởng các phòng, ban chuyên môn; Chủ tịch UBND các phường", "trước ngày 30/6/2025")]
    assert len(plan.tasks[0].lead) == 2


def test_an_item_naming_its_agency_before_a_colon_is_theirs_under_an_addressed_letter():
    text = """Số: 215/NV
Gò Vấp, ngày 01 tháng 7 năm 2025
Phòng Nội vụ đề nghị các cơ quan, đơn vị thực hiện một số nội dung sau:
1. Các phòng, ban chuyên môn:
- Rà soát quy trình nội bộ giải quyết thủ tục hành chính, hoàn thành trong tháng 8/2025.
2. Văn phòng HĐND&UBND quận: theo dõi, đôn đốc việc giải quyết hồ sơ trễ hạn, hoàn thành trước ngày 15/12/2025.
"""
    plan = read_plan(text.encode(), "cong-van.txt")
    assert [(t.lead_text, t.title, t.deadline_text) for t in plan.tasks] == [
        ("Các phòng, ban chuyên môn", "Rà soát quy trình nội bộ giải quyết thủ tục hành chính, hoàn thành trong "
         "tháng 8/2025.", "trong tháng 8/2025"),
        ("Văn phòng HĐND&UBND quận", "Theo dõi, đôn đốc việc giải quyết hồ sơ trễ hạn, hoàn thành trước ngày "
         "15/12/2025.", "trước ngày 15/12/2025"),
    ]


@pytest.mark.parametrize(("text", "dates"), [
    ("Tháng 11-12/2025", [date(2025, 12, 31)]),  # a span of months ends with its last
    ("Tháng 6, 12/2025", [date(2025, 6, 30), date(2025, 12, 31)]),
    ("Tháng 3, 15/6", [date(2025, 3, 31), date(2025, 6, 15)]),  # a date after a month stays a date
    ("Cả năm", [date(2025, 12, 31)]),
])
def test_month_lists_carrying_the_year_and_the_whole_year(text, dates):
    result = parse_deadline(text, year=2025, period=(2025, 2025), issued=date(2025, 1, 10))
    assert [d for m in result.milestones for d in m.dates] == dates
    assert not result.warnings


def table_docx(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> bytes:
    doc = Document()
    doc.add_paragraph("Số: 40/KH-UBND")
    table = doc.add_table(rows=1, cols=len(header))
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    return docx_bytes(doc)


def test_unnumbered_rows_under_a_section_row_are_its_tasks():
    data = table_docx(("STT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời gian hoàn thành"), [
        ("1", "Công tác chỉ đạo, điều hành", "", "", ""),
        ("", "- Ban hành kế hoạch cải cách hành chính", "Phòng Nội vụ", "", "Quý I/2025"),
        ("", "- Ban hành kế hoạch kiểm tra", "Phòng Nội vụ", "Phòng Tư pháp", "Quý II/2025"),
        ("", "và kiểm tra đột xuất", "", "", ""),  # the row before continued on the next page
        ("2", "Cải cách thủ tục hành chính", "", "", ""),
        ("", "- Rà soát thủ tục hành chính", "Phòng Tư pháp", "", "Quý III/2025"),
    ])
    plan = read_plan(data, "ke-hoach.docx", year=2025)
    assert [(t.key, t.section_title, t.title, t.lead, t.deadline_text) for t in plan.tasks] == [
        ("1.1", "Công tác chỉ đạo, điều hành", "Ban hành kế hoạch cải cách hành chính", ("Phòng Nội vụ",), "Quý I/2025"),
        ("1.2", "Công tác chỉ đạo, điều hành", "Ban hành kế hoạch kiểm tra và kiểm tra đột xuất", ("Phòng Nội vụ",),
         "Quý II/2025"),
        ("2.1", "Cải cách thủ tục hành chính", "Rà soát thủ tục hành chính", ("Phòng Tư pháp",), "Quý III/2025"),
    ]


@pytest.mark.parametrize("numbers", [("1", "2", "3", "4"), ("(1)", "(2)", "(3)", "(4)")])
def test_the_row_numbering_the_columns_is_no_task(numbers):
    data = table_docx(("STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"), [
        numbers, ("1", "Rà soát quy chế làm việc", "Phòng Nội vụ", "Quý II/2025")])
    plan = read_plan(data, "ke-hoach.docx", year=2025)
    assert [(t.key, t.title) for t in plan.tasks] == [("1", "Rà soát quy chế làm việc")]
    assert [w.text.key for w in plan.warnings] == []


def test_one_agency_column_naming_both_roles_is_split():
    data = table_docx(("STT", "Nội dung", "Đơn vị thực hiện", "Thời gian"), [
        ("1", "Kiểm tra công vụ", "Phòng Nội vụ (chủ trì); Phòng Tư pháp, Thanh tra quận (phối hợp)", "Quý II/2025"),
        ("2", "Số hóa hồ sơ", "Văn phòng HĐND và UBND chủ trì, phối hợp UBND các phường", "Năm 2025"),
        ("3", "Tuyên truyền", "Phòng Văn hóa và Thông tin; Phòng Nội vụ", "Năm 2025"),
    ])
    plan = read_plan(data, "ke-hoach.docx", year=2025)
    assert [(t.lead_text, t.support_text) for t in plan.tasks] == [
        ("Phòng Nội vụ", "Phòng Tư pháp, Thanh tra quận"),
        ("Văn phòng HĐND và UBND", "UBND các phường"),
        ("Phòng Văn hóa và Thông tin; Phòng Nội vụ", ""),  # no roles named: both lead
    ]


def test_unnumbered_task_rows_may_share_a_lead_merged_down():
    doc = Document()
    table = doc.add_table(rows=4, cols=4)
    for row, values in zip(table.rows, [("STT", "Nhiệm vụ", "Chủ trì", "Thời hạn"),
                                         ("I", "Cải cách thể chế", "", ""),
                                         ("", "Rà soát văn bản", "", "Quý II/2025"),
                                         ("", "Kiểm tra văn bản", "", "Quý IV/2025")], strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            cell.text = text
    table.cell(2, 2).merge(table.cell(3, 2)).text = "Phòng Tư pháp"
    plan = read_plan(docx_bytes(doc), "ke-hoach.docx", year=2025)
    assert [(t.key, t.title, t.lead, t.deadline_text) for t in plan.tasks] == [
        ("1.1", "Rà soát văn bản", ("Phòng Tư pháp",), "Quý II/2025"),
        ("1.2", "Kiểm tra văn bản", ("Phòng Tư pháp",), "Quý IV/2025"),
    ]


def test_a_start_date_column_beside_the_deadline_column_is_not_the_deadline():
    text = ("Số: 50/KH-UBND\nSTT\tNội dung\tĐơn vị chủ trì\tThời gian bắt đầu\tThời gian hoàn thành\n"
            "1\tRà soát quy chế\tPhòng Nội vụ\t01/3/2025\t30/6/2025\n")
    assert [t.deadline_text for t in read_plan(text.encode(), "kh.txt", year=2025).tasks] == ["30/6/2025"]


def test_section_lines_between_the_rows_of_a_tab_separated_table_are_its_sections():
    text = ("Số: 51/KH-UBND\nSTT\tNội dung\tChủ trì\tThời gian\nI. CẢI CÁCH THỂ CHẾ\n"
            "1\tRà soát văn bản\tPhòng Tư pháp\tQuý II/2025\nII. CẢI CÁCH THỦ TỤC HÀNH CHÍNH\n"
            "1\tCông khai thủ tục\tPhòng Tư pháp\tThường xuyên\n")
    plan = read_plan(text.encode(), "kh.txt", year=2025)
    assert [(t.key, t.section_title) for t in plan.tasks] == [
        ("1.1", "CẢI CÁCH THỂ CHẾ"), ("2.1", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH")]


def test_a_task_table_without_task_rows_is_refused_naming_where_its_header_is():
    data = xlsx_bytes([["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2025"], ["STT", "Nhiệm vụ", "Chủ trì", "Thời hạn"]])
    with pytest.raises(PlanError) as caught:
        read_plan(data, "ke-hoach.xlsx")
    assert caught.value.key == "plan_no_tasks"
    notes = [w.render("vi") for w in caught.value.warnings]
    assert notes == ["trang tính «Sheet», hàng 2: có dòng tiêu đề bảng nhiệm vụ nhưng không có hàng nhiệm vụ nào "
                     "bên dưới (mỗi hàng cần số thứ tự, nội dung, cơ quan chủ trì và thời hạn)"]


def test_a_sheet_header_over_two_rows_reads_the_roles_from_its_second_row():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2025 CỦA UBND PHƯỜNG AN KHÁNH"])
    sheet.append(["STT", "Nội dung công việc", "Phân công thực hiện", None, "Thời gian hoàn thành"])
    sheet.append([None, None, "Chủ trì", "Phối hợp", None])
    for cells in ("A2:A3", "B2:B3", "C2:D2", "E2:E3"):
        sheet.merge_cells(cells)
    sheet.append([1, "Rà soát quy chế làm việc", "Phòng Nội vụ", "Phòng Tư pháp", "Quý II/2025"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    plan = read_plan(buffer.getvalue(), "ke-hoach.xlsx")
    assert [(t.lead, t.support, t.deadline_text) for t in plan.tasks] == [
        (("Phòng Nội vụ",), ("Phòng Tư pháp",), "Quý II/2025")]
    assert plan.meta.title == "Cải cách hành chính năm 2025 của UBND phường An Khánh"
    assert [w.text.key for w in plan.warnings] == ["plan_warn_no_code"]


def test_the_closing_call_to_carry_out_a_chi_thi_is_no_task():
    text = """Số: 05/CT-UBND
Thủ Đức, ngày 02 tháng 4 năm 2025
CHỈ THỊ
1. Giao Phòng Nội vụ rà soát quy chế làm việc, hoàn thành trước ngày 30/6/2025.
Yêu cầu Thủ trưởng các cơ quan, đơn vị nghiêm túc thực hiện Chỉ thị này.
"""
    assert [t.lead_text for t in read_plan(text.encode(), "chi-thi.txt").tasks] == ["Phòng Nội vụ"]


def test_cells_merged_down_a_sheet_are_the_cells_of_each_row_they_cover():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["STT", "Nhiệm vụ", "Chủ trì", "Thời hạn"])
    sheet.append([1, "Rà soát văn bản", "Phòng Tư pháp", "Quý II/2025"])
    sheet.append([2, "Kiểm tra văn bản", None, None])
    sheet.append([3, "Công bố thủ tục", "Văn phòng HĐND và UBND", "Quý III/2025"])
    sheet.merge_cells("C2:C3")
    sheet.merge_cells("D2:D3")
    buffer = io.BytesIO()
    workbook.save(buffer)
    plan = read_plan(buffer.getvalue(), "ke-hoach.xlsx", year=2025)
    assert [(t.key, t.lead_text, t.deadline_text) for t in plan.tasks] == [
        ("1", "Phòng Tư pháp", "Quý II/2025"), ("2", "Phòng Tư pháp", "Quý II/2025"),
        ("3", "Văn phòng HĐND và UBND", "Quý III/2025")]
    assert [w for w in plan.warnings if w.task] == []  # the sheet says the cell is merged: nothing to guess
