"""PDF plans with a text layer (pdfplumber): each page's tables as rows, the text around them as lines.

A scanned PDF has no text layer: it is refused with a message saying so (the bot does no OCR).
"""

from __future__ import annotations

import io

from i18n import N_, Text
from plans.model import PlanError
from plans.readers.limits import ReadLimits
from plans.readers.source import Row, Source
from plans.text import nfc


def read_pdf(data: bytes, name: str, limits: ReadLimits) -> Source:
    """Read every page: tables found by their ruling lines become rows, the rest of the text lines."""
    import pdfplumber  # ~10 MB with pdfminer: loaded only when a PDF arrives

    try:
        document = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer's syntax errors, wrapped by pdfplumber, and whatever a damaged file raises
        raise PlanError(N_("plan_bad_pdf"), name=name, detail=exc) from exc
    source = Source(name=name, wrapped=True)
    with document:
        try:
            for page_no, page in enumerate(document.pages, start=1):
                _read_page(page, page_no, source, limits)
        except PlanError:
            raise
        except Exception as exc:  # pdfminer raises many kinds on a damaged page
            raise PlanError(N_("plan_bad_pdf"), name=name, detail=exc) from exc
    if not any(line.strip() for line in source.lines) and not any(source.tables):
        raise PlanError(N_("plan_pdf_no_text"), name=name)
    return source


def _read_page(page: object, page_no: int, source: Source, limits: ReadLimits) -> None:
    tables = page.find_tables()  # type: ignore[attr-defined]
    text_part = page
    for table_no, table in enumerate(tables, start=1):
        rows: list[Row] = []
        for row_no, cells in enumerate(table.extract(), start=1):
            texts = tuple(nfc(cell or "") for cell in cells)
            limits.count(len(texts), sum(map(len, texts)))
            where = Text(N_("where_pdf_row"), page=page_no, table=table_no, row=row_no)
            rows.append(Row(cells=texts, where=where))
        source.tables.append(rows)
        text_part = text_part.outside_bbox(table.bbox)  # type: ignore[attr-defined]
    text = text_part.extract_text() or ""  # type: ignore[attr-defined]
    for line_no, line in enumerate(text.splitlines(), start=1):
        limits.count(1, len(line))
        source.add_line(nfc(line), Text(N_("where_pdf_line"), page=page_no, line=line_no))
