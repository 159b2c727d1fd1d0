"""Task tables (STT | Nhiệm vụ | Sản phẩm | Chủ trì | Phối hợp | Thời gian) rebuilt into raw tasks.

Columns are found by their header, which may repeat on every page. A row with an empty STT continues
the row before it (a row split across pages); a row with a number and only a title is a section. A
table without an STT column numbers its rows itself (1, 2…; 1.1, 1.2… under title-only section rows).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from i18n import N_, Text
from plans.agencies import fold_same_length
from plans.agency_phrase import is_agency_phrase
from plans.model import PlanError, PlanWarning
from plans.readers.assignments import deadline_phrase
from plans.readers.closing import ends_document
from plans.readers.raw import RawTask
from plans.readers.source import Row
from plans.text import fold, nfc, squash, strip_html

COLUMNS = ("number", "title", "deliverables", "lead", "support", "deadline")


@lru_cache(maxsize=4096)  # every row of a table is tried as a header: its cells' texts repeat
def _classify(header: str) -> str | None:
    """Which column a header cell names, or None."""
    text = fold(clean_text(header)).strip(" .:")
    text = re.sub(r"[^a-z0-9/ ]+", " ", text)
    text = " ".join(text.split())
    if not text:
        return None
    if text in ("stt", "tt", "so tt", "so thu tu", "thu tu"):
        return "number"
    if text in ("phan", "muc", "phan/muc", "chuong"):
        return "part"  # "Phần | STT | Nhiệm vụ": the Roman section in a column of its own, the numbers restarting in each
    if text.startswith("ghi chu"):
        return "notes"  # read for a deadline written there («Báo cáo trước ngày 15/12»); «Nhiệm vụ trọng tâm» is no time
    if re.match(r"noi dung (?:dieu chinh|sua doi|bo sung|thay doi)", text):
        return None  # an amending plan's «Nội dung điều chỉnh» says what changes; the task is the column naming it
    if text.startswith(("dia diem", "thanh phan", "gio", "thu/ngay", "thu ngay", "ngay/gio", "buoi")):
        return "schedule"  # a work schedule's columns: where, who attends, at what hour
    if text.startswith(("ma ", "ma so", "so hieu", "id")) or text in ("ma", "id"):
        return "code"  # "Mã nhiệm vụ" of a system's export: an identifier, not the task
    if text.startswith(("linh vuc", "nhom nhiem vu", "nhom linh vuc", "nhom cong viec")):
        return "group"  # "Lĩnh vực" beside each task (merged down over its tasks): the tasks' section
    if "bat dau" in text or text.startswith("tu ngay"):
        return "start"  # "Thời gian bắt đầu" beside "Thời gian hoàn thành": the deadline is the other
    if text.startswith("tien do"):
        return "progress"  # "Tiến độ": the schedule, unless a deadline column stands beside it (then a status)
    if text.startswith(("thoi gian", "thoi han", "han hoan thanh", "han")):
        return "deadline"
    if text == "hoan thanh" or text.startswith(("ket thuc", "den ngay", "ngay ket thuc", "ngay hoan thanh")):
        return "deadline"  # "Thời gian" over "Bắt đầu | Kết thúc" (or "Từ ngày | Đến ngày"): the end is the deadline
    if text.startswith(("thoi diem", "moc thoi gian", "du kien hoan thanh")):
        return "deadline"
    if "phoi hop" in text:
        # "Đơn vị chủ trì, phối hợp": both roles in one column (not a cell naming agencies with their roles)
        return "roles" if re.match(r"(?:(?:co quan|don vi|cac)\s+)*(?:chu tri|phoi hop)\b", text) and "chu tri" in text \
            else "support"
    if "chu tri" in text or "chiu trach nhiem" in text or text.startswith(("trach nhiem", "phan cong")) or (
            text.startswith(("co quan", "don vi")) and "thuc hien" in text and not re.search(r"(?<!ca )\bnhan\b", text)):
        return "lead"
    if text.startswith(_PERSON_LEADS) or _PERSON_LEADS_RE.match(text) or text in (
            "co quan", "don vi", "co quan don vi", "co quan/don vi"):
        return "assigned"  # the lead when no "Chủ trì" column stands beside it (then a person in charge, not read)
    if text.startswith(("ket qua thuc hien", "tinh hinh thuc hien", "tinh trang", "danh gia ket qua")):
        return "status"  # a follow-up sheet's report on the task («Đã hoàn thành»), not what it is to produce
    if text.startswith(("san pham", "ket qua", "hinh thuc")):
        return "deliverables"
    if "nhiem vu" in text or text.startswith(("noi dung", "ten ", "cong viec", "bao cao", "danh muc", "viec can lam",
                                              "giai phap", "hoat dong")):
        return "title"
    return _ENGLISH_HEADERS.get(text) or next(
        (kind for kind, starts in _ENGLISH_HEADER_STARTS if text.startswith(starts)), None)


# a ward's plan gives its tasks to officers and desks ("Người thực hiện", "Bộ phận thực hiện", "Phụ trách"), others
# name who was given the work ("Đơn vị được giao", "Cơ quan tham mưu"), or head a column of agencies "Cơ quan, đơn vị"
_PERSON_LEADS = ("nguoi thuc hien", "bo phan thuc hien", "can bo thuc hien", "cong chuc thuc hien", "nguoi phu trach",
                 "phu trach", "don vi duoc giao", "co quan duoc giao", "don vi duoc phan cong", "co quan duoc phan cong",
                 "don vi tham muu", "co quan tham muu", "bo phan tham muu")

# the same written of several kinds at once: «Người/bộ phận thực hiện», «Cán bộ, công chức phụ trách»
_PERSON_LEADS_RE = re.compile(
    r"(?:nguoi|bo phan|can bo|cong chuc)(?:\s*/?\s*(?:nguoi|bo phan|can bo|cong chuc|don vi|co quan))+"
    r"\s+(?:thuc hien|phu trach)\b")

# an English copy of a plan: "No. | Task | Lead agency | Coordinating agencies | Deadline | Output"
_ENGLISH_HEADERS = {"no": "number", "item": "number", "s/n": "number"}
_ENGLISH_HEADER_STARTS = (
    ("support", ("coordinat", "support", "cooperat", "in coordination")),
    ("lead", ("lead", "in charge", "responsible", "implementing", "agency in charge")),
    ("deadline", ("deadline", "timeline", "time", "completion", "due")),
    ("deliverables", ("output", "product", "deliverable", "expected result", "result")),
    ("title", ("task", "activit", "content", "description", "action")),
)


def header_columns(row: Row) -> dict[str, int] | None:
    """The column index of each known header in `row`, when the row is a task-table header."""
    found: dict[str, int] = {}
    for index, cell in enumerate(row.cells):
        kind = _classify(cell) if len(cell) < 80 else None
        if kind == "title" and _CITED_PLAN_RE.search(fold(clean_text(cell))):
            kind = "reference"  # "Nhiệm vụ theo KH của tỉnh" beside the district's own: the number it carries out
        if kind == "title" and "title" in found and _DETAIL_RE.search(fold(clean_text(cell))):
            kind = "detail"  # "Nhiệm vụ | Nội dung cụ thể" or "| Giải pháp": the work in detail, each row of it a task
        if kind and kind not in found:
            found[kind] = index
    _progress_or_deadline(found)
    if "reference" in found and "title" not in found:
        found["title"] = found.pop("reference")  # the only task column, whatever plan it names
    if "roles" in found and "lead" not in found:
        found["lead"] = found["roles"]  # split by split_roles; an unmarked list there: its first name leads
    if "schedule" not in found and "title" in found and len(found) >= 3 and ("lead" in found or "deadline" in found):
        return found
    return None


def _progress_or_deadline(found: dict[str, int]) -> None:
    """A «Tiến độ» column is the deadline when no «Thời hạn» column is there; beside one it is the task's status
    («Đang thực hiện») in a follow-up sheet, not read. Likewise «Người phụ trách» leads only without «Chủ trì»."""
    progress = found.pop("progress", None)
    if progress is not None and "deadline" not in found:
        found["deadline"] = progress
    assigned = found.pop("assigned", None)
    if assigned is not None and "lead" not in found:
        found["lead"] = assigned


def is_schedule_header(row: Row) -> bool:
    """Whether a row heads a work schedule's table (Thứ/Ngày, Giờ, Nội dung, Địa điểm, Thành phần…)."""
    kinds = {_classify(cell) for cell in row.cells if len(cell) < 80}
    return "schedule" in kinds and ("title" in kinds or "lead" in kinds)


def is_task_header(row: Row) -> bool:
    """Whether a row is the header of a task table."""
    return header_columns(row) is not None


_FOOTNOTE_MARK_RE = re.compile(r"(?<=[^\sm])[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]+")  # "20 phường²": a footnote's number (not m², m³)


def clean_text(text: str) -> str:
    """Cell text without HTML, footnote marks or Markdown emphasis; lines kept."""
    text = re.sub(r"<sup>.*?</sup>", "", text, flags=re.IGNORECASE | re.DOTALL)
    text = _FOOTNOTE_MARK_RE.sub("", nfc(strip_html(text)).replace("\u00a0", " "))
    text = re.sub(r"\*\*|__", "", text)
    return squash(text)


def one_line(text: str) -> str:
    """Cell text cleaned and on one line."""
    return " ".join(clean_text(text).split())


# Hyphenated compounds that are not bullets: "kinh tế - xã hội", "Tài chính - Kế hoạch", "2021 - 2025".
_COMPOUND_RE = re.compile(
    r"(?:\b(?:kinh te|chinh tri|tai chinh|lao dong|van hoa|quan|cong|giao duc nghe nghiep|doc lap|tu do)"
    r"\s+[-–]\s+(?=(?:xa hoi|ke hoach|thuong binh|thong tin|the thao|huyen|phuong|tu|giao duc|tu do|hanh phuc)\b))"
    r"|(?:\d\s*[-–]\s*(?=\d))"
)
_BULLET_START_RE = re.compile(r"^\s*[-–•+*]\s+")
_BULLET_SPLIT_RE = re.compile(r"(?:^|\n|\s)[-–•+]\s+")


def split_items(text: str) -> tuple[str, ...]:
    """Split a deliverables cell on its bullets ("- …"), or on semicolons when it has none."""
    text = clean_text(text)
    if not text:
        return ()
    lines = text.splitlines()
    if any(_BULLET_START_RE.match(line) for line in lines):
        joined = "\n".join(lines)
        folded = _fold_same(joined)
        protected = list(joined)
        for m in _COMPOUND_RE.finditer(folded):
            for i in range(m.start(), m.end()):
                if protected[i] in "-–":
                    protected[i] = "\u2011"
        parts = _BULLET_SPLIT_RE.split("".join(protected))
        items = [p.replace("\u2011", "-") for p in parts]
    else:
        items = re.split(r"[;\n]+", text)
    out = []
    for item in items:
        item = " ".join(item.split()).strip(" ;,.")
        if item:
            out.append(item)
    return tuple(out)


def _fold_same(text: str) -> str:
    return fold_same_length(text)


_NUMBER_RE = re.compile(r"^(?:[IVXLC]+|\d+)(?:\.(?:\d+|[a-zđ]))*\.?$")  # "1.2", "II", "1.a" (a letter under 1.)


def _number(cell: str) -> str:
    text = one_line(cell).strip(" :")
    compact = re.sub(r"\s+", "", text)  # a narrow STT column wraps "10.10" into "10.1 / 0"
    return compact.rstrip(".") if _NUMBER_RE.match(compact) else text


@dataclass
class _Pending:
    cells: list[str]
    where: Text
    section: str | None
    section_title: str | None
    columns: dict[str, int]  # the header the row stands under: two tables of a document may order columns apart
    merged: list[bool] = field(default_factory=list)
    number: str | None = None  # given when the table has no STT column
    table: int = 0  # which of the document's tables (or a workbook's sheets) the row is in


def read_tables(
    tables: list[list[Row]], name: str, section_titles: dict[str, str], plan_deadline: str = "", *,
    undated_ok: bool = False,
) -> tuple[list[RawTask], list[PlanWarning]] | None:
    """Raw tasks from every task table of a document, or None when it has no task table. A task table without a
    time column (with a lead column) is read when no other table gives tasks and a deadline is written in its
    tasks («…, hoàn thành trước 30/6/2026») or set for the whole plan (`plan_deadline`), each task's own first."""
    pending: list[_Pending] = []
    warnings: list[PlanWarning] = []
    columns: dict[str, int] | None = None
    sections: dict[str, str] = {}
    current_section: str | None = None
    after_section = False  # the last row read was a section's: unnumbered rows under it are its tasks
    saw_header = False
    first_header: Row | None = None
    undated: list[Row] = []  # headers without a deadline column: a list beside the plan ("Danh mục thủ tục…")
    last_numbered: str | None = None  # the number of the last numbered row, which lettered rows under it extend
    in_notes = False  # rows after "Ghi chú:": notes, until a numbered row with its cells filled
    last_title = ""
    part: str | None = None  # the lettered part ("A. CẢI CÁCH HÀNH CHÍNH") over Roman sections
    ticks: dict[int, str] | None = None  # the periods ticked under the deadline column, by column
    for table_no, rows in enumerate(tables):
        rows = _card_as_rows(rows)
        if rows and rows[0].where.key == "where_sheet_row":
            columns, ticks = None, None  # each sheet has its own header: a summary sheet or a sheet's title rows are no task rows
        for row in rows:
            if columns is not None and ticks is None and (ticked := _period_ticks(row, columns)):
                ticks = ticked  # "Thời gian thực hiện" over "Quý I | Quý II | …": each task ticks its periods
                continue
            if ticks:
                row = replace(row, cells=_ticked_deadline(row, columns or {}, ticks))
            found = header_columns(row)
            if found is not None:
                if "deadline" not in found and not (undated_ok and "lead" in found):
                    columns = None
                    undated.append(row)
                    continue
                if "deadline" not in found and first_header is None:
                    warnings.append(PlanWarning(None, Text(N_("plan_warn_deadlines_from_task_text"), where=row.where)))
                columns, saw_header, in_notes, ticks = found, True, False, None
                first_header = first_header or row
                continue
            if columns is None:
                continue
            below = _subheader(row, columns)
            if below:
                columns = below  # "Phân công thực hiện" over "Chủ trì | Phối hợp": the header's second row
                continue
            cells = list(row.cells)
            if not any(one_line(c) for c in cells) or _column_numbers(cells):
                continue  # an empty row, or the "(1) (2) (3)…" row numbering the columns under the header
            # a signature row under the table may put its names in any column once its STT is empty
            looked = cells if not one_line(row.cell(columns.get("number"))) else cells[:2]
            if any(ends_document(one_line(c)) for c in looked):
                columns = None  # "Nơi nhận" or a signature inside the table: the task rows are over
                continue
            filled = [one_line(c) for c in cells if one_line(c)]
            if len(filled) == 1 and _NOTES_RE.match(filled[0]):
                in_notes = True  # "Ghi chú:" under the table: notes (abbreviations, where to report) follow
                continue
            if in_notes:
                if not (_NUMBER_RE.match(_number(row.cell(columns.get("number")))) and len(filled) > 2):
                    continue  # a note's line; a numbered row with its cells filled is a task again
                in_notes = False
            if not one_line(row.cell(columns.get("number"))) and any(_TOTALS_RE.match(one_line(c)) for c in cells):
                continue  # "Tổng cộng: 12 nhiệm vụ" under a system's export counts the rows, it is none of them
            group = one_line(row.cell(columns.get("group")))
            if group and not row.is_merged_above(columns.get("group")) and group != sections.get(current_section or ""):
                current_section = str(len(sections) + 1)
                sections[current_section] = group
            others = [one_line(row.cell(columns.get(k))) for k in ("deliverables", "lead", "support", "deadline")]
            if "number" not in columns:
                # no STT column: a row with only a title is a section, one without a title continues the last
                title = one_line(row.cell(columns.get("title")))
                if title and not any(others):
                    current_section = str(len(sections) + 1)
                    sections[current_section] = re.sub(r"^(?:[IVX]+|\d+)[.)]\s*", "", title)
                    continue
                if not title:
                    if pending:
                        _continue(pending[-1], row, columns)
                    else:  # no task yet to continue: a row with no work in it is none
                        warnings.append(PlanWarning(None, Text(N_("plan_warn_orphan_row"), where=row.where)))
                    continue
                count = sum(1 for p in pending if p.section == current_section) + 1
                number = f"{current_section}.{count}" if current_section else str(count)
                if own := _OWN_NUMBER_RE.match(title):  # "1. Ban hành kế hoạch …": the row's number is in its title
                    cells[columns["title"]] = own.group(2)
                    number = own.group(1) if "." in own.group(1) or not current_section else f"{current_section}.{own.group(1)}"
                pending.append(_Pending(cells=cells, where=row.where, section=current_section, section_title=None,
                                        columns=columns, number=number))
                continue
            number = _number(row.cell(columns.get("number")))
            if not number and (part_mark := _number(row.cell(columns.get("part")))) and not row.is_merged_above(
                    columns.get("part")):
                number = part_mark  # "I | | Cải cách thể chế": the section's row, its mark in the «Phần» column
            if (detailed := _detailed(row, columns, number, pending, sections)) is not None:
                detailed.table = table_no
                pending.append(detailed)
                after_section = False
                continue
            if not number and current_section is not None and _own_task(row, columns) and (
                    after_section or (pending and pending[-1].number is not None
                                      and pending[-1].section == current_section)):
                # "1 | Công tác chỉ đạo" then "- Ban hành kế hoạch | Phòng Nội vụ | Quý I": tasks without a number
                count = sum(1 for p in pending if p.section == current_section) + 1
                pending.append(_Pending(cells=cells, where=row.where, section=current_section, section_title=None,
                                        columns=columns, number=f"{section_ordinal(current_section)}.{count}"))
                after_section = False
                continue
            title_text = one_line(row.cell(columns.get("title")))
            if (not number and not any(others) and _CAPITALS_HEADING_RE.match(title_text) and title_text.isupper()
                    and not row.is_merged_above(columns.get("title"))):
                # " | CẢI CÁCH THỦ TỤC HÀNH CHÍNH | | ": a section row left unnumbered, not the row above continued
                current_section = next(str(n) for n in range(len(sections) + 1, len(sections) + 99)
                                       if str(n) not in sections)
                sections[current_section] = title_text
                after_section = True
                continue
            if not number or row.is_merged_above(columns.get("number")):
                if not pending:
                    warnings.append(PlanWarning(None, Text(N_("plan_warn_orphan_row"), where=row.where)))
                    continue
                _continue(pending[-1], row, columns)
                continue
            if _SECTION_LETTER_RE.match(number) and not any(others):
                # "A", "B": a section lettered in capitals; a part above Roman sections when it comes first
                part = number if current_section is None or current_section.split(".")[0] == part else None
                current_section = number
                sections[number] = one_line(row.cell(columns.get("title")))
                after_section = True
                continue
            merged_heading = _SECTION_ROW_RE.match(number)
            if merged_heading and not any(others) and not one_line(row.cell(columns.get("title"))):
                # "I. CẢI CÁCH THỂ CHẾ" in one cell merged across the row: a section, its number and title together
                number, title = merged_heading.group(1), merged_heading.group(2).strip()
                if _SECTION_LETTER_RE.match(number):
                    part = number if current_section is None or current_section.split(".")[0] == part else None
                elif part and not number.isdigit():
                    number = f"{part}.{number}"
                current_section, last_numbered, last_title = number, number, title
                sections[number] = title
                after_section = True
                continue
            lettered = _LETTERED_ROW_RE.match(number)
            if lettered and last_numbered is not None and _own_task(row, columns):
                # "2 | Tuyên truyền" then "a) | Trên loa truyền thanh | … | Hằng tháng": the points of item 2, each
                # with the item's words in front ("Tuyên truyền: Trên loa truyền thanh")
                title_at = columns.get("title")
                if title_at is not None and title_at < len(cells) and last_title:
                    cells[title_at] = f"{last_title.rstrip(' :;.')}: {one_line(cells[title_at])}"
                pending.append(_Pending(cells=cells, where=row.where, section=current_section, section_title=None,
                                        columns=columns, number=f"{last_numbered}.{lettered.group(1)}",
                                        table=table_no))
                after_section = False
                continue
            if not _NUMBER_RE.match(number):
                warnings.append(PlanWarning(None, Text(N_("plan_warn_not_a_number"), where=row.where, number=number)))
                continue
            last_numbered, last_title = number, one_line(row.cell(columns.get("title")))
            if "." not in number and not any(others):
                if part and not number.isdigit():
                    number = f"{part}.{number}"  # "A" then "I": section A.I, its tasks 1.1.1, apart from B's 2.1
                if current_section is None or current_section.isdigit() or not number.isdigit():
                    current_section = number  # under "I" a "2 | Tuyên truyền" heads its lettered points, inside I
                sections[number] = one_line(row.cell(columns.get("title")))
                after_section = True
                continue
            section = number.split(".")[0] if "." in number else current_section
            tenth = _tenth_after(pending[-1], number) if pending else None
            pending.append(_Pending(cells=cells, where=row.where, section=section, section_title=None, columns=columns,
                                    table=table_no, number=tenth))
            after_section = False
    if undated and not pending:
        if not undated_ok:
            return read_tables(tables, name, section_titles, plan_deadline, undated_ok=True)
        raise PlanError(N_("plan_no_deadline_column"), name=name, where=undated[0].where)
    warnings.extend(PlanWarning(None, Text(N_("plan_warn_table_without_deadline"), where=row.where)) for row in undated)
    if not saw_header:
        return None
    if not pending and first_header is not None:
        # say where the table is, should nothing else in the document give tasks either
        warnings.append(PlanWarning(None, Text(N_("plan_warn_table_without_tasks"), where=first_header.where)))
    _section_restarted_tables(pending, sections)
    _qualify_restarted_numbers(pending)
    tasks: list[RawTask] = []
    above: dict[str, str] = {}  # each column's text in the row above, which «Như trên» / «nt» repeats
    for item in pending:
        section_title = sections.get(item.section or "") or section_titles.get(item.section or "")
        cell = {kind: one_line(_cell(item, kind)) for kind in ("lead", "support", "deadline")}
        for kind, text in cell.items():
            cell[kind] = above.get(kind, "") if _DITTO_RE.match(text) else text
        above = cell
        # «Nhiệm vụ trọng tâm; báo cáo kết quả trước 20/12/2026»: only the parts naming a time
        notes = "; ".join(part for part in re.split(r"\s*;\s*", one_line(_cell(item, "notes")))
                          if deadline_phrase(part) and not _DONE_NOTE_RE.match(part))
        if notes:
            # «Thường xuyên» beside «Báo cáo kết quả trước ngày 20 hằng tháng» in «Ghi chú»: both are the task's times
            cell["deadline"] = f"{cell['deadline']}; {notes}" if cell["deadline"] else notes
        if not cell["deadline"]:  # an empty time cell, or no time column: the deadline its task states
            cell["deadline"] = deadline_phrase(one_line(_cell(item, "title")))
            if "deadline" not in item.columns:
                cell["deadline"] = cell["deadline"] or plan_deadline
        lead, support = split_roles(cell["lead"], cell["support"], first_leads=item.columns.get("roles") ==
                                    item.columns.get("lead"))
        if not lead and section_title and is_agency_phrase(section_title):
            lead = section_title  # "II | PHÒNG TƯ PHÁP" above its tasks: a table grouping the work by who leads it
        tasks.append(
            RawTask(
                number=item.number or _number(_cell(item, "number")),
                section=item.section,
                section_title=section_title,
                title=_BULLET_START_RE.sub("", one_line(_cell(item, "title"))),
                deliverables=split_items(_cell(item, "deliverables")),
                lead_text=lead,
                support_text=support,
                deadline_text=cell["deadline"],
                where=item.where,
            )
        )
    if undated_ok and not any(task.deadline_text for task in tasks):
        raise PlanError(N_("plan_no_deadline_column"), name=name, where=(undated or [first_header])[0].where)
    return tasks, warnings


_DONE_NOTE_RE = re.compile(r"(?i)^(?:đã|đang)\s")  # «Đã hoàn thành năm 2025» in «Ghi chú»: the task's state, no deadline
_DITTO_RE = re.compile(r"(?i)^[-–(\s]*(?:như trên|nt|n\.t\.?|\"|〃|”)[-–)\s.]*$")  # "the same as the row above"
_TOTALS_RE = re.compile(r"(?i)^(?:tổng cộng|tổng số|cộng)(?:\s*[:(]|\s*$|\s+\d|\s+(?:có\s+)?(?:nhiệm vụ|nội dung)\b)")
_LETTERED_ROW_RE = re.compile(r"^\(?([a-zđ])[.)]?$")  # "a)", "b.", "(c)", "d" in the STT column
_CAPITALS_HEADING_RE = re.compile(r"^\S+(?:\s+\S+)+$")  # two words at least: "CẢI CÁCH THỂ CHẾ"
_SECTION_ROW_RE = re.compile(r"^((?:[IVXL]+|[A-HK-NP-Z]|\d{1,2}))\s*[.):–-]\s*(\S.{2,})$")  # "I. CẢI CÁCH THỂ CHẾ"
_LETTERED_POINT_RE = re.compile(r"^\d+\.[a-zđ]$")  # "2.a": a lettered point of item 2
_NOTES_RE = re.compile(r"(?i)^(?:\*\s*)?(?:ghi chú|lưu ý|chú thích|chú giải|(?:các\s+)?(?:chữ\s+|từ\s+)?viết tắt)\s*(?::|$)")
_OWN_NUMBER_RE = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)[.)]\s+(\S.*)$", re.DOTALL)
_COLUMN_NUMBER_RE = re.compile(r"^\(?(\d{1,2})\)?$")


def _tenth_after(previous: _Pending, number: str) -> str | None:
    """"1.10" when "1.1" follows "1.9" (and "1.20" after "1.19"): Excel keeps an STT typed as a number, and 1.10
    is the number 1.1; None for any other number."""
    before = previous.number or _number(_cell(previous, "number"))
    head, dot, last = before.rpartition(".")
    if not dot or not last.isdigit() or not number.startswith(f"{head}.") or not last.endswith("9"):
        return None
    following = str(int(last) + 1)
    return f"{head}.{following}" if number == f"{head}.{following.rstrip('0')}" else None


_CITED_PLAN_RE = re.compile(r"\b(?:theo|tai|cua)\s+(?:kh|ke hoach|quyet dinh|qd|chuong trinh)\b|\b(?:kh|ke hoach) (?:cua )?tinh\b")
_DETAIL_RE = re.compile(r"\b(?:cu the|chi tiet)\b|^giai phap\b")


def _detailed(row: Row, columns: dict[str, int], number: str, pending: list[_Pending],
              sections: dict[str, str]) -> _Pending | None:
    """A row of a table detailing each task ("Nhiệm vụ" merged down over "Nội dung cụ thể"): a numbered row is a
    task «<nhiệm vụ>: <nội dung>»; a row under it with its own detail makes that task a section of parts 1.1,
    1.2…, the row its next part. None for a row without its own detail (or in a table without the column)."""
    at = columns.get("detail")
    detail = one_line(row.cell(at))
    if at is None or not detail or row.is_merged_above(at):
        return None
    cells = list(row.cells)
    title_at = columns["title"]
    while len(cells) <= title_at:
        cells.append("")
    if number and not row.is_merged_above(columns.get("number")):
        if not _NUMBER_RE.match(number) or "." in number:
            return None
        cells[title_at] = f"{one_line(row.cell(title_at)).rstrip(' :.;')}: {detail}"
        return _Pending(cells=cells, where=row.where, section=None, section_title=None, columns=columns)
    cells[title_at] = detail
    broad = pending[-1] if pending else None
    merged = [index != title_at and row.is_merged_above(index) for index in range(len(cells))]
    if broad is None or broad.columns is not columns or not _own_task(
            Row(cells=tuple(cells), where=row.where, merged_above=tuple(merged)), columns):
        return None
    if broad.number is None:  # the task above becomes the first part of a section named by its work
        head = _number(_cell(broad, "number"))
        work, _, first = one_line(_cell(broad, "title")).partition(": ")
        broad.cells[title_at], broad.section, broad.number = first, head, f"{head}.1"
        sections[head] = work
    count = sum(1 for p in pending if p.section == broad.section) + 1
    return _Pending(cells=cells, where=row.where, section=broad.section, section_title=None, columns=columns,
                    number=f"{broad.section}.{count}")


def _card_as_rows(rows: list[Row]) -> list[Row]:
    """A task written as a card, one field a row ("Nội dung | …", "Cơ quan chủ trì | …", "Thời hạn | …"), as a
    header row over one task row; any other table as it is."""
    if not rows or any(len([c for c in row.cells if one_line(c)]) > 2 for row in rows):
        return rows
    kinds = [_classify(row.cell(0)) for row in rows]
    named = [kind for kind in kinds if kind]
    if "title" not in named or not {"lead", "deadline"} & set(named) or len(named) < 3 or len(set(named)) < len(named):
        return rows  # a card names each field once: a two-column list of tasks is no card
    fields = [(row.cell(0), row.cells[-1] if len(row.cells) > 1 else "") for row in rows]
    return [Row(cells=tuple(label for label, _ in fields), where=rows[0].where),
            Row(cells=tuple(value for _, value in fields), where=rows[0].where)]


def _subheader(row: Row, columns: dict[str, int]) -> dict[str, int] | None:
    """The header's columns completed by a second header row ("Chủ trì", "Phối hợp" under a cell spanning
    them), or None when the row is not one: each of its cells names a column, none the header has."""
    kinds = {index: _classify(cell) for index, cell in enumerate(row.cells) if one_line(cell)}
    kinds = {index: {"progress": "deadline", "assigned": "lead"}.get(kind or "", kind) for index, kind in kinds.items()}
    if set(kinds.values()) in ({"start", "deadline"}, {"lead", "support"}):
        # "Bắt đầu | Kết thúc" under "Thời gian"; "Chủ trì | Phối hợp" under "Trách nhiệm thực hiện" (read as the lead)
        return {**columns, **{kind: index for index, kind in kinds.items() if kind}}
    if not kinds or None in kinds.values() or any(kind in columns for kind in kinds.values()) or set(
            kinds.values()) == {"notes"}:
        return None  # "Ghi chú:" alone under the table starts its notes, it heads no column
    return {**columns, **{kind: index for index, kind in kinds.items() if kind}}


_PERIOD_RE = re.compile(r"(?i)^(?:(?P<q>qu[ýíyi])\s*(?P<qn>IV|I{1,3}|[1-4])|(?:tháng|thang|T)\s*(?P<m>\d{1,2})|(?P<n>\d{1,2}))$")


def _period_ticks(row: Row, columns: dict[str, int]) -> dict[int, str] | None:
    """The periods named under the deadline column, by column ("Quý I | Quý II | Quý III | Quý IV", "Tháng 1 … 12",
    or the months' numbers), when `row` is that second header row; None otherwise."""
    start = columns.get("deadline")
    if start is None:
        return None
    periods: dict[int, str] = {}
    for index, cell in enumerate(row.cells):
        text = one_line(cell)
        if index < start:
            if text and not row.is_merged_above(index) and _classify(cell) is None:
                return None  # a task row's cells, not the header's own cells merged down
            continue
        m = _PERIOD_RE.match(text)
        if not m:
            break
        periods[index] = f"Quý {m['qn'].upper()}" if m["q"] else f"Tháng {int(m['m'] or m['n'])}"
    if len(periods) < 2 or min(periods) != start or any(_classify(c) for i, c in enumerate(row.cells) if i in periods):
        return None
    return periods if len(set(periods.values())) == len(periods) else None


def _ticked_deadline(row: Row, columns: dict[str, int], ticks: dict[int, str]) -> tuple[str, ...]:
    """`row`'s cells with the deadline cell naming each period it ticks ("Quý I, Quý II"): a deadline at the end of
    each, as a report ticked in every quarter is due every quarter."""
    marked = [index for index in sorted(ticks) if one_line(row.cell(index))]
    cells = list(row.cells) + [""] * (max(ticks) + 1 - len(row.cells))
    for index in ticks:
        cells[index] = ""
    cells[columns["deadline"]] = ", ".join(ticks[index] for index in marked)
    return tuple(cells)


def _column_numbers(cells: list[str]) -> bool:
    """Whether a row only numbers the columns ("1 2 3 4 5 6" or "(1) (2) (3)…"), as tables often do under
    their header; a form letters its text columns first ("A B 1 2 3")."""
    filled = [one_line(c).strip("()") for c in cells if one_line(c)]
    letters = 0
    while letters < len(filled) and filled[letters] == "ABCDEFGH"[letters:letters + 1]:
        letters += 1
    if letters >= 3 and letters == len(filled):
        return True  # "A B C D E": every column lettered
    letters = letters if letters >= 2 else 0  # one "A" opens a section row, not the columns' letters
    found = [_COLUMN_NUMBER_RE.match(c) for c in filled[letters:]]
    numbers = [int(m.group(1)) for m in found if m]
    return (len(numbers) >= (1 if letters else 3) and len(numbers) == len(found)
            and numbers == list(range(numbers[0], numbers[0] + len(numbers))))


def _own_task(row: Row, columns: dict[str, int]) -> bool:
    """Whether a row without a number is a whole task: its own title, and a lead and a deadline (either may be
    a cell merged down from the row above, as several tasks of one agency share it)."""
    title = columns.get("title")
    has = [bool(one_line(row.cell(columns.get(kind)))) for kind in ("lead", "deadline")]
    return bool(one_line(row.cell(title))) and not row.is_merged_above(title) and all(has)


_ROLE_MARK_RE = re.compile(r"\(\s*(chủ trì|phối hợp)\s*\)", re.IGNORECASE)
_ROLE_LABEL_RE = re.compile(r"(?:^|(?<=[;,.\n])|(?<=\s))(chủ trì|phối hợp)\s*:\s*", re.IGNORECASE)
# «Sở Nội vụ; các sở, ban, ngành phối hợp»: the helpers named before their role, after the lead
_SUPPORT_NAMED_FIRST_RE = re.compile(
    r"^(?P<lead>[^;\n]+?)\s*[;\n]\s*(?P<support>[^;\n]+?)\s+(?:cùng\s+)?phối hợp(?:\s+thực hiện)?\s*\.?$",
    re.IGNORECASE)
_LEAD_THEN_SUPPORT_RE = re.compile(r"^(?P<lead>.+?)\s+chủ trì\s*[,;]?\s*phối hợp(?:\s+với)?\s*:?\s+(?P<support>.+)$",
                                   re.IGNORECASE)


# where a name may start inside a cell whose lines were joined ("Phòng Tư pháp Phòng Nội vụ"), unless the word
# before joins it to the name in front ("Văn phòng HĐND và UBND huyện", "Phó Chủ tịch")
_HEAD = (r"(?:Phòng|Văn phòng|Sở|UBND|Ủy ban|Uỷ ban|Trung tâm|Công an|Thanh tra|Chi cục|Kho bạc|Bảo hiểm|Ban|Đoàn|Hội"
         r"|Công chức|Chủ tịch|Phó Chủ tịch)\b")
_AGENCY_HEAD_RE = re.compile(r"(?<=\s)" + _HEAD)
_JOINED_BEFORE_RE = re.compile(r"(?:\b(?:và|của|thuộc|với|cùng|các)|[&\-–(]|Phó)\s*$", re.IGNORECASE)


def _agency_starts(text: str) -> list[int]:
    """Where a second name starts in `text`, as _AGENCY_HEAD_RE finds them."""
    return [m.start() for m in _AGENCY_HEAD_RE.finditer(text) if not _JOINED_BEFORE_RE.search(text[:m.start()])]


def split_roles(lead: str, support: str, *, first_leads: bool = False) -> tuple[str, str]:
    """One "Đơn vị thực hiện" cell naming both roles, split: each agency marked after it ("Phòng Nội vụ (chủ
    trì), Văn phòng HĐND và UBND (phối hợp)", by commas or semicolons), labelled before it ("Chủ trì: Phòng Nội
    vụ; Phối hợp: các phòng"), "Phòng Nội vụ chủ trì, phối hợp UBND các phường", or "Phòng Nội vụ; các phòng
    phối hợp"; an agency named without a
    role leads, unless another is marked «(chủ trì)» and none «(phối hợp)»: then it helps; in a column headed
    «chủ trì, phối hợp» (`first_leads`) a list without marks is led by its first name. A table with its own support column is left alone."""
    if support:
        return lead, support
    roles: dict[str, list[str]] = {"chủ trì": [], "phối hợp": []}
    marks = list(_ROLE_MARK_RE.finditer(lead))
    labels = list(_ROLE_LABEL_RE.finditer(lead)) if not marks else []
    if marks and all(mark.group(1).lower() == "chủ trì" for mark in marks):
        # "Phòng Tư pháp; Phòng Nội vụ (chủ trì); Phòng Văn hóa": the name the mark follows leads, the rest help
        start = 0
        for mark in marks:
            before = lead[start:mark.start()]
            cut = max([0, *(m.end() for m in re.finditer(r"[;\n]", before)), *_agency_starts(before)])
            roles["phối hợp"].append(before[:cut])
            roles["chủ trì"].append(before[cut:])
            start = mark.end()
        roles["phối hợp"].append(lead[start:])
    elif marks:
        start = 0
        for mark in marks:
            roles[mark.group(1).lower()].append(lead[start:mark.start()])
            start = mark.end()
        roles["chủ trì"].append(lead[start:])
    elif labels:
        roles["chủ trì"].append(lead[:labels[0].start()])
        for label, after in zip(labels, [*labels[1:], None], strict=True):
            roles[label.group(1).lower()].append(lead[label.end():after.start() if after else len(lead)])
    else:
        both = _LEAD_THEN_SUPPORT_RE.match(lead) or _SUPPORT_NAMED_FIRST_RE.match(lead)
        if both:
            return both.group("lead").strip(" ,;"), both.group("support").strip(" ,;.")
        if first_leads:
            cuts = [m.start() for m in re.finditer(r"[;,]\s*(?=\S)", lead)] + _agency_starts(lead)
            cut = min((at for at in cuts if lead[at] == ";" or re.match(_HEAD, lead[at:].lstrip(" ,"))), default=None)
            if cut is not None:
                return lead[:cut].strip(" ,;"), lead[cut:].strip(" ,;.")
        return lead, support
    leads, supports = ([p.strip(" ,;.\n") for p in roles[k] if p.strip(" ,;.\n")] for k in ("chủ trì", "phối hợp"))
    return "; ".join(leads), "; ".join(supports)


_SECTION_LETTER_RE = re.compile(r"^[A-HK-NP-Z]$")  # capital letters a plan sections by (not I, O: a Roman I, a zero)
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def section_ordinal(section: str) -> str:
    """A section's number in digits: "II" → "2", "B" → "2", "3" → "3", "A.II" → "1.2"."""
    if "." in section:
        return ".".join(section_ordinal(level) for level in section.split("."))
    if section.isdigit():
        return section
    if _SECTION_LETTER_RE.match(section) and section not in "VX":  # no plan letters 22 sections; V, X are Roman
        return str(ord(section) - ord("A") + 1)
    total = 0
    for letter, after in zip(section, [*section[1:], ""], strict=True):
        value = _ROMAN_VALUES[letter]
        total += -value if after and _ROMAN_VALUES[after] > value else value
    return str(total)


def _cell(item: _Pending, kind: str) -> str:
    """The text of one column of a pending row, "" when its header has no such column."""
    index = item.columns.get(kind)
    return item.cells[index] if index is not None and index < len(item.cells) else ""


def _section_restarted_tables(pending: list[_Pending], sections: dict[str, str]) -> None:
    """Tables (a workbook's sheets, a document's appendices) that each number their tasks from 1 without
    sections of their own become sections 1, 2… (titled with the sheet's name), so their tasks are 1.1, 2.1
    rather than a second task "1#2"; numbering that runs on from table to table is left alone."""
    loose = [item for item in pending if item.section is None and item.number is None]
    tables_of: dict[str, set[int]] = {}
    for item in loose:
        number = _number(_cell(item, "number"))
        if number.isdigit():
            tables_of.setdefault(number, set()).add(item.table)
    if not any(len(found) > 1 for found in tables_of.values()):
        return
    ordinals = {table: str(n) for n, table in enumerate(sorted({item.table for item in loose}), start=1)}
    for item in loose:
        item.section = ordinals[item.table]
        sheet = item.where.values.get("sheet") if item.where.key == "where_sheet_row" else None
        if sheet and item.section not in sections:
            sections[item.section] = str(sheet)


def _qualify_restarted_numbers(pending: list[_Pending]) -> None:
    """Tasks numbered 1, 2… afresh under each section (I, II or A, B) become 1.1, 1.2…, 2.1: the plain
    number alone names two tasks, the section's number in front names one, as people say it ("mục 2.1")."""
    numbers = [(item, item.number or _number(_cell(item, "number"))) for item in pending]
    sections_of: dict[str, set[str | None]] = {}
    for item, number in numbers:
        if number.isdigit():
            sections_of.setdefault(number, set()).add(item.section)
    if not any(len(found) > 1 for found in sections_of.values()):
        return
    for item, number in numbers:
        if (number.isdigit() or _LETTERED_POINT_RE.match(number)) and item.section is not None:
            item.number = f"{section_ordinal(item.section)}.{number}"


def _continue(previous: _Pending, row: Row, columns: dict[str, int]) -> None:
    """Append each cell of a continuation row to the same column of the row it continues."""
    for kind, index in columns.items():
        target = previous.columns.get(kind)
        if kind == "number" or target is None or row.is_merged_above(index):
            continue
        extra = clean_text(row.cell(index))
        if not extra:
            continue
        while len(previous.cells) <= target:
            previous.cells.append("")
        before = clean_text(previous.cells[target])
        # joined as clean text: an HTML list opened on one page and reopened on the next must not
        # break "Chủ | tịch UBND 10 phường" apart; a new bullet keeps its line, a split sentence a space
        joiner = "\n" if _BULLET_START_RE.match(extra) else " "
        previous.cells[target] = f"{before}{joiner}{extra}" if before else extra
