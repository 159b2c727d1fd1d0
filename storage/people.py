"""Users, their chat identities, one-time invites, guided-flow state and deployment values."""

from __future__ import annotations

import json
import secrets
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import aiosqlite

from plans.text import fold
from storage.agencies import Agency
from storage.db import dialect, utc_iso
from storage.rows import from_row, from_rows

ROLES = ("none", "member", "head", "secretary", "admin")
# Crockford-like alphabet without look-alikes (0/O, 1/I/L) so codes survive being read out on the phone.
_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


@dataclass(frozen=True)
class User:
    id: int
    display_name: str
    role: str
    agency_id: int | None
    lang: str | None
    preferred_channel: str | None
    active: int
    created_at: str
    role_source: str | None = None  # 'config': admin because NHACVIEC_ADMIN_IDS lists them (v008)


@dataclass(frozen=True)
class Identity:
    id: int
    user_id: int
    channel: str
    external_id: str
    chat_id: str
    username: str | None
    linked_at: str
    unreachable_at: str | None


@dataclass(frozen=True)
class Invite:
    id: int
    code: str
    agency_id: int | None
    role: str
    created_by: int | None
    created_at: str
    expires_at: str
    used_by: int | None
    used_at: str | None


@dataclass(frozen=True)
class Dialog:
    flow: str
    state: dict[str, Any]
    updated_at: str | None = None  # UTC ISO instant of its last step (old ones expire)


_USER_COLS = "id, display_name, role, agency_id, lang, preferred_channel, active, created_at, role_source"
_IDENTITY_COLS = "id, user_id, channel, external_id, chat_id, username, linked_at, unreachable_at"
_INVITE_COLS = "id, code, agency_id, role, created_by, created_at, expires_at, used_by, used_at"


async def get_user(db: aiosqlite.Connection, user_id: int) -> User | None:
    """One user by id."""
    rows = await db.execute_fetchall(f"SELECT {_USER_COLS} FROM users WHERE id = ?", (user_id,))
    return from_row(User, rows[0]) if rows else None


async def find_identity(db: aiosqlite.Connection, channel: str, external_id: str) -> Identity | None:
    """The identity of a platform user, if they ever talked to the bot."""
    rows = await db.execute_fetchall(
        f"SELECT {_IDENTITY_COLS} FROM identities WHERE channel = ? AND external_id = ?",
        (channel, external_id),
    )
    return from_row(Identity, rows[0]) if rows else None


@dataclass(frozen=True)
class Session:
    """Everything the core needs about the sender of a message, read in one query."""

    identity: Identity
    user: User
    agency: Agency | None  # the user's agency, when they have one
    dialog: Dialog | None


_SESSION_SQL = f"""
SELECT {", ".join(f"i.{c} AS i_{c}" for c in _IDENTITY_COLS.split(", "))},
       {", ".join(f"u.{c} AS u_{c}" for c in _USER_COLS.split(", "))},
       a.name AS a_name, a.kind AS a_kind, a.norm AS a_norm, a.created_at AS a_created_at,
       d.flow AS d_flow, d.state AS d_state, d.updated_at AS d_updated_at
FROM identities AS i
JOIN users AS u ON u.id = i.user_id
LEFT JOIN agencies AS a ON a.id = u.agency_id
LEFT JOIN dialogs AS d ON d.channel = i.channel AND d.chat_id = ? AND d.user_id = u.id
WHERE i.channel = ? AND i.external_id = ?
"""


async def load_session(db: aiosqlite.Connection, channel: str, external_id: str, chat_id: str) -> Session | None:
    """The sender's identity, user, agency and open dialog in this chat, in one read (None: new)."""
    rows = await db.execute_fetchall(_SESSION_SQL, (chat_id, channel, external_id))
    if not rows:
        return None
    row = rows[0]
    identity = Identity(**{c: row[f"i_{c}"] for c in _IDENTITY_COLS.split(", ")})
    user = User(**{c: row[f"u_{c}"] for c in _USER_COLS.split(", ")})
    dialog = Dialog(row["d_flow"], json.loads(row["d_state"]), row["d_updated_at"]) if row["d_flow"] is not None else None
    agency = None
    if user.agency_id is not None and row["a_name"] is not None:
        agency = Agency(user.agency_id, row["a_name"], row["a_norm"], row["a_kind"], row["a_created_at"])
    return Session(identity, user, agency, dialog)


async def ensure_user(
    db: aiosqlite.Connection,
    *,
    channel: str,
    external_id: str,
    chat_id: str,
    display_name: str,
    now: datetime,
    username: str | None = None,
) -> tuple[User, Identity]:
    """The user behind a platform identity, created with role 'none' on first contact."""
    identity = await find_identity(db, channel, external_id)
    if identity is None:
        cur = await db.execute(
            "INSERT INTO users (display_name, role, created_at) VALUES (?, 'none', ?)",
            (display_name or external_id, utc_iso(now)),
        )
        user_id = cur.lastrowid
        await db.execute(
            "INSERT INTO identities (user_id, channel, external_id, chat_id, username, linked_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (user_id, channel, external_id, chat_id, username, utc_iso(now)),
        )
        identity = await find_identity(db, channel, external_id)
    elif identity.unreachable_at is not None:
        # they talk to us again, so they can be reached again
        await db.execute("UPDATE identities SET unreachable_at = NULL WHERE id = ?", (identity.id,))
    user = await get_user(db, identity.user_id)  # type: ignore[union-attr]
    assert user is not None and identity is not None
    return user, identity


async def set_role(
    db: aiosqlite.Connection, user_id: int, role: str, agency_id: int | None, *, from_config: bool = False
) -> None:
    """Give a user a role and agency (an admin or secretary may have no agency).

    `from_config`: the role comes from NHACVIEC_ADMIN_IDS, and goes when the id leaves it.
    """
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    await db.execute(
        "UPDATE users SET role = ?, agency_id = ?, active = 1, role_source = ? WHERE id = ?",
        (role, agency_id, "config" if from_config else None, user_id),
    )


async def deactivate_user(db: aiosqlite.Connection, user_id: int) -> None:
    """Remove a person from their agency: their old buttons and replies stop counting."""
    await db.execute(
        "UPDATE users SET active = 0, role = 'none', agency_id = NULL, role_source = NULL WHERE id = ?", (user_id,)
    )


async def remove_member(db: aiosqlite.Connection, user_id: int) -> None:
    """Take a person's access back: unlinked, guided flows closed, unused link codes and queued messages dropped.

    Their buttons already in chats stop working with the link (every button needs a linked person); a new
    invite links them again. Their reports stay, as history.
    """
    await deactivate_user(db, user_id)
    await db.execute("DELETE FROM dialogs WHERE user_id = ?", (user_id,))
    await db.execute("DELETE FROM link_codes WHERE user_id = ? AND used_at IS NULL", (user_id,))
    await db.execute(
        "UPDATE outbox SET state = 'dead', last_error = 'member removed'"
        " WHERE user_id = ? AND state IN ('pending', 'failed')",
        (user_id,),
    )


async def demote_config_admins(db: aiosqlite.Connection, admin_ids: Iterable[str]) -> int:
    """Admins that only NHACVIEC_ADMIN_IDS made, whose ids ("channel:id") it no longer lists, lose the role."""
    listed = {
        "sqlite": "json_each(?) AS listed",
        "postgresql": "json_array_elements_text(CAST(? AS json)) AS listed(value)",
    }[dialect(db)]
    cur = await db.execute(
        "UPDATE users SET role = 'none', role_source = NULL"
        " WHERE role = 'admin' AND role_source = 'config' AND NOT EXISTS ("
        f"  SELECT 1 FROM identities AS i, {listed}"
        "  WHERE i.user_id = users.id AND i.channel || ':' || i.external_id = listed.value)",
        (json.dumps(sorted(admin_ids)),),
    )
    return cur.rowcount


@dataclass(frozen=True)
class Member:
    """A linked person as an admin picks them: name, role and agency."""

    id: int
    display_name: str
    role: str
    agency_id: int | None
    agency: str | None


async def linked_members(db: aiosqlite.Connection, agency_id: int | None = None) -> list[Member]:
    """Everyone linked (in `agency_id` when given), by id."""
    async with db.execute(
        "SELECT u.id, u.display_name, u.role, u.agency_id, a.name AS agency"
        " FROM users AS u LEFT JOIN agencies AS a ON a.id = u.agency_id"
        " WHERE u.active = 1 AND u.role != 'none' AND (? IS NULL OR u.agency_id = ?) ORDER BY u.id",
        (agency_id, agency_id),
    ) as cur:
        return from_rows(Member, await cur.fetchall())


async def find_members(db: aiosqlite.Connection, person: str, agency_id: int | None = None) -> list[Member]:
    """Linked people called `person` (tones and case aside; "#12" is user 12), in `agency_id` when given.

    The whole name first; when nobody has it, every name containing it; then every name holding all its words in
    any order (Telegram shows «Nam Trần Văn» for a first name «Nam» and a last name «Trần Văn»).
    """
    linked = await linked_members(db, agency_id)
    wanted = person.strip()
    if wanted.startswith("#") and wanted[1:].isdigit():
        return [m for m in linked if m.id == int(wanted[1:])]
    key = fold(wanted)
    whole = [m for m in linked if fold(m.display_name) == key]
    part = whole or [m for m in linked if key and key in fold(m.display_name)]
    words = set(key.split())
    return part or [m for m in linked if words and words <= set(fold(m.display_name).split())]


async def identities_of(db: aiosqlite.Connection, user_id: int) -> list[Identity]:
    """Every chat identity of a user, newest link first."""
    async with db.execute(
        f"SELECT {_IDENTITY_COLS} FROM identities WHERE user_id = ? ORDER BY linked_at DESC, id DESC",
        (user_id,),
    ) as cur:
        return from_rows(Identity, await cur.fetchall())


CODE_LENGTH = 8
# zero-width spaces and joiners, the word joiner, the byte order mark and the soft hyphen: pasted, never seen
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


def typed_code(text: str) -> str:
    """A code as people paste it, made comparable: full-width forms folded (NFKC), invisible characters,
    spaces and dashes dropped, punctuation around it stripped, upper case."""
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE)
    text = "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Pd")
    start, end = 0, len(text)
    while start < end and unicodedata.category(text[start])[0] in "PS":
        start += 1
    while end > start and unicodedata.category(text[end - 1])[0] in "PS":
        end -= 1
    return text[start:end].upper()


def code_shaped(code: str) -> bool:
    """True when a typed code (after `typed_code`) could be one this bot makes: its length and alphabet."""
    return len(code) == CODE_LENGTH and all(ch in _CODE_ALPHABET for ch in code)


def new_code(length: int = CODE_LENGTH) -> str:
    """A random invite code people can type from a phone."""
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(length))


async def create_invite(
    db: aiosqlite.Connection,
    *,
    agency_id: int | None,
    role: str,
    created_by: int | None,
    now: datetime,
    valid_days: int = 7,
) -> Invite:
    """A one-time code that links whoever uses it to `agency_id` with `role`."""
    code = new_code()
    await db.execute(
        "INSERT INTO invites (code, agency_id, role, created_by, created_at, expires_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (code, agency_id, role, created_by, utc_iso(now), utc_iso(now + timedelta(days=valid_days))),
    )
    async with db.execute(f"SELECT {_INVITE_COLS} FROM invites WHERE code = ?", (code,)) as cur:
        invite = from_row(Invite, await cur.fetchone())
    assert invite is not None
    return invite


async def find_invite(db: aiosqlite.Connection, code: str) -> Invite | None:
    """An invite by its code (case-insensitive, spaces ignored)."""
    async with db.execute(f"SELECT {_INVITE_COLS} FROM invites WHERE code = ?", (typed_code(code),)) as cur:
        return from_row(Invite, await cur.fetchone())


async def get_invite(db: aiosqlite.Connection, invite_id: int) -> Invite | None:
    """The invite with this id, or None."""
    async with db.execute(f"SELECT {_INVITE_COLS} FROM invites WHERE id = ?", (invite_id,)) as cur:
        row = await cur.fetchone()
    return from_row(Invite, row) if row else None


async def active_members(db: aiosqlite.Connection, agency_id: int) -> int:
    """How many active people are linked to the agency."""
    async with db.execute("SELECT COUNT(*) FROM users WHERE agency_id = ? AND active = 1", (agency_id,)) as cur:
        return (await cur.fetchone())[0]


async def use_invite(db: aiosqlite.Connection, invite_id: int, user_id: int, now: datetime) -> bool:
    """Mark an invite used; False when someone used it first (single use holds under races)."""
    cur = await db.execute(
        "UPDATE invites SET used_by = ?, used_at = ? WHERE id = ? AND used_by IS NULL",
        (user_id, utc_iso(now), invite_id),
    )
    return cur.rowcount == 1


async def record_invite_failure(db: aiosqlite.Connection, channel: str, external_id: str, now: datetime) -> None:
    """Remember a wrong code, for throttling guesses."""
    await db.execute(
        "INSERT INTO invite_failures (channel, external_id, at) VALUES (?, ?, ?)",
        (channel, external_id, utc_iso(now)),
    )


async def recent_invite_failures(
    db: aiosqlite.Connection, channel: str, external_id: str, now: datetime, window: timedelta
) -> int:
    """Wrong codes this person typed within `window`."""
    async with db.execute(
        "SELECT COUNT(*) FROM invite_failures WHERE channel = ? AND external_id = ? AND at > ?",
        (channel, external_id, utc_iso(now - window)),
    ) as cur:
        (count,) = await cur.fetchone()
    return int(count)


async def set_dialog(
    db: aiosqlite.Connection,
    channel: str,
    chat_id: str,
    user_id: int,
    flow: str,
    state: dict[str, Any],
    now: datetime,
) -> None:
    """Start or advance a guided flow; kept in the DB so a restart loses nothing."""
    await db.execute(
        "INSERT INTO dialogs (channel, chat_id, user_id, flow, state, updated_at) VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (channel, chat_id, user_id) DO UPDATE SET flow = excluded.flow,"
        " state = excluded.state, updated_at = excluded.updated_at",
        (channel, chat_id, user_id, flow, json.dumps(state, ensure_ascii=False), utc_iso(now)),
    )


async def clear_dialog(db: aiosqlite.Connection, channel: str, chat_id: str, user_id: int) -> bool:
    """Leave a guided flow; True if there was one."""
    cur = await db.execute(
        "DELETE FROM dialogs WHERE channel = ? AND chat_id = ? AND user_id = ?", (channel, chat_id, user_id)
    )
    return cur.rowcount > 0


async def get_value(db: aiosqlite.Connection, key: str) -> str | None:
    """A deployment-wide value set from chat (e.g. the committee chat)."""
    async with db.execute("SELECT value FROM kv WHERE key = ?", (key,)) as cur:
        row = await cur.fetchone()
    return row[0] if row else None


async def set_value(db: aiosqlite.Connection, key: str, value: str) -> None:
    """Set a deployment-wide value."""
    await db.execute(
        "INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
