"""Progress reports (append-only history), their evidence, and what bot messages refer to."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

import aiosqlite

from i18n.collation import vi_sort_key
from storage.db import dialect, ids_in, utc_iso
from storage.renumbering import numbers_then
from storage.rows import from_row, from_rows
from storage.tasks import TaskFacts, task_facts_of

ReportStatus = Literal["done", "in_progress", "blocked", "not_started", "unclear"]


@dataclass(frozen=True)
class Report:
    id: int
    task_id: int
    occurrence_id: int | None
    agency_id: int
    user_id: int | None
    status: ReportStatus
    percent: int | None
    eta: str | None
    note: str
    channel: str
    source_ref: str | None
    created_at: str
    edited_at: str | None


@dataclass(frozen=True)
class RefItem:
    """One thing a bot message was about: a task, maybe a concrete occurrence of it."""

    task: int
    occurrence: int | None = None
    # the number (and key) the message showed when a re-import renumbered the task since (else None)
    number: str | None = None
    key: str | None = None
    report: int | None = None  # the report a confirmation confirmed (a reply to it may correct that report)


_REPORT_COLS = (
    "id, task_id, occurrence_id, agency_id, user_id, status, percent, eta, note, channel, source_ref,"
    " created_at, edited_at"
)


async def add_report(
    db: aiosqlite.Connection,
    *,
    task_id: int,
    occurrence_id: int | None,
    agency_id: int,
    user_id: int | None,
    status: str,
    percent: int | None,
    eta: date | None,
    note: str,
    channel: str,
    source_ref: str | None,
    now: datetime,
) -> Report:
    """Append one report; the latest one for a task and agency sets its status."""
    rows = await db.execute_fetchall(
        "INSERT INTO reports (task_id, occurrence_id, agency_id, user_id, status, percent, eta, note, channel,"
        f" source_ref, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING {_REPORT_COLS}",
        (task_id, occurrence_id, agency_id, user_id, status, percent, eta.isoformat() if eta else None, note,
         channel, source_ref, utc_iso(now)),
    )
    report = from_row(Report, rows[0])
    assert report is not None
    return report


async def get_report(db: aiosqlite.Connection, report_id: int) -> Report | None:
    """One report by id."""
    rows = await db.execute_fetchall(f"SELECT {_REPORT_COLS} FROM reports WHERE id = ?", (report_id,))
    return from_row(Report, rows[0]) if rows else None


async def reports_from_source(db: aiosqlite.Connection, source_ref: str) -> list[Report]:
    """The standing reports a given chat message created (an edit of that message updates them)."""
    async with db.execute(
        f"SELECT {_REPORT_COLS} FROM reports WHERE source_ref = ? AND withdrawn_at IS NULL ORDER BY id",
        (source_ref,),
    ) as cur:
        return from_rows(Report, await cur.fetchall())


async def last_reports_by(
    db: aiosqlite.Connection, user_id: int, channel: str, chat_id: str, since: datetime
) -> list[Report]:
    """The standing reports a person's latest report-making message in a chat made since a moment (a button's
    report, which keeps no message, alone); none when they reported nothing since."""
    async with db.execute(
        f"SELECT {_REPORT_COLS} FROM reports WHERE user_id = ? AND channel = ? AND created_at >= ?"
        " AND withdrawn_at IS NULL ORDER BY created_at DESC, id DESC",
        (user_id, channel, utc_iso(since)),
    ) as cur:
        recent = from_rows(Report, await cur.fetchall())
    prefix = f"{channel}:{chat_id}:"
    # a report made by a message of another chat (a group) is not this chat's
    mine = [one for one in recent if one.source_ref is None or one.source_ref.startswith(prefix)]
    if not mine:
        return []
    latest = mine[0]
    if latest.source_ref is None:
        return [latest]
    return sorted((one for one in mine if one.source_ref == latest.source_ref), key=lambda one: one.id)


async def newest_report_id(db: aiosqlite.Connection) -> int:
    """The id of the newest report stored (0 when none): reports made later have greater ids."""
    rows = await db.execute_fetchall("SELECT COALESCE(MAX(id), 0) FROM reports")
    return int(rows[0][0])


async def reports_after(
    db: aiosqlite.Connection, user_id: int, after_id: int, task_ids: list[int] | None, *, other_than: str | None = None
) -> int:
    """How many standing reports a person has made on these tasks (any task: None) since the report `after_id`,
    leaving out those of the message `other_than`."""
    rows = await db.execute_fetchall(
        "SELECT task_id, source_ref FROM reports WHERE user_id = ? AND id > ? AND withdrawn_at IS NULL",
        (user_id, after_id),
    )
    return sum(1 for task_id, ref in rows
               if (task_ids is None or task_id in task_ids) and (ref is None or other_than is None or ref != other_than))


async def update_report(
    db: aiosqlite.Connection,
    report_id: int,
    *,
    status: str,
    percent: int | None,
    eta: date | None,
    note: str,
    now: datetime,
) -> None:
    """Rewrite a report after its message was edited."""
    await db.execute(
        "UPDATE reports SET status = ?, percent = ?, eta = ?, note = ?, edited_at = ? WHERE id = ?",
        (status, percent, eta.isoformat() if eta else None, note, utc_iso(now), report_id),
    )


async def withdraw_report(db: aiosqlite.Connection, report_id: int, *, now: datetime) -> None:
    """Withdraw a report whose message no longer names its task: kept, but no longer counted (v010)."""
    await db.execute("UPDATE reports SET withdrawn_at = ? WHERE id = ?", (utc_iso(now), report_id))


async def latest_report(db: aiosqlite.Connection, task_id: int, agency_id: int) -> Report | None:
    """The report that sets a task's status for an agency."""
    async with db.execute(
        f"SELECT {_REPORT_COLS} FROM reports WHERE task_id = ? AND agency_id = ? AND withdrawn_at IS NULL"
        " ORDER BY created_at DESC, id DESC LIMIT 1",
        (task_id, agency_id),
    ) as cur:
        return from_row(Report, await cur.fetchone())


async def add_evidence(
    db: aiosqlite.Connection,
    *,
    report_id: int,
    channel: str,
    file_id: str,
    file_name: str,
    mime_type: str | None,
    size: int | None,
    local_path: str | None,
    now: datetime,
) -> int:
    """Attach a file to a report."""
    cur = await db.execute(
        "INSERT INTO evidence (report_id, channel, file_id, file_name, mime_type, size, local_path, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (report_id, channel, file_id, file_name, mime_type, size, local_path, utc_iso(now)),
    )
    return int(cur.lastrowid)  # type: ignore[arg-type]


async def latest_evidence(db: aiosqlite.Connection, channel: str, file_id: str) -> tuple[int, str | None] | None:
    """The id and saved path (None when not downloaded) of the latest evidence kept from a channel's file."""
    async with db.execute(
        "SELECT id, local_path FROM evidence WHERE channel = ? AND file_id = ? ORDER BY id DESC LIMIT 1",
        (channel, file_id),
    ) as cur:
        row = await cur.fetchone()
    return (row[0], row[1]) if row else None


async def report_of_evidence(db: aiosqlite.Connection, evidence_id: int) -> int | None:
    """The report a kept file is evidence for."""
    rows = await db.execute_fetchall("SELECT report_id FROM evidence WHERE id = ?", (evidence_id,))
    return int(rows[0][0]) if rows else None


async def remember_sent(
    db: aiosqlite.Connection,
    *,
    channel: str,
    chat_id: str,
    message_id: str,
    kind: str,
    user_id: int | None,
    items: list[dict[str, Any]] | tuple[dict[str, Any], ...],
    now: datetime,
) -> None:
    """Record what a sent bot message was about, so a reply to it maps back."""
    await db.execute(
        "INSERT INTO sent_messages (channel, chat_id, message_id, kind, user_id, items, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (channel, chat_id, message_id) DO UPDATE SET"
        " kind = excluded.kind, user_id = excluded.user_id, items = excluded.items, created_at = excluded.created_at",
        (channel, chat_id, message_id, kind, user_id, json.dumps(list(items)), utc_iso(now)),
    )


@dataclass(frozen=True)
class Referred:
    """What a bot message was about, with the facts of each task it named."""

    items: list[RefItem]
    facts: dict[int, TaskFacts]
    sent_at: datetime  # when the bot sent it


_SENT = "FROM sent_messages AS s, {items} WHERE s.channel = ? AND s.chat_id = ? AND s.message_id = ?"
# each item's task and occurrence ids, and where they come from
_ITEM = {
    "sqlite": ("json_extract(j.value, '$.{field}')", "json_each(s.items) AS j"),
    "postgresql": ("CAST(j.value ->> '{field}' AS BIGINT)", "json_array_elements(CAST(s.items AS json)) AS j(value)"),
}


async def referred(db: aiosqlite.Connection, channel: str, chat_id: str, message_id: str) -> Referred | None:
    """What a bot message was about; None when the message is not one we remember."""
    key = (channel, chat_id, message_id)
    item_rows = await db.execute_fetchall(
        "SELECT items, created_at FROM sent_messages WHERE channel = ? AND chat_id = ? AND message_id = ?", key
    )
    if not item_rows:
        return None
    listed = json.loads(item_rows[0][0])
    shown = await numbers_then(db, (int(i["task"]) for i in listed), item_rows[0][1])
    items = [
        RefItem(int(i["task"]), i.get("occurrence"), *shown.get(int(i["task"]), (None, None)), report=i.get("report"))
        for i in listed
    ]
    field, source = _ITEM[dialect(db)]
    sent = _SENT.format(items=source)
    facts = await task_facts_of(
        db, f"SELECT {field.format(field='task')} {sent}", key,
        f"SELECT {field.format(field='occurrence')} {sent}", key,
    )
    return Referred(items, facts, datetime.fromisoformat(item_rows[0][1]))


@dataclass(frozen=True)
class StandingReport:
    """Where one agency linked to a task stands: its latest report on it (status None: none yet)."""

    task_id: int
    agency_id: int
    agency: str
    role: Literal["lead", "support"]
    status: ReportStatus | None
    percent: int | None
    eta: str | None
    note: str
    created_at: str | None  # UTC ISO instant of the latest report


async def standing_reports(db: aiosqlite.Connection, task_ids: list[int]) -> dict[int, list[StandingReport]]:
    """For each task, its lead agencies, then its coordinating (support) ones, each by name, with where
    it stands (report_latest, v006). An agency that leads a task and also coordinates it is its lead only."""
    rows = await db.execute_fetchall(
        "SELECT ta.task_id, ta.agency_id, a.name AS agency, ta.role, r.status, r.percent, r.eta,"
        " COALESCE(r.note, '') AS note,"
        " r.created_at"
        " FROM task_agencies AS ta JOIN agencies AS a ON a.id = ta.agency_id"
        " LEFT JOIN report_latest AS rl ON rl.task_id = ta.task_id AND rl.agency_id = ta.agency_id"
        " LEFT JOIN reports AS r ON r.id = rl.report_id"
        f" WHERE ta.task_id IN {ids_in(db)}"
        "   AND NOT (ta.role = 'support' AND EXISTS (SELECT 1 FROM task_agencies AS l"
        "            WHERE l.task_id = ta.task_id AND l.agency_id = ta.agency_id AND l.role = 'lead'))"
        " ORDER BY ta.task_id",
        (json.dumps(task_ids),),
    )
    found: dict[int, list[StandingReport]] = {task_id: [] for task_id in task_ids}
    # leads then coordinators, each in Vietnamese alphabetical order ("Đa Kao" before "Tân Định")
    for standing in sorted(from_rows(StandingReport, rows), key=lambda one: (one.role, vi_sort_key(one.agency))):
        found[standing.task_id].append(standing)
    return found
