"""Telegram delivering an update again changes nothing and answers nothing twice (the inbox, issue 22).

Telegram re-sends an update whose confirmation it never got (the bot died between storing it and its next
getUpdates; a webhook call without a 200), and may re-send a message, edit or button press under a new
update id. Through the fake Telegram with the real Application: the same report, button press and
/invite delivered twice are stored once and answered once.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from tests.fakegram import FakeTelegram
from tests.harness import ADMIN_ID, Clock, Running, make_settings, seed_plan, start, stop

WARD_CHAIR = 2
NOW = datetime(2025, 3, 10, 2, 0, tzinfo=UTC)


@pytest.fixture
async def bot(tmp_path) -> AsyncIterator[Running]:
    settings = make_settings(tmp_path)
    await seed_plan(settings.db)
    fake = FakeTelegram()
    for uid, name in ((ADMIN_ID, "Admin"), (WARD_CHAIR, "Lan")):
        fake.add_user(uid, first_name=name)
    running = await start(settings, fake, Clock(NOW))
    try:
        yield running
    finally:
        await stop(running)


async def settled(bot: Running) -> None:
    """Until the bot took every update (it is long-polling again) and handled and answered all it stored."""
    await bot.fake.wait_for(lambda: bot.fake.active_polls > 0 and not bot.fake.pending_updates())
    await bot.app.bot_data["inbox"].wait_idle()


async def count(bot: Running, sql: str) -> int:
    async with bot.db.execute(sql) as cur:
        return (await cur.fetchone())[0]


async def linked_with_list(bot: Running) -> int:
    """Link the ward chair; the message id of their task list."""
    invite = await bot.say(ADMIN_ID, "/invite Phường Bến Nghé head")
    code = re.search(r"start=([A-Z0-9]+)", invite.plain).group(1)
    await bot.say(WARD_CHAIR, f"/start {code}", contains="Đã liên kết")
    return (await bot.say(WARD_CHAIR, "/tasks")).message_id


@pytest.mark.parametrize("new_id", [False, True], ids=["same update id", "new update id"])
async def test_a_report_delivered_twice_is_stored_and_answered_once(bot: Running, new_id: bool, tmp_path):
    listing = await linked_with_list(bot)
    answer = await bot.say(WARD_CHAIR, "2.1 xong", reply_to=listing, contains="Đã ghi nhận")
    update_id = bot.fake.last_update_id()
    sent_before = len(bot.fake.messages_to(WARD_CHAIR))

    bot.fake.redeliver(update_id, new_id=new_id)
    if not new_id:
        # the same id comes again only to a bot that never confirmed it: a restart, whose first getUpdates
        # has no offset
        await stop(bot)
        bot.app = (await start(make_settings(tmp_path), bot.fake, bot.clock)).app
    await settled(bot)

    assert await count(bot, "SELECT COUNT(*) FROM reports") == 1
    assert len(bot.fake.messages_to(WARD_CHAIR)) == sent_before, "answered once"
    assert "Đã ghi nhận 2.1" in answer.plain
    assert await count(bot, "SELECT COUNT(*) FROM inbox WHERE handled_at IS NULL") == 0


async def test_a_button_press_delivered_again_is_handled_once(bot: Running):
    listing = await linked_with_list(bot)
    opened = await bot.say(WARD_CHAIR, "/report")
    pressed = await bot.press(WARD_CHAIR, opened, opened.buttons[0][0][0])
    sent_before = len(bot.fake.messages_to(WARD_CHAIR))
    bot.fake.redeliver(bot.fake.last_update_id(), new_id=True)
    await settled(bot)
    assert len(bot.fake.messages_to(WARD_CHAIR)) == sent_before, (pressed.plain, listing)
    assert len(bot.fake.calls_to("answerCallbackQuery")) == 1


async def test_an_invite_delivered_again_makes_no_second_code(bot: Running):
    invite = await bot.say(ADMIN_ID, "/invite Phường Bến Nghé head")
    assert "start=" in invite.plain
    sent_before = len(bot.fake.messages_to(ADMIN_ID))
    bot.fake.redeliver(bot.fake.last_update_id(), new_id=True)
    await settled(bot)
    assert await count(bot, "SELECT COUNT(*) FROM invites") == 1
    assert len(bot.fake.messages_to(ADMIN_ID)) == sent_before

