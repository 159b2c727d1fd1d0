"""Answers to people are retried briefly on transient errors, never on permanent ones."""

from __future__ import annotations

import pytest

from chat.messages import OutgoingMessage, SendError
from schedules import delivery as answers


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
