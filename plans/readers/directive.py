"""Directive letters (công văn): numbered paragraphs addressed to agencies, each with "- " bullet tasks.

"2. Phòng Nội vụ Quận 1" followed by bullets: each bullet is a task led by the addressee, numbered
"2.1", "2.2"…; a paragraph without bullets under an addressee is one task; a numbered paragraph that is
itself a sentence ("5. Các đơn vị được kiểm tra khẩn trương…") is one task led by its subject. A line
starting in lower case runs on from the line before (a page break). Tasks carry the explicit dates
they name ("trước ngày 15 tháng 11 năm 2024"); the others run until the letter's horizon.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from i18n import Text
from plans.readers.prose import plain_line
from plans.readers.raw import RawTask

_PARAGRAPH_RE = re.compile(r"^(\d+)\.\s+(.+)$")
_BULLET_RE = re.compile(r"^[-–•]\s+(.*)$")
_SUB_BULLET_RE = re.compile(r"^[+*]\s+")
_CLOSING_RE = re.compile(r"^(?:Nơi nhận|Trên đây|Yêu cầu|Lưu\s*:|Kính gửi|TM\.|KT\.|CHỦ TỊCH)", re.IGNORECASE)
_OPENING_RE = re.compile(r"(?i)(như sau|cụ thể như sau|yêu cầu|chỉ đạo)\s*:\s*$|^kính gửi")
_HORIZON_RE = re.compile(
    r"(?:từ nay\s+)?đến\s+(?:hết|cuối)\s+(?:năm\s+\d{4}|quý\s+[IV]+(?:\s+năm\s+\d{4})?|tháng\s+\d{1,2}(?:/|\s+năm\s+)\d{4})",
    re.IGNORECASE,
)
_EXPLICIT_RE = re.compile(
    r"(?:trước|chậm nhất(?:\s+là)?(?:\s+vào)?|hạn chót(?:\s+là)?|không muộn hơn|trong)\s+ngày\s+\d{1,2}"
    r"(?:\s*tháng\s*\d{1,2}(?:\s*năm\s*\d{4})?|\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?)",
    re.IGNORECASE,
)
# where the subject of a sentence heading ends: the first verb of the instruction
_VERB_RE = re.compile(
    r"\s(?:khẩn trương|thực hiện|triển khai|có trách nhiệm|chịu trách nhiệm|chủ động|tập trung|tăng cường"
    r"|chủ trì|phối hợp|báo cáo|rà soát|xây dựng|nghiêm túc|đẩy mạnh|tiếp tục|hoàn thành|tổ chức thực hiện)\b",
    re.IGNORECASE,
)


@dataclass
class _Paragraph:
    number: str
    heading: str
    where: Text
    addressee: bool
    lead: str
    tasks: list[list[str]] = field(default_factory=list)
    task_where: list[Text] = field(default_factory=list)


def find_horizon(lines: list[str]) -> str | None:
    """The letter's horizon phrase ("từ nay đến cuối năm 2024"), if it names one."""
    m = _HORIZON_RE.search(" ".join(plain_line(line) for line in lines[:120]))
    return m.group(0) if m else None


def read_directive(lines: list[str], where: list[Text]) -> list[RawTask]:
    """Raw tasks from a directive letter's body lines."""
    plain = [(plain_line(line), loc) for line, loc in zip(lines, where, strict=True)]
    plain = [(line, loc) for line, loc in plain if line]
    start = 0
    for index, (line, _) in enumerate(plain):
        if _OPENING_RE.search(line):
            start = index + 1
    # the numbered paragraphs follow the opening ("… chỉ đạo như sau:"); without one, take the first
    if start == 0 or not any(_PARAGRAPH_RE.match(line) for line, _ in plain[start:]):
        start = next((i for i, (line, _) in enumerate(plain) if _PARAGRAPH_RE.match(line)), len(plain))
    paragraphs: list[_Paragraph] = []
    for index in range(start, len(plain)):
        line, loc = plain[index]
        numbered = _PARAGRAPH_RE.match(line)
        if numbered:
            following = plain[index + 1][0] if index + 1 < len(plain) else ""
            paragraphs.append(_paragraph(numbered.group(1), numbered.group(2), loc, following))
            continue
        if not paragraphs:
            continue
        if _CLOSING_RE.match(line):
            break
        current = paragraphs[-1]
        bullet = _BULLET_RE.match(line)
        if bullet:
            current.tasks.append([bullet.group(1)])
            current.task_where.append(loc)
        elif current.tasks and (line[:1].islower() or _SUB_BULLET_RE.match(line)):
            current.tasks[-1].append(line)
        elif current.addressee:
            current.tasks.append([line])
            current.task_where.append(loc)
        elif current.tasks:
            current.tasks[-1].append(line)
    tasks: list[RawTask] = []
    for paragraph in paragraphs:
        for number, (parts, loc) in enumerate(zip(paragraph.tasks, paragraph.task_where, strict=True), 1):
            title = " ".join(" ".join(parts).split())
            explicit = "; ".join(m.group(0) for m in _EXPLICIT_RE.finditer(title))
            tasks.append(
                RawTask(
                    number=f"{paragraph.number}.{number}",
                    section=paragraph.number,
                    section_title=paragraph.lead,
                    title=title,
                    deliverables=(),
                    lead_text=paragraph.lead,
                    support_text="",
                    deadline_text=explicit,
                    where=loc,
                    ongoing_until_horizon=not explicit,
                )
            )
    return tasks


def _paragraph(number: str, heading: str, where: Text, following: str) -> _Paragraph:
    heading = heading.strip()
    head, colon, rest = heading.partition(":")
    if colon and len(head.split()) <= 20:
        paragraph = _Paragraph(number, head.strip(), where, True, head.strip())
        if rest.strip():
            paragraph.tasks.append([rest.strip()])
            paragraph.task_where.append(where)
        return paragraph
    words = heading.split()
    addressee = bool(_BULLET_RE.match(following)) or (len(words) <= 25 and "." not in heading.rstrip("."))
    if addressee:
        return _Paragraph(number, heading.rstrip(". "), where, True, heading.rstrip(". "))
    verb = _VERB_RE.search(heading)
    subject = heading[: verb.start()] if verb else " ".join(words[:8])
    paragraph = _Paragraph(number, heading, where, False, subject.strip(" ,."))
    paragraph.tasks.append([heading])
    paragraph.task_where.append(where)
    return paragraph
