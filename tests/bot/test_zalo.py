"""The Zalo channel end to end: fake Zalo Bot API over HTTP ⇄ bot/zalo.py ⇄ core ⇄ SQLite."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from bot.config import Settings, core_settings
from bot.inbox import Inbox
from bot.logs import hide_in_logs
from bot.messengers import open_messengers
from bot.serve import serve
from bot.zalo import LIMITS, ZaloBot, lettered_choices
from chat.buttons import letters_prompt
from chat.messages import Choice, OutgoingMessage, SendError
from plans.model import ParsedPlan, PlanMeta
from schedules.jobs import tick_once
from storage import outbox
from storage.db import open_db, transaction
from storage.people import create_invite, ensure_user, set_role
from storage.reminders import load_people
from tests.fakegram import FakeTelegram
from tests.fakezalo import ZALO_TOKEN, FakeZalo, ZaloSent
from tests.harness import ADMIN_ID, Clock, make_settings, seed_plan, task
from tests.harness import start as start_telegram
from tests.harness import stop as stop_telegram
from tests.reliability_tools import free_port

LAN = "5550000000000000002"  # chair of Phường Bến Nghé on Zalo
MINH = "5550000000000000003"
THU_KY = "5550000000000000004"
MONDAY_9AM = datetime(2025, 3, 10, 2, 0, tzinfo=UTC)  # 09:00 in Hồ Chí Minh City


async def _no_wait(seconds: float) -> None:
    return None


class Recorder:
    """A Messenger for the console identities of these tests (the admin): keeps what it was sent."""

    channel = "console"

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    async def send(self, chat_id: str, message: OutgoingMessage) -> str:
        self.sent.append((chat_id, message.text))
        return str(len(self.sent))


@dataclass
class Reply:
    messages: list[ZaloSent]

    @property
    def text(self) -> str:
        return "\n".join(m.plain for m in self.messages)


@dataclass
class ZaloRun:
    """A started ZaloBot on a migrated database, the fake it talks to, and the clock."""

    bot: ZaloBot
    fake: FakeZalo
    db: object
    clock: Clock
    settings: Settings

    async def idle(self) -> None:
        """Wait until every update was fetched and handled: the bot is long-polling again, its inbox idle."""
        await self.fake.wait_for(lambda: self.fake.active_polls > 0 and not self.fake.pending_updates())
        await self.bot.channel.inbox.wait_idle()

    async def say(self, user: str, text: str) -> Reply:
        """A person types a text; the bot's answers to their chat once it has handled it."""
        before = len(self.fake.messages_to(user))
        self.fake.user_sends(user, text, display_name=NAMES.get(user))
        await self.idle()
        return Reply(self.fake.messages_to(user)[before:])

    async def invite(self, agency: str | None, role: str = "head") -> str:
        async with transaction(self.db):
            agency_id = None
            if agency is not None:
                async with self.db.execute("SELECT id FROM agencies WHERE name = ?", (agency,)) as cur:
                    (agency_id,) = await cur.fetchone()
            created = await create_invite(self.db, agency_id=agency_id, role=role, created_by=None, now=self.clock())
        return created.code

    async def link(self, user: str, agency: str | None = "Phường Bến Nghé", role: str = "head") -> None:
        code = await self.invite(agency, role)
        joined = await self.say(user, f"LINK {code}")
        assert "Đã liên kết" in joined.text or "Đã cấp cho bạn" in joined.text, joined.text


NAMES = {LAN: "Lan", MINH: "Minh", THU_KY: "Thư ký"}


def zalo_settings(tmp_path: Path, base_url: str, **extra: str) -> Settings:
    return make_settings(tmp_path, ZALO_BOT_TOKEN=ZALO_TOKEN, ZALO_BASE_URL=base_url, **extra)


async def start_zalo(settings: Settings, fake: FakeZalo, clock: Clock) -> ZaloRun:
    db = await open_db(settings.db)
    inbox = Inbox(db, clock)
    bot = ZaloBot(
        settings, db, core_settings(settings), clock, inbox=inbox, poll_timeout=5, listen="127.0.0.1", sleep=_no_wait
    )
    await bot.start()
    inbox.add_channel(bot.channel)
    inbox.start()
    return ZaloRun(bot, fake, db, clock, settings)


async def stop_zalo(run: ZaloRun) -> None:
    await run.bot.channel.inbox.stop()
    await run.bot.stop()
    await run.db.close()


@pytest.fixture
async def zalo(tmp_path) -> AsyncIterator[ZaloRun]:
    fake = FakeZalo()
    with fake.serve() as server:
        settings = zalo_settings(tmp_path, server.base_url)
        await seed_plan(settings.db)
        run = await start_zalo(settings, fake, Clock(MONDAY_9AM))
        try:
            yield run
        finally:
            await stop_zalo(run)


async def reports(db) -> list[tuple]:
    async with db.execute(
        "SELECT t.number, r.status, r.percent, r.channel FROM reports r JOIN tasks t ON t.id = r.task_id ORDER BY r.id"
    ) as cur:
        return [tuple(row) for row in await cur.fetchall()]


async def console_admin(db, now: datetime, key: str = "admin", lang: str | None = None) -> int:
    """An admin reachable on another channel (the console here), for quota notices."""
    async with transaction(db):
        user, _ = await ensure_user(db, channel="console", external_id=key, chat_id=key,
                                    display_name="Quản trị", now=now)
        await set_role(db, user.id, "admin", None)
        await db.execute("UPDATE users SET lang = ? WHERE id = ?", (lang, user.id))
    return user.id


# ---- rendering ------------------------------------------------------------------------------------


def test_choices_read_as_letters():
    assert letters_prompt(1, "vi") == "Gõ a để chọn."
    assert letters_prompt(3, "vi") == "Gõ a, b hoặc c để chọn."
    assert letters_prompt(10, "vi") == "Gõ một chữ từ a đến j để chọn."
    assert letters_prompt(3, "en") == "Type a, b or c to choose."
    block, flat = lettered_choices((tuple(Choice(s, f"r:1:2:{s}") for s in ("Xong", "Đang làm")), (Choice("Vướng", "b"),)), "vi")
    assert block.splitlines() == ["a) Xong   b) Đang làm", "c) Vướng", "Gõ a, b hoặc c để chọn."]
    assert flat[2] == ("Vướng", "b")


# ---- the fake itself ------------------------------------------------------------------------------


async def test_fake_long_poll_limits_and_errors():
    fake = FakeZalo()
    with fake.serve() as server:
        base = f"{server.base_url}/bot{ZALO_TOKEN}"
        async with httpx.AsyncClient() as client:
            empty = await client.post(f"{base}/getUpdates", json={"timeout": "0"})
            assert empty.status_code == 408 and empty.json()["ok"] is False
            fake.user_sends(LAN, "chào")
            got = (await client.post(f"{base}/getUpdates", json={"timeout": "5"})).json()["result"]
            assert got["event_name"] == "message.text.received"
            assert got["message"]["from"]["id"] == LAN and isinstance(got["message"]["date"], int)
            assert got["message"]["date"] > 1_600_000_000_000  # milliseconds
            too_long = await client.post(f"{base}/sendMessage", json={"chat_id": LAN, "text": "x" * 2001})
            assert too_long.status_code == 400
            ok = (await client.post(f"{base}/sendMessage", json={"chat_id": LAN, "text": "x" * 2000})).json()
            assert isinstance(ok["result"]["message_id"], str)
            wrong = await client.post(f"{server.base_url}/botnope/getMe")
            assert wrong.status_code == 401
            fake.fail_next("sendMessage", status=503)
            assert (await client.post(f"{base}/sendMessage", json={"chat_id": LAN, "text": "a"})).status_code == 503
            short = await client.post(f"{base}/setWebhook", json={"url": "https://x.vn/h", "secret_token": "short"})
            assert short.status_code == 400


# ---- conversations --------------------------------------------------------------------------------


async def test_link_then_tasks_as_lettered_list_answered_by_letter(zalo: ZaloRun):
    await zalo.link(LAN)
    listing = await zalo.say(LAN, "/tasks")
    assert "Việc của Phường Bến Nghé" in listing.text
    assert "a) Báo cáo 2.1" in listing.text and "Gõ a hoặc b để chọn." in listing.text
    status = await zalo.say(LAN, "a")  # presses "Báo cáo 2.1"
    assert "Nhiệm vụ 2.1" in status.text and "a) Xong   b) Đang làm   c) Vướng" in status.text
    saved = await zalo.say(LAN, "A")  # Xong (a capital letter picks too)
    assert "Đã ghi nhận 2.1: Xong" in saved.text
    assert await reports(zalo.db) == [("2.1", "done", 100, "zalo")]
    assert all(len(m.plain) <= LIMITS.text for m in zalo.fake.sent)


async def test_free_text_answers_the_last_task_list(zalo: ZaloRun):
    await zalo.link(LAN)
    await zalo.say(LAN, "/tasks")
    answer = await zalo.say(LAN, "1.1 đang làm 40%")
    assert "Đã ghi nhận 1.1: Đang làm, 40%" in answer.text
    assert await reports(zalo.db) == [("1.1", "in_progress", 40, "zalo")]
    stray = await zalo.say(MINH, "xong")  # never linked: no list to answer
    assert "mã mời" in stray.text or "/tasks" in stray.text
    assert len(await reports(zalo.db)) == 1


async def test_lettered_choices_survive_a_restart(tmp_path):
    fake = FakeZalo()
    clock = Clock(MONDAY_9AM)
    with fake.serve() as server:
        settings = zalo_settings(tmp_path, server.base_url)
        await seed_plan(settings.db)
        first = await start_zalo(settings, fake, clock)
        try:
            await first.link(LAN)
            await first.say(LAN, "/tasks")
        finally:
            await stop_zalo(first)
        second = await start_zalo(settings, fake, clock)
        try:
            status = await second.say(LAN, "b")  # the second choice of the list shown before the restart
            assert "Nhiệm vụ 1.1" in status.text, status.text
        finally:
            await stop_zalo(second)


async def test_summary_as_text_files_become_lines(zalo: ZaloRun):
    await zalo.link(THU_KY, None, "secretary")
    summary = await zalo.say(THU_KY, "/summary")
    assert "📎 Tệp «tong-hop-cchc-" in summary.text and "không gửi được" in summary.text
    assert zalo.fake.calls_to("sendPhoto") == []
    assert summary.messages and all(len(m.plain) <= LIMITS.text for m in summary.messages)


async def test_summary_files_are_linked_when_a_public_url_is_set(tmp_path):
    fake = FakeZalo()
    with fake.serve() as server:
        settings = zalo_settings(tmp_path, server.base_url, ZALO_PUBLIC_FILES_URL="https://files.example.gov.vn/nv/")
        await seed_plan(settings.db)
        run = await start_zalo(settings, fake, Clock(MONDAY_9AM))
        try:
            await run.link(THU_KY, None, "secretary")
            summary = await run.say(THU_KY, "/summary")
        finally:
            await stop_zalo(run)
    link = re.search(r"https://files\.example\.gov\.vn/nv/([\w-]+)/(tong-hop-cchc-[\d-]+\.xlsx)", summary.text)
    assert link, summary.text
    assert (tmp_path / "files" / "public" / link.group(1) / link.group(2)).read_bytes()[:2] == b"PK"
    photos = [m for m in summary.messages if m.method == "sendPhoto"]
    assert len(photos) == 1 and photos[0].photo.startswith("https://files.example.gov.vn/nv/")


LONG_TITLE = (
    "Rà soát, đánh giá, đơn giản hóa thủ tục hành chính, giấy tờ công dân liên quan đến quản lý dân cư "
    "thuộc phạm vi chức năng quản lý của phường theo Nghị quyết của Chính phủ"
)
LONG_PLAN = ParsedPlan(
    meta=PlanMeta(code="98/KH-UBND", title="Kế hoạch dài", issuer="UBND Quận 1", issued_on=date(2025, 1, 10), year=2025),
    tasks=tuple(task(f"3.{n}", f"{LONG_TITLE} (đợt {n})", "Phường Bến Nghé", date(2025, 3, 5), section="3")
                for n in range(1, 21)),
    derived_agencies={"Phường Bến Nghé": "ward"},
)


async def test_digest_arrives_split_and_a_text_reply_reports_the_named_task(zalo: ZaloRun):
    await seed_plan(zalo.settings.db, LONG_PLAN)
    await zalo.link(LAN)
    before = len(zalo.fake.messages_to(LAN))
    lines = await tick_once(zalo.db, {"zalo": zalo.bot.messenger}, zalo.settings, zalo.clock())
    # one outbox row (titles take one line each, so 21 tasks stay under TEXT_LIMIT), sent as Zalo messages
    # of at most 2,000 characters
    assert [line.split(" (")[0] for line in lines] == [f"sent zalo:{LAN} digest:user:1|2025-03-10"]
    parts = zalo.fake.messages_to(LAN)[before:]
    assert len(parts) >= 2, [len(p.plain) for p in parts]  # split (three parts when choices were 100 numbers)
    assert all(len(p.plain) <= LIMITS.text for p in parts)
    whole = "\n".join(p.plain for p in parts)
    # 2.1 and 3.1–3.19 take the 100 choices a message holds (five each: they are overdue); 3.20 is counted after
    assert all(f"Nhiệm vụ 3.{n}:" in whole for n in range(1, 20)) and "Nhiệm vụ 3.20:" not in whole
    assert "… và 1 việc khác của đơn vị" in whole
    assert parts[0].plain.startswith("🔔 Nhắc việc CCHC")
    assert "giấy tờ…" in whole and "/task 3.1" in whole  # long titles cut to a line, /task opens the rest
    # every listed task has Xong / Đang làm / Vướng, then Giải trình / Xin gia hạn (it is overdue), as many
    # tasks as 100 choices hold; Zalo letters the first whole rows ten letters hold (2.1 and 3.1), the others
    # are reported by typing, as the digest's hint says
    assert parts[-1].plain.endswith("Gõ một chữ từ a đến j để chọn. Chỉ mười lựa chọn đầu có chữ.")
    assert "d) 📝 Giải trình 2.1   e) 📅 Xin gia hạn 2.1" in whole and "j) 📅 Xin gia hạn 3.1" in whole
    assert "✅ 3.2 Xong" not in whole
    pressed = await zalo.say(LAN, "f")  # row 3 of the digest's buttons starts with "✅ 3.1 Xong"
    assert "Đã ghi nhận 3.1: Xong" in pressed.text and "a) Bỏ qua" in pressed.text
    skipped = await zalo.say(LAN, "a")
    assert "Đã thoát" in skipped.text
    answer = await zalo.say(LAN, "3.7 vướng: chờ hướng dẫn của Sở")  # plain text still answers the digest
    assert "Đã ghi nhận 3.7: Vướng" in answer.text
    assert await reports(zalo.db) == [("3.1", "done", 100, "zalo"), ("3.7", "blocked", None, "zalo")]


async def test_429_stops_zalo_for_the_run_and_alerts_admins(zalo: ZaloRun):
    admin_id = await console_admin(zalo.db, zalo.clock())
    await zalo.link(LAN)
    await zalo.link(MINH)
    async with transaction(zalo.db):  # more messages already waiting for Lan, behind today's digest
        for n in range(3):
            await outbox.enqueue(zalo.db, f"test:{n}", "notice", "zalo", LAN, None, OutgoingMessage(f"tin {n}"),
                                 zalo.clock() + timedelta(seconds=1))
    calls_before = len(zalo.fake.calls_to("sendMessage"))
    zalo.fake.fail_next("sendMessage", 10, status=429)  # the month's quota is gone: every send is refused
    recorder = Recorder()
    lines = await tick_once(zalo.db, {"zalo": zalo.bot.messenger, "console": recorder}, zalo.settings,
                            zalo.clock() + timedelta(seconds=2))
    # at most one refused call per chat (the two digests go out concurrently); the rest are never tried
    assert calls_before + 1 <= len(zalo.fake.calls_to("sendMessage")) <= calls_before + 2
    rows = [r for r in await outbox.all_rows(zalo.db) if r.channel == "zalo" and r.kind != outbox.ANSWER]  # the linking answers were sent
    assert len(rows) == 5 and all(r.state == "dead" and "quota exhausted" in (r.last_error or "") for r in rows)
    refused = len(zalo.fake.calls_to("sendMessage"))
    zalo.fake.clear_faults()  # Zalo would take messages again; the bot must not try within the hour
    assert lines == [f"sent console:admin notice:zalo-quota:exhausted|2025-03|to:{admin_id}"]
    assert "hết hạn mức tin nhắn tháng 03/2025" in recorder.sent[0][1]
    quiet = await zalo.say(LAN, "/help")  # still inside the stop: nothing is sent
    assert quiet.messages == [] and len(zalo.fake.calls_to("sendMessage")) == refused
    zalo.clock.now += timedelta(hours=2)  # past the probe delay: the quota was raised meanwhile
    again = await zalo.say(LAN, "/help")
    assert "Các lệnh" in again.text
    second = await tick_once(zalo.db, {"zalo": zalo.bot.messenger, "console": recorder}, zalo.settings, zalo.clock())
    assert not any("exhausted" in line for line in second)  # one alert per month


async def test_admins_are_warned_at_80_percent_of_the_monthly_quota(tmp_path):
    fake = FakeZalo()
    with fake.serve() as server:
        settings = zalo_settings(tmp_path, server.base_url, ZALO_MONTHLY_QUOTA="10")
        await seed_plan(settings.db)
        run = await start_zalo(settings, fake, Clock(MONDAY_9AM))
        try:
            admin_id = await console_admin(run.db, run.clock())
            await console_admin(run.db, run.clock(), "admin-en", "en")
            for n in range(9):
                await run.say(LAN, "/help")
                warned = [r for r in await outbox.all_rows(run.db) if r.key.startswith("notice:zalo-quota:warn80")]
                assert len(warned) == (2 if n >= 7 else 0), (n, warned)
            recorder = Recorder()
            await tick_once(run.db, {"zalo": run.bot.messenger, "console": recorder}, settings, run.clock())
        finally:
            await stop_zalo(run)
    assert f"notice:zalo-quota:warn80|2025-03|to:{admin_id}" in {row.key for row in warned}
    notices = dict(recorder.sent)
    assert "đã gửi 8/10 tin trong tháng 03/2025 (80%)" in notices["admin"]
    assert "has sent 8/10 messages in Mar 2025 (80%)" in notices["admin-en"]  # each admin in their language


# ---- one person on Telegram and Zalo --------------------------------------------------------------


async def test_same_person_on_telegram_and_zalo_gets_each_reminder_once_on_the_chosen_channel(tmp_path):
    telegram = FakeTelegram()
    telegram.add_user(ADMIN_ID, first_name="Admin")
    telegram.add_user(2, first_name="Lan")
    fake = FakeZalo()
    clock = Clock(MONDAY_9AM)
    with fake.serve() as server:
        settings = zalo_settings(tmp_path, server.base_url)
        await seed_plan(settings.db)
        tg = await start_telegram(settings, telegram, clock)  # `nhacviec run` with both tokens
        try:
            zalo_bot: ZaloBot = tg.app.bot_data["zalo"]
            assert set(tg.app.bot_data["messengers"]) == {"telegram", "zalo"}
            run = ZaloRun(zalo_bot, fake, tg.db, clock, settings)
            invite = await tg.say(ADMIN_ID, "/invite Phường Bến Nghé head")
            code = re.search(r"start=([A-Z0-9]+)", invite.plain).group(1)
            assert "Đã liên kết" in (await tg.say(2, f"/start {code}")).plain
            offer = await tg.say(2, "/lienket")
            link_code = re.search(r"Mã liên kết tài khoản: ([A-Z0-9]+)", offer.plain).group(1)
            attached = await run.say(LAN, f"LINK {link_code}")
            assert "Đã nối tài khoản Zalo này với Lan (thủ trưởng)" in attached.text
            people = [p for p in await load_people(tg.db) if p.role == "head"]
            assert [(p.channel, p.chat_id) for p in people] == [("zalo", LAN)]

            telegram_before = len(telegram.messages_to(2))
            zalo_before = len(fake.messages_to(LAN))
            sent = await tick_once(tg.db, tg.app.bot_data["messengers"], settings, clock())
            assert sent == [f"sent zalo:{LAN} digest:user:{people[0].user_id}|2025-03-10 (1 mục)"]
            assert len(telegram.messages_to(2)) == telegram_before
            assert "Nhắc việc CCHC" in fake.messages_to(LAN)[zalo_before].plain

            status = await run.say(LAN, "/channel")
            assert "Nhắc việc đang gửi qua: Zalo (mặc định" in status.text and "Telegram, Zalo" in status.text
            chosen = await run.say(LAN, "/channel telegram")
            assert "Từ nay nhắc việc gửi qua Telegram." in chosen.text

            clock.now = datetime(2025, 3, 13, 2, 0, tzinfo=UTC)  # three working days on: overdue again
            zalo_before = len(fake.messages_to(LAN))
            sent = await tick_once(tg.db, tg.app.bot_data["messengers"], settings, clock())
            assert sent == [f"sent telegram:2 digest:user:{people[0].user_id}|2025-03-13 (1 mục)"]
            assert len(fake.messages_to(LAN)) == zalo_before
            assert "Nhắc việc CCHC" in telegram.last_to(2).plain
        finally:
            await stop_telegram(tg)


# ---- webhook and secrets --------------------------------------------------------------------------


def zalo_webhook_settings(tmp_path, base_url: str, port: int):
    """Zalo settings with a webhook on `port` at /zalo-hook, secret "webhook-secret-1234"."""
    return zalo_settings(
        tmp_path, base_url, ZALO_WEBHOOK_URL=f"http://127.0.0.1:{port}/zalo-hook",
        ZALO_WEBHOOK_SECRET="webhook-secret-1234", ZALO_WEBHOOK_PORT=str(port),
    )


async def test_webhook_refuses_a_wrong_secret_and_dispatches_the_right_one(tmp_path):
    fake = FakeZalo()
    port = free_port()
    with fake.serve() as server:
        settings = zalo_webhook_settings(tmp_path, server.base_url, port)
        run = await start_zalo(settings, fake, Clock(MONDAY_9AM))
        try:
            assert fake.webhook == {"url": f"http://127.0.0.1:{port}/zalo-hook",
                                    "secret_token": "webhook-secret-1234", "at": fake.webhook["at"]}
            fake.user_sends(LAN, "/help")
            update = fake.pending_updates()[0]
            assert await fake.push_webhook(update, secret="webhook-secret-9999") == 403
            assert await fake.push_webhook(update, secret=None) == 403
            assert fake.messages_to(LAN) == []
            assert await fake.push_webhook() == 200  # stored: handled from the inbox
            await run.bot.channel.inbox.wait_idle()
            assert "Các lệnh" in fake.messages_to(LAN)[0].plain
            assert fake.calls_to("getUpdates") == []
        finally:
            await stop_zalo(run)


async def test_the_token_never_reaches_the_logs_or_errors(zalo: ZaloRun, caplog):
    caplog.set_level(logging.DEBUG)
    hide_in_logs(ZALO_TOKEN)  # as `main` does at start; it masks on the root logger's handlers, caplog's included
    await zalo.link(LAN)
    await zalo.say(LAN, "/tasks")
    await zalo.say(LAN, "a")
    zalo.fake.fail_next("getUpdates", status=401)  # the poller logs the failure and polls again
    await zalo.say(LAN, "/help")
    zalo.fake.fail_next("sendMessage", status=502)  # the digest is retried within the run
    lines = await tick_once(zalo.db, {"zalo": zalo.bot.messenger}, zalo.settings, zalo.clock(), sleep=_no_wait)
    assert len(lines) == 1
    zalo.fake.fail_next("sendMessage", status=502)
    with pytest.raises(SendError) as failed:
        await zalo.bot.messenger.send(LAN, OutgoingMessage("thử"))
    assert "502" in str(failed.value) and not failed.value.permanent
    assert "HTTP Request: POST" in caplog.text and "/bot<token>/sendMessage" in caplog.text
    assert "getUpdates failed" in caplog.text and "outbox row" in caplog.text
    assert ZALO_TOKEN not in caplog.text
    assert ZALO_TOKEN.split(":", 1)[1] not in caplog.text
    assert ZALO_TOKEN.split(":", 1)[1] not in str(failed.value)


# ---- running ----------------------------------------------------------------------------------------


async def test_zalo_alone_is_served_with_its_scheduler_until_stopped(tmp_path):
    fake = FakeZalo()
    with fake.serve() as server:
        settings = zalo_settings(tmp_path, server.base_url).model_copy(update={"telegram_token": None})
        await seed_plan(settings.db)
        stop = asyncio.Event()
        serving = asyncio.create_task(serve(settings, clock=Clock(MONDAY_9AM), stop=stop))
        try:
            await fake.wait_for(lambda: fake.active_polls > 0)
            fake.user_sends(LAN, "/help")
            answer = await fake.wait_for_message(LAN, contains="Các lệnh")
            assert answer.method == "sendMessage"
        finally:
            stop.set()
            await asyncio.wait_for(serving, 10)
    assert serving.exception() is None


async def test_tick_command_messengers_include_zalo(tmp_path):
    fake = FakeZalo()
    fake.add_user(LAN)
    with fake.serve() as server:
        settings = zalo_settings(tmp_path, server.base_url).model_copy(update={"telegram_token": None})
        await seed_plan(settings.db)
        async with open_messengers(settings) as messengers:  # `nhacviec tick` on a Zalo-only deployment
            assert set(messengers) == {"console", "zalo"}
            sent = await messengers["zalo"].send(LAN, OutgoingMessage("Nhắc việc thử", choices=((Choice("Xong", "x"),),)))
    assert fake.last_to(LAN).message_id == sent
    assert fake.last_to(LAN).plain == "Nhắc việc thử\n\na) Xong\nGõ a để chọn."
