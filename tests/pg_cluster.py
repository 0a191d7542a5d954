"""A throw-away PostgreSQL server for the store tests (Debian's ``postgresql`` binaries).

``CROSSFLIGHT_TEST_PG_URL`` (a ``postgresql+psycopg://`` URL of a server where the user may
create databases) is used when set; otherwise a cluster is made with ``initdb`` in a temporary
directory and started with ``pg_ctl`` on a free loopback port (as the ``postgres`` user when
the tests run as root, since PostgreSQL refuses to run as root).  With ``CI=true`` a missing
PostgreSQL fails the run instead of skipping.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

__all__ = ["PgServer", "pg_server_or_skip"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if found:
        return Path(found[0]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class PgServer:
    """A PostgreSQL server the tests may create databases on."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url  # a SQLAlchemy URL of an existing database

    def new_database(self) -> str:
        """A fresh empty database; returns its SQLAlchemy URL."""
        name = f"crossflight_test_{uuid.uuid4().hex[:12]}"
        url = make_url(self.admin_url)
        conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return url.set(database=name).render_as_string(hide_password=False)


def _as_postgres(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    runuser = shutil.which("runuser")
    if runuser:
        return [runuser, "-u", "postgres", "--", *cmd]
    return ["su", "postgres", "-c", " ".join(cmd)]


@contextmanager
def _cluster(bindir: Path) -> Iterator[PgServer]:
    root = Path(tempfile.mkdtemp(prefix="crossflight-pg-"))
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(sock, "postgres")
    port = _free_port()
    run = {"check": True, "capture_output": True, "text": True, "timeout": 120}
    try:
        subprocess.run(
            _as_postgres(
                [
                    str(bindir / "initdb"),
                    "-D",
                    str(data),
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "--no-sync",
                    "-E",
                    "UTF8",
                ]
            ),
            **run,
        )
        opts = (
            f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60"
        )
        subprocess.run(
            _as_postgres(
                [
                    str(bindir / "pg_ctl"),
                    "-D",
                    str(data),
                    "-o",
                    opts,
                    "-w",
                    "-l",
                    str(root / "log"),
                    "start",
                ]
            ),
            **run,
        )
        yield PgServer(f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres")
    finally:
        subprocess.run(
            _as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def pg_server_or_skip() -> Iterator[PgServer]:
    """The server of ``CROSSFLIGHT_TEST_PG_URL``, or a temporary cluster, or skip (fail in CI)."""
    env = os.environ.get("CROSSFLIGHT_TEST_PG_URL")
    if env:
        yield PgServer(env)
        return
    bindir = _bindir()
    if bindir is None:
        msg = (
            "PostgreSQL not installed (apt-get install postgresql, or set CROSSFLIGHT_TEST_PG_URL)"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(msg)
        pytest.skip(msg)
    with _cluster(bindir) as server:
        yield server
