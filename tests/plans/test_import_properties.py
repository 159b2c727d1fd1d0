"""Whatever a person sends, the importer answers with a plan or a clear PlanError, never anything else."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plans.importer import read_plan
from plans.model import ParsedPlan, PlanError

FRAGMENTS = [
    "1.", "2.1.", "a)", "(1)", "- ", "• ", "+ ", "Điều 3.", "II.", "Giao ", "Đề nghị ", "Sở Nội vụ", "UBND các xã, phường",
    "Phòng Tài chính - Kế hoạch", " chủ trì, phối hợp với ", "Văn phòng HĐND và UBND", " rà soát thủ tục", ", hoàn thành ",
    "trước ngày 30/6/2025", "hằng tháng", "Quý II/2025", "Kế hoạch số 12/KH-UBND ngày 15/5/2024", ": ", "; ", ". ",
    "Nơi nhận:", "KT. CHỦ TỊCH", "PHỤ LỤC", "STT\tNhiệm vụ\tChủ trì\tThời hạn", "\t", "| 1 | x |", "1\\.", "**",
    "Cơ quan chủ trì: ", "Thời gian hoàn thành: ", "LỊCH CÔNG TÁC TUẦN", "Thứ Hai", "7 giờ 30: ", "\n", "\n", "\n",
]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(data: bytes, name: str) -> None:
    try:
        plan = read_plan(data, name)
    except PlanError as error:
        assert error.key and str(error)  # a sentence naming what is wrong
        return
    assert isinstance(plan, ParsedPlan) and plan.tasks
    # a task with no lead is kept only with a warning saying so (it is reminded to nobody until one is added)
    warned = {w.task for w in plan.warnings}
    assert all(t.key and (t.lead or t.lead_text or t.key in warned) for t in plan.tasks)
    keys = [t.key for t in plan.tasks]
    assert len(keys) == len(set(keys))


@SETTINGS
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=60), st.sampled_from(["van-ban.txt", "ke-hoach.md"]))
def test_any_text_gives_a_plan_or_a_clear_error(parts, name):
    check("".join(parts).encode(), name)


@SETTINGS
@given(st.text(max_size=400))
def test_any_unicode_gives_a_plan_or_a_clear_error(text):
    check(text.encode("utf-8", errors="surrogatepass"), "x.txt")


@SETTINGS
@given(st.binary(max_size=300), st.sampled_from(["a.pdf", "a.docx", "a.xlsx", "a.txt", "a.doc"]))
def test_any_bytes_give_a_plan_or_a_clear_error(data, name):
    check(data, name)


def test_an_empty_lead_field_under_a_bare_number_names_nobody():
    # found by the property above: "1." then an empty "Cơ quan chủ trì:" gave a task with no lead at all
    check("1.\nCơ quan chủ trì: ".encode(), "van-ban.txt")


def test_a_row_without_work_before_any_task_of_a_table_without_stt_is_no_task():
    # found by the property above: a header without STT, then a row holding only "1." gave a task with no lead
    check("1.STT\tNhiệm vụ\tChủ trì\tThời hạn\n1.\t".encode(), "van-ban.txt")
