"""Station resources in the crew-rotation model: ports (R3), crew size (R5), crew pools.

Functions take the :class:`~crossflight.planning.crew_rotation.CrewRotationModel` under
construction and add one constraint block each; every block opens with its rule in plain
English.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

if TYPE_CHECKING:
    from crossflight.planning.crew_rotation import CandidateFlight, CrewRotationModel

__all__ = ["add_crew_pools", "add_crew_size", "add_ports"]


_Occupancy = tuple[cp_model.LinearExprT, cp_model.LinearExprT, cp_model.LinearExprT, str]
"""One vehicle's stay at a port in day indices: (docking day, undocking day, literal, tag)."""


def add_ports(cm: CrewRotationModel) -> None:
    """Rule (R3): ports one at a time, compatible vehicles, retired segments closed,
    neighbours clear on arrival."""
    m, g = cm.model, cm.grid
    for station in cm.request.stations:
        seg_until = {s.id: s.represented_until for s in station.segments}
        stays: dict[str, list[_Occupancy]] = {}
        for port in station.ports:
            at_port = stays.setdefault(port.id, [])
            intervals = []
            for c in cm.candidates:
                if c.station.id != station.id or c.vehicle.type not in port.vehicles:
                    continue
                if c.in_progress is not None:
                    if c.in_progress.port != port.id:
                        continue
                    lit = cm.true_lit
                else:
                    lit = m.new_bool_var(f"port[{c.id},{port.id}]")
                    c.ports[port.id] = lit
                # Rule (R3): a vehicle occupies its port from its docking day through its
                # undocking day; the next vehicle docks there a day later at the earliest.
                intervals.append(
                    m.new_optional_interval_var(
                        c.dock, c.stay + 1, c.undock + 1, lit, f"at[{c.id},{port.id}]"
                    )
                )
                at_port.append((c.dock, c.undock, lit, c.id))
                # Rule: a retired segment's ports take no new arrivals after its end.
                until = seg_until.get(port.segment)
                if until is not None and c.in_progress is None:
                    m.add(c.dock <= g.last_dock_day_before(until)).only_enforce_if(lit)
            for fe in cm.fixed:
                if fe.flight.station != station.id or fe.flight.port != port.id:
                    continue
                if fe.occupied_last < cm.first_day - 1:
                    continue
                size = fe.occupied_last - fe.occupied_first + 1
                intervals.append(
                    m.new_fixed_size_interval_var(
                        fe.occupied_first, size, f"fixed_at[{fe.flight.id}]"
                    )
                )
                at_port.append((fe.occupied_first, fe.occupied_last, cm.true_lit, fe.flight.id))
            # Rule (R3): one vehicle per port at a time.
            m.add_no_overlap(intervals)
        # Rule (R3): a planned flight uses exactly one compatible port of its station.
        for c in cm.candidates:
            if c.station.id == station.id:
                m.add(sum(c.ports.values()) == c.present)
        for port in station.ports:
            for neighbour in port.neighbours:
                _keep_clear(cm, stays.get(port.id, []), stays.get(neighbour, []))


def _keep_clear(
    cm: CrewRotationModel, arrivals: list[_Occupancy], others: list[_Occupancy]
) -> None:
    """Rule (R3): a vehicle arrives at a port only while its neighbour ports are free: its
    docking day lies before the neighbour's docking day or after its undocking day (whole days,
    so a same-day departure and arrival is refused: conservative against the checker's second)."""
    m = cm.model
    for dock, _, lit, tag in arrivals:
        for other_dock, other_undock, other_lit, other_tag in others:
            if isinstance(dock, int) and isinstance(other_dock, int):
                continue  # two fixed flights: as flown, the checker judges them
            before = m.new_bool_var(f"clear_before[{tag},{other_tag}]")
            m.add(dock <= other_dock - 1).only_enforce_if([lit, other_lit, before])
            m.add(dock >= other_undock + 1).only_enforce_if([lit, other_lit, before.Not()])


def _crew_interval(
    cm: CrewRotationModel, c: CandidateFlight, shrink: int, tag: str
) -> cp_model.IntervalVar:
    """The optional interval of a crew aboard, shrunk by ``shrink`` days at each end."""
    return cm.model.new_optional_interval_var(
        c.dock + shrink,
        c.stay + 1 - 2 * shrink,
        c.undock + 1 - shrink,
        c.present,
        f"{tag}[{c.id}]",
    )


def add_crew_size(cm: CrewRotationModel) -> None:
    """Rule (R5): crew size nominal outside handovers, never above the handover maximum."""
    m, rules = cm.model, cm.request.rules
    h = rules.handover_overlap_max_days
    for station in cm.request.stations:
        cands = [c for c in cm.candidates if c.station.id == station.id]
        fixed = [
            fe
            for fe in cm.fixed
            if fe.flight.station == station.id
            and fe.flight.crew
            and fe.occupied_last >= cm.first_day
        ]
        lit = cm.book.new(
            ("crew-size", station.id),
            "crew-size",
            f"{station.id} holds at most {rules.nominal_crew} people, "
            f"{rules.handover_max_crew} during handovers of at most {h} days",
        )
        big = sum(c.vehicle.seats for c in cands) + sum(len(fe.flight.crew) for fe in fixed)
        cap_max = m.new_int_var(0, big, f"cap_max[{station.id}]")
        cap_nom = m.new_int_var(0, big, f"cap_nominal[{station.id}]")
        m.add(cap_max <= rules.handover_max_crew).only_enforce_if(lit)
        m.add(cap_nom <= rules.nominal_crew).only_enforce_if(lit)
        crew = {c.id: c.crew for c in cands}
        # Rule (R5): at any time at most handover_max_crew people are aboard.
        m.add_cumulative(
            [_crew_interval(cm, c, 0, "aboard") for c in cands]
            + [
                m.new_fixed_size_interval_var(
                    fe.occupied_first,
                    fe.occupied_last - fe.occupied_first + 1,
                    f"fixed_aboard[{fe.flight.id}]",
                )
                for fe in fixed
            ],
            [crew[c.id] for c in cands] + [len(fe.flight.crew) for fe in fixed],
            cap_max,
        )
        # Rule (R5): away from the first and last handover_overlap_max_days of each rotation
        # (where handovers happen) at most nominal_crew people are aboard; short private
        # visits only count against the handover maximum.
        core_fixed = [
            fe
            for fe in fixed
            if fe.flight.kind == "rotation" and fe.occupied_last - fe.occupied_first + 1 > 2 * h
        ]
        m.add_cumulative(
            [_crew_interval(cm, c, h, "core") for c in cands]
            + [
                m.new_fixed_size_interval_var(
                    fe.occupied_first + h,
                    fe.occupied_last - fe.occupied_first + 1 - 2 * h,
                    f"fixed_core[{fe.flight.id}]",
                )
                for fe in core_fixed
            ],
            [crew[c.id] for c in cands] + [len(fe.flight.crew) for fe in core_fixed],
            cap_nom,
        )


def add_crew_pools(cm: CrewRotationModel) -> None:
    """Crew pools: never more members busy than an agency has."""
    m = cm.model
    for pool in cm.request.crew_pools:
        users = [c for c in cm.candidates if pool.agency in c.seats and c.in_progress is None]
        if not users:
            continue
        lit = cm.book.new(
            ("pool", pool.agency),
            "crew-pool",
            f"{pool.agency} has {pool.size} people to fly, each resting "
            f"{pool.rest_days} days between flights",
        )
        cap = m.new_int_var(0, sum(c.vehicle.seats for c in users), f"pool[{pool.agency}]")
        m.add(cap <= pool.size).only_enforce_if(lit)
        # Rule: a pool member is busy from launch through landing plus the rest period;
        # at no time are more members busy than the pool holds.
        intervals = []
        for c in users:
            start = c.launch_day
            end = c.landing_day + pool.rest_days + 1
            size = m.new_int_var(0, 10 * 366, f"busy_len[{c.id},{pool.agency}]")
            m.add(size + start == end)
            intervals.append(
                m.new_optional_interval_var(
                    start, size, end, c.present, f"busy[{c.id},{pool.agency}]"
                )
            )
        m.add_cumulative(intervals, [c.seats[pool.agency] for c in users], cap)
