"""How to answer, as each channel's people can: «reply» and buttons on Telegram, typing on Zalo and the console
(TESTER14 F17: Zalo wards were told «Trả lời (reply) tin nhắn này … hoặc bấm nút bên dưới», which Zalo cannot do)."""

from __future__ import annotations

from datetime import date

from bot import telegram, zalo
from bot.config import TYPED_CHANNELS, core_settings
from chat.messages import Attachment, IncomingMessage
from handlers.context import Context
from handlers.dispatch import dispatch
from schedules.digest import build_digests
from schedules.jobs import reminder_settings
from schedules.planner import plan_items
from storage.db import transaction
from storage.people import set_role
from storage.reminders import Person
from tests.harness import make_settings
from tests.helpers import at
from tests.reliability_core import open_core
from tests.schedules.test_planner import occ

REPLY = "Trả lời (reply)"
PRESS = "bấm nút"


def test_the_typed_channels_are_the_ones_without_replies_or_buttons():
    assert "zalo" in TYPED_CHANNELS and not zalo.LIMITS.replies and not zalo.LIMITS.buttons
    assert "telegram" not in TYPED_CHANNELS and telegram.LIMITS.replies and telegram.LIMITS.buttons


def test_one_wards_digest_says_reply_on_telegram_and_type_on_zalo(tmp_path):
    settings = reminder_settings(make_settings(tmp_path))  # as the deployment's tick makes them
    on_zalo = Person(12, "member", 56, "zalo", "z12")
    on_telegram = Person(16, "member", 56, "telegram", "1016")
    items = plan_items([occ(date(2025, 3, 10))], (on_zalo, on_telegram), [], settings, at(date(2025, 3, 10)))
    texts = {d.user_id: d.message.text for d in build_digests(items, settings)}
    assert REPLY in texts[16] and PRESS in texts[16]
    assert REPLY not in texts[12] and PRESS not in texts[12]
    assert "✍️ Để báo cáo tiến độ, gõ ngay vào khung chat, ví dụ: «1.2 xong»" in texts[12]
    assert "gõ chữ của một lựa chọn bên dưới (a, b, c…)" in texts[12]


async def test_tasks_help_evidence_and_a_bare_xong_are_worded_for_the_channel(tmp_path):
    core = await open_core(tmp_path)
    ctx = Context(db=core.db, settings=core_settings(make_settings(tmp_path)), clock=core.clock)
    try:
        said: dict[str, list[str]] = {}
        for channel in ("telegram", "zalo"):
            base = {"channel": channel, "chat_id": "7", "user_id": "7", "user_name": "Lan"}
            await dispatch(IncomingMessage(**base, text="/help"), ctx)  # first contact creates the user
            async with transaction(core.db):
                (user_id,) = await core.db.execute_fetchall(
                    "SELECT user_id FROM identities WHERE channel = ? AND external_id = '7'", (channel,))
                await set_role(core.db, user_id[0], "member", await core.agency_id("Phường Bến Nghé"))
            photo = Attachment("f1", "anh.jpg", 10, "image/jpeg", "photo")
            said[channel] = [
                "\n".join(a.text for a in await dispatch(IncomingMessage(**base, **fields), ctx))
                # «xong» before the photo: a photo alone opens a question of its own, which the next words answer
                for fields in ({"text": "/tasks"}, {"text": "/help"}, {"text": "xong"}, {"attachment": photo})
            ]
        tasks, help_, bare, evidence = said["telegram"]
        assert "Trả lời (reply) tin này để báo cáo" in tasks
        assert "Cách nhanh nhất: trả lời (reply) tin nhắc việc" in help_ and "bấm «Xin gia hạn»" in help_
        # a photo alone in a private chat waits for the report naming its task, in words true on both
        assert "đã được giữ lại: gõ báo cáo của việc đó" in evidence
        assert "hoặc trả lời (reply) đúng tin nhắc việc đó" in bare
        for text in said["zalo"]:
            assert "reply" not in text and PRESS not in text, text
        tasks, help_, bare, evidence = said["zalo"]
        assert "Gõ ngay vào khung chat để báo cáo, ví dụ «1.2 xong»" in tasks
        assert "gõ một câu vào khung chat" in help_ and "gõ chữ của lựa chọn «Xin gia hạn»" in help_
        assert "đã được giữ lại: gõ báo cáo của việc đó" in evidence
        assert "Hãy gõ kèm số việc, ví dụ «1.2 xong»." in bare
    finally:
        await core.db.close()
