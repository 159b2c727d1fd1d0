"""A file sent alone, not as a reply: evidence for the task its caption names, as a text would report it."""

from __future__ import annotations

from chat.messages import Attachment
from tests.reliability_core import open_core


async def test_a_photo_sent_alone_with_a_caption_naming_the_task_is_stored_with_its_report(tmp_path):
    # before: a ward chair's photo of the signed minutes captioned «1.1 xong», sent without replying to the
    # reminder, got «Bạn gửi minh chứng cho việc nào?» and nothing was stored, though «1.1 xong» typed alone is
    core = await open_core(tmp_path)
    try:
        await core.link("2", "head", "Phường Bến Nghé")
        core.files["PHOTO"] = b"\xff\xd8 bien ban"
        photo = Attachment("PHOTO", "bien-ban.jpg", 11, "image/jpeg", "photo")
        answer = await core.text("2", "1.1 xong", attachment=photo, message_id="5")
        assert "Đã ghi nhận 1.1: Xong" in answer and "«bien-ban.jpg» cho 1.1" in answer
        assert await core.count("reports") == 1 and await core.count("evidence") == 1
        # a caption naming no task still asks which task, storing nothing
        asked = await core.text("2", "xong", attachment=Attachment("PHOTO", "anh.jpg", 11), message_id="6")
        assert asked.startswith("Bạn gửi minh chứng cho việc nào?")
        assert await core.count("reports") == 1 and await core.count("evidence") == 1
    finally:
        await core.db.close()

