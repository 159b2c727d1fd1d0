"""The inbox's parts: re-delivery keys, per-chat order, and updates no started channel can take."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3

from bot.inbox import Inbox
from bot.telegram import received
from chat.messages import IncomingMessage
from handlers.context import Context, CoreSettings
from handlers.dispatch import dispatch
from i18n import t
from storage.db import open_db, transaction
from storage.inbox import InboxRow, Received


def message(update_id: int, message_id: int, text: str, *, edit_date: int | None = None) -> dict:
    body = {"message_id": message_id, "date": 1741572000, "text": text,
            "chat": {"id": 7, "type": "private"}, "from": {"id": 7, "is_bot": False, "first_name": "Lan"}}
    if edit_date is None:
        return {"update_id": update_id, "message": body}
    return {"update_id": update_id, "edited_message": {**body, "edit_date": edit_date}}


class Recorder:
    """A channel that notes the order it is given updates in and marks each handled."""

    platform = "telegram"

    def __init__(self, db) -> None:
        self.db = db
        self.seen: list[str] = []

    async def handle(self, row: InboxRow) -> None:
        async with transaction(self.db):
            self.seen.append(row.update_key)
            await self.db.execute("UPDATE inbox SET handled_at = received_at WHERE id = ?", (row.id,))

    async def tell_not_saved(self, row: InboxRow) -> None:
        raise AssertionError("nothing fails here")


async def test_the_same_message_or_edit_under_another_update_id_is_stored_nothing(db, now):
    inbox = Inbox(db, lambda: now)
    assert await inbox.receive([received(message(1, 10, "2.1 xong"))]) == 1
    assert await inbox.receive([received(message(1, 10, "2.1 xong"))]) == 0  # the same update id
    assert await inbox.receive([received(message(2, 10, "2.1 xong"))]) == 0  # the same message, a new id
    assert await inbox.receive([received(message(3, 10, "2.1 đang làm", edit_date=1741572100))]) == 1
    assert await inbox.receive([received(message(4, 10, "2.1 đang làm", edit_date=1741572100))]) == 0
    # a second edit in the same second is news
    assert await inbox.receive([received(message(5, 10, "2.1 vướng", edit_date=1741572100))]) == 1
    async with transaction(db):
        async with db.execute("SELECT update_key FROM inbox ORDER BY id") as cur:
            assert [r[0] for r in await cur.fetchall()] == ["1", "3", "5"]


async def test_a_chats_updates_are_handled_in_the_order_they_arrived(db, now):
    inbox = Inbox(db, lambda: now)
    channel = Recorder(db)
    await inbox.receive([received(message(n, n, f"tin {n}")) for n in (5, 6, 7)])
    inbox.add_channel(channel)
    inbox.start()
    await asyncio.wait_for(inbox.wait_idle(), 10)
    await inbox.stop()
    assert channel.seen == ["5", "6", "7"]


async def test_updates_no_started_channel_takes_wait_for_the_next_start(db, now):
    inbox = Inbox(db, lambda: now)
    await inbox.receive([Received("zalo", "m1", None, "zalo:9", {"message": {}})])
    inbox.start()
    await asyncio.wait_for(inbox.wait_idle(), 10)  # parked, not spinning
    await inbox.stop()
    async with transaction(db):
        async with db.execute("SELECT COUNT(*) FROM inbox WHERE handled_at IS NULL") as cur:
            assert (await cur.fetchone())[0] == 1


async def test_without_an_inbox_a_locked_database_answers_not_saved(tmp_path, migrated, now):
    path = tmp_path / "locked.sqlite3"
    shutil.copyfile(migrated, path)
    db = await open_db(path, busy_timeout_ms=50)
    locker = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        await asyncio.to_thread(locker.execute, "BEGIN IMMEDIATE")  # another process holds the write lock
        ctx = Context(db=db, settings=CoreSettings(), clock=lambda: now)
        answers = await dispatch(IncomingMessage("console", "7", "7", "/help"), ctx)
        assert [a.text for a in answers] == [t("not_saved")]
        assert "CHƯA được lưu" in answers[0].text
    finally:
        locker.execute("ROLLBACK")
        locker.close()
        await db.close()
