"""Vietnamese text normalisation shared by the readers, the grammar and the reply reader (pure)."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable

# The two tone placements ("hóa"/"hoá", "thủy"/"thuỷ") must compare equal; comparison keys use one of them.
_OLD_TONES = {
    "òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ",
    "òe": "oè", "óe": "oé", "ỏe": "oẻ", "õe": "oẽ", "ọe": "oẹ",
    "ùy": "uỳ", "úy": "uý", "ủy": "uỷ", "ũy": "uỹ", "ụy": "uỵ",
}
_OLD_TONES.update({k.capitalize(): v.capitalize() for k, v in list(_OLD_TONES.items())})
_OLD_TONE_RE = re.compile("|".join(map(re.escape, _OLD_TONES)))

_TAG_RE = re.compile(r"<[^>]*>")
_BREAK_TAG_RE = re.compile(r"<\s*(br|/?p|/?li|/?ul|/?ol|/?div)\b[^>]*>", re.IGNORECASE)
_SPACE_RE = re.compile(r"[ \t\u00a0\u200b]+")


def nfc(text: str) -> str:
    """Unicode NFC, the form every stored and compared text uses."""
    return unicodedata.normalize("NFC", text)


def unify_tones(text: str) -> str:
    """NFC with both tone placements brought to one form ("hóa" and "hoá" both give "hoá"), for comparing."""
    return _OLD_TONE_RE.sub(lambda m: _OLD_TONES[m.group(0)], nfc(text))


def fold(text: str) -> str:
    """Lower case, no diacritics, đ → d, spaces collapsed: the key for comparing typed Vietnamese."""
    text = unicodedata.normalize("NFD", text.lower()).replace("đ", "d").replace("\u0111", "d")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return _SPACE_RE.sub(" ", text).strip()


def strip_html(text: str) -> str:
    """Remove HTML tags (block tags become line breaks) and unescape entities."""
    text = _BREAK_TAG_RE.sub("\n", text)
    text = _TAG_RE.sub("", text)
    return html.unescape(text)


def squash(text: str) -> str:
    """Collapse runs of spaces and trim each line; drop empty lines."""
    lines = (_SPACE_RE.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def utf16_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units: an emoji outside the BMP counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def _cut_point(line: str, limit: int) -> int:
    """Where to cut an over-long line: at most `limit` UTF-16 units, at a space when one is near."""
    size = 0
    end = 0
    for i, ch in enumerate(line):
        size += 2 if ord(ch) > 0xFFFF else 1
        if size > limit:
            break
        end = i + 1
    # never leave a combining mark, variation selector or joiner at the start of the next piece
    while 0 < end < len(line) and (
        unicodedata.combining(line[end]) or line[end] in "\u200d\ufe0f\ufe0e" or line[end - 1] == "\u200d"
    ):
        end -= 1
    space = line.rfind(" ", 0, end)
    if space > end // 2:
        return space + 1
    return max(end, 1)


def split_chunks(lines: Iterable[str], limit: int) -> list[str]:
    """Join lines into messages of at most `limit` UTF-16 units, never cutting a line that fits."""
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for line in lines:
        pieces = [line]
        if utf16_len(line) > limit:
            pieces = []
            rest = line
            while utf16_len(rest) > limit:
                cut = _cut_point(rest, limit)
                pieces.append(rest[:cut].rstrip() or rest[:cut])
                rest = rest[cut:]
            pieces.append(rest)
        for piece in pieces:
            extra = utf16_len(piece) + (1 if current else 0)
            if current and size + extra > limit:
                chunks.append("\n".join(current))
                current, size = [], 0
                extra = utf16_len(piece)
            current.append(piece)
            size += extra
    if current:
        chunks.append("\n".join(current))
    # blank lines at a chunk's edge are noise in chat
    return [c.strip("\n") for c in chunks if c.strip()]


def split_text(text: str, limit: int) -> list[str]:
    """A message cut between lines into chat-sized pieces (`split_chunks` of its lines)."""
    return split_chunks(text.split("\n"), limit) or [text[:limit]]
