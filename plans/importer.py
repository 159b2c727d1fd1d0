"""Reading a plan document (.txt/.md, .docx, .doc, .xlsx, .pdf) into a `ParsedPlan` (pure apart from reading bytes).

The shape is recognised in this order: a task table (header with STT, Nhiệm vụ, Chủ trì, Thời gian…),
a prose plan (lettered items followed by "Cơ quan chủ trì: …"), then the body text read as an outline:
headings naming agencies, assignment sentences, lists and field blocks (`plans.readers.body`). Every problem that stops the import is a `PlanError` naming the file and, where known,
the line, row or cell.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from i18n import N_, Text
from plans.agencies import GROUP_WARDS, AgencyResolver, KnownAgency, Resolution, bare_ward_phrase
from plans.agency_phrase import is_agency_phrase
from plans.deadlines import parse_deadline
from plans.documents import document_kind
from plans.meta import read_meta
from plans.model import DeadlineResult, Milestone, ParsedPlan, ParsedTask, PlanError, PlanMeta, PlanWarning
from plans.readers.amendments import amended_plan, moved_deadline, rewritten_task, withdrawn_tasks
from plans.readers.assignments import deadline_phrase
from plans.readers.body import find_horizon, read_body
from plans.readers.limits import ReadLimits
from plans.readers.office import read_docx, read_xlsx
from plans.readers.pdf import read_pdf
from plans.readers.prose import has_lead_fields, plain_line, read_prose
from plans.readers.raw import RawTask
from plans.readers.source import Source
from plans.readers.table import is_schedule_header, is_task_header, read_tables
from plans.readers.text_file import read_text
from plans.readers.word97 import doc_to_docx

MAX_BYTES = 20 * 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: .doc, .xls, or an encrypted .docx/.xlsx
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")  # the stream an encrypted Office package is kept in
SUPPORTED = (".txt", ".md", ".docx", ".xlsx", ".pdf", ".doc")


def read_plan_file(
    path: Path, *, year: int | None = None, registry: Sequence[KnownAgency] | None = None
) -> ParsedPlan:
    """Read a plan file from disk; see `read_plan`."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise PlanError(N_("plan_unopenable"), name=path.name, detail=exc.strerror or exc) from exc
    _check_size(size, path.name)
    return read_plan(path.read_bytes(), path.name, year=year, registry=registry)


def read_plan(
    data: bytes, name: str, *, year: int | None = None, registry: Sequence[KnownAgency] | None = None
) -> ParsedPlan:
    """Read a plan document's bytes; `name` gives the format (extension) and names the file in errors."""
    ext = Path(name).suffix.lower()
    if ext in (".doc", ".xls") and data.startswith(b"PK\x03\x04"):
        ext += "x"  # a .docx / .xlsx saved under the old extension (renamed, or by a web portal): read it as it is
    if ext == ".xls":
        raise PlanError(N_("plan_xls_old_excel"), name=name)
    if ext not in SUPPORTED:
        if not ext:
            raise PlanError(N_("plan_no_extension"), name=name)
        raise PlanError(N_("plan_unsupported"), name=name, ext=ext)
    _check_size(len(data), name)
    if not data.strip():
        raise PlanError(N_("plan_empty"), name=name)
    limits = ReadLimits(name)
    if ext in (".docx", ".xlsx") and data.startswith(_OLE_MAGIC):
        # an Office package is a zip; this is an older compound file: a password-protected package, or a
        # .doc / .xls renamed
        if _ENCRYPTED_PACKAGE in data:
            raise PlanError(N_("plan_password_protected"), name=name)
        if ext == ".xlsx":
            raise PlanError(N_("plan_old_excel"), name=name)
    if ext == ".doc" or (ext == ".docx" and data.startswith(_OLE_MAGIC)):
        data = doc_to_docx(data, name)
    if ext in (".docx", ".doc"):
        source = read_docx(data, name, is_task_header, limits)
    elif ext == ".pdf":
        source = read_pdf(data, name, limits)
    elif ext == ".xlsx":
        source = read_xlsx(data, name, limits)
    else:
        source = read_text(data, name, limits)
    return _build(source, limits, year=year, registry=registry)


def _check_size(size: int, name: str) -> None:
    if size > MAX_BYTES:
        raise PlanError(N_("plan_too_big"), name=name, size=-(-size // (1024 * 1024)), limit=MAX_BYTES // (1024 * 1024))


_SCHEDULE_TITLE_RE = re.compile(
    r"^(?:LỊCH CÔNG TÁC|LỊCH LÀM VIỆC|LỊCH HỌP|LỊCH TIẾP CÔNG DÂN|CHƯƠNG TRÌNH CÔNG TÁC TUẦN|GIẤY MỜI)\b"
)
_WEEKDAY_HOUR_RE = re.compile(r"(?i)^(?:-\s*)?(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ nhật)\b|^-?\s*\d{1,2}\s*(?:giờ|h)\s*\d{0,2}\s*:")


def _refuse_non_plan(source: Source) -> None:
    """A weekly work schedule or a meeting calendar is no plan: PlanError, nothing imported."""
    head = [plain_line(line) for line in source.lines[:40]]
    titled = any(_SCHEDULE_TITLE_RE.match(line) for line in head)
    dated = sum(1 for line in source.lines if _WEEKDAY_HOUR_RE.match(plain_line(line)))
    schedule_table = any(is_schedule_header(row) for rows in source.tables for row in rows[:5])
    if titled or dated >= 4 or schedule_table:
        raise PlanError(N_("plan_not_a_plan"), name=source.name)


def _raw_tasks(source: Source) -> tuple[list[RawTask], list[PlanWarning], str]:
    table = read_tables(source.tables, source.name, body_section_titles(source.lines), _plan_deadline(source.lines))
    if table is not None and table[0]:
        return table[0], table[1], "table"
    skipped = table[1] if table is not None else []  # a task table whose every row was skipped says why
    _refuse_non_plan(source)
    if has_lead_fields(source.lines):
        tasks = read_prose(source.lines, source.line_where)
        if tasks:
            return tasks, skipped, "prose"
    return read_body(source, wrapped=source.wrapped), skipped, "body"


_PLAN_DEADLINE_RE = re.compile(r"(?i)^(?=.*\bnhiệm vụ\b)(?=.*\b(?:hoàn thành|thời hạn)\b)"
                               r"|^\W*(?:thời hạn|thời gian)(?:\s+(?:hoàn thành|thực hiện))?\s*:")


def _plan_deadline(lines: list[str]) -> str:
    """The deadline the prose sets for every task («Các cơ quan … hoàn thành các nhiệm vụ trước ngày 15/12/2026»,
    «Thời hạn hoàn thành: …»), when exactly one sentence about the tasks names one; "" otherwise."""
    found = {phrase for line in lines if _PLAN_DEADLINE_RE.search(line) and (phrase := deadline_phrase(plain_line(line)))}
    return found.pop() if len(found) == 1 else ""


def body_section_titles(lines: list[str]) -> dict[str, str]:
    """Section titles from the body's task chapter ("III. NHIỆM VỤ…" → "1. Công tác chỉ đạo…")."""
    titles: dict[str, str] = {}
    inside = False
    for raw in lines:
        line = plain_line(raw)
        roman = re.match(r"^([IVX]+)\.\s+(.*)$", line)
        if roman:
            inside = "NHIỆM VỤ" in roman.group(2).upper()
            continue
        numbered = re.match(r"^(\d+)\.\s+(.{3,160})$", line)
        if inside and numbered and numbered.group(1) not in titles:
            titles[numbered.group(1)] = numbered.group(2).strip(" .:")
    return titles


# characters Vietnamese written in Unicode never uses and TCVN3 (the .VnTime fonts of older offices) uses for its
# vowels with tones: "c¸c", "hµnh", "®¬n vÞ"
_TCVN3_MARKS = frozenset("¸µ¶·¹¨©ª¬®\u00ad§")  # not «, which quotes in Unicode text too


def _typed_in_tcvn3(source: Source) -> bool:
    """Whether a document's words are in TCVN3: its letters outside ASCII are mostly TCVN3's tone marks."""
    text = "".join(source.lines[:400]) + "".join(c for rows in source.tables[:4] for row in rows[:60] for c in row.cells)
    letters = [ch for ch in text if not ch.isascii() and (ch.isalpha() or ch in _TCVN3_MARKS)]
    marks = sum(1 for ch in letters if ch in _TCVN3_MARKS)
    return len(letters) >= 20 and marks >= 0.3 * len(letters)


def _build(
    source: Source, limits: ReadLimits, *, year: int | None, registry: Sequence[KnownAgency] | None
) -> ParsedPlan:
    name = source.name
    if _typed_in_tcvn3(source):
        raise PlanError(N_("plan_tcvn3"), name=name)
    if not any(line.strip() for line in source.lines) and not any(
            cell.strip() for rows in source.tables for row in rows for cell in row.cells):
        raise PlanError(N_("plan_empty"), name=name)  # a document saved without a word in it
    raw_tasks, warnings, shape = _raw_tasks(source)
    limits.check_time()
    if not raw_tasks:
        moved = [n for line in source.lines if (found := moved_deadline(_LIST_MARK_RE.sub("", plain_line(line))))
                 for n in found[:1]]
        if moved:  # «Gia hạn thời gian thực hiện nhiệm vụ 2.1 đến …»: deadlines of another plan, no task of its own
            raise PlanError(N_("plan_only_moves_deadlines"), name=name, tasks=", ".join(dict.fromkeys(moved)))
        raise PlanError(N_("plan_no_tasks"), name=name, warnings=tuple(warnings))
    fields = read_meta(source.lines)
    meta = _meta(fields, name, year, warnings)
    resolver = AgencyResolver(registry, issuer=meta.issuer)
    deadline_cache: dict[str, DeadlineResult] = {}

    def read_deadline(text: str) -> DeadlineResult:
        if text not in deadline_cache:
            deadline_cache[text] = parse_deadline(
                text, year=meta.year, period=meta.period, issued=meta.issued_on, ends=meta.ends
            )
        return deadline_cache[text]

    horizon = find_horizon(source.lines) if shape == "body" else None
    tasks: list[ParsedTask] = []
    unknown: dict[str, None] = {}
    derived: dict[str, str] = {}
    seen: dict[str, int] = {}
    previous: RawTask | None = None
    each_ward: dict[str, list[str]] = {}  # a bare «Chủ tịch UBND phường» -> the tasks reading it as every ward
    for index, raw in enumerate(raw_tasks):
        if index % 64 == 0:
            limits.check_time()
        seen[raw.number] = seen.get(raw.number, 0) + 1
        key = raw.number if seen[raw.number] == 1 else f"{raw.number}#{seen[raw.number]}"
        if key != raw.number:
            repeated = Text(N_("plan_warn_number_repeated"), number=raw.number, occurrence=seen[raw.number],
                            where=raw.where, task_key=key)
            warnings.append(PlanWarning(key, repeated))
        lead_text = raw.lead_text
        if not lead_text and previous is not None and previous.section == raw.section:
            # an empty lead under a vertically merged cell (xlsx, text export) belongs to the row above
            lead_text = previous.lead_text
            merged = Text(N_("plan_warn_lead_from_merged_cell"), where=raw.where, previous=previous.number)
            warnings.append(PlanWarning(key, merged))
        lead = resolver.resolve(lead_text)
        if resolver.registry:
            lead = _derived_as_unknown(lead)
        support = resolver.resolve(raw.support_text)
        for resolution in (lead, support):
            unknown.update(dict.fromkeys(resolution.unknown))
            derived.update(resolution.derived)
        if not lead_text.strip():
            warnings.append(PlanWarning(key, Text(N_("plan_warn_no_lead"), where=raw.where)))
        elif not lead.names and not lead.unknown:  # a name the registry lacks is listed apart, to create
            warnings.append(PlanWarning(key, Text(N_("plan_warn_lead_unknown"), lead=lead_text, where=raw.where)))
        for name in lead.derived:
            if not is_agency_phrase(name, cell=True):
                # a name derived from a phrase not shaped like an agency ("Bản tin Quận 1"): say it was a guess
                warnings.append(PlanWarning(key, Text(N_("plan_warn_agency_guessed"), name=name, where=raw.where)))
        for text, resolution in ((lead_text, lead), (raw.support_text, support)):
            # a district's plan is addressed to its wards; a sheet naming no issuer may be one ward's own: said
            if not meta.issuer and GROUP_WARDS in resolution.names and (phrase := bare_ward_phrase(text)):
                each_ward.setdefault(phrase, []).append(key)
        milestones = _milestones(raw, key, horizon, read_deadline, warnings)
        tasks.append(
            ParsedTask(
                number=raw.number,
                key=key,
                section=raw.section,
                section_title=raw.section_title,
                title=raw.title,
                deliverables=raw.deliverables,
                lead=lead.names,
                support=tuple(n for n in support.names if n not in lead.names and n not in lead.unknown),
                lead_text=lead_text,
                support_text=raw.support_text,
                deadline_text=raw.deadline_text,
                milestones=milestones,
                unknown_lead=lead.unknown,
                unknown_support=tuple(n for n in support.unknown if n not in lead.unknown),
            )
        )
        previous = raw
    # what the reading decided for the whole plan comes first: a preview shows the first few notes only
    amends = amended_plan(meta.title)
    paragraphs = [_LIST_MARK_RE.sub("", plain_line(line)) for line in source.lines]
    withdrawn = tuple(dict.fromkeys(n for line in paragraphs for n in withdrawn_tasks(line)))
    keys = {task.key for task in tasks}
    rewritten = tuple(dict.fromkeys(n for line in paragraphs if (n := rewritten_task(line)) in keys))
    whole_plan = _amendment_notes(withdrawn, rewritten, amends)
    for number, when in dict.fromkeys(m for line in paragraphs if (m := moved_deadline(line))):
        if number not in keys:
            whole_plan.append(_moved_note(number, when, amends, read_deadline(when)))
    for phrase, keys in each_ward.items():
        named = list(dict.fromkeys(keys))
        tasks_named = ", ".join(named[:5]) + (" …" if len(named) > 5 else "")
        whole_plan.append(PlanWarning(None, Text(N_("plan_warn_each_ward"), phrase=phrase, tasks=tasks_named)))
    warnings[:0] = whole_plan
    return ParsedPlan(
        meta=meta,
        tasks=tuple(tasks),
        unknown_agencies=tuple(unknown),
        warnings=tuple(warnings),
        derived_agencies=derived,
        amends=amends,
        withdrawn=withdrawn,
        rewritten=rewritten,
    )


_LIST_MARK_RE = re.compile(r"^(?:\d+(?:\.\d+)*[.)]|[a-zđ][.)]|[-–+•])\s*")


def _amendment_notes(withdrawn: tuple[str, ...], rewritten: tuple[str, ...], amends: str | None) -> list[PlanWarning]:
    """What an amending plan does to the plan it amends, in the preview: «Bãi bỏ nhiệm vụ 3.1» is no task of this
    plan, and storing it stops that task of the amended plan (when followed), as it does a task it rewrites."""
    notes = []
    if withdrawn and amends is None:
        notes.append(PlanWarning(None, Text(N_("plan_warn_withdrawn"), tasks=", ".join(withdrawn))))
    elif withdrawn:
        notes.append(PlanWarning(None, Text(N_("plan_warn_withdrawn_of"), tasks=", ".join(withdrawn),
                                            kind=Text(document_kind(amends)), plan=amends)))
    if rewritten and amends is not None:
        notes.append(PlanWarning(None, Text(N_("plan_warn_rewritten_of"), tasks=", ".join(rewritten),
                                            kind=Text(document_kind(amends)), plan=amends)))
    return notes


def _moved_note(number: str, when: str, amends: str | None, read: DeadlineResult) -> PlanWarning:
    """«Điều chỉnh thời gian hoàn thành nhiệm vụ 1.2 từ Quý II sang Quý III»: said with the date it means, for the
    admin to set on the task of the amended plan (this plan has no text of that task to store)."""
    dates = [d for m in read.milestones for d in m.dates]
    to: Text | str = Text(N_("plan_moved_to_date"), when=when, due=dates[0]) if len(dates) == 1 else when
    if amends is None:
        return PlanWarning(None, Text(N_("plan_warn_deadline_moved"), task=number, to=to))
    return PlanWarning(None, Text(N_("plan_warn_deadline_moved_of"), task=number, to=to,
                                  kind=Text(document_kind(amends)), plan=amends))


def _derived_as_unknown(lead: Resolution) -> Resolution:
    """A lead the registry lacks but read as an outside body («Công an phường») is linked only once created, as
    any name the registry lacks: listed apart with them, so the preview, «Tạo N đơn vị mới» and what is stored
    agree (it used to count as a lead, then be dropped at storing, its task stored with none)."""
    if not lead.derived:
        return lead
    return replace(lead, names=tuple(name for name in lead.names if name not in lead.derived),
                   unknown=tuple(dict.fromkeys(lead.unknown + tuple(lead.derived))))


def _milestones(raw: RawTask, key: str, horizon: str | None, read_deadline, warnings: list[PlanWarning]
                ) -> tuple[Milestone, ...]:
    if raw.ongoing_until_horizon:
        bound: tuple[date, ...] = ()
        if horizon:
            result = read_deadline(horizon)
            bound = tuple(sorted({d for m in result.milestones for d in m.dates}))[-1:]
        if not bound:
            warnings.append(PlanWarning(key, Text(N_("plan_warn_no_horizon")), raw.where))
        return (Milestone(kind="ongoing", dates=bound),)
    if not raw.deadline_text:
        warnings.append(PlanWarning(key, Text(N_("plan_warn_no_deadline"), where=raw.where)))
        return ()
    result = read_deadline(raw.deadline_text)
    warnings.extend(PlanWarning(key, text, raw.where) for text in result.warnings)
    return result.milestones


def _meta(fields, name: str, year: int | None, warnings: list[PlanWarning]) -> PlanMeta:
    code = fields.code
    if not code:
        code = Path(name).stem
        warnings.append(PlanWarning(None, Text(N_("plan_warn_no_code"), code=code)))
    title = fields.title or Path(name).stem
    plan_year, period, ends = fields.year, fields.period, fields.ends
    if year is not None:
        if period is None or period[0] == period[1] or not period[0] <= year <= period[1]:
            period, ends = (year, year), None
        plan_year = year
    return PlanMeta(
        code=code, title=title, issuer=fields.issuer, issued_on=fields.issued_on, year=plan_year, period=period,
        ends=ends,
    )
