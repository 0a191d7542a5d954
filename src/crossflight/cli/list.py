"""CLI command group ``list``: the built-in ids a newcomer needs (sites, vehicles, ports...).

    crossflight list sites
    crossflight list vehicles --json
    crossflight list ports --station iss

Every table comes from ``crossflight/data`` (each row with its source, see ``doctor``); ids are
never wrapped mid-word so they can be copied into a command line.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from crossflight.cli.app import app

__all__ = ["list_app"]

list_app = typer.Typer(
    name="list",
    no_args_is_help=True,
    help="List built-in ids: sites, vehicles, ports, profiles, stations, builtins.\n\n"
    "Examples:\n\n  crossflight list sites\n\n  crossflight list vehicles --json",
)
app.add_typer(list_app, name="list")

_JSON = typer.Option(False, "--json", help="Print a JSON list of objects on stdout.")

Row = dict[str, Any]


def _show(rows: list[Row], title: str, json_out: bool, hint: str) -> None:
    """Rows as a rich table (the first column, the id, never wrapped) or as JSON."""
    if json_out:
        sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return
    console = Console(highlight=False)
    table = Table(title=title, box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False)
    columns = [k for k in rows[0] if k != "source"] if rows else []
    for i, col in enumerate(columns):
        header = col.replace("_", " ")  # headers wrap between words, never inside one
        if i == 0:
            table.add_column(header, no_wrap=True, style="bold")
        else:
            table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(*(_cell(row[c]) for c in columns))
    console.print(table)
    console.print(escape(hint))


def _cell(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def site_rows() -> list[Row]:
    """Launch sites: id, name, position, vehicles flown from there, pass directions."""
    from crossflight.model.sites import load_sites

    return [
        {
            "id": s.id,
            "name": s.name,
            "latitude_deg": s.latitude_deg,
            "longitude_deg": s.longitude_deg,
            "vehicles": list(s.vehicles),
            "directions": list(s.directions),
            "source": s.source,
        }
        for s in load_sites().values()
    ]


def vehicle_rows() -> list[Row]:
    """Vehicle types with seats, docked life, and what ``windows``/``rendezvous`` know of them."""
    from crossflight.model.catalog import load_vehicle_types
    from crossflight.model.launchers import load_launchers, profiles_for

    launchers = load_launchers()
    return [
        {
            "id": v.id,
            "name": v.name,
            "agency": v.agency,
            "crewed": v.crewed,
            "seats": v.seats,
            "docked_life_days": v.docked_life_days,
            "ascent_data": v.id in launchers,
            "profiles": [p.name for p in profiles_for(v.id)],
            "source": v.source,
        }
        for v in load_vehicle_types().values()
    ]


def port_rows(station: str | None = None) -> list[Row]:
    """Docking and berthing ports of the built-in stations (or of one)."""
    from crossflight.model.catalog import builtin_station_ids, load_station

    ids = builtin_station_ids() if station is None else [load_station(station).id]
    return [
        {
            "id": p.id,
            "station": sid,
            "segment": p.segment,
            "kind": p.kind,
            "vehicles": list(p.vehicles),
            "neighbours": list(p.neighbours),
            "source": p.source,
        }
        for sid in ids
        for p in load_station(sid).ports
    ]


def profile_rows() -> list[Row]:
    """Rendezvous profiles: which vehicles fly them, revolutions to docking, nominal duration."""
    from crossflight.model.launchers import load_profiles

    return [
        {
            "id": p.name,
            "vehicles": list(p.vehicles),
            "revolutions": list(p.revolutions),
            "nominal_duration_h": p.nominal_duration_h,
            "phasing_dv_m_s": p.phasing_dv_m_s,
            "source": p.source,
        }
        for p in load_profiles().values()
    ]


def station_rows() -> list[Row]:
    """Built-in stations with their segments (operating agency) and ports."""
    from crossflight.model.catalog import builtin_station_ids, load_station

    out = []
    for sid in builtin_station_ids():
        st = load_station(sid)
        out.append(
            {
                "id": st.id,
                "name": st.name,
                "segments": [f"{s.id} ({s.agency})" for s in st.segments],
                "ports": [p.id for p in st.ports],
                "source": st.source,
            }
        )
    return out


def builtin_rows() -> list[Row]:
    """Built-in manifests (``check --builtin ID``, ``export --builtin ID``)."""
    from crossflight.io.manifest import load_builtin_manifest
    from crossflight.model.catalog import builtin_manifest_ids
    from crossflight.model.resolve import resolve_manifest
    from crossflight.times import format_utc

    out = []
    for mid in builtin_manifest_ids():
        m = load_builtin_manifest(mid)
        rm = resolve_manifest(m, source=f"builtin:{mid}")
        out.append(
            {
                "id": mid,
                "name": m.name,
                "flights": len(m.flights),
                "start_utc": format_utc(rm.start_utc),
                "end_utc": format_utc(rm.end_utc),
                "source": m.source,
            }
        )
    return out


def _command(name: str, rows: Callable[[], list[Row]], title: str, hint: str, example: str) -> None:
    def run(json_out: bool = _JSON) -> None:
        _show(rows(), title, json_out, hint)

    run.__doc__ = f"{title}.\n\nExample:\n\n  {example}"
    list_app.command(name)(run)


_command(
    "sites",
    site_rows,
    "Built-in launch sites",
    "use an id with --site, e.g. crossflight windows --site baikonur-31 ...",
    "crossflight list sites --json",
)
_command(
    "vehicles",
    vehicle_rows,
    "Built-in vehicle types",
    "use an id with --vehicle (windows, rendezvous need ascent data) or in a manifest",
    "crossflight list vehicles",
)
_command(
    "profiles",
    profile_rows,
    "Built-in rendezvous profiles",
    "use an id with --profile, e.g. crossflight rendezvous ... --profile 2-orbit",
    "crossflight list profiles",
)
_command(
    "stations",
    station_rows,
    "Built-in stations",
    'use an id in a manifest: [station] builtin = "iss"',
    "crossflight list stations",
)
_command(
    "builtins",
    builtin_rows,
    "Built-in manifests",
    "use an id with --builtin, e.g. crossflight check --builtin iss-2022-2025",
    "crossflight list builtins",
)


@list_app.command("ports")
def ports(
    station: str | None = typer.Option(None, "--station", help="Only this station, e.g. iss."),
    json_out: bool = _JSON,
) -> None:
    """Built-in docking and berthing ports.

    Example:

      crossflight list ports --station iss
    """
    _show(
        port_rows(station),
        "Built-in ports",
        json_out,
        "use an id with --port (rendezvous) or as a flight's port in a manifest",
    )
