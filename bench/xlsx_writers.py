"""XLSX writers compared on the weekly summary's shape: wall, CPU and peak RSS, each in its own process.

    python bench/xlsx_writers.py [--rows 280000] [--repeat 3] [WRITER ...]

Both sheets of the committee workbook: "Tổng hợp" (3,500 agencies × 13 columns and a bold total row) and
"Chi tiết" (--rows × 12: text with Vietnamese diacritics, ints, None, two date columns shown dd/mm/yyyy),
with a styled header row, frozen panes, an autofilter and column widths. Each writer runs in a fresh
subprocess (best of --repeat renders to bytes); the data is built before the clock starts and its own RSS
is printed apart. Then each writer's output on a small workbook is read back with openpyxl and checked:
values, dates as datetime with number format dd/mm/yyyy, freeze pane A2, autofilter range, widths.
A writer whose package is not installed is reported as such (the project installs only the one it uses).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DATE_FORMAT = "dd/mm/yyyy"
HEADER_FILL = "DDEBF7"


@dataclass(frozen=True)
class Sheet:
    """One sheet to write: the last row is bold when `bold_last` (the total row)."""

    title: str
    headers: list[str]
    widths: list[float]
    rows: list[tuple]
    date_columns: frozenset[int]
    bold_last: bool = False


def make_sheets(n: int) -> list[Sheet]:
    """The summary and detail sheets, shaped like reports.xlsx's, with n detail rows."""
    agencies = [f"{'UBND phường' if i % 3 else 'Phòng'} Số {i} — Đắk Lắk" for i in range(1, 3501)]
    summary_rows: list[tuple] = [
        (name, "Phường, xã" if i % 3 else "Cơ quan chuyên môn", 80, i % 30, 20, 3, i % 7, 2, 1, 4, 33.3, 5, 8)
        for i, name in enumerate(agencies, 1)
    ]
    summary_rows.append(("Tổng cộng", None, 280000, 50000, 70000, 10000, 9000, 7000, 3000, 14000, 17.9, None, None))
    sections = [f"{s}. Lĩnh vực cải cách số {s}: thủ tục hành chính, tổ chức bộ máy" for s in range(1, 9)]
    titles = [f"Nhiệm vụ cải cách hành chính số {t} — rà soát, đơn giản hóa thủ tục" for t in range(160)]
    statuses = ["Đã hoàn thành", "Đang thực hiện", "Vướng mắc", "Chưa thực hiện", "Chưa rõ", "Chưa báo cáo"]
    notes = ["Ghi chú tiến độ: đã trình UBND quận", "Chờ ý kiến của Sở Nội vụ", "", "Đã xong 70 %"]
    start = date(2025, 1, 6)
    details: list[tuple] = []
    for i in range(n):
        t = i % 160
        never = i % 11 == 0
        details.append(
            (
                "01/KH-BCĐ",
                sections[t % 8],
                f"{t % 8 + 1}.{t}",
                titles[t],
                agencies[i // 80 % 3500],
                statuses[5 if never else i % 5],
                None if never else 10 * (i % 11),
                None if never else (notes[i % 4] or None),
                None if never else start + timedelta(days=i % 68),
                i % 3,
                None if t % 4 == 3 else start + timedelta(days=(t * 37) % 400),
                "Có" if i % 9 == 0 else None,
            )
        )
    return [
        Sheet(
            "Tổng hợp",
            ["Cơ quan, đơn vị", "Loại", "Chủ trì", "Hoàn thành", "Đúng hạn", "Sắp đến hạn", "Quá hạn",
             "Vướng mắc", "Chưa báo cáo", "Lâu chưa cập nhật", "Tỷ lệ hoàn thành (%)", "Phối hợp", "Số báo cáo"],
            [42, 18, 12, 12, 12, 12, 12, 12, 12, 14, 14, 12, 12],
            summary_rows,
            frozenset(),
            bold_last=True,
        ),
        Sheet(
            "Chi tiết",
            ["Kế hoạch", "Lĩnh vực", "Số TT", "Nhiệm vụ", "Cơ quan, đơn vị", "Tình trạng", "Tiến độ (%)",
             "Ghi chú", "Ngày báo cáo", "Minh chứng", "Hạn", "Quá hạn"],
            [14, 30, 8, 60, 36, 18, 10, 40, 13, 10, 13, 9],
            details,
            frozenset({8, 10}),
        ),
    ]


def _col(i: int) -> str:
    """Column letter of a 0-based index (enough for A..ZZ)."""
    return chr(65 + i) if i < 26 else chr(64 + i // 26) + chr(65 + i % 26)


# --- writers ------------------------------------------------------------------------------------------


def write_openpyxl(sheets: Sequence[Sheet]) -> bytes:
    """openpyxl write-only, as reports/xlsx.py did: one reused styled cell per date column, deflate 1."""
    from zipfile import ZIP_DEFLATED, ZipFile

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.writer.excel import ExcelWriter

    wb = Workbook(write_only=True)
    bold, fill, align = Font(bold=True), PatternFill("solid", fgColor=HEADER_FILL), Alignment(wrap_text=True)
    for sheet in sheets:
        ws = wb.create_sheet(sheet.title)
        for i, w in enumerate(sheet.widths):
            ws.column_dimensions[_col(i)].width = w
        ws.freeze_panes = "A2"
        header = []
        for title in sheet.headers:
            cell = WriteOnlyCell(ws, value=title)
            cell.font, cell.fill, cell.alignment = bold, fill, align
            header.append(cell)
        ws.append(header)
        dated = {}
        for c in sheet.date_columns:
            dated[c] = WriteOnlyCell(ws)
            dated[c].number_format = DATE_FORMAT
        rows = sheet.rows[:-1] if sheet.bold_last else sheet.rows
        for row in rows:
            if dated:
                row = list(row)
                for c, cell in dated.items():
                    if row[c] is not None:
                        cell.value = row[c]
                        row[c] = cell
            ws.append(row)
        if sheet.bold_last:
            last = [WriteOnlyCell(ws, value=v) for v in sheet.rows[-1]]
            last[0].font = bold
            ws.append(last)
        ws.auto_filter.ref = f"A1:{_col(len(sheet.headers) - 1)}{len(sheet.rows) + 1 - sheet.bold_last}"
    out = io.BytesIO()
    with ZipFile(out, "w", ZIP_DEFLATED, allowZip64=True, compresslevel=1) as archive:
        ExcelWriter(wb, archive).save()
    return out.getvalue()


def write_xlsxwriter(sheets: Sequence[Sheet]) -> bytes:
    """XlsxWriter in constant_memory mode (rows flushed to a temp file as they are written)."""
    import xlsxwriter

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "out.xlsx")
        wb = xlsxwriter.Workbook(path, {"constant_memory": True, "default_date_format": DATE_FORMAT})
        header = wb.add_format({"bold": True, "bg_color": "#" + HEADER_FILL, "text_wrap": True})
        bold = wb.add_format({"bold": True})
        for sheet in sheets:
            ws = wb.add_worksheet(sheet.title)
            for i, w in enumerate(sheet.widths):
                ws.set_column(i, i, w)
            ws.freeze_panes(1, 0)
            ws.autofilter(0, 0, len(sheet.rows) - sheet.bold_last, len(sheet.headers) - 1)
            ws.write_row(0, 0, sheet.headers, header)
            write_row = ws.write_row
            for r, row in enumerate(sheet.rows, 1):
                write_row(r, 0, row)
            if sheet.bold_last:
                ws.write(len(sheet.rows), 0, sheet.rows[-1][0], bold)
        wb.close()
        return Path(path).read_bytes()


def write_rustpy(sheets: Sequence[Sheet]) -> bytes:
    """rustpy-xlsxwriter (rust_xlsxwriter through PyO3): rows as dicts, per-column formats."""
    import rustpy_xlsxwriter as rx

    header = rx.Format().set_bold().set_background_color("#" + HEADER_FILL).set_text_wrap()
    out = io.BytesIO()
    entries, formats, widths, headers, rows_fmt = [], {}, {}, {}, {}
    for sheet in sheets:
        keys = sheet.headers
        entries.append((sheet.title, [dict(zip(keys, row, strict=True)) for row in sheet.rows]))
        widths[sheet.title] = sheet.widths
        headers[sheet.title] = header
        formats[sheet.title] = {keys[c]: rx.Format().set_num_format(DATE_FORMAT) for c in sheet.date_columns}
        if sheet.bold_last:
            rows_fmt[sheet.title] = {len(sheet.rows): rx.Format().set_bold()}
    rx.write_worksheets(
        entries,
        out,
        freeze_panes={"general": {"row": 1, "col": 0}},
        datetime_format=DATE_FORMAT,
        column_widths=widths,
        column_formats={k: v for k, v in formats.items() if v},
        header_format=headers,
        row_formats=rows_fmt,
        autofilter={s.title: True for s in sheets},
    )
    return out.getvalue()


def write_rvgsrust(sheets: Sequence[Sheet]) -> bytes:
    """rvgsrust-xlsxwriter (rust_xlsxwriter through PyO3): XlsxWriter-like API, rows in bulk.

    (Its autofilter takes a range; this one includes the total row, as a bulk write would.)

    A column format does not reach cells written without one, so the dates are written again one by one
    with their format; that needs the sheet in memory (constant_memory rows cannot be gone back to).
    """
    import rvgsrust_xlsxwriter as rx

    wb = rx.Workbook()
    header = wb.add_format().set_bold().set_background_color("#" + HEADER_FILL).set_text_wrap()
    dated = wb.add_format().set_num_format(DATE_FORMAT)
    bold = wb.add_format().set_bold()
    for sheet in sheets:
        ws = wb.add_worksheet(sheet.title)
        for i, w in enumerate(sheet.widths):
            ws.set_column_width(i, w)
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, len(sheet.rows), len(sheet.headers) - 1)
        ws.write_row(0, 0, sheet.headers, header)
        ws.write_rows(1, 0, [list(row) for row in (sheet.rows[:-1] if sheet.bold_last else sheet.rows)])
        if sheet.bold_last:
            ws.write_row(len(sheet.rows), 0, list(sheet.rows[-1]))  # once more, after the bulk
            ws.write(len(sheet.rows), 0, sheet.rows[-1][0], bold)
        write = ws.write_date_py
        for c in sheet.date_columns:
            for r, row in enumerate(sheet.rows, 1):
                if row[c] is not None:
                    write(r, c, row[c], dated)
    return wb.save_to_buffer()


def _records(sheet: Sheet) -> Iterator[dict]:
    keys = sheet.headers
    for row in sheet.rows:
        yield dict(zip(keys, row, strict=True))


def write_rustpy_lazy(sheets: Sequence[Sheet]) -> bytes:
    """rustpy-xlsxwriter fed generators of dicts: the rows are never all held as dicts at once."""
    import rustpy_xlsxwriter as rx

    header = rx.Format().set_bold().set_background_color("#" + HEADER_FILL).set_text_wrap()
    out = io.BytesIO()
    rx.write_worksheets(
        [(s.title, _records(s)) for s in sheets],
        out,
        freeze_panes={"general": {"row": 1, "col": 0}},
        datetime_format=DATE_FORMAT,
        column_widths={s.title: s.widths for s in sheets},
        header_format={s.title: header for s in sheets},
        row_formats={s.title: {len(s.rows): rx.Format().set_bold()} for s in sheets if s.bold_last},
        autofilter={s.title: True for s in sheets},
    )
    return out.getvalue()


def write_rvgsrust_rows(sheets: Sequence[Sheet]) -> bytes:
    """rvgsrust-xlsxwriter in constant_memory mode: one write_row per row, the dates cell by cell."""
    import rvgsrust_xlsxwriter as rx

    wb = rx.Workbook()
    header = wb.add_format().set_bold().set_background_color("#" + HEADER_FILL).set_text_wrap()
    dated = wb.add_format().set_num_format(DATE_FORMAT)
    bold = wb.add_format().set_bold()
    for sheet in sheets:
        ws = wb.add_worksheet(sheet.title, constant_memory=True)
        for i, w in enumerate(sheet.widths):
            ws.set_column_width(i, w)
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, len(sheet.rows) - sheet.bold_last, len(sheet.headers) - 1)
        ws.write_row(0, 0, sheet.headers, header)
        write_row, write_date = ws.write_row, ws.write_date_py
        columns = sorted(sheet.date_columns)
        for r, row in enumerate(sheet.rows, 1):
            write_row(r, 0, list(row))
            for c in columns:
                if row[c] is not None:
                    write_date(r, c, row[c], dated)  # again, with its format, before the row is flushed
        if sheet.bold_last:
            ws.write(len(sheet.rows), 0, sheet.rows[-1][0], bold)
    return wb.save_to_buffer()


def write_pyexcelerate(sheets: Sequence[Sheet]) -> bytes:
    """PyExcelerate: whole sheets from lists, styles by column/row afterwards."""
    from pyexcelerate import Alignment, Color, Fill, Font, Format, Style, Workbook

    wb = Workbook()
    r, g, b = (int(HEADER_FILL[i : i + 2], 16) for i in (0, 2, 4))
    for sheet in sheets:
        data = [sheet.headers, *([v for v in row] for row in sheet.rows)]
        ws = wb.new_sheet(sheet.title, data=data)
        for i, w in enumerate(sheet.widths, 1):
            ws.set_col_style(i, Style(size=w))
        for c in sheet.date_columns:
            ws.set_col_style(c + 1, Style(size=sheet.widths[c], format=Format(DATE_FORMAT)))
        ws.set_row_style(
            1, Style(font=Font(bold=True), fill=Fill(background=Color(r, g, b)), alignment=Alignment(wrap_text=True))
        )
        if sheet.bold_last:
            ws.set_cell_style(len(sheet.rows) + 1, 1, Style(font=Font(bold=True)))
        ws.panes = __import__("pyexcelerate").Panes(y=1)
        ws.auto_filter = True
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def write_excelize(sheets: Sequence[Sheet]) -> bytes:
    """excelize-py (Go excelize through ctypes) StreamWriter; values cross one at a time.

    Its Python StreamWriter.set_row takes bare values only (no style per cell), so this one has no header
    style and Go's default date format: it is here for the speed figure.
    """
    import excelize

    f = excelize.new_file()
    try:
        for n, sheet in enumerate(sheets):
            if n == 0:
                f.set_sheet_name("Sheet1", sheet.title)
            else:
                f.new_sheet(sheet.title)
            sw = f.new_stream_writer(sheet.title)
            for i, w in enumerate(sheet.widths, 1):
                sw.set_col_width(i, i, w)
            sw.set_panes(excelize.Panes(freeze=True, y_split=1, top_left_cell="A2", active_pane="bottomLeft"))
            sw.set_row("A1", list(sheet.headers))
            for r, row in enumerate(sheet.rows, 2):
                sw.set_row(f"A{r}", list(row))
            sw.flush()
            f.auto_filter(sheet.title, f"A1:{_col(len(sheet.headers) - 1)}{len(sheet.rows) + 1}", [])
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "out.xlsx")
            f.save_as(path)
            return Path(path).read_bytes()
    finally:
        f.close()


WRITERS: dict[str, tuple[str, Callable[[Sequence[Sheet]], bytes]]] = {
    "openpyxl": ("openpyxl", write_openpyxl),
    "xlsxwriter": ("xlsxwriter", write_xlsxwriter),
    "rustpy-xlsxwriter": ("rustpy-xlsxwriter", write_rustpy),
    "rustpy-xlsxwriter-lazy": ("rustpy-xlsxwriter", write_rustpy_lazy),
    "rvgsrust-xlsxwriter": ("rvgsrust-xlsxwriter", write_rvgsrust),
    "rvgsrust-xlsxwriter-rows": ("rvgsrust-xlsxwriter", write_rvgsrust_rows),
    "pyexcelerate": ("pyexcelerate", write_pyexcelerate),
    "excelize": ("excelize", write_excelize),
}


# --- measuring and checking ----------------------------------------------------------------------------


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_one(name: str, rows: int, repeat: int) -> dict:
    """Time one writer (in this process, which the parent started fresh)."""
    write = WRITERS[name][1]
    sheets = make_sheets(rows)
    data_rss = _rss_mb()
    walls, cpus, size = [], [], 0
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        size = len(write(sheets))
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    return {"wall": min(walls), "cpu": min(cpus), "data_rss": data_rss, "peak_rss": _rss_mb(), "bytes": size}


def check(name: str) -> list[str]:
    """Read a small workbook back with openpyxl; the list of what is wrong (empty when all is well)."""
    from openpyxl import load_workbook

    sheets = make_sheets(300)
    wb = load_workbook(io.BytesIO(WRITERS[name][1](sheets)))
    problems = []
    if wb.sheetnames != [s.title for s in sheets]:
        problems.append(f"sheet names {wb.sheetnames}")
    for sheet in sheets:
        ws = wb[sheet.title]
        last = _col(len(sheet.headers) - 1)
        if ws.freeze_panes != "A2":
            problems.append(f"{sheet.title}: freeze {ws.freeze_panes}")
        # the total row stays out of the filter, so that sorting never moves it
        if ws.auto_filter.ref != f"A1:{last}{len(sheet.rows) + 1 - sheet.bold_last}":
            problems.append(f"{sheet.title}: autofilter {ws.auto_filter.ref}")
        # a <col> element may span several columns; XlsxWriter-style writers add Excel's 0.71 padding
        spans = {i: d.width for d in ws.column_dimensions.values() for i in range(d.min - 1, d.max) if d.min}
        widths = [spans.get(i) for i in range(len(sheet.widths))]
        if any(a is None or not 0 <= a - b < 0.75 for a, b in zip(widths, sheet.widths, strict=True)):
            problems.append(f"{sheet.title}: widths {widths}")
        head = ws[1]
        if [c.value for c in head] != sheet.headers or not head[0].font.b:
            problems.append(f"{sheet.title}: header")
        if (head[0].fill.fgColor.rgb or "")[-6:] != HEADER_FILL:
            problems.append(f"{sheet.title}: header fill {head[0].fill.fgColor.rgb}")
        got = list(ws.iter_rows(min_row=2))
        if len(got) != len(sheet.rows):
            problems.append(f"{sheet.title}: {len(got)} rows")
        bad = 0
        for want, cells in zip(sheet.rows, got, strict=False):
            for i, (v, cell) in enumerate(zip(want, cells, strict=False)):
                if isinstance(v, date):
                    ok = cell.value == datetime(v.year, v.month, v.day) and cell.number_format == DATE_FORMAT
                else:
                    ok = cell.value == v and (cell.number_format == "General" or i in sheet.date_columns)
                bad += not ok
        if bad:
            problems.append(f"{sheet.title}: {bad} cells differ")
        if sheet.bold_last and not got[-1][0].font.b:
            problems.append(f"{sheet.title}: total row not bold")
    return problems


def main() -> None:
    """Each writer in its own subprocess, then a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("writers", nargs="*", default=list(WRITERS))
    parser.add_argument("--rows", type=int, default=280_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--check", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.rows, args.repeat)))
        return
    if args.check:
        print(json.dumps(check(args.check)))
        return
    from importlib.metadata import PackageNotFoundError, version

    print(f"{args.rows:,} detail rows + 3,501 summary rows; best of {args.repeat}; one process per writer")
    print(f"{'writer':<26}{'version':<10}{'wall s':>8}{'CPU s':>8}{'data MB':>9}{'peak MB':>9}{'file MB':>9}  read back")
    for name in args.writers:
        dist = WRITERS[name][0]
        try:
            ver = version(dist)
        except PackageNotFoundError:
            print(f"{name:<26}not installed")
            continue
        me = [sys.executable, __file__]
        done = subprocess.run([*me, "--one", name, "--rows", str(args.rows), "--repeat", str(args.repeat)],
                              capture_output=True, text=True)
        if done.returncode:
            print(f"{name:<26}{ver:<10}failed: {done.stderr.strip().splitlines()[-1:]}")
            continue
        m = json.loads(done.stdout)
        checked = subprocess.run([*me, "--check", name], capture_output=True, text=True)
        verdict = ("OK" if checked.stdout.strip() == "[]" else checked.stdout.strip()) if not checked.returncode \
            else f"error: {checked.stderr.strip().splitlines()[-1:]}"
        print(f"{name:<26}{ver:<10}{m['wall']:>8.2f}{m['cpu']:>8.2f}{m['data_rss']:>9.0f}{m['peak_rss']:>9.0f}"
              f"{m['bytes'] / 2**20:>9.1f}  {verdict}")


if __name__ == "__main__":
    main()
