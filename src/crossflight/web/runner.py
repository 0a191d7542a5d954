"""Background workers: threads that take jobs from the store's queue and run their kind.

Each worker claims the oldest queued job (the claim records its run as ``running``), runs the
kind's function and completes or fails the job and its run in one transaction.  A heartbeat
thread tells the store every few seconds that the running jobs' process is alive.  When the
server starts, jobs a dead server left running are recovered first (requeued or failed).
"""

from __future__ import annotations

import logging
import threading

from pydantic import ValidationError

from crossflight.errors import CrossflightError
from crossflight.store import JobQueue, JobRecord
from crossflight.store.runs import this_owner
from crossflight.web.kinds import KINDS

__all__ = ["JobRunner"]

log = logging.getLogger("crossflight.web")
_HEARTBEAT_S = 5.0
_IDLE_POLL_S = 1.0


class JobRunner:
    """``workers`` threads running jobs from ``queue`` until :meth:`stop`."""

    def __init__(self, queue: JobQueue, workers: int) -> None:
        self.queue = queue
        self.workers = workers
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._threads: list[threading.Thread] = []
        self._running: dict[str, str] = {}  # job id -> worker
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start the worker and heartbeat threads (no-op with 0 workers)."""
        if self.workers == 0:
            return
        for i in range(self.workers):
            t = threading.Thread(target=self._work, name=f"crossflight-worker-{i}", daemon=True)
            t.start()
            self._threads.append(t)
        hb = threading.Thread(target=self._beat, name="crossflight-heartbeat", daemon=True)
        hb.start()
        self._threads.append(hb)

    def notify(self) -> None:
        """A job was queued: wake an idle worker now instead of at its next poll."""
        self._wake.set()

    def stop(self, timeout_s: float = 5.0) -> None:
        """Ask the threads to stop; a job still running is recovered by the next server."""
        self._stop.set()
        self._wake.set()
        for t in self._threads:
            t.join(timeout_s)

    def _work(self) -> None:
        worker = this_owner()
        while not self._stop.is_set():
            try:
                job = self.queue.claim(worker)
            except Exception:  # the store is unreachable: retry after a pause
                log.exception("cannot claim a job")
                job = None
            if job is None:
                self._wake.wait(_IDLE_POLL_S)
                self._wake.clear()
                continue
            with self._lock:
                self._running[job.id] = worker
            try:
                self._run(job)
            finally:
                with self._lock:
                    self._running.pop(job.id, None)

    def _run(self, job: JobRecord) -> None:
        kind = KINDS.get(job.kind)
        if kind is None:
            self.queue.fail(job.id, f"unknown job kind {job.kind!r} (this server: {sorted(KINDS)})")
            return
        try:
            outcome = kind.run(kind.request.model_validate(job.payload))
        except (CrossflightError, ValidationError) as exc:
            msg = exc.one_line() if isinstance(exc, CrossflightError) else _pydantic_line(exc)
            self.queue.fail(job.id, msg)
            return
        except Exception as exc:  # a bug: record it, keep the worker alive
            log.exception("job %s (%s) crashed", job.id, job.kind)
            self.queue.fail(job.id, f"internal error: {type(exc).__name__}: {exc}")
            return
        outputs = dict(outcome.outputs)
        if outcome.warnings:
            outputs["warnings"] = outcome.warnings
        self.queue.complete(job.id, outputs, outcome.artefacts, label=outcome.label)

    def _beat(self) -> None:
        while not self._stop.wait(_HEARTBEAT_S):
            with self._lock:
                running = list(self._running.items())
            for job_id, worker in running:
                try:
                    self.queue.heartbeat(job_id, worker)
                except Exception:
                    log.exception("heartbeat failed")


def _pydantic_line(exc: ValidationError) -> str:
    e = exc.errors()[0]
    loc = ".".join(str(x) for x in e["loc"])
    return f"{loc}: {e['msg']}" if loc else str(e["msg"])
