"""«cảm ơn» typed to «Chưa rõ tình trạng của 1.1» closes the question (TESTER15 F10), telling nothing was
recorded, and the file it kept is named not kept; the «ok» that made the bot ask is no note (F14); the words it
kept are named when a report on another task displaces it (evidence10's leftover), never dropped unsaid."""

from __future__ import annotations

from chat.messages import Attachment
from tests.reliability_core import open_core


async def test_thanks_close_the_status_question_and_name_its_file(tmp_path):
    # before: «Mình đang chờ tình trạng của 1.1 …» again, the question kept open (and the file with it)
    core = await open_core(tmp_path)
    try:
        await core.link("2", "head", "Phường Bến Nghé")
        assert (await core.text("2", "1.1 ok", message_id="5")).startswith("Chưa rõ tình trạng của 1.1")
        closed = await core.text("2", "cảm ơn", message_id="6")
        assert closed.startswith("🙏 Dạ. Chưa ghi nhận gì cho 1.1") and "Mình đang chờ" not in closed
        assert await core.text("2", "/cancel") == "Không có thao tác nào đang làm."
        asked = await core.text("2", "1.1 ok", attachment=Attachment("P1", "bien-ban.jpg", 11), message_id="7")
        assert asked.startswith("Chưa rõ tình trạng của 1.1")
        closed = await core.text("2", "cam on", message_id="8")
        assert "Chưa ghi nhận gì cho 1.1" in closed and "«bien-ban.jpg»" in closed  # the file said not kept
        assert await core.count("reports") == 0 and await core.count("evidence") == 0
        await core.text("2", "1.1 ok", message_id="9")
        assert (await core.text("2", "xong", message_id="10")) == "Đã ghi nhận 1.1: Xong. Cảm ơn!"  # no «ghi chú: ok»
        assert await core.count("reports", "note = ''") == 1
    finally:
        await core.db.close()


async def test_the_words_a_status_question_kept_are_named_when_it_is_displaced(tmp_path):
    # before: «2.1 xong» answered «Đã ghi nhận 2.1: Xong» only, «đã họp với Sở» (1.1's words) gone unsaid
    core = await open_core(tmp_path)
    try:
        await core.link("2", "head", "Phường Bến Nghé")
        assert (await core.text("2", "1.1 đã họp với Sở", message_id="5")).startswith("Chưa rõ tình trạng của 1.1")
        displaced = await core.text("2", "2.1 xong", message_id="6")
        assert displaced.startswith("Đã ghi nhận 2.1: Xong")
        assert "Chưa ghi nhận «đã họp với Sở» cho 1.1" in displaced
        await core.text("2", "1.1 đã họp với Sở", message_id="7")
        assert await core.text("2", "/cancel") == "Đã thoát."  # dropped as asked
        await core.text("2", "1.1 đã họp với Sở", message_id="8")
        answered = await core.text("2", "đang làm", message_id="9")  # the answer takes them: nothing to name
        assert answered == "Đã ghi nhận 1.1: Đang làm — ghi chú: «đã họp với Sở». Cảm ơn!"
    finally:
        await core.db.close()
