"""Handling the inbox: every channel's stored updates, in order per chat, retried while the database can't take them.

A channel stores what it receives with `Inbox.receive` before it tells the platform it arrived, and
handles each stored update in `handle` (which marks it handled in the unit of work of its effects).
When that unit fails because the database is locked past its busy timeout or the disk is full, the
update stays waiting and is tried again after a pause; after the last pause the person is told it was
not saved, and it is set aside.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Protocol

import aiosqlite

from storage import outbox
from storage.db import transaction
from storage.inbox import (
    InboxRow,
    Received,
    first_waiting,
    forget_handled,
    is_transient,
    mark_failed,
    mark_handled,
    receive,
    waiting_chats,
)

log = logging.getLogger(__name__)

RETRY_DELAYS_S = (1.0, 2.0, 5.0, 10.0, 30.0, 60.0)  # then the person is told it was not saved
FORGET_EVERY = timedelta(hours=1)  # how often handled updates and sent answers past their keeping are dropped
STOP_WAIT_S = 5.0  # on shutdown an update being handled gets this long to finish


class InboxChannel(Protocol):
    """A channel whose stored updates the inbox hands back."""

    platform: str

    async def handle(self, row: InboxRow) -> None:
        """Handle a stored update and mark it handled in the unit of its effects; a transient
        database error (see storage.inbox.is_transient) is raised, anything else is dealt with."""

    async def tell_not_saved(self, update: dict[str, Any]) -> None:
        """Tell the sender of an update (as the platform sent it) plainly that their message was not saved."""


class Inbox:
    """Stores incoming updates and handles them: chats side by side, each chat's updates in order."""

    def __init__(self, db: aiosqlite.Connection, clock: Callable[[], datetime]) -> None:
        self.db = db
        self.clock = clock
        self.channels: dict[str, InboxChannel] = {}
        self._wake = asyncio.Event()
        self._idle = asyncio.Event()
        self._stopping = False
        self._runner: asyncio.Task[None] | None = None
        self._chats: dict[str, asyncio.Task[None]] = {}
        self._failures: dict[int, int] = {}  # failed attempts per waiting update
        self._refusals = 0
        self._refused = asyncio.Condition()
        self._set_aside: set[int] = set()  # given up, but the database couldn't even record that
        # chats whose next update has no channel started, or is set aside: left until the next start
        self._parked: set[str] = set()

    def add_channel(self, channel: InboxChannel) -> None:
        """Hand this platform's stored updates to `channel` (and start on those already waiting)."""
        self.channels[channel.platform] = channel
        self._parked.clear()
        self._wake.set()

    async def receive(self, items: list[Received]) -> int:
        """Store updates in one unit of work (re-deliveries are skipped); how many were new.

        Raises what the database raised: then nothing is stored and the platform must not be told.
        """
        async with transaction(self.db):
            new = [await receive(self.db, item, self.clock()) for item in items]
        self._idle.clear()
        self._wake.set()
        return sum(new)

    async def store(self, items: list[Received]) -> None:
        """`receive`, tried again after each pause of RETRY_DELAYS_S while the database refuses (locked or
        full); after the last, each sender is told their message was not saved and the updates are dropped.

        For a platform that must be told an update arrived before long (Telegram's next getUpdates, Zalo's
        getUpdates that confirms by answering): the platform is told only once this returns.
        """
        if not items:
            return
        for delay in (*RETRY_DELAYS_S, None):
            try:
                await self.receive(items)
                return
            except Exception as exc:
                if not is_transient(exc):
                    raise
                await self._note_refusal()
                if delay is None:
                    log.error("%d updates not stored, given up: %s", len(items), exc)
                    break
                log.warning("%d updates not stored (%s); again in %.1f s", len(items), exc, delay)
                await asyncio.sleep(delay)
        for item in items:
            channel = self.channels.get(item.platform)
            try:
                if channel is not None:
                    await channel.tell_not_saved(item.payload)
            except Exception:
                log.exception("could not tell the sender of a %s update that it was not saved", item.platform)

    async def wait_refusals(self, count: int) -> None:
        """Until the database refused the inbox's work (reading or handling) `count` times since it was made."""
        async with self._refused:
            await self._refused.wait_for(lambda: self._refusals >= count)

    async def _note_refusal(self) -> None:
        async with self._refused:
            self._refusals += 1
            self._refused.notify_all()

    async def wait_idle(self) -> None:
        """Until nothing is waiting or being handled (what was received is handled and answered)."""
        await self._idle.wait()

    def start(self) -> None:
        """Handle what is waiting (from before a restart too) and whatever arrives next."""
        self._stopping = False
        self._runner = asyncio.create_task(self._run(), name="nhacviec-inbox")

    async def stop(self) -> None:
        """Stop taking updates; one being handled gets STOP_WAIT_S to finish, the rest wait for the next start."""
        self._stopping = True
        self._wake.set()
        if self._runner is not None:
            await self._runner
            self._runner = None
        chats = set(self._chats.values())
        if chats:
            _, late = await asyncio.wait(chats, timeout=STOP_WAIT_S)
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)

    async def _run(self) -> None:
        forgotten: datetime | None = None
        while not self._stopping:
            self._wake.clear()
            if forgotten is None or self.clock() - forgotten >= FORGET_EVERY:
                with contextlib.suppress(Exception):  # tried again next time
                    async with transaction(self.db):
                        await forget_handled(self.db, self.clock())
                        await outbox.forget_sent_answers(self.db, self.clock())
                    forgotten = self.clock()
            try:
                async with transaction(self.db):
                    chats = await waiting_chats(self.db)
            except Exception as exc:
                await self._note_refusal()
                log.warning("inbox not read (%s); again in %.1f s", exc, RETRY_DELAYS_S[0])
                await asyncio.sleep(RETRY_DELAYS_S[0])
                continue
            chats = [chat for chat in chats if chat not in self._parked]
            if not chats and not self._chats:
                self._idle.set()
            for chat in chats:
                if chat not in self._chats:
                    self._chats[chat] = asyncio.create_task(self._drain(chat), name=f"nhacviec-inbox-{chat}")
            await self._wake.wait()

    async def _drain(self, chat: str) -> None:
        """Handle the chat's waiting updates one after the other."""
        try:
            while not self._stopping:
                try:
                    async with transaction(self.db):
                        row = await first_waiting(self.db, chat)
                except Exception as exc:
                    await self._note_refusal()
                    log.warning("inbox not read (%s); again in %.1f s", exc, RETRY_DELAYS_S[0])
                    await asyncio.sleep(RETRY_DELAYS_S[0])
                    continue
                if row is None:
                    return
                channel = self.channels.get(row.platform)
                if channel is None or row.id in self._set_aside:
                    self._parked.add(chat)
                    return
                await self._attempt(channel, row)
        finally:
            self._chats.pop(chat, None)
            self._wake.set()  # an update that arrived for this chat meanwhile is picked up

    async def _attempt(self, channel: InboxChannel, row: InboxRow) -> None:
        try:
            await channel.handle(row)
        except Exception as exc:
            if not is_transient(exc):
                log.exception("failed to handle a stored %s update (inbox %s)", row.platform, row.id)
                await self._settle(row, f"{type(exc).__name__}: {exc}")
                return
            await self._note_refusal()
            failures = self._failures.get(row.id, 0) + 1
            self._failures[row.id] = failures
            with contextlib.suppress(Exception):
                async with transaction(self.db):
                    await mark_failed(self.db, row.id, str(exc))
            if failures <= len(RETRY_DELAYS_S):
                delay = RETRY_DELAYS_S[failures - 1]
                log.warning("%s update (inbox %s) not stored (%s); again in %.1f s", row.platform, row.id, exc, delay)
                await asyncio.sleep(delay)
                return
            log.error("%s update (inbox %s) given up after %d attempts: %s", row.platform, row.id, failures, exc)
            try:
                await channel.tell_not_saved(row.update())
            except Exception:
                log.exception("could not tell the sender of inbox %s that it was not saved", row.id)
            await self._settle(row, f"given up: {exc}")
        else:
            self._failures.pop(row.id, None)

    async def _settle(self, row: InboxRow, error: str) -> None:
        """Mark an update that can't be handled as done with, so the chat's next ones go on."""
        self._failures.pop(row.id, None)
        try:
            async with transaction(self.db):
                await mark_handled(self.db, row.id, self.clock(), error)
        except Exception:
            self._set_aside.add(row.id)


class _Server(Protocol):
    def stop(self) -> None: ...
    async def close_all_connections(self) -> None: ...


async def stop_receiving(poller: asyncio.Task[None] | None, server: _Server | None) -> None:
    """End a channel's receiving: cancel its polling task and wait for it; stop its webhook server, giving
    open requests up to 5 s to finish storing what they received."""
    if poller is not None:
        poller.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await poller
    if server is not None:
        server.stop()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(server.close_all_connections(), 5)
