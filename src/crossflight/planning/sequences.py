"""Flight sequences of the crew-rotation model: the candidate flights of one vehicle type at one
station, in docking order, with their seats, handovers and an implied bound on their stays.

Functions take the :class:`~crossflight.planning.crew_rotation.CrewRotationModel` under
construction and add variables and constraints to it (as :mod:`resources` does); each
constraint block opens with its rule in plain English.  The order in which variables are
created is part of the model (CP-SAT's search follows it), so it is kept stable.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from crossflight.model.request import FixedFlight, StationSpec, VehicleSpec
from crossflight.planning.candidates import CandidateFlight, FixedEntry
from crossflight.planning.timegrid import UNDOCK_HOUR_UTC

if TYPE_CHECKING:
    from crossflight.planning.crew_rotation import CrewRotationModel

__all__ = ["add_sequence"]

LinearExpr = cp_model.LinearExprT


@dataclass(frozen=True)
class _Span:
    """Day bounds of a sequence: docking/undocking within [lo, hi]; launch/landing offsets."""

    lo: int
    hi: int
    launch_off: int
    landing_off: int


def _span(cm: CrewRotationModel, v: VehicleSpec, station: StationSpec) -> _Span:
    g = cm.grid
    launch_off = g.launch_day_offset(v.launch_to_dock_h)
    landing_off = g.landing_day_offset(v.undock_to_landing_h)
    lo = max(cm.first_day - launch_off, cm.first_day)
    if station.crewed_from is not None:
        lo = max(lo, g.first_day_on_or_after(station.crewed_from))
    hi = cm.last_day
    if station.crewed_until is not None:
        hi = min(hi, g.covered_undock_day(station.crewed_until))
    hi = max(hi, lo)  # too short a window: no candidate can be present (min stay)
    return _Span(lo, hi, launch_off, landing_off)


def _group_literals(
    cm: CrewRotationModel, v: VehicleSpec, station: StationSpec
) -> tuple[cp_model.IntVar | None, cp_model.IntVar]:
    """The requirement groups of a sequence: direct handovers (if configured), mission minimum."""
    rules = cm.request.rules
    direct_list = rules.direct_handover_vehicles
    handover_lit: cp_model.IntVar | None = None
    if direct_list is None or v.type in direct_list:
        handover_lit = cm.book.new(
            ("handover", v.type, station.id),
            "handover",
            f"{v.type} crews at {station.id} hand over directly (the new crew docks "
            f"{rules.handover_overlap_min_days}..{rules.handover_overlap_max_days} days "
            "before the old one leaves)",
        )
    min_lit = cm.book.new(
        ("mission-min", v.type, station.id),
        "mission-length",
        f"{v.type} crews at {station.id} stay at least {v.mission.min_days} days "
        f"(and the horizon ends {cm.request.end.date()})",
    )
    return handover_lit, min_lit


def add_sequence(cm: CrewRotationModel, v: VehicleSpec, station: StationSpec) -> None:
    """The candidate flights of vehicle ``v`` at ``station`` (and a booked one in progress)."""
    sp = _span(cm, v, station)
    prev: CandidateFlight | None = None
    pred = cm.rotation_predecessor(v, station)
    for f in cm.in_progress:
        if f.vehicle == v.type and f.station == station.id:
            prev = _in_progress_candidate(cm, f, v, station, sp.landing_off)
            pred = None
    handover_lit, min_lit = _group_literals(cm, v, station)
    for k in range(cm.n_candidates(v, station)):
        cand = _candidate(cm, v, station, k, sp, min_lit)
        _add_seats(cm, cand, v, station)
        _add_order_and_handover(cm, cand, prev, pred, handover_lit)
        cm.candidates.append(cand)
        prev = cand
    _add_stay_bound(cm, v, station, sp, pred)


def _candidate(
    cm: CrewRotationModel,
    v: VehicleSpec,
    station: StationSpec,
    k: int,
    sp: _Span,
    min_lit: cp_model.IntVar,
) -> CandidateFlight:
    """Presence, docking and undocking days and stay of candidate ``k``."""
    m = cm.model
    name = f"{v.type}@{station.id}#{k}"
    present = m.new_bool_var(f"present[{name}]")
    dock = m.new_int_var(sp.lo, sp.hi, f"dock[{name}]")
    undock = m.new_int_var(sp.lo, sp.hi, f"undock[{name}]")
    stay = m.new_int_var(0, v.mission.max_days, f"stay[{name}]")
    m.add(stay == undock - dock)
    # Rule: a crew stays docked between the mission's min and max length, which the
    # request keeps within the vehicle's certified docked life (R4).
    m.add(stay >= v.mission.min_days).only_enforce_if([present, min_lit])
    # Rule: an absent flight sits at a canonical place (symmetry breaking).
    m.add(dock == sp.lo).only_enforce_if(~present)
    m.add(undock == sp.lo).only_enforce_if(~present)
    cand = CandidateFlight(
        key=(v.type, station.id, k),
        vehicle=v,
        station=station,
        present=present,
        dock=dock,
        undock=undock,
        stay=stay,
        launch_day=dock + sp.launch_off,
        landing_day=undock + sp.landing_off,
        seats={},
        carry={},
        crew=m.new_int_var(0, v.seats, f"crew[{name}]"),
    )
    # Rule: a planned flight launches within the horizon, and its crew leaves the station
    # before the station (or the horizon) ends.
    m.add(cand.launch_day >= cm.first_day).only_enforce_if(present)
    return cand


def _add_seats(
    cm: CrewRotationModel, cand: CandidateFlight, v: VehicleSpec, station: StationSpec
) -> None:
    """Rule: the seats of a flight are shared among agencies within the request's ranges;
    after the agreement ends, no swapped seats are flown."""
    m, g, agreement = cm.model, cm.grid, cm.request.agreement
    name, present = cand.id, cand.present
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


def _add_order_and_handover(
    cm: CrewRotationModel,
    cand: CandidateFlight,
    prev: CandidateFlight | None,
    pred: FixedEntry | None,
    handover_lit: cp_model.IntVar | None,
) -> None:
    m, rules = cm.model, cm.request.rules
    present, dock, undock = cand.present, cand.dock, cand.undock
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
    if before_u is None:
        return
    direct = m.new_bool_var(f"direct_handover[{cand.id}]")
    m.add_implication(direct, present)
    m.add(dock <= before_u - rules.handover_overlap_min_days).only_enforce_if(direct)
    m.add(dock >= before_u - rules.handover_overlap_max_days).only_enforce_if(direct)
    m.add(dock >= before_u + 1).only_enforce_if([present, ~direct])
    if handover_lit is not None:
        # Rule (R7, hard where configured): every rotation hands over directly.
        m.add_implication(handover_lit, direct).only_enforce_if(present)


def _add_stay_bound(
    cm: CrewRotationModel, v: VehicleSpec, station: StationSpec, sp: _Span, pred: FixedEntry | None
) -> None:
    """Redundant (implied) rule that tightens the relaxation: the n stays of one sequence
    start after `start`, end by `hi` and overlap pairwise by at most handover_overlap_max_days,
    so they sum to at most the span plus n - 1 overlaps."""
    m, g, rules = cm.model, cm.grid, cm.request.rules
    seq = [c for c in cm.candidates if c.key[:2] == (v.type, station.id)]
    if not seq:
        return
    start = (
        sp.lo if pred is None else max(sp.lo, pred.covered_undock - rules.handover_overlap_max_days)
    )
    start = min([start] + [g.covered_dock_day(c.in_progress.dock) for c in seq if c.in_progress])
    end = sp.hi
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
    cm: CrewRotationModel, f: FixedFlight, v: VehicleSpec, station: StationSpec, landing_off: int
) -> CandidateFlight:
    """A rotation aboard at the horizon start whose undocking day the planner chooses."""
    m, g = cm.model, cm.grid
    name = f.id
    d = g.covered_dock_day(f.dock)
    dock_days = g.days(f.dock)
    # Rule (R4): its real docked time stays within the mission limits (and docked life).
    u_max = math.floor(dock_days + v.mission.max_days - UNDOCK_HOUR_UTC / 24.0)
    u_min = max(cm.first_day, math.ceil(dock_days + v.mission.min_days - UNDOCK_HOUR_UTC / 24.0))
    if u_min > u_max:
        u_min = u_max = max(cm.first_day, u_max)
    dock = m.new_int_var(d, d, f"dock[{name}]")
    undock = m.new_int_var(u_min, u_max, f"undock[{name}]")
    stay = m.new_int_var(0, max(0, u_max - d), f"stay[{name}]")
    m.add(stay == undock - dock)
    counts: dict[str, int] = {}
    for p in f.crew:
        counts[p.agency] = counts.get(p.agency, 0) + 1
    seats = {a: m.new_int_var(n, n, f"seats[{name},{a}]") for a, n in counts.items()}
    carry = {a: cm.true_lit for a in counts}
    crew = m.new_int_var(len(f.crew), len(f.crew), f"crew[{name}]")
    cand = CandidateFlight(
        key=(v.type, station.id, -1),
        vehicle=v,
        station=station,
        present=cm.true_lit,
        dock=dock,
        undock=undock,
        stay=stay,
        launch_day=g.day_of(f.launch),
        landing_day=undock + landing_off,
        seats=seats,
        carry=carry,
        crew=crew,
        ports={f.port: cm.true_lit},
        in_progress=f,
    )
    cm.candidates.append(cand)
    return cand
