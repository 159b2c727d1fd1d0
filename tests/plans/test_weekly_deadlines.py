"""«Hằng tuần» deadlines: every week of the plan's years, on the weekday named, else on Friday with a note;
before, «hàng tuần» was unreadable and stored as an event waiting for a /trigger nobody sets."""

from __future__ import annotations

from datetime import date

import pytest

from plans.deadlines import parse_deadline
from plans.model import UNREADABLE_DEADLINE

ISSUED = date(2022, 2, 25)  # a Friday


@pytest.mark.parametrize(
    ("text", "first", "weekday"),
    [
        ("hàng tuần, thứ 6", date(2022, 2, 25), 4),
        ("Hằng tuần vào thứ Hai", date(2022, 2, 28), 0),
        ("báo cáo tuần trước 16h thứ Năm", date(2022, 3, 3), 3),
        ("hang tuan thu 6", date(2022, 2, 25), 4),
    ],
)
def test_a_weekly_deadline_is_every_week_on_its_weekday(text: str, first: date, weekday: int) -> None:
    read = parse_deadline(text, year=2022, period=(2022, 2022), issued=ISSUED)
    (milestone,) = read.milestones
    assert (milestone.kind, milestone.label, milestone.due) == ("recurring", None, first)
    assert all(day.weekday() == weekday for day in milestone.dates)
    assert milestone.dates[-1].year == 2022 and len(milestone.dates) in (44, 45)
    assert read.warnings == ()


def test_a_weekly_deadline_naming_no_day_is_friday_and_says_so() -> None:
    read = parse_deadline("hàng tuần", year=2022, period=(2022, 2022), issued=ISSUED)
    (milestone,) = read.milestones
    assert milestone.kind == "recurring" and {day.weekday() for day in milestone.dates} == {4}
    (warning,) = read.warnings
    assert warning.key not in UNREADABLE_DEADLINE
    assert warning.render("vi").startswith("«hàng tuần» không nói thứ mấy trong tuần; tạm hiểu là hạn thứ Sáu hằng tuần.")


def test_a_week_of_a_month_is_still_a_date() -> None:
    (milestone,) = parse_deadline("Báo cáo tuần đầu tháng 7/2022", year=2022).milestones
    assert (milestone.kind, milestone.due) == ("due", date(2022, 7, 7))
