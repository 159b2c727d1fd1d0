"""The quarterly DOCX draft reads as an office writes it and its lists agree with its own figures (TESTER14 F5,
F7, F8, F19) and the chart keeps its active agencies (F9), on the small quarter of tests/storage/test_rollup_states.py."""

from __future__ import annotations

import io
from dataclasses import replace

from docx import Document

from reports.chart import chart_rows
from reports.docx import render_docx
from storage.rollups import compute_rollup
from tests.rollup_world import Data
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


async def test_part_b_says_what_it_holds_and_counts_the_deadlines_not_yet_due(db, quarter, now, tz) -> None:  # noqa: F811
    # before: «b) Nhiệm vụ đang thực hiện: Không có.» beside «3 lượt đang thực hiện trong hạn»: nobody reported
    # a task under way, and the three not yet due were in no list
    rollup = await compute_rollup(db, as_of=now, period="quarter", tz=tz)
    assert rollup.totals.open_on_time == 3
    texts = _texts(render_docx(rollup))
    at = texts.index("b) Nhiệm vụ đơn vị báo cáo đang thực hiện")
    assert texts[at + 1] == "Không có đơn vị báo cáo đang thực hiện; 3 lượt nhiệm vụ chưa đến hạn."
    assert "3 lượt đang thực hiện trong hạn" in "\n".join(texts)  # the figures it agrees with
    english = _texts(render_docx(rollup, lang="en"))
    assert english[english.index("b) Tasks agencies reported in progress") + 1] == (
        "No agency reported a task in progress; 3 task-deadlines not yet due.")
    # one agency reports 1.3 under way: it is listed, and the count of all not yet due follows
    await Data(db).report(quarter["1.3"], quarter["F"], "in_progress", "2025-03-05 10:00", percent=40)
    texts = _texts(render_docx(await compute_rollup(db, as_of=now, period="quarter", tz=tz)))
    at = texts.index("b) Nhiệm vụ đơn vị báo cáo đang thực hiện")
    assert texts[at + 1].startswith("1.3 Nhiệm vụ 1.3 — Phường F")
    assert texts[at + 2] == "Tổng số lượt nhiệm vụ chưa đến hạn (kể cả chưa báo cáo): 3."


async def test_an_overdue_task_shows_what_its_agency_last_reported(db, quarter, now, tz) -> None:  # noqa: F811
    # before: «Phường C» under c) and «Phường C (quá hạn chưa hoàn thành): …» under the late tasks, the 60 % it
    # reported lost from the report
    await Data(db).report(quarter["1.1"], quarter["C"], "in_progress", "2025-03-04 03:00", percent=60)
    rollup = await compute_rollup(db, as_of=now, period="quarter", tz=tz)
    texts = _texts(render_docx(rollup))
    overdue = texts[texts.index("c) Nhiệm vụ quá hạn, chưa hoàn thành") + 1]
    assert overdue.startswith("1.1 Nhiệm vụ 1.1 — Phường C (báo cáo ngày 04/03/2025: đang thực hiện, 60%); Phường G")
    late = texts[texts.index("Nhiệm vụ trễ hạn và nguyên nhân") + 1]
    assert "Phường C (quá hạn chưa hoàn thành; báo cáo ngày 04/03/2025: đang thực hiện, 60%): chưa giải trình" in late
    english = _texts(render_docx(rollup, lang="en"))
    assert "Phường C (reported on Mar 4, 2025: in progress, 60%)" in english[english.index(
        "c) Overdue tasks") + 1]


async def test_the_late_tasks_list_every_late_completion_the_figures_count(db, quarter, now, tz) -> None:  # noqa: F811
    # before: 1.2 closed February late and has March open: its state is «đang thực hiện trong hạn», so the late
    # part listed only 1.1's Phường B while the figures said «2 lượt hoàn thành trễ hạn»
    rollup = await compute_rollup(db, as_of=now, period="quarter", tz=tz)
    listed = [d for d in rollup.details if d.done_late or d.open_overdue]
    assert sum(d.done_late for d in listed) == rollup.totals.done_late == 2
    assert sum(d.open_overdue for d in listed) == rollup.totals.open_overdue == 2
    texts = _texts(render_docx(rollup))
    at = texts.index("Nhiệm vụ trễ hạn và nguyên nhân")
    assert texts[at + 2] == "1.2 Nhiệm vụ 1.2 — Phường A (hoàn thành trễ hạn): chưa giải trình"
    # a series late several times says how many, as the figures count them
    weekly = replace(rollup, details=tuple(replace(d, done_late=8, open_overdue=4) if d.number == "1.2" else d
                                           for d in rollup.details))
    texts = _texts(render_docx(weekly))
    assert texts[at + 2] == ("1.2 Nhiệm vụ 1.2 — Phường A (4 lượt quá hạn chưa hoàn thành; 8 lượt hoàn thành trễ hạn):"
                             " chưa giải trình")
    english = _texts(render_docx(weekly, lang="en"))
    assert "Phường A (4 deadlines overdue, not done; 8 deadlines done late)" in english[at + 2]


async def test_the_chart_keeps_the_agencies_that_did_something_when_it_cuts(db, quarter, now, tz) -> None:  # noqa: F811
    # before: 27 agencies, the 20 most overdue drawn: the only two that reported anything (less overdue than the
    # silent ones) were cut, so the picture was all blue and red
    rollup = await compute_rollup(db, as_of=now, period="quarter", tz=tz)
    base = next(a for a in rollup.agencies if a.name == "Phường C")
    silent = [replace(base, agency_id=100 + i, name=f"Phường S{i:02}", reports_in_period=0,
                      counts=replace(base.counts, open_overdue=20 - i, done_on_time=0, done_late=0))
              for i in range(6)]
    busy = replace(base, agency_id=200, name="Phường Bến Nghé", reports_in_period=3,
                   counts=replace(base.counts, open_overdue=1, done_on_time=0, done_late=0))
    many = replace(rollup, agencies=(*silent, busy))
    bars, total = chart_rows(many, top=4)
    assert total == 7 and len(bars) == 4
    assert [name for name, _ in bars] == ["Phường S00", "Phường S01", "Phường S02", "Phường Bến Nghé"]  # still worst first
    assert [name for name, _ in chart_rows(replace(many, agencies=tuple(silent)), top=4)[0]] == [
        "Phường S00", "Phường S01", "Phường S02", "Phường S03"]  # nobody did anything: the most overdue, as before
