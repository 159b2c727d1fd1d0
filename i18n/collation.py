"""Vietnamese alphabetical order for names shown in lists: "Phường Cầu Kho" before "Phường Cô Giang", "Phường
Đa Kao" after "Phường Cầu Ông Lãnh" and before "Phường Tân Định", "Phường 2" before "Phường 10".

Python compares code points, which puts every accented capital (Đ, Ô, Ư…) after Z and "ầ" after "ô". Babel has
no collation and PyICU is a large native dependency, so the order is a key of our own, as dictionaries sort:
first by letters, where ă, â, đ, ê, ô, ơ, ư are letters of their own (a < ă < â < b … d < đ), case and tone
marks set aside; then by tone (none, huyền, hỏi, ngã, sắc, nặng); then as typed. Numbers sort by value.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {letter: chr(0x100 + i) for i, letter in enumerate(_ALPHABET)}  # above digits, spaces, punctuation
# huyền, hỏi, ngã, sắc, nặng
_TONE_MARKS = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
_NUMBER_RE = re.compile(r"\d+")


def _tables() -> tuple[dict[int, str], dict[int, str | None]]:
    """str.translate tables over the Latin letters (lower case): each to its letter's rank, and each to its
    tone ("0" for none); a character no table knows keeps its place in the first and none in the second."""
    letters: dict[int, str] = {}
    tones: dict[int, str | None] = {code: None for code in range(0x80)}  # digits, spaces, punctuation: no tone
    for code in (*range(0x61, 0x7B), *range(0xE0, 0x250), *range(0x1E00, 0x1F00)):
        ch = chr(code)
        if ch != ch.lower():
            continue
        marks = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(m for m in marks if m not in _TONE_MARKS))
        if base in _RANK:
            letters[code] = _RANK[base]
            tones[code] = next((_TONE_MARKS[m] for m in marks if m in _TONE_MARKS), "0")
    return letters, tones


_LETTERS, _TONES = _tables()


@lru_cache(maxsize=1 << 16)  # the same few thousand agency names are sorted by every summary
def vi_sort_key(text: str) -> tuple[str, str, str]:
    """The key that sorts names in Vietnamese alphabetical order (letters, then tones, then as typed)."""
    lowered = unicodedata.normalize("NFC", text).lower()
    if any(ch.isdigit() for ch in lowered):
        lowered = _NUMBER_RE.sub(lambda m: m[0].rjust(12, "0"), lowered)
    return lowered.translate(_LETTERS), lowered.translate(_TONES), text
