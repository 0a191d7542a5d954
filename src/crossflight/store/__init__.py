"""The run store: every run recorded in SQLite (default) or PostgreSQL, plus the job queue.

Schema in :mod:`~crossflight.store.schema`, Alembic migrations in ``store/migrations`` (applied
when a store opens), runs in :mod:`~crossflight.store.runs`, jobs in
:mod:`~crossflight.store.queue`.  Nothing here imports the web service or the CLI.
"""

from __future__ import annotations

from crossflight.store.diff import Difference, diff_runs
from crossflight.store.engine import DB_ENV, default_url, resolve_url
from crossflight.store.queue import JobQueue, Recovery
from crossflight.store.records import JobRecord, RunRecord
from crossflight.store.runs import RunHandle, Store

__all__ = [
    "DB_ENV",
    "Difference",
    "JobQueue",
    "JobRecord",
    "Recovery",
    "RunHandle",
    "RunRecord",
    "Store",
    "default_url",
    "diff_runs",
    "resolve_url",
]
