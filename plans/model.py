"""Plain values produced by the plan readers and the deadline grammar (no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Literal

from i18n import N_, Text, t
from plans.workdays import add_working_days

MilestoneKind = Literal["due", "recurring", "ongoing", "event"]
# the grammar's warnings about a deadline it could not read (plans.deadlines.UNREADABLE is this set)
UNREADABLE_DEADLINE = frozenset({N_("deadline_unreadable"), N_("deadline_unreadable_because")})


class PlanError(ValueError):
    """A plan document cannot be read: a message id and values naming the file and, where known, the line or cell.

    The edge shows `t(error.key, lang, **error.values)` (a location value is a `Text`, rendered in the same
    language); str(error) is the Vietnamese rendering, for logs.
    """

    def __init__(self, key: str, *, warnings: tuple[PlanWarning, ...] = (), **values: object) -> None:
        self.key = key
        self.values = values
        self.warnings = warnings  # what the readers noted before giving up (skipped rows, unread cells)
        super().__init__(t(key, "vi", **values))


@dataclass(frozen=True)
class Offset:
    """A delay after an event's trigger date."""

    days: int
    working: bool

    def as_json(self) -> dict:
        return {"days": self.days, "working": self.working}

    def after(self, day: date) -> date:
        """The due day of a trigger on `day`: `days` later, counted in working days when `working`."""
        if not self.days:
            return day
        return add_working_days(day, self.days) if self.working else day + timedelta(days=self.days)


@dataclass(frozen=True)
class Milestone:
    """One deadline of a task, as CONTRACTS.md's Milestone JSON."""

    kind: MilestoneKind
    label: str | None = None
    due: date | None = None
    dates: tuple[date, ...] = ()
    trigger: str | None = None
    offset: Offset | None = None

    def occurrence_dates(self, triggered_on: date | None) -> set[date]:
        """Every concrete due date: the listed dates, plus the one an event's trigger date gives."""
        wanted = set(self.dates)
        if self.kind == "event" and triggered_on is not None:
            wanted.add((self.offset or Offset(0, False)).after(triggered_on))
        return wanted

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "label": self.label,
            "due": self.due.isoformat() if self.due else None,
            "dates": [d.isoformat() for d in self.dates],
            "trigger": self.trigger,
            "offset": self.offset.as_json() if self.offset else None,
        }


@dataclass(frozen=True)
class DeadlineResult:
    """What the grammar read from one deadline cell; the warnings are texts the edge renders."""

    milestones: tuple[Milestone, ...]
    warnings: tuple[Text, ...] = ()


@dataclass(frozen=True)
class PlanMeta:
    """A plan's identity: code, title, issuer, issue date and period."""

    code: str
    title: str
    issuer: str | None = None
    issued_on: date | None = None
    year: int | None = None
    period: tuple[int, int] | None = None

    def as_json(self) -> dict:
        return {
            "code": self.code,
            "title": self.title,
            "issuer": self.issuer,
            "issued_on": self.issued_on.isoformat() if self.issued_on else None,
            "year": self.year,
            "period": list(self.period) if self.period else None,
        }


@dataclass(frozen=True)
class ParsedTask:
    """One task row of a plan, with its agencies resolved and deadline read."""

    number: str
    key: str  # distinct per plan: the number, or "7.6#2" for the second row numbered 7.6
    section: str | None
    section_title: str | None
    title: str
    deliverables: tuple[str, ...]
    lead: tuple[str, ...]
    support: tuple[str, ...]
    lead_text: str
    support_text: str
    deadline_text: str
    milestones: tuple[Milestone, ...]

    def as_json(self) -> dict:
        return {
            "number": self.number,
            "key": self.key,
            "section": self.section,
            "section_title": self.section_title,
            "title": self.title,
            "deliverables": list(self.deliverables),
            "lead": list(self.lead),
            "support": list(self.support),
            "lead_text": self.lead_text,
            "support_text": self.support_text,
            "deadline_text": self.deadline_text,
            "milestones": [m.as_json() for m in self.milestones],
        }


@dataclass(frozen=True)
class PlanWarning:
    """Something to check in a plan as read: the task it is about (None: the whole document) and what."""

    task: str | None
    text: Text

    def render(self, lang: str = "vi") -> str:
        """The warning in `lang`, its location included."""
        return self.text.render(lang)

    def as_json(self, lang: str = "vi") -> dict:
        """CONTRACTS.md's warning: task and the message in `lang`, plus the message's key and values."""
        return {"task": self.task, "message": self.render(lang), **self.text.as_json()}


@dataclass(frozen=True)
class ParsedPlan:
    """A whole plan document as read, ready to preview or store."""

    meta: PlanMeta
    tasks: tuple[ParsedTask, ...]
    unknown_agencies: tuple[str, ...] = ()
    warnings: tuple[PlanWarning, ...] = ()
    # canonical name -> kind ("unit" | "ward" | "committee" | "external") for names the resolver derived
    derived_agencies: dict[str, str] = field(default_factory=dict)

    def unread_deadlines(self) -> tuple[PlanWarning, ...]:
        """The warnings about deadlines the grammar could not read (listed apart in the preview)."""
        return tuple(w for w in self.warnings if w.text.key in UNREADABLE_DEADLINE)

    def with_unread_as_ongoing(self) -> ParsedPlan:
        """The plan with each unread deadline (an event waiting on a trigger nobody named) made ongoing work."""
        unread = {w.task for w in self.unread_deadlines()}
        tasks = tuple(
            replace(task, milestones=tuple(
                Milestone(kind="ongoing", label=m.trigger, dates=m.dates) if m.kind == "event" and m.offset is None
                else m for m in task.milestones))
            if task.key in unread else task
            for task in self.tasks
        )
        return replace(self, tasks=tasks)

    def as_json(self, lang: str = "vi") -> dict:
        """CONTRACTS.md's plan JSON, the warnings' messages in `lang`."""
        return {
            "plan": self.meta.as_json(),
            "tasks": [t.as_json() for t in self.tasks],
            "unknown_agencies": list(self.unknown_agencies),
            "warnings": [w.as_json(lang) for w in self.warnings],
        }
