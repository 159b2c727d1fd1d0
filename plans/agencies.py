"""Agency names as plans print them ("Trưởng Phòng Nội vụ quận") turned into canonical names (pure).

A lead or support cell names titles and bodies, lists several of them with bullets, semicolons or
nothing at all, and uses collective phrases ("Chủ tịch UBND 10 phường"). `resolve_agencies` splits a
cell, strips the titles, maps collective phrases to the two groups, and matches each body against a
registry (exact comparison key first, then rapidfuzz) or, without a registry, derives a display name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from rapidfuzz import fuzz, process

from plans.catalogue import CATALOGUE, expand_abbreviations
from plans.text import fold, nfc, squash, strip_html, unify_tones

GROUP_WARDS = "Tất cả phường"
GROUP_UNITS = "Các phòng, ban, đơn vị"
GROUPS = (GROUP_WARDS, GROUP_UNITS)

# fuzz.ratio on comparison keys; 90 keeps "Phòng Tư pháp" apart from "Phòng Tài chính - Kế hoạch"
# and "Phòng Kinh tế" apart from "Phòng Y tế" while still forgiving a dropped letter or word order.
MATCH_THRESHOLD = 90.0


@dataclass(frozen=True)
class KnownAgency:
    """A registered agency: its canonical name, kind (unit | ward | committee | external) and aliases."""

    name: str
    kind: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Resolution:
    """What one cell resolved to: canonical or group names, unresolved names, outside bodies."""

    names: tuple[str, ...]
    unknown: tuple[str, ...]
    external: tuple[str, ...]
    derived: dict[str, str] = field(default_factory=dict)  # derived name -> kind


def _fold1(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch.lower())
    return base[0] if base else ch


class _FoldTable(dict):
    """str.translate's table: each character folded once, on first sight."""

    def __missing__(self, code: int) -> str:
        self[code] = folded = _fold1(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


def fold_same_length(text: str) -> str:
    """Fold diacritics and case character by character, so spans found in the result index `text`."""
    return text.translate(_FOLD_TABLE)


# ---------------------------------------------------------------- comparison key

# Abbreviations offices use, on folded text (the key); multi-word forms first.
_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    (r"\bvh\s*[-&]?\s*tt\b", "van hoa thong tin"),
    (r"\bvh\s*tdtt\b|\bvhtdtt\b|\bvh\s*-\s*tt\b", "van hoa the duc the thao"),
    (r"\bvhtt\b", "van hoa thong tin"),
    (r"\btn\s*&?\s*mt\b|\btnmt\b", "tai nguyen moi truong"),
    (r"\btc\s*-?\s*kh\b|\btckh\b", "tai chinh ke hoach"),
    (r"\bgd\s*&?\s*dt\b|\bgddt\b", "giao duc dao tao"),
    (r"\bld\s*-?\s*tb\s*&?\s*xh\b|\bldtbxh\b", "lao dong thuong binh xa hoi"),
    (r"\bqldt\b", "quan ly do thi"),
    # a department's initials after "Phòng"/"Sở" ("Phòng NV", "Sở TP": there TP is Tư pháp, not Thành phố)
    (r"\b(phong|so)\s+nv\b", r"\1 noi vu"),
    (r"\b(phong|so)\s+tp\b", r"\1 tu phap"),
    (r"\bdk\s*dd\b|\bdkdd\b|\bvpdkdd\b", "dang ky dat dai"),
    (r"\bubmttq(?:vn)?\b|\bmttq(?:vn)?\b", "mat tran to quoc"),
    (r"\btncshcm\b|\btncs\s*hcm\b", "thanh nien cong san ho chi minh"),
    (r"\bubnd\b", "uy ban nhan dan"),
    (r"\bhdnd\b", "hoi dong nhan dan"),
    (r"\bcntt\b", "cong nghe thong tin"),
    (r"\bbcd\b", "ban chi dao"),
    (r"\bcchc\b", "cai cach hanh chinh"),
    (r"\bvp\b", "van phong"),
    (r"\btp\b", "thanh pho"),
    (r"^tt\b", "trung tam"),
)
_ABBREVIATIONS_RE = tuple((re.compile(p), r) for p, r in _ABBREVIATIONS)

# A trailing place qualifier ("quận", "Quận 1", "quận Gò Vấp", "thuộc quận"): dropped for matching, but
# not the committee after "HĐND và", "HĐND - " or "HĐND &" («Văn phòng HĐND - UBND quận» is the office of both).
# "Quận ủy" and "Quận Đoàn" are bodies, not qualifiers.
_KEY_QUALIFIER_RE = re.compile(
    r"(?<!\bva)\s+(?:(?:truc thuoc|thuoc|cua|tai)\s+)?(?:(?<!hoi dong nhan dan )uy ban nhan dan\s+)?"
    r"(?:quan|huyen|thi xa|thanh pho)(?!\s+(?:uy|doan)\b)(?:\s+[a-z0-9]+){0,3}$"
)
_KEY_FILLER_RE = re.compile(r"\b(?:va|cac)\b")
# How people shorten a ward or district: "P. Bến Nghé", "P.Bến Nghé", "Q. 1", "Q1"; after a name too ("VP UBND Q.1")
_KEY_SHORT_PLACE_RE = (
    (re.compile(r"^p\s*\.\s*|^p\s+(?=[a-z])|^p\s*(?=\d)"), "phuong "),
    (re.compile(r"^q\s*\.\s*|^q\s*(?=\d)|(?<=\s)q\s*\.?\s*(?=\d+\s*$)"), "quan "),
)
# "UBND phường Bến Nghé" is the ward itself: the people's committee in front of a ward names nothing more.
_KEY_WARD_COMMITTEE_RE = re.compile(r"^uy ban nhan dan\s+(?=(?:phuong|xa|thi tran)\b)")
# A committee exists at every level (quận, phường, thành phố): its level is part of its name.
_KEY_KEEPS_LEVEL_RE = re.compile(r"^(?:ban chi dao|hoi dong|to cong tac|to giup viec|to chuyen vien)\b")


def agency_key(name: str) -> str:
    """The normalised comparison key of an agency name (also the DB's agencies.norm column)."""
    text = _strip_title(nfc(name).strip())
    key = fold_same_length(unify_tones(text)).strip()
    for pattern, repl in _KEY_SHORT_PLACE_RE:
        key = pattern.sub(repl, key)
    for pattern, repl in _ABBREVIATIONS_RE:
        key = pattern.sub(repl, key)
    key = re.sub(r"\([^)]*\)", " ", key)
    key = re.sub(r"[^a-z0-9]+", " ", key).strip()
    key = _KEY_WARD_COMMITTEE_RE.sub("", key)
    previous = None if not _KEY_KEEPS_LEVEL_RE.match(key) else key
    while previous != key:
        previous = key
        stripped = _KEY_QUALIFIER_RE.sub("", key).strip()
        # a bare "thanh tra" or "cong an" needs its qualifier to stay a name
        key = stripped if len(stripped.split()) >= 2 else key
    key = _KEY_FILLER_RE.sub(" ", key)
    return " ".join(key.split())


_TOWN_SHORT_RE = re.compile(r"^tt\s*\.?\s+(?=[a-z])")


def town_key(name: str) -> str | None:
    """The key of «TT Cần Thạnh» read as the thị trấn («Thị trấn Cần Thạnh»), for a name shortened «TT»: the key
    reads «TT» as «Trung tâm» (as «TT Y tế»), so a town is looked up under this key too."""
    folded = fold_same_length(unify_tones(_strip_title(nfc(name).strip()))).strip()
    return agency_key("Thị trấn " + folded[m.end():]) if (m := _TOWN_SHORT_RE.match(folded)) else None


# The district's office of its people's council and committee, as plans write it: «Văn phòng HĐND và UBND»,
# «VP HĐND&UBND», «Văn phòng HĐND - UBND quận», «Văn phòng UBND quận», «Văn phòng» (a ward's office keeps
# its «phường …», a province's its «tỉnh», the council's own «Văn phòng HĐND» is another office: other keys).
_DISTRICT_OFFICE_KEYS = frozenset({"van phong", "van phong uy ban nhan dan", "van phong hoi dong nhan dan uy ban nhan dan"})


def is_district_office(key: str) -> bool:
    """Whether an agency key names the district's office of the people's council and committee, in any of its
    spellings: such names match each other when the registry holds exactly one of them."""
    return key in _DISTRICT_OFFICE_KEYS


# ---------------------------------------------------------------- kinds

_COMMITTEE_RE = re.compile(r"^(?:ban chi dao|hoi dong|to cong tac|to giup viec|to chuyen vien|ban to chuc)\b")
_WARD_RE = re.compile(r"^(?:uy ban nhan dan\s+)?(?:phuong|xa|thi tran)\b")
_EXTERNAL_RE = re.compile(
    r"quan uy|thanh uy|huyen uy|mat tran|to chuc chinh tri|doan the|^so\b|chi cuc thue|kho bac|cong an"
    r"|bao hiem xa hoi|lien doan lao dong|quan doan|^doan\b|thanh nien cong san|hoi lien hiep|hoi cuu chien binh"
    r"|hoi nong dan|bao chi|toa an|vien kiem sat|ban tuyen giao|ban dan van|ban to chuc quan|thi hanh an"
    r"|uy ban nhan dan thanh pho|van phong chinh phu|^bo\b(?! phan\b)|^chi cuc\b"  # «Bộ phận một cửa» is no ministry
)


def guess_kind(name: str) -> str:
    """Best guess of an agency's kind from its name: unit, ward, committee or external."""
    key = agency_key(name)
    if _EXTERNAL_RE.search(key):
        return "external"
    if _COMMITTEE_RE.search(key):
        return "committee"
    if _WARD_RE.search(key):
        return "ward"
    return "unit"


# ---------------------------------------------------------------- splitting a cell

_TITLE_RE = re.compile(
    r"^(?:(?:đồng chí|mời|đề nghị|giao)\s+)*(?:phó\s+)?"
    r"(?:trưởng ban(?=\s+ban\b)|trưởng|giám đốc|chánh|chủ tịch|thủ trưởng|bí thư|hiệu trưởng|chi cục trưởng"
    r"|viện trưởng|tổng biên tập|lãnh đạo)\s+",
    re.IGNORECASE,
)
_PREFIX_RE = re.compile(r"^(?:(?:đồng chí|mời|đề nghị|giao|yêu cầu)(?:\s+|$))+", re.IGNORECASE | re.MULTILINE)


def _strip_title(text: str) -> str:
    text = _PREFIX_RE.sub("", text)
    stripped = _TITLE_RE.sub("", text)
    return stripped[:1].upper() + stripped[1:] if stripped != text else text


_HEADS = (
    "Văn phòng|Phòng|Ủy ban|Uỷ ban|UBND|Trung tâm|Thanh tra|Chi nhánh|Chi cục|Công an|Kho bạc|Bảo hiểm|Bệnh viện"
    "|Ban|Hội đồng|Sở|Liên đoàn|Mặt trận|Quận Đoàn|Đoàn|Trưởng|Phó|Chánh|Chủ tịch|Thủ trưởng|Giám đốc|Bí thư"
    "|Hiệu trưởng|Trường|Hội|Tổ|BCĐ|Đội|Vụ|Cục"
)
_HEADS_NO_TO = _HEADS.replace("|Tổ", "")
_GROUP_TOKEN = "\x00{}\x00"
_DASH_SPLIT_RE = re.compile(rf"\s+-\s+(?=(?:{_HEADS}|\x00)\b)")
_AND_SPLIT_RE = re.compile(rf"\s+và\s+(?=(?:{_HEADS_NO_TO})\b|\x00)")
_COMMA_SPLIT_RE = re.compile(r"\s*,\s*(?=[A-ZĐÀ-Ỹ\x00])")
_QUALIFIER_SPLIT_RE = re.compile(
    rf"\b((?:quận|Quận|huyện|Huyện)(?:\s+\d+)?)\s+(?=(?:{_HEADS.replace('|Quận Đoàn', '').replace('|Đoàn', '')})\b)"
)
_COOPERATE_RE = re.compile(r"\s+(?:phối hợp với|phối hợp|cùng với)\s+", re.IGNORECASE)
# lower case only: "Phòng … và Theo dõi thi hành pháp luật" names an office, "Phòng Nội vụ theo dõi" an activity
_ACTIVITY_TAIL_RE = re.compile(
    r"\s+(?:cùng\s+|để\s+)?(?:tham gia|giám sát|tuyên truyền|thực hiện|theo dõi|tổng hợp|hướng dẫn"
    r"|theo (?:phụ lục|danh sách|danh mục))\b.*$",
    re.DOTALL,
)
_CUNG_TAIL_RE = re.compile(r"\s+cùng(?:\s+\S+)*$", re.IGNORECASE)
_COMMITTEE_HELPERS_RE = re.compile(
    r"Ban Chỉ đạo\s+và\s+Tổ\s+(?:chuyên viên,?\s+)?(?:giúp việc|thư ký)(?:\s+cho)?\s+(?=Ban Chỉ đạo|BCĐ)",
    re.IGNORECASE,
)
# the role an agency holds, written after its name ("Sở Nội vụ - Cơ quan thường trực Ban Chỉ đạo CCHC tỉnh", "Sở Nội vụ
# (cơ quan thường trực)"): no second agency
_STANDING_ROLE_RE = re.compile(
    r"\s*(?:[-–,]\s*|\(\s*)(?:là\s+)?(?:cơ quan|đơn vị)\s+(?:thường trực|đầu mối)\b[^;\n()]*\)?", re.IGNORECASE)
_LIST_AFTER_COLON_RE = re.compile(r"(?:thủ trưởng\s+)?các\s+(?:cơ quan|đơn vị)\s*:\s*", re.IGNORECASE)

# Collective phrases, matched on the folded text.
_TITLE_PREFIX = r"(?:(?:pho\s+)?(?:chu tich|thu truong|lanh dao|hieu truong)\s+)?"
_WARDS_RE = re.compile(
    _TITLE_PREFIX
    + r"(?:(?:uy ban nhan dan|ubnd)\s+)?(?:cac|tat ca(?:\s+cac)?|\d+|muoi)\s+"
    r"(?:phuong|xa|thi tran|dac khu)(?:\s*(?:,|va)\s*(?:cac\s+)?(?:phuong|xa|thi tran|dac khu)\b)*\b"
    r"|" + _TITLE_PREFIX + r"(?:uy ban nhan dan|ubnd)\s+(?:phuong|xa)\b"
    r"|" + _TITLE_PREFIX + r"(?:uy ban nhan dan|ubnd)\s+(?:cac\s+)?cap\s+(?:xa|phuong)(?:\s*(?:,|va)\s*(?:phuong|xa|dac khu)\b)*\b"  # "UBND cấp xã": every commune
)
# what precedes "UBND phường" in the name of a commune's office of both councils ("Văn phòng HĐND và UBND xã"):
# "và", "-" or "&" hidden inside the catalogue name (_HIDDEN below), or written plainly
_OFFICE_OF_BOTH = ("\ue001", "\ue002", "\ue003", "hdnd va", "hdnd -", "hdnd&", "hdnd &", "hoi dong nhan dan va",
                   "van phong")
_COMMUNE_ISSUER_RE = re.compile(r"(?:uy ban nhan dan|ubnd)\s+(?:phuong|xa|thi tran|dac khu)\b")
_OWN_CHAIR_RE = re.compile(r"(?:pho\s+)?chu tich\s+(?:uy ban nhan dan|ubnd)\s+(?:phuong|xa|thi tran|dac khu)\b", re.I)
_UNIT_WORDS = r"(?:co quan|phong|don vi|ban|nganh|truong)"
_UNITS_TAIL = (
    r"(?:(?:\s*,\s*|\s+va\s+|\s+)(?:cac\s+)?(?:co quan|phong|ban|don vi|nganh|trung tam|chuyen mon|su nghiep"
    # "thuộc Sở Nội vụ", "thuộc UBND huyện Củ Chi" (up to the next comma or "và"): whose units they are, as in
    # a Sở's own plan, not one more agency
    r"|(?:truc\s+)?thuoc\s+(?:(?:ubnd|uy ban nhan dan)\s+)?(?:so|bo|huyen|tinh|thanh pho|thi xa|quan)"
    r"(?:\s+(?!va\b)[^\s,;.\n]+)*(?=\s*(?:$|[,;.\n]|va\b))"
    r"|cong lap|hoc|truc thuoc|thuoc|quan|ubnd quan|uy ban nhan dan quan|\d+|thanh vien|ban chi dao|bcd|cchc"
    r"|cai cach hanh chinh|co lien quan|lien quan|duoc kiem tra"
    # "thuộc Sở", "thuộc Bộ", "thuộc UBND huyện" ending the phrase: whose units they are, not one more agency
    r"|(?:(?:ubnd|uy ban nhan dan)\s+)?(?:so|bo|huyen|tinh|thanh pho|thi xa)(?=\s*(?:$|[,;.\n])))\b)*"
)
_UNITS_RE = re.compile(
    r"(?:" + _TITLE_PREFIX + r"(?:cac|tat ca(?:\s+cac)?)\s+" + _UNIT_WORDS + r"\b"
    r"|" + _TITLE_PREFIX + r"co quan\s*(?:,|va)\s*don vi\b"
    r"|don vi su nghiep\b)" + _UNITS_TAIL
)


# the named owner of "các phòng thuộc Sở Nội vụ" (within a units phrase)
_OWNER_RE = re.compile(
    r"(?:truc\s+)?thuoc\s+((?:(?:ubnd|uy ban nhan dan)\s+)?(?:so|bo|huyen|tinh|thanh pho|thi xa|quan)(?:\s+(?!va\b)[^\s,;.\n]+)+)"
)


def _ward_groups(text: str, issuer: str | None) -> list[tuple[re.Match[str], bool]]:
    """The phrases of `text` naming every ward, each with whether it is a bare «(Chủ tịch) UBND phường», which
    names no ward: in a plan addressed to all of them, each ward's own chair."""
    folded = fold_same_length(text)
    found: list[tuple[re.Match[str], bool]] = []
    for m in _WARDS_RE.finditer(folded):
        bare = m.group(0).endswith(("phuong", "xa")) and not re.search(r"\d|cac|tat ca|muoi", m.group(0))
        if bare:
            rest = text[m.end():].lstrip()
            # "UBND phường Bến Nghé" names one ward; a bare "UBND phường" means all of them
            if rest[:1].isupper() or rest[:1].isdigit():
                continue
            if folded[:m.start()].rstrip().endswith(_OFFICE_OF_BOTH):
                continue  # "Văn phòng HĐND và UBND phường": the ward's own office, since 2025
            if issuer and _COMMUNE_ISSUER_RE.match(_folded_words(issuer)):
                continue  # in a ward's own plan, "(Chủ tịch) UBND phường" is the ward itself, not every ward
        found.append((m, bare))
    return found


def bare_ward_phrase(text: str, issuer: str | None = None) -> str | None:
    """The «Chủ tịch UBND phường» of `text` read as every ward although it names none (as written), or None."""
    return next((text[m.start():m.end()] for m, bare in _ward_groups(text, issuer) if bare), None)


def _mark_groups(text: str, issuer: str | None = None) -> str:
    """Replace collective phrases by group tokens; "(các) cơ quan liên quan" is dropped, not a group. "Các
    phòng thuộc Sở Nội vụ" is the units group in a plan the Sở issues (or whose issuer is not known), and the Sở
    itself, which answers for its units, in another body's plan."""
    folded = fold_same_length(text)
    spans: list[tuple[int, int, str | None]] = [(m.start(), m.end(), GROUP_WARDS) for m, _ in _ward_groups(text, issuer)]
    owners: dict[int, str] = {}  # span start -> the owner named instead of the group
    for m in _UNITS_RE.finditer(folded):
        if any(s < m.end() and m.start() < e for s, e, _ in spans):
            continue
        group = None if "lien quan" in m.group(0) else GROUP_UNITS
        owner = _OWNER_RE.search(folded, m.start(), m.end())
        if owner and issuer and not _issued_by(issuer, text[owner.start(1):owner.end(1)]):
            owners[m.start()] = text[owner.start(1):owner.end(1)]
        spans.append((m.start(), m.end(), group))
    out, pos = [], 0
    for start, end, group in sorted(spans):
        out.append(text[pos:start])
        if start in owners:
            out.append("\n" + owners[start] + "\n")
        else:
            out.append("\n" + (_GROUP_TOKEN.format(GROUPS.index(group)) if group else "") + "\n")
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _clean_cell(text: str) -> str:
    text = re.sub(r"<sup>.*?</sup>", "", text, flags=re.IGNORECASE | re.DOTALL)
    text = nfc(strip_html(text)).replace("–", "-").replace("—", "-").replace("\u00a0", " ")
    text = re.sub(r"\([^)]*\)", " ", text)
    text = re.sub(r"\*+", "", text)
    # bullets become line breaks: at a line start, or after punctuation in a flattened list
    text = re.sub(r"(?:^|\n|(?<=[;.:,])\s*)\s*[-+•]\s+", "\n", text)
    return squash(text)


# Separators inside a catalogue name ("Phòng Văn hóa, Khoa học và Thông tin") are hidden while splitting.
_HIDDEN = {",": "\ue000", "và": "\ue001", "-": "\ue002", "&": "\ue003"}


@cache
def _catalogue_names_re() -> re.Pattern[str]:
    """Catalogue names holding a comma, "và" or a hyphen, as a pattern on folded text (abbreviations allowed)."""
    forms = []
    for name in CATALOGUE:
        key = fold_same_length(unify_tones(name)).replace("–", "-")
        if not re.search(r",| va |-", key):
            continue
        pattern = re.escape(key)
        pattern = pattern.replace(r"hoi\ dong\ nhan\ dan", r"(?:hoi\ dong\ nhan\ dan|hdnd)")
        pattern = pattern.replace(r"uy\ ban\ nhan\ dan", r"(?:uy\ ban\ nhan\ dan|ubnd)")
        pattern = pattern.replace(r"van\ phong\ ", r"(?:van\ phong|vp\.?)\ ")
        pattern = pattern.replace(r"\ va\ ", r"\s*(?:va|&|-)\s*").replace(r"\ \-\ ", r"\s*[-–]\s*")
        pattern = pattern.replace(r",\ ", r"\s*,\s*")
        forms.append(pattern)
    return re.compile(r"\b(?:" + "|".join(sorted(forms, key=len, reverse=True)) + r")\b")


def _hide_catalogue_separators(text: str) -> str:
    folded = fold_same_length(unify_tones(text)).replace("–", "-")
    out = list(text)
    for m in _catalogue_names_re().finditer(folded):
        span = text[m.start():m.end()]
        hidden = re.sub(r",|\bvà\b|[-–]|&", lambda s: _HIDDEN.get(s.group(0).replace("–", "-"), s.group(0)), span)
        out[m.start():m.end()] = [hidden] + [""] * (m.end() - m.start() - 1)
    return "".join(out)


def _show_separators(text: str) -> str:
    for plain, hidden in _HIDDEN.items():
        text = text.replace(hidden, plain)
    return text


def _folded_words(text: str) -> str:
    return " ".join(fold_same_length(_show_separators(text)).split())


_LOCALITY_RE = re.compile(r"\s+(?:tinh|thanh pho|huyen|quan|thi xa|xa|phuong)\b.*$")


def _issued_by(issuer: str, owner: str) -> bool:
    """Whether the body named as the owner of some units ("Sở Nội vụ") is the plan's issuer ("Sở Nội vụ tỉnh
    Bắc Ninh"; "UBND huyện Củ Chi")."""
    issuer_key, owner_key = _folded_words(issuer), _folded_words(owner)
    body = issuer_key if issuer_key.startswith("ubnd") else _LOCALITY_RE.sub("", issuer_key)
    return issuer_key.startswith(owner_key) or owner_key.startswith(body)


# «Các Cục, Vụ có liên quan», «các sở, ngành, địa phương»: one plural of bare kinds, no name after any of them
_KIND_WORDS = r"(?:cục|vụ|sở|ban|ngành|phòng|viện|trung tâm|đơn vị|địa phương)"
_KINDS_LIST_RE = re.compile(
    rf"(?i)\bcác\s+{_KIND_WORDS}(?:\s*,\s*{_KIND_WORDS})+(?=\s+(?:có\s+)?liên quan\b|\s+(?:trực\s+)?thuộc\b"
    r"|\s+(?:cùng\s+)?phối hợp\b|\s*(?:$|[,;.\n]))")


def _hide_kinds_list_commas(text: str) -> str:
    return _KINDS_LIST_RE.sub(lambda m: m.group(0).replace(",", _HIDDEN[","]), text)


def split_agencies(text: str, issuer: str | None = None) -> list[str]:
    """Split a lead/support cell into pieces: group names and agency phrases with titles stripped (`issuer`:
    the plan's, which "các phòng thuộc Sở …" may be the units of)."""
    text = _hide_catalogue_separators(expand_abbreviations(_clean_cell(text)))
    text = _PREFIX_RE.sub("", text)
    text = _COMMITTEE_HELPERS_RE.sub("", text)
    text = _STANDING_ROLE_RE.sub("", text)
    text = _LIST_AFTER_COLON_RE.sub("\n", text)
    text = _hide_kinds_list_commas(_mark_groups(text, issuer))  # a plural no group names stays whole
    text = _COOPERATE_RE.sub("\n", text)
    text = _QUALIFIER_SPLIT_RE.sub(lambda m: m.group(1) + "\n", text)
    own_commune = bool(issuer and _COMMUNE_ISSUER_RE.match(_folded_words(issuer)))
    pieces: list[str] = []
    for chunk in re.split(r"[\n;]+", text):
        for part in _COMMA_SPLIT_RE.split(chunk):
            for sub in _DASH_SPLIT_RE.split(part):
                pieces.extend(_AND_SPLIT_RE.split(sub))
    out: list[str] = []
    for piece in pieces:
        # "Phòng Nội vụ và" before a group taken out ("… và UBND các phường"): the "và" joined the two
        piece = re.sub(r"\s+(?:và|cùng|với)$", "", piece.strip(" .,;:-\t"))
        if "\x00" in piece:
            out.extend(GROUPS[int(tok)] for tok in re.findall(r"\x00(\d)\x00", piece))
            piece = re.sub(r"\x00\d\x00", "", piece).strip(" .,;:-")
        if not piece:
            continue
        piece = _ACTIVITY_TAIL_RE.sub("", f" {piece}").strip()  # a piece may be the tail alone, after a group
        piece = _CUNG_TAIL_RE.sub("", piece) if re.search(r"\scùng\s", piece) else piece
        if not (own_commune and _OWN_CHAIR_RE.match(fold_same_length(piece))):
            piece = _strip_title(piece)  # in a ward's own plan "Chủ tịch UBND phường" is a person: kept whole
        piece = _show_separators(piece.strip(" .,;:-"))
        if re.search(r"[^\W\d_]{2,}", piece):
            out.append(piece)
    return out


# ---------------------------------------------------------------- display names

_DISPLAY_QUALIFIER_RE = re.compile(
    r"\s+(?:(?:trực thuộc|thuộc|của|tại)\s+)?(?:quận|huyện|thị xã|thành phố)(?!\s+(?:ủy|uỷ|Đoàn|đoàn)\b)"
    r"(?:\s+[\wÀ-ỹ]+){0,3}$",
    re.IGNORECASE,
)


_DISPLAY_EXPANSIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"\bVH\s*[-&]?\s*TT\b|\bVHTT\b", "Văn hóa và Thông tin"),
        (r"\bVHTDTT\b|\bVH\s*TDTT\b", "Văn hóa - Thể dục thể thao"),
        (r"\bCNTT\b", "Công nghệ thông tin"),
        (r"\bBC[ĐD]\b", "Ban Chỉ đạo"),
        (r"^TT\.?\s+", "Trung tâm "),
        (r"^VP\.?\s+", "Văn phòng "),
        (r"\b(?:ĐK[ĐD]Đ|ĐKDD|DKDD)\b", "Đăng ký đất đai"),
        (r"\bTN\s*&\s*MT\b|\bTNMT\b", "Tài nguyên và Môi trường"),
        (r"\bTC\s*-\s*KH\b|\bTCKH\b", "Tài chính - Kế hoạch"),
        (r"\b(Phòng|Sở)\s+NV\b", r"\1 Nội vụ"),
        (r"\b(Phòng|Sở)\s+TP\b", r"\1 Tư pháp"),
        (r"\bQLĐT\b", "Quản lý đô thị"),
        (r"\bGD\s*&\s*ĐT\b|\bGDĐT\b", "Giáo dục và Đào tạo"),
        (r"\bLĐ\s*-?\s*TB\s*&?\s*XH\b|\bLĐTBXH\b", "Lao động - Thương binh và Xã hội"),
        (r"(?i)\b(?:Ủy|Uỷ) ban nhân dân\b", "UBND"),
    )
)


def display_name(piece: str) -> str:
    """The canonical display form of a derived agency: abbreviations expanded (UBND kept), no place qualifier."""
    name = nfc(piece)
    for pattern, repl in _DISPLAY_EXPANSIONS:
        name = pattern.sub(repl, name)
    name = re.sub(r"\s*-\s*", " - ", name)
    name = " ".join(name.split())
    stripped = _DISPLAY_QUALIFIER_RE.sub("", name)
    words = stripped.split()
    # "Thanh tra quận", "Công an quận", "Văn phòng UBND quận" need their qualifier
    if stripped != name and len(words) >= 3 and words[-1] not in ("UBND", "HĐND"):
        name = stripped
    return name[:1].upper() + name[1:]


_WARD_COMMITTEE_RE = re.compile(r"^(?:UBND|[UỦ][yỷ] ban nhân dân)\s+(?=(?:phường|xã|thị trấn)\s+\S)", re.IGNORECASE)


def ward_name(name: str) -> str:
    """A ward, commune or town typed with its People's Committee ("UBND phường Tân Định") as lists show wards,
    «Phường Tân Định» (the same key: lookups set "UBND" aside before a ward); any other name as typed."""
    name = nfc(" ".join(name.split()))
    stripped = _WARD_COMMITTEE_RE.sub("", name)
    return name if stripped == name else stripped[:1].upper() + stripped[1:]


# a name typed without diacritics takes the catalogue's spelling, word by word ("Phong Noi vu" → "Phòng Nội vụ")
_PLAIN_ABBREVIATIONS = {"HDND": "HĐND", "BCD": "BCĐ", "QLDT": "QLĐT", "GDDT": "GDĐT", "DKDD": "ĐKĐĐ"}


@cache
def _catalogue_by_key() -> dict[str, str]:
    return {agency_key(name): name for name in CATALOGUE}


def with_diacritics(piece: str) -> str:
    """A name typed without any diacritics ("Van phong HDND va UBND") or in capitals ("PHÒNG NỘI VỤ") spelt as
    the catalogue name it is ("Văn phòng HĐND và UBND", "Phòng Nội vụ"); any other name as it is."""
    if piece.isupper() and (name := _catalogue_by_key().get(agency_key(piece))) is not None and (
            fold(piece).startswith(fold(name))):
        return name  # "PHÒNG NỘI VỤ" heading a group of rows, spelt out (not "VP HĐND-UBND"): the catalogue's spelling
    if not piece.isascii() or (name := _catalogue_by_key().get(agency_key(piece))) is None:
        return piece
    forms = {fold_same_length(word): word for word in re.findall(r"[^\W\d_]+", name)}
    return re.sub(r"[^\W\d_]+", lambda m: _PLAIN_ABBREVIATIONS.get(m.group(0)) or forms.get(m.group(0).lower(), m.group(0)),
                  piece)


# ---------------------------------------------------------------- resolution


class AgencyResolver:
    """Resolves cells against one registry, remembering derived names so a plan uses one spelling each."""

    def __init__(self, registry: Sequence[KnownAgency] | None, *, issuer: str | None = None) -> None:
        self.registry = list(registry or [])
        self.issuer = issuer  # the plan's: "các phòng thuộc Sở Nội vụ" in the Sở's own plan are its units
        self._by_key: dict[str, KnownAgency] = {}
        for agency in self.registry:
            for alias in (agency.name, *agency.aliases):
                self._by_key.setdefault(agency_key(alias), agency)
        self._keys = list(self._by_key)
        self._derived: dict[str, str] = {}  # key -> display name
        self._cache: dict[str, Resolution] = {}

    def _match(self, key: str) -> KnownAgency | None:
        if key in self._by_key:
            return self._by_key[key]
        if not self._keys:
            return None
        if is_district_office(key):
            offices = {agency.name: agency for known, agency in self._by_key.items() if is_district_office(known)}
            if len(offices) == 1:
                return next(iter(offices.values()))
        hit = process.extractOne(key, self._keys, scorer=fuzz.ratio, score_cutoff=MATCH_THRESHOLD)
        return self._by_key[hit[0]] if hit else None

    def resolve(self, text: str) -> Resolution:
        """Resolve one lead or support cell."""
        if text in self._cache:
            return self._cache[text]
        names: list[str] = []
        unknown: list[str] = []
        external: list[str] = []
        derived: dict[str, str] = {}
        for piece in split_agencies(text, self.issuer):
            if piece in GROUPS:
                names.append(piece)
                continue
            key = agency_key(piece)
            if not key:
                continue
            town = town_key(piece)
            known = self._by_key.get(key) or (self._by_key.get(town) if town else None) or self._match(key)
            if known is not None:
                names.append(known.name)
                if known.kind == "external":
                    external.append(known.name)
                continue
            kind = guess_kind(piece)
            if self.registry and kind != "external":
                unknown.append(display_name(with_diacritics(piece)))
                continue
            name = self._derived.setdefault(key, display_name(with_diacritics(piece)))
            names.append(name)
            derived[name] = kind
            if kind == "external":
                external.append(name)
        result = Resolution(
            names=tuple(dict.fromkeys(names)),
            unknown=tuple(dict.fromkeys(unknown)),
            external=tuple(dict.fromkeys(external)),
            derived=derived,
        )
        self._cache[text] = result
        return result


def resolve_agencies(text: str, registry: Sequence[KnownAgency] | None) -> Resolution:
    """Resolve a lead/support cell; without a registry (None or empty) names are derived."""
    return AgencyResolver(registry).resolve(text)
