"""The FastAPI application: API under ``/api``, dashboard at ``/``, OpenAPI at ``/openapi.json``.

>>> app = create_app(Settings.from_env())     # what ``crossflight serve`` runs

On start-up the store is opened (migrated; runs of dead processes marked failed), jobs a dead
server left running are recovered (requeued, or failed after their attempts), and the workers
start.  CORS is off unless ``CROSSFLIGHT_CORS_ORIGINS`` names origins.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi_offline import FastAPIOffline

from crossflight import __version__
from crossflight.errors import CrossflightError, JobLimitError, VerificationError
from crossflight.store import JobQueue, Store
from crossflight.web.runner import JobRunner
from crossflight.web.security import BodyLimit
from crossflight.web.settings import Settings

__all__ = ["create_app"]


def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {
            "loc": [x if isinstance(x, int) else str(x) for x in e.get("loc", ())],
            "msg": str(e.get("msg", "")),
            "type": str(e.get("type", "")),
        }
        for e in exc.errors()
    ]
    first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
    where = ".".join(str(x) for x in first["loc"])
    detail = f"{where}: {first['msg']}" if where else str(first["msg"])
    detail += " (fix: see the request schema at /docs or /openapi.json)"
    return JSONResponse({"detail": detail, "errors": errors}, status_code=422)


def _crossflight_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, CrossflightError)
    code = (
        429
        if isinstance(exc, JobLimitError)
        else 500
        if isinstance(exc, VerificationError)
        else 422
    )
    return JSONResponse({"detail": exc.one_line()}, status_code=code)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The service for ``settings`` (default: from the environment)."""
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = Store.open(settings.db_url)
        queue = JobQueue(store, max_active=settings.max_active_jobs)
        queue.recover(stale_after_s=settings.stale_job_s)
        runner = JobRunner(queue, settings.workers)
        app.state.store, app.state.queue, app.state.runner = store, queue, runner
        runner.start()
        try:
            yield
        finally:
            runner.stop()
            store.close()

    # the API docs pages (/docs, /redoc) served with their scripts from the package, no CDN
    app = FastAPIOffline(
        title="crossflight",
        version=__version__,
        description="Plan, check and simulate crewed space-station operations. Read-only "
        "endpoints are open; endpoints that start work or write need the bearer token "
        "(CROSSFLIGHT_TOKEN).",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(CrossflightError, _crossflight_error)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)

    from crossflight.web import api_routes, dashboard

    app.include_router(api_routes.router)
    app.include_router(dashboard.router)
    return app
