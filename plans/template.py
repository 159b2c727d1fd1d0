"""The standard plan workbook: a reading written out for a person to correct in Excel, or an empty one to fill.

Columns STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời hạn | Sản phẩm | Ghi chú, under the
plan's number, title and date. The agency columns offer a drop-down of known agencies (typing another
name, or several separated by ";", stays allowed); a cell the reader was unsure of carries a note saying
why. The importer reads the workbook back as a task table, so a reading written and read again is the
same plan.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from plans.deadlines import UNREADABLE
from plans.model import Milestone, ParsedPlan, ParsedTask

HEADER = ("STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn", "Sản phẩm", "Ghi chú")
WIDTHS = (8, 60, 30, 30, 24, 30, 30)
SHEET = "Kế hoạch"
AGENCY_SHEET = "Cơ quan"
HEADER_ROW = 6  # rows 1-5: issuer, number, document type, title, place and date
FIRST_EMPTY_ROWS = 200  # the drop-downs reach this far below the header in an empty template


def write_template(plan: ParsedPlan | None, agencies: Sequence[str], lang: str = "vi") -> bytes:
    """The workbook for `plan` (or an empty one), its agency columns offering `agencies`."""
    import openpyxl  # ~6 MB: loaded only when a workbook is written
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    for row in _heading(plan):
        sheet.append(row)
    sheet.append(HEADER)
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    notes = _notes(plan, lang) if plan else {}
    last = HEADER_ROW + FIRST_EMPTY_ROWS
    if plan is not None:
        section = None
        for task in plan.tasks:
            if task.section and task.section != section and task.section_title and "." in task.number:
                sheet.append((task.section, task.section_title, "", "", "", "", ""))
            section = task.section
            sheet.append(_row(task))
            for column, note in notes.get(task.key, {}).items():
                sheet.cell(row=sheet.max_row, column=column).comment = Comment(note, "nhacviec")
        last = max(last, sheet.max_row + 50)
    for row in sheet.iter_rows(min_row=HEADER_ROW + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.number_format = "@"  # "1.10" stays text, not the number 1.1
    names = sorted(dict.fromkeys(agencies))
    if names:
        listing = workbook.create_sheet(AGENCY_SHEET)
        for name in names:
            listing.append((name,))
        listing.sheet_state = "hidden"
        choice = DataValidation(type="list", formula1=f"'{AGENCY_SHEET}'!$A$1:$A${len(names)}", allow_blank=True,
                                showErrorMessage=False)  # several agencies in one cell ("A; B") stay allowed
        sheet.add_data_validation(choice)
        choice.add(f"C{HEADER_ROW + 1}:D{last}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _heading(plan: ParsedPlan | None) -> list[tuple[str, ...]]:
    if plan is None:
        return [("ỦY BAN NHÂN DÂN …",), ("Số: …/KH-UBND",), ("KẾ HOẠCH",), ("…",), ("…, ngày … tháng … năm …",)]
    meta = plan.meta
    issuer = meta.issuer or ""
    body = issuer[len("UBND "):] if issuer.startswith("UBND ") else issuer
    issued = meta.issued_on
    # without a date the line still ends the title: the reader stops a title at "…, ngày"
    when = f"ngày {issued.day:02d} tháng {issued.month:02d} năm {issued.year}" if issued else "ngày … tháng … năm …"
    place = f"{body or '…'}, {when}"
    return [
        (f"ỦY BAN NHÂN DÂN {body.upper()}" if body else "",),
        (f"Số: {meta.code}",),
        ("KẾ HOẠCH",),
        (meta.title,),
        (place,),
    ]


def _row(task: ParsedTask) -> tuple[str, ...]:
    lead = "; ".join(task.lead) or task.lead_text
    support = "; ".join(task.support)
    deliverables = "\n".join(f"- {d}" for d in task.deliverables)
    return (task.number, task.title, lead, support, task.deadline_text or _deadline(task.milestones), deliverables, "")


def _deadline(milestones: tuple[Milestone, ...]) -> str:
    """A deadline text the grammar reads back to `milestones`, for tasks whose text named none (a letter's
    tasks running to its horizon)."""
    parts = []
    for milestone in milestones:
        last = max(milestone.dates) if milestone.dates else None
        # written for the deadline grammar to read back, in the form plans print: always dd/mm/yyyy
        if milestone.kind == "ongoing":
            parts.append(f"Thường xuyên đến ngày {last:%d/%m/%Y}" if last else "Thường xuyên")
        elif last:
            parts.append(f"Trước ngày {last:%d/%m/%Y}")
    return "; ".join(parts)


def _notes(plan: ParsedPlan, lang: str) -> dict[str, dict[int, str]]:
    """Per task key, the column (1-based) and the note saying what the reader was unsure of."""
    notes: dict[str, dict[int, str]] = {}
    for warning in plan.warnings:
        if warning.task is None:
            continue
        key = warning.text.key
        column = 5 if key in UNREADABLE or key.startswith("deadline") or "deadline" in key else 3
        cell = notes.setdefault(warning.task, {})
        cell[column] = f"{cell[column]}\n{warning.render(lang)}" if column in cell else warning.render(lang)
    return notes
