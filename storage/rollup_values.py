"""The summary rollup as plain values: what storage.rollups computes and reports/ renders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from plans.periods import PeriodKind
from plans.workdays import working_days_late
from storage.reports import ReportStatus

# one exclusive bucket per (task, lead agency), the first that applies in this order (storage.rollups)
Bucket = Literal["blocked", "overdue", "done", "on_track", "not_reported", "stale"]
BUCKETS: tuple[Bucket, ...] = ("blocked", "overdue", "done", "on_track", "not_reported", "stale")
ChangeKind = Literal["done", "overdue", "blocked"]
# a coordinating (support) pair's one bucket, from its latest report: the first of these that applies
SupportBucket = Literal["blocked", "done", "in_progress", "not_reported"]
Role = Literal["lead", "support"]
# the four on-time states of each (task, lead agency, occurrence) counted (storage/rollups.py): hoàn thành
# đúng hạn, hoàn thành trễ hạn, đang thực hiện trong hạn, quá hạn chưa hoàn thành
State = Literal["done_on_time", "done_late", "open_on_time", "open_overdue"]
STATES: tuple[State, ...] = ("done_on_time", "done_late", "open_on_time", "open_overdue")

JSON_VERSION = 1
# the overdue and due-soon lines a rollup carries for the summary text, which lists no more
FIRST_LINES = 30


def _d(value: date | None) -> str | None:
    return value.isoformat() if value else None


@dataclass(frozen=True, slots=True)
class Counts:
    """Figures for a set of (task, lead agency) pairs: an agency, a section or the whole rollup."""

    lead_tasks: int = 0
    done: int = 0
    on_track: int = 0
    due_soon: int = 0
    overdue: int = 0
    never_reported: int = 0
    blocked: int = 0
    stale: int = 0
    # the four on-time states, counted per (task, lead agency, occurrence)
    done_on_time: int = 0
    done_late: int = 0
    open_on_time: int = 0
    open_overdue: int = 0

    @property
    def completion_pct(self) -> float:
        """Done over lead tasks, in percent with one decimal (0 when there are none)."""
        return round(100.0 * self.done / self.lead_tasks, 1) if self.lead_tasks else 0.0

    @property
    def on_time_pct(self) -> float | None:
        """Done on time over every occurrence done or past due, in percent with one decimal; None when
        nothing was done or due yet (what is still within its deadline is not judged)."""
        judged = self.done_on_time + self.done_late + self.open_overdue
        return round(100.0 * self.done_on_time / judged, 1) if judged else None

    def state(self, state: State) -> int:
        """The count of one on-time state."""
        return int(getattr(self, state))

    def as_json(self) -> dict[str, Any]:
        return {
            "lead_tasks": self.lead_tasks,
            "done": self.done,
            "on_track": self.on_track,
            "due_soon": self.due_soon,
            "overdue": self.overdue,
            "never_reported": self.never_reported,
            "blocked": self.blocked,
            "stale": self.stale,
            "completion_pct": self.completion_pct,
            "states": {state: self.state(state) for state in STATES},
            "on_time_pct": self.on_time_pct,
        }


@dataclass(frozen=True, slots=True)
class SupportCounts:
    """Figures for a set of (task, coordinating agency) pairs: each in one SupportBucket, so they add up."""

    tasks: int = 0
    done: int = 0
    in_progress: int = 0
    blocked: int = 0
    not_reported: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            "tasks": self.tasks,
            "done": self.done,
            "in_progress": self.in_progress,
            "blocked": self.blocked,
            "not_reported": self.not_reported,
        }


@dataclass(frozen=True, slots=True)
class AgencyStats:
    """One agency's scorecard: its lead tasks, and its coordinating (support) tasks counted apart."""

    agency_id: int
    name: str
    kind: str
    counts: Counts
    support: SupportCounts
    reports_in_period: int

    @property
    def support_tasks(self) -> int:
        """How many tasks it coordinates (phối hợp)."""
        return self.support.tasks

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.agency_id,
            "name": self.name,
            "kind": self.kind,
            **self.counts.as_json(),
            "support_tasks": self.support_tasks,
            "support": self.support.as_json(),
            "reports_in_period": self.reports_in_period,
        }


@dataclass(frozen=True, slots=True)
class SectionStats:
    """One plan section (reform area): figures over its (task, lead agency) pairs."""

    plan_id: int
    plan_code: str
    section_id: int | None
    number: str
    title: str
    tasks: int
    counts: Counts

    def as_json(self) -> dict[str, Any]:
        return {
            "plan": self.plan_code,
            "section_id": self.section_id,
            "number": self.number,
            "title": self.title,
            "tasks": self.tasks,
            **self.counts.as_json(),
        }


@dataclass(slots=True)
class DetailLine:
    """One task and one of its lead (or, role "support", coordinating) agencies, with the latest report as
    of the rollup. A coordinating line is never overdue; its bucket is a SupportBucket.

    Read-only by convention but not frozen like the other values: a national rollup makes 280k of them,
    and a frozen dataclass's __init__ (one object.__setattr__ per field) took four times as long.
    """

    plan_id: int
    plan_code: str
    section_number: str
    section_title: str
    task_id: int
    number: str
    title: str
    agency_id: int
    agency: str
    status: ReportStatus | None  # None: never reported
    percent: int | None
    note: str
    reported_on: date | None  # local date of the latest report
    evidence: int  # files attached to any of this agency's reports on the task
    next_due: date | None  # earliest open due date from today on
    overdue_since: date | None  # earliest open due date before today
    blocked_since: date | None  # first report of the current run of "blocked" reports
    bucket: Bucket | SupportBucket
    role: Role = "lead"
    # the worst on-time state of the pair's occurrences counted (overdue, open, late, on time); None: none
    # (and always None for a coordinating pair: it has no deadline of its own)
    state: State | None = None
    planned_due: date | None = None  # the plan's date of `due` (differs when an extension moved it)
    extended: bool = False  # an approved extension applies to the pair ("đã gia hạn")
    # the pair's occurrences done late and past due not done, counted in the period (a series can have both,
    # and late ones beside an open one: `state` names only the worst)
    done_late: int = 0
    open_overdue: int = 0
    explanation: str = ""  # the pair's newest explanation (giải trình) by the rollup's moment
    asked: date | None = None  # the date its extension request waiting for a decision at that moment asks for

    @property
    def due(self) -> date | None:
        """The date that matters: the missed one when overdue, else the next one."""
        return self.overdue_since or self.next_due

    def as_json(self, today: date) -> dict[str, Any]:
        """The line as JSON, with the working days it is overdue on `today` (the unit every text uses)."""
        return {
            "plan": self.plan_code,
            "section": self.section_number,
            "task_id": self.task_id,
            "number": self.number,
            "title": self.title,
            "agency_id": self.agency_id,
            "agency": self.agency,
            "status": self.status,
            "percent": self.percent,
            "note": self.note,
            "reported_on": _d(self.reported_on),
            "evidence": self.evidence,
            "next_due": _d(self.next_due),
            "overdue_since": _d(self.overdue_since),
            "overdue_working_days": working_days_late(self.overdue_since, today) if self.overdue_since else None,
            "bucket": self.bucket,
            "role": self.role,
            "state": self.state,
            "planned_due": _d(self.planned_due),
            "extended": self.extended,
            "explanation": self.explanation,
            "extension_asked": _d(self.asked),
        }


@dataclass(slots=True)
class Blocker:
    """A (task, lead or coordinating agency) whose latest report is "blocked", and for how long.

    Read-only by convention, not frozen, like DetailLine: a national rollup makes about 14k of them.
    """

    task_id: int
    number: str
    title: str
    agency_id: int
    agency: str
    since: date
    age_days: int
    note: str
    overdue_since: date | None = None  # a blocked lead pair that is late too (it counts as overdue)
    role: Role = "lead"
    plan_code: str = ""  # named in the line when two plans are counted (both have a 2.2)

    def as_json(self) -> dict[str, Any]:
        return {
            "task_id": self.task_id,
            "number": self.number,
            "title": self.title,
            "agency_id": self.agency_id,
            "agency": self.agency,
            "since": self.since.isoformat(),
            "age_days": self.age_days,
            "note": self.note,
            "overdue_since": _d(self.overdue_since),
            "role": self.role,
        }


@dataclass(frozen=True, slots=True)
class NonResponder:
    """An agency that was reminded (or had work due) this period and reported nothing since."""

    agency_id: int
    name: str
    reminded_at: datetime | None  # first reminder digest to its people this period, UTC
    open_items: int  # its lead tasks overdue or due so far this period

    def as_json(self) -> dict[str, Any]:
        return {
            "agency_id": self.agency_id,
            "name": self.name,
            "reminded_at": self.reminded_at.isoformat() if self.reminded_at else None,
            "open_items": self.open_items,
        }


@dataclass(slots=True)
class Change:
    """A (task, lead agency) that became done, overdue or blocked since the previous period.

    Read-only by convention, not frozen, like DetailLine: a national quarter has about 100k of them.
    """

    kind: ChangeKind
    task_id: int
    number: str
    title: str
    agency_id: int
    agency: str
    plan_code: str = ""  # named in the line when two plans are counted (both have a 1.1)

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "task_id": self.task_id,
            "number": self.number,
            "title": self.title,
            "agency_id": self.agency_id,
            "agency": self.agency,
        }


@dataclass(frozen=True, slots=True)
class GrantedExtension:
    """An extension approved in the period: the agency's new due date for one occurrence of a task."""

    task_id: int
    number: str
    title: str
    agency_id: int
    agency: str
    planned_due: date
    new_due: date
    reason: str
    decided_on: date  # local date

    def as_json(self) -> dict[str, Any]:
        return {
            "task_id": self.task_id,
            "number": self.number,
            "title": self.title,
            "agency_id": self.agency_id,
            "agency": self.agency,
            "planned_due": self.planned_due.isoformat(),
            "new_due": self.new_due.isoformat(),
            "reason": self.reason,
            "decided_on": self.decided_on.isoformat(),
        }


@dataclass(frozen=True, slots=True)
class Rollup:
    """Everything the summary shows for one period, computed by storage.rollups.compute_rollup."""

    as_of: datetime  # aware, UTC
    tz: str
    today: date  # local date of as_of
    period: PeriodKind
    start: date  # first local day of the period
    end: date  # last local day of the period (inclusive)
    prev_start: date
    prev_end: date
    plan_id: int | None
    agency_id: int | None
    totals: Counts
    agencies: tuple[AgencyStats, ...]
    sections: tuple[SectionStats, ...]
    blockers: tuple[Blocker, ...]
    non_responders: tuple[NonResponder, ...]
    changes: tuple[Change, ...]
    # the first FIRST_LINES overdue lines, most overdue first, and due-soon ones (overdue or not), soonest
    # first: ties in the order of the details. Computed without the details, which the text never needs.
    late: tuple[DetailLine, ...]
    soon: tuple[DetailLine, ...]
    details: tuple[DetailLine, ...]  # () when computed without them
    # the coordinating (support) pairs, apart from the lead figures above: their totals, their blocked
    # pairs (the secretary's blockers too) and, with the details, their lines (role "support")
    support_totals: SupportCounts = SupportCounts()
    support_blockers: tuple[Blocker, ...] = ()
    support_details: tuple[DetailLine, ...] = ()
    extensions: tuple[GrantedExtension, ...] = ()  # approved this period, in the order they were decided

    def agency(self, key: int | str) -> AgencyStats | None:
        """The stats of one agency, by id or exact name."""
        for a in self.agencies:
            if a.agency_id == key or a.name == key:
                return a
        return None

    def changes_of(self, kind: ChangeKind) -> tuple[Change, ...]:
        """The changes of one kind."""
        return tuple(c for c in self.changes if c.kind == kind)

    def as_json(self) -> dict[str, Any]:
        """The stable JSON document of `nhacviec summary --format json` (see README)."""
        return {
            "version": JSON_VERSION,
            "as_of": self.as_of.isoformat(),
            "tz": self.tz,
            "today": self.today.isoformat(),
            "period": {
                "kind": self.period,
                "start": self.start.isoformat(),
                "end": self.end.isoformat(),
                "previous": {"start": self.prev_start.isoformat(), "end": self.prev_end.isoformat()},
            },
            "filter": {"plan_id": self.plan_id, "agency_id": self.agency_id},
            "totals": self.totals.as_json(),
            "agencies": [a.as_json() for a in self.agencies],
            "sections": [s.as_json() for s in self.sections],
            "blockers": [b.as_json() for b in self.blockers],
            "non_responders": [n.as_json() for n in self.non_responders],
            "changes": {
                "done": [c.as_json() for c in self.changes_of("done")],
                "overdue": [c.as_json() for c in self.changes_of("overdue")],
                "blocked": [c.as_json() for c in self.changes_of("blocked")],
            },
            "details": [d.as_json(self.today) for d in self.details],
            "support_totals": self.support_totals.as_json(),
            "support_blockers": [b.as_json() for b in self.support_blockers],
            "support_details": [d.as_json(self.today) for d in self.support_details],
            "extensions": [e.as_json() for e in self.extensions],
        }


@dataclass(frozen=True, slots=True)
class OverdueGroup:
    """One agency in the late list: how many of its lead tasks are overdue, and all of them."""

    agency: str
    lines: tuple[DetailLine, ...]  # most overdue first, then by task number


@dataclass(frozen=True, slots=True)
class OverdueList:
    """The late list (/overdue): the most overdue agencies first, as many as it shows."""

    today: date  # local date of the list
    total: int  # overdue (task, lead agency) pairs in all, shown or not
    groups: tuple[OverdueGroup, ...]
