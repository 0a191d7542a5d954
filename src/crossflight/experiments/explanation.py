"""Why an experiment is not (fully) scheduled: the blocking constraint, in a sentence.

Static causes come first (no eligible crew, an empty window, a sample deadline before the
earliest start, crew not aboard, sessions that cannot fit their spacing, a predecessor left
out).  Otherwise the first missing session's candidate starts are tested against the finished
schedule: which equipment item, which people or which crew-time share blocks them, and which
experiments hold that time.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import datetime

import numpy as np

from crossflight.experiments.timeline import SLOTS_PER_DAY, Grid, Window, runs
from crossflight.model.experiments import SLOT_MIN, Experiment
from crossflight.model.schedule import Schedule, ScheduledSession, Unscheduled

__all__ = ["explain_unscheduled"]


def _d(t: datetime) -> str:
    return f"{t:%Y-%m-%d}"


def _names(items: list[str], limit: int = 3) -> str:
    items = sorted(set(items))
    if len(items) <= limit:
        return " and ".join([", ".join(items[:-1]), items[-1]] if len(items) > 1 else items)
    return f"{', '.join(items[:limit])} and {len(items) - limit} others"


def _static(grid: Grid, e: Experiment, w: Window, done: set[str]) -> tuple[str, str] | None:
    s = grid.setup
    d = e.sessions.duration_min // SLOT_MIN
    if e.crew:
        aboard = [p for p in e.crew if p in s.crew]
        if not aboard:
            return "crew", f"named crew {_names(e.crew)} not aboard during the increment"
    elif e.qualification is not None and not any(e.qualification in s.skills_of(p) for p in s.crew):
        return "crew", f"no crew member aboard holds qualification {e.qualification!r}"
    people = grid.eligible(e)
    if not people:
        return "crew-time", f"no crew member has crew time for {e.agency} experiments"
    if w.hi <= w.lo:
        if w.hi_why.startswith("sample deadline"):
            return "cargo", f"{w.hi_why} before its earliest start ({w.lo_why})"
        if "docking" in w.lo_why:
            return "cargo", f"needs {w.lo_why}, after its {w.hi_why}"
        return "window", f"window empty: {w.lo_why} is not before {w.hi_why}"
    if len(people) < e.crew_count:
        return "crew", f"needs {e.crew_count} crew at once, only {_names(people)} eligible"
    in_window = [p for p in people if grid.aboard[p][w.lo : w.hi].any()]
    if len(in_window) < e.crew_count:
        who = "qualified crew member" if e.crew or e.qualification else "eligible crew"
        span = f"{_d(grid.time(w.lo))} .. {_d(grid.time(w.hi))}"
        if not in_window:
            return "crew", f"{who} {_names(people)} not aboard in its window {span}"
        return "crew", (
            f"needs {e.crew_count} {who}s aboard in its window {span}, only {_names(in_window)} is"
        )
    longest = max(
        (b - a for p in in_window for a, b in runs(grid.available[p][w.lo : w.hi])), default=0
    )
    if longest < d:
        return "crew-day", (
            f"a {e.sessions.duration_min} min session is longer than any free work block of "
            f"its crew in its window (longest {longest * SLOT_MIN} min)"
        )
    n = e.sessions.count
    gap = max(round(e.sessions.min_spacing_days * SLOTS_PER_DAY), 1, d)
    need = (n - 1) * gap + d
    if need > w.hi - w.lo:
        return "spacing", (
            f"{n} sessions {e.sessions.min_spacing_days:g} d apart need "
            f"{need / SLOTS_PER_DAY:.1f} d, its window has {(w.hi - w.lo) / SLOTS_PER_DAY:.1f} d"
        )
    after = e.precedence.after_experiment
    if after is not None and after not in done:
        return "precedence", f"waits for {after}, which is not fully scheduled"
    return None


def _busy_by(
    sessions: list[ScheduledSession], grid: Grid, lo: int, hi: int
) -> list[ScheduledSession]:
    a, z = grid.time(lo), grid.time(hi)
    return [s for s in sessions if s.start_utc < z and s.end_utc > a]


class _Usage:
    """What the finished schedule occupies: per person, per equipment item, per crew-time
    share (computed once for all explanations)."""

    def __init__(self, grid: Grid, sched: Schedule) -> None:
        s = grid.setup
        self.busy = {p: np.zeros(grid.n_slots, dtype=np.int32) for p in s.crew}
        self.use = {it.id: np.zeros(grid.n_slots, dtype=np.int32) for it in s.catalog.equipment}
        self.minutes = Counter[tuple[str, str]]()
        for x in sched.sessions:
            a, z = grid.slot_floor(x.start_utc), grid.slot_ceil(x.end_utc)
            ag = s.catalog.experiment(x.experiment).agency
            for p in x.crew:
                if p in self.busy:
                    self.busy[p][a:z] += 1
                self.minutes[(p, ag)] += (z - a) * SLOT_MIN
            for item in x.equipment:
                if item in self.use:
                    self.use[item][a:z] += 1


def _free_starts(mask: np.ndarray, lo: int, n: int, d: int) -> np.ndarray:
    """ok[i]: mask[lo + i : lo + i + d] has no True."""
    cs = np.concatenate(([0], np.cumsum(mask[lo : lo + n + d - 1], dtype=np.int64)))
    ok: np.ndarray = (cs[d : d + n] - cs[:n]) == 0
    return ok


def _dynamic(
    grid: Grid,
    e: Experiment,
    placed: list[ScheduledSession],
    sched: Schedule,
    usage: _Usage,
    lo: int,
    hi: int,
) -> tuple[str, str]:
    s = grid.setup
    d = e.sessions.duration_min // SLOT_MIN
    people = grid.eligible(e)
    others = [x for x in sched.sessions if x.experiment != e.id]
    n = max(hi - lo - d + 1, 0)
    span = f"{_d(grid.time(lo))} .. {_d(grid.time(hi))}"
    days = f"days {grid.day_of(lo)}-{grid.day_of(max(hi - 1, lo))}"
    if n == 0:
        if placed:
            return "spacing", (
                f"session {len(placed) + 1} cannot start {e.sessions.min_spacing_days:g} d after "
                f"session {len(placed)} ({_d(placed[-1].start_utc)}) and still end by "
                f"{_d(grid.time(hi))}"
            )
        return "window", f"no room for a session in {span}"
    static_ok = np.zeros(n, dtype=np.int32)
    crew_free = np.zeros(n, dtype=np.int32)
    share_left = {}
    for p in people:
        ok = grid.starts_ok(p, d)[lo : lo + n]
        static_ok += ok
        free = _free_starts(usage.busy[p] > 0, lo, n, d)
        cap = math.floor(s.share(p, e.agency) * int(grid.available[p].sum()) + 1e-9)
        share_left[p] = cap - usage.minutes[(p, e.agency)] // SLOT_MIN >= d
        crew_free += ok & free & share_left[p]
    cand = static_ok >= e.crew_count
    if not cand.any():
        return "spacing", (
            f"no work time of {_names(people)} for session {len(placed) + 1} in {span} "
            "(spacing and window)"
        )
    crew_ok = crew_free >= e.crew_count
    eq_ok = np.ones(n, dtype=bool)
    blockers: dict[str, np.ndarray] = {}
    for item in e.equipment:
        cap = next(it.capacity for it in s.catalog.equipment if it.id == item)
        ok = _free_starts(usage.use[item] >= cap, lo, n, d)
        blockers[item] = ~ok
        eq_ok &= ok
    if (cand & crew_ok & eq_ok).any():
        if sched.optimal:
            return "spacing", (
                f"session {len(placed) + 1} fits only where it breaks the spacing or order of "
                "its sessions"
            )
        return "time-limit", (
            f"not placed within the time limit (gap {100 * sched.gap:.2f} %); free time exists "
            f"in {span}"
        )
    eq_block = cand & crew_ok & ~eq_ok
    if eq_block.any() or (e.equipment and not (cand & eq_ok).any()):
        item = max(blockers, key=lambda k: int((cand & blockers[k]).sum()))
        name = next(it.name or it.id for it in s.catalog.equipment if it.id == item)
        holders = [x.experiment for x in _busy_by(others, grid, lo, hi) if item in x.equipment]
        return "equipment", (f"needs the {name} on {days} ({span}), held by {_names(holders)}")
    if not any(share_left.values()):
        who = _names(people)
        return "crew-time", f"crew-time share of {e.agency} for {who} is used up"
    holders = [x.experiment for x in _busy_by(others, grid, lo, hi) if set(x.crew) & set(people)]
    return "crew", (
        f"eligible crew {_names(people)} fully booked on {days} ({span}) by {_names(holders)}"
    )


def explain_unscheduled(grid: Grid, sched: Schedule) -> list[Unscheduled]:
    """One :class:`Unscheduled` per experiment with sessions left out, naming the cause."""
    s = grid.setup
    by_exp: dict[str, list[ScheduledSession]] = {}
    for x in sched.sessions:
        by_exp.setdefault(x.experiment, []).append(x)
    done = {e.id for e in s.catalog.experiments if len(by_exp.get(e.id, [])) == e.sessions.count}
    out = []
    usage = _Usage(grid, sched)
    for e in s.catalog.experiments:
        placed = sorted(by_exp.get(e.id, []), key=lambda x: x.index)
        if len(placed) == e.sessions.count:
            continue
        w = grid.window(e)
        why = _static(grid, e, w, done)
        if why is None:
            d = e.sessions.duration_min // SLOT_MIN
            if placed:
                prev = grid.slot_floor(placed[-1].start_utc)
                lo = prev + max(round(e.sessions.min_spacing_days * SLOTS_PER_DAY), 1, d)
                hi = w.hi
                if e.sessions.max_spacing_days is not None:
                    hi = min(hi, prev + math.floor(e.sessions.max_spacing_days * SLOTS_PER_DAY) + d)
            else:
                lo, hi = w.lo, w.hi
                after = e.precedence.after_experiment
                if after is not None:
                    ends = [x.end_utc for x in by_exp.get(after, [])]
                    lo = max(lo, grid.slot_ceil(max(ends)))
                    if hi - lo < d:
                        why = (
                            "precedence",
                            f"{after} ends {_d(max(ends))}, too late for its "
                            f"window (to {_d(grid.time(w.hi))})",
                        )
            why = why or _dynamic(grid, e, placed, sched, usage, lo, hi)
        out.append(Unscheduled(e.id, len(placed), e.sessions.count, *why))
    return out
