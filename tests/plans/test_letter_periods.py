"""A letter (công văn) whose only horizon is its subject line, and tasks whose deadline is the period of
the report they ask for ("tổng hợp báo cáo quý IV/2025") or a part of a year ("hoàn thành đầu năm 2026")."""

from __future__ import annotations

from datetime import date

from plans.importer import read_plan

LETTER = """ỦY BAN NHÂN DÂN
QUẬN 3
Số: 215/UBND-NV
V/v triển khai nhiệm vụ cải cách hành chính
quý IV/2025

Quận 3, ngày 02 tháng 10 năm 2025

Kính gửi: Các phòng, ban chuyên môn thuộc UBND quận; UBND các phường.

UBND quận đề nghị:

1. Giao Phòng Nội vụ chủ trì, phối hợp Văn phòng HĐND và UBND quận tổng hợp báo cáo Quý IV/2025 gửi Sở Nội vụ.
2. Giao Phòng Tư pháp rà soát thủ tục hành chính thuộc thẩm quyền.
3. Đề nghị UBND các phường niêm yết công khai thủ tục hành chính, hoàn thành đầu năm 2026.
4. Giao Văn phòng HĐND và UBND quận tổng hợp báo cáo 9 tháng, gửi trước ngày 15/10/2025.
5. Giao Phòng Nội vụ xây dựng báo cáo sơ kết 6 tháng đầu năm 2026; theo báo cáo năm 2024 của Sở, rà soát chỉ tiêu.

Nơi nhận:
- Như trên;
- Lưu: VT.
"""


def test_a_letters_deadlines_from_its_subject_its_report_periods_and_parts_of_a_year() -> None:
    plan = read_plan(LETTER.encode(), "cong-van.txt")
    due = {task.number: [(m.kind, m.due, m.dates) for m in task.milestones] for task in plan.tasks}
    assert due["1.1"] == [("due", date(2025, 12, 31), (date(2025, 12, 31),))]
    # no date of its own: it runs until the quarter the subject names
    assert due["2.1"] == [("ongoing", None, (date(2025, 12, 31),))]
    assert due["3.1"] == [("due", date(2026, 3, 31), (date(2026, 3, 31),))]
    assert due["4.1"] == [("due", date(2025, 10, 15), (date(2025, 10, 15),))]
    # the report it makes, not the one it cites
    assert due["5.1"] == [("due", date(2026, 6, 30), (date(2026, 6, 30),))]
    keys = {(w.task, w.text.key) for w in plan.warnings}
    assert ("2.1", "plan_warn_no_horizon") not in keys
    assert ("3.1", "deadline_read_as") in keys  # «đầu năm» is a reading the admin is told about
