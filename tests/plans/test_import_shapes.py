"""Body-text shapes written here: assignment sentences, lists, field blocks, Markdown copies, and what is not a task."""

from __future__ import annotations

from datetime import date

import pytest

from plans.agencies import GROUP_UNITS, GROUP_WARDS, resolve_agencies
from plans.importer import read_plan
from plans.model import ParsedPlan, PlanError
from plans.readers.assignments import find_assignments


def read(text: str, name: str = "van-ban.txt") -> ParsedPlan:
    return read_plan(text.encode(), name)


def rows(plan: ParsedPlan) -> list[tuple[str, tuple[str, ...], tuple[str, ...], list[date | None]]]:
    return [(t.key, t.lead, t.support, [m.due for m in t.milestones]) for t in plan.tasks]


CONCLUSION = """ỦY BAN NHÂN DÂN TỈNH AN GIANG
Số: 45/TB-VP
THÔNG BÁO
Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại cuộc họp về cải cách hành chính
An Giang, ngày 10 tháng 3 năm 2025
Sau khi nghe báo cáo, Chủ tịch Ủy ban nhân dân tỉnh kết luận như sau:
1. Cơ bản thống nhất nội dung sửa đổi Quy chế làm việc.
2. Theo đó, giao Sở Nội vụ chủ trì, phối hợp với Sở Tư pháp hoàn thiện dự thảo Quy chế, trình Ủy ban nhân dân tỉnh trước ngày 30/4/2025. Giao Sở Tài chính bố trí kinh phí thực hiện trong tháng 5/2025.
3. UBND các xã, phường rà soát thủ tục hành chính theo Kế hoạch số 12/KH-UBND ngày 15/5/2024; báo cáo kết quả về Sở Nội vụ trước ngày 20 hằng tháng.
4. Bảo đảm tiến độ giải ngân vốn đầu tư công.
5. Đồng ý chủ trương tổ chức Hội nghị tổng kết.
Nơi nhận:
- Sở Nội vụ;
- Sở Tài chính;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn An
"""


def test_assignment_sentences_one_task_each_and_nothing_else():
    plan = read(CONCLUSION)
    assert [(t.key, t.lead, t.support) for t in plan.tasks] == [
        ("2.1", ("Sở Nội vụ",), ("Sở Tư pháp",)),
        ("2.2", ("Sở Tài chính",), ()),
        ("3.1", (GROUP_WARDS,), ()),
    ]
    first, second, third = plan.tasks
    assert first.title.startswith("Hoàn thiện dự thảo Quy chế")
    assert first.milestones[0].due == date(2025, 4, 30)
    assert second.milestones[0].due == date(2025, 5, 31)
    # the cited plan's date (15/5/2024) is no deadline; "trước ngày 20 hằng tháng" recurs monthly
    assert third.deadline_text == "trước ngày 20 hằng tháng"
    assert third.milestones[0].kind == "recurring"
    # from the notice's date (10/3) on: no monthly report is due before it was written
    assert third.milestones[0].dates[:2] == (date(2025, 3, 20), date(2025, 4, 20))


DECISION = """ỦY BAN NHÂN DÂN HUYỆN BÌNH CHÁNH
Số: 88/QĐ-UBND
QUYẾT ĐỊNH
Về việc kiện toàn Tổ công tác cải cách hành chính năm 2025
Điều 1. Thông qua danh sách thành viên Tổ công tác cải cách hành chính.
Điều 2. Thi hành kỷ luật khiển trách đối với ông Trần Văn B.
Điều 3. Giao Phòng Nội vụ theo dõi, đôn đốc các thành viên thực hiện nhiệm vụ, báo cáo Chủ tịch UBND huyện chậm nhất ngày 20 tháng cuối mỗi quý.
Điều 4. Quyết định có hiệu lực từ ngày 01/7/2025. Chánh Văn phòng HĐND và UBND huyện, Trưởng Phòng Nội vụ và Thủ trưởng các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này.
"""


def test_a_decision_assigns_only_what_it_gives_someone():
    plan = read(DECISION)
    assert [(t.key, t.lead) for t in plan.tasks] == [("3.1", ("Phòng Nội vụ",))]
    milestone = plan.tasks[0].milestones[0]
    assert milestone.kind == "recurring"
    assert milestone.dates == (date(2025, 3, 20), date(2025, 6, 20), date(2025, 9, 20), date(2025, 12, 20))


LISTS = """KẾ HOẠCH
Cải cách hành chính năm 2025
Số: 7/KH-UBND
II. NHIỆM VỤ
1. Phòng Nội vụ:
a) Rà soát chức năng, nhiệm vụ các phòng chuyên môn, hoàn thành trong quý II/2025.
b) Tổ chức tập huấn nghiệp vụ cho công chức, trước ngày 30/9/2025.
2. Văn phòng HĐND và UBND:
• Công khai thủ tục hành chính trên Cổng thông tin điện tử, trong tháng 6/2025.
• Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính:
+ Hồ sơ tiếp nhận từ năm 2025, hoàn thành trước ngày 31/10/2025;
+ Hồ sơ còn hiệu lực trước năm 2025, trước ngày 15/12/2025.
3. Các cơ quan, đơn vị: thực hiện chế độ báo cáo định kỳ hằng quý.
"""


def test_lists_lettered_bulleted_and_nested_give_tasks_with_their_parents_context():
    plan = read(LISTS)
    assert rows(plan) == [
        ("1.a", ("Phòng Nội vụ",), (), [date(2025, 6, 30)]),
        ("1.b", ("Phòng Nội vụ",), (), [date(2025, 9, 30)]),
        ("2.1", ("Văn phòng HĐND và UBND",), (), [date(2025, 6, 30)]),
        ("2.2", ("Văn phòng HĐND và UBND",), (), [date(2025, 10, 31)]),
        ("2.3", ("Văn phòng HĐND và UBND",), (), [date(2025, 12, 15)]),
        ("3.1", (GROUP_UNITS,), (), [date(2025, 3, 31)]),
    ]
    nested = plan.tasks[3]
    assert nested.title.startswith("Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính: Hồ sơ tiếp nhận")
    assert nested.section_title == "Văn phòng HĐND và UBND"


FIELDS = """KẾ HOẠCH
Kiểm tra công vụ năm 2025
Xây dựng Kế hoạch kiểm tra công vụ
- Cơ quan chủ trì: Phòng Nội vụ
- Cơ quan phối hợp: Văn phòng HĐND và UBND
- Thời gian hoàn thành: Quý I/2025
Tập huấn kỹ năng số cho công chức
- Đơn vị chủ trì: Trung tâm Phục vụ hành chính công
- Thời hạn: trước ngày 15/6/2025
"""


def test_field_blocks_without_a_numbered_heading():
    plan = read(FIELDS)
    assert [(t.title, t.lead, t.support, t.deadline_text) for t in plan.tasks] == [
        ("Xây dựng Kế hoạch kiểm tra công vụ", ("Phòng Nội vụ",), ("Văn phòng HĐND và UBND",), "Quý I/2025"),
        ("Tập huấn kỹ năng số cho công chức", ("Trung tâm Phục vụ hành chính công",), (), "trước ngày 15/6/2025"),
    ]


MARKDOWN = """**ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP**

# KẾ HOẠCH

**Số: 21/KH-UBND**

Triển khai chuyển đổi số năm 2025

1\\. Sở Khoa học và Công nghệ chủ trì, phối hợp với các sở, ngành xây dựng nền tảng dữ liệu dùng chung của
tỉnh, hoàn thành trước ngày 30/9/2025.

2\\. Giao *Công an tỉnh* hướng dẫn các xã, phường làm sạch dữ liệu dân cư trong quý III/2025.

| STT | Tỉnh, thành phố |
|---|---|
| 1 | An Giang |
| 2 | Cà Mau |

**Nơi nhận:**
- Như trên;
- Lưu: VT.

**TM. ỦY BAN NHÂN DÂN**
**CHỦ TỊCH**
"""


def test_a_markdown_copy_joins_wrapped_lines_and_ignores_marks_and_lists_of_places():
    plan = read(MARKDOWN, "ke-hoach.md")
    assert plan.meta.code == "21/KH-UBND"
    assert [(t.key, t.lead) for t in plan.tasks] == [("1.1", ("Sở Khoa học và Công nghệ",)), ("2.1", ("Công an tỉnh",))]
    assert plan.tasks[0].title.endswith("dữ liệu dùng chung của tỉnh, hoàn thành trước ngày 30/9/2025")
    assert plan.tasks[0].milestones[0].due == date(2025, 9, 30)
    assert plan.tasks[1].milestones[0].due == date(2025, 9, 30)


SCHEDULE = """ỦY BAN NHÂN DÂN TỈNH LONG AN
LỊCH CÔNG TÁC TUẦN
(Từ ngày 12/5/2025 đến ngày 16/5/2025)
Thứ Hai (12/5)
- 7 giờ 30: Chủ tịch UBND tỉnh chủ trì họp giao ban. Địa điểm: Phòng họp số 1.
Thứ Ba (13/5)
- 14 giờ 00: Phó Chủ tịch UBND tỉnh làm việc với Sở Y tế.
Thứ Tư (14/5)
- 8 giờ 00: Sở Nội vụ báo cáo tình hình sắp xếp bộ máy.
"""


def test_a_weekly_work_schedule_is_not_a_plan():
    with pytest.raises(PlanError) as caught:
        read(SCHEDULE)
    assert caught.value.key == "plan_not_a_plan"
    assert "không phải kế hoạch" in str(caught.value)


def test_a_schedule_table_is_not_a_task_table():
    text = ("LỊCH LÀM VIỆC\nThứ/Ngày\tGiờ\tNội dung\tChủ trì\tĐịa điểm\tThời gian\n"
            "Thứ Hai\t8h00\tHọp giao ban\tChủ tịch UBND\tPhòng họp 1\tSáng\n")
    with pytest.raises(PlanError) as caught:
        read(text)
    assert caught.value.key == "plan_not_a_plan"


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("Phòng Văn hóa, Khoa học và Thông tin; Phòng Tài chính – Kế hoạch",
         ("Phòng Văn hóa, Khoa học và Thông tin", "Phòng Tài chính - Kế hoạch")),
        ("Văn phòng HĐND và UBND", ("Văn phòng HĐND và UBND",)),
        ("TT HĐND huyện", ("Thường trực HĐND huyện",)),
        ("P. Nội vụ; P. Bến Nghé", ("Phòng Nội vụ", "Phường Bến Nghé")),
        ("BCH QS xã, CA xã", ("Ban Chỉ huy Quân sự xã", "Công an xã")),
        ("UBND các xã, phường", (GROUP_WARDS,)),
    ],
)
def test_catalogue_names_stay_whole_and_abbreviations_read_by_context(cell, names):
    assert resolve_agencies(cell, None).names == names


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        ("Cơ bản thống nhất nội dung sửa đổi Quy chế.", None),
        ("Theo đó, Sở Y tế hướng dẫn các trạm y tế.", "Sở Y tế"),
        ("Bảo đảm tiến độ giải ngân.", None),
        ("Tổ chức tập huấn cho công chức.", None),
        ("Sở Nội vụ đã tổ chức hội nghị.", None),  # a report, not an instruction
        ("Các đơn vị được kiểm tra khẩn trương khắc phục.", "Các đơn vị"),
        ("Trung tâm Phục vụ hành chính công tỉnh hướng dẫn thủ tục.", "Trung tâm Phục vụ hành chính công tỉnh"),
    ],
)
def test_a_lead_is_an_agency_never_the_opening_words_of_a_sentence(text, lead):
    found = find_assignments(text)
    assert (found[0].lead if found else None) == lead


def test_a_table_lead_not_shaped_like_an_agency_is_named_as_a_guess():
    text = ("KẾ HOẠCH\nSố: 2/KH-UBND\nTuyên truyền năm 2025\n"
            "STT\tNhiệm vụ\tChủ trì\tThời hạn\n1\tViết bài\tBản tin xã\tQuý II/2025\n")
    plan = read(text)
    (warning,) = [w for w in plan.warnings if w.text.key == "plan_warn_agency_guessed"]
    assert warning.render("vi").startswith("«Bản tin xã» (dòng 5) không giống tên một cơ quan")


LETTER = """BỘ NỘI VỤ
Số: 5512/BNV-CCHC
V/v báo cáo công tác cải cách hành chính năm 2025
Hà Nội, ngày 20 tháng 10 năm 2025
Kính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương.
Thực hiện Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ, Bộ Nội vụ đề nghị Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương thực hiện một số nội dung sau:
1. Chỉ đạo các cơ quan, đơn vị rà soát kết quả thực hiện nhiệm vụ cải cách hành chính năm 2025.
2. Xây dựng báo cáo công tác cải cách hành chính năm 2025, gửi về Bộ Nội vụ trước ngày 15/12/2025.
Trong quá trình thực hiện, nếu có vướng mắc, đề nghị liên hệ Vụ Cải cách hành chính, Bộ Nội vụ.
Nơi nhận:
- Như trên;
KT. BỘ TRƯỞNG
"""

RESOLUTION = """TỈNH ỦY BÌNH DƯƠNG
Số: 12-NQ/TU
NGHỊ QUYẾT
về đẩy mạnh chuyển đổi số
IV. TỔ CHỨC THỰC HIỆN
1. Các cấp ủy, tổ chức đảng tổ chức quán triệt, xây dựng kế hoạch thực hiện Nghị quyết, hoàn thành trong quý I/2026.
2. Ban Tuyên giáo Tỉnh ủy chủ trì, phối hợp với các cơ quan liên quan tuyên truyền Nghị quyết.
3. Đảng đoàn HĐND tỉnh lãnh đạo HĐND tỉnh ban hành cơ chế, chính sách hỗ trợ chuyển đổi số.
4. Ủy ban Kiểm tra Tỉnh ủy giám sát việc thực hiện Nghị quyết; định kỳ hằng năm báo cáo Ban Thường vụ Tỉnh ủy.
"""


def test_a_list_introduced_by_a_request_belongs_to_the_agencies_asked():
    plan = read(LETTER)
    lead = ("UBND các tỉnh, thành phố trực thuộc Trung ương",)
    assert [(t.key, t.lead, t.deadline_text) for t in plan.tasks] == [
        ("1.1", lead, ""), ("2.1", lead, "trước ngày 15/12/2025")]
    assert plan.tasks[0].title.startswith("Chỉ đạo các cơ quan, đơn vị rà soát")


def test_a_party_resolution_assigns_party_bodies():
    plan = read(RESOLUTION)
    assert [t.lead_text for t in plan.tasks] == [
        "Các cấp ủy, tổ chức đảng", "Ban Tuyên giáo Tỉnh ủy", "Đảng đoàn HĐND tỉnh", "Ủy ban Kiểm tra Tỉnh ủy"]
    assert plan.tasks[0].milestones[0].due.isoformat() == "2026-03-31"
    assert plan.tasks[3].milestones[0].kind == "recurring"


def test_headings_naming_agencies_in_other_words():
    text = ("KẾ HOẠCH\nSố: 4/KH-UBND\nPhòng chống thiên tai năm 2025\nIII. TỔ CHỨC THỰC HIỆN\n"
            "1. Đối với các sở, ban, ngành:\n- Xây dựng kế hoạch của ngành, hoàn thành trước ngày 30/4/2025.\n"
            "2. Sở Nội vụ có trách nhiệm:\n- Theo dõi, tổng hợp, báo cáo UBND tỉnh định kỳ hằng quý.\n")
    assert [(t.lead_text, t.deadline_text) for t in read(text).tasks] == [
        ("các sở, ban, ngành", "trước ngày 30/4/2025"), ("Sở Nội vụ", "định kỳ hằng quý")]


def test_a_table_without_stt_and_other_heading_families():
    text = ("LỊCH BÁO CÁO\nSố: 8/KH-UBND\nChế độ báo cáo định kỳ năm 2025\n"
            "Tên báo cáo\tCơ quan thực hiện\tCơ quan nhận báo cáo\tThời hạn gửi báo cáo\n"
            "I. BÁO CÁO ĐỊNH KỲ\t\t\t\n"
            "Báo cáo công tác cải cách hành chính\tSở Nội vụ\tUBND tỉnh\tTrước ngày 15 của tháng cuối quý\n"
            "Báo cáo tình hình kinh tế - xã hội\tSở Tài chính\tUBND tỉnh\tTrước ngày 20/11 hằng năm\n"
            "\t(kèm số liệu)\t\t\n")
    plan = read(text)
    assert [(t.key, t.section, t.lead_text, t.milestones[0].kind) for t in plan.tasks] == [
        ("1.1", "1", "Sở Nội vụ", "recurring"), ("1.2", "1", "Sở Tài chính (kèm số liệu)", "recurring")]
    assert plan.tasks[0].section_title == "BÁO CÁO ĐỊNH KỲ"


def test_aims_and_requirements_are_not_tasks():
    text = ("KẾ HOẠCH\nSố: 10/KH-UBND\nCải cách hành chính năm 2025\nI. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n"
            "- Nâng cao chất lượng phục vụ người dân.\n2. Yêu cầu\n"
            "- Các cơ quan, đơn vị triển khai thực hiện nghiêm túc, hiệu quả các nhiệm vụ được giao.\n"
            "II. NHIỆM VỤ\n1. Phòng Nội vụ:\n- Kiểm tra công vụ, hoàn thành trong quý III/2025.\n")
    assert [(t.key, t.lead_text) for t in read(text).tasks] == [("1.1", "Phòng Nội vụ")]


def test_an_assignment_ending_in_a_colon_hands_its_list_to_its_lead():
    text = ("KẾ HOẠCH\nSố: 11/KH-UBND\nChuyển đổi số năm 2025\n"
            "1. Sở Khoa học và Công nghệ chủ trì thực hiện các nội dung sau:\n"
            "a) Xây dựng kho dữ liệu dùng chung, trong quý II/2025;\n"
            "b) Hướng dẫn các xã, phường kết nối dữ liệu, trước ngày 30/9/2025.\n")
    assert [(t.key, t.lead_text, t.deadline_text) for t in read(text).tasks] == [
        ("1.a", "Sở Khoa học và Công nghệ", "trong quý II/2025"),
        ("1.b", "Sở Khoa học và Công nghệ", "trước ngày 30/9/2025")]
