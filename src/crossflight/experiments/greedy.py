"""Greedy list scheduler: the baseline a competent planner would write (and the CP-SAT hint).

Experiments are taken by priority (highest first), then by the shortest window, predecessors
before their successors; each session goes to the earliest start where enough eligible people
are free, the equipment has room and the crew-time share is not used up.  An experiment keeps
the sessions placed before the first one that does not fit.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from crossflight.experiments.timeline import Grid
from crossflight.model.experiments import SLOT_MIN, Experiment
from crossflight.model.schedule import ScheduledSession

__all__ = ["greedy_sessions"]

_DAY_SLOTS = 24 * 60 // SLOT_MIN


def _order(grid: Grid) -> list[Experiment]:
    exps = grid.setup.catalog.experiments
    by_id = {e.id: e for e in exps}

    def key(e: Experiment) -> tuple[int, int, str]:
        w = grid.window(e)
        return (-e.priority, w.hi - w.lo, e.id)

    out: list[Experiment] = []
    seen: set[str] = set()

    def visit(e: Experiment, depth: int = 0) -> None:
        if e.id in seen or depth > len(exps):
            return
        after = e.precedence.after_experiment
        if after is not None and after in by_id:
            visit(by_id[after], depth + 1)
        seen.add(e.id)
        out.append(e)

    for e in sorted(exps, key=key):
        visit(e)
    return out


def _window_ok(free: npt.NDArray[np.bool_], lo: int, hi: int, d: int) -> npt.NDArray[np.bool_]:
    """ok[i]: free[lo + i : lo + i + d] all True, for starts lo .. hi - d."""
    seg = free[lo:hi]
    cs = np.concatenate(([0], np.cumsum(seg, dtype=np.int64)))
    ok: npt.NDArray[np.bool_] = (cs[d:] - cs[:-d]) == d
    return ok


def greedy_sessions(grid: Grid) -> list[ScheduledSession]:
    """A feasible schedule by list scheduling (see the module docstring)."""
    setup = grid.setup
    free = {p: grid.available[p].copy() for p in setup.crew}
    room = {
        it.id: np.full(grid.n_slots, it.capacity, dtype=np.int32) for it in setup.catalog.equipment
    }
    avail = {p: int(grid.available[p].sum()) for p in setup.crew}
    used: dict[tuple[str, str], int] = {}
    worked = dict.fromkeys(setup.crew, 0)
    last_end: dict[str, int] = {}
    out: list[ScheduledSession] = []
    for e in _order(grid):
        after = e.precedence.after_experiment
        if after is not None and after not in last_end:
            continue
        w = grid.window(e)
        d = e.sessions.duration_min // SLOT_MIN
        lo0 = max(w.lo, last_end.get(after, 0) if after is not None else 0)
        people = grid.eligible(e)
        min_sp = max(round(e.sessions.min_spacing_days * _DAY_SLOTS), 1, d)
        max_sp = e.sessions.max_spacing_days
        prev: int | None = None
        for k in range(e.sessions.count):
            lo = lo0 if prev is None else prev + min_sp
            hi = w.hi
            if prev is not None and max_sp is not None:
                hi = min(hi, prev + math.floor(max_sp * _DAY_SLOTS) + d)
            if hi - lo < d:
                break
            n = hi - lo - d + 1
            count = np.zeros(n, dtype=np.int32)
            oks = {}
            for p in people:
                cap = math.floor(setup.share(p, e.agency) * avail[p] + 1e-9)
                if used.get((p, e.agency), 0) + d > cap:
                    continue
                oks[p] = _window_ok(free[p], lo, hi, d)
                count += oks[p]
            feasible = count >= e.crew_count
            for item in e.equipment:
                feasible &= _window_ok(room[item] > 0, lo, hi, d)
            idx = np.flatnonzero(feasible)
            if idx.size == 0:
                break
            t = lo + int(idx[0])
            ready = [p for p, ok in oks.items() if ok[idx[0]]]
            crew = sorted(sorted(ready, key=lambda p: (worked[p], p))[: e.crew_count])
            for p in crew:
                free[p][t : t + d] = False
                used[(p, e.agency)] = used.get((p, e.agency), 0) + d
                worked[p] += d
            for item in e.equipment:
                room[item][t : t + d] -= 1
            out.append(
                ScheduledSession(
                    e.id, k, tuple(crew), grid.time(t), grid.time(t + d), tuple(e.equipment)
                )
            )
            prev = t
        else:
            last_end[e.id] = (prev or 0) + d
    out.sort(key=lambda s: (s.start_utc, s.experiment, s.index))
    return out
