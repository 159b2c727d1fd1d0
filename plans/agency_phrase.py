"""Where a phrase naming agencies starts and ends in running text ("Sở Nội vụ chủ trì, phối hợp …") (pure).

An agency phrase opens with a head word (Sở, Phòng, Ban, UBND, Văn phòng, Trung tâm, Công an…), a title
in front of one (Thủ trưởng, Chủ tịch…), a collective ("các Sở, ngành, địa phương") or a catalogue name,
and runs on over capitalised words, numbers, place words ("tỉnh", "huyện Bình Chánh") and list
separators followed by another agency; it ends at the first other lower-case word, the verb of the
sentence. A name from the catalogue is taken whole, commas and "và" included.
"""

from __future__ import annotations

import re
from functools import cache

from plans.catalogue import catalogue_name_at
from plans.text import fold, unify_tones

# Words are compared lower-cased with their diacritics ("Sở" is not "Số", "Đội" not "Đối").
_HEADS = (
    "sở", "phòng", "ban", "uỷ ban", "ubnd", "hđnd", "ubmttq", "mttq", "văn phòng", "vp", "trung tâm", "công an",
    "thanh tra", "chi cục", "tổng cục", "cục", "bộ", "vụ", "kho bạc", "bảo hiểm", "hội đồng", "hội", "đoàn",
    "liên đoàn", "mặt trận", "tỉnh uỷ", "thành uỷ", "huyện uỷ", "quận uỷ", "đảng uỷ", "tỉnh đoàn",
    "thành đoàn", "quận đoàn", "huyện đoàn", "viện", "trường", "bệnh viện", "chi nhánh", "đội", "tổ", "bộ phận",
    "đài", "báo", "toà án", "thường trực", "trạm", "bcđ", "bql", "kbnn", "bhxh", "lđlđ", "bchqs", "bch",
    "nhóm", "học viện", "tổng công ty", "công ty", "ngân hàng", "chi bộ", "tt", "ubkt", "hđnd-ubnd",
    "đảng đoàn", "ban cán sự đảng", "ban cán sự", "ban thường vụ", "cấp uỷ", "đảng bộ",
)
_TITLES = (
    "thủ trưởng", "người đứng đầu", "lãnh đạo", "phó chủ tịch", "chủ tịch", "phó giám đốc", "giám đốc",
    "phó trưởng", "trưởng", "chánh văn phòng", "chánh", "bí thư", "hiệu trưởng", "tổng biên tập",
)
_COLLECTIVE = (
    "cơ quan", "đơn vị", "sở", "ban", "ngành", "địa phương", "phòng", "xã", "phường", "thị trấn", "huyện",
    "quận", "tỉnh", "thành phố", "thành viên", "tổ chức", "đoàn thể", "hội", "trường", "trung tâm", "bộ",
    "cấp", "thôn", "khu phố", "tổ dân phố", "ấp", "đặc khu", "cấp uỷ", "tổ chức đảng", "đảng bộ", "chi bộ",
    "tổ chức cơ sở đảng", "cơ sở",
)
# lower-case words that stay inside a name ("Ủy ban nhân dân tỉnh", "các đơn vị sự nghiệp công lập")
_INSIDE = (
    "nhân dân", "thị xã", "thành phố", "thị trấn", "tỉnh", "huyện", "quận", "xã", "phường", "các",
    "trực thuộc", "thuộc", "chuyên môn", "có liên quan", "liên quan", "cấp tỉnh", "cấp huyện", "cấp xã", "cấp",
    "ngành", "địa phương", "đơn vị", "cơ quan", "sở", "ban", "phòng", "đoàn thể", "chính trị - xã hội",
    "chính trị xã hội", "tổ chức", "hội", "nhà nước", "và", "hành chính công", "sự nghiệp", "công lập",
    "thành viên", "trên địa bàn", "địa bàn", "của", "tất cả", "học", "khu phố", "thôn", "ấp", "tổ dân phố",
    "đặc khu", "mới",
)
# the verbs an instruction opens with: where a subject ends even inside a lower-case run
_VERBS = (
    "chủ trì", "phối hợp", "cùng", "là", "đã", "đang", "vừa", "sẽ", "cần", "có trách nhiệm", "chịu trách nhiệm",
    "thực hiện", "triển khai", "tổ chức", "xây dựng", "rà soát", "tham mưu", "hướng dẫn", "theo dõi", "đôn đốc",
    "kiểm tra", "báo cáo", "tổng hợp", "nghiên cứu", "đề xuất", "khẩn trương", "chủ động", "tiếp tục",
    "tăng cường", "đẩy mạnh", "nâng cao", "ban hành", "trình", "phê duyệt", "cập nhật", "công khai", "bố trí",
    "đảm bảo", "bảo đảm", "quán triệt", "tuyên truyền", "phổ biến", "thẩm định", "cung cấp", "giải quyết",
    "xử lý", "sắp xếp", "kiện toàn", "hoàn thiện", "hoàn thành", "lập", "gửi", "cử", "giao", "duy trì",
    "quản lý", "tập trung", "nghiêm túc", "được", "phải", "không", "chưa", "đạt", "căn cứ", "tiếp nhận",
    "chuẩn bị", "phân công", "rà", "thống kê", "đánh giá", "hỗ trợ", "vận hành", "bổ sung", "sửa đổi",
    "điều chỉnh", "tiến hành", "đề nghị", "yêu cầu", "nắm", "cho", "với", "để", "về", "tại", "trong", "theo",
    "lãnh đạo", "chỉ đạo", "giám sát", "phát động", "vận động", "huy động", "chấn chỉnh", "khắc phục", "thanh tra",
    "kiểm soát", "tham gia", "làm", "mời", "quyết liệt", "xác định", "thành lập", "tổng kết", "sơ kết", "hoàn tất",
    "tự kiểm tra", "tự đánh giá", "tự chấm điểm", "tự rà soát", "tự tổ chức",
)
# lower-case words that name a body right after its head ("Tổ công tác", "Ban chỉ đạo")
_HEAD_BODY = ("công tác", "giúp việc", "chuyên viên", "kiểm tra", "thư ký", "dân phố", "chỉ đạo", "quản lý",
              "tiếp công dân", "một cửa", "nhân dân", "chỉ huy", "thường trực", "tiếp nhận")
_NOT_INSTRUCTION = ("đã", "đang", "vừa", "là", "được", "cơ bản", "đạt", "chưa")
_DUOC = re.compile(r"được\s+(?:giao|kiểm tra|phân công|thanh tra|đánh giá|lựa chọn|chọn|nêu|đề cập)\b")

_WORD_RE = re.compile(r"[^\s,;:()]+")
_MAX_LOWER_IN_NAME = 4
_MAX_NAME_WORDS = 16  # an office's full name ("Phòng Quản lý … và Theo dõi thi hành pháp luật") fits


def _lower(text: str) -> str:
    return unify_tones(text).lower().replace("–", "-").replace("—", "-")


def _starts(low: str, at: int, words: tuple[str, ...]) -> str | None:
    """The longest of `words` that `low` has at `at`, ending at a word boundary."""
    rest = low[at: at + 40]
    for word in _longest_first(words):
        if rest.startswith(word) and (len(rest) == len(word) or not rest[len(word)].isalnum()):
            return word
    return None


@cache
def _longest_first(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


def _catalogue_at(low: str, at: int) -> int | None:
    known = catalogue_name_at(fold(low[at: at + 90]).replace("–", "-"))
    if not known:
        return None
    # the folded name's length in the original: count its words
    words = known.split()
    pos = at
    for _ in words:
        pos += len(low[pos:]) - len(low[pos:].lstrip())
        m = re.match(r"[^\s]+", low[pos:])
        pos += m.end() if m else 0
    return pos


def _head_at(text: str, low: str, at: int) -> int | None:
    """The end of a name's opening at `at` (catalogue name, head word, title + head, collective), or None."""
    pos = at
    title = _starts(low, pos, _TITLES)
    if title:
        pos += len(title)
        pos += len(low[pos:]) - len(low[pos:].lstrip())
    known = _catalogue_at(low, pos) if pos < len(low) and text[pos].isupper() else None
    if known:
        return known
    lead = _starts(low, pos, ("các", "tất cả các", "tất cả", "mọi"))
    if lead:
        after = pos + len(lead)
        after += len(low[after:]) - len(low[after:].lstrip())
        word = _starts(low, after, _COLLECTIVE)
        return after + len(word) if word else None
    head = _starts(low, pos, _HEADS)
    if not head or pos >= len(text):
        return None
    # a head word is an agency only capitalised ("Sở", "UBND"), or after a title ("Thủ trưởng cơ quan"),
    # and followed by a name ("Tổ chức" is a verb, "Tổ công tác" a body)
    if not (text[pos].isupper() or title):
        return None
    end = pos + len(head)
    after = end + len(text[end:]) - len(text[end:].lstrip())
    if head.upper() == text[pos:end] and len(head) > 1:
        return end  # an abbreviation (UBND, VP, BCĐ) stands alone
    if after >= len(text) or not (text[after].isupper() or text[after].isdigit() or text[after] in "(-–"
                                  or _starts(low, after, _INSIDE) or _starts(low, after, _HEAD_BODY)):
        return None
    return end


def agency_phrase_end(text: str, start: int = 0) -> int:
    """The end of the agency phrase starting at `text[start]` (list of agencies included), or `start` when none."""
    low = _lower(text)
    end = _head_at(text, low, start)
    if end is None:
        return start
    pos = head_end = end
    lower_run = 0
    named = False  # a capitalised word after the head: the name's own words may follow in lower case
    while pos < len(text):
        at = pos + len(text[pos:]) - len(text[pos:].lstrip())
        if at >= len(text):
            break
        ch = text[at]
        if ch == "(":
            close = text.find(")", at)
            if close < 0 or close - at > 60:
                break
            pos = end = close + 1
            continue
        if ch in ",;" or low.startswith(("và ", "& "), at):
            sep = at + (1 if ch in ",;&" else 2)
            sep += len(text[sep:]) - len(text[sep:].lstrip())
            nxt = _head_at(text, low, sep) if sep < len(text) else None
            bare = _starts(low, sep, _COLLECTIVE) if sep < len(text) and ch != ";" else None
            if nxt is None and bare is None:
                if ch == "v" and named and sep < len(text) and text[sep].isupper():
                    # "và" then a capitalised word goes on with the name: "Phòng Xây dựng và Kiểm tra văn bản"
                    pos = end = head_end = sep
                    named, lower_run = False, 0
                    continue
                break
            pos = end = nxt if nxt is not None else sep + len(bare or "")
            named, lower_run = False, 0
            continue
        if ch in "-&":
            pos = at + 1
            continue
        duoc = _DUOC.match(low, at)
        if duoc and re.search(r"\b(?:các|tất cả)\s", low[start:at]):
            pos = end = duoc.end()
            continue
        # a capitalised word right after the head opens the name even when it is a verb elsewhere
        # ("Vụ Tổ chức cán bộ", "Phòng Xây dựng và Kiểm tra văn bản")
        first = not named and pos == head_end and text[at].isupper() and not text[at:at + 3].isupper()
        if _starts(low, at, _VERBS) and not first:
            break
        inside = _starts(low, at, _INSIDE) if not first else None
        if inside:
            pos = end = at + len(inside)
            continue
        word = _WORD_RE.match(text, at)
        if word is None:
            break
        token = word.group(0)
        if token[0].isupper() or token[0].isdigit():
            pos = end = word.end()
            named, lower_run = True, 0
            continue
        if named and lower_run < _MAX_LOWER_IN_NAME and token[0].isalpha():
            pos = end = word.end()
            lower_run += 1
            continue
        break
    return end


def leading_agency(text: str) -> str | None:
    """The agency phrase a sentence opens with, when a verb (an instruction, not a report) follows it."""
    end = agency_phrase_end(text)
    if end == 0:
        return None
    rest = _lower(text[end:]).lstrip(" ,")
    if not rest or _starts(rest, 0, _NOT_INSTRUCTION) or not rest[:1].isalpha():
        return None
    return text[:end].strip(" ,;")


def is_agency_phrase(text: str, *, cell: bool = False) -> bool:
    """Whether the whole of `text` (trailing ":" or "." aside) names one or more agencies. A `cell` (a lead
    column's name, where nothing but names stands) that opens with a head and a capitalised name and holds
    no sentence ("Phòng Quản lý xử lý vi phạm hành chính và Theo dõi thi hành pháp luật") is one name however
    many of its words are verbs elsewhere."""
    text = text.strip().rstrip(":.; ")
    if not text:
        return False
    end = agency_phrase_end(text)
    if end >= len(text) or not cell:
        return end >= len(text)
    opening = _head_at(text, _lower(text), 0)
    return (opening is not None and end > opening and not text.isupper() and not re.search(r"[:;.!?]", text)
            and len(text.split()) <= _MAX_NAME_WORDS)
