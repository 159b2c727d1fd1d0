"""The four on-time states in the summary text, the scorecard, the chart's bars and the JSON."""

from __future__ import annotations

import io
import json

from docx import Document

from reports.chart import SEGMENTS, chart_rows, render_chart
from reports.docx import render_docx
from reports.json import render_json
from reports.text import render_scorecard, render_text
from storage import explanations
from storage.rollups import compute_rollup
from tests.storage.test_rollup_states import quarter  # noqa: F401  (fixture)


async def test_text_scorecard_chart_and_json_show_the_states(db, quarter, now, tz) -> None:  # noqa: F811
    rollup = await compute_rollup(db, as_of=now, period="quarter", tz=tz)
    text = "\n".join(render_text(rollup))
    # what is counted is said: deadlines of lead assignments, not tasks (the line before counts those)
    assert ("Theo từng hạn: 10 lượt hạn (mỗi lượt chủ trì × mỗi hạn trong kỳ) · ✅ 3 hoàn thành đúng hạn"
            " · 🟠 2 hoàn thành trễ hạn · 🔵 3 đang thực hiện trong hạn"
            " · 🔴 2 quá hạn chưa hoàn thành — tỷ lệ hoàn thành đúng hạn 42,9%") in text
    assert "Phường A" in text and ", đúng hạn 66,7%" in text
    english = "\n".join(render_text(rollup, "en"))
    assert "on-time completion rate 42.9%" in english
    assert "By deadline: 10 task-deadlines (each lead assignment × each deadline in the period)" in english
    card = "\n".join(render_scorecard(rollup, "Phường E"))
    assert "🔵 1 đang thực hiện trong hạn" in card and "tỷ lệ hoàn thành đúng hạn —" in card
    assert [legend for _, legend, _ in SEGMENTS] == [
        "state.done_on_time", "state.done_late", "state.open_on_time", "state.open_overdue"]
    bars, total = chart_rows(rollup)
    assert total == 7 and bars[0] == ("Phường C", (0, 0, 0, 1)) and ("Phường A", (2, 1, 1, 0)) in bars
    assert render_chart(rollup)[:8] == b"\x89PNG\r\n\x1a\n"
    doc = json.loads(render_json(rollup))
    assert doc["totals"]["on_time_pct"] == 42.9
    lines = {d["agency"]: d for d in doc["details"] if d["number"] == "1.1"}
    assert (lines["Phường D"]["state"], lines["Phường D"]["extended"]) == ("done_on_time", True)
    assert (lines["Phường E"]["planned_due"], lines["Phường E"]["next_due"]) == ("2025-02-28", "2025-03-31")


async def test_the_quarterly_draft_has_the_deadline_parts(db, quarter, now, tz) -> None:  # noqa: F811
    await explanations.add(db, task_id=quarter["1.1"], occurrence_id=None, agency_id=quarter["C"], user_id=None,  # type: ignore[arg-type]
                           text="Chờ Sở Nội vụ hướng dẫn", channel="telegram", now=now)
    rollup = await compute_rollup(db, as_of=now, period="quarter", tz=tz)
    assert [(e.agency, e.new_due.isoformat()) for e in rollup.extensions] == [
        ("Phường D", "2025-03-31"), ("Phường E", "2025-03-31")]
    doc = Document(io.BytesIO(render_docx(rollup)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Kết quả thực hiện theo thời hạn" in text
    assert ("3 lượt hoàn thành đúng hạn, 2 lượt hoàn thành trễ hạn, 3 lượt đang thực hiện trong hạn,"
            " 2 lượt quá hạn chưa hoàn thành; tỷ lệ hoàn thành đúng hạn 42,9%") in text
    late = next(p.text for p in doc.paragraphs if p.text.startswith("1.1 Nhiệm vụ 1.1 — ") and "(" in p.text)
    assert "Phường C (quá hạn chưa hoàn thành): Chờ Sở Nội vụ hướng dẫn" in late
    assert "Phường B (hoàn thành trễ hạn): chưa giải trình" in late
    assert "Phường G (quá hạn chưa hoàn thành): chưa giải trình" in late
    assert ("1.1 Nhiệm vụ 1.1 — Phường D: gia hạn từ 28/02/2025 đến 31/03/2025. Lý do: chờ số liệu") in text
    rates = next(tbl for tbl in doc.tables if tbl.rows[0].cells[-1].text == "Tỷ lệ hoàn thành đúng hạn (%)")
    rows = [[c.text for c in row.cells] for row in rates.rows[1:]]
    assert rows[0] == ["Phường D", "1", "0", "0", "100%"]  # best first
    assert [r[0] for r in rows][-2:] == ["Phường C", "Phường G"] and "Phường E" not in [r[0] for r in rows]
