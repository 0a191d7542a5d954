"""Plan summary: flights per vehicle and year, seat swaps, crew-days, gaps.

Everything is computed from the verified manifest (not from solver internals), so the summary
describes exactly what was written.  Crew-days count person-days aboard inside the horizon.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from crossflight.model.manifest import Manifest
from crossflight.planning.plan import Plan
from crossflight.times import format_utc

__all__ = ["Gap", "PlanSummary", "summarize"]

_DAY_S = 86400.0


@dataclass(frozen=True)
class Gap:
    """A span in which something the plan would like is missing (UTC, days)."""

    kind: str
    start_utc: datetime
    end_utc: datetime
    subject: str

    @property
    def days(self) -> float:
        """Length in days."""
        return (self.end_utc - self.start_utc).total_seconds() / _DAY_S

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (ISO times with Z)."""
        return {
            "kind": self.kind,
            "start_utc": format_utc(self.start_utc),
            "end_utc": format_utc(self.end_utc),
            "days": round(self.days, 2),
            "subject": self.subject,
        }


@dataclass
class PlanSummary:
    """Figures of one plan."""

    flights_per_vehicle_year: dict[str, dict[int, int]] = field(default_factory=dict)
    seat_swaps: list[dict[str, Any]] = field(default_factory=list)
    crew_days: float = 0.0
    crew_days_by_agency: dict[str, float] = field(default_factory=dict)
    gaps: list[Gap] = field(default_factory=list)
    stages: list[dict[str, Any]] = field(default_factory=list)
    optimal: bool = False
    warnings: list[str] = field(default_factory=list)
    model: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "flights_per_vehicle_year": {
                v: {str(y): n for y, n in sorted(d.items())}
                for v, d in sorted(self.flights_per_vehicle_year.items())
            },
            "seat_swaps": self.seat_swaps,
            "crew_days": round(self.crew_days, 1),
            "crew_days_by_agency": {
                a: round(d, 1) for a, d in sorted(self.crew_days_by_agency.items())
            },
            "gaps": [g.to_dict() for g in self.gaps],
            "stages": self.stages,
            "optimal": self.optimal,
            "checker_warnings": self.warnings,
            "model": self.model,
        }


def _agency_of(m: Manifest) -> dict[str, str]:
    from crossflight.model.catalog import load_crew_catalog

    out = {pid: p.agency for pid, p in load_crew_catalog().items()}
    out.update({p.id: p.agency for p in m.crew})
    return out


def summarize(plan: Plan) -> PlanSummary:
    """Summarise a verified plan."""
    m = plan.manifest
    req = plan.solution.request
    start, end = req.start, req.end
    agency = _agency_of(m)
    s = PlanSummary(optimal=plan.solution.optimal, model=dict(plan.solution.stats))
    s.stages = [
        {
            "stage": st.name,
            "sense": st.sense,
            "value": st.value,
            "bound": st.bound,
            "status": st.status,
            "relative_gap": round(st.gap, 5),
            "wall_s": round(st.wall_s, 2),
        }
        for st in plan.solution.stages
    ]
    events: list[tuple[datetime, int]] = []
    for f in m.flights:
        if start <= f.launch_utc < end and f.mission == "rotation":
            per = s.flights_per_vehicle_year.setdefault(f.vehicle, {})
            per[f.launch_utc.year] = per.get(f.launch_utc.year, 0) + 1
        t0 = max(f.dock_utc, start)
        t1 = min(f.undock_utc or end, end)
        if t1 <= t0:
            continue
        for p in f.crew_up:
            d = (t1 - t0).total_seconds() / _DAY_S
            s.crew_days += d
            a = agency.get(p, "?")
            s.crew_days_by_agency[a] = s.crew_days_by_agency.get(a, 0.0) + d
        events += [(t0, len(f.crew_up)), (t1, -len(f.crew_up))]
    for sw in m.rules.seat_swap:
        row: dict[str, Any] = {"period": sw.id}
        for ag, vehicles in ((sw.agency_a, sw.vehicles_a), (sw.agency_b, sw.vehicles_b)):
            row[f"{ag} on {'/'.join(vehicles)}"] = sum(
                1
                for f in m.flights
                if f.mission == "rotation"
                and f.vehicle in vehicles
                and sw.start_utc <= f.launch_utc < sw.end_utc
                and any(agency.get(p) == ag for p in f.crew_up)
            )
        s.seat_swaps.append(row)
    # Gaps: spans below the nominal crew, and rotations without a direct handover.
    nominal = m.rules.crew_size.nominal
    events.sort(key=lambda e: (e[0], e[1]))
    aboard, t_prev = 0, start
    below: list[tuple[datetime, datetime]] = []
    for t, delta in [*events, (end, 0)]:
        if t > t_prev:
            if aboard < nominal:
                if below and below[-1][1] == t_prev:
                    below[-1] = (below[-1][0], t)
                else:
                    below.append((t_prev, t))
            t_prev = t
        aboard += delta
    s.gaps += [Gap("below-nominal-crew", t0, t1, "station crew") for t0, t1 in below]
    for v in {f.vehicle for f in m.flights if f.mission == "rotation"}:
        chain = sorted(
            (f for f in m.flights if f.vehicle == v and f.mission == "rotation"),
            key=lambda f: f.dock_utc,
        )
        for old, new in itertools.pairwise(chain):
            if old.undock_utc is not None and new.dock_utc > old.undock_utc:
                s.gaps.append(
                    Gap("no-handover", old.undock_utc, new.dock_utc, f"{old.id} -> {new.id}")
                )
    s.gaps.sort(key=lambda g: (g.start_utc, g.kind))
    s.warnings = [
        f"{v.rule} {v.subject}: {v.message}"
        for v in plan.report.violations
        if v.severity == "warning"
    ]
    return s
