"""Every text people read, through gettext catalogues (numbers and dates: i18n.formats).

The catalogues are `i18n/locale/{vi,en}/LC_MESSAGES/nhacviec.po`; a message id is a key such as
"tasks_header", and each catalogue's text for it is a `str.format` template ("Việc của {agency} ({count}):").
They are compiled in memory at first use (no .mo files to build). Vietnamese is the source language:
a text missing in English falls back to Vietnamese, and an id missing from both raises KeyError.

To add a message:
1. In the code, write the id as a literal inside `t("new_key", lang, name=...)`; an id chosen at run time
   (a dict of statuses, a default argument, an error raised as `BadInput(N_("new_key"), name=...)`) is
   written inside `N_("new_key")`, so extraction still finds it.
2. In both .po files add `msgid "new_key"` and its `msgstr` with the same {placeholders}. When the text
   shows a count, name it {count} and give plural forms: `msgid_plural "new_key"`, then `msgstr[0]` in
   Vietnamese (one form) and `msgstr[0]`/`msgstr[1]` (one/other) in English.
3. Run tests/test_i18n.py: it extracts the ids as below and checks both catalogues.

Every message id the code uses (N_ is one of pybabel's default keywords; babel.cfg names the packages):

    pybabel extract -F babel.cfg -k t -o /tmp/nhacviec.pot .
"""

from __future__ import annotations

import gettext
import io
import os
import re
import threading
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

LANGUAGES = ("vi", "en")
DOMAIN = "nhacviec"
LOCALE_DIR = Path(__file__).parent / "locale"


def t(key: str, lang: str = "vi", **values: object) -> str:
    """The text `key` in `lang` (Vietnamese when the language or its text is missing), filled with `values`.

    A message with plural forms (msgid_plural in the catalogue) takes its form from the value `count`;
    a value that is a `Text` (a location inside a warning) is rendered in the same language.
    """
    values = {name: value.render(lang) if isinstance(value, Text) else value for name, value in values.items()}
    if key in _plural_ids():
        template = _translations(lang).ngettext(key, key, values["count"])  # type: ignore[arg-type]
    else:
        template = _translations(lang).gettext(key)
    return template.format(**values) if values else template


def N_(key: str) -> str:
    """Mark a message id chosen at run time, so `pybabel extract` finds it; returns the id unchanged."""
    return key


class Text:
    """A message id and its values, kept apart until the edge renders them in the reader's language.

    Parsers and storage produce these instead of sentences; str() is the Vietnamese rendering, for logs.
    """

    __slots__ = ("key", "values")

    def __init__(self, key: str, **values: object) -> None:
        self.key = key
        self.values = values

    def render(self, lang: str = "vi") -> str:
        """The text in `lang`: `t(key, lang, **values)`."""
        return t(self.key, lang, **self.values)

    def as_json(self) -> dict:
        """{"key": …, "values": {…}}: dates as ISO strings, nested texts as their own key and values."""
        return {"key": self.key, "values": {name: _json_value(value) for name, value in self.values.items()}}

    def __str__(self) -> str:
        return self.render("vi")

    def __repr__(self) -> str:
        return f"Text({self.key!r}, **{self.values!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and (self.key, self.values) == (other.key, other.values)

    def __hash__(self) -> int:
        return hash((self.key, tuple(self.values.items())))


def _json_value(value: object) -> object:
    if isinstance(value, Text):
        return value.as_json()
    return value.isoformat() if isinstance(value, date) else value


def _locale(lang: str) -> str:
    return lang if lang in LANGUAGES else "vi"


class _Missing(gettext.NullTranslations):
    """The end of the fallback chain: an id no catalogue has is a bug, not a text to show."""

    def gettext(self, message: str) -> str:
        raise KeyError(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        raise KeyError(msgid1)


@cache
def _translations(lang: str) -> gettext.NullTranslations:
    lang = _locale(lang)
    translations = gettext.GNUTranslations(io.BytesIO(_compiled(lang)))
    translations.add_fallback(_translations("vi") if lang != "vi" else _Missing())
    return translations


def _compiled(lang: str) -> bytes:
    """The language's .mo bytes: the copy compiled beside the .po when it is newer, else compiled now.

    Reading a .po with Babel costs a command about 70 ms; the copy is written when the folder allows
    (a read-only installation compiles in memory every time, with the same result).
    """
    source, compiled = _po_path(lang), _po_path(lang).with_suffix(".mo")
    try:
        if compiled.stat().st_mtime >= source.stat().st_mtime:
            return compiled.read_bytes()
    except OSError:
        pass
    data = compile_catalogue(read_catalogue(lang))
    try:
        # a name of this process and thread: two workers, or a bot's two rendering threads, never share one
        partial = compiled.with_suffix(f".{os.getpid()}-{threading.get_ident()}.part")
        partial.write_bytes(data)
        partial.replace(compiled)  # atomic: another process never reads half a file
    except OSError:
        pass
    return data


@cache
def _plural_ids() -> frozenset[str]:
    """The ids with plural forms (an id line followed by msgid_plural in the source catalogue)."""
    text = _po_path("vi").read_text(encoding="utf-8")
    return frozenset(re.findall(r'^msgid "([^"]+)"\nmsgid_plural ', text, re.MULTILINE))


def _po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalogue(lang: str) -> Catalog:
    """The language's .po catalogue as Babel reads it."""
    # Babel's .po reader loads babel.dates too (about 25 ms): only a command that shows a message pays it
    from babel.messages.pofile import read_po

    with _po_path(lang).open("rb") as source:
        return read_po(source, locale=lang, domain=DOMAIN)


def compile_catalogue(catalogue: Catalog) -> bytes:
    """A catalogue compiled to GNU .mo bytes, in memory: nothing to build before the bot runs."""
    from babel.messages.mofile import write_mo  # with read_po, loaded on the first message shown

    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    return compiled.getvalue()
