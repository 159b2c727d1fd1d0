"""One person, several channels: one-time codes that attach another chat identity, and the channel choice.

An invite redeemed on a second channel makes a second user (nothing tells the bot it is the same person),
so a linked person asks for a code on one channel (/lienket) and types it on the other (/start CODE): the
identity there moves to their user. Plain statements in the caller's unit of work; nothing commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import aiosqlite

from storage.db import utc_iso
from storage.people import new_code, typed_code
from storage.rows import from_row

LINK_CODE_VALID = timedelta(minutes=30)


@dataclass(frozen=True)
class LinkCode:
    id: int
    code: str
    user_id: int
    created_at: str
    expires_at: str
    used_at: str | None
    used_by: int | None


_COLS = "id, code, user_id, created_at, expires_at, used_at, used_by"


async def create_link_code(
    db: aiosqlite.Connection, user_id: int, now: datetime, valid: timedelta = LINK_CODE_VALID
) -> LinkCode:
    """A fresh one-time code for `user_id`; their earlier unused codes stop working."""
    await db.execute("DELETE FROM link_codes WHERE user_id = ? AND used_at IS NULL", (user_id,))
    code = new_code()
    await db.execute(
        "INSERT INTO link_codes (code, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
        (code, user_id, utc_iso(now), utc_iso(now + valid)),
    )
    found = await find_link_code(db, code)
    assert found is not None
    return found


async def find_link_code(db: aiosqlite.Connection, code: str) -> LinkCode | None:
    """A link code by its text (case-insensitive, spaces and dashes ignored)."""
    async with db.execute(f"SELECT {_COLS} FROM link_codes WHERE code = ?", (typed_code(code),)) as cur:
        return from_row(LinkCode, await cur.fetchone())


async def use_link_code(db: aiosqlite.Connection, link_id: int, identity_id: int, now: datetime) -> bool:
    """Mark a code used; False when it was used first (single use holds under races)."""
    cur = await db.execute(
        "UPDATE link_codes SET used_at = ?, used_by = ? WHERE id = ? AND used_at IS NULL",
        (utc_iso(now), identity_id, link_id),
    )
    return cur.rowcount == 1


async def attach_identity(db: aiosqlite.Connection, identity_id: int, user_id: int, now: datetime) -> int:
    """Move an identity to `user_id`, linked now (so it becomes their default channel); returns its old user.

    The old user keeps their reports; left without any identity they are deactivated, so they stop
    counting as a member and get no reminders.
    """
    async with db.execute("SELECT user_id FROM identities WHERE id = ?", (identity_id,)) as cur:
        (old_user,) = await cur.fetchone()
    await db.execute(
        "UPDATE identities SET user_id = ?, linked_at = ?, unreachable_at = NULL WHERE id = ?",
        (user_id, utc_iso(now), identity_id),
    )
    if old_user != user_id:
        await db.execute("DELETE FROM dialogs WHERE user_id = ?", (old_user,))
        await db.execute(
            "UPDATE users SET active = 0, role = 'none', agency_id = NULL WHERE id = ?"
            " AND NOT EXISTS (SELECT 1 FROM identities WHERE user_id = ?)",
            (old_user, old_user),
        )
    return int(old_user)


async def set_preferred_channel(db: aiosqlite.Connection, user_id: int, channel: str | None) -> None:
    """The channel a person's reminders go to (None: the one linked last)."""
    await db.execute("UPDATE users SET preferred_channel = ? WHERE id = ?", (channel, user_id))
