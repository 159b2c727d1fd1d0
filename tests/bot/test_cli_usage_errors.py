"""argparse's own usage errors said in the deployment's language, as the help is."""

from __future__ import annotations

from datetime import date

import pytest

from bot.__main__ import _parser, main


def _refused(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    with pytest.raises(SystemExit) as ended:
        main(argv)
    assert ended.value.code == 2
    return capsys.readouterr().err


def test_usage_errors_are_vietnamese(monkeypatch, capsys) -> None:
    # before: «usage: … nhacviec invite: error: the following arguments are required: agency»
    monkeypatch.setenv("NHACVIEC_LANG", "vi")
    missing = _refused(capsys, ["invite"])
    assert missing.startswith("Cách dùng: nhacviec invite ")
    assert missing.endswith("Lỗi: thiếu tham số bắt buộc: ĐƠN-VỊ\n")  # named as --help names it
    choice = _refused(capsys, ["summary", "--format", "pdf"])
    assert "Lỗi: --format: không có lựa chọn 'pdf'; chọn một trong: 'text'," in choice
    assert "\n" + " " * len("Cách dùng: nhacviec summary ") + "[--current" in choice  # wrapped usage aligned
    assert "Lỗi: LỆNH: không có lựa chọn 'foo'" in _refused(capsys, ["foo"])
    assert "Lỗi: không hiểu các tham số: extra" in _refused(capsys, ["tick", "extra"])
    assert "Lỗi: --at: cần một giá trị" in _refused(capsys, ["summary", "--at"])


def test_usage_errors_are_english_in_an_english_deployment(monkeypatch, capsys) -> None:
    monkeypatch.setenv("NHACVIEC_LANG", "en")
    missing = _refused(capsys, ["invite"])
    assert missing.startswith("Usage: nhacviec invite ") and missing.endswith("Error: missing required arguments: AGENCY\n")


def test_a_bad_value_is_said_in_vietnamese_and_a_day_is_read_as_offices_write_it(monkeypatch, capsys) -> None:
    # before: «Lỗi: argument --year: invalid int value: 'abc'»; «--issued 15/03/2022» refused (ISO only)
    monkeypatch.setenv("NHACVIEC_LANG", "vi")
    assert _refused(capsys, ["parse-deadline", "Quý I", "--year", "abc"]).endswith(
        "Lỗi: --year: giá trị 'abc' không hợp lệ\n")
    argv = ["parse-deadline", "trong 30 ngày kể từ ngày ban hành", "--year", "2022", "--issued"]
    # parsed only: running main would set the process's log levels under the other tests of this worker
    assert _parser().parse_args([*argv, "15/03/2022"]).issued == _parser().parse_args([*argv, "2022-03-15"]).issued
    assert _parser().parse_args([*argv, "15/03/2022"]).issued == date(2022, 3, 15)
    assert "Lỗi: --issued: giá trị '31/02/2022' không hợp lệ" in _refused(capsys, [*argv, "31/02/2022"])
