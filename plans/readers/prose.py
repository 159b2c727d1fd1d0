"""Prose plans: lettered items (a, b, c, d, đ, e, g…) followed by "Cơ quan chủ trì: …" lines.

An item (lettered or numbered) is a task when it names a lead; "1.2.a" numbers a letter under the
heading "1.2.". Paragraphs without a lead (objectives, explanations) are not tasks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from i18n import Text
from plans.agency_phrase import is_agency_phrase
from plans.readers.closing import ends_document, reopens_document
from plans.readers.raw import RawTask
from plans.readers.table import clean_text, split_items

_LETTER_RE = re.compile(r"^([a-zđ])\s*[\)\.]\s+(.*)$")
_NUMBER_RE = re.compile(r"^((?:\d+\.)*\d+)\.?\)?\s+(.*)$")
_LABELLED_RE = re.compile(r"^(?:nhiệm vụ|công việc|việc)\s+(?:số\s+|thứ\s+)?(\d+)\s*[:.]\s+(.*)$", re.IGNORECASE)  # "Nhiệm vụ 1: …"
_ROMAN_RE = re.compile(r"^([IVX]+)\.\s+(.*)$")
_FIELD_RE = re.compile(
    # a field may open a line, follow a sentence ("… hộ tịch. Đơn vị thực hiện: …") or a bracket ("(Đơn vị chủ trì: …")
    r"(?:^|(?<=[.;(])\s*)[-+•]?\s*(cơ quan chủ trì|đơn vị chủ trì|chủ trì thực hiện|chủ trì|cơ quan phối hợp"
    r"|đơn vị phối hợp|phối hợp thực hiện|phối hợp|cơ quan thực hiện|đơn vị thực hiện"
    r"|thời gian thực hiện|thời gian hoàn thành|thời hạn hoàn thành"
    r"|thời hạn|thời gian|tiến độ|sản phẩm đầu ra|sản phẩm|kết quả đầu ra|kết quả)\s*:",
    re.IGNORECASE | re.MULTILINE,
)
_KINDS = {"chủ trì": "lead", "phối hợp": "support", "thời": "deadline", "tiến độ": "deadline",
          "sản phẩm": "deliverables", "kết quả": "deliverables", "thực hiện": "lead"}


@dataclass
class _Block:
    number: str
    section: str | None
    where: Text
    lines: list[str] = field(default_factory=list)


def plain_line(line: str) -> str:
    """A body line without Markdown marks, HTML or footnote numbers."""
    line = re.sub(r"^\s*#+\s*", "", line)
    return " ".join(clean_text(line).split())


# "<việc> (Sở Nội vụ chủ trì, phối hợp Thanh tra tỉnh; hoàn thành trong Quý III/2026)": the fields unlabelled, in brackets
_BRACKET_ROLES_RE = re.compile(r"\((?P<lead>[^();:]+?)\s+chủ trì\b(?P<rest>[^()]*)\)", re.IGNORECASE)
_BRACKET_SUPPORT_RE = re.compile(r"^phối hợp(?:\s+với)?\s+", re.IGNORECASE)
_BRACKET_WHEN_RE = re.compile(r"[,;]\s*(?=(?:hoàn thành|thực hiện|thời gian|thời hạn|trước|trong|chậm nhất|xong)\b)",
                              re.IGNORECASE)


def _labelled(line: str) -> str:
    """`line` with the lead, support and time it gives in brackets labelled as field lines label them."""
    m = _BRACKET_ROLES_RE.search(line)
    if not m or not is_agency_phrase(m["lead"]):
        return line
    rest = m["rest"].strip(" ,;")
    support, when = "", rest
    if _BRACKET_SUPPORT_RE.match(rest):
        parts = _BRACKET_WHEN_RE.split(_BRACKET_SUPPORT_RE.sub("", rest), maxsplit=1)
        support, when = parts[0], parts[1] if len(parts) > 1 else ""
    fields = [f"Cơ quan chủ trì: {m['lead'].strip()}"]
    fields += [f"Cơ quan phối hợp: {support.strip()}"] if support.strip() else []
    fields += [f"Thời gian: {when.strip()}"] if when.strip() else []
    return f"{line[:m.start()]}({'; '.join(fields)}){line[m.end():]}"


def has_lead_fields(lines: list[str]) -> bool:
    """Whether the text has "chủ trì:" lines, the mark of a prose plan."""
    return sum(1 for line in lines if re.search(r"(?i)(?:chủ trì|(?:cơ quan|đơn vị) thực hiện)\s*:", _labelled(line))) >= 1


def read_prose(lines: list[str], where: list[Text]) -> list[RawTask]:
    """Raw tasks from a prose plan's body lines."""
    blocks: list[_Block] = []
    section_titles: dict[str, str] = {}
    parent: str | None = None
    section: str | None = None
    closed = False  # after "Nơi nhận" or a signature, until an appendix: no field of the last task
    for raw, location in zip(lines, where, strict=True):
        line = _labelled(plain_line(raw))
        if not line:
            continue
        if closed and not reopens_document(line):
            continue
        closed = ends_document(line)
        if closed:
            continue
        roman = _ROMAN_RE.match(line)
        if roman and line.split(".")[0].isupper():
            parent = section = None
            blocks.append(_Block("", None, location, [roman.group(2)]))
            continue
        numbered = _NUMBER_RE.match(line) or _LABELLED_RE.match(line)
        if numbered and not _FIELD_RE.match(line):
            parent = numbered.group(1)
            if "." not in parent:
                section = parent
                section_titles[parent] = numbered.group(2).strip(" :.")
            blocks.append(_Block(parent, section, location, [numbered.group(2)]))
            continue
        letter = _LETTER_RE.match(line)
        if letter and letter.group(1) not in "fjwz":
            number = f"{parent}.{letter.group(1)}" if parent else letter.group(1)
            blocks.append(_Block(number, section, location, [letter.group(2)]))
            continue
        if blocks:
            blocks[-1].lines.append(line)
    tasks: list[RawTask] = []
    for block in blocks:
        fields = _fields("\n".join(block.lines))
        if not fields.get("lead") or not block.number:
            continue
        section = block.section if block.section != block.number else None  # "1. <task>" heads no section of its own
        tasks.append(
            RawTask(
                number=block.number,
                section=section,
                section_title=section_titles.get(section or ""),
                title=_value(fields.get("title", "")).rstrip(" :("),
                deliverables=split_items(fields.get("deliverables", "")),
                lead_text=_value(fields.get("lead", "")),
                support_text=_value(fields.get("support", "")),
                deadline_text=_value(fields.get("deadline", "")),
                where=block.where,
            )
        )
    return tasks


def _value(text: str) -> str:
    value = " ".join(text.split()).strip(" .;")
    if value.endswith(")") and value.count(")") > value.count("("):
        value = value[:-1].rstrip(" .;")  # the bracket the fields were written in closes after the last one
    return value


def _fields(text: str) -> dict[str, str]:
    matches = list(_FIELD_RE.finditer(text))
    fields = {"title": text[: matches[0].start()] if matches else text}
    for m, nxt in zip(matches, [*matches[1:], None][: len(matches)], strict=True):
        label = m.group(1).lower()
        kind = next(v for k, v in _KINDS.items() if k in label)
        value = text[m.end(): nxt.start() if nxt else len(text)]
        fields.setdefault(kind, value)
    return fields
