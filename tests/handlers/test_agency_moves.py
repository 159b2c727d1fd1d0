"""An invite to another agency (issue 17, item 17): a ward chair who uses another agency's code is asked
before moving (Có / Không), told what happens to the old link, and the admin hears when the old agency is
left with nobody. Through the fake Telegram."""

from __future__ import annotations

import re

from i18n import t
from tests.fakegram import FakeTelegram
from tests.harness import ADMIN_ID, Clock, make_settings, seed_plan, start, stop
from tests.reliability_core import NOW

OLD, NEW = "Phường Bến Nghé", "Phòng Nội vụ"
CHAIR = 7


async def _code(running, text: str) -> str:
    return re.search(r"start=([A-Z0-9]+)", (await running.say(ADMIN_ID, text)).plain).group(1)


async def test_an_invite_to_another_agency_asks_before_moving_and_tells_the_admin(tmp_path):
    settings = make_settings(tmp_path)
    await seed_plan(settings.db)
    fake = FakeTelegram()
    for uid in (ADMIN_ID, CHAIR):
        fake.add_user(uid)
    running = await start(settings, fake, Clock(NOW))
    try:
        joined = await running.say(CHAIR, f"/start {await _code(running, f'/invite {OLD} thủ trưởng')}")
        assert OLD in joined.plain
        other = await _code(running, f"/invite {NEW} thủ trưởng")

        asked = await running.say(CHAIR, f"/start {other}")
        assert asked.plain == t("invite_move_ask", "vi", old=OLD, role="thủ trưởng", new=NEW, new_role="thủ trưởng")
        declined = await running.press(CHAIR, asked, "Không")
        assert declined.plain == t("invite_move_declined", "vi", old=OLD)
        async with running.db.execute("SELECT a.name FROM users u JOIN agencies a ON a.id = u.agency_id"
                                      " JOIN identities i ON i.user_id = u.id WHERE i.external_id = ?",
                                      (str(CHAIR),)) as cur:
            assert (await cur.fetchone())[0] == OLD
        # an answer pressed again, after the question is closed, changes nothing
        assert (await running.press(CHAIR, asked, "Có")).plain == t("button_stale", "vi")

        asked = await running.say(CHAIR, f"/start {other}")  # the code was not used: it still works
        admin_before = len(fake.messages_to(ADMIN_ID))
        moved = await running.press(CHAIR, asked, "Có")
        assert t("linked", "vi", agency=NEW, role="thủ trưởng") in moved.plain
        assert t("invite_moved_from", "vi", old=OLD) in moved.plain
        told = await fake.wait_for_message(ADMIN_ID, contains="không còn ai")
        assert told.plain == t("agency_left_empty", "vi", agency=OLD, person=f"User{CHAIR}")
        assert len(fake.messages_to(ADMIN_ID)) == admin_before + 1
        assert NEW in (await running.say(CHAIR, "/start")).plain
    finally:
        await stop(running)
