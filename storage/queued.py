"""What a queued digest lists that no longer exists: a task removed with its plan or archived by a re-import,
a deadline a re-import replaced, a lead agency taken off the task, a person unlinked.

Read when the digest is about to be sent, so every way of removing something is covered without each one
having to remember the outbox. These functions run plain statements in the caller's unit of work.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import aiosqlite

from storage.db import ids_in

# (person, task, occurrence or None, agency and its role on the task or None, None): one line a digest lists for
# one person; a secretary's line names the agency it is about, a member's or head's is their own agency's
Listed = tuple[int, int, int | None, int | None, str | None]


async def gone(db: aiosqlite.Connection, listed: Iterable[Listed]) -> set[Listed]:
    """The lines of `listed` that no longer exist: the task or occurrence archived, the person unlinked, or the
    agency the line is about no longer on the task in its role (a member's or head's: their own agency, the
    lead; a secretary's: the agency the line names)."""
    listed = set(listed)
    if not listed:
        return set()
    tasks = json.dumps(sorted({line[1] for line in listed}))
    occurrences = json.dumps(sorted({line[2] for line in listed if line[2] is not None}))
    users = json.dumps(sorted({line[0] for line in listed}))
    active_tasks = {r[0] for r in await db.execute_fetchall(
        f"SELECT id FROM tasks WHERE active = 1 AND id IN {ids_in(db)}", (tasks,)
    )}
    active_occurrences = {r[0] for r in await db.execute_fetchall(
        f"SELECT id FROM occurrences WHERE active = 1 AND id IN {ids_in(db)}", (occurrences,)
    )}
    people = {r[0]: (r[1], r[2]) for r in await db.execute_fetchall(
        f"SELECT id, role, agency_id FROM users WHERE active = 1 AND id IN {ids_in(db)}", (users,)
    )}
    links = {(r[0], r[1], r[2]) for r in await db.execute_fetchall(
        f"SELECT task_id, agency_id, role FROM task_agencies WHERE task_id IN {ids_in(db)}", (tasks,)
    )}

    def still(user: int, task: int, occ: int | None, about: int | None, about_role: str | None) -> bool:
        if task not in active_tasks or (occ is not None and occ not in active_occurrences) or user not in people:
            return False
        role, agency = people[user]
        if role == "secretary":
            return about is None or (task, about, about_role) in links
        return role in ("member", "head") and (task, agency, "lead") in links

    return {line for line in listed if not still(*line)}
