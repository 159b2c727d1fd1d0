"""/summary's titles name the period as offices write it (note13: «quý 01/01/2022 – 31/03/2022», and a head's
«KẾT QUẢ CỦA Phòng Nội vụ» mixing capitals)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from reports.text import period_title, render_scorecard, render_text
from storage.rollups import compute_rollup


async def test_a_quarter_month_and_year_are_named_then_dated_and_a_week_dated(db, world, now, tz) -> None:
    week = await compute_rollup(db, as_of=now, period="week", tz=tz)
    assert period_title(week) == "tuần 10/03/2025 – 16/03/2025"
    quarter = replace(week, period="quarter", start=date(2025, 1, 1), end=date(2025, 3, 31))
    assert render_text(quarter)[0].startswith(
        "📊 TỔNG HỢP TIẾN ĐỘ CẢI CÁCH HÀNH CHÍNH — quý I năm 2025 (01/01/2025 – 31/03/2025)\n")
    card = render_scorecard(quarter, world["noi_vu"])[0]
    assert card.startswith("📋 KẾT QUẢ THỰC HIỆN CỦA PHÒNG NỘI VỤ — quý I năm 2025 (01/01/2025 – 31/03/2025)\n")
    month = replace(week, period="month", start=date(2025, 3, 1), end=date(2025, 3, 31))
    assert period_title(month) == "tháng 3 năm 2025 (01/03/2025 – 31/03/2025)"
    year = replace(week, period="year", start=date(2025, 1, 1), end=date(2025, 12, 31))
    assert period_title(year, "en") == "year 2025 (Jan 1, 2025 – Dec 31, 2025)"
    assert period_title(quarter, "en") == "first quarter of 2025 (Jan 1, 2025 – Mar 31, 2025)"
    # the chart's one-line title names the period without its dates: dated, it ran off the picture
    assert period_title(quarter, dated=False) == "quý I năm 2025"
    assert period_title(week, dated=False) == "tuần 10/03/2025 – 16/03/2025"
