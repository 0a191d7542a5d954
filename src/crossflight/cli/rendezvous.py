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


def _dispersion_plot_path(plot: Path) -> Path:
    """Where ``--dispersions`` writes its histograms beside ``--plot FILE``."""
    return plot.with_name(f"{plot.stem}-dispersions{plot.suffix}")


def _write_outputs(
    res: RendezvousResult,
    targets: dict[str, Path],
    liftoff: str,
    summary: DispersionSummary | None,
) -> None:
    """Write the requested files (OEM, CZML, plot, dispersion plot) as one set, or none."""
    from crossflight.io.czml import CzmlTrack, write_czml
    from crossflight.io.files import atomic_paths
    from crossflight.io.oem import OemSegment, write_oem
    from crossflight.plots.dispersion_chart import write_dispersion_plot
    from crossflight.plots.rendezvous_chart import write_rendezvous_plot

    eph, vehicle = res.ephemeris, res.vehicle
    with atomic_paths(list(targets.values())) as staged:
        tmp = dict(zip(targets, staged, strict=True))
        if "oem" in tmp:
            write_oem(tmp["oem"], [OemSegment(vehicle.upper(), vehicle, eph.t_utc_s, eph.ship_km)])
        if "czml" in tmp:
            write_czml(
                tmp["czml"],
                [
                    CzmlTrack("ship", vehicle, (255, 80, 40, 255), eph.t_utc_s, eph.ship_km),
                    CzmlTrack("station", "ISS", (255, 255, 255, 255), eph.t_utc_s, eph.station_km),
                ],
            )
        if "plot" in tmp:
            write_rendezvous_plot(
                tmp["plot"], eph.t_utc_s, eph.ship_km, eph.station_km,
                [b.time_utc.timestamp() for b in res.burns],
                title=f"{vehicle} {res.profile} rendezvous, liftoff {liftoff}",
            )  # fmt: skip
        if "dispersion_plot" in tmp and summary is not None:
            d = summary.result
            write_dispersion_plot(
                tmp["dispersion_plot"], d.docking_utc_s - d.nominal_docking_utc_s,
                d.total_dv_m_s, d.gate_miss_km,
                title=f"{vehicle} {res.profile} rendezvous, liftoff {liftoff}, seed {summary.seed}",
            )  # fmt: skip


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
        table.add_column(
            col, justify="right" if col.startswith("dv") else "left", no_wrap=col != "burn"
        )
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
        f"[/] UTC (simulated; band {res.docking_band_utc[0]:%m-%d %H:%M} - "
        f"{res.docking_band_utc[1]:%m-%d %H:%M}; window model {res.window_docking_utc:%H:%M:%S})"
        f"\nliftoff uncertainty ±{res.liftoff_uncertainty_s:.0f} s  out-of-plane dv "
        f"{res.out_of_plane_dv_m_s:.1f} m/s  gate miss {res.gate_miss_km * 1e3:.0f} m"
        f"\nphase at insertion {res.phase_deg:.1f}°  total dv [bold]{res.total_dv_m_s:.1f}"
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
    site_id: str = typer.Option(
        ..., "--site", help="Launch site id, e.g. baikonur-31 (all: crossflight list sites)."
    ),
    liftoff: str = typer.Option(..., "--liftoff", help="Liftoff, ISO 8601 UTC (…Z)."),
    profile: str = typer.Option(
        ..., "--profile", help="2-orbit, 4-orbit, 2-day or 1-day (crossflight list profiles)."
    ),
    vehicle: str = typer.Option("soyuz-ms", "--vehicle", help="Vehicle id, e.g. progress-ms."),
    port: str | None = typer.Option(
        None, "--port", help="Docking port (default per vehicle; crossflight list ports)."
    ),
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
    """Simulate a rendezvous: burns, delta-v, docking time, ephemerides, dispersions.

    From liftoff through insertion, the far-range phasing burns and the approach to docking
    at the station port.  Site, vehicle, port and profile ids: `crossflight list sites`,
    `crossflight list vehicles`, `crossflight list ports`, `crossflight list profiles`.
    With --dispersions N the nominal run's --oem/--czml/--plot are written too, and beside
    --plot FILE a FILE-dispersions plot of the N runs.

    Examples:

      crossflight rendezvous --station iss --site baikonur-31 --liftoff 2025-04-08T05:47:15Z
        --profile 2-orbit

      crossflight rendezvous --station iss --site baikonur-31 --liftoff 2025-04-08T05:47:15Z
        --profile 2-orbit --oem ms27.oem --czml ms27.czml --plot ms27.html

      crossflight rendezvous --station iss --site baikonur-31 --liftoff 2025-04-08T05:47:15Z
        --profile 2-orbit --dispersions 200 --seed 1 --json
    """
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
    from crossflight.io.files import check_output_path

    targets = {k: p for k, p in (("oem", oem), ("czml", czml), ("plot", plot)) if p is not None}
    if dispersions is not None and plot is not None:
        targets["dispersion_plot"] = _dispersion_plot_path(plot)
    for key, path in targets.items():
        check_output_path(path, field="--plot" if key == "dispersion_plot" else f"--{key}")
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from crossflight.flight.rendezvous import disperse_rendezvous, simulate_rendezvous
    from crossflight.flight.station_sources import resolve_station
    from crossflight.model.sites import get_site

    site = get_site(site_id)
    t_lift = parse_utc(liftoff, where="--liftoff")
    source = resolve_station(station, strict=strict, allow_stale=allow_stale)
    orbit = source.orbit
    err = Console(stderr=True, highlight=False)
    summary: DispersionSummary | None = None
    result: RendezvousResult | None = None
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
        if dispersions is None or targets:  # the nominal run: its files come with dispersions
            with err.status(f"simulating the {profile} rendezvous..."):
                result = simulate_rendezvous(orbit, site, vehicle, t_lift, profile, port=port)
    print(f"crossflight: {source.describe_nearest(t_lift.timestamp())}", file=sys.stderr)
    for w in caught:
        if not issubclass(w.category, StaleElementSetWarning):
            continue
        print(f"crossflight: warning: {w.message}", file=sys.stderr)
    if result is not None and targets:
        _write_outputs(result, targets, liftoff, summary)
        for path in targets.values():
            print(f"crossflight: wrote {path}", file=sys.stderr)
    if summary is not None:
        if json_out:
            sys.stdout.write(json.dumps(summary.to_dict(), indent=2) + "\n")
        else:
            _dispersion_table(summary)
        return
    assert result is not None
    if json_out:
        sys.stdout.write(json.dumps(result.to_dict(), indent=2) + "\n")
    else:
        _table(result)
