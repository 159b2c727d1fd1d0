"""The rollup as an XLSX workbook: "Tổng hợp" (one row per agency) and "Chi tiết" (one per task and lead
or coordinating agency)."""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any

from chat.printable import printable
from i18n import N_, t
from plans.workdays import working_days_late
from reports.text import STATE_NAMES, STATUS_NAMES
from storage.rollup_values import Counts, DetailLine, Rollup, SupportCounts

DATE_FORMAT = "dd/mm/yyyy"
# printed as offices print tables: landscape A4 (Excel's paper 9), as wide as one page, the header on every page
_PRINTED = {"landscape": True, "paper_size": 9, "fit_to_pages": (1, 0), "repeat_rows": 0}
_HEADER_FILL = "#DDEBF7"
# Excel's limit for the text of one cell; the writer refuses a longer string (and the whole workbook with it)
MAX_TEXT = 32_767

_SUMMARY_HEADERS = [
    N_("col.agency"), N_("col.kind"), N_("col.lead"), N_("col.done"), N_("col.on_track"), N_("col.due_soon"),
    N_("col.overdue"), N_("col.blocked"), N_("col.never"), N_("col.stale"), N_("col.pct"),
    N_("col.done_on_time"), N_("col.done_late"), N_("col.open_on_time"), N_("col.open_overdue"), N_("col.on_time_pct"),
    N_("col.support"), N_("col.reports"), N_("col.support_done"), N_("col.support_progress"), N_("col.support_blocked"),
    N_("col.support_never"),
]
_SUMMARY_WIDTHS = [42, 18, 12, 12, 12, 12, 12, 12, 12, 14, 14, 14, 14, 14, 14, 14, 12, 12, 14, 14, 14, 14]
_DETAIL_HEADERS = [
    N_("col.plan"), N_("col.section"), N_("col.number"), N_("col.task"), N_("col.agency"), N_("col.status"),
    N_("col.percent"), N_("col.note"), N_("col.reported_on"), N_("col.evidence"), N_("col.due"),
    N_("col.overdue_days"), N_("col.role"), N_("col.bucket"), N_("col.state"), N_("col.planned_due"),
    N_("col.extended"), N_("col.explanation"),
]
KIND_NAMES = {
    "unit": N_("kind.unit"), "ward": N_("kind.ward"), "committee": N_("kind.committee"), "external": N_("kind.external"),
}
_DETAIL_WIDTHS = [14, 30, 8, 60, 36, 18, 10, 40, 13, 10, 13, 9, 12, 22, 24, 13, 11, 40]
ROLE_NAMES = {"lead": N_("role.lead"), "support": N_("role.support")}
# the bucket a line counts in on "Tổng hợp" (a filter on it gives that sheet's figures)
BUCKET_NAMES = {
    "blocked": N_("bucket.blocked"), "overdue": N_("bucket.overdue"), "done": N_("bucket.done"),
    "on_track": N_("bucket.on_track"), "not_reported": N_("bucket.not_reported"), "stale": N_("bucket.stale"),
    "in_progress": N_("bucket.in_progress"),
}


def _figures(c: Counts) -> list[int | float]:
    """The count columns of a "Tổng hợp" row, in header order."""
    return [
        c.lead_tasks, c.done, c.on_track, c.due_soon, c.overdue, c.blocked, c.never_reported, c.stale,
        c.completion_pct, c.done_on_time, c.done_late, c.open_on_time, c.open_overdue, c.on_time_pct,
    ]


def _clip(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT]


def _records(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[dict[str, Any]]:
    """Rows as the writer takes them, {header: value}, made one at a time so they are never all held."""
    empty = True
    for row in rows:
        empty = False
        yield {h: printable(v) if isinstance(v, str) else v for h, v in zip(headers, row, strict=True)}
    if empty:
        # the writer takes the header from the records' keys: one blank row keeps it on an empty sheet
        yield dict.fromkeys(headers)


def _support_figures(c: SupportCounts) -> list[int]:
    """The coordinating columns after "Báo cáo trong kỳ", in header order."""
    return [c.done, c.in_progress, c.blocked, c.not_reported]


def _summary_rows(rollup: Rollup, lang: str) -> Iterator[list[Any]]:
    for a in rollup.agencies:
        yield [
            a.name, t(KIND_NAMES[a.kind], lang), *_figures(a.counts), a.support_tasks, a.reports_in_period,
            *_support_figures(a.support),
        ]
    support = rollup.support_totals
    yield [t("docx.total", lang), None, *_figures(rollup.totals), support.tasks, None, *_support_figures(support)]


class _Cleaned(dict[str, str]):
    """Each text as a cell holds it (clipped, printable), worked out once: the lines share their texts."""

    def __missing__(self, text: str) -> str:
        cleaned = self[text] = printable(_clip(text))
        return cleaned


def _detail_records(
    headers: Sequence[str], details: Iterable[DetailLine], today: date, lang: str
) -> Iterator[dict[str, Any]]:
    """The "Chi tiết" rows as the writer takes them (what _records makes of them, written out for speed:
    at national scale these are 280,000 rows, and a row made cell by cell cost the writer's own time)."""
    names = {status: printable(t(key, lang)) for status, key in STATUS_NAMES.items()}
    roles = {role: printable(t(key, lang)) for role, key in ROLE_NAMES.items()}
    buckets = {bucket: printable(t(key, lang)) for bucket, key in BUCKET_NAMES.items()}
    states: dict[str | None, str | None] = {None: None}
    states.update((state, printable(t(key, lang))) for state, key in STATE_NAMES.items())
    extended = printable(t("xlsx.extended", lang))
    (h_plan, h_section, h_number, h_task, h_agency, h_status, h_pct, h_note, h_on, h_ev, h_due, h_late, h_role,
     h_bucket, h_state, h_planned, h_extended, h_explanation) = headers
    cell = _Cleaned()
    sections: dict[tuple[str, str], str] = {}
    empty = True
    for d in details:
        empty = False
        key = (d.section_number, d.section_title)
        section = sections.get(key)
        if section is None:
            section = sections[key] = printable(
                f"{d.section_number}. {d.section_title}" if d.section_number else d.section_title
            )
        yield {
            h_plan: cell[d.plan_code],
            h_section: section,
            h_number: cell[d.number],
            h_task: cell[d.title],
            h_agency: cell[d.agency],
            h_status: names[d.status],
            h_pct: d.percent,
            h_note: cell[d.note] if d.note else None,
            h_on: d.reported_on,
            h_ev: d.evidence,
            h_due: d.due,
            h_late: working_days_late(d.overdue_since, today) if d.overdue_since else None,
            h_role: roles[d.role],
            h_bucket: buckets[d.bucket],
            h_state: states[d.state],
            h_planned: d.planned_due,
            h_extended: extended if d.extended else None,
            h_explanation: cell[d.explanation] if d.explanation else None,
        }
    if empty:
        yield dict.fromkeys(headers)


def render_xlsx(rollup: Rollup, lang: str = "vi") -> bytes:
    """The workbook as bytes: real date cells (dd/mm/yyyy), frozen header row, autofilter on both sheets."""
    # the Rust writer's extension takes ~7 MB once loaded: only when a workbook is written, not at start
    from rustpy_xlsxwriter import Format, write_worksheets

    # rust_xlsxwriter (through rustpy-xlsxwriter) writes the 280,000-row national workbook in about 3 s;
    # openpyxl took 25-32 s. Sheets are streamed (constant memory, inline strings), so the rows go in as
    # generators. Its autofilter spans every row written, the total row of "Tổng hợp" included.
    summary, details = t("xlsx.summary", lang), t("xlsx.details", lang)
    summary_headers = [t(key, lang) for key in _SUMMARY_HEADERS]
    detail_headers = [t(key, lang) for key in _DETAIL_HEADERS]
    header = Format().set_bold().set_background_color(_HEADER_FILL).set_text_wrap().set_align("vcenter")
    out = io.BytesIO()
    write_worksheets(
        [
            (summary, _records(summary_headers, _summary_rows(rollup, lang))),
            # the lead lines, then the coordinating ones (column "Vai trò" tells them apart)
            (
                details,
                _detail_records(
                    detail_headers, itertools.chain(rollup.details, rollup.support_details), rollup.today, lang
                ),
            ),
        ],
        out,
        freeze_panes={"general": {"row": 1, "col": 0}},
        datetime_format=DATE_FORMAT,
        column_widths={summary: _SUMMARY_WIDTHS, details: _DETAIL_WIDTHS},
        header_format={summary: header, details: header},
        # sheet rows count from 0 and the header is row 0: the total row is len(agencies) + 1
        row_formats={summary: {len(rollup.agencies) + 1: Format().set_bold()}},
        autofilter={summary: True, details: True},
        page_setup={summary: _PRINTED, details: _PRINTED},
    )
    return out.getvalue()
