"""The Vietnamese deadline grammar: a plan's deadline cell → milestones (pure: no I/O, no clock).

The text is read the way an official reads it.  Matching is done on `fold(text)` (no diacritics, lower
case) so "Quý II năm 2025" and "Quy II nam 2025" read the same; labels and triggers are cut from the
original text so they keep their diacritics.

Rules for the shapes a reader could take two ways:

- "Quý III, IV/2021" (a list) → one `recurring` milestone with both quarter ends; "Quý I-II/2025" or
  "từ quý I đến quý II" (a span) → one `due` milestone at the end of the span.
- "Trước tháng 10" / "trước quý III" / "trước năm 2025" → the day before that period starts;
  "trước ngày 15/11" → 15/11 itself.
- `ongoing` and `event` milestones have `due = None`; a year or date named in the same text is their
  bound, kept in `dates` ("Năm 2021, sau khi có Kế hoạch của Thành phố" → dates = [31/12/2021]).
  "Thường xuyên" naming no year has no bound (the plan year is not assumed).
- Recurring dates cover the years the text names, else the plan period, else the plan year; dates
  written without a year ("trước ngày 01/3, 01/6, 01/9 và 01/12") repeat in each of those years.
- "Trong năm 2024 và các năm tiếp theo" → `recurring`, 31/12 of 2024 through the period end.
- In a cell of several bullets, a bullet naming no time ("- Vẫn đảm bảo thực hiện các quy định …")
  becomes an `ongoing` milestone labelled with its text, with a (non-"unreadable") warning.
- A text whose recurring marker follows an event ("Khi phát sinh Định kỳ hàng quý") gives two
  milestones: the event and the recurring one.
- "Hằng quý, trước ngày 20 của tháng cuối quý" → the 20th of months 3, 6, 9, 12 ("… tháng đầu quý sau":
  months 4, 7, 10 and January next year); "Hằng quý, trước ngày 20" alone does not say which month.
- "Đầu/giữa/tuần đầu" of a month, quarter or year are read by the Vietnamese thirds of a month (thượng
  tuần 1–10, trung tuần 11–20, hạ tuần to the end): "đầu tháng 7" (or "thượng tuần") → 10/07, "giữa tháng
  7" (or "trung tuần") → 20/07, "hạ tuần tháng 7" → 31/07, "tuần đầu (thứ nhất) tháng 7" → 07/07, "tuần thứ 2 của tháng 4" → 14/04, "nửa đầu tháng 8"
  → 15/08; "đầu quý III" → the end of its first month (31/07), "giữa quý III" → of its second (31/08);
  "đầu năm" → the end of quý I (31/03), "giữa năm" → 30/06 (the half-year), "cuối …" → the period's end.
  Each such reading carries a warning saying the date was taken from a part of a period, so the admin
  sees it in the preview and can set another.
- A report named by its period is due at that period's end, as "6 tháng đầu năm" → 30/06: "báo cáo 6
  tháng" → 30/06, "báo cáo 9 tháng" (or a cell "9 tháng") → 30/09, "báo cáo quý IV/2025" → 31/12/2025.
  Beside another time phrase ("trước ngày 15/12, báo cáo quý IV/2025") the period only says what the
  report covers: the other phrase is the deadline.
- "Hằng tuần" / "báo cáo tuần" → `recurring`, every week of the years covered, on the weekday named
  ("thứ 6", "thứ Năm"), else on Friday with a warning saying so.
- A day of the quarter without its month and impossible dates are not guessed: they are unreadable.
- A date right after a document number ("Quyết định số 1405/QĐ-UBND ngày 23 tháng 6 năm 2023") is a
  reference, not a deadline.
- Labels are the text left once the time phrases and fillers ("Hoàn thành", "Thời gian thực hiện")
  are removed, first letter capitalised; events carry the whole text as trigger and no label.
- An empty text gives no milestone and one warning.

Warnings are texts (`i18n.Text`: a message id and values) the edge renders in the reader's language;
every warning about a text that could not be read has a key in `UNREADABLE`.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from i18n import N_, Text
from plans.model import UNREADABLE_DEADLINE, DeadlineResult, Milestone, Offset
from plans.text import fold, modern_quy, nfc, squash, strip_html
from plans.workdays import add_working_days, next_working_day, tet_break

__all__ = ["UNREADABLE", "parse_deadline"]

UNREADABLE = UNREADABLE_DEADLINE

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

# --- the vocabulary, on folded text -------------------------------------------------------------

_B = r"(?<![a-z0-9])"
_E = r"(?![a-z0-9])"
# Connector words in front of a time phrase; bounded repetition keeps long garbage linear.
_PRE = (
    r"(?P<pre>(?:(?:hoan thanh|thuc hien xong|cham nhat(?: la)?|muon nhat|thoi han|thoi gian)\s+)?"
    r"(?:(?:(?:tu nay\s+)?den(?:\s+het)?|truoc|trong vong|trong|vao|cuoi|het|(?:dau(?:\s+tien)?|giua)(?:\s+cua)?"
    r"|thuong tuan|trung tuan"
    r"|ha tuan|tuan (?:thu )?(?:nhat|hai|ba|tu|[1-4])(?:\s+cua)?|nua (?:dau|cuoi)(?:\s+cua)?|tuan|tu)\s+){0,4})"
)
_YEAR = r"(?:19|20)\d{2}(?!\d)"
_YTAIL = r"(?:\s*,?\s*(?:nam\s*|/\s*|-\s*)?(?P<y>" + _YEAR + r"))?"
_Q = r"(?:iv|iii|ii|i|[1-4])" + _E
_LIST_SEP = r"\s*(?:,|va|-|–|den)\s*"

_QUARTER = re.compile(
    _B + _PRE + r"(?:quy\s+(?P<q>" + _Q + r")|q(?P<q2>[1-4])" + _E + r")"
    r"(?P<more>(?:" + _LIST_SEP + r"(?:quy\s+)?" + _Q + r")*)" + _YTAIL
)
_MONTH = re.compile(
    _B + _PRE + r"thang\s+(?P<m>\d{1,2})(?!\d)(?!\s*/\s*lan)"
    # a listed month may carry the year ("tháng 11-12/2025") but is no date ("tháng 3, 15/6")
    r"(?P<more>(?:" + _LIST_SEP + r"(?:thang\s+)?\d{1,2}(?!\d)(?!\s*/\s*\d{1,2}(?!\d)))*)" + _YTAIL
)
_HALF = re.compile(_B + _PRE + r"(?P<n>0?6|0?9)\s+thang\s+(?P<w>dau|cuoi)\s+nam" + _YTAIL)
# "6 tháng", "9 tháng năm 2025" without "đầu năm": a report period only after a report's name or as the
# whole text ("trong 6 tháng" is a duration, "6 tháng/lần" a frequency: both read elsewhere)
_BARE_HALF = re.compile(_B + r"(?P<pre>)(?P<n>0?6|0?9)\s+thang(?!\s*/\s*(?:0?1\s+)?lan|\s+(?:mot|0?1)\s+lan)" + _YTAIL + _E)
_REPORT_BEFORE = re.compile(
    _B + r"(?:bao cao|so ket|tong ket|danh gia|ket qua)(?:\s+(?!(?:truoc|cham nhat|muon nhat|hoan thanh|gui|nop)"
    + _E + r")[a-z]+){0,6}\s+$"
)
_YEARS = re.compile(
    _B + _PRE + r"(?:nam|giai doan)\s+(?P<y>" + _YEAR + r")"
    r"(?:\s*(?:-|–|den)\s*(?:nam\s+)?(?P<y2>" + _YEAR + r"))?"
    r"(?P<next>\s*(?:va|,)?\s*(?:cac|nhung)\s+nam\s+(?:tiep theo|tiep|sau))?"
)
_ONLY_YEAR = re.compile(r"^\W*(?P<y>" + _YEAR + r")(?:\s*(?:-|–|den)\s*(?P<y2>" + _YEAR + r"))?\W*$")
_BARE_YEAR = re.compile(
    _B + r"(?P<pre>(?:hoan thanh\s+)?(?:trong|truoc|den|cuoi|het)\s+)(?P<y>" + _YEAR + r")(?!\s*/)"
)
_THIS_YEAR = re.compile(
    # "(báo cáo năm)" after a date names the report the date is for, no second deadline
    _B + _PRE + r"(?:(?P<part>trong|cuoi|het|ca|dau|giua)\s+nam|(?<!\()(?:tong ket|bao cao)\s+nam)(?:\s+nay)?"
    r"(?!\s*(?:\d|tiep|sau|toi|truoc|hoc|thu))" + _E
)
_ITEM = r"\d{1,2}\s*(?:thang\s+|[/.-]\s*)\d{1,2}(?:\s*,?\s*(?:nam\s+|[/.-]\s*)" + _YEAR + r")?(?![\d/])"
_ITEM_BARE = r"\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*" + _YEAR + r")?(?![\d/])"
_DATES = re.compile(
    # "ngày 10 tháng 3, 6, 9, 12 (năm 2026)": the same day in each month listed after the first
    _B + _PRE + r"(?:ngay\s+(?P<first>" + _ITEM + r")(?P<months>(?:\s*(?:,|va)\s*\d{1,2}(?![\d/.]|\s*thang))+"
    r"(?:\s*,?\s*(?:nam\s+|/\s*)(?P<my>" + _YEAR + r"))?)?|(?<![\d/.])(?P<bare>" + _ITEM_BARE + r"))"
    r"(?P<rest>(?:\s*(?:,|;|va)\s*(?:ngay\s+" + _ITEM + r"|" + _ITEM_BARE + r"))*)"
)
_ITEM_PARTS = re.compile(
    r"(?P<d>\d{1,2})\s*(?:thang\s+|[/.-]\s*)(?P<m>\d{1,2})(?:\s*,?\s*(?:nam\s+|[/.-]\s*)(?P<y>\d{4}))?"
)
_QMONTH = re.compile(
    _B
    + r"(?:cua\s+)?thang\s+(?P<w>cuoi|dau)\s+(?:cua\s+)?(?:moi\s+|hang\s+)?(?:quy|ky bao cao)"
    r"(?:\s+(?P<next>sau|tiep theo|ke tiep))?"
    + _E
)
_DAY = re.compile(_B + _PRE + r"ngay\s+(?P<d>\d{1,2})(?!\d)(?!\s*(?:thang|[/.-])\s*\d)")
# A date right after a document number ("Quyết định số 1405/QĐ-UBND ngày 23 tháng 6 năm 2023") is a
# reference, not a deadline.
_REF_BEFORE = re.compile(r"\d+(?:[-.][a-z0-9]+)*\s*/\s*[a-z0-9./-]*[a-z][a-z0-9.-]*\s*$")
_EFFECT_BEFORE = re.compile(r"hieu luc(?:\s+thi hanh)?\s*(?:ke\s+)?(?:tu\s+)?$")
# A date with no deadline word in front, after a document's name or "có hiệu lực từ", is that document's.
_DOC_BEFORE = re.compile(
    r"(?:\b(?:ke hoach|quyet dinh|cong van|thong bao|nghi quyet|chi thi|thong tu|nghi dinh|to trinh|ket luan"
    r"|chuong trinh|de an|van ban)\b[^,;]{0,60})\s*$"
)

_OFFSET = re.compile(
    _B + r"(?P<pre>(?:trong vong|trong thoi han|trong|cham nhat(?: la)?|muon nhat|sau|truoc)\s+)?"
    r"(?P<n>\d{1,3})\s+ngay(?P<w>\s+lam viec)?" + _E
)
_ANCHOR = re.compile(
    _B + r"(?:ke\s+)?tu\s+ngay\s+(?:ky\s+)?ban hanh(?:\s+(?:ke hoach|van ban|quyet dinh))?(?:\s+nay)?" + _E
)
_ONCE = r"(?:\s*/\s*(?:0?1\s+)?lan|\s+(?:mot|0?1)\s+lan)"
_PER = (
    r"(?:quy\s+(?:iv|iii|ii|i|[1-4])|(?:0?6|0?9)\s+thang(?:\s+dau\s+nam)?|(?:ca\s+|cuoi\s+|tong ket\s+)?nam)"
    + _E
)
_PER_ITEM = re.compile(
    r"(?:quy\s+)?(?P<q>iv|iii|ii|i|[1-4])" + _E + r"|(?P<n>0?6|0?9)\s+thang|(?P<y>nam)" + _E
)
_FREQ = (
    (
        "l",  # "Định kỳ quý I, 6 tháng, quý III và năm": the listed report periods
        re.compile(
            _B + r"dinh ky\s+" + _PER + r"(?:\s*(?:,|va)\s*(?:" + _PER + r"|(?:iv|iii|ii|i)" + _E + r"))+"
        ),
    ),
    (
        "q",
        re.compile(
            _B + r"(?:(?:dinh ky\s+)?(?:hang|moi)\s+quy|dinh ky\s+(?:0?3\s+thang|quy)" + _ONCE + r"?"
            r"|0?3\s+thang" + _ONCE + r"|(?:theo\s+)?tung\s+quy(?:\s*\([^)]*\))?)"
            r"(?:\s*(?:va|,)\s*(?:tong ket|ca|cuoi)\s+nam)?" + _E
        ),
    ),
    (
        "h",
        re.compile(
            _B + r"(?:dinh ky\s+(?:0?6\s+thang|nua nam)" + _ONCE + r"?|(?:hang|moi)\s+(?:0?6\s+thang|nua nam)"
            r"|0?6\s+thang" + _ONCE + r")" + _E
        ),
    ),
    (
        "y",
        re.compile(
            _B + r"(?:(?:dinh ky\s+)?(?:hang|moi)\s+nam|dinh ky\s+(?:nam|12\s+thang)|nam\s+mot\s+lan)" + _E
        ),
    ),
    (
        "m",
        re.compile(
            _B + r"(?:(?:dinh ky\s+)?(?:hang|moi)\s+thang|dinh ky\s+(?:0?1\s+)?thang" + _ONCE + r"?"
            r"|0?1\s+thang" + _ONCE + r"|cua\s+thang(?!\s*(?:cuoi|dau|\d)))" + _E
        ),
    ),
    # "hằng tuần", "báo cáo tuần trước 16h thứ Năm" (a weekly report), not "tuần đầu tháng 7"
    ("w", re.compile(_B + r"(?:(?:dinh ky\s+)?(?:hang|moi)\s+tuan|(?:bao cao|giao ban)\s+(?:hang\s+)?tuan"
                     r"(?!\s+(?:dau|cuoi|thu\s+(?:nhat|1|2|hai)" + _E + r")))" + _E)),
    ("g", re.compile(_B + r"dinh ky" + _E)),
)
_ONGOING = re.compile(_B + r"(?:thuong xuyen|lien tuc|(?:hang|moi)\s+ngay|suot\s+nam)" + _E)
_EVENT = re.compile(
    _B + r"(?:(?:ngay\s+)?(?:sau|truoc)\s+khi|(?:ngay\s+)?khi"
    r"|theo\s+(?:huong dan|ke hoach|de an|chi dao|yeu cau|van ban|lo trinh|tien do|quy dinh|thong bao"
    r"|chuong trinh|quyet dinh)|tuy\s+(?:theo|thuoc))" + _E
)
_FILLER = re.compile(
    r"^(?:(?:hoan thanh|thuc hien|xong|va|trong|truoc|den|tu nay|thoi gian|thoi han|han|cham nhat|la"
    r"|cac|cua|nhung|nam|thang|quy|ngay)\s*)*$"
)
_BULLET = re.compile(r"(?:^|(?<=\s))[-–—•]\s+")
_WEAK = re.compile(r"[.;]\s+|\n")
# «Hoàn thành trong Quý I, báo cáo trước 15/4»: a comma before a report's clause with its own date parts a deadline
# from its report date («Trước ngày 15/12, báo cáo Quý IV» names the period reported on; a report after a report,
# «Báo cáo 6 tháng trước 15/6, báo cáo năm trước 15/12», stays one series)
_REPORT_CLAUSE = re.compile(r",\s+(?=(?:gửi\s+)?báo cáo\b[^,;]*?\b(?:trước|chậm nhất|hạn)\b)", re.IGNORECASE)
_REPORT_WORD = re.compile(r"(?i)\bbáo cáo\b")
_EDGE = re.compile(r"^[\s\-–—•:;,.]+|[\s\-–—•:;,.]+$")


@dataclass
class _Tok:
    kind: str  # offset anchor freq ongoing event dates day quarter month half years thisyear
    start: int
    end: int
    m: re.Match[str]
    sub: str = ""


@dataclass
class _Ctx:
    year: int | None
    period: tuple[int, int] | None
    issued: date | None
    ends: date | None = None  # the plan's span ends before its last year does: no series date after it


class _Unread(Exception):
    """A segment cannot be read; `reason` says why, when there is more to say than "no time phrase" (internal)."""

    def __init__(self, reason: Text | None = None) -> None:
        super().__init__(reason)
        self.reason = reason


# --- public -------------------------------------------------------------------------------------


def parse_deadline(
    text: str, *, year: int | None, period: tuple[int, int] | None = None, issued: date | None = None,
    ends: date | None = None,
) -> DeadlineResult:
    """Read a Vietnamese deadline text into milestones; never raises, unreadable parts become warnings."""
    ctx = _Ctx(year, period, issued, ends)
    try:
        return _parse(text, ctx)
    except Exception:  # the contract is "never raise": whatever slipped through reads as unreadable
        raw = _clean(text) if isinstance(text, str) else repr(text)
        return DeadlineResult(
            (Milestone(kind="event", trigger=raw or None),), (Text(N_("deadline_unreadable"), text=_short(raw)),)
        )


# --- segmentation -------------------------------------------------------------------------------


def _clean(text: str) -> str:
    # Twice: some exports escape their markup ("&lt;ul&gt;"), which the first pass only unescapes.
    text = strip_html(strip_html(nfc(text))).replace("*", " ").replace("\u00a0", " ")
    return squash(text)


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


_EN_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_EN_MONTH = r"(?P<m>" + "|".join(_EN_MONTHS) + r"|" + "|".join(m[:3] for m in _EN_MONTHS) + r")\.?"
_EN_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
# an English copy of a plan ("By 30 September 2026", "Quarterly", "Ongoing"), read as its Vietnamese would be
_ENGLISH = tuple((re.compile(p, re.IGNORECASE), r) for p, r in (
    (_EN_DAY + r"\s+(?:of\s+)?" + _EN_MONTH + r"\s*,?\s+(?P<y>\d{4})", "{d}/{m}/{y}"),
    (_EN_MONTH + r"\s+" + _EN_DAY + r"\s*,\s*(?P<y>\d{4})", "{d}/{m}/{y}"),
    (_EN_MONTH + r"\s*,?\s+(?P<y>\d{4})", "tháng {m}/{y}"),
    (_EN_DAY + r"\s+(?:of\s+)?" + _EN_MONTH + r"(?![a-z])", "{d}/{m}"),
    (r"\b(?:no|not) later than\b|\bby\b|\bbefore\b|\bdue\b", "trước"),
    (r"\b(?:the\s+)?end of(?:\s+the)?\b", "cuối"),
    (r"\b(?:quarterly|every quarter|each quarter)\b", "hằng quý"),
    (r"\b(?:monthly|every month|each month)\b", "hằng tháng"),
    (r"\b(?:annually|yearly|every year|each year)\b", "hằng năm"),
    (r"\b(?:ongoing|regularly|continuous(?:ly)?|on a regular basis|throughout the year)\b", "thường xuyên"),
    (r"\b(?:in|during|within)\s+(?=(?:19|20)\d{2}\b)", "năm "),
))
_ENGLISH_WORD_RE = re.compile(r"(?i)\b(?:by|before|later|end|quarterly|monthly|annually|yearly|every|each|ongoing"
                              r"|regularly|continuous|in|during|within|" + "|".join(m[:3] for m in _EN_MONTHS) + r")")


def _from_english(text: str) -> str:
    """An English deadline ("By 30 September 2026", "Quarterly") in the Vietnamese words the grammar reads;
    Vietnamese, with or without its diacritics, is left as it is."""
    if not text.isascii() or not _ENGLISH_WORD_RE.search(text):
        return text
    for pattern, replacement in _ENGLISH:
        def sub(m: re.Match[str], replacement: str = replacement) -> str:
            values = m.groupdict()
            if values.get("m"):
                values["m"] = str(next(i for i, name in enumerate(_EN_MONTHS, 1) if name.startswith(values["m"].lower())))
            return replacement.format(**values)
        text = pattern.sub(sub, text)
    return text


# a spreadsheet's months written short: "T6/2026", "T6-T9/2026" are "tháng 6/2026", "tháng 6-9/2026"
_SHORT_MONTH_RE = re.compile(r"(?<![\w/.])T(\d{1,2})(?:\s*[-–]\s*T(\d{1,2}))?(?=\s*[/-]\s*(?:19|20)\d{2}(?!\d))")


# a month written as a number over its year ("06/2026", a sheet's "Thời gian" cell) is "tháng 06/2026"; not the end of
# a date ("30/06/2026") nor a month or quarter already named ("Tháng 6/2026", "Quý 2/2026")
_NUMBER_MONTH_RE = re.compile(r"(?<![\w/.])(?<!tháng )(?<!thang )(?<!quý )(?<!quy )(?<!quí )(?<!qui )"
                              r"(0?[1-9]|1[0-2])\s*/\s*((?:19|20)\d{2})(?![\d/])", re.IGNORECASE)


# a date typed with dots or dashes ("30.6.2026", "30-06-2026", a sheet's text cell) is the date "30/6/2026"
_DOTTED_DATE_RE = re.compile(r"(?<![\d/.-])(\d{1,2})[.-](\d{1,2})[.-]((?:19|20)\d{2})(?![\d/.-]*\d)")
# two quarters joined by a dash are a span ("Quý II - Quý III/2026"), as two months are: its end
_QUARTER_SPAN_RE = re.compile(r"(?i)(?<!\w)(qu[ýíyi]\s+(?:IV|I{1,3}|[1-4])(?:\s*/\s*(?:19|20)\d{2})?)\s*[-–]\s*"
                              r"(qu[ýíyi]\s+(?:IV|I{1,3}|[1-4])(?!\w))")


# "báo cáo 6 tháng, năm" (and "quý, 6 tháng, năm"): the reports of each period, as "định kỳ 6 tháng, năm" says
_REPORT_PERIODS_RE = re.compile(r"(?i)(?<!\w)(?<!kỳ )(?<!ky )(?:báo cáo\s+)?((?:quý\s*,\s*)?6 tháng\s*(?:,|và)\s*(?:cả\s+)?năm)(?!\s*\d)(?!\w)")


# "trước Tết Nguyên đán", "sau Tết": the Tết holidays next after the plan's date (or its year's start), the working
# day before them or after them, said as a guess the admin may set otherwise
# «ít nhất 01 lần/quý», «02 lần/năm», «03 lần/năm» (each four months), «01 lần/6 tháng»: so many times a period,
# said as the series it makes
_TIMES_PER_RE = re.compile(r"(?i)(?<!\w)(?:(?:ít nhất|tối thiểu)\s+)?(?P<n>0?[1234]|12|một|hai|ba)\s+lần\s*/\s*"
                           r"(?P<per>(?:0?[36]\s+)?tháng|quý|năm)(?!\w)")
_TIMES_PER = {("1", "năm"): "hằng năm", ("2", "năm"): "định kỳ 6 tháng",
              ("3", "năm"): "tháng 4, tháng 8 và tháng 12 hằng năm", ("4", "năm"): "hằng quý",
              ("12", "năm"): "hằng tháng", ("1", "quý"): "hằng quý", ("1", "tháng"): "hằng tháng",
              ("1", "6 tháng"): "định kỳ 6 tháng", ("1", "3 tháng"): "hằng quý"}


def _times_per(m: re.Match[str]) -> str:
    count = {"một": "1", "hai": "2", "ba": "3"}.get(m["n"].lower(), m["n"].lstrip("0"))
    period = " ".join(m["per"].lower().lstrip("0").split())
    return _TIMES_PER.get((count, period), m.group(0))


_TET_RE = re.compile(r"(?i)(?<!\w)(?P<pre>trước|truoc|đến|den|sau|ngay sau)\s+t[ếe]t(?:\s+nguy[êe]n\s+[đd][áa]n)?"
                     r"(?:\s+(?:năm\s+)?(?:Giáp|Ất|Bính|Đinh|Mậu|Kỷ|Canh|Tân|Nhâm|Quý)\s+[^\W\d_]+)?"
                     r"(?:\s+(?:năm\s+)?(?P<y>(?:19|20)\d{2}))?(?!\w)")


def _tet_dates(text: str, ctx: _Ctx) -> tuple[str, list[Text]]:
    """`text` with a "trước Tết" / "sau Tết" phrase written as the day it means, and the note saying so."""
    m = _TET_RE.search(text)
    year = int(m["y"]) if m and m["y"] else None  # "trước Tết Nguyên đán năm 2027": that year's Tết
    start = date(year, 1, 1) if year else ctx.issued or (date(ctx.year, 1, 1) if ctx.year else None)
    if not m or start is None:
        return text, []
    first, last = tet_break(start)
    if fold(m["pre"]).endswith("sau"):
        due, words = next_working_day(last + timedelta(days=1)), "ngày"
    else:
        due, words = add_working_days(first, -1), f"{m['pre']} ngày"
    note = Text(N_("deadline_read_as"), text=_short(" ".join(text.split())), due=due)
    return f"{text[:m.start()]}{words} {due:%d/%m/%Y}{text[m.end():]}", [note]


# two dates joined by a dash are a span ("01/3 - 30/6/2026", a "Thời gian thực hiện" cell): read as "từ … đến …",
# its end the deadline, not two deadlines
_DATE_SPAN_RE = re.compile(
    r"(?<![\d/.])(?:(?i:từ)\s+)?(\d{1,2}/\d{1,2}(?:/\d{4})?)\s*[-–]\s*(\d{1,2}/\d{1,2}(?:/\d{4})?)(?![\d/])")


def _parse(text: str, ctx: _Ctx) -> DeadlineResult:
    cleaned = _from_english(_clean(text))
    cleaned = _SHORT_MONTH_RE.sub(lambda m: f"tháng {m[1]}" + (f"-{m[2]}" if m[2] else ""), cleaned)
    cleaned = _NUMBER_MONTH_RE.sub(r"tháng \1/\2", cleaned)
    cleaned = _REPORT_PERIODS_RE.sub(r"định kỳ \1", cleaned)
    cleaned = _TIMES_PER_RE.sub(_times_per, cleaned)
    cleaned = _DOTTED_DATE_RE.sub(r"\1/\2/\3", cleaned)
    cleaned = _DATE_SPAN_RE.sub(r"từ \1 đến \2", cleaned)
    cleaned = _QUARTER_SPAN_RE.sub(r"từ \1 đến \2", cleaned)
    cleaned, notes = _tet_dates(cleaned, ctx)
    if not cleaned.strip(" -–—•.;,:"):
        return DeadlineResult((), (Text(N_("deadline_empty")),))
    segments = _segments(cleaned)
    results: list[tuple[str, list[Milestone] | None, list[Text]]] = []
    for seg in segments:
        try:
            ms, warns = _read_segment(seg, ctx)
            results.append((seg, ms, warns))
        except _Unread as why:
            results.append((seg, None, [why.reason] if why.reason else []))
    if all(ms is None for _, ms, _ in results):
        why = [w for _, _, ws in results for w in ws]
        flat = " ".join(cleaned.split())
        if len(results) == 1 and why:
            warning = Text(N_("deadline_unreadable_because"), text=_short(flat), reason=why[0])
        else:
            warning = Text(N_("deadline_unreadable"), text=_short(flat))
        return DeadlineResult((Milestone(kind="event", trigger=flat),), (warning,))
    milestones: list[Milestone] = []
    warnings: list[Text] = []
    for seg, ms, warns in results:
        if ms is None:
            if warns:
                # A time phrase was there but could not be read: say so, never guess.
                body = _trim(seg)
                milestones.append(Milestone(kind="event", trigger=body))
                warnings.append(Text(N_("deadline_unreadable_because"), text=_short(body), reason=warns[0]))
            else:
                label = _trim(seg)
                milestones.append(Milestone(kind="ongoing", label=_cap(label)))
                warnings.append(Text(N_("deadline_no_time"), text=_short(label)))
            continue
        milestones.extend(ms)
        warnings.extend(warns)
    # "Quý II/2026; hoàn thành trước 30/6/2026": the same deadline said twice is one
    return DeadlineResult(tuple(dict.fromkeys(milestones)), tuple(dict.fromkeys([*notes, *warnings])))


def _segments(text: str) -> list[str]:
    """Split a cell into one text per milestone: bullets first, then sentences that name a time."""
    bullets: list[str] = []
    last = 0
    for m in _BULLET.finditer(text):
        if _is_bullet(text, m.start(), m.end()):
            bullets.append(text[last : m.start()])
            last = m.end()
    bullets.append(text[last:])
    out: list[str] = []
    for b in bullets:
        if b.strip(" -–—•.;,:\n"):
            out.extend(_sentences(b))
    return out or [text]


def _is_bullet(text: str, start: int, end: int) -> bool:
    if start == 0 or text[start - 1] == "\n":
        return True
    before = text[:start].rstrip()
    after = text[end:]
    if not after:
        return False
    # "2021 - 2025", "Quý I - II", "chính trị - xã hội" are ranges and compounds, not bullets.
    prev_word = before.split()[-1] if before.split() else ""
    next_word = after.split()[0] if after.split() else ""
    if _is_numberish(prev_word) and _is_numberish(next_word):
        return False
    if before.endswith((";", ".", ":", ",")):
        return True
    return after[0].isupper() or after[0] == "<"


def _is_numberish(word: str) -> bool:
    w = word.strip(",.;:()").split("/")[0].lower()
    return w.isdigit() or w in _ROMAN


def _sentences(bullet: str) -> list[str]:
    """Split a bullet at '.', ';' and line breaks; a piece naming no time joins its neighbour."""
    cuts = [0]
    for m in _WEAK.finditer(bullet):
        cuts.append(m.end())
    for m in _REPORT_CLAUSE.finditer(bullet):
        if not _REPORT_WORD.search(bullet[max(c for c in cuts if c <= m.start()):m.start()]):
            cuts.append(m.end())
    cuts.sort()
    cuts.append(len(bullet))
    pieces = [bullet[a:b] for a, b in pairwise(cuts) if a < b]
    if len(pieces) <= 1:
        return [bullet]
    groups: list[list[str]] = []
    timed: list[bool] = []
    for p in pieces:
        has_time = bool(_scan(_fold_map(p)[0]))
        if has_time or not groups:
            groups.append([p])
            timed.append(has_time)
        else:
            groups[-1].append(p)
    # A leading group with no time ("Ban hành Kế hoạch; Quý I/2022") belongs to the next one.
    if len(groups) > 1 and not timed[0]:
        groups[1] = groups[0] + groups[1]
        groups.pop(0)
    return ["".join(g) for g in groups]


# --- scanning -----------------------------------------------------------------------------------


def _fold_map(text: str) -> tuple[str, list[int]]:
    """`fold` character by character, with each folded character's index in `text`."""
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        f = " " if ch.isspace() else (fold(ch) if not ch.isascii() else ch.lower())
        for c in f:
            chars.append(c)
            where.append(i)
    return modern_quy("".join(chars)), where


def _scan(f: str) -> list[_Tok]:
    """Every time phrase, marker and trigger word in folded text, without overlaps, in text order."""
    taken = bytearray(len(f))
    toks: list[_Tok] = []

    def claim(kind: str, rx: re.Pattern[str], sub: str = "", check=None) -> None:
        for m in rx.finditer(f):
            a, b = m.span()
            if a == b or any(taken[a:b]):
                continue
            taken[a:b] = b"\x01" * (b - a)
            if check is None or check(m):
                toks.append(_Tok(kind, a, b, m, sub))

    claim("anchor", _ANCHOR)
    claim("offset", _OFFSET)
    claim("qmonth", _QMONTH)  # before "mỗi quý" is read as a frequency: "tháng cuối mỗi quý" names a month
    for sub, rx in _FREQ:
        claim("freq", rx, sub)
    claim("ongoing", _ONGOING)
    claim("half", _HALF)
    claim("half", _BARE_HALF, check=lambda m: bool(_REPORT_BEFORE.search(f[: m.start()])) or not f[: m.start()].strip(" -:"))
    # A referenced document's date is claimed (so no finer phrase reads it) but yields no token.
    claim("dates", _DATES, check=lambda m: not _cited(f, m))
    claim("quarter", _QUARTER)
    claim("month", _MONTH)
    claim("years", _YEARS)
    claim("years", _BARE_YEAR)
    claim("years", _ONLY_YEAR)
    claim("thisyear", _THIS_YEAR)
    claim("day", _DAY)
    claim("event", _EVENT)
    toks.sort(key=lambda t: t.start)
    return toks


def _cited(f: str, m: re.Match[str]) -> bool:
    """Whether a date belongs to a cited document ("số 12/KH-UBND ngày …", "có hiệu lực từ ngày …")."""
    before = f[: m.start()]
    pre = m.group("pre") or ""
    if _REF_BEFORE.search(before) or _EFFECT_BEFORE.search(before + pre):
        return True
    return not pre.strip() and bool(_DOC_BEFORE.search(before))


# --- reading one segment ------------------------------------------------------------------------


def _read_segment(seg: str, ctx: _Ctx, *, split: bool = True) -> tuple[list[Milestone], list[Text]]:
    f, where = _fold_map(seg)
    toks = _scan(f)
    if not toks:
        raise _Unread()

    events = [t for t in toks if t.kind == "event"]
    freqs = [t for t in toks if t.kind == "freq"]
    if split and events and freqs:
        # "Khi phát sinh Định kỳ hàng quý": an event and a recurring deadline side by side.
        cuts = [0]
        side = None
        for t in toks:
            if t.kind in ("event", "freq"):
                if side is not None and t.kind != side and t.start > 0:
                    cuts.append(where[t.start])
                side = t.kind
        cuts.append(len(seg))
        parts = [seg[a:b] for a, b in pairwise(cuts) if _trim(seg[a:b])]
        if len(parts) > 1:
            ms: list[Milestone] = []
            ws: list[Text] = []
            for part in parts:
                pm, pw = _read_segment(part, ctx, split=False)
                ms += pm
                ws += pw
            return ms, ws

    body = _trim(seg)
    offsets = [t for t in toks if t.kind == "offset"]
    offset = None
    if offsets:
        o = offsets[0]
        n = int(o.m.group("n"))
        if "truoc" in (o.m.group("pre") or ""):
            n = -n
        offset = Offset(days=n, working=bool(o.m.group("w")))
    # "kể từ ngày ban hành (Kế hoạch này)" is the plan's own date; "… ban hành quyết định công bố" another
    # document's, which the plan cannot know: an event
    anchored = any(t.kind == "anchor" and not re.match(r"\s*[a-z]", f[t.end :]) for t in toks) and not re.search(
        r"\bcua\b", f
    )

    if offset is not None and anchored:
        if ctx.issued is None:
            return [Milestone(kind="event", trigger=body, offset=offset)], []
        if offset.working:
            due = add_working_days(ctx.issued, offset.days)
        else:
            due = ctx.issued + timedelta(days=offset.days)
        label = _label(seg, f, where, toks)
        return [Milestone(kind="due", label=label, due=due, dates=(due,))], _check([due], body, ctx)

    atoms = [t for t in toks if t.kind in ("dates", "quarter", "month", "half", "years", "thisyear")]
    for t in atoms:
        pre = t.m.groupdict().get("pre") or ""
        if re.search(r"\b(?:dau|giua)\b", pre) and not (t.kind in _PARTED and _part(t) and not t.m.groupdict().get("y2")):
            raise _Unread(Text(N_("deadline_why_start_or_middle")))
    covered = [t for t in atoms if t.kind in ("quarter", "half", "years") and _REPORT_BEFORE.search(f[: t.start])]
    if covered and any(t.kind == "dates" for t in atoms):
        # "trước ngày 15/12, báo cáo quý IV/2025": the quarter is what the report covers (its label's words),
        # not when it is due
        atoms = [t for t in atoms if t not in covered]
        toks = [t for t in toks if t not in covered]

    qmonths = [t for t in toks if t.kind == "qmonth"]
    if not freqs and qmonths and any(t.kind == "day" for t in toks):
        # "chậm nhất ngày 20 tháng cuối mỗi quý": the month of the quarter says it recurs each quarter
        freqs = [_Tok("freq", qmonths[0].start, qmonths[0].end, qmonths[0].m, "q")]
    if freqs:
        return _read_recurring(seg, f, where, toks, atoms, freqs[0], ctx, body)

    if events or offset is not None:
        bound = _dates_of(atoms, ctx, need_year=False)
        dates = (max(bound),) if bound else ()
        return [Milestone(kind="event", trigger=body, dates=dates, offset=offset)], _check(
            list(dates), body, ctx
        )

    if any(t.kind == "ongoing" for t in toks):
        bound = _dates_of([t for t in atoms if _names_year(t)], ctx, need_year=False)
        dates = (max(bound),) if bound else ()
        label = _label(seg, f, where, toks)
        return [Milestone(kind="ongoing", label=label, dates=dates)], _check(list(dates), body, ctx)

    if not atoms:
        raise _Unread(Text(N_("deadline_why_no_time")))
    dates = _dates_of(atoms, ctx, need_year=True)
    dates = _day_of_listed_months(dates, toks, atoms)
    reports = all(_REPORT_BEFORE.search(f[: t.start]) or re.search(r"tong ket|bao cao", t.m.group(0)) for t in atoms)
    if reports and ctx.issued and dates and dates[-1] < ctx.issued:
        # "báo cáo năm 2024" in a plan of 2025: the period reported on is over; when the report is due is not said
        raise _Unread(Text(N_("deadline_why_period_reported")))
    label = _label(seg, f, where, toks)
    next_years = [t for t in atoms if t.kind == "years" and t.m.groupdict().get("next")]
    if next_years:
        first = dates[0].year
        last = max(first, ctx.period[1]) if ctx.period else first
        dates = [date(y, 12, 31) for y in range(first, last + 1)]
        return [Milestone(kind="recurring", label=label, due=dates[0], dates=tuple(dates))], []
    # a part of a period ("đầu tháng 7"), or "6 tháng" alone (a report period, or a duration?), gives a date by
    # convention: the admin is told which
    guessed = any(_part(t) or (t.m.re is _BARE_HALF and not _REPORT_BEFORE.search(f[: t.start])) for t in atoms)
    approximate = [Text(N_("deadline_read_as"), text=_short(body), due=dates[-1])] if guessed else []
    if len(dates) == 1:
        return [Milestone(kind="due", label=label, due=dates[0], dates=(dates[0],))], _check(dates, body, ctx) + approximate
    return [Milestone(kind="recurring", label=label, due=dates[0], dates=tuple(dates))], _check(
        dates, body, ctx
    ) + approximate


def _read_recurring(
    seg: str, f: str, where: list[int], toks: list[_Tok], atoms: list[_Tok], freq: _Tok, ctx: _Ctx, body: str
) -> tuple[list[Milestone], list[Text]]:
    label = _label(seg, f, where, toks)
    named = sorted({y for t in atoms for y in _years_named(t)})
    if named:
        years = named
    elif ctx.period:
        years = list(range(ctx.period[0], ctx.period[1] + 1))
    elif ctx.year:
        years = [ctx.year]
    else:
        years = []
    explicit = [t for t in atoms if t.kind == "dates"]
    finer = [t for t in atoms if t.kind not in ("years", "thisyear")]
    days = [t for t in toks if t.kind == "day"]
    out: list[date] = []
    warnings_first: list[Text] = []
    if explicit:
        for t in explicit:
            for d, m, y in _items(t):
                for yy in [y] if y else years:
                    out.append(_mkdate(yy, m, d))
    elif freq.sub == "l":
        months = []
        for m in _PER_ITEM.finditer(freq.m.group(0)[len("dinh ky") :]):
            months.append(3 * _ROMAN[m["q"]] if m["q"] else int(m["n"]) if m["n"] else 12)
        out = [_month_end(y, mo) for y in years for mo in months]
    elif freq.sub == "q" and days:
        out = _quarter_days(int(_end_day(days).m.group("d")), [t for t in toks if t.kind == "qmonth"], years)
    elif freq.sub == "q":
        out = [_month_end(y, 3 * q) for y in years for q in range(1, 5)]
    elif days and freq.sub in ("h", "y"):
        raise _Unread(Text(N_("deadline_why_which_month")))
    elif freq.sub == "h":
        out = [_month_end(y, m) for y in years for m in (6, 12)]
    elif freq.sub == "y" and not finer:
        out = [date(y, 12, 31) for y in years]
    elif freq.sub == "m":
        if days:
            # "từ ngày 1 đến ngày 5 hằng tháng": the span's end day is the deadline
            day = int(_end_day(days).m.group("d"))
            if not 1 <= day <= 31:
                raise _Unread(Text(N_("deadline_why_no_such_day"), day=day))
            out = [date(y, m, min(day, calendar.monthrange(y, m)[1])) for y in years for m in range(1, 13)]
        else:
            out = [_month_end(y, m) for y in years for m in range(1, 13)]
    elif freq.sub == "w":
        found = _WEEKDAY.search(f)
        weekday = _weekday(found)
        if found is not None:  # "trước 16h thứ Năm" is the deadline, not its label
            label = _label(seg, f, where, [*toks, _Tok("weekday", found.start(), found.end(), found)])
        if weekday is None:
            # the week's last working day: the office reports on the week as it ends; said, to be set otherwise
            weekday = FRIDAY
            warnings_first.append(Text(N_("deadline_weekly_friday"), text=_short(body)))
        out = [day for y in years for day in _weekdays(y, weekday)]
    else:
        # "Quý I hằng năm", "Định kỳ quý I và quý III": the named periods, in each year.
        for y in years:
            out += _dates_of(finer, _Ctx(y, ctx.period, ctx.issued, ctx.ends), need_year=True)
        if not out and named:
            out = [date(y, 12, 31) for y in named]
    if not explicit and ctx.issued:
        # "hằng tháng" in a letter of April: from the next 20th on, not from January (then none is due
        # from before the letter was written); dates the text names stay, with a warning
        out = [d for d in out if d >= ctx.issued] or out
    if not explicit and ctx.ends:
        out = [d for d in out if d <= ctx.ends] or out
    dates = tuple(sorted(set(out)))
    warnings: list[Text] = warnings_first
    if not dates:
        warnings.append(Text(N_("deadline_no_year_for_recurring"), text=_short(body)))
    if explicit:
        warnings += _check(list(dates), body, ctx)
    return [Milestone(kind="recurring", label=label, due=dates[0] if dates else None, dates=dates)], warnings


FRIDAY = 4
_WEEKDAY = re.compile(
    _B + r"(?:(?:vao|truoc|cham nhat|den)\s+)?(?:(?:ngay\s+)?\d{1,2}\s*(?:h|gio)(?:\s*\d{2})?\s+(?:ngay\s+)?)?"
    r"thu\s*(?P<d>[2-7]|hai|ba|tu|nam|sau|bay)" + _E
)
_WEEKDAY_NAMES = {"hai": 2, "ba": 3, "tu": 4, "nam": 5, "sau": 6, "bay": 7}


def _weekday(m: re.Match[str] | None) -> int | None:
    """The day of the week a weekly deadline names ("thứ 6", "thứ Năm": Monday = 0), else None."""
    if m is None:
        return None
    said = m.group("d")
    return (int(said) if said.isdigit() else _WEEKDAY_NAMES[said]) - 2


def _weekdays(year: int, weekday: int) -> list[date]:
    """Every `weekday` of `year` (a weekly deadline's dates)."""
    first = date(year, 1, 1) + timedelta(days=(weekday - date(year, 1, 1).weekday()) % 7)
    return [first + timedelta(weeks=n) for n in range(53) if (first + timedelta(weeks=n)).year == year]


def _end_day(days: list[_Tok]) -> _Tok:
    """The day a span of days ends on ("từ ngày 1 đến ngày 5" → 5), else the first day named."""
    last = days[-1]
    return last if len(days) > 1 and re.search(r"\bden\b", last.m.group("pre") or "") else days[0]


def _quarter_days(day: int, qmonth: list[_Tok], years: list[int]) -> list[date]:
    """ "Hằng quý, trước ngày 20 của tháng cuối quý" → 20/03, 20/06, 20/09, 20/12."""
    if not qmonth:
        # Offices differ (last month of the quarter, first of the next): not guessed.
        raise _Unread(Text(N_("deadline_why_month_of_quarter"), day=day))
    if not 1 <= day <= 31:
        raise _Unread(Text(N_("deadline_why_no_such_day"), day=day))
    last = qmonth[0].m.group("w") == "cuoi"
    shift = 3 if qmonth[0].m.group("next") else 0
    out = []
    for y in years:
        for q in range(1, 5):
            month = (3 * q if last else 3 * q - 2) + shift
            yy, mm = (y + 1, month - 12) if month > 12 else (y, month)
            out.append(date(yy, mm, min(day, calendar.monthrange(yy, mm)[1])))
    return out


# --- dates --------------------------------------------------------------------------------------


def _day_of_listed_months(dates: list[date], toks: list[_Tok], atoms: list[_Tok]) -> list[date]:
    """ "Trước ngày 10 các tháng 3, 6, 9, 12": the day named before the months is each month's deadline."""
    days = [t for t in toks if t.kind == "day"]
    finer = [t for t in atoms if t.kind not in ("years", "thisyear")]
    if not days or not finer or any(t.kind != "month" or _part(t) for t in finer) or days[0].start > finer[0].start:
        return dates
    day = int(_end_day(days).m.group("d"))
    if not 1 <= day <= 31:
        raise _Unread(Text(N_("deadline_why_no_such_day"), day=day))
    return sorted({d.replace(day=min(day, calendar.monthrange(d.year, d.month)[1])) for d in dates})


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _mkdate(y: int, m: int, d: int) -> date:
    try:
        return date(y, m, d)
    except ValueError:
        raise _Unread(Text(N_("deadline_why_no_such_date"), day=d, month=m, year=y)) from None


def _items(t: _Tok) -> list[tuple[int, int, int | None]]:
    out = []
    for m in _ITEM_PARTS.finditer(t.m.group(0)):
        y = m.group("y")
        out.append((int(m.group("d")), int(m.group("m")), int(y) if y else None))
    months = t.m.groupdict().get("months")
    if months and out and out[0][2] is None:
        listed = [int(n) for n in re.findall(r"\d+", months)]
        year = listed.pop() if t.m.group("my") else None  # the year written once, after the last month
        out = [(out[0][0], month, year) for month in [out[0][1], *listed]]
    return out


def _names_year(t: _Tok) -> bool:
    return bool(_years_named(t))


def _years_named(t: _Tok) -> list[int]:
    if t.kind == "dates":
        return [y for _, _, y in _items(t) if y]
    g = t.m.groupdict()
    return [int(g[k]) for k in ("y", "y2") if g.get(k)]


def _dates_of(atoms: list[_Tok], ctx: _Ctx, *, need_year: bool) -> list[date]:
    """The due dates the time phrases name, sorted; a span ("từ … đến …") keeps its end only."""
    # A year beside a finer phrase ("Năm 2024: tháng 3 và tháng 9") only gives that phrase its year.
    # "tổng kết năm", "báo cáo năm" are reports of their own ("Sơ kết 6 tháng, tổng kết năm": 30/06 and 31/12)
    # "6 tháng đầu năm và cả năm": the whole year is a report period of its own too
    use = [t for t in atoms if t.kind not in ("years", "thisyear") or re.search(r"tong ket|bao cao|\bca nam", t.m.group(0))] or atoms
    context_year = next((y for t in atoms if t.kind == "years" for y in _years_named(t)), None)
    out: list[date] = []
    for i, t in enumerate(use):
        if i and re.search(r"\bden\b", t.m.groupdict().get("pre") or ""):
            out.clear()  # "từ tháng 3 đến tháng 6": the span ends with this phrase
        named = _years_named(t)
        if t.kind == "dates":
            for d, m, y in _items(t):
                yy = y or _default_year(use, i, context_year, ctx)
                if yy is None:
                    if need_year:
                        raise _Unread(Text(N_("deadline_why_no_year")))
                    continue
                out.append(_mkdate(yy, m, d))
            continue
        y = named[0] if named else _default_year(use, i, context_year, ctx)
        if y is None:
            if need_year:
                raise _Unread(Text(N_("deadline_why_no_year")))
            continue
        out.extend(_period_dates(t, y))
    return sorted(set(out))


def _default_year(atoms: list[_Tok], i: int, context_year: int | None, ctx: _Ctx) -> int | None:
    # Vietnamese writes the year once, at the end: "tháng 3 và tháng 6 năm 2024".
    for t in atoms[i + 1 :]:
        named = _years_named(t)
        if named:
            return named[0]
    return context_year or ctx.year


_PARTED = ("quarter", "month", "years", "thisyear")
_PART_RE = re.compile(
    r"(?:(?:(?P<week>tuan)\s+)?(?P<part>dau|giua)(?:\s+tien)?|(?P<third>thuong|trung) tuan|tuan (?:thu )?(?P<nth>nhat|hai|ba|tu|[1-4])"
    r"|(?P<half>nua dau))(?:\s+cua)?\s*$"
)
_NTH = {"nhat": 1, "hai": 2, "ba": 3, "tu": 4}
_THIRDS = {"thuong": "dau", "trung": "giua"}  # thượng tuần: the first ten days, trung tuần: the next ten


def _part(t: _Tok) -> str | None:
    """The part of its period a phrase names: "dau" ("đầu tháng 7"), "giua", "tuan 1" ("tuần đầu tháng 7"),
    "tuan 2" ("tuần thứ 2 của tháng 4"), "nua dau" ("nửa đầu tháng 8"), or None (the whole period, due at its
    end)."""
    if t.kind not in _PARTED:
        return None
    g = t.m.groupdict()
    words = f"{g.get('pre') or ''} {g.get('part') or ''}".strip()
    m = _PART_RE.search(words)
    if m is None:
        return None
    if m["third"]:
        return _THIRDS[m["third"]]
    if m["half"]:
        return "nua dau"
    if m["nth"]:
        return f"tuan {_NTH.get(m['nth']) or int(m['nth'])}"
    return "tuan 1" if m["week"] and m["part"] == "dau" else m["part"]


def _part_date(part: str, first: date, last: date) -> date:
    """The date a part of a period is read as: the period's n-th week ends on its (7·n)th day; in a month,
    "đầu" is the 10th, "giữa" the 20th (thượng tuần, trung tuần) and "nửa đầu" the 15th; in a quarter, the end
    of its first or second month; in a year, "đầu năm" is the end of quý I and "giữa năm" the end of the
    half-year."""
    if part.startswith("tuan "):
        return min(first + timedelta(days=7 * int(part[5:]) - 1), last)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if part == "nua dau":  # of a month its 15th; of a quarter or year, as "giữa"
        if months == 1:
            return first.replace(day=15)
        part = "giua"
    if months == 1:
        return first.replace(day=10 if part == "dau" else 20)
    share = {3: {"dau": 1, "giua": 2}, 12: {"dau": 3, "giua": 6}}[months][part]
    return _month_end(first.year, first.month + share - 1)


def _period_dates(t: _Tok, y: int) -> list[date]:
    g = t.m.groupdict()
    # "trước quý III": the day before it starts; "trước cuối quý III": by its end
    before = bool(re.search(r"\btruoc\b(?!\s+cuoi\b)", g.get("pre") or ""))
    part = _part(t)
    if part and t.kind == "quarter":
        quarters = [_ROMAN[g.get("q") or g.get("q2") or "1"]]
        quarters += [_ROMAN[q] for _, q in re.findall(r"(,|va|-|–|den)\s*(?:quy\s+)?(iv|iii|ii|i|[1-4])", g.get("more") or "")]
        return [_part_date(part, date(y, 3 * q - 2, 1), _month_end(y, 3 * q)) for q in quarters]
    if part and t.kind == "month":
        months = [int(g["m"])] + [int(m) for _, m in re.findall(r"(,|va|-|–|den)\s*(?:thang\s+)?(\d{1,2})", g.get("more") or "")]
        if not all(1 <= m <= 12 for m in months):
            raise _Unread(Text(N_("deadline_why_no_such_month"), month=next(m for m in months if not 1 <= m <= 12)))
        return [_part_date(part, date(y, m, 1), _month_end(y, m)) for m in months]
    if part:  # a year
        return [_part_date(part, date(y, 1, 1), date(y, 12, 31))]
    if t.kind == "quarter":
        first = _ROMAN[g.get("q") or g.get("q2") or "1"]
        quarters = [first]
        for sep, q in re.findall(r"(,|va|-|–|den)\s*(?:quy\s+)?(iv|iii|ii|i|[1-4])", g.get("more") or ""):
            if sep in ("-", "–", "den"):
                quarters[-1:] = [_ROMAN[q]]  # a span keeps its end
            else:
                quarters.append(_ROMAN[q])
        if before:
            return [date(y, 3 * (q - 1) + 1, 1) - timedelta(days=1) for q in quarters]
        return [_month_end(y, 3 * q) for q in quarters]
    if t.kind == "month":
        months = [int(g["m"])]
        for sep, m in re.findall(r"(,|va|-|–|den)\s*(?:thang\s+)?(\d{1,2})", g.get("more") or ""):
            if sep in ("-", "–", "den"):
                months[-1:] = [int(m)]
            else:
                months.append(int(m))
        for m in months:
            if not 1 <= m <= 12:
                raise _Unread(Text(N_("deadline_why_no_such_month"), month=m))
        if before:
            return [date(y, m, 1) - timedelta(days=1) for m in months]
        return [_month_end(y, m) for m in months]
    if t.kind == "half":
        n = int(g["n"])
        return [_month_end(y, 12 if g.get("w") == "cuoi" else n)]
    if t.kind == "years":
        last = int(g["y2"]) if g.get("y2") else y
        return [date(last - 1, 12, 31)] if before else [date(last, 12, 31)]
    if t.kind == "thisyear":
        return [date(y, 12, 31)]
    return []


def _reports_on_year_end(d: date, period: tuple[int, int]) -> bool:
    """Whether a date is in the January after the period: where a year's work is reported and closed."""
    return (d.year, d.month) == (period[1] + 1, 1)


def _check(dates: list[date], body: str, ctx: _Ctx) -> list[Text]:
    """Warnings for dates before the plan was issued or outside its period (the dates are kept)."""
    out = []
    for d in dates:
        if ctx.issued and d < ctx.issued:
            out.append(Text(N_("deadline_before_issue"), due=d, text=_short(body), issued=ctx.issued))
        elif ctx.period and not ctx.period[0] <= d.year <= ctx.period[1] and not _reports_on_year_end(d, ctx.period):
            out.append(
                Text(N_("deadline_outside_period"), due=d, text=_short(body), first=ctx.period[0], last=ctx.period[1])
            )
    return out


# --- labels -------------------------------------------------------------------------------------


def _trim(text: str) -> str:
    return _EDGE.sub("", " ".join(text.split()))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _label(seg: str, f: str, where: list[int], toks: list[_Tok]) -> str | None:
    """What the segment says besides its time phrases ("Ban hành Kế hoạch"), or None."""
    keep = [True] * len(seg)
    for t in toks:
        if t.start < t.end:
            for i in range(where[t.start], where[t.end - 1] + 1):
                keep[i] = False
    text = "".join(ch if k else " " for ch, k in zip(seg, keep, strict=True))
    text = re.sub(r"\(\s*[,;]*\s*\)", " ", text)
    text = re.sub(r"\s+([,;:.)])", r"\1", text)
    text = _trim(text)
    # Brackets left unbalanced by a removed time phrase go; balanced ones are part of the label.
    while (text and text[0] in ")]") or (text[:1] == "(" and text.count("(") > text.count(")")):
        text = _trim(text[1:])
    while (text and text[-1] in "([") or (text[-1:] == ")" and text.count(")") > text.count("(")):
        text = _trim(text[:-1])
    if not text or _FILLER.match(fold(text)) or not re.search(r"[^\W\d_]", text):
        return None
    return _cap(text)
