"""A status typed alone, answering nothing («xong», «60%» after a restart, or to a bot that sent no list yet): the
bot says which task to name, not «Mình chưa hiểu», and stores nothing."""

from __future__ import annotations

import pytest

from tests.reliability_core import open_core

CHAIR = "7"


@pytest.mark.parametrize(("text", "status"), [("xong", "Xong"), ("dang lam 60%", "Đang làm"), ("vướng: chờ Sở", "Vướng")])
async def test_a_status_answering_nothing_asks_for_the_task_number(tmp_path, text, status):
    core = await open_core(tmp_path)
    try:
        await core.link(CHAIR, "head", "Phường Bến Nghé")
        answer = await core.text(CHAIR, text)
        assert answer.startswith(f"Bạn báo «{status}» cho việc nào? Hãy gõ kèm số việc, ví dụ «1.2 {text}»"), answer
        assert "chưa hiểu" not in answer
        assert await core.count("reports") == 0
    finally:
        await core.db.close()


async def test_words_with_no_status_are_still_not_understood(tmp_path):
    core = await open_core(tmp_path)
    try:
        await core.link(CHAIR, "head", "Phường Bến Nghé")
        assert "Mình chưa hiểu tin nhắn này" in await core.text(CHAIR, "asdfgh qwerty")
    finally:
        await core.db.close()
