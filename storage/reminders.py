"""What the reminder planner reads (deadlines, people, latest reports), as its own values, and the log of
what it planned."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

import aiosqlite

from plans.model import MilestoneKind
from storage.db import utc_iso
from storage.reports import ReportStatus
from storage.rows import from_rows

Role = Literal["none", "member", "head", "secretary", "admin"]


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
class LogEntry:
    """One planned reminder item, keyed like the planner's intents."""

    key: str
    occurrence_id: int | None
    milestone_id: int
    task_id: int
    agency_id: int
    user_id: int
    stage: str
    reason: str
    day: date


_OCCURRENCES_SQL = """
WITH occ AS (
    SELECT o.id, o.milestone_id, o.due,
           LAG(o.due) OVER (PARTITION BY o.milestone_id ORDER BY o.due) AS previous_due
    FROM occurrences AS o
    WHERE o.active = 1
)
SELECT occ.id AS occurrence_id, m.id AS milestone_id, t.id AS task_id, p.code AS plan_code,
       t.number AS task_number, t.title AS task_title, t.deliverables, m.kind, occ.due, m.label,
       occ.previous_due, m.triggered_on
FROM occ
JOIN milestones AS m ON m.id = occ.milestone_id
JOIN tasks AS t ON t.id = m.task_id AND t.active = 1
JOIN plans AS p ON p.id = t.plan_id
WHERE occ.due <= :until AND m.kind IN ('due', 'recurring', 'event')
  AND (m.kind != 'event' OR m.triggered_on IS NOT NULL)
UNION ALL
SELECT (SELECT o.id FROM occurrences AS o WHERE o.milestone_id = m.id AND o.active = 1
         ORDER BY o.due DESC LIMIT 1),
       m.id, t.id, p.code, t.number, t.title, t.deliverables, m.kind,
       (SELECT MAX(o.due) FROM occurrences AS o WHERE o.milestone_id = m.id AND o.active = 1),
       m.label, NULL, m.triggered_on
FROM milestones AS m
JOIN tasks AS t ON t.id = m.task_id AND t.active = 1
JOIN plans AS p ON p.id = t.plan_id
WHERE m.kind = 'ongoing'
"""

_LEADS_SQL = """
SELECT ta.task_id, a.id, a.name
FROM task_agencies AS ta JOIN agencies AS a ON a.id = ta.agency_id
WHERE ta.role = 'lead'
ORDER BY ta.task_id, a.name
"""

# one reachable chat per user: the preferred channel's newest identity, else the newest identity
_PEOPLE_SQL = """
SELECT user_id, role, agency_id, channel, chat_id, lang, name FROM (
    SELECT u.id AS user_id, u.role, u.agency_id, i.channel, i.chat_id, u.lang, u.display_name AS name,
           ROW_NUMBER() OVER (
               PARTITION BY u.id
               ORDER BY (i.channel = u.preferred_channel) DESC, i.linked_at DESC, i.id DESC
           ) AS rank
    FROM users AS u JOIN identities AS i ON i.user_id = u.id
    WHERE u.active = 1 AND u.role IN ('member', 'head', 'secretary') AND i.unreachable_at IS NULL
)
WHERE rank = 1
ORDER BY user_id
"""

_REPORTS_SQL = """
SELECT task_id, occurrence_id, agency_id, status, created_at FROM (
    SELECT r.task_id, r.occurrence_id, r.agency_id, r.status, r.created_at,
           ROW_NUMBER() OVER (
               PARTITION BY r.task_id, r.occurrence_id, r.agency_id ORDER BY r.created_at DESC, r.id DESC
           ) AS rank
    FROM reports AS r
    WHERE r.created_at <= :now AND r.withdrawn_at IS NULL
)
WHERE rank = 1
"""


def _deliverable(text: str) -> str:
    try:
        items = json.loads(text or "[]")
    except ValueError:
        return text
    return "; ".join(str(i) for i in items) if isinstance(items, list) else str(items)


async def load_occurrences(db: aiosqlite.Connection, until: date) -> list[OccurrenceInfo]:
    """Occurrences of active tasks due up to `until` (triggered events only) plus every ongoing milestone."""
    leads: dict[int, list[Agency]] = defaultdict(list)
    async with db.execute(_LEADS_SQL) as cur:
        for task_id, agency_id, name in await cur.fetchall():
            leads[task_id].append(Agency(agency_id, name))
    reminded: dict[int, set[int]] = defaultdict(set)
    async with db.execute(
        "SELECT DISTINCT occurrence_id, agency_id FROM reminder_log"
        " WHERE reason = 'upcoming' AND occurrence_id IS NOT NULL"
    ) as cur:
        for occurrence_id, agency_id in await cur.fetchall():
            reminded[occurrence_id].add(agency_id)
    found = []
    async with db.execute(_OCCURRENCES_SQL, {"until": until.isoformat()}) as cur:
        for r in await cur.fetchall():
            task_leads = leads.get(r["task_id"])
            if not task_leads:
                continue
            occurrence_id = r["occurrence_id"]
            found.append(
                OccurrenceInfo(
                    occurrence_id=occurrence_id,
                    milestone_id=r["milestone_id"],
                    task_id=r["task_id"],
                    plan_code=r["plan_code"],
                    task_number=r["task_number"],
                    task_title=r["task_title"],
                    deliverable=_deliverable(r["deliverables"]),
                    kind=r["kind"],
                    due=date.fromisoformat(r["due"]) if r["due"] else None,
                    leads=tuple(task_leads),
                    label=r["label"],
                    previous_due=date.fromisoformat(r["previous_due"]) if r["previous_due"] else None,
                    triggered_on=date.fromisoformat(r["triggered_on"]) if r["triggered_on"] else None,
                    reminded_before_due=frozenset(reminded.get(occurrence_id, ())),
                )
            )
    return found


async def load_people(db: aiosqlite.Connection) -> list[Person]:
    """Active members, heads and secretaries with a reachable chat (one chat each)."""
    return from_rows(Person, await db.execute_fetchall(_PEOPLE_SQL))


async def load_latest_reports(db: aiosqlite.Connection, now: datetime) -> list[LatestReport]:
    """The newest report made by `now` per (task, occurrence or none, agency)."""
    async with db.execute(_REPORTS_SQL, {"now": utc_iso(now)}) as cur:
        return [
            LatestReport(
                task_id=r["task_id"],
                occurrence_id=r["occurrence_id"],
                agency_id=r["agency_id"],
                status=r["status"],
                created_at=datetime.fromisoformat(r["created_at"]),
            )
            for r in await cur.fetchall()
        ]


async def logged_keys(db: aiosqlite.Connection, day: date) -> set[str]:
    """Intent keys already planned for a local day."""
    async with db.execute("SELECT key FROM reminder_log WHERE day = ?", (day.isoformat(),)) as cur:
        return {r[0] for r in await cur.fetchall()}


async def log_intents(
    db: aiosqlite.Connection, entries: Iterable[LogEntry], outbox_key: str, now: datetime
) -> None:
    """Remember planned reminder items and the outbox message that carries them."""
    at = utc_iso(now)
    await db.executemany(
        "INSERT OR IGNORE INTO reminder_log (key, outbox_key, occurrence_id, milestone_id, task_id,"
        " agency_id, user_id, stage, reason, day, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                e.key,
                outbox_key,
                e.occurrence_id,
                e.milestone_id,
                e.task_id,
                e.agency_id,
                e.user_id,
                e.stage,
                e.reason,
                e.day.isoformat(),
                at,
            )
            for e in entries
        ],
    )


@dataclass(frozen=True)
class UnreachableUser:
    """Someone the bot can no longer message in one chat."""

    user_id: int
    name: str
    agency: str | None


async def mark_unreachable(
    db: aiosqlite.Connection, channel: str, chat_id: str, now: datetime
) -> list[UnreachableUser]:
    """Flag the identities behind a chat as unreachable; returns whom it newly affected."""
    async with db.execute(
        "SELECT u.id, u.display_name, a.name FROM identities AS i JOIN users AS u ON u.id = i.user_id"
        " LEFT JOIN agencies AS a ON a.id = u.agency_id"
        " WHERE i.channel = ? AND i.chat_id = ? AND i.unreachable_at IS NULL",
        (channel, str(chat_id)),
    ) as cur:
        affected = [UnreachableUser(r[0], r[1], r[2]) for r in await cur.fetchall()]
    await db.execute(
        "UPDATE identities SET unreachable_at = ? WHERE channel = ? AND chat_id = ? AND unreachable_at IS NULL",
        (utc_iso(now), channel, str(chat_id)),
    )
    return affected
