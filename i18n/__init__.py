"""Every text people read, through gettext catalogues, and numbers and dates in their language's format.

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
from datetime import date, datetime
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path

from babel.dates import format_date as _babel_date
from babel.dates import format_time as _babel_time
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.numbers import format_percent as _babel_percent

LANGUAGES = ("vi", "en")
DOMAIN = "nhacviec"
LOCALE_DIR = Path(__file__).parent / "locale"
# Vietnamese offices write 06/12/2026 and 03/2026 (CLDR's vi short forms are 6/12/26 and "tháng 03, 2026")
_DATE_PATTERNS = {"vi": "dd/MM/yyyy", "en": "medium"}
_MONTH_PATTERNS = {"vi": "MM/yyyy", "en": "MMM yyyy"}


def t(key: str, lang: str = "vi", **values: object) -> str:
    """The text `key` in `lang` (Vietnamese when the language or its text is missing), filled with `values`.

    A message with plural forms (msgid_plural in the catalogue) takes its form from the value `count`.
    """
    if key in _plural_ids():
        template = _translations(lang).ngettext(key, key, values["count"])  # type: ignore[arg-type]
    else:
        template = _translations(lang).gettext(key)
    return template.format(**values) if values else template


def N_(key: str) -> str:
    """Mark a message id chosen at run time, so `pybabel extract` finds it; returns the id unchanged."""
    return key


def format_number(value: float | Decimal, lang: str = "vi") -> str:
    """A number as the language writes it: 1.234,5 in Vietnamese, 1,234.5 in English."""
    return format_decimal(value, locale=_locale(lang))


def format_percent(value: float, lang: str = "vi") -> str:
    """A percentage given in percent, to one decimal: 15.4 → "15,4%" in Vietnamese (CLDR writes no space)."""
    fraction = Decimal(str(round(value, 1))) / 100  # through str so 33.3 stays 33.3, not 33.29999…
    return _babel_percent(fraction, locale=_locale(lang), decimal_quantization=False)


def format_date(day: date | str | None, lang: str = "vi") -> str:
    """A date as the language writes it: 06/12/2026 in Vietnamese, Dec 6, 2026 in English ("" for None)."""
    if day is None:
        return ""
    if isinstance(day, str):
        day = date.fromisoformat(day[:10])
    lang = _locale(lang)
    return _pattern_date(day, _DATE_PATTERNS[lang], lang)


def format_month(day: date, lang: str = "vi") -> str:
    """A month as the language writes it: 03/2026 in Vietnamese, Mar 2026 in English."""
    lang = _locale(lang)
    return _pattern_date(day, _MONTH_PATTERNS[lang], lang)


def format_time(moment: datetime, lang: str = "vi") -> str:
    """A time of day as the language writes it: 08:05 in Vietnamese, 8:05 AM in English."""
    return _babel_time(moment, "short", locale=_locale(lang))


@lru_cache(maxsize=4096)  # a digest run formats the same few dates for every person
def _pattern_date(day: date, pattern: str, lang: str) -> str:
    return _babel_date(day, pattern, locale=lang)


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
    translations = gettext.GNUTranslations(io.BytesIO(compile_catalogue(read_catalogue(lang))))
    translations.add_fallback(_translations("vi") if lang != "vi" else _Missing())
    return translations


@cache
def _plural_ids() -> frozenset[str]:
    """The ids with plural forms, from the source catalogue (tests check English has the same)."""
    return frozenset(message.id[0] for message in read_catalogue("vi") if message.pluralizable)


def read_catalogue(lang: str) -> Catalog:
    """The language's .po catalogue as Babel reads it."""
    with (LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as source:
        return read_po(source, locale=lang, domain=DOMAIN)


def compile_catalogue(catalogue: Catalog) -> bytes:
    """A catalogue compiled to GNU .mo bytes, in memory: nothing to build before the bot runs."""
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    return compiled.getvalue()
