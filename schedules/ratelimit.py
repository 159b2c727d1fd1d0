"""Pacing sends under Telegram's limits: about 30 messages a second overall, 1 a second per chat, 20 a
minute per group. Token buckets with a burst of one message, so sends are spread evenly (a burst of 30 at
once followed by 30 more in the same second is what draws a 429).

The 30 a second are the bot's, not each process's: beside other workers on one PostgreSQL database a
process sends only its share (schedules.sharing keeps it), set here without a database round trip in the
way of any send."""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

OVERALL_PER_SECOND = 30  # Telegram's limit for one bot, however many processes send for it
DEMAND_SPAN = 2.0  # seconds over which a process's answers are counted to ask for its share
SPREAD = 2  # outbox sends may go this many at once after a pause (the dispatcher's claim), no more


class Limiter(Protocol):
    """Waits until one more message may go to `chat_id`."""

    async def acquire(self, chat_id: str) -> None:
        """Return when a message to `chat_id` may be sent now."""
        ...


@dataclass(frozen=True)
class Demand:
    """What one process asks of the rate (RateLimiter.demand)."""

    answers: float  # answers to people in a window, on average lately
    waiting: int  # answers waiting now
    outbox: bool  # whether the outbox is sending


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
    """The process's pacing: its share of the bot's messages in any second, and 1 a second per chat and 20 a
    minute per group chat (a negative chat id, as Telegram numbers them).

    Two kinds of sends take from the share: answers to people (`answer`), which go first, at once while the
    share allows, and the outbox's (`acquire`), spread evenly and one a second per chat, in what answers
    leave. The share is counted in a sliding window (`safety` lengthens the second a little: clocks and the
    server's window never line up exactly), so no second ever holds more than it. Alone (SQLite, or one
    worker) the share is the whole rate; beside other workers schedules.sharing sets it (`set_share`).
    """

    def __init__(
        self,
        *,
        overall_per_second: float = OVERALL_PER_SECOND,
        chat_per_second: float = 1.0,
        group_per_minute: float = 20.0,
        safety: float = 0.05,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
        max_chats: int = 10_000,
    ) -> None:
        slow = 1.0 - safety
        self._clock = clock
        self._sleep = sleep
        self.window = 1.0 / slow
        # (from when, messages in any window): the first entry is in force, the others are raises to come
        self._shares: list[tuple[float, int]] = [(float("-inf"), int(overall_per_second))]
        self._sent: deque[float] = deque()  # moments of the sends of the last window
        self._asked: deque[float] = deque()  # moments answers were asked for, over DEMAND_SPAN
        self._answers_waiting = 0
        self._outbox_waiting = 0
        # set when a send has to wait for want of share: schedules.sharing asks for more without waiting
        # for its next turn
        self.short = asyncio.Event()
        self._outbox_last = float("-inf")
        self._chat_rate = chat_per_second * slow
        self._group_rate = group_per_minute * slow / 60.0
        self._chats: dict[str, _Bucket] = {}
        self._groups: dict[str, _Bucket] = {}
        self._max_chats = max_chats

    def share(self) -> int:
        """The messages this process may send in any window now."""
        now = self._clock()
        while len(self._shares) > 1 and self._shares[1][0] <= now:
            self._shares.pop(0)
        return self._shares[0][1]

    def set_share(self, messages: int, *, at_once: int | None = None) -> None:
        """Change the share (schedules.sharing): a cut applies at once; of a raise, what `at_once` allows
        (by default nothing) at once, the rest a window later, when the sends of the worker that gave
        those messages up have left the window."""
        now = self._clock()
        current = self.share()
        if messages <= current:
            self._shares = [(now, messages)]
            return
        first = max(current, min(messages, current if at_once is None else at_once))
        pending = [(at, min(m, messages)) for at, m in self._shares[1:] if min(m, messages) > first]
        self._shares = [(now, first), *pending, (now + self.window, messages)]

    def demand(self) -> Demand:
        """What this process asks of the rate: its answers of a window on average over the last
        DEMAND_SPAN seconds, those waiting now, and whether the outbox is sending."""
        now = self._clock()
        while self._asked and self._asked[0] <= now - DEMAND_SPAN:
            self._asked.popleft()
        outbox = self._outbox_waiting > 0 or now - self._outbox_last < 2 * self.window
        return Demand(len(self._asked) * self.window / DEMAND_SPAN, self._answers_waiting, outbox)

    def _forget(self, moments: deque[float], now: float) -> None:
        while moments and moments[0] <= now - self.window:
            moments.popleft()

    def _overall_wait(self, now: float, *, spread: bool) -> float:
        self._forget(self._sent, now)
        share = self.share()
        if share <= 0:
            return self.window / 4  # until a share comes back
        wait = self._sent[-share] + self.window - now if len(self._sent) >= share else 0.0
        if spread and len(self._sent) >= SPREAD:
            # any SPREAD sends in a row span SPREAD intervals: even, yet a short pause is caught up
            wait = max(wait, self._sent[-SPREAD] + SPREAD * self.window / share - now)
        return wait

    def _took(self, now: float) -> None:
        self._sent.append(now)

    def _buckets(self, chat_id: str, now: float, *, chat: bool) -> list[_Bucket]:
        buckets = []
        if chat:
            bucket = self._chats.get(chat_id)
            if bucket is None:
                if len(self._chats) >= self._max_chats:
                    self._forget_idle(now)
                bucket = self._chats[chat_id] = _Bucket(self._chat_rate, 1.0, now)
            buckets.append(bucket)
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
        """An outbox message to `chat_id`: wait until it fits the chat's pace and what answers leave of the
        share, spread evenly."""
        self._outbox_waiting += 1
        try:
            while True:
                now = self._clock()
                buckets = self._buckets(chat_id, now, chat=True)
                wait = max([b.wait(now) for b in buckets] + [self._overall_wait(now, spread=True)])
                if wait <= 0.0 and self._answers_waiting:
                    wait = self.window / max(self.share(), 1)  # answers go first
                if wait <= 0.0:
                    for b in buckets:
                        b.take(now)
                    self._took(now)
                    self._outbox_last = now
                    return
                if now - self._outbox_last > 2 * self.window:
                    self.short.set()  # the outbox starts sending
                await self._sleep(wait)
        finally:
            self._outbox_waiting -= 1

    async def answer(self, chat_id: str) -> None:
        """An answer to a person in `chat_id`: wait only while the share of the last window is spent (and a
        group's pace)."""
        self._answers_waiting += 1
        self._asked.append(self._clock())
        try:
            while True:
                now = self._clock()
                buckets = self._buckets(chat_id, now, chat=False)
                wait = max([b.wait(now) for b in buckets] + [self._overall_wait(now, spread=False)])
                if wait <= 0.0:
                    for b in buckets:
                        b.take(now)
                    self._took(now)
                    return
                self.short.set()
                await self._sleep(wait)
        finally:
            self._answers_waiting -= 1
