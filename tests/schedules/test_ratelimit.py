"""The process's RateLimiter beside the outbox: its share of the rate in any window, answers first and at
once, a cut at once and a raise a window later unless granted at once, and python-telegram-bot's requests
through it (bot.ratelimit)."""

from __future__ import annotations

import asyncio

from bot.ratelimit import OUTBOX, PacedRateLimiter
from schedules.ratelimit import RateLimiter


class FakeTime:
    """A clock that moves only when slept on; a sleep lets the other tasks run."""

    def __init__(self) -> None:
        self.now = 0.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)


def limiter(time: FakeTime, share: int) -> RateLimiter:
    return RateLimiter(overall_per_second=share, safety=0.0, clock=time.clock, sleep=time.sleep)


async def test_answers_go_at_once_within_the_share_then_wait_for_the_window():
    time = FakeTime()
    paced = limiter(time, 3)
    for chat in ("a", "b", "a"):
        await paced.answer(chat)  # no pace per chat for a person waiting for the answer
    assert time.now == 0.0
    await paced.answer("c")
    assert time.now == 1.0  # the share of the window was spent


async def test_an_answer_waiting_goes_before_the_outbox():
    time = FakeTime()
    paced = limiter(time, 1)
    await paced.answer("a")
    order: list[str] = []

    async def send(kind: str, take) -> None:
        await take(kind)
        order.append(kind)

    answer = asyncio.create_task(send("answer", paced.answer))
    await asyncio.sleep(0)  # the answer waits for the window first
    await send("outbox", paced.acquire)
    await answer
    assert order == ["answer", "outbox"]


async def test_a_cut_applies_at_once_a_raise_a_window_later_unless_granted_at_once():
    time = FakeTime()
    paced = limiter(time, 10)
    paced.set_share(4)
    assert paced.share() == 4
    paced.set_share(12, at_once=6)
    assert paced.share() == 6
    time.now += paced.window
    assert paced.share() == 12


async def test_telegram_requests_to_a_chat_are_paced_as_answers_or_as_the_outbox():
    time = FakeTime()
    requests = PacedRateLimiter(limiter(time, 30))
    made: list[str] = []

    async def call(endpoint: str) -> bool:
        made.append(endpoint)
        return True

    async def request(endpoint: str, data: dict, args: str | None) -> None:
        await requests.process_request(call, (endpoint,), {}, endpoint, data, args)

    await request("getMe", {}, None)
    await request("sendMessage", {"chat_id": 5}, None)
    await request("sendMessage", {"chat_id": 5}, None)
    assert time.now == 0.0  # answers to one chat go at once
    await request("sendMessage", {"chat_id": 6}, OUTBOX)
    await request("sendMessage", {"chat_id": 6}, OUTBOX)
    assert 1.0 <= time.now < 1.1  # the outbox's: one a second to a chat (spread after the answers)
    assert made == ["getMe"] + ["sendMessage"] * 4
