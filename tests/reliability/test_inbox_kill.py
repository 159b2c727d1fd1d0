"""A report survives SIGKILL at any instant (issue 22): `nhacviec run` as a subprocess over the HTTP fake
Telegram, killed across the receive-handle-answer window a few times, then restarted. Every report is
stored exactly once, and none is acknowledged twice. (The full-size sweep: bench/kill.py.)"""

from __future__ import annotations

from tests.kill_sweep import sweep


def test_reports_survive_sigkill_across_the_receive_handle_answer_window(tmp_path):
    result = sweep(tmp_path, runs=3, seed=22)
    assert "confirmed" in result.kills, result.kills  # the instant python-telegram-bot's Updater lost updates
    assert result.lost == [], (result.kills, result.stored)
    assert result.duplicates == [], (result.kills, result.stored, result.acks)
    assert result.integrity == "ok"
