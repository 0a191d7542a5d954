"""What the store hands out: plain, detached records of runs and jobs (no open session)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from crossflight.store.schema import Job, Run
from crossflight.times import format_utc

__all__ = ["JobRecord", "RunRecord"]


def _utc(t: datetime | None) -> str | None:
    return format_utc(t) if t is not None else None


@dataclass(frozen=True)
class RunRecord:
    """One recorded run, as stored."""

    id: str
    kind: str
    status: str
    label: str
    started_utc: datetime
    finished_utc: datetime | None
    duration_s: float | None
    owner: str
    versions: dict[str, Any]
    inputs: dict[str, Any] = field(default_factory=dict)
    outputs: dict[str, Any] | None = None
    artefacts: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    @classmethod
    def of(cls, row: Run) -> RunRecord:
        return cls(
            id=row.id,
            kind=row.kind,
            status=row.status,
            label=row.label,
            started_utc=row.started_utc,
            finished_utc=row.finished_utc,
            duration_s=row.duration_s,
            owner=row.owner,
            versions=dict(row.versions),
            inputs=dict(row.inputs),
            outputs=None if row.outputs is None else dict(row.outputs),
            artefacts=dict(row.artefacts or {}),
            error=row.error,
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (``crossflight runs show --json``, the API's run document)."""
        return {
            "id": self.id,
            "kind": self.kind,
            "status": self.status,
            "label": self.label,
            "started_utc": format_utc(self.started_utc),
            "finished_utc": _utc(self.finished_utc),
            "duration_s": self.duration_s,
            "owner": self.owner,
            "versions": self.versions,
            "inputs": self.inputs,
            "outputs": self.outputs,
            "artefacts": self.artefacts,
            "error": self.error,
        }


@dataclass(frozen=True)
class JobRecord:
    """One job of the queue, as stored."""

    id: str
    kind: str
    status: str
    payload: dict[str, Any]
    run_id: str | None
    attempts: int
    worker: str | None
    error: str | None
    created_utc: datetime
    started_utc: datetime | None
    finished_utc: datetime | None

    @classmethod
    def of(cls, row: Job) -> JobRecord:
        return cls(
            id=row.id,
            kind=row.kind,
            status=row.status,
            payload=dict(row.payload),
            run_id=row.run_id,
            attempts=row.attempts,
            worker=row.worker,
            error=row.error,
            created_utc=row.created_utc,
            started_utc=row.started_utc,
            finished_utc=row.finished_utc,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "status": self.status,
            "run_id": self.run_id,
            "attempts": self.attempts,
            "error": self.error,
            "created_utc": format_utc(self.created_utc),
            "started_utc": _utc(self.started_utc),
            "finished_utc": _utc(self.finished_utc),
        }
