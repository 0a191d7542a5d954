"""Booked flights from the built-in history: the vehicles docked when the plan starts.

A request with ``[history] builtin = "iss-2022-2025"`` gets, as fixed flights, every flight of
that built-in manifest docked at the horizon start: flown ones with their real times, and
those still aboard without a confirmed return (Soyuz MS-28 in the 2022-2025 history) as
rotations whose return the planner chooses.  Flights given explicitly in the request win.
"""

from __future__ import annotations

from crossflight.errors import RequestError, UnknownIdError
from crossflight.io.manifest import load_builtin_manifest
from crossflight.model.catalog import load_crew_catalog
from crossflight.model.flights import Flight
from crossflight.model.request import CrewMember, FixedFlight, PlanningRequest

__all__ = ["with_history"]

_KIND = {"rotation": "rotation", "private": "visit", "test": "rotation", "cargo": "cargo"}


def _port_at(f: Flight, request: PlanningRequest) -> str:
    port = f.port
    for r in f.relocations:
        if r.time_utc <= request.start:
            port = r.to_port
    return port


def with_history(request: PlanningRequest, *, source: str = "<request>") -> PlanningRequest:
    """``request`` with the history's flights docked at its start added as fixed flights."""
    spec = request.history
    if spec is None:
        return request
    try:
        manifest = load_builtin_manifest(spec.builtin)
    except UnknownIdError as exc:
        raise RequestError(
            exc.message, source=source, field="history.builtin", fix=exc.fix
        ) from None
    if spec.station not in {s.id for s in request.stations}:
        raise RequestError(
            f"history station {spec.station!r} is not a station of the request",
            source=source,
            field="history.station",
            fix=f"use one of {', '.join(s.id for s in request.stations)}",
        )
    people = {**load_crew_catalog(), **{c.id: c for c in manifest.crew}}
    given = {f.id for f in request.fixed_flights}
    added: list[FixedFlight] = []
    for f in manifest.flights:
        docked_at_start = f.dock_utc <= request.start and (
            f.undock_utc is None or f.undock_utc > request.start
        )
        name = f.name.split(" (")[0] if f.name else f.id
        if not docked_at_start or f.id in given or name in given:
            continue
        crew = [
            CrewMember(
                id=p,
                name=people[p].name if p in people else "",
                agency=people[p].agency if p in people else "UNKNOWN",
                nationality=people[p].nationality if p in people else "",
            )
            for p in f.crew_up
        ]
        added.append(
            FixedFlight(
                id=name,
                vehicle=f.vehicle,
                station=spec.station,
                port=_port_at(f, request),
                launch_site=f.site or "baikonur-31",
                launch=f.launch_utc,
                dock=f.dock_utc,
                undock=f.undock_utc,
                landing=f.landing_utc,
                crew=crew,
                kind=_KIND.get(f.mission, "rotation"),
                source=f"built-in history {spec.builtin}: {f.source}".strip(),
            )
        )
    if not added:
        return request
    return request.model_copy(update={"fixed_flights": [*request.fixed_flights, *added]})
