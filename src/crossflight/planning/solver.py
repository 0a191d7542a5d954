"""Solve the crew-rotation model lexicographically and read the plan out of the solution.

Objective order (each stage keeps the previous stages' values as constraints, hinted with the
previous solution):

1. maximise crew-days aboard (person-days on planned flights);
2. fewest planned flights;
3. most balanced seat swaps (sum over periods of |seats a - seats b|);
4. closest to standard mission durations (sum of |stay - target| days).

All rules are hard constraints.  Each stage logs CP-SAT's statistics; the solve is repeatable
for a given ``seed`` with ``deterministic=True`` (interleaved search, deterministic time limit).
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from ortools.sat.python import cp_model

from crossflight.model.request import PlanningRequest
from crossflight.planning.crew_rotation import CrewRotationModel

__all__ = ["PlannedFlight", "Progress", "Solution", "SolveOptions", "StageResult", "solve"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Progress:
    """One progress report: stage name, best objective and bound so far, wall seconds."""

    stage: str
    objective: float
    bound: float
    wall_s: float


@dataclass(frozen=True)
class SolveOptions:
    """Solver settings: total wall time limit (s), seed, workers, optional progress callback."""

    time_limit_s: float = 30.0
    seed: int = 0
    workers: int = 2
    deterministic: bool = False
    relative_gap: float = 0.0
    progress: Callable[[Progress], None] | None = None


@dataclass(frozen=True)
class StageResult:
    """Outcome of one lexicographic stage."""

    name: str
    sense: str
    value: float
    bound: float
    status: str
    wall_s: float

    @property
    def gap(self) -> float:
        """Relative gap |bound - value| / max(1, |value|)."""
        return abs(self.bound - self.value) / max(1.0, abs(self.value))


@dataclass(frozen=True)
class PlannedFlight:
    """A planned crew flight with exact UTC times and seats per agency."""

    id: str
    vehicle: str
    station: str
    port: str
    launch_site: str
    launch: datetime
    dock: datetime
    undock: datetime
    landing: datetime
    seats: dict[str, int]
    in_progress: bool = False

    @property
    def stay_days(self) -> float:
        """Docked duration in days."""
        return (self.undock - self.dock).total_seconds() / 86400.0


@dataclass
class Solution:
    """A solved plan: the planned flights and the statistics of every stage."""

    request: PlanningRequest
    flights: list[PlannedFlight]
    stages: list[StageResult] = field(default_factory=list)
    stats: dict[str, float] = field(default_factory=dict)

    @property
    def optimal(self) -> bool:
        """True when every stage was proven optimal."""
        return all(s.status == "OPTIMAL" for s in self.stages)


class _Reporter(cp_model.CpSolverSolutionCallback):
    def __init__(self, stage: str, t0: float, sink: Callable[[Progress], None] | None) -> None:
        super().__init__()
        self.stage, self.t0, self.sink = stage, t0, sink
        self.found = False
        self.soft_s = math.inf  # stop at the first solution found after this many seconds

    def on_solution_callback(self) -> None:
        self.found = True
        if time.perf_counter() - self.t0 > self.soft_s:
            self.stop_search()
        if self.sink is not None:
            self.sink(
                Progress(
                    self.stage,
                    self.objective_value,
                    self.best_objective_bound,
                    time.perf_counter() - self.t0,
                )
            )


def _solver(opts: SolveOptions, limit_s: float, wall_left_s: float) -> cp_model.CpSolver:
    """A solver for one stage: ``limit_s`` of wall time, or of deterministic time.

    In deterministic mode the stage's share is counted in CP-SAT's deterministic time units and
    the wall-clock time still left is only a safety net: a run that reaches it may not repeat,
    and :func:`solve` logs a warning when one does.
    """
    s = cp_model.CpSolver()
    s.parameters.random_seed = opts.seed
    s.parameters.num_workers = max(1, opts.workers)
    s.parameters.relative_gap_limit = opts.relative_gap
    if opts.deterministic:
        s.parameters.interleave_search = True
        # Interleaved search gives every full-problem subsolver chunks of deterministic time;
        # on this model these three spent 3.8-9.2 s of wall time per unit and never led (measured
        # on the 10-year ISS request: 23 s to optimal with them, 6 s without).
        s.parameters.ignore_subsolvers.extend(_SLOW_INTERLEAVED)
        s.parameters.max_deterministic_time = limit_s
        s.parameters.max_time_in_seconds = max(0.5, wall_left_s)
    else:
        s.parameters.max_time_in_seconds = max(0.5, limit_s)
    return s


_SLOW_INTERLEAVED = ("fixed", "quick_restart", "quick_restart_no_lp")

#: Units of CP-SAT deterministic time per wall-clock second that a deterministic solve budgets:
#: on the 10- and 20-year ISS requests on 2 cores the stages ran 0.20-0.26 units per second
#: (stage logs), so a deterministic run usually ends on its deterministic limits, before the
#: wall-clock limit, and repeats exactly; on a slower machine the wall-clock net stops it first.
DTIME_PER_WALL_S = 0.25

#: (objective, sense, share of the time limit, share in deterministic mode).  Without a plan
#: or proof, crew-days dominates; in deterministic mode the last stage gets a share, not the
#: remainder of the wall time.
_STAGES: tuple[tuple[str, str, float, float], ...] = (
    ("crew-days", "max", 0.55, 0.65),
    ("flights", "min", 0.15, 0.10),
    ("swap-balance", "min", 0.10, 0.10),
    ("durations", "min", 0.20, 0.15),
)


#: Seconds kept for the later stages when the first one runs past its share without a plan.
_RESERVE_S = 2.0


def _solve_stage(s: cp_model.CpSolver, m: cp_model.CpModel, reporter: _Reporter) -> Any:
    """Solve with ``reporter``; past its soft limit, stop as soon as a solution exists."""
    timer: threading.Timer | None = None
    if math.isfinite(reporter.soft_s):

        def _soft_stop() -> None:
            if reporter.found:
                s.stop_search()

        timer = threading.Timer(reporter.soft_s, _soft_stop)
        timer.daemon = True
        timer.start()
    try:
        return s.solve(m, reporter)
    finally:
        if timer is not None:
            timer.cancel()


def solve(
    request: PlanningRequest, opts: SolveOptions | None = None
) -> tuple[Solution | None, str]:
    """Solve ``request``; return (solution or None, final CP-SAT status name)."""
    opts = opts or SolveOptions()
    cm = CrewRotationModel(request)
    cm.fix_groups()
    m = cm.model
    exprs = {
        "crew-days": cm.crew_days(),
        "flights": cm.n_flights(),
        "swap-balance": cm.total_imbalance(),
        "durations": cm.total_deviation(),
    }
    t_start = time.perf_counter()
    stages: list[StageResult] = []
    solver: cp_model.CpSolver | None = None
    n_vars = len(m.proto.variables)
    for name, sense, share, det_share in _STAGES:
        expr = exprs[name]
        if sense == "max":
            m.maximize(expr)
        else:
            m.minimize(expr)
        remaining = opts.time_limit_s - (time.perf_counter() - t_start)
        if opts.deterministic:
            # Deterministic time is not wall time: each stage gets its share, never the
            # remainder, so that the wall-clock net is not what stops it.
            budget = max(0.1, opts.time_limit_s * det_share * DTIME_PER_WALL_S)
        else:
            budget = opts.time_limit_s * share if name != "durations" else remaining
            budget = max(0.5, min(budget, remaining))
        reporter = _Reporter(name, time.perf_counter(), opts.progress)
        if solver is None and not opts.deterministic:
            # Without any plan yet, the first stage may use the time of the later ones (a
            # plan with a gap beats none); once it has a plan it stops at its own share.
            reporter.soft_s, budget = budget, max(budget, remaining - _RESERVE_S)
        s = _solver(opts, budget, remaining)
        status = _solve_stage(s, m, reporter)
        status_name = s.status_name(status)
        if opts.deterministic and s.wall_time >= 0.98 * remaining:
            log.warning("stage %s stopped at the wall-clock limit: this run may not repeat", name)
        log.info("stage %s: %s\n%s", name, status_name, s.response_stats())
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            if solver is None:
                return None, status_name
            break  # keep the previous stage's solution
        solver = s
        value, bound = s.objective_value, s.best_objective_bound
        stages.append(StageResult(name, sense, value, bound, status_name, s.wall_time))
        # Fix this stage's achievement and hint the next stage with this solution.
        if sense == "max":
            m.add(expr >= round(value))
        else:
            m.add(expr <= round(value))
        m.clear_hints()  # type: ignore[no-untyped-call]
        for i in range(n_vars):
            v = m.get_int_var_from_proto_index(i)
            m.add_hint(v, s.value(v))
    assert solver is not None
    sol = Solution(request=request, flights=_read_flights(cm, solver), stages=stages)
    sol.stats = {
        "wall_s": time.perf_counter() - t_start,
        "variables": float(len(m.proto.variables)),
        "constraints": float(len(m.proto.constraints)),
        "candidates": float(len(cm.candidates)),
    }
    return sol, "OPTIMAL" if sol.optimal else "FEASIBLE"


def _read_flights(cm: CrewRotationModel, s: cp_model.CpSolver) -> list[PlannedFlight]:
    g = cm.grid
    out = []
    for c in cm.candidates:
        if not s.boolean_value(c.present):
            continue
        d, u = s.value(c.dock), s.value(c.undock)
        dock, undock = g.dock_time(d), g.undock_time(u)
        launch = dock - timedelta(hours=c.vehicle.launch_to_dock_h)
        port = next(p for p, lit in c.ports.items() if s.boolean_value(lit))
        if c.in_progress is not None:
            dock, launch = c.in_progress.dock, c.in_progress.launch
        out.append(
            PlannedFlight(
                id=c.in_progress.id if c.in_progress is not None else c.id,
                in_progress=c.in_progress is not None,
                vehicle=c.vehicle.type,
                station=c.station.id,
                port=port,
                launch_site=c.vehicle.launch_site,
                launch=launch,
                dock=dock,
                undock=undock,
                landing=undock + timedelta(hours=c.vehicle.undock_to_landing_h),
                seats={a: s.value(v) for a, v in c.seats.items() if s.value(v) > 0},
            )
        )
    out.sort(key=lambda f: (f.launch, f.id))
    return out
