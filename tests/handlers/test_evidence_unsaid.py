"""A status word or a file waiting for its task is never dropped unsaid: kept for the task it ends up with, or
named in one line to send again (note13 «Evidence» leftovers, TESTER14 F4)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from chat.buttons import DecideExtension
from chat.messages import Attachment, IncomingMessage
from handlers.dispatch import dispatch
from storage.db import transaction
from storage.people import set_role
from storage.reports import remember_sent
from tests.harness import SAMPLE, task
from tests.reliability_core import Core, open_core


def _evidence_of(number: str) -> tuple[str, str, tuple[str]]:
    return ("evidence e JOIN reports r ON r.id = e.report_id JOIN tasks t ON t.id = r.task_id", "t.number = ?", (number,))


def _reports_of(number: str, status: str) -> tuple[str, str, tuple[str, str]]:
    return ("reports r JOIN tasks t ON t.id = r.task_id", "t.number = ? AND r.status = ?", (number, status))


async def test_a_photo_captioned_xong_without_a_task_records_xong_for_the_task_named_next(tmp_path):
    # before: the photo waited, «1.1» then stored 1.1 «Đang làm» (the task's status kept) and «xong» was lost
    core = await open_core(tmp_path)
    try:
        await core.link("2", "head", "Phường Bến Nghé")
        asked = await core.text("2", "xong", attachment=Attachment("P1", "bien-ban.jpg", 11), message_id="5")
        assert asked.startswith("Bạn gửi minh chứng cho việc nào?") and "báo cáo «Xong» đã được giữ lại" in asked
        answer = await core.text("2", "1.1", message_id="6")
        assert answer == "Đã ghi nhận 1.1: Xong. Cảm ơn!\nĐã lưu minh chứng «bien-ban.jpg» cho 1.1."
        assert await core.count(*_reports_of("1.1", "done")) == 1 and await core.count(*_evidence_of("1.1")) == 1
        # a status typed with the number is the person's word: it wins over the caption's
        await core.text("2", "đang làm 40%", attachment=Attachment("P2", "anh.jpg", 11), message_id="7")
        said = await core.text("2", "2.1 xong", message_id="8")
        assert said.startswith("Đã ghi nhận 2.1: Xong") and "«anh.jpg» cho 2.1" in said
        assert await core.count(*_reports_of("2.1", "in_progress")) == 0 and "Chưa ghi nhận" not in said
    finally:
        await core.db.close()


async def _listing(core: Core, message_id: str, *numbers: str, channel: str = "telegram", chat_id: str = "2") -> None:
    """A bot message in the chat that listed these tasks (a digest), as the adapter remembers it once sent."""
    items = [{"task": await core.task_id(number)} for number in numbers]
    async with transaction(core.db):
        await remember_sent(core.db, channel=channel, chat_id=chat_id, message_id=message_id, kind="digest",
                            user_id=None, items=items, now=core.clock())


THREE = replace(SAMPLE, tasks=(*SAMPLE.tasks, task("3.1", "Tự kiểm tra CCHC", "Phường Bến Nghé", date(2025, 6, 30))))


@pytest.mark.both_backends
async def test_a_xong_asked_which_task_then_another_tasks_report_is_named_not_dropped(tmp_path, database_url):
    # before: «xong» with a photo answering a digest of 1.1 and 2.1 asked «which task?»; «3.1 …» made its own
    # report and the waiting «xong» vanished without a word (its photo was asked about again)
    core = await open_core(tmp_path, THREE, database=database_url)
    try:
        await core.link("2", "head", "Phường Bến Nghé")
        await _listing(core, "100", "1.1", "2.1")
        asked = await core.send("2", "xong", attachment=Attachment("P1", "anh.jpg", 11), reply_to_ref="100", message_id="6")
        assert asked[0].text == "Tin bạn trả lời có nhiều việc. Bạn báo cáo việc nào?"
        answer = await core.send("2", "3.1 đang làm 50%", message_id="7")
        assert answer[0].text.startswith("Đã ghi nhận 3.1: Đang làm")
        assert answer[1].text.startswith("Bạn vừa báo cáo 3.1. Minh chứng «anh.jpg» là cho việc nào?")
        assert len(answer) == 2
        # the «xong» waits with the photo: the number of a task first offered takes both
        kept = await core.text("2", "2.1", message_id="8")
        assert kept == "Đã ghi nhận 2.1: Xong. Cảm ơn!\nĐã lưu minh chứng «anh.jpg» cho 2.1."
        # without a file, a «xong» asked «which task?» then displaced by another task's report is named
        core.clock.now += timedelta(minutes=1)
        await core.send("2", "xong", reply_to_ref="100", message_id="9")
        told = await core.send("2", "3.1 xong", message_id="10")
        assert told[0].text.startswith("Đã ghi nhận 3.1: Xong")
        assert told[-1].text == (
            "Chưa ghi nhận «Xong» bạn báo trước đó: chưa rõ là cho việc nào. Nếu cần, hãy gõ lại kèm số việc, ví dụ «1.1 xong».")
        # a report of a task the question offered answers it: nothing to say
        await core.send("2", "đang làm 30%", reply_to_ref="100", message_id="11")
        answer = await core.text("2", "1.1 đang làm 20%", message_id="12")
        assert answer.startswith("Đã ghi nhận 1.1: Đang làm") and "Chưa ghi nhận" not in answer
    finally:
        await core.db.close()


async def test_a_command_or_button_displacing_the_question_names_what_it_kept(tmp_path):
    # before: /report (or another message's button) replaced «which task?» and its «xong» and photo went unsaid
    core = await open_core(tmp_path)
    try:
        await core.link("2", "head", "Phường Bến Nghé")
        await core.send("2", "/tasks", sent_as="100")
        await core.send("2", "xong", attachment=Attachment("P1", "anh.jpg", 11), reply_to_ref="100", message_id="6")
        assert "Chưa ghi nhận" not in await core.text("2", "/help")  # a command that asks nothing: the question stays
        answer = await core.send("2", "/report")
        assert answer[-1].text == ("Chưa ghi nhận «Xong» và chưa lưu «anh.jpg» bạn gửi trước đó: chưa rõ là cho việc nào."
                                   " Hãy gửi lại tệp kèm số việc, ví dụ «1.1 xong».")
        assert await core.count("reports") == 0 and await core.count("evidence") == 0
        # a file alone waiting, then another task's «Báo cáo» button: the file is named
        await core.send("2", "/cancel")
        await core.send("2", attachment=Attachment("P2", "bb.pdf", 3), message_id="7")
        tasks = await core.send("2", "/tasks")
        assert "Chưa lưu" not in tasks[-1].text  # a list: the question stays open
        pressed = await core.send("2", button_data=tasks[0].choices[0][0].data)
        assert pressed[-1].text == "Chưa lưu «bb.pdf»: chưa rõ là minh chứng cho việc nào. Trả lời câu hỏi trên trước, rồi gửi lại tệp kèm số việc (ví dụ «1.1 xong»)."
        # /cancel says what it drops
        await core.send("2", attachment=Attachment("P3", "cc.pdf", 3), message_id="8")
        cancelled = await core.send("2", "/cancel")
        assert cancelled[-1].text == "Chưa lưu «cc.pdf»: chưa rõ là minh chứng cho việc nào. Hãy gửi lại tệp kèm số việc (ví dụ «1.1 xong»)."
    finally:
        await core.db.close()


async def test_a_xong_left_waiting_past_its_day_is_named(tmp_path):
    core = await open_core(tmp_path)
    try:
        await core.link("2", "head", "Phường Bến Nghé")
        await core.send("2", "/tasks", sent_as="100")
        await core.send("2", "xong", reply_to_ref="100", message_id="6")
        core.clock.now += timedelta(days=2)
        answer = await core.send("2", "/help")
        assert answer[0].text.startswith("Chưa ghi nhận «Xong» bạn báo hôm trước: chưa rõ là cho việc nào.")
        assert "Chưa ghi nhận" not in await core.text("2", "/help")  # said once
    finally:
        await core.db.close()


@pytest.mark.both_backends
async def test_a_file_after_an_extension_request_is_evidence_for_the_requested_task(tmp_path, database_url):
    # TESTER14 F4: «1.1 xong», «2.1 xin gia hạn …», the reason, then a paper → was saved for 1.1
    core = await open_core(tmp_path, database=database_url)
    try:
        await core.link("2", "head", "Phường Bến Nghé")
        await core.text("2", "1.1 xong", message_id="5")
        assert "Gõ lý do" in await core.text("2", "2.1 cho em xin gia hạn đến 31/3 ạ", message_id="6")
        assert "đề nghị gia hạn nhiệm vụ 2.1 đến 31/03/2025" in await core.text("2", "chờ số liệu của Sở", message_id="7")
        core.clock.now += timedelta(minutes=2)
        answer = await core.text("2", attachment=Attachment("F1", "Bien ban kiem tra.pdf", 3), message_id="8")
        # 2.1 never reported: the file waits for its status, never «Đang làm» nobody said (file11, TESTER17 T2)
        assert answer.startswith("Đã giữ tệp «Bien ban kiem tra.pdf» cho 2.1, nhưng 2.1 chưa có báo cáo nào")
        assert "Đã ghi nhận 2.1: Vướng" in await core.text("2", "vướng", message_id="81")
        assert await core.count(*_evidence_of("2.1")) == 1 and await core.count(*_evidence_of("1.1")) == 0
        # a report after the request: the next file is that report's again
        core.clock.now += timedelta(minutes=1)
        await core.text("2", "1.1 xong", message_id="9")
        assert await core.text("2", attachment=Attachment("F2", "anh.jpg", 3), message_id="10") == (
            "Đã lưu minh chứng «anh.jpg» cho 1.1.")
    finally:
        await core.db.close()


async def test_a_file_sent_while_an_extension_request_asks_its_reason_is_kept_for_its_task(tmp_path):
    # before: the paper sent instead of (or with) the reason was dropped without a word
    core = await open_core(tmp_path)
    try:
        await core.link("2", "head", "Phường Bến Nghé")
        # reported before: each file goes on the task's latest report, no new one (file11, TESTER17 T2)
        await core.text("2", "2.1 vướng: chờ Sở", message_id="3")
        await core.text("2", "1.1 đang làm 50%", message_id="4")
        await core.text("2", "2.1 xin gia hạn đến 31/3", message_id="5")
        answer = await core.send("2", attachment=Attachment("F1", "cong-van.pdf", 3), message_id="6")
        assert answer[-2].text == "Đã lưu minh chứng «cong-van.pdf» cho 2.1."
        assert answer[-1].text == "Bạn gõ tiếp lý do xin gia hạn nhiệm vụ 2.1 (ngắn gọn)."
        sent = await core.send("2", "chờ kinh phí", attachment=Attachment("F2", "to-trinh.pdf", 3), message_id="7")
        assert sent[-2].text == "Đã lưu minh chứng «to-trinh.pdf» cho 2.1."
        assert "đề nghị gia hạn nhiệm vụ 2.1 đến 31/03/2025" in sent[-1].text
        assert await core.count(*_evidence_of("2.1")) == 2 and await core.count("extensions", "reason = 'chờ kinh phí'") == 1
        # the paper under the request's own words goes with it too
        asked = await core.text("2", "1.1 xin gia hạn đến 30/4", attachment=Attachment("F3", "x.pdf", 3), message_id="8")
        assert "«x.pdf» cho 1.1" in asked and "Gõ lý do" in asked and await core.count(*_evidence_of("1.1")) == 1
        # and the photo whose caption asked its status, answered by asking for more time
        await core.send("2", "/cancel")
        await core.send("2", "1.1 biên bản họp", attachment=Attachment("F4", "y.jpg", 3), message_id="9")
        asked = await core.text("2", "xin thêm 2 tuần", message_id="10")
        assert "«y.jpg» cho 1.1" in asked and "Gõ lý do" in asked and await core.count(*_evidence_of("1.1")) == 2
        assert await core.count("reports") == 2
    finally:
        await core.db.close()


async def test_on_zalo_a_file_after_an_extension_request_answers_the_digest_for_the_requested_task(tmp_path):
    # Zalo answers the latest list with every message: the file's task is the request's among the list's
    core = await open_core(tmp_path)
    try:
        base = {"channel": "zalo", "chat_id": "z7", "user_id": "z7", "user_name": "Lan"}

        async def say(text: str = "", **fields) -> str:
            answers = await dispatch(IncomingMessage(**base, text=text, **fields), core.ctx)
            return "\n".join(answer.text for answer in answers)

        await say("/help")
        async with transaction(core.db):
            (user_id,) = (await core.db.execute_fetchall(
                "SELECT user_id FROM identities WHERE channel = 'zalo' AND external_id = 'z7'"))[0]
            await set_role(core.db, user_id, "head", await core.agency_id("Phường Bến Nghé"))
        listed = "L1"  # the digest Zalo's adapter answers with every message
        await _listing(core, listed, "1.1", "2.1", channel="zalo", chat_id="z7")
        await say("1.1 xong", message_id="m2", reply_to_ref=listed)
        await say("2.1 xin gia hạn đến 31/3", message_id="m3", reply_to_ref=listed)
        await say("chờ số liệu", message_id="m4", reply_to_ref=listed)
        answer = await say(attachment=Attachment("Z1", "bien-ban.jpg", 3), message_id="m5", reply_to_ref=listed)
        # 2.1 never reported: the file waits for its status (file11, TESTER17 T2)
        assert answer.startswith("Đã giữ tệp «bien-ban.jpg» cho 2.1, nhưng 2.1 chưa có báo cáo nào")
        assert "Đã ghi nhận 2.1: Đang làm" in await say("đang làm", message_id="m6", reply_to_ref=listed)
        assert await core.count(*_evidence_of("2.1")) == 1 and await core.count(*_evidence_of("1.1")) == 0
    finally:
        await core.db.close()


async def test_a_file_sent_with_a_command_goes_with_the_report_or_request_it_starts_or_is_named(tmp_path):
    # before: a photo captioned «/report 1.1», «/report» or «/xin_gia_han 2.1» lost its file without a word;
    # one captioned «/tasks» too
    core = await open_core(tmp_path)
    try:
        await core.link("2", "head", "Phường Bến Nghé")
        asked = await core.send("2", "/report 1.1", attachment=Attachment("F1", "a.jpg", 3), message_id="5")
        said = await core.text("2", button_data=asked[0].choices[0][0].data)  # «Xong»
        assert said == "Đã ghi nhận 1.1: Xong. Cảm ơn!\nĐã lưu minh chứng «a.jpg» cho 1.1."
        asked = await core.text("2", "/xin_gia_han 2.1", attachment=Attachment("F2", "b.pdf", 3), message_id="6")
        # 2.1 never reported: no report is made for the file, which is said not kept (file11, TESTER17 T2)
        assert "Chưa lưu tệp «b.pdf»: 2.1 chưa có báo cáo" in asked and "Xin gia hạn nhiệm vụ 2.1" in asked
        await core.send("2", "/cancel")
        listed = await core.send("2", "/report", attachment=Attachment("F3", "c.jpg", 3), message_id="7")
        assert [choice.label for row in listed[0].choices for choice in row] == ["2.1"]  # 1.1 is done
        status = await core.send("2", button_data=listed[0].choices[0][0].data)
        assert status[0].text.startswith("Nhiệm vụ 2.1: Báo cáo quý I\nTình trạng hiện nay?")
        said = await core.text("2", "đang làm 50%", message_id="8")
        assert said.startswith("Đã ghi nhận 2.1: Đang làm") and said.endswith("Đã lưu minh chứng «c.jpg» cho 2.1.")
        await core.send("2", "/baocao", attachment=Attachment("F4", "d.jpg", 3), message_id="9")
        said = await core.text("2", "2.1", message_id="10")  # typed instead of pressed: asked its status, file kept
        assert said.startswith("Nhiệm vụ 2.1: Báo cáo quý I\nTình trạng hiện nay?")
        assert "«d.jpg» cho 2.1" in await core.text("2", "xong", message_id="11")
        named = await core.send("2", "/tasks", attachment=Attachment("F5", "e.jpg", 3), message_id="12")
        assert named[-1].text == "Chưa lưu «e.jpg»: chưa rõ là minh chứng cho việc nào. Hãy gửi lại tệp kèm số việc (ví dụ «1.1 xong»)."
        assert await core.count(*_evidence_of("1.1")) == 1 and await core.count(*_evidence_of("2.1")) == 2  # not «b.pdf»
    finally:
        await core.db.close()


async def test_the_photo_after_a_xong_asked_which_task_goes_with_it(tmp_path):
    # before: «xong» answering a digest of two tasks asked «which task?»; the photo sent next opened a question of
    # its own and «xong» was dropped (named, since this branch, but still to send again)
    core = await open_core(tmp_path)
    try:
        await core.link("2", "head", "Phường Bến Nghé")
        await _listing(core, "100", "1.1", "2.1")
        # Telegram: the photo alone; Zalo and the demo: it answers the list (the second time just after a report of
        # one's own, which the question asked since is newer than)
        for n, reply_to in enumerate((None, "100")):
            await core.send("2", "xong", reply_to_ref="100", message_id=f"a{n}")
            asked = await core.send("2", attachment=Attachment(f"P{n}", f"anh{n}.jpg", 3), reply_to_ref=reply_to,
                                    message_id=f"b{n}")
            assert asked[-1].text == f"Đã giữ «anh{n}.jpg» cùng báo cáo «Xong» đang chờ. Bạn chọn việc để ghi nhận cả hai:"
            assert [choice.label for row in asked[-1].choices for choice in row] == ["1.1", "2.1"] and len(asked) == 1
            number = ("2.1", "1.1")[n]
            said = await core.text("2", button_data=asked[-1].choices[0][1 - n].data)
            assert said == f"Đã ghi nhận {number}: Xong. Cảm ơn!\nĐã lưu minh chứng «anh{n}.jpg» cho {number}."
        assert await core.count(*_evidence_of("1.1")) == 1 and await core.count(*_evidence_of("2.1")) == 1
        # a photo captioned with the number alone answers the question too, with its «xong»
        await core.send("2", "xong", reply_to_ref="100", message_id="c")
        said = await core.text("2", "1.1", attachment=Attachment("P2", "anh2.jpg", 3), message_id="d")
        assert said == "Đã ghi nhận 1.1: Xong. Cảm ơn!\nĐã lưu minh chứng «anh2.jpg» cho 1.1."
    finally:
        await core.db.close()


async def test_an_all_done_left_unconfirmed_is_named_unless_declined(tmp_path):
    # before: «tất cả đã xong» asked «Xác nhận: 2 việc (1.1, 2.1) — Xong?»; a photo or a command instead dropped it
    core = await open_core(tmp_path)
    try:
        await core.link("2", "head", "Phường Bến Nghé")
        await _listing(core, "100", "1.1", "2.1")
        asked = await core.send("2", "tất cả đã xong", reply_to_ref="100", message_id="5")
        assert asked[0].text.startswith("Xác nhận: 2 việc (1.1, 2.1) — Xong?")
        answer = await core.send("2", "/report")
        assert answer[-1].text == "Chưa ghi nhận «Xong» cho 1.1, 2.1: bạn chưa xác nhận. Nếu đúng, hãy báo lại, ví dụ «tất cả đã xong»."
        await core.send("2", "/cancel")
        for said in ("không", "BUTTON", "có"):  # declined, by word or button, it is dropped as asked; confirmed, stored
            asked = await core.send("2", "tất cả đã xong", reply_to_ref="100", message_id=f"m{said}")
            button = asked[0].choices[0][1].data  # «Không»
            answer = await core.text("2", button_data=button) if said == "BUTTON" else await core.text("2", said)
            assert "Chưa ghi nhận" not in answer
        assert await core.count("reports", "status = 'done'") == 2
    finally:
        await core.db.close()


async def test_a_file_with_the_secretarys_note_after_a_decision_is_said_not_sent(tmp_path):
    # before: the note (the file's caption) went to the ward and the file vanished without a word
    core = await open_core(tmp_path)
    try:
        await core.link("2", "head", "Phường Bến Nghé")
        await core.link("5", "secretary", None)
        await core.text("2", "2.1 xin gia hạn đến 31/3", message_id="5")
        await core.text("2", "chờ số liệu", message_id="6")
        (request_id,) = [row[0] for row in await core.db.execute_fetchall("SELECT id FROM extensions")]
        await core.send("5", button_data=DecideExtension(request_id, "yes").pack())
        answer = await core.send("5", "Nhớ gửi báo cáo trước 31/3", attachment=Attachment("S1", "huong-dan.pdf", 3))
        assert answer[0].text.startswith("Đã gửi ghi chú cho Phường Bến Nghé")
        assert answer[1].text.startswith("Chưa gửi tệp «huong-dan.pdf»: ghi chú sau quyết định gia hạn chỉ gửi được chữ.")
    finally:
        await core.db.close()
