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

# (person, task, occurrence or None): one line a digest lists for one person
Listed = tuple[int, int, int | None]


async def gone(db: aiosqlite.Connection, listed: Iterable[Listed]) -> set[Listed]:
    """The lines of `listed` that no longer exist: the task or occurrence archived, the person unlinked, or (for
    a person other than a secretary, who gets their own agency's tasks) the agency no longer leading the task."""
    listed = set(listed)
    if not listed:
        return set()
    tasks = json.dumps(sorted({task for _, task, _ in listed}))
    occurrences = json.dumps(sorted({occ for _, _, occ in listed if occ is not None}))
    users = json.dumps(sorted({user for user, _, _ in listed}))
    active_tasks = {r[0] for r in await db.execute_fetchall(
        f"SELECT id FROM tasks WHERE active = 1 AND id IN {ids_in(db)}", (tasks,)
    )}
    active_occurrences = {r[0] for r in await db.execute_fetchall(
        f"SELECT id FROM occurrences WHERE active = 1 AND id IN {ids_in(db)}", (occurrences,)
    )}
    people = {r[0]: (r[1], r[2]) for r in await db.execute_fetchall(
        f"SELECT id, role, agency_id FROM users WHERE active = 1 AND id IN {ids_in(db)}", (users,)
    )}
    leads = {(r[0], r[1]) for r in await db.execute_fetchall(
        f"SELECT task_id, agency_id FROM task_agencies WHERE role = 'lead' AND task_id IN {ids_in(db)}", (tasks,)
    )}

    def still(user: int, task: int, occ: int | None) -> bool:
        if task not in active_tasks or (occ is not None and occ not in active_occurrences) or user not in people:
            return False
        role, agency = people[user]
        return role == "secretary" or (role in ("member", "head") and (task, agency) in leads)

    return {line for line in listed if not still(*line)}
