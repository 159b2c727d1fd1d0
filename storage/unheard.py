"""Who the reminders reach nobody for: the tasks no registered agency leads, and the agencies nobody has joined.

The roll-up counts (task, lead agency) pairs, so a task without a lead agency is in none of its figures, and an
agency nobody has joined looks like one that keeps silent; the secretary's summary names both (reports/text.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite


@dataclass(frozen=True, slots=True)
class UnledTask:
    """An active task with no registered lead agency: nobody is reminded of it."""

    plan_code: str
    number: str
    lead_text: str  # the lead the plan names (an agency not registered, a group with none), or ""


@dataclass(frozen=True, slots=True)
class Unheard:
    """The tasks no registered agency leads, in plan order, and the ids of the agencies nobody receives
    reminders for (no active person linked to it with a chat that can be reached)."""

    unled: tuple[UnledTask, ...] = ()
    unjoined: frozenset[int] = frozenset()


_UNLED = """
SELECT p.code, t.number, t.lead_text FROM tasks AS t JOIN plans AS p ON p.id = t.plan_id
WHERE t.active = 1
  AND NOT EXISTS (SELECT 1 FROM task_agencies AS ta WHERE ta.task_id = t.id AND ta.role = 'lead')
ORDER BY p.id, t.position, t.id
"""

# the people storage.reminders sends digests to (a secretary's are the whole office's, its own agency's included)
_UNJOINED = """
SELECT a.id FROM agencies AS a
WHERE NOT EXISTS (
    SELECT 1 FROM users AS u JOIN identities AS i ON i.user_id = u.id
    WHERE u.agency_id = a.id AND u.active = 1 AND u.role IN ('member', 'head', 'secretary') AND i.unreachable_at IS NULL
)
"""


async def find_unheard(db: aiosqlite.Connection) -> Unheard:
    """The tasks no registered agency leads and the agencies nobody has joined, as of now."""
    unled = tuple(UnledTask(code, number, lead or "") for code, number, lead in await db.execute_fetchall(_UNLED))
    unjoined = frozenset(row[0] for row in await db.execute_fetchall(_UNJOINED))
    return Unheard(unled, unjoined)
