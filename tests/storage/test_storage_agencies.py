from datetime import date

import pytest

from plans.model import Milestone, ParsedPlan, ParsedTask, PlanMeta
from storage.agencies import (
    GROUP_UNITS,
    GROUP_WARDS,
    add_agency,
    add_alias,
    expand_groups_for_agency,
    find_agency,
    get_agency,
    list_agencies,
    registry,
)
from storage.errors import AgencyExists, AliasExists, UnknownAgency
from storage.plans import store_plan
from storage.tasks import task_agencies

pytestmark = pytest.mark.both_backends


async def test_add_and_get_agency(db, now):
    a = await add_agency(db, "  Phòng   Nội vụ ", "unit", now=now, aliases=["PNV"])
    assert a.name == "Phòng Nội vụ"
    assert a.norm == "phong noi vu"
    assert await get_agency(db, a.id) == a
    assert await get_agency(db, a.id + 100) is None
    assert await find_agency(db, "pnv") == a


async def test_duplicate_name_is_a_clear_error(db, now):
    await add_agency(db, "Phòng Văn hóa và Thông tin", "unit", now=now)
    with pytest.raises(AgencyExists) as err:
        await add_agency(db, "phòng văn hoá và thông tin", "unit", now=now)
    assert "Phòng Văn hóa và Thông tin" in str(err.value)
    assert "trùng" in str(err.value)
    with pytest.raises(AgencyExists, match="đã có trong danh sách"):
        await add_agency(db, "Phòng Văn hóa và Thông tin", "unit", now=now)


async def test_name_equal_to_another_agencys_alias_is_refused(db, now):
    await add_agency(db, "Văn phòng HĐND và UBND", "unit", now=now, aliases=["Văn phòng"])
    with pytest.raises(AgencyExists, match="Văn phòng HĐND và UBND"):
        await add_agency(db, "Văn phòng", "unit", now=now)


async def test_group_names_cannot_be_agencies(db, now):
    with pytest.raises(AgencyExists):
        await add_agency(db, GROUP_WARDS, "ward", now=now)


async def test_bad_kind_is_refused(db, now):
    with pytest.raises(ValueError):
        await add_agency(db, "Phòng Y tế", "department", now=now)


async def test_alias_clash_and_idempotent_alias(db, now):
    a = await add_agency(db, "Phòng Nội vụ", "unit", now=now)
    b = await add_agency(db, "Phòng Tư pháp", "unit", now=now)
    await add_alias(db, a.id, "Nội vụ")
    await add_alias(db, a.id, "nội vụ")  # same agency, same key: no error, no second row
    async with db.execute("SELECT COUNT(*) FROM agency_aliases") as cur:
        assert (await cur.fetchone())[0] == 1
    with pytest.raises(AliasExists, match="Phòng Nội vụ"):
        await add_alias(db, b.id, "NOI VU")
    with pytest.raises(AliasExists, match="Phòng Tư pháp"):
        await add_alias(db, a.id, "Phòng Tư pháp")
    with pytest.raises(UnknownAgency, match="999"):
        await add_alias(db, 999, "X")


async def test_find_agency_by_alias_old_tones_and_close_spelling(db, now):
    vh = await add_agency(db, "Phòng Văn hóa và Thông tin", "unit", now=now, aliases=["Phòng VH-TT"])
    await add_agency(db, "Phòng Nội vụ", "unit", now=now)
    assert await find_agency(db, "Phòng Văn hoá và Thông tin") == vh
    assert await find_agency(db, "phong van hoa va thong tin") == vh
    assert await find_agency(db, "phòng vh-tt") == vh
    assert await find_agency(db, "Phòng Văn hóa Thông tin") == vh  # fuzzy, one word short
    assert await find_agency(db, "Phòng Tài chính - Kế hoạch") is None
    assert await find_agency(db, "   ") is None


async def test_fuzzy_match_never_crosses_numbers(db, now):
    p1 = await add_agency(db, "Phường 1", "ward", now=now)
    await add_agency(db, "Phường 11", "ward", now=now)
    assert await find_agency(db, "phuong 1") == p1
    assert await find_agency(db, "Phường 12") is None
    assert await find_agency(db, "Phuờng 1") == p1


def _plan() -> ParsedPlan:
    def task(number: str, lead: tuple[str, ...]) -> ParsedTask:
        return ParsedTask(
            number=number, key=number, section="1", section_title="Cải cách thể chế", title=f"Việc {number}",
            deliverables=(), lead=lead, support=(), lead_text="", support_text="", deadline_text="",
            milestones=(Milestone(kind="due", due=date(2025, 6, 30), dates=(date(2025, 6, 30),)),),
        )
    return ParsedPlan(
        meta=PlanMeta(code="1/KH-UBND", title="Kế hoạch"),
        tasks=(task("1", ("Phòng Nội vụ",)), task("2", ("Phòng Nội vụ",)), task("3", (GROUP_UNITS,))),
    )


async def test_list_agencies_counts_members_and_lead_tasks(db, now):
    nv = await add_agency(db, "Phòng Nội vụ", "unit", now=now, aliases=["PNV"])
    tp = await add_agency(db, "Phòng Tư pháp", "unit", now=now)
    await add_agency(db, "Phường 1", "ward", now=now)
    await db.execute(
        "INSERT INTO users (display_name, role, agency_id, active, created_at) VALUES"
        " ('An', 'head', ?, 1, 'x'), ('Bình', 'member', ?, 1, 'x'), ('Cũ', 'member', ?, 0, 'x')",
        (nv.id, nv.id, nv.id),
    )
    await store_plan(db, _plan(), now=now, user_id=None, channel="cli", source_name="p.txt", create_agencies=False)
    by_name = {a.name: a for a in await list_agencies(db)}
    assert (by_name["Phòng Nội vụ"].members, by_name["Phòng Nội vụ"].lead_tasks) == (2, 3)
    assert by_name["Phòng Nội vụ"].aliases == ("PNV",)
    assert (by_name["Phòng Tư pháp"].members, by_name["Phòng Tư pháp"].lead_tasks) == (0, 1)
    assert by_name["Phường 1"].lead_tasks == 0
    assert tp.id in {a.id for a in by_name.values()}


async def test_registry_for_the_resolver(db, now):
    await add_agency(db, "Phòng Nội vụ", "unit", now=now, aliases=["PNV", "Nội vụ"])
    await add_agency(db, "Phường Bến Nghé", "ward", now=now)
    known = {k.name: k for k in await registry(db)}
    assert known["Phòng Nội vụ"].kind == "unit"
    assert tuple(known["Phòng Nội vụ"].aliases) == ("PNV", "Nội vụ")
    assert known["Phường Bến Nghé"].kind == "ward"
    assert tuple(known["Phường Bến Nghé"].aliases) == ()


async def test_unit_registered_later_gets_the_units_group_tasks_when_told_to(db, now):
    await add_agency(db, "Phòng Nội vụ", "unit", now=now)
    result = await store_plan(
        db, _plan(), now=now, user_id=None, channel="cli", source_name="p.txt", create_agencies=False
    )
    late = await add_agency(db, "Phòng Y tế", "unit", now=now)
    ward = await add_agency(db, "Phường 1", "ward", now=now)
    async with db.execute("SELECT id FROM tasks WHERE plan_id = ? AND key = '3'", (result.plan_id,)) as cur:
        (task3,) = await cur.fetchone()
    assert (late.id, "lead") not in await task_agencies(db, task3)  # the plan bound the agencies of its import
    assert await expand_groups_for_agency(db, late.id) >= 1  # the admin's "Có" (handlers.agencies)
    assert (late.id, "lead") in await task_agencies(db, task3)
    assert ward.id not in {a for a, _ in await task_agencies(db, task3)}
    assert await expand_groups_for_agency(db, late.id) == 0  # already linked: nothing added twice


async def test_the_district_office_is_found_by_its_other_names(db, now):
    office = await add_agency(db, "Văn phòng UBND quận", "unit", now=now)
    await add_agency(db, "Văn phòng HĐND và UBND phường Bến Nghé", "unit", now=now)
    for name in ("Văn phòng HĐND và UBND", "VP HĐND&UBND", "Văn phòng HĐND - UBND quận"):
        assert (await find_agency(db, name)).id == office.id
    assert (await find_agency(db, "Văn phòng HĐND và UBND phường Bến Nghé")).id != office.id
