"""`nhacviec tick --at`: a moment before the latest tick is refused and sends nothing (issue 17 item 22)."""

from __future__ import annotations

import asyncio
import sqlite3

from tests.harness import seed_plan


def test_tick_refuses_a_moment_before_the_latest_tick(nhacviec, tmp_path):
    db = tmp_path / "x.sqlite3"
    asyncio.run(seed_plan(db))
    env = {"NHACVIEC_DB": str(db)}
    assert nhacviec("tick", "--at", "2025-03-27T08:05", env=env).returncode == 0
    queued = sqlite3.connect(db).execute("SELECT COUNT(*) FROM outbox").fetchone()[0]
    back = nhacviec("tick", "--at", "2025-03-26T08:05", env=env)
    assert back.returncode == 2 and back.stdout == ""
    assert back.stderr.strip() == (
        "Lỗi: thời điểm 26/03/2025 08:05 ở trước lần chạy gần nhất (27/03/2025 08:05). Những gì đến hạn tới lúc đó "
        "đã được lập và gửi; chạy lùi sẽ gửi tin cũ sau tin mới, nên không gửi gì. Hãy dùng --at từ 27/03/2025 08:05 "
        "trở đi."
    )
    assert sqlite3.connect(db).execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == queued
    assert sqlite3.connect(db).execute("SELECT COUNT(*) FROM reminder_log WHERE day = '2025-03-26'").fetchone()[0] == 0
    assert nhacviec("tick", "--at", "2025-03-27T08:05", env=env).returncode == 0  # the same moment again is no step back
    english = nhacviec("tick", "--at", "2025-03-20T08:00", env={**env, "NHACVIEC_LANG": "en"})
    assert english.returncode == 2 and "before the latest run (Mar 27, 2025 8:05" in english.stderr
