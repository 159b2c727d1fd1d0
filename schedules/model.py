"""Plain values the reminder planner writes, and its settings (no I/O, no clock).

What it reads (occurrences, people, latest reports) are storage.reminders' values, as loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal, NamedTuple

from chat.messages import OutgoingMessage
from storage.reminders import Agency, LatestReport, OccurrenceInfo, Person, ReportStatus, Role, item_prefix

# why a person gets an item: a deadline coming or passed, an escalation, a blocked lead agency, a blocked
# coordinating agency, a silent agency, the monthly check-in of an ongoing task
Reason = Literal[
    "upcoming", "due", "overdue", "escalation", "blocked", "support_blocked", "nonresponder", "checkin"
]


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


class ReminderIntent(NamedTuple):
    """One item one person should read today; `key` makes it happen at most once (a named tuple: the
    planner makes 500,000 of them a day at national scale, and a frozen dataclass takes twice as long)."""

    person: Person  # who reads it, in which chat
    lang: str
    reason: Reason
    stage: str  # "T-7", "T-3", "T-1", "T0", "D+3", "D+6", …, "NR" (non-responder), "M" (monthly check-in)
    day: date  # the local day it is for
    occurrence: OccurrenceInfo
    agency: Agency
    overdue_days: int  # working days past due; negative before the due day
    report: LatestReport | None = None  # the agency's latest report: what the digest repeats back ("40%, dự kiến 15/12")

    @property
    def user_id(self) -> int:
        """The person's id."""
        return self.person.user_id

    @property
    def channel(self) -> str:
        """The channel of the person's chat."""
        return self.person.channel

    @property
    def chat_id(self) -> str:
        """The person's chat."""
        return self.person.chat_id

    @property
    def role(self) -> Role:
        """The person's role."""
        return self.person.role

    @property
    def status(self) -> ReportStatus | None:
        """The agency's latest report's status, when there is one."""
        return self.report.status if self.report is not None else None

    @property
    def key(self) -> str:
        """The idempotency key: occ:…|agency:…|stage:…|day|user:… (built when asked: 500,000 a day at national
        scale)."""
        occ = self.occurrence
        return item_prefix(occ.occurrence_id, occ.milestone_id, self.agency.id, self.stage, self.day) + str(self.user_id)


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
