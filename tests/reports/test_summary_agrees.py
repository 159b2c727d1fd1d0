"""The summary says one thing in every form (issue 17 items 1 and 11): each lead pair in one bucket, overdue
first (a blocked task past its due date is overdue: TESTER15 F4/F11), so the header's figures, the lists under it, the JSON, both XLSX sheets and the chart's bars add up;
coordinating (phối hợp) agencies' reports in figures of their own, their blockers among the blockers."""

from __future__ import annotations

import io
import itertools
import json
import re
from collections import Counter

import pytest
from openpyxl import load_workbook

from reports.chart import chart_rows
from reports.docx import render_docx
from reports.json import render_json
from reports.text import render_scorecard, render_text
from reports.xlsx import render_xlsx
from storage.rollups import compute_rollup
from tests.rollup_world import Data

pytestmark = pytest.mark.both_backends


@pytest.fixture
async def small(db) -> dict[str, int]:
    """Monday 10/03/2025: Nội vụ blocked and late on 1.1, late on 1.2; Tư pháp leads 1.3 (Văn phòng
    coordinates it, blocked) and 1.4 (Văn phòng done, Nội vụ silent as coordinators)."""
    d = Data(db)
    noi_vu, tu_phap, vp = [await d.agency(n) for n in ("Phòng Nội vụ", "Phòng Tư pháp", "Văn phòng UBND")]
    plan = await d.plan("17/KH-UBND")
    s1 = await d.section(plan, "1", "Cải cách thể chế", 1)
    t11, _ = await d.task(plan, s1, "1.1", lead=[noi_vu], dues=["2025-03-05"])
    await d.report(t11, noi_vu, "blocked", "2025-03-03 09:00", note="Chờ ý kiến của Sở Nội vụ")
    await d.task(plan, s1, "1.2", lead=[noi_vu], dues=["2025-03-05"])
    t13, _ = await d.task(plan, s1, "1.3", lead=[tu_phap], support=[vp], dues=["2025-03-31"])
    await d.report(t13, tu_phap, "in_progress", "2025-03-07 09:00", percent=40)
    await d.report(t13, vp, "blocked", "2025-03-07 10:00", note="Chờ số liệu của phường")
    t14, _ = await d.task(plan, s1, "1.4", lead=[tu_phap], support=[vp, noi_vu], dues=["2025-04-30"])
    await d.report(t14, vp, "done", "2025-03-08 10:00", note="Đã gửi góp ý")
    await db.commit()
    return {"noi_vu": noi_vu, "tu_phap": tu_phap, "vp": vp, "t11": t11, "t13": t13}


@pytest.fixture
async def rollup(db, small, now, tz):
    return await compute_rollup(db, as_of=now, period="week", tz=tz)


async def test_a_late_blocked_task_is_overdue_and_still_a_blocker(rollup, small) -> None:
    totals = rollup.totals
    assert (totals.lead_tasks, totals.blocked, totals.overdue) == (4, 0, 2)
    assert totals.done + totals.on_track + totals.overdue + totals.blocked + totals.never_reported + totals.stale == 4
    (blocker,) = rollup.blockers  # what it waits on is still listed, saying it is late
    assert (blocker.task_id, blocker.overdue_since.isoformat()) == (small["t11"], "2025-03-05")
    # every bucket of the lines is the figure of the totals, agency by agency too
    assert Counter(d.bucket for d in rollup.details) == Counter({"overdue": 2, "on_track": 1, "not_reported": 1})
    for agency in rollup.agencies:
        c = agency.counts
        assert c.done + c.on_track + c.overdue + c.blocked + c.never_reported + c.stale == c.lead_tasks
    text = "\n".join(render_text(rollup))
    assert "🔴 2 quá hạn · ⛔ 0 vướng mắc" in text
    assert "🔴 QUÁ HẠN (2)" in text
    assert "⛔ VƯỚNG MẮC (2; 1 đã quá hạn, tính vào số quá hạn)" in text  # one lead blocker, one coordinating
    assert "⛔ 1.1 Nhiệm vụ 1.1 — Phòng Nội vụ — từ 03/03/2025 (7 ngày, quá hạn từ 05/03/2025)" in text
    assert re.findall(r"^🔴 ([\d.]+) Nhiệm vụ", text, re.M) == ["1.1", "1.2"]  # the late list is the overdue bucket
    card = "\n".join(render_scorecard(rollup, "Phòng Nội vụ"))  # the head's own figures add up too
    assert "Chủ trì 2 nhiệm vụ: ✅ 0 hoàn thành (0%) · 🟢 0 đúng tiến độ · 🔴 2 quá hạn · ⛔ 0 vướng mắc" in card
    assert "🔴 QUÁ HẠN (2)" in card and "⛔ VƯỚNG MẮC (1; 1 đã quá hạn, tính vào số quá hạn)" in card


async def test_text_json_xlsx_and_chart_carry_the_same_figures(rollup) -> None:
    doc = json.loads(render_json(rollup))
    late_blockers = sum(1 for b in doc["blockers"] if b["overdue_since"])
    assert doc["totals"]["blocked"] + late_blockers == len(doc["blockers"]) == 1 and doc["totals"]["overdue"] == 2
    assert doc["support_totals"] == {"tasks": 3, "done": 1, "in_progress": 0, "blocked": 1, "not_reported": 1}
    assert doc["support_totals"]["blocked"] == len(doc["support_blockers"])
    wb = load_workbook(io.BytesIO(render_xlsx(rollup)))
    summary, details = wb["Tổng hợp"], wb["Chi tiết"]
    header = [c.value for c in summary[1]]
    total = dict(zip(header, (c.value for c in summary[summary.max_row]), strict=True))
    assert (total["Quá hạn"], total["Vướng mắc"], total["Nhiệm vụ chủ trì"]) == (2, 0, 4)
    assert (total["Nhiệm vụ phối hợp"], total["Phối hợp: vướng mắc"], total["Phối hợp: hoàn thành"]) == (3, 1, 1)
    rows = [dict(zip([c.value for c in details[1]], (c.value for c in row), strict=True))
            for row in details.iter_rows(min_row=2)]
    lead = Counter(r["Tính vào"] for r in rows if r["Vai trò"] == "Chủ trì")
    assert lead == {"Quá hạn": total["Quá hạn"],
                    "Đúng tiến độ": total["Đúng tiến độ"], "Chưa báo cáo": total["Chưa báo cáo"]}
    support = Counter(r["Tính vào"] for r in rows if r["Vai trò"] == "Phối hợp")
    assert support == {"Vướng mắc": 1, "Hoàn thành": 1, "Chưa báo cáo": 1}
    # the chart's bar of each agency is its occurrences in the four on-time states, as the sheet counts them
    bars, _ = chart_rows(rollup)
    assert bars and all(
        states == (a.counts.done_on_time, a.counts.done_late, a.counts.open_on_time, a.counts.open_overdue)
        for name, states in bars
        for a in [rollup.agency(name)]
    )


async def test_coordinating_reports_show_apart_from_the_lead_figures(rollup, small) -> None:
    vp = rollup.agency(small["vp"])
    assert vp is not None and vp.counts.lead_tasks == 0
    assert (vp.support.tasks, vp.support.done, vp.support.blocked) == (2, 1, 1)
    (blocker,) = rollup.support_blockers
    assert (blocker.agency, blocker.role, blocker.note) == ("Văn phòng UBND", "support", "Chờ số liệu của phường")
    text = "\n".join(render_text(rollup))
    assert "Phối hợp: 3 nhiệm vụ · ✅ 1 hoàn thành · 🔵 0 đang thực hiện · ⛔ 1 vướng mắc · ⚪ 1 chưa báo cáo" in text
    assert "⛔ 1.3 Nhiệm vụ 1.3 — Văn phòng UBND (phối hợp) — từ 07/03/2025 (3 ngày) — Chờ số liệu của phường" in text
    assert "Phòng Nội vụ: 0/2 hoàn thành (0%), 2 quá hạn, phối hợp 0/1 hoàn thành" in text
    assert "🟡 Văn phòng UBND: phối hợp 1/2 hoàn thành (1 vướng mắc)" in text  # it leads nothing
    line = next(d for d in rollup.support_details if d.agency_id == small["vp"] and d.task_id == small["t13"])
    assert (line.role, line.bucket, line.status, line.note) == ("support", "blocked", "blocked", "Chờ số liệu của phường")
    card = "\n".join(render_scorecard(rollup, "Văn phòng UBND"))
    assert "Phối hợp 2 nhiệm vụ: ✅ 1 hoàn thành · ⛔ 1 vướng mắc · ⚪ 0 chưa báo cáo" in card
    assert "Chờ số liệu của phường" in card


async def test_coordinating_figures_are_the_same_computed_in_agency_ranges(db, small, now, tz) -> None:
    one = await compute_rollup(db, as_of=now, period="week", tz=tz, shards=1)
    three = await compute_rollup(db, as_of=now, period="week", tz=tz, shards=3)
    assert (three.support_totals, three.support_blockers, three.support_details) == (
        one.support_totals, one.support_blockers, one.support_details,
    )
    assert sorted(a.as_json().items().__repr__() for a in three.agencies) == sorted(
        a.as_json().items().__repr__() for a in one.agencies
    )


async def test_a_quarter_says_one_overdue_figure_in_every_output(db, small, now, tz) -> None:
    # TESTER15 F4/F11: a blocked task past its due date was overdue in the change line and the DOCX's sections
    # but blocked in the header and THEO LĨNH VỰC (2 beside 3 for the same section)
    from docx import Document  # python-docx: heavy, as reports/docx loads it

    rollup = await compute_rollup(db, as_of=now, period="quarter", tz=tz)
    text = "\n".join(render_text(rollup))
    header = int(re.search(r"🔴 (\d+) quá hạn ·", text).group(1))
    section = int(re.search(r"1\. Cải cách thể chế: \d+/\d+ hoàn thành \([^)]*\), (\d+) quá hạn", text).group(1))
    newly = int(re.search(r"\+(\d+) quá hạn mới", text).group(1))  # both became late in the quarter
    agency = int(re.search(r"Phòng Nội vụ: 0/2 hoàn thành \(0%\), (\d+) quá hạn", text).group(1))
    doc = Document(io.BytesIO(render_docx(rollup)))
    paragraphs = [p.text for p in doc.paragraphs]
    part = int(re.search(r"quá hạn (\d+)\.$", paragraphs[paragraphs.index("1. Cải cách thể chế") + 1]).group(1))
    late_part = paragraphs[next(i for i, p in enumerate(paragraphs) if p.startswith("c) ")) + 1:]
    late_part = list(itertools.takewhile(lambda p: " — " in p, late_part))  # its items, up to the next heading
    listed = len(late_part)
    figures = doc.tables[-1]
    column = [c.text for c in figures.rows[0].cells].index("Quá hạn")
    docx_total = int(figures.rows[-1].cells[column].text)
    wb = load_workbook(io.BytesIO(render_xlsx(rollup)))
    sheet = wb["Tổng hợp"]
    xlsx = dict(zip([c.value for c in sheet[1]], (c.value for c in sheet[sheet.max_row]), strict=True))
    assert (header, section, newly, agency, part, listed, docx_total, xlsx["Quá hạn"], rollup.totals.open_overdue) == (
        2, 2, 2, 2, 2, 2, 2, 2, 2
    )
    assert "Phòng Nội vụ (vướng mắc" in "\n".join(late_part)  # c) still says why 1.1 is late
