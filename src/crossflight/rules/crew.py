"""Rules about the people aboard: R1 representation, R2 lifeboat seats, R5 crew size.

Evaluated by an event sweep: between two consecutive breakpoints nothing changes, so each
elementary interval [b_i, b_i+1) is evaluated once at its start.
"""

from __future__ import annotations

import itertools

from crossflight.model.flights import ExtraSeats
from crossflight.model.limits import severity_for
from crossflight.model.resolve import ResolvedManifest
from crossflight.model.rulesconfig import CrewSizeRule
from crossflight.rules.findings import Findings, days
from crossflight.rules.timeline import END, Timeline, secs

__all__ = ["LIFEBOAT_RULE_SOURCE", "SEATS_SOURCE", "check_crew"]

#: R2's lifeboat rule is a planning rule of ISS operations.
LIFEBOAT_RULE_SOURCE = (
    "ISS lifeboat rule: everyone aboard has an assigned seat in a docked crew vehicle that can "
    "take them home (NASA/Roscosmos practice; MS-22 leak and Starliner CFT seat moves)"
)
#: Seats per vehicle are capacities (certified limits) from data/vehicles.toml.
SEATS_SOURCE = "vehicle seats (data/vehicles.toml) plus declared extra seats"


class _Active:
    """The intervals active at the sweep instant: half-open ``[t0, t1)``, added at ``t0`` and
    dropped at ``t1`` (one event each), so each breakpoint costs only the people aboard."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        events = [(t0, 0, k) for k, (t0, _) in enumerate(spans)]
        events += [(t1, 1, k) for k, (_, t1) in enumerate(spans)]
        events.sort()  # at one instant, additions before removals: an empty span never shows
        self._events = events
        self._next = 0
        self.ids: dict[int, None] = {}

    def advance(self, t: int) -> list[int]:
        """Indices of the spans with ``t0 <= t < t1`` (``t`` never decreases between calls)."""
        ev, i = self._events, self._next
        while i < len(ev) and ev[i][0] <= t:
            _, kind, k = ev[i]
            if kind == 0:
                self.ids[k] = None
            else:
                self.ids.pop(k, None)
            i += 1
        self._next = i
        return list(self.ids)


def check_crew(rm: ResolvedManifest, tl: Timeline, out: Findings, enabled: set[str]) -> None:
    """Evaluate R1, R2 and R5 (those in ``enabled``) over the evaluation period."""
    bounds = [secs(t) for r in rm.representation for t in (r.from_utc, r.until_utc) if t]
    pts = tl.breakpoints(tuple(bounds))
    cfg = rm.manifest.rules.crew_size
    crewed = [(t0, t1) for _, t0, t1 in tl.aboard if t0 < tl.end and t1 > tl.start]
    first = max(tl.start, min((t0 for t0, _ in crewed), default=tl.end))
    last = min(tl.end, max((t1 for _, t1 in crewed), default=tl.start))
    aboard = _Active([(t0, t1) for _, t0, t1 in tl.aboard])
    seated = _Active([(t0, t1) for _, t0, t1, _f in tl.seats])
    above_since: int | None = None
    above_peak = 0
    for t, t_next in itertools.pairwise(pts):
        people = [tl.aboard[k][0] for k in aboard.advance(t)]
        seats = [tl.seats[k] for k in seated.advance(t)]
        if "R1" in enabled and first <= t < last:
            _representation(rm, tl, out, people, t, t_next)
        if "R2" in enabled:
            _lifeboats(rm, tl, out, seats, t, t_next)
        if "R5" in enabled:
            n = len(people)
            if n > cfg.handover_max:
                out.add(
                    "R5",
                    severity_for(cfg.handover_max_kind),
                    "station crew",
                    f"{n} aboard, above the short-term (handover) limit of {cfg.handover_max}",
                    t,
                    t_next,
                    kind=cfg.handover_max_kind,
                    source=cfg.handover_max_source,
                )
            if n > cfg.nominal:
                if above_since is None:
                    above_since, above_peak = t, n
                above_peak = max(above_peak, n)
            elif above_since is not None:
                _above_nominal(out, cfg, above_since, t, above_peak)
                above_since = None
    if "R5" in enabled and above_since is not None:
        _above_nominal(out, cfg, above_since, pts[-1], above_peak)


def _representation(
    rm: ResolvedManifest, tl: Timeline, out: Findings, people: list[str], t: int, t_next: int
) -> None:
    """R1 at instant ``t``: each segment's operating agency has someone aboard."""
    agencies = {rm.person(p).agency for p in people}
    for rep in rm.representation:
        lo = secs(rep.from_utc) if rep.from_utc else tl.start
        hi = secs(rep.until_utc) if rep.until_utc else END
        if lo <= t < hi and rep.agency not in agencies:
            out.add(
                "R1",
                "violation",
                f"{rep.segment} segment: {rep.agency}",
                f"no {rep.agency} member aboard to operate the {rep.segment} segment "
                f"({len(people)} aboard)",
                t,
                t_next,
                kind=rep.kind,
                source=rep.source,
            )


def _above_nominal(out: Findings, cfg: CrewSizeRule, t0: int, t1: int, peak: int) -> None:
    max_days = cfg.above_nominal_max_days
    if t1 - t0 > max_days * 86400.0:
        out.add(
            "R5",
            severity_for(cfg.above_nominal_kind),
            "station crew",
            f"above the nominal crew of {cfg.nominal} for {days(t1 - t0)} (peak {peak}), longer "
            f"than the {max_days:g} d allowed for handovers",
            t0,
            t1,
            kind=cfg.above_nominal_kind,
            source=cfg.above_nominal_source,
        )


def _lifeboats(
    rm: ResolvedManifest,
    tl: Timeline,
    out: Findings,
    seats: list[tuple[str, int, int, str]],
    t: int,
    t_next: int,
) -> None:
    """R2 at instant ``t``: everyone aboard has a seat in a docked, fit, not-overfull vehicle.

    ``seats`` are the lifeboat-seat spans active at ``t``.
    """
    assigned: dict[str, list[str]] = {}
    for person, _t0, _t1, flight in seats:
        name = rm.person(person).name or person
        if not tl.is_docked(flight, t):
            out.add(
                "R2",
                "violation",
                person,
                f"{name} has no lifeboat seat: assigned vehicle {flight} is not docked",
                t,
                t_next,
                kind="planning rule",
                source=LIFEBOAT_RULE_SOURCE,
            )
            continue
        assigned.setdefault(flight, []).append(person)
        cond, _ = tl.condition(flight, t)
        if cond == "unfit":
            out.add(
                "R2",
                "violation",
                person,
                f"{name}'s lifeboat {flight} is declared unfit",
                t,
                t_next,
                kind="planning rule",
                source=LIFEBOAT_RULE_SOURCE,
            )
        elif cond == "emergency-only":
            out.add(
                "R2",
                "warning",
                person,
                f"{name}'s lifeboat {flight} is fit for an emergency return only",
                t,
                t_next,
                kind="planning rule",
                source=LIFEBOAT_RULE_SOURCE,
            )
    for flight, people in sorted(assigned.items()):
        cap = tl.capacity(flight, t)
        if len(people) > cap:
            out.add(
                "R2",
                "violation",
                flight,
                f"{len(people)} lifeboat seats assigned in {flight} ({', '.join(sorted(people))})"
                f" but it can carry {cap}",
                t,
                t_next,
                kind="certified limit",
                source=SEATS_SOURCE,
            )


def check_flight_seats(rm: ResolvedManifest, out: Findings) -> None:
    """R2 for the rides themselves: no flight launches or lands with more people than seats."""
    extra_of: dict[str, list[ExtraSeats]] = {}
    for e in rm.manifest.extra_seats:
        extra_of.setdefault(e.flight, []).append(e)
    for fid, f in rm.flights.items():
        seats = rm.vehicles[f.vehicle].seats
        if len(f.crew_up) > seats:
            out.add(
                "R2",
                "violation",
                fid,
                f"{fid} launches with {len(f.crew_up)} people in {seats} seats",
                secs(f.launch_utc),
                secs(f.dock_utc),
                kind="certified limit",
                source=SEATS_SOURCE,
            )
        if f.undock_utc is not None:
            down = f.returning_crew
            extra = sum(
                e.seats
                for e in extra_of.get(fid, [])
                if rm.vehicles[f.vehicle].crewed  # uncrewed: no return seats (uncrewed.py)
                and e.from_utc <= f.undock_utc
                and (e.until_utc is None or f.undock_utc < e.until_utc)
            )
            if len(down) > seats + extra:
                end = f.landing_utc or f.undock_utc
                out.add(
                    "R2",
                    "violation",
                    fid,
                    f"{fid} returns with {len(down)} people in {seats + extra} seats",
                    secs(f.undock_utc),
                    secs(end),
                    kind="certified limit",
                    source=SEATS_SOURCE,
                )
