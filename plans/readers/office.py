"""Word (.docx, python-docx) and Excel (.xlsx, openpyxl read-only) plans read into a Source."""

from __future__ import annotations

import html
import io
import re
import zipfile
from datetime import date, datetime

from i18n import N_, Text
from plans.model import PlanError
from plans.readers.limits import ReadLimits
from plans.readers.source import Row, Source
from plans.text import nfc

# A .docx/.xlsx is a zip; a plan never unpacks to this much, a zip bomb does.
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
# a sheet's rows and cells as tags in its XML, and the workbook's count of distinct strings (near its start)
_ROW_RE = re.compile(rb"<(?:\w+:)?row[\s>/]")
_CELL_RE = re.compile(rb"<(?:\w+:)?c[\s>/]")
_UNIQUE_COUNT_RE = re.compile(rb"\buniqueCount=\"(\d+)\"")
_HEAD_BYTES = 4096
_CHUNK_BYTES = 1 << 20


def check_zip(data: bytes, name: str) -> None:
    """Refuse a file that is not a zip package or that would unpack to more than MAX_UNZIPPED_BYTES."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise PlanError(N_("plan_not_zip"), name=name, detail=exc) from exc
    if total > MAX_UNZIPPED_BYTES:
        raise PlanError(
            N_("plan_zip_bomb"), name=name, size=total // (1024 * 1024), limit=MAX_UNZIPPED_BYTES // (1024 * 1024)
        )


def read_docx(data: bytes, name: str, is_task_header: object, limits: ReadLimits) -> Source:
    """Read paragraphs and tables in document order; merged cells keep their position, repeats are blank.

    python-docx gives no public way to a paragraph's list numbering or to which cells a merge joins, so
    the body's XML (`Document.element`) is walked here and python-docx reads each paragraph's text and style.
    """
    import docx  # python-docx; imported here so the text path stays light

    check_zip(data, name)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors… on a damaged package
        raise PlanError(N_("plan_bad_docx"), name=name, detail=exc) from exc
    source = Source(name=name)
    reader = _ParagraphReader(document)
    paragraph_no = table_no = 0
    for child in _blocks(document.element.body):
        if child.tag == f"{_W}p":
            paragraph_no += 1
            text = reader.text(child)
            limits.count(1, len(text))
            where = Text(N_("where_paragraph"), paragraph=paragraph_no)
            for line in text.split("\n"):  # lines broken with Shift+Enter (w:br) are lines as the reader sees them
                source.add_line(line, where)
            continue
        # a table, then the tables nested in its cells (a task table inside a one-cell frame), each read whole
        for element in (child, *child.iterdescendants(f"{_W}tbl")):
            table_no += 1
            rows = _table_rows(element, table_no, limits, reader)
            source.tables.append(rows)
            if not any(is_task_header(row) for row in rows[:3]):  # type: ignore[operator]
                # layout tables (issuer | national motto, number | date) carry the metadata
                for row in rows:
                    for cell in dict.fromkeys(c for c in row.cells if c.strip()):
                        for line in cell.splitlines():
                            source.add_line(line, row.where)
    return source


def _blocks(parent: object):
    """The body's paragraphs and tables in order, those inside content controls (w:sdt) and custom XML too:
    a template's fields wrap whole tables in them."""
    for child in parent.iterchildren():  # type: ignore[attr-defined]
        if child.tag in (f"{_W}p", f"{_W}tbl"):
            yield child
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _blocks(content)
        elif child.tag == f"{_W}customXml":
            yield from _blocks(child)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ROMAN = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


class _Numbering:
    """Word's list numbers and bullets, which live in the numbering definitions, not in the text: the marker
    each numbered paragraph shows ("1.", "1.2.", "a)", "-", "+"), counted as Word counts them."""

    def __init__(self, document: object) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}  # (numId, ilvl) -> format, text, start
        self.abstract: dict[str, str] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element  # type: ignore[attr-defined]
        except (KeyError, NotImplementedError, AttributeError):
            return
        definitions = {a.get(f"{_W}abstractNumId"): a for a in root.iter(f"{_W}abstractNum")}
        for num in root.iter(f"{_W}num"):
            num_id = num.get(f"{_W}numId")
            ref = num.find(f"{_W}abstractNumId")
            abstract = definitions.get(ref.get(f"{_W}val") if ref is not None else None)
            if num_id is None or abstract is None:
                continue
            self.abstract[num_id] = abstract.get(f"{_W}abstractNumId") or num_id
            for level in abstract.iter(f"{_W}lvl"):
                fmt, text, start = (level.find(f"{_W}{tag}") for tag in ("numFmt", "lvlText", "start"))
                self.levels[(num_id, int(level.get(f"{_W}ilvl") or 0))] = (
                    fmt.get(f"{_W}val") if fmt is not None else "decimal",
                    text.get(f"{_W}val") if text is not None else "",
                    int(start.get(f"{_W}val") or 1) if start is not None else 1,
                )

    def marker(self, num_id: str, ilvl: int) -> str:
        """The marker of the next paragraph in list `num_id` at level `ilvl`, counting it."""
        fmt, text, start = self.levels.get((num_id, ilvl), ("bullet", "", 1))
        if fmt == "bullet" or not text:
            return "-" if ilvl == 0 else "+"
        counts = self.counters.setdefault(self.abstract.get(num_id, num_id), [0] * 9)
        counts[ilvl] = counts[ilvl] + 1 if counts[ilvl] else start
        counts[ilvl + 1:] = [0] * (8 - ilvl)

        def shown(match: re.Match[str]) -> str:
            level = int(match.group(1)) - 1
            value = max(counts[level], 1)
            level_fmt = self.levels.get((num_id, level), ("decimal", "", 1))[0]
            if level_fmt == "lowerLetter":
                return "abcdeghiklmnopqrstuvxy"[(value - 1) % 22]
            if level_fmt in ("upperRoman", "lowerRoman"):
                roman = _roman(value)
                return roman if level_fmt == "upperRoman" else roman.lower()
            return str(value)

        return re.sub(r"%(\d)", shown, text)


def _roman(value: int) -> str:
    out = ""
    for number, letters in _ROMAN:
        while value >= number:
            out += letters
            value -= number
    return out


# a style's name and the list it numbers its paragraphs with (numId, ilvl), by style id: python-docx looks a style
# up in a few ms, and a heading style linked to a multilevel list numbers every paragraph of that style
StyleInfo = tuple[str, tuple[str, int] | None]


def _child(element: object, tag: str) -> object | None:
    return element.find(f"{_W}{tag}") if element is not None else None  # type: ignore[attr-defined]


def _value(element: object, tag: str) -> str | None:
    """The w:val of `element`'s child `tag`, None when there is no such child."""
    found = _child(element, tag)
    return found.get(f"{_W}val") if found is not None else None  # type: ignore[attr-defined]


class _ParagraphReader:
    """A paragraph's text as a reader sees it, its list marker in front (from the paragraph's numbering, else
    its style's)."""

    def __init__(self, document: object) -> None:
        self.document = document
        self.numbering = _Numbering(document)
        self.styles: dict[str | None, StyleInfo] = {}

    def text(self, p: object, in_cell: bool = False) -> str:
        from docx.text.paragraph import Paragraph  # python-docx, loaded by read_docx already

        paragraph = Paragraph(p, self.document)  # type: ignore[arg-type]
        text = nfc(_shown_text(p, paragraph))
        ppr = _child(p, "pPr")
        style_id = _value(ppr, "pStyle")
        if style_id not in self.styles:
            self.styles[style_id] = _style_info(paragraph.style)
        style_name, style_list = self.styles[style_id]
        listed = _list_of(_child(ppr, "numPr"), style_list)
        if not text.strip():
            # an empty paragraph of a numbered list still shows (and counts) its number: a table's STT column
            # numbered by Word ("1", "2"… in cells holding no text) is read as the numbers people see
            if in_cell and listed is not None:
                marker = self.numbering.marker(*listed)
                return "" if marker in ("-", "+") else marker
            return text
        if listed is not None:
            return f"{self.numbering.marker(*listed)} {text.lstrip()}"
        if "List" in style_name:
            # Word bullets are numbering, not characters: give the reader the "- " the text export would have
            text = "- " + text.lstrip("-–• ")
        return text

    def cell_text(self, tc: object) -> str:
        return "\n".join(self.text(p, in_cell=True) for p in tc.iterchildren(f"{_W}p"))  # type: ignore[attr-defined]


def _style_info(style: object) -> StyleInfo:
    """A paragraph style's name and the list its definition (or a style it is based on) numbers with."""
    name = (style.name or "") if style is not None else ""  # type: ignore[attr-defined]
    while style is not None:
        num_pr = _child(_child(style.element, "pPr"), "numPr")  # type: ignore[attr-defined]
        num_id = _value(num_pr, "numId")
        if num_id is not None:
            level = _value(num_pr, "ilvl")
            return name, (num_id, int(level) if level and level.isdigit() else 0)
        style = style.base_style  # type: ignore[attr-defined]
    return name, None


def _list_of(num_pr: object, style_list: tuple[str, int] | None) -> tuple[str, int] | None:
    """The (numId, ilvl) a paragraph is numbered with: its own, else its style's (its own level kept); numId 0
    takes the numbering away."""
    num_id = _value(num_pr, "numId")
    own = _value(num_pr, "ilvl")
    own_level = int(own) if own and own.isdigit() else None
    if num_id is None and style_list is not None:
        num_id, level = style_list[0], style_list[1] if own_level is None else own_level
    else:
        level = own_level or 0
    if num_id is None or num_id == "0":
        return None
    return num_id, level


# runs python-docx's `Paragraph.text` does not reach (it reads those right under the paragraph and in links):
# a tracked insertion not yet accepted, a content control, a smart tag, a simple field, moved text
_WRAPPERS = frozenset(f"{_W}{tag}" for tag in ("ins", "sdt", "smartTag", "customXml", "fldSimple", "moveTo", "dir", "bdo"))
# what Word does not show as the paragraph's text: deleted or moved-away runs, text boxes, tab stops' definitions
_HIDDEN = frozenset(f"{_W}{tag}" for tag in ("del", "moveFrom", "txbxContent", "pPr", "rPr"))
_SHOWN = {f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}


def _shown_text(p: object, paragraph: object) -> str:
    """The paragraph's text as Word shows it, tracked insertions included and deletions left out."""
    if not any(child.tag in _WRAPPERS for child in p.iterchildren()):  # type: ignore[attr-defined]
        return paragraph.text  # type: ignore[attr-defined]
    parts = []
    for node in p.iter(f"{_W}t", *_SHOWN):  # type: ignore[attr-defined]
        if any(above.tag in _HIDDEN for above in node.iterancestors()):
            continue
        parts.append(node.text or "" if node.tag == f"{_W}t" else _SHOWN[node.tag])
    return "".join(parts)


def _span(tc: object) -> int:
    span = _value(_child(tc, "tcPr"), "gridSpan")
    return max(int(span), 1) if span and span.isdigit() else 1


def _continues_above(tc: object) -> bool:
    """Whether `tc` is a later row of a vertical merge (<w:vMerge/> or val="continue")."""
    merge = _child(_child(tc, "tcPr"), "vMerge")
    return merge is not None and merge.get(f"{_W}val", "continue") == "continue"  # type: ignore[attr-defined]


def _grid(tr: object, tag: str) -> int:
    value = _value(_child(tr, "trPr"), tag)
    return int(value) if value and value.isdigit() else 0


def _table_rows(tbl: object, table_no: int, limits: ReadLimits, reader: _ParagraphReader) -> list[Row]:
    """The rows of a table on its grid: a cell spanning columns gives its text to the first and blanks to the
    rest; a later row of a vertical merge repeats the merge's text, marked as merged with the cell above."""
    rows: list[Row] = []
    previous: list[object | None] = []  # each grid column's owning cell in the row above
    for index, tr in enumerate(tbl.iterchildren(f"{_W}tr"), start=1):  # type: ignore[attr-defined]
        owners: list[object | None] = [None] * _grid(tr, "gridBefore")
        texts = [""] * len(owners)
        merged = [False] * len(owners)
        for tc in tr.iterchildren(f"{_W}tc"):
            col = len(owners)
            above = previous[col] if col < len(previous) else None
            owner = above if above is not None and _continues_above(tc) else tc
            texts.append(reader.cell_text(owner))
            merged.append(owner is above)
            owners.append(owner)
            for _ in range(_span(owner) - 1):
                texts.append("")  # the same cell spanning columns: its text sits in the first column
                merged.append(False)
                owners.append(owner)
        after = _grid(tr, "gridAfter")
        owners += [None] * after
        texts += [""] * after
        merged += [False] * after
        previous = owners
        limits.count(len(texts), sum(map(len, texts)))
        rows.append(Row(cells=tuple(texts), where=Text(N_("where_table_row"), table=table_no, row=index), merged_above=tuple(merged)))
    return rows


_MERGE_RE = re.compile(rb"<(?:\w+:)?mergeCell\s+ref=\"([A-Z]+)(\d+):([A-Z]+)(\d+)\"")
_HIDDEN_COLUMNS_RE = re.compile(rb"<(?:\w+:)?col\s(?=[^>]*\bhidden=\"(?:1|true)\")[^>]*?\bmin=\"(\d+)\"[^>]*?\bmax=\"(\d+)\"")
_SHEET_RE = re.compile(rb"<(?:\w+:)?sheet\s[^>]*?name=\"([^\"]*)\"[^>]*?\br:id=\"([^\"]+)\"")
_RELATION_RE = re.compile(rb"<Relationship\s[^>]*?Id=\"([^\"]+)\"[^>]*?Target=\"([^\"]+)\"")
_RELATION_TARGET_FIRST_RE = re.compile(rb"<Relationship\s[^>]*?Target=\"([^\"]+)\"[^>]*?Id=\"([^\"]+)\"")

# a range of merged cells: first column, first row, last column, last row (1-based)
Merge = tuple[int, int, int, int]
_MAX_MERGES = 5_000  # per sheet; a plan has a few dozen
_MAX_HIDDEN_COLUMN = 200  # a plan has a dozen columns; "hide A:XFD" must not cost 16,384 entries


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each sheet's name and the member holding its XML (the workbook names sheets, its relations place them)."""
    try:
        workbook = archive.read("xl/workbook.xml")
        relations = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {rid: target for rid, target in _RELATION_RE.findall(relations)}
    targets.update({rid: target for target, rid in _RELATION_TARGET_FIRST_RE.findall(relations)})
    paths = {}
    for sheet_name, rid in _SHEET_RE.findall(workbook):
        target = targets.get(rid, b"").decode("utf-8", "replace")
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        paths[html.unescape(sheet_name.decode("utf-8", "replace"))] = path
    return paths


class _SheetShape:
    """What a sheet's XML says beside its values: its merged ranges and its hidden columns (1-based)."""

    def __init__(self) -> None:
        self.merges: list[Merge] = []
        self.hidden: set[int] = set()


def _check_xlsx_size(data: bytes, name: str) -> dict[str, _SheetShape]:
    """Count each sheet's rows and cells in its XML as it unpacks, and refuse past the limits before
    openpyxl opens the workbook: without a <dimension> it reads every sheet whole just to size it, and
    it reads the shared strings whole (a 1,000,000-row sheet is refused after its first MAX_ROWS rows).
    Gives each sheet's merged ranges, found on the way (openpyxl's read-only mode does not keep them)."""
    limits = ReadLimits(name)
    shapes: dict[str, _SheetShape] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.namelist():
            if member == "xl/sharedStrings.xml":
                with archive.open(member) as part:
                    unique = _UNIQUE_COUNT_RE.search(part.read(_HEAD_BYTES))
                limits.check_size(0, int(unique[1]) if unique else 0)
            elif member.startswith("xl/worksheets/") and member.endswith(".xml"):
                rows = cells = 0
                found: list[tuple[bytes, bytes, bytes, bytes]] = []
                hidden: list[tuple[bytes, bytes]] = []
                with archive.open(member) as part:
                    carry = b""
                    while chunk := part.read(_CHUNK_BYTES):
                        text = carry + chunk
                        cut = max(text.rfind(b"<"), 0)  # a tag cut at the chunk's end is read with the next
                        rows += len(_ROW_RE.findall(text, 0, cut))
                        cells += len(_CELL_RE.findall(text, 0, cut))
                        found += _MERGE_RE.findall(text, 0, cut)
                        hidden += _HIDDEN_COLUMNS_RE.findall(text, 0, cut)
                        carry = text[cut:]
                        limits.check_size(rows, cells)
                    rows += len(_ROW_RE.findall(carry))
                    cells += len(_CELL_RE.findall(carry))
                    found += _MERGE_RE.findall(carry)
                    hidden += _HIDDEN_COLUMNS_RE.findall(carry)
                limits.check_size(rows, cells)
                shape = shapes[member] = _SheetShape()
                shape.merges = [(_column_number(c1), int(r1), _column_number(c2), int(r2)) for c1, r1, c2, r2 in found]
                for low, high in hidden[:_MAX_MERGES]:
                    shape.hidden.update(range(int(low), min(int(high), _MAX_HIDDEN_COLUMN) + 1))
        by_name = {sheet: shapes.get(path, _SheetShape()) for sheet, path in _sheet_paths(archive).items()}
    return by_name


def read_xlsx(data: bytes, name: str, limits: ReadLimits) -> Source:
    """Read every visible sheet's values, streamed (read-only mode) and counted against `limits` row by row;
    each sheet is one table, non-empty cells also give lines."""
    import openpyxl  # imported here, as python-docx is: ~6 MB and a tenth of a second the text path never needs

    check_zip(data, name)
    shapes = _check_xlsx_size(data, name)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises InvalidFileException, KeyError… on a damaged workbook
        raise PlanError(N_("plan_bad_xlsx"), name=name, detail=exc) from exc
    source = Source(name=name)
    try:
        for sheet in workbook.worksheets:
            if sheet.sheet_state != "visible":
                continue  # a hidden sheet holds lists for drop-downs (the plan workbook's agencies), not tasks
            rows: list[Row] = []
            # a cell merged down over rows below repeats its text there, marked, as Word's merged cells are;
            # ranges are kept by column, not cell by cell (a hostile "A1:A1048576" costs one entry)
            down: dict[int, list[tuple[int, int]]] = {}
            shape = shapes.get(sheet.title, _SheetShape())
            for left, top, _right, bottom in shape.merges[:_MAX_MERGES]:
                if bottom > top:
                    down.setdefault(left, []).append((top, bottom))
            kept: dict[tuple[int, int], str] = {}
            for index, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                # a hidden column (a system's ids, a superseded deadline) is not what the person reads
                cells = ["" if col in shape.hidden else _xlsx_value(v) for col, v in enumerate(values, start=1)]
                merged = [False] * len(cells)
                for col, spans in down.items():
                    if col > len(cells):
                        continue
                    for top, bottom in spans:
                        if index == top:
                            kept[(top, col)] = cells[col - 1]
                        elif top < index <= bottom and not cells[col - 1]:
                            cells[col - 1], merged[col - 1] = kept.get((top, col), ""), True
                limits.count(len(cells), sum(map(len, cells)))
                where = Text(N_("where_sheet_row"), sheet=sheet.title, row=index)
                if any(c.strip() for c in cells):
                    rows.append(Row(cells=tuple(cells), where=where, merged_above=tuple(merged)))
                    source.add_line(" ".join(c for c, m in zip(cells, merged, strict=True) if c.strip() and not m),
                                    where)
            source.tables.append(rows)
    finally:
        workbook.close()
    return source


def _xlsx_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return nfc(str(value))
