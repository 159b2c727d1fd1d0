"""Shared fixtures: a fresh migrated database per test, a frozen clock, the deployment zone; Hypothesis's size."""

from __future__ import annotations

import asyncio
import fcntl
import logging
import os
import shutil
import sys
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import aiosqlite
import asyncpg
import pytest
from hypothesis import HealthCheck, settings

from bot.__main__ import main
from bot.logs import QUIET, SECRETS
from storage.db import open_db
from tests.helpers import DEPLOYMENT_VARS, VN
from tests.pg_cluster import INSTALL_HINT, Cluster, bin_dir, running_cluster, save_template
from tests.rollup_world import build_world

# Property tests at CI's size, the same examples every run (derandomized: a run fails or passes for the code,
# not for the draw); HYPOTHESIS_PROFILE=thorough tries ten times as many, freshly drawn each run, to find new
# failures. No deadline: on a shared machine one example's time says nothing about the code.
settings.register_profile(
    "ci", max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("thorough", settings.get_profile("ci"), max_examples=1000, derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database migrated once per test run; `db` copies it (a copy costs a tenth of migrating)."""
    path = tmp_path_factory.mktemp("template") / "migrated.sqlite3"

    async def migrate() -> None:
        await (await open_db(path)).close()

    with asyncio.Runner() as runner:
        runner.run(migrate())
    return path


BACKENDS = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests marked both_backends run once per backend (their `db` and `database_url` follow `backend`)."""
    if "backend" in metafunc.fixturenames and metafunc.definition.get_closest_marker("both_backends"):
        metafunc.parametrize("backend", BACKENDS, indirect=True)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "both_backends: run the test on SQLite and on PostgreSQL")


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """"sqlite", or "postgresql" for the PostgreSQL half of a both_backends test (every test's `db` with
    NHACVIEC_TEST_BACKEND=postgresql)."""
    return getattr(request, "param", os.environ.get("NHACVIEC_TEST_BACKEND", "sqlite"))


@dataclass(frozen=True)
class PgTest:
    """The session's cluster, its migrated test database, and `empty()`, which empties that database."""

    cluster: Cluster
    url: str
    script: str  # the statements that empty the database
    loop: asyncio.AbstractEventLoop  # runs, on a thread of its own, the one connection `empty` uses
    conn: asyncpg.Connection

    def empty(self) -> None:
        """Delete every row and restart every sequence (the schema and its migrations stay)."""
        asyncio.run_coroutine_threadsafe(self.conn.execute(self.script), self.loop).result()


PG_TEST_DATABASE = "nhacviec_test"


class ClusterStart:
    """This session's PostgreSQL cluster (running_cluster on pg_template), started on a thread of its own."""

    def __init__(self, tmp_path_factory: pytest.TempPathFactory) -> None:
        self._factory = tmp_path_factory
        self._pool = ThreadPoolExecutor(1)
        self._stack = ExitStack()  # the running cluster, stopped by close()
        self._started: Future[Cluster] | None = None

    def begin(self) -> None:
        """Start the cluster unless started already; returns at once."""
        if self._started is None:
            # the run's temporary folder made here first: TempPathFactory is not thread-safe, and the thread
            # making it while a test makes its tmp_path failed with FileExistsError
            self._factory.getbasetemp()
            self._started = self._pool.submit(
                lambda: self._stack.enter_context(running_cluster(pg_template(self._factory)))
            )

    def cluster(self) -> Cluster:
        """The running cluster, once started (the start's error, if it failed)."""
        self.begin()
        assert self._started is not None
        return self._started.result()

    def close(self) -> None:
        self._pool.shutdown()  # a start under way ends first
        self._stack.close()


def _on_postgresql(item: pytest.Item) -> bool:
    callspec = getattr(item, "callspec", None)
    return ("pg_test" in getattr(item, "fixturenames", ())
            or (callspec is not None and callspec.params.get("backend") == "postgresql")
            or os.environ.get("NHACVIEC_TEST_BACKEND") == "postgresql")


@pytest.fixture(scope="session", autouse=True)
def pg_cluster(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ClusterStart]:
    """The session's (xdist worker's) PostgreSQL cluster, started in the background as the session begins when any
    of its tests runs on PostgreSQL: initdb or the template's copy and the server's start (2-5 s, most of it
    waiting) then overlap the first tests instead of holding up the first PostgreSQL one."""
    start = ClusterStart(tmp_path_factory)
    if bin_dir() is not None and any(_on_postgresql(item) for item in request.session.items):
        start.begin()
    try:
        yield start
    finally:
        start.close()


@pytest.fixture(scope="session")
def pg_test(pg_cluster: ClusterStart) -> Iterator[PgTest]:
    """One throw-away PostgreSQL cluster per test session (per xdist worker) with a migrated database."""
    if bin_dir() is None:
        pytest.skip(INSTALL_HINT)
    cluster = pg_cluster.cluster()
    url = cluster.url(PG_TEST_DATABASE)

    async def prepare() -> tuple[asyncpg.Connection, str]:
        conn = await asyncpg.connect(url)
        tables = await conn.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_version'"
        )
        sequences = await conn.fetch("SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'")
        # deleting a few rows with triggers and foreign keys off is 20x quicker than CREATE DATABASE … TEMPLATE
        # or TRUNCATE (each makes new files); so is setval than ALTER SEQUENCE … RESTART (a new file per
        # sequence: half the server's time per test)
        return conn, "".join(
            ["SET session_replication_role = replica;"]
            + [f"DELETE FROM {t[0]};" for t in tables]
            + ["RESET session_replication_role;"]
            + ["SELECT " + ", ".join(f"setval('{q[0]}', 1, false)" for q in sequences) + ";"]
        )

    # one connection kept for the session, on a loop and thread of its own (each test runs on its own loop):
    # a new connection per test cost 40 ms of waiting and the server 15 ms of processor time
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="pg_test", daemon=True)
    thread.start()
    conn, script = asyncio.run_coroutine_threadsafe(prepare(), loop).result()
    try:
        yield PgTest(cluster, url, script, loop, conn)
    finally:
        asyncio.run_coroutine_threadsafe(conn.close(), loop).result()
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.close()


def pg_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A stopped cluster's data directory holding PG_TEST_DATABASE migrated, made once per test run by the first
    xdist worker that asks (the others wait on a lock) and copied by each worker's cluster: initdb and the
    migrations cost a worker 1 s of processor time and 2-3 s of waiting, the copy a tenth of that."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # the run's folder, every worker's
    template = shared / "pg-template"
    with open(shared / "pg-template.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not template.exists():
            with running_cluster() as cluster:

                async def create() -> None:
                    admin = await asyncpg.connect(cluster.url("postgres"))
                    try:
                        await admin.execute(f"CREATE DATABASE {PG_TEST_DATABASE}")
                    finally:
                        await admin.close()
                    await (await open_db(cluster.url(PG_TEST_DATABASE))).close()

                with ThreadPoolExecutor(1) as pool:  # as in pg_test: maybe called on a running event loop
                    pool.submit(asyncio.run, create()).result()
                save_template(cluster, template)
    return template


@pytest.fixture
async def database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path, migrated: Path) -> str:
    """A fresh migrated database: a SQLite file, or the session's PostgreSQL database emptied."""
    if backend == "sqlite":
        path = tmp_path / "test.sqlite3"
        shutil.copyfile(migrated, path)
        return str(path)
    pg: PgTest = request.getfixturevalue("pg_test")
    pg.empty()
    return pg.url


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[aiosqlite.Connection]:
    """A fresh migrated database, opened as the application opens it."""
    conn = await open_db(database_url)
    try:
        yield conn
    finally:
        await conn.close()


@pytest.fixture
async def world(db: aiosqlite.Connection) -> dict[str, int]:
    """The rollup scenario (tests/rollup_world.py) in `db`: names to ids."""
    return await build_world(db)


@pytest.fixture
def now() -> datetime:
    """A frozen moment: Monday 10 March 2025, 09:00 in Hà Nội / TP.HCM time."""
    return datetime(2025, 3, 10, 9, 0, tzinfo=VN).astimezone(UTC)


@pytest.fixture
def tz() -> ZoneInfo:
    return VN


@dataclass(frozen=True)
class Result:
    """What one command left: its exit status and its output."""

    returncode: int
    stdout: str
    stderr: str


Nhacviec = Callable[..., Result]


@pytest.fixture
def nhacviec(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> Iterator[Nhacviec]:
    """`nhacviec ARGS…` in this process, from an empty directory, with only the deployment variables given."""
    for name in os.environ:
        if name.startswith(DEPLOYMENT_VARS):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # no ./.env; relative paths land here
    # main() sets up logging for a whole process: what it changes is put back for the tests that follow
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    monkeypatch.setattr(SECRETS, "secrets", set(SECRETS.secrets))
    levels = {name: logging.getLogger(name).level for name in QUIET}

    def run(*args: str, env: dict[str, str] | None = None) -> Result:
        with monkeypatch.context() as scoped:
            for name, value in (env or {}).items():
                scoped.setenv(name, value)
            capsys.readouterr()
            code = main(list(args))
            out, err = capsys.readouterr()
        return Result(code, out, err)

    yield run
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)
