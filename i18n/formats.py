"""Numbers, percents, dates and times as each language writes them, through Babel's locale data.

Apart from the catalogue (i18n/__init__.py) because loading Babel's dates costs a command that only reads a
plan or a reply a good share of its start-up, and those commands format nothing.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from babel.dates import format_date as _babel_date
from babel.dates import format_time as _babel_time
from babel.numbers import format_decimal
from babel.numbers import format_percent as _babel_percent

from i18n import LANGUAGES

# Vietnamese offices write 06/12/2026 and 03/2026 (CLDR's vi short forms are 6/12/26 and "tháng 03, 2026")
_DATE_PATTERNS = {"vi": "dd/MM/yyyy", "en": "medium"}
_MONTH_PATTERNS = {"vi": "MM/yyyy", "en": "MMM yyyy"}


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


class _Count(int):
    """A count that picks a plural form as the number it is and prints as the language writes it."""

    lang: str

    def __format__(self, spec: str) -> str:
        return format_number(int(self), self.lang) if not spec else super().__format__(spec)


def format_count(value: int, lang: str = "vi") -> int:
    """A count for a text's {count} or {n}: still a number (a plural message picks its form by it), shown
    grouped as the language writes it (48.184 in Vietnamese, 48,184 in English)."""
    count = _Count(value)
    count.lang = _locale(lang)
    return count


_LETTERED = re.compile(r"^[^\W\d_](?=$|\s)")  # «c», «đ», «c [25/KH-UBND]»: a task numbered by a letter


def printed_number(number: str) -> str:
    """A task's number as printed before its title: a lettered one as offices write it, «c)» (the key people
    type stays «c»); any other as it is."""
    return _LETTERED.sub(lambda letter: letter.group(0) + ")", number, count=1)
