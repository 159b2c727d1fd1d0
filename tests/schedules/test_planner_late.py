"""The planner and late tasks: an agency's approved extension moves its stages (and its reminders show the
new date); an agency that explained is reminded weekly while overdue; the others keep the plan's pace."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from schedules.digest import build_digests
from schedules.planner import plan_items, tasks_examined
from storage.reminders import Person
from tests.helpers import at
from tests.schedules.test_planner import PEOPLE, UNIT, UNIT_HEAD, WARD, S, occ, stages_by_day

# due Wednesday 05/03/2025; Phòng Nội vụ (UNIT) leads it too
BOTH = occ(date(2025, 3, 5), leads=(WARD, UNIT))


def test_an_extension_moves_only_that_agencys_stages() -> None:
    extended = replace(BOTH, extended=((WARD.id, date(2025, 3, 31)),))
    ward = stages_by_day(extended, date(2025, 3, 3), date(2025, 4, 4))
    assert ward == {"20/03/2025": "T-7", "26/03/2025": "T-3", "28/03/2025": "T-1", "31/03/2025": "T0",
                    "03/04/2025": "D+3"}
    unit = stages_by_day(extended, date(2025, 3, 3), date(2025, 3, 14), user_id=UNIT_HEAD.user_id)
    assert unit == stages_by_day(BOTH, date(2025, 3, 3), date(2025, 3, 14), user_id=UNIT_HEAD.user_id)
    assert unit["05/03/2025"] == "T0" and unit["10/03/2025"] == "D+3"
    # the digest shows the agency its own date; the day's tasks to read reports of include it
    items = plan_items([extended], PEOPLE, [], S, at(date(2025, 3, 26)))
    member = next(d for d in build_digests(items, S) if d.user_id == 12)
    assert "31/03/2025" in member.message.text and "05/03/2025" not in member.message.text
    assert tasks_examined([extended], S, at(date(2025, 3, 20))) == {extended.task_id}  # T-7 of 31/03 only
    assert tasks_examined([BOTH], S, at(date(2025, 3, 20))) == set()


def test_an_explained_agency_is_reminded_weekly_while_overdue() -> None:
    explained = replace(BOTH, explanations=((WARD.id, "Chờ hướng dẫn của Sở"),))
    ward = stages_by_day(explained, date(2025, 3, 6), date(2025, 3, 31))
    assert ward == {"12/03/2025": "D+5", "19/03/2025": "D+10", "26/03/2025": "D+15"}
    assert stages_by_day(BOTH, date(2025, 3, 6), date(2025, 3, 14)) == {"10/03/2025": "D+3", "13/03/2025": "D+6"}
    unit = stages_by_day(explained, date(2025, 3, 6), date(2025, 3, 14), user_id=UNIT_HEAD.user_id)
    assert unit == {"10/03/2025": "D+3", "13/03/2025": "D+6"}
    assert tasks_examined([explained], S, at(date(2025, 3, 12))) == {explained.task_id}
    # the digests show it: to the agency on D+5, to the secretaries with the escalation on D+10
    member = next(d for d in build_digests(plan_items([explained], PEOPLE, [], S, at(date(2025, 3, 12))), S)
                  if d.user_id == 12)
    assert "📝 Đã giải trình: Chờ hướng dẫn của Sở" in member.message.text
    later = build_digests(plan_items([explained], PEOPLE, [], S, at(date(2025, 3, 19))), S)
    secretary = next(d for d in later if d.user_id == 14)
    assert "UBND phường Bến Nghé" in secretary.message.text
    assert "📝 Đã giải trình: Chờ hướng dẫn của Sở" in secretary.message.text


def test_overdue_items_offer_explain_and_extend_and_upcoming_ones_extend() -> None:
    member = Person(12, "member", WARD.id, "telegram", "1012")
    overdue = plan_items([occ(date(2025, 3, 5))], [member], [], S, at(date(2025, 3, 10)))
    (digest,) = build_digests(overdue, S)
    assert [[c.label for c in row] for row in digest.message.choices] == [
        ["✅ 1.2 Xong", "🔄 1.2 Đang làm", "⛔ 1.2 Vướng"], ["📝 Giải trình 1.2", "📅 Xin gia hạn 1.2"]]
    upcoming = plan_items([occ(date(2025, 3, 13))], [member], [], S, at(date(2025, 3, 10)))
    (digest,) = build_digests(upcoming, S)
    assert [c.label for c in digest.message.choices[1]] == ["📅 Xin gia hạn 1.2"]


def test_an_agency_asking_for_more_time_is_not_named_silent_but_waits_for_the_secretary() -> None:
    # reminded before Friday 07/03, it asked for 21/03 (no report): on Monday the secretary decides, not chases
    reminded = occ(date(2025, 3, 7), reminded=frozenset({WARD.id}))
    asked = replace(reminded, asked=((WARD.id, date(2025, 3, 21)),))
    items = plan_items([asked], PEOPLE, [], S, at(date(2025, 3, 10)))
    assert [(i.user_id, i.stage, i.reason) for item in items for i in item.intents("vi") if i.user_id == 14] == [
        (14, "NR", "extension_asked")]
    secretary = next(d for d in build_digests(items, S) if d.user_id == 14).message.text
    assert "ĐƠN VỊ XIN GIA HẠN, CHỜ ANH/CHỊ QUYẾT ĐỊNH (/gia_han)" in secretary
    assert "📅 Đang xin gia hạn đến 21/03/2025" in secretary and "CHƯA PHẢN HỒI" not in secretary
    # the agency's own digest says so too (D+3)
    later = build_digests(plan_items([asked], PEOPLE, [], S, at(date(2025, 3, 12))), S)
    member = next(d for d in later if d.user_id == 12).message.text
    assert "📅 Đang xin gia hạn đến 21/03/2025" in member
    silent = build_digests(plan_items([reminded], PEOPLE, [], S, at(date(2025, 3, 10))), S)
    assert "CHƯA PHẢN HỒI SAU KHI ĐƯỢC NHẮC" in next(d for d in silent if d.user_id == 14).message.text


def test_an_extension_approved_before_the_sending_time_is_in_that_days_digest_and_after_it_waits() -> None:
    # 26/03 is T-3 of the new date 31/03: approved at 07:30 the 08:00 digest says so; approved at 08:00 or
    # later the decision itself told the ward (one digest a day), and the unit keeps the plan's date
    for approved, planned in ((at(date(2025, 3, 26), 7, 30), True), (at(date(2025, 3, 26), 8), False)):
        extended = replace(BOTH, extended=((WARD.id, date(2025, 3, 31)),), extended_at=((WARD.id, approved),))
        items = plan_items([extended], PEOPLE, [], S, at(date(2025, 3, 26), 16))
        assert any(item.agency == WARD and item.stage == "T-3" for item in items) is planned
        assert any(item.agency == UNIT for item in items)
