"""One locale's separators for every number people read (issue 17 item 15): counts, sizes and percentages
in chat texts and files are grouped as the deployment's language writes them."""

from __future__ import annotations

import io
from dataclasses import replace

from docx import Document

from i18n import t
from i18n.formats import format_count, format_percent
from reports.docx import render_docx
from reports.text import render_overdue, render_text
from storage.rollup_values import Counts, OverdueList
from storage.rollups import compute_overdue, compute_rollup


def test_a_count_picks_its_plural_and_prints_grouped() -> None:
    assert t("when_overdue", "en", count=format_count(1, "en")) == "1 working day overdue"
    assert t("when_overdue", "en", count=format_count(48_184, "en")) == "48,184 working days overdue"
    assert t("when_overdue", "vi", count=format_count(48_184, "vi")) == "quá hạn 48.184 ngày làm việc"
    assert format_count(48_184, "vi") == 48_184 and f"{format_count(7, 'vi'):>3}" == "  7"
    assert format_percent(15.4, "vi") == "15,4%" and format_percent(15.4, "en") == "15.4%"


async def test_summary_overdue_and_docx_counts_are_grouped(db, world, now, tz) -> None:
    rollup = await compute_rollup(db, as_of=now, period="quarter", tz=tz)
    big = Counts(lead_tasks=280_000, done=48_184, overdue=12_345, blocked=1_500, due_soon=2_000, never_reported=3_000)
    national = replace(rollup, totals=big, agencies=tuple(replace(a, counts=big) for a in rollup.agencies))
    text = "\n".join(render_text(national))
    assert "🔴 QUÁ HẠN (12.345)" in text and "… và 12.341 mục khác." in text
    assert "48.184/280.000" in text and "12345" not in text and "12,345" not in text
    english = "\n".join(render_text(national, "en"))
    assert "12,345" in english and "12.345" not in english
    late = await compute_overdue(db, as_of=now, tz=tz)
    pages = "\n".join(render_overdue(OverdueList(late.today, 12_345, late.groups)))
    assert "Trang 1/618 — 12.345 việc quá hạn." in pages
    table = Document(io.BytesIO(render_docx(national))).tables[0]
    assert [c.text for c in table.rows[-1].cells][1:3] == ["280.000", "48.184"]
    assert table.rows[-1].cells[-1].text == "17,2"  # 48,184 of 280,000 done, in percent
    english_table = Document(io.BytesIO(render_docx(national, lang="en"))).tables[0]
    assert [c.text for c in english_table.rows[-1].cells][1:3] == ["280,000", "48,184"]
