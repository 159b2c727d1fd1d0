"""What new users met in the console demo after the session-9 merges, each pinned once fixed."""

from __future__ import annotations

from tests.bot.test_console import run_lines


def _order(text: str, *numbers: str) -> list[int]:
    return [text.index(f" {number} ") for number in numbers]


async def test_overdue_and_summary_list_late_tasks_in_the_plans_order(tmp_path):
    # 3.10 comes after 3.9 in the plan, not between 3.1 and 3.2 as text sorts it
    out, _ = await run_lines(tmp_path, "/as bennghe", "/tick 05/04/2022", "/overdue", "/summary")
    overdue = out.split("NHIỆM VỤ QUÁ HẠN —")[1]
    assert _order(overdue, "3.3", "3.9", "3.10", "4.1") == sorted(_order(overdue, "3.3", "3.9", "3.10", "4.1"))
    summary = out.split("🔴 QUÁ HẠN (11)")[1]
    assert _order(summary, "3.3", "3.9", "3.10", "4.1") == sorted(_order(summary, "3.3", "3.9", "3.10", "4.1"))


async def test_a_reply_naming_no_task_offers_each_task_of_the_reminder_once(tmp_path):
    # 3.5 is in the 05/04 reminder twice: overdue since 31/03 and as a monthly task
    out, db = await run_lines(tmp_path, "/as bennghe", "/tick 05/04/2022", "#4 xong", "4")
    choices = out.split("Bạn báo cáo việc nào?\n")[1].splitlines()[0].split()
    assert choices.count("3.5") == 1
    assert "Đã ghi nhận 3.5: Xong" in out
    assert db.execute("SELECT COUNT(*) FROM reports").fetchone()[0] == 1
