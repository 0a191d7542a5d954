"""The run store: record runs in transactions, list, show, compare and delete them.

>>> store = Store.open("sqlite:///runs.db")
>>> with store.record("check", {"builtin": "iss-2022-2025"}) as run:
...     run.outputs = {"ok": True}

A run is written as ``running`` when it starts and becomes ``succeeded`` (with its outputs) or
``failed`` (with the error) in one transaction when it ends, so a reader never sees half a
result.  A run whose process died is marked ``failed`` by the next process opening the store.
"""

from __future__ import annotations

import os
import socket
import sys
import threading
import uuid
from collections.abc import Iterator, Sequence
from concurrent.futures import Future
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from importlib import metadata
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from crossflight.errors import UnknownIdError
from crossflight.store.engine import create_store_engine, migrate, resolve_url
from crossflight.store.records import RunRecord
from crossflight.store.schema import Job, Run
from crossflight.store.writer import GroupCommit

__all__ = [
    "INTERRUPTED",
    "RunHandle",
    "Store",
    "now_utc",
    "process_alive",
    "this_owner",
    "versions",
]

_VERSIONED = ("crossflight", "numpy", "scipy", "sgp4", "skyfield", "ortools", "pydantic")
_MIN_PREFIX = 4
INTERRUPTED = "interrupted: the process running it stopped before it finished"


def now_utc() -> datetime:
    """The current time, aware UTC."""
    return datetime.now(UTC)


def this_owner() -> str:
    """``host:pid:thread`` of the caller (who holds a running run or job)."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def process_alive(owner: str) -> bool:
    """Whether the process named in ``owner`` may still be running.

    Only a process on this host can be proven dead; one on another host counts as alive
    (its jobs are reclaimed by heartbeat age instead).
    """
    host, _, rest = owner.partition(":")
    pid_text = rest.split(":", 1)[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return True
    pid = int(pid_text)
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@lru_cache(maxsize=1)
def _versions() -> tuple[tuple[str, str], ...]:
    out = [("python", sys.version.split()[0])]
    for name in _VERSIONED:
        try:
            out.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            continue
    return tuple(out)


def versions() -> dict[str, str]:
    """Versions of Python and of the packages that decide a run's results (read once)."""
    return dict(_versions())


@dataclass
class RunHandle:
    """What :meth:`Store.record` yields: set ``outputs`` (and ``artefacts``) before it exits."""

    id: str
    outputs: dict[str, Any] | None = None
    artefacts: dict[str, Any] = field(default_factory=dict)


class Store:
    """A run store on one database (SQLite file, PostgreSQL server, any SQLAlchemy URL)."""

    def __init__(self, engine: Engine, read_engine: Engine | None = None) -> None:
        self.engine = engine
        self.read_engine = read_engine or engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)
        self._read_sessions = sessionmaker(self.read_engine, expire_on_commit=False)
        # SQLite has one writer at a time and its busy handler waits by sleeping; threads of
        # this process queue on a lock instead (other processes still wait on busy_timeout)
        self._write_lock: AbstractContextManager[Any] = (
            threading.Lock() if engine.dialect.name == "sqlite" else nullcontext()
        )
        self._finished = GroupCommit(self._insert_runs)

    @classmethod
    def open(cls, url: str | None = None) -> Store:
        """Open (creating and migrating as needed) the store at ``url`` (see ``resolve_url``)."""
        resolved = resolve_url(url)
        engine = create_store_engine(resolved)
        migrate(engine)
        reader = (
            create_store_engine(resolved, writer=False) if engine.dialect.name == "sqlite" else None
        )
        store = cls(engine, reader)
        store.fail_orphaned_runs()
        return store

    @property
    def url(self) -> str:
        """The database URL, password hidden."""
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        """Commit what is queued and release the connection pools."""
        self._finished.close()
        self.engine.dispose()
        self.read_engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def session(self) -> Session:
        """A new ORM session (use ``with s.begin():`` around every write)."""
        return self.sessions()

    def _insert_runs(self, rows: Sequence[dict[str, Any]]) -> None:
        with self.writing() as s:  # a Core insert of many rows in one transaction
            s.execute(insert(Run), list(rows))

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A session in a write transaction: committed at the end, rolled back on error."""
        with self._write_lock, self.sessions() as s, s.begin():
            yield s

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads only."""
        with self._read_sessions() as s:
            yield s

    # -- writing ------------------------------------------------------------------------------
    def start_run(self, kind: str, inputs: dict[str, Any], *, label: str = "") -> str:
        """Record a run as ``running``; returns its id."""
        run_id = uuid.uuid4().hex
        with self.writing() as s:
            s.add(_new_run(run_id, kind, inputs, label))
        return run_id

    def finish_run(
        self, run_id: str, outputs: dict[str, Any], artefacts: dict[str, Any] | None = None
    ) -> None:
        """Mark a run ``succeeded`` with its outputs (one transaction)."""
        with self.writing() as s:
            _finish(s, run_id, "succeeded", outputs=outputs, artefacts=artefacts)

    def fail_run(self, run_id: str, error: str) -> None:
        """Mark a run ``failed`` with the one-line error (one transaction)."""
        with self.writing() as s:
            _finish(s, run_id, "failed", error=error)

    def save_run(
        self,
        kind: str,
        inputs: dict[str, Any],
        *,
        outputs: dict[str, Any] | None,
        error: str | None,
        started_utc: datetime,
        label: str = "",
    ) -> str:
        """Record a run that already ended (succeeded without ``error``); its id once committed."""
        run_id, done = self.submit_run(
            kind, inputs, outputs=outputs, error=error, started_utc=started_utc, label=label
        )
        done.result(timeout=60.0)
        return run_id

    def submit_run(
        self,
        kind: str,
        inputs: dict[str, Any],
        *,
        outputs: dict[str, Any] | None,
        error: str | None,
        started_utc: datetime,
        label: str = "",
    ) -> tuple[str, Future[None]]:
        """Like :meth:`save_run` without waiting: the future completes once it is committed."""
        run_id, end = uuid.uuid4().hex, now_utc()
        row = {
            "id": run_id, "kind": kind, "status": "failed" if error else "succeeded",
            "label": label[:200], "inputs": inputs, "outputs": outputs, "artefacts": {},
            "versions": versions(), "error": error, "owner": this_owner(),
            "started_utc": started_utc, "finished_utc": end,
            "duration_s": max(0.0, (end - started_utc).total_seconds()),
        }  # fmt: skip
        # committed by the writer thread together with whatever else is queued meanwhile
        return run_id, self._finished.submit(row)

    @contextmanager
    def record(self, kind: str, inputs: dict[str, Any], *, label: str = "") -> Iterator[RunHandle]:
        """Record the run of the ``with`` body: failed with the error if the body raises."""
        handle = RunHandle(self.start_run(kind, inputs, label=label))
        try:
            yield handle
        except BaseException as exc:
            self.fail_run(handle.id, _one_line(exc))
            raise
        self.finish_run(handle.id, handle.outputs or {}, handle.artefacts)

    def delete_run(self, run_id: str) -> str:
        """Delete a run (any unique id prefix); returns the full id."""
        with self.writing() as s:
            full = _resolve(s, run_id)
            s.execute(update(Job).where(Job.run_id == full).values(run_id=None))
            s.execute(delete(Run).where(Run.id == full))
        return full

    def fail_orphaned_runs(self) -> int:
        """Mark ``running`` runs whose process is gone as ``failed``; returns how many."""
        with self.writing() as s:
            rows = s.scalars(select(Run).where(Run.status == "running")).all()
            dead = [r for r in rows if not process_alive(r.owner)]
            for r in dead:
                _close(r, "failed", None, None, INTERRUPTED)
        return len(dead)

    # -- reading ------------------------------------------------------------------------------
    def get_run(self, run_id: str) -> RunRecord:
        """One run by id or unique id prefix (at least 4 characters)."""
        with self.reading() as s:
            row = s.get(Run, _resolve(s, run_id))
            assert row is not None
            return RunRecord.of(row)

    def list_runs(
        self,
        *,
        kind: str | None = None,
        status: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[RunRecord]:
        """Runs, newest first."""
        q = select(Run).order_by(Run.started_utc.desc(), Run.id)
        if kind:
            q = q.where(Run.kind == kind)
        if status:
            q = q.where(Run.status == status)
        with self.reading() as s:
            return [RunRecord.of(r) for r in s.scalars(q.limit(limit).offset(offset))]

    def count_runs(self, *, kind: str | None = None, status: str | None = None) -> int:
        """How many runs match."""
        q = select(func.count()).select_from(Run)
        if kind:
            q = q.where(Run.kind == kind)
        if status:
            q = q.where(Run.status == status)
        with self.reading() as s:
            return int(s.scalar(q) or 0)


def _one_line(exc: BaseException) -> str:
    text = getattr(exc, "one_line", None)
    if callable(text):
        return str(text())
    msg = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {msg}" if msg else type(exc).__name__


def _new_run(
    run_id: str,
    kind: str,
    inputs: dict[str, Any],
    label: str,
    *,
    started_utc: datetime | None = None,
) -> Run:
    return Run(
        id=run_id,
        kind=kind,
        status="running",
        label=label[:200],
        inputs=inputs,
        outputs=None,
        artefacts={},
        versions=versions(),
        error=None,
        owner=this_owner(),
        started_utc=started_utc or now_utc(),
        finished_utc=None,
        duration_s=None,
    )


def _close(
    row: Run,
    status: str,
    outputs: dict[str, Any] | None,
    artefacts: dict[str, Any] | None,
    error: str | None,
) -> None:
    end = now_utc()
    row.status = status
    row.outputs = outputs
    row.artefacts = artefacts or {}
    row.error = error
    row.finished_utc = end
    row.duration_s = max(0.0, (end - row.started_utc).total_seconds())


def _finish(
    s: Session,
    run_id: str,
    status: str,
    *,
    outputs: dict[str, Any] | None = None,
    artefacts: dict[str, Any] | None = None,
    error: str | None = None,
) -> None:
    row = s.get(Run, run_id)
    if row is None:
        raise UnknownIdError(f"no run {run_id}", field="run", fix="crossflight runs list")
    _close(row, status, outputs, artefacts, error)


def _resolve(s: Session, run_id: str) -> str:
    """The full id of the run ``run_id`` names (exact or unique prefix)."""
    if s.get(Run, run_id) is not None:
        return run_id
    if len(run_id) >= _MIN_PREFIX and run_id.isalnum():
        ids = s.scalars(select(Run.id).where(Run.id.startswith(run_id)).limit(2)).all()
        if len(ids) == 1:
            return ids[0]
        if len(ids) > 1:
            raise UnknownIdError(
                f"run id prefix {run_id!r} is ambiguous",
                field="run",
                fix="give more characters of the id (crossflight runs list)",
            )
    raise UnknownIdError(f"no run {run_id!r}", field="run", fix="see crossflight runs list")
