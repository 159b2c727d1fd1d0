"""Answers to people are retried briefly on transient errors, never on permanent ones; records of sends
share units."""

from __future__ import annotations

import asyncio
import contextvars

import pytest

from chat.messages import OutgoingMessage, SendError
from schedules import delivery as answers
from storage.db import transaction


class Flaky:
    channel = "test"

    def __init__(self, errors: list[SendError]) -> None:
        self.errors = errors
        self.calls = 0

    async def send(self, chat_id: str, message: OutgoingMessage) -> str:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return f"{chat_id}:{self.calls}"


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch):
    monkeypatch.setattr(answers, "RETRY_DELAYS", (0, 0, 0))


async def test_transient_errors_are_retried():
    messenger = Flaky([SendError("timeout"), SendError("502"), SendError("429", retry_after=0)])
    assert await answers.send_answer(messenger, "7", OutgoingMessage("Đã ghi nhận")) == "7:4"


async def test_gives_up_after_the_last_retry():
    messenger = Flaky([SendError("502")] * 4)
    with pytest.raises(SendError):
        await answers.send_answer(messenger, "7", OutgoingMessage("x"))
    assert messenger.calls == 4


@pytest.mark.parametrize(
    "error", [SendError("403", permanent=True, unreachable=True), SendError("quota", permanent=True),
              SendError("429", retry_after=60)],
)
async def test_permanent_errors_and_long_pauses_are_not_retried(error):
    messenger = Flaky([error])
    with pytest.raises(SendError):
        await answers.send_answer(messenger, "7", OutgoingMessage("x"))
    assert messenger.calls == 1


@pytest.mark.both_backends
async def test_records_waiting_together_share_a_unit_and_one_that_fails_fails_alone(db):
    ran: list[str] = []

    def record(key: str):
        async def write() -> None:
            ran.append(key)
            if key == "bad":
                raise ValueError(key)
            await db.execute("INSERT INTO kv (key, value) VALUES (?, 'x')", (key,))
        return write

    outside = contextvars.copy_context()  # the records' tasks are not inside the unit below (PostgreSQL's is the task's)
    async with transaction(db):  # the write lock is busy: "a" takes its turn, the two others wait together
        waiting = [asyncio.get_running_loop().create_task(answers.in_shared_unit(db, record(key)), context=outside.copy())
                   for key in ("a", "b", "bad")]
        await asyncio.sleep(0.05)
    results = await asyncio.gather(*waiting, return_exceptions=True)
    assert results[0] is None and results[1] is None and isinstance(results[2], ValueError)
    # "a" alone; "b" and "bad" in one unit, rolled back by "bad", then each alone
    assert ran == ["a", "b", "bad", "b", "bad"]
    async with transaction(db):
        stored = [row[0] for row in await db.execute_fetchall("SELECT key FROM kv ORDER BY key")]
    assert stored == ["a", "b"]
