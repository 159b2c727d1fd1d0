"""Shapes written here with the real libraries (branch shapes9), each read as an office means it:

- a province's appendix «TT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | Ghi chú»
  whose «Ghi chú» holds a second time («Báo cáo trước ngày 15/12/2026», «… trước ngày 20 hằng tháng») or a word
  that is no time («Nhiệm vụ trọng tâm», «Chuyển tiếp từ năm 2025», «Đã hoàn thành năm 2025»), in DOCX, XLSX and PDF;
- an agency column «Cơ quan, đơn vị» merged down over its tasks; «Các đơn vị thuộc Bộ» in a ministry's plan;
- an amending plan's paragraphs «Sửa đổi nhiệm vụ 2.3 như sau: Sở X chủ trì …»;
- a sheet whose Roman sections stand in a «Phần» column of their own, the task numbers restarting in each;
- deadlines «Trước ngày 10 các tháng 3, 6, 9, 12», «trước ngày 10 tháng 3, 6, 9, 12» (the day in each month),
  «Tháng 3, 6, 9, 12/2026», «Tuần đầu tiên của tháng 3», «06 tháng đầu năm và cả năm»;
- an amending plan's table «Nhiệm vụ (theo Kế hoạch số …) | Nội dung điều chỉnh | …»;
- and shapes read right already, kept so: a ministry's «Sản phẩm | Cấp trình | Thời hạn trình», a Word table split
  in two by a section break, an e-office export's header cells broken over lines («STT\\n(1)»), tasks grouped under
  their agency (in a table or in prose), «Các cơ quan, đơn vị, UBND các xã» leading, «Bắt đầu | Kết thúc».
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from fpdf import FPDF

from plans.deadlines import parse_deadline
from plans.importer import read_plan
from plans.model import ParsedPlan
from tests.plans.built_documents import reading, sheet_bytes, word, word_bytes

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
PROVINCE = ("ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP", "Số: 30/KH-UBND", "Đồng Tháp, ngày 15 tháng 01 năm 2026", "KẾ HOẠCH",
            "Cải cách hành chính tỉnh Đồng Tháp năm 2026")
SIGNATURE = ("Nơi nhận:", "- Bộ Nội vụ;", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Trần Văn Bình")
APPENDIX = ("TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Ghi chú")
D = date
needs_font = pytest.mark.skipif(not FONT.exists(), reason="DejaVu font not installed")


def _docx(paragraphs: tuple[str, ...], *tables: list[tuple[str, ...]], new_section: bool = False) -> bytes:
    return word_bytes(word(paragraphs, *tables, after=SIGNATURE, new_section=new_section))


def _pdf(paragraphs: tuple[str, ...], rows: list[tuple[str, ...]], widths: tuple[int, ...]) -> bytes:
    pdf = FPDF(orientation="L")
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=9)
    pdf.add_page()
    for text in paragraphs:
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    with pdf.table(col_widths=widths, first_row_as_headings=False) as table:
        for row in rows:
            line = table.row()
            for value in row:
                line.cell(value)
    for text in SIGNATURE:
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _labels(plan: ParsedPlan) -> list[list[tuple[str, str | None]]]:
    return [[(m.kind, m.label) for m in t.milestones] for t in plan.tasks]


def test_a_time_written_in_the_notes_column_is_the_task_s_too() -> None:
    plan = read_plan(_docx((*PROVINCE, "PHỤ LỤC", "NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026"), [
        APPENDIX,
        ("I", "CẢI CÁCH THỂ CHẾ", "", "", "", ""),
        ("1", "Rà soát, hệ thống hóa văn bản quy phạm pháp luật do tỉnh ban hành", "Sở Tư pháp",
         "Các sở, ban, ngành tỉnh", "Năm 2026", "Báo cáo trước ngày 15/12/2026"),
        ("2", "Kiểm tra việc thi hành pháp luật về xử lý vi phạm hành chính", "Sở Tư pháp", "", "Quý III/2026",
         "Nhiệm vụ trọng tâm"),
        ("II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "", "", "", ""),
        ("3", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", "Sở Khoa học và Công nghệ", "Văn phòng UBND tỉnh",
         "Thường xuyên", "Báo cáo kết quả trước ngày 20 hằng tháng"),
    ]), "phu-luc.docx")
    got = reading(plan)
    assert got[:2] == [("1", ("Sở Tư pháp",), ("Các sở, ban, ngành tỉnh",), (D(2026, 12, 31), D(2026, 12, 15))),
                       ("2", ("Sở Tư pháp",), (), (D(2026, 9, 30),))]
    assert got[2][3] == tuple(D(2026, m, 20) for m in range(1, 13))
    assert _labels(plan) == [[("due", None), ("due", "Báo cáo")], [("due", None)],
                             [("ongoing", None), ("recurring", "Báo cáo kết quả")]]
    assert plan.tasks[2].deadline_text == "Thường xuyên; Báo cáo kết quả trước ngày 20 hằng tháng"


def test_notes_that_name_no_time_stay_out_of_the_deadline_in_a_sheet() -> None:
    plan = read_plan(sheet_bytes([
        ["PHỤ LỤC: NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026"], list(APPENDIX),
        [1, "Ban hành kế hoạch tuyên truyền", "Sở Nội vụ", "", "Quý I/2026", "Nhiệm vụ trọng tâm"],
        [2, "Khảo sát mức độ hài lòng", "Sở Nội vụ", "", "Quý III/2026", "Phối hợp với Trường Chính trị"],
        [3, "Hoàn thiện cơ sở dữ liệu cán bộ, công chức", "Sở Nội vụ", "", "Quý IV/2026", "Chuyển tiếp từ năm 2025"],
        [4, "Cập nhật cơ sở dữ liệu thủ tục hành chính", "Sở Nội vụ", "", "Thường xuyên",
         "Báo cáo trước ngày 25/6/2026 và 25/12/2026"],
    ]), "phu-luc.xlsx")
    assert [t.deadline_text for t in plan.tasks] == [
        "Quý I/2026", "Quý III/2026", "Quý IV/2026", "Thường xuyên; Báo cáo trước ngày 25/6/2026 và 25/12/2026"]
    assert reading(plan)[3][3] == (D(2026, 6, 25), D(2026, 12, 25))
    assert plan.meta.title == "Nhiệm vụ cải cách hành chính năm 2026"  # the sheet's «PHỤ LỤC: …» title


@needs_font
def test_a_pdf_appendix_s_notes_give_an_interim_deadline() -> None:
    plan = read_plan(_pdf((*PROVINCE, "PHỤ LỤC NHIỆM VỤ"), [
        APPENDIX,
        ("1", "Tổ chức hội nghị triển khai cải cách hành chính", "Sở Nội vụ", "Các sở, ngành", "Tháng 02/2026",
         "Nhiệm vụ trọng tâm"),
        ("2", "Xây dựng chính quyền số", "Sở Khoa học và Công nghệ", "Các sở, ngành", "Năm 2026",
         "Sơ kết trước 30/6/2026"),
    ], (10, 80, 45, 45, 40, 40)), "phu-luc.pdf")
    assert [dates for *_, dates in reading(plan)] == [(D(2026, 2, 28),), (D(2026, 12, 31), D(2026, 6, 30))]
    assert _labels(plan)[1] == [("due", None), ("due", "Sơ kết")]


def test_roman_sections_in_a_column_of_their_own_with_numbers_restarting() -> None:
    plan = read_plan(sheet_bytes([
        ["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026 CỦA UBND HUYỆN CAO LÃNH"], [],
        ["Phần", "STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"],
        ["I", "", "Cải cách thể chế", "", "", ""],
        ["", 1, "Rà soát văn bản quy phạm pháp luật", "Phòng Tư pháp", "", "Quý II/2026"],
        ["", 2, "Theo dõi thi hành pháp luật", "Phòng Tư pháp", "", "Quý IV/2026"],
        ["II", "", "Cải cách thủ tục hành chính", "", "", ""],
        ["", 1, "Rà soát, đơn giản hóa thủ tục hành chính", "Phòng Nội vụ", "", "30/6/2026"],
    ]), "ke-hoach.xlsx")
    assert [(t.key, t.section_title, t.title) for t in plan.tasks] == [
        ("1.1", "Cải cách thể chế", "Rà soát văn bản quy phạm pháp luật"),
        ("1.2", "Cải cách thể chế", "Theo dõi thi hành pháp luật"),
        ("2.1", "Cải cách thủ tục hành chính", "Rà soát, đơn giản hóa thủ tục hành chính"),
    ]
    assert not [w for w in plan.warnings if w.text.key in ("plan_warn_orphan_row", "plan_warn_number_repeated")]


@pytest.mark.parametrize(("text", "dates"), [
    ("Trước ngày 10 các tháng 3, 6, 9, 12", (D(2026, 3, 10), D(2026, 6, 10), D(2026, 9, 10), D(2026, 12, 10))),
    ("trước ngày 10 của các tháng 3, 6, 9 và 12 năm 2026",
     (D(2026, 3, 10), D(2026, 6, 10), D(2026, 9, 10), D(2026, 12, 10))),
    ("Chậm nhất ngày 25 các tháng 6 và 9", (D(2026, 6, 25), D(2026, 9, 25))),
    ("trước ngày 10 tháng 3, 6, 9, 12", (D(2026, 3, 10), D(2026, 6, 10), D(2026, 9, 10), D(2026, 12, 10))),
    ("Trước ngày 20 tháng 6 và 12 năm 2027", (D(2027, 6, 20), D(2027, 12, 20))),
    ("Tháng 3, 6, 9, 12/2026", (D(2026, 3, 31), D(2026, 6, 30), D(2026, 9, 30), D(2026, 12, 31))),
])
def test_a_day_written_before_listed_months_falls_in_each(text: str, dates: tuple[date, ...]) -> None:
    milestones = parse_deadline(text, year=2026).milestones
    assert [(m.kind, m.label, m.dates) for m in milestones] == [("recurring", None, dates)]


@pytest.mark.parametrize(("text", "dates"), [
    ("Tuần đầu tiên của tháng 3/2026", (D(2026, 3, 7),)),
    ("Tuần đầu của tháng 3/2026", (D(2026, 3, 7),)),
    ("06 tháng đầu năm và cả năm", (D(2026, 6, 30), D(2026, 12, 31))),
])
def test_a_first_week_written_in_full_and_a_half_year_beside_the_whole(text: str, dates: tuple[date, ...]) -> None:
    milestones = parse_deadline(text, year=2026).milestones
    assert [(m.label, m.dates) for m in milestones] == [(None, dates)]


def test_an_amending_plan_s_table_names_the_task_it_changes() -> None:
    plan = read_plan(_docx(("ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP", "Số: 90/KH-UBND", "Đồng Tháp, ngày 25 tháng 5 năm 2026",
                            "KẾ HOẠCH", "Điều chỉnh Kế hoạch cải cách hành chính năm 2026"), [
        ("STT", "Nhiệm vụ (theo Kế hoạch số 30/KH-UBND)", "Nội dung điều chỉnh", "Cơ quan chủ trì",
         "Thời gian hoàn thành"),
        ("2.3", "Khảo sát sự hài lòng của người dân", "Điều chỉnh thời gian hoàn thành", "Sở Nội vụ", "Quý IV/2026"),
        ("3.1", "Rà soát chức năng, nhiệm vụ", "Điều chỉnh cơ quan chủ trì", "Sở Tài chính", "Quý III/2026"),
    ]), "dieu-chinh.docx")
    assert [(t.key, t.title, t.lead) for t in plan.tasks] == [
        ("2.3", "Khảo sát sự hài lòng của người dân", ("Sở Nội vụ",)),
        ("3.1", "Rà soát chức năng, nhiệm vụ", ("Sở Tài chính",)),
    ]


def test_an_amending_plan_s_paragraphs_give_the_new_text_of_each_task() -> None:
    plan = read_plan(_docx(("ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP", "Số: 88/KH-UBND", "Đồng Tháp, ngày 20 tháng 5 năm 2026",
                            "KẾ HOẠCH", "Sửa đổi, bổ sung Kế hoạch số 30/KH-UBND ngày 15/01/2026 về cải cách hành chính",
                            "Ủy ban nhân dân tỉnh sửa đổi, bổ sung Kế hoạch số 30/KH-UBND như sau:",
                            "1. Sửa đổi nhiệm vụ 2.3 như sau: Sở Nội vụ chủ trì, phối hợp với Văn phòng UBND tỉnh tổ "
                            "chức khảo sát sự hài lòng của người dân, hoàn thành trước ngày 30/9/2026.",
                            "2. Bổ sung nhiệm vụ 2.5 như sau: Sở Khoa học và Công nghệ chủ trì triển khai nền tảng số "
                            "hóa hồ sơ, hoàn thành trong Quý IV/2026.",
                            "3. Bãi bỏ nhiệm vụ 3.1.",
                            "Các nội dung khác giữ nguyên theo Kế hoạch số 30/KH-UBND.")), "sua-doi.docx")
    assert [(t.lead, t.support, t.deadline_text) for t in plan.tasks] == [
        (("Sở Nội vụ",), ("Văn phòng UBND tỉnh",), "trước ngày 30/9/2026"),
        (("Sở Khoa học và Công nghệ",), (), "trong Quý IV/2026"),
    ]
    assert plan.tasks[0].title.startswith("Tổ chức khảo sát sự hài lòng của người dân")
    assert plan.tasks[0].section_title.startswith("Sửa đổi nhiệm vụ 2.3 như sau")  # the task it amends, in the preview


MINISTRY = ("BỘ TƯ PHÁP", "Số: 12/KH-BTP", "Hà Nội, ngày 10 tháng 01 năm 2026", "KẾ HOẠCH",
            "Công tác cải cách hành chính của Bộ Tư pháp năm 2026")


def test_a_ministry_s_table_with_the_level_it_submits_to_and_its_own_units() -> None:
    plan = read_plan(_docx(MINISTRY, [
        ("STT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Sản phẩm", "Cấp trình", "Thời hạn trình"),
        ("1", "Xây dựng Nghị định sửa đổi Nghị định về kiểm soát thủ tục hành chính",
         "Vụ Pháp luật hình sự - hành chính", "Văn phòng Bộ", "Nghị định", "Chính phủ", "Tháng 6/2026"),
        ("2", "Báo cáo cải cách hành chính năm 2026 của Bộ", "Văn phòng Bộ", "Các đơn vị thuộc Bộ", "Báo cáo",
         "Bộ trưởng", "Trước ngày 10/12/2026"),
    ]), "ke-hoach.docx")
    assert [(t.lead, t.support, t.deliverables, t.deadline_text) for t in plan.tasks] == [
        (("Vụ Pháp luật hình sự - hành chính",), ("Văn phòng Bộ",), ("Nghị định",), "Tháng 6/2026"),
        (("Văn phòng Bộ",), ("Các phòng, ban, đơn vị",), ("Báo cáo",), "Trước ngày 10/12/2026"),  # no agency «Bộ»
    ]
    assert plan.meta.issuer == "Bộ Tư pháp"


def test_notes_restating_the_deadline_or_saying_the_task_s_state_add_no_deadline() -> None:
    plan = read_plan(sheet_bytes([
        list(PROVINCE[:2]), ["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026"], list(APPENDIX),
        [1, "Rà soát thủ tục hành chính", "Sở Nội vụ", "", "Quý II/2026", "Hoàn thành trước 30/6/2026"],
        [2, "Hoàn thiện cơ sở dữ liệu", "Sở Nội vụ", "", "Quý II/2026", "Đã hoàn thành năm 2025"],
        [3, "Triển khai Đề án", "Sở Nội vụ", "", "Quý II/2026", "Thực hiện theo Kế hoạch số 12/KH-UBND ngày 15/5/2024"],
    ]), "phu-luc.xlsx")
    assert [[(m.kind, m.due) for m in t.milestones] for t in plan.tasks] == [[("due", D(2026, 6, 30))]] * 3


H5 = APPENDIX[:5]


def test_a_word_table_split_in_two_by_a_section_break_reads_on() -> None:
    plan = read_plan(_docx(PROVINCE, [
        H5,
        ("1", "Ban hành Kế hoạch kiểm tra cải cách hành chính năm 2026", "Sở Nội vụ", "Các sở, ngành", "Tháng 02/2026"),
        ("2", "Khảo sát sự hài lòng của người dân", "Sở Nội vụ", "", "Quý IV/2026"),
    ], [
        ("3", "Tuyên truyền cải cách hành chính trên báo, đài", "Sở Văn hóa, Thể thao và Du lịch", "", "Thường xuyên"),
        ("4", "Tổng kết công tác cải cách hành chính năm 2026", "Sở Nội vụ", "Các sở, ngành", "Tháng 12/2026"),
    ], new_section=True), "ke-hoach.docx")
    assert [(t.key, t.lead[0], t.deadline_text) for t in plan.tasks] == [
        ("1", "Sở Nội vụ", "Tháng 02/2026"), ("2", "Sở Nội vụ", "Quý IV/2026"),
        ("3", "Sở Văn hóa, Thể thao và Du lịch", "Thường xuyên"), ("4", "Sở Nội vụ", "Tháng 12/2026")]


def test_an_e_office_export_s_header_cells_broken_over_lines() -> None:
    plan = read_plan(sheet_bytes([
        ["UBND TỈNH ĐỒNG THÁP"], ["DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026"], [],
        ["STT\n(1)", "Tên nhiệm vụ\n(2)", "Đơn vị\nchủ trì\n(3)", "Đơn vị\nphối hợp\n(4)", "Thời hạn\nhoàn thành\n(5)",
         "Trạng thái\n(6)"],
        [1, "Xây dựng kế hoạch tuyên truyền cải cách hành chính", "Sở Nội vụ", "Sở Văn hóa, Thể thao và Du lịch",
         "31/03/2026", "Chưa thực hiện"],
        [2, "Đánh giá chỉ số PAR INDEX các sở, ngành", "Sở Nội vụ", "", "15/12/2026", "Đang thực hiện"],
    ], wrap=True), "export.xlsx")
    assert reading(plan) == [("1", ("Sở Nội vụ",), ("Sở Văn hóa, Thể thao và Du lịch",), (D(2026, 3, 31),)),
                           ("2", ("Sở Nội vụ",), (), (D(2026, 12, 15),))]


def test_tasks_grouped_under_their_agency_in_a_table_and_in_prose() -> None:
    table = read_plan(_docx(PROVINCE, [
        ("STT", "Nội dung công việc", "Thời gian hoàn thành"),
        ("1", "Sở Nội vụ", ""),
        ("1.1", "Tham mưu kế hoạch cải cách hành chính năm 2027", "Tháng 12/2026"),
        ("2", "Sở Tư pháp", ""),
        ("2.1", "Kiểm tra văn bản quy phạm pháp luật", "Quý II/2026"),
    ]), "ke-hoach.docx")
    assert [(t.key, t.lead) for t in table.tasks] == [("1.1", ("Sở Nội vụ",)), ("2.1", ("Sở Tư pháp",))]
    prose = read_plan(_docx((*PROVINCE, "IV. TỔ CHỨC THỰC HIỆN", "1. Sở Nội vụ",
                             "a) Theo dõi việc thực hiện Kế hoạch này; báo cáo UBND tỉnh trước ngày 15/12/2026.",
                             "2. Sở Tài chính", "a) Bố trí kinh phí thực hiện Kế hoạch, hoàn thành trong tháng 02/2026.")),
                      "ke-hoach.docx")
    assert reading(prose) == [("1.a", ("Sở Nội vụ",), (), (D(2026, 12, 15),)),
                            ("2.a", ("Sở Tài chính",), (), (D(2026, 2, 28),))]


def test_all_units_and_communes_lead_together() -> None:
    plan = read_plan(_docx(("ỦY BAN NHÂN DÂN HUYỆN THÁP MƯỜI", "Số: 05/KH-UBND", "Tháp Mười, ngày 12 tháng 01 năm 2026",
                            "KẾ HOẠCH", "Cải cách hành chính huyện Tháp Mười năm 2026"), [
        H5,
        ("1", "Quán triệt, triển khai Kế hoạch", "Các cơ quan, đơn vị, UBND các xã", "Phòng Nội vụ", "Tháng 01/2026"),
        ("2", "Báo cáo kết quả cải cách hành chính quý", "Các cơ quan, đơn vị; UBND các xã, thị trấn", "",
         "Trước ngày 15 tháng cuối quý"),
    ]), "ke-hoach.docx")
    assert [(t.lead, t.support) for t in plan.tasks] == [(("Các phòng, ban, đơn vị", "Tất cả phường"), ("Phòng Nội vụ",)),
                                                         (("Các phòng, ban, đơn vị", "Tất cả phường"), ())]
    assert plan.tasks[1].milestones[0].dates == (D(2026, 3, 15), D(2026, 6, 15), D(2026, 9, 15), D(2026, 12, 15))


def test_a_start_and_end_column_under_one_time_heading_in_a_sheet() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026"])
    sheet.append(["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện", ""])
    sheet.append(["", "", "", "", "Bắt đầu", "Kết thúc"])
    sheet.merge_cells("E2:F2")
    for column in "ABCD":
        sheet.merge_cells(f"{column}2:{column}3")
    sheet.append([1, "Kiểm tra cải cách hành chính", "Sở Nội vụ", "Văn phòng UBND tỉnh", "01/06/2026", "30/09/2026"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    plan = read_plan(buffer.getvalue(), "ke-hoach.xlsx")
    assert reading(plan) == [("1", ("Sở Nội vụ",), ("Văn phòng UBND tỉnh",), (D(2026, 9, 30),))]


def test_agencies_lettered_as_sections_over_their_tasks() -> None:
    document = Document()
    for text in PROVINCE:
        document.add_paragraph(text)
    rows = [("STT", "Nhiệm vụ", "Thời hạn"), ("A", "SỞ NỘI VỤ", ""), ("1", "Thẩm định đề án vị trí việc làm", "Quý II/2026"),
            ("B", "SỞ TƯ PHÁP", ""), ("1", "Kiểm tra văn bản", "Quý IV/2026")]
    table = document.add_table(rows=len(rows), cols=3)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
        if row[0] in "AB":
            table.cell(r, 1).merge(table.cell(r, 2)).text = row[1]  # the agency's row merged across
    buffer = io.BytesIO()
    document.save(buffer)
    plan = read_plan(buffer.getvalue(), "ke-hoach.docx")
    assert [(t.key, t.lead) for t in plan.tasks] == [("1.1", ("Sở Nội vụ",)), ("2.1", ("Sở Tư pháp",))]


@needs_font
def test_a_ministry_s_pdf_with_the_level_it_submits_to() -> None:
    plan = read_plan(_pdf(("BỘ NỘI VỤ", "Số: 05/KH-BNV", "Hà Nội, ngày 08 tháng 01 năm 2026", "KẾ HOẠCH",
                           "Cải cách hành chính của Bộ Nội vụ năm 2026"), [
        ("TT", "Nhiệm vụ", "Đơn vị chủ trì", "Sản phẩm", "Cấp trình", "Thời hạn trình"),
        ("1", "Xây dựng Đề án cải cách chế độ công vụ", "Vụ Công chức - Viên chức", "Đề án", "Thủ tướng Chính phủ",
         "Quý III/2026"),
    ], (10, 90, 50, 30, 45, 40)), "ke-hoach.pdf")
    assert [(t.lead, t.deliverables, t.deadline_text) for t in plan.tasks] == [
        (("Vụ Công chức - Viên chức",), ("Đề án",), "Quý III/2026")]


def test_an_agency_column_merged_down_over_its_tasks_leads_them() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026 CỦA UBND HUYỆN LẤP VÒ"])
    sheet.append(["Cơ quan, đơn vị", "TT", "Nhiệm vụ", "Thời gian hoàn thành"])
    sheet.append(["Phòng Nội vụ", 1, "Tham mưu kế hoạch kiểm tra", "Tháng 3/2026"])
    sheet.append(["", 2, "Tổ chức kiểm tra", "Quý III/2026"])
    sheet.append(["Phòng Tư pháp", 3, "Rà soát văn bản", "Quý II/2026"])
    sheet.merge_cells("A3:A4")
    buffer = io.BytesIO()
    workbook.save(buffer)
    plan = read_plan(buffer.getvalue(), "ke-hoach.xlsx")
    assert [(t.key, t.lead) for t in plan.tasks] == [("1", ("Phòng Nội vụ",)), ("2", ("Phòng Nội vụ",)),
                                                     ("3", ("Phòng Tư pháp",))]


def test_only_the_timed_parts_of_a_note_join_the_deadline() -> None:
    plan = read_plan(_docx(PROVINCE, [
        APPENDIX,
        ("1", "Đánh giá cán bộ", "Sở Nội vụ", "", "Tháng 12/2026", "Nhiệm vụ trọng tâm; báo cáo kết quả trước 20/12/2026"),
        ("2", "Cập nhật dữ liệu", "Sở Nội vụ", "", "", "Hoàn thành trước 30/9/2026"),
    ]), "ke-hoach.docx")
    assert [t.deadline_text for t in plan.tasks] == ["Tháng 12/2026; báo cáo kết quả trước 20/12/2026",
                                                     "Hoàn thành trước 30/9/2026"]
    assert _labels(plan)[0] == [("due", None), ("due", "Báo cáo kết quả")]
