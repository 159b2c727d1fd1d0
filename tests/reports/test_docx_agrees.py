"""The quarterly DOCX draft reads as an office writes it and its lists agree with its own figures (TESTER14 F5,
F7, F8, F19), on the small quarter of tests/storage/test_rollup_states.py."""

from __future__ import annotations

import io
from dataclasses import replace

from docx import Document

from reports.docx import render_docx
from storage.rollups import compute_rollup
from tests.storage.test_rollup_states import quarter  # noqa: F401  (fixture)


def _texts(data: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


async def test_an_extension_line_numbers_its_task_as_every_other_list(db, quarter, now, tz) -> None:  # noqa: F811
    # before: «1.1. Nhiệm vụ 1.1 — Phường D: gia hạn …», a dot after the number no other list of the draft writes
    rollup = await compute_rollup(db, as_of=now, period="quarter", tz=tz)
    texts = _texts(render_docx(rollup))
    at = texts.index("Gia hạn đã chấp thuận trong kỳ")
    assert texts[at + 1].startswith("1.1 Nhiệm vụ 1.1 — Phường D: gia hạn từ 28/02/2025 đến 31/03/2025.")
    assert _texts(render_docx(rollup, lang="en"))[at + 1].startswith("1.1 Nhiệm vụ 1.1 — Phường D: extended from")


async def test_each_plan_is_named_by_its_kind_as_the_import_names_it(db, quarter, now, tz) -> None:  # noqa: F811
    # before: «Nhiệm vụ theo văn bản số 07/KH-UBND» while the import says «kế hoạch 07/KH-UBND»
    rollup = await compute_rollup(db, as_of=now, period="quarter", tz=tz)
    (section,) = rollup.sections
    two = replace(rollup, sections=(section, replace(section, plan_id=section.plan_id + 1000, plan_code="187/QĐ-UBND")))
    assert [text for text in _texts(render_docx(two)) if text.startswith("Nhiệm vụ theo ")] == [
        "Nhiệm vụ theo Kế hoạch số 07/KH-UBND", "Nhiệm vụ theo Quyết định số 187/QĐ-UBND"]
    assert [text for text in _texts(render_docx(two, lang="en")) if text.startswith("Tasks under ")] == [
        "Tasks under Plan No. 07/KH-UBND", "Tasks under Decision No. 187/QĐ-UBND"]
