"""The four on-time states in the summary text, the scorecard, the chart's bars and the JSON."""

from __future__ import annotations

import json

from reports.chart import SEGMENTS, chart_rows, render_chart
from reports.json import render_json
from reports.text import render_scorecard, render_text
from storage.rollups import compute_rollup
from tests.storage.test_rollup_states import quarter  # noqa: F401  (fixture)


async def test_text_scorecard_chart_and_json_show_the_states(db, quarter, now, tz) -> None:  # noqa: F811
    rollup = await compute_rollup(db, as_of=now, period="quarter", tz=tz)
    text = "\n".join(render_text(rollup))
    assert ("Theo hạn: ✅ 3 hoàn thành đúng hạn · 🟠 2 hoàn thành trễ hạn · 🔵 3 đang thực hiện trong hạn"
            " · 🔴 2 quá hạn chưa hoàn thành — tỷ lệ hoàn thành đúng hạn 42,9%") in text
    assert "Phường A" in text and ", đúng hạn 66,7%" in text
    english = "\n".join(render_text(rollup, "en"))
    assert "on-time completion rate 42.9%" in english
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
