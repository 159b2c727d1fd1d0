"""`nhacviec summary --period` takes the words the chat's /summary takes, Vietnamese too (TESTER14 F13)."""

from __future__ import annotations

import pytest

from bot.__main__ import _parser, main


def test_summary_period_takes_vietnamese_words_with_or_without_diacritics():
    typed = {"tuần": "week", "tuan": "week", "Tháng": "month", "thang": "month", "quý": "quarter", "QUY": "quarter",
             "năm": "year", "nam": "year", "quarter": "quarter", "week": "week"}
    assert {word: _parser().parse_args(["summary", "--period", word]).period for word in typed} == typed


def test_summary_help_shows_the_vietnamese_period_words(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["summary", "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "--period tuần|tháng|quý|năm" in out and "quy" in out and "quarter" in out
