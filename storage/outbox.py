"""The outbox: every message the bot decided to send, at most once per idempotency key.

A row goes pending → sending → sent, or → failed (retried later) → … → dead. Claiming a row sets its
state to 'sending' and its `next_attempt_at` to the end of a lease in one UPDATE statement, so two
processes never claim the same row. A 'sending' row whose lease ran out (the process died mid-send) is
claimable again: that is the one window for a duplicate — the message reached the channel but the
process died before `mark_sent`. Keep sends short relative to the lease (the dispatcher claims small
batches) and the window stays that narrow.

These functions run plain statements in the caller's unit of work; they never commit.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple, Protocol

import aiosqlite

from chat.messages import TEXT_LIMIT, split_text, utf16_len
from storage.db import dialect, from_utc_iso, utc_iso
from storage.rows import from_row, from_rows

LEASE = timedelta(minutes=2)
KEEP_SENT_ANSWERS = timedelta(days=7)  # a sent answer is needed by nothing after; kept a week to look into
ANSWER = "answer"  # the kind of an answer to a person: sent at once by the process that stored it, and first
STATES = ("pending", "sending", "sent", "failed", "dead")

_COLS = (
    "id, key, kind, channel, chat_id, user_id, payload, state, attempts, next_attempt_at, last_error,"
    " sent_ref, created_at, sent_at"
)


@dataclass(frozen=True)
class OutboxRow:
    id: int
    key: str
    kind: str
    channel: str
    chat_id: str
    user_id: int | None
    payload: str
    state: str
    attempts: int
    next_attempt_at: str
    last_error: str | None
    sent_ref: str | None
    created_at: str
    sent_at: str | None

    def payload_json(self) -> dict[str, Any]:
        """The queued message as the JSON it was queued with."""
        return json.loads(self.payload)

    def items(self) -> list[dict[str, Any]]:
        """What a reply to this message refers to (`refers_to` of the payload)."""
        return list(json.loads(self.payload).get("refers_to", []))


class Payload(Protocol):
    """Anything that serialises to the JSON a channel's renderer reads back (an OutgoingMessage)."""

    def to_json(self) -> dict[str, Any]: ...


async def enqueue(
    db: aiosqlite.Connection,
    key: str,
    kind: str,
    channel: str,
    chat_id: str,
    user_id: int | None,
    message: Payload,
    now: datetime,
) -> bool:
    """Queue a message under a unique key; False (and nothing written) when the key is already queued.

    A text longer than `TEXT_LIMIT` is queued as consecutive rows (`key`, `key|part:2`, …;
    buttons on the last), each sent and recorded on its own: a failure on a later part then never makes
    the retry send the parts already delivered again.
    """
    rows = _rows(key, kind, channel, chat_id, user_id, message, utc_iso(now))
    for row in rows:
        async with db.execute(_INSERT, row) as cur:
            if cur.rowcount != 1:
                return False  # queued before: its parts were queued with it
    return True


_INSERT = (
    "INSERT OR IGNORE INTO outbox"
    " (key, kind, channel, chat_id, user_id, payload, state, attempts, next_attempt_at, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)"
)


def _rows(
    key: str, kind: str, channel: str, chat_id: str, user_id: int | None, message: Payload, at: str
) -> list[tuple[object, ...]]:
    # a message's rows: one, or one per part of a text longer than TEXT_LIMIT (buttons on the last)
    data = message.to_json()
    parts = split_parts(str(data.get("text") or ""), TEXT_LIMIT)
    rows: list[tuple[object, ...]] = []
    for n, part in enumerate(parts, 1):
        row = data if len(parts) == 1 else {**data, "text": part}
        if n < len(parts) and "choices" in row:
            row = {**row, "choices": []}
        rows.append((key if n == 1 else f"{key}|part:{n}", kind, channel, str(chat_id), user_id,
                     json.dumps(row, ensure_ascii=False), at, at))
    return rows


_INSERT_CLAIMED = (
    "INSERT INTO outbox"
    " (key, kind, channel, chat_id, user_id, payload, state, attempts, next_attempt_at, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?, 'sending', 1, ?, ?)"
)


async def enqueue_claimed(
    db: aiosqlite.Connection,
    key: str,
    channel: str,
    chat_id: str,
    user_id: int | None,
    message: Payload,
    now: datetime,
    *,
    lease: timedelta = LEASE,
) -> list[OutboxRow]:
    """Queue an answer to a person already claimed by the caller (kind ANSWER, 'sending' with a lease until
    now + `lease`), who sends it right after the unit commits; its rows (one per part). Should the caller
    die first, any dispatch claims it once the lease runs out, as a row whose sender died mid-send."""
    at = utc_iso(now)
    until = utc_iso(now + lease)
    queued = []
    for row in _rows(key, ANSWER, channel, chat_id, user_id, message, at):
        values = (*row[:6], until, at)
        async with db.execute(_INSERT_CLAIMED, values) as cur:
            queued.append(OutboxRow(cur.lastrowid, *values[:6], "sending", 1, until, None, None, at, None))
    return queued


class Queued(NamedTuple):
    """A message to queue under a key of its own: `key`, or when that is taken `key|2`, `key|3`, …"""

    key: str
    kind: str
    channel: str
    chat_id: str
    user_id: int | None
    message: Payload


# keys looked up and rows inserted per statement: a chunk's JSON is about 10 ms of the event loop
ENQUEUE_CHUNK = 100


async def enqueue_each(db: aiosqlite.Connection, messages: Sequence[Queued], now: datetime) -> list[str]:
    """Queue every message, in order, each under the first of `key`, `key|2`, `key|3`, … not queued yet (a
    person's second digest of a day); returns the keys used. A few statements per ENQUEUE_CHUNK messages
    rather than one or two each (3,500 digests at national scale)."""
    at = utc_iso(now)
    used: list[str] = []
    for start in range(0, len(messages), ENQUEUE_CHUNK):
        chunk = messages[start : start + ENQUEUE_CHUNK]
        keys = [m.key for m in chunk]
        taken = {
            r[0] for r in await db.execute_fetchall(
                f"SELECT key FROM outbox WHERE key IN ({', '.join('?' * len(keys))})", keys
            )
        }
        rows: list[tuple[object, ...]] = []
        for m in chunk:
            if m.key not in taken:
                rows += _rows(m.key, m.kind, m.channel, m.chat_id, m.user_id, m.message, at)
                used.append(m.key)
                taken.add(m.key)  # the same key twice in `messages`: the second is a second message
                continue
            # rare: the rows so far first, so the outbox keeps the order of `messages`
            await db.executemany(_INSERT, rows)
            rows = []
            key, n = f"{m.key}|2", 2
            while not await enqueue(db, key, m.kind, m.channel, m.chat_id, m.user_id, m.message, now):
                n += 1
                key = f"{m.key}|{n}"
            used.append(key)
        await db.executemany(_INSERT, rows)
    return used


def split_parts(text: str, limit: int | None) -> list[str]:
    """`text` cut between lines into pieces of at most `limit` UTF-16 units (one piece when it fits)."""
    if limit is None or utf16_len(text) <= limit:
        return [text]
    return split_text(text, limit)


async def key_exists(db: aiosqlite.Connection, key: str) -> bool:
    """Whether a message with this key was ever queued."""
    async with db.execute("SELECT 1 FROM outbox WHERE key = ?", (key,)) as cur:
        return await cur.fetchone() is not None


# Several workers on one PostgreSQL database claim side by side: a row one of them is claiming is skipped
# by the others, not waited for. (SQLite's units take turns on the one writer.)
_SKIP_LOCKED = {"sqlite": "", "postgresql": " FOR UPDATE OF o SKIP LOCKED"}


async def claim_due(
    db: aiosqlite.Connection,
    now: datetime,
    limit: int,
    *,
    lease: timedelta = LEASE,
    channels: Sequence[str] | None = None,
) -> list[OutboxRow]:
    """Atomically mark up to `limit` due rows 'sending' (lease until now + `lease`) and return them by id.

    Due: pending or failed with `next_attempt_at` reached, or sending with its lease run out. Answers to
    people come first (one whose process died before sending it, or whose send failed: the person is
    waiting, so it may go before a reminder queued earlier to the same chat), then the rest oldest first.
    A row waits while an earlier row to the same chat is still waiting for its retry, so a chat's
    messages keep their order.
    """
    at = utc_iso(now)
    channel_filter = ""
    args: list[Any] = [utc_iso(now + lease), at]
    if channels is not None:
        if not channels:
            return []
        channel_filter = f" AND o.channel IN ({', '.join('?' for _ in channels)})"
        args.extend(channels)
    args.extend([at, limit])
    sql = (
        "UPDATE outbox SET state = 'sending', attempts = attempts + 1, next_attempt_at = ?"
        " WHERE id IN (SELECT o.id FROM outbox o"
        "  WHERE o.state IN ('pending', 'failed', 'sending') AND o.next_attempt_at <= ?"
        + channel_filter
        + "  AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.channel = o.channel AND e.chat_id = o.chat_id"
        "   AND e.id < o.id AND e.state IN ('pending', 'failed', 'sending') AND e.next_attempt_at > ?)"
        f"  ORDER BY CASE WHEN o.kind = '{ANSWER}' THEN 0 ELSE 1 END, o.id LIMIT ?" + _SKIP_LOCKED[dialect(db)] + ")"
        f" RETURNING {_COLS}"
    )
    async with db.execute(sql, args) as cur:
        rows = from_rows(OutboxRow, await cur.fetchall())
    return sorted(rows, key=lambda r: r.id)


async def mark_sent(db: aiosqlite.Connection, id: int, sent_ref: str, now: datetime) -> None:
    """Record a delivered row and the channel's message id."""
    await db.execute(
        "UPDATE outbox SET state = 'sent', sent_ref = ?, sent_at = ?, last_error = NULL WHERE id = ?",
        (sent_ref, utc_iso(now), id),
    )


async def forget_sent_answers(db: aiosqlite.Connection, now: datetime) -> int:
    """Drop answers sent longer ago than KEEP_SENT_ANSWERS (a row per answer would grow for ever, and each
    claim looks through its chat's earlier rows); how many. Reminders and failed or dead answers stay."""
    cur = await db.execute(
        f"DELETE FROM outbox WHERE kind = '{ANSWER}' AND state = 'sent' AND sent_at < ?",
        (utc_iso(now - KEEP_SENT_ANSWERS),),
    )
    return cur.rowcount


async def mark_failed(db: aiosqlite.Connection, id: int, error: str, next_attempt_at: datetime) -> None:
    """Record a failed attempt; the row is retried from `next_attempt_at`."""
    await db.execute(
        "UPDATE outbox SET state = 'failed', last_error = ?, next_attempt_at = ? WHERE id = ?",
        (error[:1000], utc_iso(next_attempt_at), id),
    )


async def mark_dead(db: aiosqlite.Connection, id: int, error: str) -> None:
    """Give up on a row for good, keeping the reason."""
    await db.execute(
        "UPDATE outbox SET state = 'dead', last_error = ? WHERE id = ?",
        (error[:1000], id),
    )


async def release(db: aiosqlite.Connection, ids: Iterable[int], next_attempt_at: datetime) -> None:
    """Hand claimed rows back unsent (not counted as an attempt), due again from `next_attempt_at`."""
    await db.executemany(
        "UPDATE outbox SET state = 'pending', attempts = MAX(attempts - 1, 0), next_attempt_at = ?"
        " WHERE id = ? AND state = 'sending'",
        [(utc_iso(next_attempt_at), i) for i in ids],
    )


async def next_attempt(
    db: aiosqlite.Connection, *, after: datetime, channels: Sequence[str] | None = None
) -> datetime | None:
    """When the earliest unsent row waiting beyond `after` becomes due (None: nothing waits)."""
    sql = (
        "SELECT MIN(next_attempt_at) FROM outbox"
        " WHERE state IN ('pending', 'failed', 'sending') AND next_attempt_at > ?"
    )
    args: list[Any] = [utc_iso(after)]
    if channels is not None:
        if not channels:
            return None
        sql += f" AND channel IN ({', '.join('?' for _ in channels)})"
        args.extend(channels)
    async with db.execute(sql, args) as cur:
        (found,) = await cur.fetchone()
    return from_utc_iso(found) if found else None


async def counts(db: aiosqlite.Connection) -> dict[str, int]:
    """Rows per state (every state present, zero when none)."""
    result = dict.fromkeys(STATES, 0)
    async with db.execute("SELECT state, COUNT(*) FROM outbox GROUP BY state") as cur:
        for state, n in await cur.fetchall():
            result[state] = n
    return result


async def get(db: aiosqlite.Connection, id: int) -> OutboxRow | None:
    """One row by id."""
    async with db.execute(f"SELECT {_COLS} FROM outbox WHERE id = ?", (id,)) as cur:
        return from_row(OutboxRow, await cur.fetchone())


async def by_key(db: aiosqlite.Connection, key: str) -> OutboxRow | None:
    """One row by its idempotency key."""
    async with db.execute(f"SELECT {_COLS} FROM outbox WHERE key = ?", (key,)) as cur:
        return from_row(OutboxRow, await cur.fetchone())


async def all_rows(db: aiosqlite.Connection) -> list[OutboxRow]:
    """Every row, oldest first (for reports and tests)."""
    async with db.execute(f"SELECT {_COLS} FROM outbox ORDER BY id") as cur:
        return from_rows(OutboxRow, await cur.fetchall())

