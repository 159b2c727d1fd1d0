"""Pacing sends under Telegram's limits: about 30 messages a second overall, 1 a second per chat, 20 a
minute per group. Token buckets with a burst of one message, so sends are spread evenly (a burst of 30 at
once followed by 30 more in the same second is what draws a 429)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Protocol


class Limiter(Protocol):
    """Waits until one more message may go to `chat_id`."""

    async def acquire(self, chat_id: str) -> None:
        """Return when a message to `chat_id` may be sent now."""
        ...


class NoRateLimit:
    """No pacing: for tests and for channels whose adapter paces itself."""

    async def acquire(self, chat_id: str) -> None:
        """Return at once."""
        return None


class _Bucket:
    __slots__ = ("capacity", "last", "rate", "tokens")

    def __init__(self, rate: float, capacity: float, now: float) -> None:
        self.rate = rate
        self.capacity = capacity
        self.tokens = capacity
        self.last = now

    def _refill(self, now: float) -> None:
        if now > self.last:
            self.tokens = min(self.capacity, self.tokens + (now - self.last) * self.rate)
            self.last = now

    def wait(self, now: float) -> float:
        self._refill(now)
        # the tolerance keeps float rounding from asking for waits too small to move the clock
        return 0.0 if self.tokens >= 1.0 - 1e-9 else (1.0 - self.tokens) / self.rate

    def take(self, now: float) -> None:
        self._refill(now)
        self.tokens -= 1.0

    def full(self, now: float) -> bool:
        self._refill(now)
        return self.tokens >= self.capacity


class RateLimiter:
    """Token buckets: overall, per chat, and per group chat (a negative chat id, as Telegram numbers them)."""

    def __init__(
        self,
        *,
        overall_per_second: float = 30.0,
        chat_per_second: float = 1.0,
        group_per_minute: float = 20.0,
        safety: float = 0.02,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
        max_chats: int = 10_000,
    ) -> None:
        # `safety` slows every rate a little: clocks and the server's window never line up exactly
        slow = 1.0 - safety
        self._clock = clock
        self._sleep = sleep
        self._overall = _Bucket(overall_per_second * slow, 1.0, clock())
        self._chat_rate = chat_per_second * slow
        self._group_rate = group_per_minute * slow / 60.0
        self._chats: dict[str, _Bucket] = {}
        self._groups: dict[str, _Bucket] = {}
        self._max_chats = max_chats

    def _buckets(self, chat_id: str, now: float) -> list[_Bucket]:
        chat = self._chats.get(chat_id)
        if chat is None:
            if len(self._chats) >= self._max_chats:
                self._forget_idle(now)
            chat = self._chats[chat_id] = _Bucket(self._chat_rate, 1.0, now)
        buckets = [self._overall, chat]
        if chat_id.startswith("-"):
            group = self._groups.get(chat_id)
            if group is None:
                group = self._groups[chat_id] = _Bucket(self._group_rate, 1.0, now)
            buckets.append(group)
        return buckets

    def _forget_idle(self, now: float) -> None:
        # a full bucket is the same as a new one, so dropping it changes nothing
        for table in (self._chats, self._groups):
            for key in [k for k, b in table.items() if b.full(now)]:
                del table[key]

    async def acquire(self, chat_id: str) -> None:
        """Wait until a message to `chat_id` fits every bucket, then take a token from each."""
        while True:
            now = self._clock()
            buckets = self._buckets(chat_id, now)
            wait = max(b.wait(now) for b in buckets)
            if wait <= 0.0:
                for b in buckets:
                    b.take(now)
                return
            await self._sleep(wait)
