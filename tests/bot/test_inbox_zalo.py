"""Zalo through the inbox (issue 22): a webhook update is stored before 200, and one delivered twice is
handled and answered once; polled updates are stored before they are handled."""

from __future__ import annotations

from tests.bot.test_zalo import LAN, MONDAY_9AM, start_zalo, stop_zalo, zalo_settings, zalo_webhook_settings
from tests.fakezalo import FakeZalo
from tests.harness import Clock
from tests.reliability_tools import free_port


async def test_a_zalo_webhook_update_delivered_twice_is_answered_once(tmp_path):
    fake = FakeZalo()
    port = free_port()
    with fake.serve() as server:
        settings = zalo_webhook_settings(tmp_path, server.base_url, port)
        run = await start_zalo(settings, fake, Clock(MONDAY_9AM))
        try:
            fake.user_sends(LAN, "/help")
            update = fake.pending_updates()[0]
            assert await fake.push_webhook(update) == 200
            assert await fake.push_webhook(update) == 200  # Zalo sending it again: stored already
            await run.bot.channel.inbox.wait_idle()
            async with run.db.execute("SELECT COUNT(*), COUNT(handled_at) FROM inbox") as cur:
                assert tuple(await cur.fetchone()) == (1, 1)
        finally:
            await stop_zalo(run)
    assert len(fake.messages_to(LAN)) == 1
    assert "Các lệnh" in fake.messages_to(LAN)[0].plain


async def test_polled_zalo_updates_are_stored_then_handled(tmp_path):
    fake = FakeZalo()
    with fake.serve() as server:
        run = await start_zalo(zalo_settings(tmp_path, server.base_url), fake, Clock(MONDAY_9AM))
        try:
            fake.user_sends(LAN, "/help")
            await run.idle()
            async with run.db.execute("SELECT platform, chat_key, handled_at IS NOT NULL FROM inbox") as cur:
                assert [tuple(r) for r in await cur.fetchall()] == [("zalo", f"zalo:{LAN}", 1)]
        finally:
            await stop_zalo(run)
    assert "Các lệnh" in fake.messages_to(LAN)[0].plain
