"""CLI commands ``orbit fetch`` and ``orbit show``: station element sets a user can get.

crossflight orbit fetch                       # ISS (NORAD 25544) as OMM JSON from CelesTrak
crossflight orbit fetch --catnr 25544 --format tle
crossflight orbit show [--json]               # cached downloads and the built-in archive
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

import typer

from crossflight.cli.app import app
from crossflight.times import format_utc, from_unix_s

__all__ = ["fetch", "orbit_app", "show"]

orbit_app = typer.Typer(
    name="orbit",
    no_args_is_help=True,
    help="Station element sets: download the current one, list cached and built-in ones.",
)
app.add_typer(orbit_app, name="orbit")


@orbit_app.command("fetch")
def fetch(
    catnr: int = typer.Option(25544, "--catnr", help="NORAD catalogue number (ISS: 25544)."),
    fmt: str = typer.Option("omm-json", "--format", help="omm-json or tle."),
    name: str | None = typer.Option(None, "--name", help="Cache name (default: iss for 25544)."),
    url: str | None = typer.Option(
        None, "--url", help="GP service address (default $CROSSFLIGHT_GP_URL or CelesTrak)."
    ),
    timeout_s: float = typer.Option(20.0, "--timeout", help="Seconds per attempt."),
    retries: int = typer.Option(2, "--retries", help="Further attempts after a failure."),
    json_out: bool = typer.Option(False, "--json", help="Print what was stored as JSON."),
) -> None:
    """Download the current element set from CelesTrak's GP service into the user cache."""
    from rich.console import Console

    from crossflight.io.orbit_cache import fetch_to_cache

    with Console(stderr=True).status(f"downloading the element set of NORAD {catnr}..."):
        cached = fetch_to_cache(
            catnr, fmt=fmt, name=name, url=url, timeout_s=timeout_s, retries=max(retries, 0)
        )
    rows = [
        _row("cache", cached.name, str(cached.path), e.epoch_utc_s) for e in cached.element_sets
    ]
    if json_out:
        print(json.dumps(rows, indent=2))
        return
    for r in rows:
        print(f"stored {r['name']} element set of {r['epoch_utc']} in {r['path']}")


def _row(kind: str, name: str, path: str, epoch_utc_s: float) -> dict[str, Any]:
    age_days = (time.time() - epoch_utc_s) / 86400.0
    return {
        "kind": kind,
        "name": name,
        "epoch_utc": format_utc(from_unix_s(epoch_utc_s)),
        "age_days": round(age_days, 2),
        "path": path,
    }


@orbit_app.command("show")
def show(
    json_out: bool = typer.Option(False, "--json", help="Print a JSON list on stdout."),
) -> None:
    """List the cached downloads and the built-in archive (epoch, age, file)."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    from crossflight.io.orbit_archive import archive_files, archive_stations
    from crossflight.io.orbit_cache import cache_dir, list_cache

    rows = [
        _row("cache", f.name, str(f.path), e.epoch_utc_s)
        for f in list_cache()
        for e in f.element_sets
    ]
    rows += [
        _row("built-in", station, f.name, e.epoch_utc_s)
        for station in archive_stations()
        for f in archive_files(station)
        for e in f.element_sets
    ]
    if json_out:
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    console = Console(highlight=False)
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False)
    for col in ("kind", "name", "epoch (UTC)", "age [d]", "file"):
        table.add_column(col, justify="right" if col.startswith("age") else "left")
    for r in rows:
        table.add_row(r["kind"], r["name"], r["epoch_utc"], f"{r['age_days']:.1f}", r["path"])
    console.print(table)
    n_cache = sum(r["kind"] == "cache" for r in rows)
    console.print(
        f"{n_cache} cached and {len(rows) - n_cache} built-in element sets; cache: {cache_dir()}"
    )
