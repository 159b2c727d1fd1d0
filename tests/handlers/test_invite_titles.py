"""/invite reads the titles offices use for the person invited («trưởng bộ phận», «trưởng ban», «công chức»), and
an agency whose name ends in such words is still found whole."""

from __future__ import annotations

import pytest

from tests.reliability_core import ADMIN, open_core


@pytest.mark.parametrize(("typed", "agency", "role"), [
    ("Bộ phận một cửa trưởng bộ phận", "Bộ phận một cửa", "thủ trưởng"),
    ("Ban điều hành khu phố 1 trưởng ban", "Ban điều hành khu phố 1", "thủ trưởng"),
    ("Bộ phận một cửa công chức", "Bộ phận một cửa", "thành viên"),
    ("Ban Tổ chức công chức", "Ban Tổ chức công chức", "thành viên"),  # the whole text is the agency
])
async def test_invite_reads_office_titles(tmp_path, typed, agency, role):
    core = await open_core(tmp_path)
    try:
        await core.send(ADMIN, f"/agency_add {agency}")
        await core.send(ADMIN, "Không")  # the group's open tasks, if asked: not needed here
        answer = await core.text(ADMIN, f"/invite {typed}")
        assert f"Mã mời cho {agency} (vai trò: {role})" in answer, answer
    finally:
        await core.db.close()
