"""Crew-rotation planner: 10- and 20-year ISS horizons, each solved twice, against the obvious
model.

The request is ``examples/plan-iss-2026-2030.toml`` with its horizon (and the station's crewed
period) stretched to N years from 2026-01-01 -- a sizing case, not a forecast.  Per horizon:

* ``planner: N-year`` -- ``make_plan`` (model, four lexicographic CP-SAT stages on 2 workers with
  a fixed seed in deterministic mode -- interleaved search under deterministic time limits,
  ``SolveOptions(deterministic=True)`` -- crew naming, the rules checker's proof), the median
  wall time of two runs.
  Baseline: the obvious formulation of the same model a competent user would write first --
  one representation chain per calendar quarter and per candidate flight (O(candidates x
  quarters) literals, ``QUARTER_CHAINS_MAX_YEARS`` raised to cover the horizon) -- solved with
  the same options in the same run; when it finds no plan, the baseline is its time limit.
  The note gives both runs' objectives (crew-days, flights, swap imbalance, duration
  deviation), whether they are equal, the crew-days gap and whether every stage was proven.

Targets (issue 16): 10 years proven optimal within 30 s; 20 years a checker-accepted plan
within 60 s with its gap; the same objective in both runs.  Deterministic mode makes the runs
repeat exactly unless a stage reaches the wall-clock safety net (a slower or loaded machine);
the two runs' objectives show whether they did.
"""

from __future__ import annotations

import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.row import Row
from crossflight.errors import InfeasibleRequestError
from crossflight.io.request import load_request
from crossflight.model.request import PlanningRequest
from crossflight.planning import representation
from crossflight.planning.plan import Plan, make_plan
from crossflight.planning.solver import SolveOptions

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "plan-iss-2026-2030.toml"
#: (years, wall-time limit s): the limits leave room for model building and the checker.
HORIZONS = ((10, 28.0), (20, 52.0))
QUICK_HORIZONS = ((3, 10.0), (10, 28.0))


def request_for_years(years: int) -> PlanningRequest:
    """The example request with an ``years``-year horizon from 2026-01-01."""
    base = load_request(EXAMPLE)
    end = datetime(2026 + years, 1, 1, tzinfo=UTC)
    stations = [s.model_copy(update={"crewed_until": end}) for s in base.stations]
    return base.model_copy(update={"end": end, "stations": stations})


def _solve(years: int, limit_s: float) -> tuple[float, Plan | None]:
    t0 = time.perf_counter()
    try:
        opts = SolveOptions(time_limit_s=limit_s, seed=0, deterministic=True)
        plan = make_plan(request_for_years(years), opts)
    except InfeasibleRequestError:  # no plan within the limit
        return time.perf_counter() - t0, None
    return time.perf_counter() - t0, plan


def _objective(plan: Plan | None) -> str:
    if plan is None:
        return "no plan"
    return "/".join(f"{s.value:g}" for s in plan.solution.stages)


def _obvious_model(years: int, limit_s: float) -> tuple[float, Plan | None]:
    saved = representation.QUARTER_CHAINS_MAX_YEARS
    representation.QUARTER_CHAINS_MAX_YEARS = years + 1
    try:
        return _solve(years, limit_s)
    finally:
        representation.QUARTER_CHAINS_MAX_YEARS = saved


def rows(quick: bool) -> list[Row]:
    out: list[Row] = []
    for years, limit_s in QUICK_HORIZONS if quick else HORIZONS:
        runs = [_solve(years, limit_s) for _ in range(2)]
        base_s, base_plan = _obvious_model(years, limit_s)
        objectives = [_objective(p) for _, p in runs]
        plans = [p for _, p in runs if p is not None]
        last = plans[-1] if plans else None
        if last is not None:
            first = last.solution.stages[0]
            open_stages = [s.name for s in last.solution.stages if s.status != "OPTIMAL"]
            proven = (
                "all stages optimal"
                if last.solution.optimal
                else f"stopped at its limit, not proven: {', '.join(open_stages) or 'none'}"
            )
            state = f"crew-days gap {100 * first.gap:.2f} %, {proven}, checker ok"
        else:
            state = "no plan within the limit"
        same = "equal" if len(set(objectives)) == 1 else "DIFFER"
        out.append(
            Row(
                f"planner: {years}-year horizon "
                f"(limit {limit_s:g} s, 2 workers, seed 0, deterministic)",
                statistics.median(t for t, _ in runs),
                "s",
                baseline=base_s if base_plan is not None else limit_s,
                note=f"{state}; objectives {' | '.join(objectives)} ({same}); baseline = "
                f"per-quarter chains ({_objective(base_plan)})",
            )
        )
    return out
