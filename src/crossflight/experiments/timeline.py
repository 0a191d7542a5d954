"""The increment on a 15-minute grid: when each crew member can do science, and each
experiment's static window.

Slot ``i`` is [start + 15 min * i, start + 15 min * (i + 1)) from the increment's first day at
00:00 UTC.  A person is *available* in a slot when it lies in a work block of the crew day, the
person is aboard for the whole slot, and no docking/undocking day or listed event (spacewalk…)
blocks it.  Used by the CP-SAT scheduler, the greedy baseline and the explanations; the
verifier recomputes everything from datetimes on its own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import numpy as np
import numpy.typing as npt

from crossflight.model.experiments import SLOT_MIN, Experiment
from crossflight.model.increment import IncrementSetup

__all__ = ["SLOTS_PER_DAY", "Grid", "Window", "build_grid", "runs"]

SLOTS_PER_DAY = 24 * 60 // SLOT_MIN
BoolArray = npt.NDArray[np.bool_]


def runs(mask: BoolArray) -> list[tuple[int, int]]:
    """Maximal runs of True as half-open (start, end) index pairs."""
    if mask.size == 0:
        return []
    m = np.concatenate(([False], mask, [False])).astype(np.int8)
    d = np.diff(m)
    starts = np.flatnonzero(d == 1)
    ends = np.flatnonzero(d == -1)
    return [(int(a), int(b)) for a, b in zip(starts, ends, strict=True)]


@dataclass(frozen=True)
class Window:
    """An experiment's static window [lo, hi) in slots and what set each end."""

    lo: int
    hi: int
    lo_why: str
    hi_why: str


@dataclass
class Grid:
    """Availability masks per person on the slot grid of one increment."""

    setup: IncrementSetup
    start_utc: datetime
    n_slots: int
    work: BoolArray
    aboard: dict[str, BoolArray]
    blocked: dict[str, BoolArray]
    available: dict[str, BoolArray]
    _starts: dict[tuple[str, int], BoolArray] = field(default_factory=dict)

    def time(self, slot: int) -> datetime:
        """Start time of ``slot``."""
        return self.start_utc + timedelta(minutes=SLOT_MIN * slot)

    def slot_floor(self, t: datetime) -> int:
        """The slot containing ``t`` (clipped to the grid)."""
        s = math.floor((t - self.start_utc).total_seconds() / (60 * SLOT_MIN))
        return min(max(s, 0), self.n_slots)

    def slot_ceil(self, t: datetime) -> int:
        """The first slot starting at or after ``t`` (clipped to the grid)."""
        s = math.ceil((t - self.start_utc).total_seconds() / (60 * SLOT_MIN))
        return min(max(s, 0), self.n_slots)

    def day_of(self, slot: int) -> int:
        """Increment day number (1-based) of ``slot``."""
        return slot // SLOTS_PER_DAY + 1

    def starts_ok(self, person: str, duration: int) -> BoolArray:
        """``ok[t]``: ``person`` is available in every slot of [t, t + duration)."""
        key = (person, duration)
        if key not in self._starts:
            cs = np.concatenate(([0], np.cumsum(self.available[person], dtype=np.int64)))
            ok = np.zeros(self.n_slots, dtype=bool)
            if duration <= self.n_slots:
                ok[: self.n_slots - duration + 1] = (cs[duration:] - cs[:-duration]) == duration
            self._starts[key] = ok
        return self._starts[key]

    def eligible(self, e: Experiment) -> list[str]:
        """People who may run ``e``: named crew, else qualified crew, else anyone, among those
        with a crew-time share for ``e``'s agency."""
        s = self.setup
        if e.crew:
            people = [p for p in e.crew if p in s.crew]
        elif e.qualification is not None:
            people = [p for p in s.crew if e.qualification in s.skills_of(p)]
        else:
            people = list(s.crew)
        return [p for p in people if s.share(p, e.agency) > 0.0]

    def window(self, e: Experiment) -> Window:
        """The static window of ``e``: increment, dates, cargo arrival, sample deadline."""
        s = self.setup
        lo, lo_why, hi, hi_why = 0, "increment start", self.n_slots, "increment end"
        if e.earliest is not None:
            v = self._day_slot(e.earliest)
            if v > lo:
                lo, lo_why = v, f"earliest date {e.earliest}"
        if e.latest is not None:
            v = self._day_slot(e.latest + timedelta(days=1))
            if v < hi:
                hi, hi_why = v, f"latest date {e.latest}"
        for fid in (e.precedence.after_arrival, e.cargo.arrives_on):
            if fid is not None:
                name, dock, _ = s.vehicle(fid)
                v = self.slot_ceil(dock)
                if v > lo:
                    lo, lo_why = v, f"{name} docking {dock:%Y-%m-%d}"
        if e.cargo.returns_on is not None:
            name, _, undock = s.vehicle(e.cargo.returns_on)
            if undock is not None:
                v = self.slot_floor(undock - timedelta(hours=e.cargo.stow_hours))
                if v < hi:
                    hi, hi_why = v, f"sample deadline ({name} undock {undock:%Y-%m-%d})"
        return Window(lo, hi, lo_why, hi_why)

    def _day_slot(self, d: date) -> int:
        t = datetime.combine(d, time(0), tzinfo=UTC)
        return min(max((t - self.start_utc).days * SLOTS_PER_DAY, 0), self.n_slots)


def _work_mask(setup: IncrementSetup, n_days: int) -> BoolArray:
    work = np.zeros(n_days * SLOTS_PER_DAY, dtype=bool)
    cd = setup.increment.crew_day
    for k in range(n_days):
        day = setup.increment.start + timedelta(days=k)
        for b in cd.blocks_on(day):
            a = (b.start.hour * 60 + b.start.minute) // SLOT_MIN
            z = (b.end.hour * 60 + b.end.minute) // SLOT_MIN
            work[k * SLOTS_PER_DAY + a : k * SLOTS_PER_DAY + z] = True
    return work


def build_grid(setup: IncrementSetup) -> Grid:
    """Availability of every person of ``setup`` on the increment's 15-minute grid."""
    inc = setup.increment
    start = datetime.combine(inc.start, time(0), tzinfo=UTC)
    n_days = (inc.end - inc.start).days
    n = n_days * SLOTS_PER_DAY
    g = Grid(setup, start, n, _work_mask(setup, n_days), {}, {}, {})
    m = setup.manifest
    for p in setup.crew:
        g.aboard[p] = np.zeros(n, dtype=bool)
        g.blocked[p] = np.zeros(n, dtype=bool)
    for st in m.stays:
        if st.person not in g.aboard:
            continue
        arrive = m.flights[st.up_flight].dock_utc
        leave = m.end_utc
        if st.down_flight is not None:
            leave = m.flights[st.down_flight].undock_utc or m.end_utc
        g.aboard[st.person][g.slot_ceil(arrive) : g.slot_floor(leave)] = True

    def block_days(people: list[str], a: datetime, z: datetime, whole: bool) -> None:
        if z < start or a >= g.time(n):
            return  # outside the increment
        if whole:
            i = g.slot_floor(a) // SLOTS_PER_DAY * SLOTS_PER_DAY
            j = -(-g.slot_ceil(z) // SLOTS_PER_DAY) * SLOTS_PER_DAY
            j = max(j, i + SLOTS_PER_DAY)
        else:
            i, j = g.slot_floor(a), g.slot_ceil(z)
        for p in people:
            g.blocked[p][i : min(j, n)] = True

    if inc.block_docking_days:
        for f in m.flights.values():
            if f.mission == "cargo":
                continue
            for t in (f.dock_utc, f.undock_utc):
                if t is not None and start <= t < g.time(n):
                    block_days(list(setup.crew), t, t, True)
    for b in inc.blocked:
        block_days(list(b.crew or setup.crew), b.start_utc, b.end_utc, b.whole_days)
    for p in setup.crew:
        g.available[p] = g.work & g.aboard[p] & ~g.blocked[p]
    return g
