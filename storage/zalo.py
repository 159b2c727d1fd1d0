"""The Zalo channel's own state: lettered choices and the message plain text answers per chat, and usage.

Zalo has no buttons and no reply-to, so the adapter shows choices as a lettered list and maps a typed
letter back to the choice's data, and treats a plain text as an answer to the chat's latest digest or
task list. Both live here (not in memory) so a restart loses nothing. Usage counts the messages sent per
local month against the plan's quota. Plain statements in the caller's unit of work; nothing commits.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.db import utc_iso
from storage.rows import from_row, from_rows


@dataclass(frozen=True)
class ChatState:
    chat_id: str
    choices: str  # JSON list of [label, data]
    choices_at: str | None
    last_ref: str | None
    last_ref_at: str | None

    def choice_list(self) -> list[tuple[str, str]]:
        """The lettered choices last shown, in order (letter a is index 0)."""
        return [(str(label), str(data)) for label, data in json.loads(self.choices or "[]")]


@dataclass(frozen=True)
class Usage:
    month: str
    sent: int
    warned_at: str | None
    exhausted_at: str | None


@dataclass(frozen=True)
class AdminChat:
    """Where to reach an admin: one reachable identity."""

    user_id: int
    lang: str | None
    channel: str
    chat_id: str


async def chat_state(db: aiosqlite.Connection, chat_id: str) -> ChatState | None:
    """What a chat was last shown, if anything."""
    async with db.execute(
        "SELECT chat_id, choices, choices_at, last_ref, last_ref_at FROM zalo_chats WHERE chat_id = ?",
        (str(chat_id),),
    ) as cur:
        return from_row(ChatState, await cur.fetchone())


async def remember_shown(
    db: aiosqlite.Connection,
    chat_id: str,
    *,
    choices: list[tuple[str, str]],
    refers_message_id: str | None,
    now: datetime,
) -> None:
    """After a message went out: its choices replace the chat's (none clears them); a referable one is the last ref."""
    at = utc_iso(now)
    await db.execute(
        "INSERT INTO zalo_chats (chat_id, choices, choices_at) VALUES (?, ?, ?)"
        " ON CONFLICT (chat_id) DO UPDATE SET choices = excluded.choices, choices_at = excluded.choices_at",
        (str(chat_id), json.dumps(choices, ensure_ascii=False), at),
    )
    if refers_message_id is not None:
        await db.execute(
            "UPDATE zalo_chats SET last_ref = ?, last_ref_at = ? WHERE chat_id = ?",
            (refers_message_id, at, str(chat_id)),
        )


async def usage(db: aiosqlite.Connection, month: str) -> Usage:
    """The month's usage (zero when nothing was sent yet)."""
    async with db.execute(
        "SELECT month, sent, warned_at, exhausted_at FROM zalo_usage WHERE month = ?", (month,)
    ) as cur:
        found = from_row(Usage, await cur.fetchone())
    return found or Usage(month, 0, None, None)


async def count_sent(db: aiosqlite.Connection, month: str, n: int) -> int:
    """Add `n` sent messages to the month; returns the month's new total."""
    await db.execute(
        "INSERT INTO zalo_usage (month, sent) VALUES (?, ?)"
        " ON CONFLICT (month) DO UPDATE SET sent = sent + excluded.sent",
        (month, n),
    )
    return (await usage(db, month)).sent


async def mark_warned(db: aiosqlite.Connection, month: str, now: datetime) -> bool:
    """Note the quota warning went out; False when it already had this month."""
    await db.execute("INSERT OR IGNORE INTO zalo_usage (month, sent) VALUES (?, 0)", (month,))
    cur = await db.execute(
        "UPDATE zalo_usage SET warned_at = ? WHERE month = ? AND warned_at IS NULL", (utc_iso(now), month)
    )
    return cur.rowcount == 1


async def mark_exhausted(db: aiosqlite.Connection, month: str, now: datetime) -> bool:
    """Note the quota ran out (moving the time on); True when it was not known to be out before."""
    await db.execute("INSERT OR IGNORE INTO zalo_usage (month, sent) VALUES (?, 0)", (month,))
    async with db.execute("SELECT exhausted_at FROM zalo_usage WHERE month = ?", (month,)) as cur:
        (before,) = await cur.fetchone()
    await db.execute("UPDATE zalo_usage SET exhausted_at = ? WHERE month = ?", (utc_iso(now), month))
    return before is None


async def clear_exhausted(db: aiosqlite.Connection, month: str) -> None:
    """The quota works again (raised mid-month)."""
    await db.execute("UPDATE zalo_usage SET exhausted_at = NULL WHERE month = ?", (month,))


# one chat per admin: the preferred channel's newest identity, else the newest, skipping one channel
_ADMINS_SQL = """
SELECT user_id, lang, channel, chat_id FROM (
    SELECT u.id AS user_id, u.lang, i.channel, i.chat_id,
           ROW_NUMBER() OVER (
               PARTITION BY u.id
               ORDER BY (i.channel = u.preferred_channel) DESC, i.linked_at DESC, i.id DESC
           ) AS rank
    FROM users AS u JOIN identities AS i ON i.user_id = u.id
    WHERE u.active = 1 AND u.role = 'admin' AND i.unreachable_at IS NULL AND i.channel != :skip
)
WHERE rank = 1
ORDER BY user_id
"""


async def admin_chats(db: aiosqlite.Connection, *, skip_channel: str = "") -> list[AdminChat]:
    """Every active admin's chat for notices (none on `skip_channel`, e.g. a channel that can't send)."""
    async with db.execute(_ADMINS_SQL, {"skip": skip_channel}) as cur:
        rows = from_rows(AdminChat, await cur.fetchall())
    return [AdminChat(r.user_id, r.lang, r.channel, str(r.chat_id)) for r in rows]
