"""A report survives SIGKILL at any instant (issue 22): `nhacviec run` as a subprocess over the HTTP fake
Telegram, killed across the receive-handle-answer window a few times, then restarted. Every report is
stored exactly once and acknowledged (a confirmation a killed run left in the outbox by the first dispatch
after its lease), none twice but through the outbox's window; newest_reports agrees with the reports.
(The full-size sweep: bench/kill.py.)"""

from __future__ import annotations

from tests.kill_sweep import sweep


def test_reports_survive_sigkill_across_the_receive_handle_answer_window(tmp_path):
    result = sweep(tmp_path, runs=3, seed=22)
    assert "confirmed" in result.kills, result.kills  # the instant python-telegram-bot's Updater lost updates
    assert result.lost == [], (result.kills, result.stored)
    assert result.duplicates == [], (result.kills, result.stored, result.acks, result.claims)
    assert result.unacknowledged == [], (result.kills, result.acks, result.left)
    assert result.answer_rows == {"sent": len(result.stored)}, result.answer_rows
    assert result.integrity == "ok"
    assert result.newest_reports == (len(result.stored), 0)
