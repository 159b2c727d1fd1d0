"""Plain text and Markdown exports: body lines, and tab-separated lines or pipe table rows (Markdown's, with
or without their outer pipes) as table rows."""

from __future__ import annotations

import re

from i18n import N_, Text
from plans.readers.limits import ReadLimits
from plans.readers.source import Row, Source
from plans.readers.table import is_task_header
from plans.text import fold, nfc


def read_text(data: bytes, name: str, limits: ReadLimits) -> Source:
    """Decode a .txt/.md plan (UTF-8, UTF-16 or Windows-1258 as a last resort) into a Source."""
    text = _decode(data)
    source = Source(name=name, wrapped=True)
    rows: list[Row] = []
    header_seen = False
    for number, line in enumerate(text.splitlines(), start=1):
        where = Text(N_("where_line"), line=number)
        cells = _pipe_cells(line) or line.split("\t")
        limits.count(len(cells), len(line))
        if _MARKDOWN_RULE_RE.match(line):
            continue
        section = _SECTION_LINE_RE.match(line) if rows and _starts_with_number(rows[0]) else None
        if len(cells) > 1:
            row = Row(cells=tuple(cells), where=where)
            rows.append(row)
            header_seen = header_seen or is_task_header(row)
            if not header_seen:
                # a heading pasted from a layout table ("UBND TỈNH …\tCỘNG HÒA …", "Số: 12/KH-SNV\tngày …")
                # carries the metadata, as a Word document's layout table does
                for cell in dict.fromkeys(c.strip() for c in cells if c.strip()):
                    source.add_line(cell, where)
        elif section:
            # a section row merged across the table is exported as one line without tabs: "I. CẢI CÁCH THỂ CHẾ"
            rows.append(Row(cells=(section.group(1), section.group(2)), where=where))
        else:
            source.add_line(line, where)
    if rows:
        source.tables.append(rows)
    return source


_SECTION_LINE_RE = re.compile(r"^\s*([IVX]+|[A-Z])[.)]\s+(\S.*?)\s*$")


def _starts_with_number(header: Row) -> bool:
    """Whether a table's first row opens with an STT column (its section rows then lead with their number)."""
    return fold(header.cell(0)).strip(" .:") in ("stt", "tt", "so tt")


_MARKDOWN_RULE_RE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _pipe_cells(line: str) -> list[str] | None:
    """The cells of a pipe table row, "| 1 | Rà soát | Phòng Nội vụ |" or, as Markdown also allows and pasted
    tables often come, "1 | Rà soát | Phòng Nội vụ"; None for a line with fewer than two pipes."""
    stripped = line.strip()
    if stripped.count("|") < 2:
        return None
    cells = [cell.strip() for cell in stripped.split("|")]
    if stripped.startswith("|"):
        cells = cells[1:]
    if stripped.endswith("|"):
        cells = cells[:-1]
    return cells


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return nfc(data.decode("utf-16"))
    try:
        return nfc(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return nfc(data.decode("cp1258", errors="replace"))
