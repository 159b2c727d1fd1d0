"""Late tasks on Zalo: the ward chair answers the digest's numbered choices to explain and to ask for an
extension; the secretary decides on Telegram; the decision arrives on Zalo, where it was asked."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from schedules.jobs import tick_once
from tests.bot.test_zalo import LAN, MONDAY_9AM, ZaloRun, zalo_settings
from tests.fakegram import FakeTelegram
from tests.fakezalo import FakeZalo
from tests.harness import ADMIN_ID, Clock, seed_plan
from tests.harness import start as start_telegram
from tests.harness import stop as stop_telegram

SECRETARY = 5


def _letter(text: str, label: str) -> str:
    """The letter a lettered choice with this label has in a Zalo message."""
    found = re.search(r"\b([a-z])\) " + re.escape(label), text)
    assert found, text
    return found.group(1)


async def test_explain_and_extend_by_letters_on_zalo_decided_on_telegram(tmp_path):
    telegram = FakeTelegram()
    telegram.add_user(ADMIN_ID, first_name="Admin")
    telegram.add_user(SECRETARY, first_name="Thư ký")
    fake = FakeZalo()
    clock = Clock(MONDAY_9AM)
    with fake.serve() as server:
        settings = zalo_settings(tmp_path, server.base_url)
        await seed_plan(settings.db)
        tg = await start_telegram(settings, telegram, clock)
        try:
            run = ZaloRun(tg.app.bot_data["zalo"], fake, tg.db, clock, settings)
            await run.link(LAN, "Phường Bến Nghé", "head")
            invite = await tg.say(ADMIN_ID, "/invite Phường Bến Nghé thư ký")
            code = re.search(r"start=([A-Z0-9]+)", invite.plain).group(1)
            await tg.say(SECRETARY, f"/start {code}", contains="Đã")
            messengers = tg.app.bot_data["messengers"]
            await tick_once(tg.db, messengers, settings, clock())
            digest = "\n".join(m.plain for m in fake.messages_to(LAN) if "Nhắc việc CCHC" in m.plain or ")" in m.plain)
            asked = await run.say(LAN, _letter(digest, "📝 Giải trình 2.1"))
            assert "gõ nguyên nhân chậm" in asked.text
            saved = await run.say(LAN, "Chờ hướng dẫn của Sở Nội vụ")
            assert "Đã ghi nhận giải trình nhiệm vụ 2.1" in saved.text
            asked = await run.say(LAN, "/xin_gia_han 2.1")
            assert "hạn hiện tại 05/03/2025" in asked.text
            assert "Gõ lý do" in (await run.say(LAN, "cuối quý")).text
            sent = await run.say(LAN, "Chờ số liệu thống kê")
            assert "Đã gửi đề nghị gia hạn nhiệm vụ 2.1 đến 31/03/2025" in sent.text
            clock.now = datetime(2025, 3, 10, 2, 5, tzinfo=UTC)
            await tick_once(tg.db, messengers, settings, clock())
            secretary = [m.plain for m in telegram.messages_to(SECRETARY)]
            assert any("📝 Giải trình: 2.1" in text and "Chờ hướng dẫn của Sở Nội vụ" in text for text in secretary)
            request = next(m for m in telegram.messages_to(SECRETARY) if "Đề nghị gia hạn #1" in (m.plain or ""))
            await tg.press(SECRETARY, request, "Đồng ý #1")
            before = len(fake.messages_to(LAN))
            clock.now = datetime(2025, 3, 10, 2, 10, tzinfo=UTC)
            await tick_once(tg.db, messengers, settings, clock())
            told = "\n".join(m.plain for m in fake.messages_to(LAN)[before:])
            assert "đã đồng ý gia hạn nhiệm vụ 2.1 «Báo cáo quý I» cho Phường Bến Nghé: hạn mới 31/03/2025" in told
        finally:
            await stop_telegram(tg)
