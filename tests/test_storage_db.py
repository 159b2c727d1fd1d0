from storage.db import LATEST_VERSION, migrate, open_db, transaction


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
