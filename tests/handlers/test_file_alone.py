"""A file alone never says a status nobody said (TESTER17 T2, T3c, T11): it goes on the agency's latest report
of its task, or waits for the status to be said; a file a refused message came with is said not kept; /gia_han
names a request whose task was reported done since."""

from __future__ import annotations

from datetime import timedelta

import pytest

from chat.messages import Attachment
from storage.db import transaction
from storage.reports import remember_sent
from tests.reliability_core import Core, open_core

LAN, MAI, MINH, SECRETARY = "2", "3", "4", "5"


async def _core(tmp_path, database_url) -> Core:
    core = await open_core(tmp_path, database=database_url)
    await core.link(LAN, "member", "Phường Bến Nghé")
    await core.link(MAI, "member", "Phường Bến Nghé")
    await core.link(MINH, "head", "Phòng Nội vụ")
    await core.link(SECRETARY, "secretary", None)
    return core


def _photo(name: str) -> Attachment:
    return Attachment(name.upper(), name, 11, "image/jpeg", "photo")


async def _digest(core: Core, chat_id: str, message_id: str, number: str) -> None:
    """A one-task digest the bot sent in the chat, as the adapter remembers it."""
    async with transaction(core.db):
        await remember_sent(core.db, channel="telegram", chat_id=chat_id, message_id=message_id, kind="digest",
                            user_id=None, items=[{"task": await core.task_id(number)}], now=core.clock())


async def _reports(core: Core) -> list[tuple]:
    return [tuple(row) for row in await core.db.execute_fetchall(
        "SELECT r.status, r.percent, r.note FROM reports r JOIN tasks t ON t.id = r.task_id WHERE t.number = '2.1'"
        " ORDER BY r.id")]


@pytest.mark.both_backends
async def test_a_file_captioned_with_the_task_goes_on_the_latest_report_keeping_its_cause(tmp_path, database_url):
    # before: the photo made a new report «Vướng» with no note: the cause vanished from /overdue, /task and
    # /tasks, and each file repeated «Đã ghi nhận 2.1: Vướng»
    core = await _core(tmp_path, database_url)
    try:
        assert "Đã ghi nhận 2.1: Vướng" in await core.text(LAN, "2.1 vướng: chờ Sở Nội vụ hướng dẫn", message_id="5")
        core.clock.now += timedelta(hours=2)
        assert await core.text(MAI, "2.1", attachment=_photo("anh.jpg"), message_id="6") == (
            "Đã lưu minh chứng «anh.jpg» cho 2.1.")
        assert await core.text(LAN, "2.1 ok", attachment=_photo("anh2.jpg"), message_id="7") == (
            "Đã lưu minh chứng «anh2.jpg» cho 2.1.")
        assert await _reports(core) == [("blocked", None, "chờ Sở Nội vụ hướng dẫn")]
        assert await core.count("evidence") == 2 and await core.count("dialogs") == 0
    finally:
        await core.db.close()


async def test_a_file_for_a_task_never_reported_waits_for_its_status(tmp_path, database_url):
    # before: «Đã ghi nhận 2.1: Đang làm»: an overdue task nobody reported became «đang thực hiện»
    core = await _core(tmp_path, database_url)
    try:
        asked = await core.send(LAN, "2.1", attachment=_photo("anh.jpg"), message_id="6")
        assert asked[0].text.startswith("Đã giữ tệp «anh.jpg» cho 2.1, nhưng 2.1 chưa có báo cáo nào")
        assert asked[0].choices and await core.count("reports") == 0 and await core.count("evidence") == 0
        saved = await core.text(LAN, "đang làm 30%", message_id="7")
        assert "Đã ghi nhận 2.1: Đang làm, 30%" in saved and "Đã lưu minh chứng «anh.jpg» cho 2.1." in saved
        assert await _reports(core) == [("in_progress", 30, "")] and await core.count("evidence") == 1
    finally:
        await core.db.close()


async def test_a_voice_note_under_a_digest_of_an_unreported_task_asks_its_status(tmp_path, database_url):
    # before: «Đã ghi nhận 2.1: Đang làm», though the recording may well say «xong rồi»
    core = await _core(tmp_path, database_url)
    try:
        await _digest(core, LAN, "100", "2.1")
        voice = Attachment("VOICE", "ghi-am.ogg", 11, "audio/ogg", "voice")
        answer = await core.text(LAN, attachment=voice, reply_to_ref="100", message_id="6")
        assert answer.startswith("Đã giữ tệp «ghi-am.ogg» cho 2.1, nhưng 2.1 chưa có báo cáo nào")
        assert await core.count("reports") == 0
        assert "Đã ghi nhận 2.1: Xong" in await core.text(LAN, "xong", message_id="7")
        assert await _reports(core) == [("done", 100, "")] and await core.count("evidence") == 1
    finally:
        await core.db.close()


@pytest.mark.both_backends
async def test_a_file_with_an_extension_request_makes_no_report(tmp_path, database_url):
    # before: «/xin_gia_han 2.1» under cong-van.pdf stored «Đang làm» for a task never reported
    core = await _core(tmp_path, database_url)
    try:
        answer = await core.text(LAN, "/xin_gia_han 2.1", attachment=_photo("cong-van.jpg"), message_id="6")
        assert "Chưa lưu tệp «cong-van.jpg»: 2.1 chưa có báo cáo tình trạng nào" in answer
        assert "Xin gia hạn nhiệm vụ 2.1" in answer and "Đã ghi nhận" not in answer
        assert await core.count("reports") == 0 and await core.count("evidence") == 0
        await core.text(LAN, "/cancel", message_id="7")
        # after a report, the file goes on it as it stands
        await core.text(LAN, "2.1 vướng: chờ Sở", message_id="8")
        answer = await core.text(LAN, "/xin_gia_han 2.1", attachment=_photo("cv2.jpg"), message_id="9")
        assert "Đã lưu minh chứng «cv2.jpg» cho 2.1." in answer and "Đã ghi nhận" not in answer
        assert await _reports(core) == [("blocked", None, "chờ Sở")] and await core.count("evidence") == 1
    finally:
        await core.db.close()


async def test_a_file_refused_for_another_agencys_task_is_said_not_kept(tmp_path, database_url):
    # before: only «Nhiệm vụ 2.1 không do Phòng Nội vụ chủ trì…»: the photo was dropped unsaid
    core = await _core(tmp_path, database_url)
    try:
        await _digest(core, MINH, "100", "2.1")  # sent while Minh was of Bến Nghé
        answer = await core.text(MINH, attachment=_photo("anh.jpg"), reply_to_ref="100", message_id="6")
        assert "không do Phòng Nội vụ" in answer and answer.endswith("Tệp «anh.jpg» chưa được lưu.")
        assert await core.count("evidence") == 0
    finally:
        await core.db.close()


@pytest.mark.both_backends
async def test_the_waiting_extensions_name_a_task_reported_done_since(tmp_path, database_url):
    # before: /gia_han listed the request with its buttons and no word of the «xong» that followed it
    core = await _core(tmp_path, database_url)
    try:
        await core.text(LAN, "/xin_gia_han 2.1 đến 20/3", message_id="6")
        await core.text(LAN, "Chờ Sở", message_id="7")
        assert "đã báo 2.1 xong" not in await core.text(SECRETARY, "/gia_han")
        core.clock.now += timedelta(days=1)
        await core.text(LAN, "2.1 xong", message_id="8")
        assert "⚠️ Đơn vị đã báo 2.1 xong ngày 11/03/2025, sau khi xin gia hạn." in await core.text(SECRETARY, "/gia_han")
    finally:
        await core.db.close()


@pytest.mark.both_backends
async def test_files_waiting_for_their_task_all_go_on_its_latest_report(tmp_path, database_url):
    # two photos alone, then «2.1»: both join 2.1's latest report (before: one new report each time a file went)
    core = await _core(tmp_path, database_url)
    try:
        await core.text(LAN, "2.1 vướng: chờ Sở", message_id="5")
        core.clock.now += timedelta(hours=1)  # long after the report: the photos wait for their task
        await core.text(LAN, attachment=_photo("a.jpg"), message_id="6")
        assert "«a.jpg», «b.jpg»" in await core.text(LAN, attachment=_photo("b.jpg"), message_id="7")
        assert await core.text(LAN, "2.1", message_id="8") == (
            "Đã lưu minh chứng «a.jpg» cho 2.1.\nĐã lưu minh chứng «b.jpg» cho 2.1.")
        assert await _reports(core) == [("blocked", None, "chờ Sở")] and await core.count("evidence") == 2
    finally:
        await core.db.close()
