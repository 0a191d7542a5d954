"""CLI commands ``runs list/show/diff/delete`` (the run store) and ``serve`` (the service).

crossflight runs list --kind check --limit 20
crossflight runs show 3f2a --json
crossflight runs diff 3f2a 9b1c
crossflight runs delete 3f2a
CROSSFLIGHT_TOKEN=... crossflight serve --host 127.0.0.1 --port 8000
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

import typer
from rich import box
from rich.console import Console
from rich.table import Table

from crossflight.cli.app import app

if TYPE_CHECKING:  # the store (SQLAlchemy) and the service load only when a command runs
    from crossflight.store import Store

__all__ = ["runs_app", "serve"]

runs_app = typer.Typer(
    name="runs", help="Recorded runs: list, show, compare, delete.", no_args_is_help=True
)
app.add_typer(runs_app, name="runs")

_DB_HELP = (
    "Store URL (SQLAlchemy), e.g. sqlite:///runs.db or postgresql+psycopg://u@h/db; "
    "default $CROSSFLIGHT_DB or runs.db in the user data directory."
)


def _open(db: str | None) -> Store:
    from crossflight.store import Store

    return Store.open(db)


def _print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")


@runs_app.command("list")
def list_runs(
    db: str | None = typer.Option(None, "--db", help=_DB_HELP),
    kind: str | None = typer.Option(None, "--kind", help="Only runs of this kind, e.g. check."),
    status: str | None = typer.Option(None, "--status", help="running, succeeded or failed."),
    limit: int = typer.Option(50, "--limit", min=1, help="At most this many (newest first)."),
    json_out: bool = typer.Option(False, "--json", help="Print a JSON list on stdout."),
) -> None:
    """List recorded runs, newest first."""
    store = _open(db)
    runs = store.list_runs(kind=kind, status=status, limit=limit)
    if json_out:
        keep = (
            "id",
            "kind",
            "status",
            "label",
            "started_utc",
            "finished_utc",
            "duration_s",
            "error",
        )
        _print_json([{k: r.to_dict()[k] for k in keep} for r in runs])
        return
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", title=f"runs in {store.url}")
    for col in ("run", "kind", "status", "label", "started (UTC)", "duration"):
        table.add_column(col, overflow="fold")
    colours = {"succeeded": "green", "failed": "red", "running": "yellow"}
    for r in runs:
        table.add_row(
            r.id[:8],
            r.kind,
            f"[{colours.get(r.status, 'white')}]{r.status}[/]",
            r.label,
            f"{r.started_utc:%Y-%m-%d %H:%M:%S}",
            "" if r.duration_s is None else f"{r.duration_s:.2f} s",
        )
    Console(highlight=False).print(table)
    total = store.count_runs(kind=kind, status=status)
    Console(highlight=False).print(f"{len(runs)} of {total} run(s); ids may be shortened")


@runs_app.command("show")
def show(
    run_id: str = typer.Argument(..., help="Run id or a unique prefix (4+ characters)."),
    db: str | None = typer.Option(None, "--db", help=_DB_HELP),
    json_out: bool = typer.Option(False, "--json", help="Print the whole run as JSON."),
) -> None:
    """Show one run: inputs, outputs, versions, timings, status."""
    run = _open(db).get_run(run_id)
    if json_out:
        _print_json(run.to_dict())
        return
    c = Console(highlight=False)
    c.print(f"[bold]{run.label or run.kind}[/] run {run.id} [{run.status}]")
    c.print(
        f"kind {run.kind}; started {run.started_utc:%Y-%m-%d %H:%M:%S} UTC"
        + ("" if run.duration_s is None else f"; took {run.duration_s:.3f} s")
    )
    c.print("versions: " + ", ".join(f"{k} {v}" for k, v in run.versions.items()))
    if run.error:
        c.print(f"[red]error:[/] {run.error}")
    c.print("[bold]inputs[/]")
    c.print_json(json.dumps(run.inputs))
    if run.outputs is not None:
        c.print("[bold]outputs[/]")
        c.print_json(json.dumps(run.outputs))


@runs_app.command("diff")
def diff(
    a: str = typer.Argument(..., help="First run id (or prefix)."),
    b: str = typer.Argument(..., help="Second run id (or prefix)."),
    db: str | None = typer.Option(None, "--db", help=_DB_HELP),
    json_out: bool = typer.Option(False, "--json", help="Print the differences as JSON."),
) -> None:
    """Every field that differs between two runs (inputs, outputs, versions, status).

    Exit code 0 when the runs agree on everything compared, 1 when they differ.
    """
    from crossflight.store import diff_runs

    store = _open(db)
    ra, rb = store.get_run(a), store.get_run(b)
    diffs = diff_runs(ra, rb)
    if json_out:
        _print_json({"a": ra.id, "b": rb.id, "differences": [d.to_dict() for d in diffs]})
    else:
        table = Table(
            box=box.SIMPLE_HEAD,
            header_style="bold",
            title=f"{ra.id[:8]} ({ra.kind}) vs {rb.id[:8]} ({rb.kind})",
        )
        for col in ("field", ra.id[:8], rb.id[:8]):
            table.add_column(col, overflow="fold")
        for d in diffs:
            table.add_row(d.path, json.dumps(d.a), json.dumps(d.b))
        Console(highlight=False).print(table)
        Console(highlight=False).print(f"{len(diffs)} difference(s)")
    if diffs:
        raise typer.Exit(1)


@runs_app.command("delete")
def delete(
    run_id: str = typer.Argument(..., help="Run id or a unique prefix (4+ characters)."),
    db: str | None = typer.Option(None, "--db", help=_DB_HELP),
) -> None:
    """Delete one run from the store."""
    full = _open(db).delete_run(run_id)
    print(f"deleted run {full}")


@app.command("serve")
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port."),
    db: str | None = typer.Option(None, "--db", help=_DB_HELP),
    workers: int | None = typer.Option(
        None, "--workers", min=0, help="Background job threads (default $CROSSFLIGHT_WORKERS or 2)."
    ),
) -> None:
    """Serve the API (/api, OpenAPI at /docs) and the dashboard (/).

    Writes and job starts need CROSSFLIGHT_TOKEN (bearer token); settings come from the
    environment (see docs/service.md).

    Example:

      CROSSFLIGHT_TOKEN=$(python -c "import secrets; print(secrets.token_urlsafe(32))") \\
        crossflight serve --port 8000
    """
    import uvicorn

    from crossflight.store import Store
    from crossflight.web import Settings, create_app

    settings = Settings.from_env(db_url=db, workers=workers)
    Store.open(settings.db_url).close()  # a bad URL fails here, as one line, before binding
    err = Console(stderr=True, highlight=False)
    if settings.token is None:
        err.print("[yellow]warning:[/] CROSSFLIGHT_TOKEN is not set: the service is read-only")
    err.print(f"crossflight service on http://{host}:{port}/ (API docs at /docs)")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
