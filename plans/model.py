"""Plain values produced by the plan readers and the deadline grammar (no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Literal

from i18n import N_, Text, t
from plans.text import fold
from plans.workdays import add_working_days

MilestoneKind = Literal["due", "recurring", "ongoing", "event"]
# what a person may set for one task's deadline before storing a plan: a date, ongoing work, or an event
DeadlineChoice = date | Literal["ongoing", "event"]
_CHOICE_WORDS: dict[str, Literal["ongoing", "event"]] = {
    "thuong xuyen": "ongoing", "ongoing": "ongoing", "su kien": "event", "cho su kien": "event", "event": "event",
}
# the grammar's warnings about a deadline it could not read (plans.deadlines.UNREADABLE is this set)
UNREADABLE_DEADLINE = frozenset({N_("deadline_unreadable"), N_("deadline_unreadable_because")})
# the importer's own notes on a task's deadline (the grammar's keys all start with "deadline_")
_DEADLINE_NOTES = frozenset({N_("plan_warn_no_deadline"), N_("plan_warn_no_horizon")})


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


def deadline_choice_word(text: str) -> Literal["ongoing", "event"] | None:
    """"ongoing" for «thường xuyên», "event" for «sự kiện» (as typed, with or without diacritics), else None."""
    return _CHOICE_WORDS.get(fold(text).strip(" .!"))


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
    ends: date | None = None  # the span's last day, when its title ends it before its last year does

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
    # names the registry lacks (in the plan's unknown_agencies, not in `lead`/`support`): storing the plan
    # creates and links them when the admin asks for it
    unknown_lead: tuple[str, ...] = ()
    unknown_support: tuple[str, ...] = ()

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
    """Something to check in a plan as read: the task it is about (None: the whole document) and what.

    `where` is the line, row or cell the task came from, for a text that does not name it itself (the
    deadline grammar reads a cell's text and knows nothing of the document).
    """

    task: str | None
    text: Text
    where: Text | None = None

    def render(self, lang: str = "vi") -> str:
        """The warning in `lang`, its location included."""
        if self.where is None:
            return self.text.render(lang)
        return t(N_("plan_warning_where"), lang, warning=self.text, where=self.where)

    def as_json(self, lang: str = "vi") -> dict:
        """CONTRACTS.md's warning: task and the message in `lang`, plus the message's key and values (and
        the location, rendered, when the message does not carry it)."""
        located = {"where": self.where.render(lang)} if self.where is not None else {}
        return {"task": self.task, "message": self.render(lang), **self.text.as_json(), **located}


@dataclass(frozen=True)
class ParsedPlan:
    """A whole plan document as read, ready to preview or store."""

    meta: PlanMeta
    tasks: tuple[ParsedTask, ...]
    unknown_agencies: tuple[str, ...] = ()
    warnings: tuple[PlanWarning, ...] = ()
    # canonical name -> kind ("unit" | "ward" | "committee" | "external") for names the resolver derived
    derived_agencies: dict[str, str] = field(default_factory=dict)
    # an amending plan: the code of the plan it amends, the tasks of that plan it withdraws («Bãi bỏ nhiệm vụ 3.1»)
    # and those it gives a new text («Sửa đổi nhiệm vụ 2.3 như sau: …», a task of this plan now)
    amends: str | None = None
    withdrawn: tuple[str, ...] = ()
    rewritten: tuple[str, ...] = ()

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

    def task_key(self, typed: str) -> str | None:
        """The key of the task a person typed ("3.2", "7.6#2"), or None when the plan has no such task."""
        wanted = typed.strip().casefold()
        return next((task.key for task in self.tasks if task.key.casefold() == wanted), None)

    def with_deadline(self, key: str, choice: DeadlineChoice) -> ParsedPlan:
        """The plan with task `key`'s deadline set by a person (a date, ongoing or an event waiting for /trigger):
        its milestones replaced and the reader's notes on its deadline dropped."""
        def chosen(task: ParsedTask) -> Milestone:
            phrase = task.deadline_text or None
            if choice == "ongoing":
                return Milestone(kind="ongoing", label=phrase)
            if choice == "event":
                return Milestone(kind="event", trigger=phrase or task.title)
            return Milestone(kind="due", due=choice, dates=(choice,))

        task = next((task for task in self.tasks if task.key == key), None)
        return self if task is None else self.with_milestones(key, (chosen(task),))

    def with_milestones(self, key: str, milestones: tuple[Milestone, ...]) -> ParsedPlan:
        """The plan with task `key`'s milestones replaced (a deadline a person set) and the reader's notes on its
        deadline dropped."""
        tasks = tuple(replace(task, milestones=milestones) if task.key == key else task for task in self.tasks)
        warnings = tuple(
            w for w in self.warnings
            if w.task != key or not (w.text.key.startswith("deadline_") or w.text.key in _DEADLINE_NOTES)
        )
        return replace(self, tasks=tasks, warnings=warnings)

    def as_json(self, lang: str = "vi") -> dict:
        """CONTRACTS.md's plan JSON, the warnings' messages in `lang`."""
        return {
            "plan": self.meta.as_json(),
            "tasks": [t.as_json() for t in self.tasks],
            "unknown_agencies": list(self.unknown_agencies),
            "warnings": [w.as_json(lang) for w in self.warnings],
        }
