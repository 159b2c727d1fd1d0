"""/agencies lists each part (joined, nobody yet) under a heading per kind, each kind in Vietnamese order;
before, «Chưa ai tham gia (25)» ran «Ban Chỉ đạo CCHC, Chi cục thuế, …, Phường Bến Thành» with no heading
and read as unsorted."""

from __future__ import annotations

from tests.reliability_core import ADMIN, open_core


async def test_agencies_nobody_joined_are_listed_under_their_kind(tmp_path):
    core = await open_core(tmp_path)
    try:
        for name in ("Phường Tân Định", "Phường Đa Kao", "Ban Chỉ đạo CCHC", "Phòng Tư pháp"):
            await core.send(ADMIN, f"/agency_add {name}")
        (answer,) = await core.send(ADMIN, "/agencies")
        nobody = answer.text.split("Chưa ai tham gia (6):\n")[1]
        assert nobody.startswith("▸ Ban Chỉ đạo (1)\n• Ban Chỉ đạo CCHC — 0 người")
        assert "\n▸ Phòng, ban, đơn vị (2)\n• Phòng Nội vụ — 0 người, chủ trì 1 việc\n• Phòng Tư pháp" in nobody
        assert "\n▸ Phường, xã (3)\n• Phường Bến Nghé — 0 người, chủ trì 2 việc\n• Phường Đa Kao" in nobody
        assert nobody.index("Phường Đa Kao") < nobody.index("Phường Tân Định")
    finally:
        await core.db.close()
