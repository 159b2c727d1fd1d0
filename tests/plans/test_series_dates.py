"""The dates of a series an import stores, and the import preview showing those only (note13: the preview listed
weekly and monthly dates already past on the import day, which are never stored)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from handlers.admin import preview_text
from plans.model import Milestone
from plans.series import as_stored, kept_dates, series_days
from tests.harness import SAMPLE, task

VN = ZoneInfo("Asia/Ho_Chi_Minh")
FRIDAYS = tuple(date(2025, 3, 7) + timedelta(weeks=n) for n in range(8))  # 07/03 … 25/04/2025
WEEKLY = replace(
    task("3.1", "Báo cáo tình hình giải quyết hồ sơ", "Phường Bến Nghé", None),
    deadline_text="Hằng tuần, thứ Sáu",
    milestones=(Milestone(kind="recurring", label="Báo cáo tuần", due=FRIDAYS[0], dates=FRIDAYS),),
)
PLAN = replace(SAMPLE, tasks=(WEEKLY,))


def test_the_import_day_counts_until_its_reminders_have_gone() -> None:
    friday = datetime(2025, 3, 21, 0, 59, tzinfo=UTC)  # 07:59 in Hà Nội
    assert series_days(friday, VN, time(8, 0)) == (date(2025, 3, 21), date(2025, 3, 21))
    assert series_days(friday + timedelta(minutes=1), VN, time(8, 0)) == (date(2025, 3, 21), date(2025, 3, 22))
    assert series_days(datetime(2025, 3, 22, 5, 0, tzinfo=UTC), VN, time(8, 0))[1] == date(2025, 3, 22)  # Saturday
    days = set(FRIDAYS)
    assert kept_dates(days, date(2025, 3, 21), date(2025, 3, 22)) == set(FRIDAYS[3:])
    assert kept_dates(days, date(2025, 3, 21), date(2025, 3, 22), stored={FRIDAYS[0]}) == {FRIDAYS[0], *FRIDAYS[3:]}
    assert kept_dates(days, date(2025, 5, 2), date(2025, 5, 2)) == days  # wholly past: every date, as written
    # a series ending on the import day, after that day's reminders: nothing, as any other date of that day
    assert kept_dates(days, FRIDAYS[-1], FRIDAYS[-1] + timedelta(days=1)) == set()


def test_the_import_preview_lists_only_the_dates_storing_keeps_and_says_how_many_it_leaves_out() -> None:
    before = preview_text(PLAN, "vi")
    assert "07/03/2025, 14/03/2025 … (8 hạn)" in before  # as read, without a moment to store at
    # Friday 21/03 at 10:00: 07/03 and 14/03 are past, 21/03's reminders have gone
    series = series_days(datetime(2025, 3, 21, 3, 0, tzinfo=UTC), VN, time(8, 0))
    shown = preview_text(PLAN, "vi", series=series)
    assert "07/03/2025" not in shown and "21/03/2025" not in shown
    assert "28/03/2025, 04/04/2025 … (5 hạn)" in shown
    assert "Không tính 3 hạn định kỳ đến hết hôm nay (chưa ai được nhắc, nhắc việc hôm nay đã gửi)" in shown
    english = preview_text(PLAN, "en", series=series_days(datetime(2025, 3, 21, 0, 0, tzinfo=UTC), VN, time(8, 0)))
    assert "2 recurring deadlines before today are not counted" in english
    assert as_stored(PLAN, *series)[1] == 3
