"""The crew-rotation CP-SAT model: which crew flights, when, on which port, with how many seats.

Time is integer days (:class:`~crossflight.planning.timegrid.DayGrid`).  Each candidate flight
``(vehicle, station, k)`` is optional; flights of one vehicle type at one station form a
sequence (``k`` orders them) in which each flight either hands over directly to the next
(overlap within the handover bounds) or leaves a gap.  A crew comes home on the vehicle it flew
up on, so every person aboard always has a lifeboat seat (R2) by construction.

Each constraint block opens with its rule in plain English.  Requirement blocks are switched by
group literals (:mod:`crossflight.planning.groups`) so that an infeasible request can be explained.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime

from ortools.sat.python import cp_model

from crossflight.model.request import FixedFlight, PlanningRequest, StationSpec, VehicleSpec
from crossflight.planning.groups import GroupBook
from crossflight.planning.representation import add_representation, add_seat_swap_balance
from crossflight.planning.resources import add_crew_pools, add_crew_size, add_ports
from crossflight.planning.timegrid import UNDOCK_HOUR_UTC, DayGrid

__all__ = ["CandidateFlight", "CrewRotationModel", "FixedEntry"]

LinearExpr = cp_model.LinearExprT


@dataclass
class CandidateFlight:
    """Decision variables of one optional planned flight ``key = (vehicle, station, k)``."""

    key: tuple[str, str, int]
    vehicle: VehicleSpec
    station: StationSpec
    present: cp_model.IntVar
    dock: cp_model.IntVar
    undock: cp_model.IntVar
    stay: cp_model.IntVar
    launch_day: cp_model.LinearExpr | int
    landing_day: cp_model.LinearExpr | int
    seats: dict[str, cp_model.IntVar]
    carry: dict[str, cp_model.IntVar]
    crew: cp_model.IntVar
    ports: dict[str, cp_model.IntVar] = field(default_factory=dict)
    years: dict[int, cp_model.IntVar] = field(default_factory=dict)
    crew_days: cp_model.IntVar | None = None
    deviation: cp_model.IntVar | None = None
    in_progress: FixedFlight | None = None

    @property
    def id(self) -> str:
        """Stable model id, e.g. ``soyuz-ms@iss#3``."""
        return f"{self.key[0]}@{self.key[1]}#{self.key[2]}"


@dataclass(frozen=True)
class FixedEntry:
    """A fixed flight in day-index form (conservative, see :mod:`timegrid`)."""

    flight: FixedFlight
    covered_dock: int
    covered_undock: int
    occupied_first: int
    occupied_last: int
    launch_day: int

    def seats(self, agency: str) -> int:
        """How many of its crew belong to ``agency``."""
        return sum(1 for p in self.flight.crew if p.agency == agency)


class CrewRotationModel:
    """Builds the CP-SAT model of a :class:`PlanningRequest` (see ``docs/planning.md``)."""

    def __init__(self, request: PlanningRequest, *, for_explanation: bool = False) -> None:
        """Build the model.  ``for_explanation``: one more candidate flight per year than the
        yearly limits allow, so that relaxing a limit group can really add flights.
        """
        self.request = request
        self.for_explanation = for_explanation
        self.grid = DayGrid(request.start)
        self.model = cp_model.CpModel()
        self.book = GroupBook(self.model)
        self.first_day = self.grid.first_day_on_or_after(request.start)
        self.last_day = self.grid.covered_undock_day(request.end)
        self.years = list(range(request.start.year, request.end.year + 1))
        self.candidates: list[CandidateFlight] = []
        self.fixed = [self._fixed_entry(f) for f in request.fixed_flights if not f.in_progress]
        self.in_progress = [f for f in request.fixed_flights if f.in_progress]
        self.imbalance: list[cp_model.IntVar] = []
        self.true_lit = self.model.new_bool_var("true")
        self.model.add(self.true_lit == 1)
        self._build()

    # ------------------------------------------------------------------ helpers
    def _fixed_entry(self, f: FixedFlight) -> FixedEntry:
        g = self.grid
        assert f.undock is not None
        return FixedEntry(
            flight=f,
            covered_dock=g.covered_dock_day(f.dock),
            covered_undock=g.covered_undock_day(f.undock),
            occupied_first=g.day_of(f.dock),
            occupied_last=g.day_of(f.undock),
            launch_day=g.day_of(f.launch),
        )

    def _year_span(self, year: int) -> tuple[int, int]:
        """Day indices [first, last] of a calendar year (clipped to nothing: may be negative)."""
        g = self.grid
        first = g.first_day_on_or_after(datetime(year, 1, 1, tzinfo=UTC))
        last = g.first_day_on_or_after(datetime(year + 1, 1, 1, tzinfo=UTC)) - 1
        return first, last

    def _vehicles_for(self, station: StationSpec) -> list[VehicleSpec]:
        out = []
        for v in self.request.vehicles:
            if v.stations and station.id not in v.stations:
                continue
            if any(v.type in p.vehicles for p in station.ports):
                out.append(v)
        return out

    def _n_candidates(self, v: VehicleSpec, station: StationSpec) -> int:
        horizon_days = self.last_day - self.first_day + 1
        by_limit = v.max_flights_per_year * len(self.years)
        per_flight = max(1, v.mission.min_days - self.request.rules.handover_overlap_max_days)
        by_length = math.ceil(horizon_days / per_flight) + 1
        # For an explanation, relaxing a yearly limit must be able to add flights: allow one
        # more per year than the limits.
        extra = len(self.years) if self.for_explanation else 0
        n = min(by_limit + extra, by_length)
        if self.request.max_flights_per_vehicle is not None:
            n = min(n, self.request.max_flights_per_vehicle)
        return n

    def _rotation_predecessor(self, v: VehicleSpec, station: StationSpec) -> FixedEntry | None:
        """The booked rotation of this vehicle and station that is aboard at the horizon start."""
        best: FixedEntry | None = None
        for fe in self.fixed:
            f = fe.flight
            if f.kind != "rotation" or f.vehicle != v.type or f.station != station.id:
                continue
            if fe.covered_undock < self.first_day:
                continue
            if best is None or fe.covered_undock > best.covered_undock:
                best = fe
        return best

    # ------------------------------------------------------------------ build
    def _build(self) -> None:
        for station in self.request.stations:
            for v in self._vehicles_for(station):
                self._add_sequence(v, station)
        self._add_vehicle_limits()
        add_ports(self)
        add_crew_size(self)
        add_crew_pools(self)
        add_representation(self)
        add_seat_swap_balance(self)
        self._add_objective_terms()

    def _add_sequence(self, v: VehicleSpec, station: StationSpec) -> None:
        m, g, rules = self.model, self.grid, self.request.rules
        launch_off = g.launch_day_offset(v.launch_to_dock_h)
        landing_off = g.landing_day_offset(v.undock_to_landing_h)
        lo = max(self.first_day - launch_off, self.first_day)
        if station.crewed_from is not None:
            lo = max(lo, g.first_day_on_or_after(station.crewed_from))
        hi = self.last_day
        if station.crewed_until is not None:
            hi = min(hi, g.covered_undock_day(station.crewed_until))
        hi = max(hi, lo)  # too short a window: no candidate can be present (min stay)
        prev: CandidateFlight | None = None
        pred = self._rotation_predecessor(v, station)
        for f in self.in_progress:
            if f.vehicle == v.type and f.station == station.id:
                prev = self._in_progress_candidate(f, v, station, landing_off)
                pred = None
        agreement = self.request.agreement
        direct_list = rules.direct_handover_vehicles
        handover_lit: cp_model.IntVar | None = None
        if direct_list is None or v.type in direct_list:
            handover_lit = self.book.new(
                ("handover", v.type, station.id),
                "handover",
                f"{v.type} crews at {station.id} hand over directly (the new crew docks "
                f"{rules.handover_overlap_min_days}..{rules.handover_overlap_max_days} days "
                "before the old one leaves)",
            )
        min_lit = self.book.new(
            ("mission-min", v.type, station.id),
            "mission-length",
            f"{v.type} crews at {station.id} stay at least {v.mission.min_days} days "
            f"(and the horizon ends {self.request.end.date()})",
        )
        for k in range(self._n_candidates(v, station)):
            key = (v.type, station.id, k)
            name = f"{v.type}@{station.id}#{k}"
            present = m.new_bool_var(f"present[{name}]")
            dock = m.new_int_var(lo, hi, f"dock[{name}]")
            undock = m.new_int_var(lo, hi, f"undock[{name}]")
            stay = m.new_int_var(0, v.mission.max_days, f"stay[{name}]")
            m.add(stay == undock - dock)
            # Rule: a crew stays docked between the mission's min and max length, which the
            # request keeps within the vehicle's certified docked life (R4).
            m.add(stay >= v.mission.min_days).only_enforce_if([present, min_lit])
            # Rule: an absent flight sits at a canonical place (symmetry breaking).
            m.add(dock == lo).only_enforce_if(~present)
            m.add(undock == lo).only_enforce_if(~present)
            cand = CandidateFlight(
                key=key,
                vehicle=v,
                station=station,
                present=present,
                dock=dock,
                undock=undock,
                stay=stay,
                launch_day=dock + launch_off,
                landing_day=undock + landing_off,
                seats={},
                carry={},
                crew=m.new_int_var(0, v.seats, f"crew[{name}]"),
            )
            # Rule: a planned flight launches within the horizon, and its crew leaves the station
            # before the station (or the horizon) ends.
            m.add(cand.launch_day >= self.first_day).only_enforce_if(present)
            # Rule: the seats of a flight are shared among agencies within the request's ranges;
            # after the agreement ends, no swapped seats are flown.
            after_agreement: cp_model.IntVar | None = None
            if agreement.until is not None:
                # the agreement covers flights launching before its end (taken at midnight UTC)
                until_day = g.first_day_on_or_after(agreement.until)
                after_agreement = m.new_bool_var(f"after_agreement[{name}]")
                m.add(cand.launch_day >= until_day).only_enforce_if(after_agreement)
                m.add(cand.launch_day < until_day).only_enforce_if(~after_agreement)
            for agency, rng in v.seats_by_agency.items():
                if station.agencies is not None and agency not in station.agencies:
                    continue  # Rule: only the station's own agencies fly to it.
                s = m.new_int_var(0, rng.max, f"seats[{name},{agency}]")
                swapped = (agency == agreement.agency_a and v.type in agreement.vehicles_a) or (
                    agency == agreement.agency_b and v.type in agreement.vehicles_b
                )
                if swapped and after_agreement is not None:
                    m.add(s == 0).only_enforce_if(after_agreement)
                    m.add(s >= rng.min).only_enforce_if([present, ~after_agreement])
                else:
                    m.add(s >= rng.min).only_enforce_if(present)
                m.add(s == 0).only_enforce_if(~present)
                carry = m.new_bool_var(f"carry[{name},{agency}]")
                m.add(s >= 1).only_enforce_if(carry)
                m.add(s == 0).only_enforce_if(~carry)
                m.add_implication(carry, present)
                cand.seats[agency] = s
                cand.carry[agency] = carry
            m.add(cand.crew == sum(cand.seats.values()))
            # Rule: flights of one vehicle at one station are numbered in docking order, and a
            # later candidate is only used if the earlier one is.
            if prev is not None:
                m.add_implication(present, prev.present)
                m.add(dock >= prev.dock + 1).only_enforce_if(present)
                m.add(undock >= prev.undock + 1).only_enforce_if(present)
            # Rule (R7, handover): a rotation either hands over directly — the new crew docks
            # between handover_overlap_max_days and handover_overlap_min_days before the old one
            # undocks — or leaves a gap (no overlap at all), e.g. across a grounding.
            before_u: LinearExpr | None = None
            if prev is not None:
                before_u = prev.undock
            elif pred is not None:
                before_u = pred.covered_undock
            if before_u is not None:
                direct = m.new_bool_var(f"direct_handover[{name}]")
                m.add_implication(direct, present)
                m.add(dock <= before_u - rules.handover_overlap_min_days).only_enforce_if(direct)
                m.add(dock >= before_u - rules.handover_overlap_max_days).only_enforce_if(direct)
                m.add(dock >= before_u + 1).only_enforce_if([present, ~direct])
                if handover_lit is not None:
                    # Rule (R7, hard where configured): every rotation hands over directly.
                    m.add_implication(handover_lit, direct).only_enforce_if(present)
            self.candidates.append(cand)
            prev = cand
        # Redundant (implied) rule that tightens the relaxation: the n stays of one sequence
        # start after `start`, end by `hi` and overlap pairwise by at most
        # handover_overlap_max_days, so they sum to at most the span plus n - 1 overlaps.
        seq = [c for c in self.candidates if c.key[:2] == (v.type, station.id)]
        if seq:
            start = (
                lo
                if pred is None
                else max(lo, pred.covered_undock - rules.handover_overlap_max_days)
            )
            start = min(
                [start] + [g.covered_dock_day(c.in_progress.dock) for c in seq if c.in_progress]
            )
            end = hi
            closes = [
                next(sg.represented_until for sg in station.segments if sg.id == p.segment)
                for p in station.ports
                if v.type in p.vehicles
            ]
            if closes and all(t is not None for t in closes):  # every port's segment retires
                last_dock = max(g.last_dock_day_before(t) for t in closes if t is not None)
                end = min(end, last_dock + v.mission.max_days)
            for c in seq:
                if c.in_progress is not None:  # its return may lie beyond a short horizon
                    end = max(end, math.floor(g.days(c.in_progress.dock) + v.mission.max_days))
            m.add(
                sum(c.stay for c in seq)
                <= (end - start)
                + rules.handover_overlap_max_days * (sum(c.present for c in seq) - seq[0].present)
            )

    def _in_progress_candidate(
        self, f: FixedFlight, v: VehicleSpec, station: StationSpec, landing_off: int
    ) -> CandidateFlight:
        """A rotation aboard at the horizon start whose undocking day the planner chooses."""
        m, g = self.model, self.grid
        name = f.id
        d = g.covered_dock_day(f.dock)
        dock_days = g.days(f.dock)
        # Rule (R4): its real docked time stays within the mission limits (and docked life).
        u_max = math.floor(dock_days + v.mission.max_days - UNDOCK_HOUR_UTC / 24.0)
        u_min = max(
            self.first_day, math.ceil(dock_days + v.mission.min_days - UNDOCK_HOUR_UTC / 24.0)
        )
        if u_min > u_max:
            u_min = u_max = max(self.first_day, u_max)
        dock = m.new_int_var(d, d, f"dock[{name}]")
        undock = m.new_int_var(u_min, u_max, f"undock[{name}]")
        stay = m.new_int_var(0, max(0, u_max - d), f"stay[{name}]")
        m.add(stay == undock - dock)
        counts: dict[str, int] = {}
        for p in f.crew:
            counts[p.agency] = counts.get(p.agency, 0) + 1
        seats = {a: m.new_int_var(n, n, f"seats[{name},{a}]") for a, n in counts.items()}
        carry = {a: self.true_lit for a in counts}
        crew = m.new_int_var(len(f.crew), len(f.crew), f"crew[{name}]")
        cand = CandidateFlight(
            key=(v.type, station.id, -1),
            vehicle=v,
            station=station,
            present=self.true_lit,
            dock=dock,
            undock=undock,
            stay=stay,
            launch_day=g.day_of(f.launch),
            landing_day=undock + landing_off,
            seats=seats,
            carry=carry,
            crew=crew,
            ports={f.port: self.true_lit},
            in_progress=f,
        )
        self.candidates.append(cand)
        return cand

    def _add_vehicle_limits(self) -> None:
        m, g = self.model, self.grid
        for v in self.request.vehicles:
            cands = [
                c for c in self.candidates if c.vehicle.type == v.type and c.in_progress is None
            ]
            if not cands:
                continue
            # Rule: each planned flight launches in exactly one calendar year of the horizon.
            for c in cands:
                lits = []
                for y in self.years:
                    y0, y1 = self._year_span(y)
                    lit = m.new_bool_var(f"year[{c.id},{y}]")
                    m.add(c.launch_day >= y0).only_enforce_if(lit)
                    m.add(c.launch_day <= y1).only_enforce_if(lit)
                    c.years[y] = lit
                    lits.append(lit)
                m.add(sum(lits) == c.present)
            # Rule: a vehicle type flies at most max_flights_per_year crew rotations per calendar
            # year (booked flights launching that year count too).
            for y in self.years:
                booked = sum(
                    1
                    for fe in self.fixed
                    if fe.flight.vehicle == v.type
                    and fe.flight.kind == "rotation"
                    and fe.flight.launch.year == y
                    and fe.flight.launch >= self.request.start
                )
                head = f"{v.type} flies at most {v.max_flights_per_year} crew rotation(s) in"
                tail = f"({booked} already booked)" if booked else ""
                lit = self.book.new(
                    ("limit", v.type, str(y)),
                    "vehicle-limit",
                    " ".join(x for x in (head, str(y), tail) if x),
                    span=(str(y), str(y)),
                    head=head,
                    tail=tail,
                )
                m.add(
                    sum(c.years[y] for c in cands) + booked <= v.max_flights_per_year
                ).only_enforce_if(lit)
            # Rule: a vehicle type does not launch before it is available or after it retires.
            if v.earliest is not None or v.latest is not None:
                span = (f"from {v.earliest.date()}" if v.earliest else "") + (
                    f" until {v.latest.date()}" if v.latest else ""
                )
                lit = self.book.new(
                    ("availability", v.type), "availability", f"{v.type} is available only{span}"
                )
                for c in cands:
                    if v.earliest is not None:
                        e = g.first_day_on_or_after(v.earliest)
                        m.add(c.launch_day >= e).only_enforce_if([lit, c.present])
                    if v.latest is not None:
                        la = g.day_of(v.latest)
                        m.add(c.launch_day <= la).only_enforce_if([lit, c.present])
            # Rule: a grounded vehicle type does not launch during its grounding.
            for i, gr in enumerate(v.grounded):
                g0, g1 = g.day_of(gr.start), g.day_of(gr.end)
                reason = f" ({gr.reason})" if gr.reason else ""
                lit = self.book.new(
                    ("grounding", v.type, str(i)),
                    "grounding",
                    f"{v.type} is grounded {gr.start.date()}..{gr.end.date()}{reason}",
                )
                for c in cands:
                    early = m.new_bool_var(f"before_grounding[{c.id},{i}]")
                    m.add(c.launch_day < g0).only_enforce_if([lit, c.present, early])
                    m.add(c.launch_day > g1).only_enforce_if([lit, c.present, ~early])

    def _add_objective_terms(self) -> None:
        m = self.model
        for c in self.candidates:
            # Crew-days: one term per seat, bounded by the stay when the seat is filled
            # (maximised, so the bounds are tight at an optimum).
            filled = [m.new_bool_var(f"filled[{c.id},{i}]") for i in range(c.vehicle.seats)]
            for a, b in itertools.pairwise(filled):
                m.add_implication(b, a)
            m.add(sum(filled) == c.crew)
            terms = []
            for i, lit in enumerate(filled):
                sd = m.new_int_var(0, c.vehicle.mission.max_days, f"seat_days[{c.id},{i}]")
                m.add(sd <= c.stay)
                m.add(sd == 0).only_enforce_if(~lit)
                terms.append(sd)
            cd = m.new_int_var(0, c.vehicle.seats * c.vehicle.mission.max_days, f"cd[{c.id}]")
            m.add(cd == sum(terms))
            c.crew_days = cd
            dev = m.new_int_var(0, c.vehicle.mission.max_days, f"dev[{c.id}]")
            m.add(dev >= c.stay - c.vehicle.mission.target_days).only_enforce_if(c.present)
            m.add(dev >= c.vehicle.mission.target_days - c.stay).only_enforce_if(c.present)
            m.add(dev == 0).only_enforce_if(~c.present)
            c.deviation = dev

    # ------------------------------------------------------------------ objective terms
    def crew_days(self) -> LinearExpr:
        """Person-days aboard on planned flights (maximised first)."""
        return sum(c.crew_days for c in self.candidates if c.crew_days is not None)

    def n_flights(self) -> LinearExpr:
        """Number of planned flights (minimised second)."""
        return sum(c.present for c in self.candidates)

    def total_imbalance(self) -> LinearExpr:
        """Sum over balance periods of |swapped seats a - swapped seats b| (minimised third)."""
        return sum(self.imbalance)

    def total_deviation(self) -> LinearExpr:
        """Sum of |stay - target| in days (minimised last)."""
        return sum(c.deviation for c in self.candidates if c.deviation is not None)

    def fix_groups(self) -> None:
        """Enforce every requirement group (a normal solve)."""
        for lit in self.book.literals():
            self.model.add(lit == 1)
