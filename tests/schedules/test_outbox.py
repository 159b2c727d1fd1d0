"""The outbox and its dispatcher: at most once per key, every row sent or accounted for."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

import pytest

from chat.messages import OutgoingMessage, SendError
from schedules.dispatcher import dispatch_outbox
from schedules.ratelimit import RateLimiter
from storage import outbox
from storage.db import open_db, transaction
from tests.helpers import FakeMessenger, FakeSleep, add_person

pytestmark = pytest.mark.both_backends


async def queue(db, key: str, chat_id: str, now, *, text: str | None = None, refers_to=()) -> bool:
    message = OutgoingMessage(text=text or key, refers_to=tuple(refers_to), kind="digest")
    return await outbox.enqueue(db, key, "digest", "telegram", chat_id, None, message, now)


async def test_the_same_key_is_queued_once(db, now):
    assert await queue(db, "digest:user:1|2025-03-10", "1", now) is True
    assert await queue(db, "digest:user:1|2025-03-10", "1", now + timedelta(hours=1)) is False
    assert (await outbox.counts(db))["pending"] == 1
    row = await outbox.by_key(db, "digest:user:1|2025-03-10")
    assert row is not None and OutgoingMessage.from_json(row.payload_json()).text == "digest:user:1|2025-03-10"


async def test_claims_at_the_same_moment_are_disjoint(db, now):
    for n in range(5):
        await queue(db, f"k{n}", str(n), now)
    first, second = await asyncio.gather(outbox.claim_due(db, now, 3), outbox.claim_due(db, now, 3))
    ids = [r.id for r in first] + [r.id for r in second]
    assert sorted(ids) == sorted(set(ids)) and len(ids) == 5
    assert all(r.state == "sending" and r.attempts == 1 for r in first + second)
    assert await outbox.claim_due(db, now, 10) == []


async def test_two_dispatchers_at_the_same_moment_send_once(db, now, tmp_path):
    for n in range(20):
        await queue(db, f"k{n}", str(n % 7), now)
    other = await open_db(tmp_path / "test.sqlite3")  # a second process on the same file
    try:
        messenger = FakeMessenger(pause=True)
        a, b = await asyncio.gather(
            dispatch_outbox(db, {"telegram": messenger}, now, batch=3, sleep=FakeSleep()),
            dispatch_outbox(other, {"telegram": messenger}, now, batch=3, sleep=FakeSleep()),
        )
    finally:
        await other.close()
    texts = [text for _, text in messenger.sent]
    assert sorted(texts) == sorted(f"k{n}" for n in range(20))
    assert a.sent + b.sent == 20
    assert (await outbox.counts(db))["sent"] == 20
    # each chat's messages went out in the order they were queued
    for chat in {c for c, _ in messenger.sent}:
        order = [int(text[1:]) for c, text in messenger.sent if c == chat]
        assert order == sorted(order)


async def test_a_crash_before_sending_sends_exactly_once_later(db, now):
    await queue(db, "left-pending", "1", now)
    await queue(db, "left-sending", "2", now)
    claimed = await outbox.claim_due(db, now, 1)  # a process claimed row 1… and died
    assert [r.key for r in claimed] == ["left-pending"]
    messenger = FakeMessenger()
    result = await dispatch_outbox(db, {"telegram": messenger}, now, sleep=FakeSleep(), max_wait=0)
    assert [t for _, t in messenger.sent] == ["left-sending"]  # the leased row waits
    assert result.sent == 1
    later = now + outbox.LEASE + timedelta(seconds=1)
    result = await dispatch_outbox(db, {"telegram": messenger}, later, sleep=FakeSleep())
    assert [t for _, t in messenger.sent] == ["left-sending", "left-pending"]
    again = await dispatch_outbox(
        db, {"telegram": messenger}, later + timedelta(minutes=5), sleep=FakeSleep()
    )
    assert again.sent == 0 and len(messenger.sent) == 2
    row = await outbox.by_key(db, "left-pending")
    assert row.state == "sent" and row.attempts == 2 and row.sent_ref is not None


async def test_faults_end_with_every_message_delivered_or_accounted_for(db, now):
    secretary = await add_person(db, "Chánh Văn phòng", "secretary", "900")
    await add_person(db, "Anh Ba", "member", "404", agency="UBND phường Bến Thành")
    failures: dict[str, list[Exception]] = {
        "429": [SendError("Too Many Requests", retry_after=3)],
        "500": [SendError("Bad Gateway"), SendError("Internal Server Error")],
        "timeout": [SendError("timed out"), TimeoutError("read timeout")],
        "404": [SendError("Forbidden: bot was blocked by the user", permanent=True, unreachable=True)],
        "400": [SendError("Bad Request: chat not found", permanent=True)],
        "boom": [RuntimeError("adapter bug")],
    }
    chats = ["429", "500", "timeout", "404", "400", "boom", "ok"]
    for chat in chats:
        await queue(db, f"to-{chat}", chat, now)
    await queue(db, "to-404-second", "404", now)
    messenger = FakeMessenger(failures)
    sleep = FakeSleep()
    result = await dispatch_outbox(db, {"telegram": messenger}, now, sleep=sleep)

    delivered = sorted(t for _, t in messenger.sent if t.startswith("to-"))
    assert delivered == ["to-429", "to-500", "to-boom", "to-ok", "to-timeout"]
    assert len(messenger.sent) == len({t for _, t in messenger.sent})  # none twice
    rows = {r.key: r for r in await outbox.all_rows(db)}
    assert rows["to-404"].state == "dead" and rows["to-404"].last_error.startswith("unreachable")
    assert rows["to-404-second"].state == "dead" and "unreachable" in rows["to-404-second"].last_error
    assert rows["to-400"].state == "dead" and "chat not found" in rows["to-400"].last_error
    assert rows["to-500"].attempts == 3 and rows["to-timeout"].attempts == 3
    assert any(s >= 3 for s in sleep.calls)  # the retry_after was waited for
    # the identity is flagged and the secretary told, by a message that was itself sent
    async with db.execute("SELECT unreachable_at FROM identities WHERE chat_id = '404'") as cur:
        assert (await cur.fetchone())[0] is not None
    notices = [r for r in rows.values() if r.kind == "notice"]
    assert len(notices) == 1 and notices[0].user_id == secretary and notices[0].state == "sent"
    assert "Anh Ba (UBND phường Bến Thành)" in OutgoingMessage.from_json(notices[0].payload_json()).text
    assert "chặn bot" in OutgoingMessage.from_json(notices[0].payload_json()).text
    assert (result.sent, result.dead, result.unreachable) == (6, 1, 2)
    counts = await outbox.counts(db)
    assert counts == {"pending": 0, "sending": 0, "sent": 6, "failed": 0, "dead": 3}


async def test_attempts_are_capped(db, now):
    await queue(db, "never", "7", now)
    messenger = FakeMessenger({"7": [SendError("Bad Gateway") for _ in range(20)]})
    moment = now
    for _ in range(12):
        await dispatch_outbox(
            db, {"telegram": messenger}, moment, sleep=FakeSleep(), max_attempts=8, max_wait=0
        )
        moment += timedelta(hours=2)
    row = await outbox.by_key(db, "never")
    assert row.state == "dead" and row.last_error == "gave up after 8 attempts: Bad Gateway"
    assert len(messenger.attempts) == 8


async def test_backoff_grows_and_late_retries_wait_for_the_next_run(db, now):
    await queue(db, "flaky", "8", now)
    messenger = FakeMessenger({"8": [SendError("Bad Gateway") for _ in range(5)]})
    sleep = FakeSleep()
    result = await dispatch_outbox(db, {"telegram": messenger}, now, sleep=sleep, backoff=5, max_wait=60)
    row = await outbox.by_key(db, "flaky")
    # 5 s, 10 s, 20 s fit in a minute of waiting; the 40 s one is left for the next run
    assert row.state == "failed" and row.attempts == 4
    assert result.retried == 4 and result.sent == 0
    assert sleep.calls == pytest.approx([5.5, 10, 20], abs=1)


async def test_a_chat_keeps_its_order_when_the_first_message_must_wait(db, now):
    await queue(db, "first", "5", now)
    await queue(db, "second", "5", now)
    messenger = FakeMessenger({"5": [SendError("Bad Gateway")]})
    await dispatch_outbox(db, {"telegram": messenger}, now, sleep=FakeSleep())
    assert [t for _, t in messenger.sent] == ["first", "second"]


async def test_a_sent_digest_maps_its_message_id_to_its_items(db, now):
    items = ({"task": 3, "occurrence": 9}, {"task": 4, "occurrence": None})
    await queue(db, "digest:user:1|2025-03-10", "77", now, refers_to=items)
    messenger = FakeMessenger()
    result = await dispatch_outbox(db, {"telegram": messenger}, now, sleep=FakeSleep())
    sent = result.delivered[0]
    assert sent.line() == "sent telegram:77 digest:user:1|2025-03-10 (2 mục)"
    async with db.execute(
        "SELECT kind, items FROM sent_messages WHERE channel = 'telegram' AND chat_id = '77' AND message_id = ?",
        (sent.message_id,),
    ) as cur:
        kind, stored = await cur.fetchone()
    assert kind == "digest" and json.loads(stored) == list(items)


async def test_rows_of_channels_without_a_messenger_stay_queued(db, now):
    message = OutgoingMessage(text="xin chào")
    async with transaction(db):
        await outbox.enqueue(db, "zalo-1", "notice", "zalo", "z1", None, message, now)
    result = await dispatch_outbox(db, {"telegram": FakeMessenger()}, now, sleep=FakeSleep())
    assert result.sent == 0 and (await outbox.by_key(db, "zalo-1")).state == "pending"


async def test_rate_limiter_paces_overall_per_chat_and_per_group():
    clock = [0.0]
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        clock[0] += seconds

    limiter = RateLimiter(safety=0.0, clock=lambda: clock[0], sleep=sleep)
    for _ in range(3):
        await limiter.acquire("42")
    assert clock[0] == 2.0  # one a second to the same chat
    start = clock[0]
    for n in range(30):
        await limiter.acquire(str(n + 100))
    assert 0.9 < clock[0] - start < 1.01  # thirty chats: about a second at 30/s
    start = clock[0]
    for _ in range(3):
        await limiter.acquire("-100123")
    assert 6.0 <= clock[0] - start < 6.05  # a group: one every three seconds


async def test_queued_together_each_key_once_in_order_and_a_long_text_in_parts(db, now):
    def digest(key: str, text: str) -> outbox.Queued:
        return outbox.Queued(key, "digest", "telegram", "1", None, OutgoingMessage(text=text, kind="digest"))

    long = "\n".join(f"dòng {n} " + "x" * 80 for n in range(60))  # over 4,096 characters: two parts
    async with transaction(db):
        assert await queue(db, "digest:user:2|2025-03-10", "1", now)  # a first digest, queued before
        keys = await outbox.enqueue_each(
            db, [digest("digest:user:1|2025-03-10", "một"), digest("digest:user:2|2025-03-10", "hai"),
                 digest("digest:user:3|2025-03-10", long), digest("digest:user:3|2025-03-10", "ba lần nữa")], now,
        )
    assert keys == ["digest:user:1|2025-03-10", "digest:user:2|2025-03-10|2", "digest:user:3|2025-03-10",
                    "digest:user:3|2025-03-10|2"]
    rows = await db.execute_fetchall("SELECT key, payload FROM outbox ORDER BY id")
    assert [r[0] for r in rows] == ["digest:user:2|2025-03-10", "digest:user:1|2025-03-10", "digest:user:2|2025-03-10|2",
                                   "digest:user:3|2025-03-10", "digest:user:3|2025-03-10|part:2",
                                   "digest:user:3|2025-03-10|2"]
    assert json.loads(rows[2][1])["text"] == "hai"
    assert "\n".join(json.loads(r[1])["text"] for r in rows[3:5]) == long
