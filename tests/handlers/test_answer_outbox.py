"""Answers to people go through the outbox: queued in the unit that stores what they answer, sent at once by
the process that stored them, and by a later dispatch when that process died first."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from chat.messages import IncomingMessage, OutgoingMessage, SendError
from handlers.dispatch import dispatch
from schedules import delivery
from schedules.dispatcher import dispatch_outbox, send_claimed
from storage import outbox
from storage.db import transaction
from storage.inbox import Received, forget_handled, receive
from storage.reports import referred
from tests.helpers import FakeMessenger, FakeSleep
from tests.reliability_core import Core, open_core

pytestmark = pytest.mark.both_backends


async def stored(core: Core, user: str, text: str, message_id: str, **fields) -> tuple[list, list, IncomingMessage]:
    """`text` from `user` as the inbox hands it over: stored, then dispatched with its answers queued;
    the answers returned (not queued), the queued rows and the message."""
    async with transaction(core.db):
        await receive(core.db, Received("telegram", message_id, f"telegram:{user}:{message_id}", f"telegram:{user}", {}),
                      core.clock())
    (inbox_id,) = (await core.db.execute_fetchall("SELECT MAX(id) FROM inbox"))[0]
    msg = IncomingMessage(channel="telegram", chat_id=user, user_id=user, text=text, message_id=message_id, **fields)
    queued: list[outbox.OutboxRow] = []
    answers = await dispatch(msg, replace(core.ctx, queued=queued), inbox_id=inbox_id)
    return answers, queued, msg


async def test_a_report_and_its_answer_are_stored_in_one_unit_and_sent_at_once(tmp_path, database_url):
    core = await open_core(tmp_path, database=database_url)
    try:
        await core.link("2", "head", "Phường Bến Nghé")
        answers, queued, msg = await stored(core, "2", "2.1 xong", "31")
        assert answers == []  # queued, not returned
        (row,) = await outbox.all_rows(core.db)
        assert [r.id for r in queued] == [row.id] and row.key.startswith("answer:")
        assert (row.kind, row.state, row.chat_id) == (outbox.ANSWER, "sending", "2")  # claimed by this process
        assert "Đã ghi nhận" in row.payload_json()["text"] and await core.count("reports") == 1
        # another worker that took the same update: its unit (report, answer) is rolled back whole
        (inbox_id,) = (await core.db.execute_fetchall("SELECT id FROM inbox"))[0]
        assert await dispatch(msg, replace(core.ctx, queued=[]), inbox_id=inbox_id) == []
        assert await core.count("outbox") == 1 and await core.count("reports") == 1

        messenger = FakeMessenger()
        result = await send_claimed(core.db, messenger, queued, core.clock())
        assert result.sent == 1 and [chat for chat, _ in messenger.sent] == ["2"]
        sent = await outbox.get(core.db, row.id)
        assert sent.state == "sent" and sent.sent_ref is not None
        later = core.clock() + outbox.LEASE * 2
        assert (await dispatch_outbox(core.db, {"telegram": messenger}, later, sleep=FakeSleep())).sent == 0
        assert len(messenger.sent) == 1
    finally:
        await core.db.close()


async def test_an_answer_its_process_never_sent_goes_with_the_first_dispatch_after_the_lease(tmp_path, database_url):
    core = await open_core(tmp_path, database=database_url)
    try:
        await core.link("2", "head", "Phường Bến Nghé")
        async with transaction(core.db):  # reminders waiting to be sent
            for chat in ("7", "8", "9"):
                await outbox.enqueue(core.db, f"digest:{chat}", "digest", "telegram", chat, None,
                                     OutgoingMessage(f"nhắc {chat}", kind="digest"), core.clock())
        _, queued, _ = await stored(core, "2", "/tasks", "31")  # the process dies before sending it
        assert len(queued) == 1
        messenger = FakeMessenger()
        now = core.clock()
        await dispatch_outbox(core.db, {"telegram": messenger}, now, sleep=FakeSleep(), max_wait=0)
        assert [chat for chat, _ in messenger.sent] == ["7", "8", "9"]  # within its lease: not taken over
        await dispatch_outbox(core.db, {"telegram": messenger}, now + outbox.LEASE + timedelta(seconds=1),
                              sleep=FakeSleep())
        assert [chat for chat, _ in messenger.sent] == ["7", "8", "9", "2"]
        row = await outbox.get(core.db, queued[0].id)
        assert row.state == "sent" and row.attempts == 2
        async with transaction(core.db):  # a reply to the list maps back to its tasks, as one sent at once
            about = await referred(core.db, "telegram", "2", row.sent_ref)
        assert about is not None and about.items
        assert await core.count("sent_messages", "kind = 'tasks'") == 1
    finally:
        await core.db.close()


async def test_answers_are_claimed_before_reminders_queued_earlier(tmp_path, database_url, monkeypatch):
    monkeypatch.setattr(delivery, "RETRY_DELAYS", (0, 0, 0))
    core = await open_core(tmp_path, database=database_url)
    try:
        await core.link("2", "head", "Phường Bến Nghé")
        async with transaction(core.db):
            for chat in ("7", "8", "9"):
                await outbox.enqueue(core.db, f"digest:{chat}", "digest", "telegram", chat, None,
                                     OutgoingMessage(f"nhắc {chat}", kind="digest"), core.clock())
        _, queued, _ = await stored(core, "2", "2.1 xong", "31")
        # Telegram fails it four times: after its quick retries the answer waits for the outbox's next run
        messenger = FakeMessenger({"2": [SendError("502")] * 4})
        result = await send_claimed(core.db, messenger, queued, core.clock())
        assert result.retried == 1 and messenger.sent == []
        await dispatch_outbox(core.db, {"telegram": messenger}, core.clock() + timedelta(minutes=1), batch=1,
                              concurrency=1, sleep=FakeSleep())
        assert [chat for chat, _ in messenger.sent] == ["2", "7", "8", "9"]
    finally:
        await core.db.close()


async def test_an_update_stored_under_a_forgotten_updates_id_is_answered_too(tmp_path, database_url):
    core = await open_core(tmp_path, database=database_url)
    try:
        await core.link("2", "head", "Phường Bến Nghé")
        _, first, _ = await stored(core, "2", "2.1 đang làm 50%", "31")
        async with transaction(core.db):  # a week later the handled update is forgotten (storage.inbox)
            await forget_handled(core.db, core.clock() + timedelta(days=30))
        _, second, _ = await stored(core, "2", "2.1 xong", "32")  # SQLite gives its id again
        assert len(first) == len(second) == 1 and await core.count("reports") == 2
        assert {r.state for r in await outbox.all_rows(core.db)} == {"sending"}
    finally:
        await core.db.close()


async def test_sent_answers_are_forgotten_after_a_week_and_nothing_else_is(tmp_path, database_url):
    core = await open_core(tmp_path, database=database_url)
    try:
        now = core.clock()
        message = OutgoingMessage(text="Đã ghi nhận 2.1: Xong.")
        async with transaction(core.db):
            (sent,) = await outbox.enqueue_claimed(core.db, "answer:sent", "telegram", "2", None, message, now)
            (failing,) = await outbox.enqueue_claimed(core.db, "answer:failing", "telegram", "3", None, message, now)
            await outbox.enqueue(core.db, "digest:user:2|2025-03-12", "digest", "telegram", "2", None, message, now)
            (digest,) = [r for r in await outbox.all_rows(core.db) if r.kind == "digest"]
            await outbox.mark_sent(core.db, sent.id, "m1", now)
            await outbox.mark_sent(core.db, digest.id, "m2", now)
            await outbox.mark_failed(core.db, failing.id, "Bad Gateway", now)
        for days, left in ((6, {sent.id, failing.id, digest.id}), (8, {failing.id, digest.id})):
            async with transaction(core.db):
                await outbox.forget_sent_answers(core.db, now + timedelta(days=days))
            assert {r.id for r in await outbox.all_rows(core.db)} == left
        if database_url is None:  # SQLite finds them through the partial index, not a scan of every sent row
            plan = await core.db.execute_fetchall(
                "EXPLAIN QUERY PLAN DELETE FROM outbox WHERE kind = 'answer' AND state = 'sent' AND sent_at < ?", ("x",))
            assert any("outbox_answers_sent" in str(row) for row in plan)
    finally:
        await core.db.close()
