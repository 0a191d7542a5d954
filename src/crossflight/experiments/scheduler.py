"""CP-SAT increment scheduler: place experiment sessions on a 15-minute grid.

One optional interval per session, and one optional interval per (session, eligible person);
``add_no_overlap`` per person and per unit-capacity equipment item, ``add_cumulative`` for
items with a larger capacity.  The model grows linearly with sessions x eligible crew.  The
objective is the weighted number of completed sessions (an experiment's priority per session).
The greedy list schedule (:mod:`crossflight.experiments.greedy`) is the solution hint, so the
answer is never worse than the baseline.  Every schedule is re-proven by the independent
verifier before it is returned (:func:`schedule_increment`).
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from crossflight.errors import VerificationError
from crossflight.experiments.explanation import explain_unscheduled
from crossflight.experiments.greedy import greedy_sessions
from crossflight.experiments.timeline import Grid, build_grid, runs
from crossflight.experiments.verifier import require_valid
from crossflight.model.experiments import SLOT_MIN, Experiment
from crossflight.model.increment import IncrementSetup
from crossflight.model.schedule import Schedule, ScheduledSession

__all__ = ["ScheduleOptions", "SolverProgress", "schedule_increment", "solve_schedule"]

log = logging.getLogger(__name__)
_DAY_SLOTS = 24 * 60 // SLOT_MIN


@dataclass(frozen=True)
class SolverProgress:
    """One progress report: best objective and bound so far, wall seconds."""

    objective: float
    bound: float
    wall_s: float


@dataclass(frozen=True)
class ScheduleOptions:
    """Solver settings: wall time limit (s), seed, workers, relative gap to stop at, progress.

    With the same seed and worker count a run is repeatable (interleaved search under a
    deterministic time limit), unless the wall-clock limit ``time_limit_s`` is reached first.
    """

    time_limit_s: float = 30.0
    seed: int = 0
    workers: int = 2
    relative_gap: float = 0.0
    progress: Callable[[SolverProgress], None] | None = field(default=None, compare=False)


@dataclass
class _Session:
    exp: Experiment
    index: int
    duration: int
    start: cp_model.IntVar
    done: cp_model.IntVar
    interval: cp_model.IntervalVar
    crew: dict[str, cp_model.IntVar]
    first_start: int


def _domain(ok: list[tuple[int, int]]) -> cp_model.Domain:
    return cp_model.Domain.from_intervals([[a, b - 1] for a, b in ok])


class _Model:
    """The CP-SAT model of one increment."""

    def __init__(self, grid: Grid) -> None:
        self.grid = grid
        self.m = cp_model.CpModel()
        self.sessions: dict[tuple[str, int], _Session] = {}
        self._build()

    def _starts(self, e: Experiment, person: str, dur: int) -> list[tuple[int, int]]:
        w = self.grid.window(e)
        if w.hi - dur < w.lo:
            return []
        ok = self.grid.starts_ok(person, dur)[w.lo : w.hi - dur + 1]
        return [(a + w.lo, b + w.lo) for a, b in runs(ok)]

    def _order(self) -> list[Experiment]:
        """Experiments with every predecessor before its successors."""
        exps = self.grid.setup.catalog.experiments
        by_id = {e.id: e for e in exps}
        out: list[Experiment] = []
        seen: set[str] = set()
        for e in exps:
            chain = []
            cur: Experiment | None = e
            while cur is not None and cur.id not in seen:
                chain.append(cur)
                seen.add(cur.id)
                after = cur.precedence.after_experiment
                cur = by_id.get(after) if after is not None else None
            out.extend(reversed(chain))
        return out

    def _build(self) -> None:
        g, m = self.grid, self.m
        earliest_end: dict[str, int] = {}
        for e in self._order():
            dur = e.sessions.duration_min // SLOT_MIN
            starts = {p: self._starts(e, p, dur) for p in g.eligible(e)}
            starts = {p: ok for p, ok in starts.items() if ok}
            if len(starts) < e.crew_count:
                continue  # statically impossible: the explanation says why
            union = _domain(sorted({iv for ok in starts.values() for iv in ok}))
            after = e.precedence.after_experiment
            t = union.min()
            if after is not None:
                if after not in earliest_end:
                    continue  # its predecessor can never be complete
                t = max(t, earliest_end[after])
            gap = max(round(e.sessions.min_spacing_days * _DAY_SLOTS), 1, dur)
            for k in range(e.sessions.count):
                # Session k starts no earlier than the earliest chain of k spaced sessions
                # allows; sessions that cannot fit at all are not modelled.
                dom = union.intersection_with(cp_model.Domain(t, union.max()))
                if dom.is_empty():
                    break
                s = m.new_int_var_from_domain(dom, f"start[{e.id},{k}]")
                done = m.new_bool_var(f"done[{e.id},{k}]")
                iv = m.new_optional_fixed_size_interval_var(s, dur, done, f"iv[{e.id},{k}]")
                crew = {p: m.new_bool_var(f"crew[{e.id},{k},{p}]") for p in starts}
                self.sessions[(e.id, k)] = _Session(e, k, dur, s, done, iv, crew, dom.min())
                # Rule: a session runs with exactly crew_count eligible people, or not at all.
                m.add(sum(crew.values()) == e.crew_count * done)
                # Rule: each assigned person is available (work block, aboard, not blocked)
                # for the whole session.
                for p, lit in crew.items():
                    m.add_linear_expression_in_domain(s, _domain(starts[p])).only_enforce_if(lit)
                t = dom.min() + gap
            else:
                earliest_end[e.id] = t - gap + dur
        self._spacing_and_precedence()
        self._no_double_booking()
        self._crew_time_shares()
        m.maximize(sum(ss.exp.priority * ss.done for ss in self.sessions.values()))

    def _spacing_and_precedence(self) -> None:
        m = self.m
        cat = self.grid.setup.catalog
        for e in cat.experiments:
            n = sum(1 for k in range(e.sessions.count) if (e.id, k) in self.sessions)
            if n == 0:
                continue
            min_sp = max(round(e.sessions.min_spacing_days * _DAY_SLOTS), 1)
            for k in range(1, n):
                a, b = self.sessions[(e.id, k - 1)], self.sessions[(e.id, k)]
                # Rule: sessions are done in order: session k only after session k-1 ...
                m.add_implication(b.done, a.done)
                # ... starting at least the minimum spacing (and one session length) later ...
                m.add(b.start >= a.start + max(min_sp, a.duration)).only_enforce_if(b.done)
                # ... and at most the maximum spacing later.
                if e.sessions.max_spacing_days is not None:
                    max_sp = math.floor(e.sessions.max_spacing_days * _DAY_SLOTS)
                    m.add(b.start <= a.start + max_sp).only_enforce_if(b.done)
            after = e.precedence.after_experiment
            if after is not None:
                first = self.sessions[(e.id, 0)]
                pred = cat.experiment(after)
                last = self.sessions.get((after, pred.sessions.count - 1))
                if last is None:
                    m.add(first.done == 0)
                    continue
                # Rule: an experiment that follows another starts after its last session ends.
                m.add_implication(first.done, last.done)
                m.add(first.start >= last.start + last.duration).only_enforce_if(first.done)

    def _no_double_booking(self) -> None:
        m = self.m
        g = self.grid
        # Rule: a person runs one session at a time.
        for p in g.setup.crew:
            ivs = [
                m.new_optional_fixed_size_interval_var(ss.start, ss.duration, lit, f"iv[{p}]")
                for ss in self.sessions.values()
                for q, lit in ss.crew.items()
                if q == p
            ]
            if len(ivs) > 1:
                m.add_no_overlap(ivs)
        # Rule: an equipment item holds at most `capacity` sessions at once.
        for item in g.setup.catalog.equipment:
            ivs = [ss.interval for ss in self.sessions.values() if item.id in ss.exp.equipment]
            if len(ivs) <= 1 or len(ivs) <= item.capacity:
                continue
            if item.capacity == 1:
                m.add_no_overlap(ivs)
            else:
                m.add_cumulative(ivs, [1] * len(ivs), item.capacity)

    def _crew_time_shares(self) -> None:
        g = self.grid
        # Rule: a person spends on each agency's experiments at most that agency's share of
        # their available work time in the increment.
        for p in g.setup.crew:
            avail = int(g.available[p].sum())
            by_agency: dict[str, list[tuple[int, cp_model.IntVar]]] = {}
            for ss in self.sessions.values():
                if p in ss.crew:
                    by_agency.setdefault(ss.exp.agency, []).append((ss.duration, ss.crew[p]))
            for agency, terms in by_agency.items():
                share = g.setup.share(p, agency)
                cap = math.floor(share * avail + 1e-9)
                if sum(d for d, _ in terms) > cap:
                    self.m.add(sum(d * lit for d, lit in terms) <= cap)

    def hint(self, placed: list[ScheduledSession]) -> None:
        """Hint the solver with a schedule (the greedy baseline)."""
        got = {(s.experiment, s.index): s for s in placed}
        for key, ss in self.sessions.items():
            s = got.get(key)
            self.m.add_hint(ss.done, s is not None)
            # A complete hint (every variable) is loaded as the first solution at once.
            t = self.grid.slot_floor(s.start_utc) if s is not None else ss.first_start
            self.m.add_hint(ss.start, t)
            for p, lit in ss.crew.items():
                self.m.add_hint(lit, s is not None and p in s.crew)

    def read(self, solver: cp_model.CpSolver) -> list[ScheduledSession]:
        """The placed sessions of a solution."""
        g = self.grid
        out = []
        for (eid, k), ss in self.sessions.items():
            if not solver.boolean_value(ss.done):
                continue
            t = solver.value(ss.start)
            crew = tuple(sorted(p for p, lit in ss.crew.items() if solver.boolean_value(lit)))
            out.append(
                ScheduledSession(
                    eid, k, crew, g.time(t), g.time(t + ss.duration), tuple(ss.exp.equipment)
                )
            )
        out.sort(key=lambda s: (s.start_utc, s.experiment, s.index))
        return out


class _Reporter(cp_model.CpSolverSolutionCallback):
    def __init__(self, t0: float, sink: Callable[[SolverProgress], None] | None) -> None:
        super().__init__()
        self.t0, self.sink = t0, sink

    def on_solution_callback(self) -> None:
        if self.sink is not None:
            self.sink(
                SolverProgress(
                    self.objective_value, self.best_objective_bound, time.perf_counter() - self.t0
                )
            )


def solve_schedule(setup: IncrementSetup, opts: ScheduleOptions | None = None) -> Schedule:
    """Solve the increment's experiment schedule (not yet verified: see
    :func:`schedule_increment`)."""
    opts = opts or ScheduleOptions()
    t0 = time.perf_counter()
    grid = build_grid(setup)
    model = _Model(grid)
    baseline = greedy_sessions(grid)
    model.hint(baseline)
    # The time limit covers the whole call: keep a share for explanations and verification.
    n_sessions = len(model.sessions)
    reserve_s = min(0.1 * opts.time_limit_s, 1.0 + n_sessions / 500.0)
    limit_s = max(0.5, opts.time_limit_s - (time.perf_counter() - t0) - reserve_s)
    solver = cp_model.CpSolver()
    solver.parameters.random_seed = opts.seed
    solver.parameters.num_workers = max(1, opts.workers)
    solver.parameters.relative_gap_limit = opts.relative_gap
    solver.parameters.interleave_search = True
    # Presolve spends seconds on the large start-time domains (hundreds of work blocks) and
    # gains little here: the model is already tight, and the greedy hint seeds the search.
    solver.parameters.cp_model_presolve = False
    solver.parameters.max_deterministic_time = limit_s
    solver.parameters.max_time_in_seconds = limit_s
    status = solver.solve(model.m, _Reporter(t0, opts.progress))
    name = solver.status_name(status)
    log.info("experiment schedule: %s\n%s", name, solver.response_stats())
    if status == cp_model.MODEL_INVALID:  # a bug in the model, never a user error
        raise VerificationError(
            f"CP-SAT rejected the experiment model: {model.m.validate()}",
            source=setup.source,
            fix="this is a bug in the scheduler; please report it with the input files",
        )
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        placed = model.read(solver)
        objective, bound = solver.objective_value, solver.best_objective_bound
    else:  # no model (nothing schedulable) or no solution in time: keep the baseline
        placed = baseline
        objective = float(sum(setup.catalog.experiment(s.experiment).priority for s in placed))
        bound = objective if not model.sessions else float("nan")
        name = "OPTIMAL" if not model.sessions else name
    if math.isnan(bound):
        bound = float(sum(ss.exp.priority for ss in model.sessions.values()))
    schedule = Schedule(
        sessions=placed,
        unscheduled=[],
        objective=float(objective),
        bound=float(bound),
        status=name,
        wall_s=0.0,
        crew_hours_available={p: grid.available[p].sum() * SLOT_MIN / 60.0 for p in setup.crew},
        equipment_hours_available={
            it.id: float(grid.work.sum()) * SLOT_MIN / 60.0 * it.capacity
            for it in setup.catalog.equipment
        },
        stats={
            "variables": float(len(model.m.proto.variables)),
            "constraints": float(len(model.m.proto.constraints)),
            "sessions_modelled": float(len(model.sessions)),
            "baseline_objective": float(
                sum(setup.catalog.experiment(s.experiment).priority for s in baseline)
            ),
            "solver_wall_s": solver.wall_time,
        },
    )
    schedule.unscheduled = explain_unscheduled(grid, schedule)
    schedule.wall_s = time.perf_counter() - t0
    return schedule


def schedule_increment(setup: IncrementSetup, opts: ScheduleOptions | None = None) -> Schedule:
    """Solve, then re-prove the schedule with the independent verifier.

    Raises :class:`~crossflight.errors.VerificationError` (exit 3, a bug) if the verifier
    rejects it: such a schedule is never returned or written.
    """
    schedule = solve_schedule(setup, opts)
    require_valid(setup, schedule)
    return schedule
