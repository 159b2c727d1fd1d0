"""Where a document's closing part starts: "Nơi nhận", a signature block, a signer's title alone in capitals,
the "Người lập biểu" under a spreadsheet's table; and where an appendix opens the text again."""

from __future__ import annotations

import re

_END_RE = re.compile(
    r"^(?:Nơi nhận|Nơi gửi|(?i:Người lập(?: biểu| bảng)?|Người tổng hợp)$|(?:KT|TM|TL|TUQ|Q)\.\s*\S|\(?Đã ký\)?$|Lưu\s*:\s*VT|\(Ký,? (?:ghi rõ )?họ tên"
    r"|(?:PHÓ\s+)?(?:CHỦ TỊCH|GIÁM ĐỐC|BỘ TRƯỞNG|THỨ TRƯỞNG|TRƯỞNG BAN|BÍ THƯ|CHÁNH VĂN PHÒNG|TRƯỞNG PHÒNG"
    r"|THỦ TRƯỞNG|TỔNG GIÁM ĐỐC)$)"
)


_RESTART_RE = re.compile(
    r"^(?:PHỤ LỤC|Phụ lục\b|\(?(?:Ban hành )?[Kk]èm theo\b|(?:KẾ HOẠCH|CHƯƠNG TRÌNH|QUY ĐỊNH|ĐỀ ÁN|DANH MỤC)\b)"
)


def reopens_document(line: str) -> bool:
    """Whether a line after the closing part opens an appendix ("PHỤ LỤC", "Ban hành kèm theo…")."""
    return bool(_RESTART_RE.match(line.strip()))


def ends_document(line: str) -> bool:
    """Whether a line opens the closing part: "Nơi nhận", a signature block, a title alone in capitals."""
    return bool(_END_RE.match(line.strip()))
