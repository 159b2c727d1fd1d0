"""The latest moment a tick ran: a tick given an earlier moment (`/tick` in the demo, `nhacviec tick --at`)
is refused, since what was due by the later one was already planned and sent.

Ticking backwards would send a digest dated 07/04 after the one of 08/04, and reminders a later stage had
already replaced. The resident bot's own minute tick records its moment too but is never refused: its clock
is the machine's, and stopping reminders until a clock set wrong once catches up would be worse.
"""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from storage.db import transaction
from storage.people import get_value, set_value

LAST_TICK_KEY = "last_tick"  # in kv: the latest tick's moment, ISO 8601 in UTC


class ClockWentBack(Exception):
    """A tick was asked for at a moment before the latest one that ran."""

    def __init__(self, asked: datetime, last: datetime) -> None:
        super().__init__(f"tick at {asked.isoformat()} is before the last tick at {last.isoformat()}")
        self.asked = asked
        self.last = last


async def last_tick(db: aiosqlite.Connection) -> datetime | None:
    """The moment of the latest tick that ran on this database, if any."""
    async with transaction(db):
        value = await get_value(db, LAST_TICK_KEY)
    return datetime.fromisoformat(value) if value else None


async def check_forward(db: aiosqlite.Connection, now: datetime) -> None:
    """Raise ClockWentBack when `now` is before the latest tick (the same moment again is fine)."""
    last = await last_tick(db)
    if last is not None and now < last:
        raise ClockWentBack(now, last)


async def record_tick(db: aiosqlite.Connection, now: datetime) -> None:
    """Remember `now` as the latest tick, unless a later one is already remembered."""
    async with transaction(db):
        value = await get_value(db, LAST_TICK_KEY)
        if value is None or datetime.fromisoformat(value) < now:
            await set_value(db, LAST_TICK_KEY, now.isoformat())
