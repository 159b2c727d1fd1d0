"""Shapes written here with the real libraries (branch shapes5), each read as an office means it:

- a table whose one «Cơ quan thực hiện» cell names both roles, each agency marked after it with commas
  between («Phòng Nội vụ (chủ trì), Văn phòng HĐND và UBND (phối hợp)») or labelled before it;
"""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from fpdf import FPDF

from plans.deadlines import parse_deadline
from plans.importer import read_plan
from plans.model import PlanError
from plans.readers.table import split_roles


def _docx(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _table_docx(rows: list[tuple[str, ...]], before: tuple[str, ...] = ("Số: 37/KH-UBND", "KẾ HOẠCH",
                                                                       "Cải cách hành chính năm 2026")) -> bytes:
    doc = Document()
    for text in before:
        doc.add_paragraph(text)
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    doc.add_paragraph("Nơi nhận:")
    return _docx(doc)


def test_one_cell_marking_each_agency_s_role_after_it_with_commas_between() -> None:
    plan = read_plan(_table_docx([
        ("STT", "Nội dung", "Cơ quan thực hiện", "Thời gian hoàn thành"),
        ("1", "Xây dựng chuyên mục cải cách hành chính",
         "Phòng Văn hóa, Khoa học và Thông tin (chủ trì), Văn phòng HĐND và UBND (phối hợp)", "Tháng 3-4/2026"),
        ("2", "Báo cáo kết quả tuyên truyền", "Phòng Nội vụ (chủ trì), Văn phòng HĐND và UBND (phối hợp)",
         "Trước 30/6 và 31/12"),
    ]), "ke-hoach.docx")
    roles = [(task.lead, task.support) for task in plan.tasks]
    assert roles == [(("Phòng Văn hóa, Khoa học và Thông tin",), ("Văn phòng HĐND và UBND",)),
                     (("Phòng Nội vụ",), ("Văn phòng HĐND và UBND",))]
    # no lead borrowed from the row above as if its cell were merged down
    assert not [w for w in plan.warnings if w.text.key == "plan_warn_lead_from_merged_cell"]


@pytest.mark.parametrize(("cell", "roles"), [
    ("Chủ trì: Phòng Nội vụ; Phối hợp: các phòng chuyên môn", ("Phòng Nội vụ", "các phòng chuyên môn")),
    ("Chủ trì: Phòng Tư pháp Phối hợp: Văn phòng, Phòng Nội vụ", ("Phòng Tư pháp", "Văn phòng, Phòng Nội vụ")),
    ("Phòng Nội vụ (chủ trì); các cơ quan, đơn vị (phối hợp)", ("Phòng Nội vụ", "các cơ quan, đơn vị")),
    ("Phòng Nội vụ chủ trì, phối hợp UBND các phường", ("Phòng Nội vụ", "UBND các phường")),
    ("Phòng Nội vụ", ("Phòng Nội vụ", "")),
])
def test_roles_labelled_or_marked_in_one_cell(cell: str, roles: tuple[str, str]) -> None:
    assert split_roles(cell, "") == roles


def _reminder_letter() -> bytes:
    doc = Document()
    for text in ("ỦY BAN NHÂN DÂN THÀNH PHỐ THỦ ĐỨC", "Số: 2156/UBND-NV",
                 "V/v đôn đốc thực hiện nhiệm vụ cải cách hành chính quý II năm 2026",
                 "Thủ Đức, ngày 02 tháng 4 năm 2026", "Kính gửi: Thủ trưởng các phòng, ban, đơn vị;",
                 "Qua theo dõi, một số nhiệm vụ chưa hoàn thành đúng tiến độ. Ủy ban nhân dân thành phố Thủ Đức đề nghị:"):
        doc.add_paragraph(text)
    for parts in ([("1. Phòng Nội vụ", True), (" có trách nhiệm:", False)],
                  [("a) Kiểm tra công tác cải cách hành chính tại 10 phường, báo cáo kết quả ", False),
                   ("trước ngày 15/5/2026", True), (".", False)],
                  [("b) Tổng hợp báo cáo quý II/2026, gửi Sở Nội vụ ", False), ("chậm nhất ngày 10/6/2026", True)],
                  [("2. Ủy ban nhân dân các phường:", True)],
                  [("- Niêm yết công khai thủ tục hành chính, ", False), ("hoàn thành trước ngày 30/4/2026", True),
                   (";", False)]):
        paragraph = doc.add_paragraph()
        for text, bold in parts:
            paragraph.add_run(text).bold = bold
    for text in ("Ủy ban nhân dân thành phố đề nghị Thủ trưởng các cơ quan, đơn vị và Chủ tịch UBND các phường "
                 "nghiêm túc triển khai thực hiện./.", "Nơi nhận:", "- Như trên;", "KT. CHỦ TỊCH"):
        doc.add_paragraph(text)
    return _docx(doc)


def test_a_reminder_letter_s_introduction_and_closing_call_are_no_tasks() -> None:
    plan = read_plan(_reminder_letter(), "don-doc.docx")
    assert [(task.number, task.lead, task.deadline_text) for task in plan.tasks] == [
        ("1.a", ("Phòng Nội vụ",), "trước ngày 15/5/2026"),
        ("1.b", ("Phòng Nội vụ",), "chậm nhất ngày 10/6/2026"),
        ("2.1", ("Tất cả phường",), "trước ngày 30/4/2026"),
    ]


WARD_PLAN = """\
ỦY BAN NHÂN DÂN PHƯỜNG LINH TRUNG
Số: 21/KH-UBND
KẾ HOẠCH
Thực hiện công tác cải cách hành chính năm 2026

I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao chất lượng phục vụ người dân, doanh nghiệp.
II. NHIỆM VỤ TRỌNG TÂM
1. Cải cách thủ tục hành chính
1.1. Công chức Văn phòng - Thống kê rà soát danh mục thủ tục hành chính, hoàn thành trước ngày 31/3/2026.
1.2. Bộ phận Một cửa thực hiện số hóa hồ sơ:
a) Số hóa 100% hồ sơ tiếp nhận mới, thực hiện thường xuyên;
b) Số hóa kết quả giải quyết còn hiệu lực, hoàn thành trong quý III/2026.
III. TỔ CHỨC THỰC HIỆN
1. Các ban, ngành, đoàn thể phường căn cứ Kế hoạch này triển khai thực hiện.
2. Các cơ quan, đơn vị căn cứ chức năng, nhiệm vụ được giao tổ chức triển khai thực hiện./.
Nơi nhận:
- Lưu: VT.
"""


def test_roman_chapters_arabic_tasks_and_points_and_closing_calls_that_name_no_work() -> None:
    plan = read_plan(WARD_PLAN.encode(), "ke-hoach.txt")
    assert [(task.number, task.lead, task.deadline_text) for task in plan.tasks] == [
        ("1.1", ("Công chức Văn phòng - Thống kê",), "trước ngày 31/3/2026"),
        ("1.2.a", ("Bộ phận Một cửa",), "thường xuyên"),
        ("1.2.b", ("Bộ phận Một cửa",), "trong quý III/2026"),
    ]
    assert {task.section_title for task in plan.tasks} == {"Cải cách thủ tục hành chính"}


def _system_export() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row, merged in ((["UBND TỈNH BÌNH DƯƠNG"], "A1:D1"), (["SỞ NỘI VỤ"], "A2:D2"),
                        (["DANH SÁCH NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026"], "A3:H3"),
                        (["(Kèm theo Kế hoạch số 15/KH-SNV ngày 08/01/2026 của Sở Nội vụ)"], "A4:H4")):
        sheet.append(row)
        sheet.merge_cells(merged)
    sheet.append([])
    sheet.append(["STT", "Mã nhiệm vụ", "Tên nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Hạn xử lý",
                  "Trạng thái", "ID_DONVI"])
    sheet.append([1, "NV-2026-001", "Xây dựng kế hoạch kiểm tra cải cách hành chính", "Phòng Cải cách hành chính",
                  "Văn phòng Sở", datetime(2026, 2, 28), "Chưa thực hiện", 1032])
    sheet.append([2, "NV-2026-002", "Báo cáo tình hình thực hiện chính sách tiền lương", "Phòng Công chức, viên chức",
                  "", datetime(2026, 12, 15), "Đang thực hiện", 1034])
    sheet.append(["", "", "Tổng cộng: 2 nhiệm vụ"])
    sheet.append(["", "", "", "", "", "NGƯỜI LẬP BIỂU"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_workbook_exported_from_a_task_system() -> None:
    plan = read_plan(_system_export(), "xuat.xlsx")
    assert (plan.meta.code, plan.meta.title) == ("15/KH-SNV", "Nhiệm vụ cải cách hành chính năm 2026")
    assert [(task.number, task.title, task.lead, task.deadline_text) for task in plan.tasks] == [
        ("1", "Xây dựng kế hoạch kiểm tra cải cách hành chính", ("Phòng Cải cách hành chính",), "28/02/2026"),
        ("2", "Báo cáo tình hình thực hiện chính sách tiền lương", ("Phòng Công chức, viên chức",), "15/12/2026"),
    ]
    assert plan.tasks[1].milestones[0].due == date(2026, 12, 15)


def _decision_with_fields() -> bytes:
    doc = Document()
    for text in ("ỦY BAN NHÂN DÂN HUYỆN CỦ CHI", "Số: 145/QĐ-UBND", "Củ Chi, ngày 12 tháng 01 năm 2026", "QUYẾT ĐỊNH",
                 "Về việc ban hành Kế hoạch cải cách hành chính năm 2026 của Ủy ban nhân dân huyện Củ Chi",
                 "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch cải cách hành chính năm 2026.",
                 "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.", "Nơi nhận:", "- Lưu: VT.", "CHỦ TỊCH",
                 "PHỤ LỤC", "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026"):
        doc.add_paragraph(text)
    rows = [
        ("STT", "Lĩnh vực", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"),
        ("1", "Cải cách thể chế", "Rà soát văn bản quy phạm pháp luật", "Phòng Tư pháp", "Quý II/2026"),
        ("2", "", "Kiểm tra việc thực hiện văn bản tại các xã", "Phòng Tư pháp", "Quý III/2026"),
        ("3", "Cải cách thủ tục hành chính", "Công khai thủ tục hành chính", "Văn phòng HĐND và UBND", "Thường xuyên"),
        ("4", "", "Số hóa hồ sơ thủ tục hành chính", "Văn phòng HĐND và UBND", "Trước 30/11/2026"),
        ("5", "Cải cách công vụ", "Đánh giá, xếp loại công chức", "Phòng Nội vụ", "Tháng 12/2026"),
    ]
    table = doc.add_table(rows=len(rows), cols=5)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(1, 1).merge(table.cell(2, 1))
    table.cell(3, 1).merge(table.cell(4, 1))
    return _docx(doc)


def test_a_decision_s_appendix_grouping_its_tasks_by_field() -> None:
    plan = read_plan(_decision_with_fields(), "quyet-dinh.docx")
    assert (plan.meta.code, plan.meta.title) == ("145/QĐ-UBND", "Cải cách hành chính năm 2026 của Ủy ban nhân dân "
                                                                "huyện Củ Chi")
    assert [(task.number, task.section, task.section_title) for task in plan.tasks] == [
        ("1", "1", "Cải cách thể chế"), ("2", "1", "Cải cách thể chế"), ("3", "2", "Cải cách thủ tục hành chính"),
        ("4", "2", "Cải cách thủ tục hành chính"), ("5", "3", "Cải cách công vụ")]
    assert [task.title for task in plan.tasks][:2] == ["Rà soát văn bản quy phạm pháp luật",
                                                       "Kiểm tra việc thực hiện văn bản tại các xã"]


# the first bytes of a compound file (.doc, .xls) and, in its directory, the name of the stream an encrypted
# Office package is kept in (UTF-16), as Excel writes a workbook saved with a password
_COMPOUND = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504)
_ENCRYPTED_DIRECTORY = "EncryptionInfo".encode("utf-16-le") + bytes(50) + "EncryptedPackage".encode("utf-16-le")


def _password_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, "KE HOACH")
    pdf.set_encryption(owner_password="chu", user_password="mo")
    return bytes(pdf.output())


@pytest.mark.parametrize(("name", "data", "key"), [
    ("trong.docx", _docx(Document()), "plan_empty"),
    ("bao-mat.xlsx", _COMPOUND + _ENCRYPTED_DIRECTORY + bytes(512), "plan_password_protected"),
    ("bao-mat.docx", _COMPOUND + _ENCRYPTED_DIRECTORY + bytes(512), "plan_password_protected"),
    ("cu.xlsx", _COMPOUND + bytes(1024), "plan_old_excel"),
    ("cu.docx", _COMPOUND + bytes(1024), "plan_doc_needs_libreoffice"),
    ("bao-mat.pdf", _password_pdf(), "plan_password_protected"),
])
def test_broken_files_get_one_message_naming_the_file_and_what_is_wrong(
        name: str, data: bytes, key: str, monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no LibreOffice on this machine, whatever the test machine has
    with pytest.raises(PlanError) as caught:
        read_plan(data, name)
    assert caught.value.key == key
    assert name in str(caught.value)


PLAIN_PLAN = """\
UY BAN NHAN DAN XA PHUOC VINH AN
So: 11/KH-UBND
Phuoc Vinh An, ngay 14 thang 01 nam 2026
KE HOACH
Cai cach hanh chinh nam 2026

STT\tNoi dung nhiem vu\tCo quan chu tri\tCo quan phoi hop\tThoi gian hoan thanh
1\tRa soat thu tuc hanh chinh\tVan phong HDND va UBND\tCong an xa\tQuy II/2026
2\tKiem tra cong vu\tPhong Noi vu\t\tHang quy
"""


def test_a_plan_typed_without_diacritics() -> None:
    plan = read_plan(PLAIN_PLAN.encode(), "khong-dau.txt")
    assert (plan.meta.code, plan.meta.issuer, plan.meta.issued_on, plan.meta.title) == (
        "11/KH-UBND", "UBND xã Phuoc Vinh An", date(2026, 1, 14), "Cai cach hanh chinh nam 2026")
    assert [(task.lead, task.support) for task in plan.tasks] == [
        (("Văn phòng HĐND và UBND",), ("Công an xã",)), (("Phòng Nội vụ",), ())]
    assert not [w for w in plan.warnings if w.text.key == "plan_warn_agency_guessed"]
    # the plan's year is known, so «Hang quy» gives the four quarter ends
    assert plan.tasks[1].milestones[0].dates == (date(2026, 3, 31), date(2026, 6, 30), date(2026, 9, 30),
                                                 date(2026, 12, 31))


def test_footnote_numbers_in_a_table_and_the_recipients_in_a_layout_table_s_middle_column() -> None:
    doc = Document()
    for text in ("Số: 52/KH-UBND", "KẾ HOẠCH", "Kiểm tra công tác cải cách hành chính năm 2026"):
        doc.add_paragraph(text)
    rows = [("TT", "Nội dung", "Đơn vị chủ trì", "Thời gian"),
            ("1", "Kiểm tra quy chế một cửa tại 20 phường²", "Phòng Nội vụ", "Quý II/2026³"),
            ("2", "Kiểm tra hiện trạng trụ sở 500 m²", "Văn phòng HĐND và UBND", "Tháng 8/2026")]
    table = doc.add_table(rows=3, cols=4)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    for text in ("² Theo Quyết định số 468/QĐ-TTg ngày 27/3/2021.", "³ Có thể điều chỉnh theo tình hình thực tế."):
        doc.add_paragraph(text)
    layout = doc.add_table(rows=1, cols=3)
    layout.cell(0, 1).text = "Nơi nhận:\n- UBND Thành phố;\n- Lưu: VT."
    layout.cell(0, 2).text = "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
    plan = read_plan(_docx(doc), "kiem-tra.docx")
    assert [(task.title, task.deadline_text) for task in plan.tasks] == [
        ("Kiểm tra quy chế một cửa tại 20 phường", "Quý II/2026"),
        ("Kiểm tra hiện trạng trụ sở 500 m²", "Tháng 8/2026")]


FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _unruled_pdf() -> bytes:
    pdf = FPDF(orientation="L")
    pdf.add_font("dv", fname=str(FONT))
    pdf.set_font("dv", size=10)
    pdf.add_page()
    for text in ("ỦY BAN NHÂN DÂN XÃ TÂN THÔNG HỘI", "Số: 08/KH-UBND", "KẾ HOẠCH", "Cải cách hành chính năm 2026",
                 "Các nhiệm vụ cụ thể như sau, đề nghị các đơn vị triển khai thực hiện nghiêm túc và báo cáo kết quả."):
        pdf.cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    columns = (10, 22, 130, 190, 240)

    def row(*cells: str) -> None:
        y = pdf.get_y()
        for x, text in zip(columns, cells, strict=True):
            pdf.set_xy(x, y)
            pdf.cell(0, 6, text)
        pdf.set_y(y + 6)

    row("STT", "Nội dung nhiệm vụ", "Cơ quan", "Cơ quan", "Thời gian")
    row("", "", "chủ trì", "phối hợp", "hoàn thành")
    row("I", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH VÀ NÂNG CAO CHẤT LƯỢNG PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP", "", "", "")
    row("1", "Rà soát thủ tục hành chính thuộc thẩm", "Văn phòng", "Công an xã", "Quý II/2026")
    row("", "quyền giải quyết của xã", "HĐND và UBND", "", "")
    row("2", "Kiểm tra việc niêm yết công khai", "Văn phòng", "", "Tháng 9/2026")
    pdf.add_page()
    pdf.set_x(140)
    pdf.cell(0, 6, "2", new_x="LMARGIN", new_y="NEXT")  # the page number
    row("3", "Đánh giá, xếp loại cán bộ, công chức xã", "Phòng Nội vụ", "", "Tháng 12/2026")
    pdf.cell(0, 6, "Nơi nhận:", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, "- Lưu: VT.", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def test_a_pdf_table_without_borders_read_by_its_columns_positions() -> None:
    plan = read_plan(_unruled_pdf(), "ke-hoach.pdf")
    assert plan.meta.code == "08/KH-UBND"
    assert [(task.number, task.title, task.lead, task.support, task.deadline_text) for task in plan.tasks] == [
        ("1", "Rà soát thủ tục hành chính thuộc thẩm quyền giải quyết của xã", ("Văn phòng HĐND và UBND",),
         ("Công an xã",), "Quý II/2026"),
        ("2", "Kiểm tra việc niêm yết công khai", ("Văn phòng",), (), "Tháng 9/2026"),
        ("3", "Đánh giá, xếp loại cán bộ, công chức xã", ("Phòng Nội vụ",), (), "Tháng 12/2026"),
    ]
    # the section row runs across the columns, and is no paragraph ending the table
    assert {task.section_title for task in plan.tasks} == {
        "CẢI CÁCH THỦ TỤC HÀNH CHÍNH VÀ NÂNG CAO CHẤT LƯỢNG PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP"}


ENGLISH_PLAN = """\
# PEOPLE'S COMMITTEE OF DISTRICT 3

No.: 45/KH-UBND

District 3, 10 January 2026

## PLAN

Administrative reform in 2026

| No. | Task | Lead agency | Coordinating agencies | Deadline |
| --- | --- | --- | --- | --- |
| 1 | Review administrative procedures | Home Affairs Division | Justice Division | Q2/2026 |
| 2 | Inspect the one-stop shop in wards | Home Affairs Division | | By 30 September 2026 |
| 3 | Report on administrative reform | Home Affairs Division | | Quarterly |
| 4 | Publicise procedures on the portal | Office of the People's Committee | | Ongoing |
"""


def test_an_english_copy_of_a_plan() -> None:
    plan = read_plan(ENGLISH_PLAN.encode(), "plan-en.md")
    assert (plan.meta.code, plan.meta.title, plan.meta.issued_on) == (
        "45/KH-UBND", "Administrative reform in 2026", date(2026, 1, 10))
    assert [(task.number, task.lead, task.support) for task in plan.tasks][:2] == [
        ("1", ("Home Affairs Division",), ("Justice Division",)), ("2", ("Home Affairs Division",), ())]
    kinds = [[(m.kind, m.dates[:1]) for m in task.milestones] for task in plan.tasks]
    assert kinds == [[("due", (date(2026, 6, 30),))], [("due", (date(2026, 9, 30),))],
                     [("recurring", (date(2026, 3, 31),))], [("ongoing", ())]]


@pytest.mark.parametrize(("text", "due"), [
    ("Before 15 December 2026", date(2026, 12, 15)), ("September 30, 2026", date(2026, 9, 30)),
    ("End of June 2026", date(2026, 6, 30)), ("In 2026", date(2026, 12, 31)),
    ("Before the end of Q3/2026", date(2026, 9, 30)),
    # "trước cuối quý III" is by its end; "trước quý III" still the day before it starts
    ("Trước cuối quý III/2026", date(2026, 9, 30)), ("trước cuối tháng 6/2026", date(2026, 6, 30)),
    ("Trước quý III/2026", date(2026, 6, 30)), ("Truoc ngay 15/12/2026", date(2026, 12, 15)),
])
def test_deadlines_in_english_and_before_the_end_of_a_period(text: str, due: date) -> None:
    result = parse_deadline(text, year=2026)
    assert [m.due for m in result.milestones] == [due]
    assert not result.warnings


def test_a_workbook_s_hidden_columns_are_not_read() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["STT", "Nhiệm vụ", "Chủ trì", "Thời hạn (cũ)", "Thời hạn"])
    sheet.append([1, "Rà soát thủ tục hành chính", "Phòng Nội vụ", "30/04/2026", "30/06/2026"])
    sheet.column_dimensions["D"].hidden = True
    buffer = io.BytesIO()
    workbook.save(buffer)
    plan = read_plan(buffer.getvalue(), "an-cot.xlsx")
    assert [(task.number, task.deadline_text) for task in plan.tasks] == [("1", "30/06/2026")]


PLAIN_LETTER = """\
UY BAN NHAN DAN PHUONG 5
So: 302/UBND
V/v trien khai nhiem vu cai cach hanh chinh quy III/2026
Phuong 5, ngay 01 thang 7 nam 2026
Kinh gui: Cac bo phan thuoc UBND phuong.
1. Giao Cong chuc Van phong - Thong ke chu tri, phoi hop Cong an phuong ra soat thu tuc hanh chinh, hoan thanh truoc ngay 31/7/2026.
Noi nhan:
"""


def test_a_letter_typed_without_diacritics() -> None:
    plan = read_plan(PLAIN_LETTER.encode(), "cong-van.txt")
    assert plan.meta.title == "Trien khai nhiem vu cai cach hanh chinh quy III/2026"
    [task] = plan.tasks
    assert (task.lead, task.deadline_text) == (("Công chức Văn phòng - Thống kê",), "truoc ngay 31/7/2026")
    assert task.title.startswith("Phoi hop Cong an phuong ra soat")  # the lead's role words are not the work
