"""Text that renders: the characters no document, spreadsheet or chat message can carry, found or removed.

Control characters (U+0000–U+001F except tab and newline), the non-characters U+FFFE and U+FFFF and lone
surrogates are invalid in the XML inside DOCX and XLSX files and in the UTF-8 a chat API takes: one of them in
an agency name made the whole quarterly report fail. Names are refused with them (storage/agencies.py);
everything written to a document, a workbook or a chat goes through `printable` first.
"""

from __future__ import annotations

import re
from dataclasses import replace

from chat.messages import Choice, OutgoingMessage

_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff\ud800-\udfff]")


def first_unprintable(text: str) -> str | None:
    """The first character of `text` that can't be rendered, as U+XXXX (None: all can)."""
    found = _UNPRINTABLE.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def printable(text: str) -> str:
    """`text` without the characters that can't be rendered."""
    return _UNPRINTABLE.sub("", text)


def printable_message(message: OutgoingMessage) -> OutgoingMessage:
    """A message whose text, button labels and file captions hold only characters that render."""
    choices = tuple(tuple(Choice(printable(c.label), c.data) for c in row) for row in message.choices)
    files = tuple(replace(f, caption=printable(f.caption)) if f.caption else f for f in message.files)
    return replace(message, text=printable(message.text), choices=choices, files=files)
