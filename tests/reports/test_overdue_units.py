"""Overdue is counted in one unit everywhere: working days, as the reminders count them (issue 17 item 10)."""

from __future__ import annotations

import io
import json
from datetime import date

from openpyxl import load_workbook

from i18n import t
from plans.workdays import working_days_late
from reports.json import render_json
from reports.text import render_overdue, render_text
from reports.xlsx import render_xlsx
from storage.rollup_values import DetailLine, OverdueGroup, OverdueList
from storage.rollups import compute_overdue, compute_rollup


def test_working_days_late_counts_as_the_planner_does() -> None:
    # due Friday 28/02/2025, Monday 10/03: 6 working days (3..7 and 10), not 10 calendar days
    assert working_days_late(date(2025, 2, 28), date(2025, 3, 10)) == 6
    # due on a Saturday moves to Monday: on that Monday it is not late yet
    assert working_days_late(date(2025, 3, 8), date(2025, 3, 10)) == 0
    # Tết 2025 (27/01–31/01 off, holidays package): due 24/01, on 03/02 only one working day has passed
    assert working_days_late(date(2025, 1, 24), date(2025, 2, 3)) == 1
    assert working_days_late(date(2025, 3, 10), date(2025, 3, 5)) == 0


async def test_text_xlsx_and_json_agree_with_the_digest_unit(db, world, now, tz) -> None:
    rollup = await compute_rollup(db, as_of=now, period="week", tz=tz)
    late = next(d for d in rollup.details if d.number == "1.2" and d.overdue_since)
    days = working_days_late(late.overdue_since, rollup.today)
    assert days == 3 and (rollup.today - late.overdue_since).days == 5
    unit = t("when_overdue", "vi", count=days)  # the digest's words: "quá hạn 3 ngày làm việc"
    assert "3 ngày làm việc" in unit
    summary = "\n".join(render_text(rollup))
    overdue = "\n".join(render_overdue(await compute_overdue(db, as_of=now, tz=tz)))
    for text in (summary, overdue):
        assert "hạn 05/03/2025 (quá 3 ngày làm việc)" in text and "05/03/2025 (quá 5" not in text
    english = "\n".join(render_overdue(await compute_overdue(db, as_of=now, tz=tz), "en"))
    assert "(3 working days late)" in english
    document = json.loads(render_json(rollup))
    line = next(d for d in document["details"] if d["number"] == "1.2" and d["overdue_since"])
    assert line["overdue_working_days"] == 3
    assert all(d["overdue_working_days"] is None for d in document["details"] if not d["overdue_since"])
    sheet = load_workbook(io.BytesIO(render_xlsx(rollup)))["Chi tiết"]
    assert sheet["L1"].value == "Quá hạn (ngày làm việc)"
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[2] == "1.2" and r[11] is not None)
    assert row[11] == 3


def test_overdue_names_a_task_in_progress_without_a_percentage() -> None:
    # before: «4.1 … (quá 1 ngày làm việc)» with no status for «4.1 đang trình ký», while «Đang thực hiện 50%»,
    # «Vướng mắc» and «Chưa báo cáo» are named: the secretary could not tell it from a line with no report
    def line(number: str, status: str | None, percent: int | None) -> DetailLine:
        return DetailLine(
            1, "17/KH-UBND", "4", "Tổ chức bộ máy", 1, number, "Rà soát tổ chức bộ máy", 1, "Phường Bến Nghé",
            status, percent, "", date(2022, 3, 25), 0, None, date(2022, 3, 31), None, "overdue",  # type: ignore[arg-type]
        )

    lines = (line("4.1", "in_progress", None), line("4.2", "in_progress", 50), line("4.3", None, None))
    late = OverdueList(date(2022, 4, 1), 3, (OverdueGroup("Phường Bến Nghé", lines),))
    shown = "\n".join(render_overdue(late))
    assert "4.1 Rà soát tổ chức bộ máy — hạn 31/03/2022 (quá 1 ngày làm việc) — Đang thực hiện\n" in shown
    assert "— Đang thực hiện 50%" in shown and "— Chưa báo cáo" in shown
    assert "— In progress\n" in "\n".join(render_overdue(late, "en"))


def test_a_task_due_friday_is_just_overdue_on_the_weekend_not_zero_days_late() -> None:
    # before: «/overdue» on Saturday 26/03/2022, «/summary tuần trước» (to Sunday 27/03) → «hạn 25/03/2022 (quá 0
    # ngày làm việc)», which reads as not late at all
    late = DetailLine(
        1, "62/KH-UBND", "II", "Kiểm tra công vụ", 1, "2.2", "Báo cáo kết quả kiểm tra công vụ", 1, "Phòng Nội vụ",
        None, None, "", None, 0, None, date(2022, 3, 25), None, "overdue",
    )
    saturday = OverdueList(date(2022, 3, 26), 1, (OverdueGroup("Phòng Nội vụ", (late,)),))
    shown = "\n".join(render_overdue(saturday))
    assert "2.2 Báo cáo kết quả kiểm tra công vụ — hạn 25/03/2022 (vừa quá hạn) — Chưa báo cáo" in shown
    assert "quá 0 ngày" not in shown
    assert "(just overdue)" in "\n".join(render_overdue(saturday, "en"))
    monday = OverdueList(date(2022, 3, 28), 1, (OverdueGroup("Phòng Nội vụ", (late,)),))
    assert "(quá 1 ngày làm việc)" in "\n".join(render_overdue(monday))


def test_an_overdue_date_of_a_series_is_not_called_done_for_an_earlier_dates_xong() -> None:
    # before (TESTER14 F1): a monthly task answered «2 xong» on 23/05 from a list naming its 20/04 date left 20/05
    # open, and /overdue read «2 … — hạn 20/05/2022 (quá 1 ngày làm việc) — Đã hoàn thành»
    late = DetailLine(
        2, "30/KH-UBND", "", "", 7, "2", "Báo cáo kết quả giải quyết TTHC trong tháng", 1, "Phường Bến Nghé",
        "done", 100, "", date(2022, 5, 23), 0, date(2022, 6, 20), date(2022, 5, 20), None, "overdue",
    )
    shown = "\n".join(render_overdue(OverdueList(date(2022, 5, 23), 1, (OverdueGroup("Phường Bến Nghé", (late,)),))))
    assert "hạn 20/05/2022 (quá 1 ngày làm việc) — Chưa báo cáo hạn này (ngày 23/05/2022 đã báo xong hạn trước)" in shown
    assert "Đã hoàn thành" not in shown
    english = "\n".join(render_overdue(OverdueList(date(2022, 5, 23), 1, (OverdueGroup("Phường Bến Nghé", (late,)),)), "en"))
    assert "Not reported for this deadline" in english
