"""Shapes written here with the real libraries (branch shapes11), each read as an office means it:

- a plan for «tháng 12/2026 và quý I/2027»: its span runs into the next year, its monthly and quarterly series
  are laid over that span, and its deadlines inside it are not «outside the plan period» (TESTER16 F5);
- a công văn whose introduction ends «triển khai các nội dung sau:» and whose numbered paragraphs each hold one
  task: tasks 1, 2, 3 with their own leads, the introduction no task (TESTER16 F6);
- «Điều chỉnh thời gian hoàn thành nhiệm vụ 1.2 từ Quý II sang Quý III» (no colon), «3 lần/năm», «Các Cục, Vụ
  thuộc Bộ»; «TT Cần Thạnh» is the thị trấn (TESTER16 F18).

Written blind (expected readings first, then the reader read).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from handlers.admin import READ_AS_TYPED, with_chosen
from i18n import t
from plans.agencies import AgencyResolver, KnownAgency
from plans.deadlines import parse_deadline
from plans.importer import read_plan
from plans.model import ParsedPlan, PlanError
from storage.agencies import add_agency, find_agency
from storage.db import transaction
from tests.plans.built_documents import reading, word, word_bytes

D = date
SIGNATURE = ("Nơi nhận:", "- Như trên;", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn Hùng")


def _docx(paragraphs: tuple[str, ...], *tables: list[tuple[str, ...]]) -> bytes:
    return word_bytes(word(paragraphs, *tables, after=SIGNATURE))


def _warning_keys(plan: ParsedPlan) -> list[str]:
    return [w.text.key for w in plan.warnings]


CAN_GIO = ("ỦY BAN NHÂN DÂN HUYỆN CẦN GIỜ", "Số: 128/KH-UBND", "Cần Giờ, ngày 04 tháng 12 năm 2026", "KẾ HOẠCH")


def test_a_plan_running_into_the_next_year_lays_its_series_over_its_span() -> None:
    plan = read_plan(_docx((*CAN_GIO, "Thực hiện công tác cải cách hành chính tháng 12/2026 và quý I/2027"), [
        ("STT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời gian"),
        ("1", "Báo cáo tình hình giải quyết hồ sơ thủ tục hành chính", "UBND các xã, thị trấn", "Phòng Nội vụ",
         "Trước ngày 20 hằng tháng"),
        ("2", "Kiểm tra công vụ tại các xã", "Phòng Nội vụ", "", "Quý I/2027"),
        ("3", "Tổng kết công tác cải cách hành chính năm 2026", "Phòng Nội vụ", "", "Trước ngày 25/12/2026"),
    ]), "kh-128.docx")
    assert plan.meta.period == (2026, 2027)
    assert [d for _, _, _, d in reading(plan)] == [
        (D(2026, 12, 20), D(2027, 1, 20), D(2027, 2, 20), D(2027, 3, 20)), (D(2027, 3, 31),), (D(2026, 12, 25),)]
    assert "deadline_outside_period" not in " ".join(_warning_keys(plan))


def test_a_recurrence_the_admin_types_under_the_preview_is_laid_over_the_span_too() -> None:
    plan = read_plan(_docx((*CAN_GIO, "Thực hiện công tác cải cách hành chính tháng 12/2026 và quý I/2027"), [
        ("STT", "Nhiệm vụ", "Chủ trì", "Thời gian"),
        ("1", "Báo cáo tình hình giải quyết hồ sơ", "Phòng Nội vụ", "Định kỳ")]), "kh-128.docx")
    chosen = with_chosen(plan, {"1": READ_AS_TYPED + "ngày 25 hằng tháng"})
    assert reading(chosen)[0][3] == (D(2026, 12, 25), D(2027, 1, 25), D(2027, 2, 25), D(2027, 3, 25))


def test_a_span_from_one_month_to_another_bounds_the_quarterly_series() -> None:
    plan = read_plan(_docx(("ỦY BAN NHÂN DÂN QUẬN 3", "Số: 40/KH-UBND", "Quận 3, ngày 20 tháng 10 năm 2026",
                            "KẾ HOẠCH", "Cao điểm cải cách thủ tục hành chính từ tháng 11/2026 đến tháng 6/2027"), [
        ("STT", "Nhiệm vụ", "Chủ trì", "Thời gian"),
        ("1", "Báo cáo kết quả thực hiện", "UBND các phường", "Hằng quý"),
        ("2", "Sơ kết kế hoạch", "Phòng Nội vụ", "Tháng 02/2027"),
    ]), "kh-40.docx")
    assert plan.meta.period == (2026, 2027)
    assert [d for _, _, _, d in reading(plan)] == [
        (D(2026, 12, 31), D(2027, 3, 31), D(2027, 6, 30)), (D(2027, 2, 28),)]


def test_a_plan_of_one_year_keeps_its_year_s_series() -> None:
    plan = read_plan(_docx(("ỦY BAN NHÂN DÂN QUẬN 3", "Số: 41/KH-UBND", "Quận 3, ngày 05 tháng 01 năm 2027",
                            "KẾ HOẠCH", "Cải cách hành chính năm 2027"), [
        ("STT", "Nhiệm vụ", "Chủ trì", "Thời gian"),
        ("1", "Báo cáo kết quả thực hiện", "UBND các phường", "Hằng quý")]), "kh-41.docx")
    assert reading(plan)[0][3] == (D(2027, 3, 31), D(2027, 6, 30), D(2027, 9, 30), D(2027, 12, 31))


LETTER = ("ỦY BAN NHÂN DÂN HUYỆN CẦN GIỜ", "Số: 2417/UBND-NV", "Cần Giờ, ngày 04 tháng 12 năm 2026",
          "V/v triển khai khảo sát mức độ hài lòng của người dân năm 2026",
          "Kính gửi:", "- Các phòng, ban thuộc huyện;", "- Ủy ban nhân dân các xã, thị trấn.")


def test_a_letter_s_numbered_paragraphs_are_its_tasks_and_its_introduction_none() -> None:
    plan = read_plan(_docx((
        *LETTER,
        "Thực hiện Kế hoạch số 310/KH-UBND của Ủy ban nhân dân Thành phố, Ủy ban nhân dân huyện yêu cầu các cơ quan, "
        "đơn vị triển khai các nội dung sau:",
        "1. Giao Phòng Nội vụ chủ trì, phối hợp Văn phòng HĐND và UBND xây dựng phiếu khảo sát, hoàn thành trước "
        "ngày 11/12/2026.",
        "2. Ủy ban nhân dân các xã, thị trấn tổ chức phát phiếu khảo sát tại Bộ phận Một cửa, hoàn thành trước ngày "
        "25/12/2026.",
        "3. Phòng Nội vụ tổng hợp kết quả khảo sát, báo cáo Ủy ban nhân dân huyện trước ngày 05/01/2027.",
        "Đề nghị Thủ trưởng các cơ quan, đơn vị quan tâm thực hiện.")), "cv-2417.docx")
    read = reading(plan)
    assert [(k, lead, d) for k, lead, _, d in read] == [
        ("1", ("Phòng Nội vụ",), (D(2026, 12, 11),)),
        ("2", ("Tất cả phường",), (D(2026, 12, 25),)),
        ("3", ("Phòng Nội vụ",), (D(2027, 1, 5),))]
    assert read[0][2] and "Văn phòng" in read[0][2][0]
    assert plan.tasks[0].title.startswith("Xây dựng phiếu khảo sát")
    assert not [w for w in plan.warnings if w.task == "3"]


def test_a_letter_asking_units_to_carry_out_what_follows_with_unnumbered_intro() -> None:
    plan = read_plan(_docx((
        *LETTER,
        "Để nâng cao Chỉ số hài lòng của người dân năm 2026, Chủ tịch Ủy ban nhân dân huyện đề nghị các đơn vị triển "
        "khai các nội dung sau:",
        "1. Phòng Tư pháp rà soát, niêm yết thủ tục hành chính tại Bộ phận Một cửa các xã, hoàn thành trước ngày "
        "15/12/2026.",
        "2. Phòng Văn hóa và Thông tin tuyên truyền về khảo sát, thực hiện trong tháng 12/2026.")), "cv-2420.docx")
    assert [(k, lead, d) for k, lead, _, d in reading(plan)] == [
        ("1", ("Phòng Tư pháp",), (D(2026, 12, 15),)),
        ("2", ("Phòng Văn hóa và Thông tin",), (D(2026, 12, 31),))]


def test_a_letter_s_directions_each_naming_its_lead_are_led_so_and_addressed_paragraphs_keep_their_numbers() -> None:
    plan = read_plan(_docx((
        "ỦY BAN NHÂN DÂN QUẬN 10", "Số: 990/UBND-VP", "Quận 10, ngày 12 tháng 11 năm 2026",
        "V/v chấn chỉnh việc tiếp nhận hồ sơ trực tuyến", "Kính gửi: Các cơ quan, đơn vị thuộc quận.",
        "Qua theo dõi, việc tiếp nhận hồ sơ trực tuyến còn chậm. Để khắc phục, Ủy ban nhân dân quận chỉ đạo như sau:",
        "1. Văn phòng HĐND và UBND quận phối hợp Phòng Văn hóa và Thông tin rà soát cấu hình dịch vụ công, hoàn thành "
        "trước ngày 30/11/2026.",
        "2. Giao Phòng Tư pháp chủ trì hướng dẫn chứng thực điện tử, hoàn thành trong tháng 12/2026.",
        "3. Ủy ban nhân dân các phường báo cáo kết quả trước ngày 20 hằng tháng.",
        "Yêu cầu Thủ trưởng các cơ quan, đơn vị nghiêm túc thực hiện./.")), "cv-990.docx")
    # «chỉ đạo như sau:» hands the list to nobody: numbered as before (1.1, 2.1, 3.1, as a chỉ thị's are), so a
    # stored letter's tasks keep their numbers when imported again
    assert [(k, lead, support) for k, lead, support, _ in reading(plan)] == [
        ("1.1", ("Văn phòng HĐND và UBND quận",), ("Phòng Văn hóa và Thông tin",)), ("2.1", ("Phòng Tư pháp",), ()),
        ("3.1", ("Tất cả phường",), ())]
    addressed = read_plan(_docx((
        "ỦY BAN NHÂN DÂN HUYỆN BÌNH CHÁNH", "Số: 5120/UBND-NV", "Bình Chánh, ngày 20 tháng 11 năm 2026",
        "V/v thực hiện Chỉ số cải cách hành chính năm 2026", "Kính gửi: Các phòng, ban; UBND các xã, thị trấn.",
        "Ủy ban nhân dân huyện đề nghị các đơn vị triển khai các nội dung sau:",
        "1. Phòng Nội vụ:", "- Tổng hợp hồ sơ tài liệu kiểm chứng, hoàn thành trước ngày 10/12/2026.",
        "- Tham mưu báo cáo Chỉ số, hoàn thành trước ngày 20/12/2026.",
        "2. Ủy ban nhân dân các xã, thị trấn:", "- Tự đánh giá, chấm điểm, gửi Phòng Nội vụ trước ngày 05/12/2026.")),
        "cv-5120.docx")
    assert [(k, lead) for k, lead, _, _ in reading(addressed)] == [
        ("1.1", ("Phòng Nội vụ",)), ("1.2", ("Phòng Nội vụ",)), ("2.1", ("Tất cả phường",))]


def test_adjusting_a_task_s_deadline_without_a_colon_is_read() -> None:
    plan = read_plan(_docx((
        "ỦY BAN NHÂN DÂN HUYỆN CAO LÃNH", "Số: 71/KH-UBND", "Cao Lãnh, ngày 01 tháng 07 năm 2026", "KẾ HOẠCH",
        "Điều chỉnh Kế hoạch số 12/KH-UBND ngày 10/01/2026 của UBND huyện về cải cách hành chính năm 2026",
        "UBND huyện điều chỉnh một số nội dung như sau:",
        "1. Điều chỉnh thời gian hoàn thành nhiệm vụ 1.2 từ Quý II sang Quý III.",
        "2. Bổ sung nhiệm vụ 3.6: Phòng Nội vụ chủ trì sơ kết công tác cải cách hành chính, thời gian thực hiện: "
        "Quý IV/2026.")), "dc-71.docx")
    # the paragraph restates neither the task nor its lead: no task of this plan, said with the date it means
    assert [(k, d) for k, _, _, d in reading(plan)] == [("3.6", (D(2026, 12, 31),))]
    (moved,) = [w for w in plan.warnings if w.text.key == "plan_warn_deadline_moved_of"]
    assert (moved.text.values["task"], moved.text.values["to"].values["due"], moved.text.values["plan"]) == (
        "1.2", D(2026, 9, 30), "12/KH-UBND")
    assert "dời hạn nhiệm vụ 1.2 của kế hoạch 12/KH-UBND sang Quý III (30/09/2026)" in moved.render("vi")
    assert "moves the deadline of task 1.2 of plan 12/KH-UBND to Quý III (2026-09-30)" in moved.render("en")
    assert plan.rewritten == ()


def test_a_document_that_only_moves_deadlines_says_so_rather_than_finding_no_task() -> None:
    with pytest.raises(PlanError) as raised:
        read_plan(_docx((
            "ỦY BAN NHÂN DÂN TỈNH AN GIANG", "Số: 200/KH-UBND", "An Giang, ngày 01 tháng 08 năm 2026", "KẾ HOẠCH",
            "Điều chỉnh Kế hoạch số 15/KH-UBND ngày 20/01/2026 về cải cách hành chính năm 2026",
            "1. Gia hạn thời gian thực hiện nhiệm vụ 2.1 đến ngày 31/10/2026.",
            "2. Điều chỉnh thời hạn hoàn thành nhiệm vụ số 3.4 từ tháng 6/2026 sang tháng 9/2026.")), "dc-200.docx")
    assert (raised.value.key, raised.value.values["tasks"]) == ("plan_only_moves_deadlines", "2.1, 3.4")
    assert "chỉ dời hạn nhiệm vụ 2.1, 3.4" in str(raised.value)
    assert "only moves the deadlines of task(s) 2.1, 3.4" in t(raised.value.key, "en", **raised.value.values)


@pytest.mark.parametrize("text", ["3 lần/năm", "Ba lần/năm", "tối thiểu 03 lần/năm"])
def test_three_times_a_year_is_a_series_of_three(text: str) -> None:
    result = parse_deadline(text, year=2026)
    assert [(m.kind, m.dates) for m in result.milestones] == [
        ("recurring", (D(2026, 4, 30), D(2026, 8, 31), D(2026, 12, 31)))]
    assert not result.warnings


def test_a_ministry_s_departments_and_bureaus_stay_one_name() -> None:
    plan = read_plan(_docx((
        "BỘ TÀI CHÍNH", "Số: 15/KH-BTC", "Hà Nội, ngày 10 tháng 01 năm 2026", "KẾ HOẠCH",
        "Cải cách hành chính năm 2026 của Bộ Tài chính", "II. NHIỆM VỤ CỤ THỂ", "1. Cải cách thể chế",
        "a) Rà soát văn bản quy phạm pháp luật", "- Đơn vị chủ trì: Vụ Pháp chế",
        "- Đơn vị phối hợp: Các Cục, Vụ thuộc Bộ", "- Thời gian hoàn thành: Quý III/2026")), "kh-btc.docx")
    assert reading(plan) == [("1.a", ("Vụ Pháp chế",), ("Các Cục, Vụ thuộc Bộ",), (D(2026, 9, 30),))]


def test_a_town_shortened_tt_is_the_thi_tran_and_a_centre_stays_a_centre() -> None:
    resolver = AgencyResolver([KnownAgency("Thị trấn Cần Thạnh", "ward"), KnownAgency("Trung tâm Y tế huyện", "unit"),
                               KnownAgency("Xã An Thới Đông", "ward")])
    assert [resolver.resolve(text).names for text in ("TT Cần Thạnh", "TT. Cần Thạnh", "TT Y tế huyện")] == [
        ("Thị trấn Cần Thạnh",), ("Thị trấn Cần Thạnh",), ("Trung tâm Y tế huyện",)]


async def test_inviting_tt_can_thanh_finds_the_town(db) -> None:
    async with transaction(db):
        town = await add_agency(db, "Thị trấn Cần Thạnh", kind="ward", now=datetime(2026, 12, 7, tzinfo=UTC))
        centre = await add_agency(db, "Trung tâm Y tế huyện", kind="unit", now=datetime(2026, 12, 7, tzinfo=UTC))
        assert [(await find_agency(db, text)).id for text in ("TT Cần Thạnh", "tt cần thạnh", "TT Y tế huyện")] == [
            town.id, town.id, centre.id]
