"""What the channels of one process share: the database, the core's settings and clock, every started
channel's messenger, and the minute tick that sends through them all."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime

import aiosqlite

from bot.config import Settings, core_settings
from bot.inbox import Inbox
from bot.logs import hide_in_logs, secret_values
from bot.zalo import ZaloBot
from bot.zalo_api import ZaloError
from chat.messages import Messenger
from schedules.jobs import tick_every_minute
from schedules.ratelimit import RateLimiter
from schedules.sharing import ShareKeeper
from storage import pg
from storage.db import BUSY_TIMEOUT_MS, open_db, transaction
from storage.people import demote_config_admins

log = logging.getLogger(__name__)

TICK_STOP_WAIT_S = 10.0  # on shutdown a pass in progress gets this long to finish its sends


class Runtime:
    """The shared parts, opened at start and closed at stop, in that order: database, Zalo, tick."""

    def __init__(self, settings: Settings, clock: Callable[[], datetime]) -> None:
        self.settings = settings
        self.clock = clock
        self.core = core_settings(settings)
        self.messengers: dict[str, Messenger] = {}
        self.zalo: ZaloBot | None = None
        self._db: aiosqlite.Connection | None = None
        self._inbox: Inbox | None = None
        self._stop_tick = asyncio.Event()
        self._ticker: asyncio.Task[None] | None = None
        # the pace of Telegram's sends (bot.ratelimit): the whole rate, or this worker's share of it
        self.limiter = RateLimiter()
        self._stop_sharing = asyncio.Event()
        self._sharing: asyncio.Task[None] | None = None

    @property
    def db(self) -> aiosqlite.Connection:
        """The shared connection (after `open`)."""
        if self._db is None:
            raise RuntimeError("Runtime.open() was not called")
        return self._db

    @property
    def inbox(self) -> Inbox:
        """Where every channel stores what it receives, and handles it from (after `open`)."""
        if self._inbox is None:
            raise RuntimeError("Runtime.open() was not called")
        return self._inbox

    async def open(self) -> aiosqlite.Connection:
        """Mask the deployment's secrets in the logs, open the database and the inbox, and take the admin role
        back from ids NHACVIEC_ADMIN_IDS no longer lists (unless an admin gave it in chat)."""
        hide_in_logs(*secret_values(self.settings))
        self._db = await open_db(self.settings.db, busy_timeout_ms=self.settings.db_busy_timeout_ms or BUSY_TIMEOUT_MS)
        self._inbox = Inbox(self._db, self.clock)
        async with transaction(self._db):
            demoted = await demote_config_admins(self._db, self.core.admin_ids)
        if demoted:
            log.warning("%d admin(s) no longer in NHACVIEC_ADMIN_IDS are admins no more", demoted)
        return self._db

    def start_inbox(self) -> None:
        """Handle the stored updates (those left from before a restart first) of the channels started."""
        self.inbox.start()

    async def start_zalo(self, *, alone: bool) -> None:
        """Start the Zalo channel when ZALO_BOT_TOKEN is set.

        Beside Telegram a failed start is logged and Telegram keeps serving (Zalo's queued messages wait in
        the outbox for the next start); `alone`, the failure is raised.
        """
        if self.settings.zalo_token is None:
            return
        zalo = ZaloBot(self.settings, self.db, self.core, self.clock, inbox=self.inbox)
        try:
            await zalo.start()
        except ZaloError as exc:
            await zalo.stop()
            if alone:
                raise
            log.error("Zalo channel not started: %s", exc)
            return
        self.zalo = zalo
        self.messengers["zalo"] = zalo.messenger
        self.inbox.add_channel(zalo.channel)

    async def start_sharing(self) -> None:
        """On PostgreSQL, ask for this worker's share of Telegram's rate and keep it (schedules.sharing):
        other workers may send for the bot too. SQLite serves one process, which keeps the whole rate."""
        if pg.is_url(self.settings.db):
            keeper = ShareKeeper(str(self.settings.db), self.limiter)
            await keeper.renew()  # before the first update comes in
            self._sharing = asyncio.create_task(keeper.run(self._stop_sharing), name="nhacviec-sharing")

    def start_tick(self) -> None:
        """Run the due work every minute through every started channel."""
        self._ticker = asyncio.create_task(
            tick_every_minute(self.db, self.messengers, self.settings, self.clock, self._stop_tick), name="nhacviec-tick"
        )

    async def close(self) -> None:
        """Stop the inbox and the tick (work in progress may finish), give the sending share back, then stop
        Zalo and close the database."""
        if self._inbox is not None:
            await self._inbox.stop()
            self._inbox = None
        if self._ticker is not None:
            self._stop_tick.set()
            done, _ = await asyncio.wait({self._ticker}, timeout=TICK_STOP_WAIT_S)
            if not done:
                self._ticker.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._ticker
            self._ticker = None
        if self._sharing is not None:
            # after the tick: its last sends were paced by the share given back here
            self._stop_sharing.set()
            await self._sharing
            self._sharing = None
        if self.zalo is not None:
            await self.zalo.stop()
            self.zalo = None
        if self._db is not None:
            await self._db.close()
            self._db = None
