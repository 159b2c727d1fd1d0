"""Tasks in a document's body text: addressed paragraphs, assignment sentences, lists and field blocks (pure).

The body is read as an outline (`plans.readers.outline`). An item is a task when:

- it sits under a heading that names agencies ("2. Phòng Nội vụ:", "Các Sở, ngành, địa phương:") and has
  no sub-items: the heading's agencies lead it;
- a sentence in it assigns work ("Giao Sở Nội vụ chủ trì, phối hợp …", "UBND các xã, phường rà soát …"):
  one task per assignment;
- field lines follow it ("- Cơ quan chủ trì: …", "- Thời gian hoàn thành: …"), with or without a number.

Nothing else is: objectives, legal bases, decisions that assign nobody ("Thông qua …", "Đồng ý …").
A nested item keeps its parent's text as context (the section title). Tasks are numbered by the
numbered heading they sit under ("2.1", "2.2"…), or by their own number ("1.2.a"); chapters ("II. NHIỆM VỤ",
"III. TỔ CHỨC THỰC HIỆN") that each number their items from 1 put their own number in front ("2.1.1", "3.1.1").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from plans.agency_phrase import is_agency_phrase
from plans.readers.amendments import amended_task, withdrawn_tasks
from plans.readers.assignments import (
    assigns_nothing,
    deadline_phrase,
    find_assignments,
    introduced_lead,
    support_named,
)
from plans.readers.outline import Item, body_lines, outline
from plans.readers.prose import plain_line
from plans.readers.raw import RawTask
from plans.readers.source import Source
from plans.readers.table import section_ordinal, split_items

_FIELD_RE = re.compile(
    r"^(cơ quan chủ trì|đơn vị chủ trì|chủ trì thực hiện|chủ trì|cơ quan phối hợp|đơn vị phối hợp"
    r"|phối hợp thực hiện|phối hợp|cơ quan thực hiện|đơn vị thực hiện|thời gian thực hiện|thời gian hoàn thành"
    r"|thời hạn hoàn thành|hạn hoàn thành|thời hạn|thời gian|tiến độ(?: thực hiện)?|sản phẩm(?: đầu ra)?"
    r"|kết quả(?: đầu ra)?|nội dung(?: công việc)?|nhiệm vụ|tên nhiệm vụ)\s*:\s*(.*)$",
    re.IGNORECASE,
)
_CUE_RE = re.compile(r"^(?:đề nghị|giao|yêu cầu|chỉ đạo|đối với|về phía|trách nhiệm của|nhiệm vụ của)\s+",
                     re.IGNORECASE)
# "Sở Nội vụ có trách nhiệm:", "Các sở, ngành thực hiện:": the heading still names who
_ROLE_TAIL_RE = re.compile(r"\s+(?:có trách nhiệm|chịu trách nhiệm|thực hiện|có nhiệm vụ)(?:\s+(?:như sau|sau))?\s*$",
                           re.IGNORECASE)
_BULLETS = ("dash", "plus", "dot", "para")
# chapters that state aims, grounds or past results: what is under them is no task
_NOT_TASKS_RE = re.compile(
    r"^(?:mục đích|yêu cầu|mục tiêu|quan điểm|căn cứ|cơ sở|tình hình|kết quả|đánh giá|sự cần thiết|phạm vi|đối tượng)"
    r"(?:[\s,]+(?:và\s+)?(?:mục đích|yêu cầu|mục tiêu|quan điểm|chung|cụ thể|pháp lý|xây dựng|thực hiện|đạt được"
    r"|áp dụng|điều chỉnh|kế hoạch))*\s*:?\s*$",
    re.IGNORECASE,
)
_MAX_HEADING_WORDS = 30


@dataclass
class _Counter:
    """Tasks numbered per heading: a number used twice ("5." twice) numbers its tasks afresh (then "5.1#2");
    and the chapter ("III" of "III. TỔ CHỨC THỰC HIỆN") of each task numbered so far, in order."""

    counts: dict[int, int]
    chapters: list[str | None] = field(default_factory=list)
    # per chapter, the numbers given so far, and the same with every dotted start of them ("5" and "5.1" of "5.1")
    given: dict[str | None, set[str]] = field(default_factory=dict)
    heads: dict[str | None, set[str]] = field(default_factory=dict)
    # whether each task's number begins with its chapter's ("2.1": a bullet right under "II. NHIỆM VỤ")
    carried: list[bool] = field(default_factory=list)
    # an amending plan's items («Sửa đổi nhiệm vụ 2.3 như sau: …»): id of the item -> the number it amends
    amended: dict[int, str] = field(default_factory=dict)

    def next(self, anchor: Item | None, base: str) -> str:
        key = id(anchor)
        self.counts[key] = self.counts.get(key, 0) + 1
        return f"{base}.{self.counts[key]}" if base else str(self.counts[key])


_HORIZON_RE = re.compile(
    r"(?:từ nay\s+)?đến\s+(?:hết|cuối)\s+(?:năm\s+\d{4}|quý\s+[IV]+(?:\s+năm\s+\d{4})?|tháng\s+\d{1,2}(?:/|\s+năm\s+)\d{4})",
    re.IGNORECASE,
)


# the period a letter's subject line names ("V/v triển khai nhiệm vụ CCHC quý IV/2025"): its horizon when
# the body names none
_SUBJECT_RE = re.compile(r"^(?:V/v|Về việc)\b", re.IGNORECASE)
_SUBJECT_PERIOD_RE = re.compile(
    r"(?:6|9)\s+tháng\s+(?:đầu|cuối)\s+năm\s+\d{4}|quý\s+[IV]+\s*(?:/|năm)\s*\d{4}|tháng\s+\d{1,2}\s*(?:/|năm)\s*\d{4}"
    r"|giai đoạn\s+\d{4}\s*[-–]\s*\d{4}|năm\s+\d{4}",
    re.IGNORECASE,
)


def find_horizon(lines: list[str]) -> str | None:
    """The letter's horizon phrase ("từ nay đến cuối năm 2024"), if it names one, else the period its
    subject line names ("V/v … quý IV/2025"): the tasks naming no date of their own run until it."""
    plain = [plain_line(line) for line in lines[:120]]
    m = _HORIZON_RE.search(" ".join(plain))
    if m:
        return m.group(0)
    for index, line in enumerate(plain[:60]):
        if _SUBJECT_RE.match(line):
            # the subject may wrap onto the next line or two, up to a blank line
            subject = " ".join([line, *[more for more in _until_blank(plain[index + 1 : index + 3])]])
            period = _SUBJECT_PERIOD_RE.search(subject)
            return period.group(0) if period else None
    return None


def _until_blank(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        if not line.strip():
            break
        out.append(line)
    return out


def read_body(source: Source, *, wrapped: bool) -> list[RawTask]:
    """Raw tasks from a document's body lines."""
    roots = outline(body_lines(source.lines, source.line_where, wrapped=wrapped))
    tasks: list[RawTask] = []
    counter = _Counter({})
    _visit(_amendments(roots, counter), None, counter, tasks)
    return _numbered_by_chapter(tasks, counter.chapters, counter.carried)


def _amendments(items: list[Item], counter: _Counter) -> list[Item]:
    """An amending plan's items read as what they change: «Bãi bỏ nhiệm vụ 3.1» is no task (the importer says
    so), «Sửa đổi nhiệm vụ 2.3 như sau: Sở X chủ trì …» is task 2.3 (its new text read by `find_assignments`)."""
    kept = []
    for item in items:
        if item.kind not in _BULLETS and withdrawn_tasks(item.text):
            continue
        if item.kind not in _BULLETS and (amended := amended_task(item.text)) is not None:
            counter.amended[id(item)] = amended[0]
        item.children = _amendments(item.children, counter)
        kept.append(item)
    return kept


def _numbered_by_chapter(tasks: list[RawTask], chapters: list[str | None], carried: list[bool]) -> list[RawTask]:
    """Chapters that each number their items from 1 ("II. NHIỆM VỤ" 1, 2…, then "III. TỔ CHỨC THỰC HIỆN" 1, 2…
    again): every task of a chapter gets the chapter's number in front, "2.1.1" … "3.1.1", as the office cites
    "mục III.1" (and as a table's sections I, II number theirs 1.1, 2.1), rather than a second «1.1#2»;
    numbering that runs on from chapter to chapter is left alone, and so is a number that begins with its
    chapter's already (`carried`)."""
    seen: set[str] = set()
    restarted = False
    for chapter in dict.fromkeys(c for c in chapters if c is not None):
        numbers = {task.number for task, c in zip(tasks, chapters, strict=True) if c == chapter}
        restarted = restarted or bool(numbers & seen)
        seen |= numbers
    if not restarted:
        return tasks
    qualified = []
    for task, chapter, has_it in zip(tasks, chapters, carried, strict=True):
        if chapter is not None and not has_it:
            section = f"{chapter}.{task.section}" if task.section else chapter  # "III.1", as the office cites it
            task = replace(task, number=f"{section_ordinal(chapter)}.{task.number}", section=section)
        qualified.append(task)
    return qualified


def _chapter(item: Item | None) -> str | None:
    """The Roman number of the chapter an item sits in ("III" under "III. TỔ CHỨC THỰC HIỆN"), if any."""
    while item is not None and item.kind != "roman":
        item = item.parent
    return item.number if item is not None else None


def _field(item: Item) -> tuple[str, str] | None:
    m = _FIELD_RE.match(item.text) if item.kind in _BULLETS else None
    if m is None:
        return None
    label = m.group(1).lower()
    if "chủ trì" in label or ("thực hiện" in label and "thời" not in label):
        kind = "lead"
    elif "phối hợp" in label:
        kind = "support"
    elif label.startswith(("thời", "hạn", "tiến độ")):
        kind = "deadline"
    elif label.startswith(("sản phẩm", "kết quả")):
        kind = "deliverables"
    else:
        kind = "title"
    return kind, m.group(2).strip()


def _path(item: Item) -> str:
    """An item's full number: "1.2" for a dotted item, "1.a" for a letter under "1.", "" for a bullet."""
    if item.kind in _BULLETS:
        return _path(item.parent) if item.parent else ""
    if item.kind in ("letter", "paren", "wrapped") and item.parent is not None:
        parent = _path(item.parent)
        return f"{parent}.{item.number}" if parent else item.number
    if item.kind == "roman":  # chapter "II." is 2, as a table's section II: a number a reply can name
        return section_ordinal(item.number)
    return item.number


def _path_root(item: Item) -> Item | None:
    """The item `_path` begins with: the chapter "II. NHIỆM VỤ" for a bullet right under it (None: no number)."""
    if item.kind in _BULLETS:
        return _path_root(item.parent) if item.parent else None
    if item.kind in ("letter", "paren", "wrapped") and item.parent is not None:
        return _path_root(item.parent) or item
    return item


def _section(item: Item | None) -> tuple[str | None, str | None]:
    """The section a task sits in: its highest numbered heading ("2. Phòng Nội vụ"), else its highest heading
    ("II. NHIỆM VỤ" is a chapter, its "1.", "2." are the sections)."""
    top = numbered = None
    while item is not None:
        if item.kind not in _BULLETS:
            top = item
            if item.kind in ("number", "dotted", "article"):
                numbered = item
        item = item.parent
    top = numbered or top
    if top is None:
        return None, None
    # a chapter keeps its Roman number as the section's, as a table's section row does ("II", its tasks 2.1…)
    return (top.number if top.kind == "roman" else _path(top)) or None, _heading(top.text)


def _heading(text: str) -> str:
    return " ".join(text.split()[:40]).strip(" .:;")


def _visit(items: list[Item], lead: str | None, counter: _Counter, out: list[RawTask]) -> None:
    single = _each_names_its_lead(items)
    index = 0
    while index < len(items):
        item = items[index]
        index += 1
        if _field(item) is not None:
            continue  # a field line without an item before it
        if item.kind not in _BULLETS and _NOT_TASKS_RE.match(item.text.strip()):
            continue  # "I. MỤC ĐÍCH, YÊU CẦU": aims, not tasks
        fields: dict[str, str] = {}
        # field lines right after an item (its children or its next siblings) describe it
        for child in item.children:
            found = _field(child)
            if found:
                fields.setdefault(*found)
        while index < len(items) and (found := _field(items[index])) is not None:
            fields.setdefault(*found)
            index += 1
        if fields.get("lead"):  # an empty "Cơ quan chủ trì:" names nobody
            _add(out, counter, item, fields.get("title") or item.text, fields["lead"], fields.get("support", ""),
                 fields.get("deadline", ""), split_items(fields.get("deliverables", "")))
            continue
        intro = introduced_lead(item.text)
        if intro is not None:
            # "… đề nghị UBND các tỉnh thực hiện một số nội dung sau:": the list under or after it is theirs
            rest = [c for c in item.children if _field(c) is None] or items[index:]
            if _each_names_its_lead(rest):
                # "… yêu cầu các cơ quan, đơn vị triển khai các nội dung sau:" then "1. Giao Phòng Nội vụ chủ trì …",
                # "2. UBND các xã …": each paragraph is its own task, led by whom it names
                _visit(rest, intro, counter, out)
            else:
                _visit_addressed(rest, intro, counter, out)
            if not item.children:
                return
            continue
        own_lead = _addressee(item)
        if own_lead is not None:
            head, rest = own_lead
            if rest:
                _add(out, counter, item, rest[:1].upper() + rest[1:], head, "", deadline_phrase(rest), ())
            children = [c for c in item.children if _field(c) is None]
            if children:
                _visit_addressed(children, head, counter, out)
            continue
        assignments = find_assignments(item.text)
        children = [c for c in item.children if _field(c) is None]
        if len(assignments) == 1 and children and item.text.rstrip().endswith(":"):
            # "1. Sở Nội vụ chủ trì thực hiện các nội dung sau:": the items under it are its tasks
            _visit_addressed(children, assignments[0].lead, counter, out)
            continue
        for one in assignments:
            # "1. Triển khai …. Giao Phòng X chủ trì, hoàn thành …": the item is the one task, numbered as written
            # so is each of the numbered paragraphs a letter hands out ("… đề nghị các đơn vị triển khai các nội
            # dung sau:" then "1. Giao Phòng Nội vụ chủ trì …", "2. UBND các xã …"): its readers cite them "1", "2"
            whole = len(assignments) == 1 and not item.children and item.kind == "number" and (
                one.subject_before or (lead is not None and single))
            _add(out, counter, item, one.work, one.lead, one.support, deadline_phrase(one.work), (), whole=whole)
        if assignments:
            _visit(item.children, lead, counter, out)
            continue
        if lead is not None and not item.children and not assigns_nothing(item.text):
            _add(out, counter, item, item.text, lead, "", deadline_phrase(item.text), ())
            continue
        _visit(item.children, lead, counter, out)


def _each_names_its_lead(items: list[Item]) -> bool:
    """Whether a list is numbered paragraphs without sub-items, each assigning its one task to an agency it
    names (then the sentence introducing them hands nothing over)."""
    paragraphs = [i for i in items if i.kind == "number" and not assigns_nothing(i.text)]
    return bool(paragraphs) and all(
        not i.children and len(find_assignments(i.text)) == 1 for i in paragraphs)


def _visit_addressed(items: list[Item], lead: str, counter: _Counter, out: list[RawTask],
                     context: str = "") -> None:
    """The items under a heading naming agencies: each leaf is one of their tasks, unless it names others;
    an item with sub-items gives one task per sub-item, its own text kept in front as their context."""
    for item in items:
        children = [c for c in item.children if _field(c) is None]
        text = f"{context}: {item.text}" if context else item.text
        if children:
            if item.kind not in _BULLETS and _addressee(item) is not None:
                _visit([item], lead, counter, out)
            else:
                _visit_addressed(children, lead, counter, out, text.rstrip(" :;"))
            continue
        if item.kind not in _BULLETS and (own := _addressee(item)) is not None and own[1]:
            _visit([item], lead, counter, out)  # "3. Văn phòng HĐND&UBND quận: theo dõi …" names its own lead
            continue
        if assigns_nothing(item.text):
            continue
        assignments = find_assignments(item.text)
        if len(assignments) > 1:
            for one in assignments:
                _add(out, counter, item, one.work, one.lead, one.support, deadline_phrase(one.work), ())
        else:
            _add(out, counter, item, text, lead, support_named(item.text), deadline_phrase(item.text), ())


def _addressee(item: Item) -> tuple[str, str] | None:
    """(agencies, rest) when the item is a heading naming agencies: "2. Phòng Nội vụ", "Sở Y tế: …"."""
    if item.kind in ("dash", "plus", "dot") and not item.children:
        return None
    text = _CUE_RE.sub("", item.text.strip(), count=1)
    head, colon, rest = text.partition(":")
    head = _ROLE_TAIL_RE.sub("", head)
    if colon and len(head.split()) <= _MAX_HEADING_WORDS and is_agency_phrase(head):
        return head.strip(), rest.strip()
    if len(text.split()) <= _MAX_HEADING_WORDS and is_agency_phrase(text) and item.children:
        return text.rstrip(" .;"), ""
    return None


def _add(out: list[RawTask], counter: _Counter, item: Item, title: str, lead: str, support: str,
         deadline: str, deliverables: tuple[str, ...], *, whole: bool = False) -> None:
    own = _path(item)
    anchor = item
    while anchor is not None and anchor.kind in _BULLETS:
        anchor = anchor.parent
    base = _path(anchor) if anchor is not None else ""
    # numbers are compared within the chapter: one that numbers its items from 1 again is told apart later
    chapter = _chapter(item)
    given, heads = counter.given.setdefault(chapter, set()), counter.heads.setdefault(chapter, set())
    # a whole item keeps its number unless that number already heads tasks ("5." written twice: "5.1#2")
    whole = whole and own not in heads
    as_written = own and (whole or item.kind not in ("number", "roman", "article", *_BULLETS))
    number = own if as_written else counter.next(anchor, base)
    root = item if as_written else anchor if base else None
    if own and number == own and own in given:
        number, root = counter.next(item, own), item
    amended = counter.amended.get(id(item))
    if amended is not None:
        number = amended  # the amended task keeps the number the plan it amends gives it, not the paragraph's
    given.add(number)
    parts = number.split(".")
    heads.update(".".join(parts[:n]) for n in range(1, len(parts) + 1))
    carried = root is not None and (found := _path_root(root)) is not None and found.kind == "roman"
    counter.carried.append(carried or amended is not None)
    # a whole item ("1. Triển khai …. Giao …") is its own task: its section is the heading above it
    section, section_title = _section(item.parent if whole and as_written else item)
    title = " ".join(title.split()).strip()
    heading = item.parent
    while not deadline and heading is not None:
        # "1. Rà soát thủ tục hành chính (hoàn thành trong Quý III/2025)": its items share the heading's deadline
        deadline = deadline_phrase(heading.text)
        heading = heading.parent
    counter.chapters.append(chapter)
    out.append(RawTask(
        number=number,
        section=chapter if carried and amended is None else number.split(".")[0] if "." in number else section,
        section_title=section_title if section_title != title else None,
        title=title,
        deliverables=deliverables,
        lead_text=lead,
        support_text=support,
        deadline_text=deadline,
        where=item.where,
        ongoing_until_horizon=not deadline,
    ))
