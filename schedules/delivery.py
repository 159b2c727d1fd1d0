"""The one delivery path: send a message through a channel's messenger, then record what a reply to it means.

Answers to people (every channel) and the outbox's rows (the dispatcher) both end in `record_delivery`, so a
reply to any message the bot sent maps back to the tasks it was about.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Awaitable, Callable
from datetime import datetime

import aiosqlite

from chat.messages import Messenger, OutgoingMessage, SendError
from storage.db import transaction
from storage.reports import remember_sent

RETRY_DELAYS = (0.2, 0.5, 1.0)
MAX_WAIT = 10.0  # a longer 429 pause is better spent answering others


async def send_answer(messenger: Messenger, chat_id: str, message: OutgoingMessage) -> str:
    """Send, retrying a few quick times on a network error, a 5xx or a short 429; permanent errors raise.

    The person is waiting for "Đã ghi nhận": a lost confirmation makes them send the report again.
    A timeout whose message did arrive can show the confirmation twice, which is the lesser harm.
    """
    for delay in (*RETRY_DELAYS, None):
        try:
            return await messenger.send(chat_id, message)
        except SendError as exc:
            if exc.permanent or delay is None or (exc.retry_after or 0) > MAX_WAIT:
                raise
            await asyncio.sleep(max(delay, exc.retry_after or 0))
    raise AssertionError("unreachable")


async def record_delivery(
    db: aiosqlite.Connection,
    channel: str,
    chat_id: str,
    message: OutgoingMessage,
    message_id: str,
    now: datetime,
    *,
    user_id: int | None = None,
    also: Callable[[], Awaitable[object]] | None = None,
) -> None:
    """In one transaction: `also` (the caller's own record of the send) and what a reply to the message refers to."""
    if also is None and not (message.refers_to and message_id):
        return

    async def write() -> None:
        if also is not None:
            await also()
        if message.refers_to and message_id:
            await remember_sent(
                db, channel=channel, chat_id=chat_id, message_id=message_id, kind=message.kind,
                user_id=user_id, items=message.refers_to, now=now,
            )

    await in_shared_unit(db, write)


Write = Callable[[], Awaitable[object]]


class _Waiting:
    """The records waiting for a unit on one database, and whose turn it is to write them."""

    def __init__(self) -> None:
        self.writes: list[tuple[Write, asyncio.Future[None]]] = []
        self.turn = asyncio.Lock()


_waiting: weakref.WeakKeyDictionary[aiosqlite.Connection, _Waiting] = weakref.WeakKeyDictionary()


async def in_shared_unit(db: aiosqlite.Connection, write: Write) -> None:
    """Run `write` in a unit of work with the other records waiting for one on `db` when it begins.

    Every answer is marked sent after it went out: at 100 replies a second a unit each doubled the units
    taking turns on the write lock, and the replies' own units waited behind them. The records that pile
    up meanwhile share the next unit; when it fails, each is written again in a unit of its own.
    """
    waiting = _waiting.setdefault(db, _Waiting())
    done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    waiting.writes.append((write, done))
    async with waiting.turn:
        if not done.done():
            batch, waiting.writes = waiting.writes, []
            try:
                await _write_all(db, batch)
            except BaseException:
                # cancelled: the others' records not written yet go with the next unit
                waiting.writes[:0] = [(each, their) for each, their in batch if not their.done() and their is not done]
                raise
    await done


async def _write_all(db: aiosqlite.Connection, batch: list[tuple[Write, asyncio.Future[None]]]) -> None:
    try:
        async with transaction(db):
            for each, _ in batch:
                await each()
    except Exception:
        # each in a unit of its own, so one that fails fails alone (as when every record had its own unit)
        for each, their in batch:
            try:
                async with transaction(db):
                    await each()
            except Exception as exc:
                their.set_exception(exc)
            else:
                their.set_result(None)
    else:
        for _, their in batch:
            their.set_result(None)


async def deliver(
    db: aiosqlite.Connection,
    messenger: Messenger,
    chat_id: str,
    message: OutgoingMessage,
    clock: Callable[[], datetime],
) -> str:
    """Answer a person: send (with `send_answer`'s short retry), then record what a reply to it refers to."""
    message_id = await send_answer(messenger, chat_id, message)
    await record_delivery(db, messenger.channel, chat_id, message, message_id, clock())
    return message_id
