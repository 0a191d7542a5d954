"""Rules from agreements between agencies: R6 seat-swap balance and R7 handover overlap."""

from __future__ import annotations

import bisect
import itertools

from crossflight.model.flights import Flight
from crossflight.model.resolve import ResolvedManifest
from crossflight.rules.findings import Findings, days
from crossflight.rules.timeline import Timeline, secs

__all__ = ["check_handover", "check_seat_swap"]


def _carries(rm: ResolvedManifest, f: Flight, agency: str) -> bool:
    """Whether a person of ``agency`` rode ``f`` up or down."""
    down = f.returning_crew if (f.undock_utc is not None or f.crew_down is not None) else []
    return any(rm.person(p).agency == agency for p in [*f.crew_up, *down])


def _end_of(f: Flight) -> int:
    t = f.landing_utc or f.undock_utc or f.dock_utc
    return secs(t)


def check_seat_swap(rm: ResolvedManifest, tl: Timeline, out: Findings) -> None:
    """R6: per agreement period, count rotation flights carrying the partner's seat each way.

    Rotation flights are sorted by launch once; each period takes its slice by bisection.
    """
    rotations = sorted(
        (f for f in rm.flights.values() if f.mission == "rotation"), key=lambda f: f.launch_utc
    )
    for sw in rm.manifest.rules.seat_swap:
        lo, hi = sw.start_utc, sw.end_utc
        i0 = bisect.bisect_left(rotations, lo, key=lambda f: f.launch_utc)
        i1 = bisect.bisect_left(rotations, hi, key=lambda f: f.launch_utc)
        counts: dict[str, list[str]] = {}
        for agency, vehicles in ((sw.agency_a, sw.vehicles_a), (sw.agency_b, sw.vehicles_b)):
            flights = [f for f in rotations[i0:i1] if f.vehicle in vehicles]
            carried = [f.id for f in flights if _carries(rm, f, agency)]
            counts[agency] = carried
            if sw.every_flight:
                for f in flights:
                    if f.id not in carried:
                        out.add(
                            "R6",
                            "violation",
                            f.id,
                            f"{f.name or f.id} carries no {agency} crew member up or down "
                            f"(agreement {sw.id})",
                            secs(f.launch_utc),
                            _end_of(f),
                            kind=sw.kind,
                            source=sw.source,
                        )
        na, nb = len(counts[sw.agency_a]), len(counts[sw.agency_b])
        if abs(na - nb) > sw.max_imbalance:
            out.add(
                "R6",
                "violation",
                f"agreement {sw.id}",
                f"{na} {sw.agency_a} seats on {'/'.join(sw.vehicles_a)} vs {nb} "
                f"{sw.agency_b} seats on {'/'.join(sw.vehicles_b)} (allowed difference "
                f"{sw.max_imbalance})",
                secs(lo),
                secs(hi),
                kind=sw.kind,
                source=sw.source,
            )


def check_handover(rm: ResolvedManifest, tl: Timeline, out: Findings) -> None:
    """R7: consecutive rotation flights of one vehicle type overlap by the configured days."""
    cfg = rm.manifest.rules.handover
    if cfg.min_overlap_days is None:
        return
    need_s = cfg.min_overlap_days * 86400.0
    for vehicle in cfg.vehicles:
        chain = sorted(
            (f for f in rm.flights.values() if f.vehicle == vehicle and f.mission == "rotation"),
            key=lambda f: f.dock_utc,
        )
        for a, b in itertools.pairwise(chain):
            if a.undock_utc is None:
                continue
            overlap = secs(a.undock_utc) - secs(b.dock_utc)
            if overlap < need_s:
                t0, t1 = sorted((secs(b.dock_utc), secs(a.undock_utc)))
                what = f"overlap {days(overlap)}" if overlap >= 0 else f"gap {days(-overlap)}"
                out.add(
                    "R7",
                    cfg.severity,
                    f"{a.id} -> {b.id}",
                    f"handover {a.id} -> {b.id}: {what}, less than {cfg.min_overlap_days:g} d",
                    t0,
                    t1,
                    kind=cfg.kind,
                    source=cfg.source,
                )
