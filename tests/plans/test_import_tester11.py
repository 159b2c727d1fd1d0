"""Plans written the way a tester's offices wrote them (session 11), each read as the office means it."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest

from plans.importer import read_plan


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI"]


@pytest.mark.parametrize("count", [5, 11])
def test_roman_sections_v_and_x_number_their_tasks_5_and_10(count):
    rows: list[list[object]] = [["STT", "Nội dung", "Cơ quan chủ trì", "Thời gian hoàn thành"]]
    for roman in ROMAN[:count]:
        rows += [[roman, f"Lĩnh vực {roman}"], ["1", f"Việc thứ nhất {roman}", "Phòng Nội vụ", "Quý II/2025"],
                 ["2", f"Việc thứ hai {roman}", "Phòng Nội vụ", "Quý III/2025"]]
    plan = read_plan(xlsx_bytes(rows), "ke-hoach.xlsx", year=2025)
    assert [t.key for t in plan.tasks] == [f"{n}.{i}" for n in range(1, count + 1) for i in (1, 2)]


def test_lettered_sections_keep_their_letters_order():
    rows: list[list[object]] = [["STT", "Nội dung", "Cơ quan chủ trì", "Thời gian hoàn thành"]]
    for letter in "ABCD":
        rows += [[letter, f"Phần {letter}"], ["1", f"Việc {letter}", "Phòng Nội vụ", "Quý II/2025"]]
    plan = read_plan(xlsx_bytes(rows), "ke-hoach.xlsx", year=2025)
    assert [t.key for t in plan.tasks] == ["1.1", "2.1", "3.1", "4.1"]


def read_text(text: str):
    return read_plan(text.encode(), "ke-hoach.txt", year=2026)


LABELLED = """ỦY BAN NHÂN DÂN HUYỆN CỦ CHI
Số: 88/KH-UBND
KẾ HOẠCH
Cải cách hành chính năm 2026
II. NHIỆM VỤ
1. Phòng Nội vụ
- Tổng hợp báo cáo cải cách hành chính; thời gian: Quý IV/2026.
- Kiểm tra công tác cải cách hành chính tại các xã; thời hạn hoàn thành: Quý III/2026.
- Rà soát vị trí việc làm (Quý II/2026).
2. Phòng Tư pháp
- Rà soát văn bản quy phạm pháp luật; thời gian thực hiện: năm 2026.
- Công bố thủ tục hành chính, thời gian: tháng 10/2026.
- Triển khai văn bản (theo Kế hoạch số 12/KH-UBND ngày 10/01/2026).
"""


def test_a_labelled_or_bracketed_time_inside_an_item_is_its_deadline():
    plan = read_text(LABELLED)
    assert [(t.key, t.deadline_text, [d for m in t.milestones for d in m.dates]) for t in plan.tasks] == [
        ("1.1", "Quý IV/2026", [date(2026, 12, 31)]),
        ("1.2", "Quý III/2026", [date(2026, 9, 30)]),
        ("1.3", "Quý II/2026", [date(2026, 6, 30)]),
        ("2.1", "năm 2026", [date(2026, 12, 31)]),
        ("2.2", "tháng 10/2026", [date(2026, 10, 31)]),
        ("2.3", "", []),  # a cited document's date in brackets is no deadline
    ]


NAMED_THEN_GIVEN = """ỦY BAN NHÂN DÂN HUYỆN CỦ CHI
Số: 90/KH-UBND
KẾ HOẠCH
Thực hiện nhiệm vụ cải cách hành chính năm 2026
I. MỤC ĐÍCH, YÊU CẦU
Nâng cao hiệu quả cải cách hành chính.
II. NHIỆM VỤ
1. Triển khai tự chủ tài chính. Giao Phòng Tài chính - Kế hoạch chủ trì, hoàn thành trước 30/6/2026.
2. Nâng cấp hệ thống quản lý văn bản. Giao Phòng Văn hóa và Thông tin chủ trì, Văn phòng HĐND và UBND huyện phối hợp, hoàn thành trong Quý III/2026.
3. Số hóa hồ sơ, giao Văn phòng HĐND và UBND huyện chủ trì, thực hiện thường xuyên.
"""


def test_work_named_before_giao_is_the_task_and_keeps_the_item_s_number():
    plan = read_text(NAMED_THEN_GIVEN)
    assert [(t.key, t.title, t.lead, t.support, t.deadline_text) for t in plan.tasks] == [
        ("1", "Triển khai tự chủ tài chính, hoàn thành trước 30/6/2026", ("Phòng Tài chính - Kế hoạch",), (),
         "trước 30/6/2026"),
        ("2", "Nâng cấp hệ thống quản lý văn bản, hoàn thành trong Quý III/2026", ("Phòng Văn hóa và Thông tin",),
         ("Văn phòng HĐND và UBND huyện",), "trong Quý III/2026"),
        ("3", "Số hóa hồ sơ, thực hiện thường xuyên", ("Văn phòng HĐND và UBND huyện",), (), "thường xuyên"),
    ]
    # each is a task of the heading above it, not a section of its own
    assert {(t.section, t.section_title) for t in plan.tasks} == {("II", "NHIỆM VỤ")}


def test_a_sheet_row_holding_the_issuer_and_the_national_motto_gives_the_issuer_alone():
    data = xlsx_bytes([
        ["ỦY BAN NHÂN DÂN QUẬN 1", "", "", "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["Số: 58/KH-UBND", "", "", "", "Độc lập - Tự do - Hạnh phúc"],
        ["", "", "", "", "Quận 1, ngày 15 tháng 02 năm 2022"],
        ["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2022"],
        ["STT", "Nội dung", "Đơn vị chủ trì", "Thời gian hoàn thành"],
        [1, "Rà soát thủ tục hành chính", "Phòng Tư pháp", "Quý II/2022"],
    ])
    meta = read_plan(data, "ke-hoach.xlsx", year=2022).meta
    assert (meta.issuer, meta.code, meta.issued_on) == ("UBND Quận 1", "58/KH-UBND", date(2022, 2, 15))
