"""Truthful failures (issue 22): a locked database or a full disk loses nothing and claims nothing.

While another process holds the write lock past the busy timeout, an update is not confirmed to Telegram
(polling) or stays waiting in the inbox (handling), and is tried again until the lock is gone: then it is
stored once and answered once. When the disk stays full, the person is told plainly their message was
not saved, and nothing of it is stored.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from bot import inbox as inbox_module
from bot.telegram import received
from storage.db import transaction
from tests.fakegram import FakeTelegram
from tests.harness import ADMIN_ID, Clock, Running, make_settings, seed_plan, start, stop

WARD_CHAIR = 2
NOW = datetime(2025, 3, 10, 2, 0, tzinfo=UTC)
NOT_SAVED = "CHƯA được lưu"


@pytest.fixture
async def bot(tmp_path) -> AsyncIterator[Running]:
    settings = make_settings(tmp_path, NHACVIEC_DB_BUSY_TIMEOUT_MS="100")
    await seed_plan(settings.db)
    fake = FakeTelegram()
    for uid, name in ((ADMIN_ID, "Admin"), (WARD_CHAIR, "Lan")):
        fake.add_user(uid, first_name=name)
    running = await start(settings, fake, Clock(NOW))
    try:
        yield running
    finally:
        await stop(running)


@pytest.fixture
def quick_retries(monkeypatch) -> tuple[float, ...]:
    delays = (0.05, 0.05, 0.05)
    monkeypatch.setattr(inbox_module, "RETRY_DELAYS_S", delays)
    return delays


async def linked_with_list(running: Running) -> int:
    invite = await running.say(ADMIN_ID, "/invite Phường Bến Nghé head")
    code = re.search(r"start=([A-Z0-9]+)", invite.plain).group(1)
    await running.say(WARD_CHAIR, f"/start {code}", contains="Đã liên kết")
    return (await running.say(WARD_CHAIR, "/tasks")).message_id


async def count(running: Running, sql: str) -> int:
    async with running.db.execute(sql) as cur:
        return (await cur.fetchone())[0]


def texts_to(running: Running, chat: int) -> list[str]:
    return [m.plain or "" for m in running.fake.messages_to(chat)]


async def paused_with_stored_reply(running: Running, text: str, reply_to: int) -> None:
    """The bot no longer polls and its inbox is paused; `text` is sent and stored in the inbox, not handled."""
    await running.app.bot_data["receiver"].stop()
    inbox = running.app.bot_data["inbox"]
    await inbox.stop()
    running.fake.user_sends(WARD_CHAIR, text, reply_to=reply_to)
    assert await inbox.receive([received(running.fake.pending_updates()[-1])]) == 1


async def lock(tmp_path) -> sqlite3.Connection:
    """Another connection holding the write lock (taken on a thread: the bot may be in a unit right now)."""
    locker = sqlite3.connect(tmp_path / "bot.sqlite3", isolation_level=None, check_same_thread=False)
    await asyncio.to_thread(locker.execute, "BEGIN IMMEDIATE")
    return locker


async def test_a_reply_polled_while_the_database_is_locked_is_stored_once_after_release(
    bot: Running, tmp_path, quick_retries
):
    listing = await linked_with_list(bot)
    inbox = bot.app.bot_data["inbox"]
    locker = await lock(tmp_path)
    try:
        bot.fake.user_sends(WARD_CHAIR, "2.1 xong", reply_to=listing)
        # the bot could not store it twice: Telegram still holds it unconfirmed, and nothing was said
        await asyncio.wait_for(inbox.wait_refusals(2), timeout=20)
        assert [u["message"]["text"] for u in bot.fake.pending_updates()] == ["2.1 xong"]
        assert not any(NOT_SAVED in t or "chưa bị mất" in t for t in texts_to(bot, WARD_CHAIR))
        locker.execute("ROLLBACK")
        await bot.fake.wait_for_message(WARD_CHAIR, contains="Đã ghi nhận 2.1", timeout=20)
    finally:
        locker.close()
    await inbox.wait_idle()
    assert await count(bot, "SELECT COUNT(*) FROM reports") == 1
    assert await count(bot, "SELECT COUNT(*) FROM inbox WHERE handled_at IS NULL") == 0
    assert sum("Đã ghi nhận" in t for t in texts_to(bot, WARD_CHAIR)) == 1


async def test_a_reply_polled_while_the_database_stays_locked_is_told_it_was_not_saved(
    bot: Running, tmp_path, quick_retries
):
    listing = await linked_with_list(bot)
    locker = await lock(tmp_path)
    try:
        bot.fake.user_sends(WARD_CHAIR, "2.1 xong", reply_to=listing)
        told = await bot.fake.wait_for_message(WARD_CHAIR, contains=NOT_SAVED, timeout=20)
        assert "gửi lại" in told.plain
        # given up: confirmed to Telegram, so it does not come back once the lock is gone
        await bot.fake.wait_for(lambda: not bot.fake.pending_updates(), timeout=20)
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    bot.fake.user_sends(WARD_CHAIR, "/tasks")
    await bot.fake.wait_for_message(WARD_CHAIR, contains="2.1", timeout=20)
    assert await count(bot, "SELECT COUNT(*) FROM reports") == 0
    assert not any("Đã ghi nhận" in t for t in texts_to(bot, WARD_CHAIR))


async def test_a_stored_reply_is_retried_while_locked_and_stored_once_after_release(bot: Running, quick_retries, tmp_path):
    listing = await linked_with_list(bot)
    await paused_with_stored_reply(bot, "2.1 xong", listing)
    inbox = bot.app.bot_data["inbox"]
    locker = await lock(tmp_path)
    try:
        inbox.start()
        # the database refused the inbox twice: the update is still waiting, nothing said
        await asyncio.wait_for(inbox.wait_refusals(2), timeout=20)
        assert not any(NOT_SAVED in t for t in texts_to(bot, WARD_CHAIR))
        locker.execute("ROLLBACK")
    finally:
        locker.close()
    await bot.fake.wait_for_message(WARD_CHAIR, contains="Đã ghi nhận 2.1", timeout=20)
    await inbox.wait_idle()
    assert await count(bot, "SELECT COUNT(*) FROM reports") == 1
    assert await count(bot, "SELECT COUNT(*) FROM inbox WHERE handled_at IS NULL") == 0


async def test_a_reply_that_finds_the_disk_full_is_told_it_was_not_saved(bot: Running, quick_retries):
    listing = await linked_with_list(bot)
    # a note too big for any page the database has left: storing it needs new pages
    note = "Đã hoàn thành kiểm tra, đề nghị bổ sung hồ sơ ữ " * 60
    await paused_with_stored_reply(bot, f"2.1 xong {note}", listing)
    await bot.db.execute("VACUUM")  # no free page left inside the file either (a dropped table leaves some)
    async with transaction(bot.db):
        async with bot.db.execute("PRAGMA page_count") as cur:
            (pages,) = await cur.fetchone()
        await bot.db.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full: not one page more
    before = len(bot.fake.messages_to(WARD_CHAIR))
    bot.app.bot_data["inbox"].start()
    told = await bot.fake.wait_for_message(WARD_CHAIR, contains=NOT_SAVED, timeout=20)
    assert "gửi lại" in told.plain
    assert await count(bot, "SELECT COUNT(*) FROM reports") == 0
    assert not any("Đã ghi nhận" in t for t in texts_to(bot, WARD_CHAIR)[before:])
