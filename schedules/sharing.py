"""The bot's rate shared by several workers on one PostgreSQL database: each keeps its share renewed.

A `ShareKeeper` runs beside the sends of one process. Every `period` it tells the database what the
process wants (the answers of the last second and those waiting, one more for the next person, and the
whole rate while the outbox is sending) on a connection of its own, and sets the process's RateLimiter to
what it is granted (storage/send_shares.py). No send ever waits for it: the limiter paces from the share
it holds. A cut is applied before it is told, and what another worker cut lately is used only a window
later, so the shares in force in any window never add up to more than the total. When the database does not answer in time, the process keeps
its share until its row lapses, then falls back to `fallback` messages a second (answers still go, slowly).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import os
import secrets
import socket
import time
from collections.abc import Callable

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
        clock: Callable[[], float] = time.monotonic,
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
        self._clock = clock
        self._conn: aiosqlite.Connection | None = None
        self._lapses_at = float("-inf")  # by this process's clock: when the row in the database lapses
        # until the first grant the process may send only the fallback: the others' shares may fill the rate
        limiter.set_share(fallback)

    def wanted(self) -> tuple[int, int]:
        """(the whole want, the answers' part): the answers of a second lately and those waiting, at least
        one (for the next person); the whole rate while the outbox is sending."""
        demand = self.limiter.demand()
        answers = min(max(math.ceil(demand.answers) + demand.waiting, 1), self.total)
        return (self.total if demand.outbox else answers), answers

    async def renew(self) -> None:
        """Ask once; on no answer within `timeout`, keep the share until the row lapses, then the fallback."""
        wants, answers = self.wanted()
        if wants < self.limiter.share():
            self.limiter.set_share(wants)  # a cut before the others may count on it
        asked = self._clock()
        try:
            grant = await asyncio.wait_for(self._renew(wants, answers), self.timeout)
        except Exception as exc:  # a timeout, a lost connection, a server error: the same for the sends
            log.warning("the sending share was not renewed: %s", exc or type(exc).__name__)
            await self._drop()
            if self._clock() >= self._lapses_at - self.period - self.timeout:  # it may lapse before the next try
                self.limiter.set_share(min(self.fallback, self.limiter.share()))
            return
        self._lapses_at = asked + self.ttl
        log.debug("%s: wants %d (answers %d), granted %s", self.worker, wants, answers, grant)
        self.limiter.set_share(grant.share, at_once=grant.at_once)

    async def _renew(self, wants: int, answers: int) -> send_shares.Grant:
        if self._conn is None:
            self._conn = await connect(self.database)
        return await send_shares.renew(
            self._conn, self.channel, self.worker, wants=wants, answers=answers, total=self.total,
            window=self.limiter.window, ttl=self.ttl,
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
                        send_shares.release(self._conn, self.channel, self.worker, window=self.limiter.window),
                        self.timeout,
                    )
        finally:
            await self._drop()
