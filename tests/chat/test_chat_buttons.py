"""Button data: pack/unpack round trips, the 64-byte limit, the old wire forms still in people's chats, and
that every button the bot builds unpacks to its class and has a handler."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from chat.buttons import (
    BUTTON_CLASSES,
    MAX_BYTES,
    AskExtension,
    ButtonData,
    ConfirmAll,
    DecideExtension,
    Explain,
    ImportAnswer,
    InheritTasks,
    MoveMember,
    OpenReport,
    PickEvent,
    PickTask,
    RemoveMember,
    RemovePlan,
    ReportPage,
    ReportStatus,
    ShowTask,
    SkipNote,
    StaleButton,
    TasksPage,
)
from chat.messages import Attachment, OutgoingMessage
from handlers.dispatch import BUTTONS, DIALOGS
from handlers.session import Flow
from plans.model import ParsedPlan
from schedules.model import ReminderSettings
from schedules.tick import plan_and_enqueue
from storage.agencies import GROUP_UNITS
from tests.harness import SAMPLE, task
from tests.reliability_core import ADMIN, open_core

BIGGEST_ID = 10**18 - 1  # the largest id a button carries (18 digits)

ROUND_TRIPS = [
    (OpenReport(12, 345), "r:12:345"),
    (OpenReport(12, None), "r:12:-"),
    (ReportStatus(12, 345, "done"), "r:12:345:done"),
    (ReportStatus(12, None, "in_progress"), "r:12:-:in_progress"),
    (ReportStatus(BIGGEST_ID, BIGGEST_ID, "blocked"), f"r:{BIGGEST_ID}:{BIGGEST_ID}:blocked"),
    (PickTask(7, 8), "p:7:8"),
    (PickTask(7, None), "p:7:-"),
    (SkipNote(), "skip"),
    (ImportAnswer("ok"), "imp:ok"),
    (ImportAnswer("no"), "imp:no"),
    (ImportAnswer("create"), "imp:create"),
    (ImportAnswer("replace"), "imp:replace"),
    (PickEvent(42), "trg:42"),
    (ReportPage(2), "rp:2"),
    (TasksPage(3), "tp:3"),
    (ConfirmAll("yes"), "all:yes"),
    (ConfirmAll("no"), "all:no"),
    (InheritTasks(4, "yes"), "inh:4:yes"),
    (MoveMember(12, "no"), "mv:12:no"),
    (RemoveMember(7), "rm:7"),
    (Explain(12, 345), "gt:12:345"),
    (AskExtension(12, 345), "gh:12:345"),
    (DecideExtension(9, "yes"), "ghq:9:yes"),
    (DecideExtension(9, "no"), "ghq:9:no"),
    (ShowTask(21), "tk:21"),
    (RemovePlan(3, "ask"), "gkh:3:ask"),
    (RemovePlan(3, "yes"), "gkh:3:yes"),
]

# forms buttons sent before chat/buttons.py carry: "0" for no occurrence (/tasks, /report, status buttons)
OLD_FORMS = [
    ("r:12:0", OpenReport(12, None)),
    ("r:12:0:done", ReportStatus(12, None, "done")),
    ("p:7:0", PickTask(7, None)),
    ("r:5:-:blocked", ReportStatus(5, None, "blocked")),  # the reminders' spelling, which stays
]

FORGED = [
    "", "r:", "r:1", "r:1:2:3:4", "r:1:2:hacked", "r:1:abc:done", "r:abc:2", "r:-:2", "r:0:2", "r:-1:2",
    "r:1:2:", "r: 1:2", "r:١٢:3", f"r:{10**18}:1", "p:1", "p:1:2:3", "skip:x", "imp:", "imp:yes", "imp:ok:1",
    "trg:", "trg:abc", "trg:-", "trg:1:2", "rp:0", "rp:-", "all:maybe", "zz:1", "x:1:1:done", "R:1:2", "rm:", "rm:-",
    "rm:0", "rm:1:2",
]


@pytest.mark.parametrize(("button", "wire"), ROUND_TRIPS)
def test_pack_and_unpack_round_trip(button: ButtonData, wire: str):
    assert button.pack() == wire
    assert ButtonData.unpack(wire) == button
    assert type(button).unpack(wire) == button
    assert len(wire.encode()) <= MAX_BYTES


def test_the_table_covers_every_class():
    assert {type(button) for button, _ in ROUND_TRIPS} == set(BUTTON_CLASSES)


@pytest.mark.parametrize(("wire", "button"), OLD_FORMS)
def test_old_wire_forms_are_read_and_packed_the_one_way(wire: str, button: ButtonData):
    assert ButtonData.unpack(wire) == button
    assert button.pack() == wire.replace(":0", ":-")


@pytest.mark.parametrize("wire", FORGED)
def test_forged_or_damaged_data_is_stale(wire: str):
    with pytest.raises(StaleButton):
        ButtonData.unpack(wire)


def test_a_class_unpacks_only_its_own_form():
    with pytest.raises(StaleButton):
        ReportStatus.unpack("r:12:345")  # an OpenReport
    with pytest.raises(StaleButton):
        PickTask.unpack("trg:1")


@pytest.mark.parametrize(
    "button",
    [ReportStatus(1, 2, "hacked"), OpenReport(0, None), OpenReport(1, 0), PickTask(-1, None), ImportAnswer("yes"),
     PickEvent(10**18)],
)
def test_pack_refuses_values_that_would_come_back_different(button: ButtonData):
    with pytest.raises(ValueError, match="cannot be packed"):
        button.pack()


@dataclass(frozen=True)
class _Oversized(ButtonData):
    prefix = "long"
    text: str


def test_pack_refuses_more_than_64_bytes():
    with pytest.raises(ValueError, match="64 bytes"):
        _Oversized("đ" * 30).pack()  # "long:" and 60 bytes: 65


def test_every_button_class_and_flow_has_a_handler():
    assert set(BUTTONS) == set(BUTTON_CLASSES)
    assert set(DIALOGS) == set(Flow)


PLAN = ParsedPlan(
    meta=SAMPLE.meta,
    tasks=(
        *SAMPLE.tasks,
        task("3.1", "Duy trì ISO", "Phường Bến Nghé", None, section="3", kind="ongoing"),
        task("4.1", "Sau khi có quyết định", "Phường Bến Nghé", None, section="4", kind="event"),
        # enough tasks for /report's list to have a second page
        *(task(f"5.{n}", f"Việc thêm {n}", "Phường Bến Nghé", None, section="5", kind="ongoing") for n in range(1, 6)),
        task("6.1", "Tự kiểm tra CCHC", GROUP_UNITS, None, section="6", kind="ongoing"),  # a group's task
        # and for the plan's list (/tasks of an admin) to have a second page
        *(task(f"7.{n}", f"Việc của phòng {n}", "Phòng Nội vụ", None, section="7", kind="ongoing") for n in range(1, 6)),
    ),
    derived_agencies=SAMPLE.derived_agencies,
)
SAMPLE_FILE = Path(__file__).resolve().parents[2] / "bot" / "data" / "sample_plan_17-KH-UBND_2022.txt"


def _buttons(answers: list[OutgoingMessage]) -> list[ButtonData]:
    """The buttons under the answers, unpacked; each packs back to the data it was sent with."""
    found = []
    for answer in answers:
        for row in answer.choices:
            for choice in row:
                button = ButtonData.unpack(choice.data)
                assert button.pack() == choice.data
                found.append(button)
    return found


async def test_every_button_the_bot_builds_unpacks_to_its_class(tmp_path):
    core = await open_core(tmp_path, PLAN)
    try:
        await core.link("2", "head", "Phường Bến Nghé")
        listed = _buttons(await core.send("2", "/tasks"))
        assert listed and all(isinstance(b, OpenReport) for b in listed)
        statuses = _buttons(await core.send("2", button_data=listed[0].pack()))
        assert [type(b) for b in statuses] == [ReportStatus] * 3
        assert [b.status for b in statuses] == ["done", "in_progress", "blocked"]
        skip = _buttons(await core.send("2", button_data=statuses[1].pack()))
        assert skip == [SkipNote()]
        picks = _buttons(await core.send("2", "/report"))
        assert picks and all(isinstance(b, PickTask | ReportPage) for b in picks) and ReportPage(2) in picks
        listing = await core.send("2", "/tasks", sent_as="900")
        confirm = _buttons(await core.send("2", "tất cả đã xong", reply_to_ref="900"))
        assert confirm == [ConfirmAll("yes"), ConfirmAll("no")], listing
        pages = _buttons(await core.send(ADMIN, "/tasks"))  # the plan's tasks, for an admin without an agency
        assert pages == [TasksPage(2)]
        events = _buttons(await core.send(ADMIN, "/trigger"))
        assert events and all(isinstance(b, PickEvent) for b in events)
        core.files["PLAN"] = SAMPLE_FILE.read_bytes()
        plan = Attachment("PLAN", SAMPLE_FILE.name, len(core.files["PLAN"]))
        answers = _buttons(await core.send(ADMIN, "/import", attachment=plan))
        assert answers == [ImportAnswer("ok"), ImportAnswer("no"), ImportAnswer("create"), ImportAnswer("xlsx")]
        await core.link("3", "member", "Phường Bến Nghé")  # "Người 2" and "Người 3": a name both match
        removals = _buttons(await core.send(ADMIN, "/member_remove Phường Bến Nghé | Người"))
        assert removals == [RemoveMember(await core.user_id("2")), RemoveMember(await core.user_id("3"))]
        inherit = _buttons(await core.send(ADMIN, "/agency_add Phòng Kinh tế"))
        new_agency = await core.agency_id("Phòng Kinh tế")
        assert inherit == [InheritTasks(new_agency, "yes"), InheritTasks(new_agency, "no")]
        code = re.search(r"start=([A-Z0-9]+)", await core.text(ADMIN, "/invite Phòng Nội vụ")).group(1)
        move = _buttons(await core.send("2", f"/start {code}"))
        assert [b.answer for b in move] == ["yes", "no"] and all(isinstance(b, MoveMember) for b in move)
        # reminders on 01/04/2025, the first working day of April: 3.1 is checked in, without an occurrence
        april = datetime(2025, 4, 1, 2, 0, tzinfo=UTC)
        digests = await plan_and_enqueue(core.db, ReminderSettings(), april)
        reminded = [b for digest in digests for b in _buttons([digest.message])]
        assert reminded and all(isinstance(b, ReportStatus) for b in reminded)
        ongoing = await core.task_id("3.1")
        assert ReportStatus(ongoing, None, "done") in reminded
        # 10/03/2025: 2.1 (due 05/03) is overdue: "Giải trình" and "Xin gia hạn" under it; a request asked
        # through them reaches /gia_han with Đồng ý / Không đồng ý
        march = await plan_and_enqueue(core.db, ReminderSettings(), datetime(2025, 3, 10, 2, 0, tzinfo=UTC))
        late = [b for digest in march for b in _buttons([digest.message]) if isinstance(b, Explain | AskExtension)]
        assert {type(b) for b in late} == {Explain, AskExtension}
        await core.send("2", button_data=next(b for b in late if isinstance(b, AskExtension)).pack())
        await core.send("2", "30/4")
        await core.send("2", "chờ số liệu của Sở")
        decisions = _buttons(await core.send(ADMIN, "/gia_han"))
        assert [b.answer for b in decisions] == ["yes", "no"] and all(isinstance(b, DecideExtension) for b in decisions)
        # the bundled plan stored beside PLAN: both have a 1.1, so /task 1.1 asks which plan
        await core.send(ADMIN, "/import", attachment=plan)
        await core.send(ADMIN, button_data=ImportAnswer("ok").pack())
        shown = _buttons(await core.send(ADMIN, "/task 1.1"))
        assert len(shown) == 2 and all(isinstance(b, ShowTask) for b in shown)
        plans = _buttons(await core.send(ADMIN, "/plan_remove"))
        assert len(plans) == 2 and {b.answer for b in plans} == {"ask"}
        gone = _buttons(await core.send(ADMIN, button_data=plans[0].pack()))
        assert gone == [RemovePlan(plans[0].plan_id, "yes"), RemovePlan(plans[0].plan_id, "no")]
        built = {type(b) for b in [*listed, *statuses, *skip, *picks, *confirm, *pages, *events, *answers, *removals, *inherit, *move,
                                    *reminded, *late, *decisions, *shown, *plans, *gone]}
        assert built == set(BUTTON_CLASSES)
    finally:
        await core.db.close()

