"""Opening the store: resolve the URL, create the engine, apply the Alembic migrations.

The URL is, in order: the ``url`` argument (``--db``), ``CROSSFLIGHT_DB``, or an SQLite file
``runs.db`` in the user data directory (platformdirs).  Any SQLAlchemy URL works; SQLite and
PostgreSQL (``postgresql+psycopg://user@host:port/db``) are tested.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from crossflight.errors import StoreError

__all__ = [
    "DB_ENV",
    "create_store_engine",
    "default_url",
    "head_revision",
    "migrate",
    "resolve_url",
]

DB_ENV = "CROSSFLIGHT_DB"
# the newest migration in store/migrations/versions (a test checks it is Alembic's head); a store
# already there opens without importing Alembic at all
HEAD_REVISION = "0001"
_SQLITE_BUSY_TIMEOUT_S = 30.0
_PG_MIGRATION_LOCK = 0x63726F73  # "cros": one migrating process at a time on PostgreSQL


def default_url() -> str:
    """``sqlite:///<user data dir>/runs.db`` (the directory is created when the store opens)."""
    return f"sqlite:///{Path(user_data_dir('crossflight', appauthor=False)) / 'runs.db'}"


def resolve_url(url: str | None = None) -> str:
    """The store URL: ``url`` if given, else ``$CROSSFLIGHT_DB``, else :func:`default_url`."""
    return url or os.environ.get(DB_ENV) or default_url()


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN itself (see _sqlite_begin)
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={int(_SQLITE_BUSY_TIMEOUT_S * 1000)}")
    if cur.execute("PRAGMA journal_mode").fetchone()[0] != "memory":
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin_immediate(conn: Any) -> None:
    # take the write lock up front: a read-then-write transaction in WAL mode otherwise fails
    # with SQLITE_BUSY instead of waiting for the other writer
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def _sqlite_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN")


def create_store_engine(url: str, *, writer: bool = True) -> Engine:
    """An engine for ``url``; one clear error for a malformed URL or a missing driver.

    On SQLite a ``writer`` engine begins every transaction with ``BEGIN IMMEDIATE``; a reader
    engine with a plain ``BEGIN`` (WAL readers never wait for the writer).
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(
            f"not a database URL: {url!r}",
            field="--db / CROSSFLIGHT_DB",
            fix="e.g. sqlite:///runs.db or postgresql+psycopg://user@127.0.0.1:5432/crossflight",
        ) from None
    kw: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        kw["connect_args"] = {"timeout": _SQLITE_BUSY_TIMEOUT_S, "check_same_thread": False}
    else:
        kw["pool_pre_ping"] = True
    try:
        engine = create_engine(url, **kw)
    except (ArgumentError, NoSuchModuleError, ImportError) as exc:
        raise StoreError(
            f"cannot use database URL {parsed.render_as_string(hide_password=True)}: {exc}",
            field="--db / CROSSFLIGHT_DB",
            fix="use sqlite:///PATH or postgresql+psycopg://USER@HOST:PORT/DB",
        ) from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin_immediate if writer else _sqlite_begin)
    return engine


def _alembic_config() -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", "crossflight.store:migrations")
    return cfg


def head_revision() -> str:
    """The newest migration shipped with this version of crossflight (asks Alembic)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return str(head)


def _current_revision(conn: Any) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()  # type: ignore[no-any-return]


def migrate(engine: Engine) -> None:
    """Bring the database to the newest schema (idempotent; safe with concurrent openers)."""
    try:
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
            if _current_revision(conn) == HEAD_REVISION:
                return
            from alembic import command

            cfg = _alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except SQLAlchemyError as exc:
        url = engine.url.render_as_string(hide_password=True)
        why = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise StoreError(
            f"cannot open the run store {url}: {why}",
            field="--db / CROSSFLIGHT_DB",
            fix="check the URL, that the server is running and that the user may create tables",
        ) from None
