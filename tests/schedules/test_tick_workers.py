"""Ticks of several workers on one PostgreSQL database: the reminders one worker plans go out in that pass.

One worker plans at a time and one sends at a time (advisory locks). Two `nhacviec tick` processes
started together crossed: the second skipped planning (the first held its lock) and took the sending
lock, found nothing due yet and ended; the first queued the day's reminders, found the sending lock
taken and skipped sending: both ended having sent nothing, and the day's reminders waited for the next
tick. And a tick for a moment of its own (`nhacviec tick --at`) waits for the worker sending rather than
leave what is due at its moment to it.
"""

from __future__ import annotations

import asyncio
from datetime import date

import pytest

from schedules.model import ReminderSettings
from schedules.tick import plan_and_enqueue, run_tick
from storage.db import only_one, open_db
from tests.helpers import FakeMessenger, FakeSleep, add_person, at
from tests.schedules.test_tick import add_milestone, add_plan, add_task

pytestmark = pytest.mark.parametrize("backend", ["postgresql"], indirect=True)


async def _until_waiting_or_done(other, ticking: asyncio.Task) -> None:
    """Until the tick waits for an advisory lock (or has ended: what the old code did)."""
    while not ticking.done():
        if await other.execute_fetchall("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"):
            return
        await asyncio.sleep(0.01)


async def test_a_worker_that_queued_reminders_sends_them_once_the_worker_sending_is_done(db, database_url):
    member = await add_person(db, "Chị Lan", "member", "501", agency="UBND phường Bến Nghé")
    task = await add_task(db, await add_plan(db), "1.1", "UBND phường Bến Nghé")
    await add_milestone(db, task, "due", [date(2025, 3, 12)])
    messenger = FakeMessenger()
    other = await open_db(database_url)  # the other worker
    try:
        async with only_one(other, "dispatch") as sending:  # it is sending, and found nothing due
            assert sending
            ticking = asyncio.create_task(
                run_tick(db, {"telegram": messenger}, ReminderSettings(), at(date(2025, 3, 11)), sleep=FakeSleep())
            )
            await _until_waiting_or_done(other, ticking)
        lines = await ticking
    finally:
        await other.close()
    assert lines == [f"sent telegram:501 digest:user:{member}|2025-03-11 (1 mục)"]
    assert [chat for chat, _ in messenger.sent] == ["501"]


async def test_a_worker_with_nothing_new_to_send_skips_the_pass_another_worker_is_sending(db, database_url):
    await add_person(db, "Chị Lan", "member", "501", agency="UBND phường Bến Nghé")
    messenger = FakeMessenger()
    other = await open_db(database_url)
    try:
        async with only_one(other, "dispatch"), asyncio.timeout(30):  # it does not wait its turn
            lines = await run_tick(db, {"telegram": messenger}, ReminderSettings(), at(date(2025, 3, 11)),
                                   sleep=FakeSleep())
    finally:
        await other.close()
    assert lines == [] and messenger.sent == []


async def test_a_tick_for_a_moment_of_its_own_sends_what_is_due_then_once_the_worker_sending_is_done(db, database_url):
    # `nhacviec tick --at`: the worker sending sends what is due at its own moment, which may not be this one
    member = await add_person(db, "Chị Lan", "member", "501", agency="UBND phường Bến Nghé")
    task = await add_task(db, await add_plan(db), "1.1", "UBND phường Bến Nghé")
    await add_milestone(db, task, "due", [date(2025, 3, 12)])
    moment = at(date(2025, 3, 11))
    assert await plan_and_enqueue(db, ReminderSettings(), moment)  # queued earlier, not sent
    messenger = FakeMessenger()
    other = await open_db(database_url)
    try:
        async with only_one(other, "dispatch"):
            ticking = asyncio.create_task(run_tick(
                db, {"telegram": messenger}, ReminderSettings(), moment, sleep=FakeSleep(), wait_to_send=True
            ))
            await _until_waiting_or_done(other, ticking)
        lines = await ticking
    finally:
        await other.close()
    assert lines == [f"sent telegram:501 digest:user:{member}|2025-03-11 (1 mục)"]
