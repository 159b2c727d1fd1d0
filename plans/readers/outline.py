"""A document's body as an outline: list items and paragraphs nested by their markers (pure).

Markers: "Phần I" / "Chương II" (the title on the same line or the next), "Điều 1.", "I." (or "I -", "I/"), "1." ("1/"), "1.1.", "1)", "(1)", "a)" ("a/"), "-", "–", "+", "•". A marker's level is the
order in which its kind first appears (legal documents nest I. → 1. → a) → - → +); "1.2.3" nests under
"1.2". A line without a marker is a paragraph under the last heading; one starting in lower case (or,
in hard-wrapped text, following a line with no closing punctuation) continues the line before.

The body ends at "Nơi nhận", a signature block ("KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN", a title
alone in capitals) or a list of recipients; an appendix ("PHỤ LỤC", "Ban hành kèm theo…") opens it again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from i18n import Text
from plans.readers.closing import ends_document, reopens_document
from plans.readers.prose import plain_line

_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("article", re.compile(r"^(Điều\s+(\d+))\s*[.:]\s*(.*)$", re.IGNORECASE)),
    ("part", re.compile(r"^((?:Phần|PHẦN|Chương|CHƯƠNG)\s+([IVXL]+|\d{1,2}|thứ\s+\w+|THỨ\s+\w+))\s*(?:[.:]|\s[-–])?\s*(.*)$")),
    ("roman", re.compile(r"^(([IVXL]+))\s*(?:[./)]|\s[-–])\s+(.*)$")),
    ("dotted", re.compile(r"^(((?:\d+\.)+\d+))\.?\)?\s+(.*)$")),
    ("number", re.compile(r"^((\d{1,2}))\s*[./]\s+(.*)$")),  # "1." or, typed in older letters, "1/"
    ("paren", re.compile(r"^((\d{1,2}))\)\s+(.*)$")),
    ("wrapped", re.compile(r"^(\((\d{1,2}|[a-zđ])\))\s+(.*)$")),
    ("letter", re.compile(r"^(([a-zđ]))\s*[)/]\s+(.*)$")),
    ("dash", re.compile(r"^(([-–—]))\s*(.*\S.*)$")),
    ("plus", re.compile(r"^(([+]))\s+(.*)$")),
    ("dot", re.compile(r"^(([•●▪◦·*○■□✓]))\s*(.*)$")),
)
_SENTENCE_END = (".", ";", ":", "!", "?", "…", "./.")
_WRAP_MIN = 50  # a hard-wrapped line is at least this long


@dataclass
class Item:
    """One list item or paragraph: its marker kind and number, its text (continuations joined), children."""

    kind: str
    number: str
    text: str
    where: Text
    level: int
    children: list[Item] = field(default_factory=list)
    parent: Item | None = None


def body_lines(lines: list[str], where: list[Text], *, wrapped: bool) -> list[tuple[str, Text]]:
    """The body's lines, plain, without the closing parts, continuations joined to the line they continue."""
    out: list[tuple[str, Text]] = []
    closed = False
    for raw, loc in zip(lines, where, strict=True):
        line = _unescape(plain_line(raw))
        if not line or re.fullmatch(r"[|:\-\s]+", line):
            continue
        if closed:
            if reopens_document(line):
                closed = False
            else:
                continue
        if ends_document(line):
            closed = True
            continue
        if out and _continues(out[-1][0], line, wrapped=wrapped):
            out[-1] = (f"{out[-1][0]} {line}", out[-1][1])
            continue
        out.append((line, loc))
    return out


def _unescape(line: str) -> str:
    """Markdown escapes ("1\\.", "\\-") and emphasis marks left by a web page's copy."""
    line = re.sub(r"\\([.\-*_+#()\[\]])", r"\1", line)
    return re.sub(r"(?<!\w)[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}(?!\w)", "", line).strip()


def _continues(previous: str, line: str, *, wrapped: bool) -> bool:
    if _marker(line) is not None:
        return False
    if line[:1].islower():
        return True
    return wrapped and len(previous) >= _WRAP_MIN and not previous.endswith(_SENTENCE_END) and not previous.isupper()


def _marker(line: str) -> tuple[str, str, str] | None:
    for kind, rx in _MARKERS:
        m = rx.match(line)
        if m:
            if kind == "roman" and len(m.group(2)) > 4:
                continue
            if kind == "dash" and re.match(r"^[-–—]\s*\d", line) and not re.match(r"^[-–—]\s+", line):
                continue  # "-5%" is a number
            return kind, m.group(2), m.group(3).strip()
    return None


_RANK = {"part": 0, "article": 0, "roman": 1, "number": 2, "paren": 6, "wrapped": 6, "letter": 7, "dash": 8, "dot": 8,
         "plus": 9}


def outline(lines: list[tuple[str, Text]]) -> list[Item]:
    """Nest body lines into items by their markers' ranks (Điều > I. > 1. > 1.1. > 1) > a) > - > +)."""
    roots: list[Item] = []
    stack: list[Item] = []
    for line, loc in lines:
        found = _marker(line)
        if found is None and stack and stack[-1].kind == "part" and not stack[-1].text:
            stack[-1].text = line  # "Phần II" alone, its title on the next line ("NHIỆM VỤ CỤ THỂ")
            continue
        if found is None:
            # a paragraph belongs under the last heading ("4. Phòng Tư pháp:"), not under an item that is a
            # whole sentence ("2. Xây dựng báo cáo …, gửi trước ngày 15/12."): that one it follows as a sibling
            parent = next((i for i in reversed(stack) if i.kind not in ("dash", "plus", "dot", "para")
                           and not i.text.rstrip().endswith((".", ";", "!", "?"))), None)
            level = (parent.level + 1) if parent else 0
            while stack and stack[-1] is not parent:
                stack.pop()
            item = Item("para", "", line, loc, level, parent=parent)
            (parent.children if parent else roots).append(item)
            continue
        kind, number, text = found
        level = 2 + min(number.count("."), 3) if kind == "dotted" else _RANK[kind]
        while stack and stack[-1].level >= level:
            stack.pop()
        parent = stack[-1] if stack else None
        item = Item(kind, number, text, loc, level, parent=parent)
        (parent.children if parent else roots).append(item)
        stack.append(item)
    return roots


def walk(items: list[Item]):
    """Every item, depth first."""
    for item in items:
        yield item
        yield from walk(item.children)
