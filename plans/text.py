"""Vietnamese text normalisation shared by the readers, the grammar and the reply reader (pure)."""

from __future__ import annotations

import html
import re
import unicodedata

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


_OLD_QUY_RE = re.compile(r"(?<![a-z])qui(?![a-z])")


def modern_quy(folded: str) -> str:
    """Folded text with the older spelling of "quý" ("Quí IV", "Qúi III" fold to "qui") as "quy"; same length."""
    return _OLD_QUY_RE.sub("quy", folded)
