"""Reading the dates people type in progress replies: dd/mm, Vietnamese weekdays and relative phrases (pure)."""

from __future__ import annotations

import calendar
import functools
import logging
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo

from plans.text import fold
from plans.workdays import add_working_days, next_working_day, tet_break

log = logging.getLogger(__name__)

# A dd/mm without a year that lies further back than this is read as next year's date.
_PAST_WINDOW = timedelta(days=183)
_MAX_FALLBACK_CHARS = 60


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch.isspace():
        return "\n" if ch == "\n" else " "
    folded = fold(ch)
    return folded[:1] if folded else " "


def aligned_fold(text: str) -> str:
    """`plans.text.fold` char by char (line breaks kept), so index i of the result is char i of `text`."""
    return "".join(_fold_char(ch) for ch in text)


def local_now(now: datetime, tz: ZoneInfo) -> datetime:
    """`now` as a naive wall-clock time in `tz` (a naive `now` is taken as already local)."""
    if now.tzinfo is None:
        return now
    return now.astimezone(tz).replace(tzinfo=None)


def word_ok(original: str, *forms: str) -> bool:
    """True when a matched word was typed without diacritics or exactly as one of `forms`.

    Folding merges words apart in meaning ("chờ"/"cho", "thứ tư"/"thứ tự"); typed with diacritics,
    only the intended spelling counts.
    """
    low = original.lower()
    return low.isascii() or low in forms


@dataclass(frozen=True)
class DateSpan:
    """A date found in a text: where (indices into the text) and what kind of expression it was."""

    start: int
    end: int
    value: date
    kind: Literal["explicit", "relative"]


# ---- calendar helpers -------------------------------------------------------------------------------


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def _quarter_end(year: int, quarter: int) -> date:
    return _month_end(year, quarter * 3)


def _safe_date(year: int, month: int, day: int) -> date | None:
    if not (2000 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _day_month(day: int, month: int, year: int | None, today: date) -> date | None:
    if year is not None:
        if year < 100:
            year += 2000
        return _safe_date(year, month, day)
    value = _safe_date(today.year, month, day)
    if value is None:
        # 29/02 typed in a year without it: next leap year only if that is the coming one
        return _safe_date(today.year + 1, month, day)
    if value < today - _PAST_WINDOW:
        return _safe_date(today.year + 1, month, day)
    return value


def _month_only(month: int, year: int | None, today: date) -> date | None:
    if not 1 <= month <= 12:
        return None
    if year is not None:
        return _month_end(year, month) if 2000 <= year <= 2100 else None
    value = _month_end(today.year, month)
    if value < today - _PAST_WINDOW:
        return _month_end(today.year + 1, month)
    return value


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


# ---- patterns (matched against the aligned fold) ----------------------------------------------------

_B = r"(?<![a-z0-9])"
_E = r"(?![a-z0-9])"

_WEEKDAY_WORDS = {"hai": 0, "ba": 1, "tu": 2, "nam": 3, "sau": 4, "bay": 5}
_WEEKDAY_FORMS = {
    0: ("thứ hai",),
    1: ("thứ ba",),
    2: ("thứ tư",),
    3: ("thứ năm",),
    4: ("thứ sáu",),
    5: ("thứ bảy", "thứ bẩy"),
    6: ("chủ nhật",),
}
_WEEK_QUALIFIER = r"(?:\s+(?P<q>tuan\s+(?:sau|toi|ke\s+tiep|nay|nay)|sau|toi|nay))?"

_WEEKDAY_RE = re.compile(
    _B
    + r"(?:(?P<full>thu\s*(?P<n>[2-7])|thu\s+(?P<w>hai|ba|tu|nam|sau|bay)|chu\s*nhat)"
    + r"|(?P<short>t(?P<tn>[2-7])|cn))"
    + _E
    + _WEEK_QUALIFIER
    + _E
)
_DMY_RE = re.compile(r"(?<![\d/.\-])(\d{1,2})([/\-])(\d{1,2})(?:\2(\d{4}|\d{2}))?(?![\d/\-]|\.\d)")
_DOTTED_YEAR_RE = re.compile(r"(?<![\d/.\-])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d.])")
_DOTTED_RE = re.compile(r"(?<![\d/.\-])(\d{1,2})\.(\d{1,2})(?![\d/\-]|\.\d)")
_WORDS_DMY_RE = re.compile(
    _B + r"(?:ngay\s+)?(\d{1,2})\s+thang\s+(\d{1,2})(?:\s*(?:nam\s+|/)(\d{4}))?" + _E
)
_MONTH_YEAR_RE = re.compile(r"(?<![\d/.\-])(\d{1,2})/(\d{4})(?![\d/])")
# "2026-12-20", as a computer writes it
_ISO_RE = re.compile(r"(?<![\d/.\-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d/\-])")
# "cuối T12", "trong T1": a month written short (never "T6" alone, which is as often Friday)
_MONTH_T_RE = re.compile(_B + r"(?:cuoi|trong|het)\s+t(1[0-2]|[1-9])" + _E)
_MONTH_RE = re.compile(_B + r"(?:cuoi\s+)?thang\s+(\d{1,2})(?:\s*(?:nam\s+|/)(\d{4}))?" + _E)
_DAY_ONLY_RE = re.compile(_B + r"ngay\s+(\d{1,2})" + _E + r"(?!\s*(?:thang|/))")
_QUARTER_RE = re.compile(_B + r"(?:cuoi\s+)?quy\s+(1|2|3|4|iv|iii|ii|i)" + _E + r"(?:\s*(?:nam\s+|/)(\d{4}))?")
# "mùng 10 tháng sau", "ngày 5 tháng này": a day of a month named relatively (never "10 tháng sau", ten months on)
_DAY_OF_NAMED_MONTH_RE = re.compile(_B + r"(?:ngay|mung|mong)\s+(\d{1,2})\s+thang\s+(sau|toi|nay)" + _E)
_IN_N_RE = re.compile(
    _B + r"(?:(?:trong|sau)\s+)?(\d{1,2})\s*(ngay|hom|tuan|thang)(?:\s+(?:nua|toi|sau))" + _E
    + r"|" + _B + r"(?:trong|sau|them)\s+(\d{1,2})\s*(ngay|hom|tuan|thang)" + _E
)

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

# English, as an English-speaking member types it: "by the end of Q2", "end of June 2025", "in 2 weeks"
_END_OF = r"(?:(?:by\s+)?(?:the\s+)?end\s+of\s+(?:the\s+)?)"
_QUARTER_EN_RE = re.compile(
    _B + _END_OF + r"?(?:q|quarter\s+)([1-4])" + _E + r"(?:\s*(?:/|of\s+)?\s*(\d{4}))?" + _E
)
_MONTHS_EN = ("january", "february", "march", "april", "june", "july", "august", "september", "october",
              "november", "december")  # "may" only after "end of": it is a verb far more often
_MONTH_EN_RE = re.compile(
    _B + r"(?:" + _END_OF + r"|by\s+|in\s+)(?P<name>" + "|".join(_MONTHS_EN) + r"|may)" + _E
    + r"|" + _B + r"(?P<bare>" + "|".join(_MONTHS_EN) + r")" + _E
)
_MONTH_EN_YEAR_RE = re.compile(r"\s*,?\s*(\d{4})" + _E)
_EN_UNIT = r"(days?|weeks?|months?)"
_IN_N_EN_RE = re.compile(
    _B + r"(?:(?:in|within|after|another|plus|extra)\s+(\d{1,2})\s*" + _EN_UNIT
    + r"|(\d{1,2})\s+more\s+" + _EN_UNIT
    + r"|(\d{1,2})\s*" + _EN_UNIT + r"\s+(?:more|later|from\s+now|extra))" + _E
)


def _relative_table(today: date) -> list[tuple[str, Callable[[], date]]]:
    monday = _monday(today)
    next_monday = monday + timedelta(days=7)
    y, m = today.year, today.month
    ny, nm = _add_months(y, m, 1)
    q = (m - 1) // 3 + 1
    qy, qn = (y, q + 1) if q < 4 else (y + 1, 1)
    return [
        # the end of the span named is read as the expected date: follow-ups come after it, not before
        (r"dau\s+tuan\s+(?:sau|toi|ke\s+tiep)", lambda: next_monday),
        (r"giua\s+tuan\s+(?:sau|toi|ke\s+tiep)", lambda: next_monday + timedelta(days=2)),
        (r"(?:cuoi\s+)?tuan\s+(?:sau|toi|ke\s+tiep)", lambda: next_monday + timedelta(days=4)),
        (r"(?:cuoi\s+tuan(?:\s+nay)?|trong\s+tuan(?:\s+nay)?|tuan\s+nay)", lambda: max(monday + timedelta(days=4), today)),
        (r"dau\s+thang\s+(?:sau|toi)", lambda: date(ny, nm, 5)),
        (r"giua\s+thang\s+(?:sau|toi)", lambda: date(ny, nm, 15)),
        (r"(?:cuoi|trong|het)\s+thang\s+(?:sau|toi)|thang\s+(?:sau|toi)", lambda: _month_end(ny, nm)),
        (r"giua\s+thang(?:\s+nay)?", lambda: max(date(y, m, 15), today)),
        (r"(?:cuoi|trong|het)\s+thang(?:\s+nay)?", lambda: _month_end(y, m)),
        (r"(?:cuoi|trong|het)\s+quy\s+(?:sau|toi)|quy\s+(?:sau|toi)", lambda: _quarter_end(qy, qn)),
        (r"(?:cuoi|trong|het)\s+quy(?:\s+nay)?|quy\s+nay", lambda: _quarter_end(y, q)),
        (r"dau\s+nam\s+(?:sau|toi)", lambda: date(y + 1, 1, 31)),
        (r"(?:cuoi|trong|het)\s+nam\s+(?:sau|toi)|nam\s+(?:sau|toi)", lambda: date(y + 1, 12, 31)),
        (r"(?:cuoi|trong|het)\s+nam(?:\s+nay)?", lambda: date(y, 12, 31)),
        (r"hom\s+nay|hnay|trong\s+ngay(?:\s+hom\s+nay)?|chieu\s+nay|sang\s+nay|toi\s+nay", lambda: today),
        # Tết: the last working day before its holidays, the first one after them ("ra Tết")
        (r"truoc\s+tet", lambda: add_working_days(tet_break(today)[0], -1)),
        (r"(?:sau|ra|qua)\s+tet", lambda: next_working_day(tet_break(today)[1] + timedelta(days=1))),
        # English
        (_END_OF + r"next\s+week|next\s+week", lambda: next_monday + timedelta(days=4)),
        (_END_OF + r"(?:this\s+)?week|this\s+week", lambda: max(monday + timedelta(days=4), today)),
        (_END_OF + r"next\s+month|next\s+month", lambda: _month_end(ny, nm)),
        (r"(?:mid|middle\s+of)[\s\-]+(?:the\s+|this\s+)?month", lambda: max(date(y, m, 15), today)),
        (_END_OF + r"(?:this\s+)?month|this\s+month", lambda: _month_end(y, m)),
        (_END_OF + r"next\s+quarter|next\s+quarter", lambda: _quarter_end(qy, qn)),
        (_END_OF + r"(?:this\s+)?quarter|this\s+quarter", lambda: _quarter_end(y, q)),
        (_END_OF + r"next\s+year|next\s+year", lambda: date(y + 1, 12, 31)),
        (_END_OF + r"(?:this\s+)?year|this\s+year", lambda: date(y, 12, 31)),
        (r"today|tonight|this\s+(?:morning|afternoon|evening)", lambda: today),
        (r"tomorrow", lambda: today + timedelta(days=1)),
        (r"ngay\s+mai|sang\s+mai|chieu\s+mai|toi\s+mai|trua\s+mai", lambda: today + timedelta(days=1)),
        (r"ngay\s+kia|ngay\s+mot", lambda: today + timedelta(days=2)),
    ]


@lru_cache(maxsize=1)
@functools.cache
def _relative_res() -> list[re.Pattern[str]]:
    return [re.compile(_B + pattern + _E) for pattern, _ in _relative_table(date(2000, 1, 3))]


def _weekday_value(m: re.Match[str], original: str, today: date, lenient: bool) -> date | None:
    if m.group("short") and not (lenient or m.group("q")):
        # "t6" or "cn" alone is as likely "tháng 6" or an abbreviation; needs "tuần sau" or a date context
        return None
    if m.group("n"):
        weekday = int(m.group("n")) - 2
    elif m.group("w"):
        weekday = _WEEKDAY_WORDS[m.group("w")]
        words = original[m.start("full") : m.end("full")]
        if not word_ok(words, *_WEEKDAY_FORMS[weekday]):
            return None
    elif m.group("tn"):
        weekday = int(m.group("tn")) - 2
    else:
        weekday = 6
        if m.group("full") and not word_ok(original[m.start("full") : m.end("full")], *_WEEKDAY_FORMS[6]):
            return None
    qualifier = re.sub(r"\s+", " ", m.group("q") or "")
    monday = _monday(today)
    if qualifier in ("tuan sau", "tuan toi", "tuan ke tiep"):
        return monday + timedelta(days=7 + weekday)
    if qualifier in ("tuan nay", "nay"):
        return monday + timedelta(days=weekday)
    # a bare weekday (or "thứ sáu tới") is the next one to come, never today
    ahead = (weekday - today.weekday()) % 7 or 7
    return today + timedelta(days=ahead)


_UNITS = {"day": "ngay", "days": "ngay", "week": "tuan", "weeks": "tuan", "month": "thang", "months": "thang"}


def _quarter_value(quarter: int, year: int | None, today: date) -> date | None:
    """The end of quarter `quarter`: of `year`, or the coming one (a quarter long over is next year's)."""
    if year is not None:
        return _quarter_end(year, quarter) if 2000 <= year <= 2100 else None
    value = _quarter_end(today.year, quarter)
    # nobody reports an ETA a whole season back
    return _quarter_end(today.year + 1, quarter) if value < today - timedelta(days=92) else value


def _find(text: str, today: date, *, lenient: bool) -> list[DateSpan]:
    folded = aligned_fold(text)
    found: list[DateSpan] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, value: date | None, kind: Literal["explicit", "relative"]) -> None:
        if value is None or any(start < e and s < end for s, e in taken):
            return
        taken.append((start, end))
        found.append(DateSpan(start, end, value, kind))

    for m in _ISO_RE.finditer(folded):
        add(m.start(), m.end(), _day_month(int(m[3]), int(m[2]), int(m[1]), today), "explicit")
    for m in _MONTH_T_RE.finditer(folded):
        add(m.start(), m.end(), _month_only(int(m[1]), None, today), "explicit")
    for m in _DOTTED_YEAR_RE.finditer(folded):
        add(m.start(), m.end(), _day_month(int(m[1]), int(m[2]), int(m[3]), today), "explicit")
    for m in _DMY_RE.finditer(folded):
        year = int(m[4]) if m[4] else None
        add(m.start(), m.end(), _day_month(int(m[1]), int(m[3]), year, today), "explicit")
    for m in _WORDS_DMY_RE.finditer(folded):
        year = int(m[3]) if m[3] else None
        add(m.start(), m.end(), _day_month(int(m[1]), int(m[2]), year, today), "explicit")
    # before months: "quý 1/2027" is the first quarter, not January
    for regex in (_QUARTER_RE, _QUARTER_EN_RE):
        for m in regex.finditer(folded):
            quarter = _ROMAN.get(m[1]) or int(m[1])
            add(m.start(), m.end(), _quarter_value(quarter, int(m[2]) if m[2] else None, today), "explicit")
    for m in _MONTH_YEAR_RE.finditer(folded):
        add(m.start(), m.end(), _month_only(int(m[1]), int(m[2]), today), "explicit")
    for m in _MONTH_RE.finditer(folded):
        add(m.start(), m.end(), _month_only(int(m[1]), int(m[2]) if m[2] else None, today), "explicit")
    for m in _MONTH_EN_RE.finditer(folded):
        name = m["name"] or m["bare"]
        month = 5 if name == "may" else _MONTHS_EN.index(name) + 1 + (name not in _MONTHS_EN[:4])
        year_m = _MONTH_EN_YEAR_RE.match(folded, m.end())
        end = year_m.end() if year_m else m.end()
        add(m.start(), end, _month_only(month, int(year_m[1]) if year_m else None, today), "explicit")
    for m in _WEEKDAY_RE.finditer(folded):
        add(m.start(), m.end(), _weekday_value(m, text, today, lenient), "relative")
    for m in _DAY_OF_NAMED_MONTH_RE.finditer(folded):
        year, month = _add_months(today.year, today.month, 0 if m[2] == "nay" else 1)
        add(m.start(), m.end(), _safe_date(year, month, int(m[1])), "explicit")
    for m in (*_IN_N_RE.finditer(folded), *_IN_N_EN_RE.finditer(folded)):
        n_text, unit = next((m[i], m[i + 1]) for i in range(1, len(m.groups()), 2) if m[i])
        n, unit = int(n_text), _UNITS.get(unit, unit)
        if unit in ("ngay", "hom"):
            value = today + timedelta(days=n)
        elif unit == "tuan":
            value = today + timedelta(weeks=n)
        else:
            ny, nm = _add_months(today.year, today.month, n)
            value = date(ny, nm, min(today.day, calendar.monthrange(ny, nm)[1]))
        add(m.start(), m.end(), value, "relative")
    for regex, (_, compute) in zip(_relative_res(), _relative_table(today), strict=True):
        for m in regex.finditer(folded):
            add(m.start(), m.end(), compute(), "relative")
    if lenient:
        for m in _DOTTED_RE.finditer(folded):
            add(m.start(), m.end(), _day_month(int(m[1]), int(m[2]), None, today), "explicit")
        for m in _DAY_ONLY_RE.finditer(folded):
            day = int(m[1])
            value = _safe_date(today.year, today.month, day)
            if value is not None and value < today:
                ny, nm = _add_months(today.year, today.month, 1)
                value = _safe_date(ny, nm, day)
            add(m.start(), m.end(), value, "explicit")
        for m in re.finditer(_B + r"mai" + _E, folded):
            if word_ok(text[m.start() : m.end()], "mai"):
                add(m.start(), m.end(), today + timedelta(days=1), "relative")
    found.sort(key=lambda span: span.start)
    return found


# a cited document: "văn bản số 12/UBND ngày 15/11", "Quyết định 1234/QĐ-UBND ngày 05/3/2025", "số 15/12"
_DOC_KIND = (
    r"(?:van\s+ban|cong\s+van|cv|quyet\s+dinh|qd|ke\s+hoach|kh|to\s+trinh|ttr|thong\s+bao|tb|bao\s+cao|bc"
    r"|nghi\s+quyet|nq|chi\s+thi|thong\s+tu|nghi\s+dinh|huong\s+dan|hd|giay\s+moi|quy\s+che|quy\s+dinh)"
)
_DOC_CODE = r"\d+(?:[/\-.][a-z0-9]+)*"
_CITED_RE = re.compile(
    _B
    + r"(?:(?:"
    + _DOC_KIND
    + r"\s+)?so\s*:?\s*"
    + _DOC_CODE
    + r"|"
    + _DOC_KIND
    + r"\s+"
    + _DOC_CODE
    + r"|\d+(?:/\d+)*/[a-z][a-z0-9\-/.]*)"
    + r"(?:\s*,?\s*(?:(?:ky|ban\s+hanh)\s+)?ngay\s*:?\s*(?:\d{1,2}[/\-.]\d{1,2}(?:[/\-.]\d{2,4})?"
    + r"|\d{1,2}\s+thang\s+\d{1,2}(?:\s+nam\s+\d{4})?))?"
    + _E
)


def cited_spans(text: str) -> list[tuple[int, int]]:
    """Where a text cites a document by number (and its date): numbers and dates there date the document."""
    return [m.span() for m in _CITED_RE.finditer(aligned_fold(text))]


def find_dates(text: str, *, now: datetime, tz: ZoneInfo) -> list[DateSpan]:
    """Every date expression this module knows inside a longer text, in order (no dateparser)."""
    return _find(text, local_now(now, tz).date(), lenient=False)


_NO_FALLBACK_RE = re.compile(r"\d{1,2}\s*[/\-.]\s*\d{1,2}")


def _dateparser(text: str, base: datetime) -> date | None:
    import dateparser  # imported late: loading its language data costs a noticeable part of a second

    settings = {
        "RELATIVE_BASE": base,
        "DATE_ORDER": "DMY",
        "PREFER_DATES_FROM": "future",
    }
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = dateparser.parse(text, languages=["vi", "en"], settings=settings)
    except Exception:  # a third-party parser must not take a chat reply down with it
        log.debug("dateparser failed on %r", text, exc_info=True)
        return None
    if parsed is None:
        return None
    value = parsed.date()
    # dateparser reads stray numbers as years ("60%" → 2060); only near dates are plausible answers
    if not base.year - 1 <= value.year <= base.year + 3:
        return None
    return value


def parse_typed_date(text: str, *, now: datetime, tz: ZoneInfo) -> date | None:
    """The date a short typed phrase means ("15/12", "thứ sáu tuần sau", "cuối tháng"), or None."""
    text = text or ""
    base = local_now(now, tz)
    spans = _find(text[:500], base.date(), lenient=True)
    if spans:
        return spans[0].value
    folded = fold(text)
    if not folded or len(folded) > _MAX_FALLBACK_CHARS or "%" in folded:
        return None
    if re.fullmatch(r"[\d\s.,]*", folded):
        # a bare number ("20", "1.2") is a quantity or a task number far more often than a date
        return None
    if _NO_FALLBACK_RE.search(folded) or _WEEKDAY_RE.search(folded):
        # our own patterns saw a date shape and rejected it (31/02, "thứ tự"); dateparser would guess
        return None
    return _dateparser(text.strip(), base)
