"""CLI commands ``run`` and ``demo``: the main job, one scenario in, a report directory out.

crossflight demo                       # the built-in ISS scenario -> ./crossflight-demo
crossflight run SCENARIO.toml --out DIR
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from crossflight.cli.app import app
from crossflight.errors import InfeasibleRequestError

if TYPE_CHECKING:
    from crossflight.io.scenario import LoadedScenario

__all__ = ["demo", "run"]

DEMO_OUT = Path("crossflight-demo")


def _main_job(scenario: LoadedScenario, out: Path, json_out: bool) -> None:
    from crossflight.report.artefacts import prepare_out_dir
    from crossflight.report.mainjob import run_main_job

    prepare_out_dir(out)  # refuse a foreign --out before any work or output
    err = Console(stderr=True, highlight=False)
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=False) as bar:
        tasks: dict[str, Any] = {}

        def on_stage(ev: Any) -> None:
            if ev.stage not in tasks:
                tasks[ev.stage] = bar.add_task(ev.title, total=1)
            elif ev.seconds is not None:
                bar.update(tasks[ev.stage], completed=1, description=f"{ev.title} [green]done")
            else:
                bar.update(tasks[ev.stage], description=f"{ev.title}: {ev.detail}")

        try:
            res, index = run_main_job(scenario, out, progress=on_stage)
        except InfeasibleRequestError as exc:
            bar.stop()
            print(f"crossflight: infeasible: {exc.one_line()}", file=sys.stderr)
            for line in exc.explanation:
                print(f"  - {line}", file=sys.stderr)
            raise typer.Exit(exc.exit_code) from None
    total = sum(res.timings_s.values())
    if json_out:
        summary = json.loads((index.parent / "summary.json").read_text(encoding="utf-8"))
        sys.stdout.write(json.dumps(summary, indent=2) + "\n")
        return
    console = Console(highlight=False)
    for sentence in json.loads((index.parent / "summary.json").read_text())["answers"]:
        console.print(f"- {sentence}")
    console.print(f"[bold]report written to {index}[/] ({total:.1f} s)")
    console.print(f"open it in a browser: file://{index.resolve()}")


@app.command("run")
def run(
    scenario: Path = typer.Argument(..., help="Scenario TOML (format: docs/scenario.md)."),
    out: Path = typer.Option(..., "--out", help="Report directory (created or replaced)."),
    json_out: bool = typer.Option(False, "--json", help="Print summary.json on stdout."),
) -> None:
    """The main job: check the history, plan crews, windows, rendezvous, report.

    Writes DIR/index.html (self-contained, opens offline) and the artefacts beside it.  Exit 0
    when the report was written (rule findings are content, not failure), 2 for bad input.

    Example:

      crossflight run examples/scenario-iss.toml --out report
    """
    from crossflight.io.scenario import load_scenario

    _main_job(load_scenario(scenario), out, json_out)


@app.command("demo")
def demo(
    out: Path = typer.Option(DEMO_OUT, "--out", help="Report directory (created or replaced)."),
    json_out: bool = typer.Option(False, "--json", help="Print summary.json on stdout."),
) -> None:
    """The main job on the built-in ISS scenario: offline, no arguments, about a minute.

    The real 2022-2025 history checked, crews planned to 2030, launch windows and the Soyuz
    MS-27 rendezvous from the real element sets of 2025-04-07; report in ./crossflight-demo.
    """
    from crossflight.io.scenario import load_builtin_scenario

    _main_job(load_builtin_scenario("iss"), out, json_out)
