"""CLI command ``plan-crew``: a crew-rotation plan from a request, proven by the rules checker."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from crossflight.cli.app import app
from crossflight.errors import InfeasibleRequestError, InputError
from crossflight.io.files import check_output_path
from crossflight.times import format_utc

if TYPE_CHECKING:  # the planner (OR-Tools) is imported only when plan-crew runs
    from crossflight.planning.solver import Progress
    from crossflight.planning.summary import PlanSummary

__all__ = ["plan_crew"]


def _render(
    summary: PlanSummary, out: Path, flights: list[tuple[str, ...]], others: dict[str, Path]
) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False)
    verdict = "[green]proven optimal[/]" if summary.optimal else "[yellow]best found[/]"
    console.print(f"[bold]plan written to {out}[/] ({verdict}; accepted by the rules checker)")
    for sid, path in others.items():
        console.print(f"[bold]plan for {sid} written to {path}[/] (accepted by the rules checker)")
    t = Table(box=box.SIMPLE_HEAD, header_style="bold", title="flights")
    for col in ("flight", "vehicle", "port", "launch (UTC)", "undock (UTC)", "days"):
        t.add_column(col, no_wrap=True)  # ids are never wrapped mid-word
    t.add_column("crew", overflow="fold")
    for row in flights:
        t.add_row(*row)
    console.print(t)
    y = Table(box=box.SIMPLE_HEAD, header_style="bold", title="flights per vehicle and year")
    years = sorted({yr for d in summary.flights_per_vehicle_year.values() for yr in d})
    y.add_column("vehicle", no_wrap=True)
    for yr in years:
        y.add_column(str(yr), justify="right")
    for v, d in sorted(summary.flights_per_vehicle_year.items()):
        y.add_row(v, *(str(d.get(yr, 0)) for yr in years))
    console.print(y)
    sw = Table(box=box.SIMPLE_HEAD, header_style="bold", title="seat swaps (flights carrying)")
    if summary.seat_swaps:
        for k in summary.seat_swaps[0]:
            sw.add_column(k)
        for r in summary.seat_swaps:
            sw.add_row(*(str(v) for v in r.values()))
        console.print(sw)
    st = Table(box=box.SIMPLE_HEAD, header_style="bold", title="objective (lexicographic)")
    for col in ("stage", "sense", "value", "bound", "gap", "status"):
        st.add_column(col)
    for s in summary.stages:
        st.add_row(
            s["stage"],
            s["sense"],
            f"{s['value']:g}",
            f"{s['bound']:g}",
            f"{100 * s['relative_gap']:.2f} %",
            s["status"],
        )
    console.print(st)
    ms = summary.model
    if ms:
        console.print(
            f"model: {ms['candidates']:.0f} candidate flights, {ms['variables']:.0f} variables, "
            f"{ms['constraints']:.0f} constraints; solved in {ms['wall_s']:.1f} s"
        )
    by = ", ".join(f"{a} {d:.0f}" for a, d in sorted(summary.crew_days_by_agency.items()))
    console.print(f"crew-days aboard in the horizon: {summary.crew_days:.0f} ({by})")
    for g in summary.gaps:
        console.print(
            f"gap: {g.kind} {g.subject} {format_utc(g.start_utc)} .. {format_utc(g.end_utc)} "
            f"({g.days:.1f} d)"
        )
    for w in summary.warnings:
        console.print(f"[yellow]checker warning[/]: {w}")


@app.command("plan-crew")
def plan_crew(
    request: Path = typer.Argument(..., help="Planning request TOML (format: docs/planning.md)."),
    out: Path = typer.Option(..., "--out", help="Where to write the plan (a manifest TOML)."),
    json_out: bool = typer.Option(False, "--json", help="Print the summary as JSON on stdout."),
    time_limit: float = typer.Option(
        30.0, "--time-limit", help="Total solver wall time in seconds (> 0)."
    ),
    seed: int = typer.Option(0, "--seed", help="Random seed of the solver."),
    workers: int = typer.Option(2, "--workers", min=1, help="Solver threads."),
    deterministic: bool = typer.Option(
        False,
        "--deterministic",
        help="Reproducible runs: interleaved search with a deterministic time limit.",
    ),
) -> None:
    """A crew-rotation plan that satisfies the station rules, or which rules make it impossible.

    The plan is re-verified by the independent rules checker before it is written; exit 1 with
    the conflicting requirement groups when the request cannot be met, 2 for bad input.

    Examples:

      crossflight plan-crew examples/plan-iss-2026-2030.toml --out out/plan.toml --time-limit 60

      crossflight plan-crew examples/plan-rs-ends-2028-ros.toml --out out/ros.toml --json
    """
    from rich.console import Console
    from rich.live import Live
    from rich.spinner import Spinner

    if not (math.isfinite(time_limit) and time_limit > 0):
        raise InputError(
            f"must be a positive number of seconds, got {time_limit:g}",
            field="--time-limit",
            fix="give e.g. --time-limit 60",
        )
    from crossflight.io.request import load_request
    from crossflight.planning.plan import make_plan, write_plan
    from crossflight.planning.solver import SolveOptions
    from crossflight.planning.summary import summarize

    check_output_path(out, field="--out")
    req = load_request(request)
    for st in req.stations[1:]:  # the other stations' plans go beside it (Plan.paths)
        check_output_path(
            out.with_name(f"{out.stem}.{st.id}{out.suffix or '.toml'}"), field="--out"
        )
    err = Console(stderr=True, highlight=False)
    spinner = Spinner("dots", text="building the CP-SAT model")

    def on_progress(p: Progress) -> None:
        spinner.update(
            text=f"solving [bold]{p.stage}[/]: best {p.objective:g}, bound {p.bound:g} "
            f"({p.wall_s:.1f} s)"
        )

    opts = SolveOptions(
        time_limit_s=time_limit,
        seed=seed,
        workers=workers,
        deterministic=deterministic,
        progress=on_progress,
    )
    try:
        with Live(spinner, console=err, transient=True, refresh_per_second=8):
            plan = make_plan(req, opts, source=str(request))
    except InfeasibleRequestError as exc:
        if json_out:
            print(
                json.dumps({"ok": False, "request": str(request), "explanation": exc.explanation})
            )
        else:
            print(f"crossflight: infeasible: {exc.one_line()}", file=sys.stderr)
            for line in exc.explanation:
                print(f"  - {line}", file=sys.stderr)
        raise typer.Exit(exc.exit_code) from None
    write_plan(plan, out)
    summary = summarize(plan)
    if json_out:
        payload = {
            "ok": True,
            "request": str(request),
            "plan": str(out),
            "plans": {sid: str(path) for sid, path in plan.paths(out).items()},
            "flights": [
                {
                    "id": f.id,
                    "vehicle": f.vehicle,
                    "port": f.port,
                    "launch_utc": format_utc(f.launch_utc),
                    "dock_utc": format_utc(f.dock_utc),
                    "undock_utc": format_utc(f.undock_utc) if f.undock_utc else None,
                    "landing_utc": format_utc(f.landing_utc) if f.landing_utc else None,
                    "crew": list(f.crew_up),
                    "planned": f.planned,
                }
                for f in plan.manifest.flights
            ],
            "summary": summary.to_dict(),
        }
        print(json.dumps(payload, indent=2))
        return
    rows: list[tuple[str, ...]] = []
    for f in plan.manifest.flights:
        days = f"{(f.undock_utc - f.dock_utc).total_seconds() / 86400:.0f}" if f.undock_utc else ""
        rows.append(
            (
                f.id,
                f.vehicle,
                f.port,
                f.launch_utc.strftime("%Y-%m-%d %H:%M"),
                f.undock_utc.strftime("%Y-%m-%d %H:%M") if f.undock_utc else "",
                days,
                " ".join(f.crew_up),
            )
        )
    others = {sid: p for sid, p in plan.paths(out).items() if p != out}
    _render(summary, out, rows, others)
