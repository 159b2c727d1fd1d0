"""Agency names as people type them (issue 17, items 12 and 18): one normal form finds "Phường Bến Nghé" from
"Bến Nghé", "Phuong Ben Nghe", "P. Bến Nghé" or "UBND phường Bến Nghé", in /summary (the period before or
after the name), the CLI's invite and /agency_add's duplicate check; a committee keeps its level; the admin
sees a close name when adding; secretaries list agencies."""

from __future__ import annotations

import pytest

from i18n import t
from tests.fakegram import FakeTelegram
from tests.harness import ADMIN_ID, Clock, cli, make_settings, seed_plan, start, stop
from tests.reliability_core import ADMIN, NOW, open_core

WARD = "Phường Bến Nghé"


@pytest.mark.parametrize(
    ("typed", "same_as"),
    [
        ("/summary quý Bến Nghé", f"/summary quý {WARD}"),
        ("/summary Phuong Ben Nghe tuần", f"/summary tuần {WARD}"),
        ("/summary Bến Nghé tháng", f"/summary tháng {WARD}"),
        ("/summary P. Bến Nghé", f"/summary {WARD}"),
        ("/summary UBND phường Bến Nghé", f"/summary {WARD}"),
        ("/summary Ủy ban nhân dân phường Bến Nghé quý", f"/summary quý {WARD}"),
    ],
)
async def test_summary_finds_the_ward_however_it_is_typed(tmp_path, typed, same_as):
    core = await open_core(tmp_path)
    try:
        expected = await core.text(ADMIN, same_as)
        assert "Tổng: 2 lượt chủ trì" in expected  # the ward's two tasks, not the plan's three
        assert await core.text(ADMIN, typed) == expected
    finally:
        await core.db.close()


async def test_cli_invite_finds_the_ward_without_its_kind_word(tmp_path, capsys):
    settings = make_settings(tmp_path)
    await seed_plan(settings.db)
    assert await cli(settings, "invite", "Bến Nghé") == 0
    assert WARD in capsys.readouterr().out


async def test_one_normal_form_decides_duplicates_and_a_committee_keeps_its_level(tmp_path):
    core = await open_core(tmp_path)
    try:
        for typed in ("UBND phường Bến Nghé", "P. Bến Nghé", "phuong ben nghe"):
            refused = await core.text(ADMIN, f"/agency_add {typed}")
            assert refused == t("agency_name_taken", "vi", name=typed, existing=WARD), refused
        assert (await core.text(ADMIN, "/agency_add Ban Chỉ đạo CCHC")).startswith("Đã thêm")
        added = await core.text(ADMIN, "/agency_add Ban Chỉ đạo CCHC quận")
        assert added.startswith("Đã thêm đơn vị «Ban Chỉ đạo CCHC quận»"), added
        # the admin is shown the close name, with the command that would make it an alias instead
        assert t("agency_near", "vi", near="Ban Chỉ đạo CCHC", name="Ban Chỉ đạo CCHC quận") in added
        assert await core.count("agencies", "name LIKE 'Ban Chỉ đạo%'") == 2
    finally:
        await core.db.close()


async def test_secretaries_list_agencies_through_telegram(tmp_path):
    settings = make_settings(tmp_path)
    await seed_plan(settings.db)
    fake = FakeTelegram()
    for uid in (ADMIN_ID, 5):
        fake.add_user(uid)
    running = await start(settings, fake, Clock(NOW))
    try:
        invite = await running.say(ADMIN_ID, "/invite thư ký")
        code = invite.plain.split("start=")[1].split()[0]
        assert "thư ký" in (await running.say(5, f"/start {code}")).plain
        listing = await running.say(5, "/agencies")
        assert listing.plain.startswith(t("agencies_header", "vi", count=2)), listing.plain
        assert WARD in listing.plain and "Phòng Nội vụ" in listing.plain
        assert "/agencies" in (await running.say(5, "/help")).plain
    finally:
        await stop(running)
