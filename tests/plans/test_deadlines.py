"""The Vietnamese deadline grammar: tables of real phrasings (seeds 000, 002, 004 and the wider CCHC corpus)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from plans.deadlines import UNREADABLE, parse_deadline
from plans.model import DeadlineResult, Milestone, Offset

D = date
Q_2022 = (D(2022, 3, 31), D(2022, 6, 30), D(2022, 9, 30), D(2022, 12, 31))
Q_2024 = (D(2024, 3, 31), D(2024, 6, 30), D(2024, 9, 30), D(2024, 12, 31))
MONTH_ENDS_2024 = tuple(
    D(2024, m, d) for m, d in zip(range(1, 13), (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31), strict=True)
)
ANY = object()  # "some non-empty trigger" for events


@dataclass(frozen=True)
class M:
    """An expected milestone; `dates` defaults to (due,) for a due milestone and () otherwise."""

    kind: str
    due: date | None = None
    dates: tuple[date, ...] | None = None
    label: str | None = None
    offset: Offset | None = None
    trigger: object = None


def _check(result: DeadlineResult, expected: list[M]) -> None:
    got = result.milestones
    assert len(got) == len(expected), [m.as_json() for m in got]
    for g, e in zip(got, expected, strict=True):
        assert isinstance(g, Milestone)
        assert g.kind == e.kind, g.as_json()
        assert g.due == e.due, g.as_json()
        want_dates = e.dates if e.dates is not None else ((e.due,) if e.kind == "due" else ())
        assert g.dates == want_dates, g.as_json()
        assert g.label == e.label, g.as_json()
        assert g.offset == e.offset, g.as_json()
        if e.trigger is ANY:
            assert g.trigger, g.as_json()
        else:
            assert g.trigger == e.trigger, g.as_json()


def _unreadable(result: DeadlineResult) -> list[str]:
    return [w.render("vi") for w in result.warnings if w.key in UNREADABLE]


# Every distinct deadline cell of seed 000 (Kế hoạch 17/KH-UBND, Quận 1, plan year 2022, issued 18/01/2022).
# Task 3.5 is split across a page break in the seed; the reader hands over both halves joined.
SEED_000: list[tuple[str, list[M]]] = [
    (
        "Trong vòng 05 ngày làm việc khi có thay đổi nhân sự.",
        [M("event", offset=Offset(5, True), trigger="Trong vòng 05 ngày làm việc khi có thay đổi nhân sự")],
    ),
    ("Trước tháng 10 năm 2022", [M("due", D(2022, 9, 30))]),
    ("Trong năm 2022", [M("due", D(2022, 12, 31))]),
    ("Quý I năm 2022", [M("due", D(2022, 3, 31))]),
    ("Trong quý I năm 2022", [M("due", D(2022, 3, 31))]),
    ("Thường xuyên", [M("ongoing")]),
    ("Sau khi có Thông báo của Thành phố.", [M("event", trigger="Sau khi có Thông báo của Thành phố")]),
    (
        "- Quý I năm 2022: trình và triển khai Kế hoạch; - Trong tháng 10 2022: Các sản phẩm còn lại.",
        [
            M("due", D(2022, 3, 31), label="Trình và triển khai Kế hoạch"),
            M("due", D(2022, 10, 31), label="Các sản phẩm còn lại"),
        ],
    ),
    ("Theo từng Quý (Quý I, II, III) và tổng kết năm", [M("recurring", D(2022, 3, 31), Q_2022)]),
    (
        "- Quý I năm 2022: Trình Kế hoạch; - Quý III năm 2022: Trình Phương án; - Trong năm 2022: Các sản phẩm còn lại.",
        [
            M("due", D(2022, 3, 31), label="Trình Kế hoạch"),
            M("due", D(2022, 9, 30), label="Trình Phương án"),
            M("due", D(2022, 12, 31), label="Các sản phẩm còn lại"),
        ],
    ),
    ("Quý I năm 2022: Ban hành Kế hoạch.", [M("due", D(2022, 3, 31), label="Ban hành Kế hoạch")]),
    (
        "- Định kỳ 03 tháng/lần; - Vẫn đảm bảo thực hiện các quy\nđịnh về tiếp công dân.",
        [
            M("recurring", D(2022, 3, 31), Q_2022),
            M("ongoing", label="Vẫn đảm bảo thực hiện các quy định về tiếp công dân"),
        ],
    ),
    ("Hoàn thành trước tháng 10 năm 2022.", [M("due", D(2022, 9, 30))]),
    ("Theo Đề án của Thành phố.", [M("event", trigger="Theo Đề án của Thành phố")]),
    (
        '<ul style="list-style-type: none"> - Quý I năm 2022: Ban hành Kế hoạch; - Kiểm tra thường xuyên trong '
        "năm 2022; - Báo cáo trong tháng 11 năm 2022. ",
        [
            M("due", D(2022, 3, 31), label="Ban hành Kế hoạch"),
            M("ongoing", dates=(D(2022, 12, 31),), label="Kiểm tra"),
            M("due", D(2022, 11, 30), label="Báo cáo"),
        ],
    ),
    (
        '<ul style="list-style-type: none"> - Quý I năm 2022; Ban hành Kế hoạch; - Kiểm tra thường xuyên trong '
        "năm 2022; - Báo cáo trong tháng 11 năm 2022. ",
        [
            M("due", D(2022, 3, 31), label="Ban hành Kế hoạch"),
            M("ongoing", dates=(D(2022, 12, 31),), label="Kiểm tra"),
            M("due", D(2022, 11, 30), label="Báo cáo"),
        ],
    ),
    ("Trong Quý II năm 2022", [M("due", D(2022, 6, 30))]),
    ("Quý II năm 2022", [M("due", D(2022, 6, 30))]),
]

# Every distinct deadline cell of seed 002 (Gò Vấp, plan year 2024, issued 19/01/2024).
SEED_002: list[tuple[str, list[M]]] = [
    ("Hoàn thành trong quý I/2024", [M("due", D(2024, 3, 31))]),
    ("Sau khi Thành phố công bố Chỉ số CCHC", [M("event", trigger="Sau khi Thành phố công bố Chỉ số CCHC")]),
    ("Trong năm 2024", [M("due", D(2024, 12, 31))]),
    ("Thường xuyên", [M("ongoing")]),
    ("Quý I năm 2024", [M("due", D(2024, 3, 31))]),
    ("Hàng quý", [M("recurring", D(2024, 3, 31), Q_2024)]),
    ("Quý IV/2024", [M("due", D(2024, 12, 31))]),
    ("Quý III/2024", [M("due", D(2024, 9, 30))]),
    ("Theo từng Quý (Quý I, II, III) và tổng kết năm", [M("recurring", D(2024, 3, 31), Q_2024)]),
    ("Khi Thành phố yêu cầu", [M("event", trigger="Khi Thành phố yêu cầu")]),
    ("Trong năm 2024 và các năm tiếp theo", [M("recurring", D(2024, 12, 31), (D(2024, 12, 31),))]),
    (
        "Quý II năm 2024: ban hành Kế hoạch. Quý III năm 2024: tổ chức thực hiện",
        [
            M("due", D(2024, 6, 30), label="Ban hành Kế hoạch"),
            M("due", D(2024, 9, 30), label="Tổ chức thực hiện"),
        ],
    ),
    (
        "Khi phát sinh Định kỳ hàng quý",
        [M("event", trigger="Khi phát sinh"), M("recurring", D(2024, 3, 31), Q_2024)],
    ),
    ("Hoàn thành trong tháng 11 năm 2024", [M("due", D(2024, 11, 30))]),
    ("Hoàn thành trong tháng 11 năm 2023", [M("due", D(2023, 11, 30))]),  # task 4.9: before the plan
    ("Quý I/2024", [M("due", D(2024, 3, 31))]),
    (
        "- Quý I năm 2024: ban hành KH kiểm tra công vụ - Kiểm tra thường xuyên trong năm 2024. - Báo cáo trong "
        "tháng 11 năm 2024",
        [
            M("due", D(2024, 3, 31), label="Ban hành KH kiểm tra công vụ"),
            M("ongoing", dates=(D(2024, 12, 31),), label="Kiểm tra"),
            M("due", D(2024, 11, 30), label="Báo cáo"),
        ],
    ),
    ("Khi Thành phố triển khai chính thức", [M("event", trigger="Khi Thành phố triển khai chính thức")]),
    ("Năm 2024", [M("due", D(2024, 12, 31))]),
    (
        "- Quý II năm 2024: Ban hành Kế hoạch  - Kiểm tra thường xuyên trong năm 2024.  - Báo cáo trong tháng 11 "
        "năm 2024",
        [
            M("due", D(2024, 6, 30), label="Ban hành Kế hoạch"),
            M("ongoing", dates=(D(2024, 12, 31),), label="Kiểm tra"),
            M("due", D(2024, 11, 30), label="Báo cáo"),
        ],
    ),
]

Y21 = {"year": 2021, "period": (2021, 2025)}
Y22 = {"year": 2022, "period": (2022, 2022)}
Y24 = {"year": 2024, "period": (2024, 2024)}
Y25 = {"year": 2025}

# The wider grammar: (text, plan context, expected milestones).
SHAPES: list[tuple[str, dict, list[M]]] = [
    # years
    ("Trong năm 2024", Y24, [M("due", D(2024, 12, 31))]),
    ("Năm 2024", Y24, [M("due", D(2024, 12, 31))]),
    ("Cuối năm 2025", Y25, [M("due", D(2025, 12, 31))]),
    ("cuoi nam 2025", Y25, [M("due", D(2025, 12, 31))]),
    ("Cuối năm", Y25, [M("due", D(2025, 12, 31))]),
    ("Từ nay đến cuối năm 2024", Y24, [M("due", D(2024, 12, 31))]),
    ("Trước năm 2025", Y24, [M("due", D(2024, 12, 31))]),
    ("Giai đoạn 2021 - 2025", Y21, [M("due", D(2025, 12, 31))]),
    (
        "Trong năm 2024 và các năm tiếp theo",
        {"year": 2024, "period": (2021, 2025)},
        [M("recurring", D(2024, 12, 31), (D(2024, 12, 31), D(2025, 12, 31)))],
    ),
    ("trong nam 2024 va cac nam tiep theo", Y24, [M("recurring", D(2024, 12, 31), (D(2024, 12, 31),))]),
    # quarters
    ("Quý IV/2024", Y24, [M("due", D(2024, 12, 31))]),
    ("Quý 1/2025", Y25, [M("due", D(2025, 3, 31))]),
    ("Quý 3 năm 2024", Y24, [M("due", D(2024, 9, 30))]),
    ("Q3/2024", Y24, [M("due", D(2024, 9, 30))]),
    ("Trong quý II năm 2022", Y22, [M("due", D(2022, 6, 30))]),
    ("Quy II nam 2025", Y25, [M("due", D(2025, 6, 30))]),
    ("quy iv/2024", Y24, [M("due", D(2024, 12, 31))]),
    ("Quý II", Y24, [M("due", D(2024, 6, 30))]),
    ("Quý III, IV/2021", Y21, [M("recurring", D(2021, 9, 30), (D(2021, 9, 30), D(2021, 12, 31)))]),
    ("Quý I-II/2025", Y25, [M("due", D(2025, 6, 30))]),
    ("Quý I - II/2025", Y25, [M("due", D(2025, 6, 30))]),
    ("Từ quý I đến quý III năm 2024", Y24, [M("due", D(2024, 9, 30))]),
    ("Trước quý III/2024", Y24, [M("due", D(2024, 6, 30))]),
    ("Quý I/2024 và Quý III/2024", Y24, [M("recurring", D(2024, 3, 31), (D(2024, 3, 31), D(2024, 9, 30)))]),
    ("6 tháng đầu năm 2025", Y25, [M("due", D(2025, 6, 30))]),
    ("6 thang dau nam 2025", Y25, [M("due", D(2025, 6, 30))]),
    ("9 tháng đầu năm 2024", Y24, [M("due", D(2024, 9, 30))]),
    ("6 tháng cuối năm 2024", Y24, [M("due", D(2024, 12, 31))]),
    # months
    ("Trước tháng 10 năm 2022", Y22, [M("due", D(2022, 9, 30))]),
    ("truoc thang 10 nam 2025", Y25, [M("due", D(2025, 9, 30))]),
    ("Trước tháng 01/2025", Y25, [M("due", D(2024, 12, 31))]),
    ("Trong tháng 01 năm 2021", Y21, [M("due", D(2021, 1, 31))]),
    ("Tháng 6/2025", Y25, [M("due", D(2025, 6, 30))]),
    ("Trong tháng 10 2022", Y22, [M("due", D(2022, 10, 31))]),
    ("Tháng 02/2024", Y24, [M("due", D(2024, 2, 29))]),
    ("Cuối tháng 11", Y24, [M("due", D(2024, 11, 30))]),
    ("Từ tháng 3 đến tháng 6 năm 2024", Y24, [M("due", D(2024, 6, 30))]),
    ("Tháng 3 và tháng 9 năm 2024", Y24, [M("recurring", D(2024, 3, 31), (D(2024, 3, 31), D(2024, 9, 30)))]),
    # days
    ("Trước ngày 15 tháng 11 năm 2024", Y24, [M("due", D(2024, 11, 15))]),
    ("trước ngày 15/11/2024", Y24, [M("due", D(2024, 11, 15))]),
    ("Ngày 31/12/2025", Y25, [M("due", D(2025, 12, 31))]),
    ("trước ngày 15/11", Y24, [M("due", D(2024, 11, 15))]),
    ("truoc ngay 15/11", Y24, [M("due", D(2024, 11, 15))]),
    ("Chậm nhất ngày 05/3/2025.", Y25, [M("due", D(2025, 3, 5))]),
    ("Hạn 30/6", Y25, [M("due", D(2025, 6, 30))]),
    (
        "Báo cáo kết quả khắc phục về Phòng Nội vụ Quận 1 trước ngày 15 tháng 11 năm 2024",
        Y24,
        [M("due", D(2024, 11, 15), label="Báo cáo kết quả khắc phục về Phòng Nội vụ Quận 1")],
    ),
    # recurring
    ("Hằng quý", Y22, [M("recurring", D(2022, 3, 31), Q_2022)]),
    ("hang quy", Y24, [M("recurring", D(2024, 3, 31), Q_2024)]),
    ("Định kỳ 03 tháng/lần", Y24, [M("recurring", D(2024, 3, 31), Q_2024)]),
    ("Định kỳ hàng quý", Y24, [M("recurring", D(2024, 3, 31), Q_2024)]),
    (
        "Hằng quý",
        {"year": 2021, "period": (2021, 2022)},
        [
            M(
                "recurring",
                D(2021, 3, 31),
                (D(2021, 3, 31), D(2021, 6, 30), D(2021, 9, 30), D(2021, 12, 31), *Q_2022),
            )
        ],
    ),
    ("Hằng quý năm 2024", {"year": 2024, "period": (2021, 2025)}, [M("recurring", D(2024, 3, 31), Q_2024)]),
    (
        "Hằng tháng",
        Y24,
        [M("recurring", D(2024, 1, 31), MONTH_ENDS_2024)],
    ),
    (
        "Hàng tháng, trước ngày 20",
        Y24,
        [M("recurring", D(2024, 1, 20), tuple(D(2024, m, 20) for m in range(1, 13)))],
    ),
    (
        "hang thang truoc ngay 31",
        Y24,
        [M("recurring", D(2024, 1, 31), MONTH_ENDS_2024)],  # the 31st is clamped to each month's end
    ),
    ("Định kỳ 6 tháng", Y24, [M("recurring", D(2024, 6, 30), (D(2024, 6, 30), D(2024, 12, 31)))]),
    ("Định kỳ 6 tháng và năm", Y24, [M("recurring", D(2024, 6, 30), (D(2024, 6, 30), D(2024, 12, 31)))]),
    (
        "Hằng năm",
        {"year": 2021, "period": (2021, 2025)},
        [M("recurring", D(2021, 12, 31), tuple(D(y, 12, 31) for y in range(2021, 2026)))],
    ),
    ("Theo từng Quý (Quý I, II, III) và tổng kết năm", Y24, [M("recurring", D(2024, 3, 31), Q_2024)]),
    (
        "trước ngày 01/3, 01/6, 01/9 và 01/12",
        Y24,
        [M("recurring", D(2024, 3, 1), (D(2024, 3, 1), D(2024, 6, 1), D(2024, 9, 1), D(2024, 12, 1)))],
    ),
    (
        "Định kỳ quý I, 6 tháng, quý III và năm báo cáo kết quả triển khai, thực hiện công tác cải cách hành "
        "chính của cơ quan, đơn vị về Ủy ban nhân dân quận (thông qua Phòng Nội vụ) trước ngày 01/3, 01/6, 01/9 "
        "và 01/12.",
        Y24,
        [
            M(
                "recurring",
                D(2024, 3, 1),
                (D(2024, 3, 1), D(2024, 6, 1), D(2024, 9, 1), D(2024, 12, 1)),
                label="Báo cáo kết quả triển khai, thực hiện công tác cải cách hành chính của cơ quan, đơn vị về "
                "Ủy ban nhân dân quận (thông qua Phòng Nội vụ)",
            )
        ],
    ),
    ("Định kỳ quý I, 6 tháng, quý III và năm", Y24, [M("recurring", D(2024, 3, 31), Q_2024)]),
    ("Định kỳ quý I và quý III", Y24, [M("recurring", D(2024, 3, 31), (D(2024, 3, 31), D(2024, 9, 30)))]),
    (
        "Quý I hằng năm",
        {"year": 2024, "period": (2024, 2025)},
        [M("recurring", D(2024, 3, 31), (D(2024, 3, 31), D(2025, 3, 31)))],
    ),
    (
        "Hằng quý (trước ngày 20 của tháng cuối quý)",
        Y24,
        [M("recurring", D(2024, 3, 20), (D(2024, 3, 20), D(2024, 6, 20), D(2024, 9, 20), D(2024, 12, 20)))],
    ),
    (
        # The fourth quarter's report falls in January of the next year.
        "Hằng quý, trước ngày 05 của tháng đầu quý sau",
        Y24,
        [M("recurring", D(2024, 4, 5), (D(2024, 4, 5), D(2024, 7, 5), D(2024, 10, 5), D(2025, 1, 5)))],
    ),
    (
        "Báo cáo 6 tháng trước ngày 15/6, báo cáo năm trước ngày 15/12",
        Y24,
        [
            M(
                "recurring",
                D(2024, 6, 15),
                (D(2024, 6, 15), D(2024, 12, 15)),
                label="Báo cáo 6 tháng, báo cáo năm",
            )
        ],
    ),
    # ongoing
    ("Thường xuyên", Y24, [M("ongoing")]),
    ("thuong xuyen", Y24, [M("ongoing")]),
    ("Thường xuyên trong năm 2022", Y22, [M("ongoing", dates=(D(2022, 12, 31),))]),
    ("Thực hiện thường xuyên, liên tục", Y24, [M("ongoing")]),
    # events
    ("Sau khi có Thông báo của Thành phố", Y22, [M("event", trigger="Sau khi có Thông báo của Thành phố")]),
    ("Khi Thành phố có yêu cầu", Y22, [M("event", trigger="Khi Thành phố có yêu cầu")]),
    (
        "Ngay sau khi có hướng dẫn của Sở Nội vụ",
        Y22,
        [M("event", trigger="Ngay sau khi có hướng dẫn của Sở Nội vụ")],
    ),
    (
        "Theo hướng dẫn (kế hoạch, Đề án) của Thành phố",
        Y22,
        [M("event", trigger="Theo hướng dẫn (kế hoạch, Đề án) của Thành phố")],
    ),
    ("Theo Đề án của Thành phố", Y22, [M("event", trigger="Theo Đề án của Thành phố")]),
    ("sau khi co thong bao cua Thanh pho", Y22, [M("event", trigger="sau khi co thong bao cua Thanh pho")]),
    (
        "Năm 2021, sau khi có Kế hoạch của Thành phố",
        Y21,
        [M("event", dates=(D(2021, 12, 31),), trigger="Năm 2021, sau khi có Kế hoạch của Thành phố")],
    ),
    (
        "Trong vòng 05 ngày làm việc khi có thay đổi nhân sự",
        Y22,
        [M("event", offset=Offset(5, True), trigger="Trong vòng 05 ngày làm việc khi có thay đổi nhân sự")],
    ),
    (
        "trong vong 05 ngay lam viec khi co thay doi nhan su",
        Y22,
        [M("event", offset=Offset(5, True), trigger=ANY)],
    ),
    (
        "Chậm nhất 05 ngày làm việc sau khi nhận được văn bản",
        Y22,
        [M("event", offset=Offset(5, True), trigger=ANY)],
    ),
    (
        "Trong vòng 10 ngày kể từ ngày ban hành Kế hoạch",
        {"year": 2022, "issued": D(2022, 1, 18)},
        [M("due", D(2022, 1, 28))],
    ),
    (
        # From Tuesday 18/01/2022: eight working days to 28/01, then Tết (31/01–04/02), then 07 and 08/02.
        "Trong vòng 10 ngày làm việc kể từ ngày ban hành Kế hoạch",
        {"year": 2022, "issued": D(2022, 1, 18)},
        [M("due", D(2022, 2, 8))],
    ),
    (
        # 19/01/2024 is a Friday; the Tết 2024 holidays (08–14/02) are skipped.
        "Trong vòng 15 ngày làm việc kể từ ngày ban hành Kế hoạch",
        {"year": 2024, "issued": D(2024, 1, 19)},
        [M("due", D(2024, 2, 16))],
    ),
    (
        "Trong vòng 10 ngày kể từ ngày ban hành Kế hoạch",
        {"year": 2022},
        [M("event", offset=Offset(10, False), trigger="Trong vòng 10 ngày kể từ ngày ban hành Kế hoạch")],
    ),
    (
        "Hàng quý, khi có yêu cầu",
        Y24,
        [M("recurring", D(2024, 3, 31), Q_2024), M("event", trigger="khi có yêu cầu")],
    ),
    (
        # A referenced document's date is not a deadline.
        "Theo Quyết định số 1405/QĐ-UBND ngày 23 tháng 6 năm 2023",
        Y24,
        [M("event", trigger="Theo Quyết định số 1405/QĐ-UBND ngày 23 tháng 6 năm 2023")],
    ),
    # several milestones, labels, odd punctuation and markup
    (
        "<p>Quý I/2025: Ban hành Kế hoạch</p><p>Quý IV/2025: Báo cáo kết quả</p>",
        Y25,
        [
            M("due", D(2025, 3, 31), label="Ban hành Kế hoạch"),
            M("due", D(2025, 12, 31), label="Báo cáo kết quả"),
        ],
    ),
    (
        "<ul><li>Quý I năm 2025: Xây dựng kế hoạch;</li><li>Thường xuyên: tổ chức thực hiện.</li></ul>",
        Y25,
        [M("due", D(2025, 3, 31), label="Xây dựng kế hoạch"), M("ongoing", label="Tổ chức thực hiện")],
    ),
    (
        "Ban hành Kế hoạch; Quý I/2025",
        Y25,
        [M("due", D(2025, 3, 31), label="Ban hành Kế hoạch")],
    ),
    (
        "Tổ chức hội nghị (sơ kết) trong quý II năm 2024",
        Y24,
        [M("due", D(2024, 6, 30), label="Tổ chức hội nghị (sơ kết)")],
    ),
    ("Thời gian thực hiện: Quý II/2024.", Y24, [M("due", D(2024, 6, 30))]),
    ("**Quý I năm 2024**", Y24, [M("due", D(2024, 3, 31))]),
    (
        "&lt;ul&gt;&lt;li&gt;Quý I/2024: Ban hành&lt;/li&gt;",
        Y24,
        [M("due", D(2024, 3, 31), label="Ban hành")],
    ),
    ("2024", Y24, [M("due", D(2024, 12, 31))]),
    ("Quý  I   năm\u00a02024 ;", Y24, [M("due", D(2024, 3, 31))]),
]

UNREADABLE_TEXTS = [
    "asdf qwer",
    "Đầu giai đoạn 2021-2025",  # the start of a span of years: no convention gives it a day
    "ngày 31/02/2024",
    "tháng 13 năm 2024",
    "Quý V/2024",
    "Hằng quý, trước ngày 20",  # which month of the quarter is not said
    "Theo tiến độ",  # an event, not unreadable — checked separately below
]


def _ctx(year: int) -> dict:
    return {"year": year, "period": (year, year), "issued": D(year, 1, 18)}


@pytest.mark.parametrize(("text", "expected"), SEED_000, ids=[t[:40] for t, _ in SEED_000])
def test_seed_000_cells(text: str, expected: list[M]) -> None:
    result = parse_deadline(text, **_ctx(2022))
    _check(result, expected)
    assert _unreadable(result) == []


@pytest.mark.parametrize(("text", "expected"), SEED_002, ids=[t[:40] for t, _ in SEED_002])
def test_seed_002_cells(text: str, expected: list[M]) -> None:
    result = parse_deadline(text, **_ctx(2024) | {"issued": D(2024, 1, 19)})
    _check(result, expected)
    assert _unreadable(result) == []


@pytest.mark.parametrize(("text", "ctx", "expected"), SHAPES, ids=[t[:40] for t, _, _ in SHAPES])
def test_shapes(text: str, ctx: dict, expected: list[M]) -> None:
    result = parse_deadline(text, **ctx)
    _check(result, expected)
    assert _unreadable(result) == []


def test_task_4_9_dated_before_the_plan_is_kept_with_a_warning() -> None:
    result = parse_deadline(
        "Hoàn thành trong tháng 11 năm 2023", year=2024, period=(2024, 2024), issued=D(2024, 1, 19)
    )
    assert result.milestones[0].due == D(2023, 11, 30)
    assert [w.render("vi") for w in result.warnings] == [
        "Thời hạn 30/11/2023 («Hoàn thành trong tháng 11 năm 2023») trước ngày ban hành kế hoạch 19/01/2024"
    ]


def test_a_date_in_the_plan_gives_no_warning() -> None:
    result = parse_deadline(
        "Hoàn thành trong tháng 11 năm 2024", year=2024, period=(2024, 2024), issued=D(2024, 1, 19)
    )
    assert result.warnings == ()


def test_a_date_outside_the_period_is_kept_with_a_warning() -> None:
    result = parse_deadline("Quý I/2026", year=2024, period=(2024, 2025))
    assert result.milestones[0].due == D(2026, 3, 31)
    assert [w.render("vi") for w in result.warnings] == [
        "Thời hạn 31/03/2026 («Quý I/2026») nằm ngoài giai đoạn kế hoạch 2024–2025"
    ]


def test_a_bullet_without_time_is_a_standing_duty_with_a_note() -> None:
    result = parse_deadline(
        "- Định kỳ 03 tháng/lần; - Vẫn đảm bảo thực hiện các quy định về tiếp công dân.", year=2022
    )
    assert [m.kind for m in result.milestones] == ["recurring", "ongoing"]
    assert [w.render("vi") for w in result.warnings] == [
        "«Vẫn đảm bảo thực hiện các quy định về tiếp công dân» không nêu thời hạn; coi là việc thường xuyên"
    ]
    assert _unreadable(result) == []


@pytest.mark.parametrize("text", UNREADABLE_TEXTS[:-1])
def test_unreadable_texts_warn_and_keep_the_raw_text(text: str) -> None:
    result = parse_deadline(text, year=2024, period=(2024, 2024))
    assert len(result.milestones) == 1
    only = result.milestones[0]
    assert only.kind == "event" and only.due is None and only.dates == ()
    assert only.trigger == text
    assert len(_unreadable(result)) == 1


def test_an_event_word_alone_is_an_event_not_unreadable() -> None:
    result = parse_deadline(UNREADABLE_TEXTS[-1], year=2024)
    assert result.milestones == (Milestone(kind="event", trigger="Theo tiến độ"),)
    assert result.warnings == ()


def test_no_year_anywhere_is_unreadable_not_guessed() -> None:
    result = parse_deadline("Quý II", year=None)
    assert result.milestones[0].kind == "event" and result.milestones[0].due is None
    assert _unreadable(result)


def test_recurring_without_any_year_has_no_dates_and_says_so() -> None:
    result = parse_deadline("Hằng quý", year=None)
    assert result.milestones == (Milestone(kind="recurring"),)
    assert result.warnings


def test_text_with_and_without_diacritics_reads_the_same() -> None:
    pairs = [
        ("Trước tháng 10 năm 2022", "truoc thang 10 nam 2022"),
        ("Hằng quý", "hang quy"),
        ("Quý II năm 2022", "QUY II NAM 2022"),
        ("Thường xuyên trong năm 2022", "thuong xuyen trong nam 2022"),
        ("Định kỳ 6 tháng", "dinh ky 6 thang"),
    ]
    for with_marks, without in pairs:
        a = parse_deadline(with_marks, year=2022, period=(2022, 2022))
        b = parse_deadline(without, year=2022, period=(2022, 2022))
        assert [(m.kind, m.due, m.dates) for m in a.milestones] == [
            (m.kind, m.due, m.dates) for m in b.milestones
        ]
        assert a.milestones and a.milestones[0].kind != "event"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "- ; .",
        "x" * 20_000,
        "Quý I năm 2022: " * 2_000,
        "trong " * 4_000,
        "Khi phát sinh hàng quý " * 1_000,
        "1/1, " * 5_000,
        "(((((",
        "\x00\ud800 năm 2022",
        "ngày 99/99/2024",
        "<ul><li></li></ul>",
    ],
    ids=lambda t: repr(t[:15]),
)
def test_robustness_returns_a_result(text: str) -> None:
    for kwargs in (
        {"year": 2022},
        {"year": None},
        {"year": 2022, "period": (2021, 2025), "issued": D(2022, 1, 1)},
    ):
        result = parse_deadline(text, **kwargs)
        assert isinstance(result, DeadlineResult)
        assert all(isinstance(m, Milestone) for m in result.milestones)
        assert result.milestones or result.warnings


def test_empty_text_has_no_milestone_and_a_warning() -> None:
    result = parse_deadline("", year=2022)
    assert result.milestones == () and len(result.warnings) == 1


def test_absurd_plan_year_does_not_raise() -> None:
    result = parse_deadline("Hằng năm", year=9999, period=(9999, 10001))
    assert isinstance(result, DeadlineResult) and result.milestones


_SEEDS = Path("/work/shared/seeds")


def _seed_cells(pattern: str) -> list[str]:
    """Deadline cells of a seed appendix, page-break continuations joined as a reader joins them."""
    cells: list[str] = []
    for line in next(_SEEDS.glob(pattern)).read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) < 6 or cols[0] == "STT":
            continue
        number = re.sub(r"<[^>]+>", "", cols[0]).strip()
        if not number and cells and cols[-1].strip():
            cells[-1] += "\n" + cols[-1]
        elif "." in number and cols[-1].strip():
            cells.append(cols[-1])
    return cells


@pytest.mark.skipif(not _SEEDS.is_dir(), reason="seed documents not present")
@pytest.mark.parametrize(("pattern", "year", "count"), [("000_*.txt", 2022, 69), ("002_*.txt", 2024, 83)])
def test_no_seed_cell_is_unreadable(pattern: str, year: int, count: int) -> None:
    cells = _seed_cells(pattern)
    assert len(cells) == count
    for cell in cells:
        result = parse_deadline(cell, **_ctx(year))
        assert result.milestones, cell
        assert _unreadable(result) == [], cell
        # Every milestone that is not an event carries a date inside the plan year, except 002's task 4.9.
        for m in result.milestones:
            if m.kind in ("due", "recurring"):
                assert m.dates and all(d.year in (year, year - 1) for d in m.dates), cell
