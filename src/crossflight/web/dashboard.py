"""The dashboard: server-rendered pages (Jinja2) over the same store and job kinds as the API.

``/`` lists runs, ``/runs/{id}`` shows a run with its chart, ``/login`` takes the token once,
``/new`` has the forms that start a check or a windows query, ``/jobs/{id}`` waits for a job.
Forms post with the session cookie (``SameSite=Strict``) and a matching ``Origin``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import plotly
from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, ValidationError

from crossflight import api
from crossflight.errors import UnknownIdError
from crossflight.store import JobQueue, Store
from crossflight.web.charts import figure_json
from crossflight.web.kinds import KINDS
from crossflight.web.models import CheckRequest, WindowsRequest
from crossflight.web.security import COOKIE, cookie_value, session_ok, token_ok

__all__ = ["router"]

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
router = APIRouter(include_in_schema=False)


def _page(request: Request, name: str, status_code: int = 200, **ctx: Any) -> HTMLResponse:
    ctx.setdefault("logged_in", session_ok(request))
    return templates.TemplateResponse(request, name, ctx, status_code=status_code)


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    return origin is None or origin == str(request.base_url).rstrip("/")


@router.get("/static/plotly.min.js")
def plotly_js() -> FileResponse:
    return FileResponse(
        PLOTLY_JS,
        media_type="application/javascript",
        headers={"Cache-Control": "public, max-age=86400"},
    )


@router.get("/static/style.css")
def style_css() -> FileResponse:
    return FileResponse(HERE / "static" / "style.css", media_type="text/css")


@router.get("/", response_class=HTMLResponse)
def runs_page(request: Request, kind: str | None = None) -> HTMLResponse:
    runs = _store(request).list_runs(kind=kind if kind in KINDS else None, limit=200)
    return _page(request, "runs.html", runs=runs, kinds=sorted(KINDS), kind=kind)


@router.get("/runs/{run_id}", response_class=HTMLResponse)
def run_page(request: Request, run_id: str) -> HTMLResponse:
    try:
        run = _store(request).get_run(run_id)
    except UnknownIdError as exc:
        return _page(request, "message.html", 404, title="no such run", message=exc.one_line())
    fig = figure_json(run.kind, run.outputs)
    return _page(
        request,
        "run.html",
        run=run,
        figure=fig.replace("</", "<\\/") if fig else None,
        inputs=json.dumps(run.inputs, indent=2)[:20000],
        outputs=json.dumps(run.outputs, indent=2)[:50000] if run.outputs else "",
    )


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> HTMLResponse:
    return _page(request, "login.html", error=None)


@router.post("/login", response_model=None)
def login(request: Request, token: Annotated[str, Form(max_length=500)] = "") -> Response:
    settings = request.app.state.settings
    if not _same_origin(request) or not token_ok(settings, token):
        why = (
            "this server has no token (CROSSFLIGHT_TOKEN)"
            if settings.token is None
            else ("wrong token")
        )
        return _page(request, "login.html", 401, error=why)
    response = RedirectResponse("/new", status_code=303)
    response.set_cookie(
        COOKIE, cookie_value(settings), httponly=True, samesite="strict", max_age=12 * 3600
    )
    return response


@router.post("/logout")
def logout() -> RedirectResponse:
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(COOKIE)
    return response


def _forms(
    request: Request,
    status_code: int = 200,
    error: str | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    if not session_ok(request):
        return RedirectResponse("/login", status_code=303)
    return _page(
        request,
        "new.html",
        status_code,
        error=error,
        values=values or {},
        builtins=api.builtin_manifest_ids(),
        sites=sorted(api.load_sites()),
    )


@router.get("/new", response_model=None)
def new_page(request: Request) -> Response:
    return _forms(request)


def _start(request: Request, kind: str, model: type[BaseModel], values: dict[str, Any]) -> Response:
    if not session_ok(request) or not _same_origin(request):
        return RedirectResponse("/login", status_code=303)
    data = {k: v for k, v in values.items() if v not in (None, "")}
    try:
        body = model.model_validate(data)
    except ValidationError as exc:
        e = exc.errors()[0]
        where = ".".join(str(x) for x in e["loc"]) or kind
        return _forms(request, 422, f"{where}: {e['msg']}", {k: str(v) for k, v in values.items()})
    queue: JobQueue = request.app.state.queue
    job = queue.enqueue(kind, body.model_dump(mode="json"))
    request.app.state.runner.notify()
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.post("/new/check", response_model=None)
def new_check(
    request: Request,
    builtin: Annotated[str, Form(max_length=64)] = "",
    manifest_toml: Annotated[str, Form(max_length=500_000)] = "",
) -> Response:
    values = {"builtin": builtin, "manifest_toml": manifest_toml}
    if manifest_toml.strip():
        values["builtin"] = ""
    return _start(request, "check", CheckRequest, values)


@router.post("/new/windows", response_model=None)
def new_windows(
    request: Request,
    elements: Annotated[str, Form(max_length=500_000)] = "",
    site: Annotated[str, Form(max_length=64)] = "",
    vehicle: Annotated[str, Form(max_length=64)] = "soyuz-ms",
    start: Annotated[str, Form(max_length=40)] = "",
    days: Annotated[str, Form(max_length=20)] = "1",
) -> Response:
    values = {"elements": elements, "site": site, "vehicle": vehicle, "start": start, "days": days}
    return _start(request, "windows", WindowsRequest, values)


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: str) -> HTMLResponse:
    queue: JobQueue = request.app.state.queue
    try:
        job = queue.get(job_id)
    except UnknownIdError as exc:
        return _page(request, "message.html", 404, title="no such job", message=exc.one_line())
    return _page(request, "job.html", job=job)
