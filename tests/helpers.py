"""Small helpers shared by the tests: the deployment's zone and moments, a channel and a sleep that record
what they are asked, and people inserted with plain SQL."""

from __future__ import annotations

import asyncio
import os
from collections import defaultdict
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import aiosqlite

from chat.messages import OutgoingMessage

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DEPLOYMENT_VARS = ("NHACVIEC_", "TELEGRAM_", "WEBHOOK_", "ZALO_")  # what configures a deployment


def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """That local time (Vietnam) on `day`, as a UTC instant."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=VN).astimezone(UTC)


async def no_wait(seconds: float) -> None:
    """A dispatcher's sleep that does not wait: just a turn for the loop's other tasks."""
    await asyncio.sleep(0)


class FakeMessenger:
    """Records sends; raises the queued errors (or exceptions) for a chat before it succeeds."""

    channel = "telegram"

    def __init__(self, failures: dict[str, list[Exception]] | None = None, *, pause: bool = False) -> None:
        self.failures: dict[str, list[Exception]] = defaultdict(list, failures or {})
        self.sent: list[tuple[str, str]] = []
        self.attempts: list[str] = []
        self.pause = pause
        self._next = 1000

    async def send(self, chat_id: str, message: OutgoingMessage) -> str:
        self.attempts.append(chat_id)
        if self.pause:
            await asyncio.sleep(0)  # let a concurrent dispatcher interleave
        if self.failures[chat_id]:
            raise self.failures[chat_id].pop(0)
        self._next += 1
        self.sent.append((chat_id, message.text))
        return str(self._next)


class FakeSleep:
    """Records the waits asked for instead of waiting."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


async def add_person(db: aiosqlite.Connection, name: str, role: str, chat_id: str, agency: str | None = None) -> int:
    """A person linked on Telegram (chat id = user id), in `agency` (created if missing)."""
    agency_id = None
    if agency:
        async with db.execute("SELECT id FROM agencies WHERE name = ?", (agency,)) as cur:
            row = await cur.fetchone()
        if row:
            agency_id = row[0]
        else:
            cur = await db.execute(
                "INSERT INTO agencies (name, norm, kind, created_at) VALUES (?, ?, 'ward', '2025-01-01T00:00:00+00:00')",
                (agency, agency.lower()),
            )
            agency_id = cur.lastrowid
    cur = await db.execute(
        "INSERT INTO users (display_name, role, agency_id, created_at) VALUES (?, ?, ?, '2025-01-01T00:00:00+00:00')",
        (name, role, agency_id),
    )
    user_id = cur.lastrowid
    await db.execute(
        "INSERT INTO identities (user_id, channel, external_id, chat_id, linked_at)"
        " VALUES (?, 'telegram', ?, ?, '2025-01-01T00:00:00+00:00')",
        (user_id, chat_id, chat_id),
    )
    return user_id


def clean_env(**values: str) -> dict[str, str]:
    """This environment without the deployment's variables, plus `values`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(DEPLOYMENT_VARS)}
    env.update(values)
    return env
