"""The job queue in the store: enqueue, claim, heartbeat, complete, fail, recover.

A job's life: ``queued`` -> (claimed by a worker, which records its run as ``running``) ->
``succeeded`` / ``failed``, the job and its run changing in the same transaction.  A job left
``running`` by a process that died (proven dead on this host, or silent for longer than the
stale limit) is *recovered*: its run is marked failed (interrupted) and the job is queued again
for a fresh attempt, or failed once it has used its attempts.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select, text, update

from crossflight.errors import JobLimitError, UnknownIdError
from crossflight.store.records import JobRecord
from crossflight.store.runs import INTERRUPTED, Store, _close, _new_run, now_utc, process_alive
from crossflight.store.schema import Job, Run

__all__ = ["ACTIVE", "JobQueue", "Recovery"]

ACTIVE = ("queued", "running")
_PG_QUEUE_LOCK = 0x6A6F6273  # "jobs": serialises the limit check on PostgreSQL


@dataclass(frozen=True)
class Recovery:
    """What :meth:`JobQueue.recover` did."""

    requeued: list[str]
    failed: list[str]


class JobQueue:
    """Jobs of one store."""

    def __init__(self, store: Store, *, max_active: int = 8, max_attempts: int = 2) -> None:
        self.store = store
        self.max_active = max_active
        self.max_attempts = max_attempts

    def enqueue(self, kind: str, payload: dict[str, Any]) -> JobRecord:
        """Queue a job; :class:`JobLimitError` when ``max_active`` jobs are queued or running."""
        with self.store.writing() as s:
            if s.get_bind().dialect.name == "postgresql":
                s.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_QUEUE_LOCK})
            active = s.scalar(select(func.count()).select_from(Job).where(Job.status.in_(ACTIVE)))
            if int(active or 0) >= self.max_active:
                raise JobLimitError(
                    f"{active} jobs are queued or running, the limit is {self.max_active}",
                    field="jobs",
                    fix="wait for a job to finish and retry",
                )
            row = Job(
                id=uuid.uuid4().hex,
                kind=kind,
                status="queued",
                payload=payload,
                run_id=None,
                attempts=0,
                worker=None,
                error=None,
                created_utc=now_utc(),
            )
            s.add(row)
        return JobRecord.of(row)

    def claim(self, worker: str, *, label: str = "") -> JobRecord | None:
        """Take the oldest queued job and record its run as ``running``; None if none waits."""
        with self.store.writing() as s:
            candidates = s.scalars(
                select(Job.id).where(Job.status == "queued").order_by(Job.created_utc).limit(4)
            ).all()
            for job_id in candidates:
                t = now_utc()
                taken = s.execute(
                    update(Job)
                    .where(Job.id == job_id, Job.status == "queued")
                    .values(
                        status="running",
                        worker=worker,
                        started_utc=t,
                        heartbeat_utc=t,
                        attempts=Job.attempts + 1,
                    )
                    .execution_options(synchronize_session=False)
                )
                if taken.rowcount != 1:  # type: ignore[attr-defined]
                    continue  # another worker was faster
                row = s.get(Job, job_id, populate_existing=True)
                assert row is not None
                run = _new_run(uuid.uuid4().hex, row.kind, row.payload, label or row.kind)
                run.owner = worker
                s.add(run)
                s.flush()
                row.run_id = run.id
                return JobRecord.of(row)
        return None

    def heartbeat(self, job_id: str, worker: str) -> None:
        """Say the worker holding ``job_id`` is alive."""
        with self.store.writing() as s:
            s.execute(
                update(Job)
                .where(Job.id == job_id, Job.worker == worker, Job.status == "running")
                .values(heartbeat_utc=now_utc())
            )

    def complete(
        self, job_id: str, outputs: dict[str, Any], artefacts: dict[str, Any], *, label: str = ""
    ) -> None:
        """The job succeeded: its run gets the outputs, both change in one transaction."""
        self._end(job_id, "succeeded", outputs, artefacts, None, label)

    def fail(self, job_id: str, error: str) -> None:
        """The job failed with a one-line ``error`` (its run too, in one transaction)."""
        self._end(job_id, "failed", None, None, error, "")

    def _end(
        self,
        job_id: str,
        status: str,
        outputs: dict[str, Any] | None,
        artefacts: dict[str, Any] | None,
        error: str | None,
        label: str,
    ) -> None:
        with self.store.writing() as s:
            job = s.get(Job, job_id)
            if job is None or job.status != "running":
                return  # recovered by another process meanwhile: its verdict stands
            job.status = status
            job.error = error
            job.finished_utc = now_utc()
            run = s.get(Run, job.run_id) if job.run_id else None
            if run is not None:
                _close(run, status, outputs, artefacts, error)
                run.label = (label or run.label)[:200]

    def recover(self, *, stale_after_s: float = 120.0) -> Recovery:
        """Recover jobs whose worker died: requeue them (or fail them after ``max_attempts``)."""
        requeued: list[str] = []
        failed: list[str] = []
        limit = now_utc() - timedelta(seconds=stale_after_s)
        with self.store.writing() as s:
            for job in s.scalars(select(Job).where(Job.status == "running")).all():
                silent = job.heartbeat_utc is None or job.heartbeat_utc < limit
                if process_alive(job.worker or "") and not silent:
                    continue
                run = s.get(Run, job.run_id) if job.run_id else None
                if run is not None and run.status == "running":
                    _close(run, "failed", None, None, INTERRUPTED)
                if job.attempts < self.max_attempts:
                    job.status, job.worker, job.run_id = "queued", None, None
                    requeued.append(job.id)
                else:
                    job.status, job.error, job.finished_utc = "failed", INTERRUPTED, now_utc()
                    failed.append(job.id)
        return Recovery(requeued, failed)

    def get(self, job_id: str) -> JobRecord:
        """One job by id."""
        with self.store.reading() as s:
            row = s.get(Job, job_id)
            if row is None:
                raise UnknownIdError(f"no job {job_id!r}", field="job", fix="GET /api/jobs")
            return JobRecord.of(row)

    def list(self, *, status: str | None = None, limit: int = 50) -> list[JobRecord]:
        """Jobs, newest first."""
        q = select(Job).order_by(Job.created_utc.desc()).limit(limit)
        if status:
            q = q.where(Job.status == status)
        with self.store.reading() as s:
            return [JobRecord.of(r) for r in s.scalars(q)]

    def active(self) -> int:
        """How many jobs are queued or running."""
        with self.store.reading() as s:
            q = select(func.count()).select_from(Job).where(Job.status.in_(ACTIVE))
            return int(s.scalar(q) or 0)
