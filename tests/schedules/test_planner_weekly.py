"""A weekly deadline («hằng tuần, thứ 6»): one deadline at a time. Next Friday's advance reminders (T-7, T-3)
would fall before this Friday's deadline; they are not sent, so a person sees one Friday, not two."""

from __future__ import annotations

from datetime import date

from schedules.planner import plan_items
from tests.helpers import at
from tests.schedules.test_planner import PEOPLE, S, occ, stages_by_day


def test_a_weekly_occurrence_is_not_announced_before_the_previous_one_is_due():
    # Fridays 18/03 and 25/03/2022 of one weekly milestone
    this_week = stages_by_day(occ(date(2022, 3, 18), previous_due=date(2022, 3, 11)), date(2022, 3, 7), date(2022, 3, 18))
    next_week = stages_by_day(occ(date(2022, 3, 25), occurrence_id=1235, previous_due=date(2022, 3, 18)),
                              date(2022, 3, 14), date(2022, 3, 25))
    # before: next Friday's T-7 came on Wednesday 16/03, two days before this Friday's deadline
    assert "16/03/2022" not in next_week and "18/03/2022" not in next_week
    assert next_week == {"22/03/2022": "T-3", "24/03/2022": "T-1", "25/03/2022": "T0"}
    assert this_week == {"15/03/2022": "T-3", "17/03/2022": "T-1", "18/03/2022": "T0"}


def test_a_monthly_occurrence_keeps_every_advance_stage():
    monthly = stages_by_day(occ(date(2022, 4, 25), previous_due=date(2022, 3, 25)), date(2022, 4, 1), date(2022, 4, 25))
    assert list(monthly.values()) == ["T-7", "T-3", "T-1", "T0"]


def test_a_missed_week_gives_way_to_the_next_weeks_deadline():
    # Fridays 11/03 and 18/03/2022, both unreported: once 11/03 is past, only the week at hand is reminded
    older = occ(date(2022, 3, 11), occurrence_id=1, previous_due=date(2022, 3, 4))
    newer = occ(date(2022, 3, 18), occurrence_id=2, previous_due=date(2022, 3, 11))
    reminded = {item.occurrence.occurrence_id for day in range(12, 32)
                for item in plan_items([older, newer], PEOPLE, [], S, at(date(2022, 3, day)))}
    # before: the missed week too, at its own overdue stages (16/03, 21/03, 24/03 …)
    assert reminded == {2}
    # a monthly one is reminded until it is done, whatever came after
    monthly = [occ(date(2022, 1, 25), occurrence_id=3, previous_due=date(2021, 12, 25)),
               occ(date(2022, 2, 25), occurrence_id=4, previous_due=date(2022, 1, 25))]
    stages = {item.occurrence.occurrence_id for day in range(1, 8)
              for item in plan_items(monthly, PEOPLE, [], S, at(date(2022, 3, day)))}
    assert stages == {3, 4}
