"""Parts of a period and reports named by their period, read as offices mean them (plans.deadlines).

A part is read by the thirds of a month Vietnamese offices use (thượng tuần 1–10, trung tuần 11–20): "đầu
tháng 7" is due 10/07, "giữa tháng 7" 20/07, "tuần đầu tháng 7" 07/07; "đầu quý III" at the end of its first
month, "giữa quý III" of its second; "đầu năm" at the end of quý I, "giữa năm" at the half-year (30/06). A
report named by its period is due at the period's end, as "6 tháng đầu năm" already was: "báo cáo 9 tháng"
30/09, "báo cáo 6 tháng" 30/06; beside a date, the period only says what the report covers.
"""

from __future__ import annotations

from datetime import date

import pytest

from plans.deadlines import UNREADABLE, parse_deadline

D = date
CTX = {"year": 2025, "period": (2025, 2025), "issued": D(2025, 1, 10)}


@pytest.mark.parametrize(("text", "due"), [
    ("Đầu năm", D(2025, 3, 31)),
    ("Đầu năm 2025", D(2025, 3, 31)),
    ("Giữa năm", D(2025, 6, 30)),
    ("Giữa năm 2025", D(2025, 6, 30)),
    ("Cuối năm", D(2025, 12, 31)),
    ("Tuần đầu tháng 7", D(2025, 7, 7)),
    ("Tuần đầu tháng 7/2025", D(2025, 7, 7)),
    ("Đầu tháng 7", D(2025, 7, 10)),
    ("Giữa tháng 7 năm 2025", D(2025, 7, 20)),
    ("Đầu quý III", D(2025, 7, 31)),
    ("Giữa quý III/2025", D(2025, 8, 31)),
    ("Hoàn thành trong tuần đầu tháng 7", D(2025, 7, 7)),
    ("Tuần thứ nhất tháng 7", D(2025, 7, 7)),
    ("Thượng tuần tháng 7", D(2025, 7, 10)),
    ("Trung tuần tháng 7/2025", D(2025, 7, 20)),
])
def test_a_part_of_a_period_is_read_by_convention_and_said_so(text: str, due: date) -> None:
    result = parse_deadline(text, **CTX)
    (only,) = result.milestones
    assert (only.kind, only.due, only.label) == ("due", due, None)
    keys = [w.key for w in result.warnings]
    approximate = text.lower().split()[0] in ("đầu", "giữa", "tuần", "hoàn", "thượng", "trung")
    assert keys == (["deadline_read_as"] if approximate else [])
    assert not set(keys) & UNREADABLE


@pytest.mark.parametrize("text", ["Tuần cuối tháng 7", "Hạ tuần tháng 7"])
def test_the_last_part_of_a_month_is_its_end_without_a_label(text: str) -> None:
    result = parse_deadline(text, **CTX)
    (only,) = result.milestones
    assert (only.due, only.label, result.warnings) == (D(2025, 7, 31), None, ())


@pytest.mark.parametrize(("text", "due"), [("9 tháng", D(2025, 9, 30)), ("6 tháng", D(2025, 6, 30))])
def test_a_number_of_months_alone_is_read_as_a_report_period_and_said_so(text: str, due: date) -> None:
    result = parse_deadline(text, **CTX)
    (only,) = result.milestones
    assert (only.kind, only.due) == ("due", due)
    assert [w.key for w in result.warnings] == ["deadline_read_as"]  # a duration? the admin sees the date


@pytest.mark.parametrize(("text", "due", "label"), [
    ("Báo cáo 9 tháng", D(2025, 9, 30), "Báo cáo"),
    ("Báo cáo kết quả 9 tháng/2025", D(2025, 9, 30), "Báo cáo kết quả"),
    ("Sơ kết 6 tháng", D(2025, 6, 30), "Sơ kết"),
    ("Báo cáo 6 tháng đầu năm", D(2025, 6, 30), "Báo cáo"),
    ("báo cáo Quý IV/2025", D(2025, 12, 31), "Báo cáo"),
    # the period is what the report covers; the date is when it is due
    ("Trước ngày 15/12, báo cáo Quý IV/2025", D(2025, 12, 15), "Báo cáo Quý IV/2025"),
    ("Báo cáo 9 tháng gửi trước ngày 15/9", D(2025, 9, 15), "Báo cáo 9 tháng gửi"),
])
def test_a_report_named_by_its_period_is_due_at_its_end(text: str, due: date, label: str | None) -> None:
    result = parse_deadline(text, **CTX)
    (only,) = result.milestones
    assert (only.kind, only.due, only.label) == ("due", due, label)
    assert result.warnings == ()


@pytest.mark.parametrize("text", ["trong 6 tháng", "Trong 9 tháng kể từ ngày ký"])
def test_a_number_of_months_as_a_duration_is_not_a_report_period(text: str) -> None:
    result = parse_deadline(text, **CTX)
    assert [m.due for m in result.milestones] == [None]
    assert {w.key for w in result.warnings} & UNREADABLE


def test_a_six_monthly_frequency_stays_recurring() -> None:
    (only,) = parse_deadline("6 tháng/lần", **CTX).milestones
    assert (only.kind, only.dates) == ("recurring", (D(2025, 6, 30), D(2025, 12, 31)))


def test_a_half_year_review_and_a_years_review_are_two_dates() -> None:
    (only,) = parse_deadline("Sơ kết 6 tháng, tổng kết năm", **CTX).milestones
    assert (only.kind, only.dates) == ("recurring", (D(2025, 6, 30), D(2025, 12, 31)))


@pytest.mark.parametrize("text", ["Báo cáo năm 2024", "Tổng hợp báo cáo quý IV/2024"])
def test_a_report_on_a_period_over_before_the_plan_is_not_due_then(text: str) -> None:
    result = parse_deadline(text, **CTX)  # a plan issued 10/01/2025
    assert [m.due for m in result.milestones] == [None]
    (warning,) = result.warnings
    assert warning.key in UNREADABLE and warning.values["reason"].key == "deadline_why_period_reported"
