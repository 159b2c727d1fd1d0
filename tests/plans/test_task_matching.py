"""Matching a re-imported plan's tasks to the stored ones (plans/matching.py, pure)."""

from __future__ import annotations

from plans.matching import TaskContent, match_tasks

WARDS = "UBND 10 phường"


def c(key: str, title: str, lead: str = WARDS, deadline: str = "Quý II/2022") -> TaskContent:
    return TaskContent(key, title, lead, deadline)


def test_a_different_title_under_the_same_number_lead_and_deadline_is_another_task() -> None:
    old = [c("1.2", "Báo cáo kết quả CCHC hằng tháng")]
    assert match_tasks(old, [c("1.2", "Tổ chức kiểm tra việc thực hiện văn hóa công sở")]) == {}


def test_titles_told_apart_by_their_numbers_follow_their_own_row() -> None:
    old = [c("1.1", "Báo cáo CCHC quý I", deadline="15/3/2022"), c("1.2", "Báo cáo CCHC quý II", deadline="15/6/2022")]
    new = [c("1.1", "Báo cáo CCHC quý II", deadline="15/6/2022")]  # quý I's row taken out
    assert match_tasks(old, new) == {0: 1}


def test_a_reworded_title_keeps_its_task_and_shifted_rows_find_theirs() -> None:
    old = [c("2.1", "Rà soát, đánh giá thủ tục hành chính"), c("2.2", "Số hóa hồ sơ, kết quả giải quyết TTHC")]
    new = [c("2.1", "Tập huấn nghiệp vụ kiểm soát TTHC"), c("2.2", "Rà soát và đánh giá thủ tục hành chính"),
           c("2.3", "Số hóa hồ sơ, kết quả giải quyết TTHC")]
    assert match_tasks(old, new) == {1: 0, 2: 1}
