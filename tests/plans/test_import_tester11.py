"""Plans written the way a tester's offices wrote them (session 11), each read as the office means it."""

from __future__ import annotations

import io

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
