"""The body heading the quarterly DOCX: the issuer of the plans with most tasks in the report."""

from __future__ import annotations

import io
from dataclasses import replace

from docx import Document

from reports.docx import render_docx, report_issuer
from storage.plans import PlanWithCounts
from storage.rollup_values import Counts, SectionStats
from storage.rollups import compute_rollup


def _plan(plan_id: int, issuer: str | None, tasks: int) -> PlanWithCounts:
    return PlanWithCounts(plan_id, f"{plan_id}/KH-UBND", "Kế hoạch", issuer, None, 2022, None, None, None,
                          f"2022-01-0{plan_id}T00:00:00+00:00", tasks)


def _section(plan_id: int, tasks: int) -> SectionStats:
    return SectionStats(plan_id, f"{plan_id}/KH-UBND", None, "1", "Lĩnh vực", tasks, Counts())


async def test_a_wards_own_plan_imported_last_does_not_head_the_districts_report(db, world, now, tz) -> None:
    # before: the issuer of the latest plan imported headed the report («UBND PHƯỜNG BẾN NGHÉ» over the
    # district's quarter)
    rollup = await compute_rollup(db, as_of=now, period="quarter", tz=tz)
    rollup = replace(rollup, sections=(_section(1, 60), _section(2, 5), _section(3, 30)))
    latest_first = [_plan(2, "UBND phường Bến Nghé", 5), _plan(3, None, 30), _plan(1, "UBND Quận 1", 60)]
    assert report_issuer(rollup, latest_first) == "UBND Quận 1"
    heading = Document(io.BytesIO(render_docx(rollup, issuer=report_issuer(rollup, latest_first))))
    assert "UBND QUẬN 1" in heading.tables[0].cell(0, 0).text
    # two plans of one body outweigh a bigger plan of another
    two = [_plan(2, "UBND phường Bến Nghé", 5), _plan(3, "UBND Quận 1", 30), _plan(1, "UBND Quận 1", 0)]
    assert report_issuer(replace(rollup, sections=(_section(2, 50), _section(3, 30), _section(1, 30))), two) == (
        "UBND Quận 1"
    )
    assert report_issuer(rollup, [_plan(1, None, 60)]) == ""
