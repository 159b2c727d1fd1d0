"""The bot's rate shared by several workers on one PostgreSQL database: each keeps its share renewed.

A `ShareKeeper` runs beside the sends of one process. Every `period` (at once when a send finds the share
spent) it tells the database, on a connection of its own, what the process asks (its answers of a second
lately and those waiting; whether it sends the outbox) and sets the process's RateLimiter to what it is
granted (storage/send_shares.py). No send ever waits for it: the limiter paces from the share it holds.
A cut is still counted by the others for a window and a bit more (the limiter applies it when the grant
comes back, at most `timeout` later), and what another worker cut lately is used only a window later,
so the shares in force in any window never add up to more than the total. When the database does not
answer in time, the process falls back to `fallback` messages a window until it does (answers still go,
slowly); its row lapses after `ttl` and the others take its share.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import os
import secrets
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiosqlite

from schedules.ratelimit import OVERALL_PER_SECOND, RateLimiter
from storage import send_shares
from storage.db import connect

log = logging.getLogger(__name__)


def worker_name() -> str:
    """This process's name in the shares: host, pid and a random tag (a restarted pid is another worker)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


class ShareKeeper:
    """Keeps one process's share of a channel's rate renewed in the database, and its limiter set to it."""

    def __init__(
        self,
        database: str,
        limiter: RateLimiter,
        channel: str = "telegram",
        *,
        total: int = OVERALL_PER_SECOND,
        period: float = 0.25,
        ttl: float = 3.0,
        timeout: float = 1.0,
        fallback: int = 1,
        worker: str | None = None,
    ) -> None:
        self.database = database
        self.limiter = limiter
        self.channel = channel
        self.total = total
        self.period = period
        self.ttl = ttl
        self.timeout = timeout
        self.fallback = fallback
        self.worker = worker or worker_name()
        self._conn: aiosqlite.Connection | None = None
        self._failing = False
        # a cut still counted by the others: a window, and the time the grant may take to come back
        self._hold = limiter.window + timeout
        # until the first grant the process may send only the fallback: the others' shares may fill the rate
        limiter.set_share(fallback)

    def wanted(self) -> tuple[int, bool]:
        """(what the answers ask: those of a second lately and those waiting, at least one for the next
        person; whether the outbox is sending)."""
        demand = self.limiter.demand()
        return min(max(math.ceil(demand.answers) + demand.waiting, 1), self.total), demand.outbox

    async def renew(self) -> None:
        """Ask once. Without an answer within `timeout`, fall back at once: the database may have cut the
        share without the answer coming back, and the others count on the cut a window later."""
        answers, outbox = self.wanted()
        try:
            grant = await asyncio.wait_for(self._renew(answers, outbox), self.timeout)
        except Exception as exc:  # a timeout, a lost connection, a server error: the same for the sends
            if not self._failing:
                log.warning("the sending share was not renewed (%s): %d a window until it is", exc or type(exc).__name__,
                            self.fallback)
            self._failing = True
            await self._drop()
            self.limiter.set_share(min(self.fallback, self.limiter.share()))
            return
        if self._failing:
            log.warning("the sending share is renewed again")
        self._failing = False
        self.limiter.set_share(grant.share, at_once=grant.at_once)

    async def _renew(self, answers: int, outbox: bool) -> send_shares.Grant:
        if self._conn is None:
            self._conn = await connect(self.database)
        return await send_shares.renew(
            self._conn, self.channel, self.worker, answers=answers, outbox=outbox, total=self.total,
            window=self._hold, ttl=self.ttl,
        )

    async def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):
                await conn.close()

    async def run(self, stop: asyncio.Event) -> None:
        """Renew every `period` (at once when a send waits for want of share) until `stop` is set; then
        give the share back."""
        try:
            while not stop.is_set():
                self.limiter.short.clear()
                await self.renew()
                stopped, short = asyncio.ensure_future(stop.wait()), asyncio.ensure_future(self.limiter.short.wait())
                await asyncio.wait({stopped, short}, timeout=self.period, return_when=asyncio.FIRST_COMPLETED)
                stopped.cancel()
                short.cancel()
            if self._conn is not None:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(
                        send_shares.release(self._conn, self.channel, self.worker, window=self._hold),
                        self.timeout,
                    )
        finally:
            await self._drop()


@asynccontextmanager
async def shared_rate(database: str) -> AsyncIterator[RateLimiter]:
    """A RateLimiter holding this process's share of `database`'s bot while the block runs (a command
    sending beside the workers: `nhacviec tick` from cron)."""
    limiter = RateLimiter()
    stop = asyncio.Event()
    keeping = asyncio.create_task(ShareKeeper(database, limiter).run(stop), name="nhacviec-sharing")
    try:
        yield limiter
    finally:
        stop.set()
        await keeping
