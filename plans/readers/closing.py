"""Where a document's closing part starts: "Nơi nhận", a signature block, a signer's title alone in capitals."""

from __future__ import annotations

import re

_END_RE = re.compile(
    r"^(?:Nơi nhận|Nơi gửi|(?:KT|TM|TL|TUQ|Q)\.\s*\S|\(?Đã ký\)?$|Lưu\s*:\s*VT|\(Ký,? (?:ghi rõ )?họ tên"
    r"|(?:PHÓ\s+)?(?:CHỦ TỊCH|GIÁM ĐỐC|BỘ TRƯỞNG|THỨ TRƯỞNG|TRƯỞNG BAN|BÍ THƯ|CHÁNH VĂN PHÒNG|TRƯỞNG PHÒNG"
    r"|THỦ TRƯỞNG|TỔNG GIÁM ĐỐC)$)"
)


def ends_document(line: str) -> bool:
    """Whether a line opens the closing part: "Nơi nhận", a signature block, a title alone in capitals."""
    return bool(_END_RE.match(line.strip()))
