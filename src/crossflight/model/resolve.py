"""Resolution of a manifest's cross-references: every id must exist, every stay must pair up.

Raises :class:`~crossflight.errors.UnknownIdError` or :class:`~crossflight.errors.ManifestError`
naming the manifest file, the field (``flights[3].port``) and the fix.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from crossflight.errors import ManifestError, UnknownIdError
from crossflight.model.agencies import Agency
from crossflight.model.catalog import (
    load_agencies,
    load_crew_catalog,
    load_station,
    load_vehicle_types,
)
from crossflight.model.crew import CrewMember
from crossflight.model.flights import Flight
from crossflight.model.manifest import Manifest
from crossflight.model.rulesconfig import Representation
from crossflight.model.stations import Station
from crossflight.model.vehicles import VehicleType

__all__ = ["ResolvedManifest", "Stay", "resolve_manifest"]


@dataclass(frozen=True)
class Stay:
    """One person's stay aboard: arrived on ``up_flight``, leaves on ``down_flight``.

    ``down_flight`` is ``None`` when the person is still aboard at the end of the period.
    """

    person: str
    up_flight: str
    down_flight: str | None


@dataclass(frozen=True)
class ResolvedManifest:
    """A manifest with every id resolved: what the rules checker evaluates."""

    manifest: Manifest
    station: Station
    agencies: dict[str, Agency]
    vehicles: dict[str, VehicleType]
    crew: dict[str, CrewMember]
    flights: dict[str, Flight]
    stays: tuple[Stay, ...]
    representation: tuple[Representation, ...]
    start_utc: datetime
    end_utc: datetime
    source: str | None = None

    def vehicle_of(self, flight_id: str) -> VehicleType:
        """The vehicle type flying ``flight_id``."""
        return self.vehicles[self.flights[flight_id].vehicle]

    def person(self, person_id: str) -> CrewMember:
        """The crew member ``person_id``."""
        try:
            return self.crew[person_id]
        except KeyError:
            raise UnknownIdError(f"unknown person {person_id!r}", source=self.source) from None


def _known(
    value: str, known: Collection[str], *, what: str, field: str, source: str | None
) -> None:
    """Raise ``UnknownIdError`` unless ``value`` is in ``known`` (a dict or set: O(1))."""
    if value not in known:
        names = sorted(known)
        shown = ", ".join(names[:12]) + (", …" if len(names) > 12 else "")
        raise UnknownIdError(
            f"unknown {what} {value!r}",
            source=source,
            field=field,
            fix=f"use one of {shown} or define it in the manifest",
        )


def _merge(base: list[object], extra: list[object]) -> list[object]:
    by_id = {getattr(x, "id"): x for x in base}  # noqa: B009
    for x in extra:
        by_id[getattr(x, "id")] = x  # noqa: B009
    return list(by_id.values())


def _station(m: Manifest, source: str | None) -> Station:
    spec = m.station
    inline = spec.builtin is None and bool(spec.segments or spec.ports or spec.id)
    if not inline:
        try:
            base = load_station(spec.builtin or "iss")
        except UnknownIdError as exc:
            raise UnknownIdError(exc.message, source=source, field=exc.field, fix=exc.fix) from None
        segments = _merge(list(base.segments), list(spec.segments))
        ports = [p for p in _merge(list(base.ports), list(spec.ports))]
        for i, pid in enumerate(spec.remove_ports):
            _known(
                pid,
                {p.id for p in base.ports},
                what="port",
                field=f"station.remove_ports[{i}]",
                source=source,
            )
        ports = [p for p in ports if getattr(p, "id") not in spec.remove_ports]  # noqa: B009
        return Station.model_validate(
            {
                "id": spec.id or base.id,
                "name": spec.name or base.name,
                "segments": [s.model_dump() for s in segments],  # type: ignore[attr-defined]
                "ports": [p.model_dump() for p in ports],  # type: ignore[attr-defined]
                "source": base.source,
            }
        )
    if not spec.id or not spec.segments or not spec.ports:
        raise ManifestError(
            "an inline station needs id, segments and ports",
            source=source,
            field="station",
            fix='set station.builtin = "iss", or give station.id, [[station.segments]] '
            "and [[station.ports]]",
        )
    return Station(id=spec.id, name=spec.name, segments=spec.segments, ports=spec.ports)


def _unique(ids: list[str], field: str, source: str | None) -> None:
    seen: set[str] = set()
    for i, x in enumerate(ids):
        if x in seen:
            raise ManifestError(
                f"id {x!r} is defined twice",
                source=source,
                field=f"{field}[{i}].id",
                fix="give every entry its own id",
            )
        seen.add(x)


def _stays(
    flights: dict[str, Flight], source: str | None, index: dict[str, int]
) -> tuple[Stay, ...]:
    """Pair each person's arrivals (crew_up) with departures (crew_down) in time order."""
    ups: dict[str, list[Flight]] = {}
    downs: dict[str, list[Flight]] = {}
    for f in flights.values():
        for p in f.crew_up:
            ups.setdefault(p, []).append(f)
        if f.crew_down is None and f.undock_utc is None:
            continue  # still docked at the end: its crew has not come home yet
        for p in f.returning_crew:
            downs.setdefault(p, []).append(f)
    stays: list[Stay] = []
    for person in sorted(set(ups) | set(downs)):
        arr = sorted(ups.get(person, []), key=lambda f: f.dock_utc)
        dep = sorted(
            downs.get(person, []),
            key=lambda f: f.undock_utc or datetime.max.replace(tzinfo=f.dock_utc.tzinfo),
        )
        for d in dep:
            if d.undock_utc is None:
                raise ManifestError(
                    f"{person!r} is listed in crew_down of {d.id!r}, which has no undock_utc",
                    source=source,
                    field=f"flights[{index[d.id]}].crew_down",
                    fix="give undock_utc, or remove the person from crew_down",
                )
        di = 0
        for k, a in enumerate(arr):
            nxt = arr[k + 1].dock_utc if k + 1 < len(arr) else None
            if di < len(dep):
                d = dep[di]
                assert d.undock_utc is not None
                if d.undock_utc <= a.dock_utc:
                    raise ManifestError(
                        f"{person!r} leaves on {d.id!r} before arriving on {a.id!r}",
                        source=source,
                        field=f"flights[{index[d.id]}].crew_down",
                        fix="check crew_up/crew_down and the dock/undock times",
                    )
                if nxt is not None and d.undock_utc > nxt:
                    raise ManifestError(
                        f"{person!r} arrives again on {arr[k + 1].id!r} while still aboard "
                        f"(leaves on {d.id!r})",
                        source=source,
                        field=f"flights[{index[arr[k + 1].id]}].crew_up",
                        fix="a person must leave before flying up again",
                    )
                stays.append(Stay(person, a.id, d.id))
                di += 1
            else:
                if nxt is not None:
                    raise ManifestError(
                        f"{person!r} arrives on {a.id!r} and again on {arr[k + 1].id!r} "
                        "without leaving in between",
                        source=source,
                        field=f"flights[{index[a.id]}].crew_down",
                        fix="add the person to crew_down of the flight that brought them home",
                    )
                stays.append(Stay(person, a.id, None))
        if di < len(dep):
            d = dep[di]
            raise ManifestError(
                f"{person!r} is in crew_down of {d.id!r} but never arrived before it undocked",
                source=source,
                field=f"flights[{index[d.id]}].crew_down",
                fix="add the person to crew_up of the flight that brought them, or remove them",
            )
    return tuple(stays)


def _station_refs(
    station: Station,
    agencies: dict[str, Agency],
    vehicles: dict[str, VehicleType],
    src: str | None,
) -> None:
    """Segments and ports are unique; their agencies, segments, vehicles, neighbours exist."""
    seg_ids = {s.id for s in station.segments}
    port_ids = {p.id for p in station.ports}
    _unique([s.id for s in station.segments], "station.segments", src)
    _unique([p.id for p in station.ports], "station.ports", src)
    for i, s in enumerate(station.segments):
        _known(s.agency, agencies, what="agency", field=f"station.segments[{i}].agency", source=src)
    for i, p in enumerate(station.ports):
        _known(p.segment, seg_ids, what="segment", field=f"station.ports[{i}].segment", source=src)
        for j, vid in enumerate(p.vehicles):
            _known(
                vid,
                vehicles,
                what="vehicle type",
                field=f"station.ports[{i}].vehicles[{j}]",
                source=src,
            )
        for j, n in enumerate(p.neighbours):
            _known(
                n, port_ids, what="port", field=f"station.ports[{i}].neighbours[{j}]", source=src
            )


def _flight_refs(
    m: Manifest,
    vehicles: dict[str, VehicleType],
    port_ids: set[str],
    crew: dict[str, CrewMember],
    src: str | None,
) -> dict[str, int]:
    """Each flight's vehicle, site, ports and people exist; returns flight id -> position."""
    from crossflight.model.sites import load_sites

    sites = load_sites()
    index: dict[str, int] = {}
    for i, f in enumerate(m.flights):
        index[f.id] = i
        _known(f.vehicle, vehicles, what="vehicle type", field=f"flights[{i}].vehicle", source=src)
        if f.site is not None:
            _known(f.site, sites, what="launch site", field=f"flights[{i}].site", source=src)
        _known(f.port, port_ids, what="port", field=f"flights[{i}].port", source=src)
        for j, r in enumerate(f.relocations):
            _known(
                r.to_port,
                port_ids,
                what="port",
                field=f"flights[{i}].relocations[{j}].to_port",
                source=src,
            )
        for name, people in (("crew_up", f.crew_up), ("crew_down", f.crew_down or [])):
            for j, pid in enumerate(people):
                _known(pid, crew, what="person", field=f"flights[{i}].{name}[{j}]", source=src)
    return index


def _event_refs(
    m: Manifest, crew: dict[str, CrewMember], flights: dict[str, Flight], src: str | None
) -> None:
    """Seat moves, vehicle statuses and extra seats name existing people and flights."""
    for i, sm in enumerate(m.seat_moves):
        _known(sm.person, crew, what="person", field=f"seat_moves[{i}].person", source=src)
        _known(
            sm.from_flight, flights, what="flight", field=f"seat_moves[{i}].from_flight", source=src
        )
        _known(sm.to_flight, flights, what="flight", field=f"seat_moves[{i}].to_flight", source=src)
    for i, vs in enumerate(m.vehicle_status):
        _known(vs.flight, flights, what="flight", field=f"vehicle_status[{i}].flight", source=src)
    for i, es in enumerate(m.extra_seats):
        _known(es.flight, flights, what="flight", field=f"extra_seats[{i}].flight", source=src)


def _rule_refs(
    m: Manifest,
    station: Station,
    agencies: dict[str, Agency],
    vehicles: dict[str, VehicleType],
    src: str | None,
) -> tuple[Representation, ...]:
    """The rules' segments, agencies and vehicles exist; returns the representation rules
    (by default each segment's operating agency)."""
    rules = m.rules
    if rules.representation is None:
        representation = tuple(
            Representation(segment=s.id, agency=s.agency) for s in station.segments
        )
    else:
        seg_ids = {s.id for s in station.segments}
        representation = tuple(rules.representation)
        for i, rep in enumerate(representation):
            _known(
                rep.segment,
                seg_ids,
                what="segment",
                field=f"rules.representation[{i}].segment",
                source=src,
            )
            _known(
                rep.agency,
                agencies,
                what="agency",
                field=f"rules.representation[{i}].agency",
                source=src,
            )
    for i, sw in enumerate(rules.seat_swap):
        for name, ag in (("agency_a", sw.agency_a), ("agency_b", sw.agency_b)):
            _known(ag, agencies, what="agency", field=f"rules.seat_swap[{i}].{name}", source=src)
        for name, vs_ in (("vehicles_a", sw.vehicles_a), ("vehicles_b", sw.vehicles_b)):
            for j, vid in enumerate(vs_):
                _known(
                    vid,
                    vehicles,
                    what="vehicle type",
                    field=f"rules.seat_swap[{i}].{name}[{j}]",
                    source=src,
                )
    for j, vid in enumerate(rules.handover.vehicles):
        _known(
            vid, vehicles, what="vehicle type", field=f"rules.handover.vehicles[{j}]", source=src
        )
    return representation


def _period(m: Manifest, src: str | None) -> tuple[datetime, datetime]:
    """The evaluation period: given, or from the first docking to the last undocking."""
    if m.period is not None:
        return m.period.start_utc, m.period.end_utc
    if not m.flights:
        raise ManifestError(
            "no flights and no period",
            source=src,
            field="flights",
            fix="add [[flights]] entries or a [period]",
        )
    start = min(f.dock_utc for f in m.flights)
    end = max(f.undock_utc or f.dock_utc for f in m.flights)
    if end <= start:
        raise ManifestError(
            "cannot infer an evaluation period",
            source=src,
            field="period",
            fix="add [period] with start_utc and end_utc",
        )
    return start, end


def resolve_manifest(m: Manifest, *, source: str | None = None) -> ResolvedManifest:
    """Resolve and cross-check ``m``; raise an ``InputError`` naming file, field and fix.

    Every lookup is a dict or set membership, so the cost is linear in the manifest's size.
    """
    src = source
    _unique([a.id for a in m.agencies], "agencies", src)
    _unique([v.id for v in m.vehicles], "vehicles", src)
    _unique([c.id for c in m.crew], "crew", src)
    _unique([f.id for f in m.flights], "flights", src)
    agencies: dict[str, Agency] = {**load_agencies(), **{a.id: a for a in m.agencies}}
    vehicles: dict[str, VehicleType] = {**load_vehicle_types(), **{v.id: v for v in m.vehicles}}
    crew: dict[str, CrewMember] = {**load_crew_catalog(), **{c.id: c for c in m.crew}}
    for i, c in enumerate(m.crew):
        _known(c.agency, agencies, what="agency", field=f"crew[{i}].agency", source=src)
    for i, v in enumerate(m.vehicles):
        _known(v.agency, agencies, what="agency", field=f"vehicles[{i}].agency", source=src)
    station = _station(m, src)
    _station_refs(station, agencies, vehicles, src)
    index = _flight_refs(m, vehicles, {p.id for p in station.ports}, crew, src)
    flights = {f.id: f for f in m.flights}
    _event_refs(m, crew, flights, src)
    representation = _rule_refs(m, station, agencies, vehicles, src)
    stays = _stays(flights, src, index)
    start, end = _period(m, src)
    return ResolvedManifest(
        manifest=m,
        station=station,
        agencies=agencies,
        vehicles=vehicles,
        crew=crew,
        flights=flights,
        stays=stays,
        representation=representation,
        start_utc=start,
        end_utc=end,
        source=src,
    )
