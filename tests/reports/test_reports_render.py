"""reports.*: chat text chunks, XLSX, PNG, DOCX and JSON read back."""

from __future__ import annotations

import io
import json
import struct
import warnings
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from docx import Document
from docx.shared import RGBColor
from openpyxl import load_workbook

from chat.messages import split_chunks, utf16_len
from i18n import t
from i18n.formats import format_date
from plans.workdays import working_days_late
from reports.chart import render_chart
from reports.docx import _add_rows, render_docx
from reports.json import render_json
from reports.text import STATE_NAMES, STATUS_NAMES, render_overdue, render_scorecard, render_text
from reports.xlsx import render_xlsx
from storage.rollup_values import Counts, NonResponder
from storage.rollups import compute_overdue, compute_rollup

# Most tests here draw a Rollup already computed: they run on SQLite only (a PostgreSQL world took them 2-3 s
# each on a loaded host). That compute_rollup gives the same Rollup on PostgreSQL is test_copy_to_postgresql's
# and test_rollups' PostgreSQL half; the tests marked both_backends read the database themselves, or render
# the whole roll-up (text, workbook) of a world built on PostgreSQL.


@pytest.fixture
async def rollup(db, world, now, tz):
    return await compute_rollup(db, as_of=now, period="week", tz=tz)


# --- chunking ---------------------------------------------------------------------------------------


def test_chunks_keep_lines_whole_and_under_limit() -> None:
    lines = [f"🔴 {i}.{i} Nhiệm vụ cải cách thủ tục hành chính số {i} — UBND phường {i}" for i in range(300)]
    chunks = split_chunks(lines, 500)
    assert len(chunks) > 1
    assert all(utf16_len(c) <= 500 and len(c) <= 500 for c in chunks)
    assert [line for c in chunks for line in c.split("\n")] == lines


def test_over_long_line_is_cut_safely() -> None:
    word = "Đẩy mạnh cải cách hành chính "
    line = "🟢" + word * 100 + "👨‍👩‍👧" * 50
    chunks = split_chunks(["đầu", line, "cuối"], 200)
    assert all(utf16_len(c) <= 200 for c in chunks)
    assert chunks[0].startswith("đầu") and chunks[-1].endswith("cuối")
    # nothing lost but the spaces at the cuts; no lone surrogate can exist in str, so check ZWJ edges
    assert "".join(chunks).replace(" ", "").replace("\n", "") == ("đầu" + line + "cuối").replace(" ", "")
    assert not any(c.startswith("\u200d") or c.endswith("\u200d") for c in chunks)


def test_exactly_limit_fits() -> None:
    assert split_chunks(["a" * 10, "b" * 10], 21) == ["a" * 10 + "\n" + "b" * 10]
    assert split_chunks(["a" * 10, "b" * 10], 20) == ["a" * 10, "b" * 10]


# --- chat text --------------------------------------------------------------------------------------


@pytest.mark.both_backends
async def test_summary_text_vietnamese(rollup) -> None:
    chunks = render_text(rollup)
    text = "\n".join(chunks)
    assert len(chunks) == 1 and len(chunks[0]) <= 4096
    assert "TỔNG HỢP TIẾN ĐỘ CẢI CÁCH HÀNH CHÍNH — tuần 10/03/2025 – 16/03/2025" in text
    assert "Số liệu đến 09:00 ngày 10/03/2025." in text
    # overdue comes before blockers, which come before the agency list
    assert text.index("🔴 QUÁ HẠN (4)") < text.index("⛔ VƯỚNG MẮC (2)") < text.index("🏢 THEO CƠ QUAN")
    assert "🔴 2.1 Nhiệm vụ 2.1 — UBND phường Bến Nghé — hạn 28/02/2025 (quá 6 ngày làm việc)" in text
    assert "⛔ 2.2 Nhiệm vụ 2.2 — Phòng Tư pháp — từ 03/03/2025 (7 ngày) — Vẫn chờ hướng dẫn của Sở" in text
    # one paragraph; Phòng Văn hóa và Thông tin, reminded with nothing due yet (0), is not late to answer (item 21)
    assert "🔕 UBND phường Bến Nghé (2)\n" in text and "Phòng Văn hóa và Thông tin (0" not in text
    assert "🔴 UBND phường Bến Nghé: 0/2 hoàn thành (0%), 2 quá hạn" in text
    assert "🟡 Phòng Văn hóa và Thông tin: 0/1 hoàn thành (0%), 1 chưa báo cáo" in text
    assert "Phòng Nội vụ: 1/3 hoàn thành (33,3%)" in text
    assert "+1 hoàn thành · +1 quá hạn mới · +1 vướng mắc mới" in text


async def test_national_totals_are_grouped_the_languages_way(rollup) -> None:
    big = replace(rollup, totals=Counts(lead_tasks=48184, done=7420, overdue=1203, never_reported=15000))
    assert ("Tổng: 48.184 lượt chủ trì (mỗi nhiệm vụ × mỗi đơn vị chủ trì) · ✅ 7.420 hoàn thành (15,4%) · 🔴 1.203 quá hạn"
            in render_text(big)[0])
    assert ("Total: 48,184 lead assignments (each task × each lead agency) · ✅ 7,420 done (15.4%) · 🔴 1,203 overdue"
            in render_text(big, "en")[0])


async def test_summary_text_english_and_small_chunks(rollup) -> None:
    chunks = render_text(rollup, lang="en", limit=300)
    assert len(chunks) > 2 and all(utf16_len(c) <= 300 for c in chunks)
    assert "🔴 OVERDUE (4)" in "\n".join(chunks)
    whole = render_text(rollup, lang="en")[0].split("\n")
    assert [line for line in whole if line] == [line for c in chunks for line in c.split("\n") if line]


async def test_long_lists_show_the_first_items_in_order_then_how_many_more(rollup) -> None:
    overdue_lines = [line for line in render_text(rollup)[0].split("\n") if line.startswith("🔴 ") and "— hạn" in line]
    # four late pairs in three lines: the two agencies late on 1.2 share one
    assert len(overdue_lines) == 3
    assert overdue_lines[2] == ("🔴 1.2 Nhiệm vụ 1.2 — hạn 05/03/2025 (quá 3 ngày làm việc)"
                                " — 2 đơn vị: Phòng Nội vụ, UBND phường Bến Nghé")
    cut = render_text(rollup, max_items=2)[0].split("\n")
    start = cut.index("🔴 QUÁ HẠN (4)")
    assert cut[start + 1 : start + 4] == [*overdue_lines[:2], "… và 2 mục khác."]  # the two most overdue first
    exact = render_text(rollup, max_items=4)[0].split("\n")
    start = exact.index("🔴 QUÁ HẠN (4)")
    assert exact[start + 1 : start + 4] == overdue_lines and "mục khác" not in exact[start + 4]


@pytest.mark.both_backends
async def test_overdue_and_scorecard(db, rollup, now, tz) -> None:
    text = "\n".join(render_overdue(await compute_overdue(db, as_of=now, tz=tz)))
    assert text.startswith("🔴 NHIỆM VỤ QUÁ HẠN — đến ngày 10/03/2025")
    assert text.index("🏢 UBND phường Bến Nghé (2)") < text.index("🏢 Phòng Nội vụ (1)")
    assert "  • 1.2 Nhiệm vụ 1.2 — hạn 05/03/2025 (quá 3 ngày làm việc) — Đang thực hiện 70%" in text
    card = "\n".join(render_scorecard(rollup, "Phòng Tư pháp"))
    assert card.startswith("📋 KẾT QUẢ THỰC HIỆN CỦA PHÒNG TƯ PHÁP — tuần ")  # before: «KẾT QUẢ CỦA Phòng Tư pháp»
    assert "Chủ trì 3 nhiệm vụ" in card and "⛔ VƯỚNG MẮC (2)" in card
    assert "Phòng Nội vụ" not in card
    assert render_scorecard(rollup, 999_999) == ["Không có số liệu của đơn vị này."]


# --- XLSX -------------------------------------------------------------------------------------------


@pytest.mark.both_backends
async def test_xlsx_read_back(rollup) -> None:
    wb = load_workbook(io.BytesIO(render_xlsx(rollup)))
    assert wb.sheetnames == ["Tổng hợp", "Chi tiết"]
    summary, details = wb["Tổng hợp"], wb["Chi tiết"]
    assert summary["A1"].value == "Cơ quan, đơn vị" and summary.freeze_panes == "A2"
    # the writer's autofilter spans every row it wrote, so the bold total row is inside it
    assert summary.auto_filter.ref == "A1:V7"  # 13 columns, the four on-time states and the rate, coordinators'
    assert summary.max_row == len(rollup.agencies) + 2  # header, agencies, total
    total = summary[summary.max_row]
    assert total[0].value == "Tổng cộng" and total[0].font.b and total[2].value == rollup.totals.lead_tasks
    assert summary["A1"].font.b and summary["A1"].fill.fgColor.rgb.endswith("DDEBF7")
    header = [c.value for c in details[1]]
    assert header[:6] == ["Kế hoạch", "Lĩnh vực", "Số TT", "Nhiệm vụ", "Cơ quan, đơn vị", "Tình trạng"]
    assert details.freeze_panes == "A2" and details.auto_filter.ref == "A1:R11"
    assert header[14:] == ["Tình trạng theo hạn", "Hạn ban đầu", "Gia hạn", "Giải trình"]
    assert [c.value for c in summary[1]][11:16] == [
        "Hoàn thành đúng hạn", "Hoàn thành trễ hạn", "Đang thực hiện trong hạn", "Quá hạn chưa hoàn thành",
        "Tỷ lệ hoàn thành đúng hạn (%)"]
    c = rollup.totals
    assert [x.value for x in total[11:16]] == [
        c.done_on_time, c.done_late, c.open_on_time, c.open_overdue, c.on_time_pct]
    rows = {(r[2].value, r[4].value): r for r in details.iter_rows(min_row=2)}
    done = rows[("1.1", "Phòng Nội vụ")]
    assert done[5].value == "Đã hoàn thành" and done[9].value == 2
    assert isinstance(done[8].value, datetime) and done[8].value.date() == date(2025, 3, 10)
    assert done[8].number_format == "dd/mm/yyyy"
    late = rows[("1.2", "UBND phường Bến Nghé")]
    assert late[5].value == "Chưa báo cáo" and late[10].value.date() == date(2025, 3, 5)
    assert late[11].value == 3  # working days overdue on Monday 10/03 (Thu, Fri, Mon), as every text counts them
    # XlsxWriter's convention: the stored width carries Excel's padding, so 60 characters show
    assert details.column_dimensions["D"].width == pytest.approx(60.71, abs=0.01)
    # every row, in rollup order: the two date columns reuse one styled cell each, so check none leaks
    # its value or its format into another row
    assert details.max_row == len(rollup.details) + len(rollup.support_details) + 1
    lines = [*rollup.details, *rollup.support_details]  # the coordinating lines after the lead ones
    for d, row in zip(lines, details.iter_rows(min_row=2), strict=True):
        values = [c.value for c in row]
        assert values[:3] == [d.plan_code, values[1], d.number] and d.section_title in values[1]
        assert values[3:8] == [d.title, d.agency, t(STATUS_NAMES[d.status]), d.percent, d.note or None]
        assert values[9] == d.evidence and values[11] == (working_days_late(d.overdue_since, rollup.today) if d.overdue_since else None)
        assert values[14] == (t(STATE_NAMES[d.state]) if d.state else None) and values[16:] == [None, None]
        for cell, day in ((row[8], d.reported_on), (row[10], d.due), (row[15], d.planned_due)):
            if day is None:
                assert cell.value is None
            else:
                assert cell.value == datetime(day.year, day.month, day.day)
                assert cell.is_date and cell.number_format == "dd/mm/yyyy"
    for row in details.iter_rows(min_row=2):
        assert all(c.number_format == "General" for i, c in enumerate(row) if i not in (8, 10, 15))


async def test_xlsx_awkward_values(rollup) -> None:
    """Diacritics, empty notes, no percent, over-long and formula-like text, control characters."""
    first = rollup.details[0]
    odd = [
        replace(first, note="", percent=None, reported_on=None, status=None),
        replace(first, note="=HYPERLINK(\"http://x\")", percent=0),
        replace(first, note="Đã ký ban hành — ưu tiên\nDòng hai  ", title="Rà soát thủ tục ở Đắk Lắk"),
        replace(first, note="x" * 40_000, title="t" * 33_000),
        replace(first, note="tab\tvà ký tự lạ \x0b\x01"),
    ]
    wb = load_workbook(io.BytesIO(render_xlsx(replace(rollup, details=odd))))
    rows = [[c.value for c in row] for row in wb["Chi tiết"].iter_rows(min_row=2)]
    assert rows[0][5:9] == ["Chưa báo cáo", None, None, None]
    assert rows[1][6:8] == [0, '=HYPERLINK("http://x")'] and wb["Chi tiết"]["H3"].data_type == "s"
    assert rows[2][3] == "Rà soát thủ tục ở Đắk Lắk" and rows[2][7] == "Đã ký ban hành — ưu tiên\nDòng hai  "
    assert rows[3][7] == "x" * 32_767 and rows[3][3] == "t" * 32_767  # Excel's limit for one cell
    assert rows[4][7].startswith("tab\tvà ký tự lạ ")  # kept (escaped in the XML), not a failed workbook


async def test_xlsx_without_detail_lines_keeps_headers(rollup) -> None:
    wb = load_workbook(io.BytesIO(render_xlsx(replace(rollup, details=[], support_details=[]))))
    details = wb["Chi tiết"]
    assert [c.value for c in details[1]][:2] == ["Kế hoạch", "Lĩnh vực"] and details.freeze_panes == "A2"
    assert all(c.value is None for row in details.iter_rows(min_row=2) for c in row)


# --- PNG --------------------------------------------------------------------------------------------


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


async def test_png_chart_without_missing_glyphs(rollup) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = render_chart(rollup)
    assert not [w for w in caught if "glyph" in str(w.message).lower()], [str(w.message) for w in caught]
    width, height = _png_size(data)
    assert width == 1080 and height > 300
    import matplotlib.image

    assert matplotlib.image.imread(io.BytesIO(data)).shape[:2] == (height, width)


async def test_png_chart_many_agencies_shows_top_n(rollup) -> None:
    many = replace(rollup, agencies=rollup.agencies * 30)
    small = _png_size(render_chart(rollup))[1]
    big = _png_size(render_chart(many, top=20))[1]
    # 20 bars, not 150: the height is bounded
    assert small < big < small * 6


# --- DOCX and JSON ----------------------------------------------------------------------------------


async def test_docx_read_back(rollup) -> None:
    doc = Document(io.BytesIO(render_docx(rollup, label="quý I năm 2025")))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "BÁO CÁO\nKết quả thực hiện công tác cải cách hành chính quý I năm 2025"
    assert "Kỳ báo cáo: từ ngày 10/03/2025 đến ngày 16/03/2025 (số liệu đến ngày 10/03/2025)." in texts
    part = texts.index("2. Cải cách thủ tục hành chính")
    after = texts[part:]
    assert "c) Nhiệm vụ quá hạn, chưa hoàn thành" in after
    assert "2.3 Nhiệm vụ 2.3 — Phòng Tư pháp (báo cáo ngày 10/03/2025: đang thực hiện, 80%; Bổ sung hồ sơ)" in after
    assert "1.1 Nhiệm vụ 1.1 — Phòng Nội vụ (Đã ban hành)" in texts[: part]
    _, rates, table = doc.tables  # the national heading, the on-time rate per agency (issue 20), the figures
    assert rates.rows[0].cells[-1].text == "Tỷ lệ hoàn thành đúng hạn (%)"
    assert table.rows[0].cells[0].text == "Cơ quan, đơn vị"
    assert table.rows[-1].cells[0].text == "Tổng cộng" and table.rows[-1].cells[1].text == "9"


def test_docx_table_rows_are_the_xml_python_docx_writes() -> None:
    rows = [
        ("Phường Bến Nghé", 12, "41,7"),
        ("  UBND <Xã> & \"Thôn\"  ", 0, ""),  # markup is escaped, edge spaces kept
        ("Phòng Nội vụ\tTổ 2", 3, "x"),  # a tab: python-docx's own <w:tab/>
        ("Tổng cộng", 15, "20,0"),
    ]
    our_doc, their_doc = Document(), Document()
    ours, theirs = (d.add_table(rows=1, cols=3) for d in (our_doc, their_doc))
    _add_rows(our_doc, ours, rows)
    for row in rows:
        for cell, value in zip(theirs.add_row().cells, row, strict=True):
            cell.text = str(value)
    assert ours._tbl.xml == theirs._tbl.xml
    assert [c.text for c in ours.rows[2].cells] == ["  UBND <Xã> & \"Thôn\"  ", "0", ""]


async def test_docx_title_names_its_own_period(rollup) -> None:
    doc = Document(io.BytesIO(render_docx(rollup)))  # a weekly rollup: never titled by its quarter
    assert doc.paragraphs[0].text.endswith("cải cách hành chính tuần từ 10/03/2025 đến 16/03/2025")
    for period, title in (("quarter", "quý I năm 2025"), ("year", "năm 2025"), ("month", "tháng 3 năm 2025")):
        doc = Document(io.BytesIO(render_docx(replace(rollup, period=period))))
        assert doc.paragraphs[0].text.endswith(f"cải cách hành chính {title}")
    english = Document(io.BytesIO(render_docx(replace(rollup, period="quarter"), lang="en")))
    # before: «… results, quarter I 2025» and «……, date …… month …… year ……», Vietnamese word for word
    assert english.paragraphs[0].text.endswith("Administrative reform results, first quarter of 2025")
    nation = english.tables[0].rows[0].cells[1].text.split("\n")
    assert nation[-1] == "……, …… ……, 20……"


async def test_json_text(rollup) -> None:
    doc = json.loads(render_json(rollup))
    assert doc == json.loads(json.dumps(rollup.as_json()))
    assert "Bến Nghé" in render_json(rollup)


async def test_docx_is_laid_out_as_an_administrative_document(rollup) -> None:
    # before: python-docx's template (US Letter, 31.75 mm margins, blue Cambria headings, author «python-docx»)
    doc = Document(io.BytesIO(render_docx(rollup, label="quý I năm 2025", issuer="UBND Quận 1")))
    (section,) = doc.sections
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [20, 20, 30, 15]
    for name in ("Normal", "Heading 1", "List Bullet"):
        font = doc.styles[name].font
        assert (font.name, font.size.pt, font.color.rgb) == ("Times New Roman", 13, RGBColor(0, 0, 0)), name
        assert "Theme" not in doc.styles[name].element.rPr.rFonts.xml, name  # a theme font would win in Word
    heading = doc.paragraphs[0]
    assert heading.style.name == "Normal" and all(run.bold for run in heading.runs if run.text.strip())
    props = doc.core_properties
    assert (props.author, props.last_modified_by, props.comments) == ("UBND Quận 1", "UBND Quận 1", "")
    assert props.title == "BÁO CÁO Kết quả thực hiện công tác cải cách hành chính quý I năm 2025"
    assert "python-docx" not in Document(io.BytesIO(render_docx(rollup))).core_properties.author
    body, nation = (cell.text.split("\n") for cell in doc.tables[0].rows[0].cells)  # ND30's two columns
    assert body[0] == "UBND QUẬN 1" and body[1].startswith("Số:") and body[1].endswith("/BC-…")
    assert nation[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert nation[2].startswith("……, ngày")


@pytest.mark.both_backends
async def test_docx_lists_a_blocked_overdue_task_as_overdue(db, world, tz) -> None:
    # before: every blocked line was «đang thực hiện», late or not, while the XLSX said «quá hạn chưa hoàn thành»
    rollup = await compute_rollup(db, as_of=datetime(2025, 3, 20, 2, tzinfo=UTC), period="quarter", tz=tz)
    late = [d for d in rollup.details if d.status == "blocked" and d.overdue_since is not None]
    on_time = [d for d in rollup.details if d.status == "blocked" and d.overdue_since is None]
    assert late and on_time, [(d.number, d.overdue_since) for d in rollup.details if d.status == "blocked"]
    assert {d.bucket for d in late} == {"overdue"} and {d.bucket for d in on_time} == {"blocked"}
    texts = [p.text for p in Document(io.BytesIO(render_docx(rollup))).paragraphs]

    def heading_above(line: str) -> str:
        at = next(i for i, text in enumerate(texts) if text.startswith(line))
        return next(text for text in reversed(texts[:at]) if text[:2] in ("a)", "b)", "c)"))

    section = texts.index(next(text for text in texts if text.startswith(f"{late[0].section_number}. ")))
    overdue_here = sum(1 for d in rollup.details if d.section_number == late[0].section_number and d.role == "lead"
                       and d.bucket == "overdue")
    assert overdue_here == next(c for c in rollup.sections if c.number == late[0].section_number).counts.overdue
    assert texts[section + 1].endswith(f"quá hạn {overdue_here}.")  # the part's figure counts what c) lists
    for d, part in [(late[0], "c) Nhiệm vụ quá hạn"), (on_time[0], "b) Nhiệm vụ đơn vị báo cáo đang thực hiện")]:
        line = f"{d.number} {d.title} — "
        assert heading_above(line).startswith(part), d.number
        assert f"{d.agency} (vướng mắc" in next(text for text in texts if text.startswith(line))


_WARDS = ("Phường Tân Định", "Phường Cô Giang", "Phường Đa Kao", "Phường Cầu Kho")  # as SQL's binary order left them
_IN_VIETNAMESE_ORDER = "Phường Cầu Kho, Phường Cô Giang, Phường Đa Kao, Phường Tân Định"


async def test_agencies_sharing_a_line_are_in_vietnamese_order_and_due_soon_ones_share_one(rollup) -> None:
    # before: due-soon was one line per agency (21 lines for one task in the Friday post), and shared lines
    # kept the code-point order («Cô Giang» before «Cầu Kho», «Đa Kao» after «Tân Định»)
    soon, late = rollup.soon[0], rollup.late[0]
    shared = replace(
        rollup,
        soon=tuple(replace(soon, agency=name) for name in _WARDS),
        late=tuple(replace(late, agency=name) for name in _WARDS),
        totals=replace(rollup.totals, due_soon=4, overdue=4),
    )
    text = "\n".join(render_text(shared))
    assert f"— hạn {format_date(soon.next_due)} — 4 đơn vị: {_IN_VIETNAMESE_ORDER}" in text
    assert f"— 4 đơn vị: {_IN_VIETNAMESE_ORDER}" in text.split("SẮP ĐẾN HẠN")[0]  # the overdue line too
    assert "mục khác" not in text
    english = "\n".join(render_text(shared, "en"))
    assert f"— due {format_date(soon.next_due, 'en')} — agencies (4): {_IN_VIETNAMESE_ORDER}" in english


async def test_the_not_answered_part_names_only_agencies_with_something_due(rollup) -> None:
    # before: «🔕 Phòng Nội vụ (0, đã nhắc 22/03/2022)»: reminded days ahead, nothing due, named as silent
    reminded = datetime(2025, 3, 10, 1, tzinfo=UTC)
    text = "\n".join(render_text(replace(rollup, non_responders=(
        NonResponder(1, "Phòng Nội vụ", reminded, 0), NonResponder(2, "Phường Bến Nghé", reminded, 2)))))
    assert "CHƯA PHẢN HỒI TRONG KỲ (1)" in text and "🔕 Phường Bến Nghé (2, đã nhắc 10/03/2025)" in text
    assert "Phòng Nội vụ (0" not in text
    nobody = "\n".join(render_text(replace(rollup, non_responders=(NonResponder(1, "Phòng Nội vụ", reminded, 0),))))
    assert "CHƯA PHẢN HỒI" not in nobody


def test_a_parts_heading_goes_with_its_body_to_the_next_message() -> None:
    # before: the Friday post ended message 1 on «🔕 CHƯA PHẢN HỒI TRONG KỲ (21)» and its legend, the names in message 2
    lines = ["a" * 50, "", "🔕 CHƯA PHẢN HỒI (3)", "(trong ngoặc: …)", "b" * 60]
    assert split_chunks(lines, 100) == ["a" * 50, "🔕 CHƯA PHẢN HỒI (3)\n(trong ngoặc: …)\n" + "b" * 60]
    listed = ["a" * 50, "", "🔴 QUÁ HẠN (3)", "c" * 10, "d" * 10, "e" * 40]  # a part begun stays where it is
    assert split_chunks(listed, 100)[0].endswith("d" * 10)


async def test_xlsx_prints_on_landscape_a4_with_its_header_on_every_page(rollup) -> None:
    # before: no page setup: «Chi tiết»'s 18 columns across several portrait pages, its header on page 1 only
    book = load_workbook(io.BytesIO(render_xlsx(rollup)))
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert (setup.orientation, str(setup.paperSize)) == ("landscape", "9"), sheet.title  # 9: A4
        # one page wide (1 is Excel's default, left out of the file), as many pages down as it takes
        assert (setup.fitToWidth or 1, setup.fitToHeight) == (1, 0) and sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == "$1:$1"  # the header row on every page


async def test_docx_puts_each_plans_sections_under_its_plan(rollup) -> None:
    # before: the quarterly draft ran plan 17's «7. Xây dựng chính quyền số» straight into plan 62's «I. KIỂM TRA
    # CÔNG TÁC CHỈ ĐẠO» (and two «1.» parts), with no word of which plan either belonged to
    first, *rest = rollup.sections
    other = tuple(replace(s, plan_id=s.plan_id + 1000, plan_code="62/KH-UBND") for s in rest)
    doc = Document(io.BytesIO(render_docx(replace(rollup, sections=(first, *other)))))
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    plans = [text for style, text in headings if style == "Heading 1" and text.startswith("Nhiệm vụ theo ")]
    assert plans == [f"Nhiệm vụ theo Kế hoạch số {first.plan_code}", "Nhiệm vụ theo Kế hoạch số 62/KH-UBND"]
    assert ("Heading 2", f"{first.number}. {first.title}") in headings
    one = Document(io.BytesIO(render_docx(rollup)))  # one plan: its sections are the parts, as before
    assert ("Heading 1", f"{first.number}. {first.title}") in [(p.style.name, p.text) for p in one.paragraphs]


async def test_blocker_and_change_lines_name_their_plan_when_two_plans_are_counted(rollup) -> None:
    # before: «⛔ 2.2 Nhiệm vụ 2.2 — Phòng Tư pháp …» and «Mới hoàn thành: 1.1 (Phòng Nội vụ)» beside another plan's
    code = rollup.sections[0].plan_code
    assert {b.plan_code for b in rollup.blockers} == {c.plan_code for c in rollup.changes} == {code}
    first, *rest = rollup.sections
    two = replace(rollup, sections=(first, *(replace(s, plan_id=s.plan_id + 1000, plan_code="62/KH-UBND") for s in rest)))
    text = "\n".join(render_text(two))
    assert f"⛔ 2.2 [{code}] Nhiệm vụ 2.2 — Phòng Tư pháp — từ 03/03/2025" in text
    assert f"✅ Mới hoàn thành: 1.1 [{code}] (Phòng Nội vụ)" in text
    assert "⛔ 2.2 Nhiệm vụ 2.2 — Phòng Tư pháp" in "\n".join(render_text(rollup))  # one plan: as before


async def test_a_plan_without_sections_and_a_task_blocked_today_read_as_words(rollup) -> None:
    # before: «🟡 [91/KH-UBND] . : 0/2 hoàn thành» and «⛔ 2.2 … — từ 03/03/2025 (0 ngày)»
    unsectioned = replace(rollup.sections[0], plan_id=-1, plan_code="91/KH-UBND", section_id=None, number="", title="")
    blocked = replace(rollup.blockers[0], age_days=0)
    seen = replace(rollup, sections=(*rollup.sections, unsectioned), blockers=(blocked,))
    text, english = "\n".join(render_text(seen)), "\n".join(render_text(seen, "en"))
    assert "Kế hoạch 91/KH-UBND (không chia lĩnh vực): " in text and ". :" not in text
    assert "Plan 91/KH-UBND (no sections): " in english and ". :" not in english
    assert f"— từ {format_date(blocked.since)} (hôm nay)" in text and "(0 ngày" not in text
    assert f"— since {format_date(blocked.since, 'en')} (today)" in english
