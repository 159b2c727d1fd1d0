"""Vietnamese working days: no Saturdays, Sundays or public holidays (Tết included)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from i18n import N_, t
from i18n.formats import format_date

# why a deadline's day is not a working day, as its text says it once: «20/12/2026 (Chủ nhật, tính đến 21/12/2026)»
_DAY_OFF = {5: N_("due.moved_saturday"), 6: N_("due.moved_sunday")}
_HOLIDAY = N_("due.moved_holiday")


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[date]:
    # holidays takes ~0.05 s and 4 MB to load, which reading a plan never needs: only when days are counted
    import holidays

    return frozenset(holidays.country_holidays("VN", years=year).keys())


def is_working_day(day: date) -> bool:
    """True when `day` is a weekday that is not a Vietnamese public holiday."""
    return day.weekday() < 5 and day not in _holidays(day.year)


def tet_break(after: date) -> tuple[date, date]:
    """The first and last day of the next Tết holidays after `after` (the run of public holidays in January or
    February, New Year's Day apart), as "trước Tết" and "sau Tết" mean them."""
    for year in (after.year, after.year + 1):
        days = sorted(day for day in _holidays(year) if day.month <= 2 and day > date(year, 1, 1))
        if days and days[-1] > after:
            start = end = days[0]
            while end + timedelta(days=1) in days:
                end += timedelta(days=1)
            return start, end
    raise ValueError(f"no Tết holidays known after {after}")


def next_working_day(day: date) -> date:
    """`day` itself if it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(day: date, n: int) -> date:
    """Move `n` working days forward (negative: backward) from `day`; 0 returns `day` unchanged."""
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    while remaining:
        day += timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days in (start, end]; negative when end is before start."""
    if end < start:
        return -working_days_between(end, start)
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


@lru_cache(maxsize=4096)  # a national late list counts a few hundred distinct due dates 280,000 times
def working_days_late(due: date, today: date) -> int:
    """Working days a deadline is past on `today`, as reminders count them: from the due day (moved to the
    next working day when it falls on a day off) to `today`; 0 when it is not past."""
    return max(0, working_days_between(next_working_day(due), today))


@lru_cache(maxsize=4096)
def format_due(due: date, lang: str = "vi") -> str:
    """A deadline as written, and when it falls on a day off the working day it is counted to, said once:
    «20/12/2026 (Chủ nhật, tính đến 21/12/2026)»; every message says a deadline so (reminders count from it)."""
    written = format_date(due, lang)
    if is_working_day(due):
        return written
    moved = format_date(next_working_day(due), lang)
    return t(_DAY_OFF.get(due.weekday(), _HOLIDAY), lang, due=written, moved=moved)
