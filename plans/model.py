"""Plain values produced by the plan readers and the deadline grammar (no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from i18n import t

MilestoneKind = Literal["due", "recurring", "ongoing", "event"]


class PlanError(ValueError):
    """A plan document cannot be read: a message id and values naming the file and, where known, the line or cell.

    The edge shows `t(error.key, lang, **error.values)`; str(error) is the Vietnamese rendering, for logs.
    """

    def __init__(self, key: str, **values: object) -> None:
        self.key = key
        self.values = values
        super().__init__(t(key, "vi", **values))


class UnreadableDeadline(ValueError):
    """The deadline grammar cannot read a text."""


@dataclass(frozen=True)
class Offset:
    """A delay after an event's trigger date."""

    days: int
    working: bool

    def as_json(self) -> dict:
        return {"days": self.days, "working": self.working}


@dataclass(frozen=True)
class Milestone:
    """One deadline of a task, as CONTRACTS.md's Milestone JSON."""

    kind: MilestoneKind
    label: str | None = None
    due: date | None = None
    dates: tuple[date, ...] = ()
    trigger: str | None = None
    offset: Offset | None = None

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
    """What the grammar read from one deadline cell."""

    milestones: tuple[Milestone, ...]
    warnings: tuple[str, ...] = ()


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
    task: str | None
    message: str

    def as_json(self) -> dict:
        return {"task": self.task, "message": self.message}


@dataclass(frozen=True)
class ParsedPlan:
    """A whole plan document as read, ready to preview or store."""

    meta: PlanMeta
    tasks: tuple[ParsedTask, ...]
    unknown_agencies: tuple[str, ...] = ()
    warnings: tuple[PlanWarning, ...] = ()
    # canonical name -> kind ("unit" | "ward" | "committee" | "external") for names the resolver derived
    derived_agencies: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict:
        return {
            "plan": self.meta.as_json(),
            "tasks": [t.as_json() for t in self.tasks],
            "unknown_agencies": list(self.unknown_agencies),
            "warnings": [w.as_json() for w in self.warnings],
        }
