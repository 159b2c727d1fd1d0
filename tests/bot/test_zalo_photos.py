"""A photo sent on Zalo reaches the bot as a link it downloads (TESTER15 F15: no test sent one): kept as the
evidence its caption names, saved on disk as sent; a link that no longer answers is said, not «đã lưu»."""

from __future__ import annotations

from pathlib import Path

from tests.bot.test_zalo import LAN, ZaloRun
from tests.bot.test_zalo import zalo as zalo  # the fixture: a started Zalo bot on the sample plan

PHOTO = b"\xff\xd8\xff\xe0 anh bien ban hop giao ban \xff\xd9"


async def _send_photo(zalo: ZaloRun, caption: str, status: int = 200) -> str:
    before = len(zalo.fake.messages_to(LAN))
    zalo.fake.user_sends_image(LAN, photo=PHOTO, photo_status=status, caption=caption, display_name="Lan")
    await zalo.idle()
    return "\n".join(m.plain for m in zalo.fake.messages_to(LAN)[before:])


async def _evidence(zalo: ZaloRun) -> list[tuple[str, str, str | None]]:
    async with zalo.db.execute(
        "SELECT t.number, e.file_name, e.local_path FROM evidence e JOIN reports r ON r.id = e.report_id"
        " JOIN tasks t ON t.id = r.task_id ORDER BY e.id"
    ) as cur:
        return [tuple(row) for row in await cur.fetchall()]


async def test_a_photo_with_its_task_in_the_caption_is_downloaded_and_kept(zalo: ZaloRun):
    await zalo.link(LAN)
    answer = await _send_photo(zalo, "1.1 xong")
    assert "Đã ghi nhận 1.1: Xong" in answer and "Đã lưu minh chứng «anh-" in answer and "cho 1.1" in answer
    assert len(zalo.fake.photo_fetches) == 1  # the bot fetched the link Zalo gave it
    [(number, name, path)] = await _evidence(zalo)
    assert number == "1.1" and name.startswith("anh-") and name.endswith(".jpg")
    assert path is not None and Path(path).read_bytes() == PHOTO


async def test_a_photo_whose_link_fails_is_recorded_and_said_not_kept(zalo: ZaloRun):
    await zalo.link(LAN)
    answer = await _send_photo(zalo, "2.1 xong", status=404)  # the link no longer answers
    assert "Đã ghi nhận 2.1: Xong" in answer
    assert "Đã lưu minh chứng" not in answer and "chưa lưu được bản sao" in answer and "giữ lại tệp gốc" in answer
    assert [(number, path) for number, _, path in await _evidence(zalo)] == [("2.1", None)]
