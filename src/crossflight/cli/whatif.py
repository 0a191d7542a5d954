"""CLI command ``whatif``: a Monte Carlo campaign of slips, anomalies, groundings and politics
over a plan, judged by the rules (docs/whatif.md)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from crossflight.cli.app import app

__all__ = ["whatif"]


def _render(summary: dict[str, object], out: Path | None) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    from crossflight.campaigns.judge import RULES

    console = Console(highlight=False)
    p = summary["p_violation"]
    assert isinstance(p, dict)
    t = Table(
        box=box.SIMPLE_HEAD,
        header_style="bold",
        title=f"{summary['plan']}: {summary['scenarios']} scenarios, seed {summary['seed']}, "
        f"policy {summary['policy']}",
    )
    for col in ("rule", "title", "P(violated)", "95% CI", "mean days"):
        t.add_column(col, justify="right" if col != "title" else "left")
    for r in RULES:
        lo, hi = p[r]["ci95"]
        t.add_row(
            r,
            p[r]["title"],
            f"{p[r]['p']:.4f}",
            f"{lo:.4f}-{hi:.4f}",
            f"{p[r]['violation_days'].get('mean', 0.0):.2f}",
        )
    console.print(t)
    ext = summary["crew_extension_days"]
    lost = summary["lost_crew_days"]
    boat = summary["no_fit_lifeboat_days"]
    assert isinstance(ext, dict) and isinstance(lost, dict) and isinstance(boat, dict)
    console.print(
        f"crew extension (person-days): p50 {ext['p50']:.1f}, p95 {ext['p95']:.1f}; lost crew-days"
        f" p50 {lost['p50']:.1f}; days without a fit lifeboat p50 {boat['p50']:.1f}, p95 "
        f"{boat['p95']:.1f}; P(anomaly) {summary['p_anomaly']:.3f}"
    )
    if out is not None:
        console.print(f"results written to {out}/ (scenarios.parquet, summary.json, campaign.html)")


@app.command("whatif")
def whatif(
    plan: Path = typer.Argument(
        ..., help="Plan: a manifest TOML (e.g. from plan-crew).", show_default=False
    ),
    scenarios: int = typer.Option(1000, "--scenarios", "-n", help="Number of scenarios."),
    seed: int = typer.Option(
        0, "--seed", help="Campaign seed (scenario i uses SeedSequence(seed, spawn_key=(i,)))."
    ),
    engine: str = typer.Option("local", "--engine", help="local (process pool) or ray."),
    address: str | None = typer.Option(
        None, "--address", help="Ray cluster address (default: start a local one)."
    ),
    workers: int | None = typer.Option(
        None, "--workers", "-w", help="Local worker processes (default: CPU count)."
    ),
    policy: str | None = typer.Option(
        None, "--policy", help="Response policy (default historical; docs/whatif.md)."
    ),
    out: Path | None = typer.Option(
        None, "--out", help="Directory for parquet, summary and charts."
    ),
    json_out: bool = typer.Option(False, "--json", help="Print the summary as JSON on stdout."),
) -> None:
    """Monte Carlo what-if campaign over PLAN: P(each rule violated) with 95% intervals.

    Example: crossflight whatif examples/manifest-iss-2026-2030.toml -n 10000 --seed 1
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from crossflight.campaigns.campaign import (
        DEFAULT_BATCH,
        check_campaign_args,
        load_campaign_plan,
        run_campaign,
    )
    from crossflight.model.campaigns import get_policy

    check_campaign_args(scenarios, engine, 1 if workers is None else workers, DEFAULT_BATCH)
    get_policy(policy)  # bad options: one line, before any work
    m = load_campaign_plan(plan)
    columns = [BarColumn(), MofNCompleteColumn(), TimeRemainingColumn()]
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("scenarios", total=scenarios)
        result = run_campaign(
            m,
            scenarios=scenarios,
            seed=seed,
            policy=policy,
            engine=engine,
            workers=workers,
            address=address,
            tick=lambda k: bar.advance(task, k),
            source=str(plan),
        )
    if out is not None:
        from crossflight.campaigns.results import write_campaign
        from crossflight.model.resolve import resolve_manifest

        rm = resolve_manifest(m, source=str(plan))
        write_campaign(
            result,
            out,
            start_s=round(rm.start_utc.timestamp()),
            end_s=round(rm.end_utc.timestamp()),
        )
    if json_out:
        json.dump(result.summary, sys.stdout, indent=2, sort_keys=True)
        sys.stdout.write("\n")
    else:
        _render(result.summary, out)
