"""Sending the outbox: claim due rows, send them chat by chat in order, record every outcome.

Outcomes per row: sent (the channel's message id kept, and for a message with `refers_to` items a
`sent_messages` row so a reply maps back); a transient failure (timeout, 5xx, network, a 429 with
`retry_after`) retried with exponential backoff or after `retry_after`, up to `max_attempts`, then dead;
a permanent failure (400) dead with the error; an unreachable chat (403: blocked, kicked) dead, its
identities flagged `unreachable_at`, and the secretaries told. Failures are handled per row, so one bad
row never stops the run.

The run claims small batches, so a claimed row is sent well inside its lease: the only duplicate is a
send that reached the channel whose answer was lost before `mark_sent` (see storage/outbox.py).
Within one run, retries that come due within `max_wait` seconds are waited for (through the injected
`sleep`); later ones are left to the next run.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

import aiosqlite

from chat.messages import Messenger, OutgoingMessage, SendError
from i18n import t
from schedules.delivery import record_delivery, send_answer
from schedules.model import ReminderSettings
from schedules.ratelimit import Limiter, NoRateLimit
from schedules.withdrawal import without_removed
from storage import outbox
from storage import reminders as reminder_repo
from storage.db import transaction

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[object]]
MAX_ATTEMPTS = 8  # sends of one row before it is given up (dead, with the last error)
BACKOFF = 5.0  # seconds before the first retry of a failed row, doubled at each attempt …
BACKOFF_CAP = 3600.0  # … up to an hour


@dataclass(frozen=True)
class Delivered:
    """One message sent in a run."""

    key: str
    kind: str
    channel: str
    chat_id: str
    message_id: str
    items: int

    def line(self) -> str:
        """The operator's line for it, e.g. `sent console:thuky digest:user:3|2025-03-10 (4 mục)`."""
        suffix = f" ({self.items} mục)" if self.items else ""
        return f"sent {self.channel}:{self.chat_id} {self.key}{suffix}"


@dataclass(frozen=True)
class DispatchResult:
    """What one run did: counts, and the messages sent in order."""

    sent: int = 0
    retried: int = 0  # failed attempts left for a retry
    dead: int = 0  # rows given up (permanent error, too many attempts), unreachable chats aside
    unreachable: int = 0  # rows dead because their chat blocked the bot or is gone
    delivered: tuple[Delivered, ...] = field(default=())


class _Clock:
    """`now` moved on by real time spent working plus the time the injected sleep was asked to wait."""

    def __init__(self, now: datetime, sleep: Sleep) -> None:
        self._start = now
        self._t0 = time.monotonic()
        self._real_sleep = 0.0
        self._slept = 0.0
        self._sleep = sleep

    def now(self) -> datetime:
        worked = time.monotonic() - self._t0 - self._real_sleep
        return self._start + timedelta(seconds=max(worked, 0.0) + self._slept)

    async def sleep(self, seconds: float) -> None:
        begun = time.monotonic()
        await self._sleep(seconds)
        self._real_sleep += time.monotonic() - begun
        self._slept += seconds


class _Run:
    def __init__(
        self,
        db: aiosqlite.Connection,
        messengers: Mapping[str, Messenger],
        clock: _Clock,
        limiter: Limiter,
        *,
        max_attempts: int,
        backoff: float,
        backoff_cap: float,
        lease: timedelta,
        lang: str,
    ) -> None:
        self.db = db
        self.messengers = messengers
        self.clock = clock
        self.limiter = limiter
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.backoff_cap = backoff_cap
        self.lease = lease
        self.lang = lang
        self.pause_until: datetime | None = None
        self.sent = self.retried = self.dead = self.unreachable = 0
        self.delivered: list[Delivered] = []

    def result(self) -> DispatchResult:
        """What the run did."""
        return DispatchResult(
            sent=self.sent, retried=self.retried, dead=self.dead, unreachable=self.unreachable,
            delivered=tuple(self.delivered),
        )

    async def chat(self, rows: list[outbox.OutboxRow]) -> None:
        """Send one chat's rows in order; stop at a retry (later rows wait) or an unreachable chat."""
        for n, row in enumerate(rows):
            try:
                outcome = await self.one(row)
            except Exception:
                # the row stays 'sending' and is claimed again when its lease runs out
                log.exception("outbox row %s: could not record the outcome", row.id)
                outcome = "error"
            rest = rows[n + 1 :]
            if not rest:
                return
            if outcome in ("retry", "paused", "error"):
                async with transaction(self.db):
                    await outbox.release(self.db, [r.id for r in rest], self._resume_at(row))
                return
            if outcome == "unreachable":
                async with transaction(self.db):
                    for r in rest:
                        await outbox.mark_dead(
                            self.db, r.id, "unreachable: an earlier message to this chat failed"
                        )
                self.unreachable += len(rest)
                return

    def _resume_at(self, row: outbox.OutboxRow) -> datetime:
        now = self.clock.now()
        if self.pause_until is not None and self.pause_until > now:
            return self.pause_until
        return now + timedelta(seconds=self._delay(row.attempts))

    def _delay(self, attempts: int) -> float:
        return min(self.backoff * 2 ** max(attempts - 1, 0), self.backoff_cap)

    async def one(self, row: outbox.OutboxRow) -> str:
        """Send one claimed row and record what happened; returns the outcome's name."""
        messenger = self.messengers[row.channel]
        try:
            message = OutgoingMessage.from_json(row.payload_json())
        except (ValueError, KeyError, TypeError) as exc:
            async with transaction(self.db):
                await outbox.mark_dead(self.db, row.id, f"unreadable payload: {exc}")
            self.dead += 1
            return "dead"
        if self.pause_until is not None:
            wait = (self.pause_until - self.clock.now()).total_seconds()
            if wait > self.lease.total_seconds() / 4:
                # waiting that long inside the lease would let another process claim the row again
                async with transaction(self.db):
                    await outbox.release(self.db, [row.id], self.pause_until)
                return "paused"
            if wait > 0:
                await self.clock.sleep(wait)
        await self.limiter.acquire(row.chat_id)
        try:
            message_id = await messenger.send(row.chat_id, message)
        except SendError as exc:
            return await self._failed(row, exc)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.warning("outbox row %s: unexpected send error", row.id, exc_info=True)
            return await self._failed(row, SendError(f"{type(exc).__name__}: {exc}"))
        await self._sent(row, message, str(message_id))
        return "sent"

    async def _sent(self, row: outbox.OutboxRow, message: OutgoingMessage, message_id: str) -> None:
        now = self.clock.now()
        await record_delivery(
            # an answer's payload keeps its own kind (a /tasks list is "tasks"); a queued reminder is its row's
            self.db, row.channel, row.chat_id, message if row.kind == outbox.ANSWER else replace(message, kind=row.kind),
            message_id, now,
            user_id=row.user_id, also=lambda: outbox.mark_sent(self.db, row.id, message_id, now),
        )
        self.sent += 1
        self.delivered.append(
            Delivered(row.key, row.kind, row.channel, row.chat_id, message_id, len(message.refers_to))
        )

    async def _failed(self, row: outbox.OutboxRow, exc: SendError) -> str:
        now = self.clock.now()
        error = str(exc) or type(exc).__name__
        if exc.unreachable:
            await self._unreachable(row, error, now)
            return "unreachable"
        if exc.permanent or row.attempts >= self.max_attempts:
            reason = "permanent" if exc.permanent else f"gave up after {row.attempts} attempts"
            async with transaction(self.db):
                await outbox.mark_dead(self.db, row.id, f"{reason}: {error}")
            self.dead += 1
            # nobody will see this message: the operator should know why
            log.error("outbox row %s (%s to %s:%s) not sent, %s", row.id, row.kind, row.channel, row.chat_id, reason,
                      exc_info=exc)
            return "dead"
        if exc.retry_after is not None:
            retry_at = now + timedelta(seconds=max(exc.retry_after, 0.0))
            # a flood-wait is usually the whole bot's: hold every chat, not just this one
            if self.pause_until is None or retry_at > self.pause_until:
                self.pause_until = retry_at
        else:
            retry_at = now + timedelta(seconds=self._delay(row.attempts))
        async with transaction(self.db):
            await outbox.mark_failed(self.db, row.id, error, retry_at)
        self.retried += 1
        log.info("outbox row %s: attempt %s failed (%s), retry at %s", row.id, row.attempts, error, retry_at)
        return "retry"

    async def _unreachable(self, row: outbox.OutboxRow, error: str, now: datetime) -> None:
        async with transaction(self.db):
            await outbox.mark_dead(self.db, row.id, f"unreachable: {error}")
            affected = await reminder_repo.mark_unreachable(self.db, row.channel, row.chat_id, now)
            secretaries = [
                p
                for p in await reminder_repo.load_people(self.db)
                if p.role == "secretary" and not (p.channel == row.channel and p.chat_id == row.chat_id)
            ]
            for user in affected:
                for secretary in secretaries:
                    lang = secretary.lang or self.lang
                    agency = t("unreachable_agency", lang, agency=user.agency) if user.agency else ""
                    text = t(
                        "unreachable",
                        lang,
                        name=user.name or t("unknown_person", lang),
                        agency=agency,
                        channel=row.channel.capitalize(),
                    )
                    await outbox.enqueue(
                        self.db,
                        f"notice:unreachable:{row.channel}:{row.chat_id}:user:{user.user_id}"
                        f"|{now.date().isoformat()}|to:{secretary.user_id}",
                        "notice",
                        secretary.channel,
                        secretary.chat_id,
                        secretary.user_id,
                        OutgoingMessage(text=text, kind="notice"),
                        now,
                    )
        self.unreachable += 1
        log.warning("outbox row %s: %s:%s unreachable (%s)", row.id, row.channel, row.chat_id, error)


async def dispatch_outbox(
    db: aiosqlite.Connection,
    messengers: Mapping[str, Messenger],
    now: datetime,
    *,
    limit: int = 5000,
    batch: int = 30,
    concurrency: int = 8,
    sleep: Sleep = asyncio.sleep,
    limiter: Limiter | None = None,
    max_attempts: int = MAX_ATTEMPTS,
    backoff: float = BACKOFF,
    backoff_cap: float = BACKOFF_CAP,
    max_wait: float = 60.0,
    lease: timedelta = outbox.LEASE,
    lang: str = "vi",
    settings: ReminderSettings | None = None,
) -> DispatchResult:
    """Send due outbox rows of the channels in `messengers` (not inside a transaction); never raises per row.

    A digest listing what was removed since it was queued is not sent as it is (schedules.withdrawal): made
    again from the database by `settings` (the reminder planner's; by default its own in `lang`), or dropped.
    """
    settings = settings or ReminderSettings(lang=lang)
    clock = _Clock(now, sleep)
    run = _Run(
        db,
        messengers,
        clock,
        limiter or NoRateLimit(),
        max_attempts=max_attempts,
        backoff=backoff,
        backoff_cap=backoff_cap,
        lease=lease,
        lang=lang,
    )
    channels = list(messengers)
    gate = asyncio.Semaphore(max(concurrency, 1))

    async def chat(rows: list[outbox.OutboxRow]) -> None:
        async with gate:
            await run.chat(rows)

    claimed = 0
    waited = 0.0
    while claimed < limit:
        async with transaction(db):
            rows = await outbox.claim_due(
                db, clock.now(), min(batch, limit - claimed), lease=lease, channels=channels
            )
        if not rows:
            moment = clock.now()
            async with transaction(db):
                upcoming = await outbox.next_attempt(db, after=moment, channels=channels)
            if upcoming is None:
                break
            delay = max((upcoming - moment).total_seconds(), 0.0) + 0.5
            if waited + delay > max_wait:
                break
            waited += delay
            await clock.sleep(delay)
            continue
        claimed += len(rows)
        rows = await without_removed(db, rows, settings, clock.now())
        await asyncio.gather(*(chat(group) for group in _by_chat(rows)))
    return run.result()


async def send_claimed(
    db: aiosqlite.Connection,
    messenger: Messenger,
    rows: list[outbox.OutboxRow],
    now: datetime,
    *,
    lang: str = "vi",
) -> DispatchResult:
    """Send at once rows this process claimed itself: a person's answers, queued claimed in the unit that
    stored what they answer (outbox.enqueue_claimed). Each chat's in order, with `send_answer`'s quick
    retries (the person is waiting), every outcome recorded as `dispatch_outbox` records it: a row still
    failing is left to a later dispatch (retried with backoff, or dead)."""
    if not rows:
        return DispatchResult()
    run = _Run(
        db, {messenger.channel: _Answering(messenger)}, _Clock(now, asyncio.sleep), NoRateLimit(),
        max_attempts=MAX_ATTEMPTS, backoff=BACKOFF, backoff_cap=BACKOFF_CAP, lease=outbox.LEASE, lang=lang,
    )
    groups = _by_chat(rows)
    if len(groups) == 1:
        await run.chat(groups[0])  # the usual case: one answer, or a few to one chat
    else:
        await asyncio.gather(*(run.chat(group) for group in groups))
    return run.result()


class _Answering:
    """A channel's messenger as answers to people use it: paced as answers, retried a few quick times."""

    def __init__(self, messenger: Messenger) -> None:
        self.messenger = messenger
        self.channel = messenger.channel

    async def send(self, chat_id: str, message: OutgoingMessage) -> str:
        return await send_answer(self.messenger, chat_id, message)


def _by_chat(rows: list[outbox.OutboxRow]) -> list[list[outbox.OutboxRow]]:
    by_chat: dict[tuple[str, str], list[outbox.OutboxRow]] = {}
    for row in rows:
        by_chat.setdefault((row.channel, row.chat_id), []).append(row)
    return list(by_chat.values())
