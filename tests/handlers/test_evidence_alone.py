"""A file sent alone, not as a reply: evidence for the task its caption names, as a text would report it."""

from __future__ import annotations

from datetime import timedelta

from chat.messages import Attachment
from tests.reliability_core import open_core


async def test_a_photo_sent_alone_with_a_caption_naming_the_task_is_stored_with_its_report(tmp_path):
    # before: a ward chair's photo of the signed minutes captioned «1.1 xong», sent without replying to the
    # reminder, got «Bạn gửi minh chứng cho việc nào?» and nothing was stored, though «1.1 xong» typed alone is
    core = await open_core(tmp_path)
    try:
        await core.link("2", "head", "Phường Bến Nghé")
        core.files["PHOTO"] = b"\xff\xd8 bien ban"
        photo = Attachment("PHOTO", "bien-ban.jpg", 11, "image/jpeg", "photo")
        answer = await core.text("2", "1.1 xong", attachment=photo, message_id="5")
        assert "Đã ghi nhận 1.1: Xong" in answer and "«bien-ban.jpg» cho 1.1" in answer
        assert await core.count("reports") == 1 and await core.count("evidence") == 1
        # a caption naming no task still asks which task, storing nothing
        asked = await core.text("2", "xong", attachment=Attachment("PHOTO", "anh.jpg", 11), message_id="6")
        assert asked.startswith("Bạn gửi minh chứng cho việc nào?")
        assert await core.count("reports") == 1 and await core.count("evidence") == 1
    finally:
        await core.db.close()



async def test_a_photo_without_caption_just_after_ones_report_is_its_evidence(tmp_path):
    # before: «1.1 xong», then the picture alone (how people send it) → «Bạn gửi minh chứng cho việc nào?»,
    # and the file was not kept
    core = await open_core(tmp_path)
    try:
        await core.link("2", "head", "Phường Bến Nghé")
        core.files["PHOTO"] = b"\xff\xd8 bien ban"
        assert "Đã ghi nhận 1.1: Xong" in await core.text("2", "1.1 xong", message_id="5")
        core.clock.now += timedelta(minutes=3)
        answer = await core.text("2", attachment=Attachment("PHOTO", "bien-ban.jpg", 11, "image/jpeg", "photo"),
                                 message_id="6")
        assert answer == "Đã lưu minh chứng «bien-ban.jpg» cho 1.1."
        assert await core.count("reports") == 1 and await core.count("evidence") == 1
        # long after the report, a file alone is asked about again, as before
        core.clock.now += timedelta(minutes=30)
        late = await core.text("2", attachment=Attachment("PHOTO2", "anh.jpg", 11), message_id="7")
        assert late.startswith("Bạn gửi minh chứng cho việc nào?") and await core.count("evidence") == 1
    finally:
        await core.db.close()


async def test_files_after_a_report_of_several_tasks_wait_for_the_task_chosen(tmp_path):
    core = await open_core(tmp_path)
    try:
        await core.link("2", "head", "Phường Bến Nghé")
        saved = await core.text("2", "1.1 xong, 2.1 dang lam 50%", message_id="5")
        assert "1.1" in saved and "2.1" in saved and await core.count("reports") == 2
        first = await core.send("2", attachment=Attachment("F1", "a.pdf", 3), message_id="6")
        assert first[0].text.startswith("Bạn vừa báo cáo 1.1, 2.1. Minh chứng «a.pdf» là cho việc nào?")
        assert [c.label for row in first[0].choices for c in row] == ["1.1", "2.1"]
        second = await core.send("2", attachment=Attachment("F2", "b.pdf", 3), message_id="7")
        assert "«a.pdf», «b.pdf»" in second[0].text and await core.count("evidence") == 0  # kept, not yet filed
        pressed = await core.text("2", button_data=second[0].choices[0][1].data)  # «2.1»
        assert pressed == "Đã lưu minh chứng «a.pdf» cho 2.1.\nĐã lưu minh chứng «b.pdf» cho 2.1."
        assert await core.count("reports") == 2  # the files join 2.1's report; no report is added
        assert await core.count(
            "evidence e JOIN reports r ON r.id = e.report_id JOIN tasks t ON t.id = r.task_id", "t.number = '2.1'"
        ) == 2
    finally:
        await core.db.close()


async def test_a_task_number_typed_answers_which_report_the_file_is_for(tmp_path):
    core = await open_core(tmp_path)
    try:
        await core.link("2", "head", "Phường Bến Nghé")
        await core.text("2", "1.1 xong, 2.1 dang lam 50%", message_id="5")
        await core.send("2", attachment=Attachment("F1", "a.pdf", 3), message_id="6")
        assert await core.text("2", "1.1", message_id="7") == "Đã lưu minh chứng «a.pdf» cho 1.1."
        assert await core.count("reports") == 2 and await core.count("evidence") == 1
    finally:
        await core.db.close()


def _evidence_of(number: str) -> tuple[str, str, tuple[str]]:
    return ("evidence e JOIN reports r ON r.id = e.report_id JOIN tasks t ON t.id = r.task_id", "t.number = ?", (number,))


async def test_a_photo_sent_before_the_words_goes_with_the_report_that_follows(tmp_path):
    # before: [photo] then «1.1 xong» two minutes later: the photo was answered «cho việc nào?» and lost
    core = await open_core(tmp_path)
    try:
        await core.link("2", "head", "Phường Bến Nghé")
        asked = await core.text("2", attachment=Attachment("P1", "bien-ban.jpg", 11, "image/jpeg", "photo"), message_id="5")
        assert asked.startswith("Bạn gửi minh chứng cho việc nào?") and "«bien-ban.jpg» đã được giữ lại" in asked
        assert "giữ lại" in await core.text("2", attachment=Attachment("P2", "danh-sach.jpg", 11), message_id="6")
        core.clock.now += timedelta(minutes=2)
        answer = await core.text("2", "1.1 xong", message_id="7")
        assert answer.startswith("Đã ghi nhận 1.1: Xong.") and answer.endswith(
            "\nĐã lưu minh chứng «bien-ban.jpg» cho 1.1.\nĐã lưu minh chứng «danh-sach.jpg» cho 1.1.")
        assert await core.count("reports") == 1 and await core.count(*_evidence_of("1.1")) == 2
        # a lone number takes the file too: kept on the task's latest report, as a caption «1.1» would (file11: no
        # new report, its status said by nobody)
        core.clock.now += timedelta(minutes=30)  # long after that report: the file waits again
        assert "giữ lại" in await core.text("2", attachment=Attachment("P3", "anh.jpg", 11), message_id="8")
        assert await core.text("2", "1.1", message_id="9") == "Đã lưu minh chứng «anh.jpg» cho 1.1."
        assert await core.count("reports") == 1 and await core.count(*_evidence_of("1.1")) == 3
    finally:
        await core.db.close()


async def test_a_report_typed_while_files_wait_takes_them_or_asks_again(tmp_path):
    # before: «1.1 xong» typed to «Minh chứng «a.pdf» là cho việc nào?» stored the report and dropped a.pdf
    core = await open_core(tmp_path)
    try:
        await core.link("2", "head", "Phường Bến Nghé")
        await core.text("2", "1.1 xong, 2.1 dang lam 50%", message_id="5")
        await core.send("2", attachment=Attachment("F1", "a.pdf", 3), message_id="6")
        answer = await core.text("2", "1.1 xong", message_id="7")
        assert answer.startswith("Đã ghi nhận 1.1: Xong.") and answer.endswith("\nĐã lưu minh chứng «a.pdf» cho 1.1.")
        assert await core.count("reports") == 3 and await core.count(*_evidence_of("1.1")) == 1
        # a file with its caption meanwhile: that file goes with its caption, the waiting one is asked about again
        await core.send("2", attachment=Attachment("F2", "b.pdf", 3), message_id="8")  # after 1.1's report: 1.1's
        await core.text("2", "1.1 xong, 2.1 dang lam 60%", message_id="9")
        await core.send("2", attachment=Attachment("F3", "c.pdf", 3), message_id="10")
        both = await core.send("2", "2.1 xong", attachment=Attachment("F4", "d.pdf", 3), message_id="11")
        assert both[0].text.startswith("Đã ghi nhận 2.1: Xong.") and both[1].text == "Đã lưu minh chứng «d.pdf» cho 2.1."
        assert both[2].text.startswith("Bạn vừa báo cáo 1.1, 2.1. Minh chứng «c.pdf» là cho việc nào?")
        pressed = await core.text("2", button_data=both[2].choices[0][0].data)  # «1.1»
        assert pressed == "Đã lưu minh chứng «c.pdf» cho 1.1."
        assert await core.count(*_evidence_of("1.1")) == 3 and await core.count(*_evidence_of("2.1")) == 1
    finally:
        await core.db.close()


async def test_files_a_new_question_displaces_are_named_to_send_again(tmp_path):
    core = await open_core(tmp_path)
    try:
        await core.link("2", "head", "Phường Bến Nghé")
        await core.text("2", "1.1 xong, 2.1 dang lam 50%", message_id="5")
        await core.send("2", attachment=Attachment("F1", "a.pdf", 3), message_id="6")
        # 1.2 is not the ward's: «which of your tasks?» opens, and the file cannot wait beside it
        answer = await core.send("2", "1.2 xong", message_id="7")
        assert answer[-1].text.startswith("Chưa lưu «a.pdf»: chưa rõ là minh chứng cho việc nào.")
        assert await core.count("evidence") == 0
        # a file sent next goes with the «xong» waiting for its task (evidence10: that question is the newest);
        # anything else typed meanwhile asks again, the file kept
        joined = await core.text("2", attachment=Attachment("F2", "b.pdf", 3), message_id="8")
        assert joined.startswith("Đã giữ «b.pdf» cùng báo cáo «Xong» đang chờ.")
        assert "Mình đang chờ bạn chọn việc" in await core.text("2", "hmm", message_id="9")
        assert "«b.pdf» cho 2.1" in await core.text("2", "2.1", message_id="10")
    finally:
        await core.db.close()


async def test_a_captioned_file_asked_its_status_is_kept_with_the_report_the_answer_makes(tmp_path):
    # before: a photo captioned «1.1 biên bản họp» got «Chưa rõ tình trạng của 1.1»; the report the answer made
    # (typed «xong», the Xong button, or «1.1 xong» typed anew) was stored without the photo
    core = await open_core(tmp_path)
    try:
        await core.link("2", "head", "Phường Bến Nghé")
        for n, answer in enumerate(("xong", "BUTTON", "1.1 xong")):
            asked = await core.send("2", "1.1 biên bản họp", attachment=Attachment(f"P{n}", f"anh{n}.jpg", 1),
                                    message_id=f"a{n}")
            assert asked[0].text == "Chưa rõ tình trạng của 1.1. Bạn chọn giúp:"
            if answer == "BUTTON":
                said = await core.send("2", button_data=asked[0].choices[0][0].data)  # «Xong»
            else:
                said = await core.send("2", answer, message_id=f"b{n}")
            assert said[0].text.startswith("Đã ghi nhận 1.1: Xong") and said[-1].text == f"Đã lưu minh chứng «anh{n}.jpg» cho 1.1."
            assert await core.count(*_evidence_of("1.1")) == n + 1
    finally:
        await core.db.close()


async def test_files_of_a_question_left_open_past_its_day_are_named_to_send_again(tmp_path):
    core = await open_core(tmp_path)
    try:
        await core.link("2", "head", "Phường Bến Nghé")
        await core.send("2", attachment=Attachment("P1", "bien-ban.jpg", 11), message_id="5")
        core.clock.now += timedelta(days=2)
        answer = await core.send("2", "/tasks")
        assert answer[0].text.startswith("Tệp «bien-ban.jpg» gửi hôm trước chưa được lưu")
        assert "Việc của Phường Bến Nghé" in answer[1].text and await core.count("evidence") == 0
        assert "chưa được lưu" not in await core.text("2", "/tasks")  # said once
    finally:
        await core.db.close()


async def test_a_file_answering_a_list_of_tasks_goes_with_the_task_picked(tmp_path):
    # before: the file replying to /tasks got «Bạn báo cáo việc nào?», and the task picked was asked its status
    # with the file gone
    core = await open_core(tmp_path)
    try:
        await core.link("2", "head", "Phường Bến Nghé")
        await core.send("2", "/tasks", sent_as="100")
        asked = await core.send("2", attachment=Attachment("F1", "a.pdf", 3), reply_to_ref="100", message_id="6")
        assert asked[0].text == "Tin bạn trả lời có nhiều việc. Bạn báo cáo việc nào?"
        # 2.1 never reported: its status is asked, the file kept for it (file11: before, «Đang làm» nobody said)
        assert (await core.text("2", "2.1", message_id="7")).startswith("Đã giữ tệp «a.pdf» cho 2.1, nhưng 2.1 chưa")
        assert await core.text("2", "đang làm", message_id="71") == (
            "Đã ghi nhận 2.1: Đang làm. Cảm ơn!\nĐã lưu minh chứng «a.pdf» cho 2.1.")
        assert await core.count(*_evidence_of("2.1")) == 1
        # a report typed instead of the number takes the file too (before: «1.1 xong» stored, the file lost)
        await core.send("2", attachment=Attachment("F2", "b.pdf", 3), reply_to_ref="100", message_id="8")
        core.clock.now += timedelta(minutes=30)  # 2.1's report above is no longer «just made»
        await core.send("2", attachment=Attachment("F3", "c.pdf", 3), reply_to_ref="100", message_id="9")
        said = await core.text("2", "1.1 xong", reply_to_ref="100", message_id="10")
        assert said.startswith("Đã ghi nhận 1.1: Xong") and said.endswith("Đã lưu minh chứng «c.pdf» cho 1.1.")
    finally:
        await core.db.close()


async def test_a_file_captioned_for_one_task_does_not_go_to_another_task_reported_meanwhile(tmp_path):
    core = await open_core(tmp_path)
    try:
        await core.link("2", "head", "Phường Bến Nghé")
        await core.send("2", "1.1 biên bản họp", attachment=Attachment("P1", "anh.jpg", 1), message_id="5")
        answer = await core.send("2", "2.1 xong", message_id="6")  # not 1.1: the photo is asked about
        assert answer[0].text.startswith("Đã ghi nhận 2.1: Xong")
        assert answer[1].text.startswith("Bạn vừa báo cáo 2.1. Minh chứng «anh.jpg» là cho việc nào?")
        assert await core.count("evidence") == 0
        kept = await core.text("2", "1.1 xong", message_id="7")  # 1.1 named: the photo goes with it
        assert kept.startswith("Đã ghi nhận 1.1: Xong") and kept.endswith("Đã lưu minh chứng «anh.jpg» cho 1.1.")
    finally:
        await core.db.close()
