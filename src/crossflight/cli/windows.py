"""CLI command ``windows``: in-plane launch opportunities to the station from a site.

    crossflight windows --station iss --site baikonur-31 --start 2025-04-08 --days 1
    crossflight windows --station iss.omm.json --site ksc-39a --vehicle crew-dragon \\
        --start 2025-03-14 --days 2 --json
"""

from __future__ import annotations

import csv
import io
import json
import sys
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from crossflight.cli.app import app
from crossflight.errors import RequestError, StaleElementSetWarning
from crossflight.times import parse_utc

if TYPE_CHECKING:  # the command imports the numeric core when it runs, not for --help
    from crossflight.flight.windows import Opportunity
    from crossflight.model.sites import LaunchSite

__all__ = ["windows"]


def _site(site_id: str | None, lat: float | None, lon: float | None) -> LaunchSite:
    from crossflight.model.sites import custom_site, get_site

    if lat is not None or lon is not None:
        if lat is None or lon is None or site_id is not None:
            raise RequestError(
                "a custom site needs both --lat and --lon, and no --site",
                field="--lat/--lon",
                fix="e.g. --lat 45.996 --lon 63.564, or --site baikonur-31",
            )
        if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 360.0):
            raise RequestError(
                f"--lat {lat} / --lon {lon} out of range",
                field="--lat/--lon",
                fix="latitude in [-90, 90], east longitude in [-180, 360] degrees",
            )
        return custom_site(lat, lon)
    if site_id is None:
        raise RequestError(
            "no launch site given", field="--site", fix="give --site baikonur-31 or --lat/--lon"
        )
    return get_site(site_id)


def _csv(opps: list[Opportunity]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(
        ["site", "vehicle", "direction", "liftoff_utc", "in_plane_utc", "insertion_utc",
         "phase_deg", "best_profile", "profile", "profile_liftoff_utc", "docking_utc"]
    )  # fmt: skip
    for o in opps:
        d = o.to_dict()
        head = [d["site"], d["vehicle"], d["direction"], d["liftoff_utc"], d["in_plane_utc"],
                d["insertion_utc"], d["phase_deg"], d["best_profile"] or ""]  # fmt: skip
        if not d["profiles"]:
            w.writerow([*head, "", "", ""])
        for p in d["profiles"]:
            w.writerow([*head, p["name"], p["liftoff_utc"], p["docking_utc"]])
    return buf.getvalue()


def _table(opps: list[Opportunity], title: str) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False)
    table = Table(title=title, box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False)
    for col in ("liftoff (UTC)", "dir", "in-plane", "phase", "profiles: liftoff -> docking"):
        table.add_column(col, no_wrap=col != "profiles: liftoff -> docking")
    for o in opps:
        prof = "\n".join(
            f"{p.name}: {p.liftoff_utc:%H:%M:%S} -> {p.docking_utc:%Y-%m-%d %H:%M}"
            for p in o.profiles
        )
        table.add_row(
            f"{o.liftoff_utc:%Y-%m-%d %H:%M:%S}",
            "asc" if o.direction == "ascending" else "desc",
            f"{o.in_plane_utc:%H:%M:%S}",
            f"{o.phase_deg:6.1f}°",
            prof or "[dim]no feasible profile[/]",
        )
    console.print(table)
    console.print(f"{len(opps)} opportunities; times UTC; phase = station lead at insertion")


@app.command("windows")
def windows(
    station: str = typer.Option(
        ..., "--station", help="TLE/OMM file, a cached name, or iss (built-in archive + cache)."
    ),
    site_id: str | None = typer.Option(
        None, "--site", help="Site id, e.g. baikonur-31 (all: crossflight list sites)."
    ),
    start: str = typer.Option(..., "--start", help="First day, YYYY-MM-DD (UTC)."),
    days: float = typer.Option(1.0, "--days", help="Number of days to search."),
    vehicle: str = typer.Option(
        "soyuz-ms",
        "--vehicle",
        help="Vehicle id, e.g. crew-dragon (all: crossflight list vehicles).",
    ),
    lat: float | None = typer.Option(None, "--lat", help="Custom site latitude, deg."),
    lon: float | None = typer.Option(None, "--lon", help="Custom site east longitude, deg."),
    json_out: bool = typer.Option(False, "--json", help="Print a JSON list on stdout."),
    csv_out: bool = typer.Option(False, "--csv", help="Print CSV on stdout."),
    ics: Path | None = typer.Option(None, "--ics", help="Also write an iCalendar file."),
    strict: bool = typer.Option(False, "--strict", help="Stale element sets are an error."),
    allow_stale: bool = typer.Option(
        False, "--allow-stale", help="Run even with a set more than 90 days from the dates."
    ),
) -> None:
    """Launch opportunities (in-plane windows) and feasible rendezvous profiles.

    For each pass of the launch site through the station's orbital plane: the liftoff time,
    the phase angle at insertion and which rendezvous profiles (2-orbit, 4-orbit, 2-day,
    1-day) reach the station from it.  Site, vehicle and profile ids: `crossflight list
    sites`, `crossflight list vehicles`, `crossflight list profiles`.

    Examples:

      crossflight windows --station iss --site baikonur-31 --start 2025-04-08 --days 1

      crossflight windows --station iss.omm.json --site ksc-39a --vehicle crew-dragon --start
        2025-03-14 --days 2 --json

      crossflight windows --station iss.tle --lat 45.996 --lon 63.564 --start 2025-04-08 --ics
        soyuz.ics
    """
    from rich.console import Console

    from crossflight.flight.station_sources import resolve_station
    from crossflight.flight.windows import find_opportunities
    from crossflight.io.files import check_output_path
    from crossflight.io.ics import write_ics

    if json_out and csv_out:
        raise RequestError("--json and --csv exclude each other", field="--json/--csv",
                           fix="choose one output format")  # fmt: skip
    if ics is not None:
        check_output_path(ics, field="--ics")
    site = _site(site_id, lat, lon)
    start_utc = parse_utc(start, where="--start")
    source = resolve_station(station, strict=strict, allow_stale=allow_stale)
    orbit = source.orbit
    with (
        warnings.catch_warnings(record=True) as caught,
        Console(stderr=True).status(f"searching {days:g} days of windows from {site.id}..."),
    ):
        warnings.simplefilter("always", StaleElementSetWarning)
        opps = find_opportunities(orbit, site, vehicle, start_utc, days)
    print(f"crossflight: {source.describe_nearest(start_utc.timestamp())}", file=sys.stderr)
    for w in caught:
        if issubclass(w.category, StaleElementSetWarning):
            print(f"crossflight: warning: {w.message}", file=sys.stderr)
    if ics is not None:
        write_ics(ics, [o.to_dict() for o in opps], title=f"{vehicle} from {site.id}")
    if json_out:
        print(json.dumps([o.to_dict() for o in opps], indent=2))
    elif csv_out:
        sys.stdout.write(_csv(opps))
    else:
        _table(opps, f"{vehicle} from {site.id} ({site.name})")
