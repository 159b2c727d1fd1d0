"""Task numbers a re-import changed (v059's `task_renumbered`): what a message sent before showed, what to say."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.db import ids_in, utc_iso


# a change stamped the same second as a message counts as after it: the demo's clock stands still between
# commands («/tick», then «/import» of the amended plan), and a real one rarely meets a send in the same second
@dataclass(frozen=True)
class NumberChange:
    """One task's number changed by a re-import: from `old` (its key `old_key`) to `new`, at `at` (UTC ISO)."""

    task_id: int
    old: str
    old_key: str
    new: str
    at: str


async def record_renumbered(
    db: aiosqlite.Connection, task_id: int, old: str, old_key: str, new: str, *, now: datetime
) -> None:
    """Keep that a re-import gave the task `new` instead of `old` (inside the import's transaction)."""
    await db.execute(
        "INSERT INTO task_renumbered (task_id, old_number, old_key, new_number, renumbered_at) VALUES (?, ?, ?, ?, ?)",
        (task_id, old, old_key, new, utc_iso(now)),
    )


async def changes_since(db: aiosqlite.Connection, task_ids: Iterable[int], since: str | None) -> list[NumberChange]:
    """The number changes of the tasks at or after `since` (UTC ISO; None: all), oldest first."""
    ids = sorted(set(task_ids))
    if not ids:
        return []
    rows = await db.execute_fetchall(
        "SELECT task_id, old_number, old_key, new_number, renumbered_at FROM task_renumbered"
        f" WHERE task_id IN {ids_in(db)} AND renumbered_at >= ? ORDER BY renumbered_at, task_id",
        (json.dumps(ids), since or ""),
    )
    return [NumberChange(int(r[0]), r[1], r[2], r[3], r[4]) for r in rows]


async def numbers_then(db: aiosqlite.Connection, task_ids: Iterable[int], at: str) -> dict[int, tuple[str, str]]:
    """Task id → (number, key) it had at `at` (UTC ISO), for the tasks renumbered since: as a message sent then
    showed them."""
    shown: dict[int, tuple[str, str]] = {}
    for change in await changes_since(db, task_ids, at):
        shown.setdefault(change.task_id, (change.old, change.old_key))  # the first change after: the number then
    return shown


async def agencies_renumbered(
    db: aiosqlite.Connection, agency_ids: Iterable[int], since: datetime
) -> dict[int, list[NumberChange]]:
    """Agency id → the number changes after `since` of the followed tasks it leads or coordinates, oldest first,
    for these agencies."""
    ids = sorted(set(agency_ids))
    if not ids:
        return {}
    rows = await db.execute_fetchall(
        "SELECT DISTINCT a.agency_id, r.task_id, r.old_number, r.old_key, r.new_number, r.renumbered_at"
        " FROM task_renumbered AS r JOIN tasks AS t ON t.id = r.task_id JOIN task_agencies AS a ON a.task_id = r.task_id"
        f" WHERE r.renumbered_at > ? AND t.active = 1 AND a.agency_id IN {ids_in(db)}"
        " ORDER BY r.renumbered_at, r.task_id",
        (utc_iso(since), json.dumps(ids)),
    )
    found: dict[int, list[NumberChange]] = {}
    for row in rows:
        found.setdefault(int(row[0]), []).append(NumberChange(int(row[1]), row[2], row[3], row[4], row[5]))
    return found


async def led_with_number(db: aiosqlite.Connection, agency_id: int, number: str) -> bool:
    """Whether a task the agency leads had `number` before a re-import changed it."""
    rows = await db.execute_fetchall(
        "SELECT 1 FROM task_renumbered AS r JOIN task_agencies AS a ON a.task_id = r.task_id"
        " WHERE (r.old_number = ? OR r.old_key = ?) AND a.agency_id = ? AND a.role = 'lead' LIMIT 1",
        (number, number, agency_id),
    )
    return bool(rows)


async def last_digest_at(db: aiosqlite.Connection, channel: str, chat_id: str) -> str | None:
    """When the chat's latest reminder digest was sent (UTC ISO), None before any."""
    rows = await db.execute_fetchall(
        "SELECT MAX(created_at) FROM sent_messages WHERE channel = ? AND chat_id = ? AND kind = 'digest'",
        (channel, chat_id),
    )
    return rows[0][0] if rows else None
