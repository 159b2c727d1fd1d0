"""What new users met in the console demo after the session-9 merges, each pinned once fixed."""

from __future__ import annotations

from handlers.tasks import plan_page
from storage.tasks import PlanTask
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
    out, db = await run_lines(tmp_path, "/as bennghe", "/tick 05/04/2022", "#4 xong", "d")
    choices = out.split("Bạn báo cáo việc nào?\n")[1].splitlines()[0].split()
    assert choices.count("3.5") == 1
    assert "Đã ghi nhận 3.5: Xong" in out
    assert db.execute("SELECT COUNT(*) FROM reports").fetchone()[0] == 1


DIRECTIVE = """ỦY BAN NHÂN DÂN
QUẬN 1
Số: 125/UBND-VP
V/v triển khai nhiệm vụ cải cách hành chính quý II năm 2022

Quận 1, ngày 12 tháng 4 năm 2022

Kính gửi: Chủ tịch UBND 10 phường.

1. Giao Phòng Nội vụ chủ trì, phối hợp Văn phòng UBND quận rà soát Tổ giúp việc; hoàn thành trước ngày 30/6/2022.

2. Giao Ủy ban nhân dân các phường:
- Báo cáo kết quả thực hiện về Phòng Nội vụ trước ngày 20 hằng tháng.
"""


async def test_a_monthly_task_of_a_directive_issued_in_april_is_not_overdue_since_january(tmp_path):
    letter = tmp_path / "cv-125.txt"
    letter.write_text(DIRECTIVE, encoding="utf-8")
    out, db = await run_lines(
        tmp_path, "/as admin", "/tick 13/04/2022", f"/import {letter}", "a", "/overdue Phường Bến Nghé"
    )
    assert "Đã lưu công văn 125/UBND-VP" in out  # a công văn (agencies8: was «kế hoạch»)
    late = out.split("NHIỆM VỤ QUÁ HẠN —")[-1]
    assert "• 2.1 " not in late and "20/01/2022" not in late  # the wards' monthly report, from 20/04 on
    first = db.execute(
        "SELECT MIN(o.due) FROM occurrences o JOIN milestones m ON m.id = o.milestone_id"
        " JOIN tasks t ON t.id = m.task_id JOIN plans p ON p.id = t.plan_id WHERE p.code = '125/UBND-VP'"
        " AND m.kind = 'recurring'"
    ).fetchone()[0]
    assert first == "2022-04-20"


async def test_an_extension_request_and_its_answer_reach_the_other_side_without_a_tick(tmp_path):
    # the resident bot sends its queue within the minute; the demo, whose clock stands still, right away
    out, _ = await run_lines(
        tmp_path, "/as bennghe", "/tick 05/04/2022", "/xin_gia_han 3.7", "cuối quý", "chờ Sở",
        "/as thuky", "/gia_han", "a", "/huy",
    )
    asked, decided = out.split("> (bạn đang là: Thư ký")
    assert "→ Thư ký Ban Chỉ đạo CCHC:\n  📅 Đề nghị gia hạn #1: 3.7" in asked  # before the secretary looks
    assert "→ Chủ tịch UBND phường Bến Nghé:\n  ✅ Thư ký Ban Chỉ đạo đã đồng ý gia hạn nhiệm vụ 3.7" in decided


async def test_the_plans_last_page_points_back_not_to_itself(tmp_path):
    out, _ = await run_lines(tmp_path, "/as thuky", "/tasks 5")
    last = out.split("(69 việc, trang 5/5)")[1]
    assert "/tasks 5 để sang trang" not in last and "/tasks 4 để sang trang" in last


def test_a_plan_on_one_page_offers_no_page_to_turn_to():
    one = PlanTask("1/KH", "1", "Chỉ đạo", "1.1", "Kiện toàn Ban Chỉ đạo", 1, "Phòng Nội vụ")
    assert "/tasks 1 để sang trang" not in plan_page([one], 1, "vi").text
    assert "sang trang" not in plan_page([one], 1, "vi").text


def test_the_plans_tasks_name_the_plan_of_each_section_when_two_plans_are_followed() -> None:
    # before: «📚 I. KIỂM TRA CÔNG TÁC…» with its 1.1, then «📚 1. Công tác chỉ đạo…» with another 1.1, and no
    # word of which plan either belongs to (/summary's «THEO LĨNH VỰC» names them «[62/KH-UBND] I. …»)
    check = PlanTask("62/KH-UBND", "I", "Kiểm tra công tác chỉ đạo", "1.1", "Xây dựng kế hoạch kiểm tra", 1, "Phòng Nội vụ")
    one = PlanTask("17/KH-UBND", "1", "Chỉ đạo", "1.1", "Kiện toàn Ban Chỉ đạo", 1, "Phòng Nội vụ")
    both = plan_page([check, one], 1, "vi").text
    assert "📚 [62/KH-UBND] I. Kiểm tra công tác chỉ đạo" in both and "📚 [17/KH-UBND] 1. Chỉ đạo" in both
    assert "📚 1. Chỉ đạo" in plan_page([one], 1, "vi").text  # one plan: no code to repeat
