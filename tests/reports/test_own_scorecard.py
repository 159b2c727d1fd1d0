"""A unit head's own /summary lines, and lettered task numbers («c)») wherever a number heads a title."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date

from docx import Document

from i18n.formats import printed_number
from reports.docx import render_docx
from reports.text import render_scorecard, render_text
from storage.rollups import compute_rollup


async def test_a_heads_own_lines_do_not_repeat_the_agency_and_dates_say_what_they_are(db, world, now, tz) -> None:
    # before: «⚪ 1.2 … — Phòng Nội vụ — 30/09/2022» on every line of Phòng Nội vụ's own summary
    rollup = await compute_rollup(db, as_of=now, period="week", tz=tz)
    own = next(d for d in rollup.details if d.agency_id == world["noi_vu"] and d.number == "1.3")
    unreported = replace(own, number="1.5", title="Nhiệm vụ 1.5", status=None, bucket="not_reported",
                         next_due=date(2025, 9, 30), overdue_since=None)
    rollup = replace(rollup, details=(*rollup.details, unreported))
    lines = "\n".join(render_scorecard(rollup, world["noi_vu"])).split("\n")
    assert lines[0].startswith("📋 KẾT QUẢ THỰC HIỆN CỦA PHÒNG NỘI VỤ — tuần ")  # before: «KẾT QUẢ CỦA Phòng Nội vụ»
    task_lines = [line for line in lines if re.match(r"\S+ \d+\.\d+ ", line)]
    assert "🔴 1.2 Nhiệm vụ 1.2 — hạn 05/03/2025 (quá 3 ngày làm việc)" in task_lines
    assert "✅ 1.1 Nhiệm vụ 1.1 — báo xong ngày 10/03/2025" in task_lines
    assert "⚪ 1.5 Nhiệm vụ 1.5 — hạn 30/09/2025" in task_lines
    assert not any("Phòng Nội vụ" in line for line in task_lines)
    english = "\n".join(render_scorecard(rollup, world["noi_vu"], "en"))
    assert english.startswith("📋 SCORECARD OF PHÒNG NỘI VỤ — week ") and english.upper().count("PHÒNG NỘI VỤ") == 1


def test_a_lettered_number_is_printed_as_offices_write_it() -> None:
    assert [printed_number(n) for n in ("c", "đ", "c [25/KH-UBND]", "1.2", "12", "II", "a1")] == [
        "c)", "đ)", "c) [25/KH-UBND]", "1.2", "12", "II", "a1"]


async def test_lettered_tasks_read_c_paren_in_summary_and_docx(db, world, now, tz) -> None:
    # before: «🔴 c Báo cáo…» in /summary and «c Báo cáo…» in the DOCX
    rollup = await compute_rollup(db, as_of=now, period="quarter", tz=tz)
    lettered = tuple(replace(d, number="c", title="Báo cáo tình hình") for d in rollup.details)
    rollup = replace(rollup, details=lettered, late=tuple(replace(d, number="c", title="Báo cáo tình hình")
                                                          for d in rollup.late))
    text = "\n".join(render_text(rollup))
    assert "c) Báo cáo tình hình" in text and " c Báo cáo" not in text
    doc = Document(io.BytesIO(render_docx(rollup)))
    paragraphs = [p.text for p in doc.paragraphs]
    assert any(p.startswith("c) Báo cáo tình hình") for p in paragraphs)
    assert not any(p.startswith("c Báo cáo") for p in paragraphs)
