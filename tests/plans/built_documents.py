"""Plan documents built in tests with the real libraries (python-docx, openpyxl), and the reader's answer as the
shapes tests compare it: each task's key, lead, support and dates."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
from docx import Document
from docx.enum.section import WD_SECTION
from docx.table import Table
from openpyxl.styles import Alignment

from plans.importer import read_plan
from plans.model import ParsedPlan


def word(paragraphs: tuple[str, ...], *tables: list[tuple[str, ...]], after: tuple[str, ...] = (),
         new_section: bool = False) -> Document:
    """Paragraphs, then each table (a blank paragraph after it; with `new_section`, each table after the first on a
    new page section), then the paragraphs `after`."""
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    for number, rows in enumerate(tables):
        if new_section and number:
            document.add_section(WD_SECTION.NEW_PAGE)  # the appendix's second page turned landscape, say
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
        document.add_paragraph("")
    for text in after:
        document.add_paragraph(text)
    return document


def word_bytes(document: Document) -> bytes:
    """The .docx file of a document."""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def merge(table: Table, top: int, left: int, bottom: int, right: int) -> None:
    """Merge a range keeping only the first cell's text, as Word shows a merged cell."""
    text = table.cell(top, left).text
    merged = table.cell(top, left).merge(table.cell(bottom, right))
    for paragraph in merged.paragraphs[1:]:
        paragraph._p.getparent().remove(paragraph._p)
    merged.paragraphs[0].text = text


def sheet_bytes(rows: list, *, wrap: bool = False) -> bytes:
    """An .xlsx file of one sheet holding `rows` (its cells wrapping their text with `wrap`)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    if wrap:
        for line in sheet.iter_rows():
            for cell in line:
                cell.alignment = Alignment(wrap_text=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_word(document: Document, name: str = "ke-hoach.docx") -> ParsedPlan:
    """The plan read from a document."""
    return read_plan(word_bytes(document), name)


def read_workbook(workbook: openpyxl.Workbook, name: str = "ke-hoach.xlsx") -> ParsedPlan:
    """The plan read from a workbook."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return read_plan(buffer.getvalue(), name)


def read_text(*parts: tuple[str, ...]) -> ParsedPlan:
    """The plan read from lines of plain text."""
    return read_plan("\n".join(line for part in parts for line in part).encode(), "ke-hoach.txt")


def reading(plan: ParsedPlan) -> list[tuple[str, tuple[str, ...], tuple[str, ...], tuple[date, ...]]]:
    """Each task's key, lead, support and dates, in the plan's order."""
    return [(t.key, t.lead, t.support, tuple(d for m in t.milestones for d in m.dates)) for t in plan.tasks]
