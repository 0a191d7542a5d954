"""CLI command ``experiments``: an increment's experiment schedule, verified and explained."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from crossflight.cli.app import app

if TYPE_CHECKING:  # the scheduler (OR-Tools) is imported only when the command runs
    from crossflight.experiments.scheduler import SolverProgress
    from crossflight.model.schedule import Schedule

__all__ = ["experiments"]


def _render(schedule: Schedule, name: str, written: list[str]) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False)
    verdict = (
        "[green]proven optimal[/]"
        if schedule.optimal
        else f"[yellow]gap {100 * schedule.gap:.2f} % to the bound[/]"
    )
    done = schedule.scheduled_experiments()
    console.print(
        f"[bold]{name}[/]: {len(done)} experiments fully scheduled, {len(schedule.sessions)} "
        f"sessions; objective {schedule.objective:g}, bound {schedule.bound:g} ({verdict}; "
        f"accepted by the verifier) in {schedule.wall_s:.1f} s"
    )
    if schedule.unscheduled:
        t = Table(box=box.SIMPLE_HEAD, header_style="bold", title="not fully scheduled")
        for col in ("experiment", "sessions", "constraint", "reason"):
            t.add_column(col, overflow="fold")
        for u in schedule.unscheduled:
            t.add_row(u.experiment, f"{u.sessions_done}/{u.sessions}", u.constraint, u.reason)
        console.print(t)
    use = schedule.utilisation()
    for kind, title in (("crew", "crew member"), ("equipment", "equipment item")):
        t = Table(box=box.SIMPLE_HEAD, header_style="bold", title=f"utilisation per {title}")
        for col in (title, "science h", "available h", "used"):
            t.add_column(col, justify="left" if col == title else "right")
        for key, d in sorted(use[kind].items()):
            t.add_row(
                key, f"{d['hours']:.1f}", f"{d['available_h']:.1f}", f"{100 * d['fraction']:.1f} %"
            )
        console.print(t)
    for line in written:
        console.print(line)


@app.command("experiments")
def experiments(
    increment: Path = typer.Argument(..., help="Increment TOML (format: docs/experiments.md)."),
    json_out: bool = typer.Option(False, "--json", help="Print the schedule as JSON on stdout."),
    csv_out: Path | None = typer.Option(None, "--csv", help="Write the sessions as CSV."),
    ics_out: Path | None = typer.Option(None, "--ics", help="Write the sessions as iCalendar."),
    plot: Path | None = typer.Option(
        None, "--plot", help="Write a Gantt chart per crew member (.html or .png)."
    ),
    time_limit: float = typer.Option(
        30.0, "--time-limit", min=1.0, help="Total wall time in seconds."
    ),
    seed: int = typer.Option(0, "--seed", help="Random seed of the solver."),
    workers: int = typer.Option(2, "--workers", min=1, help="Solver threads."),
) -> None:
    """Schedule an increment's experiments: crew time, qualifications, equipment and cargo.

    The schedule maximises completed sessions weighted by priority, reports the solver's
    bound and gap, and says for every experiment left out which constraint blocks it.  It is
    re-proven by an independent verifier before anything is written (exit 3 if that fails:
    a bug); bad input exits 2 with one line naming the file, field and fix.

    Example:

      crossflight experiments examples/ms27-increment/increment.toml --plot gantt.html
    """
    from rich.console import Console
    from rich.live import Live
    from rich.spinner import Spinner

    from crossflight.experiments.scheduler import ScheduleOptions, schedule_increment
    from crossflight.io.increment import load_increment
    from crossflight.io.schedule import write_schedule_csv, write_schedule_ics
    from crossflight.plots.schedule_chart import write_schedule_plot

    setup = load_increment(increment)
    name = setup.increment.name or increment.stem
    err = Console(stderr=True, highlight=False)
    spinner = Spinner("dots", text="building the CP-SAT model")

    def on_progress(p: SolverProgress) -> None:
        spinner.update(text=f"solving: best {p.objective:g}, bound {p.bound:g} ({p.wall_s:.1f} s)")

    opts = ScheduleOptions(
        time_limit_s=time_limit, seed=seed, workers=workers, progress=on_progress
    )
    with Live(spinner, console=err, transient=True, refresh_per_second=8):
        schedule = schedule_increment(setup, opts)
    written = []
    if csv_out is not None:
        write_schedule_csv(schedule, csv_out)
        written.append(f"sessions written to {csv_out}")
    if ics_out is not None:
        write_schedule_ics(schedule, ics_out, name=name)
        written.append(f"calendar written to {ics_out}")
    if plot is not None:
        write_schedule_plot(schedule, plot, name=name)
        written.append(f"Gantt chart written to {plot}")
    if json_out:
        payload = {"increment": str(increment), "name": name, **schedule.to_dict()}
        print(json.dumps(payload, indent=2))
        return
    _render(schedule, name, written)
