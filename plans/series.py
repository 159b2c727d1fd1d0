"""Which dates of a weekly or monthly series an import stores (pure): nobody was reminded of a date before the
import day, nor of the import day's own once that working day's reminders have gone, so those are not stored (they
would be late before anyone was told); a series wholly past on the import day keeps every date, as written (an old
plan imported for the record, or followed with `--at` in its own year). The import's preview shows the same."""

from __future__ import annotations

from collections.abc import Set
from dataclasses import replace
from datetime import date, datetime, time, timedelta, tzinfo

from plans.model import ParsedPlan
from plans.workdays import is_working_day


def series_days(now: datetime, tz: tzinfo, reminder_time: time | None) -> tuple[date, date]:
    """(the import day, the first day whose series dates are stored): the day after when the import comes at or
    after a working day's `reminder_time` (a day off has no reminders: its date is told of on the next working
    day, as due that day)."""
    local = now.astimezone(tz)
    import_day = series_from = local.date()
    if reminder_time is not None and local.time() >= reminder_time and is_working_day(import_day):
        series_from += timedelta(days=1)
    return import_day, series_from


def kept_dates(dates: Set[date], import_day: date, series_from: date, stored: Set[date] = frozenset()) -> set[date]:
    """The dates of a series to store: from `series_from` on, and those an earlier import stored (their reports
    stay); every date when none is on or after the import day. A series ending on the import day after its
    reminders keeps none: its last date would be late before anyone was told, as any other date of that day."""
    if all(day < import_day for day in dates):
        return set(dates)
    return {day for day in dates if day >= series_from or day in stored}


def as_stored(plan: ParsedPlan, import_day: date, series_from: date) -> tuple[ParsedPlan, int]:
    """The plan with each series' dates as a first import stores them, and how many dates were left out."""
    left_out = 0
    tasks = []
    for task in plan.tasks:
        milestones = []
        for milestone in task.milestones:
            if milestone.kind == "recurring" and milestone.dates:
                kept = sorted(kept_dates(set(milestone.dates), import_day, series_from))
                left_out += len(milestone.dates) - len(kept)
                milestone = replace(milestone, dates=tuple(kept), due=kept[0] if kept else None)
            milestones.append(milestone)
        tasks.append(replace(task, milestones=tuple(milestones)))
    return replace(plan, tasks=tuple(tasks)), left_out
