"""Replies the demo's tester typed (branch replies7), through dispatch: thanks under a one-task message store
nothing and ask nothing, a lone number is no note after «Xong» or «Vướng», more time asked in a length starts
the extension request counted from the due date, and numbers typed after a comma without a space are tasks."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from chat.buttons import ReportStatus
from tests.reliability_core import Core, open_core

HEAD = "2"  # the chair of Phường Bến Nghé, which leads 1.1 (due 31/03/2025) and 2.1 (due 05/03/2025)


@pytest.fixture
async def core(tmp_path) -> AsyncIterator[Core]:
    core = await open_core(tmp_path)
    try:
        await core.link(HEAD, "head", "Phường Bến Nghé")
        yield core
    finally:
        await core.db.close()


async def reports(core: Core) -> list[tuple]:
    async with core.db.execute(
        "SELECT t.number, r.status, r.percent, r.note FROM reports r JOIN tasks t ON t.id = r.task_id ORDER BY r.id"
    ) as cur:
        return [tuple(row) for row in await cur.fetchall()]


async def flow(core: Core) -> str | None:
    async with core.db.execute("SELECT flow FROM dialogs") as cur:
        row = await cur.fetchone()
    return row[0] if row else None


@pytest.mark.parametrize("typed", ["cảm ơn", "cam on a", "thanks", "dạ vâng", "ok ạ", "👍", "đã nhận"])
async def test_thanks_under_a_one_task_message_store_nothing_and_ask_nothing(core: Core, typed: str) -> None:
    await core.send(HEAD, "/task 1.1", sent_as="card")
    (answer,) = await core.send(HEAD, typed, reply_to_ref="card")
    assert "không ghi nhận tiến độ nào" in answer.text and not answer.choices  # before: «Chưa rõ tình trạng của 1.1»
    assert await reports(core) == [] and await flow(core) is None


async def test_thanks_typed_alone_are_answered_as_thanks(core: Core) -> None:
    assert "không ghi nhận tiến độ nào" in await core.text(HEAD, "Dạ em cảm ơn anh ạ!")
    assert await reports(core) == []


async def test_a_lone_number_after_done_is_no_note(core: Core) -> None:
    task, occ = await core.task_id("1.1"), await core.occurrence_of("1.1")
    await core.send(HEAD, button_data=ReportStatus(task, occ, "done").pack())
    (refused,) = await core.send(HEAD, "2")  # the next button, meant for another message
    assert "Chưa lưu «2» làm ghi chú cho 1.1" in refused.text and refused.choices
    assert await reports(core) == [("1.1", "done", 100, "")] and await flow(core) == "note"
    assert "Đã lưu ghi chú cho 1.1" in await core.text(HEAD, "đã ban hành Kế hoạch số 25")
    assert await reports(core) == [("1.1", "done", 100, "đã ban hành Kế hoạch số 25")]


async def test_a_lone_number_after_blocked_asks_for_the_percent_sign(core: Core) -> None:
    task, occ = await core.task_id("1.1"), await core.occurrence_of("1.1")
    await core.send(HEAD, button_data=ReportStatus(task, occ, "blocked").pack())
    assert "«60%»" in await core.text(HEAD, "60")
    assert await reports(core) == [("1.1", "blocked", None, "")]
    await core.send(HEAD, "60%")
    assert await reports(core) == [("1.1", "blocked", 60, "")]


async def test_thanks_after_done_end_the_note_step_without_a_note(core: Core) -> None:
    task, occ = await core.task_id("1.1"), await core.occurrence_of("1.1")
    await core.send(HEAD, button_data=ReportStatus(task, occ, "done").pack())
    assert "không thêm ghi chú" in await core.text(HEAD, "cảm ơn ạ")
    assert await reports(core) == [("1.1", "done", 100, "")] and await flow(core) is None


@pytest.mark.parametrize(("typed", "proposed"), [
    ("1.1 cho em xin them 1 tuan", "07/04/2025"),  # a week after the due date 31/03, not after today 10/03
    ("1.1 xin lùi 10 ngày", "10/04/2025"),
    ("1.1 cho gia hạn thêm 1 tháng", "30/04/2025"),
    ("1.1 em xin phép hoàn thành chậm 1 tuần", "07/04/2025"),
    ("1.1 xin thêm thời gian 1 tuần nữa ạ", "07/04/2025"),
])
async def test_a_length_of_time_asked_starts_the_extension_from_the_due_date(core: Core, typed: str, proposed: str) -> None:
    answer = await core.text(HEAD, typed)
    assert f"(hạn hiện tại 31/03/2025) đến {proposed}" in answer
    assert await reports(core) == [] and await flow(core) == "extend"


async def test_more_time_asked_to_a_status_question_is_that_tasks_extension(core: Core) -> None:
    assert "Chưa rõ tình trạng của 1.1" in await core.text(HEAD, "1.1 ok")
    answer = await core.text(HEAD, "xin thêm 2 tuần")  # before: stored as in progress, due in two weeks
    assert "(hạn hiện tại 31/03/2025) đến 14/04/2025" in answer
    assert await reports(core) == [] and await flow(core) == "extend"


async def test_numbers_after_a_comma_without_a_space_are_tasks(core: Core) -> None:
    answer = await core.text(HEAD, "1.1 xong,2.1 dang lam 30%")
    assert "Đã ghi nhận 1.1: Xong" in answer and "Đã ghi nhận 2.1: Đang làm, 30%" in answer
    assert await reports(core) == [("1.1", "done", 100, ""), ("2.1", "in_progress", 30, "")]


async def test_ok_answering_the_bots_own_yes_no_question_is_a_yes(core: Core) -> None:
    await core.send(HEAD, "/tasks", sent_as="list")
    assert "Xác nhận: 2 việc" in await core.text(HEAD, "tất cả đã xong", reply_to_ref="list")
    assert await flow(core) == "confirm_all"
    await core.send(HEAD, "ok ạ")  # not thanks here: the bot asked Có / Không
    assert sorted(await reports(core)) == [("1.1", "done", 100, ""), ("2.1", "done", 100, "")]


async def test_a_lone_number_asked_about_is_no_note_for_the_status_pressed_next(core: Core) -> None:
    await core.send(HEAD, "/task 1.1", sent_as="card")
    assert "Chưa rõ tình trạng của 1.1" in await core.text(HEAD, "1", reply_to_ref="card")
    task, occ = await core.task_id("1.1"), await core.occurrence_of("1.1")
    await core.send(HEAD, button_data=ReportStatus(task, occ, "in_progress").pack())
    assert await reports(core) == [("1.1", "in_progress", None, "")]  # before: the note «1»
