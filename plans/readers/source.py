"""The common shape every file format is read into: body lines and table rows, each with a location."""

from __future__ import annotations

from dataclasses import dataclass, field

from i18n import Text


@dataclass(frozen=True)
class Row:
    """One table row: cell texts (HTML fragments allowed) and, per cell, whether it is the cell above.

    `merged_above[i]` is true when a vertically merged cell repeats the cell of the previous row (docx);
    `where` names the row for errors and warnings, as a text rendered in the reader's language
    ("dòng 307", "bảng 2, hàng 5", "trang tính 'KH', hàng 9").
    """

    cells: tuple[str, ...]
    where: Text
    merged_above: tuple[bool, ...] = ()

    def cell(self, index: int | None) -> str:
        """The text of a cell, or "" when the row is shorter or the column is absent."""
        if index is None or index >= len(self.cells):
            return ""
        return self.cells[index]

    def is_merged_above(self, index: int | None) -> bool:
        """Whether the cell repeats the one above (a vertical merge)."""
        return index is not None and index < len(self.merged_above) and self.merged_above[index]


@dataclass
class Source:
    """A document as lines of body text plus table rows (all tables in reading order)."""

    name: str
    lines: list[str] = field(default_factory=list)
    line_where: list[Text] = field(default_factory=list)
    tables: list[list[Row]] = field(default_factory=list)
    wrapped: bool = False  # plain text whose lines may be hard-wrapped (a copy from a web page or e-mail)

    def add_line(self, text: str, where: Text) -> None:
        """Append one body line with its location."""
        self.lines.append(text)
        self.line_where.append(where)
