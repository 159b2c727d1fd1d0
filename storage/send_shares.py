"""Each worker's share of a channel's sending rate (table `send_shares`), for several workers on one database.

Telegram allows a bot about 30 messages a second in all, however many workers send for it. Each worker
holds a row: how many messages in any window (a second and a little) it may send, how many of them it
asks for its answers to people, and when the row lapses. `renew` is the one call: under a lock of its
own (never the units' lock, and on a connection of the caller's own, so it never waits behind another
worker's units) it grants the caller what the others leave, and moves the caller's row on. What the
others leave counts, for each live row, the more of its share and what it asks for its answers (so a
worker sending the outbox makes room for the others' answers at its next renewal). While no worker
sends the outbox, the workers share the rate for their answers, each at most half (a burst of people
goes out at once, and a worker starting finds room);
while one does, the others keep only what their answers ask. A share cut lately
is still counted for a window (its sends of that window were made under it): what it frees may be used
a window later, the rest of a grant at once. So the shares in force in any window never add up to more
than the total, and a worker that dies gives its share back when its row lapses.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import aiosqlite

from storage import pg
from storage.db import dialect, transaction

# pg_advisory_xact_lock key of renewals: not the units' (storage.pg.UNIT_LOCK), so a renewal waits only for
# another worker's renewal, a few milliseconds
SHARES_LOCK = 0x6E6876_02

# seconds since 1970 by the database's clock, the same for every worker
_NOW = {
    "sqlite": "((julianday('now') - 2440587.5) * 86400.0)",
    "postgresql": "extract(epoch FROM clock_timestamp())::float8",
}
_GREATEST = {"sqlite": "MAX", "postgresql": "GREATEST"}
_LEAST = {"sqlite": "MIN", "postgresql": "LEAST"}


@asynccontextmanager
async def _serialized(conn: aiosqlite.Connection) -> AsyncIterator[None]:
    if isinstance(conn, pg.Connection):
        async with conn.raw.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock(?)", (SHARES_LOCK,))
            yield
        return
    async with transaction(conn):
        yield


@dataclass(frozen=True)
class Grant:
    """A worker's share, and how much of it may be used at once (the rest a window later)."""

    share: int
    at_once: int


async def renew(
    conn: aiosqlite.Connection,
    channel: str,
    worker: str,
    *,
    answers: int,
    outbox: bool,
    total: int,
    window: float,
    ttl: float,
) -> Grant:
    """Grant `worker` its share of the `total` messages in any `window` seconds on `channel`, for `ttl`
    seconds: what the others do not hold or ask for their answers, up to the whole rate while it sends the
    `outbox`, else up to what its `answers` ask, or its part of the rate when no worker sends the outbox.

    `conn` is a connection of the caller's own (storage.db.connect), not the application's shared one. A
    cut (less than the worker's share before) is recorded as held by it for one more `window`: the part
    of a grant that others held lately may be used only a window later (`Grant.at_once` is the rest).
    """
    now, greatest, least = _NOW[dialect(conn)], _GREATEST[dialect(conn)], _LEAST[dialect(conn)]
    held = f"CASE WHEN held_until > {now} THEN held ELSE 0 END"
    live = f"FROM send_shares WHERE channel = ? AND worker <> ? AND expires_at > {now}"
    async with _serialized(conn):
        await conn.execute(f"DELETE FROM send_shares WHERE channel = ? AND expires_at < {now} - 60", (channel,))
        async with conn.execute(f"SELECT COUNT(*) {live}", (channel, worker)) as cur:
            others = int((await cur.fetchone())[0])
        # another worker's answers are made room for up to its fair part of the rate: asks beyond what the
        # rate holds would otherwise leave every worker nothing (two answering workers asking the whole rate
        # beside the one sending the outbox), while a share granted is always counted whole
        fair = total // (others + 1)
        asked = f"{least}(answers, {fair})"
        async with conn.execute(
            f"SELECT COALESCE(SUM({greatest}(share, {asked})), 0), COALESCE(SUM({greatest}(share, {asked}, {held})), 0),"
            f" COALESCE(SUM(answers), 0), COALESCE(MAX(outbox), 0) {live}",
            (channel, worker),
        ) as cur:
            taken, taken_lately, their_answers, sending = (int(v) for v in await cur.fetchone())
        if outbox:
            wants = total
        elif not sending:
            # nobody sends the outbox: the workers' answers share the rate, each its part, at most half (a
            # worker starting beside a lone one gets the other half at once)
            wants = max(answers, min((total - their_answers) // (others + 1), total // 2))
        else:
            wants = answers
        share = max(0, min(wants, total - taken))
        cut = "excluded.share < send_shares.share"
        await conn.execute(
            "INSERT INTO send_shares (channel, worker, share, answers, outbox, held, held_until, expires_at)"
            f" VALUES (:channel, :worker, :share, :answers, :outbox, 0, 0, {now} + :ttl)"
            " ON CONFLICT (channel, worker) DO UPDATE SET share = excluded.share, answers = excluded.answers,"
            " outbox = excluded.outbox,"
            f" held = CASE WHEN {cut} THEN {greatest}(send_shares.share,"
            f"   CASE WHEN send_shares.held_until > {now} THEN send_shares.held ELSE 0 END)"
            "   ELSE send_shares.held END,"
            f" held_until = CASE WHEN {cut} THEN {now} + :window ELSE send_shares.held_until END,"
            " expires_at = excluded.expires_at",
            {"channel": channel, "worker": worker, "share": share, "answers": answers, "outbox": int(outbox),
             "ttl": ttl, "window": window},
        )
    return Grant(share, max(0, min(share, total - int(taken_lately))))


async def release(conn: aiosqlite.Connection, channel: str, worker: str, *, window: float) -> None:
    """Give the worker's share back (a worker stopping): cut to nothing, the row lapsing after `window`."""
    await renew(conn, channel, worker, answers=0, outbox=False, total=0, window=window, ttl=window)
