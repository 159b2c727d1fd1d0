"""Several workers share Telegram's 30 messages a second (schedules.sharing, storage.send_shares): two
limiters sharing the rate stay within it where a rate each does not; an answer never waits for the
database; a dead worker's share comes back when its row lapses; a share cut is counted for a window."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import pytest

from schedules.ratelimit import RateLimiter
from schedules.sharing import ShareKeeper
from storage import send_shares
from storage.db import connect

# the keepers run on PostgreSQL only (SQLite serves one process, which keeps the whole rate); the table's
# rules are checked on both backends
ON_POSTGRESQL = pytest.mark.parametrize("backend", ["postgresql"], indirect=True)


def busiest_second(moments: list[float]) -> int:
    """The most moments in any one second."""
    moments = sorted(moments)
    return max(len([m for m in moments[n:] if m < start + 1.0]) for n, start in enumerate(moments))


async def send_beside(outbox: RateLimiter, answers: RateLimiter) -> list[float]:
    """12 outbox messages through one limiter and 20 answers at once through the other; when each went."""
    moments: list[float] = []

    async def one(acquire: Callable[[str], object], chat: str) -> None:
        await acquire(chat)  # type: ignore[misc]
        moments.append(time.monotonic())

    async def the_outbox() -> None:
        for n in range(12):
            await one(outbox.acquire, str(100 + n))

    await asyncio.gather(the_outbox(), *(one(answers.answer, str(900 + n)) for n in range(20)))
    return moments


@ON_POSTGRESQL
async def test_two_workers_sharing_the_rate_stay_within_it(database_url):
    first, second = RateLimiter(), RateLimiter()
    stop = asyncio.Event()
    keepers = [ShareKeeper(database_url, limiter, period=0.05) for limiter in (first, second)]
    for keeper in keepers:
        await keeper.renew()  # both granted, as workers up before a tick
    running = [asyncio.create_task(k.run(stop)) for k in keepers]
    try:
        moments = await send_beside(first, second)
    finally:
        stop.set()
        await asyncio.gather(*running)
    assert len(moments) == 32 and busiest_second(moments) <= 30


async def test_a_rate_each_breaks_it():
    # the same sends, each worker pacing itself at the whole rate (before the shares): 32 in a second
    moments = await send_beside(RateLimiter(), RateLimiter())
    assert busiest_second(moments) > 30


@ON_POSTGRESQL
async def test_an_answer_does_not_wait_for_a_locked_database(database_url):
    limiter = RateLimiter()
    keeper = ShareKeeper(database_url, limiter, period=0.05, timeout=0.2)
    await limiter.acquire("1")  # the outbox is sending: the worker asks for the whole rate
    for _ in range(20):  # a loaded host can take longer than the 0.2 s timeout to answer: ask again
        await keeper.renew()
        if limiter.share() == 30:
            break
    assert limiter.share() == 30
    blocker = await connect(database_url)
    try:
        # another connection holds what a renewal waits for
        await blocker.execute("SELECT pg_advisory_lock(?)", (send_shares.SHARES_LOCK,))
        renewing = asyncio.create_task(keeper.renew())  # waits for the lock, then gives up
        for n in range(10):
            await limiter.answer(str(900 + n))
        assert not renewing.done()  # within the share held: answered while the renewal still waits
        # the renewal gives up: the worker falls back to one message a window, and still answers
        await renewing
        assert limiter.share() == keeper.fallback
        started = time.monotonic()
        await limiter.answer("999")
        await limiter.answer("998")
        assert time.monotonic() - started < 2 * limiter.window + 0.3  # the ten above leave the window first
    finally:
        await blocker.close()


@pytest.mark.both_backends
async def test_a_dead_workers_share_comes_back_when_its_row_lapses(database_url):
    conn = await connect(database_url)
    try:
        dead = await send_shares.renew(conn, "telegram", "dead", answers=1, outbox=True, total=30, window=1.0, ttl=0.3)
        assert dead.share == 30
        started = time.monotonic()
        alive = await send_shares.renew(conn, "telegram", "alive", answers=1, outbox=True, total=30, window=1.0, ttl=5)
        assert alive.share == 0  # the dead one's row has not lapsed yet
        grants: list[send_shares.Grant] = []

        async def renewed() -> None:
            grants.append(
                await send_shares.renew(conn, "telegram", "alive", answers=1, outbox=True, total=30, window=1.0, ttl=5)
            )

        while not grants or grants[-1].share < 30:
            await renewed()
            assert time.monotonic() - started < 5, "the dead worker's share never came back"
        assert time.monotonic() - started >= 0.2 and grants[-1].at_once == 30
    finally:
        await conn.close()


@pytest.mark.both_backends
async def test_answers_share_the_rate_until_the_outbox_sends_then_keep_what_they_ask(database_url):
    conn = await connect(database_url)
    try:
        args = {"total": 30, "window": 1.0, "ttl": 5}
        # no outbox: two workers answering share the rate, a burst of people goes out at once; one alone
        # takes at most half, so a worker starting beside it finds room
        assert (await send_shares.renew(conn, "telegram", "a", answers=1, outbox=False, **args)).share == 15
        b = await send_shares.renew(conn, "telegram", "b", answers=1, outbox=False, **args)
        assert (b.share, b.at_once) == (14, 14)
        assert (await send_shares.renew(conn, "telegram", "a", answers=1, outbox=False, **args)).share == 14
        assert (await send_shares.renew(conn, "telegram", "b", answers=1, outbox=False, **args)).share == 14
        # a sends the outbox: it takes what b leaves; b keeps what its answers ask at its next renewal
        assert (await send_shares.renew(conn, "telegram", "a", answers=1, outbox=True, **args)).share == 16
        assert (await send_shares.renew(conn, "telegram", "b", answers=4, outbox=False, **args)).share == 4
        a = await send_shares.renew(conn, "telegram", "a", answers=1, outbox=True, **args)
        # b's 14 of the last window are still counted: a may use 10 of its 26 a window later, not at once
        assert (a.share, a.at_once) == (26, 16)
    finally:
        await conn.close()


@pytest.mark.both_backends
async def test_workers_asking_more_than_the_rate_each_get_a_part_and_never_more_than_it_in_all(database_url):
    # found at full size: a cron tick sending the outbox beside two webhook workers whose waiting answers
    # asked the whole rate each: every worker was granted nothing, and nothing was sent again
    conn = await connect(database_url)
    try:
        args = {"total": 30, "window": 1.0, "ttl": 5}
        asks = {"tick": (1, True), "web1": (30, False), "web2": (30, False)}
        shares: dict[str, int] = {}
        for _ in range(4):  # each renews in turn, as their keepers do
            for worker, (answers, outbox) in asks.items():
                grant = await send_shares.renew(conn, "telegram", worker, answers=answers, outbox=outbox, **args)
                shares[worker] = grant.share
                assert sum(shares.values()) <= 30
        assert all(share >= 10 for share in shares.values()), shares
    finally:
        await conn.close()
