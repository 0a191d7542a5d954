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
        for i, (fa, a0, a1) in enumerate(occ):
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
            for fb, b0, b1 in occ[i + 1 :]:
                lo, hi = max(a0, b0), min(a1, b1)
                if lo < hi:
                    out.add(
                        "R3",
                        "violation",
                        f"{port_id}: {fa} + {fb}",
                        f"{fa} and {fb} occupy {port_id} at the same time",
                        lo,
                        min(hi, tl.end),
                        kind="certified limit",
                        source=PORTS_SOURCE,
                    )
    for t, fid, port_id in tl.arrivals:
        port = rm.station.port(port_id)
        assert port is not None
        for nb in port.neighbours:
            for other, t0, t1 in tl.ports.get(nb, []):
                if other != fid and t0 <= t < t1:
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
