"""Everyday chat texts: «which task?» under any list, /trigger's example date, /summary's periods hint."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.reliability_core import open_core


async def test_xong_under_a_tasks_list_is_asked_about_without_calling_the_list_a_reminder(tmp_path):
    # before: «Tin nhắc này có nhiều việc…» under /tasks, which reminds nobody of anything
    core = await open_core(tmp_path)
    try:
        await core.link("2", "head", "Phường Bến Nghé")
        await core.send("2", "/tasks", sent_as="100", message_id="5")
        asked = await core.send("2", "xong", reply_to_ref="100", message_id="6")
        assert asked[0].text == "Tin bạn trả lời có nhiều việc. Bạn báo cáo việc nào?"
        assert {c.label for row in asked[0].choices for c in row} == {"1.1", "2.1"}
        assert await core.count("reports") == 0
    finally:
        await core.db.close()


async def test_trigger_alone_gives_an_example_of_today_not_of_another_year(tmp_path):
    # before: «ví dụ: /trigger 1.1 15/03/2025» whatever the plan's year and the day
    core = await open_core(tmp_path)
    try:
        core.clock.now = datetime(2022, 4, 1, 2, 0, tzinfo=UTC)
        usage = await core.text("1", "/trigger")
        assert "01/04/2022)" in usage and "2025" not in usage
        bad = await core.text("1", "/trigger 1.1 hom qua nua")
        assert "01/04/2022" in bad and "15/03/2025" not in bad
    finally:
        await core.db.close()


async def test_summary_of_an_unknown_word_names_the_periods(tmp_path):
    # before: «Không tìm thấy đơn vị «hom nay»» and nothing about tuần/tháng/quý/năm
    core = await open_core(tmp_path)
    try:
        await core.link("5", "secretary", None)
        answer = await core.text("5", "/summary hom nay")
        assert answer.startswith("Không tìm thấy đơn vị «hom nay»")
        assert "tuần, tháng, quý hoặc năm" in answer and "/agencies" in answer
    finally:
        await core.db.close()
