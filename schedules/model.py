"""Plain values the reminder planner writes, and its settings (no I/O, no clock).

What it reads (occurrences, people, latest reports) are storage.reminders' values, as loaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, NamedTuple

from chat.messages import OutgoingMessage
from storage.reminders import Agency, LatestReport, OccurrenceInfo, Person, ReportStatus, Role, item_prefix

# why a person gets an item: a deadline coming or passed, an escalation, a blocked lead agency, a blocked
# coordinating agency, a silent agency (or one whose extension request waits for a decision), the monthly
# check-in of an ongoing task
Reason = Literal[
    "upcoming", "due", "overdue", "escalation", "blocked", "support_blocked", "nonresponder",
    "extension_asked", "checkin"
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
    # chat apps without reply-to or buttons: a digest sent there says to type the answer (CoreSettings's twin)
    typed_channels: frozenset[str] = frozenset()

    def horizon(self, today: date) -> date:
        """The last due day a stage planned `today` can be about."""
        # the earliest stage is max(stages_before) working days ahead; weekends and Tết stretch that
        return today + timedelta(days=2 * max(self.stages_before, default=0) + 21)


class ForPerson:
    """What is sent to one person (an intent, a digest): the person's id and chat, read through `person`."""

    __slots__ = ()
    person: Person

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


@dataclass(frozen=True, slots=True)
class ReminderIntent(ForPerson):
    """One item one person should read today: a `ReminderItem` seen by one of its people (what the planner's
    tests and a digest's `intents` list); `key` makes it happen at most once."""

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
    def role(self) -> Role:
        """The person's role."""
        return self.person.role

    @property
    def status(self) -> ReportStatus | None:
        """The agency's latest report's status, when there is one."""
        return self.report.status if self.report is not None else None

    @property
    def key(self) -> str:
        """The idempotency key: occ:…|agency:…|stage:…|day|user:…"""
        occ = self.occurrence
        return item_prefix(occ.occurrence_id, occ.milestone_id, self.agency.id, self.stage, self.day) + str(self.user_id)


class Delivery(NamedTuple):
    """Some of an item's people and why they get it (the agency's members "overdue", its heads and the
    secretaries "escalation"); `people` is one tuple shared by every item they get for that reason."""

    reason: Reason
    people: tuple[Person, ...]


class ReminderItem(NamedTuple):
    """One reminder item of a day, an occurrence's stage for one agency, planned once with everyone it goes
    to (a named tuple: 166,000 a day at national scale, where the two secretaries get two thirds of the
    items; an intent per person was 484,000)."""

    occurrence: OccurrenceInfo
    agency: Agency
    stage: str
    day: date
    overdue_days: int
    report: LatestReport | None
    deliveries: tuple[Delivery, ...]  # in the order planned; none empty

    @property
    def prefix(self) -> str:
        """Its people's idempotency keys without the person's id."""
        occ = self.occurrence
        return item_prefix(occ.occurrence_id, occ.milestone_id, self.agency.id, self.stage, self.day)

    def intents(self, default_lang: str) -> list[ReminderIntent]:
        """The item as each of its people reads it, in the order planned."""
        occ, agency, stage, day, offset, report = self.occurrence, self.agency, self.stage, self.day, self.overdue_days, self.report
        return [
            ReminderIntent(person, person.lang or default_lang, reason, stage, day, occ, agency, offset, report)
            for reason, people in self.deliveries
            for person in people
        ]

    def reason_for(self, person: Person) -> Reason:
        """Why `person`, one of its people, gets it."""
        # by identity first: a digest's person is the very value planned (comparing field by field is slow)
        for reason, people in self.deliveries:
            for p in people:
                if p is person:
                    return reason
        return next(reason for reason, people in self.deliveries if person in people)

    def without(self, logged: set[str] | frozenset[str]) -> ReminderItem | None:
        """The item without the people whose key is in `logged` (None: nobody is left)."""
        prefix = self.prefix
        kept: list[Delivery] = []
        changed = False
        for delivery in self.deliveries:
            people = tuple(p for p in delivery.people if prefix + str(p.user_id) not in logged)
            if len(people) == len(delivery.people):
                kept.append(delivery)
                continue
            changed = True
            if people:
                kept.append(Delivery(delivery.reason, people))
        if not changed:
            return self
        return self._replace(deliveries=tuple(kept)) if kept else None


@dataclass(frozen=True)
class DigestItem:
    """What a reply to a digest refers to (the JSON of `sent_messages.items`); a secretary's line also names
    the agency it is about and that agency's role on the task, so a line about an agency taken off the task
    is known to be gone before the digest is sent (schedules/withdrawal.py)."""

    task: int
    occurrence: int | None
    agency: int | None = None
    role: str | None = None  # lead | support

    def as_json(self) -> dict[str, int | str | None]:
        found: dict[str, int | str | None] = {"task": self.task, "occurrence": self.occurrence}
        if self.agency is not None:
            found |= {"agency": self.agency, "role": self.role}
        return found


@dataclass(frozen=True)
class Digest(ForPerson):
    """One message to one person for one run: its outbox key, recipient, text and the items it was made of
    (each with the person's reason)."""

    key: str
    person: Person
    lang: str
    day: date
    items: Sequence[ReminderItem]  # the person's, in the order planned
    message: OutgoingMessage

    @property
    def intents(self) -> tuple[ReminderIntent, ...]:
        """The digest's items as the person's intents."""
        p = self.person
        return tuple(
            ReminderIntent(p, self.lang, i.reason_for(p), i.stage, i.day, i.occurrence, i.agency, i.overdue_days, i.report)
            for i in self.items
        )

    @property
    def intent_keys(self) -> tuple[str, ...]:
        """The idempotency keys of every item in the digest."""
        return tuple(i.key for i in self.intents)
