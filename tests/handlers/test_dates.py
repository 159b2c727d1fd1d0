"""Typed dates in replies: dd/mm, Vietnamese weekdays and relative phrases, with a frozen now."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handlers.dates import aligned_fold, cited_spans, find_dates, parse_typed_date
from tests.helpers import VN

MONDAY = datetime(2025, 3, 10, 9, 0, tzinfo=VN)  # Monday 10/03/2025 09:00
YEAR_END = datetime(2024, 12, 28, 10, 0, tzinfo=VN)  # Saturday 28/12/2024 10:00

MONDAY_CASES = [
    ("15/12", "2025-12-15"),
    ("15/12/2024", "2024-12-15"),
    ("15/12/24", "2024-12-15"),
    ("15-12", "2025-12-15"),
    ("15.12", "2025-12-15"),  # dateparser alone reads 15:12 today
    ("15.12.2025", "2025-12-15"),
    ("1.6", "2025-06-01"),  # in a date phrase a dotted pair is a date; the reply reader decides what is one
    ("10/3", "2025-03-10"),  # dateparser alone says 2026
    ("5/3", "2025-03-05"),  # five days late stays this year
    ("05/03", "2025-03-05"),
    ("20/8", "2025-08-20"),
    ("ngày 15 tháng 12", "2025-12-15"),
    ("15 thang 12 nam 2026", "2026-12-15"),
    ("thứ sáu tuần sau", "2025-03-21"),
    ("thu sau tuan sau", "2025-03-21"),
    ("thứ 6 tuần sau", "2025-03-21"),
    ("t6 tuần tới", "2025-03-21"),
    ("thứ hai tuần sau", "2025-03-17"),
    ("thứ năm tuần này", "2025-03-13"),
    ("thứ sáu", "2025-03-14"),
    ("thứ 6", "2025-03-14"),  # dateparser alone says 06/03
    ("thứ bảy", "2025-03-15"),
    ("thu bay", "2025-03-15"),
    ("chủ nhật", "2025-03-16"),
    ("thứ hai", "2025-03-17"),  # said on a Monday: the next one, not today
    ("tuần sau", "2025-03-21"),
    ("tuan toi", "2025-03-21"),
    ("đầu tuần sau", "2025-03-17"),
    ("cuối tuần", "2025-03-14"),
    ("cuối tháng", "2025-03-31"),
    ("cuoi thang", "2025-03-31"),
    ("tháng sau", "2025-04-30"),
    ("đầu tháng sau", "2025-04-05"),
    ("mùng 10 tháng sau", "2025-04-10"),  # the 10th of next month, not ten months on
    ("ngày 20 tháng này", "2025-03-20"),
    ("tháng 4", "2025-04-30"),
    ("tháng 12/2025", "2025-12-31"),
    ("quý 2", "2025-06-30"),
    ("quý II", "2025-06-30"),
    ("cuối quý", "2025-03-31"),
    ("cuối năm", "2025-12-31"),
    ("hôm nay", "2025-03-10"),
    ("ngày mai", "2025-03-11"),
    ("mai", "2025-03-11"),
    ("ngày kia", "2025-03-12"),
    ("3 ngày nữa", "2025-03-13"),
    ("2 tuần nữa", "2025-03-24"),
    ("ngày 20", "2025-03-20"),
    ("ngày 5", "2025-04-05"),
    ("15/12 ạ", "2025-12-15"),
    ("Dec 20", "2025-12-20"),
    ("next friday", "2025-03-14"),
]

YEAR_END_CASES = [
    ("05/01", "2025-01-05"),  # almost a year back: next year's
    ("20/12", "2024-12-20"),  # eight days back: a late report, this year
    ("15/6", "2025-06-15"),  # more than six months back
    ("30/6", "2024-06-30"),  # just under six months back
    ("thứ sáu tuần sau", "2025-01-03"),
    ("thứ hai", "2024-12-30"),
    ("tuần sau", "2025-01-03"),
    ("cuối tháng", "2024-12-31"),
    ("tháng sau", "2025-01-31"),
    ("cuối năm", "2024-12-31"),
    ("năm sau", "2025-12-31"),
    ("ngày mai", "2024-12-29"),
    ("quý 1", "2025-03-31"),
    ("quý 2", "2025-06-30"),
    ("tháng 1", "2025-01-31"),
]


@pytest.mark.parametrize(("text", "expected"), MONDAY_CASES)
def test_monday(text: str, expected: str) -> None:
    assert parse_typed_date(text, now=MONDAY, tz=VN) == date.fromisoformat(expected)


@pytest.mark.parametrize(("text", "expected"), YEAR_END_CASES)
def test_year_end(text: str, expected: str) -> None:
    assert parse_typed_date(text, now=YEAR_END, tz=VN) == date.fromisoformat(expected)


@pytest.mark.parametrize(
    "text",
    ["", "xong", "ok", "60%", "20", "1.2.3", "31/02", "29/02", "32/12", "15/13", "thứ tự", "sớm", "cảm ơn"],
)
def test_not_a_date(text: str) -> None:
    assert parse_typed_date(text, now=MONDAY, tz=VN) is None


def test_now_is_read_in_the_given_zone() -> None:
    # 18:00 UTC on Sunday 09/03 is already Monday 01:00 in Hà Nội
    utc_evening = datetime(2025, 3, 9, 18, 0, tzinfo=UTC)
    assert parse_typed_date("hôm nay", now=utc_evening, tz=VN) == date(2025, 3, 10)
    assert parse_typed_date("hôm nay", now=utc_evening, tz=ZoneInfo("UTC")) == date(2025, 3, 9)
    # a naive now is already local
    assert parse_typed_date("ngày mai", now=datetime(2025, 3, 10, 23, 30), tz=VN) == date(2025, 3, 11)


def test_leap_day() -> None:
    assert parse_typed_date("29/02", now=datetime(2024, 2, 1, tzinfo=VN), tz=VN) == date(2024, 2, 29)
    assert parse_typed_date("29/02/2028", now=MONDAY, tz=VN) == date(2028, 2, 29)


def test_find_dates_gives_spans_and_kinds() -> None:
    text = "1.6 đang làm 60% dự kiến 15/12, hoặc thứ sáu tuần sau"
    spans = find_dates(text, now=MONDAY, tz=VN)
    assert [(text[s.start : s.end], s.value, s.kind) for s in spans] == [
        ("15/12", date(2025, 12, 15), "explicit"),
        ("thứ sáu tuần sau", date(2025, 3, 21), "relative"),
    ]


def test_find_dates_leaves_ambiguous_shorthand_alone() -> None:
    # "t6" alone may be "tháng 6", "1.2" is a task number: only parse_typed_date reads them
    assert find_dates("t6 xong 1.2", now=MONDAY, tz=VN) == []


@pytest.mark.parametrize(
    ("text", "cited"),
    [
        ("văn bản số 12/UBND ngày 15/11", ["văn bản số 12/UBND ngày 15/11"]),
        ("theo Quyết định 1234/QĐ-UBND ngày 05/3/2025 của UBND quận", ["Quyết định 1234/QĐ-UBND ngày 05/3/2025"]),
        ("Công văn 45/SNV-TCBC, ngày 15 tháng 11 năm 2025", ["Công văn 45/SNV-TCBC, ngày 15 tháng 11 năm 2025"]),
        ("KH số 12/2025/KH-UBND", ["KH số 12/2025/KH-UBND"]),
        ("theo Kế hoạch 45 ngày 15/11, đến 30/11 xong", ["Kế hoạch 45 ngày 15/11"]),
        ("số 15/12", ["số 15/12"]),
        ("dự kiến 15/12", []),
        ("đã xong 2/3", []),
        ("1.2 xong, 1.6 đang làm", []),
    ],
)
def test_cited_documents(text: str, cited: list[str]) -> None:
    # a date inside a cited document dates the document: the reply reader takes no finish date from it
    assert [text[s:e] for s, e in cited_spans(text)] == cited


def test_aligned_fold_keeps_positions() -> None:
    text = "Đã xong\nthứ Sáu"
    folded = aligned_fold(text)
    assert folded == "da xong\nthu sau"
    assert len(folded) == len(text)


@given(st.text(max_size=120))
def test_never_raises(text: str) -> None:
    value = parse_typed_date(text, now=MONDAY, tz=VN)
    assert value is None or isinstance(value, date)


# English, as a member with NHACVIEC_LANG=en types a due date or an extension (Monday 10/03/2025)
ENGLISH_CASES = [
    ("end of quarter", "2025-03-31"),
    ("end of this quarter", "2025-03-31"),
    ("by the end of next quarter", "2025-06-30"),
    ("end of month", "2025-03-31"),
    ("by the end of the month", "2025-03-31"),
    ("end of next month", "2025-04-30"),
    ("end of year", "2025-12-31"),
    ("by the end of the year", "2025-12-31"),
    ("by the end of Q2", "2025-06-30"),
    ("Q3", "2025-09-30"),
    ("end of Q1 2026", "2026-03-31"),
    ("end of June", "2025-06-30"),
    ("by end of May 2025", "2025-05-31"),
    ("mid-month", "2025-03-15"),
    ("end of next week", "2025-03-21"),
    ("2 more weeks", "2025-03-24"),
    ("another 3 days", "2025-03-13"),
]


@pytest.mark.parametrize(("text", "expected"), ENGLISH_CASES)
def test_english(text: str, expected: str) -> None:
    assert parse_typed_date(text, now=MONDAY, tz=VN) == date.fromisoformat(expected)


def test_english_dates_inside_a_reply_and_what_is_no_date() -> None:
    (span,) = find_dates("60%, expected by the end of Q2", now=MONDAY, tz=VN)
    assert span.value == date(2025, 6, 30)
    assert find_dates("done 2 days ago", now=MONDAY, tz=VN) == []
    assert find_dates("we may finish", now=MONDAY, tz=VN) == []
