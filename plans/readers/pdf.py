"""PDF plans with a text layer (pypdfium2): each page's ruled tables as rows, the text around them as lines.

Tables are found from the page's drawn lines and boxes: collinear strokes are merged into edges, edges
that touch form a table, and its grid's cells are read by area (a cell missing a dividing edge spans
its neighbour; a cell spanning rows repeats its text below, marked as merged, as Word's tables are).
pdfplumber does the same in pure Python at about 20 times the cost (a 40-page plan took 25 s): this is
the PDF engine it uses itself. A scanned PDF has no text layer: it is refused with a message saying so.
"""

from __future__ import annotations

from dataclasses import dataclass

from i18n import N_, Text
from plans.model import PlanError
from plans.readers.limits import ReadLimits
from plans.readers.source import Row, Source
from plans.text import nfc

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
    chars = 0
    try:
        for page_no in range(len(document)):
            page = document[page_no]
            text_page = page.get_textpage()
            chars += text_page.count_chars()
            _read_page(page, text_page, page_no + 1, source, limits, pypdfium2.raw.FPDF_PAGEOBJ_PATH)
    except PlanError:
        raise
    except Exception as exc:  # a damaged page
        raise PlanError(N_("plan_bad_pdf"), name=name, detail=exc) from exc
    finally:
        document.close()
    if not chars:
        raise PlanError(N_("plan_pdf_no_text"), name=name)
    return source


def _read_page(page: object, text_page: object, page_no: int, source: Source, limits: ReadLimits,
               path_type: int) -> None:
    width, height = page.get_size()  # type: ignore[attr-defined]
    boxes = [obj.get_bounds() for obj in page.get_objects(filter=[path_type])]  # type: ignore[attr-defined]
    tables = _tables(boxes)
    top = height
    for table_no, (xs, ys, horizontal, vertical) in enumerate(tables, start=1):
        _lines(text_page, width, ys[-1], top, page_no, source, limits)
        source.tables.append(_rows(text_page, xs, ys, horizontal, vertical, page_no, table_no, limits))
        top = ys[0]
    _lines(text_page, width, 0.0, top, page_no, source, limits)


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
