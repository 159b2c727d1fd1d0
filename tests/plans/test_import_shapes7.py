"""Shapes written here with the real libraries (branch shapes7), each read as an office means it:

- «Trách nhiệm thực hiện» / «Phân công» columns (one cell «Chủ trì: …\nPhối hợp: …», or «Chủ trì | Phối hợp»
  under them), «Hình thức văn bản» as the product, a deadline cell «06/2026»;
- prose plans whose fields say «Đơn vị thực hiện:», follow the task's sentence on its line or sit in brackets
  («… (Đơn vị chủ trì: Sở Nội vụ; thời gian: Quý I/2026).»), tasks labelled «Nhiệm vụ 1: …»;
- agencies named since the 2025 mergers («Báo và Phát thanh, Truyền hình …», «Thuế tỉnh …»);
- appendices each with their own table after the signature, a workbook with a summary sheet, hidden column,
  spacer row and totals row, «PHỤ LỤC I: …» as a sheet's title;
- a table ticking its periods («Quý I | … | Quý IV», months 1–12) under «Thời gian thực hiện», lettered parts
  over Roman sections (A → I → 1), a table without STT numbering its rows in the task cell;
- a «Nhiệm vụ» column merged down over «Nội dung cụ thể», «Như trên» / «nt» cells, a task written as a card of
  fields, lead, support and time unlabelled in brackets («(Sở Nội vụ chủ trì, phối hợp …; hoàn thành …)»), an
  agency's standing role after its name, a form lettering its columns («A B 1 2 3»), a follow-up sheet's status
  columns, «UBND cấp xã», «Sở X có trách nhiệm …»;
- deadlines «trước Tết Nguyên đán», «30.6.2026», «Quý II - Quý III/2026», «Báo cáo 6 tháng, năm»;
- and shapes read right already, kept so: deadlines as provincial tables write them, a «Mục tiêu» table
  before the task table, footnotes and the «Nơi nhận» list after it, a PDF cell naming both roles.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from fpdf import FPDF

from plans.agencies import AgencyResolver
from plans.deadlines import UNREADABLE, parse_deadline
from plans.importer import read_plan
from plans.model import ParsedPlan
from tests.plans.built_documents import merge, read_text, read_word, read_workbook, reading, word

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
PROVINCE = ("ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP", "Số: 112/KH-UBND", "Đồng Tháp, ngày 12 tháng 01 năm 2026", "KẾ HOẠCH",
            "Cải cách hành chính tỉnh Đồng Tháp năm 2026")
WARD = ("ỦY BAN NHÂN DÂN PHƯỜNG CAO LÃNH", "Số: 09/KH-UBND", "Cao Lãnh, ngày 08 tháng 01 năm 2026", "KẾ HOẠCH",
        "Triển khai công tác cải cách hành chính năm 2026")
SIGNATURE = ("Nơi nhận:", "- UBND tỉnh (b/c);", "- Các sở, ban, ngành;", "- Lưu: VT, NC.", "TM. ỦY BAN NHÂN DÂN",
             "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An")
WARD_OFFICE = "Văn phòng HĐND và UBND phường"
D = date


def _warnings(plan: ParsedPlan) -> list[str]:
    return [w.text.key for w in plan.warnings]


def test_a_responsibility_column_labelling_both_roles_in_one_cell() -> None:
    plan = read_word(word(PROVINCE, [
        ("STT", "Nhiệm vụ", "Trách nhiệm thực hiện", "Thời gian"),
        ("1", "Xây dựng chính quyền số", "Chủ trì: Sở Khoa học và Công nghệ\nPhối hợp: Các sở, ban, ngành", "Năm 2026"),
        ("2", "Đào tạo kỹ năng số cho công chức", "Chủ trì: Sở Nội vụ\nPhối hợp: Sở Khoa học và Công nghệ",
         "Quý III/2026"),
    ]))
    assert reading(plan) == [
        ("1", ("Sở Khoa học và Công nghệ",), ("Các sở, ban, ngành",), (D(2026, 12, 31),)),
        ("2", ("Sở Nội vụ",), ("Sở Khoa học và Công nghệ",), (D(2026, 9, 30),)),
    ]
    assert not plan.warnings


def test_two_header_rows_naming_roles_and_times_with_a_month_over_its_year() -> None:
    document = word(PROVINCE, [
        ("STT", "Nhiệm vụ", "Trách nhiệm thực hiện", "", "Thời gian", "", "Hình thức văn bản"),
        ("", "", "Chủ trì", "Phối hợp", "Bắt đầu", "Hoàn thành", ""),
        ("1", "Xây dựng Đề án vị trí việc làm", "Sở Nội vụ", "Các sở, ban, ngành", "01/2026", "06/2026", "Quyết định"),
        ("2", "Đánh giá chất lượng phục vụ người dân", "Sở Nội vụ", "UBND các xã, phường", "Tháng 3/2026",
         "Tháng 11/2026", "Báo cáo"),
    ])
    table = document.tables[0]
    merge(table, 0, 2, 0, 3)
    merge(table, 0, 4, 0, 5)
    for column in (0, 1, 6):
        merge(table, 0, column, 1, column)
    plan = read_word(document)
    assert reading(plan) == [
        ("1", ("Sở Nội vụ",), ("Các sở, ban, ngành",), (D(2026, 6, 30),)),
        ("2", ("Sở Nội vụ",), ("Tất cả phường",), (D(2026, 11, 30),)),
    ]
    assert [t.deliverables for t in plan.tasks] == [("Quyết định",), ("Báo cáo",)]
    assert not plan.warnings


def test_a_sheet_s_assignment_column_over_lead_and_support() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["STT", "Nhiệm vụ", "Phân công", None, "Thời hạn hoàn thành"])
    sheet.append([None, None, "Chủ trì", "Phối hợp", None])
    sheet.merge_cells("C1:D1")
    for column in "ABE":
        sheet.merge_cells(f"{column}1:{column}2")
    sheet.append([1, "Công bố thủ tục hành chính", "Văn phòng UBND tỉnh", "Sở Tư pháp", "Quý II/2026"])
    plan = read_workbook(workbook)
    assert reading(plan) == [("1", ("Văn phòng UBND tỉnh",), ("Sở Tư pháp",), (D(2026, 6, 30),))]


@pytest.mark.parametrize(("text", "dates"), [
    ("06/2026", (D(2026, 6, 30),)),
    ("12/2026", (D(2026, 12, 31),)),
    ("Tháng 6/2026", (D(2026, 6, 30),)),  # a month already named is read as before
    ("Quý 2/2026", (D(2026, 6, 30),)),
    ("30/06/2026", (D(2026, 6, 30),)),  # the month and year of a date stay the date's
    ("Trước 30/6", (D(2026, 6, 30),)),
    ("6 tháng đầu năm", (D(2026, 6, 30),)),
    ("Trong Quý II", (D(2026, 6, 30),)),
    ("Chậm nhất ngày 15/12/2026", (D(2026, 12, 15),)),
    ("Trước ngày 15 tháng 12 năm 2026", (D(2026, 12, 15),)),
    ("Tháng 10 - 12/2026", (D(2026, 12, 31),)),
    ("Quý III, IV/2026", (D(2026, 9, 30), D(2026, 12, 31))),
    ("Định kỳ hằng quý (trước ngày 20 tháng cuối quý)",
     (D(2026, 3, 20), D(2026, 6, 20), D(2026, 9, 20), D(2026, 12, 20))),
    ("Định kỳ 6 tháng, năm", (D(2026, 6, 30), D(2026, 12, 31))),
    ("T9/2026", (D(2026, 9, 30),)),
    ("30.6.2026", (D(2026, 6, 30),)),  # a sheet's date typed as text with dots or dashes
    ("30-06-2026", (D(2026, 6, 30),)),
    ("Quý II - Quý III/2026", (D(2026, 9, 30),)),  # a span of quarters, as «Tháng 10 - 12/2026»: its end
    ("Quý III/2026 - Quý IV/2026", (D(2026, 12, 31),)),
    ("Báo cáo 6 tháng, năm", (D(2026, 6, 30), D(2026, 12, 31))),  # each report, as «Định kỳ 6 tháng, năm»
    ("Báo cáo quý, 6 tháng, năm", (D(2026, 3, 31), D(2026, 6, 30), D(2026, 9, 30), D(2026, 12, 31))),
])
def test_deadlines_as_provincial_tables_write_them(text: str, dates: tuple[date, ...]) -> None:
    result = parse_deadline(text, year=2026, period=(2026, 2026))
    assert tuple(d for m in result.milestones for d in m.dates) == dates
    assert not [w for w in result.warnings if w.key in UNREADABLE]


@pytest.mark.parametrize(("text", "kind"), [
    ("Thường xuyên", "ongoing"), ("Năm 2026 và các năm tiếp theo", "recurring"),
    ("Khi có văn bản của Trung ương", "event"), ("Theo yêu cầu", "event"),
])
def test_deadlines_without_one_date(text: str, kind: str) -> None:
    result = parse_deadline(text, year=2026, period=(2026, 2026))
    assert [m.kind for m in result.milestones] == [kind]


def test_field_lines_naming_the_unit_that_carries_the_task_out() -> None:
    plan = read_text(PROVINCE, (
        "II. NHIỆM VỤ CỤ THỂ",
        "1. Tổ chức tập huấn nghiệp vụ kiểm soát thủ tục hành chính cho cán bộ, công chức cấp xã",
        "- Đơn vị thực hiện: Văn phòng UBND tỉnh.",
        "- Đơn vị phối hợp: UBND các xã, phường.",
        "- Thời hạn: Quý III/2026.",
        "- Kết quả: Hội nghị tập huấn.",
        "2. Triển khai số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
        "- Cơ quan chủ trì: Sở Khoa học và Công nghệ.",
        "- Thời gian: Thường xuyên.",
        "III. TỔ CHỨC THỰC HIỆN",
        "Thủ trưởng các sở, ban, ngành có trách nhiệm triển khai thực hiện Kế hoạch này.",
    ), SIGNATURE)
    assert reading(plan) == [
        ("1", ("Văn phòng UBND tỉnh",), ("Tất cả phường",), (D(2026, 9, 30),)),
        ("2", ("Sở Khoa học và Công nghệ",), (), ()),
    ]
    assert plan.tasks[0].title.startswith("Tổ chức tập huấn nghiệp vụ")
    assert plan.tasks[0].deliverables == ("Hội nghị tập huấn",)
    assert [t.section for t in plan.tasks] == [None, None]  # each item is a task, not a field of work («0 lĩnh vực»)


@pytest.mark.parametrize("lines", [
    ("1. Cải cách thủ tục hành chính",
     "1.1. Rà soát quy trình giải quyết thủ tục hộ tịch. Đơn vị thực hiện: Văn phòng HĐND và UBND phường. "
     "Thời gian: Quý II/2026.",
     "1.2. Tiếp nhận hồ sơ trực tuyến. Đơn vị thực hiện: Bộ phận Một cửa. Thời gian: Thường xuyên."),
    ("1. Cải cách thủ tục hành chính",
     "1.1. Rà soát quy trình giải quyết thủ tục hộ tịch (Đơn vị chủ trì: Văn phòng HĐND và UBND phường; "
     "thời gian: Quý II/2026).",
     "1.2. Tiếp nhận hồ sơ trực tuyến (Đơn vị chủ trì: Bộ phận Một cửa; phối hợp: Phòng Kinh tế; "
     "thời gian: thường xuyên)."),
], ids=["after-the-sentence", "in-brackets"])
def test_fields_on_the_task_s_own_line(lines: tuple[str, ...]) -> None:
    plan = read_text(WARD, ("II. NHIỆM VỤ",), lines, SIGNATURE)
    assert [(t.key, t.title, t.lead) for t in plan.tasks] == [
        ("1.1", "Rà soát quy trình giải quyết thủ tục hộ tịch", (WARD_OFFICE,)),
        ("1.2", "Tiếp nhận hồ sơ trực tuyến", ("Bộ phận Một cửa",)),
    ]
    assert [m.dates for m in plan.tasks[0].milestones] == [(D(2026, 6, 30),)]
    assert [m.kind for m in plan.tasks[1].milestones] == ["ongoing"]


def test_tasks_labelled_nhiem_vu_with_their_number() -> None:
    plan = read_text(WARD, (
        "II. NHIỆM VỤ CỤ THỂ",
        "Nhiệm vụ 1: Rà soát, cập nhật thủ tục hành chính thuộc thẩm quyền của phường.",
        "- Chủ trì: Văn phòng HĐND và UBND phường.",
        "- Thời hạn: Tháng 5/2026.",
        "Nhiệm vụ 2: Triển khai Bộ phận Một cửa hiện đại.",
        "- Chủ trì: Văn phòng HĐND và UBND phường.",
        "- Phối hợp: Phòng Kinh tế.",
        "- Thời hạn: Quý III/2026.",
    ), SIGNATURE)
    assert reading(plan) == [
        ("1", (WARD_OFFICE,), (), (D(2026, 5, 31),)),
        ("2", (WARD_OFFICE,), ("Phòng Kinh tế",), (D(2026, 9, 30),)),
    ]
    assert plan.tasks[1].title == "Triển khai Bộ phận Một cửa hiện đại"
    assert [t.section for t in plan.tasks] == [None, None]


@pytest.mark.parametrize(("cell", "names"), [
    ("Báo và Phát thanh, Truyền hình Đồng Tháp", ("Báo và Phát thanh, Truyền hình Đồng Tháp",)),
    ("Thuế tỉnh Đồng Tháp", ("Thuế tỉnh Đồng Tháp",)),
    ("Ngân hàng Nhà nước Khu vực 9", ("Ngân hàng Nhà nước Khu vực 9",)),
    ("Sở Nội vụ; Báo và Phát thanh, Truyền hình Đồng Tháp", ("Sở Nội vụ", "Báo và Phát thanh, Truyền hình Đồng Tháp")),
    ("UBND cấp xã", ("Tất cả phường",)),  # every commune, as «UBND các xã, phường» is
    ("Chủ tịch Ủy ban nhân dân cấp xã, phường", ("Tất cả phường",)),
    ("Sở Nội vụ, UBND cấp xã", ("Sở Nội vụ", "Tất cả phường")),
    ("UBND các xã, phường, đặc khu", ("Tất cả phường",)),
])
def test_agencies_named_since_the_2025_mergers_stay_whole(cell: str, names: tuple[str, ...]) -> None:
    assert AgencyResolver(None).resolve(cell).names == names


def test_a_table_s_leads_written_as_provinces_write_them() -> None:
    plan = read_word(word(PROVINCE, [
        ("STT", "Nội dung", "Cơ quan thực hiện", "Thời gian"),
        ("1", "Niêm yết công khai thủ tục hành chính", "UBND các xã, phường", "Thường xuyên"),
        ("2", "Rà soát, kiện toàn tổ chức bộ máy", "Các cơ quan chuyên môn thuộc UBND tỉnh", "Quý II/2026"),
        ("3", "Xây dựng Kế hoạch đào tạo, bồi dưỡng", "Sở Nội vụ (chủ trì), các sở ngành (phối hợp)", "Tháng 3/2026"),
        ("4", "Kiểm tra việc thực hiện quy chế dân chủ", "Sở Nội vụ; Thanh tra tỉnh", "Quý III/2026"),
        ("5", "Triển khai Đề án 06 tại cấp xã", "Công an tỉnh chủ trì, phối hợp UBND các xã, phường", "Năm 2026"),
        ("6", "Tuyên truyền về cải cách hành chính", "Báo và Phát thanh, Truyền hình Đồng Tháp", "Thường xuyên"),
    ]))
    assert [(t.lead, t.support) for t in plan.tasks] == [
        (("Tất cả phường",), ()),
        (("Các phòng, ban, đơn vị",), ()),
        (("Sở Nội vụ",), ("Các sở ngành",)),
        (("Sở Nội vụ", "Thanh tra tỉnh"), ()),
        (("Công an tỉnh",), ("Tất cả phường",)),
        (("Báo và Phát thanh, Truyền hình Đồng Tháp",), ()),
    ]
    assert not plan.warnings  # no name guessed


def test_appendices_each_with_its_own_table_after_the_signature() -> None:
    document = word((*PROVINCE, "Các nhiệm vụ cụ thể tại Phụ lục I và Phụ lục II kèm theo Kế hoạch này."),
                     after=SIGNATURE)
    header = ("STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành")
    for title, rows in [
        ("NHIỆM VỤ CẢI CÁCH THỂ CHẾ", [
            ("1", "Rà soát văn bản quy phạm pháp luật", "Sở Tư pháp", "Các sở, ban, ngành", "Quý IV/2026"),
            ("2", "Theo dõi thi hành pháp luật", "Sở Tư pháp", "Sở Nông nghiệp và Môi trường", "Tháng 10/2026")]),
        ("NHIỆM VỤ CẢI CÁCH TỔ CHỨC BỘ MÁY", [
            ("1", "Sắp xếp các đơn vị sự nghiệp công lập", "Sở Nội vụ", "Các sở, ban, ngành", "Trước 31/12/2026"),
            ("2", "Rà soát chức năng, nhiệm vụ", "Sở Nội vụ", "", "6 tháng đầu năm")]),
    ]:
        for line in ("PHỤ LỤC", title, "(Kèm theo Kế hoạch số 112/KH-UBND ngày 12/01/2026 của UBND tỉnh)"):
            document.add_paragraph(line)
        table = document.add_table(rows=len(rows) + 1, cols=len(header))
        for r, row in enumerate([header, *rows]):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
    plan = read_word(document)
    assert plan.meta.title == "Cải cách hành chính tỉnh Đồng Tháp năm 2026"  # the sentence after it is none of it
    assert reading(plan) == [
        ("1.1", ("Sở Tư pháp",), ("Các sở, ban, ngành",), (D(2026, 12, 31),)),
        ("1.2", ("Sở Tư pháp",), ("Sở Nông nghiệp và Môi trường",), (D(2026, 10, 31),)),
        ("2.1", ("Sở Nội vụ",), ("Các sở, ban, ngành",), (D(2026, 12, 31),)),
        ("2.2", ("Sở Nội vụ",), (), (D(2026, 6, 30),)),
    ]
    assert not plan.warnings


def test_a_workbook_with_a_summary_sheet_a_hidden_column_a_spacer_and_a_totals_row() -> None:
    workbook = openpyxl.Workbook()
    for n, (title, tasks) in enumerate([
        ("PHỤ LỤC I: NHIỆM VỤ CẢI CÁCH THỦ TỤC HÀNH CHÍNH NĂM 2026", [
            [1, "Công bố thủ tục hành chính mới", "TTHC-01", "Văn phòng UBND tỉnh", "Các sở, ngành", "Thường xuyên"],
            [],
            [2, "Số hóa kết quả giải quyết", "TTHC-02", "UBND các xã, phường", "Sở Khoa học và Công nghệ",
             datetime(2026, 9, 30)],
            [None, "Tổng cộng: 02 nhiệm vụ"]]),
        ("PHỤ LỤC II: NHIỆM VỤ CẢI CÁCH CÔNG VỤ", [
            [1, "Tuyển dụng công chức", "CV-01", "Sở Nội vụ", "Các sở, ngành", "Quý II/2026"],
            [None, "Cộng"]]),
    ], start=1):
        sheet = workbook.active if n == 1 else workbook.create_sheet()
        sheet.title = f"Phụ lục {'I' * n}"
        sheet.append([title])
        sheet.append(["(Ban hành kèm theo Kế hoạch số 112/KH-UBND ngày 12/01/2026 của UBND tỉnh)"])
        sheet.append(["STT", "Nhiệm vụ", "Mã nội bộ", "Phân công", None, "Thời hạn hoàn thành"])
        sheet.append([None, None, None, "Chủ trì", "Phối hợp", None])
        sheet.merge_cells("D3:E3")
        for column in "ABCF":
            sheet.merge_cells(f"{column}3:{column}4")
        for row in tasks:
            sheet.append(row)
        sheet.column_dimensions["C"].hidden = True
    summary = workbook.create_sheet("Tổng hợp")
    for row in (["Phụ lục", "Số nhiệm vụ"], ["Phụ lục I", 2], ["Phụ lục II", 1], ["Tổng", 3]):
        summary.append(row)
    plan = read_workbook(workbook)
    assert (plan.meta.code, plan.meta.title) == ("112/KH-UBND", "Nhiệm vụ cải cách thủ tục hành chính năm 2026")
    assert reading(plan) == [
        ("1.1", ("Văn phòng UBND tỉnh",), ("Các sở, ngành",), ()),
        ("1.2", ("Tất cả phường",), ("Sở Khoa học và Công nghệ",), (D(2026, 9, 30),)),
        ("2.1", ("Sở Nội vụ",), ("Các sở, ngành",), (D(2026, 6, 30),)),
    ]
    assert not plan.warnings  # neither the second sheet's title nor the summary sheet is a row to skip


def test_a_sheet_ticking_the_quarters_and_months_its_tasks_run_in() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "KH 2026"
    sheet.append(["UBND PHƯỜNG CAO LÃNH", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
    sheet.append(["Số: 09/KH-UBND"])
    sheet.append(["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026"])
    sheet.append(["STT", "Nội dung", "Chủ trì", "Thời gian thực hiện", None, None, None])
    sheet.append([None, None, None, "Quý I", "Quý II", "Quý III", "Quý IV"])
    sheet.merge_cells("D4:G4")
    for column in "ABC":
        sheet.merge_cells(f"{column}4:{column}5")
    sheet.append([1, "Rà soát thủ tục hành chính", WARD_OFFICE, "x", "x", None, None])
    sheet.append([2, "Kiểm tra công vụ", WARD_OFFICE, None, None, "x", None])
    sheet.append([3, "Báo cáo cải cách hành chính quý", WARD_OFFICE, "x", "x", "x", "x"])
    months = workbook.create_sheet("Tiến độ")
    months.append(["STT", "Nội dung", "Chủ trì", "Thời gian thực hiện (tháng)", *[None] * 11])
    months.append([None, None, None, *range(1, 13)])
    months.append([1, "Đối thoại với Nhân dân", WARD_OFFICE, *[None] * 5, "x", *[None] * 6])
    plan = read_workbook(workbook)
    assert reading(plan) == [
        ("1.1", (WARD_OFFICE,), (), (D(2026, 3, 31), D(2026, 6, 30))),
        ("1.2", (WARD_OFFICE,), (), (D(2026, 9, 30),)),
        ("1.3", (WARD_OFFICE,), (), (D(2026, 3, 31), D(2026, 6, 30), D(2026, 9, 30), D(2026, 12, 31))),
        ("2.1", (WARD_OFFICE,), (), (D(2026, 6, 30),)),
    ]
    assert not plan.warnings


def test_a_word_table_ticking_quarters_under_merged_cells() -> None:
    document = word(("ỦY BAN NHÂN DÂN XÃ TÂN PHÚ", "Số: 07/KH-UBND", "Tân Phú, ngày 10 tháng 01 năm 2026", "KẾ HOẠCH",
                      "Cải cách hành chính năm 2026"), [
        ("STT", "Nội dung", "Chủ trì", "Thời gian thực hiện", "", "", ""),
        ("", "", "", "Quý I", "Quý II", "Quý III", "Quý IV"),
        ("1", "Rà soát thủ tục hành chính", "Văn phòng HĐND và UBND xã", "", "", "", "x"),
    ])
    table = document.tables[0]
    merge(table, 0, 3, 0, 6)
    for column in range(3):
        merge(table, 0, column, 1, column)
    plan = read_word(document)
    assert reading(plan) == [("1", ("Văn phòng HĐND và UBND xã",), (), (D(2026, 12, 31),))]


def test_lettered_parts_over_roman_sections_in_a_sheet() -> None:
    workbook = openpyxl.Workbook()
    for row in (
        ["STT", "Nội dung công việc", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"],
        ["A", "CẢI CÁCH HÀNH CHÍNH NHÀ NƯỚC"],
        ["I", "Cải cách thể chế"],
        [1, "Xây dựng văn bản quy phạm pháp luật", "Sở Tư pháp", "Các sở, ngành", "Quý IV/2026"],
        ["II", "Cải cách thủ tục hành chính"],
        [1, "Rà soát thủ tục hành chính", "Văn phòng UBND tỉnh", None, "Quý III/2026"],
        [2, "Công bố thủ tục hành chính", "Văn phòng UBND tỉnh", None, "Thường xuyên"],
        ["B", "CHUYỂN ĐỔI SỐ"],
        [1, "Triển khai nền tảng số dùng chung", "Sở Khoa học và Công nghệ", None, "Năm 2026"],
    ):
        workbook.active.append(row)
    plan = read_workbook(workbook, "ke-hoach-2026.xlsx")
    assert [(t.key, t.section_title) for t in plan.tasks] == [
        ("1.1.1", "Cải cách thể chế"), ("1.2.1", "Cải cách thủ tục hành chính"),
        ("1.2.2", "Cải cách thủ tục hành chính"), ("2.1", "CHUYỂN ĐỔI SỐ")]
    assert "plan_warn_number_repeated" not in _warnings(plan)


def test_lettered_parts_and_roman_sections_merged_across_a_word_table() -> None:
    document = word(PROVINCE, [
        ("STT", "Nội dung công việc", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"),
        ("A. CẢI CÁCH HÀNH CHÍNH", "", "", "", ""),
        ("I. Cải cách thể chế", "", "", "", ""),
        ("1", "Rà soát văn bản quy phạm pháp luật", "Sở Tư pháp", "Các sở, ban, ngành", "Quý IV/2026"),
        ("II. Cải cách thủ tục hành chính", "", "", "", ""),
        ("1", "Công bố thủ tục hành chính", "Văn phòng UBND tỉnh", "", "Thường xuyên"),
        ("B. CHUYỂN ĐỔI SỐ", "", "", "", ""),
        ("1", "Triển khai nền tảng số dùng chung", "Sở Khoa học và Công nghệ", "", "Năm 2026"),
    ])
    for row in (1, 2, 4, 6):
        merge(document.tables[0], row, 0, row, 4)
    plan = read_word(document)
    assert [t.key for t in plan.tasks] == ["1.1.1", "1.2.1", "2.1"]
    assert not plan.warnings


def test_roman_sections_with_letters_under_them_stay_as_they_were() -> None:
    workbook = openpyxl.Workbook()
    for row in (
        ["STT", "Nội dung công việc", "Cơ quan chủ trì", "Thời gian hoàn thành"],
        ["I", "CẢI CÁCH THỂ CHẾ"], ["A", "Văn bản"], [1, "Rà soát văn bản", "Sở Tư pháp", "Quý IV/2026"],
        ["II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"], [1, "Công bố thủ tục", "Văn phòng UBND tỉnh", "Thường xuyên"],
    ):
        workbook.active.append(row)
    assert [t.key for t in read_workbook(workbook).tasks] == ["1.1", "2.1"]


def test_a_table_without_stt_numbering_its_rows_in_the_task_cell() -> None:
    plan = read_word(word(WARD, [
        ("Nội dung công việc", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Sản phẩm"),
        ("1. Ban hành Kế hoạch cải cách hành chính năm 2026", WARD_OFFICE, "", "Tháng 01/2026", "Kế hoạch"),
        ("2. Kiểm tra việc niêm yết thủ tục hành chính", WARD_OFFICE, "Bộ phận Một cửa", "Quý II/2026", "Báo cáo"),
    ]))
    assert [(t.key, t.title) for t in plan.tasks] == [
        ("1", "Ban hành Kế hoạch cải cách hành chính năm 2026"), ("2", "Kiểm tra việc niêm yết thủ tục hành chính")]


def test_a_targets_table_before_the_task_table_and_footnotes_and_recipients_after_it() -> None:
    plan = read_word(word((*WARD, "I. MỤC TIÊU, CHỈ TIÊU"), [
        ("STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch năm 2026"),
        ("1", "Tỷ lệ hồ sơ giải quyết đúng hạn", "%", "98"),
    ], [
        ("STT", "Nội dung công việc", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Ghi chú"),
        ("1", "Rà soát thủ tục hành chính²", WARD_OFFICE, "Bộ phận Một cửa", "Quý II/2026",
         "Theo Kế hoạch số 15/KH-UBND ngày 10/01/2026 của UBND tỉnh"),
        ("2", "Cập nhật thông tin trên Cổng dịch vụ công", "Bộ phận Một cửa", "", "Thường xuyên", ""),
    ], after=("² Theo Quyết định số 1085/QĐ-TTg ngày 15/9/2022 của Thủ tướng Chính phủ.", *SIGNATURE)))
    assert [(t.key, t.title, t.lead) for t in plan.tasks] == [
        ("1", "Rà soát thủ tục hành chính", (WARD_OFFICE,)), ("2", "Cập nhật thông tin trên Cổng dịch vụ công",
                                                             ("Bộ phận Một cửa",))]
    assert [m.dates for m in plan.tasks[0].milestones] == [(D(2026, 6, 30),)]
    assert not plan.warnings


def test_a_directive_opened_by_its_chair_gives_only_the_points_under_each_addressee() -> None:
    plan = read_text((
        "ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP", "Số: 03/CT-UBND", "Đồng Tháp, ngày 05 tháng 02 năm 2026", "CHỈ THỊ",
        "Về đẩy mạnh cải cách hành chính",
        "Chủ tịch Ủy ban nhân dân tỉnh chỉ thị:",
        "1. Thủ trưởng các sở, ban, ngành tỉnh:",
        "a) Rà soát, cắt giảm thời gian giải quyết thủ tục hành chính, hoàn thành trong Quý II/2026.",
        "b) Công khai đầy đủ thủ tục hành chính trên Cổng dịch vụ công.",
        "2. Chủ tịch UBND các xã, phường:",
        "a) Báo cáo kết quả thực hiện về Sở Nội vụ trước ngày 15/6/2026.",
        "3. Sở Nội vụ có trách nhiệm theo dõi, kiểm tra việc thực hiện Chỉ thị này, báo cáo trước ngày 15/12/2026.",
    ), SIGNATURE)
    assert [(t.key, t.lead, tuple(d for m in t.milestones for d in m.dates)) for t in plan.tasks] == [
        ("1.a", ("Các sở, ban, ngành tỉnh",), (D(2026, 6, 30),)),
        ("1.b", ("Các sở, ban, ngành tỉnh",), ()),
        ("2.a", ("Tất cả phường",), (D(2026, 6, 15),)),
        ("3.1", ("Sở Nội vụ",), (D(2026, 12, 15),)),
    ]
    assert plan.tasks[-1].title.startswith("Theo dõi, kiểm tra việc thực hiện Chỉ thị này")  # the duty, not «Có trách nhiệm …»


def test_a_pdf_cell_naming_both_roles() -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.add_font("DejaVu", style="B", fname=str(FONT.with_name("DejaVuSans-Bold.ttf")))
    pdf.set_font("DejaVu", size=10)
    for line in WARD:
        pdf.cell(h=6, text=line, new_x="LMARGIN", new_y="NEXT")
    with pdf.table(col_widths=(10, 60, 60, 30, 30)) as table:
        for cells in [("TT", "Nhiệm vụ", "Đơn vị thực hiện", "Thời hạn", "Sản phẩm"),
                      ("1", "Rà soát quy chế làm việc", f"{WARD_OFFICE} (chủ trì), Phòng Kinh tế (phối hợp)",
                       "Tháng 4/2026", "Quy chế")]:
            row = table.row()
            for cell in cells:
                row.cell(cell)
    plan = read_plan(bytes(pdf.output()), "ke-hoach.pdf")
    assert reading(plan) == [("1", (WARD_OFFICE,), ("Phòng Kinh tế",), (D(2026, 4, 30),))]
    assert plan.tasks[0].deliverables == ("Quy chế",)


@pytest.mark.parametrize("letters", [["A", "B", 1, 2, 3], ["A", "B", "C", "D", "E"]])
def test_a_form_lettering_its_columns_under_the_header_is_no_row_to_skip(letters: list[object]) -> None:
    workbook = openpyxl.Workbook()
    for row in (["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026"],
                ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"], letters,
                [1, "Rà soát thủ tục hành chính", "Văn phòng UBND tỉnh", "Các sở, ngành", "Quý II/2026"]):
        workbook.active.append(row)
    plan = read_workbook(workbook)
    assert reading(plan) == [("1", ("Văn phòng UBND tỉnh",), ("Các sở, ngành",), (D(2026, 6, 30),))]
    assert _warnings(plan) == ["plan_warn_no_code"]  # no «STT «A» không phải số thứ tự»


def test_a_lead_with_its_standing_role_and_deadlines_per_stage_in_one_cell() -> None:
    plan = read_word(word(PROVINCE, [
        ("TT", "NỘI DUNG CÔNG VIỆC", "CƠ QUAN CHỦ TRÌ", "CƠ QUAN PHỐI HỢP", "THỜI GIAN HOÀN THÀNH"),
        ("1", "Tổ chức các hoạt động tuyên truyền CCHC",
         "Sở Nội vụ - Cơ quan thường trực Ban Chỉ đạo cải cách hành chính tỉnh", "Các sở, ban, ngành",
         "- Quý I: ban hành kế hoạch\n- Quý IV: tổng kết"),
        ("2", "Kiểm tra cải cách hành chính", "Sở Nội vụ (cơ quan thường trực)", "Văn phòng UBND tỉnh",
         "Quý II/2026 (đối với các sở); Quý III/2026 (đối với các xã, phường)"),
    ]))
    assert reading(plan) == [
        ("1", ("Sở Nội vụ",), ("Các sở, ban, ngành",), (D(2026, 3, 31), D(2026, 12, 31))),
        ("2", ("Sở Nội vụ",), ("Văn phòng UBND tỉnh",), (D(2026, 6, 30), D(2026, 9, 30))),
    ]
    assert not plan.warnings


@pytest.mark.parametrize(("text", "due"), [
    ("Trước Tết Nguyên đán", D(2026, 2, 13)),  # the working day before the Tết holidays of 2026 (14–22/02)
    ("Hoàn thành trước Tết Nguyên đán Bính Ngọ", D(2026, 2, 13)),
    ("Ngay sau Tết", D(2026, 2, 23)),  # the first working day after them
    ("Trước Tết Nguyên đán năm 2027", D(2027, 2, 3)),
])
def test_before_and_after_tet_is_a_day_read_as_a_guess_the_admin_may_change(text: str, due: date) -> None:
    result = parse_deadline(text, year=2026, period=(2026, 2027), issued=D(2026, 1, 8))
    assert [(m.kind, m.dates) for m in result.milestones] == [("due", (due,))]
    assert [w.key for w in result.warnings] == ["deadline_read_as"]


def test_a_follow_up_sheet_s_result_and_status_columns_are_not_products() -> None:
    workbook = openpyxl.Workbook()
    for row in (
        ["BẢNG THEO DÕI THỰC HIỆN KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026"],
        ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời hạn", "Kết quả thực hiện", "Tình hình thực hiện", "Ghi chú"],
        ["1.", "Rà soát thủ tục hành chính", "Văn phòng UBND tỉnh", "Quý I/2026", "Đã hoàn thành",
         "Đã ban hành Quyết định 15/QĐ-UBND ngày 20/3/2026", None],
        ["2.", "Kiểm tra công vụ", "Sở Nội vụ", "Quý III/2026", "Đang thực hiện", None, "Chậm tiến độ"],
    ):
        workbook.active.append(row)
    plan = read_workbook(workbook)
    assert plan.meta.title == "Theo dõi thực hiện kế hoạch cải cách hành chính năm 2026"
    assert reading(plan) == [("1", ("Văn phòng UBND tỉnh",), (), (D(2026, 3, 31),)),
                           ("2", ("Sở Nội vụ",), (), (D(2026, 9, 30),))]
    assert [t.deliverables for t in plan.tasks] == [(), ()]


def test_cells_saying_the_same_as_the_row_above() -> None:
    plan = read_word(word(WARD, [
        ("STT", "Nội dung", "Chủ trì", "Phối hợp", "Thời gian"),
        ("1", "Rà soát thủ tục hành chính", WARD_OFFICE, "Bộ phận Một cửa", "Quý II/2026"),
        ("2", "Niêm yết công khai thủ tục", "Như trên", "Như trên", "Thường xuyên"),
        ("3", "Cập nhật dữ liệu hộ tịch", "-nt-", "", "Quý III/2026"),
        ("4", "Báo cáo kết quả", WARD_OFFICE, "", "nt"),
    ]))
    assert reading(plan) == [
        ("1", (WARD_OFFICE,), ("Bộ phận Một cửa",), (D(2026, 6, 30),)),
        ("2", (WARD_OFFICE,), ("Bộ phận Một cửa",), ()),
        ("3", (WARD_OFFICE,), (), (D(2026, 9, 30),)),
        ("4", (WARD_OFFICE,), (), (D(2026, 9, 30),)),
    ]
    assert not plan.warnings


def test_each_task_a_card_of_its_own_fields() -> None:
    document = word((*PROVINCE, "II. NHIỆM VỤ CỤ THỂ"))
    for n, (task, lead, support, when) in enumerate([
            ("Rà soát thủ tục hành chính", "Văn phòng UBND tỉnh", "Các sở, ban, ngành", "Quý II/2026"),
            ("Kiểm tra công vụ", "Sở Nội vụ", "Thanh tra tỉnh", "Quý III/2026")], start=1):
        document.add_paragraph(f"Nhiệm vụ {n}")
        table = document.add_table(rows=4, cols=2)
        for r, field in enumerate([("Nội dung", task), ("Cơ quan chủ trì", lead), ("Cơ quan phối hợp", support),
                                   ("Thời hạn", when)]):
            table.cell(r, 0).text, table.cell(r, 1).text = field
    plan = read_word(document)
    assert [(t.key, t.title) for t in plan.tasks] == [("1", "Rà soát thủ tục hành chính"), ("2", "Kiểm tra công vụ")]
    assert reading(plan) == [("1", ("Văn phòng UBND tỉnh",), ("Các sở, ban, ngành",), (D(2026, 6, 30),)),
                           ("2", ("Sở Nội vụ",), ("Thanh tra tỉnh",), (D(2026, 9, 30),))]


def test_lead_support_and_time_unlabelled_in_brackets_after_the_task() -> None:
    plan = read_text(PROVINCE, (
        "II. NHIỆM VỤ",
        "1. Rà soát, đơn giản hóa thủ tục hành chính nội bộ (Văn phòng UBND tỉnh chủ trì, hoàn thành trong Quý II/2026).",
        "2. Kiểm tra việc thực hiện kỷ luật, kỷ cương hành chính (Sở Nội vụ chủ trì, phối hợp Thanh tra tỉnh; "
        "thực hiện trong Quý III/2026).",
        "3. Tuyên truyền cải cách hành chính (Sở Nội vụ chủ trì, phối hợp với các sở, ban, ngành, thực hiện thường xuyên).",
    ), SIGNATURE)
    assert [(t.key, t.title) for t in plan.tasks] == [
        ("1", "Rà soát, đơn giản hóa thủ tục hành chính nội bộ"),
        ("2", "Kiểm tra việc thực hiện kỷ luật, kỷ cương hành chính"), ("3", "Tuyên truyền cải cách hành chính")]
    assert reading(plan) == [
        ("1", ("Văn phòng UBND tỉnh",), (), (D(2026, 6, 30),)),
        ("2", ("Sở Nội vụ",), ("Thanh tra tỉnh",), (D(2026, 9, 30),)),
        ("3", ("Sở Nội vụ",), ("Các sở, ban, ngành",), ()),
    ]
    assert plan.tasks[2].milestones[0].kind == "ongoing"


def test_a_task_merged_down_over_its_specific_contents_is_a_section_of_them() -> None:
    document = word(PROVINCE, [
        ("STT", "Nhiệm vụ", "Nội dung cụ thể", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"),
        ("1", "Cải cách thủ tục hành chính", "Rà soát, đơn giản hóa thủ tục hành chính", "Văn phòng UBND tỉnh",
         "Các sở, ngành", "Quý II/2026"),
        ("", "", "Công bố danh mục thủ tục hành chính", "Văn phòng UBND tỉnh", "", "Thường xuyên"),
        ("2", "Cải cách công vụ", "Tuyển dụng công chức", "Sở Nội vụ", "", "Quý III/2026"),
    ])
    for column in (0, 1):
        merge(document.tables[0], 1, column, 2, column)
    plan = read_word(document)
    assert [(t.key, t.title, t.section_title) for t in plan.tasks] == [
        ("1.1", "Rà soát, đơn giản hóa thủ tục hành chính", "Cải cách thủ tục hành chính"),
        ("1.2", "Công bố danh mục thủ tục hành chính", "Cải cách thủ tục hành chính"),
        ("2", "Cải cách công vụ: Tuyển dụng công chức", None),  # one content alone: one task
    ]
    assert reading(plan) == [
        ("1.1", ("Văn phòng UBND tỉnh",), ("Các sở, ngành",), (D(2026, 6, 30),)),
        ("1.2", ("Văn phòng UBND tỉnh",), (), ()),
        ("2", ("Sở Nội vụ",), (), (D(2026, 9, 30),)),
    ]
    assert not plan.warnings


def test_a_sheet_detailing_its_tasks_with_their_lead_merged_down() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in (["STT", "Nội dung", "Nhiệm vụ cụ thể", "Chủ trì", "Thời hạn"],
                [1, "Chuyển đổi số", "Số hóa hồ sơ", "Sở Khoa học và Công nghệ", "Quý III/2026"],
                [None, None, "Thanh toán trực tuyến", None, "Quý IV/2026"]):
        sheet.append(row)
    for column in "ABD":
        sheet.merge_cells(f"{column}2:{column}3")
    plan = read_workbook(workbook)
    assert [(t.key, t.title, t.lead) for t in plan.tasks] == [
        ("1.1", "Số hóa hồ sơ", ("Sở Khoa học và Công nghệ",)), ("1.2", "Thanh toán trực tuyến", ("Sở Khoa học và Công nghệ",))]
