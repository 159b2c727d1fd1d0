"""The committee's weekly post keeps the working-day rule reminders keep (TESTER16 F11): a Friday that is a public
holiday (01/01/2027) moves it to the last working day before, as an office hands its weekly report in before
the holiday; a week with no working day (Tết) has none."""

from __future__ import annotations

import json
from datetime import date, datetime, time

import pytest

from schedules.weekly import enqueue_weekly_summary, posting_day
from storage.db import transaction
from storage.people import set_value
from tests.helpers import VN

FRIDAY = 4


def test_the_post_day_is_the_last_working_day_before_a_holiday_and_none_in_a_week_off() -> None:
    assert posting_day(date(2026, 12, 21), FRIDAY) == date(2026, 12, 25)  # an ordinary Friday
    assert posting_day(date(2026, 12, 28), FRIDAY) == date(2026, 12, 31)  # Friday 01/01/2027: Thursday
    assert posting_day(date(2022, 8, 29), FRIDAY) == date(2022, 8, 31)  # National Day on Thursday and Friday
    assert posting_day(date(2022, 5, 2), 0) == date(2022, 5, 4)  # Monday and Tuesday off: the first day after
    assert posting_day(date(2022, 1, 31), FRIDAY) is None  # Tết: the whole week off
    assert posting_day(date(2026, 12, 28), 5) == date(2027, 1, 2)  # a Saturday set on purpose stays


@pytest.mark.both_backends
async def test_the_post_of_a_week_whose_friday_is_new_years_day_goes_out_on_thursday(db) -> None:
    async with transaction(db):
        await set_value(db, "committee_chat", "telegram:-100")

    async def at(day: date) -> str | None:
        moment = datetime.combine(day, time(16, 5), tzinfo=VN)
        return await enqueue_weekly_summary(db, moment, tz=VN, weekday=FRIDAY, at=time(16))

    assert await at(date(2026, 12, 30)) is None  # Wednesday: not yet
    assert await at(date(2026, 12, 31)) == "summary:week|telegram:-100|2026-12-28"
    assert await at(date(2027, 1, 1)) is None  # the holiday itself: posted already
    rows = await db.execute_fetchall("SELECT payload FROM outbox WHERE kind = 'summary'")
    (text,) = [json.loads(payload)["text"] for (payload,) in rows]
    assert "TỔNG HỢP TIẾN ĐỘ" in text and "Gửi bù" not in text  # on time, not a catch-up
