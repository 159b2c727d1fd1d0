"""PostgreSQL plans the roll-ups' statements quickly: no JIT, SQLite's date() inlined, statistics after a copy;
the planner's big reads come a batch at a time."""

from __future__ import annotations

from storage.db import connect, open_db, transaction


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


async def test_a_read_streams_in_batches_outside_and_inside_a_unit(pg_test) -> None:
    db = await open_db(pg_test.url)
    sql = "SELECT n, :name FROM generate_series(1, 5) AS n ORDER BY n"
    try:
        outside = [[tuple(r) for r in rows] async for rows in db.stream(sql, {"name": "x"}, 2)]
        async with transaction(db):
            inside = [[r[0] for r in rows] async for rows in db.stream(sql, {"name": "x"}, 2)]
            assert db.in_transaction
    finally:
        await db.close()
    assert outside == [[(1, "x"), (2, "x")], [(3, "x"), (4, "x")], [(5, "x")]]
    assert inside == [[1, 2], [3, 4], [5]]
