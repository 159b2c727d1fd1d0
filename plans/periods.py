"""Reporting periods: the week (Monday to Sunday), month, quarter or year a day falls in."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from plans.text import fold

PeriodKind = Literal["week", "month", "quarter", "year"]
# a period as people type it (folded: «quý», «Quy» → "quy"), Vietnamese or English
PERIOD_WORDS: dict[str, PeriodKind] = {
    "tuan": "week", "week": "week",
    "thang": "month", "month": "month",
    "quy": "quarter", "quarter": "quarter",
    "nam": "year", "year": "year",
}
# a quarter's or year's report is drafted in its first days for the one just ended (/summary quý on 10/04)
REPORTING_DAYS = 15


def period_named(word: str) -> PeriodKind | None:
    """The period a typed word names («quý», «quy», «quarter»), or None."""
    return PERIOD_WORDS.get(fold(word))


def week_start(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


def period_bounds(day: date, period: PeriodKind) -> tuple[date, date]:
    """First and last local day of the week (Monday..Sunday), month, quarter or year containing `day`."""
    if period == "week":
        start = week_start(day)
        return start, start + timedelta(days=6)
    if period == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    if period == "month":
        start = day.replace(day=1)
    elif period == "quarter":
        start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    else:
        raise ValueError(f"unknown period: {period!r}")
    months = 1 if period == "month" else 3
    year, month = divmod(start.month - 1 + months, 12)
    return start, date(start.year + year, month + 1, 1) - timedelta(days=1)


def previous_period(start: date, period: PeriodKind) -> tuple[date, date]:
    """The period just before the one starting on `start`."""
    return period_bounds(start - timedelta(days=1), period)


def just_ended(day: date, period: PeriodKind) -> bool:
    """True when `day` is within the first REPORTING_DAYS days of a quarter or year: its report is for the
    one just ended."""
    start, _ = period_bounds(day, period)
    return period in ("quarter", "year") and (day - start).days < REPORTING_DAYS
