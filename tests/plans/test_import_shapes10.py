"""Shapes written here with the real libraries (branch shapes10), each read as an office means it:

- a ward's sheet whose lead column is headed «Người/bộ phận thực hiện» (or «Cán bộ, công chức phụ trách»);
- a sheet naming no issuer whose lead is a bare «Chủ tịch UBND phường»: every ward's chair, said in the preview
  (a district's plan, addressed to its wards, says nothing: it is certain there);
- «Hoàn thành trong Quý I/2026, báo cáo kết quả trước 15/4/2026»: a deadline and a report date, not one series;
- an amending plan: «Sửa đổi nhiệm vụ 2.3 như sau: …» is task 2.3 (not the paragraph's number), «Bổ sung nhiệm vụ
  3.6: …» is read, and «Bãi bỏ nhiệm vụ 2.4 và nhiệm vụ 2.5» is no task, said in the preview with the plan amended;
  storing the amending plan stops those tasks of the plan it amends, and those it rewrites (archived with their
  reports);
- «VP UBND Q.1», «VP UBND Q1» are the district's office (v049 recomputes stored keys);
- «Sở Nội vụ; các sở, ban, ngành phối hợp» in one lead cell, «Các Cục, Vụ có liên quan», «các sở, ngành, địa
  phương»; «Trưởng Công an quận chỉ đạo Công an các phường …» led by the one directing;
- deadlines «ít nhất 01 lần/quý», «Ít nhất 01 lần/năm», «02 lần/năm», «01 lần/6 tháng»;
- and shapes read right already, kept so: a joint plan of two Sở, a PDF ward plan led by its officials.

All were written blind (before the reader was read): 30 documents, then 10 held out (see the branch's report).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from fpdf import FPDF

from handlers.plan_texts import withdrawn_text
from plans.agencies import GROUP_UNITS, GROUP_WARDS, KnownAgency, agency_key
from plans.deadlines import parse_deadline
from plans.importer import read_plan
from plans.model import ParsedPlan
from storage.agencies import find_agency
from storage.db import migrate, transaction
from storage.plans import store_plan
from tests.plans.built_documents import reading, sheet_bytes, word, word_bytes

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
SIGNATURE = ("Nơi nhận:", "- Như trên;", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn Hùng")
D = date
needs_font = pytest.mark.skipif(not FONT.exists(), reason="DejaVu font not installed")


def _docx(paragraphs: tuple[str, ...], *tables: list[tuple[str, ...]]) -> bytes:
    return word_bytes(word(paragraphs, *tables, after=SIGNATURE))


def _warnings(plan: ParsedPlan, key: str) -> list[dict[str, object]]:
    return [w.text.values for w in plan.warnings if w.text.key == key]


def test_a_ward_s_sheet_gives_its_tasks_to_the_desks_and_officials_its_lead_column_names() -> None:
    plan = read_plan(sheet_bytes([
        ("ỦY BAN NHÂN DÂN PHƯỜNG TÂN ĐỊNH",), ("KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026",), (),
        ("STT", "Nội dung công việc", "Người/bộ phận thực hiện", "Thời gian"),
        (1, "Niêm yết công khai thủ tục hành chính tại Bộ phận Một cửa", "Bộ phận Một cửa", "Thường xuyên"),
        (2, "Báo cáo tình hình giải quyết hồ sơ", "Công chức Văn phòng - Thống kê", "Hằng tháng, trước ngày 18"),
        (3, "Đối thoại với người dân về thủ tục hành chính", "Chủ tịch UBND phường", "Quý III/2026"),
    ]), "ke-hoach-phuong.xlsx")
    assert [(t.lead, t.deadline_text) for t in plan.tasks] == [
        (("Bộ phận Một cửa",), "Thường xuyên"), (("Công chức Văn phòng - Thống kê",), "Hằng tháng, trước ngày 18"),
        (("Chủ tịch UBND phường",), "Quý III/2026")]  # the ward's own chair: its plan, not every ward
    assert not _warnings(plan, "plan_warn_each_ward")
    other = read_plan(sheet_bytes([("STT", "Nội dung thực hiện", "Cán bộ, công chức phụ trách", "Thời gian hoàn thành"),
                             (1, "Rà soát hồ sơ cấp phép xây dựng", "Công chức Địa chính - Xây dựng", "Quý IV/2026")]),
                      "phu-trach.xlsx")
    assert other.tasks[0].lead == ("Công chức Địa chính - Xây dựng",)


def test_a_bare_sheet_s_chair_of_the_ward_is_every_ward_s_chair_and_the_preview_says_so() -> None:
    plan = read_plan(sheet_bytes([
        ("STT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời hạn"),
        (1, "Tổ chức đối thoại với người dân về thủ tục hành chính", "Chủ tịch UBND phường", "Phòng Nội vụ",
         "Quý II/2026"),
        (2, "Kiểm tra công tác cải cách hành chính", "Phòng Nội vụ", "Chủ tịch UBND phường", "Quý III/2026"),
        (3, "Rà soát thủ tục hành chính cấp phường", "Chủ tịch UBND các phường", "Phòng Tư pháp", "30/6/2026"),
    ]), "bang.xlsx")
    assert [(t.lead, t.support) for t in plan.tasks] == [
        ((GROUP_WARDS,), ("Phòng Nội vụ",)), (("Phòng Nội vụ",), (GROUP_WARDS,)), ((GROUP_WARDS,), ("Phòng Tư pháp",))]
    # «các phường» names every ward plainly; the bare «Chủ tịch UBND phường» is read so, and said
    (said,) = [w for w in plan.warnings if w.text.key == "plan_warn_each_ward"]
    assert said.text.values == {"phrase": "Chủ tịch UBND phường", "tasks": "1, 2"}
    assert "từng phường, xã" in said.render("vi") and "each ward" in said.render("en")
    # a district's plan is addressed to its wards: nothing to say there
    district = read_plan(_docx(("ỦY BAN NHÂN DÂN QUẬN 3", "Số: 12/KH-UBND", "Quận 3, ngày 05 tháng 01 năm 2026",
                                "KẾ HOẠCH", "Cải cách hành chính năm 2026"),
                               [("STT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời hạn"),
                                ("1", "Tổ chức đối thoại với người dân", "Chủ tịch UBND phường", "", "Quý II/2026")]),
                         "kh.docx")
    assert district.tasks[0].lead == (GROUP_WARDS,) and not _warnings(district, "plan_warn_each_ward")


def test_a_deadline_and_its_report_date_after_a_comma_are_two_dates() -> None:
    plan = read_plan(_docx(("ỦY BAN NHÂN DÂN TỈNH LONG AN", "Số: 20/KH-UBND", "Long An, ngày 06 tháng 01 năm 2026",
                            "KẾ HOẠCH", "Cải cách hành chính năm 2026"),
                           [("STT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời gian"),
                            ("1", "Rà soát, công bố danh mục thủ tục hành chính", "Văn phòng UBND tỉnh", "Các sở, ngành",
                             "Hoàn thành trong Quý I/2026, báo cáo kết quả trước 15/4/2026"),
                            ("2", "Tập huấn kiểm soát thủ tục hành chính", "Văn phòng UBND tỉnh", "Sở Nội vụ",
                             "Triển khai trong tháng 3/2026; báo cáo trước ngày 30/3/2026")]), "kh.docx")
    assert [[(m.kind, m.label, m.dates) for m in t.milestones] for t in plan.tasks] == [
        [("due", None, (D(2026, 3, 31),)), ("due", "Báo cáo kết quả", (D(2026, 4, 15),))],
        [("due", "Triển khai", (D(2026, 3, 31),)), ("due", "Báo cáo", (D(2026, 3, 30),))]]
    # a report after a report stays one series; a period named after the date is what the report covers
    series = parse_deadline("Báo cáo 6 tháng trước ngày 15/6, báo cáo năm trước ngày 15/12", year=2026)
    assert [(m.kind, m.dates) for m in series.milestones] == [("recurring", (D(2026, 6, 15), D(2026, 12, 15)))]
    covered = parse_deadline("Trước ngày 15/12, báo cáo Quý IV/2026", year=2026)
    assert [m.dates for m in covered.milestones] == [(D(2026, 12, 15),)]


AMENDING = ("ỦY BAN NHÂN DÂN HUYỆN CAO LÃNH", "Số: 70/KH-UBND", "Cao Lãnh, ngày 01 tháng 07 năm 2026", "KẾ HOẠCH",
            "Điều chỉnh Kế hoạch số 12/KH-UBND ngày 10/01/2026 của UBND huyện về cải cách hành chính năm 2026",
            "UBND huyện điều chỉnh một số nội dung như sau:")


def test_an_amending_plan_s_tasks_keep_the_numbers_they_amend_and_a_withdrawn_task_is_said() -> None:
    plan = read_plan(_docx((
        *AMENDING,
        "1. Sửa đổi nhiệm vụ 1.2 như sau: Phòng Nội vụ chủ trì tổ chức kiểm tra cải cách hành chính tại các xã, "
        "hoàn thành trong Quý IV/2026.",
        "2. Bãi bỏ nhiệm vụ 2.4 và nhiệm vụ 2.5.",
        "3. Bổ sung nhiệm vụ 3.6: Phòng Văn hóa và Thông tin chủ trì tuyên truyền về Chỉ số hài lòng, thời gian "
        "thực hiện: Quý III/2026.")), "dieu-chinh.docx")
    assert [(t.key, t.section, t.lead, t.deadline_text) for t in plan.tasks] == [
        ("1.2", "1", ("Phòng Nội vụ",), "trong Quý IV/2026"),
        ("3.6", "3", ("Phòng Văn hóa và Thông tin",), "Quý III/2026")]
    (withdrawn,) = [w for w in plan.warnings if w.text.key == "plan_warn_withdrawn_of"]
    assert (withdrawn.text.values["tasks"], withdrawn.text.values["plan"]) == ("2.4, 2.5", "12/KH-UBND")
    assert "bãi bỏ nhiệm vụ 2.4, 2.5 của kế hoạch 12/KH-UBND" in withdrawn.render("vi")
    assert "withdraws task(s) 2.4, 2.5 of plan 12/KH-UBND" in withdrawn.render("en")
    (rewritten,) = [w for w in plan.warnings if w.text.key == "plan_warn_rewritten_of"]
    assert rewritten.text.values["tasks"] == "1.2"  # «Bổ sung nhiệm vụ 3.6» adds a task: nothing of 12 gives way


AMENDED = "\n".join((
    "ỦY BAN NHÂN DÂN HUYỆN CAO LÃNH", "Số: 12/KH-UBND", "Cao Lãnh, ngày 10 tháng 01 năm 2026", "KẾ HOẠCH",
    "Cải cách hành chính huyện Cao Lãnh năm 2026", "II. NHIỆM VỤ", "1. Cải cách thể chế",
    "1.2. Phòng Nội vụ chủ trì kiểm tra cải cách hành chính tại các xã, hoàn thành trong Quý III/2026.",
    "2. Cải cách thủ tục hành chính",
    "2.4. Phòng Nội vụ chủ trì khảo sát sự hài lòng của người dân, hoàn thành trong Quý III/2026.",
    "2.5. Phòng Nội vụ chủ trì tập huấn kiểm soát thủ tục hành chính, hoàn thành trong Quý II/2026.",
    *SIGNATURE))
WITHDRAWING = "\n".join((*AMENDING, "1. Bãi bỏ nhiệm vụ 2.4 và nhiệm vụ 2.5.",
                          "2. Sửa đổi nhiệm vụ 1.2 như sau: Phòng Nội vụ chủ trì kiểm tra cải cách hành chính tại các "
                          "xã, hoàn thành trong Quý IV/2026.",
                          "3. Bổ sung nhiệm vụ 3.6: Phòng Nội vụ chủ trì sơ kết công tác cải cách hành chính, thời gian "
                          "thực hiện: Quý III/2026.", *SIGNATURE))


@pytest.mark.both_backends
async def test_storing_an_amending_plan_stops_the_tasks_it_withdraws(db, backend, now):
    amended = read_plan(AMENDED.encode(), "kh-12.txt")
    amending = read_plan(WITHDRAWING.encode(), "kh-70.txt")
    assert (amending.amends, amending.withdrawn, amending.rewritten, [t.key for t in amending.tasks]) == (
        "12/KH-UBND", ("2.4", "2.5"), ("1.2",), ["1.2", "3.6"])
    async with transaction(db):
        await store_plan(db, amended, now=now, user_id=None, channel="cli", source_name="kh-12.txt", create_agencies=True)
        result = await store_plan(db, amending, now=now, user_id=None, channel="cli", source_name="kh-70.txt",
                                  create_agencies=True)
    assert (result.withdrawn, result.rewritten) == (("2.4", "2.5"), ("1.2",))
    rows = await db.execute_fetchall(
        "SELECT p.code, t.key, t.active FROM tasks t JOIN plans p ON p.id = t.plan_id ORDER BY p.code, t.key")
    assert [tuple(r) for r in rows] == [("12/KH-UBND", "1.2", 0), ("12/KH-UBND", "2.4", 0), ("12/KH-UBND", "2.5", 0),
                                        ("70/KH-UBND", "1.2", 1), ("70/KH-UBND", "3.6", 1)]
    audit = await db.execute_fetchall("SELECT action, subject FROM audit WHERE action = 'plan.tasks_withdrawn'")
    assert [tuple(r) for r in audit] == [("plan.tasks_withdrawn", "12/KH-UBND")]
    assert withdrawn_text(result, amending, "vi").strip().split("\n") == [
        "Thôi nhắc 2 việc của kế hoạch 12/KH-UBND mà văn bản này bãi bỏ: 2.4, 2.5 (báo cáo đã có vẫn được giữ).",
        "Thay 1 việc của kế hoạch 12/KH-UBND bằng việc cùng số của kế hoạch 70/KH-UBND: 1.2 (việc cũ thôi được nhắc, "
        "báo cáo đã có vẫn được giữ)."]


def test_the_district_s_office_shortened_with_its_district_matches_the_registered_office() -> None:
    assert {agency_key(n) for n in ("VP UBND Q.1", "VP UBND Q1", "VP. UBND Quận 1", "Văn phòng UBND quận")} == {
        "van phong"}
    assert agency_key("Q.1") == "quan 1" and agency_key("Công an Q.1") == agency_key("Công an quận 1")
    registry = [KnownAgency("Văn phòng UBND quận", "unit"), KnownAgency("Phòng Nội vụ", "unit")]
    plan = read_plan(_docx(("ỦY BAN NHÂN DÂN QUẬN 1", "Số: 22/KH-UBND", "Quận 1, ngày 10 tháng 01 năm 2025",
                            "KẾ HOẠCH", "Cải cách hành chính Quận 1 năm 2025"),
                           [("STT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành"),
                            ("1", "Vận hành Bộ phận Một cửa quận", "VP UBND Q.1", "Phòng Nội vụ", "Thường xuyên"),
                            ("2", "Tổ chức hội nghị sơ kết", "Phòng Nội vụ", "VP UBND Q1", "Tháng 7/2025")]),
                     "kh.docx", registry=registry)
    assert [(t.lead, t.support) for t in plan.tasks] == [
        (("Văn phòng UBND quận",), ("Phòng Nội vụ",)), (("Phòng Nội vụ",), ("Văn phòng UBND quận",))]
    assert plan.unknown_agencies == ()


@pytest.mark.both_backends
async def test_v049_recomputes_the_key_of_an_office_stored_with_its_district_shortened(db, backend, now):
    # as a database at v046 held it: agency_key kept «Q.1» after the name, so the office matched no other spelling
    await db.execute(
        "INSERT INTO agencies (name, norm, kind, created_at) VALUES (?, ?, 'unit', '2025-01-10T00:00:00+00:00')",
        ("VP UBND Q.1", "van phong uy ban nhan dan q 1"),
    )
    if backend == "sqlite":
        await db.execute("PRAGMA user_version = 46")
    else:
        await db.execute("DELETE FROM schema_version WHERE version > 46")
    assert await migrate(db) >= 49
    async with transaction(db):
        for name in ("Văn phòng UBND quận", "VP UBND quận 1", "VP HĐND&UBND"):
            office = await find_agency(db, name)
            assert office is not None and office.name == "VP UBND Q.1"


def test_the_helpers_named_before_their_role_in_the_lead_cell_help() -> None:
    plan = read_plan(_docx(("ỦY BAN NHÂN DÂN TỈNH TÂY NINH", "Số: 41/KH-UBND", "Tây Ninh, ngày 12 tháng 01 năm 2026",
                            "KẾ HOẠCH", "Cải cách hành chính năm 2026"),
                           [("TT", "Nhiệm vụ", "Cơ quan thực hiện", "Thời hạn"),
                            ("1", "Đánh giá chỉ số PAR INDEX của các sở", "Sở Nội vụ; các sở, ban, ngành phối hợp",
                             "Tháng 12/2026"),
                            ("2", "Tuyên truyền cải cách hành chính",
                             "Báo và Phát thanh, Truyền hình Tây Ninh; các cơ quan, đơn vị phối hợp", "Hằng quý"),
                            ("3", "Rà soát điều kiện kinh doanh", "Sở Công Thương; các sở, ngành, địa phương phối hợp",
                             "Quý II/2026")]), "kh.docx")
    assert [(t.lead, t.support) for t in plan.tasks] == [
        (("Sở Nội vụ",), ("Các sở, ban, ngành",)),
        (("Báo và Phát thanh, Truyền hình Tây Ninh",), (GROUP_UNITS,)),
        (("Sở Công Thương",), ("Các sở, ngành, địa phương",))]


def test_a_ministry_s_plural_of_its_units_stays_one_name() -> None:
    plan = read_plan(_docx((
        "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "Số: 210/KH-BNNMT", "Hà Nội, ngày 05 tháng 02 năm 2026", "KẾ HOẠCH",
        "Cải cách hành chính năm 2026 của Bộ Nông nghiệp và Môi trường", "II. NHIỆM VỤ CỤ THỂ",
        "1. Cải cách thủ tục hành chính", "a) Công bố danh mục thủ tục hành chính được chuẩn hóa",
        "- Đơn vị chủ trì: Văn phòng Bộ", "- Đơn vị phối hợp: Các Cục, Vụ có liên quan",
        "- Thời gian hoàn thành: Chậm nhất ngày 30/4/2026")), "kh.docx")
    assert reading(plan) == [("1.a", ("Văn phòng Bộ",), ("Các Cục, Vụ có liên quan",), (D(2026, 4, 30),))]


def test_the_agency_directing_its_own_units_leads_and_so_many_times_a_period_is_a_series() -> None:
    plan = read_plan(_docx((
        "ỦY BAN NHÂN DÂN QUẬN GÒ VẤP", "Số: 05/CT-UBND", "Gò Vấp, ngày 03 tháng 03 năm 2025", "CHỈ THỊ",
        "Về tăng cường kỷ luật, kỷ cương hành chính năm 2025", "Chủ tịch UBND quận chỉ thị:",
        "1. Trưởng Công an quận chỉ đạo Công an các phường đẩy nhanh cấp căn cước, hoàn thành trong Quý II/2025.",
        "2. UBND các phường tổ chức đối thoại với người dân ít nhất 01 lần/quý.",
        "3. Phòng Nội vụ kiểm tra công vụ ít nhất 02 lần/năm.")), "chi-thi.docx")
    assert reading(plan) == [
        ("1.1", ("Công an quận",), (), (D(2025, 6, 30),)),
        ("2.1", (GROUP_WARDS,), (), (D(2025, 3, 31), D(2025, 6, 30), D(2025, 9, 30), D(2025, 12, 31))),
        ("3.1", ("Phòng Nội vụ",), (), (D(2025, 6, 30), D(2025, 12, 31)))]
    assert plan.tasks[0].title.startswith("Chỉ đạo Công an các phường")


@pytest.mark.parametrize(("text", "dates"), [
    ("Ít nhất 01 lần/năm", (D(2026, 12, 31),)),
    ("01 lần/quý", (D(2026, 3, 31), D(2026, 6, 30), D(2026, 9, 30), D(2026, 12, 31))),
    ("Ít nhất 01 lần/6 tháng", (D(2026, 6, 30), D(2026, 12, 31))),
    ("tối thiểu hai lần/năm", (D(2026, 6, 30), D(2026, 12, 31))),
])
def test_so_many_times_a_period(text: str, dates: tuple[date, ...]) -> None:
    result = parse_deadline(text, year=2026)
    assert [(m.kind, m.dates) for m in result.milestones] == [("recurring", dates)] and not result.warnings


def test_a_joint_plan_of_two_departments_read_right_already() -> None:
    plan = read_plan(_docx(("SỞ NỘI VỤ - SỞ TƯ PHÁP TỈNH ĐỒNG NAI", "Số: 12/KHLT-SNV-STP",
                            "Đồng Nai, ngày 02 tháng 03 năm 2026", "KẾ HOẠCH LIÊN TỊCH",
                            "Phối hợp thực hiện cải cách thể chế giai đoạn 2025-2026"),
                           [("STT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian"),
                            ("1", "Rà soát thủ tục hành chính lĩnh vực công chức", "Sở Nội vụ", "Sở Tư pháp",
                             "chậm nhất ngày 31/3/2026"),
                            ("2", "Xây dựng cơ sở dữ liệu văn bản", "Sở Tư pháp", "Sở Nội vụ", "Năm 2025-2026"),
                            ("3", "Sơ kết Kế hoạch liên tịch", "Sở Nội vụ và Sở Tư pháp", "", "định kỳ 6 tháng")]),
                     "lien-tich.docx")
    assert reading(plan) == [("1", ("Sở Nội vụ",), ("Sở Tư pháp",), (D(2026, 3, 31),)),
                           ("2", ("Sở Tư pháp",), ("Sở Nội vụ",), (D(2026, 12, 31),)),
                           ("3", ("Sở Nội vụ", "Sở Tư pháp"), (), (D(2026, 6, 30), D(2026, 12, 31)))]


@needs_font
def test_a_pdf_ward_plan_led_by_its_officials_read_right_already() -> None:
    pdf = FPDF(orientation="L")
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=9)
    pdf.add_page()
    for text in ("ỦY BAN NHÂN DÂN PHƯỜNG AN KHÁNH", "Số: 11/KH-UBND", "An Khánh, ngày 05 tháng 02 năm 2026",
                 "KẾ HOẠCH", "Cải cách hành chính phường An Khánh năm 2026"):
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    with pdf.table(col_widths=(10, 110, 90, 50), first_row_as_headings=False) as table:
        for row in (("STT", "Nội dung", "Người thực hiện", "Thời gian"),
                    ("1", "Tuyên truyền cải cách hành chính", "Phó Chủ tịch UBND phường phụ trách văn hóa - xã hội",
                     "Hằng quý"),
                    ("2", "Đẩy mạnh cấp căn cước cho người dân", "Trưởng Công an phường", "Trước 20/12/2026")):
            line = table.row()
            for value in row:
                line.cell(value)
    for text in SIGNATURE:
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    plan = read_plan(bytes(pdf.output()), "ke-hoach.pdf")
    assert [(t.lead, t.deadline_text) for t in plan.tasks] == [
        (("Phó Chủ tịch UBND phường phụ trách văn hóa - xã hội",), "Hằng quý"),
        (("Công an phường",), "Trước 20/12/2026")]
