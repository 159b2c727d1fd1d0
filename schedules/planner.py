"""The reminder planner: a pure function from deadlines, people and reports to today's reminder items.

Stages of one occurrence, for each lead agency, counted in working days from the due day (moved to the
next working day when it falls on a weekend or holiday): T-7, T-3, T-1 before, T0 on the due day, then
D+3, D+6, … while it is overdue and the agency has not reported it done; an advance stage on or before the
previous occurrence's due day (a weekly series) is not sent, and a weekly occurrence past its day is no
longer reminded once the next week has come (the missed week stays in the roll-ups). Past `escalate_after` overdue
working days the agency's head gets it too, past `secretary_after` every secretary does. A blocked
agency is not nagged; the secretaries get the item instead, on the same stages, and so for a coordinating
(phối hợp) agency whose latest report says blocked (coordinating agencies are never reminded themselves). An agency reminded before the due day that
has said nothing by the next working day is named to the secretaries ("NR" stage). Ongoing tasks get a
monthly check-in ("M") on the `ongoing_day`-th working day of the month.

Each item (an occurrence's stage for one agency) is planned once, with everyone it goes to and why
(`ReminderItem.deliveries`); a person's share of it is an intent (`ReminderItem.intents`), keyed by the person.
Items exist only for the current local day, from `send_hour:send_minute` until `quiet_hour` on a
working day: a weekend or holiday sends nothing, and keys are per local day, so ticks later the same day
repeat the same keys and the outbox drops them. A stage whose day was missed — no planning after
`last_planned` (the bot was down, or ran only outside sending hours) — goes out on the next day planned,
once, under its own stage name, unless a later stage of the same deadline came since (the newest
missed stage only; the silent check and the monthly check-in alike).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from plans.workdays import add_working_days, is_working_day, next_working_day
from schedules.model import Delivery, Reason, ReminderItem, ReminderSettings
from storage.reminders import Agency, LatestReport, OccurrenceInfo, Person

WEEK = timedelta(days=7)  # between two occurrences of a weekly deadline


def planning_day(now: datetime, settings: ReminderSettings) -> date | None:
    """The local day reminders are due for at `now`, or None before send time or on a day off."""
    local = now.astimezone(ZoneInfo(settings.tz))
    if not is_working_day(local.date()):
        return None
    if (local.hour, local.minute) < (settings.send_hour, settings.send_minute):
        return None
    if local.hour >= settings.quiet_hour:
        return None
    return local.date()


def checkin_day(year: int, month: int, nth: int = 1) -> date:
    """The `nth` working day of a month, when ongoing tasks are asked for progress."""
    first = next_working_day(date(year, month, 1))
    return add_working_days(first, max(nth, 1) - 1)


EXPLAINED_EVERY = 5  # working days between overdue reminders once the agency has explained: weekly


def stage_name(offset: int, settings: ReminderSettings, *, explained: bool = False) -> str | None:
    """The stage of a day `offset` working days after the due day (negative: before), if it is one; an
    agency that explained is reminded every EXPLAINED_EVERY working days overdue instead."""
    if offset < 0:
        return f"T{offset}" if -offset in settings.stages_before else None
    if offset == 0:
        return "T0"
    every = EXPLAINED_EVERY if explained else settings.overdue_every
    if every > 0 and offset % every == 0:
        return f"D+{offset}"
    return None


class _WorkingDayIndex:
    """Working-day arithmetic around one day, memoised: 100,000 occurrences share a few hundred dates."""

    def __init__(self, today: date) -> None:
        self.today = today
        self._next: dict[date, date] = {}
        self._offset: dict[date, int] = {}
        self._ordinal: dict[date, int] = {}
        self._start: date | None = None
        self._end: date | None = None

    def next_wd(self, day: date) -> date:
        found = self._next.get(day)
        if found is None:
            found = self._next[day] = next_working_day(day)
        return found

    def _build(self, start: date, end: date) -> None:
        # one pass numbering every working day in [start, end]; offsets are differences of two numbers
        self._ordinal.clear()
        count = 0
        day = start
        while day <= end:
            if is_working_day(day):
                count += 1
                self._ordinal[day] = count
            day += timedelta(days=1)
        self._start = start
        self._end = end

    def offset(self, working_day: date) -> int:
        """Signed working days from `working_day` to today (both working days)."""
        found = self._offset.get(working_day)
        if found is not None:
            return found
        lo, hi = min(working_day, self.today), max(working_day, self.today)
        if self._start is None or self._end is None or lo < self._start or hi > self._end:
            start = min(lo, self._start or lo) - timedelta(days=30)
            end = max(hi, self._end or hi) + timedelta(days=60)
            self._build(start, end)
        found = self._offset[working_day] = self._ordinal[self.today] - self._ordinal[working_day]
        return found


def _missed_days(cal: _WorkingDayIndex, last_planned: date | None) -> int:
    """Working days before today that were not planned: after `last_planned` (None: none were missed)."""
    if last_planned is None:
        return 0
    if last_planned < cal.today - timedelta(days=120):
        return 10**6  # months down: every stage day that matters was missed
    return max(cal.offset(cal.next_wd(last_planned + timedelta(days=1))), 0)


class _Stages:
    """Which stage of a deadline is due today: its own, or the newest one of a missed day."""

    def __init__(self, cal: _WorkingDayIndex, settings: ReminderSettings, last_planned: date | None) -> None:
        self.settings = settings
        self.missed = _missed_days(cal, last_planned)
        checkin = checkin_day(cal.today.year, cal.today.month, settings.ongoing_day)
        # this month's check-in is today, or was on a missed day
        self.checkin = checkin == cal.today or (checkin < cal.today and cal.offset(checkin) <= self.missed)

    def previous(self, offset: int, explained: bool = False) -> int | None:
        """The offset of the newest stage before `offset` (not itself a stage), if there is one."""
        if offset > 0:
            every = EXPLAINED_EVERY if explained else self.settings.overdue_every
            return offset // every * every if every > 0 and offset >= every else 0
        before = [-n for n in self.settings.stages_before if -n < offset]
        return max(before) if before else None

    def stage(self, offset: int, *, explained: bool = False) -> str | None:
        """Today's stage of a deadline `offset` working days past: its own, or the newest one missed since;
        at the weekly pace of an agency that explained the delay when `explained`."""
        found = stage_name(offset, self.settings, explained=explained)
        if found is not None:
            return found
        previous = self.previous(offset, explained)
        if previous is not None and offset - previous <= self.missed:
            return stage_name(previous, self.settings, explained=explained)
        return None

    def silent_check(self, offset: int) -> bool:
        """Whether the secretaries hear today of agencies silent since the due day (the day after it, or
        the first day planned since it was missed, until the next stage)."""
        if offset == 1:
            return True
        previous = self.previous(offset)
        return offset > 1 and previous is not None and previous < 1 and offset - 1 <= self.missed


class _People:
    """People grouped the way the planner asks for them, each group one tuple (shared by every item it gets)."""

    def __init__(self, people: Iterable[Person]) -> None:
        members: dict[int, list[Person]] = defaultdict(list)
        heads: dict[int, list[Person]] = defaultdict(list)
        secretaries: list[Person] = []
        for person in people:
            if person.role == "secretary":
                secretaries.append(person)
            elif person.agency_id is None:
                continue
            elif person.role == "member":
                members[person.agency_id].append(person)
            elif person.role == "head":
                heads[person.agency_id].append(person)
        self.members = {agency: tuple(found) for agency, found in members.items()}
        self.heads = {agency: tuple(found) for agency, found in heads.items()}
        self.secretaries = tuple(secretaries)

    def of_agency(self, agency_id: int) -> tuple[tuple[Person, ...], bool]:
        """Who gets an agency's reminders, and whether they are its members (heads come in on escalation)."""
        members = self.members.get(agency_id)
        if members:
            return members, True
        return self.heads.get(agency_id, ()), False


def _index_reports(
    reports: Iterable[LatestReport], now: datetime
) -> dict[tuple[int, int | None, int], LatestReport]:
    latest: dict[tuple[int, int | None, int], LatestReport] = {}
    for report in reports:
        if report.created_at > now:  # a tick run "in the past" must not see later reports
            continue
        key = (report.task_id, report.occurrence_id, report.agency_id)
        found = latest.get(key)
        if found is None or report.created_at > found.created_at:
            latest[key] = report
    return latest


def plan_items(
    occurrences: Iterable[OccurrenceInfo],
    people: Iterable[Person],
    reports: Iterable[LatestReport],
    settings: ReminderSettings,
    now: datetime,
    last_planned: date | None = None,
) -> list[ReminderItem]:
    """Today's reminder items, each with everyone it goes to (empty before send time and on days off), in a
    stable order; stages of working days after `last_planned` (the latest earlier day planned; None: no day
    was missed) are caught up."""
    today = planning_day(now, settings)
    if today is None:
        return []
    planner = _Planner(today, people, reports, settings, now, last_planned)
    occurrences = list(occurrences)
    planner.superseded = _superseded_weeks(occurrences, today)
    planner.learn_dues(occurrences)
    for occ in occurrences:
        if occ.kind == "event" and occ.triggered_on is None:
            continue
        if occ.kind == "ongoing":
            planner.checkin(occ)
        elif occ.due is not None:
            planner.deadline(occ, occ.due)
    return planner.items


def _superseded_weeks(occurrences: list[OccurrenceInfo], today: date) -> set[tuple[int, date]]:
    """(milestone, due) of the weekly occurrences already past whose next week has come: no longer reminded (the
    next week's deadline is), or a ward that missed a Friday would read the task twice a day, overdue and due;
    the missed week stays in the roll-ups and the secretaries' silent check."""
    return {
        (occ.milestone_id, occ.previous_due) for occ in occurrences
        if occ.previous_due is not None and occ.previous_due < today and occ.due is not None
        and occ.due - occ.previous_due <= WEEK
    }


def tasks_examined(
    occurrences: Iterable[OccurrenceInfo],
    settings: ReminderSettings,
    now: datetime,
    last_planned: date | None = None,
) -> set[int]:
    """The tasks with an occurrence at a stage today (or at its silent check): the only reports
    `plan_items` reads are theirs."""
    today = planning_day(now, settings)
    if today is None:
        return set()
    cal = _WorkingDayIndex(today)
    stages = _Stages(cal, settings, last_planned)
    found = set()
    for occ in occurrences:
        if occ.kind == "event" and occ.triggered_on is None:
            continue
        if occ.kind == "ongoing":
            if stages.checkin and not (occ.due is not None and today > occ.due):
                found.add(occ.task_id)
        elif occ.due is not None:
            offset = cal.offset(cal.next_wd(occ.due))
            # an agency's extended date has stages of its own, and one that explained has a pace of its own
            for due in (occ.due, *(extended for _, extended in occ.extended)):
                offset = cal.offset(cal.next_wd(due))
                if stages.stage(offset) is not None or stages.silent_check(offset) or (
                    occ.explained and stages.stage(offset, explained=True) is not None
                ):
                    found.add(occ.task_id)
                    break
    return found


class _Planner:
    """One planning pass over one local day."""

    def __init__(
        self,
        today: date,
        people: Iterable[Person],
        reports: Iterable[LatestReport],
        settings: ReminderSettings,
        now: datetime,
        last_planned: date | None,
    ) -> None:
        self.today = today
        self.settings = settings
        self.zone = ZoneInfo(settings.tz)
        self.cal = _WorkingDayIndex(today)
        self.stages = _Stages(self.cal, settings, last_planned)
        self.who = _People(people)
        self.latest = _index_reports(reports, now)
        # each (task, agency) pair's newest report of all: a "done" one answers the earlier occurrences too
        self.pair_latest: dict[tuple[int, int], LatestReport] = {}
        # and the occurrences its standing "done" reports name: each closes its date and the earlier ones for good
        self.named_done: dict[tuple[int, int], list[int]] = {}
        for (task_id, occurrence_id, agency_id), report in self.latest.items():
            found = self.pair_latest.get((task_id, agency_id))
            if found is None or report.created_at > found.created_at:
                self.pair_latest[(task_id, agency_id)] = report
            if occurrence_id is not None and report.status == "done":
                self.named_done.setdefault((task_id, agency_id), []).append(occurrence_id)
        self.due_of: dict[int, date] = {}  # occurrence → its due date
        self.task_dues: dict[int, list[date]] = {}  # task → its occurrences' due dates, in order
        self.items: list[ReminderItem] = []
        self.superseded: set[tuple[int, date]] = set()  # weekly (milestone, due) whose next week has come
        # one tuple of deliveries for every item of an agency for the same reason (its members "overdue", its
        # heads and the secretaries "escalation"), and for every item to the secretaries alone
        self._deliveries: dict[tuple[object, ...], tuple[Delivery, ...]] = {}
        self._day_after: dict[date, datetime] = {}

    def local_day(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()

    def day_after(self, day: date) -> datetime:
        """The first moment of the local day after `day`: a report made from then on was made after it."""
        found = self._day_after.get(day)
        if found is None:
            found = self._day_after[day] = datetime.combine(day + timedelta(days=1), time(), self.zone)
        return found

    def relevant(self, occ: OccurrenceInfo, agency_id: int) -> LatestReport | None:
        """The agency's latest report that counts for this occurrence."""
        # a report on this occurrence, or on the task without one made after the previous occurrence's due
        found = self.latest.get((occ.task_id, occ.occurrence_id, agency_id)) if occ.occurrence_id else None
        loose = self.latest.get((occ.task_id, None, agency_id))
        if loose is not None and (occ.previous_due is None or loose.created_at >= self.day_after(occ.previous_due)):
            if found is None or loose.created_at > found.created_at:
                found = loose
        return found

    def learn_dues(self, occurrences: Iterable[OccurrenceInfo]) -> None:
        """Note the occurrences' due dates, which say how far a "done" report reaches."""
        for occ in occurrences:
            if occ.occurrence_id is not None and occ.due is not None:
                self.due_of[occ.occurrence_id] = occ.due
                self.task_dues.setdefault(occ.task_id, []).append(occ.due)
        for dues in self.task_dues.values():
            dues.sort()

    def answered_later(self, occ: OccurrenceInfo, agency_id: int) -> bool:
        """Whether a standing "done" of the agency names this occurrence or a later one of the task, or its newest
        report on the task is a "done" reaching it (naming none: the first due on or after its day), as the
        roll-ups and /tasks read it: a missed week is closed, done late, by the next week's "xong", for good."""
        if occ.due is None:
            return False
        for named in self.named_done.get((occ.task_id, agency_id), ()):
            mark = self.due_of.get(named)
            if mark is not None and occ.due <= mark:
                return True
        report = self.pair_latest.get((occ.task_id, agency_id))
        if report is None or report.status != "done":
            return False
        if report.occurrence_id is not None:
            mark = self.due_of.get(report.occurrence_id)
            return mark is not None and occ.due <= mark
        dues = self.task_dues.get(occ.task_id, [])
        first = bisect_left(dues, self.local_day(report.created_at))
        return first == len(dues) or occ.due <= dues[first]

    def to_agency(
        self, reason: Reason, agency_id: int, escalated: bool = False, to_secretaries: bool = False
    ) -> tuple[Delivery, ...]:
        """An agency's item: to its members (else its heads); `escalated` to its heads too (when it has
        members), and to the secretaries."""
        key = (reason, agency_id, escalated, to_secretaries)
        found = self._deliveries.get(key)
        if found is None:
            recipients, are_members = self.who.of_agency(agency_id)
            heads = self.who.heads.get(agency_id, ()) if escalated and are_members else ()
            secretaries = self.who.secretaries if to_secretaries else ()
            found = self._deliveries[key] = _deliveries(
                (reason, recipients), ("escalation", heads), ("escalation", secretaries)
            )
        return found

    def to_secretaries(self, reason: Reason) -> tuple[Delivery, ...]:
        """An item for the secretaries alone."""
        found = self._deliveries.get((reason,))
        if found is None:
            found = self._deliveries[(reason,)] = _deliveries((reason, self.who.secretaries))
        return found

    def emit(
        self,
        occ: OccurrenceInfo,
        agency: Agency,
        stage: str,
        offset: int,
        report: LatestReport | None,
        deliveries: tuple[Delivery, ...],
    ) -> None:
        """One item, when it goes to anyone."""
        if deliveries:
            self.items.append(ReminderItem(occ, agency, stage, self.today, offset, report, deliveries))

    def deadline(self, occ: OccurrenceInfo, due: date) -> None:
        """The stage of a dated occurrence today, for each lead agency."""
        if occ.extended or occ.explained:  # some agencies have a date or a pace of their own
            self.deadline_per_agency(occ, due)
        else:
            self.deadline_for(occ, due, occ.leads)
        offset = self.cal.offset(self.cal.next_wd(due))
        stage = None if self.quiet(occ, offset) else self.stages.stage(offset)
        if stage is not None:  # coordinating agencies go by the plan's date
            self.blocked_supports(occ, stage, offset)

    def deadline_per_agency(self, occ: OccurrenceInfo, due: date) -> None:
        """Each lead agency apart: at its extended date (shown in its reminders), at its pace; none today for an
        agency whose extension was approved since today's sending time (the decision told it its new date, and
        a person gets one digest a day)."""
        sending = datetime.combine(self.today, time(self.settings.send_hour, self.settings.send_minute), self.zone)
        for agency in occ.leads:
            decided = occ.extended_on(agency.id)
            if decided is not None and decided >= sending:
                continue
            own = occ.due_for(agency.id) or due
            shown = occ if own == due else replace(occ, due=own)
            self.deadline_for(shown, own, (agency,), explained=agency.id in occ.explained)

    def deadline_for(self, occ: OccurrenceInfo, due: date, leads: Iterable[Agency], *, explained: bool = False) -> None:
        """The stage of a dated occurrence today, for these lead agencies."""
        settings = self.settings
        offset = self.cal.offset(self.cal.next_wd(due))
        stage = None if self.quiet(occ, offset) else self.stages.stage(offset, explained=explained)
        silent_check = self.stages.silent_check(offset)
        if stage is None and not silent_check:
            return
        for agency in leads:
            report = self.relevant(occ, agency.id)
            status = report.status if report else None
            if status == "done" or self.answered_later(occ, agency.id):
                continue
            if silent_check and report is None and agency.id in occ.reminded_before_due:
                # an agency that asked for more time answered: its request waits for the secretaries' decision
                silent: Reason = "extension_asked" if occ.asked_for(agency.id) else "nonresponder"
                self.emit(occ, agency, "NR", offset, None, self.to_secretaries(silent))
            if stage is None:
                continue
            if status == "blocked":
                self.emit(occ, agency, stage, offset, report, self.to_secretaries("blocked"))
                continue
            reason: Reason = "upcoming" if offset < 0 else ("due" if offset == 0 else "overdue")
            to = self.to_agency(reason, agency.id, offset > settings.escalate_after, offset > settings.secretary_after)
            self.emit(occ, agency, stage, offset, report, to)

    def quiet(self, occ: OccurrenceInfo, offset: int) -> bool:
        """Whether a stage of a recurring deadline waits for another occurrence, one deadline at a time: an
        advance stage while the previous occurrence is still due (next Friday's T-7 before this Friday), or a
        weekly occurrence past whose next week has come (`superseded`)."""
        if offset < 0:
            return occ.previous_due is not None and self.today <= occ.previous_due
        return bool(self.superseded) and (occ.milestone_id, occ.due) in self.superseded

    def blocked_supports(self, occ: OccurrenceInfo, stage: str, offset: int) -> None:
        """The coordinating agencies whose latest report on the occurrence says blocked, to the secretaries."""
        for agency in occ.supports:
            report = self.relevant(occ, agency.id)
            if report is not None and report.status == "blocked":
                self.emit(occ, agency, stage, offset, report, self.to_secretaries("support_blocked"))

    def checkin(self, occ: OccurrenceInfo) -> None:
        """The monthly check-in of an ongoing task, for each lead agency that has not reported this month."""
        if not self.stages.checkin or (occ.due is not None and self.today > occ.due):
            return
        month_start = self.today.replace(day=1)
        for agency in occ.leads:
            report = self.relevant(occ, agency.id)
            if report is not None and self.local_day(report.created_at) >= month_start:
                continue
            if report is not None and report.status == "blocked":
                self.emit(occ, agency, "M", 0, report, self.to_secretaries("blocked"))
                continue
            self.emit(occ, agency, "M", 0, report, self.to_agency("checkin", agency.id))
        self.blocked_supports(occ, "M", 0)


def _deliveries(*deliveries: tuple[Reason, tuple[Person, ...]]) -> tuple[Delivery, ...]:
    # those that reach anyone
    return tuple(Delivery(reason, people) for reason, people in deliveries if people)
