"""Which question or report a bare status or a correction answers (TESTER17 T5, T10): a list or card opened since
«Chưa rõ tình trạng của 1.1» ends that question, as /cancel does; a reply to a confirmation answers the task it
confirmed, and «à nhầm, …» corrects that report."""

from __future__ import annotations

from chat.messages import Attachment
from tests.reliability_core import open_core


async def test_a_list_opened_since_the_status_question_ends_it(tmp_path):
    # before: «xong» typed after /tasks answered the question left open: «Đã ghi nhận 1.1: Xong», a done the person
    # never meant for 1.1 (they were reading the list)
    core = await open_core(tmp_path)
    try:
        await core.link("2", "head", "Phường Bến Nghé")
        assert (await core.text("2", "1.1 ok", message_id="5")).startswith("Chưa rõ tình trạng của 1.1")
        await core.text("2", "/tasks")
        answered = await core.text("2", "xong", message_id="6")
        assert "1.1" not in answered and await core.count("reports") == 0
        # the words a question kept are named when a card ends it, never dropped unsaid
        assert (await core.text("2", "1.1 đã họp với Sở", message_id="7")).startswith("Chưa rõ tình trạng của 1.1")
        card = await core.text("2", "/task 2.1")
        assert "Chưa ghi nhận «đã họp với Sở» cho 1.1" in card
        assert await core.text("2", "/cancel") == "Không có thao tác nào đang làm."
    finally:
        await core.db.close()


async def test_a_correction_replied_to_a_confirmation_rewrites_that_report(tmp_path):
    # before: «à nhầm, đang làm 80%» replied to «Đã ghi nhận 2.1: Xong» was stored on 1.1 (the only open task left),
    # 2.1 staying «Xong»
    core = await open_core(tmp_path)
    try:
        await core.link("2", "member", "Phường Bến Nghé")
        assert (await core.text("2", "2.1 xong", message_id="5", sent_as="50")).startswith("Đã ghi nhận 2.1: Xong")
        corrected = await core.text("2", "à nhầm, đang làm 80%", message_id="6", reply_to_ref="50", sent_as="60")
        assert corrected == "Đã cập nhật báo cáo 2.1: Đang làm, 80%."
        async with core.db.execute("SELECT task_id, status, percent, note FROM reports") as cur:
            rows = [tuple(row) for row in await cur.fetchall()]
        assert rows == [(await core.task_id("2.1"), "in_progress", 80, "")]
        # a reply to the confirmation without a correction word answers its task too, as a new report
        added = await core.text("2", "90% rồi ạ", message_id="7", reply_to_ref="60")
        assert added.startswith("Đã ghi nhận 2.1: Đang làm, 90%")
        assert await core.count("reports", "task_id = ?", (await core.task_id("1.1"),)) == 0
    finally:
        await core.db.close()


async def test_a_photo_while_a_status_question_waits_is_that_tasks(tmp_path):
    # before: «Bạn gửi minh chứng cho việc nào?», the question about 1.1 lost, and «xong» typed next asked it again
    core = await open_core(tmp_path)
    core.files["P1"] = b"jpg"
    try:
        await core.link("2", "member", "Phường Bến Nghé")
        assert (await core.text("2", "1.1 ok", message_id="5")).startswith("Chưa rõ tình trạng của 1.1")
        kept = await core.text("2", attachment=Attachment("P1", "anh.jpg", 3), message_id="6")
        assert kept == "Đã giữ tệp «anh.jpg» cho 1.1. Chưa rõ tình trạng của 1.1, bạn chọn giúp:"
        answered = await core.text("2", "xong", message_id="7")
        assert answered.startswith("Đã ghi nhận 1.1: Xong") and "«anh.jpg»" in answered
        async with core.db.execute("SELECT r.task_id FROM evidence e JOIN reports r ON r.id = e.report_id") as cur:
            assert [row[0] for row in await cur.fetchall()] == [await core.task_id("1.1")]
    finally:
        await core.db.close()


async def test_a_photo_after_a_report_made_the_instant_of_an_extension_request_goes_to_the_report(tmp_path):
    # before: the clock standing still (the demo's; the same second live), the older request won the tie and the
    # photo made a new «Đang làm» report on 2.1 instead of going with «1.1 xong»
    core = await open_core(tmp_path)
    core.files["P2"] = b"pdf"
    try:
        await core.link("2", "member", "Phường Bến Nghé")
        await core.text("2", "/xin_gia_han 2.1 đến 20/3")
        assert "2.1" in await core.text("2", "chờ số liệu của Sở")
        assert (await core.text("2", "1.1 xong", message_id="8")).startswith("Đã ghi nhận 1.1: Xong")
        saved = await core.text("2", attachment=Attachment("P2", "bien-ban.pdf", 3), message_id="9")
        assert "«bien-ban.pdf»" in saved and "1.1" in saved and "2.1" not in saved
        assert await core.count("reports") == 1
    finally:
        await core.db.close()
