"""Plan orchestration: solve → name the crews → build a manifest → prove it with the checker.

A plan is only returned (or written) after :func:`crossflight.rules.check_manifest` accepts it:
a finding of severity ``violation`` raises :class:`~crossflight.errors.VerificationError`,
because a plan the independent checker rejects is a planner bug, never an output.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from crossflight.errors import (
    InfeasibleRequestError,
    RequestError,
    UnknownIdError,
    VerificationError,
)
from crossflight.io.files import write_texts_atomic
from crossflight.io.manifest import dumps_manifest
from crossflight.model.agencies import Agency
from crossflight.model.catalog import load_agencies, load_vehicle_types
from crossflight.model.crew import CrewMember
from crossflight.model.flights import Flight, MissionKind
from crossflight.model.manifest import Manifest, Period
from crossflight.model.manifest import StationSpec as ManifestStation
from crossflight.model.request import PlanningRequest, StationSpec
from crossflight.model.rulesconfig import (
    CrewSizeRule,
    HandoverRule,
    Representation,
    RulesConfig,
    SeatSwapPeriod,
)
from crossflight.model.sites import load_sites
from crossflight.model.stations import Port, Segment
from crossflight.model.vehicles import VehicleType
from crossflight.planning.explanation import explain
from crossflight.planning.history import with_history
from crossflight.planning.representation import representation_periods
from crossflight.planning.solver import PlannedFlight, Solution, SolveOptions, solve
from crossflight.rules import CheckReport, check_manifest

__all__ = ["Plan", "balance_periods", "make_plan", "plan_manifests", "write_plan"]

_KIND: dict[str, MissionKind] = {"rotation": "rotation", "visit": "private", "cargo": "cargo"}


@dataclass(frozen=True)
class Plan:
    """A verified plan: the solver's solution, the manifest and the checker's report."""

    solution: Solution
    manifest: Manifest
    report: CheckReport
    crew_by_flight: dict[str, list[str]]
    other_stations: dict[str, tuple[Manifest, CheckReport]] = field(default_factory=dict)

    def paths(self, path: str | os.PathLike[str]) -> dict[str, Path]:
        """Where :func:`write_plan` writes each station: ``PLAN.toml``, ``PLAN.<station>.toml``."""
        p = Path(path)
        out = {self.manifest.station.id or "station": p}
        for sid in self.other_stations:
            out[sid] = p.with_name(f"{p.stem}.{sid}{p.suffix or '.toml'}")
        return out


def _slug(text: str) -> str:
    s = re.sub(r"[^A-Za-z0-9._+-]+", "-", text.strip()).strip("-").lower()
    return s or "flight"


def check_request_against_catalog(request: PlanningRequest, source: str = "<request>") -> None:
    """Refuse mission limits beyond a vehicle's certified docked life (from the catalog)."""
    catalog = load_vehicle_types()
    sites = load_sites()
    for i, v in enumerate(request.vehicles):
        if v.launch_site not in sites:
            raise UnknownIdError(
                f"unknown launch site {v.launch_site!r}",
                source=source,
                field=f"vehicles[{i}].launch_site",
                fix=f"use one of {', '.join(sorted(sites))}",
            )
        vt = catalog.get(v.type)
        if vt is None:
            raise RequestError(
                f"unknown vehicle type {v.type!r}",
                source=source,
                field=f"vehicles[{i}].type",
                fix=f"use one of {', '.join(sorted(catalog))}",
            )
        if not vt.crewed or vt.seats < v.seats:
            raise RequestError(
                f"{v.type} has {vt.seats} crew seats, the request asks for {v.seats}",
                source=source,
                field=f"vehicles[{i}].seats",
                fix=f"use at most {vt.seats}",
            )
        life = v.docked_life_days or vt.docked_life_days
        if life is not None and v.mission.max_days > life:
            raise RequestError(
                f"mission max_days {v.mission.max_days} exceeds the certified docked life "
                f"{life:g} d of {v.type}",
                source=source,
                field=f"vehicles[{i}].mission.max_days",
                fix=f"use at most {life:g} (or state docked_life_days as an assumption)",
            )


def _check_ports_and_flights(request: PlanningRequest, source: str) -> None:
    catalog = load_vehicle_types()
    sites = load_sites()
    for si, st in enumerate(request.stations):
        for pi, port in enumerate(st.ports):
            for vid in port.vehicles:
                if vid not in catalog:
                    raise UnknownIdError(
                        f"unknown vehicle type {vid!r}",
                        source=source,
                        field=f"stations[{si}].ports[{pi}].vehicles",
                        fix=f"use one of {', '.join(sorted(catalog))}",
                    )
    for fi, f in enumerate(request.fixed_flights):
        if f.vehicle not in catalog:
            raise UnknownIdError(
                f"unknown vehicle type {f.vehicle!r}",
                source=source,
                field=f"fixed_flights[{fi}].vehicle",
                fix=f"use one of {', '.join(sorted(catalog))}",
            )
        if f.launch_site not in sites:
            raise UnknownIdError(
                f"unknown launch site {f.launch_site!r}",
                source=source,
                field=f"fixed_flights[{fi}].launch_site",
                fix=f"use one of {', '.join(sorted(sites))}",
            )


def balance_periods(request: PlanningRequest) -> list[tuple[str, datetime, datetime]]:
    """The agreement's balance periods ``(label, start, end)``, clipped to the horizon."""
    ag = request.agreement
    end = request.end
    if ag.until is not None:  # flights launching from the agreement's last midnight are out
        until = ag.until.astimezone(UTC)
        day = datetime(until.year, until.month, until.day, tzinfo=UTC)
        end = min(end, day if day == until else day + timedelta(days=1))
    out: list[tuple[str, datetime, datetime]] = []
    if ag.balance_period == "horizon":
        return [(f"{request.start.year}-{request.end.year}", request.start, end)]
    for y in range(request.start.year, request.end.year + 1):
        lo = max(request.start, datetime(y, 1, 1, tzinfo=UTC))
        hi = min(end, datetime(y + 1, 1, 1, tzinfo=UTC))
        if hi > lo:
            out.append((str(y), lo, hi))
    return out


def _assign_crews(
    request: PlanningRequest, flights: list[PlannedFlight]
) -> tuple[dict[str, list[str]], list[CrewMember]]:
    """Name the people on each planned flight: per agency, the member free the longest.

    The CP model's pool constraint (busy from launch to landing plus rest, never more busy
    members than the pool holds) guarantees this greedy assignment by launch time succeeds.
    """
    free_at: dict[str, dict[str, datetime]] = {}
    members: dict[str, CrewMember] = {}
    for pool in request.crew_pools:
        people = [
            CrewMember(id=p.id, name=p.name, agency=p.agency, nationality=p.nationality)
            for p in pool.people
        ] or [
            CrewMember(
                id=f"{_slug(pool.agency)}-{i + 1:02d}",
                agency=pool.agency,
                nationality=pool.nationality,
            )
            for i in range(pool.size)
        ]
        free_at[pool.agency] = {p.id: request.start - timedelta(days=10 * 366) for p in people}
        members.update({p.id: p for p in people})
    crews: dict[str, list[str]] = {}
    used: set[str] = set()
    for f in sorted(flights, key=lambda f: (f.launch, f.id)):
        if f.in_progress:
            fixed = next(x for x in request.fixed_flights if x.id == f.id)
            crews[f.id] = [p.id for p in fixed.crew]
            continue
        crew: list[str] = []
        for agency, n in sorted(f.seats.items()):
            agency_pool = request.pool(agency)
            assert agency_pool is not None
            ready = sorted((t, pid) for pid, t in free_at[agency].items() if t <= f.launch)
            if len(ready) < n:
                raise VerificationError(
                    f"crew assignment failed: {agency} has {len(ready)} free members for {f.id}",
                    fix="report this planner bug",
                )
            for _, pid in ready[:n]:
                crew.append(pid)
                used.add(pid)
                free_at[agency][pid] = f.landing + timedelta(days=agency_pool.rest_days)
        crews[f.id] = crew
    return crews, [members[p] for p in sorted(used)]


def plan_manifests(solution: Solution) -> tuple[dict[str, Manifest], dict[str, list[str]]]:
    """The solution as one manifest per station (standard format) and the crew of each flight."""
    req = solution.request
    crews, pool_people = _assign_crews(req, solution.flights)
    out = {
        st.id: _station_manifest(solution, st, crews, pool_people, len(req.stations) > 1)
        for st in req.stations
    }
    return out, crews


def _flight_names(solution: Solution, st: StationSpec, several: bool) -> dict[str, str]:
    """Manifest ids of the station's flights: ``soyuz-ms-plan-01``…, booked ones slugged."""
    names: dict[str, str] = {}
    counters: dict[str, int] = {}
    for f in solution.flights:
        if f.station != st.id:
            continue
        if f.in_progress:
            names[f.id] = _slug(f.id)
        else:
            counters[f.vehicle] = counters.get(f.vehicle, 0) + 1
            tag = f"{st.id}-" if several else ""
            names[f.id] = f"{f.vehicle}-{tag}plan-{counters[f.vehicle]:02d}"
    return names


def _booked_flights(
    req: PlanningRequest, st: StationSpec
) -> tuple[list[Flight], dict[str, CrewMember]]:
    """The booked flights of the station (not in progress) and every booked person."""
    flights: list[Flight] = []
    fixed_people: dict[str, CrewMember] = {}
    for x in req.fixed_flights:
        for q in x.crew:
            fixed_people[q.id] = CrewMember(
                id=q.id, name=q.name, agency=q.agency, nationality=q.nationality
            )
        if x.in_progress or x.station != st.id:
            continue
        assert x.undock is not None and x.landing is not None
        flights.append(
            Flight(
                id=_slug(x.id),
                name=x.id,
                vehicle=x.vehicle,
                mission=_KIND[x.kind],
                site=x.launch_site,
                launch_utc=x.launch,
                dock_utc=x.dock,
                port=x.port,
                undock_utc=x.undock,
                landing_utc=x.landing,
                crew_up=[p.id for p in x.crew],
                source=x.source,
            )
        )
    return flights, fixed_people


def _planned_flights(
    solution: Solution, st: StationSpec, names: dict[str, str], crews: dict[str, list[str]]
) -> list[Flight]:
    """The solution's flights to the station (a booked one in progress gets its return)."""
    req = solution.request
    out: list[Flight] = []
    for f in solution.flights:
        if f.station != st.id:
            continue
        fixed = next((x for x in req.fixed_flights if x.id == f.id), None)
        out.append(
            Flight(
                id=names[f.id],
                name=f.id if fixed else f"{f.vehicle} rotation (planned)",
                vehicle=f.vehicle,
                mission="rotation",
                site=f.launch_site,
                launch_utc=f.launch,
                dock_utc=f.dock,
                port=f.port,
                undock_utc=f.undock,
                landing_utc=f.landing,
                crew_up=crews[f.id],
                planned=True,
                notes="return planned by crossflight plan-crew" if fixed else "",
                source=fixed.source if fixed else "crossflight plan-crew",
            )
        )
    return out


def _vehicle_overrides(req: PlanningRequest) -> list[VehicleType]:
    """Catalog vehicle types whose docked life the request assumes differently."""
    catalog = load_vehicle_types()
    overrides = []
    for v in req.vehicles:
        vt = catalog[v.type]
        if v.docked_life_days is not None and v.docked_life_days != vt.docked_life_days:
            overrides.append(
                vt.model_copy(
                    update={
                        "docked_life_days": float(v.docked_life_days),
                        "source": "planning request assumption (not the catalog value)",
                    }
                )
            )
    return overrides


def _station_rules(req: PlanningRequest, st: StationSpec) -> RulesConfig:
    """The checker's rules for the station, as the request states them."""
    ag = req.agreement
    operators = {seg.agency for seg in st.segments}
    swap_here = ag.agency_a in operators and ag.agency_b in operators
    swapped_min = [
        r.min
        for v in req.vehicles
        for a, r in v.seats_by_agency.items()
        if (a == ag.agency_a and v.type in ag.vehicles_a)
        or (a == ag.agency_b and v.type in ag.vehicles_b)
    ]
    return RulesConfig(
        representation=[
            Representation(segment=seg, agency=agency, from_utc=t0, until_utc=t1)
            for sid, seg, agency, t0, t1 in representation_periods(req)
            if sid == st.id
        ],
        crew_size=CrewSizeRule(
            nominal=req.rules.nominal_crew, handover_max=req.rules.handover_max_crew
        ),
        handover=HandoverRule(
            min_overlap_days=float(req.rules.handover_overlap_min_days),
            vehicles=[
                v.type
                for v in req.vehicles
                if req.rules.direct_handover_vehicles is None
                or v.type in req.rules.direct_handover_vehicles
            ],
        ),
        seat_swap=[
            SeatSwapPeriod(
                id=f"swap-{label}",
                start_utc=lo,
                end_utc=hi,
                agency_a=ag.agency_a,
                vehicles_a=list(ag.vehicles_a),
                agency_b=ag.agency_b,
                vehicles_b=list(ag.vehicles_b),
                max_imbalance=ag.max_imbalance_seats,
                every_flight=bool(swapped_min) and min(swapped_min) >= 1,
            )
            for label, lo, hi in balance_periods(req)
            if swap_here
        ],
    )


def _station_manifest(
    solution: Solution,
    st: StationSpec,
    crews: dict[str, list[str]],
    pool_people: list[CrewMember],
    several: bool,
) -> Manifest:
    req = solution.request
    names = _flight_names(solution, st, several)
    flights, fixed_people = _booked_flights(req, st)
    flights += _planned_flights(solution, st, names, crews)
    flights.sort(key=lambda fl: (fl.launch_utc, fl.id))
    aboard = {p for fl in flights for p in fl.crew_up}
    people = {p.id: p for p in pool_people if p.id in aboard}
    people.update({k: v for k, v in fixed_people.items() if k in aboard})
    known_agencies = load_agencies()
    agencies = sorted({p.agency for p in people.values()} | {s.agency for s in st.segments})
    return Manifest(
        name=(req.name or "crew-rotation plan") + (f" ({st.id})" if several else ""),
        description="Crew-rotation plan made by crossflight plan-crew and verified by the "
        "rules checker.",
        source="crossflight plan-crew",
        period=Period(start_utc=req.start, end_utc=req.end),
        station=ManifestStation(
            builtin=None,
            id=st.id,
            name=st.name,
            segments=[Segment(id=s.id, name=s.name, agency=s.agency) for s in st.segments],
            ports=[Port.model_validate(p.model_dump()) for p in st.ports],
        ),
        agencies=[Agency(id=a) for a in agencies if a not in known_agencies],
        vehicles=[VehicleType.model_validate(o.model_dump()) for o in _vehicle_overrides(req)],
        crew=[people[k] for k in sorted(people)],
        flights=flights,
        rules=_station_rules(req, st),
    )


def make_plan(
    request: PlanningRequest, opts: SolveOptions | None = None, *, source: str = "<request>"
) -> Plan:
    """Solve, build the manifest, verify it; raise on infeasible requests or rejected plans."""
    request = with_history(request, source=source)
    check_request_against_catalog(request, source)
    _check_ports_and_flights(request, source)
    opts = opts or SolveOptions()
    solution, status = solve(request, opts)
    if solution is None:
        problem = _model_problem(request) if status == "MODEL_INVALID" else ""
        if problem:
            raise VerificationError(
                f"the CP-SAT model built from this request is invalid ({problem})",
                source=source,
                fix="this is a planner bug: please report it with the request file",
            )
        if status == "INFEASIBLE":
            lines = explain(request, time_limit_s=max(10.0, opts.time_limit_s), seed=opts.seed)
            raise InfeasibleRequestError(
                "the request cannot be met: " + "; ".join(lines[:1]),
                explanation=lines,
                source=source,
            )
        # UNKNOWN, or MODEL_INVALID from a model that validates: the time ran out first
        suggest = max(30, 4 * math.ceil(opts.time_limit_s))
        raise InfeasibleRequestError(
            f"no plan within the time limit (try --time-limit {suggest})",
            explanation=[
                f"CP-SAT neither found a plan nor proved the request infeasible in "
                f"{opts.time_limit_s:g} s (status {status})"
            ],
            source=source,
            fix=f"give more time, e.g. --time-limit {suggest}",
        )
    manifests, crews = plan_manifests(solution)
    reports = {}
    for sid, manifest in manifests.items():
        report = check_manifest(manifest, source=source)
        if not report.ok:
            bad = [v for v in report.violations if v.severity == "violation"]
            first = "; ".join(f"{v.rule} {v.subject}: {v.message}" for v in bad[:3])
            raise VerificationError(
                f"the rules checker rejected the plan for {sid} ({len(bad)} violation(s)): {first}",
                source=source,
                fix="this is a planner bug: please report it with the request file",
            )
        reports[sid] = report
    first_id = request.stations[0].id
    return Plan(
        solution=solution,
        manifest=manifests[first_id],
        report=reports[first_id],
        crew_by_flight=crews,
        other_stations={k: (manifests[k], reports[k]) for k in manifests if k != first_id},
    )


def _model_problem(request: PlanningRequest) -> str:
    """What CP-SAT finds wrong with the model of ``request`` ("" when the model is valid).

    CP-SAT also answers MODEL_INVALID when its time limit runs out before it has loaded the
    model; only a model that fails validation is a planner bug.
    """
    from crossflight.planning.crew_rotation import CrewRotationModel

    cm = CrewRotationModel(request)
    cm.fix_groups()
    return str(cm.model.validate())


def write_plan(plan: Plan, path: str | os.PathLike[str]) -> None:
    """Write the verified plan's manifests as one set: all files or none (temp dir + rename)."""
    paths = plan.paths(path)
    files: dict[Path, str] = {Path(path): dumps_manifest(plan.manifest)}
    for sid, (manifest, _report) in plan.other_stations.items():
        files[paths[sid]] = dumps_manifest(manifest)
    write_texts_atomic(files, field="--out")
