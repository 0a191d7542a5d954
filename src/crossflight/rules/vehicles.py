"""Rules about vehicles: R3 ports (one at a time, compatible, neighbours clear on arrival) and
R4 docked life."""

from __future__ import annotations

from crossflight.model.limits import severity_for
from crossflight.model.resolve import ResolvedManifest
from crossflight.rules.findings import Findings, days
from crossflight.rules.timeline import Timeline

__all__ = ["PORTS_SOURCE", "check_ports", "check_vehicle_life"]

#: One vehicle per docking port: a physical capacity.
PORTS_SOURCE = "one vehicle per docking port (station ports, data/stations/iss.toml)"


def check_ports(rm: ResolvedManifest, tl: Timeline, out: Findings) -> None:
    """R3: one vehicle per port at a time; vehicle type compatible; neighbours free on arrival."""
    for port_id, occ in sorted(tl.ports.items()):
        port = rm.station.port(port_id)
        assert port is not None  # resolved
        occ = sorted(occ, key=lambda x: x[1])
        for fa, a0, a1 in occ:
            vtype = rm.flights[fa].vehicle
            if port.vehicles and vtype not in port.vehicles:
                out.add(
                    "R3",
                    "violation",
                    f"{port_id}: {fa}",
                    f"{fa} ({vtype}) at {port_id}, which takes {', '.join(port.vehicles)}",
                    a0,
                    min(a1, tl.end),
                    kind="certified limit",
                    source=port.source or PORTS_SOURCE,
                )
        _overlaps(port_id, occ, tl, out)
    _neighbours_on_arrival(rm, tl, out)


def _overlaps(port_id: str, occ: list[tuple[str, int, int]], tl: Timeline, out: Findings) -> None:
    """R3 double occupancy on one port; ``occ`` sorted by start.  A sweep keeps the vehicles
    still there, so the cost is the occupancies plus the overlaps found."""
    still: list[tuple[int, str, int]] = []  # (position in occ, flight, end) of earlier ones
    for j, (fb, b0, b1) in enumerate(occ):
        still = [x for x in still if x[2] > b0]
        if b1 <= b0:
            continue  # an empty span overlaps nothing
        for _, fa, a1 in still:  # in order of occ: the earlier-listed vehicle is named first
            out.add(
                "R3",
                "violation",
                f"{port_id}: {fa} + {fb}",
                f"{fa} and {fb} occupy {port_id} at the same time",
                b0,
                min(min(a1, b1), tl.end),
                kind="certified limit",
                source=PORTS_SOURCE,
            )
        still.append((j, fb, b1))


def _neighbours_on_arrival(rm: ResolvedManifest, tl: Timeline, out: Findings) -> None:
    """R3: on arrival at a port, its declared neighbours are clear.  One time sweep over every
    port's occupancies keeps who is at each port, so each arrival costs its neighbours."""
    events: list[tuple[int, int, int, str, str]] = []  # (t, kind, order, flight, port)
    for port_id, occ in tl.ports.items():
        for fid, t0, t1 in occ:
            if t0 >= t1:
                continue  # an empty span occupies nothing
            events.append((t0, 1, 0, fid, port_id))
            events.append((t1, 0, 0, fid, port_id))
    for k, (t, fid, port_id) in enumerate(tl.arrivals):
        events.append((t, 2, k, fid, port_id))
    # at one instant: departures (t1 == t is clear), then arrivals (t0 == t occupies), then checks
    events.sort(key=lambda e: (e[0], e[1], e[2]))
    at: dict[str, dict[str, int]] = {}  # port -> {flight: number of open occupancies}
    for t, kind, _, fid, port_id in events:
        here = at.setdefault(port_id, {})
        if kind == 0:
            here[fid] -= 1
            if not here[fid]:
                del here[fid]
        elif kind == 1:
            here[fid] = here.get(fid, 0) + 1
        else:
            port = rm.station.port(port_id)
            assert port is not None
            for nb in port.neighbours:
                for other in at.get(nb, {}):
                    if other != fid:
                        out.add(
                            "R3",
                            "violation",
                            f"{port_id}: {fid}",
                            f"{fid} arrives at {port_id} while {other} occupies neighbour {nb}, "
                            "which must be clear",
                            t,
                            t,
                            kind="planning rule",
                            source=port.source or PORTS_SOURCE,
                        )


def check_vehicle_life(rm: ResolvedManifest, tl: Timeline, out: Findings) -> None:
    """R4: docked time within the vehicle type's docked life.  Beyond a certified limit or a
    planning rule: violation; beyond a warning threshold: warning.  Only a certified limit is
    also warned ``warning_margin_days`` before."""
    rule = rm.manifest.rules.vehicle_life
    margin_s = rule.warning_margin_days * 86400.0
    for fid, (t0, t1) in tl.docked.items():
        vtype = rm.vehicle_of(fid)
        life = vtype.docked_life_days
        if life is None:
            continue
        kind, source = vtype.docked_life_kind, vtype.docked_life_source or vtype.source
        life_s = life * 86400.0
        t_end = min(t1, tl.end)
        dur = t_end - t0
        still = "still docked at the period end after" if t1 > tl.end else "docked"
        if dur > life_s:
            out.add(
                "R4",
                severity_for(kind),
                fid,
                f"{fid} {still} {days(dur)}, {days(dur - life_s)} beyond the {life:g} d "
                f"docked life ({kind})",
                round(t0 + life_s),
                t_end,
                kind=kind,
                source=source,
            )
        elif kind == "certified limit" and dur > life_s - margin_s and margin_s > 0:
            out.add(
                "R4",
                "warning",
                fid,
                f"{fid} within {margin_s / 86400.0:g} d of its certified {life:g} d docked life",
                round(t0 + life_s - margin_s),
                round(min(t_end, t0 + life_s)),
                kind="warning threshold",
                source=f"{rule.source}; limit: {source}",
            )
