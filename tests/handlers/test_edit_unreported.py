"""An edited message: it rewrites the reports it made, and one that made none becomes the report it now names."""

from __future__ import annotations

from tests.reliability_core import open_core


async def test_an_edit_naming_the_task_of_a_message_that_made_no_report_is_the_report(tmp_path):
    # before: «xong» under a list of several tasks got «Bạn báo cáo việc nào?»; the ward chair edited it to
    # «1.1 xong» (as Telegram lets one fix a message) and nothing was stored: edits only rewrote reports
    core = await open_core(tmp_path)
    try:
        await core.link("2", "head", "Phường Bến Nghé")
        await core.send("2", "/tasks", message_id="9", sent_as="10")
        asked = await core.text("2", "xong", reply_to_ref="10", message_id="11")
        assert "việc nào" in asked and await core.count("reports") == 0
        stored = await core.text("2", "1.1 xong", reply_to_ref="10", message_id="11", edited=True)
        assert "Đã ghi nhận 1.1: Xong" in stored and await core.count("reports") == 1
        again = await core.text("2", "1.1 đang làm 50%", reply_to_ref="10", message_id="11", edited=True)
        assert "1.1" in again and await core.count("reports", "status = 'in_progress' AND percent = 50") == 1
        assert await core.count("reports") == 1  # the same report rewritten, not a second one
        # an edit still naming no task changes nothing and says nothing, as before
        assert await core.text("2", "xong ạ", reply_to_ref="10", message_id="12", edited=True) == ""
    finally:
        await core.db.close()
