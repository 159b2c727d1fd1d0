"""English texts name one thing one way: a coordinating (phối hợp) agency's columns all say «Coordinating»."""

from __future__ import annotations

import re
from pathlib import Path

from i18n import t

VI_PO = Path(__file__).resolve().parents[2] / "i18n" / "locale" / "vi" / "LC_MESSAGES" / "nhacviec.po"


def test_every_coordinating_column_says_coordinating_in_english():
    keys = re.findall(r'msgid "(col\.[^"]+)"', VI_PO.read_text(encoding="utf-8"))
    coordinating = [key for key in keys if "phối hợp" in t(key, "vi").lower()]
    assert "col.support" in coordinating  # «Nhiệm vụ phối hợp»: it said «Support tasks»
    assert {key: t(key, "en") for key in coordinating if "Coordinating" not in t(key, "en")} == {}
