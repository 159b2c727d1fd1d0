"""Plain values the reminder planner reads and writes (no I/O, no clock)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from chat.messages import OutgoingMessage

MilestoneKind = Literal["due", "recurring", "ongoing", "event"]
Role = Literal["none", "member", "head", "secretary", "admin"]
ReportStatus = Literal["done", "in_progress", "blocked", "not_started", "unclear"]
# why a person gets an item: a deadline coming or passed, an escalation, a blocked agency, a silent agency,
# the monthly check-in of an ongoing task
Reason = Literal["upcoming", "due", "overdue", "escalation", "blocked", "nonresponder", "checkin"]


@dataclass(frozen=True)
class Agency:
    """A lead agency of a task: id and the name people know it by."""

    id: int
    name: str


@dataclass(frozen=True)
class OccurrenceInfo:
    """One concrete deadline of a task (or an ongoing task's standing duty), with what a reminder shows."""

    occurrence_id: int | None  # None: an ongoing milestone with no bound date
    milestone_id: int
    task_id: int
    plan_code: str
    task_number: str
    task_title: str
    deliverable: str
    kind: MilestoneKind
    due: date | None  # None only for an ongoing milestone without a bound
    leads: tuple[Agency, ...]
    label: str | None = None
    previous_due: date | None = None  # due of the milestone's previous occurrence (recurring)
    triggered_on: date | None = None  # event milestones are silent until this is set
    reminded_before_due: frozenset[int] = frozenset()  # agencies that got a pre-due reminder


@dataclass(frozen=True)
class Person:
    """Someone who can be messaged: role, agency, and the one chat the bot reaches them in."""

    user_id: int
    role: Role
    agency_id: int | None
    channel: str
    chat_id: str
    lang: str | None = None
    name: str = ""


@dataclass(frozen=True)
class LatestReport:
    """The newest report of an agency on a task, for one occurrence (or none)."""

    task_id: int
    occurrence_id: int | None
    agency_id: int
    status: ReportStatus
    created_at: datetime  # aware


@dataclass(frozen=True)
class ReminderSettings:
    """When and to whom reminders go; the defaults follow the CCHC secretary's practice."""

    stages_before: tuple[int, ...] = (7, 3, 1)  # working days before the due day
    overdue_every: int = 3  # working days between overdue reminders
    escalate_after: int = 5  # overdue working days after which the agency's head gets it too
    secretary_after: int = 5  # overdue working days after which the secretaries get it too
    send_hour: int = 8
    send_minute: int = 0
    quiet_hour: int = 20  # from this local hour on, nothing new is planned (never at night)
    tz: str = "Asia/Ho_Chi_Minh"
    ongoing_day: int = 1  # the n-th working day of the month for ongoing tasks' check-in
    lang: str = "vi"
    digest_max_items: int = 30  # longer digests list the first ones and say how many more
    button_items: int = 8  # items that get report buttons (chats allow many more; keep it readable)


@dataclass(frozen=True, slots=True)
class ReminderIntent:
    """One item one person should read today; `key` makes it happen at most once."""

    key: str
    user_id: int
    channel: str
    chat_id: str
    role: Role
    lang: str
    reason: Reason
    stage: str  # "T-7", "T-3", "T-1", "T0", "D+3", "D+6", …, "NR" (non-responder), "M" (monthly check-in)
    day: date  # the local day it is for
    occurrence: OccurrenceInfo
    agency: Agency
    overdue_days: int  # working days past due; negative before the due day
    status: ReportStatus | None = None  # the agency's latest report, when there is one


@dataclass(frozen=True)
class DigestItem:
    """What a reply to a digest refers to (the JSON of `sent_messages.items`)."""

    task: int
    occurrence: int | None

    def as_json(self) -> dict[str, int | None]:
        return {"task": self.task, "occurrence": self.occurrence}


@dataclass(frozen=True)
class Digest:
    """One message to one person for one run: its outbox key, recipient and text."""

    key: str
    user_id: int
    channel: str
    chat_id: str
    day: date
    intents: tuple[ReminderIntent, ...]
    message: OutgoingMessage

    @property
    def intent_keys(self) -> tuple[str, ...]:
        """The idempotency keys of every item in the digest."""
        return tuple(i.key for i in self.intents)
