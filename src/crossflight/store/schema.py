"""The store's tables, in one place: ``runs`` (every recorded run) and ``jobs`` (the job queue).

Every change to these classes ships with an Alembic migration in ``store/migrations/versions``;
a test compares the migrated database with this metadata, so the two cannot drift apart.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = ["JOB_STATUSES", "RUN_STATUSES", "Base", "Job", "Run", "UtcDateTime"]

RUN_STATUSES = ("running", "succeeded", "failed")
JOB_STATUSES = ("queued", "running", "succeeded", "failed")


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out on every backend (SQLite stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("the store holds timezone-aware UTC datetimes only")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base of the store's tables."""

    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, datetime: UtcDateTime}


class Run(Base):
    """One recorded run: what was asked, what came out, with which versions, how long it took.

    ``status`` is ``running`` while the work is under way and becomes ``succeeded`` or ``failed``
    in one transaction together with the outputs; a run whose process died is marked
    ``failed`` by the next process that opens the store (see :mod:`crossflight.store.runs`).
    """

    __tablename__ = "runs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(String(200), default="")
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON)
    outputs: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    artefacts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    versions: Mapped[dict[str, Any]] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    owner: Mapped[str] = mapped_column(String(200))
    started_utc: Mapped[datetime] = mapped_column(UtcDateTime)
    finished_utc: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    duration_s: Mapped[float | None] = mapped_column(Float, nullable=True)

    __table_args__ = (
        Index("ix_runs_started_utc", "started_utc"),
        Index("ix_runs_kind_status", "kind", "status"),
    )


class Job(Base):
    """One queued piece of work for the service's workers (``queued -> running -> done``).

    ``worker`` names the process holding a running job (``host:pid:thread``) and ``heartbeat_utc``
    when it last said it was alive, so a restarted server can tell jobs orphaned by a dead
    process from jobs another live server is working on.
    """

    __tablename__ = "jobs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    run_id: Mapped[str | None] = mapped_column(
        String(32), ForeignKey("runs.id", ondelete="SET NULL"), nullable=True
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    worker: Mapped[str | None] = mapped_column(String(200), nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_utc: Mapped[datetime] = mapped_column(UtcDateTime)
    started_utc: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    heartbeat_utc: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    finished_utc: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)

    __table_args__ = (Index("ix_jobs_status_created", "status", "created_utc"),)
