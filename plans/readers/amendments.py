"""An amending plan's paragraphs: «Sửa đổi nhiệm vụ 2.3 như sau: …» and «Bãi bỏ nhiệm vụ 3.1» (pure)."""

from __future__ import annotations

import re

# «Sửa đổi nhiệm vụ 2.3 như sau:», «Bổ sung nhiệm vụ 4.3 vào Mục IV như sau:», «Điều chỉnh nội dung nhiệm vụ 1.2:»
_AMEND_RE = re.compile(
    r"(?i)^(?:sửa đổi|điều chỉnh|bổ sung|thay thế)(?:\s*,\s*(?:bổ sung|sửa đổi|điều chỉnh))?\s+"
    r"(?:nội dung\s+(?:của\s+)?)?nhiệm vụ\s+(?:số\s+)?(?P<number>\d+(?:\.\d+)*)\b[^:]{0,60}:\s*"
)
# «Bãi bỏ nhiệm vụ 3.1.», «Bãi bỏ các nhiệm vụ số 1.4, 2.2 tại Phụ lục …», «Bãi bỏ nhiệm vụ 2.4 và nhiệm vụ 2.5»
_WITHDRAW_RE = re.compile(
    r"(?i)^(?:bãi bỏ|huỷ bỏ|hủy bỏ|loại bỏ|không thực hiện|dừng thực hiện)\s+(?:các\s+)?(?:nội dung\s+)?nhiệm vụ\s+"
    r"(?:số\s+)?(?P<list>\d+(?:\.\d+)*(?:\s*(?:,|;|và)\s*(?:nhiệm vụ\s+)?(?:số\s+)?\d+(?:\.\d+)*)*)\b"
)
# «Điều chỉnh thời gian hoàn thành nhiệm vụ 1.2 từ Quý II sang Quý III.»: only the deadline moves, the task's
# text and lead stay those of the plan it amends (no task of this plan)
_MOVED_RE = re.compile(
    r"(?i)^(?:điều chỉnh|gia hạn|lùi|kéo dài)\s+(?:thời gian|thời hạn|tiến độ)(?:\s+(?:hoàn thành|thực hiện))?\s+"
    r"(?:của\s+)?nhiệm vụ\s+(?:số\s+)?(?P<number>\d+(?:\.\d+)*)(?:\s+từ\s+.+?)?\s+(?:sang|đến|thành|lên)\s+"
    r"(?P<when>[^:;]+?)\s*[.;]?\s*$"
)
# the plan an amending plan amends, as its title names it («Sửa đổi, bổ sung Kế hoạch số 30/KH-UBND ngày …»)
_AMENDED_PLAN_RE = re.compile(
    r"(?i)^(?:sửa đổi|điều chỉnh|bổ sung|thay thế)\b.*?\b(?:kế hoạch|quyết định|chương trình)\s+số\s+"
    r"(?P<code>\d+/[\w.\-Đđ]+)"
)


def amended_task(text: str) -> tuple[str, str] | None:
    """(the amended task's number, the new text) of «Sửa đổi nhiệm vụ 2.3 như sau: Sở X chủ trì …», else None."""
    m = _AMEND_RE.match(text.strip())
    if m is None or not text[m.end():].strip():
        return None
    return m.group("number"), text.strip()[m.end():]


def rewritten_task(text: str) -> str | None:
    """The number of the task «Sửa đổi / Điều chỉnh / Thay thế nhiệm vụ 2.3 …:» gives a new text (not «Bổ sung
    nhiệm vụ 3.6:», a task the amended plan lacks), else None."""
    found = amended_task(text)
    return found[0] if found and not re.match(r"(?i)bổ sung\b", text.strip()) else None


def withdrawn_tasks(text: str) -> tuple[str, ...]:
    """The task numbers «Bãi bỏ nhiệm vụ 2.4 và nhiệm vụ 2.5» withdraws (none for any other text)."""
    m = _WITHDRAW_RE.match(text.strip())
    return tuple(re.findall(r"\d+(?:\.\d+)*", m.group("list"))) if m else ()


def moved_deadline(text: str) -> tuple[str, str] | None:
    """(the task's number, its new time) of «Điều chỉnh thời gian hoàn thành nhiệm vụ 1.2 từ Quý II sang Quý
    III», else None."""
    m = _MOVED_RE.match(text.strip())
    return (m.group("number"), m.group("when")) if m else None


def amended_plan(title: str) -> str | None:
    """The code of the plan an amending plan's title names («30/KH-UBND»), or None for any other title."""
    m = _AMENDED_PLAN_RE.match(title.strip())
    return m.group("code") if m else None
