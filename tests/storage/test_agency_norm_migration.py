"""v011 recomputes agencies.norm and agency_aliases.norm with the one normal form (issue 17, item 18): rows
that become the same name are both kept (the oldest owns the name), and the admin's /agencies lists them."""

from __future__ import annotations

from datetime import date

import pytest

from i18n import t
from plans.model import Milestone, ParsedPlan, ParsedTask, PlanMeta
from storage.agencies import all_agencies, find_agency, same_name_groups
from storage.db import migrate, open_db, transaction
from storage.plans import store_plan
from tests.harness import Clock
from tests.reliability_core import ADMIN, NOW, Core


async def test_v011_keeps_rows_that_become_duplicates_and_the_admin_sees_them(tmp_path):
    path = tmp_path / "old.sqlite3"
    db = await open_db(path)
    try:
        # as a database before v011 held them: the old norms told these four apart
        await db.executescript(
            "BEGIN;"
            "INSERT INTO agencies (id, name, norm, kind, created_at) VALUES"
            " (1, 'Phường Bến Nghé', 'phuong ben nghe', 'ward', '2025-01-10T00:00:00+00:00'),"
            " (2, 'UBND phường Bến Nghé', 'uy ban nhan dan phuong ben nghe', 'ward', '2025-01-11T00:00:00+00:00'),"
            " (3, 'Ban Chỉ đạo CCHC', 'ban chi dao cai cach hanh chinh', 'committee', '2025-01-10T00:00:00+00:00'),"
            " (4, 'Phường Đa Kao', 'phuong da kao', 'ward', '2025-01-10T00:00:00+00:00');"
            "INSERT INTO agency_aliases (agency_id, alias, norm) VALUES (4, 'P. Đa Kao', 'p da kao'),"
            " (4, 'P.ĐaKao', 'p dakao');"
            "PRAGMA user_version = 10;"
            "COMMIT;"
        )
        assert await migrate(db) >= 11
        async with db.execute("SELECT id, norm FROM agencies ORDER BY id") as cur:
            norms = {r[0]: r[1] for r in await cur.fetchall()}
        assert norms[1] == "phuong ben nghe"
        assert norms[2] == "phuong ben nghe #2"  # kept, never matched by a typed name
        assert norms[3] == "ban chi dao cai cach hanh chinh"
        async with transaction(db):
            assert (await find_agency(db, "UBND phường Bến Nghé")).id == 1
            assert (await find_agency(db, "P. Đa Kao")).id == 4
            assert (await find_agency(db, "Đa Kao")).id == 4
        core = Core(db, path, Clock(NOW))
        listing = await core.text(ADMIN, "/agencies")
        assert t("agencies_same_name", "vi", names="«Phường Bến Nghé» · «UBND phường Bến Nghé»") in listing
    finally:
        await db.close()


@pytest.mark.both_backends
async def test_v020_reads_abbreviated_agency_names_stored_before_as_the_full_names(db, backend, now):
    # as a database at v018 held them: agency_key read "Phòng NV" and "Sở TP" as their letters then
    for name, norm in (("Phòng NV", "phong nv"), ("Sở Tư pháp", "so tu phap"), ("Sở TP", "so tp")):
        await db.execute(
            "INSERT INTO agencies (name, norm, kind, created_at) VALUES (?, ?, 'unit', '2025-01-10T00:00:00+00:00')",
            (name, norm),
        )
    if backend == "sqlite":
        await db.execute("PRAGMA user_version = 18")
    else:
        await db.execute("DELETE FROM schema_version WHERE version > 18")
    assert await migrate(db) >= 20
    async with transaction(db):
        nv = await find_agency(db, "Phòng Nội vụ")
        assert nv is not None and nv.name == "Phòng NV"
        assert (await find_agency(db, "Sở Tư pháp")).name == "Sở Tư pháp"  # the older owns the form
        rows = await db.execute_fetchall("SELECT name, norm FROM agencies ORDER BY id")
        assert [r["norm"].split(" #")[0] for r in rows] == ["phong noi vu", "so tu phap", "so tu phap"]
        assert same_name_groups(await all_agencies(db)) == [["Sở Tư pháp", "Sở TP"]]  # the admin sees both
        result = await store_plan(
            db, _plan_led_by("Phòng Nội vụ"), now=now, user_id=None, channel="cli", source_name="p.txt",
            create_agencies=True,
        )
        assert result  # stored
        assert len(await db.execute_fetchall("SELECT id FROM agencies")) == 3  # no second "Phòng Nội vụ"
        async with db.execute("SELECT agency_id FROM task_agencies WHERE role = 'lead'") as cur:
            assert [r[0] for r in await cur.fetchall()] == [nv.id]


def _plan_led_by(lead: str) -> ParsedPlan:
    task = ParsedTask(
        number="1", key="1", section="1", section_title="Cải cách thể chế", title="Việc 1", deliverables=(),
        lead=(lead,), support=(), lead_text="", support_text="", deadline_text="",
        milestones=(Milestone(kind="due", due=date(2025, 6, 30), dates=(date(2025, 6, 30),)),),
    )
    return ParsedPlan(meta=PlanMeta(code="1/KH-UBND", title="Kế hoạch"), tasks=(task,))


@pytest.mark.both_backends
async def test_v027_keeps_the_district_s_committee_in_the_office_s_name(db, backend, now):
    # as a database at v023 held it: agency_key dropped "và UBND huyện", keying the office as "Văn phòng HĐND"
    await db.execute(
        "INSERT INTO agencies (name, norm, kind, created_at) VALUES (?, ?, 'unit', '2025-01-10T00:00:00+00:00')",
        ("Văn phòng HĐND và UBND huyện", "van phong hoi dong nhan dan"),
    )
    if backend == "sqlite":
        await db.execute("PRAGMA user_version = 23")
    else:
        await db.execute("DELETE FROM schema_version WHERE version > 23")
    assert await migrate(db) >= 27
    async with transaction(db):
        office = await find_agency(db, "VP HĐND và UBND")
        assert office is not None and office.name == "Văn phòng HĐND và UBND huyện"
        assert await find_agency(db, "Văn phòng HĐND") is None  # the council's own office is another


@pytest.mark.both_backends
async def test_v036_keeps_the_committee_after_hdnd_dash_in_the_office_s_name(db, backend, now):
    # as a database at v033 held it: agency_key dropped "- UBND quận", keying the office as "Văn phòng HĐND"
    await db.execute(
        "INSERT INTO agencies (name, norm, kind, created_at) VALUES (?, ?, 'unit', '2025-01-10T00:00:00+00:00')",
        ("Văn phòng HĐND - UBND quận", "van phong hoi dong nhan dan"),
    )
    if backend == "sqlite":
        await db.execute("PRAGMA user_version = 33")
    else:
        await db.execute("DELETE FROM schema_version WHERE version > 33")
    assert await migrate(db) >= 36
    async with transaction(db):
        for name in ("Văn phòng HĐND và UBND", "Văn phòng UBND quận", "VP HĐND&UBND"):
            office = await find_agency(db, name)
            assert office is not None and office.name == "Văn phòng HĐND - UBND quận"
        assert await find_agency(db, "Văn phòng HĐND") is None  # the council's own office is another
