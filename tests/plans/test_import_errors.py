"""Files that are not plans are refused with a PlanError naming the file and the problem."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document

from plans.importer import MAX_BYTES, read_plan, read_plan_file
from plans.model import PlanError


def test_empty_file():
    with pytest.raises(PlanError, match=r"rong.txt rỗng"):
        read_plan(b"", "rong.txt")
    with pytest.raises(PlanError, match="rỗng"):
        read_plan(b"  \n\n ", "rong.md")


def test_unknown_extension():
    with pytest.raises(PlanError, match=r"«\.odt» chưa hỗ trợ"):  # .pdf is read since issue 18
        read_plan(b"PK\x03\x04 an OpenDocument file", "ke-hoach.odt")


def test_text_that_is_not_a_plan():
    text = "Hôm nay trời đẹp.\n\nChúng tôi đi chơi công viên và ăn kem.\n".encode()
    with pytest.raises(PlanError, match=r"thu.txt không có nhiệm vụ nào"):
        read_plan(text, "thu.txt")


def test_docx_without_tasks():
    doc = Document()
    doc.add_paragraph("Biên bản họp giao ban tuần.")
    buffer = io.BytesIO()
    doc.save(buffer)
    with pytest.raises(PlanError, match="không có nhiệm vụ nào"):
        read_plan(buffer.getvalue(), "bien-ban.docx")


def test_corrupt_docx():
    with pytest.raises(PlanError, match=r"hong.docx bị hỏng"):
        read_plan(b"PK\x03\x04 this is not really a zip archive" * 10, "hong.docx")


def test_zip_that_is_not_a_word_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    with pytest.raises(PlanError, match=r"gia.docx bị hỏng"):
        read_plan(buffer.getvalue(), "gia.docx")


def test_file_over_the_size_limit(tmp_path):
    data = b"a" * (50 * 1024 * 1024)
    with pytest.raises(PlanError, match=r"to.txt quá lớn \(50 MB\)"):
        read_plan(data, "to.txt")
    path = tmp_path / "to.xlsx"
    path.write_bytes(data[: MAX_BYTES + 1])
    with pytest.raises(PlanError, match="quá lớn"):
        read_plan_file(path)


def test_zip_bomb_named_docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (120 * 1024 * 1024))
    data = buffer.getvalue()
    assert len(data) < MAX_BYTES  # small on disk, huge unpacked
    with pytest.raises(PlanError, match=r"bom.docx giải nén ra 120 MB"):
        read_plan(data, "bom.docx")


def test_table_without_deadline_column():
    text = (
        "Số: 5/KH-UBND\n\nSTT\tNhiệm vụ cụ thể\tSản phẩm\tChủ trì\tPhối hợp\n"
        "1.1\tRà soát văn bản\tBáo cáo\tPhòng Tư pháp\tCác phòng, ban\n"
    ).encode()
    with pytest.raises(PlanError, match=r"khong-han.txt không có cột thời hạn \(Thời gian hoàn thành\).*dòng 3"):
        read_plan(text, "khong-han.txt")


def test_missing_file(tmp_path):
    with pytest.raises(PlanError, match="Không mở được tệp"):
        read_plan_file(tmp_path / "khong-co.docx")
