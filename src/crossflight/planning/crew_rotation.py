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
from datetime import UTC, datetime

from ortools.sat.python import cp_model

from crossflight.model.request import FixedFlight, PlanningRequest, StationSpec, VehicleSpec
from crossflight.planning.candidates import CandidateFlight, FixedEntry
from crossflight.planning.groups import GroupBook
from crossflight.planning.representation import add_representation, add_seat_swap_balance
from crossflight.planning.resources import add_crew_pools, add_crew_size, add_ports
from crossflight.planning.sequences import add_sequence
from crossflight.planning.timegrid import DayGrid

__all__ = ["CandidateFlight", "CrewRotationModel", "FixedEntry"]

LinearExpr = cp_model.LinearExprT


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

    def n_candidates(self, v: VehicleSpec, station: StationSpec) -> int:
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

    def rotation_predecessor(self, v: VehicleSpec, station: StationSpec) -> FixedEntry | None:
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
                add_sequence(self, v, station)
        self._add_vehicle_limits()
        add_ports(self)
        add_crew_size(self)
        add_crew_pools(self)
        add_representation(self)
        add_seat_swap_balance(self)
        self._add_objective_terms()

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
