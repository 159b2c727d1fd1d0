"""Lead/support cells as plans print them, resolved with and without a registry."""

from __future__ import annotations

import pytest

from plans.agencies import (
    GROUP_UNITS,
    GROUP_WARDS,
    AgencyResolver,
    KnownAgency,
    agency_key,
    guess_kind,
    resolve_agencies,
)

U, W = GROUP_UNITS, GROUP_WARDS
MTTQ = "Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội"

# cell -> names derived without a registry
DERIVED = [
    ("- Trưởng Phòng Nội vụ quận.", ("Phòng Nội vụ",)),
    ("Giám đốc Sở Nội vụ", ("Sở Nội vụ",)),
    ("Chánh Văn phòng UBND quận", ("Văn phòng UBND quận",)),
    ("Văn phòng Ủy ban nhân dân quận", ("Văn phòng UBND quận",)),
    ("Phòng VH TT", ("Phòng Văn hóa và Thông tin",)),
    ("Phòng VHTT", ("Phòng Văn hóa và Thông tin",)),
    ("Phòng Văn hoá - Thông tin", ("Phòng Văn hoá - Thông tin",)),
    ("Thủ trưởng cơ quan, đơn vị; Chủ tịch UBND 10 phường", (U, W)),
    ("Thủ trưởng cơ quan, đơn vị; Chủ tịch Ủy ban nhân dân (UBND) 10 phường.", (U, W)),
    ("UBND các phường", (W,)),
    ("UBND 16 phường", (W,)),
    ("Ủy ban nhân dân phường.", (W,)),
    ("- Chủ tịch UBND phường", (W,)),
    ("các phòng, ban", (U,)),
    ("Các cơ quan, đơn vị thuộc quận; Ủy ban nhân dân phường.", (U, W)),
    ("Thủ trưởng các phòng chuyên môn, các đơn vị sự nghiệp công lập và Chủ tịch Ủy ban nhân dân 10 phường", (U, W)),
    ("- Ban Chỉ đạo và Tổ giúp việc Ban Chỉ đạo CCHC Quận 1;", ("Ban Chỉ đạo CCHC",)),
    ("BCĐ CCHC Quận 1", ("Ban Chỉ đạo CCHC",)),
    ("Trung tâm CNTT quận", ("Trung tâm Công nghệ thông tin",)),
    ("TT Văn hóa Quận 1", ("Trung tâm Văn hóa",)),
    ("- Phòng Nội vụ - Phòng VH TT", ("Phòng Nội vụ", "Phòng Văn hóa và Thông tin")),
    ("Phòng Tài chính - Kế hoạch (tổng hợp)", ("Phòng Tài chính - Kế hoạch",)),
    ("Phòng Tài chính – Kế hoạch Quận 1", ("Phòng Tài chính - Kế hoạch",)),
    ("Công an quận Văn phòng Ủy ban nhân dân quận", ("Công an quận", "Văn phòng UBND quận")),
    ("- Phòng Y tế,  - Phòng Giáo dục và Đào tạo, - Ủy ban nhân dân phường",
     ("Phòng Y tế", "Phòng Giáo dục và Đào tạo", W)),
    ("- Chi nhánh Văn phòng ĐKDD quận - Phòng Tài nguyên và Môi trường;",
     ("Chi nhánh Văn phòng Đăng ký đất đai", "Phòng Tài nguyên và Môi trường")),
    ("- Trưởng Phòng Nội vụ; - Bí thư Quận Đoàn 1; - Chủ tịch Liên đoàn Lao động Quận 1.",
     ("Phòng Nội vụ", "Quận Đoàn 1", "Liên đoàn Lao động")),
    ("- Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội quận cùng tham gia tuyên truyền và giám sát.",
     (MTTQ,)),
    ("- Trưởng Phòng Nội vụ quận và các cơ quan liên quan.", ("Phòng Nội vụ",)),
    ("Hội đồng đánh giá chỉ số CCHC của quận; Phòng Nội vụ", ("Hội đồng đánh giá chỉ số CCHC", "Phòng Nội vụ")),
    ("UBND phường Bến Nghé", ("UBND phường Bến Nghé",)),
    ("Thanh tra quận", ("Thanh tra quận",)),
    ("Chánh Thanh tra Quận 1", ("Thanh tra Quận 1",)),
    ("Đề nghị Thủ trưởng các cơ quan, đơn vị và Chủ tịch UBND các phường", (U, W)),
    # whose units they are ends the phrase: no agency named «Sở» or «UBND huyện»
    ("Các phòng thuộc Sở", (U,)),
    ("Văn phòng Sở, các phòng thuộc Sở", ("Văn phòng Sở", U)),
    ("Các phòng chuyên môn thuộc UBND huyện", (U,)),
    # ... named, as a Sở's own plan writes it: still only whose units they are
    ("Các phòng thuộc Sở Nội vụ", (U,)),
    ("Các phòng, đơn vị thuộc Sở Văn hóa, Thể thao và Du lịch", (U,)),
    ("Các đơn vị trực thuộc Sở Y tế", (U,)),
    ("Các phòng chuyên môn thuộc UBND huyện Củ Chi; Văn phòng UBND huyện", (U, "Văn phòng UBND huyện")),
    ("Các phòng thuộc Sở Nội vụ và Văn phòng UBND tỉnh", (U, "Văn phòng UBND tỉnh")),
    ("Các phòng, ban chuyên môn và Sở Tư pháp", (U, "Sở Tư pháp")),
    ("", ()),
]


@pytest.mark.parametrize(("cell", "names"), DERIVED)
def test_without_registry(cell, names):
    assert resolve_agencies(cell, None).names == names


REGISTRY = [
    KnownAgency("Phòng Nội vụ", "unit", ("PNV",)),
    KnownAgency("Phòng Tư pháp", "unit"),
    KnownAgency("Phòng Tài chính - Kế hoạch", "unit", ("Phòng TC-KH",)),
    KnownAgency("Phòng Văn hóa và Thông tin", "unit"),
    KnownAgency("Văn phòng HĐND và UBND quận", "unit", ("Văn phòng UBND quận",)),
    KnownAgency("Trung tâm Công nghệ thông tin", "unit"),
    KnownAgency("Ban Chỉ đạo CCHC quận", "committee"),
    KnownAgency("UBND phường Bến Nghé", "ward"),
    KnownAgency("Phòng Kinh tế", "unit"),
]

# cell -> (names, unknown, external)
WITH_REGISTRY = [
    ("Trưởng Phòng Nội vụ quận", (("Phòng Nội vụ",), (), ())),
    ("PNV", (("Phòng Nội vụ",), (), ())),
    ("Trưởng Phòng tư pháp quận", (("Phòng Tư pháp",), (), ())),
    ("Phòng Tư pháp; Phòng Tài chính – Kế hoạch quận", (("Phòng Tư pháp", "Phòng Tài chính - Kế hoạch"), (), ())),
    ("Phòng Văn hoá - Thông tin", (("Phòng Văn hóa và Thông tin",), (), ())),
    ("Phòng VH-TT", (("Phòng Văn hóa và Thông tin",), (), ())),
    ("Chánh Văn phòng Ủy ban nhân dân Quận 1", (("Văn phòng HĐND và UBND quận",), (), ())),
    ("Trung tâm CNTT", (("Trung tâm Công nghệ thông tin",), (), ())),
    ("Ban Chỉ đạo và Tổ giúp việc Ban Chỉ đạo CCHC Quận 1", (("Ban Chỉ đạo CCHC quận",), (), ())),
    ("Chủ tịch UBND phường Bến Nghé", (("UBND phường Bến Nghé",), (), ())),
    ("Phòng Y tế", ((), ("Phòng Y tế",), ())),  # must not become Phòng Kinh tế
    ("Phòng Tài nguyên và Môi trường", ((), ("Phòng Tài nguyên và Môi trường",), ())),
    ("Phòng Nội vụ; Sở Nội vụ", (("Phòng Nội vụ", "Sở Nội vụ"), (), ("Sở Nội vụ",))),
    ("Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội quận cùng giám sát", ((MTTQ,), (), (MTTQ,))),
    ("Thủ trưởng cơ quan, đơn vị; UBND các phường", ((U, W), (), ())),
]


@pytest.mark.parametrize(("cell", "expected"), WITH_REGISTRY)
def test_with_registry(cell, expected):
    result = resolve_agencies(cell, REGISTRY)
    assert (result.names, result.unknown, result.external) == expected


def test_keys_unify_spellings():
    assert agency_key("Phòng Văn hoá - Thông tin") == agency_key("Phòng Văn hóa và Thông tin")
    assert agency_key("Phòng VH TT") == agency_key("Phòng Văn hóa và Thông tin")
    assert agency_key("Văn phòng UBND Quận 1") == agency_key("Văn phòng Ủy ban nhân dân quận")
    assert agency_key("Phòng Tư pháp") != agency_key("Phòng Tài chính - Kế hoạch")
    assert agency_key("Ban Tuyên giáo Quận ủy") == "ban tuyen giao quan uy"  # "Quận ủy" is no qualifier


@pytest.mark.parametrize(
    ("name", "kind"),
    [("Phòng Nội vụ", "unit"), ("UBND phường Bến Nghé", "ward"), ("Ban Chỉ đạo CCHC", "committee"),
     ("Hội đồng đánh giá chỉ số CCHC", "committee"), ("Sở Nội vụ", "external"), ("Chi cục Thuế Quận 1", "external"),
     ("Ban Tuyên giáo Quận ủy", "external"), ("Bệnh viện Quận 1", "unit")],
)
def test_guess_kind(name, kind):
    assert guess_kind(name) == kind


def test_derived_kinds_are_reported():
    result = resolve_agencies("Ban Chỉ đạo CCHC Quận 1; Phòng Nội vụ; Sở Nội vụ; UBND các phường", None)
    assert result.derived == {"Ban Chỉ đạo CCHC": "committee", "Phòng Nội vụ": "unit", "Sở Nội vụ": "external"}


@pytest.mark.parametrize(("issuer", "cell", "names"), [
    # the Sở's own plan: its phòng are the units group
    ("Sở Nội vụ tỉnh Quảng Nam", "Các phòng thuộc Sở Nội vụ", (U,)),
    ("UBND huyện Củ Chi", "Các phòng chuyên môn thuộc UBND huyện Củ Chi", (U,)),
    # another body's plan: the Sở answers for its units
    ("UBND tỉnh Quảng Nam", "Các phòng thuộc Sở Nội vụ; Văn phòng UBND tỉnh", ("Sở Nội vụ", "Văn phòng UBND tỉnh")),
    ("Sở Nội vụ tỉnh Quảng Nam", "Các đơn vị trực thuộc Sở Y tế", ("Sở Y tế",)),
    ("UBND tỉnh Quảng Nam", "Các phòng, đơn vị thuộc Sở Văn hóa, Thể thao và Du lịch", ("Sở Văn hóa, Thể thao và Du lịch",)),
    # whose units, unnamed: the plan's issuer's
    ("UBND tỉnh Quảng Nam", "Các phòng thuộc Sở", (U,)),
])
def test_units_of_a_named_body_are_the_issuers_own_or_that_body(issuer: str, cell: str, names: tuple[str, ...]) -> None:
    assert AgencyResolver(None, issuer=issuer).resolve(cell).names == names


@pytest.mark.parametrize("cell", [
    "Văn phòng HĐND và UBND", "VP HĐND&UBND", "Văn phòng HĐND - UBND quận", "Văn phòng HĐND và UBND Quận 1",
    "Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân quận",
])
def test_the_district_office_written_with_both_councils_is_the_one_registered(cell):
    registry = [KnownAgency("Văn phòng UBND quận", "unit"), KnownAgency("Phòng Nội vụ", "unit"),
                KnownAgency("Phường Bến Nghé", "ward")]
    assert resolve_agencies(cell, registry).names == ("Văn phòng UBND quận",)


def test_the_district_office_matches_back_and_only_when_one_is_registered():
    both = KnownAgency("Văn phòng HĐND và UBND", "unit")
    assert resolve_agencies("Văn phòng UBND quận", [both, KnownAgency("Phòng Nội vụ", "unit")]).names == (both.name,)
    # a ward's office is not the district's
    ward_office = resolve_agencies("Văn phòng HĐND và UBND phường Bến Nghé", [both])
    assert ward_office.names == () and ward_office.unknown == ("Văn phòng HĐND và UBND phường Bến Nghé",)
    # the council's own office is another
    assert resolve_agencies("Văn phòng HĐND", [both]).names == ()
    # two such offices registered: which one is not guessed
    two = [KnownAgency("Văn phòng UBND", "unit"), KnownAgency("Văn phòng HĐND và UBND", "unit")]
    assert resolve_agencies("Văn phòng UBND quận", two).names == ()
