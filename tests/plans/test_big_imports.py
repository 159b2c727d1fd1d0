"""Big imports don't stop the office: limits a real plan never meets, and a plan read outside the unit of work."""

from __future__ import annotations

import asyncio
import functools
import io
import threading
import time
import zipfile
from pathlib import Path

import pytest

from chat.messages import Attachment, IncomingMessage
from handlers import admin
from handlers.dispatch import dispatch
from plans.importer import read_plan
from plans.model import PlanError
from plans.readers.limits import MAX_CELLS, MAX_ROWS
from tests.reliability_core import ADMIN, open_core

SAMPLE = Path(__file__).resolve().parents[2] / "bot" / "data" / "sample_plan_17-KH-UBND_2022.txt"
HEADER = ("STT", "Nhiệm vụ", "Sản phẩm", "Chủ trì", "Phối hợp", "Thời gian hoàn thành")


@functools.cache  # two tests read the same 100,000-row workbook: made once (0.8 s) where they share a worker
def workbook(rows: int) -> bytes:
    """An .xlsx of one sheet: the task header, then `rows` task rows (inline strings, no <dimension>),
    written straight as XML: the way many tools write it, and far quicker to make than with openpyxl."""

    def row(number: int, cells: tuple[str, ...]) -> str:
        return f'<row r="{number}">' + "".join(
            f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{text}</t></is></c>' for i, text in enumerate(cells)
        ) + "</row>"

    body = [row(1, HEADER)]
    body += [
        row(n + 2, (f"{n // 50 + 1}.{n % 50 + 1}", f"Nhiệm vụ số {n}", "Báo cáo", "Phòng Nội vụ", "", "Quý I năm 2025"))
        for n in range(rows)
    ]
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}">'
            '<sheets><sheet name="KH" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>{"".join(body)}</sheetData></worksheet>'
        ),
    }
    buffer = io.BytesIO()
    # the quickest deflate: the reader counts rows as it unpacks, however tightly they were packed
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def test_a_small_workbook_of_this_shape_is_a_plan() -> None:
    plan = read_plan(workbook(120), "ke-hoach.xlsx")
    assert len(plan.tasks) == 120


def test_a_100000_row_workbook_is_refused_quickly_naming_the_limit() -> None:
    data = workbook(100_000)
    started = time.monotonic()
    with pytest.raises(PlanError) as refused:
        read_plan(data, "to.xlsx")
    elapsed = time.monotonic() - started
    assert refused.value.key == "plan_too_many_rows"
    assert f"{MAX_ROWS // 1000} nghìn dòng" in str(refused.value) and "to.xlsx" in str(refused.value)
    # counted in the XML as it unpacks, before openpyxl sizes the sheet by reading it whole (that alone
    # took 5 s on this machine, reading the rows 15 s more); generous for a loaded test machine
    assert elapsed < 3, elapsed


def test_a_text_plan_too_long_or_too_wide_is_refused_while_read() -> None:
    with pytest.raises(PlanError) as long:
        read_plan(b"Nhiem vu\n" * (MAX_ROWS + 1), "dai.txt")
    assert long.value.key == "plan_too_many_rows"
    wide = ("\t".join(["ô"] * 50) + "\n").encode() * (MAX_CELLS // 50 + 1)
    with pytest.raises(PlanError) as cells:
        read_plan(wide, "rong.txt")
    assert cells.value.key == "plan_too_many_cells"
    assert f"{MAX_CELLS // 1000} nghìn ô" in str(cells.value)


def test_a_word_document_is_counted_paragraph_by_paragraph() -> None:
    import docx  # python-docx: heavy, only this test writes a document

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    # python-docx adds 20,000 paragraphs in about a minute: write them into its document.xml instead
    paragraphs = "".join(f"<w:p><w:r><w:t>Đoạn {n}</w:t></w:r></w:p>" for n in range(MAX_ROWS + 1))
    long = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(long, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + paragraphs.encode(), 1)
            target.writestr(item, data)
    with pytest.raises(PlanError) as refused:
        read_plan(long.getvalue(), "dai.docx")
    assert refused.value.key == "plan_too_many_rows"


async def test_another_chats_reply_is_answered_while_a_plan_is_read(tmp_path, monkeypatch):
    core = await open_core(tmp_path)
    try:
        await core.link("2", "head", "Phường Bến Nghé")
        await core.send("2", "/tasks", message_id="9", sent_as="10")
        core.files["PLAN"] = SAMPLE.read_bytes()
        reading, release = threading.Event(), threading.Event()

        def held_read(*args, **kwargs):
            reading.set()
            release.wait(30)  # the plan is still being read
            return read_plan(*args, **kwargs)

        monkeypatch.setattr(admin, "read_plan", held_read)
        command = IncomingMessage(
            channel="telegram", chat_id=ADMIN, user_id=ADMIN, text="/import", message_id="30",
            attachment=Attachment("PLAN", SAMPLE.name, len(core.files["PLAN"])),
        )
        pending = asyncio.ensure_future(dispatch(command, core.ctx))
        try:
            assert await asyncio.to_thread(reading.wait, 10)
            # with the reading inside the unit of work, this reply would wait for its lock
            other = await asyncio.wait_for(core.text("2", "1.1 xong", reply_to_ref="10", message_id="11"), 10)
        finally:
            release.set()
        assert "Đã ghi nhận" in other and await core.count("reports") == 1
        preview = "\n".join(a.text for a in await pending)
        assert "Kế hoạch 17/KH-UBND" in preview
    finally:
        await core.db.close()


async def test_an_admin_importing_a_100000_row_workbook_is_told_the_limit(tmp_path):
    core = await open_core(tmp_path)
    try:
        core.files["BIG"] = workbook(100_000)
        answer = await core.text(ADMIN, "/import", message_id="30",
                                 attachment=Attachment("BIG", "to.xlsx", len(core.files["BIG"])))
        assert "Không đọc được kế hoạch" in answer and f"{MAX_ROWS // 1000} nghìn dòng" in answer
        assert await core.count("plans") == 1  # only the seeded one
    finally:
        await core.db.close()
