"""Shapes written here with the real libraries (branch shapes6), each read as an office means it:

- a Quyết định whose plan is its appendix, after the articles; a table split into two at a page break, its
  header repeated and a row continued; a PDF table over two pages, its header repeated;
- Word's automatic numbering in a table's empty STT cells, a «Người thực hiện» column, lettered points
  «a)», «b)» in the STT column, notes («Ghi chú:») under a sheet's table, a list without a deadline column
  (Phụ lục «Danh mục thủ tục hành chính») beside the task table;
- departments by their initials («P.NV», «VP HĐND-UBND»), «Phần I» / «I - …» headings, deadlines as tables
  write them, and an old .xls (a clear message) or a .docx saved as .doc (read).
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from fpdf import FPDF
from PIL import Image

from plans.agencies import AgencyResolver
from plans.deadlines import UNREADABLE, parse_deadline
from plans.importer import read_plan
from plans.model import PlanError
from plans.readers.assignments import deadline_phrase
from tests.plans.built_documents import reading, sheet_bytes, word, word_bytes

HEAD = ("ỦY BAN NHÂN DÂN HUYỆN CỦ CHI", "Số: 51/KH-UBND", "Củ Chi, ngày 20 tháng 01 năm 2026", "KẾ HOẠCH",
        "Cải cách hành chính năm 2026")


def test_a_decision_whose_plan_is_its_appendix_after_the_articles() -> None:
    decision = ("ỦY BAN NHÂN DÂN HUYỆN BÌNH CHÁNH", "Số: 245/QĐ-UBND", "Bình Chánh, ngày 15 tháng 01 năm 2026",
                "QUYẾT ĐỊNH", "Ban hành Kế hoạch cải cách hành chính năm 2026", "QUYẾT ĐỊNH:",
                "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch cải cách hành chính năm 2026.",
                "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
                "Điều 3. Chánh Văn phòng HĐND và UBND huyện, Trưởng phòng Nội vụ, Thủ trưởng các cơ quan, đơn vị "
                "và Chủ tịch UBND các xã, thị trấn chịu trách nhiệm thi hành Quyết định này./.",
                "Nơi nhận:", "- Như Điều 3;", "CHỦ TỊCH", "Phụ lục", "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026",
                "(Ban hành kèm theo Quyết định số 245/QĐ-UBND ngày 15/01/2026 của Ủy ban nhân dân huyện)")
    plan = read_plan(word_bytes(word(decision, [
        ("STT", "Nội dung công việc", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"),
        ("I", "CẢI CÁCH THỂ CHẾ", "", "", ""),
        ("1", "Rà soát văn bản quy phạm pháp luật", "Phòng Tư pháp", "Các cơ quan, đơn vị liên quan", "Quý II/2026"),
        ("II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "", "", ""),
        ("1", "Công khai thủ tục hành chính", "VP HĐND-UBND", "UBND các xã, thị trấn", "Thường xuyên"),
        ("2", "Số hóa hồ sơ", "UBND các xã, thị trấn", "VP HĐND và UBND huyện", "Trước 30/6/2026 và 30/12/2026"),
    ])), "quyet-dinh.docx")
    assert (plan.meta.code, plan.meta.title) == ("245/QĐ-UBND", "Cải cách hành chính năm 2026")
    office = "Văn phòng HĐND - UBND"  # the name first written, «VP HĐND và UBND huyện» after it is the same office
    assert reading(plan) == [
        ("1.1", ("Phòng Tư pháp",), (), (date(2026, 6, 30),)),
        ("2.1", (office,), ("Tất cả phường",), ()),
        ("2.2", ("Tất cả phường",), (office,), (date(2026, 6, 30), date(2026, 12, 30))),
    ]


@pytest.mark.parametrize(("cell", "names"), [
    ("P.NV", ("Phòng Nội vụ",)),
    ("P. TC-KH, P.TP", ("Phòng Tài chính - Kế hoạch", "Phòng Tư pháp")),
    ("P.GD&ĐT", ("Phòng Giáo dục và Đào tạo",)),
    ("Phòng YT", ("Phòng Y tế",)),
    ("P. Bến Nghé", ("Phường Bến Nghé",)),  # a ward has a name, a department initials
    ("VP HĐND và UBND huyện", ("Văn phòng HĐND và UBND huyện",)),
    ("Văn phòng HĐND - UBND huyện", ("Văn phòng HĐND - UBND huyện",)),
    ("UBND các xã, phường, thị trấn", ("Tất cả phường",)),
    ("Văn phòng HĐND và UBND phường", ("Văn phòng HĐND và UBND phường",)),  # a ward's own office, since 2025
    ("Phòng Nội vụ và UBND phường", ("Phòng Nội vụ", "Tất cả phường")),
    ("Các đơn vị theo phụ lục kèm theo", ("Các phòng, ban, đơn vị",)),
    ("PHÒNG TƯ PHÁP", ("Phòng Tư pháp",)),
])
def test_departments_by_their_initials_and_the_office_of_both_councils(cell: str, names: tuple[str, ...]) -> None:
    assert AgencyResolver(None).resolve(cell).names == names


_ABSTRACT = (f'<w:abstractNum {nsdecls("w")} w:abstractNumId="91"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
             '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>')


def test_word_s_automatic_numbers_in_empty_stt_cells_and_a_column_of_officers() -> None:
    rows = [("STT", "Nhiệm vụ", "Người thực hiện", "Thời gian hoàn thành"),
            ("", "Rà soát thủ tục hành chính của xã", "Công chức Tư pháp - Hộ tịch", "Quý I/2026"),
            ("", "Niêm yết công khai thủ tục hành chính", "Công chức Văn phòng - Thống kê", "Thường xuyên"),
            ("", "Báo cáo kết quả cải cách hành chính", "Công chức Văn phòng - Thống kê", "Trước ngày 15/6/2026")]
    document = word(("ỦY BAN NHÂN DÂN XÃ AN PHÚ", "Số: 05/KH-UBND", "KẾ HOẠCH", "Cải cách hành chính năm 2026"), rows)
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(_ABSTRACT))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="91"><w:abstractNumId w:val="91"/></w:num>'))
    for row in document.tables[0].rows[1:]:
        row.cells[0].paragraphs[0]._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="91"/></w:numPr>'))
    plan = read_plan(word_bytes(document), "ke-hoach.docx")
    assert reading(plan) == [
        ("1", ("Công chức Tư pháp - Hộ tịch",), (), (date(2026, 3, 31),)),
        ("2", ("Công chức Văn phòng - Thống kê",), (), ()),
        ("3", ("Công chức Văn phòng - Thống kê",), (), (date(2026, 6, 15),)),
    ]
    assert not plan.warnings


def test_a_table_split_at_a_page_break_with_its_header_again_and_a_row_continued() -> None:
    header = ("STT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời gian thực hiện")
    plan = read_plan(word_bytes(word(HEAD, [
        header,
        ("1", "Công tác chỉ đạo, điều hành", "", "", ""),
        ("1.1", "Kiểm tra công tác cải cách hành chính tại các cơ quan, đơn vị và UBND", "Phòng Nội vụ",
         "VP HĐND-UBND", ""),
    ], [
        header,
        ("", "10 phường, báo cáo kết quả kiểm tra", "", "", "Quý III-IV/2026"),
        ("1.2", "Tự đánh giá, chấm điểm Chỉ số cải cách hành chính", "Các phòng, ban, đơn vị", "P.NV",
         "Trước 15/12 hằng năm"),
    ])), "ke-hoach.docx")
    assert plan.tasks[0].title == ("Kiểm tra công tác cải cách hành chính tại các cơ quan, đơn vị và UBND 10 phường, "
                                   "báo cáo kết quả kiểm tra")
    assert reading(plan) == [
        ("1.1", ("Phòng Nội vụ",), ("Văn phòng HĐND - UBND",), (date(2026, 12, 31),)),
        ("1.2", ("Các phòng, ban, đơn vị",), ("Phòng Nội vụ",), (date(2026, 12, 15),)),
    ]


def test_sub_items_in_one_cell_stay_one_task_beside_products_and_funds() -> None:
    plan = read_plan(word_bytes(word(HEAD, [
        ("TT", "Nhiệm vụ", "Sản phẩm", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn", "Kinh phí"),
        ("1", "Nâng cao chất lượng Bộ phận Một cửa:\na) Bố trí công chức;\nb) Trang bị máy scan.", "Báo cáo kết quả",
         "Văn phòng HĐND và UBND", "Phòng Nội vụ", "Năm 2026", "500 triệu đồng"),
        ("2", "Tổ chức Hội thi tìm hiểu cải cách hành chính", "Hội thi", "Phòng Nội vụ", "Huyện Đoàn",
         "Theo tiến độ của Tỉnh", "Nguồn xã hội hóa"),
    ])), "ke-hoach.docx")
    assert [(t.title, t.deliverables) for t in plan.tasks] == [
        ("Nâng cao chất lượng Bộ phận Một cửa: a) Bố trí công chức; b) Trang bị máy scan.", ("Báo cáo kết quả",)),
        ("Tổ chức Hội thi tìm hiểu cải cách hành chính", ("Hội thi",)),
    ]
    assert [(m.kind, m.trigger) for m in plan.tasks[1].milestones] == [("event", "Theo tiến độ của Tỉnh")]


def test_a_sheet_s_title_block_lettered_points_and_notes_under_the_table() -> None:
    plan = read_plan(sheet_bytes([
        ("ỦY BAN NHÂN DÂN XÃ PHƯỚC KIỂN",), ("KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026",), (),
        ("TT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời hạn hoàn thành"),
        ("I.", "Công tác chỉ đạo, điều hành", "", "", ""),
        ("1.", "Ban hành kế hoạch cải cách hành chính", "P.NV", "", "T1/2026"),
        ("2.", "Tuyên truyền cải cách hành chính", "", "", ""),
        ("a)", "Trên hệ thống loa truyền thanh", "P.VHTT", "", "Hằng quý, trước ngày 20 tháng cuối quý"),
        ("b)", "Trên trang thông tin điện tử", "VP HĐND-UBND", "", "Thường xuyên"),
        ("II.", "Cải cách thủ tục hành chính", "", "", ""),
        ("1.", "Rà soát thủ tục hành chính", "Phòng Tư pháp", "Các cơ quan, đơn vị liên quan", "Quý III-IV/2026"),
        (), ("Ghi chú:",), ("- Các đơn vị gửi báo cáo về Phòng Nội vụ trước ngày 15/12/2026.",),
        ("- Viết tắt: P.NV: Phòng Nội vụ; P.VHTT: Phòng Văn hóa và Thông tin.",),
    ]), "ke-hoach.xlsx")
    assert reading(plan) == [
        ("1.1", ("Phòng Nội vụ",), (), (date(2026, 1, 31),)),
        ("1.2.a", ("Phòng Văn hóa và Thông tin",), (),
         (date(2026, 3, 20), date(2026, 6, 20), date(2026, 9, 20), date(2026, 12, 20))),
        ("1.2.b", ("Văn phòng HĐND - UBND",), (), ()),
        ("2.1", ("Phòng Tư pháp",), (), (date(2026, 12, 31),)),
    ]
    assert plan.tasks[1].title == "Tuyên truyền cải cách hành chính: Trên hệ thống loa truyền thanh"
    assert [w.text.key for w in plan.warnings] == ["plan_warn_no_code"]  # the notes are no rows to skip


_LIST = [("STT", "Tên thủ tục hành chính", "Lĩnh vực", "Cơ quan thực hiện"),
         ("1", "Đăng ký khai sinh", "Hộ tịch", "UBND cấp xã")]


def test_a_list_without_a_deadline_column_beside_the_task_table_is_skipped_saying_so() -> None:
    tasks = [("STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"),
             ("1", "Rà soát, đơn giản hóa thủ tục hành chính", "Phòng Tư pháp", "Quý II/2026")]
    plan = read_plan(word_bytes(word(HEAD, tasks, _LIST)), "ke-hoach.docx")
    assert reading(plan) == [("1", ("Phòng Tư pháp",), (), (date(2026, 6, 30),))]
    assert [w.text.key for w in plan.warnings] == ["plan_warn_table_without_deadline"]
    with pytest.raises(PlanError) as caught:  # alone, it still says the deadline column is missing
        read_plan(word_bytes(word(HEAD, _LIST)), "danh-muc.docx")
    assert caught.value.key == "plan_no_deadline_column"


def test_parts_and_roman_headings_written_with_a_dash() -> None:
    plan = read_plan(word_bytes(word(("ỦY BAN NHÂN DÂN PHƯỜNG TÂN ĐỊNH", "Số: 15/KH-UBND", "KẾ HOẠCH",
                                   "Cải cách hành chính năm 2026", "Phần I", "MỤC TIÊU",
                                   "1. Bộ phận Một cửa tiếp nhận 100% hồ sơ trực tuyến.",
                                   "I - MỤC ĐÍCH, YÊU CẦU",
                                   "1. Công chức Văn phòng - Thống kê bảo đảm hiệu quả.",
                                   "Phần II", "NHIỆM VỤ CỤ THỂ",
                                   "1. Công chức Tư pháp - Hộ tịch rà soát thủ tục hành chính, hoàn thành trước "
                                   "ngày 31/3/2026.", "Nơi nhận:", "- Lưu: VT."))), "ke-hoach.docx")
    assert plan.meta.title == "Cải cách hành chính năm 2026"  # «Phần I» is no part of it
    assert [(t.lead, t.deadline_text) for t in plan.tasks] == [
        (("Công chức Tư pháp - Hộ tịch",), "trước ngày 31/3/2026")]  # aims and targets are no tasks


@pytest.mark.parametrize(("text", "dates"), [
    ("Hằng quý, trước ngày 20 tháng cuối quý", (date(2026, 3, 20), date(2026, 6, 20), date(2026, 9, 20),
                                                date(2026, 12, 20))),
    ("Trước 30/6/2026 và 30/12/2026", (date(2026, 6, 30), date(2026, 12, 30))),
    ("Năm 2026", (date(2026, 12, 31),)),
    ("Quý III-IV/2026", (date(2026, 12, 31),)),
    ("Tháng 6-9/2026", (date(2026, 9, 30),)),
    ("Trước 15/12 hằng năm", (date(2026, 12, 15),)),
    ("T6/2026", (date(2026, 6, 30),)),
    ("T6-T9/2026", (date(2026, 9, 30),)),
    ("01/3 - 30/6/2026", (date(2026, 6, 30),)),  # a span, not two deadlines
    ("Quí IV/2026", (date(2026, 12, 31),)),  # the older spelling of «quý»
    ("Qúi III/2026", (date(2026, 9, 30),)),
    ("Trước ngày 20/12/2026 (báo cáo năm)", (date(2026, 12, 20),)),  # the report's name, no second deadline
])
def test_deadlines_as_tables_write_them(text: str, dates: tuple[date, ...]) -> None:
    result = parse_deadline(text, year=2026, period=(2026, 2026), issued=date(2026, 1, 15))
    assert tuple(d for m in result.milestones for d in m.dates) == dates
    assert not [w for w in result.warnings if w.key in UNREADABLE]


FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.mark.skipif(not FONT.exists(), reason="DejaVu font not installed")
def test_a_pdf_table_over_two_pages_with_its_header_repeated() -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.add_font("DejaVu", style="B", fname=str(FONT.with_name("DejaVuSans-Bold.ttf")))
    pdf.set_font("DejaVu", size=11)
    for line in HEAD:
        pdf.cell(h=6, text=line, new_x="LMARGIN", new_y="NEXT")
    filler = "rà soát, đánh giá và báo cáo kết quả cải cách hành chính của các cơ quan, đơn vị trên địa bàn. " * 3
    with pdf.table(col_widths=(10, 90, 30, 30), repeat_headings=1) as table:
        for cells in [("STT", "Nhiệm vụ", "Chủ trì", "Thời hạn"),
                      *((str(n), f"Nhiệm vụ {n}: {filler}", "P.NV" if n % 2 else "Phòng Tư pháp", "Quý II/2026")
                        for n in range(1, 9))]:
            row = table.row()
            for cell in cells:
                row.cell(cell)
    assert pdf.pages_count == 2
    plan = read_plan(bytes(pdf.output()), "ke-hoach.pdf")
    assert [t.key for t in plan.tasks] == [str(n) for n in range(1, 9)]
    assert {t.lead for t in plan.tasks} == {("Phòng Nội vụ",), ("Phòng Tư pháp",)}
    assert all(t.title.endswith("trên địa bàn.") for t in plan.tasks)


def test_an_old_xls_says_to_save_it_as_xlsx_and_a_docx_named_doc_is_read() -> None:
    with pytest.raises(PlanError) as caught:
        read_plan(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "ke-hoach.xls")
    assert caught.value.key == "plan_xls_old_excel"
    assert ".xlsx" in str(caught.value) and "Lưu thành" in str(caught.value)
    document = word(HEAD, [("STT", "Nhiệm vụ", "Chủ trì", "Thời gian hoàn thành"),
                            ("1", "Rà soát thủ tục hành chính", "Bộ phận Một cửa", "Quý I/2026")])
    plan = read_plan(word_bytes(document), "ke-hoach.doc")  # a .docx a portal served as .doc: no LibreOffice needed
    assert reading(plan) == [("1", ("Bộ phận Một cửa",), (), (date(2026, 3, 31),))]


def test_section_rows_merged_across_the_table_carry_their_number_and_title_in_one_cell() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in [("STT", "Nhiệm vụ", "Chủ trì", "Thời gian hoàn thành"), ("I. CẢI CÁCH THỂ CHẾ",),
                ("1", "Rà soát văn bản quy phạm pháp luật", "Phòng Tư pháp", "Quý II/2026"),
                ("II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH",), ("1", "Công khai thủ tục hành chính", "VP HĐND-UBND", "Năm 2026")]:
        sheet.append(list(row))
    sheet.merge_cells("A2:D2")
    sheet.merge_cells("A4:D4")
    buffer = io.BytesIO()
    workbook.save(buffer)
    plan = read_plan(buffer.getvalue(), "ke-hoach.xlsx")
    assert [(t.key, t.section_title) for t in plan.tasks] == [("1.1", "CẢI CÁCH THỂ CHẾ"),
                                                              ("2.1", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH")]
    assert [w.text.key for w in plan.warnings] == ["plan_warn_no_code"]  # no row skipped, no number twice


_ROWS = [("STT", "Nhiệm vụ", "Chủ trì", "Thời gian hoàn thành"),
         ("1", "Rà soát văn bản", "Phòng Tư pháp", "Quý II/2026"),
         ("2", "Kiểm tra cải cách hành chính", "Phòng Nội vụ", "Quý III/2026")]


def _w(xml: str):
    """An element of WordprocessingML, "W" standing for its namespace declaration."""
    return parse_xml(xml.replace(" W", " " + nsdecls("w"), 1))


def test_tracked_changes_read_as_word_shows_them() -> None:
    document = word(HEAD, _ROWS)
    table = document.tables[0]
    table.cell(1, 1).paragraphs[0]._p.append(_w(
        '<w:ins W w:id="1" w:author="A"><w:r><w:t xml:space="preserve"> quy phạm pháp luật</w:t></w:r></w:ins>'))
    table.cell(1, 1).paragraphs[0]._p.append(_w(
        '<w:del W w:id="2" w:author="A"><w:r><w:delText xml:space="preserve"> cũ</w:delText></w:r></w:del>'))
    table.cell(2, 3).text = ""
    deadline = table.cell(2, 3).paragraphs[0]._p
    deadline.append(_w('<w:del W w:id="3" w:author="A"><w:r><w:delText>Quý III/2026</w:delText></w:r></w:del>'))
    deadline.append(_w('<w:ins W w:id="4" w:author="A"><w:r><w:t>Quý IV/2026</w:t></w:r></w:ins>'))
    plan = read_plan(word_bytes(document), "du-thao.docx")
    assert [(t.title, t.deadline_text) for t in plan.tasks] == [
        ("Rà soát văn bản quy phạm pháp luật", "Quý II/2026"), ("Kiểm tra cải cách hành chính", "Quý IV/2026")]


def test_a_task_table_inside_a_frame_table_or_a_content_control() -> None:
    framed = word(HEAD)
    cell = framed.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].text = "PHỤ LỤC NHIỆM VỤ"
    inner = cell.add_table(rows=len(_ROWS), cols=len(_ROWS[0]))
    for r, row in enumerate(_ROWS):
        for c, value in enumerate(row):
            inner.cell(r, c).text = value
    controlled = word(HEAD, _ROWS)
    table = controlled.tables[0]._tbl
    control = _w("<w:sdt W><w:sdtPr/><w:sdtContent/></w:sdt>")
    table.addprevious(control)
    control[1].append(table)
    for document in (framed, controlled):
        plan = read_plan(word_bytes(document), "ke-hoach.docx")
        assert reading(plan) == [("1", ("Phòng Tư pháp",), (), (date(2026, 6, 30),)),
                               ("2", ("Phòng Nội vụ",), (), (date(2026, 9, 30),))]


@pytest.mark.skipif(not FONT.exists(), reason="DejaVu font not installed")
def test_a_scanned_pdf_whose_only_text_is_a_digital_signature_s_stamp_says_it_is_scanned() -> None:
    picture = io.BytesIO()
    Image.new("L", (60, 85), 230).save(picture, "PNG")
    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(FONT))
    for _ in range(2):
        pdf.add_page()
        pdf.image(io.BytesIO(picture.getvalue()), x=0, y=0, w=210, h=297)
    pdf.page = 1
    pdf.set_font("DejaVu", size=7)
    pdf.set_xy(120, 20)
    for line in ("Người ký: Ủy ban nhân dân huyện Củ Chi", "Cơ quan: Thành phố Hồ Chí Minh",
                 "Thời gian ký: 20.01.2026 08:00:00 +07:00"):
        pdf.cell(h=4, text=line, new_x="LEFT", new_y="NEXT")
    with pytest.raises(PlanError) as caught:
        read_plan(bytes(pdf.output()), "ke-hoach-scan.pdf")
    assert caught.value.key == "plan_pdf_scanned_signed"
    assert "PDF quét" in str(caught.value) and "chữ ký số" in str(caught.value)


@pytest.mark.parametrize("merged", [True, False])
def test_a_time_column_split_into_start_and_end_takes_the_end_as_the_deadline(merged: bool) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in [("STT", "Nhiệm vụ", "Chủ trì", "Thời gian thực hiện", None), (None, None, None, "Bắt đầu", "Kết thúc"),
                ("1", "Rà soát thủ tục hành chính", "Phòng Tư pháp", "01/02/2026", "31/5/2026"),
                ("2", "Kiểm tra cải cách hành chính", "Phòng Nội vụ", "Tháng 7/2026", "Tháng 9/2026")]:
        sheet.append(list(row))
    if merged:  # the header's cells merged down over its second row, "Thời gian thực hiện" across two columns
        sheet.merge_cells("D1:E1")
        for column in "ABC":
            sheet.merge_cells(f"{column}1:{column}2")
    buffer = io.BytesIO()
    workbook.save(buffer)
    plan = read_plan(buffer.getvalue(), "ke-hoach.xlsx")
    assert reading(plan) == [("1", ("Phòng Tư pháp",), (), (date(2026, 5, 31),)),
                           ("2", ("Phòng Nội vụ",), (), (date(2026, 9, 30),))]


def test_a_follow_up_sheet_s_progress_column_beside_its_deadline_column_is_no_deadline() -> None:
    plan = read_plan(sheet_bytes([
        ("STT", "Nhiệm vụ", "Chủ trì", "Tiến độ", "Thời hạn hoàn thành"),
        ("1", "Rà soát thủ tục hành chính", "Phòng Tư pháp", "Đang thực hiện", "Quý II/2026"),
    ]), "theo-doi.xlsx")
    assert [(t.deadline_text, t.milestones[0].due) for t in plan.tasks] == [("Quý II/2026", date(2026, 6, 30))]
    alone = read_plan(sheet_bytes([("STT", "Nhiệm vụ", "Chủ trì", "Tiến độ thực hiện"),
                             ("1", "Rà soát thủ tục hành chính", "Phòng Tư pháp", "Quý II/2026")]), "ke-hoach.xlsx")
    assert [t.deadline_text for t in alone.tasks] == ["Quý II/2026"]  # alone, «Tiến độ» is the schedule


SLASHED = """\
ỦY BAN NHÂN DÂN HUYỆN HÓC MÔN
Số: 77/UBND-NV
V/v triển khai nhiệm vụ cải cách hành chính quý II/2026
Kính gửi: Thủ trưởng các cơ quan, đơn vị; Chủ tịch UBND các xã, thị trấn.
Ủy ban nhân dân huyện đề nghị các đơn vị thực hiện một số nội dung sau:
1/ Phòng Nội vụ:
a/ Tổ chức kiểm tra cải cách hành chính tại 5 xã, hoàn thành trước ngày 30/5/2026.
b/ Tổng hợp báo cáo cải cách hành chính quý II, gửi UBND huyện trước ngày 15/6/2026.
2/ UBND các xã, thị trấn: niêm yết công khai thủ tục hành chính, hoàn thành trước ngày 30/4/2026.
Nơi nhận:
- Lưu: VT.
"""


def test_items_numbered_and_lettered_with_a_slash_as_older_letters_type_them() -> None:
    plan = read_plan(SLASHED.encode(), "cong-van.txt")
    assert reading(plan) == [("1.a", ("Phòng Nội vụ",), (), (date(2026, 5, 30),)),
                           ("1.b", ("Phòng Nội vụ",), (), (date(2026, 6, 15),)),
                           ("2.1", ("Tất cả phường",), (), (date(2026, 4, 30),))]


def test_lines_broken_with_shift_enter_are_lines() -> None:
    document = Document()
    for lines in (("ỦY BAN NHÂN DÂN", "HUYỆN CỦ CHI"),
                  ("Số: 9/UBND-NV", "V/v triển khai nhiệm vụ cải cách hành chính năm 2026"),
                  ("Ủy ban nhân dân huyện đề nghị:",),
                  ("1. Phòng Nội vụ kiểm tra cải cách hành chính, hoàn thành trước ngày 30/6/2026.",
                   "2. Phòng Tư pháp rà soát thủ tục hành chính, hoàn thành trong quý III/2026."),
                  ("Nơi nhận:",)):
        paragraph = document.add_paragraph()
        for index, line in enumerate(lines):
            run = paragraph.add_run(line)
            if index < len(lines) - 1:
                run.add_break()  # w:br, a line break inside the paragraph
    plan = read_plan(word_bytes(document), "cong-van.docx")
    assert plan.meta.title == "Triển khai nhiệm vụ cải cách hành chính năm 2026"
    assert reading(plan) == [("1.1", ("Phòng Nội vụ",), (), (date(2026, 6, 30),)),
                           ("2.1", ("Phòng Tư pháp",), (), (date(2026, 9, 30),))]


def test_an_unnumbered_section_row_in_capitals_is_a_section_not_the_row_above_continued() -> None:
    plan = read_plan(word_bytes(word(HEAD, [
        ("STT", "Nhiệm vụ", "Chủ trì", "Thời hạn"),
        ("", "CẢI CÁCH THỂ CHẾ", "", ""),
        ("1", "Rà soát văn bản quy phạm pháp luật", "Phòng Tư pháp", "Quý II/2026"),
        ("2", "Theo dõi thi hành pháp luật", "Phòng Tư pháp", "Thường xuyên"),
        ("", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "", ""),
        ("3", "Công khai thủ tục hành chính", "Văn phòng HĐND và UBND", "Thường xuyên"),
    ])), "ke-hoach.docx")
    assert [(t.key, t.title, t.section_title) for t in plan.tasks] == [
        ("1", "Rà soát văn bản quy phạm pháp luật", "CẢI CÁCH THỂ CHẾ"),
        ("2", "Theo dõi thi hành pháp luật", "CẢI CÁCH THỂ CHẾ"),
        ("3", "Công khai thủ tục hành chính", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"),
    ]


@pytest.mark.parametrize(("title", "lead", "deadline"), [
    ("Giải pháp", "Đơn vị được giao", "Thời điểm hoàn thành"),
    ("Hoạt động", "Cơ quan tham mưu", "Mốc thời gian"),
    ("Nội dung", "Đơn vị, cá nhân thực hiện", "Dự kiến hoàn thành"),
    ("Nhiệm vụ", "Đơn vị được phân công", "Thời hạn"),
])
def test_header_words_offices_use_for_the_work_the_lead_and_the_deadline(title: str, lead: str, deadline: str) -> None:
    text = (f"Số: 3/KH-UBND\nKẾ HOẠCH\nCải cách hành chính năm 2026\nSTT\t{title}\t{lead}\t{deadline}\n"
            "1\tRà soát thủ tục hành chính\tPhòng Tư pháp\tQuý II/2026\n")
    assert reading(read_plan(text.encode(), "ke-hoach.txt")) == [("1", ("Phòng Tư pháp",), (), (date(2026, 6, 30),))]


def test_a_sentence_s_deadline_in_the_older_spelling_of_quy() -> None:
    assert deadline_phrase("Phòng Nội vụ rà soát thủ tục, hoàn thành trong quí III/2026.") == "trong quí III/2026"


def test_a_table_grouping_its_tasks_under_the_agency_that_leads_them() -> None:
    plan = read_plan(sheet_bytes([
        ("STT", "Nhiệm vụ", "Thời gian hoàn thành"),
        ("I", "PHÒNG NỘI VỤ", ""),
        ("1", "Kiểm tra cải cách hành chính", "Quý III/2026"),
        ("II", "UBND CÁC XÃ, THỊ TRẤN", ""),
        ("1", "Niêm yết thủ tục hành chính", "Thường xuyên"),
        ("III", "CẢI CÁCH THỂ CHẾ", ""),  # a field of work, no agency: its task's lead stays unknown, said
        ("1", "Rà soát văn bản", "Quý II/2026"),
    ]), "ke-hoach.xlsx")
    assert [(t.key, t.lead) for t in plan.tasks] == [("1.1", ("Phòng Nội vụ",)), ("2.1", ("Tất cả phường",)),
                                                      ("3.1", ())]
    assert [w.task for w in plan.warnings if w.text.key == "plan_warn_no_lead"] == ["3.1"]


def test_headings_numbered_by_their_style_s_list() -> None:
    document = Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="92">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>'
        "</w:abstractNum>"))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="92"><w:abstractNumId w:val="92"/></w:num>'))
    for style, level in (("Heading 2", 0), ("Heading 3", 1)):  # a template's headings linked to a multilevel list
        document.styles[style].element.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="92"/></w:numPr>'))
    for text in ("ỦY BAN NHÂN DÂN XÃ TÂN PHÚ", "Số: 3/KH-UBND", "KẾ HOẠCH", "Chuyển đổi số năm 2026"):
        document.add_paragraph(text)
    for text, style in (("Công chức Văn phòng - Thống kê:", "Heading 2"),
                        ("Cập nhật dữ liệu dân cư, hoàn thành trong tháng 7/2026.", "Heading 3"),
                        ("Trạm Y tế xã:", "Heading 2"),
                        ("Triển khai hồ sơ sức khỏe điện tử, trước ngày 31/10/2026.", "Heading 3")):
        document.add_paragraph(text, style=style)
    plan = read_plan(word_bytes(document), "ke-hoach.docx")
    assert reading(plan) == [("1.a", ("Công chức Văn phòng - Thống kê",), (), (date(2026, 7, 31),)),
                           ("2.a", ("Trạm Y tế xã",), (), (date(2026, 10, 31),))]


def test_an_stt_excel_kept_as_a_number_reads_1_10_after_1_9() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["STT", "Nhiệm vụ", "Chủ trì", "Thời hạn"])
    sheet.append([1, "Công tác chỉ đạo, điều hành", None, None])
    for n in range(1, 12):
        sheet.append([float(f"1.{n}"), f"Nhiệm vụ {n}", "Phòng Nội vụ", "Quý II/2026"])  # 1.10 typed: 1.1
    buffer = io.BytesIO()
    workbook.save(buffer)
    plan = read_plan(buffer.getvalue(), "ke-hoach.xlsx")
    assert [t.key for t in plan.tasks] == [f"1.{n}" for n in range(1, 12)]
    assert plan.tasks[9].title == "Nhiệm vụ 10"


def test_a_plan_typed_in_tcvn3_is_refused_saying_how_to_convert_it() -> None:
    tasks = [("STT", "NhiÖm vô", "Chñ tr×", "Thêi gian hoµn thµnh"),
             ("1", "Rµ so¸t thñ tôc hµnh chÝnh", "Phßng Néi vô", "Quý II/2026")]
    document = word(("UBND huyÖn Cñ Chi", "Sè: 12/KH-UBND", "KÕ ho¹ch", "C¶i c¸ch hµnh chÝnh n¨m 2026"), tasks)
    with pytest.raises(PlanError) as caught:
        read_plan(word_bytes(document), "ke-hoach-cu.docx")
    assert caught.value.key == "plan_tcvn3"
    assert "TCVN3" in str(caught.value) and "Unicode" in str(caught.value)


def test_a_note_between_task_rows_hides_none_of_the_tasks_after_it() -> None:
    plan = read_plan(sheet_bytes([
        ("STT", "Nhiệm vụ", "Chủ trì", "Thời hạn"),
        ("1", "Rà soát văn bản", "Phòng Tư pháp", "Quý II/2026"),
        ("Ghi chú:",), ("1. Các đơn vị gửi báo cáo về Phòng Nội vụ.",),  # a numbered note is no task
        ("2", "Kiểm tra cải cách hành chính", "P.NV", "Quý III/2026"),
    ]), "ke-hoach.xlsx")
    assert [(t.key, t.lead) for t in plan.tasks] == [("1", ("Phòng Tư pháp",)), ("2", ("Phòng Nội vụ",))]


def test_a_person_in_charge_column_beside_the_lead_column_is_not_the_lead() -> None:
    text = ("Số: 3/KH-UBND\nKẾ HOẠCH\nCải cách hành chính năm 2026\nSTT\tNhiệm vụ\tPhụ trách\tChủ trì\tThời hạn\n"
            "1\tRà soát văn bản\tĐ/c Lan, Phó Chủ tịch\tPhòng Tư pháp\tQuý II/2026\n")
    assert reading(read_plan(text.encode(), "ke-hoach.txt")) == [("1", ("Phòng Tư pháp",), (), (date(2026, 6, 30),))]
