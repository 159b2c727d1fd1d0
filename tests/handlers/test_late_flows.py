"""Late-task permissions and bad input, through dispatch: who may explain, ask and decide; what a typed date
must be; nothing stored half-way."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import pytest

from chat.buttons import AskExtension, DecideExtension, Explain
from plans.model import ParsedPlan
from tests.harness import SAMPLE, task
from tests.reliability_core import ADMIN, Core, open_core

HEAD, MEMBER, OTHER, SECRETARY = "2", "3", "4", "5"


@pytest.fixture
async def core(tmp_path) -> AsyncIterator[Core]:
    core = await open_core(tmp_path)
    try:
        await core.link(HEAD, "head", "Phường Bến Nghé")
        await core.link(MEMBER, "member", "Phường Bến Nghé")
        await core.link(OTHER, "member", "Phòng Nội vụ")
        await core.link(SECRETARY, "secretary", None)
        yield core
    finally:
        await core.db.close()


async def test_another_agencys_member_can_neither_explain_nor_ask(core: Core) -> None:
    task, occ = await core.task_id("2.1"), await core.occurrence_of("2.1")
    for button in (Explain(task, occ), AskExtension(task, occ)):
        answer = await core.text(OTHER, button_data=button.pack())
        assert "Chỉ thủ trưởng hoặc thành viên của đơn vị chủ trì nhiệm vụ 2.1" in answer
    assert "Chỉ thủ trưởng hoặc thành viên" in await core.text(SECRETARY, button_data=AskExtension(task, occ).pack())
    assert await core.count("dialogs") == 0 and await core.count("explanations") == 0


async def test_a_member_asks_and_a_head_cannot_decide(core: Core) -> None:
    task, occ = await core.task_id("2.1"), await core.occurrence_of("2.1")
    assert "hạn hiện tại 05/03/2025" in await core.text(MEMBER, button_data=AskExtension(task, occ).pack())
    assert "Không đọc được ngày trong «sớm thôi»" in await core.text(MEMBER, "sớm thôi")
    assert "không sau hạn hiện tại 05/03/2025" in await core.text(MEMBER, "1/3")
    assert "Hạn đề xuất: 30/06/2025" in await core.text(MEMBER, "cuối quý 2")
    assert "Đã gửi đề nghị gia hạn nhiệm vụ 2.1 đến 30/06/2025" in await core.text(MEMBER, "Chờ kinh phí")
    assert await core.count("outbox", "key LIKE 'extension:%|to:%'") == 1  # the secretary's copy, with buttons
    assert "đang chờ thư ký trả lời" in await core.text(HEAD, button_data=AskExtension(task, occ).pack())
    (request_id,) = [r[0] for r in await core.db.execute_fetchall("SELECT id FROM extensions")]
    for user in (HEAD, MEMBER):
        answer = await core.text(user, button_data=DecideExtension(request_id, "yes").pack())
        assert "Chỉ thư ký Ban Chỉ đạo hoặc quản trị viên" in answer
    assert await core.count("extensions", "status = 'pending'") == 1
    assert "Đã đồng ý gia hạn 2.1" in await core.text(ADMIN, button_data=DecideExtension(request_id, "yes").pack())
    assert await core.count("extensions", "status = 'approved'") == 1


async def test_a_command_explains_the_first_open_deadline(core: Core) -> None:
    answer = await core.text(HEAD, "/giai_trinh 2.1 Chờ hướng dẫn của Sở")
    assert "Đã ghi nhận giải trình nhiệm vụ 2.1" in answer
    rows = await core.db.execute_fetchall("SELECT text, occurrence_id FROM explanations")
    assert [(r[0], r[1]) for r in rows] == [("Chờ hướng dẫn của Sở", await core.occurrence_of("2.1"))]
    assert "Gõ số nhiệm vụ" in await core.text(HEAD, "/giai_trinh")
    assert "không có nhiệm vụ số 9.9" in await core.text(HEAD, "/xin_gia_han 9.9")
    assert "Xin gia hạn nhiệm vụ 1.1" in await core.text(HEAD, "/xin_gia_han 1.1")


async def test_without_a_linked_secretary_the_request_waits_in_the_list(tmp_path) -> None:
    core = await open_core(tmp_path)
    try:
        await core.link(MEMBER, "member", "Phường Bến Nghé")
        await core.text(MEMBER, "/xin_gia_han 2.1")
        await core.text(MEMBER, "30/4")
        answer = await core.text(MEMBER, "Chờ kinh phí")
        assert "Chưa có thư ký nào liên kết với bot; đề nghị sẽ nằm trong danh sách /gia_han" in answer
        assert await core.count("outbox") == 0
        assert "ĐỀ NGHỊ GIA HẠN ĐANG CHỜ (1)" in await core.text(ADMIN, "/gia_han")
    finally:
        await core.db.close()


async def test_a_coordinating_agency_is_told_the_lead_explains_even_for_an_undated_task(tmp_path) -> None:
    plan = ParsedPlan(
        meta=SAMPLE.meta,
        tasks=(replace(task("3.1", "Duy trì ISO", "Phòng Nội vụ", None, section="3", kind="ongoing"),
                       support=("Phường Bến Nghé",), support_text="Phường Bến Nghé"),),
        derived_agencies=SAMPLE.derived_agencies,
    )
    core = await open_core(tmp_path, plan)
    try:
        await core.link(HEAD, "head", "Phường Bến Nghé")
        for command in ("/giai_trinh 3.1 chờ Sở", "/xin_gia_han 3.1"):
            answer = await core.text(HEAD, command)
            assert "Chỉ thủ trưởng hoặc thành viên của đơn vị chủ trì nhiệm vụ 3.1" in answer, answer
        await core.link(MEMBER, "member", "Phòng Nội vụ")  # the lead agency: an ongoing task has no date to miss
        answer = await core.text(MEMBER, "/giai_trinh 3.1 chờ Sở")
        assert "Nhiệm vụ 3.1 là việc thường xuyên hoặc chờ sự kiện, chưa có hạn cụ thể" in answer, answer
        assert await core.count("explanations") == 0 and await core.count("dialogs") == 0
    finally:
        await core.db.close()


# 1.1 (Phường Bến Nghé) is due Monday 31/03/2025; today is 10/03/2025. A ward chair asks for a length of time
# as they would say it: counted from the due date, as "thêm 2 tuần" is. Before: "xin thêm 2 tuần" and "2 tuần"
# counted from today (24/03, refused as not after the due date), the others were not read at all.
EXTENSION_LENGTHS = [
    ("xin thêm 2 tuần", "14/04/2025"),
    ("2 tuần", "14/04/2025"),
    ("xin 2 tuần nữa ạ", "14/04/2025"),
    ("gia hạn 1 tháng", "30/04/2025"),
    ("lùi 2 tuần", "14/04/2025"),
    ("kéo dài thêm 10 ngày", "10/04/2025"),
    ("thêm hai tuần", "14/04/2025"),
    ("nửa tháng", "15/04/2025"),
    ("thêm 5 ngày làm việc", "08/04/2025"),  # Monday 07/04/2025 is Giỗ Tổ Hùng Vương
    ("extend by 2 weeks", "14/04/2025"),
    ("xin gia hạn thêm 1 tuần do chờ kinh phí", "07/04/2025"),  # the reason said at once: the length still counts
    ("2 tuần, vì thiếu người", "14/04/2025"),
    ("1 tháng 5", "01/05/2025"),  # a date (1 May), not a length
    ("thêm 2 tuần", "14/04/2025"),
    ("cuối tháng 4", "30/04/2025"),
    ("đến 15/5", "15/05/2025"),
]


@pytest.mark.parametrize(("typed", "proposed"), EXTENSION_LENGTHS)
async def test_an_extension_asked_as_a_length_counts_from_the_due_date(core: Core, typed: str, proposed: str) -> None:
    assert "hạn hiện tại 31/03/2025" in await core.text(MEMBER, "/xin_gia_han 1.1")
    assert f"Hạn đề xuất: {proposed}." in await core.text(MEMBER, typed)



async def test_a_reply_asking_for_more_time_starts_the_request_and_stores_no_progress(core: Core) -> None:
    answer = await core.text(MEMBER, "2.1 không kịp, xin gia hạn đến 30/4")
    assert "Xin gia hạn nhiệm vụ 2.1" in answer and "(hạn hiện tại 05/03/2025) đến 30/04/2025" in answer
    assert await core.count("reports") == 0
    assert "Đã gửi đề nghị gia hạn nhiệm vụ 2.1 đến 30/04/2025" in await core.text(MEMBER, "Chờ kinh phí")
    assert await core.count("extensions", "status = 'pending'") == 1
    # no date in the words: the date is asked, as after the button
    assert "Đề xuất hạn mới" in await core.text(HEAD, "1.1 xin thêm thời gian ạ")
    assert await core.count("reports") == 0


async def test_more_time_asked_under_a_list_of_several_tasks_says_how_to_ask(core: Core) -> None:
    await core.send(MEMBER, "/tasks", message_id="1", sent_as="2")
    answer = await core.text(MEMBER, "em xin gia hạn thêm 2 tuần ạ", message_id="3", reply_to_ref="2")
    assert "gõ /xin_gia_han và số nhiệm vụ" in answer
    assert await core.count("reports") == 0 and await core.count("dialogs") == 0


async def test_a_date_typed_with_the_extension_command_is_taken(core: Core) -> None:
    # a ward head who types the date with the command then types the reason: it used to ask the date again and
    # refuse the reason as «Không đọc được ngày trong «Chờ Sở»» (tester7)
    answer = await core.text(MEMBER, "/xin_gia_han 2.1 đến 31/3")
    assert "(hạn hiện tại 05/03/2025) đến 31/03/2025" in answer and "Đề xuất hạn mới" not in answer
    assert "Đã gửi đề nghị gia hạn nhiệm vụ 2.1 đến 31/03/2025" in await core.text(MEMBER, "Chờ Sở")
    # words that name no later date leave the date to be asked, as before
    assert "Đề xuất hạn mới" in await core.text(HEAD, "/xin_gia_han 1.1 vì chờ Sở")
    assert await core.count("reports") == 0 and await core.count("extensions", "status = 'pending'") == 1


async def test_an_acknowledgement_after_a_decision_is_no_note(core: Core) -> None:
    # «ok» typed after approving was sent to the ward as the note «ok» (tester7)
    task, occ = await core.task_id("2.1"), await core.occurrence_of("2.1")
    await core.text(MEMBER, button_data=AskExtension(task, occ).pack())
    await core.text(MEMBER, "30/4")
    await core.text(MEMBER, "Chờ kinh phí")
    (request_id,) = [r[0] for r in await core.db.execute_fetchall("SELECT id FROM extensions")]
    assert "Đã đồng ý gia hạn 2.1" in await core.text(SECRETARY, button_data=DecideExtension(request_id, "yes").pack())
    assert "Không gửi ghi chú nào" in await core.text(SECRETARY, "ok ạ")
    assert await core.count("outbox", "key LIKE 'extension:%|note'") == 0 and await core.count("dialogs") == 0
    assert await core.count("extensions", "note = ''") == 1
