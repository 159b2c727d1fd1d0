"""PDF plans drawn here with fpdf2 (DejaVu for the Vietnamese glyphs) read back to the same plan as the text;
a scanned PDF and an old .doc without LibreOffice get clear messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from fpdf import FPDF

from plans.importer import read_plan
from plans.model import PlanError

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
pytestmark = pytest.mark.skipif(not FONT.exists(), reason="DejaVu font not installed")

HEAD = ["ỦY BAN NHÂN DÂN HUYỆN CỦ CHI", "Số: 14/KH-UBND", "Củ Chi, ngày 12 tháng 2 năm 2025", "KẾ HOẠCH",
        "Cải cách hành chính năm 2025"]
HEADER = ["STT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời hạn"]
ROWS = [
    ["1", "Công tác chỉ đạo, điều hành", "", "", ""],
    ["1.1", "Ban hành Kế hoạch kiểm tra cải cách hành chính", "Phòng Nội vụ", "Văn phòng HĐND và UBND", "Quý I/2025"],
    ["1.2", "Tự đánh giá, chấm điểm Chỉ số cải cách hành chính", "Các cơ quan, đơn vị", "Phòng Nội vụ",
     "Trước ngày 15/11/2025"],
    ["2", "Cải cách thủ tục hành chính", "", "", ""],
    ["2.1", "Rà soát, đơn giản hóa thủ tục hành chính", "Phòng Tư pháp", "UBND các xã", "Hằng quý"],
]


def pdf_bytes(draw) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=9)
    draw(pdf)
    return bytes(pdf.output())


def draw_plan(pdf: FPDF) -> None:
    for line in HEAD:
        pdf.cell(text=line, new_x="LMARGIN", new_y="NEXT")
    with pdf.table(col_widths=(10, 70, 35, 40, 30), first_row_as_headings=False) as table:
        for cells in [HEADER, *ROWS]:
            row = table.row()
            for cell in cells:
                row.cell(cell)


def same(plan):
    return [(t.key, t.section, t.title, t.lead, t.support, t.milestones) for t in plan.tasks]


def test_a_pdf_table_reads_to_the_same_plan_as_its_text():
    from_pdf = read_plan(pdf_bytes(draw_plan), "ke-hoach.pdf")
    text = "\n".join(HEAD) + "\n" + "\n".join("\t".join(r) for r in [HEADER, *ROWS]) + "\n"
    from_text = read_plan(text.encode(), "ke-hoach.txt")
    assert len(from_pdf.tasks) == 3
    assert same(from_pdf) == same(from_text)
    assert (from_pdf.meta.code, from_pdf.meta.issued_on) == (from_text.meta.code, from_text.meta.issued_on)


def test_a_pdf_of_sentences_is_read_like_a_text():
    def draw(pdf: FPDF) -> None:
        for line in [*HEAD, "1. Giao Phòng Nội vụ chủ trì, phối hợp với Phòng Tư pháp rà soát quy chế làm việc,",
                     "hoàn thành trước ngày 30/6/2025.", "Nơi nhận:", "- Như trên;"]:
            pdf.cell(text=line, new_x="LMARGIN", new_y="NEXT")

    plan = read_plan(pdf_bytes(draw), "ket-luan.pdf")
    assert [(t.lead, t.support, t.deadline_text) for t in plan.tasks] == [
        (("Phòng Nội vụ",), ("Phòng Tư pháp",), "trước ngày 30/6/2025")]


def test_a_scanned_pdf_without_text_is_refused_saying_so():
    data = pdf_bytes(lambda pdf: pdf.rect(20, 20, 100, 60, style="F"))
    with pytest.raises(PlanError) as caught:
        read_plan(data, "scan.pdf")
    assert caught.value.key == "plan_pdf_no_text"
    assert "PDF quét" in str(caught.value)


def test_a_damaged_pdf_is_refused():
    with pytest.raises(PlanError) as caught:
        read_plan(b"%PDF-1.4 nothing else", "hong.pdf")
    assert caught.value.key == "plan_bad_pdf"


def test_an_old_word_file_without_libreoffice_says_how_to_save_as_docx(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on this PATH
    with pytest.raises(PlanError) as caught:
        read_plan(b"\xd0\xcf\x11\xe0 an OLE compound file", "cong-van.doc")
    assert caught.value.key == "plan_doc_needs_libreoffice"
    assert "Lưu thành" in str(caught.value) and ".docx" in str(caught.value)
