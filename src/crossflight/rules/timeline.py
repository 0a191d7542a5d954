"""The manifest as intervals on one time axis (integer POSIX seconds, UTC).

Everything the rules need is derived here once: when each vehicle is docked and where, who is
aboard, whose lifeboat seat is in which vehicle, each vehicle's condition and seat count.
Intervals are half-open ``[t0, t1)``; ``END`` stands for "still there after the period".
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import datetime

from crossflight.errors import ManifestError
from crossflight.model.flights import SeatMove
from crossflight.model.resolve import ResolvedManifest

__all__ = ["END", "Timeline", "build_timeline", "secs"]

END = 2**62  # "after the end of everything", in seconds


def secs(t: datetime) -> int:
    """POSIX seconds (UTC) of an aware datetime, rounded to the second."""
    return round(t.timestamp())


@dataclass
class Timeline:
    """Intervals derived from a resolved manifest (all times integer seconds UTC)."""

    start: int
    end: int
    docked: dict[str, tuple[int, int]] = field(default_factory=dict)
    ports: dict[str, list[tuple[str, int, int]]] = field(default_factory=dict)
    arrivals: list[tuple[int, str, str]] = field(default_factory=list)  # (t, flight, port)
    aboard: list[tuple[str, int, int]] = field(default_factory=list)  # (person, t0, t1)
    seats: list[tuple[str, int, int, str]] = field(default_factory=list)  # (person,t0,t1,flight)
    status: dict[str, list[tuple[int, str, int | None]]] = field(default_factory=dict)
    extra: dict[str, list[tuple[int, int, int]]] = field(default_factory=dict)  # (t0,t1,n)
    base_seats: dict[str, int] = field(default_factory=dict)

    def breakpoints(self, extra: tuple[int, ...] = ()) -> list[int]:
        """Every instant at which something changes (and ``extra``), inside [start, end]."""
        pts = {self.start, self.end, *extra}
        for t0, t1 in self.docked.values():
            pts.update((t0, t1))
        for occ in self.ports.values():
            for _, t0, t1 in occ:
                pts.update((t0, t1))
        for _, t0, t1 in self.aboard:
            pts.update((t0, t1))
        for _, t0, t1, _f in self.seats:
            pts.update((t0, t1))
        for entries in self.status.values():
            pts.update(t for t, _, _ in entries)
        for spans in self.extra.values():
            for t0, t1, _ in spans:
                pts.update((t0, t1))
        return sorted(t for t in pts if self.start <= t <= self.end)

    def is_docked(self, flight: str, t: int) -> bool:
        """Whether ``flight`` is docked at instant ``t``."""
        t0, t1 = self.docked[flight]
        return t0 <= t < t1

    def condition(self, flight: str, t: int) -> tuple[str, int | None]:
        """(``fit``/``emergency-only``/``unfit``, seat limit or None) of ``flight`` at ``t``."""
        entries = self.status.get(flight, [])
        i = bisect.bisect_right([e[0] for e in entries], t)
        if i == 0:
            return "fit", None
        _, cond, limit = entries[i - 1]
        return cond, limit

    def capacity(self, flight: str, t: int) -> int:
        """Lifeboat seats of ``flight`` at ``t``: type seats + extra seats, or a declared limit."""
        _, limit = self.condition(flight, t)
        if limit is not None:
            return limit
        n = self.base_seats[flight]
        for t0, t1, k in self.extra.get(flight, []):
            if t0 <= t < t1:
                n += k
        return n


def _seat_spans(
    rm: ResolvedManifest,
    tl: Timeline,
    moves_of: list[tuple[int, int, SeatMove]],
    stay: tuple[str, str, str | None, int, int],
) -> list[tuple[str, int, int, str]]:
    """Lifeboat seat of ``person`` during one stay [t0, t1): explicit moves, else implicit.

    ``moves_of`` is the person's seat moves (second, index in the manifest, move) in time order.
    """
    person, up, down, t0, t1 = stay
    lo = bisect.bisect_left(moves_of, t0, key=lambda x: x[0])
    hi = bisect.bisect_left(moves_of, t1, key=lambda x: x[0])
    current, since = up, t0
    spans: list[tuple[str, int, int, str]] = []
    if lo < hi:
        for _, i, sm in moves_of[lo:hi]:
            if sm.from_flight != current:
                raise ManifestError(
                    f"seat move of {person!r} from {sm.from_flight!r}, but the seat is in "
                    f"{current!r} at that time",
                    source=rm.source,
                    field=f"seat_moves[{i}].from_flight",
                    fix=f"set from_flight = {current!r} or fix the order of the seat moves",
                )
            t = secs(sm.time_utc)
            if t > since:
                spans.append((person, since, t, current))
            current, since = sm.to_flight, t
    elif down is not None and down != up:
        t = max(t0, tl.docked[down][0])
        if t < t1:
            if t > since:
                spans.append((person, since, t, current))
            current, since = down, t
    if t1 > since:
        spans.append((person, since, t1, current))
    return spans


def _check_seat_moves_aboard(rm: ResolvedManifest, tl: Timeline) -> None:
    """Every seat move happens while its person is aboard (one lookup per move)."""
    stays_of: dict[str, list[tuple[int, int]]] = {}
    for p, t0, t1 in tl.aboard:
        stays_of.setdefault(p, []).append((t0, t1))
    for spans in stays_of.values():
        spans.sort()
    for i, sm in enumerate(rm.manifest.seat_moves):
        t = secs(sm.time_utc)
        spans = stays_of.get(sm.person, [])
        k = bisect.bisect_right(spans, (t, END + 1)) - 1  # the last stay starting at or before t
        if k < 0 or not t < spans[k][1]:
            raise ManifestError(
                f"seat move of {sm.person!r} at a time they are not aboard",
                source=rm.source,
                field=f"seat_moves[{i}].time_utc",
                fix="move a seat only while the person is aboard the station",
            )


def build_timeline(rm: ResolvedManifest) -> Timeline:
    """Derive every interval the rules need from a resolved manifest."""
    tl = Timeline(start=secs(rm.start_utc), end=secs(rm.end_utc))
    for fid, f in rm.flights.items():
        t_dock = secs(f.dock_utc)
        t_undock = secs(f.undock_utc) if f.undock_utc is not None else END
        tl.docked[fid] = (t_dock, t_undock)
        tl.base_seats[fid] = rm.vehicles[f.vehicle].seats
        port, since = f.port, t_dock
        tl.arrivals.append((t_dock, fid, port))
        for r in f.relocations:
            t = secs(r.time_utc)
            left = secs(r.undock_utc) if r.undock_utc is not None else t
            tl.ports.setdefault(port, []).append((fid, since, left))
            port, since = r.to_port, t
            tl.arrivals.append((t, fid, port))
        tl.ports.setdefault(port, []).append((fid, since, t_undock))
    moves_of: dict[str, list[tuple[int, int, SeatMove]]] = {}
    for i, sm in enumerate(rm.manifest.seat_moves):
        moves_of.setdefault(sm.person, []).append((secs(sm.time_utc), i, sm))
    for moves in moves_of.values():
        moves.sort(key=lambda x: x[2].time_utc)  # stable: equal times keep the file order
    for st in rm.stays:
        t0 = tl.docked[st.up_flight][0]
        t1 = tl.docked[st.down_flight][1] if st.down_flight is not None else END
        tl.aboard.append((st.person, t0, t1))
        stay = (st.person, st.up_flight, st.down_flight, t0, t1)
        tl.seats.extend(_seat_spans(rm, tl, moves_of.get(st.person, []), stay))
    _check_seat_moves_aboard(rm, tl)
    for vs in sorted(rm.manifest.vehicle_status, key=lambda v: v.from_utc):
        tl.status.setdefault(vs.flight, []).append((secs(vs.from_utc), vs.status, vs.seats))
    for es in rm.manifest.extra_seats:
        if not rm.vehicle_of(es.flight).crewed:
            continue  # never a lifeboat seat (R2 reports the entry: rules/uncrewed.py)
        t1 = secs(es.until_utc) if es.until_utc is not None else END
        tl.extra.setdefault(es.flight, []).append((secs(es.from_utc), t1, es.seats))
    return tl
