"""Each reminder item planned once with everyone it goes to: shared people, the flat per-person view,
people already logged left out, and digests of people sharing a list (issue 19)."""

from __future__ import annotations

from datetime import date

from chat.buttons import AskExtension, ButtonData, Explain
from schedules.digest import build_digests
from schedules.model import Delivery, ReminderSettings
from schedules.planner import plan_items
from storage.reminders import Person
from tests.helpers import at
from tests.schedules.test_planner import (
    HEAD,
    MEMBER,
    PEOPLE,
    SECRETARY,
    UNIT,
    UNIT_HEAD,
    WARD,
    occ,
    plan_reminders,
)

S = ReminderSettings()
SECRETARY_2 = Person(16, "secretary", None, "telegram", "1016")
SECRETARY_EN = Person(17, "secretary", None, "telegram", "1017", lang="en")
# Tuesday 11/03/2025: a deadline of 03/03 is 6 working days past (D+6), past both escalations (5 days)
OVERDUE = at(date(2025, 3, 11))


def test_an_item_is_planned_once_with_everyone_it_goes_to():
    o = occ(date(2025, 3, 3), leads=(WARD, UNIT))  # 11/03 is D+6: escalated to heads and secretaries
    items = plan_items([o], [*PEOPLE, SECRETARY_2], [], S, OVERDUE)
    assert [(i.agency, i.stage) for i in items] == [(WARD, "D+6"), (UNIT, "D+6")]
    ward, unit = items
    assert ward.deliveries == (
        Delivery("overdue", (MEMBER,)), Delivery("escalation", (HEAD,)), Delivery("escalation", (SECRETARY, SECRETARY_2))
    )
    # Phòng Nội vụ has no members: its head has it, and no escalation to itself
    assert unit.deliveries == (Delivery("overdue", (UNIT_HEAD,)), Delivery("escalation", (SECRETARY, SECRETARY_2)))
    # the secretaries are one tuple for every item
    assert unit.deliveries[-1].people is ward.deliveries[-1].people
    # the flat view: one intent per person, in the order planned
    assert [(i.user_id, i.reason, i.agency) for i in plan_reminders([o], [*PEOPLE, SECRETARY_2], [], S, OVERDUE)] == [
        (12, "overdue", WARD), (13, "escalation", WARD), (14, "escalation", WARD), (16, "escalation", WARD),
        (15, "overdue", UNIT), (14, "escalation", UNIT), (16, "escalation", UNIT),
    ]


def test_an_item_without_the_people_it_is_logged_for():
    (item,) = plan_items([occ(date(2025, 3, 3))], [*PEOPLE, SECRETARY_2], [], S, OVERDUE)
    assert item.without(set()) is item
    assert item.without({"occ:9|agency:56|stage:D+6|2025-03-11|user:12"}) is item  # another item's key
    member_and_secretary = {item.prefix + "12", item.prefix + "14"}
    assert item.without(member_and_secretary).deliveries == (
        Delivery("escalation", (HEAD,)), Delivery("escalation", (SECRETARY_2,))
    )
    assert item.without({item.prefix + str(n) for n in (12, 13, 14, 16)}) is None


def test_secretaries_reading_one_language_share_a_text_and_each_language_has_its_own():
    o = occ(date(2025, 3, 3), leads=(WARD, UNIT))
    people = [*PEOPLE, SECRETARY_2, SECRETARY_EN]
    digests = {d.user_id: d for d in build_digests(plan_items([o], people, [], S, OVERDUE), S)}
    vi, vi_2, en = digests[14].message.text, digests[16].message.text, digests[17].message.text
    assert vi is vi_2  # rendered once
    assert "QUÁ HẠN" in vi and "OVERDUE, NOT DONE" in en
    assert [d.key for d in digests.values()] == [f"digest:user:{n}|2025-03-11" for n in (12, 13, 14, 15, 16, 17)]
    assert [(i.user_id, i.reason) for i in digests[17].intents] == [(17, "escalation"), (17, "escalation")]


def test_a_person_whose_items_are_in_two_lists_reads_them_in_the_order_planned():
    first = occ(date(2025, 3, 3), occurrence_id=1, task_id=1, number="1.1", leads=(WARD,))
    second = occ(date(2025, 3, 3), occurrence_id=2, task_id=2, number="1.2", leads=(WARD,))
    people = [*PEOPLE, SECRETARY_2]
    whole = plan_items([first, second], people, [], S, OVERDUE)
    # the first item was logged for the first secretary: the second one is in (SECRETARY_2,) for it and in
    # (SECRETARY, SECRETARY_2) for the other
    logged = {whole[0].prefix + "14"}
    partial = [kept for item in whole if (kept := item.without(logged)) is not None]
    assert partial[0].deliveries[-1].people == (SECRETARY_2,)
    assert partial[1].deliveries[-1].people == (SECRETARY, SECRETARY_2)
    digests = {d.user_id: d for d in build_digests(partial, S)}
    before = {d.user_id: d for d in build_digests(whole, S)}
    assert digests[16].message == before[16].message
    assert [i.occurrence.occurrence_id for i in digests[16].intents] == [1, 2]
    assert [i.occurrence.occurrence_id for i in digests[14].intents] == [2]



def test_a_secretarys_digest_heads_each_agency_once_per_section_most_urgent_first():
    # two agencies late on the same three tasks: listed by task, the headings alternated six times
    found = [occ(date(2025, 3, 3), occurrence_id=100 + n, task_id=n, milestone_id=200 + n, number=f"3.{n}",
                 leads=(WARD, UNIT)) for n in range(7, 10)]
    (digest,) = [d for d in build_digests(plan_items(found, [SECRETARY], [], S, OVERDUE), S)
                 if d.user_id == SECRETARY.user_id]
    text = digest.message.text
    headings = [line for line in text.split("\n") if line.startswith("🏢")]
    assert sorted(headings) == [f"🏢 {UNIT.name}", f"🏢 {WARD.name}"]  # each once
    first = text.split(headings[0])[1].split(headings[1])[0]
    assert [n for n in ("3.7", "3.8", "3.9") if f"• {n} " in first] == ["3.7", "3.8", "3.9"]


def test_a_series_due_twice_in_a_digest_is_one_entry_its_later_date_under_its_missed_one():
    # TESTER14 F10: a monthly task's missed date (D+9) and today's (T0) were two entries in two sections with
    # two identical rows of «✅ 1.2 Xong»; now one entry, one row (it answers the newest date due: F1b)
    missed = occ(date(2025, 2, 27), occurrence_id=1, kind="recurring", previous_due=date(2025, 1, 27))
    today = occ(date(2025, 3, 12), occurrence_id=2, kind="recurring", previous_due=date(2025, 2, 27))
    (digest,) = [d for d in build_digests(plan_items([missed, today], PEOPLE, [], S, at(date(2025, 3, 12))), S)
                 if d.user_id == MEMBER.user_id]
    text = digest.message.text
    assert text.count("Nhiệm vụ 1.2") == 1 and "ĐẾN HẠN" not in text
    assert ("   Thời hạn: 27/02/2025 — quá hạn 9 ngày làm việc\n   Hạn kỳ sau: 12/03/2025 — hôm nay là hạn chót"
            in text)
    assert [c.label for row in digest.message.choices for c in row].count("✅ 1.2 Xong") == 1
    assert {i.occurrence.occurrence_id for i in digest.intents} == {1, 2}  # both reminded and logged


def test_the_late_buttons_of_a_series_listed_once_explain_the_missed_date_and_extend_the_newest():
    # note13: «Xin gia hạn 1.2» under the entry asked to move 27/02, a date two weeks past, while the entry's
    # «Xong» answers 12/03 and «Hạn kỳ sau: 12/03/2025 — hôm nay là hạn chót» is the deadline still to meet
    missed = occ(date(2025, 2, 27), occurrence_id=1, kind="recurring", previous_due=date(2025, 1, 27))
    today = occ(date(2025, 3, 12), occurrence_id=2, kind="recurring", previous_due=date(2025, 2, 27))
    (digest,) = [d for d in build_digests(plan_items([missed, today], PEOPLE, [], S, at(date(2025, 3, 12))), S)
                 if d.user_id == MEMBER.user_id]
    pressed = {c.label: ButtonData.unpack(c.data) for row in digest.message.choices for c in row}
    assert pressed["📝 Giải trình 1.2"] == Explain(7, 1)  # the date missed, as /overdue lists it
    assert pressed["📅 Xin gia hạn 1.2"] == AskExtension(7, 2)
