"""Shapes written here with the real libraries (branch shapes8), each read as an office means it:

- a district's plan carrying out a province's plan, its tasks quoting the province's numbers
  («(Nhiệm vụ 2.3 KH 45/KH-UBND tỉnh)», or a column of them beside STT);
- a task table with no time column whose deadlines are written in the tasks («…, hoàn thành trước 30/6/2026»),
  or set once for the whole plan in the prose above it;
- deadlines «Tuần thứ 2 của tháng 4», «giữa tháng 5», «cuối tháng 6», «đầu quý III», «trong tháng 10/2026»,
  «trước ngày 15 của tháng đầu quý sau»;
- the task column split into «Nhiệm vụ | Giải pháp», header rows repeated inside a Word table or a PDF's pages,
  a sheet's header on row 5 under a merged title block, lead and support in one column («;» or line breaks, «(chủ
  trì)» after one name; a column headed «Đơn vị chủ trì, phối hợp»), a ward's plan led by its officials' titles
  («Chủ tịch UBND phường» is the ward's chair there, not every ward), «Dự kiến kinh phí» columns, and a PDF
  exported from Word with its text in two columns.

A table without a time column used to be refused; it is read now when a deadline is written in its tasks or set
for the whole plan (a task naming none is said to have no deadline, to correct in the preview), and still refused
when no deadline is written anywhere (tests/plans/test_import_errors.py, test_plan_texts.py, test_import_shapes6.py).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table
from fpdf import FPDF

from plans.deadlines import UNREADABLE, parse_deadline
from plans.importer import read_plan
from plans.model import ParsedPlan
from tests.plans.built_documents import merge, read_text, read_word, read_workbook, reading, word

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
DISTRICT = ("ỦY BAN NHÂN DÂN HUYỆN LAI VUNG", "Số: 21/KH-UBND", "Lai Vung, ngày 20 tháng 01 năm 2026", "KẾ HOẠCH",
            "Thực hiện Kế hoạch số 45/KH-UBND ngày 10/01/2026 của UBND tỉnh về cải cách hành chính năm 2026")
WARD = ("ỦY BAN NHÂN DÂN PHƯỜNG MỸ PHÚ", "Số: 07/KH-UBND", "Mỹ Phú, ngày 15 tháng 01 năm 2026", "KẾ HOẠCH",
        "Cải cách hành chính phường Mỹ Phú năm 2026")
SIGNATURE = ("Nơi nhận:", "- UBND tỉnh (b/c);", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Trần Văn Bình")
D = date
needs_font = pytest.mark.skipif(not FONT.exists(), reason="DejaVu font not installed")


def _pdf(orientation: str = "P") -> FPDF:
    pdf = FPDF(orientation=orientation)
    pdf.add_page()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.add_font("DejaVu", style="B", fname=str(FONT.with_name("DejaVuSans-Bold.ttf")))
    pdf.set_font("DejaVu", size=10)
    return pdf


def _warnings(plan: ParsedPlan) -> list[str]:
    return [w.text.key for w in plan.warnings]


# --- a district carrying out the province's plan -------------------------------------------------------------

def test_tasks_quoting_the_province_s_task_numbers_keep_their_own() -> None:
    plan = read_word(word(DISTRICT, [
        ("STT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời gian"),
        ("1", "Rà soát, công bố thủ tục hành chính thuộc thẩm quyền (Nhiệm vụ 2.3 KH 45/KH-UBND tỉnh)",
         "Phòng Tư pháp", "Các phòng chuyên môn", "Quý II/2026"),
        ("2", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính (Nhiệm vụ 4.1 Kế hoạch số 45/KH-UBND ngày "
              "10/01/2026 của UBND tỉnh)", "Văn phòng HĐND và UBND huyện", "Phòng Nội vụ", "Tháng 9/2026"),
    ], after=SIGNATURE))
    assert [(k, dates) for k, _, _, dates in reading(plan)] == [("1", (D(2026, 6, 30),)), ("2", (D(2026, 9, 30),))]
    assert plan.tasks[0].lead == ("Phòng Tư pháp",)
    assert "Nhiệm vụ 2.3" in plan.tasks[0].title
    assert not [w for w in _warnings(plan) if "deadline" in w]


def test_a_column_of_the_province_s_numbers_beside_stt_is_not_the_task_s_number() -> None:
    plan = read_word(word(DISTRICT, [
        ("STT", "Nhiệm vụ theo KH của tỉnh", "Nhiệm vụ cụ thể của huyện", "Cơ quan chủ trì", "Thời hạn"),
        ("1", "2.3", "Rà soát, đơn giản hóa thủ tục hành chính", "Phòng Tư pháp", "Quý II/2026"),
        ("2", "4.1", "Số hóa hồ sơ một cửa", "Phòng Nội vụ", "Quý III/2026"),
        ("3", "4.1", "Tập huấn kỹ năng số cho công chức", "Phòng Nội vụ", "Tháng 10/2026"),
    ]))
    assert reading(plan) == [
        ("1", ("Phòng Tư pháp",), (), (D(2026, 6, 30),)),
        ("2", ("Phòng Nội vụ",), (), (D(2026, 9, 30),)),
        ("3", ("Phòng Nội vụ",), (), (D(2026, 10, 31),)),
    ]
    assert plan.tasks[1].title.startswith("Số hóa hồ sơ")


def test_field_blocks_quoting_the_province_s_task_numbers() -> None:
    plan = read_text(DISTRICT, (
        "II. NHIỆM VỤ CỤ THỂ",
        "1. Rà soát, công bố thủ tục hành chính (Nhiệm vụ 2.3 KH 45/KH-UBND tỉnh)",
        "- Cơ quan chủ trì: Phòng Tư pháp",
        "- Thời gian hoàn thành: Quý II/2026",
        "2. Nâng cao Chỉ số hài lòng của người dân (Nhiệm vụ 6.2 KH 45/KH-UBND tỉnh)",
        "- Cơ quan chủ trì: Phòng Nội vụ",
        "- Thời gian hoàn thành: Tháng 11/2026",
    ), SIGNATURE)
    assert reading(plan) == [
        ("1", ("Phòng Tư pháp",), (), (D(2026, 6, 30),)),
        ("2", ("Phòng Nội vụ",), (), (D(2026, 11, 30),)),
    ]


# --- no time column ------------------------------------------------------------------------------------------

def test_a_table_without_a_time_column_takes_the_deadlines_written_in_its_tasks() -> None:
    plan = read_word(word(DISTRICT, [
        ("STT", "Nhiệm vụ", "Chủ trì", "Phối hợp"),
        ("1", "Rà soát quy chế làm việc của UBND huyện, hoàn thành trước 30/6/2026", "Phòng Nội vụ",
         "Văn phòng HĐND và UBND huyện"),
        ("2", "Tổ chức đối thoại với người dân về thủ tục hành chính trong Quý III/2026", "Phòng Tư pháp", ""),
        ("3", "Kiểm tra công tác cải cách hành chính tại các xã (hoàn thành trước ngày 15/11/2026)", "Phòng Nội vụ",
         "Phòng Tư pháp"),
    ]))
    assert [(k, lead, dates) for k, lead, _, dates in reading(plan)] == [
        ("1", ("Phòng Nội vụ",), (D(2026, 6, 30),)),
        ("2", ("Phòng Tư pháp",), (D(2026, 9, 30),)),
        ("3", ("Phòng Nội vụ",), (D(2026, 11, 15),)),
    ]


def test_a_task_without_a_time_column_or_a_deadline_in_its_text_is_read_to_correct_in_the_preview() -> None:
    plan = read_word(word(DISTRICT, [
        ("STT", "Nhiệm vụ", "Chủ trì"),
        ("1", "Rà soát quy chế làm việc, hoàn thành trước 30/6/2026", "Phòng Nội vụ"),
        ("2", "Tuyên truyền về cải cách hành chính", "Phòng Văn hóa và Thông tin"),
    ]))
    assert [t.key for t in plan.tasks] == ["1", "2"]
    assert [d for m in plan.tasks[0].milestones for d in m.dates] == [D(2026, 6, 30)]
    assert not [d for m in plan.tasks[1].milestones for d in m.dates]
    assert set(_warnings(plan)) & set(UNREADABLE) or "plan_warn_no_deadline" in " ".join(_warnings(plan))


def test_a_table_without_a_time_column_under_a_deadline_for_the_whole_plan() -> None:
    plan = read_word(word((
        *DISTRICT,
        "III. TỔ CHỨC THỰC HIỆN",
        "Các cơ quan, đơn vị được giao nhiệm vụ tại Phụ lục kèm theo hoàn thành trước ngày 15/12/2026.",
        "PHỤ LỤC NHIỆM VỤ",
    ), [
        ("STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp"),
        ("1", "Rà soát, đơn giản hóa thủ tục hành chính", "Phòng Tư pháp", "Các phòng chuyên môn"),
        ("2", "Đánh giá chất lượng phục vụ tại bộ phận một cửa", "Phòng Nội vụ", ""),
    ]))
    assert [(k, lead, dates) for k, lead, _, dates in reading(plan)] == [
        ("1", ("Phòng Tư pháp",), (D(2026, 12, 15),)),
        ("2", ("Phòng Nội vụ",), (D(2026, 12, 15),)),
    ]


def test_a_sheet_without_a_time_column_takes_the_deadlines_written_in_its_tasks() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026"])
    sheet.append(["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp"])
    sheet.append([1, "Xây dựng kế hoạch tuyên truyền CCHC, hoàn thành trong tháng 3/2026", "Phòng Văn hóa và Thông tin",
                  "Phòng Nội vụ"])
    sheet.append([2, "Báo cáo kết quả CCHC định kỳ hằng quý, trước ngày 15 của tháng cuối quý", "Phòng Nội vụ", None])
    plan = read_workbook(workbook)
    assert [(k, dates) for k, _, _, dates in reading(plan)] == [
        ("1", (D(2026, 3, 31),)),
        ("2", (D(2026, 3, 15), D(2026, 6, 15), D(2026, 9, 15), D(2026, 12, 15))),
    ]


# --- deadlines written as people say them ---------------------------------------------------------------------

@pytest.mark.parametrize(("text", "dates"), [
    ("Tuần thứ 2 của tháng 4/2026", (D(2026, 4, 14),)),  # days 8–14, as «Tuần đầu tháng» is days 1–7
    ("Tuần thứ 3 tháng 11/2026", (D(2026, 11, 21),)),
    ("Cuối tháng 6", (D(2026, 6, 30),)),
    ("Trong tháng 10/2026", (D(2026, 10, 31),)),
    ("Nửa đầu tháng 8/2026", (D(2026, 8, 15),)),
    ("Trước ngày 15 của tháng đầu quý sau", (D(2026, 4, 15), D(2026, 7, 15), D(2026, 10, 15), D(2027, 1, 15))),
])
def test_deadlines_as_people_say_them(text: str, dates: tuple[date, ...]) -> None:
    result = parse_deadline(text, year=2026, period=(2026, 2026))
    assert tuple(d for m in result.milestones for d in m.dates) == dates
    assert not [w for w in result.warnings if w.key in UNREADABLE]


def test_a_table_s_deadlines_in_weeks_and_parts_of_months_and_quarters() -> None:
    plan = read_word(word(WARD, [
        ("STT", "Nội dung", "Chủ trì", "Thời gian thực hiện"),
        ("1", "Kiện toàn bộ phận một cửa", "Văn phòng HĐND và UBND phường", "Tuần thứ 2 của tháng 4"),
        ("2", "Tổ chức hội nghị đối thoại", "Văn phòng HĐND và UBND phường", "Giữa tháng 5"),
        ("3", "Sơ kết 6 tháng", "Văn phòng HĐND và UBND phường", "Cuối tháng 6"),
        ("4", "Kiểm tra việc niêm yết thủ tục", "Văn phòng HĐND và UBND phường", "Đầu quý III"),
        ("5", "Tự chấm điểm chỉ số CCHC", "Văn phòng HĐND và UBND phường", "Trong tháng 10/2026"),
        ("6", "Báo cáo CCHC quý", "Văn phòng HĐND và UBND phường", "Trước ngày 15 của tháng đầu quý sau"),
    ]))
    assert [dates for *_, dates in reading(plan)] == [
        (D(2026, 4, 14),), (D(2026, 5, 20),), (D(2026, 6, 30),), (D(2026, 7, 31),), (D(2026, 10, 31),),
        (D(2026, 4, 15), D(2026, 7, 15), D(2026, 10, 15), D(2027, 1, 15)),
    ]


# --- «Nhiệm vụ | Giải pháp» ----------------------------------------------------------------------------------

def test_a_task_column_split_into_task_and_solution() -> None:
    plan = read_word(word(DISTRICT, [
        ("STT", "Nhiệm vụ", "Giải pháp", "Chủ trì", "Phối hợp", "Thời gian"),
        ("1", "Nâng cao chất lượng giải quyết thủ tục hành chính", "Tăng cường kiểm tra, giám sát bộ phận một cửa",
         "Văn phòng HĐND và UBND huyện", "Phòng Nội vụ", "Quý II/2026"),
        ("2", "Cải cách chế độ công vụ", "Thực hiện đánh giá, xếp loại công chức theo kết quả công việc",
         "Phòng Nội vụ", "Các phòng chuyên môn", "Tháng 12/2026"),
    ]))
    assert [(k, dates) for k, _, _, dates in reading(plan)] == [("1", (D(2026, 6, 30),)), ("2", (D(2026, 12, 31),))]
    assert plan.tasks[1].lead == ("Phòng Nội vụ",)
    assert plan.tasks[0].title.startswith("Nâng cao chất lượng giải quyết thủ tục hành chính")
    assert "kiểm tra, giám sát bộ phận một cửa" in plan.tasks[0].title


def test_a_task_merged_down_over_its_solutions_each_with_its_own_lead() -> None:
    document = word(DISTRICT, [
        ("STT", "Nhiệm vụ", "Giải pháp", "Chủ trì", "Thời hạn"),
        ("1", "Cải cách thủ tục hành chính", "Rà soát thủ tục hành chính lĩnh vực đất đai",
         "Phòng Nông nghiệp và Môi trường", "Quý II/2026"),
        ("", "", "Công khai thủ tục trên Cổng dịch vụ công", "Văn phòng HĐND và UBND huyện", "Quý III/2026"),
        ("2", "Cải cách tài chính công", "Giao quyền tự chủ cho đơn vị sự nghiệp", "Phòng Tài chính - Kế hoạch",
         "Tháng 11/2026"),
    ])
    table = document.tables[0]
    merge(table, 1, 0, 2, 0)
    merge(table, 1, 1, 2, 1)
    plan = read_word(document)
    assert [len(t.lead) for t in plan.tasks] == [1, 1, 1]
    assert [dates for *_, dates in reading(plan)] == [(D(2026, 6, 30),), (D(2026, 9, 30),), (D(2026, 11, 30),)]
    assert "Công khai thủ tục" in plan.tasks[1].title


# --- header rows repeated -------------------------------------------------------------------------------------

def _repeat_header(table: Table, rows: int) -> None:
    for row in table.rows[:rows]:
        properties = row._tr.get_or_add_trPr()
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        properties.append(header)


def test_a_word_table_s_header_marked_to_repeat_with_a_title_row_above_it() -> None:
    header = ("STT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời gian")
    document = word(DISTRICT, [
        ("BIỂU PHÂN CÔNG NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026", "", "", "", ""),
        header,
        ("(1)", "(2)", "(3)", "(4)", "(5)"),
        *((str(n), f"Nhiệm vụ số {n} về cải cách hành chính", "Phòng Nội vụ", "Phòng Tư pháp", "Quý IV/2026")
          for n in range(1, 4)),
    ])
    table = document.tables[0]
    merge(table, 0, 0, 0, 4)
    _repeat_header(table, 3)
    plan = read_word(document)
    assert [t.key for t in plan.tasks] == ["1", "2", "3"]
    assert {t.lead for t in plan.tasks} == {("Phòng Nội vụ",)}


def test_a_word_table_s_header_and_column_numbers_typed_again_after_a_page_break() -> None:
    header = ("STT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời gian")
    numbers = ("1", "2", "3", "4", "5")
    rows = [header, numbers,
            ("1", "Rà soát văn bản quy phạm pháp luật", "Phòng Tư pháp", "", "Quý II/2026"),
            ("2", "Kiểm tra công vụ", "Phòng Nội vụ", "", "Quý III/2026"),
            header, numbers,
            ("3", "Đo lường sự hài lòng", "Phòng Nội vụ", "Phòng Văn hóa và Thông tin", "Tháng 11/2026"),
            ("4", "Số hóa hồ sơ", "Văn phòng HĐND và UBND huyện", "", "Tháng 12/2026")]
    plan = read_word(word(DISTRICT, rows))
    assert [t.key for t in plan.tasks] == ["1", "2", "3", "4"]
    assert [dates for *_, dates in reading(plan)][2:] == [(D(2026, 11, 30),), (D(2026, 12, 31),)]


@needs_font
def test_a_landscape_pdf_table_over_pages_with_its_header_and_a_funds_column() -> None:
    pdf = _pdf("L")
    for line in DISTRICT:
        pdf.cell(h=6, text=line, new_x="LMARGIN", new_y="NEXT")
    filler = "triển khai, kiểm tra, đánh giá kết quả thực hiện tại các cơ quan, đơn vị và UBND các xã. " * 2
    with pdf.table(col_widths=(10, 110, 45, 45, 30, 30), repeat_headings=1) as table:
        for cells in [("STT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời gian", "Dự kiến kinh phí (triệu đồng)"),
                      *((str(n), f"Nhiệm vụ {n}: {filler}", "Phòng Nội vụ" if n % 2 else "Phòng Tư pháp",
                         "Các phòng chuyên môn", "Quý III/2026", f"{n * 10},5") for n in range(1, 9))]:
            row = table.row()
            for cell in cells:
                row.cell(cell)
    assert pdf.pages_count >= 2
    plan = read_plan(bytes(pdf.output()), "ke-hoach.pdf")
    assert [t.key for t in plan.tasks] == [str(n) for n in range(1, 9)]
    assert {t.lead for t in plan.tasks} == {("Phòng Nội vụ",), ("Phòng Tư pháp",)}
    assert {dates for *_, dates in reading(plan)} == {(D(2026, 9, 30),)}
    assert not any("triệu" in t.title or "10,5" in t.title for t in plan.tasks)


# --- a sheet's header under its title block -------------------------------------------------------------------

def test_a_sheet_s_header_on_row_five_under_merged_title_cells() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"] = "ỦY BAN NHÂN DÂN HUYỆN LAI VUNG"
    sheet["A2"] = "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026"
    sheet["A3"] = "(Kèm theo Kế hoạch số 21/KH-UBND ngày 20/01/2026 của UBND huyện)"
    for row in (1, 2, 3):
        sheet.merge_cells(f"A{row}:F{row}")
    sheet.append([])  # row 4 left empty
    sheet.append(["STT", "Nhiệm vụ", "Đơn vị chủ trì, phối hợp", "Thời gian hoàn thành", "Dự kiến kinh phí",
                  "Ghi chú"])
    sheet.append([1, "Rà soát thủ tục hành chính", "Phòng Tư pháp (chủ trì); Phòng Nội vụ", "Quý II/2026",
                  50000000, None])
    sheet.append([2, "Nâng cấp bộ phận một cửa", "Văn phòng HĐND và UBND huyện (chủ trì); Phòng Tài chính - Kế hoạch",
                  "Quý III/2026", "Ngân sách huyện", "Theo dự toán"])
    assert sheet.max_row == 7
    plan = read_workbook(workbook)
    assert [(k, dates) for k, _, _, dates in reading(plan)] == [("1", (D(2026, 6, 30),)), ("2", (D(2026, 9, 30),))]
    assert plan.tasks[0].lead == ("Phòng Tư pháp",) and plan.tasks[0].support == ("Phòng Nội vụ",)
    assert plan.meta.year == 2026


# --- lead and support in one column ---------------------------------------------------------------------------

@pytest.mark.parametrize(("cell", "lead", "support"), [
    ("Phòng Tư pháp; Phòng Nội vụ (chủ trì); Phòng Văn hóa và Thông tin", "Phòng Nội vụ",
     ("Phòng Tư pháp", "Phòng Văn hóa và Thông tin")),
    ("Phòng Văn hóa và Thông tin (chủ trì)\nPhòng Nội vụ\nUBND các xã", "Phòng Văn hóa và Thông tin",
     ("Phòng Nội vụ",)),
    ("Phòng Tư pháp\nPhòng Nội vụ (chủ trì)", "Phòng Nội vụ", ("Phòng Tư pháp",)),
])
def test_one_column_naming_agencies_apart_with_chu_tri_after_one(cell: str, lead: str,
                                                                  support: tuple[str, ...]) -> None:
    plan = read_word(word(DISTRICT, [
        ("STT", "Nhiệm vụ", "Cơ quan thực hiện", "Thời gian"),
        ("1", "Triển khai bộ chỉ số cải cách hành chính", cell, "Quý II/2026"),
    ]))
    task = plan.tasks[0]
    assert task.lead == (lead,)
    assert task.support[: len(support)] == support


# --- a ward led by its officials ------------------------------------------------------------------------------

_OFFICIALS = ("Công chức Văn phòng - Thống kê", "Chủ tịch UBND phường", "Phó Chủ tịch UBND phường phụ trách VHXH",
              "Công chức Tư pháp - Hộ tịch")


def test_a_ward_s_plan_led_by_its_officials_keeps_each_title_as_the_lead() -> None:
    plan = read_word(word(WARD, [
        ("STT", "Nội dung công việc", "Người chủ trì", "Phối hợp", "Thời gian"),
        ("1", "Xây dựng kế hoạch CCHC năm 2026", _OFFICIALS[0], "Các công chức chuyên môn", "Tháng 01/2026"),
        ("2", "Chỉ đạo đối thoại với Nhân dân", _OFFICIALS[1], "Ủy ban MTTQ Việt Nam phường", "Quý II/2026"),
        ("3", "Tuyên truyền cải cách hành chính", _OFFICIALS[2], "Công chức Văn hóa - Xã hội", "Thường xuyên"),
        ("4", "Rà soát thủ tục hộ tịch", _OFFICIALS[3], "", "Quý III/2026"),
    ], after=SIGNATURE))
    assert [t.key for t in plan.tasks] == ["1", "2", "3", "4"]
    assert [t.lead + t.unknown_lead for t in plan.tasks] == [(o,) for o in _OFFICIALS]


def test_a_ward_s_sentences_assigning_its_officials() -> None:
    plan = read_text(WARD, (
        "III. TỔ CHỨC THỰC HIỆN",
        "1. Giao Công chức Văn hóa - Xã hội chủ trì, phối hợp Công an phường tuyên truyền cải cách hành chính, "
        "hoàn thành trước 30/4/2026.",
        "2. Giao Công chức Văn phòng - Thống kê tổng hợp báo cáo cải cách hành chính quý, gửi UBND tỉnh trước ngày "
        "15 của tháng cuối quý.",
    ), SIGNATURE)
    assert [t.lead + t.unknown_lead for t in plan.tasks] == [("Công chức Văn hóa - Xã hội",),
                                                             ("Công chức Văn phòng - Thống kê",)]
    assert reading(plan)[0][3] == (D(2026, 4, 30),)


def test_a_ward_s_sheet_led_by_its_officials() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([WARD[0]])
    sheet.append(["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026"])
    sheet.append(["TT", "Nhiệm vụ", "Chủ trì", "Thời hạn"])
    for n, official in enumerate(_OFFICIALS, start=1):
        sheet.append([n, f"Công việc thứ {n} của kế hoạch", official, "Quý IV/2026"])
    plan = read_workbook(workbook, "phuong.xlsx")
    assert [t.lead + t.unknown_lead for t in plan.tasks] == [(o,) for o in _OFFICIALS]


# --- funds columns --------------------------------------------------------------------------------------------

def test_funds_columns_are_neither_deadline_nor_lead_nor_task() -> None:
    plan = read_word(word(DISTRICT, [
        ("STT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Dự kiến kinh phí (triệu đồng)", "Nguồn kinh phí", "Thời gian"),
        ("1", "Nâng cấp phần mềm một cửa điện tử", "Văn phòng HĐND và UBND huyện", "Phòng Tài chính - Kế hoạch",
         "120,5", "Ngân sách huyện", "Quý III/2026"),
        ("2", "Tập huấn nghiệp vụ cải cách hành chính", "Phòng Nội vụ", "", "30", "Ngân sách huyện",
         "Tháng 6/2026"),
    ]))
    assert [(k, dates) for k, _, _, dates in reading(plan)] == [("1", (D(2026, 9, 30),)), ("2", (D(2026, 6, 30),))]
    assert plan.tasks[1].lead == ("Phòng Nội vụ",) and plan.tasks[1].support == ()
    assert not any("Ngân sách" in t.title or "120,5" in t.title for t in plan.tasks)
    assert not _warnings(plan)


def test_a_funds_column_before_the_time_column_written_in_dong() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Kinh phí thực hiện", "Thời gian hoàn thành"])
    sheet.append([1, "Khảo sát sự hài lòng của người dân", "Phòng Nội vụ", "30.000.000 đồng", "Tháng 10/2026"])
    sheet.append([2, "In tài liệu tuyên truyền", "Phòng Văn hóa và Thông tin", "Lồng ghép kinh phí thường xuyên",
                  "Quý II/2026"])
    plan = read_workbook(workbook)
    assert reading(plan) == [("1", ("Phòng Nội vụ",), (), (D(2026, 10, 31),)),
                           ("2", ("Phòng Văn hóa và Thông tin",), (), (D(2026, 6, 30),))]


# --- a PDF in two columns -------------------------------------------------------------------------------------

@needs_font
def test_a_pdf_exported_from_word_with_its_text_in_two_columns() -> None:
    pdf = _pdf()
    for line in WARD:
        pdf.cell(h=6, text=line, new_x="LMARGIN", new_y="NEXT")
    left = ("II. NHIỆM VỤ", "1. Văn phòng HĐND và UBND phường chủ trì rà soát quy chế làm việc của UBND phường, "
            "hoàn thành trước 31/3/2026.", "2. Công an phường chủ trì cập nhật dữ liệu dân cư, hoàn thành trong "
            "Quý II/2026.")
    right = ("3. Văn phòng HĐND và UBND phường chủ trì tổ chức đối thoại với Nhân dân về thủ tục hành chính, "
             "hoàn thành trước 30/9/2026.", "4. Công an phường chủ trì tuyên truyền dịch vụ công trực tuyến, hoàn "
             "thành trước 30/11/2026.")
    top = pdf.get_y() + 4
    for x, paragraphs in ((10, left), (110, right)):
        pdf.set_xy(x, top)
        for text in paragraphs:
            pdf.set_x(x)
            pdf.multi_cell(90, 6, text, new_x="LEFT", new_y="NEXT")
    plan = read_plan(bytes(pdf.output()), "ke-hoach.pdf")
    assert [(t.title[:15].lower(), t.lead, dates) for t, (*_, dates) in zip(plan.tasks, reading(plan), strict=True)] == [
        ("rà soát quy chế", ("Văn phòng HĐND và UBND phường",), (D(2026, 3, 31),)),
        ("cập nhật dữ liệ", ("Công an phường",), (D(2026, 6, 30),)),
        ("tổ chức đối tho", ("Văn phòng HĐND và UBND phường",), (D(2026, 9, 30),)),
        ("tuyên truyền dị", ("Công an phường",), (D(2026, 11, 30),)),
    ]


def test_names_before_the_one_marked_chu_tri_help_even_between_commas() -> None:
    plan = read_word(word(DISTRICT, [
        ("STT", "Nhiệm vụ", "Đơn vị thực hiện", "Thời gian"),
        ("1", "Rà soát quy trình nội bộ", "Phòng Tư pháp, Phòng Nội vụ (chủ trì)", "Quý II/2026"),
        ("2", "Số hóa hồ sơ", "Văn phòng HĐND và UBND huyện (chủ trì)", "Quý III/2026"),
    ]))
    assert [(t.lead, t.support) for t in plan.tasks] == [
        (("Phòng Nội vụ",), ("Phòng Tư pháp",)),
        (("Văn phòng HĐND và UBND huyện",), ()),
    ]


@pytest.mark.parametrize(("cell", "lead", "support"), [
    ("Phòng Tư pháp, Phòng Nội vụ", ("Phòng Tư pháp",), ("Phòng Nội vụ",)),
    ("Phòng Nội vụ; UBND các xã", ("Phòng Nội vụ",), ("Tất cả phường",)),  # the group of every commune
    ("Phòng Văn hóa và Thông tin", ("Phòng Văn hóa và Thông tin",), ()),
    ("Phòng Nội vụ (chủ trì), Phòng Tư pháp (phối hợp)", ("Phòng Nội vụ",), ("Phòng Tư pháp",)),
])
def test_a_column_headed_both_roles_is_led_by_its_first_name_unless_marked(
        cell: str, lead: tuple[str, ...], support: tuple[str, ...]) -> None:
    plan = read_word(word(DISTRICT, [
        ("STT", "Nhiệm vụ", "Cơ quan chủ trì, phối hợp", "Thời hạn"),
        ("1", "Triển khai bộ chỉ số cải cách hành chính", cell, "Quý II/2026"),
    ]))
    assert (plan.tasks[0].lead, plan.tasks[0].support) == (lead, support)


# --- more places a deadline hides -----------------------------------------------------------------------------

def test_an_empty_time_cell_takes_the_deadline_its_task_states() -> None:
    plan = read_word(word(DISTRICT, [
        ("STT", "Nhiệm vụ", "Chủ trì", "Thời gian"),
        ("1", "Rà soát quy chế làm việc, hoàn thành trước 30/6/2026", "Phòng Nội vụ", ""),
        ("2", "Kiểm tra công vụ", "Phòng Nội vụ", "Quý III/2026"),
    ]))
    assert [dates for *_, dates in reading(plan)] == [(D(2026, 6, 30),), (D(2026, 9, 30),)]


def test_a_pasted_table_without_a_time_column_under_a_deadline_for_every_task() -> None:
    plan = read_text(DISTRICT, (
        "Các phòng, ban được giao nhiệm vụ hoàn thành trước ngày 30/11/2026.",
        "STT\tNhiệm vụ\tChủ trì\tPhối hợp",
        "1\tRà soát văn bản quy phạm pháp luật\tPhòng Tư pháp\tPhòng Nội vụ",
        "2\tCập nhật cơ sở dữ liệu cán bộ, công chức, hoàn thành trong Quý II/2026\tPhòng Nội vụ\t",
    ))
    assert [(k, lead, dates) for k, lead, _, dates in reading(plan)] == [
        ("1", ("Phòng Tư pháp",), (D(2026, 11, 30),)),
        ("2", ("Phòng Nội vụ",), (D(2026, 6, 30),)),  # its own deadline first
    ]


def test_two_sentences_setting_different_deadlines_set_none_for_the_table() -> None:
    plan = read_word(word((
        *DISTRICT,
        "Các đơn vị hoàn thành nhiệm vụ nhóm 1 trước ngày 30/6/2026.",
        "Các đơn vị hoàn thành nhiệm vụ nhóm 2 trước ngày 30/9/2026.",
    ), [
        ("STT", "Nhiệm vụ", "Chủ trì"),
        ("1", "Rà soát văn bản, hoàn thành trước 31/5/2026", "Phòng Tư pháp"),
        ("2", "Tuyên truyền cải cách hành chính", "Phòng Văn hóa và Thông tin"),
    ]))
    assert [dates for *_, dates in reading(plan)] == [(D(2026, 5, 31),), ()]
    assert "plan_warn_no_deadline" in _warnings(plan)


@needs_font
def test_a_pdf_table_without_a_time_column_reads_the_deadlines_in_its_tasks() -> None:
    pdf = _pdf()
    for line in DISTRICT:
        pdf.cell(h=6, text=line, new_x="LMARGIN", new_y="NEXT")
    with pdf.table(col_widths=(12, 110, 50)) as table:
        for cells in [("STT", "Nhiệm vụ", "Chủ trì"),
                      ("1", "Rà soát quy chế làm việc, hoàn thành trước 30/6/2026", "Phòng Nội vụ"),
                      ("2", "Đối thoại với người dân trong Quý III/2026", "Phòng Tư pháp")]:
            row = table.row()
            for cell in cells:
                row.cell(cell)
    plan = read_plan(bytes(pdf.output()), "ke-hoach.pdf")
    assert [(k, lead, dates) for k, lead, _, dates in reading(plan)] == [
        ("1", ("Phòng Nội vụ",), (D(2026, 6, 30),)),
        ("2", ("Phòng Tư pháp",), (D(2026, 9, 30),)),
    ]


@needs_font
def test_a_ward_s_landscape_pdf_led_by_its_officials_with_funds() -> None:
    pdf = _pdf("L")
    for line in WARD:
        pdf.cell(h=6, text=line, new_x="LMARGIN", new_y="NEXT")
    with pdf.table(col_widths=(12, 100, 70, 40, 40)) as table:
        for cells in [("TT", "Nội dung", "Người thực hiện", "Thời gian", "Kinh phí"),
                      ("1", "Niêm yết công khai thủ tục hành chính", "Công chức Văn phòng - Thống kê", "Tháng 2/2026",
                       "Không"),
                      ("2", "Đối thoại với Nhân dân", "Chủ tịch UBND phường", "Giữa tháng 5", "5.000.000 đồng")]:
            row = table.row()
            for cell in cells:
                row.cell(cell)
    plan = read_plan(bytes(pdf.output()), "ke-hoach.pdf")
    assert [(t.lead + t.unknown_lead, dates) for t, (*_, dates) in zip(plan.tasks, reading(plan), strict=True)] == [
        (("Công chức Văn phòng - Thống kê",), (D(2026, 2, 28),)),
        (("Chủ tịch UBND phường",), (D(2026, 5, 20),)),
    ]


def test_a_sheet_s_solutions_under_each_task_merged_down() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026"])
    sheet.append(["STT", "Nhiệm vụ", "Giải pháp", "Cơ quan chủ trì", "Thời gian hoàn thành"])
    sheet.append([1, "Cải cách thủ tục hành chính", "Rà soát thủ tục lĩnh vực đất đai", "Phòng Nông nghiệp và Môi trường",
                  "Quý II/2026"])
    sheet.append([None, None, "Số hóa kết quả giải quyết", "Văn phòng HĐND và UBND huyện", "Quý IV/2026"])
    sheet.merge_cells("A3:A4")
    sheet.merge_cells("B3:B4")
    plan = read_workbook(workbook)
    assert [(t.key, t.title) for t in plan.tasks] == [
        ("1.1", "Rà soát thủ tục lĩnh vực đất đai"), ("1.2", "Số hóa kết quả giải quyết")]
    assert plan.tasks[0].section_title == "Cải cách thủ tục hành chính"


@pytest.mark.parametrize(("task", "dates"), [
    ("Tổ chức hội nghị vào giữa tháng 5/2026", (D(2026, 5, 20),)),
    ("Tập huấn trong tuần thứ 2 của tháng 4/2026", (D(2026, 4, 14),)),
    ("Kiểm tra đầu quý III/2026 tại các xã", (D(2026, 7, 31),)),
    ("Rà soát quy chế, xong trước cuối tháng 6", (D(2026, 6, 30),)),
    ("Tập huấn cho công chức vào tuần 2 tháng 4/2026", (D(2026, 4, 14),)),
])
def test_deadlines_said_inside_a_task_without_a_time_column(task: str, dates: tuple[date, ...]) -> None:
    plan = read_word(word(DISTRICT, [("STT", "Nhiệm vụ", "Chủ trì"), ("1", task, "Phòng Nội vụ")]))
    assert reading(plan)[0][3] == dates


@pytest.mark.parametrize("line", ["Thời hạn hoàn thành: trước ngày 30/11/2026",
                                  "Các đơn vị hoàn thành nhiệm vụ trước ngày 30/11/2026"])
def test_a_sheet_s_title_block_setting_the_deadline_of_a_table_without_a_time_column(line: str) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for text in ("UBND HUYỆN LAI VUNG", "KẾ HOẠCH RÀ SOÁT THỦ TỤC HÀNH CHÍNH NĂM 2026", line):
        sheet.append([text])
    sheet.append(["STT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp"])
    sheet.append([1, "Rà soát thủ tục lĩnh vực hộ tịch", "Phòng Tư pháp", "UBND các xã"])
    sheet.append([2, "Rà soát thủ tục lĩnh vực đất đai", "Phòng Nông nghiệp và Môi trường", None])
    plan = read_workbook(workbook)
    assert [dates for *_, dates in reading(plan)] == [(D(2026, 11, 30),), (D(2026, 11, 30),)]
    assert "plan_warn_deadlines_from_task_text" in _warnings(plan)


def test_a_cited_plan_s_date_in_a_task_without_a_time_column_is_no_deadline() -> None:
    plan = read_word(word(DISTRICT, [
        ("STT", "Nhiệm vụ", "Chủ trì"),
        ("1", "Triển khai Kế hoạch số 45/KH-UBND ngày 10/01/2026 của UBND tỉnh, hoàn thành trước 31/3/2026",
         "Phòng Nội vụ"),
        ("2", "Rà soát thủ tục hành chính, hoàn thành trước 30/6/2026 (Nhiệm vụ 2.3 KH 45/KH-UBND tỉnh)",
         "Phòng Tư pháp"),
        ("3", "Thực hiện Quyết định số 12/QĐ-UBND ngày 05/01/2026 của UBND tỉnh", "Phòng Nội vụ"),
    ]))
    assert [dates for *_, dates in reading(plan)] == [(D(2026, 3, 31),), (D(2026, 6, 30),), ()]


def test_prose_tasks_quoting_the_province_s_numbers_after_their_deadline() -> None:
    plan = read_text(DISTRICT, (
        "II. NHIỆM VỤ CỤ THỂ",
        "1. Giao Phòng Tư pháp chủ trì rà soát thủ tục hành chính, hoàn thành trước 30/6/2026 (Nhiệm vụ 2.3 KH "
        "45/KH-UBND tỉnh).",
        "2. Giao Phòng Nội vụ chủ trì đo lường sự hài lòng của người dân, hoàn thành trong Quý IV/2026 (Nhiệm vụ 6.2 "
        "KH 45/KH-UBND tỉnh).",
    ), SIGNATURE)
    assert [(lead, dates) for _, lead, _, dates in reading(plan)] == [
        (("Phòng Tư pháp",), (D(2026, 6, 30),)), (("Phòng Nội vụ",), (D(2026, 12, 31),))]
