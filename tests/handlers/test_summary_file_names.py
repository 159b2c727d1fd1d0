"""One agency's /summary files are named for it: in the demo's folder (and a phone's downloads) they took the
district's files' names and replaced its report draft (TESTER15 F6). The whole roll-up's names, and the handler
sending them, are pinned in tests/bot/test_console.py."""

from __future__ import annotations

from datetime import date

from handlers.summary import summary_files


def test_an_agencys_summary_files_carry_its_name():
    ward = summary_files(date(2022, 3, 31), "Phường Bến Nghé", b"x", b"p", b"d")
    assert [f.name for f in ward] == [
        "tong-hop-cchc-phuong-ben-nghe-2022-03-31.xlsx", "bieu-do-cchc-phuong-ben-nghe-2022-03-31.png",
        "du-thao-bao-cao-cchc-phuong-ben-nghe-2022-03-31.docx",
    ]
    office = summary_files(date(2022, 3, 31), "Phòng Tài chính - Kế hoạch", b"x", b"p", None)
    assert office[0].name == "tong-hop-cchc-phong-tai-chinh-ke-hoach-2022-03-31.xlsx"
    assert [f.name for f in summary_files(date(2022, 3, 31), None, b"x", b"p", None)] == [
        "tong-hop-cchc-2022-03-31.xlsx", "bieu-do-cchc-2022-03-31.png"]
