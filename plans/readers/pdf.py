"""PDF plans with a text layer (pypdfium2): each page's ruled tables as rows, the text around them as lines.

Tables are found from the page's drawn lines and boxes: collinear strokes are merged into edges, edges
that touch form a table, and its grid's cells are read by area (a cell missing a dividing edge spans
its neighbour; a cell spanning rows repeats its text below, marked as merged, as Word's tables are).
pdfplumber does the same in pure Python at about 20 times the cost (a 40-page plan took 25 s): this is
the PDF engine it uses itself. A scanned PDF has no text layer: it is refused with a message saying so.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from i18n import N_, Text
from plans.model import PlanError
from plans.readers.closing import ends_document
from plans.readers.limits import ReadLimits
from plans.readers.source import Row, Source
from plans.readers.table import header_columns
from plans.text import fold, nfc

_THIN = 3.0  # points: a box thinner than this is a line
_NEAR = 2.0  # points: strokes this close are one edge
_INSET = 3.0  # points: how far outside text may reach into a cell (a 13-point descender)


@dataclass
class _Edge:
    at: float  # y of a horizontal edge, x of a vertical one
    start: float
    end: float


def read_pdf(data: bytes, name: str, limits: ReadLimits) -> Source:
    """Read every page: ruled tables become rows, the text above, between and below them lines."""
    import pypdfium2  # the PDF engine (C++), loaded only when a PDF arrives

    try:
        document = pypdfium2.PdfDocument(data)
    except Exception as exc:  # PdfiumError on a damaged or encrypted file, whatever else a bad file raises
        if getattr(exc, "err_code", None) == pypdfium2.raw.FPDF_ERR_PASSWORD:
            raise PlanError(N_("plan_password_protected"), name=name) from exc
        raise PlanError(N_("plan_bad_pdf"), name=name, detail=exc) from exc
    source = Source(name=name, wrapped=True)
    chars = scanned = pages = 0
    open_table: list[float] | None = None
    try:
        pages = len(document)
        for page_no in range(pages):
            page = document[page_no]
            text_page = page.get_textpage()
            page_chars = text_page.count_chars()
            chars += page_chars
            if page_chars < _SCAN_STAMP_CHARS and _an_image_fills(page, pypdfium2.raw.FPDF_PAGEOBJ_IMAGE):
                scanned += 1
            open_table = _read_page(page, text_page, page_no + 1, source, limits, pypdfium2.raw.FPDF_PAGEOBJ_PATH,
                                    open_table)
    except PlanError:
        raise
    except Exception as exc:  # a damaged page
        raise PlanError(N_("plan_bad_pdf"), name=name, detail=exc) from exc
    finally:
        document.close()
    if not chars:
        raise PlanError(N_("plan_pdf_no_text"), name=name)
    if pages and scanned == pages:
        # every page a picture: the little text there is is a digital signature's stamp ("Người ký: …")
        raise PlanError(N_("plan_pdf_scanned_signed"), name=name)
    return source


# a scanned page signed digitally carries a stamp of a few lines ("Người ký", "Cơ quan", "Thời gian ký"); a page
# of a plan has a thousand characters and more
_SCAN_STAMP_CHARS = 300


def _an_image_fills(page: object, image_type: int) -> bool:
    """Whether an image covers at least half of the page: a scanned page."""
    width, height = page.get_size()  # type: ignore[attr-defined]
    for image in page.get_objects(filter=[image_type]):  # type: ignore[attr-defined]
        left, bottom, right, top = image.get_bounds()
        if (right - left) * (top - bottom) >= 0.5 * width * height:
            return True
    return False


def _read_page(page: object, text_page: object, page_no: int, source: Source, limits: ReadLimits,
               path_type: int, open_table: list[float] | None) -> list[float] | None:
    """Read one page; gives the column bounds of a table without borders still open at its foot."""
    width, height = page.get_size()  # type: ignore[attr-defined]
    boxes = [obj.get_bounds() for obj in page.get_objects(filter=[path_type])]  # type: ignore[attr-defined]
    tables = _tables(boxes)
    top = height
    found: list[list[tuple[float, float, float, float]]] = []

    def runs() -> list[tuple[float, float, float, float]]:
        if not found:
            found.append(_text_runs(text_page))
        return found[0]

    for table_no, (xs, ys, horizontal, vertical) in enumerate(tables, start=1):
        _unruled(text_page, runs, width, ys[-1], top, page_no, source, limits, None)
        source.tables.append(_rows(text_page, xs, ys, horizontal, vertical, page_no, table_no, limits))
        top = ys[0]
        open_table = None
    return _unruled(text_page, runs, width, 0.0, top, page_no, source, limits, open_table)


@dataclass
class _Line:
    """One line of text runs (pdfium's rectangles of contiguous text): its runs left to right and its band."""

    runs: list[tuple[float, float, float, float]]  # left, bottom, right, top
    bottom: float
    top: float

    def text(self, text_page: object) -> list[str]:
        return [nfc(text_page.get_text_bounded(*run)).strip() for run in self.runs]  # type: ignore[attr-defined]


def _text_runs(text_page: object) -> list[tuple[float, float, float, float]]:
    return [text_page.get_rect(i) for i in range(text_page.count_rects())]  # type: ignore[attr-defined]


def _text_lines(runs: list[tuple[float, float, float, float]], bottom: float, top: float) -> list[_Line]:
    """The runs between `bottom` and `top` grouped into lines, top first."""
    lines: list[_Line] = []
    for run in sorted((r for r in runs if bottom <= (r[1] + r[3]) / 2 <= top), key=lambda r: -(r[1] + r[3])):
        middle = (run[1] + run[3]) / 2
        line = lines[-1] if lines else None
        if line and line.bottom <= middle <= line.top:
            line.runs.append(run)
            line.bottom, line.top = min(line.bottom, run[1]), max(line.top, run[3])
        else:
            lines.append(_Line([run], run[1], run[3]))
    for line in lines:
        line.runs.sort()
    return lines


_NUMBER_HEADER_RE = re.compile(r"(?m)^\s*(?:stt|tt|so tt)\b")


def _unruled(text_page: object, runs: Callable[[], list[tuple[float, float, float, float]]], width: float, bottom: float,
             top: float, page_no: int, source: Source, limits: ReadLimits, open_table: list[float] | None
             ) -> list[float] | None:
    """The text between `bottom` and `top`, a task table drawn without borders taken out of it: a line whose runs
    name a task table's columns (STT, Nhiệm vụ, Chủ trì, Thời hạn…) heads it, each run of the lines under it
    falls in the column under which it starts, up to the closing part or a paragraph across the columns. Gives
    the columns when the table runs on to the page's foot (it may go on, without its header, on the next)."""
    if top - bottom < 1:
        return open_table
    if open_table is None and not _NUMBER_HEADER_RE.search(
            fold(text_page.get_text_bounded(left=0, bottom=bottom, right=width, top=top))):  # type: ignore[attr-defined]
        _lines(text_page, width, bottom, top, page_no, source, limits)
        return None  # no line opens on "STT": no such table here (the runs are only looked at when one may be)
    lines = _text_lines(runs(), bottom, top)
    start, span, bounds = _unruled_header(text_page, lines)
    if bounds is None and open_table is not None:
        start = next((i for i, line in enumerate(lines) if len(_columns_used(line, open_table)) >= 2), None)
        span, bounds = 1, open_table if start is not None else None
    if bounds is None or start is None:
        _lines(text_page, width, bottom, top, page_no, source, limits)
        return None
    end = start + 1
    while end < len(lines) and _in_table(text_page, lines[end], bounds):
        end += 1
    _lines(text_page, width, lines[start].top + 0.5, top, page_no, source, limits)
    columns = list(pairwise([0.0, *bounds, width]))
    # a header over two lines is one row, each column's words joined
    header = [" ".join(cell for cell in cells if cell)
              for cells in zip(*(_cells(text_page, line, columns) for line in lines[start:start + span]), strict=True)]
    rows = [Row(cells=tuple(header), where=Text(N_("where_pdf_line"), page=page_no, line=start + 1))]
    for index in range(start + span, end):
        cells = _cells(text_page, lines[index], columns)
        limits.count(len(cells), sum(map(len, cells)))
        rows.append(Row(cells=cells, where=Text(N_("where_pdf_line"), page=page_no, line=index + 1)))
    source.tables.append(rows)
    if end == len(lines):
        return bounds
    _lines(text_page, width, bottom, (lines[end - 1].bottom + lines[end].top) / 2, page_no, source, limits)
    return None


def _cells(text_page: object, line: _Line, columns: list[tuple[float, float]]) -> tuple[str, ...]:
    """A line's text in each column, read in the middle of its band (not a diacritic of the line above); a run
    reaching across a bound ("II | CẢI CÁCH THỦ TỤC HÀNH CHÍNH …" over the columns) stays whole in the column
    it starts in."""
    if any(run[0] < right - _INSET < run[2] for run in line.runs for _, right in columns[:-1]):
        texts = line.text(text_page)
        return tuple(" ".join(text for run, text in zip(line.runs, texts, strict=True) if left <= run[0] < right or (
            index == 0 and run[0] < left)) for index, (left, right) in enumerate(columns))
    middle, half = (line.bottom + line.top) / 2, (line.top - line.bottom) * 0.3
    return tuple(nfc(text_page.get_text_bounded(  # type: ignore[attr-defined]
        left=left, bottom=middle - half, right=right, top=middle + half)).replace("\r", "").strip()
        for left, right in columns)


def _unruled_header(text_page: object, lines: list[_Line]) -> tuple[int | None, int, list[float] | None]:
    """The index of the line heading a task table drawn without borders, how many lines the header takes (one, or
    two when the second completes its cells: "Cơ quan" over "chủ trì") and the bounds between its columns, or
    (None, 0, None)."""
    for index, line in enumerate(lines):
        if len(line.runs) + (len(lines[index + 1].runs) if index + 1 < len(lines) else 0) < 3:
            continue  # a header names three columns at least
        best: tuple[int, int, list[float]] | None = None
        for span in (1, 2):
            if span == 2 and (index + 1 >= len(lines) or any(t[:1].isdigit() for t in lines[index + 1].text(text_page))):
                break  # a numbered line under the header is its first row
            runs = sorted(run for more in lines[index:index + span] for run in more.runs)
            columns: list[tuple[float, float, list[str]]] = []
            for run in runs:  # a header cell over two lines: runs one above the other are one cell
                text = nfc(text_page.get_text_bounded(*run)).strip()  # type: ignore[attr-defined]
                if columns and run[0] < columns[-1][1]:
                    columns[-1] = (columns[-1][0], max(columns[-1][1], run[2]), [*columns[-1][2], text])
                else:
                    columns.append((run[0], run[2], [text]))
            found = header_columns(Row(cells=tuple(" ".join(c[2]) for c in columns), where=Text(N_("where_line"),
                                                                                                    line=0)))
            if found is not None and "number" in found and len(columns) >= 3 and (best is None or len(found) > best[0]):
                best = (len(found), span, [(left[1] + right[0]) / 2 for left, right in pairwise(columns)])
        if best is not None:
            return index, best[1], best[2]
    return None, 0, None


def _columns_used(line: _Line, bounds: list[float]) -> set[int]:
    return {sum(1 for b in bounds if run[0] >= b) for run in line.runs}


def _in_table(text_page: object, line: _Line, bounds: list[float]) -> bool:
    """Whether a line under a table without borders is still one of its rows: not the closing part, and no run
    reaching across two columns' bounds (a paragraph of the body)."""
    texts = line.text(text_page)
    if any(ends_document(text) for text in texts):
        return False
    if line.runs[0][2] <= bounds[0] and _ROW_NUMBER_RE.match(texts[0]):
        return True  # "II | CẢI CÁCH THỦ TỤC HÀNH CHÍNH …" numbered in the STT column: a section row, however wide
    return not any(sum(1 for b in bounds if run[0] < b < run[2]) >= 2 for run in line.runs)


_ROW_NUMBER_RE = re.compile(r"^(?:\d+(?:\.\d+)*|[IVXLC]+|[A-Z])\.?$")


def _lines(text_page: object, width: float, bottom: float, top: float, page_no: int, source: Source,
           limits: ReadLimits) -> None:
    if top - bottom < 1:
        return
    text = text_page.get_text_bounded(left=0, bottom=bottom, right=width, top=top)  # type: ignore[attr-defined]
    for line_no, line in enumerate(nfc(text).splitlines(), start=1):
        limits.count(1, len(line))
        source.add_line(line, Text(N_("where_pdf_line"), page=page_no, line=line_no))


def _edges(boxes: list[tuple[float, float, float, float]]) -> tuple[list[_Edge], list[_Edge]]:
    """Horizontal and vertical edges from drawn boxes: a thin box is a line, a cell's box gives its 4 sides."""
    horizontal: list[_Edge] = []
    vertical: list[_Edge] = []
    for x0, y0, x1, y1 in boxes:
        wide, tall = x1 - x0, y1 - y0
        if tall < _THIN and wide > _THIN:
            horizontal.append(_Edge((y0 + y1) / 2, x0, x1))
        elif wide < _THIN and tall > _THIN:
            vertical.append(_Edge((x0 + x1) / 2, y0, y1))
        elif wide > _THIN and tall > _THIN:
            horizontal += [_Edge(y0, x0, x1), _Edge(y1, x0, x1)]
            vertical += [_Edge(x0, y0, y1), _Edge(x1, y0, y1)]
    return _merged(horizontal), _merged(vertical)


def _merged(edges: list[_Edge]) -> list[_Edge]:
    """Collinear, overlapping strokes (the shared side of two cells) joined into one edge."""
    out: list[_Edge] = []
    for edge in sorted(edges, key=lambda e: (round(e.at / _NEAR), e.start)):
        last = out[-1] if out else None
        if last and abs(last.at - edge.at) <= _NEAR and edge.start <= last.end + _NEAR:
            last.end = max(last.end, edge.end)
        else:
            out.append(_Edge(edge.at, edge.start, edge.end))
    return out


def _tables(boxes: list[tuple[float, float, float, float]]
            ) -> list[tuple[list[float], list[float], list[_Edge], list[_Edge]]]:
    """The page's tables, top first: column xs, row ys (bottom to top) and their edges."""
    horizontal, vertical = _edges(boxes)
    parent = list(range(len(horizontal) + len(vertical)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for hi, h in enumerate(horizontal):
        for vi, v in enumerate(vertical):
            if h.start - _NEAR <= v.at <= h.end + _NEAR and v.start - _NEAR <= h.at <= v.end + _NEAR:
                parent[root(hi)] = root(len(horizontal) + vi)
    groups: dict[int, tuple[list[_Edge], list[_Edge]]] = {}
    for hi, h in enumerate(horizontal):
        groups.setdefault(root(hi), ([], []))[0].append(h)
    for vi, v in enumerate(vertical):
        groups.setdefault(root(len(horizontal) + vi), ([], []))[1].append(v)
    tables = []
    for hs, vs in groups.values():
        xs, ys = _positions([v.at for v in vs]), _positions([h.at for h in hs])
        if len(xs) >= 2 and len(ys) >= 2:
            tables.append((xs, ys, hs, vs))
    return sorted(tables, key=lambda table: -table[1][-1])


def _positions(values: list[float]) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > _NEAR:
            out.append(value)
    return out


def _covered(edges: list[_Edge], at: float, start: float, end: float) -> bool:
    """Whether an edge at `at` runs along the middle of [start, end]."""
    middle = (start + end) / 2
    return any(abs(e.at - at) <= _NEAR and e.start - _NEAR <= middle <= e.end + _NEAR for e in edges)


def _rows(text_page: object, xs: list[float], ys: list[float], horizontal: list[_Edge], vertical: list[_Edge],
          page_no: int, table_no: int, limits: ReadLimits) -> list[Row]:
    """The table's rows, top first; a cell spanning rows is read once over its whole area and its text
    repeated in each row it spans, marked as merged from the second on."""
    bands = [(ys[i], ys[i - 1]) for i in range(len(ys) - 1, 0, -1)]  # (top, bottom), top first
    texts: list[list[str]] = [[""] * (len(xs) - 1) for _ in bands]
    merged: list[list[bool]] = [[False] * (len(xs) - 1) for _ in bands]
    for r, (top, bottom) in enumerate(bands):
        col = 0
        while col < len(xs) - 1:
            span = col + 1
            while span < len(xs) - 1 and not _covered(vertical, xs[span], bottom, top):
                span += 1  # no dividing edge: the cell spans the next column
            if r and not _covered(horizontal, top, xs[col], xs[span]):
                texts[r][col], merged[r][col] = texts[r - 1][col], True
            else:
                last = r
                while last + 1 < len(bands) and not _covered(horizontal, bands[last][1], xs[col], xs[span]):
                    last += 1
                # pdfium takes a glyph any part of which lies inside: inset, a descender of the line above
                # the table ("ngày" → "y") or a diacritic of the row below stays out of the cell
                inset = min(_INSET, (top - bands[last][1]) / 4)
                raw = text_page.get_text_bounded(  # type: ignore[attr-defined]
                    left=xs[col], bottom=bands[last][1] + inset, right=xs[span], top=top - inset)
                texts[r][col] = nfc(raw).replace("\r", "").strip()
            col = span
    rows = []
    for r, cells in enumerate(texts):
        limits.count(len(cells), sum(map(len, cells)))
        where = Text(N_("where_pdf_row"), page=page_no, table=table_no, row=r + 1)
        rows.append(Row(cells=tuple(cells), where=where, merged_above=tuple(merged[r])))
    return rows
