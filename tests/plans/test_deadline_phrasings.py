"""Deadline phrasings offices use beyond the table cells: hours, monthly/quarterly days, and cited documents' dates."""

from __future__ import annotations

from datetime import date

import pytest

from plans.deadlines import UNREADABLE, parse_deadline
from plans.readers.assignments import deadline_phrase

QUARTER_20 = (date(2025, 3, 20), date(2025, 6, 20), date(2025, 9, 20), date(2025, 12, 20))


@pytest.mark.parametrize(
    ("text", "kind", "dates"),
    [
        ("hoàn thành trong tháng 5/2025", "due", (date(2025, 5, 31),)),
        ("trước 7h00 ngày 01/7/2025", "due", (date(2025, 7, 1),)),
        ("trước ngày 20/11 hằng năm", "recurring", (date(2025, 11, 20),)),
        ("trước ngày 05 của tháng cuối mỗi quý", "recurring",
         (date(2025, 3, 5), date(2025, 6, 5), date(2025, 9, 5), date(2025, 12, 5))),
        ("chậm nhất ngày 20 tháng cuối kỳ báo cáo", "recurring", QUARTER_20),
        ("chậm nhất ngày 20 tháng cuối mỗi quý", "recurring", QUARTER_20),
    ],
)
def test_new_phrasings(text, kind, dates):
    result = parse_deadline(text, year=2025, period=(2025, 2025))
    assert [(m.kind, m.dates) for m in result.milestones] == [(kind, dates)]
    assert not [w for w in result.warnings if w.key in UNREADABLE]


@pytest.mark.parametrize("text", ["trước ngày 15 hằng tháng", "trước ngày 15 của tháng", "từ ngày 1 đến ngày 15 hằng tháng"])
def test_monthly_days_and_the_end_of_a_span(text):
    milestone = parse_deadline(text, year=2025, period=(2025, 2025)).milestones[0]
    assert milestone.kind == "recurring"
    assert milestone.dates == tuple(date(2025, month, 15) for month in range(1, 13))


def test_the_hour_is_kept_in_the_label():
    assert parse_deadline("trước 7h00 ngày 01/7/2025", year=2025).milestones[0].label == "Trước 7h00"


@pytest.mark.parametrize(
    "text",
    ["Nghị quyết số 57-NQ/TW ngày 22/12/2024", "có hiệu lực từ ngày 01/7/2025",
     "theo Quyết định của UBND tỉnh ngày 3/4/2025"],
)
def test_a_cited_documents_date_is_never_a_deadline(text):
    result = parse_deadline(text, year=2025)
    assert not [d for m in result.milestones for d in m.dates]


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Triển khai Kế hoạch số 12/KH-UBND ngày 15/5/2024, báo cáo kết quả trước ngày 20/11 hằng năm.",
         "trước ngày 20/11 hằng năm"),
        ("Báo cáo trước ngày 15 tháng 11 năm 2024 để tổng hợp, báo cáo Ủy ban nhân dân Quận 1 (ông Lê Văn A).",
         "trước ngày 15 tháng 11 năm 2024"),
        ("Thực hiện Quyết định có hiệu lực từ ngày 01/7/2025.", ""),
        ("Phấn đấu đạt chỉ tiêu của Nghị quyết số 57-NQ/TW ngày 22/12/2024.", ""),
        ("Tổ chức tập huấn từ ngày 1 đến ngày 5 hằng tháng", "từ ngày 1 đến ngày 5 hằng tháng"),
    ],
)
def test_a_task_texts_deadline_phrase_ends_with_its_clause_and_skips_cited_documents(text, phrase):
    assert deadline_phrase(text) == phrase
