"""The JSON API under ``/api``: synchronous check and windows, background jobs, stored runs.

Every handler is a few lines over a registered job kind (:mod:`crossflight.web.kinds`) or the
store.  Endpoints that start work or write depend on ``security.require_token``.
"""

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool

from crossflight import __version__
from crossflight.errors import CrossflightError, UnknownIdError
from crossflight.store import JobQueue, Store, diff_runs
from crossflight.store.runs import now_utc
from crossflight.web.kinds import KINDS, JobKind, Outcome
from crossflight.web.models import (
    CheckOut,
    CheckRequest,
    DiffOut,
    ErrorOut,
    HealthOut,
    JobOut,
    RunOut,
    RunsOut,
    RunSummaryOut,
    ValidationErrorOut,
    WindowsOut,
    WindowsRequest,
)
from crossflight.web.security import require_token

__all__ = ["router"]

RunId = Annotated[str, Path(pattern=r"^[0-9a-f]{4,32}$", description="run id or unique prefix")]
JobId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$")]
_E400: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "body that cannot be decoded (not UTF-8 JSON)"}
}
_E401: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "missing or wrong bearer token"}
}
_E404: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "no such run or job"}
}
_E413: dict[int | str, dict[str, Any]] = {
    413: {"model": ErrorOut, "description": "request body too large"}
}
_E422: dict[int | str, dict[str, Any]] = {
    422: {"model": ValidationErrorOut, "description": "invalid request, one line + fields"}
}
_E429: dict[int | str, dict[str, Any]] = {
    429: {"model": ErrorOut, "description": "too many queued or running jobs"}
}
_READ: dict[int | str, dict[str, Any]] = {**_E404, **_E422}
_WRITE: dict[int | str, dict[str, Any]] = {**_E400, **_E401, **_E413, **_E422}

router = APIRouter(prefix="/api")


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _queue(request: Request) -> JobQueue:
    queue: JobQueue = request.app.state.queue
    return queue


async def _run_now(request: Request, kind: JobKind, body: Any) -> tuple[str, Outcome]:
    """Run ``kind`` now (work in a thread, a known answer inline) and record the finished run
    (or its error); answers once the run is committed."""
    store, started, inputs = _store(request), now_utc(), body.model_dump(mode="json")
    outcome = kind.cached(body) if kind.cached is not None else None
    if outcome is None:
        try:
            outcome = await run_in_threadpool(kind.run, body)
        except CrossflightError as exc:
            _, failed = store.submit_run(
                kind.name, inputs, outputs=None, error=exc.one_line(), started_utc=started
            )
            await asyncio.wrap_future(failed)
            raise
    outputs = (
        {**outcome.outputs, "warnings": outcome.warnings} if outcome.warnings else outcome.outputs
    )
    run_id, done = store.submit_run(
        kind.name, inputs, outputs=outputs, error=None, started_utc=started, label=outcome.label
    )
    await asyncio.wrap_future(done)
    return run_id, outcome


@router.get("/health", response_model=HealthOut, tags=["service"])
def health(request: Request) -> HealthOut:
    """Version, store backend, whether writes are enabled, registered job kinds."""
    return HealthOut(
        version=__version__,
        store=_store(request).engine.dialect.name,
        writes_enabled=request.app.state.settings.token is not None,
        job_kinds=sorted(KINDS),
        active_jobs=_queue(request).active(),
        workers=request.app.state.settings.workers,
    )


@router.post(
    "/check",
    response_model=CheckOut,
    responses=_WRITE,
    tags=["work"],
    dependencies=[Depends(require_token)],
)
async def check(request: Request, body: CheckRequest) -> CheckOut:
    """Check a manifest (built-in id or TOML text) against rules R1-R7, recorded as a run."""
    run_id, outcome = await _run_now(request, KINDS["check"], body)
    return CheckOut(run_id=run_id, ok=bool(outcome.outputs["ok"]), report=outcome.outputs)


@router.post(
    "/windows",
    response_model=WindowsOut,
    responses=_WRITE,
    tags=["work"],
    dependencies=[Depends(require_token)],
)
async def windows(request: Request, body: WindowsRequest) -> WindowsOut:
    """Launch opportunities from a site over up to 31 days, recorded as a run."""
    run_id, outcome = await _run_now(request, KINDS["windows"], body)
    return WindowsOut(run_id=run_id, warnings=outcome.warnings, **outcome.outputs)


def _job_route(kind: JobKind) -> None:
    def start(request: Request, response: Response, body: Any) -> JobOut:
        job = _queue(request).enqueue(kind.name, body.model_dump(mode="json"))
        request.app.state.runner.notify()
        response.headers["Location"] = f"/api/jobs/{job.id}"
        return JobOut(**job.to_dict())

    start.__annotations__["body"] = kind.request
    start.__doc__ = f"{kind.title}, as a background job (poll GET /api/jobs/{{id}})."
    router.add_api_route(
        f"/jobs/{kind.name}",
        start,
        methods=["POST"],
        response_model=JobOut,
        status_code=202,
        responses={**_WRITE, **_E429},
        dependencies=[Depends(require_token)],
        tags=["jobs"],
        name=f"start_{kind.name}_job",
        summary=f"Start a {kind.name} job",
    )


for _kind in KINDS.values():
    _job_route(_kind)


@router.get("/jobs", response_model=list[JobOut], responses=_E422, tags=["jobs"])
def list_jobs(
    request: Request,
    status: Annotated[str | None, Query(pattern="^(queued|running|succeeded|failed)$")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[JobOut]:
    """Jobs, newest first."""
    return [JobOut(**j.to_dict()) for j in _queue(request).list(status=status, limit=limit)]


@router.get("/jobs/{job_id}", response_model=JobOut, responses=_READ, tags=["jobs"])
def get_job(request: Request, job_id: JobId) -> JobOut:
    """One job: poll until ``status`` is ``succeeded`` or ``failed``; then see its run."""
    try:
        return JobOut(**_queue(request).get(job_id).to_dict())
    except UnknownIdError as exc:
        raise HTTPException(404, exc.one_line()) from None


@router.get("/runs", response_model=RunsOut, responses=_E422, tags=["runs"])
def list_runs(
    request: Request,
    kind: Annotated[str | None, Query(pattern=r"^[a-z0-9-]{1,32}$")] = None,
    status: Annotated[str | None, Query(pattern="^(running|succeeded|failed)$")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
) -> RunsOut:
    """Recorded runs, newest first (without inputs and outputs: see GET /api/runs/{id})."""
    store = _store(request)
    runs = store.list_runs(kind=kind, status=status, limit=limit, offset=offset)
    return RunsOut(
        total=store.count_runs(kind=kind, status=status),
        runs=[RunSummaryOut(**r.to_dict()) for r in runs],
    )


@router.get("/runs/{run_id}", response_model=RunOut, responses=_READ, tags=["runs"])
def get_run(request: Request, run_id: RunId) -> RunOut:
    """One run with its inputs, outputs, versions and timings."""
    try:
        return RunOut(**_store(request).get_run(run_id).to_dict())
    except UnknownIdError as exc:
        raise HTTPException(404, exc.one_line()) from None


@router.get("/runs/{a}/diff/{b}", response_model=DiffOut, responses=_READ, tags=["runs"])
def diff(request: Request, a: RunId, b: RunId) -> DiffOut:
    """Every differing field of two runs (inputs, outputs, versions, status)."""
    try:
        ra, rb = _store(request).get_run(a), _store(request).get_run(b)
    except UnknownIdError as exc:
        raise HTTPException(404, exc.one_line()) from None
    return DiffOut(a=ra.id, b=rb.id, differences=[d.to_dict() for d in diff_runs(ra, rb)])


@router.delete(
    "/runs/{run_id}",
    response_model=RunSummaryOut,
    responses={**_READ, **_E401},
    dependencies=[Depends(require_token)],
    tags=["runs"],
)
def delete_run(request: Request, run_id: RunId) -> RunSummaryOut:
    """Delete one run; answers the run as it was."""
    try:
        run = _store(request).get_run(run_id)
        _store(request).delete_run(run.id)
    except UnknownIdError as exc:
        raise HTTPException(404, exc.one_line()) from None
    return RunSummaryOut(**run.to_dict())
