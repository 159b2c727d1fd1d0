"""The three seed plans import with every task, their metadata, and sampled rows as printed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from plans.agencies import GROUP_UNITS, GROUP_WARDS
from plans.deadlines import UNREADABLE
from plans.importer import read_plan_file
from plans.model import ParsedPlan, ParsedTask

SEEDS = Path("/work/shared/seeds")
SEED_000 = SEEDS / "000_59a7d8b938235585.txt"
SEED_002 = SEEDS / "002_98ee53fde9ce47e4.txt"
SEED_004 = SEEDS / "004_d763c16395a0cd95.txt"
MTTQ = "Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội"

pytestmark = pytest.mark.skipif(not SEEDS.exists(), reason="seed plans not present")


@pytest.fixture(scope="module")
def plans() -> dict[str, ParsedPlan]:
    return {"000": read_plan_file(SEED_000), "002": read_plan_file(SEED_002), "004": read_plan_file(SEED_004)}


def task(plan: ParsedPlan, key: str) -> ParsedTask:
    return next(t for t in plan.tasks if t.key == key)


@pytest.mark.parametrize(("seed", "count"), [("000", 69), ("002", 83), ("004", 25)])
def test_every_task_is_read_with_a_lead_and_a_readable_deadline(plans, seed, count):
    plan = plans[seed]
    assert len(plan.tasks) == count
    assert len({t.key for t in plan.tasks}) == count
    assert all(t.lead for t in plan.tasks), [t.key for t in plan.tasks if not t.lead]
    assert all(t.milestones for t in plan.tasks)
    assert not [w.render("vi") for w in plan.warnings if w.text.key in UNREADABLE]
    assert plan.unknown_agencies == ()


def test_metadata_of_the_seeds(plans):
    m0, m2, m4 = plans["000"].meta, plans["002"].meta, plans["004"].meta
    assert (m0.code, m0.issuer, m0.issued_on, m0.year, m0.period) == (
        "17/KH-UBND", "UBND Quận 1", date(2022, 1, 18), 2022, (2022, 2022))
    assert m0.title == "Thực hiện công tác cải cách hành chính trên địa bàn Quận 1 năm 2022"
    # the plan is attached to decision 187/QĐ-UBND and has no number of its own
    assert (m2.code, m2.issuer, m2.issued_on, m2.year) == ("187/QĐ-UBND", "UBND quận Gò Vấp", date(2024, 1, 19), 2024)
    assert m2.title == "Thực hiện công tác cải cách hành chính trên địa bàn quận Gò Vấp năm 2024"
    assert (m4.code, m4.issuer, m4.issued_on, m4.year) == ("3815/UBND-NV", "UBND Quận 1", date(2024, 11, 5), 2024)
    assert m4.title.startswith("Thực hiện khắc phục các nội dung kết luận sau kiểm tra")


def test_year_override(plans):
    plan = read_plan_file(SEED_000, year=2023)
    assert (plan.meta.year, plan.meta.period) == (2023, (2023, 2023))
    # "Định kỳ 03 tháng/lần" names no year: it recurs in the plan year given
    assert task(plan, "3.5").milestones[0].dates == (
        date(2023, 3, 31), date(2023, 6, 30), date(2023, 9, 30), date(2023, 12, 31))
    assert task(plan, "1.3").milestones[0].due == date(2022, 12, 31)  # "Trong năm 2022" names its year


def test_seed_000_rows(plans):
    plan = plans["000"]
    assert [t.number for t in plan.tasks[:3]] == ["1.1", "1.2", "1.3"]
    t11 = task(plan, "1.1")
    assert t11.section == "1"
    assert t11.section_title.startswith("Công tác chỉ đạo, điều hành và truyền thông")
    assert t11.title.startswith("Kiện toàn Ban Chỉ đạo và Tổ Giúp việc")
    assert t11.deliverables == ("Quyết định",)
    assert t11.lead == ("Phòng Nội vụ",)
    assert t11.support == (GROUP_UNITS, GROUP_WARDS)
    assert t11.lead_text == "- Trưởng Phòng Nội vụ quận."
    t12 = task(plan, "1.2")
    assert t12.lead == ("Ban Chỉ đạo CCHC", GROUP_UNITS, GROUP_WARDS)
    assert MTTQ in t12.support
    assert t12.deliverables == ("Kế hoạch triển khai", "Báo cáo đánh giá/Thông báo kết luận; giải pháp khắc phục")
    assert t12.milestones[0].kind == "due" and t12.milestones[0].due == date(2022, 9, 30)
    # 1.3 continues on the next page: "Chủ | tịch UBND 10 phường" and two more deliverables
    t13 = task(plan, "1.3")
    assert t13.deliverables[:2] == ("Kế hoạch triển khai", "Quyết định công bố")
    assert len(t13.deliverables) == 3
    assert t13.support == (GROUP_UNITS, GROUP_WARDS, MTTQ)
    t110 = task(plan, "1.10")
    assert t110.lead == ("Phòng Nội vụ", "Quận Đoàn 1", "Liên đoàn Lao động")
    t22 = task(plan, "2.2")
    assert [(m.kind, m.due) for m in t22.milestones] == [("due", date(2022, 3, 31)), ("due", date(2022, 10, 31))]
    t510 = task(plan, "5.10")
    assert [m.kind for m in t510.milestones] == ["due", "ongoing", "due"]
    assert task(plan, "3.6").lead == ("Chi nhánh Văn phòng đăng ký đất đai",)
    assert task(plan, "7.7").lead == ("Thanh tra quận", "Văn phòng UBND quận")
    assert task(plan, "6.10").support[:2] == ("Văn phòng UBND quận", "Kho bạc Nhà nước")
    assert task(plan, "1.8").milestones[0].kind == "ongoing"
    assert task(plan, "7.14").section_title == "Xây dựng và phát triển chính quyền điện tử, chính quyền số"
    assert plan.derived_agencies["Ban Chỉ đạo CCHC"] == "committee"
    assert plan.derived_agencies["Phòng Nội vụ"] == "unit"
    assert plan.derived_agencies[MTTQ] == "external"


def test_seed_002_rows(plans):
    plan = plans["002"]
    assert plan.tasks[0].number == "1.5"  # the export lost rows 1.1-1.4: import what is there
    assert task(plan, "1.5").section_title == "Công tác chỉ đạo, điều hành và truyền thông về cải cách hành chính"
    assert task(plan, "1.5").lead == ("Hội đồng đánh giá chỉ số CCHC", "Phòng Nội vụ")
    assert task(plan, "1.10").lead == ("Phòng Nội vụ", "Phòng Văn hóa và Thông tin")
    assert task(plan, "1.10").title.endswith("có sức lan tỏa")
    assert "Đoàn TNCSHCM quận" in task(plan, "1.10").support
    assert task(plan, "2.1").section_title == "Cải cách thể chế"
    assert task(plan, "2.1").deliverables == (
        "Kế hoạch", "Báo cáo", "VBQPPL của quận bãi bỏ, thay thế, sửa đổi, bổ sung qua kỳ hệ thống hóa")
    assert task(plan, "3.2").deliverables == ("Kế hoạch, văn bản chỉ đạo", "Báo cáo", "Bộ phận Một cửa được kiện toàn")
    assert task(plan, "3.3").lead == (GROUP_WARDS,)
    assert task(plan, "3.3").support == ("Văn phòng UBND quận", "Phòng Tư pháp")
    assert task(plan, "3.13").lead == ("Phòng Y tế", "Phòng Giáo dục và Đào tạo")  # "Giáo dục và | Đào tạo"
    assert task(plan, "3.16").support[:3] == (
        "Phòng Quản lý đô thị", "Phòng Tài nguyên và Môi trường", "Chi nhánh Văn phòng Đăng ký đất đai")
    assert task(plan, "7.6").lead == ("Công an quận", "Văn phòng UBND quận")
    assert task(plan, "7.6#2").title.startswith("Triển khai Hệ thống đơn thư")
    assert task(plan, "7.7#2").deliverables == ("Kế hoạch sử dụng chữ ký số",)
    assert {w.task for w in plan.warnings if "dùng lần thứ 2" in w.render("vi")} == {"7.6#2", "7.7#2"}
    assert any(w.task == "4.9" for w in plan.warnings)  # dated before the plan itself
    assert task(plan, "1.6").milestones[0].kind == "event"
    assert task(plan, "3.1").milestones[0].due == date(2024, 12, 31)


def test_seed_004_directive(plans):
    plan = plans["004"]
    assert [t.key for t in plan.tasks[:2]] == ["1.1", "1.2"]
    first = task(plan, "1.1")
    assert first.lead == (GROUP_UNITS, GROUP_WARDS)
    assert first.title.startswith("Tập trung, đẩy mạnh công tác CCHC")
    assert [(m.kind, m.due, m.dates) for m in first.milestones] == [("ongoing", None, (date(2024, 12, 31),))]
    # the bullet that runs on after the page break is one task
    assert "tăng cường kiểm tra, phát hiện, chấn chỉnh" in task(plan, "1.7").title
    assert task(plan, "1.9").title.startswith("Rà soát đổi mới phương thức")
    assert task(plan, "2.1").lead == ("Phòng Nội vụ",)
    assert task(plan, "3.1").lead == ("Văn phòng UBND Quận 1", "Trung tâm Công nghệ Thông tin")
    assert task(plan, "4.1").title.endswith("đảm bảo chất lượng, hiệu quả.")
    assert task(plan, "5.3").lead == ("Phòng Tài chính - Kế hoạch",)
    last = task(plan, "5.1#2")  # paragraph 5 is used twice
    assert last.lead == (GROUP_UNITS,)
    assert [(m.kind, m.due) for m in last.milestones] == [("due", date(2024, 11, 15))]
    assert not any("Lưu" in t.title or t.title.startswith("Như trên") for t in plan.tasks)


def test_json_shape(plans):
    data = plans["002"].as_json()
    assert data["plan"]["code"] == "187/QĐ-UBND"
    assert data["tasks"][0]["lead"] == ["Hội đồng đánh giá chỉ số CCHC", "Phòng Nội vụ"]
    assert data["tasks"][0]["milestones"][0]["due"] == "2024-03-31"
