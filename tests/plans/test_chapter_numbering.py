"""A plan whose chapters each number their items from 1 (chapter II 1, 2…, chapter III 1, 2… again): the tasks
are numbered under their chapter, as the office cites them, not «1.1#2» with a warning."""

from __future__ import annotations

import pytest

from plans.importer import read_plan

HEAD = """ỦY BAN NHÂN DÂN QUẬN 1
Số: 21/KH-UBND
KẾ HOẠCH
Cải cách hành chính năm 2025

I. MỤC ĐÍCH, YÊU CẦU
Nâng cao chất lượng phục vụ người dân.

II. NHIỆM VỤ TRỌNG TÂM
1. Cải cách thể chế
{a} Rà soát văn bản quy phạm pháp luật. Giao Phòng Tư pháp chủ trì, hoàn thành trước 30/6/2025.
{b} Kiểm tra việc thi hành pháp luật. Giao Phòng Tư pháp chủ trì, hoàn thành trước 30/9/2025.
2. Cải cách thủ tục hành chính
{c} Công khai thủ tục hành chính. Giao Văn phòng HĐND và UBND quận chủ trì, hoàn thành trước 31/3/2025.

III. TỔ CHỨC THỰC HIỆN
1. Phòng Nội vụ:
{a} Theo dõi, đôn đốc việc thực hiện kế hoạch, hoàn thành trước 31/12/2025.
{b} Tổng hợp báo cáo CCHC quý, hoàn thành trước 15/12/2025.
2. Phòng Tài chính:
{c} Bố trí kinh phí thực hiện kế hoạch, hoàn thành trước 31/3/2025.

Nơi nhận:
- UBND Thành phố;
"""


@pytest.mark.parametrize("marks", [("-", "-", "-"), ("1.1.", "1.2.", "2.1.")], ids=["bullets", "dotted"])
def test_chapters_numbering_their_items_afresh_put_their_own_number_in_front(marks):
    text = HEAD.format(a=marks[0], b=marks[1], c=marks[2])
    plan = read_plan(text.encode(), "ke-hoach.txt")
    assert [(t.key, t.section, t.section_title) for t in plan.tasks] == [
        ("2.1.1", "II.1", "Cải cách thể chế"),
        ("2.1.2", "II.1", "Cải cách thể chế"),
        ("2.2.1", "II.2", "Cải cách thủ tục hành chính"),
        ("3.1.1", "III.1", "Phòng Nội vụ"),
        ("3.1.2", "III.1", "Phòng Nội vụ"),
        ("3.2.1", "III.2", "Phòng Tài chính"),
    ]
    assert [t.number for t in plan.tasks] == [t.key for t in plan.tasks]
    assert plan.tasks[3].lead == ("Phòng Nội vụ",)
    assert not [w for w in plan.warnings if w.text.key == "plan_warn_number_repeated"]


BULLETS_UNDER_CHAPTERS = """ỦY BAN NHÂN DÂN QUẬN 1
Số: 22/KH-UBND
KẾ HOẠCH
Cải cách hành chính năm 2025

II. NHIỆM VỤ TRỌNG TÂM
- Rà soát văn bản quy phạm pháp luật. Giao Phòng Tư pháp chủ trì, hoàn thành trước 30/6/2025.
- Công khai thủ tục hành chính. Giao Văn phòng HĐND và UBND quận chủ trì, hoàn thành trước 31/3/2025.

III. TỔ CHỨC THỰC HIỆN
{third}
Nơi nhận:
- UBND Thành phố;
"""


@pytest.mark.parametrize(("third", "keys"), [
    ("- Phòng Nội vụ theo dõi, đôn đốc việc thực hiện kế hoạch, hoàn thành trước 31/12/2025.\n"
     "- Phòng Tài chính bố trí kinh phí thực hiện kế hoạch, hoàn thành trước 31/3/2025.\n",
     ["2.1", "2.2", "3.1", "3.2"]),
    ("1. Phòng Nội vụ:\n- Theo dõi, đôn đốc việc thực hiện kế hoạch, hoàn thành trước 31/12/2025.\n"
     "2. Phòng Tài chính:\n- Bố trí kinh phí thực hiện kế hoạch, hoàn thành trước 31/3/2025.\n",
     ["2.1", "2.2", "3.1.1", "3.2.1"]),
], ids=["bullets", "numbered-after-bullets"])
def test_a_chapters_number_is_in_digits_a_reply_can_name(third, keys):
    """Bullets right under «II.» were «II.1», which no reply reads: they are 2.1, as a table's section II numbers
    its tasks (the section keeps its Roman number)."""
    plan = read_plan(BULLETS_UNDER_CHAPTERS.format(third=third).encode(), "ke-hoach.txt")
    assert [t.key for t in plan.tasks] == keys
    assert plan.tasks[0].section == "II" and plan.tasks[0].section_title == "NHIỆM VỤ TRỌNG TÂM"
