"""v011 recomputes agencies.norm and agency_aliases.norm with the one normal form (issue 17, item 18): rows
that become the same name are both kept (the oldest owns the name), and the admin's /agencies lists them."""

from __future__ import annotations

from i18n import t
from storage.agencies import find_agency
from storage.db import migrate, open_db, transaction
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
