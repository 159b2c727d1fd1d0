"""Plain text and Markdown exports: body lines, and tab-separated lines as table rows."""

from __future__ import annotations

from i18n import N_, Text
from plans.readers.limits import ReadLimits
from plans.readers.source import Row, Source
from plans.text import nfc


def read_text(data: bytes, name: str, limits: ReadLimits) -> Source:
    """Decode a .txt/.md plan (UTF-8, UTF-16 or Windows-1258 as a last resort) into a Source."""
    text = _decode(data)
    source = Source(name=name)
    rows: list[Row] = []
    for number, line in enumerate(text.splitlines(), start=1):
        where = Text(N_("where_line"), line=number)
        cells = line.split("\t")
        limits.count(len(cells), len(line))
        if len(cells) > 1:
            rows.append(Row(cells=tuple(cells), where=where))
        else:
            source.add_line(line, where)
    if rows:
        source.tables.append(rows)
    return source


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return nfc(data.decode("utf-16"))
    try:
        return nfc(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return nfc(data.decode("cp1258", errors="replace"))
