"""A plan's identity read from its text: code, issuer, issue date, title, year and period (pure).

Plan code: "Số: 17/KH-UBND" in the heading. A plan attached to a decision ("Ban hành kèm theo Quyết
định số 187/QĐ-UBND") has no number of its own; people look it up by the decision's number, so that
is its code.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from plans.catalogue import CATALOGUE
from plans.text import fold, nfc

_CODE = r"(\d+)\s*/?\s*((?:[A-ZĐ][A-ZĐ0-9]*)(?:\s*[-/]\s*[A-ZĐ0-9]+)+)"
# after "Số:" the code may be a year and letters ("12/2025/QĐ-UBND") or one office's letters ("215/NV")
_SO_RE = re.compile(
    r"^\W*(?:S[ốo]|No)\s*(?:hiệu|hieu)?\s*[:.]{1,2}\s*(\d+(?:\s*/\s*(?:19|20)\d{2})?)\s*/\s*([A-ZĐ][A-ZĐ0-9]*(?:\s*[-/]\s*[A-ZĐ0-9]+)*)\b",
    re.MULTILINE,
)
_DAY_RE = r"(?:\s+ngày\s+(\d{1,2})\s*(?:tháng\s*|/\s*)(\d{1,2})\s*(?:năm\s*|/\s*)(\d{4}))?"
_ATTACHED_RE = re.compile(
    r"(?:ban hành\s+)?kèm theo\s+(?:Quyết định|Kế hoạch|Chỉ thị|Công văn)\s+số\s*:?\s*" + _CODE + _DAY_RE,
    re.IGNORECASE,
)
# a heading copied from a web page: "KẾ HOẠCH số 09/KH-UBND ngày 06/01/2025 của UBND phường Phú Mỹ"
_TYPED_CODE_RE = re.compile(
    r"^\W*(?:KẾ HOẠCH|CHƯƠNG TRÌNH|QUYẾT ĐỊNH|CHỈ THỊ|CÔNG VĂN|THÔNG BÁO)\s+số\s*:?\s*" + _CODE + _DAY_RE,
    re.MULTILINE | re.IGNORECASE,
)
_PLACE_DATE_RE = re.compile(  # also typed without diacritics: "Phuoc Vinh An, ngay 14 thang 01 nam 2026"
    r"^\W*([^\n,;:]{2,40}?),\s*ng[àa]y\s+(\d{1,2})\s*(?:th[áa]ng\s*|/\s*)(\d{1,2})\s*(?:n[ăa]m\s*|/\s*)(\d{4})",
    re.MULTILINE | re.IGNORECASE,
)
_ISSUER_RE = re.compile(
    r"^\W*(?:CHỦ TỊCH\s+)?(?:(?:ỦY|UỶ) BAN NHÂN DÂN|UY BAN NHAN DAN|UBND)\s+"
    r"(QUẬN|HUYỆN|THỊ XÃ|THÀNH PHỐ|PHƯỜNG|XÃ|THỊ TRẤN|TỈNH|QUAN|HUYEN|THI XA|THANH PHO|PHUONG|XA|THI TRAN|TINH)"
    r"\s+([A-ZĐÀ-Ỹ0-9][A-ZĐÀ-Ỹ0-9 .\-]*?)\W*$",
    re.MULTILINE,
)
# the issuing body's own line under the UBND line of the heading ("SỞ NỘI VỤ", "PHÒNG NỘI VỤ"), or heading it
# alone ("BỘ NỘI VỤ"): a Sở's plan is the Sở's, not the province's
_BODY_RE = re.compile(
    r"^\W*((?:SỞ|PHÒNG|BAN|VĂN PHÒNG|THANH TRA|TRUNG TÂM|CÔNG AN|BỘ|CỤC|TỔNG CỤC|CHI CỤC)\s+[A-ZĐÀ-Ỹ0-9][A-ZĐÀ-Ỹ0-9 ,.\-–]*?)\W*$"
)
_MOTTO_RE = re.compile(
    r"[ \t]+(?=(?:CỘNG HÒA|CỘNG HOÀ|Cộng hòa|Cộng hoà|CONG HOA|Cong hoa) (?:XÃ HỘI|xã hội|XA HOI|xa hoi)"
    r"|(?:Độc lập|Doc lap)\s*[-–])"
)
_ENGLISH_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                   "october", "november", "december"]
_ENGLISH_DATE_RE = re.compile(r"^\W*([^\n,;:]{2,40}?),\s*(\d{1,2})\s+(" + "|".join(_ENGLISH_MONTHS) + r")\s+(\d{4})\s*$",
                              re.MULTILINE | re.IGNORECASE)
_LEVELS = {"QUAN": "QUẬN", "HUYEN": "HUYỆN", "THI XA": "THỊ XÃ", "THANH PHO": "THÀNH PHỐ", "PHUONG": "PHƯỜNG",
           "XA": "XÃ", "THI TRAN": "THỊ TRẤN", "TINH": "TỈNH"}
_DOC_TYPES = ("KẾ HOẠCH", "CHƯƠNG TRÌNH", "QUYẾT ĐỊNH", "CHỈ THỊ", "THÔNG BÁO", "PLAN")  # PLAN: an English copy
_YEAR_RE = re.compile(r"\bnăm\s+(\d{4})\b", re.IGNORECASE)
_PERIOD_RE = re.compile(r"giai đoạn\s+(\d{4})\s*[-–]\s*(\d{4})", re.IGNORECASE)
# the months and quarters a title names with their year («tháng 12/2026 và quý I/2027», «từ tháng 11/2026 đến
# tháng 6/2027»): the plan's span, which may run into the next year
_SPAN_PART_RE = re.compile(r"(?i)(?<!\d )\b(?:tháng\s+(?P<m>0?[1-9]|1[0-2])|quý\s+(?P<q>I{1,3}|IV|[1-4]))\s*/\s*(?P<y>\d{4})\b")
_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4}


@dataclass(frozen=True)
class MetaFields:
    """What the heading says; any field may be missing."""

    code: str | None
    title: str | None
    issuer: str | None
    issued_on: date | None
    year: int | None
    period: tuple[int, int] | None
    ends: date | None = None  # the span's last day, when the title ends it before its last year does


def _plain(line: str) -> str:
    line = re.sub(r"<[^>]+>", "", line)
    return re.sub(r"\*+|^#+\s*|\s+$", "", line.strip()).strip()


def _code(number: str, letters: str) -> str:
    return re.sub(r"\s+", "", number) + "/" + re.sub(r"\s+", "", letters)


def read_meta(lines: list[str]) -> MetaFields:
    """Read the metadata of a plan from its body lines."""
    # a sheet's or a pasted layout's row holds the issuer and the national motto side by side: two lines
    lines = [part for line in lines for part in _MOTTO_RE.split(line)]
    text = nfc("\n".join(lines))
    # the heading often breaks "ỦY BAN NHÂN DÂN / QUẬN 3" over two lines
    text = re.sub(r"((?:ỦY|UỶ) BAN NHÂN DÂN)[ \t]*\n\s*(?=(?:QUẬN|HUYỆN|THỊ XÃ|THÀNH PHỐ|PHƯỜNG|XÃ|TỈNH)\b)", r"\1 ", text)
    head = "\n".join(lines[:80])
    code = issued = None
    so = _SO_RE.search(head)
    attached = _ATTACHED_RE.search(text) or _TYPED_CODE_RE.search(head)
    if so:
        code = _code(so.group(1), so.group(2))
    elif attached:
        code = _code(attached.group(1), attached.group(2))
    place_date = _PLACE_DATE_RE.search(text)
    english_date = _ENGLISH_DATE_RE.search(head)
    if place_date:
        issued = _date(place_date.group(4), place_date.group(3), place_date.group(2))
    elif english_date:  # an English copy: "District 3, 10 January 2026"
        month = _ENGLISH_MONTHS.index(english_date.group(3).lower()) + 1
        issued = _date(english_date.group(4), str(month), english_date.group(2))
    elif attached and attached.group(3):
        issued = _date(attached.group(5), attached.group(4), attached.group(3))
    issuer = _issuer(text, place_date.group(1) if place_date else None, attached)
    title = _title(lines)
    if issuer is None and title and (named := _TITLE_ISSUER_RE.search(title)):
        issuer = "UBND " + named.group(1).strip()
    year, period = _year_period(title or "", issued)
    ends = None
    if (span := _span(title or "")) is not None:
        first, ends = span
        period = (min(first.year, *(period or (first.year,))), max(ends.year, *(period or (ends.year,))))
        whole_years = [int(y) for y in _YEAR_RE.findall(title or "")] + [
            int(y) for m in _PERIOD_RE.finditer(title or "") for y in m.groups()]
        year = year if whole_years else first.year
        # «quý I/2026 và năm 2026»: the whole year is named, the series run to its end
        ends = ends if ends.year == period[1] and max(whole_years, default=0) < ends.year else None
    return MetaFields(code, title, issuer, issued, year, period, ends)


def _date(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _issuer(text: str, place: str | None, attached: re.Match[str] | None) -> str | None:
    m = _ISSUER_RE.search(text)
    body = _issuing_body(text.split("\n")[:8])
    if m:
        level, name = m.group(1), m.group(2).strip()
        # "QUẬN 1" is written "Quận 1"; a named district reads "quận Gò Vấp"
        level = _LEVELS.get(level, level)  # typed without diacritics: "XA PHUOC VINH AN"
        level_text = level.capitalize() if name[:1].isdigit() else level.lower()
        locality = f"{level_text} {name.title() if not name.isdigit() else name}"
        return f"{body} {locality}" if body else f"UBND {locality}"
    if body:
        return body
    if place:
        place = _plain(place)
        if re.match(r"(?i)(quận|huyện|thị xã|thành phố|phường|xã|thị trấn)\s+\S", place):
            return f"UBND {place}"
    if attached:
        tail = text[attached.end(): attached.end() + 200]
        m2 = re.search(r"(?:Ủy|Uỷ) ban nhân dân\s+((?:quận|huyện|thị xã|thành phố|Quận|Huyện)\s+[^)\n]+)", tail)
        if m2:
            return f"UBND {m2.group(1).strip()}"
    return None


def _issuing_body(heading: list[str]) -> str | None:
    """The body named in capitals at the top of the heading, above "Số:" ("SỞ NỘI VỤ" → "Sở Nội vụ"), or None."""
    for line in heading:
        plain = _plain(line)
        if _SO_RE.match(plain):
            break
        m = _BODY_RE.match(plain)
        if m and plain.isupper():
            name = " ".join(m.group(1).split())
            known = next((one for one in CATALOGUE if fold(one) == fold(name)), None)
            head, _, rest = name.partition(" ")
            return known or _ACRONYM_RE.sub(lambda m: m.group(0).upper(), f"{head.capitalize()} {rest.capitalize()}")
    return None


def _title(lines: list[str]) -> str | None:
    plain = [_plain(line) for line in lines[:200]]
    for doc_type in _DOC_TYPES:
        for index, line in enumerate(plain):
            head = line[:len(doc_type)]
            if head != doc_type and not (head.isupper() and fold(head) == fold(doc_type)):  # "KE HOACH" typed plain
                continue
            rest = line[len(doc_type):].strip(" :")
            if re.match(r"(?i)số\b", rest):
                rest = ""  # "KẾ HOẠCH số 09/KH-UBND ngày …": the title is the next paragraph
            if rest and not rest.isupper():
                return _tidy_title(rest)
            if rest:
                continue  # "KẾ HOẠCH CỤ THỂ TRIỂN KHAI…" is an appendix heading, not the title
            paragraph = _next_paragraph(plain, index + 1)
            if paragraph:
                return _tidy_title(paragraph)
    for index, line in enumerate(plain[:60]):
        if re.match(r"(?i)^(V/v|Về việc)\b", line):
            paragraph = [line, *_following(plain, index + 1)]
            return _tidy_title(re.sub(r"(?i)^(V/v|Về việc)\s*:?\s*", "", " ".join(paragraph)))
    for line in plain[:20]:
        # a spreadsheet's title block has only "KẾ HOẠCH THỰC HIỆN … NĂM 2025" (or "PHỤ LỤC …", "DANH SÁCH NHIỆM
        # VỤ …" of a system's export, "BẢNG THEO DÕI …" of a follow-up sheet) in capitals
        heading = re.match(r"^(?:KẾ HOẠCH|CHƯƠNG TRÌNH|PHỤ LỤC|DANH MỤC|DANH SÁCH|BẢNG)(?:\s+[IVX\d]+)?\s*[:.–-]?\s+(\S.{8,})$",
                           line)  # "PHỤ LỤC II - …", "PHỤ LỤC: …"
        if heading and line.isupper():
            title = _ACRONYM_RE.sub(lambda m: m.group(0).upper(), heading.group(1).capitalize())
            return _tidy_title(_PLACE_NAME_RE.sub(lambda m: m.group(1) + m.group(2).title(), title))
    return None


_TITLE_STOP_RE = re.compile(
    r"^(?:\(|Căn cứ|Số\b|K[íi]nh g[ửu]i|Phụ lục|Nơi nhận|Điều\s+\d|(?:Phần|Chương)\s+(?:[IVXL]+|\d|thứ\b)|[IVX]+\.\s|\d+\.\s|[-•]\s|[^,\n]{1,40},\s*ng[àa]y\s)",
    re.IGNORECASE
)


# a place's name a title in capitals keeps capitalised ("… của UBND xã Bình Mỹ năm 2025")
_PLACE_NAME_RE = re.compile(
    r"\b((?:xã|phường|huyện|quận|tỉnh|thành phố|thị xã|thị trấn)\s+)((?:(?!năm\b|giai\b|về\b|trên\b|đến\b)[^\W\d_]+\s*){1,4})"
)
# the issuer a title names when the heading does not ("Kế hoạch … của UBND xã Bình Mỹ")
_TITLE_ISSUER_RE = re.compile(
    r"\bcủa\s+(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+((?:xã|phường|huyện|quận|tỉnh|thành phố|thị xã|thị trấn)\s+"
    r"(?:\d+|(?:(?!năm\b|giai\b|về\b)[A-ZĐÀ-Ỹ][^\s,.;]*\s*){1,4}))"
)
# acronyms a title in capitals keeps when it is written in sentence case
_ACRONYM_RE = re.compile(r"\b(?:ubnd|hđnd|cchc|tthc|mttq|iso|cntt|vpđk)\b")


def _following(lines: list[str], start: int) -> list[str]:
    """The lines that continue a title: up to a blank line or the next heading element (docx has no blanks)."""
    out = []
    for line in lines[start: start + 3]:
        if not line or _TITLE_STOP_RE.match(line) or (line.isupper() and len(line) > 3):
            break
        if line.endswith(":") or (line.endswith(".") and line[:1].isupper()):
            break  # "… Chủ tịch UBND chỉ thị:", "Các nhiệm vụ tại Phụ lục kèm theo.": the text opens, no part of the title
        out.append(line)
    return out


def _next_paragraph(lines: list[str], start: int) -> str | None:
    for index in range(start, min(start + 6, len(lines))):
        if lines[index]:
            if lines[index].startswith(("(", "Căn cứ", "Số", "CHỦ TỊCH", "ỦY BAN", "UỶ BAN")):
                return None
            return " ".join([lines[index], *_following(lines, index + 1)])
    return None


# a decision issuing a plan is titled by it: "Về việc ban hành Kế hoạch cải cách hành chính năm 2026" → the plan's
_ISSUES_PLAN_RE = re.compile(r"(?i)^(?:về việc\s+|v/v\s+)?ban hành\s+(?:kèm theo\s+)?(?:kế hoạch|chương trình)\s+(?=\S)")


def _tidy_title(title: str) -> str:
    title = _ISSUES_PLAN_RE.sub("", " ".join(title.split())).strip(" .")
    return title[:1].upper() + title[1:]


def _span(title: str) -> tuple[date, date] | None:
    """The first and last day of the months and quarters the title names with their year, if it names any."""
    bounds: list[tuple[date, date]] = []
    for m in _SPAN_PART_RE.finditer(title):
        year = int(m["y"])
        last_month = int(m["m"]) if m["m"] else 3 * _QUARTERS.get(m["q"].upper(), 0) or 3 * int(m["q"])
        first_month = last_month if m["m"] else last_month - 2
        bounds.append((date(year, first_month, 1), date(year, last_month, calendar.monthrange(year, last_month)[1])))
    return (min(b[0] for b in bounds), max(b[1] for b in bounds)) if bounds else None


def _year_period(title: str, issued: date | None) -> tuple[int | None, tuple[int, int] | None]:
    period_m = _PERIOD_RE.search(title)
    years = [int(y) for y in _YEAR_RE.findall(title)]
    if period_m:
        period = (int(period_m.group(1)), int(period_m.group(2)))
        year = years[0] if years and not (period[0] <= years[0] <= period[1] and len(years) == 1) else None
        return year or period[0], period
    if years:
        return years[0], (years[0], years[-1]) if years[-1] >= years[0] else (years[0], years[0])
    if issued:
        return issued.year, (issued.year, issued.year)
    return None, None
