"""Word lists whose numbers and bullets come from the numbering definitions (numPr), not from typed text."""

from __future__ import annotations

import io
from datetime import date

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from plans.importer import read_plan

# decimal "1." at level 0, "a)" at level 1, a bullet at level 2
ABSTRACT = (
    f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>'
    "</w:abstractNum>"
)
NUM = f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'


def numbered(document, text: str, level: int) -> None:
    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))


def test_numbers_and_letters_from_the_numbering_definitions_nest_tasks():
    document = Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(ABSTRACT))
    numbering.append(parse_xml(NUM))
    for line in ["ỦY BAN NHÂN DÂN XÃ TÂN PHÚ", "Số: 3/KH-UBND", "KẾ HOẠCH", "Chuyển đổi số năm 2025"]:
        document.add_paragraph(line)
    numbered(document, "Công chức Văn phòng - Thống kê:", 0)
    numbered(document, "Cập nhật dữ liệu dân cư, hoàn thành trong tháng 7/2025.", 1)
    numbered(document, "Hướng dẫn người dân dùng dịch vụ công trực tuyến, trước ngày 30/9/2025.", 1)
    numbered(document, "Trạm Y tế xã:", 0)
    numbered(document, "Triển khai hồ sơ sức khỏe điện tử:", 1)
    numbered(document, "Cho người cao tuổi, trước ngày 31/10/2025;", 2)
    numbered(document, "Cho trẻ em dưới 6 tuổi, trước ngày 31/12/2025.", 2)
    buffer = io.BytesIO()
    document.save(buffer)
    plan = read_plan(buffer.getvalue(), "ke-hoach.docx")
    assert [(t.key, t.lead, [m.due for m in t.milestones]) for t in plan.tasks] == [
        ("1.a", ("Công chức Văn phòng - Thống kê",), [date(2025, 7, 31)]),
        ("1.b", ("Công chức Văn phòng - Thống kê",), [date(2025, 9, 30)]),
        ("2.a.1", ("Trạm Y tế xã",), [date(2025, 10, 31)]),
        ("2.a.2", ("Trạm Y tế xã",), [date(2025, 12, 31)]),
    ]
    assert plan.tasks[2].title == "Triển khai hồ sơ sức khỏe điện tử: Cho người cao tuổi, trước ngày 31/10/2025;"


def test_numbering_id_zero_is_no_numbering_and_the_typed_numbers_stand():
    # Word writes numId 0 where a style's list numbering is switched off for one paragraph
    def plan(switched_off: bool):
        document = Document()
        for line in ["ỦY BAN NHÂN DÂN XÃ TÂN PHÚ", "Số: 4/KH-UBND", "KẾ HOẠCH", "Chuyển đổi số năm 2025",
                     "1. Công chức Văn phòng - Thống kê:",
                     "a) Cập nhật dữ liệu dân cư, hoàn thành trong tháng 7/2025.",
                     "b) Hướng dẫn người dân dùng dịch vụ công trực tuyến, trước ngày 30/9/2025.",
                     "2. Trạm Y tế xã:",
                     "a) Triển khai hồ sơ sức khỏe điện tử, trước ngày 31/10/2025."]:
            paragraph = document.add_paragraph(line)
            if switched_off and (line[0].isdigit() or line.startswith(("a)", "b)"))):
                paragraph._p.get_or_add_pPr().append(parse_xml(
                    f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>'))
        buffer = io.BytesIO()
        document.save(buffer)
        return [(t.key, t.lead, [m.due for m in t.milestones]) for t in read_plan(buffer.getvalue(), "kh.docx").tasks]

    assert plan(switched_off=True) == plan(switched_off=False) == [
        ("1.a", ("Công chức Văn phòng - Thống kê",), [date(2025, 7, 31)]),
        ("1.b", ("Công chức Văn phòng - Thống kê",), [date(2025, 9, 30)]),
        ("2.a", ("Trạm Y tế xã",), [date(2025, 10, 31)]),
    ]
