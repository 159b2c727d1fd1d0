"""/plan_remove names the document by its kind (note13: «Gỡ kế hoạch 3815/UBND-NV» for a công văn)."""

from __future__ import annotations

from handlers.plan_removal import footprint_text, removed_text
from storage.plans import Plan, PlanFootprint


def _footprint(code: str, title: str) -> PlanFootprint:
    plan = Plan(id=1, code=code, title=title, issuer=None, issued_on=None, year=2022, period_start=None,
                period_end=None, source_name=None, imported_at="2022-01-10T00:00:00+00:00")
    return PlanFootprint(plan=plan, tasks=4, upcoming=2, reports=1)


def test_a_cong_van_and_a_quyet_dinh_are_removed_by_their_kind() -> None:
    letter = _footprint("3815/UBND-NV", "Triển khai nhiệm vụ CCHC")
    asked = footprint_text(letter, "vi")
    assert asked.startswith("Gỡ công văn 3815/UBND-NV — Triển khai nhiệm vụ CCHC?\n")
    assert "Nhập lại đúng công văn này (/import)" in asked and "kế hoạch" not in asked
    assert removed_text(letter, "vi").startswith("Đã gỡ công văn 3815/UBND-NV: 4 nhiệm vụ thôi theo dõi")
    decision = _footprint("187/QĐ-UBND", "Ban hành danh mục nhiệm vụ")
    assert removed_text(decision, "vi").startswith("Đã gỡ quyết định 187/QĐ-UBND: ")
    assert footprint_text(decision, "en").startswith("Remove decision 187/QĐ-UBND — ")
    assert "this same decision again" in footprint_text(decision, "en")


def test_a_plan_is_still_a_plan() -> None:
    plan = _footprint("17/KH-UBND", "Kế hoạch CCHC năm 2022")
    assert footprint_text(plan, "vi").startswith("Gỡ kế hoạch 17/KH-UBND — ")
    assert removed_text(plan, "en").startswith("Removed plan 17/KH-UBND. Tasks no longer followed or reminded: 4; ")


def test_counts_are_grouped_as_each_language_writes_them() -> None:
    # before: «4812 báo cáo được giữ lại» for a national plan
    big = PlanFootprint(plan=_footprint("17/KH-UBND", "Kế hoạch CCHC").plan, tasks=1203, upcoming=2, reports=4812)
    assert "• 1.203 nhiệm vụ thôi theo dõi" in footprint_text(big, "vi")
    assert "4.812 báo cáo được giữ lại" in removed_text(big, "vi")
    assert "reports kept (archived): 4,812" in removed_text(big, "en")
