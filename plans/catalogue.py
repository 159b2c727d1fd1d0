"""Standard Vietnamese agency names and their usual abbreviations, at province, district and commune level.

Covers the bodies plans name before and after the 2025 two-tier reorganisation (districts abolished,
several Sở merged): a reader uses it to keep a name with commas, hyphens and "và" whole ("Phòng Văn
hóa, Khoa học và Thông tin"), and to know that a phrase is an agency at all. Matching is on folded text.
"""

from __future__ import annotations

import re
from functools import cache

from plans.text import fold

# Bodies of a province (Sở, Ban and the like), before and after the 2025 mergers.
PROVINCE = (
    "Văn phòng Ủy ban nhân dân tỉnh", "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh",
    "Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính", "Sở Kế hoạch và Đầu tư", "Sở Công Thương",
    "Sở Nông nghiệp và Môi trường", "Sở Nông nghiệp và Phát triển nông thôn", "Sở Tài nguyên và Môi trường",
    "Sở Xây dựng", "Sở Giao thông vận tải", "Sở Khoa học và Công nghệ", "Sở Thông tin và Truyền thông",
    "Sở Văn hóa, Thể thao và Du lịch", "Sở Văn hóa và Thể thao", "Sở Du lịch", "Sở Giáo dục và Đào tạo",
    "Sở Y tế", "Sở Lao động - Thương binh và Xã hội", "Sở Dân tộc và Tôn giáo", "Sở Ngoại vụ",
    "Thanh tra tỉnh", "Ban Dân tộc", "Ban Quản lý các khu công nghiệp", "Ban Quản lý Khu kinh tế",
    "Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
    "Trung tâm Phục vụ hành chính công", "Đài Phát thanh và Truyền hình", "Cục Thuế",
    "Kho bạc Nhà nước", "Bảo hiểm xã hội", "Ủy ban Mặt trận Tổ quốc Việt Nam", "Liên đoàn Lao động",
    "Hội Liên hiệp Phụ nữ", "Hội Nông dân", "Hội Cựu chiến binh", "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
    "Tỉnh đoàn", "Thành đoàn", "Tỉnh ủy", "Thành ủy", "Ban Tổ chức Tỉnh ủy", "Ban Tuyên giáo Tỉnh ủy",
    "Ban Dân vận Tỉnh ủy", "Ban Nội chính Tỉnh ủy", "Ủy ban Kiểm tra Tỉnh ủy", "Ban Tuyên giáo và Dân vận",
    "Tòa án nhân dân", "Viện Kiểm sát nhân dân", "Cục Thi hành án dân sự", "Cục Thống kê", "Chi cục Thống kê",
    "Chi cục Thuế", "Chi cục Thi hành án dân sự",
    # named since the 2025 mergers: a province's paper and broadcaster in one, its tax office, the State Bank's region
    "Báo và Phát thanh, Truyền hình", "Thuế tỉnh", "Thuế cơ sở", "Ngân hàng Nhà nước", "Ban Quản lý các khu kinh tế",
    "Chi cục Hải quan", "Hải quan",
    "Thường trực Hội đồng nhân dân", "Thường trực Ủy ban nhân dân", "Ban Chỉ đạo cải cách hành chính",
)
# A district's offices (until 2025) and a commune's (after it, the commune took many of them over).
DISTRICT = (
    "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân", "Văn phòng Ủy ban nhân dân", "Phòng Nội vụ",
    "Phòng Tư pháp", "Phòng Tài chính - Kế hoạch", "Phòng Văn hóa, Khoa học và Thông tin",
    "Phòng Văn hóa và Thông tin", "Phòng Lao động - Thương binh và Xã hội", "Phòng Tài nguyên và Môi trường",
    "Phòng Kinh tế", "Phòng Kinh tế, Hạ tầng và Đô thị", "Phòng Kinh tế - Hạ tầng", "Phòng Quản lý đô thị",
    "Phòng Y tế", "Phòng Giáo dục và Đào tạo", "Phòng Văn hóa - Xã hội", "Phòng Dân tộc",
    "Phòng Nông nghiệp và Phát triển nông thôn", "Thanh tra huyện", "Công an huyện",
    "Ban Chỉ huy Quân sự", "Ủy ban Mặt trận Tổ quốc", "Trung tâm Văn hóa, Thông tin và Thể thao",
    "Trung tâm Dịch vụ nông nghiệp", "Trung tâm Y tế", "Trung tâm Công nghệ thông tin",
    "Chi nhánh Văn phòng Đăng ký đất đai", "Ban Quản lý dự án đầu tư xây dựng", "Đội Quản lý trật tự đô thị",
    "Trung tâm Phục vụ hành chính công xã", "Bộ phận Một cửa", "Văn phòng Đảng ủy", "Đảng ủy", "Công an xã",
    "Ban Chỉ huy Quân sự xã", "Trạm Y tế", "Huyện ủy", "Quận ủy", "Huyện đoàn", "Quận đoàn",
    "Công chức Văn phòng - Thống kê", "Công chức Tư pháp - Hộ tịch", "Công chức Địa chính - Xây dựng",
    "Công chức Tài chính - Kế toán", "Công chức Văn hóa - Xã hội", "Công chức Địa chính - Nông nghiệp",
)
CATALOGUE = PROVINCE + DISTRICT

# Abbreviations the comparison key does not already spell out (plans.agencies), each with its expansion;
# "TT" is Thường trực before HĐND/UBND (elsewhere Trung tâm), "P." is read by context below.
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("TT HĐND", "Thường trực HĐND"), ("TT UBND", "Thường trực UBND"), ("TT. HĐND", "Thường trực HĐND"),
    ("BCH QS", "Ban Chỉ huy Quân sự"), ("BCHQS", "Ban Chỉ huy Quân sự"), ("BQL", "Ban Quản lý"),
    ("KBNN", "Kho bạc Nhà nước"), ("BHXH", "Bảo hiểm xã hội"), ("LĐLĐ", "Liên đoàn Lao động"),
    ("TTPVHCC", "Trung tâm Phục vụ hành chính công"), ("KH&CN", "Khoa học và Công nghệ"),
    ("TT&TT", "Thông tin và Truyền thông"), ("KT-HT", "Kinh tế - Hạ tầng"), ("CA", "Công an"),
)
_PHUONG_RE = re.compile(r"(?<![\wĐđ])P\.\s*(?=[A-ZĐÀ-Ỹ0-9])")
# A district's departments by their initials, after "P." or "Phòng" ("P.NV", "P. TC-KH", "Phòng GD&ĐT"): no
# ward is named by initials, so "P." there is Phòng.
DEPARTMENT_INITIALS: dict[str, str] = {
    "NV": "Nội vụ", "TP": "Tư pháp", "TCKH": "Tài chính - Kế hoạch", "TC-KH": "Tài chính - Kế hoạch",
    "VHTT": "Văn hóa và Thông tin", "VH-TT": "Văn hóa và Thông tin", "VH&TT": "Văn hóa và Thông tin",
    "VHXH": "Văn hóa - Xã hội", "VH-XH": "Văn hóa - Xã hội", "GDĐT": "Giáo dục và Đào tạo",
    "GD&ĐT": "Giáo dục và Đào tạo", "GD-ĐT": "Giáo dục và Đào tạo", "YT": "Y tế", "KT": "Kinh tế",
    "KTHT": "Kinh tế - Hạ tầng", "KT-HT": "Kinh tế - Hạ tầng", "TNMT": "Tài nguyên và Môi trường",
    "TN&MT": "Tài nguyên và Môi trường", "TN-MT": "Tài nguyên và Môi trường",
    "LĐTBXH": "Lao động - Thương binh và Xã hội", "LĐ-TB&XH": "Lao động - Thương binh và Xã hội",
    "QLĐT": "Quản lý đô thị", "NNPTNT": "Nông nghiệp và Phát triển nông thôn",
    "NN&PTNT": "Nông nghiệp và Phát triển nông thôn",
}
_DEPARTMENT_INITIALS_RE = re.compile(
    r"(?<![\wĐđ])(?:P\.\s*|Phòng\s+)("
    + "|".join(re.escape(short) for short in sorted(DEPARTMENT_INITIALS, key=len, reverse=True))
    + r")(?![\wĐđ&-])"
)


_EXPANSIONS = dict(ABBREVIATIONS)
_ABBREVIATION_RE = re.compile(
    r"(?<![\wĐđ&])(?:" + "|".join(re.escape(short) for short, _ in sorted(ABBREVIATIONS, key=lambda a: -len(a[0])))
    + r")(?![\wĐđ&])"
)


def expand_abbreviations(text: str) -> str:
    """`text` with those abbreviations written out; "P." is Phòng before a field of work, else Phường."""
    text = _ABBREVIATION_RE.sub(lambda m: _EXPANSIONS[m.group(0)], text)
    text = _DEPARTMENT_INITIALS_RE.sub(lambda m: "Phòng " + DEPARTMENT_INITIALS[m.group(1)], text)
    return _PHUONG_RE.sub(lambda m: "Phòng " if _office_follows(text[m.end():]) else "Phường ", text)


def _office_follows(rest: str) -> bool:
    return fold(rest[:30]).startswith(("noi vu", "tu phap", "tai chinh", "van hoa", "kinh te", "y te", "giao duc",
                                      "tai nguyen", "lao dong", "quan ly", "dan toc", "nong nghiep"))


@cache
def catalogue_keys() -> tuple[str, ...]:
    """The catalogue's names folded, longest first (so a reader takes the longest name that fits)."""
    return tuple(sorted({fold(name).replace("–", "-") for name in CATALOGUE}, key=len, reverse=True))


def catalogue_name_at(folded: str) -> str | None:
    """The longest catalogue name (folded) that `folded` starts with, ending at a word boundary."""
    for key in catalogue_keys():
        if folded.startswith(key) and (len(folded) == len(key) or not folded[len(key)].isalnum()):
            return key
    return None
