"""PostgreSQL plans the roll-ups' statements quickly: no JIT, SQLite's date() inlined, statistics after a copy."""

from __future__ import annotations

from storage.db import connect, open_db


async def test_pooled_and_own_connections_run_without_jit(pg_test) -> None:
    db = await open_db(pg_test.url)
    try:
        assert [tuple(r) for r in await db.execute_fetchall("SHOW jit")] == [("off",)]
    finally:
        await db.close()
    own = await connect(pg_test.url)
    try:
        assert [tuple(r) for r in await own.execute_fetchall("SHOW jit")] == [("off",)]
    finally:
        await own.close()


async def test_date_is_inlined_into_the_statement(pg_test) -> None:
    db = await open_db(pg_test.url)
    try:
        plan = await db.execute_fetchall("EXPLAIN VERBOSE SELECT date(created_at, '+25200 seconds') FROM reports")
        answer = await db.execute_fetchall("SELECT date('2025-03-14T20:00:00+00:00', '+25200 seconds')")
    finally:
        await db.close()
    output = " ".join(r[0] for r in plan)
    assert "to_char(" in output and "date(" not in output  # the expression, not a call of the SQL function
    assert answer[0][0] == "2025-03-15"
