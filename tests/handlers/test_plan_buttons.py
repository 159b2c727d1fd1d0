"""/plan_remove's buttons name each plan in a line a phone shows whole."""

from __future__ import annotations

from handlers.plan_removal import _plan_buttons
from storage.plans import PlanWithCounts


def test_a_long_plan_title_on_a_button_is_cut_at_a_word_with_an_ellipsis() -> None:
    # before: «17/KH-UBND — Thực hiện công tác cải cách hành chính trên địa», cut mid-phrase with no mark
    plan = PlanWithCounts(1, "17/KH-UBND", "Thực hiện công tác cải cách hành chính trên địa bàn Quận 1 năm 2022",
                          "UBND Quận 1", "2022-01-18", 2022, 2022, 2022, "kh.txt", "2022-01-20T00:00:00+00:00", 69)
    ((button,),) = _plan_buttons([plan])
    assert button.label == "17/KH-UBND — Thực hiện công tác cải cách hành chính trên…"
