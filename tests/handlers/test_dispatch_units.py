"""dispatch's units of work: slow work (downloads) happens between them, never under the write lock."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path

import pytest

from chat.messages import Attachment, IncomingMessage, OutgoingMessage
from handlers.dispatch import dispatch
from storage.db import transaction
from storage.inbox import Received, receive
from tests.reliability_core import ADMIN, open_core


async def answered_while_downloading(
    core, msg: IncomingMessage, data: Callable[[Attachment], bytes], meanwhile: Callable[[], Awaitable[str]]
) -> tuple[str, list[OutgoingMessage]]:
    """Dispatch `msg` with a download held until `meanwhile()` (another chat's message) was answered.

    Returns that answer and `msg`'s answers; the held download times the test out if it blocks others.
    """
    downloading, release = asyncio.Event(), asyncio.Event()

    async def slow_fetch(file: Attachment) -> bytes:
        downloading.set()
        await release.wait()  # the channel is still downloading the file
        return data(file)

    pending = asyncio.ensure_future(dispatch(msg, replace(core.ctx, fetch_file=slow_fetch)))
    await downloading.wait()
    try:
        other = await asyncio.wait_for(meanwhile(), 10)
    finally:
        release.set()
    return other, await pending


async def test_other_chats_are_answered_while_evidence_downloads(tmp_path):
    core = await open_core(tmp_path)
    try:
        await core.link("2", "head", "Phường Bến Nghé")
        await core.link("3", "member", "Phường Bến Nghé")
        await core.send("2", "/tasks", message_id="9", sent_as="10")
        await core.send("3", "/tasks", message_id="19", sent_as="20")
        photo = IncomingMessage(
            channel="telegram", chat_id="2", user_id="2", text="1.1 xong", message_id="11", reply_to_ref="10",
            attachment=Attachment("PHOTO", "bien-ban.jpg", 18, "image/jpeg", "photo"),
        )
        other, answers = await answered_while_downloading(
            core, photo, lambda file: b"\xff\xd8 anh minh chung",
            lambda: core.text("3", "2.1 xong", reply_to_ref="20", message_id="21"),
        )
        assert "Đã ghi nhận" in other and "2.1" in other
        assert "bien-ban.jpg" in "\n".join(a.text for a in answers)
        assert await core.count("reports") == 2
        assert await core.count("evidence", "local_path IS NOT NULL") == 1
        (path,) = [row[0] for row in await core.db.execute_fetchall("SELECT local_path FROM evidence")]
        assert open(path, "rb").read() == b"\xff\xd8 anh minh chung"
    finally:
        await core.db.close()


async def test_files_not_for_the_bot_are_not_downloaded(tmp_path):
    core = await open_core(tmp_path)
    try:
        await core.link("2", "head", "Phường Bến Nghé")
        core.files["GROUP"] = core.files["STRANGER"] = b"x"
        # a photo shared in a group, neither a reply nor a command: not the bot's (no answer either)
        assert await core.send("2", "", chat_id="-100", chat_type="group",
                               attachment=Attachment("GROUP", "anh.jpg", 1, "image/jpeg", "photo")) == []
        # a stranger's file: refused without fetching it
        refused = await core.text("7", "1.1 xong", attachment=Attachment("STRANGER", "a.pdf", 1))
        assert core.fetched == [] and refused
    finally:
        await core.db.close()


async def test_other_chats_are_answered_while_a_confirmed_plan_downloads(tmp_path):
    sample = Path(__file__).resolve().parents[2] / "bot" / "data" / "sample_plan_17-KH-UBND_2022.txt"
    core = await open_core(tmp_path)
    try:
        await core.link("2", "head", "Phường Bến Nghé")
        await core.send("2", "/tasks", message_id="9", sent_as="10")
        core.files["PLAN"] = sample.read_bytes()
        plan = Attachment("PLAN", sample.name, len(core.files["PLAN"]))
        preview = await core.text(ADMIN, "/import", attachment=plan, message_id="30")
        assert "Kế hoạch 17/KH-UBND" in preview
        confirm = IncomingMessage(channel="telegram", chat_id=ADMIN, user_id=ADMIN, button_data="imp:create",
                                  message_id="31")
        other, answers = await answered_while_downloading(
            core, confirm, lambda file: core.files[file.file_id],
            lambda: core.text("2", "1.1 xong", reply_to_ref="10", message_id="11"),
        )
        assert "Đã ghi nhận" in other
        done = "\n".join(a.text for a in answers)
        assert "17/KH-UBND" in done and await core.count("plans") == 2
    finally:
        await core.db.close()


@pytest.mark.both_backends
async def test_an_update_two_workers_both_took_is_handled_once(tmp_path, database_url):
    # two workers on one PostgreSQL database both read the update as waiting; the second one's unit finds
    # it handled when it commits, and is rolled back: one report, one answer
    core = await open_core(tmp_path, database=database_url)
    try:
        await core.link("2", "head", "Phường Bến Nghé")
        async with transaction(core.db):
            await receive(core.db, Received("telegram", "900", "telegram:2:31", "telegram:2", {}), core.clock())
        (inbox_id,) = (await core.db.execute_fetchall("SELECT id FROM inbox"))[0]
        msg = IncomingMessage(channel="telegram", chat_id="2", user_id="2", text="2.1 xong", message_id="31")

        first = await dispatch(msg, core.ctx, inbox_id=inbox_id)
        second = await dispatch(msg, core.ctx, inbox_id=inbox_id)

        assert "Đã ghi nhận" in "\n".join(a.text for a in first)
        assert second == []
        assert await core.count("reports") == 1
        assert await core.count("inbox", "handled_at IS NOT NULL") == 1
    finally:
        await core.db.close()
