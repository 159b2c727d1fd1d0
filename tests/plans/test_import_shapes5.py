"""Shapes written here with the real libraries (branch shapes5), each read as an office means it:

- a table whose one «Cơ quan thực hiện» cell names both roles, each agency marked after it with commas
  between («Phòng Nội vụ (chủ trì), Văn phòng HĐND và UBND (phối hợp)») or labelled before it;
"""

from __future__ import annotations

import io

import pytest
from docx import Document

from plans.importer import read_plan
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
