"""A Sở's own plan: the Sở issues it (not the province's UBND above it in the heading), its tasks go to
"the phòng of the Sở" (the units group, not one more agency named after the Sở), and the last task's
fields end where "Nơi nhận" starts."""

from __future__ import annotations

from datetime import date

import pytest

from plans.agencies import GROUP_UNITS
from plans.importer import read_plan

PLAN = """{ubnd}
SỞ NỘI VỤ
Số: 45/KH-SNV
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Quảng Nam, ngày 15 tháng 01 năm 2025

KẾ HOẠCH
Cải cách hành chính của Sở Nội vụ năm 2025

II. NHIỆM VỤ
1. Rà soát thủ tục hành chính thuộc thẩm quyền của Sở.
- Cơ quan chủ trì: Văn phòng Sở
- Cơ quan phối hợp: Các phòng thuộc Sở Nội vụ
- Thời gian hoàn thành: Quý II/2025
2. Tự kiểm tra công tác cải cách hành chính.
- Cơ quan chủ trì: Các phòng thuộc Sở Nội vụ
- Thời gian hoàn thành: Tháng 10/2025
3. Công khai thủ tục hành chính trên Cổng dịch vụ công.
- Cơ quan chủ trì: Phòng Cải cách hành chính
- Thời gian hoàn thành: Thường xuyên

Nơi nhận:
- UBND tỉnh;
- Lưu: VT.
GIÁM ĐỐC
"""


@pytest.mark.parametrize("ubnd", ["UBND TỈNH QUẢNG NAM", "ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM"])
def test_a_departments_plan_is_the_departments(ubnd: str) -> None:
    plan = read_plan(PLAN.format(ubnd=ubnd).encode(), "ke-hoach-so.txt")
    assert plan.meta.issuer == "Sở Nội vụ tỉnh Quảng Nam"
    tasks = {task.number: task for task in plan.tasks}
    assert tasks["1"].support == (GROUP_UNITS,)
    assert tasks["2"].lead == (GROUP_UNITS,)
    # the closing part is no deadline of the last task
    assert tasks["3"].deadline_text == "Thường xuyên"
    assert [m.kind for m in tasks["3"].milestones] == ["ongoing"]
    assert tasks["1"].milestones[0].due == date(2025, 6, 30)
    assert plan.warnings == ()


def test_a_ministrys_letter_is_the_ministrys() -> None:
    text = PLAN.format(ubnd="").replace("SỞ NỘI VỤ", "BỘ NỘI VỤ", 1)
    assert read_plan(text.encode(), "chi-thi.txt").meta.issuer == "Bộ Nội vụ"


def test_a_heading_pasted_from_a_layout_table_gives_the_plans_identity() -> None:
    text = (
        "UBND TỈNH BẮC NINH\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ NỘI VỤ\tĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 120/KH-SNV\tBắc Ninh, ngày 05 tháng 3 năm 2025\n\nKẾ HOẠCH\nKiểm tra công tác cải cách hành chính năm 2025\n\n"
        "1. Thanh tra Sở chủ trì, phối hợp Văn phòng Sở kiểm tra việc thực hiện quy chế làm việc, hoàn thành trong"
        " tháng 9/2025.\n"
        "2. Các phòng thuộc Sở Nội vụ tự kiểm tra và báo cáo kết quả về Văn phòng Sở trước ngày 15/10/2025.\n"
        "\nNơi nhận:\n- Lưu: VT.\nGIÁM ĐỐC\n"
    )
    plan = read_plan(text.encode(), "dan-tu-web.txt")
    assert (plan.meta.code, plan.meta.issuer, plan.meta.issued_on) == (
        "120/KH-SNV", "Sở Nội vụ tỉnh Bắc Ninh", date(2025, 3, 5))
    assert [(t.lead, t.milestones[0].due) for t in plan.tasks] == [
        (("Thanh tra Sở",), date(2025, 9, 30)), ((GROUP_UNITS,), date(2025, 10, 15))]
    assert plan.warnings == ()
