import asyncio
import sqlite3

import pytest

from storage.db import LATEST_VERSION, connect, migrate, open_db, transaction


async def test_migrations_set_user_version_and_are_idempotent(db):
    async with db.execute("PRAGMA user_version") as cur:
        assert (await cur.fetchone())[0] == LATEST_VERSION
    assert await migrate(db) == LATEST_VERSION
    async with db.execute("PRAGMA journal_mode") as cur:
        assert (await cur.fetchone())[0] == "wal"
    async with db.execute("PRAGMA foreign_keys") as cur:
        assert (await cur.fetchone())[0] == 1


async def test_transaction_rolls_back_on_error(db):
    try:
        async with transaction(db):
            await db.execute("INSERT INTO kv (key, value) VALUES ('a', '1')")
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    async with db.execute("SELECT COUNT(*) FROM kv") as cur:
        assert (await cur.fetchone())[0] == 0


async def test_reopen_keeps_data(tmp_path):
    path = tmp_path / "x.sqlite3"
    db = await open_db(path)
    async with transaction(db):
        await db.execute("INSERT INTO kv (key, value) VALUES ('a', '1')")
    await db.close()
    db = await open_db(path)
    async with db.execute("SELECT value FROM kv WHERE key = 'a'") as cur:
        assert (await cur.fetchone())[0] == "1"
    await db.close()


# ---- the unit of work: one lock per connection, whole or nothing ---------------------------------


async def kv(db) -> dict[str, str]:
    async with transaction(db):
        return {row[0]: row[1] for row in await db.execute_fetchall("SELECT key, value FROM kv")}


async def test_a_failing_statement_rolls_the_whole_unit_back(db):
    async with transaction(db):
        await db.execute("INSERT INTO kv (key, value) VALUES ('a', 'old')")
    with pytest.raises(sqlite3.IntegrityError):
        async with transaction(db):
            await db.execute("UPDATE kv SET value = 'new' WHERE key = 'a'")
            await db.execute("INSERT INTO kv (key, value) VALUES ('b', '1')")
            await db.execute("INSERT INTO kv (key, value) VALUES ('a', 'dup')")  # primary key taken
    assert await kv(db) == {"a": "old"}
    assert not db.in_transaction
    async with transaction(db):  # the connection is usable: no transaction left open
        await db.execute("INSERT INTO kv (key, value) VALUES ('b', '1')")
    assert await kv(db) == {"a": "old", "b": "1"}


async def test_an_error_before_any_statement_leaves_nothing_open(db):
    with pytest.raises(RuntimeError):
        async with transaction(db):
            raise RuntimeError("refused before touching the database")
    assert not db.in_transaction
    async with transaction(db):
        await db.execute("INSERT INTO kv (key, value) VALUES ('after', '1')")
    assert await kv(db) == {"after": "1"}


async def test_a_cancelled_unit_is_rolled_back(db):
    inside = asyncio.Event()

    async def unit() -> None:
        async with transaction(db):
            await db.execute("INSERT INTO kv (key, value) VALUES ('lost', '1')")
            inside.set()
            await asyncio.Event().wait()  # cancelled here, with its row written

    task = asyncio.ensure_future(unit())
    await inside.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert not db.in_transaction
    assert await kv(db) == {}


async def test_a_second_unit_waits_for_the_first_units_commit(db):
    order: list[str] = []
    asked = asyncio.Event()

    async def first() -> None:
        async with transaction(db):
            await db.execute("INSERT INTO kv (key, value) VALUES ('first', '1')")
            await asked.wait()  # the second unit is asking for the connection meanwhile
            await db.execute("INSERT INTO kv (key, value) VALUES ('first2', '1')")
        order.append("first committed")

    async def second() -> dict[str, str]:
        order.append("second asks")
        asked.set()
        async with transaction(db):
            order.append("second in")
            return {r[0]: r[1] for r in await db.execute_fetchall("SELECT key, value FROM kv")}

    _, seen = await asyncio.gather(first(), second())
    assert order == ["second asks", "first committed", "second in"]
    assert seen == {"first": "1", "first2": "1"}  # all of the first unit, committed


async def test_a_failed_commit_rolls_back_before_the_next_unit_runs(db):
    # a deferred foreign key is checked at COMMIT, so it is the COMMIT that fails
    await db.executescript(
        "CREATE TABLE parent (id INTEGER PRIMARY KEY);"
        "CREATE TABLE child (id INTEGER PRIMARY KEY,"
        " parent_id INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED);"
    )

    async def bad_unit() -> None:
        async with transaction(db):
            await db.execute("INSERT INTO kv (key, value) VALUES ('lost', '1')")
            await db.execute("INSERT INTO child (id, parent_id) VALUES (1, 99)")

    async def next_unit() -> None:
        async with transaction(db):
            await db.execute("INSERT INTO kv (key, value) VALUES ('kept', '1')")

    results = await asyncio.gather(bad_unit(), next_unit(), return_exceptions=True)
    assert isinstance(results[0], sqlite3.IntegrityError)
    assert results[1] is None
    assert await kv(db) == {"kept": "1"}
    assert (await db.execute_fetchall("SELECT COUNT(*) FROM child"))[0][0] == 0
    assert not db.in_transaction


async def test_concurrent_units_each_commit_whole(db):
    async def unit(n: int) -> None:
        async with transaction(db):
            await db.execute("INSERT INTO kv (key, value) VALUES (?, '1')", (f"k{n}",))
            await asyncio.sleep(0)  # let the other units ask for the connection meanwhile
            await db.execute("INSERT INTO kv (key, value) VALUES (?, '2')", (f"audit{n}",))
            if n % 5 == 0:
                raise ValueError(n)

    results = await asyncio.gather(*(unit(n) for n in range(40)), return_exceptions=True)
    failed = {n for n, r in enumerate(results) if isinstance(r, ValueError)}
    assert failed == set(range(0, 40, 5))
    expected = {f"k{n}": "1" for n in range(40) if n not in failed}
    expected |= {f"audit{n}": "2" for n in range(40) if n not in failed}
    assert await kv(db) == expected


async def test_an_error_in_one_unit_never_affects_another_units_rows(db):
    # the failing unit holds the connection while the other waits; the other's rows are stored whole
    asked = asyncio.Event()

    async def failing() -> None:
        async with transaction(db):
            await db.execute("INSERT INTO kv (key, value) VALUES ('failing', '1')")
            await asked.wait()
            raise RuntimeError("refused")

    async def other() -> None:
        asked.set()
        async with transaction(db):
            await db.execute("INSERT INTO kv (key, value) VALUES ('other', '1')")
            await db.execute("INSERT INTO kv (key, value) VALUES ('other2', '1')")

    results = await asyncio.gather(failing(), other(), return_exceptions=True)
    assert isinstance(results[0], RuntimeError) and results[1] is None
    assert await kv(db) == {"other": "1", "other2": "1"}
    assert not db.in_transaction


async def test_a_connection_of_its_own_never_sees_an_open_units_rows(db, tmp_path):
    # what roll-ups rely on: their own connections read committed data only
    reader = await connect(tmp_path / "test.sqlite3")
    try:
        async with transaction(db):
            await db.execute("INSERT INTO kv (key, value) VALUES ('committed', '1')")
        async with transaction(db):
            await db.execute("INSERT INTO kv (key, value) VALUES ('open', '1')")
            seen = await reader.execute_fetchall("SELECT key FROM kv ORDER BY key")
            assert [r[0] for r in seen] == ["committed"]
        seen = await reader.execute_fetchall("SELECT key FROM kv ORDER BY key")
        assert [r[0] for r in seen] == ["committed", "open"]
    finally:
        await reader.close()
