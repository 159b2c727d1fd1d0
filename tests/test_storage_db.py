import asyncio
import sqlite3

import pytest

from storage.db import LATEST_VERSION, fetch_many, migrate, open_db, transaction, write_soon


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


# ---- the fewer-trips connection: held statements, queued COMMIT -------------------------------------



async def kv(db) -> dict[str, str]:
    return {row[0]: row[1] for row in await db.execute_fetchall("SELECT key, value FROM kv")}


class Trips:
    """Counts calls that reach aiosqlite's database thread."""

    def __init__(self, db, monkeypatch) -> None:
        self.count = 0
        self.queue = db._tx  # the worker thread keeps reading this one
        monkeypatch.setattr(db, "_tx", self)

    def put_nowait(self, item) -> None:
        self.count += 1
        self.queue.put_nowait(item)


async def test_a_unit_rides_begin_and_held_writes_on_its_statements(db, monkeypatch):
    trips = Trips(db, monkeypatch)
    async with transaction(db):
        await write_soon(db, "INSERT INTO kv (key, value) VALUES ('held', '1')")
        (rows,) = await fetch_many(db, [("SELECT COUNT(*) FROM kv WHERE key = 'held'", ())])
        assert rows[0][0] == 1  # the held write ran before the read, in the same transaction
        await write_soon(db, "INSERT INTO kv (key, value) VALUES ('audit', '2')")
    assert trips.count == 2  # BEGIN + held write + read; held write + COMMIT
    assert await kv(db) == {"held": "1", "audit": "2"}
    assert not db.in_transaction


async def test_write_soon_outside_a_unit_writes_at_once(db):
    await write_soon(db, "INSERT INTO kv (key, value) VALUES ('now', '1')")
    assert await kv(db) == {"now": "1"}


async def test_a_failing_held_write_fails_the_unit_and_stores_nothing(db):
    await db.execute("INSERT INTO kv (key, value) VALUES ('a', 'old')")
    with pytest.raises(sqlite3.IntegrityError):
        async with transaction(db):
            await db.execute("UPDATE kv SET value = 'new' WHERE key = 'a'")
            await write_soon(db, "INSERT INTO kv (key, value) VALUES ('a', 'dup')")  # primary key taken
    assert await kv(db) == {"a": "old"}
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


async def test_a_failed_commit_rolls_back_before_the_next_unit_runs(db):
    # a deferred foreign key is checked at COMMIT, so this COMMIT fails after the lock is released
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
            await write_soon(db, "INSERT INTO kv (key, value) VALUES (?, '2')", (f"audit{n}",))
            if n % 5 == 0:
                raise ValueError(n)

    results = await asyncio.gather(*(unit(n) for n in range(40)), return_exceptions=True)
    failed = {n for n, r in enumerate(results) if isinstance(r, ValueError)}
    assert failed == set(range(0, 40, 5))
    expected = {f"k{n}": "1" for n in range(40) if n not in failed}
    expected |= {f"audit{n}": "2" for n in range(40) if n not in failed}
    assert await kv(db) == expected


async def test_held_statements_ride_only_with_their_own_units_statements(db):
    # another chat's read, made while a unit waits with held statements, must neither run them nor
    # answer for their failure: the unit fails whole, the read gets its rows
    await db.execute("INSERT INTO kv (key, value) VALUES ('a', 'old')")
    held, read_done = asyncio.Event(), asyncio.Event()

    async def unit() -> None:
        async with transaction(db):
            await write_soon(db, "INSERT INTO kv (key, value) VALUES ('b', 'new')")
            await write_soon(db, "INSERT INTO kv (key, value) VALUES ('a', 'dup')")  # primary key taken
            held.set()
            await read_done.wait()  # the unit yields (it awaits a send, say) with its writes held
            await db.execute("UPDATE kv SET value = 'changed' WHERE key = 'a'")

    async def other_chat() -> list:
        await held.wait()
        try:
            (rows,) = await fetch_many(db, [("SELECT key, value FROM kv ORDER BY key", ())])
            return [tuple(r) for r in rows]
        finally:
            read_done.set()

    unit_result, read = await asyncio.gather(unit(), other_chat(), return_exceptions=True)
    assert isinstance(unit_result, sqlite3.IntegrityError)
    assert read == [("a", "old")]  # committed rows only: the unit's held writes had not run
    assert await kv(db) == {"a": "old"}
    assert not db.in_transaction


async def test_a_write_outside_any_unit_is_not_held_into_another_units_transaction(db):
    # a unit that fails must not take with it a write made meanwhile by code outside any unit
    held, written = asyncio.Event(), asyncio.Event()

    async def unit() -> None:
        async with transaction(db):
            await write_soon(db, "INSERT INTO kv (key, value) VALUES ('unit', '1')")
            held.set()
            await written.wait()
            raise RuntimeError("refused")

    async def outside() -> None:
        await held.wait()
        written.set()  # the unit goes on (and fails) as soon as this coroutine gives way
        await write_soon(db, "INSERT INTO kv (key, value) VALUES ('outside', '1')")

    results = await asyncio.gather(unit(), outside(), return_exceptions=True)
    assert isinstance(results[0], RuntimeError) and results[1] is None
    assert await kv(db) == {"outside": "1"}
    assert not db.in_transaction


async def test_a_task_a_unit_started_is_outside_it_once_the_unit_ended(db):
    # a task inherits the unit's context; if it runs on after the unit committed, its writes are its own
    go = asyncio.Event()

    async def later() -> None:
        await go.wait()
        await write_soon(db, "INSERT INTO kv (key, value) VALUES ('later', '1')")

    async with transaction(db):
        await db.execute("INSERT INTO kv (key, value) VALUES ('unit', '1')")
        task = asyncio.ensure_future(later())
    go.set()
    await task
    assert await kv(db) == {"unit": "1", "later": "1"}
    assert db._held == [] and not db.in_transaction
