"""Commands as people type them on a phone: a Vietnamese keyboard writes /hủy, /việc, /báo_cáo."""

from __future__ import annotations

from tests.reliability_core import open_core

MEMBER = "3"


async def test_commands_typed_with_diacritics_on_a_vietnamese_keyboard_are_understood(tmp_path) -> None:
    core = await open_core(tmp_path)
    try:
        await core.link(MEMBER, "member", "Phường Bến Nghé")
        # before: «Không hiểu lệnh /hủy» — the help says /huy, a phone's Vietnamese keyboard writes /hủy
        assert "Tình trạng hiện nay?" in await core.text(MEMBER, "/báo_cáo 1.1")
        assert await core.text(MEMBER, "/Hủy") == "Đã thoát."
        assert await core.count("dialogs") == 0
        assert "Việc của Phường Bến Nghé" in await core.text(MEMBER, "/việc")
        assert "Nhiệm vụ 1.1" in await core.text(MEMBER, "/nhiệm_vụ 1.1")
        assert "Xin gia hạn nhiệm vụ 1.1" in await core.text(MEMBER, "/xin_gia_hạn 1.1")
        assert "Không hiểu lệnh /đi" in await core.text(MEMBER, "/đi")  # an unknown one is still named as typed
    finally:
        await core.db.close()
