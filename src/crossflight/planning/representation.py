"""Coverage constraints of the crew-rotation model: segment representation (R1) and the
seat-swap balance of the integrated-crew agreement (R6).

Representation is modelled as a *chain*: the union of the stays of the flights that carry an
agency's crew covers a period iff one of them is aboard at the period's start and every such stay
that ends inside the period is overlapped (by at least ``handover_overlap_min_days``) by another
one that ends later.  This needs one Boolean per ordered pair of flights, not one per day, so a
ten-year horizon stays small.  For an explanation each period is split into calendar quarters,
each its own requirement group, so an infeasible request is explained down to the quarter.  A
normal solve enforces every group; then the chain over the whole period is the same requirement
as the chains of all its quarters (the quarters' continuation ranges tile the period's, and a
chain from the period's start covers every quarter's start: each stay ending inside has a
successor docking before it ends), with O(candidates) literals instead of O(candidates x
quarters).  Short horizons keep the quarters anyway (``QUARTER_CHAINS_MAX_YEARS``).
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from crossflight.model.request import PlanningRequest

if TYPE_CHECKING:
    from crossflight.planning.crew_rotation import CandidateFlight, CrewRotationModel, FixedEntry

__all__ = ["add_representation", "add_seat_swap_balance", "representation_periods"]


def _quarter_starts(t0: datetime, t1: datetime) -> list[datetime]:
    out = [t0]
    y, q = t0.year, (t0.month - 1) // 3
    while True:
        q += 1
        if q == 4:
            y, q = y + 1, 0
        b = datetime(y, 3 * q + 1, 1, tzinfo=UTC)
        if b >= t1:
            break
        out.append(b)
    out.append(t1)
    return out


#: Horizons up to this many years keep one chain per quarter in a normal solve too: there the
#: per-quarter chains (redundant once every group is enforced) help CP-SAT's search; beyond it
#: their O(candidates x quarters) literals dominate the model (at 20 years 40.6k of 57.7k
#: variables) and one chain over the whole period is used.
QUARTER_CHAINS_MAX_YEARS = 6


def _per_quarter(cm: CrewRotationModel) -> bool:
    """Whether each quarter gets its own representation chain (see module docstring)."""
    if cm.for_explanation:  # each quarter is its own group: explained down to the quarter
        return True
    return len(cm.years) <= QUARTER_CHAINS_MAX_YEARS


def representation_periods(
    req: PlanningRequest,
) -> list[tuple[str, str, str, datetime, datetime]]:
    """``(station, segment, agency, from, until)`` for every representation requirement.

    Defaults: from the horizon start (or a day after a new station's ``crewed_from``) until a
    day before the station's ``crewed_until`` (or the horizon end), so the last crew can leave.
    """
    out = []
    for st in req.stations:
        for seg in st.segments:
            t0 = seg.represented_from
            if t0 is None:
                t0 = req.start
                if st.crewed_from is not None:
                    t0 = max(t0, st.crewed_from + timedelta(days=1))
            t0 = max(t0, req.start)
            last = req.end if st.crewed_until is None else min(req.end, st.crewed_until)
            t1 = seg.represented_until or last - timedelta(days=1)
            t1 = min(t1, last - timedelta(days=1))
            if t1 > t0:
                out.append((st.id, seg.id, seg.agency, t0, t1))
    return out


class _Successors:
    """Pair literals: ``continues(i -> j)`` means j carries the agency, docks at least ``hmin``
    days before i undocks and undocks after i — j continues i's watch."""

    def __init__(
        self,
        model: cp_model.CpModel,
        agency: str,
        hmin: int,
        planned: dict[str, CandidateFlight],
    ) -> None:
        self.model, self.agency, self.hmin, self.planned = model, agency, hmin, planned
        self.fixed: list[FixedEntry] = []
        self.pair: dict[tuple[str, str], cp_model.IntVar] = {}

    def of(self, i_id: str, i_undock: cp_model.LinearExprT) -> list[cp_model.IntVar]:
        """The literals of every flight that may continue flight ``i_id``."""
        m, out = self.model, []
        ci = self.planned.get(i_id)
        for j_id, j in self.planned.items():
            if j_id == i_id:
                continue
            if ci is not None and ci.key[:2] == j.key[:2] and j.key[2] < ci.key[2]:
                continue  # an earlier flight of the same sequence never continues a later one
            key = (i_id, j_id)
            if key not in self.pair:
                lit = m.new_bool_var(f"continues[{self.agency},{i_id}->{j_id}]")
                m.add_implication(lit, j.carry[self.agency])
                m.add(j.dock <= i_undock - self.hmin).only_enforce_if(lit)
                m.add(j.undock >= i_undock + 1).only_enforce_if(lit)
                self.pair[key] = lit
            out.append(self.pair[key])
        if ci is not None:  # a booked flight may continue a planned one
            for fe in self.fixed:
                key = (i_id, fe.flight.id)
                if key not in self.pair:
                    lit = m.new_bool_var(f"continues[{self.agency},{i_id}->{fe.flight.id}]")
                    m.add(i_undock >= fe.covered_dock + self.hmin).only_enforce_if(lit)
                    m.add(i_undock <= fe.covered_undock - 1).only_enforce_if(lit)
                    self.pair[key] = lit
                out.append(self.pair[key])
        return out


def add_representation(cm: CrewRotationModel) -> None:
    """Rule (R1): each segment's operating agency has someone aboard throughout its period."""
    m, g = cm.model, cm.grid
    hmin = cm.request.rules.handover_overlap_min_days
    for station_id, seg_id, agency, t0, t1 in representation_periods(cm.request):
        planned = [c for c in cm.candidates if c.station.id == station_id and agency in c.carry]
        fixed = [
            fe
            for fe in cm.fixed
            if fe.flight.station == station_id
            and fe.seats(agency) > 0
            and fe.covered_undock >= g.first_undock_day_after(t0)
            and fe.covered_dock <= fe.covered_undock
        ]
        vehicles = sorted({c.vehicle.type for c in planned})
        successors = _Successors(m, agency, hmin, {c.id: c for c in planned})
        successors.fixed = fixed
        bounds = _quarter_starts(t0, t1) if _per_quarter(cm) else [t0, t1]
        for w0, w1 in itertools.pairwise(bounds):
            a_dock = g.last_dock_day_before(w0)
            a_und = g.first_undock_day_after(w0)
            b_und = g.first_undock_day_after(w1)
            head = f"{station_id} {seg_id} segment representation"
            tail = f"needs a {agency} crew member aboard" + (
                f" (seats on {' or '.join(vehicles)})" if vehicles else " (no vehicle seats one)"
            )
            span = (f"{w0:%Y-%m-%d}", f"{w1:%Y-%m-%d}")
            lit = cm.book.new(
                ("representation", station_id, seg_id, span[0]),
                "representation",
                f"{head} {span[0]}..{span[1]} {tail}",
                span=span,
                head=head,
                tail=tail,
            )
            # Start: somebody of the agency is aboard at the window's start.
            starts: list[cp_model.IntVar] = []
            fixed_start = any(
                fe.covered_dock <= a_dock and fe.covered_undock >= a_und for fe in fixed
            )
            if not fixed_start:
                for c in planned:
                    s = m.new_bool_var(f"starts[{agency},{c.id},{w0:%Y%m%d}]")
                    m.add_implication(s, c.carry[agency])
                    m.add(c.dock <= a_dock).only_enforce_if(s)
                    m.add(c.undock >= a_und).only_enforce_if(s)
                    starts.append(s)
                m.add_bool_or(starts).only_enforce_if(lit)
            # Continuation: each stay of the agency's crew that ends inside the window is
            # overlapped by another one that ends later.
            for fe in fixed:
                u = fe.covered_undock
                if not a_und <= u < b_und:
                    continue
                if any(
                    o.covered_dock <= u - hmin and o.covered_undock > u
                    for o in fixed
                    if o is not fe
                ):
                    continue
                m.add_bool_or(successors.of(fe.flight.id, u)).only_enforce_if(lit)
            for c in planned:
                early = m.new_bool_var(f"ends_before[{agency},{c.id},{w0:%Y%m%d}]")
                late = m.new_bool_var(f"ends_after[{agency},{c.id},{w0:%Y%m%d}]")
                m.add(c.undock <= a_und - 1).only_enforce_if(early)
                m.add(c.undock >= b_und).only_enforce_if(late)
                m.add_bool_or(
                    [~c.carry[agency], early, late, *successors.of(c.id, c.undock)]
                ).only_enforce_if(lit)


def add_seat_swap_balance(cm: CrewRotationModel) -> None:
    """Rule (R6): per balance period, the number of flights of b's vehicles carrying an agency-a
    member and of a's vehicles carrying an agency-b member differ by at most
    ``max_imbalance_seats`` (the agreement swaps seats, no money; counted per flight as the
    checker does)."""
    m, req = cm.model, cm.request
    ag = req.agreement
    if ag.balance_period == "year":
        periods = [(str(y), [y]) for y in cm.years]
    else:
        periods = [(f"{cm.years[0]}-{cm.years[-1]}", list(cm.years))]
    for label, years in periods:
        if ag.until is not None and min(years) > ag.until.year:
            continue
        terms: list[cp_model.LinearExprT] = []
        for c in cm.candidates:
            if c.in_progress is not None:
                continue
            for agency, vehicles, sign in (
                (ag.agency_a, ag.vehicles_a, 1),
                (ag.agency_b, ag.vehicles_b, -1),
            ):
                if c.vehicle.type not in vehicles or agency not in c.seats:
                    continue
                carry = c.carry[agency]
                if len(years) == len(cm.years):
                    terms.append(sign * carry)
                    continue
                z = m.new_bool_var(f"swap[{c.id},{agency},{label}]")
                in_p = sum(c.years[y] for y in years)
                m.add(z <= carry)
                m.add(z <= in_p)
                m.add(z >= carry + in_p - 1)
                terms.append(sign * z)
        booked = 0
        for fe in cm.fixed:
            f = fe.flight
            if f.launch < req.start or f.launch.year not in years:
                continue
            if f.kind != "rotation":
                continue
            if f.vehicle in ag.vehicles_a and fe.seats(ag.agency_a) > 0:
                booked += 1
            if f.vehicle in ag.vehicles_b and fe.seats(ag.agency_b) > 0:
                booked -= 1
        if not terms and booked == 0:
            continue
        diff = sum(terms) + booked
        lit = cm.book.new(
            ("balance", label),
            "balance",
            f"the seat swap in {label} balances within {ag.max_imbalance_seats} seat(s) "
            f"({ag.agency_a} on {'/'.join(ag.vehicles_a)} vs {ag.agency_b} on "
            f"{'/'.join(ag.vehicles_b)})",
        )
        m.add(diff <= ag.max_imbalance_seats).only_enforce_if(lit)
        m.add(diff >= -ag.max_imbalance_seats).only_enforce_if(lit)
        imb = m.new_int_var(0, 100, f"imbalance[{label}]")
        m.add(imb >= diff)
        m.add(imb >= -diff)
        cm.imbalance.append(imb)
