"""A throw-away PostgreSQL cluster for tests and benches: initdb and pg_ctl on a free local port, removed after."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.reliability_tools import free_port

INSTALL_HINT = ("PostgreSQL half skipped: no PostgreSQL 15 binaries (install postgresql-15, e.g. apt-get install"
                " postgresql, or set NHACVIEC_PG_BIN; as root the postgres account runs them)")


def bin_dir() -> Path | None:
    """Where initdb and pg_ctl are: NHACVIEC_PG_BIN, `pg_config --bindir`, or the PATH; None if nowhere (or,
    as root, when there is no postgres account to run them as)."""
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return None
    candidates = [os.environ.get("NHACVIEC_PG_BIN", "")]
    pg_config = shutil.which("pg_config")
    if pg_config:
        found = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
        candidates.append(found.stdout.strip())
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(str(Path(initdb).parent))
    for candidate in candidates:
        if candidate and (Path(candidate) / "initdb").exists() and (Path(candidate) / "pg_ctl").exists():
            return Path(candidate)
    return None


@dataclass(frozen=True)
class Cluster:
    """A running cluster: its superuser connects without a password over TCP on 127.0.0.1."""

    port: int
    user: str
    data: Path

    def url(self, database: str) -> str:
        """The connection URL of one database on this cluster."""
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"


def _as_owner(command: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root: as root, run them as the postgres account
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


@contextmanager
def running_cluster(template: Path | None = None) -> Iterator[Cluster]:
    """Start a cluster in a temporary directory (C collation, UTF-8, no fsync) and remove it after; from a
    copy of `template` (a data directory `save_template` kept) instead of a new initdb when given."""
    binaries = bin_dir()
    if binaries is None:
        raise RuntimeError(INSTALL_HINT)
    home = Path(tempfile.mkdtemp(prefix="nhacviec-pg-"))
    data = home / "data"
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(home, owner.pw_uid, owner.pw_gid)
    user = "nhacviec"
    port = free_port()
    try:
        if template is None:
            subprocess.run(
                _as_owner([str(binaries / "initdb"), "-D", str(data), "-U", user, "--auth=trust",
                           "--encoding=UTF8", "--locale=C", "--no-sync"]),
                check=True, capture_output=True,
            )
        else:  # -a keeps the postgres account's ownership when run as root
            subprocess.run(["cp", "-a", str(template), str(data)], check=True, capture_output=True)
        options = (f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories='' -c fsync=off"
                   " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        subprocess.run(
            _as_owner([str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(home / "log"),
                       "-w", "-t", "60", "start"]),
            check=True, capture_output=True,
        )
        stop = _as_owner([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"])
        watchdog = _watchdog(stop, home)
        try:
            yield Cluster(port, user, data)
        finally:
            os.close(watchdog)
            subprocess.run(stop, check=False, capture_output=True)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def save_template(cluster: Cluster, target: Path) -> None:
    """Stop `cluster` cleanly and keep a copy of its data directory at `target`, for running_cluster(target)."""
    binaries = bin_dir()
    assert binaries is not None  # the cluster runs
    subprocess.run(_as_owner([str(binaries / "pg_ctl"), "-D", str(cluster.data), "-m", "fast", "-w", "stop"]),
                   check=True, capture_output=True)
    partial = target.with_name(target.name + ".partial")  # whole or absent: a worker killed mid-copy leaves no half
    shutil.rmtree(partial, ignore_errors=True)  # such a half
    subprocess.run(["cp", "-a", str(cluster.data), str(partial)], check=True, capture_output=True)
    partial.rename(target)


# waits for the end of the pipe it is given (its starter ended, however it ended), then stops the cluster
_WATCHDOG = """
import os, shutil, subprocess, sys
fd, home, stop = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
while os.read(fd, 1):
    pass
subprocess.run(stop, check=False, capture_output=True)
shutil.rmtree(home, ignore_errors=True)
"""


def _watchdog(stop: list[str], home: Path) -> int:
    """A process that stops the cluster and removes its directory when the returned pipe end is closed:
    by the caller when done, or by the system when the caller is killed (a SIGKILLed pytest worker or
    bench would otherwise leave its cluster running)."""
    read_end, write_end = os.pipe()
    subprocess.Popen(
        [sys.executable, "-c", _WATCHDOG, str(read_end), str(home), *stop],
        pass_fds=(read_end,), start_new_session=True,
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    os.close(read_end)
    return write_end
