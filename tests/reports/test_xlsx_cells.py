"""The "Chi tiết" sheet holds, cell for cell, what each detail line says (its rows are written in one go)."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from chat.printable import printable
from i18n import t
from plans.workdays import working_days_late
from reports.text import STATUS_NAMES
from reports.xlsx import BUCKET_NAMES, MAX_TEXT, ROLE_NAMES, render_xlsx
from storage.rollups import compute_rollup


@pytest.fixture
async def rollup(db, world, now, tz):
    return await compute_rollup(db, as_of=now, period="week", tz=tz)


def _expected(d, today: date, lang: str) -> list:
    """A line's cells as the sheet was first written (each text clipped, then made printable, cell by cell),
    as openpyxl reads them back: an empty text is an empty cell."""

    def text(value: str) -> str:
        return printable(value[:MAX_TEXT])

    def day(value: date | None) -> datetime | None:
        return None if value is None else datetime(value.year, value.month, value.day)

    section = f"{d.section_number}. {d.section_title}" if d.section_number else d.section_title
    return [
        text(d.plan_code), printable(section), text(d.number), text(d.title), text(d.agency),
        printable(t(STATUS_NAMES[d.status], lang)), d.percent, text(d.note) or None,
        day(d.reported_on), d.evidence, day(d.due), working_days_late(d.overdue_since, today) if d.overdue_since else None,
        t(ROLE_NAMES[d.role], lang), t(BUCKET_NAMES[d.bucket], lang),
    ]


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_detail_cells_equal_the_lines(rollup, lang: str) -> None:
    first = rollup.details[0]
    odd = [
        replace(first, note="\x01\x02", status=None, percent=None),  # a note of unprintable characters only
        replace(first, note="x" * 40_000 + "\x01", title="t" * 32_766 + "\x01ab", agency="Sở \x0bTư pháp"),
        replace(first, section_number="", section_title="Khác\x0b"),
    ]
    lines = [*rollup.details, *odd]
    wb = load_workbook(io.BytesIO(render_xlsx(replace(rollup, details=lines), lang)))
    cells = [[c.value for c in row] for row in wb[t("xlsx.details", lang)].iter_rows(min_row=2)]
    assert rollup.support_details  # the coordinating lines follow the lead ones
    assert cells == [_expected(d, rollup.today, lang) for d in [*lines, *rollup.support_details]]
    clipped = cells[len(lines) - 2]
    assert clipped[3] == "t" * 32_766 and clipped[4] == "Sở Tư pháp"  # clipped, then made printable
