"""CLI command ``rendezvous``: simulate a flight from insertion to docking.

    crossflight rendezvous --station iss --site baikonur-31 \\
        --liftoff 2025-04-08T05:47:15Z --profile 2-orbit --json
    crossflight rendezvous ... --oem ms27.oem --czml ms27.czml --plot ms27.png
    crossflight rendezvous ... --dispersions 1000 --seed 1
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from crossflight.cli.app import app
from crossflight.errors import InputError, StaleElementSetWarning
from crossflight.times import parse_utc

if TYPE_CHECKING:  # the simulator (scipy) and writers load only when the command runs
    from crossflight.flight.rendezvous import DispersionSummary, RendezvousResult

__all__ = ["rendezvous"]


def _check_outputs(paths: list[Path | None]) -> None:
    """Refuse unwritable output paths before any work (nothing half-written)."""
    for p in paths:
        if p is not None and not p.parent.resolve().is_dir():
            raise InputError(
                f"directory {p.parent} does not exist",
                field=str(p),
                fix="create the directory or write elsewhere",
            )


def _table(res: RendezvousResult) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False)
    table = Table(
        title=f"{res.vehicle} {res.profile} rendezvous from {res.site} -> {res.port}",
        box=box.SIMPLE_HEAD,
        header_style="bold",
    )
    for col in ("burn", "time (UTC)", "dv [m/s]", "LVLH r, t, n [m/s]"):
        table.add_column(col, justify="right" if col.startswith("dv") else "left")
    for b in res.burns:
        r, t, n = b.dv_lvlh_m_s
        table.add_row(
            b.label, f"{b.time_utc:%Y-%m-%d %H:%M:%S}", f"{b.dv_m_s:7.2f}",
            f"{r:7.2f} {t:7.2f} {n:7.2f}",
        )  # fmt: skip
    console.print(table)
    console.print(
        f"liftoff {res.liftoff_utc:%Y-%m-%d %H:%M:%S}  insertion {res.insertion_utc:%H:%M:%S}  "
        f"gate {res.gate_utc:%Y-%m-%d %H:%M:%S}  [bold]docking {res.docking_utc:%Y-%m-%d %H:%M:%S}"
        f"[/] UTC\nphase at insertion {res.phase_deg:.1f}°  total dv [bold]{res.total_dv_m_s:.1f}"
        f"[/] m/s (far range {res.far_range_dv_m_s:.1f}, approach {res.approach_dv_m_s:.1f})  "
        f"contact {res.contact_speed_m_s:.2f} m/s\nscheme follows: {res.scheme_follows}"
    )


def _dispersion_table(summary: DispersionSummary) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False)
    table = Table(
        title=f"{summary.n} dispersed rendezvous (seed {summary.seed})", box=box.SIMPLE_HEAD
    )
    pct = summary.result.percentiles()
    table.add_column("quantity")
    for q in next(iter(pct.values())):
        table.add_column(q, justify="right")
    for name, row in pct.items():
        table.add_row(name, *(f"{v:.2f}" for v in row.values()))
    console.print(table)
    console.print(f"nominal docking {summary.nominal_docking_utc:%Y-%m-%d %H:%M:%S} UTC")


@app.command("rendezvous")
def rendezvous(
    station: str = typer.Option(
        ..., "--station", help="TLE/OMM file, a cached name, or iss (built-in archive + cache)."
    ),
    site_id: str = typer.Option(..., "--site", help="Launch site id, e.g. baikonur-31."),
    liftoff: str = typer.Option(..., "--liftoff", help="Liftoff, ISO 8601 UTC (…Z)."),
    profile: str = typer.Option(..., "--profile", help="2-orbit, 4-orbit or 2-day."),
    vehicle: str = typer.Option("soyuz-ms", "--vehicle", help="Vehicle id, e.g. progress-ms."),
    port: str | None = typer.Option(None, "--port", help="Docking port (default per vehicle)."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON on stdout."),
    oem: Path | None = typer.Option(None, "--oem", help="Write the ship's CCSDS OEM (KVN)."),
    czml: Path | None = typer.Option(None, "--czml", help="Write a CZML file for Cesium."),
    plot: Path | None = typer.Option(None, "--plot", help="Write a plot: FILE.png or .html."),
    dispersions: int | None = typer.Option(
        None, "--dispersions", help="Run N dispersed rendezvous and report percentiles."
    ),
    seed: int = typer.Option(0, "--seed", help="Random seed for --dispersions."),
    strict: bool = typer.Option(False, "--strict", help="Stale element sets are an error."),
    allow_stale: bool = typer.Option(
        False, "--allow-stale", help="Run even with a set more than 90 days from liftoff."
    ),
) -> None:
    """Simulate a rendezvous: burns, delta-v, docking time, ephemerides, dispersions."""
    if plot is not None and plot.suffix.lower() not in (".png", ".html"):
        raise InputError(
            f"unsupported plot format {plot.suffix!r}",
            field="--plot",
            fix="give a file name ending in .png or .html",
        )
    if dispersions is not None and dispersions < 1:
        raise InputError(
            f"--dispersions must be >= 1, got {dispersions}",
            field="--dispersions",
            fix="give N >= 1, e.g. --dispersions 1000 --seed 1",
        )
    _check_outputs([oem, czml, plot])
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from crossflight.flight.rendezvous import disperse_rendezvous, simulate_rendezvous
    from crossflight.flight.station_sources import resolve_station
    from crossflight.io.czml import CzmlTrack, write_czml
    from crossflight.io.oem import OemSegment, write_oem
    from crossflight.model.sites import get_site
    from crossflight.plots.rendezvous_chart import write_rendezvous_plot

    site = get_site(site_id)
    t_lift = parse_utc(liftoff, where="--liftoff")
    source = resolve_station(station, strict=strict, allow_stale=allow_stale)
    orbit = source.orbit
    err = Console(stderr=True, highlight=False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", StaleElementSetWarning)
        if dispersions is not None:
            with Progress(
                TextColumn("[progress.description]{task.description}"),
                BarColumn(),
                TextColumn("{task.completed}/{task.total}"),
                TimeElapsedColumn(),
                console=err,
                transient=True,
            ) as bar:
                task = bar.add_task("dispersed rendezvous", total=dispersions)
                summary = disperse_rendezvous(
                    orbit, site, vehicle, t_lift, profile, dispersions, seed, port=port,
                    progress=lambda k: bar.update(task, completed=k),
                )  # fmt: skip
        else:
            with err.status(f"simulating the {profile} rendezvous..."):
                result = simulate_rendezvous(orbit, site, vehicle, t_lift, profile, port=port)
    print(f"crossflight: {source.describe_nearest(t_lift.timestamp())}", file=sys.stderr)
    for w in caught:
        if not issubclass(w.category, StaleElementSetWarning):
            continue
        print(f"crossflight: warning: {w.message}", file=sys.stderr)
    if dispersions is not None:
        if json_out:
            sys.stdout.write(json.dumps(summary.to_dict(), indent=2) + "\n")
        else:
            _dispersion_table(summary)
        return
    eph = result.ephemeris
    if oem is not None:
        write_oem(oem, [OemSegment(vehicle.upper(), vehicle, eph.t_utc_s, eph.ship_km)])
    if czml is not None:
        write_czml(
            czml,
            [
                CzmlTrack("ship", vehicle, (255, 80, 40, 255), eph.t_utc_s, eph.ship_km),
                CzmlTrack("station", "ISS", (255, 255, 255, 255), eph.t_utc_s, eph.station_km),
            ],
        )
    if plot is not None:
        write_rendezvous_plot(
            plot, eph.t_utc_s, eph.ship_km, eph.station_km,
            [b.time_utc.timestamp() for b in result.burns],
            title=f"{vehicle} {profile} rendezvous, liftoff {liftoff}",
        )  # fmt: skip
    if json_out:
        sys.stdout.write(json.dumps(result.to_dict(), indent=2) + "\n")
    else:
        _table(result)
